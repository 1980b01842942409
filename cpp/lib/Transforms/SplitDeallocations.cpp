//===- SplitDeallocations.cpp - One dealloc per distinct allocation -------===//
//
// Ownership-based deallocation frees the buffers a block owns in one
// `bufferization.dealloc` at the block's end: in a straight-line function,
// one dealloc of every buffer it allocates. Upstream's
// buffer-deallocation-simplification splits off each memref that cannot
// alias another of the dealloc's memrefs after comparing it with each of
// them, which is quadratic in the function's buffers (33 ms for the 352 of
// bench/compile_time.py's 993-op graph). Here each memref's allocation is
// found once, through its views; memrefs of distinct allocations are split
// off in linear time, and the simplification is left single-memref deallocs.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERASPLITDEALLOCATIONS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// The allocation `memref` is, or is a view of: a value an op allocates.
/// Null when that is not known (a block argument, a call's result).
Value allocationOf(Value memref) {
  while (auto view = memref.getDefiningOp<ViewLikeOpInterface>())
    memref = view.getViewSource();
  Operation *definition = memref.getDefiningOp();
  if (definition && hasEffect<MemoryEffects::Allocate>(definition, memref))
    return memref;
  return {};
}

/// Splits `dealloc` into one dealloc per memref whose allocation no other of
/// its memrefs shares (and one of the rest), when every memref's allocation
/// is known. Each piece keeps the retained memrefs; their updated ownership
/// is the disjunction of the pieces'.
void split(bufferization::DeallocOp dealloc) {
  if (dealloc.getMemrefs().size() <= 1)
    return;
  SmallVector<Value> allocations;
  llvm::SmallDenseMap<Value, unsigned> memrefsOf;
  for (Value memref : dealloc.getMemrefs()) {
    Value allocation = allocationOf(memref);
    if (!allocation)
      return;
    allocations.push_back(allocation);
    ++memrefsOf[allocation];
  }
  if (memrefsOf.size() == 1)
    return;

  OpBuilder builder(dealloc);
  Location loc = dealloc.getLoc();
  ValueRange retained = dealloc.getRetained();
  SmallVector<bufferization::DeallocOp> pieces;
  SmallVector<Value> sharedMemrefs, sharedConditions;
  for (auto [memref, condition, allocation] :
       llvm::zip_equal(dealloc.getMemrefs(), dealloc.getConditions(),
                       allocations)) {
    if (memrefsOf.lookup(allocation) > 1) {
      sharedMemrefs.push_back(memref);
      sharedConditions.push_back(condition);
      continue;
    }
    pieces.push_back(bufferization::DeallocOp::create(builder, loc, memref,
                                                      condition, retained));
  }
  if (!sharedMemrefs.empty())
    pieces.push_back(bufferization::DeallocOp::create(
        builder, loc, sharedMemrefs, sharedConditions, retained));
  for (auto [index, ownership] :
       llvm::enumerate(dealloc.getUpdatedConditions())) {
    if (ownership.use_empty())
      continue;
    Value disjunction = pieces.front().getUpdatedConditions()[index];
    for (bufferization::DeallocOp piece : llvm::drop_begin(pieces))
      disjunction = arith::OrIOp::create(
          builder, loc, disjunction, piece.getUpdatedConditions()[index]);
    ownership.replaceAllUsesWith(disjunction);
  }
  dealloc.erase();
}

struct SplitDeallocations
    : mlir::tessera::impl::TesseraSplitDeallocationsBase<SplitDeallocations> {
  void runOnOperation() override {
    SmallVector<bufferization::DeallocOp> deallocs;
    getOperation()->walk(
        [&](bufferization::DeallocOp dealloc) { deallocs.push_back(dealloc); });
    for (bufferization::DeallocOp dealloc : deallocs)
      split(dealloc);
  }
};

} // namespace
