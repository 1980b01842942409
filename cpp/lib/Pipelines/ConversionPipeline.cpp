//===- ConversionPipeline.cpp - tessera-conversion-pipeline ---------------===//

#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

void mlir::tessera::buildConversionPipeline(OpPassManager &pm) {
  pm.addPass(createConvertTesseraControlFlowToScf());
  pm.addPass(createConvertTesseraToLinalg());
  // Canonicalization reads the sizes of intermediate tensors off the
  // arguments, so that most run-time checks can run before any computation.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTesseraLowerChecks());
  pm.addPass(createCanonicalizerPass());
}
