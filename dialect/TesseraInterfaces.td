//===- TesseraInterfaces.td - Interfaces of tessera ops -------------------===//

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

#endif // TESSERA_INTERFACES_TD
