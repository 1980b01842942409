//===- Registration.cpp - Registering Tessera with MLIR -------------------===//

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

void mlir::tessera::registerPassesAndPipelines() {
  static bool registered = [] {
    registerTesseraPasses();
    PassPipelineRegistration<OptimizePipelineOptions>(
        "tessera-optimize-pipeline",
        "Target-independent rewrites of tessera ops (the optimization phase)",
        buildOptimizePipeline);
    PassPipelineRegistration<>(
        "tessera-conversion-pipeline",
        "Lower tessera ops to linalg on tensors with run-time checks",
        buildConversionPipeline);
    PassPipelineRegistration<CpuBackendPipelineOptions>(
        "tessera-cpu-backend-pipeline",
        "Lower linalg on tensors to the LLVM dialect for the CPU JIT",
        buildCpuBackendPipeline);
    PassPipelineRegistration<CpuPipelineOptions>(
        "tessera-cpu-pipeline",
        "Every phase: tessera on tensors to the LLVM dialect for the CPU JIT",
        buildCpuPipeline);
    PassPipelineRegistration<CpuPipelineOptions>(
        "tessera-cpu-lowering-pipeline",
        "tessera-cpu-pipeline after its optimization phase (which the JIT "
        "runs apart; its optimizer option still picks the backend's work)",
        buildCpuLoweringPipeline);
    return true;
  }();
  (void)registered;
}

void mlir::tessera::registerDialects(DialectRegistry &registry) {
  registry.insert<TesseraDialect>();
  // The pipelines pass through most upstream dialects and rely on their
  // external interface models (bufferization, conversion to LLVM, ...).
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}
