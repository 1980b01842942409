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
  std::string loweredIR;
  std::unique_ptr<mlir::ExecutionEngine> engine; // Owns the code.
};

/// Called by compiled code when a run-time check fails (see
/// tessera-lower-checks); records the first failure of the current call.
/// Compiled code names it `TesseraDialect::getCheckFailedFunctionName()`.
extern "C" void tessera_check_failed(int64_t id, int64_t lhs, int64_t rhs);

/// The allocator of compiled code (`finalize-memref-to-llvm` with generic
/// allocation functions calls these): malloc and free, except that a
/// request too large to describe fails (NULL) instead of wrapping around.
/// Compiled code checks every allocation (tessera-check-allocations), and
/// buffers it returns are freed by the caller with std::free.
extern "C" void *_mlir_memref_to_llvm_alloc(size_t bytes);
extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment,
                                                    size_t bytes);
extern "C" void _mlir_memref_to_llvm_free(void *pointer);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_EXECUTABLEIMPL_H
