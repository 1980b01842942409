//===- LowerChecks.cpp - tessera.check to guards and an error report ------===//

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERALOWERCHECKS
#include "tessera/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

constexpr StringLiteral kReportFunction = "tessera_check_failed";
constexpr StringLiteral kMessagesAttr = "tessera.check_messages";

/// Arithmetic on sizes and scalars that may run before the computation: no
/// effects, no regions, and no tensor computation (which could itself depend
/// on a check).
bool isShapeComputation(Operation *op) {
  return op->getNumRegions() == 0 && isMemoryEffectFree(op) &&
         !isa<DestinationStyleOpInterface>(op);
}

/// Moves the checks of `block` whose conditions are shape computations, and
/// those computations, to the front of the block (keeping their order).
void hoistChecks(Block &block) {
  SetVector<Operation *> hoisted;
  for (auto check : block.getOps<CheckOp>()) {
    BackwardSliceOptions options;
    options.omitBlockArguments = true;
    options.filter = [&](Operation *op) { return op->getBlock() == &block; };
    SetVector<Operation *> slice;
    if (failed(getBackwardSlice(check.getOperation(), &slice, options)) ||
        !llvm::all_of(slice, isShapeComputation))
      continue;
    hoisted.insert(slice.begin(), slice.end());
    hoisted.insert(check);
  }
  Operation *firstKept = nullptr;
  for (Operation &op : llvm::make_early_inc_range(block.without_terminator())) {
    if (!hoisted.contains(&op)) {
      if (!firstKept)
        firstKept = &op;
    } else if (firstKept) {
      op.moveBefore(firstKept);
    }
  }
}

Value placeholderOf(OpBuilder &b, Location loc, Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type)) {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    SmallVector<Value> sizes(tensor.getNumDynamicDims(), zero);
    return tensor::EmptyOp::create(b, loc, tensor, sizes);
  }
  return ub::PoisonOp::create(b, loc, type);
}

class CheckLowering {
public:
  explicit CheckLowering(ModuleOp module) : module(module) {}

  /// Guards the rest of `block` after each group of checks in it.
  void guardBlock(Block &block) {
    auto first = llvm::find_if(block, [](Operation &op) {
      return isa<CheckOp>(op);
    });
    if (first == block.end())
      return;
    // A group: checks with only shape computations between them.
    SmallVector<CheckOp> group;
    Operation *last = nullptr;
    for (Operation &op :
         llvm::make_range(first, block.getTerminator()->getIterator())) {
      if (auto check = dyn_cast<CheckOp>(op)) {
        group.push_back(check);
        last = check;
      } else if (!isShapeComputation(&op)) {
        break;
      }
    }

    Operation *terminator = block.getTerminator();
    Location loc = group.front().getLoc();
    OpBuilder b(last->getContext());
    b.setInsertionPointAfter(last);
    Value ok = group.front().getCondition();
    for (CheckOp check : ArrayRef(group).drop_front())
      ok = arith::AndIOp::create(b, loc, ok, check.getCondition());
    auto guard = scf::IfOp::create(b, loc, terminator->getOperandTypes(), ok,
                                   /*withElseRegion=*/true);

    Block &then = guard.getThenRegion().front();
    then.getOperations().splice(then.end(), block.getOperations(),
                                std::next(guard->getIterator()),
                                terminator->getIterator());
    b.setInsertionPointToEnd(&then);
    scf::YieldOp::create(b, loc, terminator->getOperands());
    terminator->setOperands(guard.getResults());

    b.setInsertionPointToEnd(&guard.getElseRegion().front());
    reportFirstFailure(b, loc, group);
    SmallVector<Value> placeholders;
    for (Type type : guard.getResultTypes())
      placeholders.push_back(placeholderOf(b, loc, type));
    scf::YieldOp::create(b, loc, placeholders);

    for (CheckOp check : group)
      check.erase();
    guardBlock(then);
  }

  bool reported() const { return !messages.empty(); }

  void finish() {
    SmallVector<Attribute> texts(messages.begin(), messages.end());
    module->setAttr(kMessagesAttr, ArrayAttr::get(module.getContext(), texts));
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    Type i64 = b.getI64Type();
    auto report = func::FuncOp::create(
        b, module.getLoc(), kReportFunction,
        b.getFunctionType({i64, i64, i64}, {}));
    report.setPrivate();
  }

private:
  /// Calls the report function with the id and values of the first check of
  /// `group` that fails.
  void reportFirstFailure(OpBuilder &b, Location loc,
                          MutableArrayRef<CheckOp> group) {
    Type i64 = b.getI64Type();
    auto asI64 = [&](Value index) {
      return arith::IndexCastOp::create(b, loc, i64, index).getResult();
    };
    auto idOf = [&](CheckOp check) {
      messages.push_back(check.getMessageAttr());
      return arith::ConstantIntOp::create(b, loc, i64, messages.size() - 1)
          .getResult();
    };
    SmallVector<Value> ids;
    for (CheckOp check : group)
      ids.push_back(idOf(check));
    Value id = ids.back(), lhs = asI64(group.back().getLhs()),
          rhs = asI64(group.back().getRhs());
    for (int64_t i = static_cast<int64_t>(group.size()) - 2; i >= 0; --i) {
      Value holds = group[i].getCondition();
      id = arith::SelectOp::create(b, loc, holds, id, ids[i]);
      lhs = arith::SelectOp::create(b, loc, holds, lhs,
                                    asI64(group[i].getLhs()));
      rhs = arith::SelectOp::create(b, loc, holds, rhs,
                                    asI64(group[i].getRhs()));
    }
    func::CallOp::create(b, loc, kReportFunction, TypeRange{},
                         ValueRange{id, lhs, rhs});
  }

  ModuleOp module;
  SmallVector<StringAttr> messages;
};

struct TesseraLowerChecksPass
    : public mlir::tessera::impl::TesseraLowerChecksBase<
          TesseraLowerChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // A check that holds by construction needs no guard.
    module.walk([](CheckOp check) {
      if (matchPattern(check.getCondition(), m_One()))
        check.erase();
    });

    CheckLowering lowering(module);
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      for (Block &block : func.getBody()) {
        hoistChecks(block);
        lowering.guardBlock(block);
      }
    }
    WalkResult nested = module.walk([](CheckOp check) {
      check.emitError("tessera.check is supported in function bodies only");
      return WalkResult::interrupt();
    });
    if (nested.wasInterrupted())
      return signalPassFailure();
    if (lowering.reported())
      lowering.finish();
  }
};

} // namespace
