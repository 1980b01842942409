//===- LoweringUtils.h - Shared helpers of the tessera lowering -*- C++ -*-===//

#ifndef TESSERA_LIB_CONVERSION_LOWERINGUTILS_H
#define TESSERA_LIB_CONVERSION_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

namespace mlir::tessera {

/// "tessera.add (created at model.py:12)": how run-time errors name an op.
std::string describeOp(Operation *op);

/// Emits a `tessera.check` that `lhs == rhs` (index values). `message` may
/// use {lhs} and {rhs}.
void checkEqual(OpBuilder &b, Location loc, Value lhs, Value rhs,
                const Twine &message);

/// Emits a `tessera.check` of `condition`; `message` may use {lhs}/{rhs}.
void checkThat(OpBuilder &b, Location loc, Value condition, Value lhs,
               Value rhs, const Twine &message,
               CheckKind kind = CheckKind::value);

/// `tensor.dim` of `value`, or a constant for a static size.
Value dimOf(OpBuilder &b, Location loc, Value value, int64_t dim);

/// Every size of `value`, as index values.
SmallVector<Value> dimsOf(OpBuilder &b, Location loc, Value value);

/// The kept dimensions of `x` (shape and sizes) after reducing `axes`.
void keptDims(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes,
              SmallVectorImpl<int64_t> &shape, SmallVectorImpl<Value> &sizes);

/// A tensor of `shape` (dynamic sizes from `sizes`) filled with `value`.
Value filledTensor(OpBuilder &b, Location loc, Value value,
                   ArrayRef<int64_t> shape, ArrayRef<Value> sizes);

/// The element of a rank-0 tensor, as an index when `asIndex`.
Value scalarOf(OpBuilder &b, Location loc, Value rank0, bool asIndex = false);

/// The greatest (`maximum`) or least element of an integer tensor, as an
/// index; of an empty one, the lowest or the highest value of its type, so
/// that checks of a bound pass.
Value integerExtremum(OpBuilder &b, Location loc, Value values, bool maximum);

/// The additive identity, or the lowest value (-inf for floats) of `type`.
Value zeroOf(OpBuilder &b, Location loc, Type type);
Value lowestOf(OpBuilder &b, Location loc, Type type);

/// A tensor.empty of `type` whose dynamic sizes are `dims[i]` for each dynamic
/// dimension i (`dims` holds one size per dimension).
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<Value> dims);

/// The element type that holds `type`'s elements in a lowered tensor.
Type storageElementType(Type element);

void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateContractionLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateReductionLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateShapeLoweringPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);
void populateNNetLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateIndexingLoweringPatterns(const TypeConverter &converter,
                                      RewritePatternSet &patterns);
void populateSortLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateLinearAlgebraLoweringPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);

} // namespace mlir::tessera

#endif // TESSERA_LIB_CONVERSION_LOWERINGUTILS_H
