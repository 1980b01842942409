//===- Pipelines.h - The named Tessera pass pipelines -----------*- C++ -*-===//
//
// The compiler in phases, each a registered pipeline that tessera-opt runs
// alone and that Python and C++ embedders use alike:
//
//   tessera-optimize-pipeline      target-independent rewrites on tessera ops
//   tessera-conversion-pipeline    tessera -> linalg/tensor/arith, run-time
//   checks tessera-cpu-backend-pipeline   linalg on tensors -> LLVM dialect for
//   the JIT tessera-cpu-pipeline           all three, for the CPU
//
// (A GPU backend, `tessera-gpu-backend-pipeline`, will take the conversion
// phase's output the way the CPU backend does.)
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_PIPELINES_PIPELINES_H
#define TESSERA_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::tessera {

/// Which rewrites the optimization phase applies: Theano's `optimizer` flag
/// (and so the `mode` of `function`).
enum class OptimizerLevel {
  FastRun,     // Every rewrite (Theano's FAST_RUN).
  FastCompile, // Only what correctness needs (Theano's FAST_COMPILE).
  None,        // Nothing that may be left out (optimizer=None).
};

/// The names of the levels in pipeline options (`optimizer=fast_compile`).
inline llvm::cl::ValuesClass optimizerLevelNames() {
  return llvm::cl::values(
      clEnumValN(OptimizerLevel::FastRun, "fast_run", "every rewrite"),
      clEnumValN(OptimizerLevel::FastCompile, "fast_compile",
                 "only what correctness needs"),
      clEnumValN(OptimizerLevel::None, "none", "nothing that may be left out"));
}

struct OptimizePipelineOptions
    : public PassPipelineOptions<OptimizePipelineOptions> {
  Option<OptimizerLevel> optimizer{
      *this, "optimizer",
      llvm::cl::desc("Which rewrites to apply (Theano's optimizer flag)"),
      llvm::cl::init(OptimizerLevel::FastRun), optimizerLevelNames()};
};

// The words of the options that the CPU backend's and the whole CPU
// pipeline's options share (PassPipelineOptions are CRTP structs: neither can
// inherit the other's options, so each declares them).
inline constexpr const char *kMaskFullTilesDescription =
    "Full vector tiles are masked like the last one (one loop, no peeled "
    "tail: half the code for LLVM; not in reductions that compute math "
    "functions), for targets whose masked loads and stores cost what plain "
    "ones do (AVX-512)";
inline constexpr const char *kLibmvecIsaDescription =
    "Vector math through glibc's libmvec for this vector extension (avx512, "
    "avx2, sse4), or none: scalar calls of the C library";

struct CpuBackendPipelineOptions
    : public PassPipelineOptions<CpuBackendPipelineOptions> {
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Vectorize loops (tessera-vectorize); without it they "
                     "stay scalar, which compiles faster (FAST_COMPILE), and "
                     "the vector lowering passes do not run (the input has "
                     "no vector ops)"),
      llvm::cl::init(true)};
  Option<bool> blas{
      *this, "blas",
      llvm::cl::desc("Call the runtime's BLAS for large matrix products "
                     "(tessera-contractions-to-blas); without it they are "
                     "generated code"),
      llvm::cl::init(true)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run parallel loops on the runtime's worker threads "
                     "(tessera-parallelize-loops); the JIT turns it off for "
                     "functions limited to one thread"),
      llvm::cl::init(true)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Loops with fewer elements stay on one thread"),
      llvm::cl::init(200000)};
  Option<bool> unitInnerStrides{
      *this, "unit-inner-strides",
      llvm::cl::desc("Compile entry points for arguments that are contiguous "
                     "in their innermost dimension (vector loads); without "
                     "it, arguments may have any strides"),
      llvm::cl::init(true)};
  Option<bool> maskFullTiles{
      *this, "mask-full-tiles",
      llvm::cl::desc(kMaskFullTilesDescription),
      llvm::cl::init(false)};
  Option<std::string> libmvecIsa{
      *this, "libmvec-isa",
      llvm::cl::desc(kLibmvecIsaDescription),
      llvm::cl::init("none")};
};

/// The options of the whole CPU pipeline: those of its phases, and
/// NanGuardMode's checks between the optimization and conversion phases.
struct CpuPipelineOptions : public PassPipelineOptions<CpuPipelineOptions> {
  Option<bool> guardNan{*this, "guard-nan",
                        llvm::cl::desc("Check every float value for NaN"),
                        llvm::cl::init(false)};
  Option<bool> guardInf{*this, "guard-inf",
                        llvm::cl::desc("Check every float value for Inf"),
                        llvm::cl::init(false)};
  Option<bool> guardBig{
      *this, "guard-big",
      llvm::cl::desc("Check every float value for magnitudes above 1e10"),
      llvm::cl::init(false)};
  Option<OptimizerLevel> optimizer{
      *this, "optimizer",
      llvm::cl::desc("Which rewrites the optimization phase applies"),
      llvm::cl::init(OptimizerLevel::FastRun), optimizerLevelNames()};
  Option<bool> unitInnerStrides{
      *this, "unit-inner-strides",
      llvm::cl::desc("Compile entry points for arguments that are contiguous "
                     "in their innermost dimension"),
      llvm::cl::init(true)};
  Option<bool> blas{
      *this, "blas",
      llvm::cl::desc("Call the runtime's BLAS for large matrix products "
                     "(tessera-contractions-to-blas); without it they are "
                     "generated code"),
      llvm::cl::init(true)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run parallel loops on the runtime's worker threads "
                     "(tessera-parallelize-loops); the JIT turns it off for "
                     "functions limited to one thread"),
      llvm::cl::init(true)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("Loops with fewer elements stay on one thread"),
      llvm::cl::init(200000)};
  Option<bool> maskFullTiles{
      *this, "mask-full-tiles",
      llvm::cl::desc(kMaskFullTilesDescription),
      llvm::cl::init(false)};
  Option<std::string> libmvecIsa{
      *this, "libmvec-isa",
      llvm::cl::desc(kLibmvecIsaDescription),
      llvm::cl::init("none")};
};

/// `tessera-optimize-pipeline`: target-independent rewrites on the tessera
/// dialect: gradients expand first (on the graph as written, as Theano's
/// `grad`), then simplification (folders, canonicalization patterns) and
/// common subexpressions; stability and fusion passes join in the slots of
/// OptimizePipeline.cpp.
void buildOptimizePipeline(OpPassManager &pm,
                           const OptimizePipelineOptions &options);

/// `tessera-conversion-pipeline`: tessera ops to linalg, tensor, arith, math
/// and scf on tensors, with run-time checks hoisted and lowered to reports.
void buildConversionPipeline(OpPassManager &pm);

/// `tessera-cpu-backend-pipeline`: the conversion phase's output to the LLVM
/// dialect, ready for the JIT. Public functions keep a C interface
/// (`_mlir_ciface_<name>`) that takes and returns memref descriptors.
void buildCpuBackendPipeline(OpPassManager &pm,
                             const CpuBackendPipelineOptions &options);

/// `tessera-cpu-pipeline`: every phase, tessera on tensors to the LLVM
/// dialect for the CPU JIT.
void buildCpuPipeline(OpPassManager &pm, const CpuPipelineOptions &options);

/// `tessera-cpu-lowering-pipeline`: what `tessera-cpu-pipeline` runs after
/// the optimization phase: NanGuardMode's checks, the conversion phase and
/// the CPU backend.
void buildCpuLoweringPipeline(OpPassManager &pm,
                              const CpuPipelineOptions &options);

/// Registers the tessera passes and pipelines in the global pass registry.
/// Idempotent.
void registerPassesAndPipelines();

/// Adds the tessera dialect and everything the pipelines need (upstream
/// dialects, interface models, LLVM IR translations) to `registry`.
void registerDialects(DialectRegistry &registry);

} // namespace mlir::tessera

#endif // TESSERA_PIPELINES_PIPELINES_H
