//===- LowerVectorOps.cpp - Vector ops to their LLVM-convertible forms ----===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERALOWERVECTOROPS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// LLVM's masked gather takes a base of unit innermost stride. A gather from
/// a strided view (a slice read backwards, a column, an input of any
/// strides) reads the same elements through a unit-stride view of the whole
/// buffer: the base position is linearized and the indices are scaled by
/// the innermost stride, so it stays one hardware gather.
struct GatherFromUnitStrideView : public OpRewritePattern<vector::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::GatherOp gather,
                                PatternRewriter &rewriter) const override {
    auto base = dyn_cast<MemRefType>(gather.getBase().getType());
    if (!base || base.isLastDimUnitStride() ||
        gather.getIndices().getType().getRank() != 1)
      return failure();
    Location loc = gather.getLoc();
    auto metadata = memref::ExtractStridedMetadataOp::create(rewriter, loc,
                                                             gather.getBase());
    // The view spans from the base's offset to its last element.
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value span = one,
          position = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (auto [size, stride, offset] : llvm::zip(
             metadata.getSizes(), metadata.getStrides(), gather.getOffsets())) {
      Value last = arith::SubIOp::create(rewriter, loc, size, one);
      span = arith::AddIOp::create(
          rewriter, loc, span,
          arith::MulIOp::create(rewriter, loc, last, stride));
      position = arith::AddIOp::create(
          rewriter, loc, position,
          arith::MulIOp::create(rewriter, loc, offset, stride));
    }
    auto viewType =
        MemRefType::get({ShapedType::kDynamic}, base.getElementType(),
                        StridedLayoutAttr::get(rewriter.getContext(),
                                               ShapedType::kDynamic, {1}),
                        base.getMemorySpace());
    Value view = memref::ReinterpretCastOp::create(
        rewriter, loc, viewType, metadata.getBaseBuffer(),
        OpFoldResult(metadata.getOffset()), {OpFoldResult(span)},
        {rewriter.getIndexAttr(1)});
    auto indexType = gather.getIndices().getType();
    Value innerStride = vector::BroadcastOp::create(
        rewriter, loc, indexType,
        arith::IndexCastOp::create(rewriter, loc, indexType.getElementType(),
                                   metadata.getStrides().back()));
    Value indices =
        arith::MulIOp::create(rewriter, loc, gather.getIndices(), innerStride);
    rewriter.replaceOpWithNewOp<vector::GatherOp>(
        gather, gather.getType(), view, ValueRange{position}, indices,
        gather.getMask(), gather.getPassThru());
    return success();
  }
};

struct TesseraLowerVectorOpsPass
    : public mlir::tessera::impl::TesseraLowerVectorOpsBase<
          TesseraLowerVectorOpsPass> {
  void runOnOperation() override {
    // First, vectors lose their leading unit dimensions (a 1x16 row tile is
    // a vector<16>): LLVM conversion would otherwise carry each n-D value as
    // an array of 1-D vectors, with an insert and an extract around every
    // op, and convert-vector-to-scf would stage each n-D transfer through a
    // stack buffer; both cost LLVM's compile time.
    RewritePatternSet unitDims(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(unitDims);
    vector::populateVectorTransferDropUnitDimsPatterns(unitDims);
    vector::populateDropUnitDimWithShapeCastPatterns(unitDims);
    vector::ShapeCastOp::getCanonicalizationPatterns(unitDims, &getContext());
    vector::BroadcastOp::getCanonicalizationPatterns(unitDims, &getContext());
    vector::ExtractOp::getCanonicalizationPatterns(unitDims, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(unitDims))))
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    vector::populateVectorTransposeLoweringPatterns(
        patterns, vector::VectorTransposeLowering::EltWise);
    vector::populateVectorBroadcastLoweringPatterns(patterns);
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    vector::populateVectorMaskOpLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    patterns.add<GatherFromUnitStrideView>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
