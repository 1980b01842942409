//===- ParallelFor.cpp - The worker threads of parallel loops -------------===//
//
// One pool for the process, grown on demand to the most threads a call has
// asked for, so functions compiled with different thread counts share it.
// Ranges are queued as tasks; the calling thread runs the first range, then
// helps with its loop's queued ranges, then waits for those workers took.
// Several calls (from several Python threads) may share the pool at once.
//
// Parallel bodies never call the runtime (tessera-parallelize-loops keeps
// calls and allocations out of them), so a worker never needs the call
// frame that a failed check unwinds to.
//
//===----------------------------------------------------------------------===//

#include "ParallelFor.h"
#include "RuntimeCalls.h"
#include "tessera/Compiler.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

using namespace tessera;

namespace {

/// One parallel loop in flight.
struct Loop {
  ParallelBody body;
  void *context;
  std::mutex mutex;
  std::condition_variable finished;
  int pending = 0; // Ranges queued or running on workers.
};

struct Range {
  Loop *loop;
  int64_t begin, end;
};

class WorkerPool {
public:
  /// Makes sure `count` workers exist.
  void reserve(int count) {
    std::lock_guard<std::mutex> lock(mutex);
    for (; workers < count; ++workers)
      std::thread([this] { work(); }).detach();
  }

  void push(const Range *first, const Range *last) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      queue.insert(queue.end(), first, last);
    }
    wake.notify_all();
  }

  /// Takes a queued range of `loop`, if one is left.
  bool take(Loop *loop, Range &range) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = std::find_if(queue.begin(), queue.end(),
                           [&](const Range &r) { return r.loop == loop; });
    if (it == queue.end())
      return false;
    range = *it;
    queue.erase(it);
    return true;
  }

  static void finish(Loop *loop) {
    std::lock_guard<std::mutex> lock(loop->mutex);
    if (--loop->pending == 0)
      loop->finished.notify_all();
  }

private:
  [[noreturn]] void work() {
    while (true) {
      Range range;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [this] { return !queue.empty(); });
        range = queue.front();
        queue.pop_front();
      }
      range.loop->body(range.loop->context, range.begin, range.end);
      finish(range.loop);
    }
  }

  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Range> queue;
  int workers = 0;
};

/// The pool lives as long as the process: at exit its workers are idle
/// (every loop waits for its ranges), and nothing joins them. A child of
/// fork() has none of its parent's workers, so it starts a pool of its own.
/// (No lock guards the creation: a lock held by another thread at the fork
/// would stay held in the child.)
std::atomic<WorkerPool *> pool{nullptr};

WorkerPool &workerPool() {
  static std::once_flag forkHandler;
  std::call_once(forkHandler, [] {
    pthread_atfork(nullptr, nullptr, [] { pool.store(nullptr); });
  });
  if (WorkerPool *existing = pool.load(std::memory_order_acquire))
    return *existing;
  // Workers start on demand (reserve), so a pool that loses the race to be
  // the process's holds no threads and is simply deleted.
  auto *created = new WorkerPool();
  WorkerPool *expected = nullptr;
  if (pool.compare_exchange_strong(expected, created,
                                   std::memory_order_acq_rel))
    return *created;
  delete created;
  return *expected;
}

std::atomic<int> lastThreads{0};

} // namespace

extern "C" void tessera::tessera_parallel_for(ParallelBody body,
                                              void *context, int64_t lower,
                                              int64_t upper, int64_t step,
                                              int64_t work, int64_t minWork) {
  int64_t iterations = upper > lower ? (upper - lower + step - 1) / step : 0;
  int64_t threads = std::min<int64_t>(currentCallThreads(), iterations);
  if (work < minWork || threads <= 1) {
    lastThreads.store(1, std::memory_order_relaxed);
    body(context, lower, upper);
    return;
  }
  lastThreads.store(static_cast<int>(threads), std::memory_order_relaxed);
  // Even ranges of whole steps; the first ones take the remainder.
  std::vector<Range> ranges;
  Loop loop{body, context};
  int64_t each = iterations / threads, extra = iterations % threads;
  int64_t begin = lower;
  for (int64_t i = 0; i < threads; ++i) {
    int64_t end = std::min(upper, begin + (each + (i < extra)) * step);
    ranges.push_back({&loop, begin, end});
    begin = end;
  }
  WorkerPool &workers = workerPool();
  workers.reserve(static_cast<int>(threads) - 1);
  loop.pending = static_cast<int>(threads) - 1;
  workers.push(ranges.data() + 1, ranges.data() + ranges.size());
  body(context, ranges.front().begin, ranges.front().end);
  for (Range range; workers.take(&loop, range);) {
    body(context, range.begin, range.end);
    WorkerPool::finish(&loop);
  }
  std::unique_lock<std::mutex> lock(loop.mutex);
  loop.finished.wait(lock, [&] { return loop.pending == 0; });
}

int tessera::lastParallelLoopThreads() {
  return lastThreads.load(std::memory_order_relaxed);
}
