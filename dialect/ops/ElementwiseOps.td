//===- ElementwiseOps.td - Elementwise tessera ops ------------------------===//
//
// Ops applied to each element after Theano broadcasting. Each states its
// scalar semantics once (`scalarBody`); one lowering pattern serves them all.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_ELEMENTWISE_TD
#define TESSERA_OPS_ELEMENTWISE_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// An elementwise op: `scalarBody` is the body of `buildScalar`, with
// `builder`, `loc` and `elements` (one element per operand) in scope.
class Tessera_ElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Tessera_Op<mnemonic, !listconcat(traits, [Pure,
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
// gives the result type: the operands' element type, or i1 for predicates.
class Tessera_BroadcastingOp<string mnemonic, list<Trait> traits = [],
                             bit isPredicate = 0>
    : Tessera_ElementwiseOp<mnemonic, !listconcat(traits,
          [DeclareOpInterfaceMethods<InferTypeOpInterface>])> {
  let extraElementwiseDefinitions = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::tessera::inferElementwiseType(
          location, getOperationName(), operands.getTypes(),
          inferredReturnTypes, }] # !if(isPredicate,
              "::mlir::IntegerType::get(context, 1)", "::mlir::Type()") # [{);
    }
  }];
}

// Theano's n-ary `add` and `mul`: one or more operands.
class Tessera_VariadicOp<string mnemonic, list<Trait> traits = []>
    : Tessera_BroadcastingOp<mnemonic, !listconcat(traits, [Commutative])> {
  let arguments = (ins Variadic<Tessera_NumericTensor>:$inputs);
  let results = (outs Tessera_NumericTensor:$result);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type($inputs, $result)";
}

class Tessera_BinaryOp<string mnemonic, Type operandType = Tessera_NumericTensor,
                       list<Trait> traits = []>
    : Tessera_BroadcastingOp<mnemonic, traits> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let results = (outs operandType:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
}

// A comparison: numeric operands, a bool result.
class Tessera_CompareOp<string mnemonic, string floatPredicate,
                        string intPredicate>
    : Tessera_BroadcastingOp<mnemonic, [], /*isPredicate=*/1> {
  let summary = "elementwise comparison (" # floatPredicate # ")";
  let arguments = (ins Tessera_NumericTensor:$lhs, Tessera_NumericTensor:$rhs);
  let results = (outs Tessera_BoolTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, $result)
  }];
  let scalarBody = [{
    return compareElements(builder, loc, elements[0], elements[1],
                           arith::CmpFPredicate::}] # floatPredicate # [{,
                           arith::CmpIPredicate::}] # intPredicate # [{);
  }];
}

// A function of one tensor: same type in and out.
class Tessera_UnaryOp<string mnemonic, Type operandType = Tessera_FloatTensor>
    : Tessera_ElementwiseOp<mnemonic, [SameOperandsAndResultType,
          DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let arguments = (ins operandType:$x);
  let results = (outs operandType:$result);
  let assemblyFormat = "$x attr-dict `:` type($x)";
}

def Tessera_AddOp : Tessera_VariadicOp<"add"> {
  let summary = "elementwise sum of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::AddFOp, arith::AddIOp>(builder, loc, elements);
  }];
}

def Tessera_MulOp : Tessera_VariadicOp<"mul"> {
  let summary = "elementwise product of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::MulFOp, arith::MulIOp>(builder, loc, elements);
  }];
}

def Tessera_SubOp : Tessera_BinaryOp<"sub"> {
  let summary = "elementwise difference";
  let scalarBody = [{
    return foldElements<arith::SubFOp, arith::SubIOp>(builder, loc, elements);
  }];
}

def Tessera_TrueDivOp : Tessera_BinaryOp<"true_div", Tessera_FloatTensor> {
  let summary = "elementwise division of floats (Theano's `/`)";
  let scalarBody = [{
    return arith::DivFOp::create(builder, loc, elements[0], elements[1]);
  }];
}

def Tessera_IntDivOp : Tessera_BinaryOp<"int_div"> {
  let summary = "elementwise floor division (Python's `//`)";
  let description = [{
    Rounds toward negative infinity, as Python and NumPy do. An integer
    division by zero gives 0 (as NumPy, without trapping); so does the
    overflowing INT_MIN // -1's remainder, and INT_MIN // -1 wraps.
  }];
  let scalarBody = [{
    return floorDivide(builder, loc, elements[0], elements[1]);
  }];
}

def Tessera_ModOp : Tessera_BinaryOp<"mod"> {
  let summary = "elementwise modulo with the divisor's sign (Python's `%`)";
  let description = [{
    `a - floor(a / b) * b`, as Python and NumPy compute it. An integer modulo
    by zero gives 0 (as NumPy, without trapping).
  }];
  let scalarBody = [{
    return floorModulo(builder, loc, elements[0], elements[1]);
  }];
}

def Tessera_PowOp : Tessera_BinaryOp<"pow"> {
  let summary = "elementwise power";
  let description = [{
    Floats use `math.powf`. Integers use exponentiation by squaring; a
    negative integer exponent gives 0 unless the base is 1 or -1 (NumPy
    raises there; Tessera never traps).
  }];
  let scalarBody = [{
    return power(builder, loc, elements[0], elements[1]);
  }];
}

def Tessera_LtOp : Tessera_CompareOp<"lt", "OLT", "slt">;
def Tessera_GtOp : Tessera_CompareOp<"gt", "OGT", "sgt">;
def Tessera_LeOp : Tessera_CompareOp<"le", "OLE", "sle">;
def Tessera_GeOp : Tessera_CompareOp<"ge", "OGE", "sge">;
def Tessera_EqOp : Tessera_CompareOp<"eq", "OEQ", "eq">;
def Tessera_NeqOp : Tessera_CompareOp<"neq", "UNE", "ne">;

def Tessera_SwitchOp : Tessera_ElementwiseOp<"switch",
    [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise choice: `cond ? then : else` (Theano's switch)";
  let arguments = (ins Tessera_BoolTensor:$condition,
                       Tessera_Tensor:$on_true, Tessera_Tensor:$on_false);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
    functional-type(operands, $result)
  }];
  let scalarBody = [{
    return arith::SelectOp::create(builder, loc, elements[0], elements[1],
                                   elements[2]);
  }];
  let extraElementwiseDefinitions = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::tessera::inferSwitchType(location, operands.getTypes(),
                                              inferredReturnTypes);
    }
  }];
}

// Canonicalized by -(-x) -> x (dialect/TesseraCanonicalization.td).
def Tessera_NegOp : Tessera_UnaryOp<"neg", Tessera_NumericTensor> {
  let summary = "elementwise negation";
  let scalarBody = [{ return negate(builder, loc, elements[0]); }];
}

def Tessera_SqrOp : Tessera_UnaryOp<"sqr", Tessera_NumericTensor> {
  let summary = "elementwise square";
  let scalarBody = [{
    return foldElements<arith::MulFOp, arith::MulIOp>(
        builder, loc, {elements[0], elements[0]});
  }];
}

def Tessera_ExpOp : Tessera_UnaryOp<"exp"> {
  let summary = "elementwise natural exponential";
  let scalarBody = [{ return math::ExpOp::create(builder, loc, elements[0]); }];
}

def Tessera_LogOp : Tessera_UnaryOp<"log"> {
  let summary = "elementwise natural logarithm";
  let scalarBody = [{ return math::LogOp::create(builder, loc, elements[0]); }];
}

def Tessera_TanhOp : Tessera_UnaryOp<"tanh"> {
  let summary = "elementwise hyperbolic tangent";
  let scalarBody = [{ return math::TanhOp::create(builder, loc, elements[0]); }];
}

def Tessera_CastOp : Tessera_ElementwiseOp<"cast",
    [SameOperandsAndResultShape]> {
  let summary = "elementwise conversion to another dtype (NumPy's astype)";
  let description = [{
    Floats convert to integers by truncation toward zero; NaN converts to 0
    and values beyond the integer's range saturate to its bounds (as XLA and
    LLVM's fptosi.sat; NumPy leaves them undefined). Anything converts to
    bool by comparison with zero (NaN is true); bool converts to numbers as 0
    and 1. The folder follows the same rules.
  }];
  let arguments = (ins Tessera_Tensor:$x);
  let results = (outs Tessera_Tensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `to` type($result)";
  let hasFolder = 1;
  let scalarBody = [{
    return castElement(builder, loc, elements[0],
                       getType().getElementType());
  }];
}

#endif // TESSERA_OPS_ELEMENTWISE_TD
