//===- ShapeInference.h - Theano's typing rules for tessera ops -*- C++ -*-===//
//
// The result-type rules that the ops' InferTypeOpInterface implementations
// share. They are the C++ side of the rules pinned in API.md; the Python
// builder applies the same rules, and tests check that the two agree.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_DIALECT_SHAPEINFERENCE_H
#define TESSERA_DIALECT_SHAPEINFERENCE_H

#include "mlir/IR/Location.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir::tessera {

/// Theano broadcasting of operands of one rank: a result dimension is 1 when
/// every operand has a static 1 there, else the static size some operand has
/// (operands with other static sizes than 1 must agree), else dynamic.
LogicalResult broadcastShapes(std::optional<Location> location,
                              StringRef opName, TypeRange operandTypes,
                              SmallVectorImpl<int64_t> &shape);

/// An elementwise op's result type: the broadcast shape of operands of one
/// element type, with that element type or `resultElementType` if given.
LogicalResult inferElementwiseType(std::optional<Location> location,
                                   StringRef opName, TypeRange operandTypes,
                                   SmallVectorImpl<Type> &inferred,
                                   Type resultElementType = {});

/// `switch(condition, onTrue, onFalse)`: a bool condition and two operands of
/// one element type, all broadcast together.
LogicalResult inferSwitchType(std::optional<Location> location,
                              TypeRange operandTypes,
                              SmallVectorImpl<Type> &inferred);

/// `sum`/`max` of `x` along sorted, distinct, in-range `axes`.
LogicalResult inferReductionType(std::optional<Location> location,
                                 StringRef opName, Type x,
                                 ArrayRef<int64_t> axes, bool keepdims,
                                 SmallVectorImpl<Type> &inferred);

/// `dimshuffle` of `x` by `pattern` (-1 inserts a size-1 dimension).
LogicalResult inferDimShuffleType(std::optional<Location> location, Type x,
                                  ArrayRef<int64_t> pattern,
                                  SmallVectorImpl<Type> &inferred);

/// Theano's `dot` of vectors and matrices (ranks 1 or 2 each).
LogicalResult inferDotType(std::optional<Location> location, Type lhs,
                           Type rhs, SmallVectorImpl<Type> &inferred);

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_SHAPEINFERENCE_H
