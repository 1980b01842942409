//===- ParallelFor.h - The worker threads of parallel loops -----*- C++ -*-===//
//
// Compiled code hands each parallel loop large enough to pay for threads to
// `tessera_parallel_for` (tessera-lower-parallel-calls emits the call): the
// iterations are split into one contiguous range per thread, the calling
// thread runs the first and workers of a process-wide pool the others.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_LIB_RUNTIME_PARALLELFOR_H
#define TESSERA_LIB_RUNTIME_PARALLELFOR_H

#include <cstdint>

namespace tessera {

/// A parallel loop's body over the iterations [begin, end): `context` holds
/// what the loop uses from its function.
using ParallelBody = void (*)(void *context, int64_t begin, int64_t end);

/// Runs `body` over [lower, upper) in steps of `step` on up to the current
/// call's thread count (runCall), in ranges that start at multiples of
/// `step`; returns when every range is done. A loop whose `work` (its
/// elements) is below `minWork`, or a call limited to one thread, runs on
/// the calling thread alone. Compiled code names it
/// `TesseraDialect::getParallelForFunctionName()`.
extern "C" void tessera_parallel_for(ParallelBody body, void *context,
                                     int64_t lower, int64_t upper,
                                     int64_t step, int64_t work,
                                     int64_t minWork);

} // namespace tessera

#endif // TESSERA_LIB_RUNTIME_PARALLELFOR_H
