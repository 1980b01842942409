//===- LowerParallelCalls.cpp - Parallel bodies through the runtime -------===//
//
// The second half of running loops on threads (see ParallelizeLoops.cpp), on
// the LLVM dialect, where a parallel body's captured values (memref
// descriptors included) are plain scalars: they go into a record on the
// caller's stack, and a task function of the runtime's signature reads them
// back and calls the body on the range it is given.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERALOWERPARALLELCALLS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using mlir::tessera::TesseraDialect;

namespace {

/// A parallel body's arguments: begin, end, step, work, then what it
/// captured. The record holds the step and the captured values.
constexpr unsigned kStep = 2, kWork = 3, kCaptured = 4;

LLVM::LLVMStructType recordTypeOf(LLVM::LLVMFuncOp body) {
  ArrayRef<Type> params = body.getFunctionType().getParams();
  SmallVector<Type> fields = {params[kStep]};
  llvm::append_range(fields, params.drop_front(kCaptured));
  return LLVM::LLVMStructType::getLiteral(body.getContext(), fields);
}

/// `<body>_task(ptr record, i64 begin, i64 end)`: the body on [begin, end).
LLVM::LLVMFuncOp buildTask(OpBuilder &b, LLVM::LLVMFuncOp body) {
  Location loc = body.getLoc();
  MLIRContext *context = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  Type i64 = b.getI64Type();
  auto task = LLVM::LLVMFuncOp::create(
      b, loc, (body.getName() + "_task").str(),
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context),
                                  {ptr, i64, i64}));
  task.setLinkage(LLVM::Linkage::Private);
  OpBuilder::InsertionGuard guard(b);
  Block *entry = task.addEntryBlock(b);
  b.setInsertionPointToStart(entry);
  LLVM::LLVMStructType record = recordTypeOf(body);
  ArrayRef<Type> fields = record.getBody();
  SmallVector<Value> fieldValues;
  for (auto [index, type] : llvm::enumerate(fields)) {
    Value address = LLVM::GEPOp::create(
        b, loc, ptr, record, entry->getArgument(0),
        ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
    fieldValues.push_back(LLVM::LoadOp::create(b, loc, type, address));
  }
  // The work only matters to the caller's choice of threads.
  Type workType = body.getFunctionType().getParams()[kWork];
  SmallVector<Value> arguments = {
      entry->getArgument(1), entry->getArgument(2), fieldValues.front(),
      LLVM::ConstantOp::create(b, loc, workType, 0)};
  llvm::append_range(arguments, ArrayRef(fieldValues).drop_front());
  LLVM::CallOp::create(b, loc, body, arguments);
  LLVM::ReturnOp::create(b, loc, ValueRange());
  return task;
}

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

struct LowerParallelCallsPass
    : public tessera::impl::TesseraLowerParallelCallsBase<
          LowerParallelCallsPass> {
  using TesseraLowerParallelCallsBase::TesseraLowerParallelCallsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    StringRef bodyAttr = TesseraDialect::getParallelBodyAttrName();
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      if (auto callee = call.getCallee())
        if (auto body = module.lookupSymbol<LLVM::LLVMFuncOp>(*callee);
            body && body->getAttrOfType<IntegerAttr>(bodyAttr))
          calls.push_back(call);
    });
    if (calls.empty())
      return;
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    LLVM::LLVMFuncOp parallelFor = declareParallelFor(b, module);
    llvm::DenseMap<Operation *, LLVM::LLVMFuncOp> tasks;
    for (LLVM::CallOp call : calls) {
      auto body = module.lookupSymbol<LLVM::LLVMFuncOp>(*call.getCallee());
      LLVM::LLVMFuncOp &task = tasks[body];
      if (!task) {
        b.setInsertionPointAfter(body);
        task = buildTask(b, body);
      }
      lowerCall(call, body, task, parallelFor);
    }
  }

  void lowerCall(LLVM::CallOp call, LLVM::LLVMFuncOp body,
                 LLVM::LLVMFuncOp task, LLVM::LLVMFuncOp parallelFor) {
    Location loc = call.getLoc();
    MLIRContext *context = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(context);
    Type i64 = IntegerType::get(context, 64);
    // The record lives in the caller's frame (its entry block, so that a
    // call in a loop does not grow the stack).
    auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
    OpBuilder b = OpBuilder::atBlockBegin(&caller.getBody().front());
    LLVM::LLVMStructType recordType = recordTypeOf(body);
    Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
    Value record = LLVM::AllocaOp::create(b, loc, ptr, recordType, one);

    b.setInsertionPoint(call);
    ValueRange operands = call.getArgOperands();
    SmallVector<Value> fields = {operands[kStep]};
    llvm::append_range(fields, operands.drop_front(kCaptured));
    for (auto [index, field] : llvm::enumerate(fields)) {
      Value address = LLVM::GEPOp::create(
          b, loc, ptr, recordType, record,
          ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
      LLVM::StoreOp::create(b, loc, field, address);
    }
    Value taskAddress = LLVM::AddressOfOp::create(b, loc, task);
    // The threshold tessera-parallelize-loops gave the body.
    auto minWork = body->getAttrOfType<IntegerAttr>(
        TesseraDialect::getParallelBodyAttrName());
    Value minWorkValue = LLVM::ConstantOp::create(b, loc, i64, minWork);
    LLVM::CallOp::create(b, loc, parallelFor,
                         ValueRange{taskAddress, record, operands[0],
                                    operands[1], operands[kStep],
                                    operands[kWork], minWorkValue});
    call.erase();
  }
};

} // namespace
