//===- RuntimeCalls.h - What compiled code calls, and the call frame -*- C++
//-*-===//
//
// Compiled code calls the runtime to allocate and free buffers and to report
// a failed run-time check. Reporting does not return: it unwinds to the
// entry of the current call (`runCall`), which frees every buffer the call
// had allocated and returns the failure. Compiled code thus needs no guards
// around the work a check protects (tessera-lower-checks).
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_RUNTIME_RUNTIMECALLS_H
#define TESSERA_LIB_RUNTIME_RUNTIMECALLS_H

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tessera {

/// The packed wrapper of `_mlir_ciface_<name>`: args[0] points at the pointer
/// to the results (a struct of memref descriptors), args[1 + i] at the pointer
/// to input i's memref descriptor.
using PackedEntryPoint = void (*)(void **);

/// The check that failed (its id in the module's table) and the values its
/// message reports.
struct CheckFailure {
  int64_t id = 0, lhs = 0, rhs = 0;
};

/// Runs `entry(args)` as this thread's current call. When a check fails in
/// it, the buffers it allocated are freed and the failure is returned. When
/// it completes, the buffers still allocated (its results) belong to the
/// caller, who frees them with `_mlir_memref_to_llvm_free`. Its parallel
/// loops use up to `threads` threads.
std::optional<CheckFailure> runCall(PackedEntryPoint entry, void **args,
                                    int threads);

/// The thread count of this thread's current call (1 outside calls).
int currentCallThreads();

/// Called by compiled code when a run-time check fails; does not return.
/// Compiled code names it `TesseraDialect::getCheckFailedFunctionName()`.
extern "C" [[noreturn]] void tessera_check_failed(int64_t id, int64_t lhs,
                                                  int64_t rhs);

/// Called by compiled code before an allocation: check `id` is what the
/// allocator reports, with `bytes` as its lhs, if it cannot provide the next
/// buffer. Compiled code names it
/// `TesseraDialect::getAllocationSiteFunctionName()`.
extern "C" void tessera_allocation_site(int64_t id, int64_t bytes);

/// The allocator of compiled code (`finalize-memref-to-llvm` with generic
/// allocation functions calls these): malloc and free of buffers aligned to
/// 64 bytes, on which compiled code relies (buffers of 4 MB and more aligned
/// to 2 MB and advised onto huge pages), except that a request
/// too large to describe fails, and that each buffer is listed with its call
/// so that a failed call frees them. A failure is reported as the check of
/// the allocation's site (tessera-check-allocations names one before each
/// allocation), else returned (NULL).
extern "C" void *_mlir_memref_to_llvm_alloc(size_t bytes);
extern "C" void _mlir_memref_to_llvm_free(void *pointer);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_RUNTIMECALLS_H
