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
#include <new>
#include <sys/mman.h>

using namespace tessera;

namespace {

/// Each buffer starts with its link in the list of its call's buffers; a
/// buffer of no call (or passed to the caller) is linked to itself. Its size
/// keeps malloc's alignment for what follows.
struct alignas(16) BufferLink {
  BufferLink *previous = this, *next = this;

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
};

thread_local CallFrame *currentCall = nullptr;

/// `bytes` from malloc; a large buffer is aligned to and backed by huge
/// pages where the kernel offers them on request (transparent huge pages
/// in "madvise" mode, NumPy's choice too): a fresh 200 MB result then takes
/// 100 page faults instead of 50,000, which cost more than computing it.
void *allocateBuffer(size_t bytes) {
  constexpr size_t hugePage = size_t(2) << 20;
  if (bytes < 2 * hugePage)
    return std::malloc(bytes);
  void *memory = nullptr;
  if (posix_memalign(&memory, hugePage, bytes) != 0)
    return nullptr;
  // Advice only: where it is refused, the buffer has ordinary pages.
  (void)madvise(memory, bytes, MADV_HUGEPAGE);
  return memory;
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
      std::free(buffer);
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

extern "C" void *tessera::_mlir_memref_to_llvm_alloc(size_t bytes) {
  // Refusing more also keeps the alignment arithmetic of compiled code from
  // wrapping around.
  if (bytes > static_cast<size_t>(
                  mlir::tessera::TesseraDialect::getLargestAllocation()))
    return nullptr;
  void *memory = allocateBuffer(sizeof(BufferLink) + bytes);
  if (!memory)
    return nullptr;
  auto *buffer = new (memory) BufferLink();
  if (currentCall)
    buffer->insertAfter(currentCall->buffers);
  return buffer + 1;
}

extern "C" void tessera::_mlir_memref_to_llvm_free(void *pointer) {
  if (!pointer)
    return;
  BufferLink *buffer = static_cast<BufferLink *>(pointer) - 1;
  buffer->unlink();
  std::free(buffer);
}
