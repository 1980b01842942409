//===- TesseraOps.td - Operations of the tessera dialect ------------------===//
//
// One op per Theano function. Each op's whole story starts here: operands,
// result-type inference, and (for elementwise ops) the scalar computation that
// the lowerings share. Verifiers and shape rules live in
// cpp/lib/Dialect/ShapeInference.cpp, lowerings in cpp/lib/Conversion.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_TD
#define TESSERA_OPS_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

// An elementwise op: `scalarBody` is the body of `buildScalar`, with
// `builder`, `loc` and `elements` (one element per operand) in scope.
class Tessera_ElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Tessera_Op<mnemonic, !listconcat(traits, [Pure,
          DeclareOpInterfaceMethods<InferTypeOpInterface>,
          DeclareOpInterfaceMethods<Tessera_ElementwiseOpInterface>])> {
  code scalarBody = ?;
  // More definitions of the op class, e.g. its result-type inference.
  code extraElementwiseDefinitions = "";
  let extraClassDefinition = [{
    ::mlir::Value $cppClass::buildScalar(::mlir::OpBuilder &builder,
                                         ::mlir::Location loc,
                                         ::mlir::ValueRange elements) {
  }] # scalarBody # [{
    }
  }] # extraElementwiseDefinitions;
}

// An elementwise op with Theano broadcasting. Operands have one rank and one
// element type (the Python builder inserts the casts and dimshuffles that
// Theano's upcasting and rank alignment call for); `inferElementwiseType`
// gives the result type.
class Tessera_BroadcastingOp<string mnemonic, list<Trait> traits = []>
    : Tessera_ElementwiseOp<mnemonic, traits> {
  let extraElementwiseDefinitions = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::tessera::inferElementwiseType(
          location, getOperationName(), operands.getTypes(),
          inferredReturnTypes);
    }
  }];
}

// Theano's n-ary `add` and `mul`: one or more operands.
class Tessera_VariadicElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Tessera_BroadcastingOp<mnemonic, !listconcat(traits, [Commutative])> {
  let arguments = (ins Variadic<Tessera_NumericTensor>:$inputs);
  let results = (outs Tessera_NumericTensor:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, $result)";
}

class Tessera_BinaryElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Tessera_BroadcastingOp<mnemonic, traits> {
  let arguments = (ins Tessera_NumericTensor:$lhs, Tessera_NumericTensor:$rhs);
  let results = (outs Tessera_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
}

// A float function of one tensor: same type in and out.
class Tessera_UnaryFloatOp<string mnemonic, list<Trait> traits = []>
    : Tessera_ElementwiseOp<mnemonic, !listconcat(traits,
          [SameOperandsAndResultType])> {
  let arguments = (ins Tessera_FloatTensor:$x);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

def Tessera_AddOp : Tessera_VariadicElementwiseOp<"add"> {
  let summary = "elementwise sum of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::AddFOp, arith::AddIOp>(builder, loc, elements);
  }];
}

def Tessera_MulOp : Tessera_VariadicElementwiseOp<"mul"> {
  let summary = "elementwise product of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::MulFOp, arith::MulIOp>(builder, loc, elements);
  }];
}

def Tessera_SubOp : Tessera_BinaryElementwiseOp<"sub"> {
  let summary = "elementwise difference";
  let scalarBody = [{
    return foldElements<arith::SubFOp, arith::SubIOp>(builder, loc, elements);
  }];
}

def Tessera_ExpOp : Tessera_UnaryFloatOp<"exp"> {
  let summary = "elementwise natural exponential";
  let scalarBody = [{
    return math::ExpOp::create(builder, loc, elements[0]);
  }];
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Tessera_DotOp : Tessera_Op<"dot", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "Theano's dot of vectors and matrices";
  let description = [{
    The inner product of two vectors (a rank-0 result), a matrix-vector,
    vector-matrix or matrix-matrix product. The contracted sizes must agree.

    ```mlir
    %y = tessera.dot %a, %x : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Tessera_NumericTensor:$lhs, Tessera_NumericTensor:$rhs);
  let results = (outs Tessera_NumericTensor:$result);
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

#endif // TESSERA_OPS_TD
