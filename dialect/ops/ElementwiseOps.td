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
//
// `derivative` is the op's derivative rule: with `gb` (a GradientBuilder),
// `grad` (the gradient of the result) and `grads` (one null entry per
// operand) in scope, it sets `grads[i]` to the gradient of operand i in the
// result's shape; the op then sums each back over the dimensions where the
// operand broadcast. Left empty, the op gives its operands no gradient (the
// explicit mark of ops that carry none, e.g. comparisons).
class Tessera_ElementwiseOp<string mnemonic, list<Trait> traits = []>
    : Tessera_Op<mnemonic, !listconcat(traits, [Pure,
          DeclareOpInterfaceMethods<Tessera_ElementwiseOpInterface>,
          DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>])> {
  code scalarBody = ?;
  code derivative = "";
  // More definitions of the op class, e.g. its result-type inference.
  code extraElementwiseDefinitions = "";
  let extraClassDefinition = [{
    ::mlir::Value $cppClass::buildScalar(::mlir::OpBuilder &builder,
                                         ::mlir::Location loc,
                                         ::mlir::ValueRange elements) {
  }] # scalarBody # [{
    }
    ::llvm::LogicalResult $cppClass::buildGradients(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange resultGrads,
        ::llvm::SmallVectorImpl<::mlir::Value> &grads,
        ::mlir::tessera::RegionDifferentiator &) {
      ::mlir::tessera::GradientBuilder gb(builder, getLoc());
      ::mlir::Value grad = resultGrads[0];
      grads.assign((*this)->getNumOperands(), ::mlir::Value());
      if (!grad)
        return ::mlir::success();
  }] # derivative # [{
      for (auto [operand, operandGrad] :
           ::llvm::zip((*this)->getOperands(), grads))
        if (operandGrad)
          operandGrad = gb.sumTo(operandGrad, operand.getType());
      return ::mlir::success();
    }
  }] # extraElementwiseDefinitions;
}

// An elementwise op with Theano broadcasting. Operands have one rank and one
// element type (the Python builder inserts the casts and dimshuffles that
// Theano's upcasting and rank alignment call for); `inferElementwiseType`
// gives the result type: the operands' element type, or `resultElement`
// (with `context` and `operands` in scope) where it differs (i1 for
// predicates).
class Tessera_BroadcastingOp<string mnemonic, list<Trait> traits = [],
                             code resultElement = "::mlir::Type()">
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
          inferredReturnTypes, }] # resultElement # [{);
    }
  }];
}

// Theano's n-ary `add` and `mul`: one or more operands.
class Tessera_VariadicOp<string mnemonic, list<Trait> traits = []>
    : Tessera_BroadcastingOp<mnemonic, !listconcat(traits, [Commutative])> {
  let arguments = (ins Variadic<Tessera_ArithmeticTensor>:$inputs);
  let results = (outs Tessera_ArithmeticTensor:$result);
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
    : Tessera_BroadcastingOp<mnemonic, [],
                             "::mlir::IntegerType::get(context, 1)"> {
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

// The largest error of a float function, in ulp, measured against MPFR on
// 10^6 samples per dtype and the edge values (tests/python/accuracy.py):
// appended to the op's description, where test_accuracy.py reads it (through
// the op's Python class) to check docs/ops.md and, with `-m slow`, the
// measurement itself.
class Tessera_MeasuredAccuracy<string float32Ulp, string float64Ulp> {
  string text = "\n\nMeasured accuracy: " # float32Ulp # " ulp in float32, "
                # float64Ulp # " ulp in float64 (largest error against MPFR "
                # "on 10^6 samples and the edge values).";
}

def Tessera_AddOp : Tessera_VariadicOp<"add"> {
  let summary = "elementwise sum of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::AddFOp, arith::AddIOp, complex::AddOp>(
        builder, loc, elements);
  }];
  let derivative = [{
    for (::mlir::Value &operandGrad : grads)
      operandGrad = grad;
  }];
}

def Tessera_MulOp : Tessera_VariadicOp<"mul"> {
  let summary = "elementwise product of one or more tensors";
  let scalarBody = [{
    return foldElements<arith::MulFOp, arith::MulIOp, complex::MulOp>(
        builder, loc, elements);
  }];
  let derivative = [{
    for (auto [i, operandGrad] : ::llvm::enumerate(grads)) {
      operandGrad = grad;
      for (auto [j, other] : ::llvm::enumerate(getInputs()))
        if (i != j)
          operandGrad = gb.mul(operandGrad, other);
    }
  }];
}

def Tessera_SubOp : Tessera_BinaryOp<"sub", Tessera_ArithmeticTensor> {
  let summary = "elementwise difference";
  let scalarBody = [{
    return foldElements<arith::SubFOp, arith::SubIOp, complex::SubOp>(
        builder, loc, elements);
  }];
  let derivative = [{ grads.assign({grad, gb.neg(grad)}); }];
}

def Tessera_TrueDivOp : Tessera_BinaryOp<"true_div", Tessera_InexactTensor> {
  let summary = "elementwise division of floats (Theano's `/`)";
  let scalarBody = [{
    return realOrComplex<arith::DivFOp, complex::DivOp>(builder, loc, elements);
  }];
  // d(a/b) = da / b - (a/b) db / b
  let derivative = [{
    grads.assign({gb.div(grad, getRhs()),
             gb.neg(gb.div(gb.mul(grad, getResult()), getRhs()))});
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
  // Piecewise constant: zero gradients for floats (Theano's), none for
  // integers.
  let derivative = [{
    if (::llvm::isa<::mlir::FloatType>(getType().getElementType()))
      grads.assign({gb.zerosLike(getResult()), gb.zerosLike(getResult())});
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
  // a % b = a - floor(a / b) * b
  let derivative = [{
    if (::llvm::isa<::mlir::FloatType>(getType().getElementType()))
      grads.assign({grad, gb.neg(gb.mul(grad, gb.intDiv(getLhs(), getRhs())))});
  }];
}

def Tessera_PowOp : Tessera_BinaryOp<"pow"> {
  let summary = "elementwise power";
  let description = [{
    Floats use `math.powf`. Integers use exponentiation by squaring; a
    negative integer exponent gives 0 unless the base is 1 or -1 (NumPy
    raises there; Tessera never traps).
  }] # Tessera_MeasuredAccuracy<"0.62", "0.98">.text;
  let scalarBody = [{
    return power(builder, loc, elements[0], elements[1]);
  }];
  // As Theano 1.0: d/da = b a^(b-1); d/db = log(a) a^b, taken as 0 where
  // a = 0 (where log(a) a^b has the limit 0 for b > 0).
  let derivative = [{
    if (!::llvm::isa<::mlir::FloatType>(getType().getElementType()))
      return ::mlir::success();
    ::mlir::Value a = getLhs(), b = getRhs();
    ::mlir::Value one = gb.constant(b, 1.0);
    ::mlir::Value dbase = gb.mul(grad, gb.mul(b, gb.pow(a, gb.sub(b, one))));
    ::mlir::Value zero = gb.constant(getResult(), 0.0);
    ::mlir::Value dexponent = gb.select(
        gb.equal(a, gb.constant(a, 0.0)), zero,
        gb.mul(grad, gb.mul(gb.log(a), getResult())));
    grads.assign({dbase, dexponent});
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
  // The gradient goes to the branch each element was taken from.
  let derivative = [{
    ::mlir::Value zero = gb.constant(grad, 0.0);
    grads.assign({::mlir::Value(), gb.select(getCondition(), grad, zero),
             gb.select(getCondition(), zero, grad)});
  }];
}

// Canonicalized by -(-x) -> x (dialect/TesseraCanonicalization.td).
def Tessera_NegOp : Tessera_UnaryOp<"neg", Tessera_ArithmeticTensor> {
  let summary = "elementwise negation";
  let scalarBody = [{ return negate(builder, loc, elements[0]); }];
  let derivative = [{ grads.assign({gb.neg(grad)}); }];
}

def Tessera_SqrOp : Tessera_UnaryOp<"sqr", Tessera_ArithmeticTensor> {
  let summary = "elementwise square";
  let scalarBody = [{
    return foldElements<arith::MulFOp, arith::MulIOp, complex::MulOp>(
        builder, loc, {elements[0], elements[0]});
  }];
  let derivative = [{
    grads.assign({gb.mul(grad, gb.mul(gb.constant(getX(), 2.0), getX()))});
  }];
}

def Tessera_ExpOp : Tessera_UnaryOp<"exp", Tessera_InexactTensor> {
  let summary = "elementwise natural exponential";
  let description = Tessera_MeasuredAccuracy<"2.40", "2.47">.text;
  let scalarBody = [{
    return realOrComplex<math::ExpOp, complex::ExpOp>(builder, loc, elements);
  }];
  let derivative = [{ grads.assign({gb.mul(grad, getResult())}); }];
}

def Tessera_LogOp : Tessera_UnaryOp<"log", Tessera_InexactTensor> {
  let summary = "elementwise natural logarithm";
  let description = Tessera_MeasuredAccuracy<"3.65", "1.27">.text;
  let scalarBody = [{
    return realOrComplex<math::LogOp, complex::LogOp>(builder, loc, elements);
  }];
  let derivative = [{ grads.assign({gb.div(grad, getX())}); }];
}

def Tessera_TanhOp : Tessera_UnaryOp<"tanh"> {
  let summary = "elementwise hyperbolic tangent";
  let description = Tessera_MeasuredAccuracy<"1.85", "1.13">.text;
  let scalarBody = [{ return math::TanhOp::create(builder, loc, elements[0]); }];
  // 1 - tanh(x)^2
  let derivative = [{
    grads.assign({gb.mul(grad, gb.sub(gb.constant(getResult(), 1.0),
                                 gb.mul(getResult(), getResult())))});
  }];
}

//===----------------------------------------------------------------------===//
// Exponentials, logarithms, trigonometric and hyperbolic functions
//===----------------------------------------------------------------------===//

// A float function that upstream's math dialect computes.
class Tessera_MathOp<string mnemonic, string mathOp, string summaryText,
                     code rule> : Tessera_UnaryOp<mnemonic> {
  let summary = summaryText;
  let scalarBody = "return math::" # mathOp #
                   "::create(builder, loc, elements[0]);";
  let derivative = rule;
}

def Tessera_Exp2Op : Tessera_MathOp<"exp2", "Exp2Op", "elementwise 2^x",
    [{ grads.assign({gb.mul(grad, gb.mul(getResult(),
                                         gb.constant(getX(), M_LN2)))}); }]> {
  let description = Tessera_MeasuredAccuracy<"0.98", "0.98">.text;
}
def Tessera_Expm1Op : Tessera_MathOp<"expm1", "ExpM1Op",
    "elementwise e^x - 1, accurate near 0",
    [{ grads.assign({gb.mul(grad, gb.add(getResult(),
                                         gb.constant(getX(), 1.0)))}); }]> {
  let description = Tessera_MeasuredAccuracy<"2.24", "1.80">.text;
}
def Tessera_Log1pOp : Tessera_MathOp<"log1p", "Log1pOp",
    "elementwise log(1 + x), accurate near 0",
    [{ grads.assign({gb.div(grad, gb.add(getX(), gb.constant(getX(), 1.0)))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.79", "1.85">.text;
}
def Tessera_Log2Op : Tessera_MathOp<"log2", "Log2Op", "elementwise base-2 logarithm",
    [{ grads.assign({gb.div(grad, gb.mul(getX(), gb.constant(getX(), M_LN2)))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.67", "1.73">.text;
}
def Tessera_Log10Op : Tessera_MathOp<"log10", "Log10Op",
    "elementwise base-10 logarithm",
    [{ grads.assign({gb.div(grad, gb.mul(getX(), gb.constant(getX(), M_LN10)))}); }]> {
  let description = Tessera_MeasuredAccuracy<"2.13", "1.00">.text;
}
def Tessera_SinOp : Tessera_MathOp<"sin", "SinOp", "elementwise sine",
    [{ grads.assign({gb.mul(grad, gb.cos(getX()))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.68", "2.65">.text;
}
def Tessera_CosOp : Tessera_MathOp<"cos", "CosOp", "elementwise cosine",
    [{ grads.assign({gb.neg(gb.mul(grad, gb.sin(getX())))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.77", "2.99">.text;
}
def Tessera_TanOp : Tessera_MathOp<"tan", "TanOp", "elementwise tangent",
    [{ grads.assign({gb.mul(grad, gb.add(gb.constant(getX(), 1.0),
                                         gb.mul(getResult(), getResult())))}); }]> {
  let description = Tessera_MeasuredAccuracy<"3.28", "3.32">.text;
}
def Tessera_ArcsinOp : Tessera_MathOp<"arcsin", "AsinOp", "elementwise arcsine",
    [{ grads.assign({gb.div(grad, gb.sqrt(gb.sub(gb.constant(getX(), 1.0),
                                                 gb.mul(getX(), getX()))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"2.92", "2.50">.text;
}
def Tessera_ArccosOp : Tessera_MathOp<"arccos", "AcosOp", "elementwise arccosine",
    [{ grads.assign({gb.neg(gb.div(grad, gb.sqrt(gb.sub(
           gb.constant(getX(), 1.0), gb.mul(getX(), getX())))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.90", "1.68">.text;
}
def Tessera_ArctanOp : Tessera_MathOp<"arctan", "AtanOp", "elementwise arctangent",
    [{ grads.assign({gb.div(grad, gb.add(gb.constant(getX(), 1.0),
                                         gb.mul(getX(), getX())))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.55", "1.64">.text;
}
def Tessera_SinhOp : Tessera_MathOp<"sinh", "SinhOp", "elementwise hyperbolic sine",
    [{ grads.assign({gb.mul(grad, gb.cosh(getX()))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.64", "1.69">.text;
}
def Tessera_CoshOp : Tessera_MathOp<"cosh", "CoshOp",
    "elementwise hyperbolic cosine",
    [{ grads.assign({gb.mul(grad, gb.sinh(getX()))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.82", "1.64">.text;
}
def Tessera_ArcsinhOp : Tessera_MathOp<"arcsinh", "AsinhOp",
    "elementwise inverse hyperbolic sine",
    [{ grads.assign({gb.div(grad, gb.sqrt(gb.add(gb.mul(getX(), getX()),
                                                 gb.constant(getX(), 1.0))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"0.83", "0.95">.text;
}
def Tessera_ArccoshOp : Tessera_MathOp<"arccosh", "AcoshOp",
    "elementwise inverse hyperbolic cosine",
    [{ grads.assign({gb.div(grad, gb.sqrt(gb.sub(gb.mul(getX(), getX()),
                                                 gb.constant(getX(), 1.0))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"0.69", "0.65">.text;
}
def Tessera_ArctanhOp : Tessera_MathOp<"arctanh", "AtanhOp",
    "elementwise inverse hyperbolic tangent",
    [{ grads.assign({gb.div(grad, gb.sub(gb.constant(getX(), 1.0),
                                         gb.mul(getX(), getX())))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.62", "1.31">.text;
}
// d erf(x) = 2/sqrt(pi) exp(-x^2) dx
def Tessera_ErfOp : Tessera_MathOp<"erf", "ErfOp", "elementwise error function",
    [{ grads.assign({gb.mul(grad, gb.mul(gb.constant(getX(), M_2_SQRTPI),
                                         gb.exp(gb.neg(gb.mul(getX(), getX())))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"3.45", "2.29">.text;
}
def Tessera_ErfcOp : Tessera_MathOp<"erfc", "ErfcOp",
    "elementwise complementary error function 1 - erf(x)",
    [{ grads.assign({gb.neg(gb.mul(grad, gb.mul(gb.constant(getX(), M_2_SQRTPI),
                                                gb.exp(gb.neg(gb.mul(getX(), getX()))))))}); }]> {
  let description = Tessera_MeasuredAccuracy<"1.36", "1.03">.text;
}

// d erfinv(y) = sqrt(pi)/2 exp(erfinv(y)^2) dy
def Tessera_ErfinvOp : Tessera_UnaryOp<"erfinv"> {
  let summary = "elementwise inverse error function";
  let description = [{
    Upstream MLIR has no erfinv: Giles' single-precision approximation,
    refined by two Newton steps on erf in f64 (so f64 results are accurate to
    a few ulp), +-inf at +-1 and NaN beyond, as SciPy.
  }] # Tessera_MeasuredAccuracy<"0.50", "2.76">.text;
  let scalarBody = [{ return inverseErf(builder, loc, elements[0]); }];
  let derivative = [{
    grads.assign({gb.mul(grad, gb.mul(gb.constant(getX(), 0.5 * std::sqrt(M_PI)),
                                      gb.exp(gb.mul(getResult(), getResult()))))});
  }];
}

// d erfcinv(y) = -sqrt(pi)/2 exp(erfcinv(y)^2) dy
def Tessera_ErfcinvOp : Tessera_UnaryOp<"erfcinv"> {
  let summary = "elementwise inverse complementary error function";
  let description = [{
    As erfinv, but from y itself (not 1 - y) and with Newton steps on erfc,
    so that it stays accurate down to the smallest y: +inf at 0, -inf at 2,
    NaN outside [0, 2].
  }] # Tessera_MeasuredAccuracy<"0.50", "2.76">.text;
  let scalarBody = [{ return inverseErfc(builder, loc, elements[0]); }];
  let derivative = [{
    grads.assign({gb.neg(gb.mul(grad, gb.mul(gb.constant(getX(), 0.5 * std::sqrt(M_PI)),
                                             gb.exp(gb.mul(getResult(), getResult())))))});
  }];
}

// The gamma family: no upstream lowering; ours in SpecialFunctions.cpp.
class Tessera_SpecialFunctionOp<string mnemonic, string builderName,
                                string summaryText, code rule>
    : Tessera_UnaryOp<mnemonic> {
  let summary = summaryText;
  let scalarBody = "return " # builderName # "(builder, loc, elements[0]);";
  let derivative = rule;
}

// d Gamma(x) = Gamma(x) psi(x) dx
def Tessera_GammaOp : Tessera_SpecialFunctionOp<"gamma", "gamma",
    "elementwise gamma function",
    [{ grads.assign({gb.mul(grad, gb.mul(getResult(), gb.psi(getX())))}); }]> {
  let description = [{
    +-inf at +-0, NaN at the negative integers and -inf, +inf beyond 171.62
    (f64) or 35.04 (f32), as C's tgamma.
  }] # Tessera_MeasuredAccuracy<"0.50", "7.82">.text;
}
def Tessera_GammalnOp : Tessera_SpecialFunctionOp<"gammaln", "logGamma",
    "elementwise log |gamma(x)|",
    [{ grads.assign({gb.mul(grad, gb.psi(getX()))}); }]> {
  let description = [{
    +inf at the poles (0 and the negative integers) and at +-inf, as C's
    lgamma. Accurate relative to the result near its zeros at 1 and 2; near
    its zeros at negative arguments only absolutely.
  }] # Tessera_MeasuredAccuracy<"0.50", "4.38">.text;
}
def Tessera_PsiOp : Tessera_SpecialFunctionOp<"psi", "digamma",
    "elementwise digamma function gamma'(x) / gamma(x)",
    [{ grads.assign({gb.mul(grad, gb.triGamma(getX()))}); }]> {
  let description = [{
    -inf at +0, +inf at -0, NaN at the negative integers and -inf.
  }] # Tessera_MeasuredAccuracy<"0.50", "4.37">.text;
}
def Tessera_TriGammaOp : Tessera_SpecialFunctionOp<"tri_gamma", "trigamma",
    "elementwise trigamma function, the derivative of psi",
    [{
      return emitOpError("has no derivative rule (Theano defines none for "
                         "tri_gamma)");
    }]> {
  let description = [{
    +inf at the poles (0 and the negative integers).
  }] # Tessera_MeasuredAccuracy<"0.50", "4.04">.text;
}

def Tessera_Arctan2Op : Tessera_BinaryOp<"arctan2", Tessera_FloatTensor> {
  let summary = "elementwise arctangent of lhs / rhs in the right quadrant";
  let description = Tessera_MeasuredAccuracy<"2.50", "1.95">.text;
  let scalarBody = [{
    return math::Atan2Op::create(builder, loc, elements[0], elements[1]);
  }];
  // d atan2(y, x) = (x dy - y dx) / (x^2 + y^2)
  let derivative = [{
    ::mlir::Value y = getLhs(), x = getRhs();
    ::mlir::Value norm = gb.add(gb.mul(x, x), gb.mul(y, y));
    grads.assign({gb.div(gb.mul(grad, x), norm),
                  gb.neg(gb.div(gb.mul(grad, y), norm))});
  }];
}

//===----------------------------------------------------------------------===//
// Rounding, signs and extrema
//===----------------------------------------------------------------------===//

def Tessera_AbsOp : Tessera_UnaryOp<"abs", Tessera_NumericTensor> {
  let summary = "elementwise absolute value (abs(INT_MIN) wraps, as NumPy)";
  let scalarBody = [{ return absolute(builder, loc, elements[0]); }];
  let derivative = [{ grads.assign({gb.mul(grad, gb.sign(getX()))}); }];
}

def Tessera_SgnOp : Tessera_UnaryOp<"sgn", Tessera_NumericTensor> {
  let summary = "elementwise sign: -1, 0 or 1 (NaN stays NaN), as NumPy";
  let scalarBody = [{ return sign(builder, loc, elements[0]); }];
  let derivative = [{
    if (::llvm::isa<::mlir::FloatType>(getType().getElementType()))
      grads.assign({gb.zerosLike(getX())});
  }];
}

// Piecewise-constant roundings: zero gradients, as Theano.
class Tessera_RoundingOp<string mnemonic, string mathOp>
    : Tessera_UnaryOp<mnemonic> {
  let scalarBody = "return math::" # mathOp #
                   "::create(builder, loc, elements[0]);";
  let derivative = [{ grads.assign({gb.zerosLike(getX())}); }];
}

def Tessera_FloorOp : Tessera_RoundingOp<"floor", "FloorOp"> {
  let summary = "elementwise floor";
}
def Tessera_CeilOp : Tessera_RoundingOp<"ceil", "CeilOp"> {
  let summary = "elementwise ceiling";
}
def Tessera_TruncOp : Tessera_RoundingOp<"trunc", "TruncOp"> {
  let summary = "elementwise rounding toward zero";
}
def Tessera_RoundHalfToEvenOp
    : Tessera_RoundingOp<"round_half_to_even", "RoundEvenOp"> {
  let summary = "elementwise rounding, halves to even (NumPy's round)";
}
def Tessera_RoundHalfAwayFromZeroOp
    : Tessera_RoundingOp<"round_half_away_from_zero", "RoundOp"> {
  let summary = "elementwise rounding, halves away from zero";
}

// As Theano: the gradient goes to each operand equal to the result (both
// on ties).
class Tessera_ExtremumOp<string mnemonic, string floatOp, string intOp>
    : Tessera_BinaryOp<mnemonic> {
  let scalarBody = "return foldElements<arith::" # floatOp # ", arith::" #
                   intOp # ">(builder, loc, elements);";
  let derivative = [{
    ::mlir::Type element = getType().getElementType();
    if (!::llvm::isa<::mlir::FloatType>(element))
      return ::mlir::success();
    grads.assign(
        {gb.mul(grad, gb.convertTo(gb.equal(getLhs(), getResult()), element)),
         gb.mul(grad, gb.convertTo(gb.equal(getRhs(), getResult()), element))});
  }];
}

def Tessera_MinimumOp : Tessera_ExtremumOp<"minimum", "MinimumFOp", "MinSIOp"> {
  let summary = "elementwise minimum (NaN propagates, as NumPy)";
}
def Tessera_MaximumOp : Tessera_ExtremumOp<"maximum", "MaximumFOp", "MaxSIOp"> {
  let summary = "elementwise maximum (NaN propagates, as NumPy)";
}

def Tessera_ClipOp : Tessera_BroadcastingOp<"clip"> {
  let summary = "x limited to [lower, upper] elementwise (NumPy's clip)";
  let arguments = (ins Tessera_NumericTensor:$x, Tessera_NumericTensor:$lower,
                       Tessera_NumericTensor:$upper);
  let results = (outs Tessera_NumericTensor:$result);
  let assemblyFormat = [{
    $x `,` $lower `,` $upper attr-dict `:` functional-type(operands, $result)
  }];
  let scalarBody = [{
    return clamp(builder, loc, elements[0], elements[1], elements[2]);
  }];
  // As Theano: x where it lies within the bounds, each bound where it binds.
  let derivative = [{
    ::mlir::Type element = getType().getElementType();
    if (!::llvm::isa<::mlir::FloatType>(element))
      return ::mlir::success();
    ::mlir::Value zero = gb.constant(grad, 0.0);
    ::mlir::Value below = gb.less(getX(), getLower());
    ::mlir::Value above = gb.less(getUpper(), getX());
    grads.assign({gb.select(below, zero, gb.select(above, zero, grad)),
                  gb.select(below, grad, zero), gb.select(above, grad, zero)});
  }];
}

//===----------------------------------------------------------------------===//
// Roots and reciprocals
//===----------------------------------------------------------------------===//

def Tessera_SqrtOp : Tessera_UnaryOp<"sqrt", Tessera_InexactTensor> {
  let summary = "elementwise square root";
  let description = Tessera_MeasuredAccuracy<"0.50", "0.50">.text;
  let scalarBody = [{
    return realOrComplex<math::SqrtOp, complex::SqrtOp>(builder, loc, elements);
  }];
  // d sqrt(x) = dx / (2 sqrt(x))
  let derivative = [{
    grads.assign({gb.div(grad, gb.mul(gb.constant(getResult(), 2.0),
                                      getResult()))});
  }];
}

def Tessera_InvOp : Tessera_UnaryOp<"inv"> {
  let summary = "elementwise reciprocal 1 / x";
  let scalarBody = [{
    return arith::DivFOp::create(builder, loc,
                                 constantLike(builder, loc, elements[0], 1),
                                 elements[0]);
  }];
  // d(1/x) = -dx / x^2 = -dx * (1/x)^2
  let derivative = [{
    grads.assign({gb.neg(gb.mul(grad, gb.mul(getResult(), getResult())))});
  }];
}

//===----------------------------------------------------------------------===//
// Neural-network activations and losses (tessera.tensor.nnet), stable by
// construction
//===----------------------------------------------------------------------===//

def Tessera_SigmoidOp : Tessera_UnaryOp<"sigmoid"> {
  let summary = "elementwise logistic sigmoid 1 / (1 + exp(-x))";
  let description = [{
    From e = exp(-|x|) <= 1, never overflowing: 1 / (1 + e) for x >= 0,
    e / (1 + e) below, so that the result keeps its relative accuracy down to
    the smallest values (an exact 0 or 1 only where the true value rounds to
    it).
  }];
  let scalarBody = [{ return logistic(builder, loc, elements[0]); }];
  // d sigmoid(x) = sigmoid(x) (1 - sigmoid(x)) dx
  let derivative = [{
    grads.assign({gb.mul(grad, gb.mul(getResult(),
                                      gb.sub(gb.constant(getResult(), 1.0),
                                             getResult())))});
  }];
}

def Tessera_SoftplusOp : Tessera_UnaryOp<"softplus"> {
  let summary = "elementwise softplus log(1 + exp(x))";
  let description = [{
    As max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no loss of the
    small result for very negative x.
  }];
  let scalarBody = [{ return softplus(builder, loc, elements[0]); }];
  // d softplus(x) = sigmoid(x) dx
  let derivative = [{ grads.assign({gb.mul(grad, gb.sigmoid(getX()))}); }];
}

// Theano's binary_crossentropy(sigmoid(x), t) without forming sigmoid(x).
def Tessera_SigmoidBinaryCrossentropyOp
    : Tessera_BinaryOp<"sigmoid_binary_crossentropy", Tessera_FloatTensor> {
  let summary = "elementwise -t log(sigmoid(x)) - (1 - t) log(1 - sigmoid(x))";
  let description = [{
    The binary cross-entropy of the logits x against the targets t, as
    max(x, 0) - x t + log1p(exp(-|x|)): finite for any finite x.
  }];
  let scalarBody = [{
    return sigmoidBinaryCrossentropy(builder, loc, elements[0], elements[1]);
  }];
  // d/dx = sigmoid(x) - t; d/dt = -x
  let derivative = [{
    grads.assign({gb.mul(grad, gb.sub(gb.sigmoid(getLhs()), getRhs())),
                  gb.neg(gb.mul(grad, getLhs()))});
  }];
}

//===----------------------------------------------------------------------===//
// Bitwise and logical ops (bools and integers): no gradients
//===----------------------------------------------------------------------===//

class Tessera_BitwiseOp<string mnemonic, string arithOp>
    : Tessera_BinaryOp<mnemonic, Tessera_BoolOrIntegerTensor> {
  let scalarBody = "return arith::" # arithOp #
                   "::create(builder, loc, elements[0], elements[1]);";
}

def Tessera_AndOp : Tessera_BitwiseOp<"and", "AndIOp"> {
  let summary = "elementwise bitwise (or logical, for bools) and: `&`";
}
def Tessera_OrOp : Tessera_BitwiseOp<"or", "OrIOp"> {
  let summary = "elementwise bitwise (or logical, for bools) or: `|`";
}
def Tessera_XorOp : Tessera_BitwiseOp<"xor", "XOrIOp"> {
  let summary = "elementwise bitwise (or logical, for bools) xor: `^`";
}

def Tessera_InvertOp
    : Tessera_UnaryOp<"invert", Tessera_BoolOrIntegerTensor> {
  let summary = "elementwise bitwise (or logical, for bools) not: `~`";
  let scalarBody = [{
    return arith::XOrIOp::create(builder, loc, elements[0],
                                 constantLike(builder, loc, elements[0], -1));
  }];
}

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

class Tessera_ClassifyOp<string mnemonic>
    : Tessera_ElementwiseOp<mnemonic,
          [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let arguments = (ins Tessera_FloatTensor:$x);
  let results = (outs Tessera_BoolTensor:$result);
  let assemblyFormat = "$x attr-dict `:` type($x) `->` type($result)";
  let extraElementwiseDefinitions = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      return ::mlir::tessera::inferElementwiseType(
          location, getOperationName(), operands.getTypes(),
          inferredReturnTypes, ::mlir::IntegerType::get(context, 1));
    }
  }];
}

def Tessera_IsNaNOp : Tessera_ClassifyOp<"isnan"> {
  let summary = "whether each element is NaN";
  let scalarBody = [{
    return arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNO,
                                 elements[0], elements[0]);
  }];
}

def Tessera_IsInfOp : Tessera_ClassifyOp<"isinf"> {
  let summary = "whether each element is +inf or -inf";
  let scalarBody = [{ return isInfinite(builder, loc, elements[0]); }];
}

//===----------------------------------------------------------------------===//
// Identities with gradients of their own (theano.gradient)
//===----------------------------------------------------------------------===//

def Tessera_ZeroGradOp : Tessera_UnaryOp<"zero_grad", Tessera_Tensor> {
  let summary = "x, whose gradient is zero (theano.gradient.zero_grad)";
  let scalarBody = [{ return elements[0]; }];
  let derivative = [{ grads.assign({gb.zerosLike(grad)}); }];
}

def Tessera_DisconnectedGradOp
    : Tessera_UnaryOp<"disconnected_grad", Tessera_Tensor> {
  let summary = "x, through which no gradient flows "
                "(theano.gradient.disconnected_grad)";
  let scalarBody = [{ return elements[0]; }];
  // No derivative: x's gradient is disconnected, not zero.
}

def Tessera_GradClipOp : Tessera_BroadcastingOp<"grad_clip"> {
  let summary = "x, whose gradient is clipped to [lower, upper] "
                "(theano.gradient.grad_clip)";
  let arguments = (ins Tessera_FloatTensor:$x, Tessera_FloatTensor:$lower,
                       Tessera_FloatTensor:$upper);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $lower `,` $upper attr-dict `:` functional-type(operands, $result)
  }];
  let scalarBody = [{ return elements[0]; }];
  let derivative = [{
    ::mlir::Value below = gb.less(grad, getLower());
    ::mlir::Value above = gb.less(getUpper(), grad);
    ::mlir::Value lower = gb.broadcastLike(getLower(), grad);
    ::mlir::Value upper = gb.broadcastLike(getUpper(), grad);
    grads.assign({gb.select(below, lower, gb.select(above, upper, grad)),
                  ::mlir::Value(), ::mlir::Value()});
  }];
}

//===----------------------------------------------------------------------===//
// Complex numbers
//===----------------------------------------------------------------------===//

// Tessera does not differentiate through complex numbers (Theano's complex
// gradients were experimental): the rule of every op that takes or makes them
// from real numbers reports it.
defvar NoComplexDerivative = [{
  return emitOpError("has no derivative rule: Tessera does not differentiate "
                     "through complex numbers");
}];

// A real function of a complex number: the result has its part type.
class Tessera_ComplexToRealOp<string mnemonic, string complexOp,
                              string summaryText>
    : Tessera_ElementwiseOp<mnemonic, [SameOperandsAndResultShape,
          DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = summaryText;
  let arguments = (ins Tessera_ComplexTensor:$z);
  let results = (outs Tessera_FloatTensor:$result);
  let assemblyFormat = "$z attr-dict `:` type($z) `->` type($result)";
  let scalarBody = "return complex::" # complexOp #
                   "::create(builder, loc, elements[0]);";
  let derivative = NoComplexDerivative;
  let extraElementwiseDefinitions = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, ::std::optional<::mlir::Location>,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      auto type = ::llvm::cast<::mlir::RankedTensorType>(operands[0].getType());
      inferredReturnTypes.push_back(type.clone(
          ::llvm::cast<::mlir::ComplexType>(type.getElementType())
              .getElementType()));
      return ::mlir::success();
    }
  }];
}

def Tessera_RealOp : Tessera_ComplexToRealOp<"real", "ReOp",
    "elementwise real part">;
def Tessera_ImagOp : Tessera_ComplexToRealOp<"imag", "ImOp",
    "elementwise imaginary part">;
def Tessera_AngleOp : Tessera_ComplexToRealOp<"angle", "AngleOp",
    "elementwise argument atan2(imag, real)">;
def Tessera_ComplexAbsOp : Tessera_ComplexToRealOp<"complex_abs", "AbsOp",
    "elementwise modulus of complex numbers (Theano's abs of complex)">;

def Tessera_ConjOp : Tessera_UnaryOp<"conj", Tessera_ComplexTensor> {
  let summary = "elementwise complex conjugate";
  let scalarBody = [{ return complex::ConjOp::create(builder, loc, elements[0]); }];
  let derivative = NoComplexDerivative;
}

def Tessera_ComplexOp : Tessera_BroadcastingOp<"complex", [],
    "::mlir::ComplexType::get(::mlir::getElementTypeOrSelf(operands[0].getType()))"> {
  let summary = "elementwise complex number from real and imaginary parts";
  let arguments = (ins Tessera_FloatTensor:$real, Tessera_FloatTensor:$imag);
  let results = (outs Tessera_ComplexTensor:$result);
  let assemblyFormat = [{
    $real `,` $imag attr-dict `:` functional-type(operands, $result)
  }];
  let scalarBody = [{
    return complex::CreateOp::create(
        builder, loc, ::mlir::ComplexType::get(elements[0].getType()),
        elements[0], elements[1]);
  }];
  let derivative = NoComplexDerivative;
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
  // Between floats the gradient converts back; integers and bools get none.
  let derivative = [{
    ::mlir::Type source = getX().getType().getElementType();
    if (::llvm::isa<::mlir::FloatType>(source))
      grads.assign({gb.convertTo(grad, source)});
  }];
}

#endif // TESSERA_OPS_ELEMENTWISE_TD
