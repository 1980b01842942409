//===- Pipelines.h - The named Tessera pass pipelines -----------*- C++ -*-===//
//
// Each pipeline is defined once here and used alike by Python, tessera-opt and
// C++ embedders (by name through the pass registry, or by these builders).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_PIPELINES_PIPELINES_H
#define TESSERA_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::tessera {

struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  Option<bool> unitInnerStrides{
      *this, "unit-inner-strides",
      llvm::cl::desc("Compile entry points for arguments that are contiguous "
                     "in their innermost dimension (vector loads); without "
                     "it, arguments may have any strides"),
      llvm::cl::init(true)};
};

/// `tessera-cpu-pipeline`: tessera on tensors to the LLVM dialect, ready for
/// the JIT. Public functions keep a C interface (`_mlir_ciface_<name>`) that
/// takes and returns memref descriptors.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// Registers the tessera passes and pipelines in the global pass registry.
/// Idempotent.
void registerPassesAndPipelines();

/// Adds the tessera dialect and everything the pipelines need (upstream
/// dialects, interface models, LLVM IR translations) to `registry`.
void registerDialects(DialectRegistry &registry);

} // namespace mlir::tessera

#endif // TESSERA_PIPELINES_PIPELINES_H
