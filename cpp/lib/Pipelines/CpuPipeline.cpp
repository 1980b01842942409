//===- CpuPipeline.cpp - The CPU backend and the whole CPU pipeline -------===//
//
// linalg on tensors -> fused -> bufferized -> allocations checked ->
// deallocated -> tiled and vectorized -> loops -> LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Transforms/Passes.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"

using namespace mlir;

/// The largest buffer that may live on the stack (64 bytes: a scalar, a
/// small vector).
constexpr int64_t kMaxStackBufferBits = 64 * 8;

void mlir::tessera::buildCpuBackendPipeline(
    OpPassManager &pm, const CpuBackendPipelineOptions &options) {
  TesseraExportFunctionsOptions exportOptions;
  exportOptions.unitInnerStrides = options.unitInnerStrides;
  pm.addPass(createTesseraExportFunctions(exportOptions));
  // No CSE from here to bufferization: it would merge the tensor.empty and
  // linalg.fill that start each result, and one-shot bufferization would
  // then copy what several ops write into (and its conflict analysis grows
  // quadratically in such shared tensors' uses).
  //
  // Sums into products first: fusion would take a sum into a larger loop.
  pm.addPass(createTesseraAccumulateIntoContractions());
  pm.addPass(createTesseraFuseElementwise());

  // Arguments take their layout from tessera-export-functions (any strides,
  // or a unit innermost one), so NumPy views are passed as they are; every
  // returned buffer is a fresh allocation owned by the caller.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::FullyDynamicLayoutMap;
  // Loops (scf.for from scan) may carry new tensors; the ownership-based
  // deallocation below frees what they replace.
  bufferize.allowReturnAllocsFromLoops = true;
  // The runtime's allocator aligns every buffer to 64 bytes (a cache line,
  // an AVX-512 vector): allocations need no alignment arithmetic, which was
  // a third of the instructions of a large graph's entry function.
  bufferize.bufferAlignment = 0;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Small buffers of static shape (scalars: a reduction's result, a
  // gradient's seed) that do not escape live on the stack: no allocation and
  // deallocation per call. Not in loops, where each step would take more
  // stack.
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass([](Value alloc) {
        auto type = cast<MemRefType>(alloc.getType());
        return type.hasStaticShape() && type.getElementType().isIntOrFloat() &&
               type.getNumElements() *
                       type.getElementType().getIntOrFloatBitWidth() <=
                   kMaxStackBufferBits &&
               !alloc.getDefiningOp()
                    ->getParentOfType<LoopLikeOpInterface>();
      }));
  // On buffers, where a transposed operand can be a strided view.
  if (options.blas)
    pm.addPass(createTesseraContractionsToBlas());
  // Upstream's buffer-deallocation-pipeline, with the dealloc of every
  // buffer of a straight-line function split before its simplification.
  pm.addPass(memref::createExpandReallocPass(
      memref::ExpandReallocPassOptions{/*emitDeallocs=*/false}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(bufferization::createOwnershipBasedBufferDeallocationPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTesseraSplitDeallocations());
  pm.addPass(bufferization::createBufferDeallocationSimplificationPass());
  pm.addPass(bufferization::createLowerDeallocationsPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  // Each buffer is freed after its last use rather than at the end of its
  // block: a graph's peak memory is what is live at once, as with Theano's
  // allow_gc, and the allocator hands freed memory (warm in cache) out again.
  pm.addNestedPass<func::FuncOp>(
      bufferization::createOptimizeAllocationLivenessPass());
  // Every allocation is checked (a failed check unwinds to the runtime,
  // which frees the call's buffers). After the deallocation pipeline's CSE,
  // the checks on the sizes of buffers of the same shape share their
  // conditions, and only the first is kept.
  pm.addPass(createTesseraCheckAllocations());
  pm.addPass(createTesseraLowerChecks());
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createTesseraCopiesToLinalg());

  // Vectorized on buffers: tiles are subviews, so there are no tensors for
  // one-shot bufferization to analyse through every tile loop (its analysis
  // grows much faster than the code).
  if (options.vectorize) {
    TesseraVectorizeOptions vectorize;
    vectorize.maskFullTiles = options.maskFullTiles;
    pm.addNestedPass<func::FuncOp>(createTesseraVectorize(vectorize));
  }
  pm.addPass(createCanonicalizerPass());
  // Complex division, exp, log, sqrt, abs and angle become real arithmetic
  // and math ops (on scalars: the vectorizer leaves complex code alone).
  pm.addPass(createConvertComplexToStandardPass());
  // What was not vectorized becomes loops too; parallel dimensions become
  // scf.parallel, like the vectorized ops' outer tile loops.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Before math becomes calls: a parallel body must call nothing.
  if (options.parallel) {
    TesseraParallelizeLoopsOptions parallelize;
    parallelize.minWork = options.parallelMinWork;
    pm.addPass(createTesseraParallelizeLoops(parallelize));
  }
  // Vector math calls libmvec where it is more accurate than upstream's
  // approximations or where they are missing; the approximations take the
  // rest. Scalar loops (no vectorization) call the C library, exact and less
  // code to compile.
  if (options.vectorize) {
    TesseraMathToLibmvecOptions libmvec;
    libmvec.isa = options.libmvecIsa;
    pm.addPass(createTesseraMathToLibmvec(libmvec));
    pm.addPass(createTesseraApproximateMath());
  }

  // Each loop nest in a function of its own: LLVM's compile time stays
  // linear in the graph's size, and the function passes below run on the
  // functions in parallel.
  pm.addPass(createTesseraOutlineLoops());
  // Scalar code has no vector ops to lower; the vector passes would still
  // build their patterns for each function (45 ms on the 993-op graph of
  // bench/compile_time.py).
  if (options.vectorize) {
    OpPassManager &functions = pm.nest<func::FuncOp>();
    functions.addPass(createTesseraLowerVectorOps());
    functions.addPass(createConvertVectorToSCFPass());
  }
  pm.addPass(createTesseraWidenBoolMemRefs());
  OpPassManager &loops = pm.nest<func::FuncOp>();
  loops.addPass(createSCFToControlFlowPass());
  loops.addPass(memref::createExpandStridedMetadataPass());
  loops.addPass(createLowerAffinePass());
  // Canonicalization composed affine maps into each of their uses (a partial
  // tile's start into each subview's offset); lowered, the copies are equal.
  loops.addPass(createCSEPass());
  if (options.vectorize)
    loops.addPass(createConvertVectorToLLVMPass());
  // Allocations go through the runtime's allocator
  // (_mlir_memref_to_llvm_alloc), which refuses impossible sizes.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  OpPassManager &math = pm.nest<func::FuncOp>();
  math.addPass(createConvertComplexToLLVMPass());
  math.addPass(createConvertMathToLLVMPass());
  // Scalar math LLVM has no intrinsic for (sinh, atan2, erf in f64, ...)
  // calls the C library; so does vector math without libmvec, lane by lane.
  pm.addPass(createConvertMathToLibmPass());
  OpPassManager &rest = pm.nest<func::FuncOp>();
  if (options.vectorize)
    rest.addPass(createConvertVectorToLLVMPass());
  rest.addPass(createArithToLLVMConversionPass());
  rest.addPass(createConvertIndexToLLVMPass());
  rest.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  if (options.parallel)
    pm.addPass(createTesseraLowerParallelCalls());
}

void mlir::tessera::buildCpuPipeline(OpPassManager &pm,
                                     const CpuPipelineOptions &options) {
  OptimizePipelineOptions optimize;
  optimize.optimizer = options.optimizer;
  buildOptimizePipeline(pm, optimize);
  buildCpuLoweringPipeline(pm, options);
}

void mlir::tessera::buildCpuLoweringPipeline(
    OpPassManager &pm, const CpuPipelineOptions &options) {
  if (options.guardNan || options.guardInf || options.guardBig) {
    TesseraNanGuardOptions guard;
    guard.checkNan = options.guardNan;
    guard.checkInf = options.guardInf;
    guard.checkBig = options.guardBig;
    pm.addPass(createTesseraNanGuard(guard));
  }
  buildConversionPipeline(pm);
  CpuBackendPipelineOptions backend;
  backend.unitInnerStrides = options.unitInnerStrides;
  // Only FAST_RUN spends compile time on vectors; the other levels are for
  // compiling fast (FAST_COMPILE) or for checking the rewrites (None).
  backend.vectorize = options.optimizer == OptimizerLevel::FastRun;
  backend.libmvecIsa = options.libmvecIsa;
  backend.maskFullTiles = options.maskFullTiles;
  backend.blas = options.blas;
  backend.parallel = options.parallel;
  backend.parallelMinWork = options.parallelMinWork;
  buildCpuBackendPipeline(pm, backend);
}
