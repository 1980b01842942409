//===- TestOps.td - Ops that exist only to test the compiler --------------===//
//
// The `tessera_test` dialect is registered in tessera-opt only (never in the
// Python package): it holds the ops lit tests need to exercise mechanisms
// before the ops that will use them exist.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_TEST_OPS_TD
#define TESSERA_TEST_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "TesseraInterfaces.td"

def TesseraTest_Dialect : Dialect {
  let name = "tessera_test";
  let cppNamespace = "::mlir::tessera::test";
  let summary = "Ops for testing Tessera's passes";
}

def TesseraTest_YieldOp : Op<TesseraTest_Dialect, "yield",
    [Pure, Terminator, ParentOneOf<["RegionOp"]>]> {
  let summary = "the results of a tessera_test.region";
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

// A region op as scan and ifelse will be: its results are computed by its
// body from its operands (the block's arguments) and from values defined
// above. Its derivative rule differentiates the body through the handle
// `tessera-autodiff` gives region ops.
def TesseraTest_RegionOp : Op<TesseraTest_Dialect, "region", [
    RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "results computed by a body from the operands";
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs);
  let results = (outs Variadic<AnyRankedTensor>:$outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, $outputs) $body
  }];
}

#endif // TESSERA_TEST_OPS_TD
