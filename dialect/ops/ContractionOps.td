//===- ContractionOps.td - Products of tensors ----------------------------===//
//
// Theano's dot and the contractions built on it.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_CONTRACTION_TD
#define TESSERA_OPS_CONTRACTION_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_DotOp : Tessera_Op<"dot", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "Theano's dot of vectors and matrices";
  let description = [{
    The inner product of two vectors (a rank-0 result), a matrix-vector,
    vector-matrix or matrix-matrix product. The contracted sizes must agree.

    ```mlir
    %y = tessera.dot %a, %x : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Tessera_ArithmeticTensor:$lhs, Tessera_ArithmeticTensor:$rhs);
  let results = (outs Tessera_ArithmeticTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::tessera::inferDotType(location, operands[0].getType(),
                                           operands[1].getType(),
                                           inferredReturnTypes);
    }
  }];
}

def Tessera_BatchedDotOp : Tessera_Op<"batched_dot", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "dot of each pair of the operands' leading (batch) entries";
  let description = [{
    Theano's BatchedDot: for each index `i` of the shared leading dimension,
    `dot(lhs[i], rhs[i])` of vectors or matrices (each operand has rank 2 or
    3). The batch and the contracted sizes must agree.
  }];
  let arguments = (ins Tessera_ArithmeticTensor:$lhs,
                       Tessera_ArithmeticTensor:$rhs);
  let results = (outs Tessera_ArithmeticTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
}

#endif // TESSERA_OPS_CONTRACTION_TD
