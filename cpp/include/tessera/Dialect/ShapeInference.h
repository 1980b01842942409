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

/// Theano broadcasting of operands of one rank and one element type: a result
/// dimension is 1 when every operand has a static 1 there, else the static
/// size some operand has (operands with other static sizes than 1 must agree),
/// else dynamic.
LogicalResult inferElementwiseType(std::optional<Location> location,
                                   StringRef opName, TypeRange operandTypes,
                                   SmallVectorImpl<Type> &inferred);

/// Theano's `dot` of vectors and matrices (ranks 1 or 2 each).
LogicalResult inferDotType(std::optional<Location> location, Type lhs,
                           Type rhs, SmallVectorImpl<Type> &inferred);

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_SHAPEINFERENCE_H
