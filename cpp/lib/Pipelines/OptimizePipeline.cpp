//===- OptimizePipeline.cpp - tessera-optimize-pipeline -------------------===//
//
// The target-independent phase. Its slots follow Theano's rewrite phases
// (PyTensor's too): stabilize + simplify, then expand gradients, then
// stabilize + simplify what autodiff produced, CSE, and fuse. Stability and
// fusion passes arrive with their issues; today the simplification is the
// dialect's folders and canonicalization patterns.
//
//===----------------------------------------------------------------------===//

#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

namespace {
/// Stabilize and simplify: folders, canonicalization patterns, dead code.
void addSimplification(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
}
} // namespace

void mlir::tessera::buildOptimizePipeline(
    OpPassManager &pm, const OptimizePipelineOptions &options) {
  if (options.optimizer == OptimizerLevel::FastRun)
    addSimplification(pm);
  // Gradients are needed for correctness, at every level.
  pm.addPass(createTesseraAutodiff());
  if (options.optimizer != OptimizerLevel::FastRun)
    return;
  addSimplification(pm);
  pm.addPass(createCSEPass());
}
