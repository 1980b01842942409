//===- OptimizePipeline.cpp - tessera-optimize-pipeline -------------------===//
//
// The target-independent phase. Gradients expand first: as in Theano, where
// `grad` differentiates the graph the user wrote, the values a gradient op
// refers to (its wrt and consider_constant values) must not be folded into
// or merged with others before autodiff has run (grad with respect to
// y = -(-x) is not grad with respect to x). Then what autodiff produced is
// simplified (the dialect's folders and canonicalization patterns) and CSE'd.
// Stability rewrites and fusion arrive with their issues, in the slots marked
// below; a stability rewrite that runs before autodiff must leave the values
// gradient ops refer to alone.
//
//===----------------------------------------------------------------------===//

#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

void mlir::tessera::buildOptimizePipeline(
    OpPassManager &pm, const OptimizePipelineOptions &options) {
  // Gradients are needed for correctness, at every level.
  pm.addPass(createTesseraAutodiff());
  if (options.optimizer != OptimizerLevel::FastRun)
    return;
  // Stabilize (slot) and simplify, then eliminate common subexpressions;
  // fusion (slot) comes last.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Loops: what a step computes from values defined outside it moves out
  // (upstream's pass, through scan's LoopLikeOpInterface); results read
  // only at [-1] stop storing their histories (after autodiff, which needs
  // them).
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createTesseraScanKeepLast());
}
