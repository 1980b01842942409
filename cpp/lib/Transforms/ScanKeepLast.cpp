//===- ScanKeepLast.cpp - Scan results read only at [-1] keep no history --===//

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERASCANKEEPLAST
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Whether `use` reads `x[-1]`: the last row along the first axis, whole
/// along the others.
bool readsLastRow(Operation *use) {
  auto subtensor = dyn_cast<SubtensorOp>(use);
  if (!subtensor || !subtensor.getBounds().empty())
    return false;
  ArrayRef<int64_t> starts = subtensor.getStarts(),
                    stops = subtensor.getStops(), steps = subtensor.getSteps();
  if (starts[0] != -1 || steps[0] != 0)
    return false;
  for (size_t d = 1; d < starts.size(); ++d)
    if (starts[d] != kOmittedBound || stops[d] != kOmittedBound ||
        (steps[d] != kOmittedBound && steps[d] != 1))
      return false;
  return true;
}

struct KeepLastRow : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Attribute> keep(op.getKeepAttr().getValue());
    SmallVector<Type> types(op.getResultTypes());
    bool changed = false;
    for (auto [index, result] : llvm::enumerate(op.getResults())) {
      if (op.getKeep(index) != ScanOp::kKeepAll || result.use_empty() ||
          !llvm::all_of(result.getUsers(), readsLastRow))
        continue;
      if (index < op.getNumStates() &&
          op.getStateTaps(index) != ArrayRef<int64_t>{-1})
        continue;
      keep[index] = rewriter.getStringAttr(ScanOp::kKeepLast);
      types[index] = (*result.getUsers().begin())->getResult(0).getType();
      changed = true;
    }
    if (!changed)
      return failure();
    auto rewritten = ScanOp::create(
        rewriter, op.getLoc(), types, op.getNSteps(), op.getSequences(),
        op.getInitialStates(), op.getTaps(), rewriter.getArrayAttr(keep),
        op.getUntil(), op.getTruncateGradient());
    rewritten.getBody().takeBody(op.getBody());
    for (auto [index, result] : llvm::enumerate(op.getResults())) {
      Value replacement = rewritten.getResult(index);
      if (keep[index] == op.getKeepAttr()[index]) {
        rewriter.replaceAllUsesWith(result, replacement);
        continue;
      }
      for (Operation *user : llvm::make_early_inc_range(result.getUsers()))
        rewriter.replaceOp(user, replacement);
    }
    rewriter.eraseOp(op);
    return success();
  }
};

struct TesseraScanKeepLastPass
    : public mlir::tessera::impl::TesseraScanKeepLastBase<
          TesseraScanKeepLastPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<KeepLastRow>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
