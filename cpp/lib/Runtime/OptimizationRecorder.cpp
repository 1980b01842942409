//===- OptimizationRecorder.cpp - Tracing and limiting optimization -------===//

#include "OptimizationRecorder.h"

#include "mlir/IR/Operation.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Rewrite/PatternApplicator.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;

namespace tessera {

OptimizationRecorder::OptimizationRecorder(OptimizationLimit limit,
                                           llvm::StringSet<> requiredPasses)
    : limit(limit), requiredPasses(std::move(requiredPasses)) {}

void OptimizationRecorder::operator()(function_ref<void()> transform,
                                      const tracing::Action &action) {
  if (auto *pass = dyn_cast<PassExecutionAction>(&action))
    return runPass(transform, pass->getPass().getArgument());
  if (isa<ApplyPatternAction>(action))
    return attemptRewrite(transform, action);
  transform();
}

void OptimizationRecorder::runPass(function_ref<void()> transform,
                                   StringRef pass) {
  int64_t index = steps.size();
  steps.push_back({pass.str()});
  bool whole = limit.passes < 0 || index < limit.passes;
  bool limited = index == limit.passes && limit.rewrites >= 0;
  if (!whole && !limited && !requiredPasses.contains(pass)) {
    steps.back().ran = false;
    return;
  }
  int64_t outer = running;
  running = index;
  transform();
  running = outer;
}

void OptimizationRecorder::attemptRewrite(function_ref<void()> transform,
                                          const tracing::Action &action) {
  if (running < 0)
    return transform();
  OptimizationStep &step = steps[running];
  bool limited = running == limit.passes && limit.rewrites >= 0;
  if (limited && step.rewriteAttempts == limit.rewrites)
    return; // Past the limit: the pattern is not tried.
  ++step.rewriteAttempts;
  // Only the last attempt of a limited pass is ever reported; describing
  // every attempt would cost more than the rewrites.
  if (!limited || step.rewriteAttempts != limit.rewrites)
    return transform();
  // ApplyPatternAction names its pattern only in print(): "`apply-pattern
  // pattern: <debug name>".
  std::string printed;
  llvm::raw_string_ostream printer(printed);
  action.print(printer);
  StringRef name = StringRef(printed).rsplit("pattern: ").second;
  llvm::raw_string_ostream description(step.lastRewrite);
  description << name;
  ArrayRef<IRUnit> units = action.getContextIRUnits();
  if (!units.empty())
    if (auto *op = llvm::dyn_cast<Operation *>(units.front()))
      description << " on "
                  << mlir::tessera::describeOrigin(
                         op->getName().getStringRef(), op->getLoc());
  transform();
}

} // namespace tessera
