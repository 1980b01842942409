//===- IndexingToLinalg.cpp - Slicing and gathering to tensor/linalg/scf --===//
//
// Basic indexing becomes tensor.extract_slice / insert_slice with positive
// strides: a slice with a negative step selects the elements of a slice
// with the opposite step, in reverse, so the lowering reverses them
// explicitly (upstream leaves negative strides unspecified). Advanced
// indexing gathers with a linalg.generic that reads `x` at the indexed
// positions, and scatters with a sequential scf.for nest over the index, so
// that repeated indices keep the last value (set) or accumulate (inc) in
// row-major order, as NumPy's assignment and `np.add.at` do. Every index is
// checked at run time before it is used.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Index arithmetic that folds where its operands are constants, so that a
/// static index costs nothing at run time.
class IndexMath {
public:
  IndexMath(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value constant(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value x, Value y) {
    return b.createOrFold<arith::AddIOp>(loc, x, y);
  }
  Value sub(Value x, Value y) {
    return b.createOrFold<arith::SubIOp>(loc, x, y);
  }
  Value mul(Value x, Value y) {
    return b.createOrFold<arith::MulIOp>(loc, x, y);
  }
  Value div(Value x, Value y) {
    return b.createOrFold<arith::DivSIOp>(loc, x, y);
  }
  Value cmp(arith::CmpIPredicate predicate, Value x, Value y) {
    return b.createOrFold<arith::CmpIOp>(loc, predicate, x, y);
  }
  Value both(Value x, Value y) {
    return b.createOrFold<arith::AndIOp>(loc, x, y);
  }
  Value select(Value condition, Value x, Value y) {
    return b.createOrFold<arith::SelectOp>(loc, condition, x, y);
  }
  /// `i` counted from the end of `size` elements when negative.
  Value wrap(Value i, Value size) {
    return select(cmp(arith::CmpIPredicate::slt, i, constant(0)), add(i, size),
                  i);
  }

private:
  OpBuilder &b;
  Location loc;
};

bool isStaticallyFalse(Value flag) {
  return !flag || matchPattern(flag, m_Zero());
}

/// The run-time checks that indices from `lowest` to `highest` lie in
/// [-size, size): IndexError naming the one out of range.
void checkIndices(OpBuilder &b, Operation *op, Value lowest, Value highest,
                  Value size, int64_t axis) {
  Location loc = op->getLoc();
  IndexMath m(b, loc);
  std::string message =
      ("In " + describeOp(op) + ": index {lhs} is out of bounds for axis " +
       Twine(axis) + " with size {rhs}")
          .str();
  checkThat(
      b, loc,
      m.cmp(arith::CmpIPredicate::sge, lowest, m.sub(m.constant(0), size)),
      lowest, size, message, CheckKind::index);
  checkThat(b, loc, m.cmp(arith::CmpIPredicate::slt, highest, size), highest,
            size, message, CheckKind::index);
}

//===----------------------------------------------------------------------===//
// Basic indexing
//===----------------------------------------------------------------------===//

/// What basic indexing selects along one dimension: `size` elements from
/// `offset` every `stride` (positive), read backwards where `reversed` (an
/// i1, null when statically false) holds; `dropped` for an integer index.
struct DimSelection {
  Value offset, size, stride, reversed;
  bool dropped = false;
};

/// NumPy's `slice.indices` and integer indexing of each dimension of `x`,
/// with the run-time checks of integers and dynamic steps.
SmallVector<DimSelection> selectBasic(OpBuilder &b, Operation *op, Value x,
                                      ValueRange bounds,
                                      ArrayRef<int64_t> starts,
                                      ArrayRef<int64_t> stops,
                                      ArrayRef<int64_t> steps) {
  Location loc = op->getLoc();
  IndexMath m(b, loc);
  using P = arith::CmpIPredicate;
  // Dynamic entries come from `bounds`: starts, then stops, then steps.
  auto next = bounds.begin();
  auto resolve = [&](ArrayRef<int64_t> entries) {
    SmallVector<Value> values;
    for (int64_t entry : entries) {
      if (entry == kOmittedBound)
        values.push_back(Value());
      else if (ShapedType::isDynamic(entry))
        values.push_back(scalarOf(b, loc, *next++, /*asIndex=*/true));
      else
        values.push_back(m.constant(entry));
    }
    return values;
  };
  SmallVector<Value> startValues = resolve(starts);
  SmallVector<Value> stopValues = resolve(stops);
  SmallVector<Value> stepValues = resolve(steps);

  Value zero = m.constant(0), one = m.constant(1), minusOne = m.constant(-1);
  SmallVector<DimSelection> selection;
  for (auto [dim, step] : llvm::enumerate(steps)) {
    Value size = dimOf(b, loc, x, dim);
    if (step == 0) { // An integer index.
      checkIndices(b, op, startValues[dim], startValues[dim], size, dim);
      selection.push_back(
          {m.wrap(startValues[dim], size), one, one, Value(), true});
      continue;
    }
    Value stepValue = stepValues[dim] ? stepValues[dim] : one;
    if (ShapedType::isDynamic(step))
      checkThat(b, loc, m.cmp(P::ne, stepValue, zero), stepValue, zero,
                "In " + describeOp(op) + ": the slice step of axis " +
                    Twine(dim) + " is zero");
    Value backwards = m.cmp(P::slt, stepValue, zero);
    Value last = m.sub(size, one);
    // A bound as `slice.indices` clamps it: into [0, size] going forwards,
    // [-1, size - 1] backwards.
    auto clamp = [&](Value bound, Value omitted) {
      if (!bound)
        return omitted;
      Value fromEnd = m.add(bound, size);
      Value below = m.select(backwards, minusOne, zero);
      Value above = m.select(backwards, last, size);
      return m.select(m.cmp(P::slt, bound, zero),
                      m.select(m.cmp(P::slt, fromEnd, zero), below, fromEnd),
                      m.select(m.cmp(P::sge, bound, size), above, bound));
    };
    Value first = clamp(startValues[dim], m.select(backwards, last, zero));
    Value end = clamp(stopValues[dim], m.select(backwards, minusOne, size));
    Value stride = m.select(backwards, m.sub(zero, stepValue), stepValue);
    Value span = m.select(backwards, m.sub(first, end), m.sub(end, first));
    Value count = m.select(m.cmp(P::sgt, span, zero),
                           m.add(m.div(m.sub(span, one), stride), one), zero);
    // Backwards, the lowest selected element is the last one read.
    Value lowest = m.select(
        backwards, m.sub(first, m.mul(m.sub(count, one), stride)), first);
    Value offset = m.select(m.cmp(P::eq, count, zero), zero, lowest);
    selection.push_back({offset, count, stride,
                         isStaticallyFalse(backwards) ? Value() : backwards});
  }
  return selection;
}

/// The static size of `value` where it is a constant.
int64_t staticSize(Value value) {
  std::optional<int64_t> constant = getConstantIntValue(value);
  return constant ? *constant : ShapedType::kDynamic;
}

/// The positive-stride window of basic indexing, for extract/insert_slice,
/// and the kept dimensions' sizes and reversal flags.
struct BasicWindow {
  SmallVector<OpFoldResult> offsets, sizes, strides;
  RankedTensorType type; // Of the kept dimensions.
  SmallVector<Value> keptSizes, reversed;
};

/// The window that basic indexing of `x` by `op`'s index selects, after its
/// run-time checks.
template <typename IndexingOp>
BasicWindow selectWindow(OpBuilder &b, IndexingOp op, Value x,
                         ValueRange bounds) {
  SmallVector<DimSelection> selection = selectBasic(
      b, op, x, bounds, op.getStarts(), op.getStops(), op.getSteps());
  BasicWindow window;
  SmallVector<int64_t> shape;
  for (const DimSelection &dim : selection) {
    window.offsets.push_back(getAsOpFoldResult(dim.offset));
    window.strides.push_back(getAsOpFoldResult(dim.stride));
    if (dim.dropped) {
      window.sizes.push_back(b.getIndexAttr(1));
      continue;
    }
    window.sizes.push_back(getAsOpFoldResult(dim.size));
    shape.push_back(staticSize(dim.size));
    window.keptSizes.push_back(dim.size);
    window.reversed.push_back(dim.reversed);
  }
  window.type = RankedTensorType::get(
      shape, cast<RankedTensorType>(x.getType()).getElementType());
  return window;
}

/// A tensor of `type` (sizes `sizes`) whose element at i is `source`'s at
/// i, read backwards along dimension d where `reversed[d]` holds, and at 0
/// along dimensions where `source` has size 1 and the result may not (a
/// broadcast).
Value readAligned(OpBuilder &b, Location loc, Value source,
                  RankedTensorType type, ArrayRef<Value> sizes,
                  ArrayRef<Value> reversed) {
  auto sourceType = cast<RankedTensorType>(source.getType());
  SmallVector<bool> broadcasts;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    broadcasts.push_back(sourceType.getDimSize(dim) == 1 &&
                         type.getDimSize(dim) != 1);
  bool moves =
      llvm::any_of(broadcasts, [](bool b) { return b; }) ||
      llvm::any_of(reversed, [](Value r) { return !isStaticallyFalse(r); });
  if (!moves)
    return sourceType == type ? source
                              : tensor::CastOp::create(b, loc, type, source);
  Value init = emptyTensor(b, loc, type, sizes);
  int64_t rank = type.getRank();
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{}, ValueRange{init},
             ArrayRef<AffineMap>{
                 AffineMap::getMultiDimIdentityMap(rank, b.getContext())},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location bodyLoc, ValueRange) {
               IndexMath m(nested, bodyLoc);
               SmallVector<Value> position;
               for (int64_t dim = 0; dim < rank; ++dim) {
                 Value i = linalg::IndexOp::create(nested, bodyLoc, dim);
                 if (broadcasts[dim])
                   i = m.constant(0);
                 else if (!isStaticallyFalse(reversed[dim]))
                   i = m.select(reversed[dim],
                                m.sub(m.sub(sizes[dim], m.constant(1)), i), i);
                 position.push_back(i);
               }
               Value element =
                   tensor::ExtractOp::create(nested, bodyLoc, source, position);
               linalg::YieldOp::create(nested, bodyLoc, element);
             })
      .getResult(0);
}

/// `a + b` elementwise (logical or for bools, stored as i8), as
/// `np.add.at` accumulates.
Value addTensors(OpBuilder &b, Location loc, Value lhs, Value rhs,
                 bool booleans) {
  auto type = cast<RankedTensorType>(lhs.getType());
  int64_t rank = type.getRank();
  Value init = emptyTensor(b, loc, type, dimsOf(b, loc, lhs));
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, b.getContext());
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{lhs, rhs}, ValueRange{init},
             SmallVector<AffineMap>(3, identity),
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nested, Location bodyLoc, ValueRange args) {
               Value sum;
               if (booleans)
                 sum = arith::OrIOp::create(nested, bodyLoc, args[0], args[1]);
               else if (isa<ComplexType>(args[0].getType()))
                 sum =
                     complex::AddOp::create(nested, bodyLoc, args[0], args[1]);
               else if (isa<FloatType>(args[0].getType()))
                 sum = arith::AddFOp::create(nested, bodyLoc, args[0], args[1]);
               else
                 sum = arith::AddIOp::create(nested, bodyLoc, args[0], args[1]);
               linalg::YieldOp::create(nested, bodyLoc, sum);
             })
      .getResult(0);
}

/// Checks that `value` (an update's y) has, in each dimension where its size
/// is not a static 1, the selection's size: ValueError.
void checkUpdateSizes(OpBuilder &b, Operation *op, Value value,
                      ArrayRef<Value> sizes) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(value.getType());
  for (auto [dim, size] : llvm::enumerate(sizes))
    if (type.getDimSize(dim) != 1)
      checkEqual(b, loc, dimOf(b, loc, value, dim), size,
                 "In " + describeOp(op) +
                     ": the value has size {lhs} in "
                     "dimension " +
                     Twine(dim) + ", the selection {rhs}");
}

struct SubtensorToTensor : public OpConversionPattern<SubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    BasicWindow window = selectWindow(rewriter, op, x, adaptor.getBounds());
    Value selected = tensor::ExtractSliceOp::create(
        rewriter, loc, window.type, x, window.offsets, window.sizes,
        window.strides);
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    rewriter.replaceOp(op, readAligned(rewriter, loc, selected, type,
                                       window.keptSizes, window.reversed));
    return success();
  }
};

/// set_subtensor and inc_subtensor: y, broadcast and put in the window's
/// ascending order, replaces or is added to the window.
template <typename UpdateOp>
struct SubtensorUpdateToTensor : public OpConversionPattern<UpdateOp> {
  using OpConversionPattern<UpdateOp>::OpConversionPattern;
  using OpAdaptor = typename UpdateOp::Adaptor;
  LogicalResult
  matchAndRewrite(UpdateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    BasicWindow window = selectWindow(rewriter, op, x, adaptor.getBounds());
    checkUpdateSizes(rewriter, op, adaptor.getY(), window.keptSizes);
    Value values = readAligned(rewriter, loc, adaptor.getY(), window.type,
                               window.keptSizes, window.reversed);
    if constexpr (UpdateOp::kAccumulates) {
      Value current = tensor::ExtractSliceOp::create(
          rewriter, loc, window.type, x, window.offsets, window.sizes,
          window.strides);
      values = addTensors(rewriter, loc, current, values,
                          op.getType().getElementType().isInteger(1));
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(
        op, values, x, window.offsets, window.sizes, window.strides);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Advanced indexing
//===----------------------------------------------------------------------===//

/// Advanced indexing after its run-time checks: one integer tensor per
/// indexed axis, all of one rank (static size-1 dimensions broadcast), and
/// the broadcast index's sizes.
struct AdvancedIndex {
  SmallVector<Value> arrays;
  SmallVector<Value> sizes;

  /// The position along indexed axis `j` at index position `at` (the
  /// broadcast index's coordinates), counted from the start.
  Value position(OpBuilder &b, Location loc, unsigned j, ValueRange at,
                 Value axisSize) const {
    IndexMath m(b, loc);
    auto type = cast<RankedTensorType>(arrays[j].getType());
    SmallVector<Value> coordinates;
    for (auto [dim, i] : llvm::enumerate(at))
      coordinates.push_back(type.getDimSize(dim) == 1 ? m.constant(0) : i);
    Value element = tensor::ExtractOp::create(b, loc, arrays[j], coordinates);
    return m.wrap(arith::IndexCastOp::create(b, loc, b.getIndexType(), element),
                  axisSize);
  }
};

/// The positions of the true elements of `mask` (i8 zeros and ones), one
/// int64 vector per dimension, in row-major order (NumPy's nonzero).
SmallVector<Value> nonzero(OpBuilder &b, Location loc, Value mask) {
  auto type = cast<RankedTensorType>(mask.getType());
  int64_t rank = type.getRank();
  IndexMath m(b, loc);
  Value zero = m.constant(0), one = m.constant(1);
  SmallVector<Value> dims = dimsOf(b, loc, mask);
  SmallVector<Value> ones(rank, one), zeros(rank, zero);
  // First count them, then write them.
  Value count =
      scf::buildLoopNest(
          b, loc, zeros, dims, ones, ValueRange{zero},
          [&](OpBuilder &nested, Location bodyLoc, ValueRange ivs,
              ValueRange acc) -> scf::ValueVector {
            Value element =
                tensor::ExtractOp::create(nested, bodyLoc, mask, ivs);
            Value increment = arith::IndexCastUIOp::create(
                nested, bodyLoc, nested.getIndexType(), element);
            return {arith::AddIOp::create(nested, bodyLoc, acc[0], increment)};
          })
          .results.front();
  auto vectorType =
      RankedTensorType::get({ShapedType::kDynamic}, b.getI64Type());
  SmallVector<Value> init = {zero};
  for (int64_t dim = 0; dim < rank; ++dim)
    init.push_back(tensor::EmptyOp::create(b, loc, vectorType, count));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, zeros, dims, ones, init,
      [&](OpBuilder &nested, Location bodyLoc, ValueRange ivs,
          ValueRange acc) -> scf::ValueVector {
        Value element = tensor::ExtractOp::create(nested, bodyLoc, mask, ivs);
        Value isSet = arith::CmpIOp::create(
            nested, bodyLoc, arith::CmpIPredicate::ne, element,
            arith::ConstantOp::create(nested, bodyLoc,
                                      nested.getZeroAttr(element.getType())));
        auto write = scf::IfOp::create(
            nested, bodyLoc, isSet,
            [&](OpBuilder &then, Location thenLoc) {
              SmallVector<Value> written = {arith::AddIOp::create(
                  then, thenLoc, acc[0],
                  arith::ConstantIndexOp::create(then, thenLoc, 1))};
              for (auto [dim, iv] : llvm::enumerate(ivs)) {
                Value coordinate = arith::IndexCastOp::create(
                    then, thenLoc, then.getI64Type(), iv);
                written.push_back(tensor::InsertOp::create(
                    then, thenLoc, coordinate, acc[dim + 1], acc[0]));
              }
              scf::YieldOp::create(then, thenLoc, written);
            },
            [&](OpBuilder &otherwise, Location otherwiseLoc) {
              scf::YieldOp::create(otherwise, otherwiseLoc, acc);
            });
        return write.getResults();
      });
  return SmallVector<Value>(nest.results.begin() + 1, nest.results.end());
}

struct NonzeroToScf : public OpConversionPattern<NonzeroOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NonzeroOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, nonzero(rewriter, op.getLoc(), adaptor.getMask()));
    return success();
  }
};

/// The checks and index arrays of advanced indexing of `x` by `indices` (as
/// converted; `mask` when the one index is a boolean mask) from `axis` on.
AdvancedIndex prepareAdvancedIndex(OpBuilder &b, Operation *op, Value x,
                                   ValueRange indices, bool mask,
                                   int64_t axis) {
  Location loc = op->getLoc();
  AdvancedIndex index;
  if (mask) {
    Value maskValue = indices.front();
    for (int64_t dim = 0;
         dim < cast<RankedTensorType>(maskValue.getType()).getRank(); ++dim) {
      Value size = dimOf(b, loc, x, axis + dim);
      Value maskSize = dimOf(b, loc, maskValue, dim);
      checkThat(b, loc,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size,
                                      maskSize),
                maskSize, size,
                "In " + describeOp(op) +
                    ": the boolean index has size {lhs} where axis " +
                    Twine(axis + dim) + " has size {rhs}",
                CheckKind::index);
    }
    index.arrays = nonzero(b, loc, maskValue);
    index.sizes.push_back(dimOf(b, loc, index.arrays.front(), 0));
    return index;
  }
  for (auto [j, array] : llvm::enumerate(indices)) {
    Value size = dimOf(b, loc, x, axis + j);
    checkIndices(b, op, integerExtremum(b, loc, array, /*maximum=*/false),
                 integerExtremum(b, loc, array, /*maximum=*/true), size,
                 axis + j);
    index.arrays.push_back(array);
  }
  // The broadcast sizes: those of the arrays without a static 1 there, which
  // must agree.
  int64_t rank = cast<RankedTensorType>(indices.front().getType()).getRank();
  for (int64_t dim = 0; dim < rank; ++dim) {
    Value size;
    for (Value array : indices) {
      if (cast<RankedTensorType>(array.getType()).getDimSize(dim) == 1)
        continue;
      Value arraySize = dimOf(b, loc, array, dim);
      if (!size) {
        size = arraySize;
        continue;
      }
      checkThat(b, loc,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size,
                                      arraySize),
                size, arraySize,
                "In " + describeOp(op) +
                    ": shape mismatch: indexing arrays could not be broadcast "
                    "together (sizes {lhs} and {rhs} in dimension " +
                    Twine(dim) + ")",
                CheckKind::index);
    }
    index.sizes.push_back(size ? size
                               : arith::ConstantIndexOp::create(b, loc, 1));
  }
  return index;
}

/// The sizes of the gathered result: `x`'s before `axis`, the index's, and
/// `x`'s after the `covered` indexed axes.
SmallVector<Value> gatheredSizes(OpBuilder &b, Location loc, Value x,
                                 const AdvancedIndex &index, int64_t axis,
                                 int64_t covered) {
  SmallVector<Value> xSizes = dimsOf(b, loc, x);
  SmallVector<Value> sizes(xSizes.begin(), xSizes.begin() + axis);
  llvm::append_range(sizes, index.sizes);
  sizes.append(xSizes.begin() + axis + covered, xSizes.end());
  return sizes;
}

/// Whether an advanced indexing op's one index is a boolean mask.
bool indexesByMask(ValueRange indices) {
  return cast<RankedTensorType>(indices.front().getType())
      .getElementType()
      .isInteger(1);
}

int64_t coveredAxes(ValueRange indices) {
  return indexesByMask(indices)
             ? cast<RankedTensorType>(indices.front().getType()).getRank()
             : indices.size();
}

struct AdvancedSubtensorToLinalg
    : public OpConversionPattern<AdvancedSubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdvancedSubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t axis = op.getAxis(), covered = coveredAxes(op.getIndices());
    AdvancedIndex index =
        prepareAdvancedIndex(rewriter, op, x, adaptor.getIndices(),
                             indexesByMask(op.getIndices()), axis);
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = type.getRank();
    int64_t indexRank = index.sizes.size();
    MLIRContext *context = rewriter.getContext();
    // Each index array is read at the result's index dimensions (at 0 where
    // it broadcasts).
    SmallVector<AffineMap> maps;
    for (Value array : index.arrays) {
      auto arrayType = cast<RankedTensorType>(array.getType());
      SmallVector<AffineExpr> results;
      for (int64_t dim = 0; dim < indexRank; ++dim)
        results.push_back(arrayType.getDimSize(dim) == 1
                              ? getAffineConstantExpr(0, context)
                              : getAffineDimExpr(axis + dim, context));
      maps.push_back(AffineMap::get(rank, 0, results, context));
    }
    maps.push_back(AffineMap::getMultiDimIdentityMap(rank, context));
    SmallVector<Value> xSizes = dimsOf(rewriter, loc, x);
    Value init =
        emptyTensor(rewriter, loc, type,
                    gatheredSizes(rewriter, loc, x, index, axis, covered));
    Value gathered =
        linalg::GenericOp::create(
            rewriter, loc, type, index.arrays, ValueRange{init}, maps,
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
              IndexMath m(b, bodyLoc);
              SmallVector<Value> position;
              for (int64_t dim = 0; dim < axis; ++dim)
                position.push_back(linalg::IndexOp::create(b, bodyLoc, dim));
              for (int64_t j = 0; j < covered; ++j)
                position.push_back(
                    m.wrap(arith::IndexCastOp::create(
                               b, bodyLoc, b.getIndexType(), args[j]),
                           xSizes[axis + j]));
              for (int64_t dim = axis + indexRank; dim < rank; ++dim)
                position.push_back(linalg::IndexOp::create(b, bodyLoc, dim));
              Value element =
                  tensor::ExtractOp::create(b, bodyLoc, x, position);
              linalg::YieldOp::create(b, bodyLoc, element);
            })
            .getResult(0);
    rewriter.replaceOp(op, gathered);
    return success();
  }
};

/// advanced_set_subtensor and advanced_inc_subtensor: for each position of
/// the index in row-major order, the window of `x` it selects is replaced by,
/// or incremented by, y's window there.
template <typename UpdateOp>
struct AdvancedSubtensorUpdateToLinalg : public OpConversionPattern<UpdateOp> {
  using OpConversionPattern<UpdateOp>::OpConversionPattern;
  using OpAdaptor = typename UpdateOp::Adaptor;
  LogicalResult
  matchAndRewrite(UpdateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t axis = op.getAxis(), covered = coveredAxes(op.getIndices());
    AdvancedIndex index =
        prepareAdvancedIndex(rewriter, op, x, adaptor.getIndices(),
                             indexesByMask(op.getIndices()), axis);
    int64_t indexRank = index.sizes.size();

    // y broadcast to the gathered shape.
    SmallVector<Type> gatheredTypes;
    if (failed(inferAdvancedSubtensorType(
            loc, op->getName().getStringRef(), op.getX().getType(),
            op.getIndices().getTypes(), axis, gatheredTypes)))
      return failure();
    auto gatheredType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(gatheredTypes.front()));
    SmallVector<Value> sizes =
        gatheredSizes(rewriter, loc, x, index, axis, covered);
    checkUpdateSizes(rewriter, op, adaptor.getY(), sizes);
    Value values = readAligned(rewriter, loc, adaptor.getY(), gatheredType,
                               sizes, SmallVector<Value>(sizes.size()));

    auto xType = cast<RankedTensorType>(x.getType());
    SmallVector<Value> xSizes = dimsOf(rewriter, loc, x);
    // The window of `x` at one index position: every element of the axes
    // around the indexed ones.
    SmallVector<int64_t> windowShape(xType.getShape().take_front(axis));
    llvm::append_range(windowShape,
                       xType.getShape().drop_front(axis + covered));
    auto windowType =
        RankedTensorType::get(windowShape, xType.getElementType());
    auto allOf = [&](ArrayRef<Value> dims) {
      return SmallVector<OpFoldResult>(getAsOpFoldResult(dims));
    };
    OpFoldResult zero = rewriter.getIndexAttr(0),
                 one = rewriter.getIndexAttr(1);
    bool booleans = op.getType().getElementType().isInteger(1);

    SmallVector<Value> lowerBounds(
        indexRank, arith::ConstantIndexOp::create(rewriter, loc, 0));
    SmallVector<Value> steps(indexRank,
                             arith::ConstantIndexOp::create(rewriter, loc, 1));
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lowerBounds, index.sizes, steps, ValueRange{x},
        [&](OpBuilder &b, Location bodyLoc, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          SmallVector<OpFoldResult> before =
              allOf(ArrayRef(xSizes).take_front(axis));
          SmallVector<OpFoldResult> after =
              allOf(ArrayRef(xSizes).drop_front(axis + covered));
          SmallVector<OpFoldResult> xOffsets(axis, zero), xWindow = before;
          SmallVector<OpFoldResult> yOffsets(axis, zero), yWindow = before;
          for (int64_t j = 0; j < covered; ++j) {
            xOffsets.push_back(
                index.position(b, bodyLoc, j, ivs, xSizes[axis + j]));
            xWindow.push_back(one);
          }
          for (Value iv : ivs) {
            yOffsets.push_back(iv);
            yWindow.push_back(one);
          }
          xOffsets.append(after.size(), zero);
          yOffsets.append(after.size(), zero);
          llvm::append_range(xWindow, after);
          llvm::append_range(yWindow, after);
          SmallVector<OpFoldResult> xStrides(xOffsets.size(), one),
              yStrides(yOffsets.size(), one);
          Value update = tensor::ExtractSliceOp::create(
              b, bodyLoc, windowType, values, yOffsets, yWindow, yStrides);
          if constexpr (UpdateOp::kAccumulates) {
            Value current = tensor::ExtractSliceOp::create(
                b, bodyLoc, windowType, acc[0], xOffsets, xWindow, xStrides);
            update = addTensors(b, bodyLoc, current, update, booleans);
          }
          return {tensor::InsertSliceOp::create(b, bodyLoc, update, acc[0],
                                                xOffsets, xWindow, xStrides)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

} // namespace

void mlir::tessera::populateIndexingLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<SubtensorToTensor, SubtensorUpdateToTensor<SetSubtensorOp>,
           SubtensorUpdateToTensor<IncSubtensorOp>, AdvancedSubtensorToLinalg,
           AdvancedSubtensorUpdateToLinalg<AdvancedSetSubtensorOp>,
           AdvancedSubtensorUpdateToLinalg<AdvancedIncSubtensorOp>,
           NonzeroToScf>(converter, patterns.getContext());
}
