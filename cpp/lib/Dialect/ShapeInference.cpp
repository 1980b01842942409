//===- ShapeInference.cpp - Theano's typing rules for tessera ops ---------===//

#include "tessera/Dialect/ShapeInference.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

LogicalResult tessera::broadcastShapes(std::optional<Location> location,
                                       StringRef opName, TypeRange operandTypes,
                                       SmallVectorImpl<int64_t> &shape) {
  if (operandTypes.empty())
    return emitOptionalError(location, "'", opName,
                             "' needs at least one operand");
  auto first = cast<RankedTensorType>(operandTypes.front());
  shape.assign(first.getRank(), 1);
  for (Type type : operandTypes) {
    auto tensor = cast<RankedTensorType>(type);
    if (tensor.getRank() != first.getRank())
      return emitOptionalError(
          location, "'", opName, "' operand types ", first, " and ", tensor,
          " have different ranks; dimshuffle the lower-rank operand first");
    for (auto [dim, size] : llvm::enumerate(tensor.getShape())) {
      int64_t &result = shape[dim];
      if (size == 1)
        continue; // Broadcasts (or is the 1 that everyone else has).
      if (ShapedType::isDynamic(size)) {
        if (result == 1)
          result = ShapedType::kDynamic;
        continue;
      }
      if (!ShapedType::isDynamic(result) && result != 1 && result != size)
        return emitOptionalError(location, "'", opName, "' operand types ",
                                 first, " and ", tensor,
                                 " have incompatible sizes in dimension ", dim,
                                 " (", result, " vs ", size, ")");
      result = size;
    }
  }
  return success();
}

LogicalResult tessera::inferElementwiseType(std::optional<Location> location,
                                            StringRef opName,
                                            TypeRange operandTypes,
                                            SmallVectorImpl<Type> &inferred,
                                            Type resultElementType) {
  SmallVector<int64_t> shape;
  if (failed(broadcastShapes(location, opName, operandTypes, shape)))
    return failure();
  auto first = cast<RankedTensorType>(operandTypes.front());
  for (Type type : operandTypes)
    if (cast<RankedTensorType>(type).getElementType() != first.getElementType())
      return emitOptionalError(
          location, "'", opName, "' operand types ", first, " and ", type,
          " have different element types; cast one operand first");
  inferred.push_back(RankedTensorType::get(
      shape, resultElementType ? resultElementType : first.getElementType()));
  return success();
}

LogicalResult tessera::inferSwitchType(std::optional<Location> location,
                                       TypeRange operandTypes,
                                       SmallVectorImpl<Type> &inferred) {
  SmallVector<Type> inferredBranches;
  if (failed(inferElementwiseType(location, "tessera.switch",
                                  operandTypes.drop_front(), inferredBranches)))
    return failure();
  SmallVector<int64_t> shape;
  if (failed(broadcastShapes(location, "tessera.switch", operandTypes, shape)))
    return failure();
  inferred.push_back(RankedTensorType::get(
      shape, cast<RankedTensorType>(inferredBranches[0]).getElementType()));
  return success();
}

LogicalResult tessera::inferReductionType(std::optional<Location> location,
                                          StringRef opName, Type xType,
                                          ArrayRef<int64_t> axes, bool keepdims,
                                          bool indexResult,
                                          SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= x.getRank())
      return emitOptionalError(location, "'", opName, "' axis ", axis,
                               " is out of range for ", x);
    if (i > 0 && axes[i - 1] >= axis)
      return emitOptionalError(location, "'", opName,
                               "' axes must be sorted and distinct");
  }
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < x.getRank(); ++dim) {
    if (!llvm::is_contained(axes, dim))
      shape.push_back(x.getDimSize(dim));
    else if (keepdims)
      shape.push_back(1);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  if (indexResult)
    inferred.push_back(
        RankedTensorType::get(shape, IntegerType::get(x.getContext(), 64)));
  return success();
}

LogicalResult tessera::inferRowLossType(std::optional<Location> location,
                                        StringRef opName, Type xType,
                                        Type labelsType,
                                        SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  auto labels = cast<RankedTensorType>(labelsType);
  if (x.getRank() == 0 || labels.getRank() != x.getRank() - 1)
    return emitOptionalError(location, "'", opName,
                             "' needs one label per row: ", labels,
                             " does not index the rows of ", x);
  for (int64_t dim = 0; dim < labels.getRank(); ++dim)
    if (!ShapedType::isDynamic(x.getDimSize(dim)) &&
        !ShapedType::isDynamic(labels.getDimSize(dim)) &&
        x.getDimSize(dim) != labels.getDimSize(dim))
      return emitOptionalError(location, "'", opName, "' operand types ", x,
                               " and ", labels, " disagree in dimension ", dim);
  SmallVector<int64_t> shape;
  for (int64_t dim = 0; dim < labels.getRank(); ++dim)
    shape.push_back(ShapedType::isDynamic(x.getDimSize(dim))
                        ? labels.getDimSize(dim)
                        : x.getDimSize(dim));
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult tessera::inferDimShuffleType(std::optional<Location> location,
                                           Type xType,
                                           ArrayRef<int64_t> pattern,
                                           SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  SmallVector<bool> used(x.getRank(), false);
  SmallVector<int64_t> shape;
  for (int64_t entry : pattern) {
    if (entry == -1) {
      shape.push_back(1);
      continue;
    }
    if (entry < 0 || entry >= x.getRank() || used[entry])
      return emitOptionalError(location, "'tessera.dimshuffle' pattern entry ",
                               entry, " is out of range or repeated for ", x);
    used[entry] = true;
    shape.push_back(x.getDimSize(entry));
  }
  for (int64_t dim = 0; dim < x.getRank(); ++dim)
    if (!used[dim] && x.getDimSize(dim) != 1)
      return emitOptionalError(
          location, "'tessera.dimshuffle' drops dimension ", dim, " of ", x,
          ", which is not a broadcastable (size-1) one");
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult tessera::inferRebroadcastType(std::optional<Location> location,
                                            Type xType,
                                            ArrayRef<bool> broadcastable,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  if (static_cast<int64_t>(broadcastable.size()) != x.getRank())
    return emitOptionalError(location,
                             "'tessera.rebroadcast' needs one flag "
                             "per dimension of ",
                             x);
  SmallVector<int64_t> shape;
  for (auto [dim, flag] : llvm::enumerate(broadcastable)) {
    int64_t size = x.getDimSize(dim);
    if (flag && !ShapedType::isDynamic(size) && size != 1)
      return emitOptionalError(location,
                               "'tessera.rebroadcast' cannot make "
                               "dimension ",
                               dim, " of ", x, " broadcastable: its size is ",
                               size, ", not 1");
    shape.push_back(flag ? 1 : size == 1 ? ShapedType::kDynamic : size);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult tessera::inferConcatenateType(std::optional<Location> location,
                                            TypeRange inputs, int64_t axis,
                                            SmallVectorImpl<Type> &inferred) {
  if (inputs.empty())
    return emitOptionalError(location,
                             "'tessera.concatenate' needs at least one input");
  auto first = cast<RankedTensorType>(inputs.front());
  if (axis < 0 || axis >= first.getRank())
    return emitOptionalError(location, "'tessera.concatenate' axis ", axis,
                             " is out of range for ", first);
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Type type : inputs) {
    auto input = cast<RankedTensorType>(type);
    if (input.getRank() != first.getRank() ||
        input.getElementType() != first.getElementType())
      return emitOptionalError(location, "'tessera.concatenate' inputs ", first,
                               " and ", input,
                               " differ in rank or element type");
    for (auto [dim, size] : llvm::enumerate(input.getShape())) {
      int64_t &result = shape[dim];
      if (static_cast<int64_t>(dim) == axis) {
        result = ShapedType::isDynamic(size) || ShapedType::isDynamic(result)
                     ? ShapedType::kDynamic
                     : result + size;
        continue;
      }
      if (ShapedType::isDynamic(size))
        continue;
      if (!ShapedType::isDynamic(result) && result != size)
        return emitOptionalError(location, "'tessera.concatenate' inputs ",
                                 first, " and ", input,
                                 " differ in the size of dimension ", dim);
      result = size;
    }
  }
  if (shape[axis] == 1 && inputs.size() > 1)
    shape[axis] = ShapedType::kDynamic; // A computed 1 is not broadcastable.
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult tessera::inferDotType(std::optional<Location> location,
                                    Type lhsType, Type rhsType,
                                    SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(lhsType);
  auto rhs = cast<RankedTensorType>(rhsType);
  if (lhs.getElementType() != rhs.getElementType())
    return emitOptionalError(location, "'tessera.dot' operand types ", lhs,
                             " and ", rhs,
                             " have different element types; cast one first");
  auto isVectorOrMatrix = [](RankedTensorType t) {
    return t.getRank() == 1 || t.getRank() == 2;
  };
  if (!isVectorOrMatrix(lhs) || !isVectorOrMatrix(rhs))
    return emitOptionalError(location,
                             "'tessera.dot' takes vectors and "
                             "matrices, got operand types ",
                             lhs, " and ", rhs);
  int64_t lhsContracted = lhs.getShape().back();
  int64_t rhsContracted = rhs.getShape().front();
  if (!ShapedType::isDynamic(lhsContracted) &&
      !ShapedType::isDynamic(rhsContracted) && lhsContracted != rhsContracted)
    return emitOptionalError(location, "'tessera.dot' operand types ", lhs,
                             " and ", rhs, " have contracted sizes ",
                             lhsContracted, " and ", rhsContracted,
                             " that differ");
  SmallVector<int64_t> shape(lhs.getShape().drop_back());
  llvm::append_range(shape, rhs.getShape().drop_front());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

LogicalResult tessera::inferBatchedDotType(std::optional<Location> location,
                                           Type lhsType, Type rhsType,
                                           SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(lhsType);
  auto rhs = cast<RankedTensorType>(rhsType);
  auto batchedVectorOrMatrix = [](RankedTensorType t) {
    return t.getRank() == 2 || t.getRank() == 3;
  };
  if (!batchedVectorOrMatrix(lhs) || !batchedVectorOrMatrix(rhs))
    return emitOptionalError(location,
                             "'tessera.batched_dot' takes batches of vectors "
                             "and matrices (ranks 2 and 3), got ",
                             lhs, " and ", rhs);
  int64_t lhsBatch = lhs.getDimSize(0), rhsBatch = rhs.getDimSize(0);
  if (!ShapedType::isDynamic(lhsBatch) && !ShapedType::isDynamic(rhsBatch) &&
      lhsBatch != rhsBatch)
    return emitOptionalError(location, "'tessera.batched_dot' operand types ",
                             lhs, " and ", rhs, " have batch sizes ", lhsBatch,
                             " and ", rhsBatch, " that differ");
  SmallVector<Type> perBatch;
  if (failed(inferDotType(location,
                          RankedTensorType::get(lhs.getShape().drop_front(),
                                                lhs.getElementType()),
                          RankedTensorType::get(rhs.getShape().drop_front(),
                                                rhs.getElementType()),
                          perBatch)))
    return failure();
  SmallVector<int64_t> shape = {ShapedType::isDynamic(lhsBatch) ? rhsBatch
                                                                : lhsBatch};
  llvm::append_range(shape, cast<RankedTensorType>(perBatch[0]).getShape());
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

LogicalResult
tessera::inferReshapeType(std::optional<Location> location, Type xType,
                          Type shapeType,
                          std::optional<ArrayRef<int64_t>> constantShape,
                          SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  int64_t rank = cast<RankedTensorType>(shapeType).getDimSize(0);
  if (ShapedType::isDynamic(rank))
    return emitOptionalError(location,
                             "'tessera.reshape' needs a shape operand of "
                             "static length (the result's rank), got ",
                             shapeType);
  SmallVector<int64_t> sizes(rank, ShapedType::kDynamic);
  if (constantShape) {
    auto wildcards = llvm::count(*constantShape, -1);
    if (wildcards > 1 ||
        llvm::any_of(*constantShape, [](int64_t s) { return s < -1; }))
      return emitOptionalError(
          location, "'tessera.reshape' cannot reshape to (",
          llvm::make_range(constantShape->begin(), constantShape->end()),
          "): at most one size may be -1 and none may be below it");
    int64_t known = 1;
    for (auto [dim, size] : llvm::enumerate(*constantShape)) {
      if (size == -1)
        continue;
      sizes[dim] = size;
      known *= size;
    }
    if (x.hasStaticShape()) {
      int64_t count = x.getNumElements();
      auto wildcard = llvm::find(*constantShape, -1);
      if (wildcard != constantShape->end() && known != 0 && count % known == 0)
        sizes[wildcard - constantShape->begin()] = count / known;
      if (llvm::any_of(sizes, ShapedType::isDynamic) ||
          ShapedType::getNumElements(sizes) != count)
        return emitOptionalError(
            location, "'tessera.reshape' cannot reshape ", x, " (", count,
            " elements) to (",
            llvm::make_range(constantShape->begin(), constantShape->end()),
            ")");
    }
  }
  inferred.push_back(RankedTensorType::get(sizes, x.getElementType()));
  return success();
}

LogicalResult tessera::inferAllocType(std::optional<Location> location,
                                      Type valueType,
                                      ArrayRef<std::optional<int64_t>> sizes,
                                      SmallVectorImpl<Type> &inferred) {
  auto value = cast<RankedTensorType>(valueType);
  if (value.getRank() != 0)
    return emitOptionalError(
        location, "'tessera.alloc' fills with a rank-0 value, got ", value);
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    if (size && *size < 0)
      return emitOptionalError(location, "'tessera.alloc' size ", *size,
                               " of dimension ", dim, " is negative");
    shape.push_back(size ? *size : ShapedType::kDynamic);
  }
  inferred.push_back(RankedTensorType::get(shape, value.getElementType()));
  return success();
}

RankedTensorType tessera::rowTypeOf(Type stacked) {
  auto tensor = cast<RankedTensorType>(stacked);
  return RankedTensorType::get(tensor.getShape().drop_front(),
                               tensor.getElementType());
}

RankedTensorType tessera::stackedTypeOf(Type row, int64_t size) {
  auto tensor = cast<RankedTensorType>(row);
  SmallVector<int64_t> shape = {size};
  llvm::append_range(shape, tensor.getShape());
  return RankedTensorType::get(shape, tensor.getElementType());
}

/// Whether `declared` and `inferred` pair up as ranked tensors of the same
/// element types and ranks whose shapes `shapesAgree` accepts.
static bool pairwise(TypeRange declared, TypeRange inferred,
                     function_ref<bool(ArrayRef<int64_t>, ArrayRef<int64_t>)>
                         shapesAgree) {
  if (declared.size() != inferred.size())
    return false;
  for (auto [d, i] : llvm::zip(declared, inferred)) {
    auto dt = dyn_cast<RankedTensorType>(d), it = dyn_cast<RankedTensorType>(i);
    if (!dt || !it || dt.getElementType() != it.getElementType() ||
        dt.getRank() != it.getRank() ||
        !shapesAgree(dt.getShape(), it.getShape()))
      return false;
  }
  return true;
}

bool tessera::isRefinementOf(TypeRange declared, TypeRange inferred) {
  return pairwise(declared, inferred, [](auto d, auto i) {
    for (auto [ds, is] : llvm::zip(d, i))
      if (!ShapedType::isDynamic(is) && ds != is)
        return false;
    return true;
  });
}

bool tessera::isCompatibleWith(TypeRange declared, TypeRange inferred) {
  return pairwise(declared, inferred, [](auto d, auto i) {
    return succeeded(verifyCompatibleShape(d, i));
  });
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

namespace {

/// The number of elements NumPy's slice `start:stop:step` selects from `size`
/// elements (`kOmittedBound` for a bound left out); `step` is not 0.
int64_t sliceLength(int64_t size, int64_t start, int64_t stop, int64_t step) {
  bool backwards = step < 0;
  auto clamp = [&](int64_t bound, int64_t omitted) {
    if (bound == tessera::kOmittedBound)
      return omitted;
    if (bound < 0)
      return std::max(bound + size, backwards ? int64_t(-1) : int64_t(0));
    return std::min(bound, backwards ? size - 1 : size);
  };
  int64_t first = clamp(start, backwards ? size - 1 : 0);
  int64_t last = clamp(stop, backwards ? -1 : size);
  if (backwards)
    return last < first ? (first - last - 1) / -step + 1 : 0;
  return first < last ? (last - first - 1) / step + 1 : 0;
}

/// The selection's shape; fails naming what is malformed.
LogicalResult subtensorShape(std::optional<Location> location, StringRef opName,
                             RankedTensorType x, ArrayRef<int64_t> starts,
                             ArrayRef<int64_t> stops, ArrayRef<int64_t> steps,
                             size_t numBounds,
                             SmallVectorImpl<int64_t> &shape) {
  int64_t rank = x.getRank();
  if (static_cast<int64_t>(starts.size()) != rank ||
      static_cast<int64_t>(stops.size()) != rank ||
      static_cast<int64_t>(steps.size()) != rank)
    return emitOptionalError(
        location, "'", opName,
        "' needs one start, stop and step per dimension of ", x);
  size_t dynamic = llvm::count(starts, ShapedType::kDynamic) +
                   llvm::count(stops, ShapedType::kDynamic) +
                   llvm::count(steps, ShapedType::kDynamic);
  if (dynamic != numBounds)
    return emitOptionalError(location, "'", opName, "' has ", numBounds,
                             " bound operands for ", dynamic,
                             " dynamic entries");
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t size = x.getDimSize(dim);
    int64_t start = starts[dim], stop = stops[dim], step = steps[dim];
    if (step == tessera::kOmittedBound)
      step = 1;
    if (step == 0) { // An integer index: the dimension goes.
      if (start == tessera::kOmittedBound || stop != tessera::kOmittedBound)
        return emitOptionalError(location, "'", opName, "' dimension ", dim,
                                 " has step 0 (an integer index) but no start "
                                 "or a stop");
      if (!ShapedType::isDynamic(size) && !ShapedType::isDynamic(start) &&
          (start < -size || start >= size))
        return emitOptionalError(location, "'", opName, "' index ", start,
                                 " is out of bounds for axis ", dim,
                                 " with size ", size);
      continue;
    }
    bool full =
        start == tessera::kOmittedBound && stop == tessera::kOmittedBound;
    if (full && (size == 1 || step == 1)) {
      shape.push_back(size);
      continue;
    }
    if (ShapedType::isDynamic(size) || ShapedType::isDynamic(start) ||
        ShapedType::isDynamic(stop) || ShapedType::isDynamic(step)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t length = sliceLength(size, start, stop, step);
    // A computed length of 1 is not a broadcastable dimension (Theano).
    shape.push_back(length == 1 && size != 1 ? ShapedType::kDynamic : length);
  }
  return success();
}

} // namespace

LogicalResult
tessera::inferSubtensorType(std::optional<Location> location, StringRef opName,
                            Type xType, ArrayRef<int64_t> starts,
                            ArrayRef<int64_t> stops, ArrayRef<int64_t> steps,
                            size_t numBounds, SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  SmallVector<int64_t> shape;
  if (failed(subtensorShape(location, opName, x, starts, stops, steps,
                            numBounds, shape)))
    return failure();
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult tessera::inferAdvancedSubtensorType(
    std::optional<Location> location, StringRef opName, Type xType,
    TypeRange indices, int64_t axis, SmallVectorImpl<Type> &inferred) {
  auto x = cast<RankedTensorType>(xType);
  if (indices.empty())
    return emitOptionalError(location, "'", opName, "' needs an index");
  auto first = cast<RankedTensorType>(indices.front());
  bool mask = first.getElementType().isInteger(1);
  int64_t covered = mask ? first.getRank() : indices.size();
  if (mask && indices.size() != 1)
    return emitOptionalError(location, "'", opName,
                             "' takes one boolean mask or integer arrays");
  if (axis < 0 || axis + covered > x.getRank())
    return emitOptionalError(location, "'", opName, "' cannot index ", covered,
                             " axes from axis ", axis, " of ", x);
  SmallVector<int64_t> indexShape;
  if (mask) {
    for (int64_t dim = 0; dim < covered; ++dim) {
      int64_t size = x.getDimSize(axis + dim), maskSize = first.getDimSize(dim);
      if (!ShapedType::isDynamic(size) && !ShapedType::isDynamic(maskSize) &&
          size != maskSize)
        return emitOptionalError(location, "'", opName,
                                 "' boolean index did not match indexed array "
                                 "along axis ",
                                 axis + dim, "; size of axis is ", size,
                                 " but size of corresponding boolean axis is ",
                                 maskSize);
    }
    indexShape.push_back(ShapedType::kDynamic);
  } else {
    for (Type index : indices)
      if (cast<RankedTensorType>(index).getElementType().isInteger(1))
        return emitOptionalError(location, "'", opName,
                                 "' takes one boolean mask or integer arrays");
    if (failed(broadcastShapes(location, opName, indices, indexShape)))
      return failure();
  }
  SmallVector<int64_t> shape(x.getShape().take_front(axis));
  llvm::append_range(shape, indexShape);
  llvm::append_range(shape, x.getShape().drop_front(axis + covered));
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

namespace {

/// `y` has `selection`'s rank and element type, and static sizes of 1 or the
/// selection's.
LogicalResult verifyUpdateValue(Operation *op, RankedTensorType selection,
                                Type yType) {
  auto y = cast<RankedTensorType>(yType);
  if (y.getElementType() != selection.getElementType() ||
      y.getRank() != selection.getRank())
    return op->emitOpError("updates a selection of type ")
           << selection << " with " << y
           << "; the value needs the selection's rank and element type";
  for (auto [dim, size] : llvm::enumerate(y.getShape())) {
    int64_t selected = selection.getDimSize(dim);
    if (size != 1 && !ShapedType::isDynamic(size) &&
        !ShapedType::isDynamic(selected) && size != selected)
      return op->emitOpError("updates a selection of type ")
             << selection << " with " << y << ", whose dimension " << dim
             << " neither broadcasts nor has the selection's size";
  }
  return success();
}

} // namespace

LogicalResult tessera::verifySubtensorUpdate(Operation *op, Type x, Type y,
                                             ArrayRef<int64_t> starts,
                                             ArrayRef<int64_t> stops,
                                             ArrayRef<int64_t> steps,
                                             size_t numBounds) {
  SmallVector<Type> selection;
  if (failed(inferSubtensorType(op->getLoc(), op->getName().getStringRef(), x,
                                starts, stops, steps, numBounds, selection)))
    return failure();
  return verifyUpdateValue(op, cast<RankedTensorType>(selection[0]), y);
}

LogicalResult tessera::verifyAdvancedSubtensorUpdate(Operation *op, Type x,
                                                     Type y, TypeRange indices,
                                                     int64_t axis) {
  SmallVector<Type> selection;
  if (failed(inferAdvancedSubtensorType(op->getLoc(),
                                        op->getName().getStringRef(), x,
                                        indices, axis, selection)))
    return failure();
  return verifyUpdateValue(op, cast<RankedTensorType>(selection[0]), y);
}
