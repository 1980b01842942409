//===- CpuPipeline.cpp - tessera-cpu-pipeline -----------------------------===//
//
// tessera on tensors -> linalg on tensors -> checks hoisted and guarded ->
// fused -> tiled and vectorized -> bufferized -> loops -> LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

void mlir::tessera::buildCpuPipeline(OpPassManager &pm,
                                     const CpuPipelineOptions &options) {
  TesseraExportFunctionsOptions exportOptions;
  exportOptions.unitInnerStrides = options.unitInnerStrides;
  pm.addPass(createTesseraExportFunctions(exportOptions));
  pm.addPass(createConvertTesseraToLinalg());
  // Canonicalization reads the sizes of intermediate tensors off the
  // arguments, so that most run-time checks can run before any computation.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTesseraLowerChecks());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createTesseraVectorize());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTesseraApproximateMath());

  // Arguments take their layout from tessera-export-functions (any strides,
  // or a unit innermost one), so NumPy views are passed as they are; every
  // returned buffer is a fresh allocation owned by the caller.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::FullyDynamicLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createTesseraCopiesToLinalg());

  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createTesseraLowerVectorOps());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createTesseraWidenBoolMemRefs());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}
