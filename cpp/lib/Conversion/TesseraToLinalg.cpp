//===- TesseraToLinalg.cpp - Lowering tessera ops to linalg ---------------===//
//
// Elementwise ops become one `linalg.generic` each (the upstream elementwise
// fusion merges them later). Theano broadcasting is in the indexing maps: an
// operand's static size-1 dimension that broadcasts is read at index 0. (A
// `tensor.collapse_shape` of such dimensions would keep the maps projected
// permutations, but linalg's fusion then propagates the reshapes through the
// whole graph instead of fusing it.)
//
//===----------------------------------------------------------------------===//

#include "tessera/Conversion/TesseraToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_CONVERTTESSERATOLINALG
#include "tessera/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// The sizes of `resultType`'s dynamic dimensions, read off operands in which
/// that dimension does not broadcast.
SmallVector<Value> dynamicResultSizes(OpBuilder &b, Location loc,
                                      RankedTensorType resultType,
                                      ValueRange operands) {
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < resultType.getRank(); ++dim) {
    if (!resultType.isDynamicDim(dim))
      continue;
    for (Value operand : operands) {
      if (cast<RankedTensorType>(operand.getType()).getDimSize(dim) != 1) {
        sizes.push_back(tensor::DimOp::create(b, loc, operand, dim));
        break;
      }
    }
  }
  return sizes;
}

/// The indexing map that reads `operand` inside a loop nest over `resultType`:
/// a dimension that broadcasts (a static 1 in the operand, not in the result)
/// is always read at index 0.
AffineMap broadcastingMap(OpBuilder &b, Value operand,
                          RankedTensorType resultType) {
  auto type = cast<RankedTensorType>(operand.getType());
  SmallVector<AffineExpr> indices;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    indices.push_back(type.getDimSize(dim) == 1 &&
                              resultType.getDimSize(dim) != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(dim));
  return AffineMap::get(type.getRank(), 0, indices, b.getContext());
}

struct ElementwiseToGeneric
    : public OpInterfaceConversionPattern<ElementwiseOpInterface> {
  using OpInterfaceConversionPattern::OpInterfaceConversionPattern;

  LogicalResult
  matchAndRewrite(ElementwiseOpInterface op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    int64_t rank = resultType.getRank();

    Value init = tensor::EmptyOp::create(
        rewriter, loc, resultType,
        dynamicResultSizes(rewriter, loc, resultType, operands));
    SmallVector<AffineMap> maps;
    for (Value operand : operands)
      maps.push_back(broadcastingMap(rewriter, operand, resultType));
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);

    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, operands, init, maps, iterators,
        [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          Value result =
              op.buildScalar(b, bodyLoc, args.drop_back(/*output*/ 1));
          linalg::YieldOp::create(b, bodyLoc, result);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

Value zeroFilled(OpBuilder &b, Location loc, RankedTensorType type,
                 ValueRange dynamicSizes) {
  Value empty = tensor::EmptyOp::create(b, loc, type, dynamicSizes);
  Value zero = arith::ConstantOp::create(
      b, loc, type.getElementType(), b.getZeroAttr(type.getElementType()));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

struct DotToLinalg : public OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();

    // Result dims are lhs's leading dim (if a matrix), then rhs's trailing one.
    SmallVector<Value> dynamicSizes;
    if (lhsRank == 2 && resultType.isDynamicDim(0))
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, lhs, 0));
    if (rhsRank == 2 && resultType.isDynamicDim(resultType.getRank() - 1))
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, rhs, 1));
    Value init = zeroFilled(rewriter, loc, resultType, dynamicSizes);

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
    rewriter.replaceOp(op, contraction->getResults());
    return success();
  }
};

struct ConvertTesseraToLinalgPass
    : public mlir::tessera::impl::ConvertTesseraToLinalgBase<ConvertTesseraToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalDialect<TesseraDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(context);
    populateTesseraToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::tessera::populateTesseraToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ElementwiseToGeneric>(patterns.getContext());
  patterns.add<DotToLinalg>(patterns.getContext());
}
