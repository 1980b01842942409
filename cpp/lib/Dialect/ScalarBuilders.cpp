//===- ScalarBuilders.cpp - Helpers for the ops' scalar bodies ------------===//

#include "ScalarBuilders.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/APFloat.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::tessera;

Value tessera::constantLike(OpBuilder &b, Location loc, Value like,
                            int64_t value) {
  Type type = like.getType();
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, type, b.getFloatAttr(floatType, static_cast<double>(value)));
  return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, value));
}

namespace {

Value isEqual(OpBuilder &b, Location loc, Value x, int64_t value) {
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x,
                               constantLike(b, loc, x, value));
}

/// A divisor that neither traps (0) nor overflows (INT_MIN / -1): 1 where `b`
/// is 0 or -1, whose results the callers replace.
Value safeDivisor(OpBuilder &b, Location loc, Value divisor, Value isZero,
                  Value isMinusOne) {
  Value unsafe = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  return arith::SelectOp::create(b, loc, unsafe,
                                 constantLike(b, loc, divisor, 1), divisor);
}

} // namespace

Value tessera::compareElements(OpBuilder &b, Location loc, Value lhs, Value rhs,
                               arith::CmpFPredicate floatPredicate,
                               arith::CmpIPredicate intPredicate) {
  if (isa<FloatType>(lhs.getType()))
    return arith::CmpFOp::create(b, loc, floatPredicate, lhs, rhs);
  return arith::CmpIOp::create(b, loc, intPredicate, lhs, rhs);
}

Value tessera::negate(OpBuilder &b, Location loc, Value x) {
  if (isa<ComplexType>(x.getType()))
    return complex::NegOp::create(b, loc, x);
  if (isa<FloatType>(x.getType()))
    return arith::NegFOp::create(b, loc, x);
  return arith::SubIOp::create(b, loc, constantLike(b, loc, x, 0), x);
}

namespace {
/// NumPy's float divmod (npy_divmod): the quotient from the exact remainder,
/// (x - fmod(x, y)) / y, moved down one where the remainder's sign differs
/// from y's and rounded to the nearest integer; x / y for y = 0.
Value floatFloorDivide(OpBuilder &b, Location loc, Value x, Value y) {
  auto cmp = [&](arith::CmpFPredicate predicate, Value l, Value r) -> Value {
    return arith::CmpFOp::create(b, loc, predicate, l, r);
  };
  auto select = [&](Value c, Value t, Value f) -> Value {
    return arith::SelectOp::create(b, loc, c, t, f);
  };
  Value zero = constantLike(b, loc, x, 0);
  Value one = constantLike(b, loc, x, 1);
  Value remainder = arith::RemFOp::create(b, loc, x, y);
  Value div = arith::DivFOp::create(
      b, loc, arith::SubFOp::create(b, loc, x, remainder), y);
  Value signsDiffer =
      arith::XOrIOp::create(b, loc, cmp(arith::CmpFPredicate::OLT, y, zero),
                            cmp(arith::CmpFPredicate::OLT, remainder, zero));
  Value adjust = arith::AndIOp::create(
      b, loc, cmp(arith::CmpFPredicate::UNE, remainder, zero), signsDiffer);
  div = select(adjust, arith::SubFOp::create(b, loc, div, one), div);
  Value floored = math::FloorOp::create(b, loc, div);
  Value half = floatConstant(b, loc, x.getType(), 0.5);
  floored = select(cmp(arith::CmpFPredicate::OGT,
                       arith::SubFOp::create(b, loc, div, floored), half),
                   arith::AddFOp::create(b, loc, floored, one), floored);
  Value quotient = arith::DivFOp::create(b, loc, x, y);
  floored = select(cmp(arith::CmpFPredicate::UNE, div, zero), floored,
                   math::CopySignOp::create(b, loc, zero, quotient));
  return select(cmp(arith::CmpFPredicate::OEQ, y, zero), quotient, floored);
}
} // namespace

Value tessera::floorDivide(OpBuilder &b, Location loc, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return floatFloorDivide(b, loc, x, y);
  Value isZero = isEqual(b, loc, y, 0);
  Value isMinusOne = isEqual(b, loc, y, -1);
  Value quotient = arith::FloorDivSIOp::create(
      b, loc, x, safeDivisor(b, loc, y, isZero, isMinusOne));
  quotient =
      arith::SelectOp::create(b, loc, isMinusOne, negate(b, loc, x), quotient);
  return arith::SelectOp::create(b, loc, isZero, constantLike(b, loc, x, 0),
                                 quotient);
}

Value tessera::floorModulo(OpBuilder &b, Location loc, Value x, Value y) {
  bool isFloat = isa<FloatType>(x.getType());
  Value isZero, isMinusOne, divisor = y, remainder;
  if (isFloat) {
    remainder = arith::RemFOp::create(b, loc, x, y);
  } else {
    isZero = isEqual(b, loc, y, 0);
    isMinusOne = isEqual(b, loc, y, -1);
    divisor = safeDivisor(b, loc, y, isZero, isMinusOne);
    remainder = arith::RemSIOp::create(b, loc, x, divisor);
  }
  // The remainder takes the dividend's sign; Python's takes the divisor's.
  Value zero = constantLike(b, loc, x, 0);
  auto isNegative = [&](Value v) {
    return compareElements(b, loc, v, zero, arith::CmpFPredicate::OLT,
                           arith::CmpIPredicate::slt);
  };
  Value nonZero =
      compareElements(b, loc, remainder, zero, arith::CmpFPredicate::UNE,
                      arith::CmpIPredicate::ne);
  Value signsDiffer =
      arith::XOrIOp::create(b, loc, isNegative(remainder), isNegative(divisor));
  Value adjust = arith::AndIOp::create(b, loc, nonZero, signsDiffer);
  Value adjusted =
      isFloat ? arith::AddFOp::create(b, loc, remainder, divisor).getResult()
              : arith::AddIOp::create(b, loc, remainder, divisor).getResult();
  Value result = arith::SelectOp::create(b, loc, adjust, adjusted, remainder);
  if (isFloat) // A zero remainder takes the divisor's sign, as NumPy's.
    return arith::SelectOp::create(b, loc, nonZero, result,
                                   math::CopySignOp::create(b, loc, zero, y));
  Value undefined = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  return arith::SelectOp::create(b, loc, undefined, zero, result);
}

Value tessera::power(OpBuilder &b, Location loc, Value base, Value exponent) {
  if (isa<FloatType>(base.getType()))
    return math::PowFOp::create(b, loc, base, exponent);

  // A negative exponent gives 1 for base 1, +-1 for base -1, 0 otherwise.
  Value one = constantLike(b, loc, base, 1);
  Value zero = constantLike(b, loc, base, 0);
  Value odd = arith::AndIOp::create(b, loc, exponent, one);
  Value minusOneToThe = arith::SelectOp::create(
      b, loc, isEqual(b, loc, odd, 1), constantLike(b, loc, base, -1), one);
  Value negativeResult = arith::SelectOp::create(
      b, loc, isEqual(b, loc, base, 1), one,
      arith::SelectOp::create(b, loc, isEqual(b, loc, base, -1), minusOneToThe,
                              zero));

  // Exponentiation by squaring: while (e > 0) { if (e & 1) r *= x; x *= x;
  // e >>= 1; }
  Type type = base.getType();
  auto loop = scf::WhileOp::create(
      b, loc, TypeRange{type, type, type}, ValueRange{one, base, exponent},
      [&](OpBuilder &b, Location loc, ValueRange state) {
        Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                           state[2], zero);
        scf::ConditionOp::create(b, loc, more, state);
      },
      [&](OpBuilder &b, Location loc, ValueRange state) {
        Value result = state[0], x = state[1], e = state[2];
        Value bit = arith::AndIOp::create(b, loc, e, one);
        Value times = arith::MulIOp::create(b, loc, result, x);
        result = arith::SelectOp::create(b, loc, isEqual(b, loc, bit, 1), times,
                                         result);
        x = arith::MulIOp::create(b, loc, x, x);
        e = arith::ShRSIOp::create(b, loc, e, one);
        scf::YieldOp::create(b, loc, ValueRange{result, x, e});
      });
  Value isNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, exponent, zero);
  return arith::SelectOp::create(b, loc, isNegative, negativeResult,
                                 loop.getResult(0));
}

/// NaN -> 0, values beyond the integer range -> its bounds, others truncated
/// toward zero. (arith.fptosi alone gives poison outside the range; the
/// out-of-range lanes it computes are never selected.)
static Value saturatingFloatToInt(OpBuilder &b, Location loc, Value x,
                                  IntegerType target) {
  auto floatType = cast<FloatType>(x.getType());
  unsigned width = target.getWidth();
  auto bound = [&](bool negative) {
    // -2^(w-1) and 2^(w-1), exact in every float type wide enough to hold
    // them; f16 saturates to infinity, which compares the same way.
    llvm::APFloat value(std::ldexp(negative ? -1.0 : 1.0, width - 1));
    bool lost;
    value.convert(floatType.getFloatSemantics(),
                  llvm::APFloat::rmNearestTiesToEven, &lost);
    return arith::ConstantOp::create(b, loc, floatType,
                                     b.getFloatAttr(floatType, value));
  };
  auto intConstant = [&](const llvm::APInt &value) {
    return arith::ConstantOp::create(b, loc, target,
                                     b.getIntegerAttr(target, value));
  };
  Value truncated = arith::FPToSIOp::create(b, loc, target, x);
  Value tooLow = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, x,
                                       bound(/*negative=*/true));
  Value tooHigh = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x,
                                        bound(/*negative=*/false));
  Value isNaN = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  Value result = arith::SelectOp::create(
      b, loc, tooLow, intConstant(llvm::APInt::getSignedMinValue(width)),
      truncated);
  result = arith::SelectOp::create(
      b, loc, tooHigh, intConstant(llvm::APInt::getSignedMaxValue(width)),
      result);
  return arith::SelectOp::create(b, loc, isNaN,
                                 intConstant(llvm::APInt(width, 0)), result);
}

Value tessera::castElement(OpBuilder &b, Location loc, Value x, Type target) {
  Type source = x.getType();
  if (source == target)
    return x;
  // Complex numbers: the parts convert as floats; a real number becomes the
  // real part. (Complex to real, which Theano refuses, keeps the real part,
  // as NumPy's astype.)
  if (auto targetComplex = dyn_cast<ComplexType>(target)) {
    Type part = targetComplex.getElementType();
    if (auto sourceComplex = dyn_cast<ComplexType>(source))
      return complex::CreateOp::create(
          b, loc, target,
          castElement(b, loc, complex::ReOp::create(b, loc, x), part),
          castElement(b, loc, complex::ImOp::create(b, loc, x), part));
    Value zero = floatConstant(b, loc, part, 0);
    return complex::CreateOp::create(b, loc, target,
                                     castElement(b, loc, x, part), zero);
  }
  if (isa<ComplexType>(source))
    return castElement(b, loc, complex::ReOp::create(b, loc, x), target);
  if (target.isInteger(1)) // x != 0
    return compareElements(b, loc, x, constantLike(b, loc, x, 0),
                           arith::CmpFPredicate::UNE, arith::CmpIPredicate::ne);
  if (source.isInteger(1))
    return isa<FloatType>(target)
               ? arith::UIToFPOp::create(b, loc, target, x).getResult()
               : arith::ExtUIOp::create(b, loc, target, x).getResult();
  auto sourceFloat = dyn_cast<FloatType>(source);
  auto targetFloat = dyn_cast<FloatType>(target);
  if (sourceFloat && targetFloat)
    return sourceFloat.getWidth() < targetFloat.getWidth()
               ? arith::ExtFOp::create(b, loc, target, x).getResult()
               : arith::TruncFOp::create(b, loc, target, x).getResult();
  if (sourceFloat)
    return saturatingFloatToInt(b, loc, x, cast<IntegerType>(target));
  if (targetFloat)
    return arith::SIToFPOp::create(b, loc, target, x);
  return source.getIntOrFloatBitWidth() < target.getIntOrFloatBitWidth()
             ? arith::ExtSIOp::create(b, loc, target, x).getResult()
             : arith::TruncIOp::create(b, loc, target, x).getResult();
}

Value tessera::absolute(OpBuilder &b, Location loc, Value x) {
  if (isa<FloatType>(x.getType()))
    return math::AbsFOp::create(b, loc, x);
  // (math.absi has no LLVM lowering here.) 0 - INT_MIN wraps to INT_MIN.
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x,
                                         constantLike(b, loc, x, 0));
  return arith::SelectOp::create(b, loc, negative, negate(b, loc, x), x);
}

Value tessera::sign(OpBuilder &b, Location loc, Value x) {
  Value zero = constantLike(b, loc, x, 0);
  Value positive = compareElements(b, loc, x, zero, arith::CmpFPredicate::OGT,
                                   arith::CmpIPredicate::sgt);
  Value negative = compareElements(b, loc, x, zero, arith::CmpFPredicate::OLT,
                                   arith::CmpIPredicate::slt);
  // Zero (of either sign) and NaN stay as they are.
  Value signOrSelf =
      arith::SelectOp::create(b, loc, negative, constantLike(b, loc, x, -1), x);
  return arith::SelectOp::create(b, loc, positive, constantLike(b, loc, x, 1),
                                 signOrSelf);
}

Value tessera::clamp(OpBuilder &b, Location loc, Value x, Value lower,
                     Value upper) {
  Value atLeast =
      foldElements<arith::MaximumFOp, arith::MaxSIOp>(b, loc, {x, lower});
  return foldElements<arith::MinimumFOp, arith::MinSIOp>(b, loc,
                                                         {atLeast, upper});
}

Value tessera::isInfinite(OpBuilder &b, Location loc, Value x) {
  auto type = cast<FloatType>(x.getType());
  Value infinity = arith::ConstantOp::create(
      b, loc, type,
      b.getFloatAttr(type, APFloat::getInf(type.getFloatSemantics())));
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                               math::AbsFOp::create(b, loc, x), infinity);
}

Value tessera::floatConstant(OpBuilder &b, Location loc, Type type,
                             double value) {
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc, type,
        SplatElementsAttr::get(vector,
                               b.getFloatAttr(vector.getElementType(), value)));
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value tessera::polynomial(OpBuilder &b, Location loc, Value w,
                          ArrayRef<double> coefficients) {
  Type type = w.getType();
  Value p = floatConstant(b, loc, type, coefficients.front());
  for (double c : coefficients.drop_front())
    p = math::FmaOp::create(b, loc, p, w, floatConstant(b, loc, type, c));
  return p;
}

namespace {
/// log1p(exp(-|x|)), the part of softplus that never overflows.
Value log1pExpOfMinusAbs(OpBuilder &b, Location loc, Value x) {
  Value minusAbs =
      arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  return math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, minusAbs));
}
} // namespace

Value tessera::logistic(OpBuilder &b, Location loc, Value x) {
  Value one = floatConstant(b, loc, x.getType(), 1);
  Value zero = floatConstant(b, loc, x.getType(), 0);
  Value e = math::ExpOp::create(
      b, loc, arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x)));
  Value denominator = arith::AddFOp::create(b, loc, one, e);
  Value nonNegative =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UGE, x, zero);
  Value numerator = arith::SelectOp::create(b, loc, nonNegative, one, e);
  return arith::DivFOp::create(b, loc, numerator, denominator);
}

Value tessera::softplus(OpBuilder &b, Location loc, Value x) {
  Value zero = floatConstant(b, loc, x.getType(), 0);
  Value positivePart = arith::MaximumFOp::create(b, loc, x, zero);
  return arith::AddFOp::create(b, loc, positivePart,
                               log1pExpOfMinusAbs(b, loc, x));
}

Value tessera::sigmoidBinaryCrossentropy(OpBuilder &b, Location loc, Value x,
                                         Value t) {
  Value zero = floatConstant(b, loc, x.getType(), 0);
  Value positivePart = arith::MaximumFOp::create(b, loc, x, zero);
  Value linear = arith::SubFOp::create(b, loc, positivePart,
                                       arith::MulFOp::create(b, loc, x, t));
  return arith::AddFOp::create(b, loc, linear, log1pExpOfMinusAbs(b, loc, x));
}
