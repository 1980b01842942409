//===- LowerParallelCalls.cpp - Parallel bodies through the runtime -------===//
//
// The second half of running loops on threads (see ParallelizeLoops.cpp), on
// the LLVM dialect, where a parallel body's captured values (memref
// descriptors included) are plain scalars: the call stores them in a record
// on the caller's stack, and the body becomes a task of the runtime's
// signature that reads them back.
//
// The record holds only what the body uses. The LLVM conversion passes each
// captured memref as its whole descriptor and rebuilds the struct in the
// body, of which a loop reads a few fields (the aligned pointer, the offset,
// the outer strides); after folding those reads, the other fields are
// unused arguments. Captured constants are copied into the body, and a
// value captured twice is stored once. In a graph of many loops the records
// were most of the compiled code.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERALOWERPARALLELCALLS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using mlir::tessera::TesseraDialect;

namespace {

/// A parallel body's arguments (tessera-parallelize-loops): begin, end,
/// step, work, then what it captured.
constexpr unsigned kBegin = 0, kEnd = 1, kStep = 2, kWork = 3, kCaptured = 4;

/// The runtime's declaration, made on first use.
LLVM::LLVMFuncOp declareParallelFor(OpBuilder &b, ModuleOp module) {
  StringRef name = TesseraDialect::getParallelForFunctionName();
  if (auto existing = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return existing;
  MLIRContext *context = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = b.getI64Type();
  return LLVM::LLVMFuncOp::create(
      b, module.getLoc(), name,
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                  {ptr, ptr, i64, i64, i64, i64, i64}));
}

/// What `value` reads out of the aggregate it is extracted from, where that
/// aggregate was built by insertions (upstream's folder of llvm.extractvalue
/// finds it): the caller's memref descriptors, whose fields (the strides of
/// buffers of one shape) are often the same values. A fold in place (an
/// extraction rewritten to read further back) is followed.
Value forwardedField(Value value) {
  while (auto extract = value.getDefiningOp<LLVM::ExtractValueOp>()) {
    SmallVector<OpFoldResult, 1> folded;
    if (failed(extract->fold(folded)))
      return value;
    auto forwarded = dyn_cast<Value>(folded.front());
    if (!forwarded)
      return value; // A constant attribute: the operand stays as it is.
    value = forwarded;
  }
  return value;
}

/// Replaces the uses of the body's arguments that need no record field: a
/// constant operand by a copy, an operand passed twice by its first
/// argument, the work (which only the caller's choice of threads needs) by
/// zero. Operands are compared as the fields they read (two descriptors'
/// equal strides are one value). Returns the argument numbers the record must
/// hold, in order.
SmallVector<unsigned> recordedArguments(LLVM::LLVMFuncOp body,
                                        LLVM::CallOp call) {
  Block &entry = body.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  ValueRange operands = call.getArgOperands();
  DenseMap<Value, unsigned> firstArgument;
  SmallVector<unsigned> recorded;
  for (unsigned i = kStep; i < entry.getNumArguments(); ++i) {
    BlockArgument argument = entry.getArgument(i);
    if (argument.use_empty())
      continue;
    Value operand = forwardedField(operands[i]);
    if (i == kWork) {
      argument.replaceAllUsesWith(
          LLVM::ConstantOp::create(b, body.getLoc(), argument.getType(), 0));
    } else if (auto constant = operand.getDefiningOp<LLVM::ConstantOp>()) {
      argument.replaceAllUsesWith(b.clone(*constant)->getResult(0));
    } else if (auto [first, inserted] = firstArgument.try_emplace(operand, i);
               !inserted) {
      argument.replaceAllUsesWith(entry.getArgument(first->second));
    } else {
      recorded.push_back(i);
    }
  }
  return recorded;
}

/// Makes `body` the runtime's task `void (ptr record, i64 begin, i64 end)`
/// that reads arguments `recorded` from the record.
void makeTask(LLVM::LLVMFuncOp body, ArrayRef<unsigned> recorded,
              LLVM::LLVMStructType record) {
  MLIRContext *context = body.getContext();
  Location loc = body.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = IntegerType::get(context, 64);
  Block &entry = body.getBody().front();
  unsigned oldArguments = entry.getNumArguments();
  Value recordAddress = entry.addArgument(ptr, loc);
  entry.getArgument(kBegin).replaceAllUsesWith(entry.addArgument(i64, loc));
  entry.getArgument(kEnd).replaceAllUsesWith(entry.addArgument(i64, loc));
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  for (auto [field, argument] : llvm::enumerate(recorded)) {
    Value address = LLVM::GEPOp::create(
        b, loc, ptr, record, recordAddress,
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(field)});
    entry.getArgument(argument).replaceAllUsesWith(LLVM::LoadOp::create(
        b, loc, record.getBody()[field], address));
  }
  entry.eraseArguments(0, oldArguments);
  body.setFunctionType(LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(context), {ptr, i64, i64}));
  body.setLinkage(LLVM::Linkage::Private);
  body->removeAttr(TesseraDialect::getParallelBodyAttrName());
}

struct LowerParallelCallsPass
    : public tessera::impl::TesseraLowerParallelCallsBase<
          LowerParallelCallsPass> {
  using TesseraLowerParallelCallsBase::TesseraLowerParallelCallsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    StringRef bodyAttr = TesseraDialect::getParallelBodyAttrName();
    SymbolTable symbols(module);
    llvm::MapVector<LLVM::LLVMFuncOp, SmallVector<LLVM::CallOp, 1>> calls;
    module.walk([&](LLVM::CallOp call) {
      if (auto callee = call.getCallee())
        if (auto body = symbols.lookup<LLVM::LLVMFuncOp>(*callee);
            body && body->getAttrOfType<IntegerAttr>(bodyAttr))
          calls[body].push_back(call);
    });
    if (calls.empty())
      return;
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    LLVM::LLVMFuncOp parallelFor = declareParallelFor(b, module);
    for (auto &[body, bodyCalls] : calls) {
      // tessera-parallelize-loops calls each body once.
      if (bodyCalls.size() != 1) {
        body.emitError("a parallel body must have one call, not ")
            << bodyCalls.size();
        return signalPassFailure();
      }
      lower(body, bodyCalls.front(), parallelFor);
    }
  }

  void lower(LLVM::LLVMFuncOp body, LLVM::CallOp call,
             LLVM::LLVMFuncOp parallelFor) {
    // Folding extractvalue of the descriptors the body rebuilds leaves the
    // fields it never reads unused.
    GreedyRewriteConfig folding;
    folding.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    (void)applyPatternsGreedily(body.getBody(), FrozenRewritePatternSet(),
                                folding);
    SmallVector<unsigned> recorded = recordedArguments(body, call);
    SmallVector<Type> fields;
    for (unsigned argument : recorded)
      fields.push_back(body.getArgumentTypes()[argument]);
    auto record = LLVM::LLVMStructType::getLiteral(&getContext(), fields);
    // The threshold tessera-parallelize-loops gave the body.
    int64_t minWork =
        body->getAttrOfType<IntegerAttr>(
                TesseraDialect::getParallelBodyAttrName())
            .getInt();
    makeTask(body, recorded, record);

    Location loc = call.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    Type i64 = IntegerType::get(&getContext(), 64);
    // The record lives in the caller's frame (its entry block, so that a
    // call in a loop does not grow the stack).
    auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
    OpBuilder b = OpBuilder::atBlockBegin(&caller.getBody().front());
    Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
    Value recordAddress = LLVM::AllocaOp::create(b, loc, ptr, record, one);
    b.setInsertionPoint(call);
    ValueRange operands = call.getArgOperands();
    for (auto [field, argument] : llvm::enumerate(recorded)) {
      Value address = LLVM::GEPOp::create(
          b, loc, ptr, record, recordAddress,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(field)});
      LLVM::StoreOp::create(b, loc, operands[argument], address);
    }
    Value task = LLVM::AddressOfOp::create(b, loc, body);
    LLVM::CallOp::create(
        b, loc, parallelFor,
        ValueRange{task, recordAddress, operands[kBegin], operands[kEnd],
                   operands[kStep], operands[kWork],
                   LLVM::ConstantOp::create(b, loc, i64, minWork)});
    call.erase();
  }
};

} // namespace
