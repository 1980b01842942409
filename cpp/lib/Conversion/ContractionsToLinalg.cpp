//===- ContractionsToLinalg.cpp - tessera.dot to linalg -------------------===//
//
// `tessera.dot` becomes the linalg named op of its rank combination, which
// accumulates into a zero-filled tensor; the contracted sizes are checked at
// run time unless both are static.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

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
    Value init =
        linalg::FillOp::create(
            rewriter, loc, zeroOf(rewriter, loc, resultType.getElementType()),
            emptyTensor(rewriter, loc, resultType, sizes))
            .getResult(0);

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
    // The named contractions verify arith bodies; complex ones (complex.mul
    // and complex.add) are valid as linalg.generic.
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
};

} // namespace

void mlir::tessera::populateContractionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DotToLinalg>(converter, patterns.getContext());
}
