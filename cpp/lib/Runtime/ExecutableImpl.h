//===- ExecutableImpl.h - What a JIT-compiled module holds ------*- C++ -*-===//

#ifndef TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
#define TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "tessera/Compiler.h"

namespace tessera {

/// The packed wrapper of `_mlir_ciface_<name>`: args[0] points at the pointer
/// to the results (a struct of memref descriptors), args[1 + i] at the pointer
/// to input i's memref descriptor.
using PackedEntryPoint = void (*)(void **);

struct Executable::Impl {
  std::vector<FunctionSignature> signatures;
  std::vector<PackedEntryPoint> entryPoints; // One per signature.
  std::vector<std::string> checkMessages;    // By check id.
  bool unitInnerStrides = false;             // See CompileOptions.
  std::string loweredIR;
  std::unique_ptr<mlir::ExecutionEngine> engine; // Owns the code.
};

/// Called by compiled code when a run-time check fails (see
/// tessera-lower-checks); records the first failure of the current call.
extern "C" void tessera_check_failed(int64_t id, int64_t lhs, int64_t rhs);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
