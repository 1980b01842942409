//===- ShapeInference.h - Theano's typing rules for tessera ops -*- C++ -*-===//
//
// The result-type rules of the tessera ops: the one definition of Theano's
// typing (docs/api.md). The ops' InferTypeOpInterface implementations call
// them, and the Python builder reaches the same implementations through
// `tessera::inferResultTypes` (tessera/CAPI.h), so it holds no rule of its own.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_DIALECT_SHAPEINFERENCE_H
#define TESSERA_DIALECT_SHAPEINFERENCE_H

#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/SmallVector.h"
#include <limits>
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

/// A reduction of `x` along sorted, distinct, in-range `axes`: one result of
/// `x`'s element type, and with `indexResult` also an int64 one (the
/// positions of arg-reductions).
LogicalResult inferReductionType(std::optional<Location> location,
                                 StringRef opName, Type x,
                                 ArrayRef<int64_t> axes, bool keepdims,
                                 bool indexResult,
                                 SmallVectorImpl<Type> &inferred);

/// A loss per row of `x` against integer `labels` (one per row: `x`'s shape
/// without its last dimension): `x`'s element type in `labels`' shape; the
/// known sizes of `x` and `labels` must agree.
LogicalResult inferRowLossType(std::optional<Location> location,
                               StringRef opName, Type x, Type labels,
                               SmallVectorImpl<Type> &inferred);

/// `reshape(x, shape)`: the rank is `shapeType`'s static length; the sizes
/// are static where `constantShape` (if known) gives them, with a -1
/// resolved when `x`'s sizes are all static. Rejects constant shapes with
/// several -1s, sizes below -1, or another number of elements than `x`'s.
LogicalResult inferReshapeType(std::optional<Location> location, Type x,
                               Type shapeType,
                               std::optional<ArrayRef<int64_t>> constantShape,
                               SmallVectorImpl<Type> &inferred);

/// `alloc(value, sizes...)`: a tensor of `value`'s element type with one
/// dimension per size, static where the size is a known constant (which
/// must not be negative).
LogicalResult inferAllocType(std::optional<Location> location, Type value,
                             ArrayRef<std::optional<int64_t>> sizes,
                             SmallVectorImpl<Type> &inferred);

/// Result types an op may declare where inference gives `inferred`: the same
/// element types and ranks, with static sizes where inference has dynamic
/// ones (found after folding; the lowerings check them at run time).
bool isRefinementOf(TypeRange declared, TypeRange inferred);

/// Result types an op whose sizes come from operands may declare: the same
/// element types and ranks, the sizes equal where both are static. Declared
/// sizes may be more static than inferred ones (found after folding; the
/// lowerings check them at run time) or less (declared before folding made
/// an operand constant).
bool isCompatibleWith(TypeRange declared, TypeRange inferred);

/// A row of the stacked type `stacked`: it without its leading dimension
/// (the step values of a scan's sequences and stacked results).
RankedTensorType rowTypeOf(Type stacked);

/// `row` with a leading dimension of `size`: stacked steps.
RankedTensorType stackedTypeOf(Type row, int64_t size = ShapedType::kDynamic);

/// `dimshuffle` of `x` by `pattern` (-1 inserts a size-1 dimension).
LogicalResult inferDimShuffleType(std::optional<Location> location, Type x,
                                  ArrayRef<int64_t> pattern,
                                  SmallVectorImpl<Type> &inferred);

/// `rebroadcast` of `x` to the flags `broadcastable` (static size-1 where
/// set; a static size other than 1 cannot become broadcastable).
LogicalResult inferRebroadcastType(std::optional<Location> location, Type x,
                                   ArrayRef<bool> broadcastable,
                                   SmallVectorImpl<Type> &inferred);

/// `concatenate` of `inputs` along `axis`: one rank and element type, known
/// sizes that agree off the axis, the sum along it (dynamic unless all are
/// known, and not a computed 1).
LogicalResult inferConcatenateType(std::optional<Location> location,
                                   TypeRange inputs, int64_t axis,
                                   SmallVectorImpl<Type> &inferred);

/// Theano's `dot` of vectors and matrices (ranks 1 or 2 each).
LogicalResult inferDotType(std::optional<Location> location, Type lhs, Type rhs,
                           SmallVectorImpl<Type> &inferred);

/// The entry of a basic index (`tessera.subtensor` and its updates) that
/// stands for a bound left out (Python's None); `ShapedType::kDynamic` stands
/// for a bound given by an operand.
constexpr int64_t kOmittedBound = std::numeric_limits<int64_t>::max();

/// The selection of basic indexing of `x` by `starts:stops:steps` (an integer
/// where the step is 0; `numBounds` operands give the dynamic entries): the
/// rank of the kept dimensions, static sizes where the input's size and the
/// entry are, except a size 1 where the input's is not (Theano's
/// broadcastable flags).
LogicalResult inferSubtensorType(std::optional<Location> location,
                                 StringRef opName, Type x,
                                 ArrayRef<int64_t> starts,
                                 ArrayRef<int64_t> stops,
                                 ArrayRef<int64_t> steps, size_t numBounds,
                                 SmallVectorImpl<Type> &inferred);

/// The gather of `x` by advanced `indices` over its axes from `axis` on:
/// integer arrays of one rank (broadcast together), or one boolean mask.
LogicalResult inferAdvancedSubtensorType(std::optional<Location> location,
                                         StringRef opName, Type x,
                                         TypeRange indices, int64_t axis,
                                         SmallVectorImpl<Type> &inferred);

/// The verifiers of the set/inc forms: the selection is well formed, and `y`
/// has its rank, `x`'s element type, and static sizes of 1 or the
/// selection's.
LogicalResult verifySubtensorUpdate(Operation *op, Type x, Type y,
                                    ArrayRef<int64_t> starts,
                                    ArrayRef<int64_t> stops,
                                    ArrayRef<int64_t> steps, size_t numBounds);
LogicalResult verifyAdvancedSubtensorUpdate(Operation *op, Type x, Type y,
                                            TypeRange indices, int64_t axis);

/// Theano's `batched_dot`: a shared leading (batch) dimension, then `dot`
/// of the vectors or matrices (operands of rank 2 or 3).
LogicalResult inferBatchedDotType(std::optional<Location> location, Type lhs,
                                  Type rhs, SmallVectorImpl<Type> &inferred);

} // namespace mlir::tessera

#endif // TESSERA_DIALECT_SHAPEINFERENCE_H
