//===- ExecutableImpl.h - What a JIT-compiled module holds ------*- C++ -*-===//

#ifndef TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
#define TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H

#include "RuntimeCalls.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "tessera/Compiler.h"

#include <mutex>

namespace tessera {

/// What a run-time check of the compiled code reports when it fails.
struct RunTimeCheck {
  ErrorKind kind;
  std::string message; // With {lhs} and {rhs} for the reported values.
};

struct Executable::Impl {
  std::vector<FunctionSignature> signatures;
  std::vector<PackedEntryPoint> entryPoints; // One per signature.
  std::vector<RunTimeCheck> checks;          // By check id.
  bool unitInnerStrides = false;             // See CompileOptions.
  int threads = 1;                           // Resolved CompileOptions::threads.
  std::vector<OptimizationStep> optimizationSteps;
  std::unique_ptr<llvm::orc::LLJIT> jit; // Owns the code.
  // The module LLVM compiled, printed on first request: printing a large
  // module costs a sizeable part of its compile time. Its context (kept
  // here, or by whoever compiled it) outlives it.
  std::shared_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> loweredModule;
  std::string pipeline; // Executable::pipeline
  std::once_flag loweredIRPrinted;
  std::string loweredIR;
};

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
