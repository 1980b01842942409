//===- TesseraInterfaces.td - Interfaces of tessera op families -----------===//
//
// Each op family states what differs per op through an interface, so that one
// lowering pattern (cpp/lib/Conversion) serves the whole family.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_INTERFACES_TD
#define TESSERA_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Tessera_ElementwiseOpInterface : OpInterface<"ElementwiseOpInterface"> {
  let cppNamespace = "::mlir::tessera";
  let description = [{
    An op applied to each element of its operands after Theano broadcasting.
    `buildScalar` is the op's one definition of what it computes on a single
    element; the CPU and GPU lowerings both build their loop bodies from it.
  }];
  let methods = [
    InterfaceMethod<[{
        Emits the computation on one element of each operand (scalars of the
        operands' element types) and returns the result element.
      }],
      "::mlir::Value", "buildScalar",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Location":$loc,
           "::mlir::ValueRange":$elements)>
  ];
}

// What reductions along `axes` (with `keepdims`) have in common.
class Tessera_AxesInterfaceMethods {
  list<InterfaceMethod> axesMethods = [
    InterfaceMethod<"The reduced tensor.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getInput", (ins),
      [{ return $_op.getX(); }]>,
    InterfaceMethod<"The reduced dimensions: sorted and distinct.",
      "::llvm::ArrayRef<int64_t>", "getReducedAxes", (ins),
      [{ return $_op.getAxes(); }]>,
    InterfaceMethod<"Whether reduced dimensions stay as size-1 ones.",
      "bool", "keepsDims", (ins), [{ return $_op.getKeepdims(); }]>,
  ];
}

def Tessera_ReductionOpInterface : OpInterface<"ReductionOpInterface">,
                                   Tessera_AxesInterfaceMethods {
  let cppNamespace = "::mlir::tessera";
  let description = [{
    A reduction along axes by an associative combiner with an identity. The
    op names its combiner as an upstream `arith::AtomicRMWKind`, so that the
    identity and the combining op come from `arith::getIdentityValue` and
    `arith::getReductionOp`.
  }];
  let methods = !listconcat(axesMethods, [
    InterfaceMethod<"The combiner for the input's element type.",
      "::mlir::arith::AtomicRMWKind", "getCombiningKind">,
  ]);
}

def Tessera_ArgReductionOpInterface : OpInterface<"ArgReductionOpInterface">,
                                      Tessera_AxesInterfaceMethods {
  let cppNamespace = "::mlir::tessera";
  let description = [{
    A reduction to the extremum and its position, as NumPy's argmax/argmin:
    the first occurrence wins and NaN counts as the extremum. Results: the
    extreme values, then their row-major indices within the reduced axes.
  }];
  let methods = !listconcat(axesMethods, [
    InterfaceMethod<"True for the maximum, false for the minimum.",
      "bool", "selectsMaximum">,
  ]);
}

def Tessera_DifferentiableOpInterface
    : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::tessera";
  let description = [{
    The op's derivative rule, kept next to the op: its vector-Jacobian
    product, built out of tessera ops so that it is simplified, fused and
    lowered like any other code (and differentiated again for higher
    orders). `tessera-autodiff` calls it for each op between a gradient op's
    cost and its `wrt` values. An op that implements the interface but gives
    no gradient to an operand says that operand carries none (integers,
    bools, comparisons).
  }];
  let methods = [
    InterfaceMethod<[{
        Given the gradients of the cost with respect to the op's results
        (`resultGrads`, one per result, null where a result has none), sets
        `operandGrads` (one per operand, null where it has none) to the
        gradients with respect to the operands, emitted at `builder`'s
        insertion point. Gradients of float values only. Region ops
        differentiate their blocks through `regions`.
      }],
      "::llvm::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads,
           "::mlir::tessera::RegionDifferentiator &":$regions)>
  ];
}

#endif // TESSERA_INTERFACES_TD
