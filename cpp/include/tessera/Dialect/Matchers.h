//===- Matchers.h - What rewrites of tessera ops look for -------*- C++ -*-===//
//
// The questions the stability and simplification rewrites ask of values:
// which constant a value is (through the casts and dimshuffles that the
// Python builder wraps constants in), whether two values are computed alike,
// and which values a gradient op refers to.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_DIALECT_MATCHERS_H
#define TESSERA_DIALECT_MATCHERS_H

#include "mlir/IR/Value.h"

#include <optional>

namespace mlir::tessera {

/// The number every element of `value` holds when `value` is a constant
/// splat of a real or integer type, looking through tessera casts and
/// dimshuffles of it; nullopt otherwise.
std::optional<double> getSplatNumber(Value value);

/// Whether every element of `value` is the constant `number`.
bool isSplatOf(Value value, double number);

/// Whether `a` and `b` are the same value or computed by equivalent pure ops
/// from the same operands (two `exp(x)` built separately).
bool computeSame(Value a, Value b);

/// Whether a gradient op refers to `value` by identity (as a `wrt`, known or
/// constant value). Before `tessera-autodiff` expands the gradient, a rewrite
/// must not replace such a value nor make the cost stop reading it: the
/// gradient would then be that of another graph.
bool isGradientPoint(Value value);

/// Whether any of `values` is a gradient point.
bool anyGradientPoint(ArrayRef<Value> values);

/// `x` when `value` is `x - max(x)` along some axes (kept, or re-inserted by
/// a dimshuffle), the max possibly behind `zero_grad` or a guard against
/// infinities: a value already shifted for stability. Null otherwise.
Value getMaxShiftedInput(Value value);

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_MATCHERS_H
