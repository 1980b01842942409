//===- ContractionsToLinalg.cpp - tessera.dot to linalg -------------------===//
//
// `tessera.dot` becomes the linalg named op of its rank combination, which
// accumulates into a zero-filled tensor; the contracted sizes are checked at
// run time unless both are static.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Replaces `op` by the linalg `contraction`. The named contractions verify
/// arith bodies; complex ones (complex.mul and complex.add) are valid as
/// linalg.generic.
LogicalResult replaceByContraction(ConversionPatternRewriter &rewriter,
                                   Operation *op, Operation *contraction) {
  auto resultType = cast<RankedTensorType>(contraction->getResult(0).getType());
  if (isa<ComplexType>(resultType.getElementType())) {
    FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(
        rewriter, cast<linalg::LinalgOp>(contraction));
    if (failed(generic))
      return failure();
    contraction = *generic;
  }
  rewriter.replaceOp(op, contraction->getResults());
  return success();
}

struct DotToLinalg : public OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    int64_t lhsRank = lhsType.getRank(), rhsRank = rhsType.getRank();

    if (lhsType.isDynamicDim(lhsRank - 1) || rhsType.isDynamicDim(0))
      checkEqual(rewriter, loc, dimOf(rewriter, loc, lhs, lhsRank - 1),
                 dimOf(rewriter, loc, rhs, 0),
                 "Shape mismatch in " + describeOp(op) + ": x.shape[" +
                     Twine(lhsRank - 1) +
                     "] = {lhs} does not match y.shape[0] = {rhs}");

    // Result dims are lhs's leading dim (if a matrix), then rhs's trailing one.
    SmallVector<Value> sizes;
    if (lhsRank == 2)
      sizes.push_back(dimOf(rewriter, loc, lhs, 0));
    if (rhsRank == 2)
      sizes.push_back(dimOf(rewriter, loc, rhs, 1));
    Value init = filledTensor(
        rewriter, loc, zeroOf(rewriter, loc, resultType.getElementType()),
        resultType.getShape(), sizes);

    SmallVector<Value> inputs = {lhs, rhs};
    Operation *contraction;
    if (lhsRank == 1 && rhsRank == 1)
      contraction = linalg::DotOp::create(rewriter, loc, resultType, inputs,
                                          ValueRange{init});
    else if (lhsRank == 2 && rhsRank == 1)
      contraction = linalg::MatvecOp::create(rewriter, loc, resultType, inputs,
                                             ValueRange{init});
    else if (lhsRank == 1 && rhsRank == 2)
      contraction = linalg::VecmatOp::create(rewriter, loc, resultType, inputs,
                                             ValueRange{init});
    else
      contraction = linalg::MatmulOp::create(rewriter, loc, resultType, inputs,
                                             ValueRange{init});
    return replaceByContraction(rewriter, op, contraction);
  }
};

/// One linalg batch contraction by the operands' ranks: batch_matmul,
/// batch_matvec, batch_vecmat, or a generic of inner products.
struct BatchedDotToLinalg : public OpConversionPattern<BatchedDotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchedDotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    checkEqual(rewriter, loc, dimOf(rewriter, loc, lhs, 0),
               dimOf(rewriter, loc, rhs, 0),
               "Shape mismatch in " + describeOp(op) +
                   ": the batch sizes {lhs} and {rhs} differ");
    checkEqual(rewriter, loc, dimOf(rewriter, loc, lhs, lhsRank - 1),
               dimOf(rewriter, loc, rhs, 1),
               "Shape mismatch in " + describeOp(op) + ": x.shape[" +
                   Twine(lhsRank - 1) +
                   "] = {lhs} does not match y.shape[1] = {rhs}");
    SmallVector<Value> sizes = {dimOf(rewriter, loc, lhs, 0)};
    if (lhsRank == 3)
      sizes.push_back(dimOf(rewriter, loc, lhs, 1));
    if (rhsRank == 3)
      sizes.push_back(dimOf(rewriter, loc, rhs, 2));
    Value init = filledTensor(
        rewriter, loc, zeroOf(rewriter, loc, resultType.getElementType()),
        resultType.getShape(), sizes);
    SmallVector<Value> inputs = {lhs, rhs};
    Operation *contraction;
    if (lhsRank == 3 && rhsRank == 3)
      contraction = linalg::BatchMatmulOp::create(rewriter, loc, resultType,
                                                  inputs, ValueRange{init});
    else if (lhsRank == 3)
      contraction = linalg::BatchMatvecOp::create(rewriter, loc, resultType,
                                                  inputs, ValueRange{init});
    else if (rhsRank == 3)
      contraction = linalg::BatchVecmatOp::create(rewriter, loc, resultType,
                                                  inputs, ValueRange{init});
    else
      contraction = batchedInnerProducts(rewriter, loc, lhs, rhs, init);
    return replaceByContraction(rewriter, op, contraction);
  }

  /// out[b] += lhs[b, k] * rhs[b, k]: upstream has no named op for it.
  static Operation *batchedInnerProducts(OpBuilder &b, Location loc, Value lhs,
                                         Value rhs, Value init) {
    MLIRContext *context = b.getContext();
    AffineMap both = AffineMap::getMultiDimIdentityMap(2, context);
    AffineMap batch =
        AffineMap::get(2, 0, {getAffineDimExpr(0, context)}, context);
    return linalg::GenericOp::create(
        b, loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init},
        ArrayRef<AffineMap>{both, both, batch},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                      utils::IteratorType::reduction},
        [](OpBuilder &nested, Location bodyLoc, ValueRange args) {
          Value product, sum;
          if (isa<ComplexType>(args[0].getType())) {
            product = complex::MulOp::create(nested, bodyLoc, args[0], args[1]);
            sum = complex::AddOp::create(nested, bodyLoc, args[2], product);
          } else if (isa<FloatType>(args[0].getType())) {
            product = arith::MulFOp::create(nested, bodyLoc, args[0], args[1]);
            sum = arith::AddFOp::create(nested, bodyLoc, args[2], product);
          } else {
            product = arith::MulIOp::create(nested, bodyLoc, args[0], args[1]);
            sum = arith::AddIOp::create(nested, bodyLoc, args[2], product);
          }
          linalg::YieldOp::create(nested, bodyLoc, sum);
        });
  }
};

} // namespace

void mlir::tessera::populateContractionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DotToLinalg, BatchedDotToLinalg>(converter,
                                                patterns.getContext());
}
