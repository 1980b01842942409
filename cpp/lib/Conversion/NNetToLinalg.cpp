//===- NNetToLinalg.cpp - softmax and log-softmax to linalg ---------------===//
//
// softmax becomes upstream's linalg.softmax, decomposed at once into its
// structured ops (the axis' maximum, exp(x - max) and its sum, a division).
// log-softmax has no upstream op: the same two reductions, then
// (x - max) - log(sum) elementwise.
//
//===----------------------------------------------------------------------===//

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

/// Every dimension of `x`, as index values.
SmallVector<Value> dimsOf(OpBuilder &b, Location loc, Value x) {
  SmallVector<Value> dims;
  for (int64_t dim = 0; dim < cast<RankedTensorType>(x.getType()).getRank();
       ++dim)
    dims.push_back(dimOf(b, loc, x, dim));
  return dims;
}

struct SoftmaxToLinalg : public OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    Value init = emptyTensor(rewriter, loc, type, dimsOf(rewriter, loc, x));
    auto softmax = linalg::SoftmaxOp::create(rewriter, loc, TypeRange{type}, x,
                                             init, op.getAxis());
    FailureOr<SmallVector<Value>> decomposed =
        softmax.decomposeOperation(rewriter);
    if (failed(decomposed))
      return rewriter.notifyMatchFailure(op,
                                         "linalg.softmax did not decompose");
    rewriter.eraseOp(softmax);
    rewriter.replaceOp(op, decomposed->front());
    return success();
  }
};

struct LogSoftmaxToLinalg : public OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX();
    auto type = cast<RankedTensorType>(x.getType());
    Type element = type.getElementType();
    int64_t rank = type.getRank(), axis = op.getAxis();
    MLIRContext *context = rewriter.getContext();

    SmallVector<Value> dims = dimsOf(rewriter, loc, x);
    SmallVector<int64_t> reducedShape;
    SmallVector<Value> reducedDims;
    SmallVector<AffineExpr> kept;
    SmallVector<utils::IteratorType> reducing;
    for (int64_t dim = 0; dim < rank; ++dim) {
      reducing.push_back(dim == axis ? utils::IteratorType::reduction
                                     : utils::IteratorType::parallel);
      if (dim == axis)
        continue;
      reducedShape.push_back(type.getDimSize(dim));
      reducedDims.push_back(dims[dim]);
      kept.push_back(getAffineDimExpr(dim, context));
    }
    AffineMap all = AffineMap::getMultiDimIdentityMap(rank, context);
    AffineMap alongAxis = AffineMap::get(rank, 0, kept, context);
    auto filled = [&](Value value) {
      Value empty = emptyTensor(rewriter, loc,
                                RankedTensorType::get(reducedShape, element),
                                reducedDims);
      return linalg::FillOp::create(rewriter, loc, value, empty).getResult(0);
    };

    Type reducedType = RankedTensorType::get(reducedShape, element);

    Value maximum = linalg::GenericOp::create(
                        rewriter, loc, reducedType, ValueRange{x},
                        ValueRange{filled(lowestOf(rewriter, loc, element))},
                        ArrayRef<AffineMap>{all, alongAxis}, reducing,
                        [](OpBuilder &b, Location bodyLoc, ValueRange args) {
                          Value larger = arith::MaximumFOp::create(
                              b, bodyLoc, args[0], args[1]);
                          linalg::YieldOp::create(b, bodyLoc, larger);
                        })
                        .getResult(0);
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, reducedType, ValueRange{x, maximum},
                    ValueRange{filled(zeroOf(rewriter, loc, element))},
                    ArrayRef<AffineMap>{all, alongAxis, alongAxis}, reducing,
                    [](OpBuilder &b, Location bodyLoc, ValueRange args) {
                      Value shifted =
                          arith::SubFOp::create(b, bodyLoc, args[0], args[1]);
                      Value term = math::ExpOp::create(b, bodyLoc, shifted);
                      Value total =
                          arith::AddFOp::create(b, bodyLoc, args[2], term);
                      linalg::YieldOp::create(b, bodyLoc, total);
                    })
                    .getResult(0);
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    Value logSoftmax =
        linalg::GenericOp::create(
            rewriter, loc, type, ValueRange{x, maximum, sum},
            ValueRange{emptyTensor(rewriter, loc, type, dims)},
            ArrayRef<AffineMap>{all, alongAxis, alongAxis, all}, parallel,
            [](OpBuilder &b, Location bodyLoc, ValueRange args) {
              Value shifted =
                  arith::SubFOp::create(b, bodyLoc, args[0], args[1]);
              Value logSum = math::LogOp::create(b, bodyLoc, args[2]);
              Value result = arith::SubFOp::create(b, bodyLoc, shifted, logSum);
              linalg::YieldOp::create(b, bodyLoc, result);
            })
            .getResult(0);
    rewriter.replaceOp(op, logSoftmax);
    return success();
  }
};

} // namespace

void mlir::tessera::populateNNetLoweringPatterns(const TypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<SoftmaxToLinalg, LogSoftmaxToLinalg>(converter,
                                                    patterns.getContext());
}
