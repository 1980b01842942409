//===- ParallelizeLoops.cpp - Parallel loops into bodies for threads ------===//
//
// The first half of running loops on threads, on scf: a parallel loop moves
// into a function that runs any range of its first dimension, and the loop
// becomes a call of it over the whole range, with the loop's work. The call
// is a correct sequential program on its own; tessera-lower-parallel-calls
// (on the LLVM dialect, where captured memrefs are plain values to store)
// makes it a call of the runtime that splits the range over threads.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAPARALLELIZELOOPS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using mlir::tessera::TesseraDialect;

namespace {

/// Whether a worker thread may run `loop`'s body: it has no results to
/// combine, calls nothing (the runtime's calls need the call's frame, which
/// lives on the calling thread) and allocates nothing (buffers are listed
/// with their call).
bool runsOnAnyThread(scf::ParallelOp loop) {
  if (loop.getNumResults() != 0)
    return false;
  WalkResult found = loop.getBody()->walk([](Operation *op) {
    if (isa<CallOpInterface, memref::AllocOp, memref::ReallocOp,
            memref::DeallocOp>(op))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !found.wasInterrupted();
}

/// The loop's work: the elements of the largest buffer it uses from its
/// function (the output of elementwise code, the input of a reduction),
/// when every such buffer has a static shape.
std::optional<int64_t> staticWorkOf(ArrayRef<Value> captured) {
  int64_t largest = 1;
  for (Value value : captured)
    if (auto type = dyn_cast<MemRefType>(value.getType())) {
      if (!type.hasStaticShape())
        return std::nullopt;
      largest = std::max(largest, type.getNumElements());
    }
  return largest;
}

/// The sizes of `memref`: those of its allocation where it is one (no
/// memref.dim to fold away), else memref.dim ops.
SmallVector<OpFoldResult> sizesOf(OpBuilder &b, Location loc, Value memref) {
  if (auto alloc = memref.getDefiningOp<memref::AllocOp>())
    return alloc.getMixedSizes();
  return memref::getMixedSizes(b, loc, memref);
}

/// The loop's work (as staticWorkOf), computed at `b`'s insertion point:
/// the largest of the distinct element counts of the captured buffers (most
/// have one shape, whose count is computed once).
Value emitWorkOf(OpBuilder &b, Location loc, ArrayRef<Value> captured) {
  // Each count as its static factor and its dynamic sizes.
  SmallVector<std::pair<int64_t, SmallVector<Value>>> counts;
  for (Value value : captured) {
    if (!isa<MemRefType>(value.getType()))
      continue;
    std::pair<int64_t, SmallVector<Value>> count{1, {}};
    for (OpFoldResult size : sizesOf(b, loc, value)) {
      if (std::optional<int64_t> known = getConstantIntValue(size))
        count.first *= *known;
      else
        count.second.push_back(cast<Value>(size));
    }
    if (!llvm::is_contained(counts, count))
      counts.push_back(std::move(count));
  }
  Value work;
  for (auto &[factor, sizes] : counts) {
    Value elements;
    for (Value size : sizes)
      elements = elements ? arith::MulIOp::create(b, loc, elements, size)
                          : size;
    if (factor != 1 || !elements) {
      Value constant = arith::ConstantIndexOp::create(b, loc, factor);
      elements = elements ? arith::MulIOp::create(b, loc, elements, constant)
                          : constant;
    }
    work = work ? arith::MaxSIOp::create(b, loc, work, elements) : elements;
  }
  return work ? work : arith::ConstantIndexOp::create(b, loc, 1);
}

struct ParallelizeLoopsPass
    : public tessera::impl::TesseraParallelizeLoopsBase<ParallelizeLoopsPass> {
  using TesseraParallelizeLoopsBase::TesseraParallelizeLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    StringRef bodyAttr = TesseraDialect::getParallelBodyAttrName();
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (func.isExternal() || func->hasAttr(bodyAttr))
        continue;
      SmallVector<scf::ParallelOp> loops;
      func.walk<WalkOrder::PreOrder>([&](scf::ParallelOp loop) {
        if (runsOnAnyThread(loop))
          loops.push_back(loop);
        return WalkResult::skip(); // Inner loops run inside the body.
      });
      for (auto [index, loop] : llvm::enumerate(loops))
        parallelize(loop, func.getSymName() + "_parallel" + Twine(index),
                    symbols);
    }
  }

  void parallelize(scf::ParallelOp loop, const Twine &baseName,
                   SymbolTable &symbols) {
    MLIRContext *context = &getContext();
    Location loc = loop.getLoc();
    // What the body uses from its function: constants are copied in, the
    // rest passed. The first dimension's bounds and step are the body's
    // own arguments.
    SetVector<Value> used;
    getUsedValuesDefinedAbove(loop.getRegion(), used);
    for (OpOperand &operand : loop->getOpOperands())
      if (unsigned i = operand.getOperandNumber();
          i != 0 && i != loop.getNumLoops() && i != 2 * loop.getNumLoops())
        used.insert(operand.get());
    SmallVector<Value> captured, constants;
    for (Value value : used)
      (matchPattern(value, m_Constant()) ? constants : captured)
          .push_back(value);

    // Too little to share: the loop stays.
    if (std::optional<int64_t> work = staticWorkOf(captured);
        work && *work < minWork)
      return;
    OpBuilder b(loop);
    Value work = emitWorkOf(b, loc, captured);

    Type index = b.getIndexType();
    SmallVector<Type> inputs(4, index);
    for (Value value : captured)
      inputs.push_back(value.getType());
    std::string name = baseName.str();
    for (int suffix = 0; symbols.lookup(name); ++suffix)
      name = (baseName + "_" + Twine(suffix)).str();
    OpBuilder atModule(loop->getParentOfType<func::FuncOp>());
    auto body = func::FuncOp::create(atModule, loc, name,
                                     b.getFunctionType(inputs, {}));
    body.setPrivate();
    // The threshold travels with the body to tessera-lower-parallel-calls,
    // which hands it to the runtime.
    body->setAttr(TesseraDialect::getParallelBodyAttrName(),
                  IntegerAttr::get(IntegerType::get(context, 64), minWork));
    symbols.insert(body);

    Block *entry = body.addEntryBlock();
    OpBuilder inBody = OpBuilder::atBlockBegin(entry);
    IRMapping mapping;
    for (Value constant : constants)
      mapping.map(constant, inBody.clone(*constant.getDefiningOp())
                                ->getResult(0));
    for (auto [value, argument] :
         llvm::zip(captured, entry->getArguments().drop_front(4)))
      mapping.map(value, argument);
    auto range = cast<scf::ParallelOp>(inBody.clone(*loop, mapping));
    unsigned loops = range.getNumLoops();
    range->setOperand(0, entry->getArgument(0));
    range->setOperand(loops, entry->getArgument(1));
    range->setOperand(2 * loops, entry->getArgument(2));
    func::ReturnOp::create(inBody, loc);

    SmallVector<Value> operands = {loop.getLowerBound()[0],
                                   loop.getUpperBound()[0], loop.getStep()[0],
                                   work};
    llvm::append_range(operands, captured);
    func::CallOp::create(b, loc, body, operands);
    loop.erase();
  }
};

} // namespace
