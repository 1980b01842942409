//===- JitCompiler.cpp - Lowering and JIT-compiling a module --------------===//

#include "JitCompiler.h"
#include "Blas.h"

#include "ExecutableImpl.h"
#include "MachineCode.h"
#include "OptimizationRecorder.h"
#include "ParallelFor.h"
#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"
#include "tessera/Pipelines/Pipelines.h"
#include "llvm/TargetParser/Host.h"

#include <dlfcn.h>
#include <sched.h>

using namespace mlir;

namespace {

std::optional<::tessera::DType> dtypeOf(Type type) {
  for (const ::tessera::DTypeInfo &info : ::tessera::dtypes())
    if (parseType(info.mlirType, type.getContext()) == type)
      return info.dtype;
  return std::nullopt;
}

::tessera::ErrorKind errorKindOf(mlir::tessera::CheckKind kind) {
  switch (kind) {
  case mlir::tessera::CheckKind::value:
    return ::tessera::ErrorKind::Value;
  case mlir::tessera::CheckKind::index:
    return ::tessera::ErrorKind::Index;
  case mlir::tessera::CheckKind::memory:
    return ::tessera::ErrorKind::Memory;
  case mlir::tessera::CheckKind::linalg:
    return ::tessera::ErrorKind::LinAlg;
  case mlir::tessera::CheckKind::nan_guard:
    return ::tessera::ErrorKind::NanGuard;
  }
  return ::tessera::ErrorKind::Value;
}

FailureOr<::tessera::TensorType> tensorTypeOf(func::FuncOp func, Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::optional<::tessera::DType> dtype =
      tensor ? dtypeOf(tensor.getElementType()) : std::nullopt;
  if (!dtype)
    return func.emitError("entry point '")
           << func.getSymName() << "' has a " << type
           << " in its signature; entry points take and return ranked "
              "tensors of bool, integer or float elements";
  ::tessera::TensorType result{*dtype, {}};
  for (int64_t size : tensor.getShape())
    result.shape.push_back(ShapedType::isDynamic(size) ? -1 : size);
  return result;
}

/// The signatures of the public functions: the module's entry points.
FailureOr<std::vector<::tessera::FunctionSignature>>
entryPointSignatures(ModuleOp module) {
  std::vector<::tessera::FunctionSignature> signatures;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func.isPublic() || func.isExternal())
      continue;
    ::tessera::FunctionSignature signature{func.getSymName().str(), {}, {}};
    for (Type type : func.getArgumentTypes()) {
      FailureOr<::tessera::TensorType> input = tensorTypeOf(func, type);
      if (failed(input))
        return failure();
      signature.inputs.push_back(*input);
    }
    for (Type type : func.getResultTypes()) {
      FailureOr<::tessera::TensorType> output = tensorTypeOf(func, type);
      if (failed(output))
        return failure();
      signature.outputs.push_back(*output);
    }
    signatures.push_back(std::move(signature));
  }
  return signatures;
}

StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

/// The host CPU's features (LLVM's names: "avx512f", ...), read once.
const llvm::StringMap<bool> &hostFeatures() {
  static const llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return features;
}

/// The vector extension for tessera-math-to-libmvec on this host: the widest
/// the CPU has, provided the process can load a libmvec that defines every
/// function the pass may call (glibc >= 2.35 on x86-64); "none" otherwise.
/// Loading it once with RTLD_GLOBAL lets the JIT resolve its symbols like
/// libm's.
const std::string &hostLibmvecIsa() {
  static const std::string isa = [] {
    const llvm::StringMap<bool> &features = hostFeatures();
    std::string widest = features.lookup("avx512f")  ? "avx512"
                         : features.lookup("avx2")   ? "avx2"
                         : features.lookup("sse4.2") ? "sse4"
                                                     : "none";
    std::optional<SmallVector<std::string>> symbols =
        mlir::tessera::getLibmvecSymbols(widest);
    void *library = dlopen("libmvec.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!symbols || !library)
      return std::string("none");
    for (const std::string &symbol : *symbols)
      if (!dlsym(library, symbol.c_str()))
        return std::string("none");
    return widest;
  }();
  return isa;
}

/// Whether the host masks vector loads and stores of every element type at
/// no cost (AVX-512 with byte and word masks).
bool hostMasksVectors() {
  return hostFeatures().lookup("avx512f") && hostFeatures().lookup("avx512bw");
}

/// The cores this process may run on (its affinity mask, which taskset and
/// container limits narrow), at least 1.
int availableCores() {
  cpu_set_t cores;
  if (sched_getaffinity(0, sizeof(cores), &cores) != 0)
    return 1;
  return std::max(1, CPU_COUNT(&cores));
}

mlir::tessera::OptimizerLevel optimizerLevel(::tessera::Optimizer optimizer) {
  switch (optimizer) {
  case ::tessera::Optimizer::FastRun:
    return mlir::tessera::OptimizerLevel::FastRun;
  case ::tessera::Optimizer::FastCompile:
    return mlir::tessera::OptimizerLevel::FastCompile;
  case ::tessera::Optimizer::None:
    return mlir::tessera::OptimizerLevel::None;
  }
  return mlir::tessera::OptimizerLevel::FastRun;
}

/// The passes the optimization phase runs at every level: those correctness
/// needs, which no OptimizationLimit skips.
llvm::StringSet<> requiredOptimizationPasses(MLIRContext *context) {
  OpPassManager pm(ModuleOp::getOperationName());
  mlir::tessera::OptimizePipelineOptions none;
  none.optimizer = mlir::tessera::OptimizerLevel::None;
  mlir::tessera::buildOptimizePipeline(pm, none);
  llvm::StringSet<> passes;
  for (Pass &pass : pm.getPasses())
    passes.insert(pass.getArgument());
  return passes;
}

/// A stream that hands what it is given to a callback.
class CallbackStream : public llvm::raw_ostream {
public:
  explicit CallbackStream(std::function<void(std::string_view)> sink)
      : sink(std::move(sink)) {}
  ~CallbackStream() override { flush(); }

private:
  void write_impl(const char *data, size_t size) override {
    sink(std::string_view(data, size));
    position += size;
  }
  uint64_t current_pos() const override { return position; }

  std::function<void(std::string_view)> sink;
  uint64_t position = 0;
};

} // namespace

namespace tessera {

std::unique_ptr<Executable>
jitCompile(OwningOpRef<ModuleOp> owned, std::shared_ptr<MLIRContext> keptContext,
           const CompileOptions &options, std::string &error) {
  ModuleOp module = *owned;
  llvm::raw_string_ostream errors(error);
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &diag) {
    errors << diag.getLocation() << ": " << severityName(diag.getSeverity())
           << ": " << diag << "\n";
    for (const Diagnostic &note : diag.getNotes())
      errors << note.getLocation() << ": note: " << note << "\n";
    return success();
  });

  if (failed(verify(module)))
    return nullptr;
  FailureOr<std::vector<FunctionSignature>> signatures =
      entryPointSignatures(module);
  if (failed(signatures))
    return nullptr;

  mlir::tessera::CpuPipelineOptions pipelineOptions;
  pipelineOptions.optimizer = optimizerLevel(options.optimizer);
  pipelineOptions.unitInnerStrides = options.unitInnerStrides;
  pipelineOptions.libmvecIsa = hostLibmvecIsa();
  pipelineOptions.maskFullTiles = hostMasksVectors();
  pipelineOptions.guardNan = options.guardNan;
  pipelineOptions.guardInf = options.guardInf;
  pipelineOptions.guardBig = options.guardBig;
  pipelineOptions.blas = options.blas && blasLoaded();
  int threads = options.threads > 0 ? options.threads : availableCores();
  pipelineOptions.parallel = threads > 1;
  pipelineOptions.parallelMinWork = options.parallelMinWork;
  // tessera-cpu-pipeline in two runs: the optimization phase under the
  // recorder, which traces it and enforces the limit, then the rest.
  MLIRContext *context = module.getContext();
  std::optional<CallbackStream> irLog; // Outlives the pass managers.
  PassManager optimize(context), lower(context);
  // The same passes in tessera-opt's syntax (Executable::pipeline).
  std::string pipeline;
  llvm::raw_string_ostream pipelineText(pipeline);
  if (options.optimizationPipeline.empty()) {
    mlir::tessera::OptimizePipelineOptions optimizeOptions;
    optimizeOptions.optimizer = pipelineOptions.optimizer;
    mlir::tessera::buildOptimizePipeline(optimize, optimizeOptions);
    pipelineText << "tessera-optimize-pipeline";
    optimizeOptions.print(pipelineText);
  } else if (failed(parsePassPipeline(options.optimizationPipeline, optimize,
                                      errors))) {
    errors << "\nin the optimization pipeline '"
           << options.optimizationPipeline << "'";
    return nullptr;
  } else {
    pipelineText << options.optimizationPipeline;
  }
  mlir::tessera::buildCpuLoweringPipeline(lower, pipelineOptions);
  pipelineText << ",tessera-cpu-lowering-pipeline";
  pipelineOptions.print(pipelineText);
  // The lowering passes are upstream's and ours, each verified by the lit
  // tests; verifying the whole module after each of them would cost a third
  // of the lowering's time. The lowered module is verified once, below.
  lower.enableVerifier(false);
  if (options.printIRAfterEachPass) {
    irLog.emplace(options.printIRAfterEachPass);
    for (PassManager *pm : {&optimize, &lower})
      pm->enableIRPrinting(
          /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
          /*shouldPrintAfterPass=*/[](Pass *, Operation *) { return true; },
          /*printModuleScope=*/false, /*printAfterOnlyOnChange=*/false,
          /*printAfterOnlyOnFailure=*/false, *irLog);
  }
  OptimizationRecorder recorder(options.optimizationLimit,
                                requiredOptimizationPasses(context));
  context->registerActionHandler(
      [&](function_ref<void()> transform, const tracing::Action &action) {
        recorder(transform, action);
      });
  LogicalResult optimized = optimize.run(module);
  context->registerActionHandler(nullptr);
  if (failed(optimized) || failed(lower.run(module)) || failed(verify(module)))
    return nullptr;

  auto impl = std::make_unique<Executable::Impl>();
  impl->unitInnerStrides = options.unitInnerStrides;
  impl->pipeline = std::move(pipeline);
  impl->threads = threads;
  impl->optimizationSteps = recorder.takeSteps();
  // The run-time checks, indexed by the ids compiled code reports; LLVM has
  // no use for them (they are back for loweredIR below).
  StringRef checksAttr = mlir::tessera::TesseraDialect::getChecksAttrName();
  for (mlir::tessera::CheckInfo check : mlir::tessera::getModuleChecks(module))
    impl->checks.push_back({errorKindOf(check.kind), check.message.str()});
  Attribute checks = module->removeAttr(checksAttr);

  // FAST_RUN: LLVM's -O2 for the IR and its most aggressive code
  // generation. -O3 would add only non-trivial loop unswitching, which
  // copies every loop around a branch that is invariant in it (a vector
  // loop's peeled tail): 20% more code and LLVM time on the 993-op graph of
  // bench/compile_time.py for no run time measured in bench/workloads.py.
  // Otherwise -O0 with the fast instruction selector and register
  // allocator, for compile time.
  bool fastRun = options.optimizer == Optimizer::FastRun;
  MachineCodeOptions machineCode;
  machineCode.optLevel = fastRun ? 2 : 0;
  machineCode.codeGenLevel =
      fastRun ? llvm::CodeGenOptLevel::Aggressive : llvm::CodeGenOptLevel::None;
  machineCode.threads = availableCores();
  RuntimeSymbols symbols = blasRuntimeSymbols();
  auto provide = [&](StringRef name, auto *function) {
    symbols.emplace_back(name.str(), reinterpret_cast<void *>(function));
  };
  provide(mlir::tessera::TesseraDialect::getCheckFailedFunctionName(),
          &tessera_check_failed);
  provide(mlir::tessera::TesseraDialect::getAllocationSiteFunctionName(),
          &tessera_allocation_site);
  provide(mlir::tessera::TesseraDialect::getParallelForFunctionName(),
          &tessera_parallel_for);
  provide("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
  provide("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
  auto jit = compileToMachineCode(module, machineCode, symbols);
  if (!jit) {
    errors << "JIT compilation failed: " << llvm::toString(jit.takeError());
    return nullptr;
  }
  impl->jit = std::move(*jit);
  // What tessera-opt --tessera-cpu-pipeline prints for the same input.
  if (checks)
    module->setAttr(checksAttr, checks);
  impl->loweredModule = std::move(owned);
  impl->context = std::move(keptContext);

  for (const FunctionSignature &signature : *signatures) {
    auto entry = impl->jit->lookup(packedEntryPointName(signature.name));
    if (!entry) {
      errors << "JIT compilation lost entry point '" << signature.name
             << "': " << llvm::toString(entry.takeError());
      return nullptr;
    }
    impl->entryPoints.push_back(entry->toPtr<PackedEntryPoint>());
  }
  impl->signatures = std::move(*signatures);
  return std::make_unique<Executable>(std::move(impl));
}

} // namespace tessera
