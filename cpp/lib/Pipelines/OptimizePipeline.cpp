//===- OptimizePipeline.cpp - tessera-optimize-pipeline -------------------===//
//
// The target-independent phase. Gradients expand first: as in Theano, where
// `grad` differentiates the graph the user wrote, the values a gradient op
// refers to (its wrt and consider_constant values) must not be folded into
// or merged with others before autodiff has run (grad with respect to
// y = -(-x) is not grad with respect to x). Then what autodiff produced is
// simplified (the dialect's folders and canonicalization patterns) and CSE'd.
// The stability rewrites run on both sides of autodiff: before, so that
// gradients are taken of the stable forms (they leave the values gradient
// ops refer to alone), and after, on what the derivative rules built.
// Fusion arrives with its issue, in the slot marked below.
//
//===----------------------------------------------------------------------===//

#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

void mlir::tessera::buildOptimizePipeline(
    OpPassManager &pm, const OptimizePipelineOptions &options) {
  bool all = options.optimizer == OptimizerLevel::FastRun;
  if (all)
    pm.addPass(createTesseraStabilize());
  // Gradients are needed for correctness, at every level.
  pm.addPass(createTesseraAutodiff());
  if (!all)
    return;
  // Stabilize and simplify, then eliminate common subexpressions; fusion
  // (slot) comes last.
  pm.addPass(createTesseraStabilize());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Loops: what a step computes from values defined outside it moves out
  // (upstream's pass, through scan's LoopLikeOpInterface); results read
  // only at [-1] stop storing their histories (after autodiff, which needs
  // them).
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createTesseraScanKeepLast());
}
