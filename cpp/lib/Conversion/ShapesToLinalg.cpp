//===- ShapesToLinalg.cpp - Shape and construction ops to tensor/linalg ---===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

Value toI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

Value toIndex(OpBuilder &b, Location loc, Value i64) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), i64);
}

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

struct ShapeToTensor : public OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sizes;
    int64_t rank = cast<RankedTensorType>(adaptor.getX().getType()).getRank();
    for (int64_t dim = 0; dim < rank; ++dim)
      sizes.push_back(
          toI64(rewriter, loc, dimOf(rewriter, loc, adaptor.getX(), dim)));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        sizes);
    return success();
  }
};

struct ShapeIToTensor : public OpConversionPattern<ShapeIOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeIOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value size = toI64(rewriter, loc,
                       dimOf(rewriter, loc, adaptor.getX(), op.getIndex()));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        ValueRange{size});
    return success();
  }
};

/// Resolves a -1 in the requested sizes, checks that the element count is
/// kept, and reshapes with `tensor.reshape`.
struct ReshapeToTensor : public OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));

    Value count = constantIndex(rewriter, loc, 1);
    for (int64_t dim = 0; dim < xType.getRank(); ++dim)
      count = arith::MulIOp::create(rewriter, loc, count,
                                    dimOf(rewriter, loc, x, dim));

    Value minusOne = constantIndex(rewriter, loc, -1);
    Value zero = constantIndex(rewriter, loc, 0);
    Value one = constantIndex(rewriter, loc, 1);
    SmallVector<Value> requested;
    Value known = one;      // Product of the sizes other than -1.
    Value wildcards = zero; // How many sizes are -1.
    for (int64_t dim = 0; dim < resultType.getRank(); ++dim) {
      Value position = constantIndex(rewriter, loc, dim);
      Value size =
          toIndex(rewriter, loc,
                  tensor::ExtractOp::create(rewriter, loc, adaptor.getShape(),
                                            ValueRange{position}));
      requested.push_back(size);
      checkThat(rewriter, loc,
                arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                      size, minusOne),
                size, position,
                "Cannot reshape in " + describeOp(op) +
                    ": size {lhs} of "
                    "dimension {rhs} is negative (only one -1 may stand for "
                    "the size that keeps the number of elements)");
      Value isWildcard = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, size, minusOne);
      wildcards = arith::AddIOp::create(
          rewriter, loc, wildcards,
          arith::SelectOp::create(rewriter, loc, isWildcard, one, zero));
      known = arith::MulIOp::create(
          rewriter, loc, known,
          arith::SelectOp::create(rewriter, loc, isWildcard, one, size));
    }
    checkThat(rewriter, loc,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::ule,
                                    wildcards, one),
              wildcards, one,
              "Cannot reshape in " + describeOp(op) +
                  ": the shape has {lhs} sizes of -1; at most one may be -1");
    // The -1 stands for count / known (known may be 0: divide by 1 instead).
    Value knownIsZero = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::eq, known, zero);
    Value divisor =
        arith::SelectOp::create(rewriter, loc, knownIsZero, one, known);
    Value inferred = arith::DivUIOp::create(rewriter, loc, count, divisor);
    SmallVector<Value> sizes;
    Value total = one;
    for (auto [dim, size] : llvm::enumerate(requested)) {
      Value isWildcard = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, size, minusOne);
      Value resolved =
          arith::SelectOp::create(rewriter, loc, isWildcard, inferred, size);
      // A size the result type states statically (found by folding) must be
      // the one requested.
      if (!resultType.isDynamicDim(dim))
        checkEqual(rewriter, loc,
                   constantIndex(rewriter, loc, resultType.getDimSize(dim)),
                   resolved,
                   "Cannot reshape in " + describeOp(op) + ": dimension " +
                       Twine(dim) + " is {lhs} in the type, {rhs} requested");
      sizes.push_back(toI64(rewriter, loc, resolved));
      total = arith::MulIOp::create(rewriter, loc, total, resolved);
    }
    checkEqual(rewriter, loc, count, total,
               "Cannot reshape in " + describeOp(op) +
                   ": the input has {lhs} elements, the requested shape {rhs}");
    Value shape = tensor::FromElementsOp::create(
        rewriter, loc,
        RankedTensorType::get({resultType.getRank()}, rewriter.getI64Type()),
        sizes);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType, x, shape);
    return success();
  }
};

/// A copy through a linalg.generic that reads input dimension `pattern[i]` at
/// result index i, and a dropped (size-1) input dimension at 0: elementwise
/// fusion folds it into its neighbours.
struct DimShuffleToGeneric : public OpConversionPattern<DimShuffleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DimShuffleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    ArrayRef<int64_t> pattern = op.getPattern();
    int64_t rank = resultType.getRank();

    SmallVector<AffineExpr> reads(xType.getRank(),
                                  rewriter.getAffineConstantExpr(0));
    SmallVector<Value> sizes;
    for (auto [resultDim, inputDim] : llvm::enumerate(pattern)) {
      if (inputDim == -1) {
        sizes.push_back(constantIndex(rewriter, loc, 1));
        continue;
      }
      reads[inputDim] = rewriter.getAffineDimExpr(resultDim);
      sizes.push_back(dimOf(rewriter, loc, x, inputDim));
    }
    SmallVector<AffineMap> maps = {
        AffineMap::get(rank, 0, reads, rewriter.getContext()),
        rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, x,
        emptyTensor(rewriter, loc, resultType, sizes), maps, iterators,
        [](OpBuilder &b, Location bodyLoc, ValueRange args) {
          linalg::YieldOp::create(b, bodyLoc, args[0]);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct AllocToFill : public OpConversionPattern<AllocOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AllocOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    SmallVector<Value> sizes;
    for (auto [dim, size] : llvm::enumerate(adaptor.getSizes())) {
      Value requested = scalarOf(rewriter, loc, size, /*asIndex=*/true);
      checkThat(rewriter, loc,
                arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                      requested,
                                      constantIndex(rewriter, loc, 0)),
                requested, constantIndex(rewriter, loc, dim),
                "Cannot allocate in " + describeOp(op) +
                    ": size {lhs} of "
                    "dimension {rhs} is negative");
      if (!resultType.isDynamicDim(dim)) {
        Value expected =
            constantIndex(rewriter, loc, resultType.getDimSize(dim));
        checkEqual(rewriter, loc, expected, requested,
                   "Size mismatch in " + describeOp(op) + ": dimension " +
                       Twine(dim) + " is {lhs} in the type, {rhs} requested");
      }
      sizes.push_back(requested);
    }
    Value value = scalarOf(rewriter, loc, adaptor.getValue());
    rewriter.replaceOpWithNewOp<linalg::FillOp>(
        op, value, emptyTensor(rewriter, loc, resultType, sizes));
    return success();
  }
};

/// max(0, ceil((stop - start) / step)) values start + i * step.
struct ARangeToGeneric : public OpConversionPattern<ARangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ARangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    Value start = scalarOf(rewriter, loc, adaptor.getStart());
    Value stop = scalarOf(rewriter, loc, adaptor.getStop());
    Value step = scalarOf(rewriter, loc, adaptor.getStep());
    Value zero = zeroOf(rewriter, loc, element);
    Value zeroIndex = constantIndex(rewriter, loc, 0);

    Value length, stepIsZero;
    if (isa<FloatType>(element)) {
      stepIsZero = arith::CmpFOp::create(rewriter, loc,
                                         arith::CmpFPredicate::OEQ, step, zero);
      Value span = arith::DivFOp::create(
          rewriter, loc, arith::SubFOp::create(rewriter, loc, stop, start),
          step);
      Value count = math::CeilOp::create(rewriter, loc, span);
      // NaN and negative counts (and a zero step's infinity) give 0.
      Value positive = arith::CmpFOp::create(
          rewriter, loc, arith::CmpFPredicate::OGT, count, zero);
      Value finite = arith::CmpFOp::create(
          rewriter, loc, arith::CmpFPredicate::ONE, count,
          arith::ConstantOp::create(
              rewriter, loc, element,
              rewriter.getFloatAttr(
                  element, APFloat::getInf(
                               cast<FloatType>(element).getFloatSemantics()))));
      Value usable = arith::AndIOp::create(rewriter, loc, positive, finite);
      Value countIndex = toIndex(
          rewriter, loc,
          arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(), count));
      length =
          arith::SelectOp::create(rewriter, loc, usable, countIndex, zeroIndex);
    } else {
      Value startIndex = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(), start);
      Value stopIndex = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(), stop);
      Value stepIndex = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(), step);
      stepIsZero = arith::CmpIOp::create(
          rewriter, loc, arith::CmpIPredicate::eq, stepIndex, zeroIndex);
      Value safeStep =
          arith::SelectOp::create(rewriter, loc, stepIsZero,
                                  constantIndex(rewriter, loc, 1), stepIndex);
      Value count = arith::CeilDivSIOp::create(
          rewriter, loc,
          arith::SubIOp::create(rewriter, loc, stopIndex, startIndex),
          safeStep);
      length = arith::MaxSIOp::create(rewriter, loc, count, zeroIndex);
    }
    Value stepIsNonZero = arith::XOrIOp::create(
        rewriter, loc, stepIsZero,
        arith::ConstantIntOp::create(rewriter, loc, 1, 1));
    checkThat(rewriter, loc, stepIsNonZero, zeroIndex, zeroIndex,
              "In " + describeOp(op) + ": the step must not be zero");

    Value init = emptyTensor(rewriter, loc, resultType, {length});
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(1)};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{}, init, maps,
        {utils::IteratorType::parallel},
        [&](OpBuilder &b, Location bodyLoc, ValueRange) {
          Value i = linalg::IndexOp::create(b, bodyLoc, 0);
          Value offset;
          if (isa<FloatType>(element))
            offset = arith::UIToFPOp::create(
                b, bodyLoc, element,
                arith::IndexCastUIOp::create(b, bodyLoc, b.getI64Type(), i));
          else
            offset = arith::IndexCastOp::create(b, bodyLoc, element, i);
          Value value =
              isa<FloatType>(element)
                  ? arith::AddFOp::create(
                        b, bodyLoc, start,
                        arith::MulFOp::create(b, bodyLoc, offset, step))
                        .getResult()
                  : arith::AddIOp::create(
                        b, bodyLoc, start,
                        arith::MulIOp::create(b, bodyLoc, offset, step))
                        .getResult();
          linalg::YieldOp::create(b, bodyLoc, value);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

/// The same tensor under the new type, after checking that each dimension
/// made broadcastable has size 1.
struct RebroadcastToCast : public OpConversionPattern<RebroadcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RebroadcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto xType = cast<RankedTensorType>(x.getType());
    for (auto [dim, flag] : llvm::enumerate(op.getBroadcastable()))
      if (flag && xType.isDynamicDim(dim))
        checkEqual(rewriter, loc, dimOf(rewriter, loc, x, dim),
                   constantIndex(rewriter, loc, 1),
                   "In " + describeOp(op) + ": dimension " + Twine(dim) +
                       " has size {lhs}, so it cannot be broadcastable");
    Type type = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<tensor::CastOp>(op, type, x);
    return success();
  }
};

/// Each input is inserted into an empty tensor of the joined sizes at the
/// sum of the sizes before it, after checking the other sizes agree.
struct ConcatenateToInsertSlices : public OpConversionPattern<ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    ValueRange inputs = adaptor.getInputs();
    SmallVector<Value> sizes = dimsOf(rewriter, loc, inputs.front());
    sizes[axis] = constantIndex(rewriter, loc, 0);
    for (auto [i, input] : llvm::enumerate(inputs)) {
      for (auto [dim, size] : llvm::enumerate(sizes)) {
        if (static_cast<int64_t>(dim) == axis)
          continue;
        if (i > 0)
          checkEqual(rewriter, loc, dimOf(rewriter, loc, input, dim), size,
                     "In " + describeOp(op) + ": input " + Twine(i) +
                         " has size {lhs} in dimension " + Twine(dim) +
                         ", the first input {rhs}");
      }
      sizes[axis] = arith::AddIOp::create(rewriter, loc, sizes[axis],
                                          dimOf(rewriter, loc, input, axis));
    }
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value result = emptyTensor(rewriter, loc, type, sizes);
    Value offset = constantIndex(rewriter, loc, 0);
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    for (Value input : inputs) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> inputSizes =
          getAsOpFoldResult(dimsOf(rewriter, loc, input));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, inputSizes, strides);
      offset = arith::AddIOp::create(rewriter, loc, offset,
                                     dimOf(rewriter, loc, input, axis));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Each piece is a window of `x` from the sum of the sizes before it, after
/// checking that no size is negative and that they add up to the axis.
struct SplitToSlices : public OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    int64_t axis = op.getAxis();
    auto xType = cast<RankedTensorType>(x.getType());
    int64_t rank = xType.getRank();
    // All checks come before any window is read.
    Value zero = constantIndex(rewriter, loc, 0);
    SmallVector<Value> offsets = {zero}, sizes;
    for (int64_t i = 0; i < static_cast<int64_t>(op.getNumResults()); ++i) {
      Value size = toIndex(rewriter, loc,
                           tensor::ExtractOp::create(
                               rewriter, loc, adaptor.getSizes(),
                               ValueRange{constantIndex(rewriter, loc, i)}));
      checkThat(rewriter, loc,
                arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                      size, zero),
                size, zero,
                "In " + describeOp(op) + ": piece " + Twine(i) +
                    " has the negative size {lhs}");
      sizes.push_back(size);
      offsets.push_back(
          arith::AddIOp::create(rewriter, loc, offsets.back(), size));
    }
    checkEqual(rewriter, loc, offsets.back(), dimOf(rewriter, loc, x, axis),
               "In " + describeOp(op) + ": the sizes add up to {lhs}, axis " +
                   Twine(axis) + " has size {rhs}");
    SmallVector<int64_t> shape(xType.getShape());
    shape[axis] = ShapedType::kDynamic;
    auto windowType = RankedTensorType::get(shape, xType.getElementType());
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<Value> pieces;
    for (auto [i, result] : llvm::enumerate(op.getPieces())) {
      SmallVector<OpFoldResult> windowOffsets(rank, rewriter.getIndexAttr(0));
      windowOffsets[axis] = offsets[i];
      SmallVector<OpFoldResult> windowSizes =
          getAsOpFoldResult(dimsOf(rewriter, loc, x));
      windowSizes[axis] = sizes[i];
      Value piece = tensor::ExtractSliceOp::create(
          rewriter, loc, windowType, x, windowOffsets, windowSizes, strides);
      Type type = getTypeConverter()->convertType(result.getType());
      pieces.push_back(tensor::CastOp::create(rewriter, loc, type, piece));
    }
    rewriter.replaceOp(op, pieces);
    return success();
  }
};

} // namespace

void mlir::tessera::populateShapeLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ShapeToTensor, ShapeIToTensor, ReshapeToTensor,
               DimShuffleToGeneric, AllocToFill, ARangeToGeneric,
               RebroadcastToCast, ConcatenateToInsertSlices, SplitToSlices>(
      converter, patterns.getContext());
}
