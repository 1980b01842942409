//===- ExecutableImpl.h - What a JIT-compiled module holds ------*- C++ -*-===//

#ifndef TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
#define TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H

#include "RuntimeCalls.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "tessera/Compiler.h"

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
  std::string loweredIR;
  std::vector<OptimizationStep> optimizationSteps;
  std::unique_ptr<llvm::orc::LLJIT> jit; // Owns the code.
};

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
