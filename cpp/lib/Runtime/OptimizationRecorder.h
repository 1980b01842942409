//===- OptimizationRecorder.h - Tracing and limiting optimization -*- C++ -*-===//
//
// While the optimization phase runs, an action handler (MLIR's tracing
// actions, the mechanism behind --mlir-debug-counter) sees every pass
// execution and every pattern application. It records what each pass
// attempted and, to enforce an OptimizationLimit, skips the actions past the
// limit: a skipped pass does not run, a skipped pattern application does
// not match. DEBUG_MODE bisects over these limits.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_RUNTIME_OPTIMIZATIONRECORDER_H
#define TESSERA_LIB_RUNTIME_OPTIMIZATIONRECORDER_H

#include "mlir/IR/Action.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OperationSupport.h"
#include "tessera/Compiler.h"
#include "llvm/ADT/StringSet.h"

namespace tessera {

class OptimizationRecorder {
public:
  /// `requiredPasses`: the arguments of the passes that run whatever the
  /// limit, because correctness needs them.
  OptimizationRecorder(OptimizationLimit limit,
                       llvm::StringSet<> requiredPasses);

  /// The action handler (mlir::MLIRContext::HandlerTy).
  void operator()(llvm::function_ref<void()> transform,
                  const mlir::tracing::Action &action);

  /// What happened, pass by pass.
  std::vector<OptimizationStep> takeSteps() { return std::move(steps); }

private:
  void runPass(llvm::function_ref<void()> transform, llvm::StringRef pass);
  void attemptRewrite(llvm::function_ref<void()> transform,
                      const mlir::tracing::Action &action);

  OptimizationLimit limit;
  llvm::StringSet<> requiredPasses;
  std::vector<OptimizationStep> steps;
  /// The pass running now (an index into `steps`), or -1.
  int64_t running = -1;
};

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_OPTIMIZATIONRECORDER_H
