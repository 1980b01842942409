//===- RuntimeCalls.cpp - What compiled code calls, and the call frame ----===//
//
// A failed check unwinds with longjmp. That is safe here: between the frame
// that set the jump and the report there are only frames of compiled code,
// which hold no C++ objects and register no cleanups.
//
//===----------------------------------------------------------------------===//

#include "RuntimeCalls.h"
#include "tessera/Dialect/TesseraDialect.h"

#include <cassert>
#include <csetjmp>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <new>
#include <sys/mman.h>

using namespace tessera;

namespace {

/// Every buffer's data is aligned to this: a cache line, one AVX-512 vector.
/// Compiled code relies on it and allocates with no alignment arithmetic of
/// its own (one-shot-bufferize's buffer-alignment is 0 in the CPU backend).
constexpr size_t bufferAlignment = 64;

/// Each buffer starts with its link in the list of its call's buffers; a
/// buffer of no call (or passed to the caller) is linked to itself. Its size
/// keeps the buffer's alignment for the data after it.
struct alignas(bufferAlignment) BufferLink {
  BufferLink *previous = this, *next = this;
  size_t bytes = 0; // What the buffer holds after its link.

  void insertAfter(BufferLink &head) {
    previous = &head;
    next = head.next;
    head.next->previous = this;
    head.next = this;
  }
  void unlink() {
    previous->next = next;
    next->previous = previous;
    previous = next = this;
  }
};

struct CallFrame {
  std::jmp_buf unwind;
  CheckFailure failure;
  BufferLink buffers; // The list's head.
  int threads = 1;     // The most threads its parallel loops may use.
  /// The check reporting the next allocation's failure (none: id < 0).
  CheckFailure allocationSite{-1, 0, 0};
};

thread_local CallFrame *currentCall = nullptr;

constexpr size_t hugePage = size_t(2) << 20;
/// Buffers from this size on are aligned to huge pages and kept for reuse.
constexpr size_t largeBuffer = 2 * hugePage;

/// Freed large buffers, kept for the next allocations of about their size.
/// A fresh large buffer costs a page fault per page the first time it is
/// written (the kernel clears each page), which for elementwise work into a
/// new result costs as much as the work itself; functions called in a loop
/// allocate the same sizes every call. At most `maxBuffers` buffers and
/// `maxBytes` bytes are kept, the oldest freed first.
class LargeBufferCache {
public:
  /// A kept buffer of at least `bytes` and at most a quarter more, or null.
  BufferLink *take(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex);
    auto best = kept.end();
    for (auto it = kept.begin(); it != kept.end(); ++it)
      if ((*it)->bytes >= bytes && (*it)->bytes - bytes <= bytes / 4 &&
          (best == kept.end() || (*it)->bytes < (*best)->bytes))
        best = it;
    if (best == kept.end())
      return nullptr;
    BufferLink *buffer = *best;
    kept.erase(best);
    keptBytes -= buffer->bytes;
    return buffer;
  }

  /// Keeps `buffer` (no longer in use), or frees it.
  void keep(BufferLink *buffer) {
    std::lock_guard<std::mutex> lock(mutex);
    if (buffer->bytes > maxBytes) {
      std::free(buffer);
      return;
    }
    while (!kept.empty() && (kept.size() >= maxBuffers ||
                             keptBytes + buffer->bytes > maxBytes)) {
      keptBytes -= kept.front()->bytes;
      std::free(kept.front());
      kept.pop_front();
    }
    kept.push_back(buffer);
    keptBytes += buffer->bytes;
  }

private:
  static constexpr size_t maxBuffers = 8;
  static constexpr size_t maxBytes = size_t(1) << 30;
  std::mutex mutex;
  std::deque<BufferLink *> kept;
  size_t keptBytes = 0;
};

LargeBufferCache &largeBuffers() {
  static auto *cache = new LargeBufferCache; // Outlives every buffer.
  return *cache;
}

/// A buffer of `bytes` after its link, unlinked. Small ones come from
/// aligned_alloc; a large one from the cache, or aligned to and backed by huge
/// pages where the kernel offers them on request (transparent huge pages in
/// "madvise" mode, NumPy's choice too): a fresh 200 MB result then takes 100
/// page faults instead of 50,000.
BufferLink *allocateBuffer(size_t bytes) {
  size_t total = sizeof(BufferLink) + bytes;
  void *memory = nullptr;
  if (total < largeBuffer) {
    // aligned_alloc takes a multiple of the alignment.
    memory = std::aligned_alloc(
        bufferAlignment,
        (total + bufferAlignment - 1) / bufferAlignment * bufferAlignment);
  } else if (BufferLink *kept = largeBuffers().take(bytes)) {
    return kept;
  } else {
    if (posix_memalign(&memory, hugePage, total) != 0)
      return nullptr;
    // Advice only: where it is refused, the buffer has ordinary pages.
    (void)madvise(memory, total, MADV_HUGEPAGE);
  }
  if (!memory)
    return nullptr;
  auto *buffer = new (memory) BufferLink();
  buffer->bytes = bytes;
  return buffer;
}

/// Frees an unlinked buffer (large ones go to the cache).
void releaseBuffer(BufferLink *buffer) {
  if (sizeof(BufferLink) + buffer->bytes < largeBuffer)
    std::free(buffer);
  else
    largeBuffers().keep(buffer);
}

/// Whether `entry` completed (false: a check failed and unwound to here).
bool enter(CallFrame &frame, PackedEntryPoint entry, void **args) {
  if (setjmp(frame.unwind) != 0)
    return false;
  entry(args);
  return true;
}

} // namespace

std::optional<CheckFailure> tessera::runCall(PackedEntryPoint entry,
                                             void **args, int threads) {
  CallFrame frame;
  frame.threads = threads;
  CallFrame *outer = currentCall;
  currentCall = &frame;
  bool completed = enter(frame, entry, args);
  currentCall = outer;
  BufferLink &head = frame.buffers;
  while (head.next != &head) {
    BufferLink *buffer = head.next;
    buffer->unlink();
    if (!completed)
      releaseBuffer(buffer);
  }
  if (completed)
    return std::nullopt;
  return frame.failure;
}

int tessera::currentCallThreads() {
  return currentCall ? currentCall->threads : 1;
}

extern "C" void tessera::tessera_check_failed(int64_t id, int64_t lhs,
                                              int64_t rhs) {
  // Compiled code runs only through runCall.
  assert(currentCall && "a run-time check failed outside runCall");
  currentCall->failure = {id, lhs, rhs};
  std::longjmp(currentCall->unwind, 1);
}

extern "C" void tessera::tessera_allocation_site(int64_t id, int64_t bytes) {
  assert(currentCall && "an allocation site outside runCall");
  currentCall->allocationSite = {id, bytes, 0};
}

extern "C" void *tessera::_mlir_memref_to_llvm_alloc(size_t bytes) {
  // Refusing more also keeps the link and the rounding to the alignment
  // from wrapping the size around.
  BufferLink *buffer =
      bytes > static_cast<size_t>(
                  mlir::tessera::TesseraDialect::getLargestAllocation())
          ? nullptr
          : allocateBuffer(bytes);
  if (!currentCall)
    return buffer ? buffer + 1 : nullptr;
  // A site names one allocation: the next one may come from code that
  // names none.
  CheckFailure site = currentCall->allocationSite;
  currentCall->allocationSite.id = -1;
  if (!buffer) {
    if (site.id >= 0)
      tessera_check_failed(site.id, site.lhs, site.rhs);
    return nullptr;
  }
  buffer->insertAfter(currentCall->buffers);
  return buffer + 1;
}

extern "C" void tessera::_mlir_memref_to_llvm_free(void *pointer) {
  if (!pointer)
    return;
  BufferLink *buffer = static_cast<BufferLink *>(pointer) - 1;
  buffer->unlink();
  releaseBuffer(buffer);
}
