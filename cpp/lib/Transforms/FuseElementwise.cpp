//===- FuseElementwise.cpp - Elementwise fusion of multi-use producers ----===//
//
// Upstream's linalg elementwise fusion (`linalg::fuseElementwiseOps`), also
// of a producer whose result has other users: the fused op keeps that
// result as an extra result, which the other users then read, so nothing is
// computed twice; a graph of elementwise ops
// becomes a few multi-result loops instead of one loop per op whose value is
// used twice (each loop costs compile time and a round trip through
// memory).
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAFUSEELEMENTWISE
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

bool allParallel(linalg::GenericOp op) {
  return op.getNumLoops() == op.getNumParallelLoops();
}

/// Whether fusing the producer of `operand` into its consumer is worth it
/// and keeps the IR valid. A producer with one user is always fused (as
/// upstream's pass does). One with several is fused only into a consumer
/// that reads it through one operand, is all-parallel like itself and reads
/// it through a permutation
/// (so the kept result is written once per element, not recomputed per
/// broadcast copy), and only when every other user comes after the consumer
/// in the same block: they will read the kept result of the fused op, which
/// takes the consumer's place.
bool shouldFuse(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  if (!producer)
    return false;
  if (producer->hasOneUse())
    return true;
  auto producerOp = dyn_cast<linalg::GenericOp>(producer);
  auto consumerOp = dyn_cast<linalg::GenericOp>(operand->getOwner());
  // A consumer that reads the producer twice (x * x) would get a copy of its
  // body per operand, fused one at a time: chains of them grow
  // exponentially.
  auto fromProducer = [&](Value value) {
    return value.getDefiningOp() == producer;
  };
  if (!producerOp || !consumerOp ||
      llvm::count_if(consumerOp->getOperands(), fromProducer) != 1 ||
      !allParallel(producerOp) ||
      !allParallel(consumerOp) ||
      !consumerOp.getMatchingIndexingMap(operand).isPermutation())
    return false;
  for (Operation *user : producer->getUsers())
    if (user != consumerOp &&
        (user->getBlock() != consumerOp->getBlock() ||
         !consumerOp->isBeforeInBlock(user)))
      return false;
  return true;
}

/// Fuses the producer of one operand into a generic op with upstream's
/// `fuseElementwiseOps`. Unlike upstream's pattern, which leaves the
/// producer's other users reading the producer (so that it is computed
/// twice, and chains of fusions copy bodies exponentially), every user of a
/// producer result reads the fused op's kept result.
struct FuseProducer : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      if (!linalg::areElementwiseOpsFusable(&operand) || !shouldFuse(&operand))
        continue;
      Operation *producer = operand.get().getDefiningOp();
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        return rewriter.notifyMatchFailure(consumer, "fusion failed");
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceAllUsesWith(original, replacement);
      rewriter.eraseOp(consumer);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      return success();
    }
    return failure();
  }
};

struct FuseElementwisePass
    : public tessera::impl::TesseraFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    patterns.add<FuseProducer>(context);
    // What upstream's linalg-fuse-elementwise-ops cleans up with: among
    // them, dropping the results and operands fused ops no longer need.
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    // Top-down, as upstream's pass, for compile time.
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};

} // namespace
