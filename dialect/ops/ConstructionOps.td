//===- ConstructionOps.td - Tensors built from sizes ----------------------===//
//
// alloc (zeros, ones, fill) and arange.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_CONSTRUCTION_TD
#define TESSERA_OPS_CONSTRUCTION_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_AllocOp : Tessera_Op<"alloc", [Pure,
    InferTypeOpAdaptorWithIsCompatible,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "a tensor of the given sizes filled with a scalar";
  let description = [{
    Theano's alloc (and so zeros, ones, fill): `value` is a rank-0 tensor,
    `sizes` one rank-0 int64 tensor per result dimension. The result's sizes
    are static where a size is a constant. Run-time checks reject negative
    sizes, static result sizes that disagree with the sizes given, and an
    allocation whose byte count overflows or that the system cannot satisfy
    (a `memory` check).
  }];
  let arguments = (ins Tessera_Tensor:$value, Variadic<0DTensorOf<[I64]>>:$sizes);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $value (`,` $sizes^)? attr-dict `:` functional-type(operands, $result)
  }];
}

def Tessera_ARangeOp : Tessera_Op<"arange", [Pure, InferTypeOpAdaptor,
    AllTypesMatch<["start", "stop", "step"]>,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "evenly spaced values in [start, stop) (NumPy's arange)";
  let description = [{
    `max(0, ceil((stop - start) / step))` values `start + i * step`. A zero
    step fails a run-time check.
  }];
  let arguments = (ins 0DTensorOf<[I8, I16, I32, I64, F16, F32, F64]>:$start,
                       0DTensorOf<[I8, I16, I32, I64, F16, F32, F64]>:$stop,
                       0DTensorOf<[I8, I16, I32, I64, F16, F32, F64]>:$step);
  let results = (outs TensorRankOf<[I8, I16, I32, I64, F16, F32, F64], [1]>:$result);
  let assemblyFormat = [{
    $start `,` $stop `,` $step attr-dict `:` type($start) `->` type($result)
  }];
}

#endif // TESSERA_OPS_CONSTRUCTION_TD
