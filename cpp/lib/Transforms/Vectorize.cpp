//===- Vectorize.cpp - Tile linalg ops and vectorize the tiles ------------===//

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAVECTORIZE
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// The widest element of `op`'s operands, in bits.
int64_t widestElementBits(linalg::LinalgOp op) {
  int64_t bits = 8;
  for (Value operand : op->getOperands())
    if (auto shaped = dyn_cast<ShapedType>(operand.getType()))
      if (shaped.getElementType().isIntOrFloat())
        bits = std::max<int64_t>(
            bits, shaped.getElementType().getIntOrFloatBitWidth());
  return bits;
}

/// Tile (= vector) sizes per loop of `op`, or none if it is not vectorized:
/// a vector along the innermost parallel loop, 1 elsewhere; a contraction also
/// takes a few rows at once and one step of its reduction.
std::optional<SmallVector<int64_t>> vectorSizesOf(linalg::LinalgOp op,
                                                  int64_t vectorBits) {
  int64_t loops = op.getNumLoops();
  if (loops == 0)
    return std::nullopt;
  // Vectors hold integers and floats; complex code stays scalar.
  for (Value operand : op->getOperands())
    if (!getElementTypeOrSelf(operand.getType()).isIntOrIndexOrFloat())
      return std::nullopt;
  int64_t lanes = std::max<int64_t>(1, vectorBits / widestElementBits(op));
  // A static innermost extent narrower than a vector needs no mask.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // A loop of no iterations computes nothing (and 0 is no tile size).
  if (llvm::is_contained(ranges, 0))
    return std::nullopt;
  auto lanesFor = [&](int64_t loop) {
    return ShapedType::isDynamic(ranges[loop]) ? lanes
                                               : std::min(lanes, ranges[loop]);
  };
  SmallVector<int64_t> sizes(loops, 1);
  bool allParallel = op.getNumReductionLoops() == 0;
  if (allParallel && (isa<linalg::FillOp>(op) || isa<linalg::GenericOp>(op) ||
                      isa<linalg::CopyOp>(op))) {
    sizes.back() = lanesFor(loops - 1);
    return sizes;
  }
  if (isa<linalg::MatmulOp>(op)) // (m, n, k)
    return SmallVector<int64_t>{std::min<int64_t>(4, lanesFor(0)), lanesFor(1),
                                1};
  if (isa<linalg::MatvecOp>(op)) // (m, k)
    return SmallVector<int64_t>{1, lanesFor(1)};
  if (isa<linalg::VecmatOp>(op)) // (n, k)
    return SmallVector<int64_t>{lanesFor(0), 1};
  if (isa<linalg::DotOp>(op)) // (k)
    return SmallVector<int64_t>{lanesFor(0)};
  return std::nullopt;
}

LogicalResult vectorizeTile(RewriterBase &rewriter, Operation *tile,
                            ArrayRef<int64_t> sizes) {
  rewriter.setInsertionPoint(tile);
  SmallVector<bool> scalable(sizes.size(), false);
  // Contractions with a parallel loop become vector.contract (then FMAs on
  // whole vectors) rather than broadcasts and a multi-reduction. (A pure
  // reduction, linalg.dot, would give an invalid 0-d vector.contract.)
  bool namedContraction =
      cast<linalg::LinalgOp>(tile).getNumParallelLoops() > 0;
  FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
      rewriter, tile, sizes, scalable, /*vectorizeNDExtract=*/false,
      /*flatten1DDepthwiseConv=*/false,
      /*assumeDynamicDimsMatchVecSizes=*/false, namedContraction);
  if (failed(vectorized))
    return failure();
  rewriter.replaceOp(tile, vectorized->replacements);
  return success();
}

/// Tiles `op` (on buffers) by `sizes` and vectorizes the tiles. The
/// innermost tile loop is peeled first: its full tiles get unmasked vectors
/// and only the last, partial tile is masked.
LogicalResult tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op,
                               ArrayRef<int64_t> sizes) {
  linalg::LinalgTilingOptions options;
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::TiledLinalgOp> tiled =
      linalg::tileLinalgOp(rewriter, op, options);
  if (failed(tiled))
    return failure();
  rewriter.eraseOp(op);
  Operation *tile = tiled->op;
  SmallVector<Operation *> tiles = {tile};
  auto innermost = tiled->loops.empty()
                       ? scf::ForOp()
                       : dyn_cast<scf::ForOp>(tiled->loops.back());
  scf::ForOp partialTile;
  if (innermost && innermost->isAncestor(tile) &&
      succeeded(
          scf::peelForLoopAndSimplifyBounds(rewriter, innermost, partialTile)))
    partialTile.walk([&](linalg::LinalgOp peeled) { tiles.push_back(peeled); });
  for (Operation *each : tiles)
    if (failed(vectorizeTile(rewriter, each, sizes)))
      return failure();
  return success();
}

struct TesseraVectorizePass
    : public mlir::tessera::impl::TesseraVectorizeBase<TesseraVectorizePass> {
  using TesseraVectorizeBase::TesseraVectorizeBase;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, SmallVector<int64_t>>> work;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (!op.hasPureBufferSemantics())
        return;
      if (auto sizes = vectorSizesOf(op, vectorBits))
        work.emplace_back(op, *sizes);
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, sizes] : work) {
      // An op that cannot be vectorized stays scalar: still correct.
      (void)tileAndVectorize(rewriter, op, sizes);
    }
    // Masked transfers become transfers with a mask operand now: later
    // canonicalizations cannot rewrite the inside of a vector.mask region.
    RewritePatternSet patterns(&getContext());
    vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
    // Full tiles' masks are all true: folding them leaves plain transfers.
    vector::CreateMaskOp::getCanonicalizationPatterns(patterns, &getContext());
    vector::TransferReadOp::getCanonicalizationPatterns(patterns,
                                                        &getContext());
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns,
                                                         &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
