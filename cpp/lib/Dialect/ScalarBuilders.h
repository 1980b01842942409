//===- ScalarBuilders.h - Helpers for the ops' scalar bodies ----*- C++ -*-===//
//
// Builders that the `scalarBody` of the elementwise ops in TesseraOps.td call,
// so that each op's scalar semantics reads as one line there. Integer code
// never traps: divisors are made safe before any division.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_DIALECT_SCALARBUILDERS_H
#define TESSERA_LIB_DIALECT_SCALARBUILDERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

#include <type_traits>

namespace mlir::tessera {

/// Left fold of `elements` with `FloatOp`, `IntOp` or `ComplexOp` (where
/// given) by their element type: ((e0 op e1) op e2) ..., as Theano evaluates
/// its n-ary add and mul.
template <typename FloatOp, typename IntOp, typename ComplexOp = void>
Value foldElements(OpBuilder &builder, Location loc, ValueRange elements) {
  Value acc = elements.front();
  Type type = acc.getType();
  for (Value next : elements.drop_front()) {
    if constexpr (!std::is_void_v<ComplexOp>) {
      if (isa<ComplexType>(type)) {
        acc = ComplexOp::create(builder, loc, acc, next);
        continue;
      }
    }
    acc = isa<FloatType>(type)
              ? FloatOp::create(builder, loc, acc, next).getResult()
              : IntOp::create(builder, loc, acc, next).getResult();
  }
  return acc;
}

/// `RealOp` on a float element, `ComplexOp` on a complex one.
template <typename RealOp, typename ComplexOp>
Value realOrComplex(OpBuilder &builder, Location loc, ValueRange elements) {
  if (isa<ComplexType>(elements.front().getType()))
    return ComplexOp::create(builder, loc, elements);
  return RealOp::create(builder, loc, elements);
}

Value compareElements(OpBuilder &builder, Location loc, Value lhs, Value rhs,
                      arith::CmpFPredicate floatPredicate,
                      arith::CmpIPredicate intPredicate);

/// -x (0 - x for integers).
Value negate(OpBuilder &builder, Location loc, Value x);

/// A constant of `like`'s type (an integer or float scalar).
Value constantLike(OpBuilder &builder, Location loc, Value like, int64_t value);

/// |x|; abs(INT_MIN) wraps to INT_MIN, as NumPy.
Value absolute(OpBuilder &builder, Location loc, Value x);

/// -1, 0 or 1 by the sign of x; NaN stays NaN.
Value sign(OpBuilder &builder, Location loc, Value x);

/// min(max(x, lower), upper), NaN propagating, as NumPy's clip.
Value clamp(OpBuilder &builder, Location loc, Value x, Value lower,
            Value upper);

/// A float constant of `type` (a float, or a vector of them: a splat).
Value floatConstant(OpBuilder &b, Location loc, Type type, double value);

/// Horner's scheme with FMAs: ((c0 w + c1) w + c2) ..., highest degree first.
Value polynomial(OpBuilder &b, Location loc, Value w,
                 ArrayRef<double> coefficients);

/// Special functions of `SpecialFunctions.cpp`, computed in f64 (f32 in and
/// out rounds once) without branches, so that they vectorize; NaN gives NaN.
/// The inverse error function: +-inf at +-1, NaN beyond.
Value inverseErf(OpBuilder &b, Location loc, Value x);
/// The inverse complementary error function, accurate down to the smallest
/// y: +inf at 0, -inf at 2, NaN outside [0, 2].
Value inverseErfc(OpBuilder &b, Location loc, Value y);
/// log|Gamma(x)|: +inf at the poles (0 and the negative integers).
Value logGamma(OpBuilder &b, Location loc, Value x);
/// Gamma(x): +-inf at +-0, NaN at the negative integers and -inf.
Value gamma(OpBuilder &b, Location loc, Value x);
/// The digamma function psi = Gamma'/Gamma: -inf at +0, +inf at -0, NaN at
/// the negative integers and -inf.
Value digamma(OpBuilder &b, Location loc, Value x);
/// The trigamma function psi': +inf at the poles (0, the negative integers).
Value trigamma(OpBuilder &b, Location loc, Value x);

/// The logistic sigmoid 1 / (1 + exp(-x)), from exp(-|x|) (never overflows).
Value logistic(OpBuilder &b, Location loc, Value x);
/// log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)).
Value softplus(OpBuilder &b, Location loc, Value x);
/// -t log(sigmoid(x)) - (1 - t) log(1 - sigmoid(x)) as
/// max(x, 0) - x t + log1p(exp(-|x|)).
Value sigmoidBinaryCrossentropy(OpBuilder &b, Location loc, Value x, Value t);

/// Whether x is +inf or -inf.
Value isInfinite(OpBuilder &builder, Location loc, Value x);

/// Python's a // b; integer division by zero gives 0.
Value floorDivide(OpBuilder &builder, Location loc, Value a, Value b);

/// Python's a % b (the sign of b); integer modulo by zero gives 0.
Value floorModulo(OpBuilder &builder, Location loc, Value a, Value b);

/// a ** b: powf for floats, exponentiation by squaring for integers.
Value power(OpBuilder &builder, Location loc, Value a, Value b);

/// NumPy's astype on one element.
Value castElement(OpBuilder &builder, Location loc, Value x, Type target);

} // namespace mlir::tessera

#endif // TESSERA_LIB_DIALECT_SCALARBUILDERS_H
