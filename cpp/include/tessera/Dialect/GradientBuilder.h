//===- GradientBuilder.h - Tessera ops for derivative rules -----*- C++ -*-===//
//
// The vocabulary in which derivative rules (`derivative` in the ODS of
// elementwise ops and reductions, `buildGradients` in Derivatives.cpp) and the
// autodiff pass are written: each helper emits tessera ops, whose types the
// dialect infers, at the gradient's insertion point and the differentiated
// op's location.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_DIALECT_GRADIENTBUILDER_H
#define TESSERA_DIALECT_GRADIENTBUILDER_H

#include "mlir/IR/Builders.h"

namespace mlir::tessera {

class GradientBuilder {
public:
  GradientBuilder(OpBuilder &builder, Location loc)
      : builder(builder), loc(loc) {}

  Value add(Value a, Value b);
  Value sub(Value a, Value b);
  Value mul(Value a, Value b);
  Value div(Value a, Value b);
  Value neg(Value a);
  /// -1, 0 or 1 by the sign of `a`.
  Value sign(Value a);
  Value log(Value a);
  Value exp(Value a);
  Value sqrt(Value a);
  Value sin(Value a);
  Value cos(Value a);
  Value sinh(Value a);
  Value cosh(Value a);
  Value psi(Value a);
  Value sigmoid(Value a);
  Value triGamma(Value a);
  Value pow(Value a, Value b);
  Value intDiv(Value a, Value b);
  /// `cond ? a : b`, elementwise.
  Value select(Value cond, Value a, Value b);
  /// The elements of `a` equal to those of `b` (bool).
  Value equal(Value a, Value b);
  /// The elements of `a` below those of `b` (bool).
  Value less(Value a, Value b);
  /// `a` converted to the element type `element`.
  Value convertTo(Value a, Type element);

  /// `value` as a splat of `like`'s rank (all dimensions size 1, so that it
  /// broadcasts against `like`) and element type.
  Value constant(Value like, double value);
  /// Zeros of `like`'s type and run-time shape.
  Value zerosLike(Value like);
  /// `a` broadcast to `like`'s shape (a has `like`'s rank).
  Value broadcastLike(Value a, Value like);

  /// Sums `grad` over the dimensions where `target` broadcasts (static 1
  /// where `grad` is not), keeping them: the gradient of an operand that a
  /// broadcasting op read.
  Value sumTo(Value grad, Type target);
  /// `x` with `axes` re-inserted as size-1 dimensions (a reduction's result
  /// gradient, before it broadcasts back).
  Value insertAxes(Value x, ArrayRef<int64_t> axes, int64_t rank);
  Value dimshuffle(Value a, ArrayRef<int64_t> pattern);
  /// Ones of `matrix`'s element type on and below (`lower`) or on and above
  /// its diagonal, zeros elsewhere, in its shape.
  Value triangle(Value matrix, bool lower);
  /// Ones on `matrix`'s diagonal, zeros elsewhere, in its shape.
  Value diagonalMask(Value matrix);
  /// `a` read backwards along `axis`.
  Value reverse(Value a, int64_t axis);
  /// `x[start:stop]` along its first axis; `start` and `stop` are int64
  /// scalars, null where left out.
  Value rows(Value x, Value start, Value stop);
  /// `x[index]`: one row of `x`, without its first axis.
  Value row(Value x, int64_t index);
  Value concatenate(ValueRange values, int64_t axis);
  /// The size of `x` along `axis`, as an int64 scalar.
  Value size(Value x, int64_t axis);
  /// An int64 scalar constant.
  Value integer(int64_t value);
  Value minimum(Value a, Value b);
  /// `gradient` with the type of `like` (its value), which may be more
  /// static: a reshape to `like`'s shape, itself differentiable.
  Value asTypeOf(Value gradient, Value like);
  /// The cumulative sum of `a` along `axis`.
  Value cumsum(Value a, int64_t axis);
  Value transpose(Value matrix);
  Value dot(Value a, Value b);
  /// `value` reduced to rank 0.
  Value sumAll(Value value);
  /// The sum and product of `value` along `axes`, keeping them.
  Value sum(Value value, ArrayRef<int64_t> axes);
  Value prod(Value value, ArrayRef<int64_t> axes);

private:
  OpBuilder &builder;
  Location loc;
};

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_GRADIENTBUILDER_H
