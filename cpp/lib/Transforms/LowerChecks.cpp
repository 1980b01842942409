//===- LowerChecks.cpp - tessera.check to guards and an error report ------===//
//
// A failed check must stop the computation that needs it without aborting
// the process: the rest of its block is guarded by an `scf.if`, whose else
// branch reports the first failing check to the runtime and yields
// placeholders. A check in a nested region also makes its region op pass a
// flag out (an extra result of `scf.if`; an `scf.for` becomes an `scf.while`
// that carries the flag and stops when it falls), which guards the rest of
// the enclosing block in turn: no guarded op and no further iteration runs
// after a failure, and the caller learns of the first one.
//
//===----------------------------------------------------------------------===//

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERALOWERCHECKS
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

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

/// A value of `type` to yield where the computation was skipped. Buffers are
/// real (owned, so deallocation treats them like any other) but empty where
/// sizes are dynamic; nothing reads them.
Value placeholderOf(OpBuilder &b, Location loc, Type type) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor::EmptyOp::create(
        b, loc, tensor, SmallVector<Value>(tensor.getNumDynamicDims(), zero));
  if (auto memref = dyn_cast<MemRefType>(type)) {
    auto contiguous =
        MemRefType::get(memref.getShape(), memref.getElementType(),
                        MemRefLayoutAttrInterface(), memref.getMemorySpace());
    Value buffer = memref::AllocOp::create(
        b, loc, contiguous,
        SmallVector<Value>(contiguous.getNumDynamicDims(), zero));
    return contiguous == memref
               ? buffer
               : memref::CastOp::create(b, loc, memref, buffer);
  }
  if (type.isInteger(1))
    return arith::ConstantIntOp::create(b, loc, /*value=*/0, /*width=*/1);
  return ub::PoisonOp::create(b, loc, type);
}

bool containsChecks(Operation *op) {
  return op->walk([](CheckOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

class CheckLowering {
public:
  explicit CheckLowering(ModuleOp module) : module(module) {}

  /// Guards `block` (whose nested regions may hold checks); returns a flag
  /// that holds when no check of the block failed if `needsFlag`, else null.
  FailureOr<Value> guardBlock(Block &block, bool needsFlag) {
    for (Operation &op :
         llvm::make_early_inc_range(block.without_terminator())) {
      if (op.getNumRegions() == 0 || !containsChecks(&op))
        continue;
      FailureOr<Value> flag = lowerRegionOp(&op);
      if (failed(flag))
        return failure();
      flags.insert(*flag);
    }
    hoistChecks(block);
    return guardFrom(block, needsFlag);
  }

  /// Declares the report function once per module.
  void declareReportFunction() {
    StringRef name = TesseraDialect::getCheckFailedFunctionName();
    if (module.lookupSymbol(name))
      return;
    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    Type i64 = b.getI64Type();
    auto report = func::FuncOp::create(b, module.getLoc(), name,
                                       b.getFunctionType({i64, i64, i64}, {}));
    report.setPrivate();
  }

private:
  /// Whether `op` is a guard point: a check, or the op whose result is the
  /// flag of a nested region's checks.
  std::optional<Value> guardFlag(Operation &op) {
    for (Value result : op.getResults())
      if (flags.contains(result))
        return result;
    return std::nullopt;
  }

  /// Guards the rest of `block` after its first guard point, recursively.
  Value guardFrom(Block &block, bool needsFlag) {
    Operation *terminator = block.getTerminator();
    // The first guard point, and with it the group it starts: consecutive
    // checks with only shape computations between them, or one flag.
    SmallVector<CheckOp> group;
    Value propagated;
    Operation *last = nullptr;
    for (Operation &op :
         llvm::make_range(block.begin(), terminator->getIterator())) {
      if (auto check = dyn_cast<CheckOp>(op)) {
        group.push_back(check);
        last = check;
      } else if (std::optional<Value> flag = guardFlag(op);
                 flag && group.empty()) {
        propagated = *flag;
        last = &op;
        break;
      } else if (!group.empty() && !isShapeComputation(&op)) {
        break;
      }
    }
    if (!last)
      return nullptr;

    Location loc = last->getLoc();
    OpBuilder b(last->getContext());
    b.setInsertionPointAfter(last);
    Value ok = propagated;
    if (!group.empty()) {
      ok = group.front().getCondition();
      for (CheckOp check : ArrayRef(group).drop_front())
        ok = arith::AndIOp::create(b, loc, ok, check.getCondition());
    }
    SmallVector<Type> resultTypes(terminator->getOperandTypes());
    if (needsFlag)
      resultTypes.push_back(b.getI1Type());
    auto guard = scf::IfOp::create(b, loc, resultTypes, ok,
                                   /*withElseRegion=*/true);

    Block &then = guard.getThenRegion().front();
    then.getOperations().splice(then.end(), block.getOperations(),
                                std::next(guard->getIterator()),
                                terminator->getIterator());
    b.setInsertionPointToEnd(&then);
    auto thenYield = scf::YieldOp::create(b, loc, terminator->getOperands());
    Value innerFlag = guardFrom(then, needsFlag);
    if (needsFlag) {
      b.setInsertionPoint(thenYield);
      if (!innerFlag)
        innerFlag =
            arith::ConstantIntOp::create(b, loc, /*value=*/1, /*width=*/1);
      thenYield->insertOperands(thenYield->getNumOperands(), innerFlag);
    }

    b.setInsertionPointToEnd(&guard.getElseRegion().front());
    if (!group.empty())
      reportFirstFailure(b, loc, group);
    SmallVector<Value> placeholders;
    for (Type type : terminator->getOperandTypes())
      placeholders.push_back(placeholderOf(b, loc, type));
    if (needsFlag)
      placeholders.push_back(
          arith::ConstantIntOp::create(b, loc, /*value=*/0, /*width=*/1));
    scf::YieldOp::create(b, loc, placeholders);

    terminator->setOperands(
        guard.getResults().take_front(terminator->getNumOperands()));
    for (CheckOp check : group)
      check.erase();
    return needsFlag ? guard.getResults().back() : Value();
  }

  /// Gives `op` (whose regions hold checks) an extra i1 result that holds
  /// when none of them failed; returns it.
  FailureOr<Value> lowerRegionOp(Operation *op) {
    IRRewriter rewriter(op->getContext());
    Location loc = op->getLoc();
    if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      SmallVector<Value> branchFlags;
      for (Region *region : {&ifOp.getThenRegion(), &ifOp.getElseRegion()}) {
        if (region->empty()) {
          branchFlags.push_back(nullptr);
          continue;
        }
        FailureOr<Value> flag = guardBlock(region->front(), true);
        if (failed(flag))
          return failure();
        branchFlags.push_back(*flag);
      }
      SmallVector<Type> types(ifOp.getResultTypes());
      types.push_back(rewriter.getI1Type());
      rewriter.setInsertionPoint(ifOp);
      auto flagged =
          scf::IfOp::create(rewriter, loc, types, ifOp.getCondition(),
                            /*withElseRegion=*/true);
      for (auto [from, to, flag] :
           llvm::zip(ifOp->getRegions(), flagged->getRegions(), branchFlags)) {
        if (from.empty()) { // A missing else: nothing can fail there.
          rewriter.setInsertionPointToEnd(&to.front());
          scf::YieldOp::create(
              rewriter, loc,
              ValueRange{arith::ConstantIntOp::create(rewriter, loc, 1, 1)});
          continue;
        }
        rewriter.eraseBlock(&to.front());
        rewriter.inlineRegionBefore(from, to, to.end());
        Operation *yield = to.front().getTerminator();
        rewriter.setInsertionPoint(yield);
        if (!flag)
          flag = arith::ConstantIntOp::create(rewriter, loc, /*value=*/1,
                                              /*width=*/1);
        yield->insertOperands(yield->getNumOperands(), flag);
      }
      rewriter.replaceOp(ifOp, flagged.getResults().drop_back());
      return flagged.getResults().back();
    }

    if (auto forOp = dyn_cast<scf::ForOp>(op))
      return lowerForLoop(forOp);
    if (auto whileOp = dyn_cast<scf::WhileOp>(op))
      return lowerWhileLoop(whileOp);

    return op->emitError("run-time checks inside '")
           << op->getName()
           << "' are not supported; tessera-lower-checks handles scf.if, "
              "scf.for and scf.while";
  }

  /// Rewrites `forOp` (whose body holds checks) as an scf.while that also
  /// carries the flag of its body's checks and stops once one failed, so no
  /// further iteration runs; returns the flag after the loop.
  FailureOr<Value> lowerForLoop(scf::ForOp forOp) {
    Block *body = forOp.getBody();
    FailureOr<Value> bodyFlag = guardBlock(*body, true);
    if (failed(bodyFlag))
      return failure();
    IRRewriter rewriter(forOp);
    Location loc = forOp.getLoc();
    Value allHeld =
        arith::ConstantIntOp::create(rewriter, loc, /*value=*/1, /*width=*/1);
    // Carried: the induction variable, the iteration arguments, the flag.
    SmallVector<Value> inits = {forOp.getLowerBound()};
    llvm::append_range(inits, forOp.getInitArgs());
    inits.push_back(allHeld);
    SmallVector<Type> types = llvm::to_vector(ValueRange(inits).getTypes());
    SmallVector<Location> locs(types.size(), loc);
    auto loop = scf::WhileOp::create(rewriter, loc, types, inits);

    Block *before = rewriter.createBlock(&loop.getBefore(), {}, types, locs);
    Value inRange = arith::CmpIOp::create(
        rewriter, loc,
        forOp.getUnsignedCmp() ? arith::CmpIPredicate::ult
                               : arith::CmpIPredicate::slt,
        before->getArgument(0), forOp.getUpperBound());
    Value go = arith::AndIOp::create(rewriter, loc, inRange,
                                     before->getArguments().back());
    scf::ConditionOp::create(rewriter, loc, go, before->getArguments());

    Block *after = rewriter.createBlock(&loop.getAfter(), {}, types, locs);
    auto yield = cast<scf::YieldOp>(body->getTerminator());
    SmallVector<Value> results(yield.getOperands());
    rewriter.mergeBlocks(body, after, after->getArguments().drop_back());
    rewriter.setInsertionPoint(yield);
    Value next = arith::AddIOp::create(rewriter, loc, after->getArgument(0),
                                       forOp.getStep());
    SmallVector<Value> carried = {next};
    llvm::append_range(carried, results);
    carried.push_back(*bodyFlag ? *bodyFlag : allHeld);
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, carried);
    rewriter.replaceOp(forOp,
                       loop.getResults().slice(1, forOp.getNumResults()));
    return loop.getResults().back();
  }

  /// Gives `whileOp` (whose regions hold checks) one more carried i1, true
  /// while every check held: the condition falls with it, so no further
  /// iteration runs after a failure; returns it after the loop.
  FailureOr<Value> lowerWhileLoop(scf::WhileOp whileOp) {
    FailureOr<Value> beforeFlag = guardBlock(whileOp.getBefore().front(), true);
    if (failed(beforeFlag))
      return failure();
    FailureOr<Value> afterFlag = guardBlock(whileOp.getAfter().front(), true);
    if (failed(afterFlag))
      return failure();
    IRRewriter rewriter(whileOp);
    Location loc = whileOp.getLoc();
    Type i1 = rewriter.getI1Type();
    auto constant = [&](bool value) {
      return arith::ConstantIntOp::create(rewriter, loc, value, /*width=*/1)
          .getResult();
    };
    SmallVector<Value> inits(whileOp.getInits());
    inits.push_back(constant(true));
    SmallVector<Type> types(whileOp.getResultTypes());
    types.push_back(i1);
    auto loop = scf::WhileOp::create(rewriter, loc, types, inits);
    rewriter.inlineRegionBefore(whileOp.getBefore(), loop.getBefore(),
                                loop.getBefore().end());
    rewriter.inlineRegionBefore(whileOp.getAfter(), loop.getAfter(),
                                loop.getAfter().end());

    // Before: go on only while everything held so far and here.
    Block &before = loop.getBefore().front();
    Value heldSoFar = before.addArgument(i1, loc);
    auto condition = cast<scf::ConditionOp>(before.getTerminator());
    rewriter.setInsertionPoint(condition);
    Value held = *beforeFlag ? arith::AndIOp::create(rewriter, loc, heldSoFar,
                                                     *beforeFlag)
                                   .getResult()
                             : heldSoFar;
    Value go =
        arith::AndIOp::create(rewriter, loc, condition.getCondition(), held);
    SmallVector<Value> passed(condition.getArgs());
    passed.push_back(held);
    rewriter.replaceOpWithNewOp<scf::ConditionOp>(condition, go, passed);

    // After: the body's own flag goes round to the next condition.
    Block &after = loop.getAfter().front();
    after.addArgument(i1, loc);
    Operation *yield = after.getTerminator();
    rewriter.setInsertionPoint(yield);
    yield->insertOperands(yield->getNumOperands(),
                          *afterFlag ? *afterFlag : constant(true));

    rewriter.replaceOp(whileOp, loop.getResults().drop_back());
    return loop.getResults().back();
  }

  /// Calls the report function with the id and values of the first check of
  /// `group` that fails.
  void reportFirstFailure(OpBuilder &b, Location loc,
                          MutableArrayRef<CheckOp> group) {
    Type i64 = b.getI64Type();
    auto asI64 = [&](Value index) {
      return arith::IndexCastOp::create(b, loc, i64, index).getResult();
    };
    auto idOf = [&](CheckOp check) {
      int64_t id =
          appendModuleCheck(module, check.getKind(), check.getMessage());
      return arith::ConstantIntOp::create(b, loc, i64, id).getResult();
    };
    SmallVector<Value> ids;
    for (CheckOp check : group)
      ids.push_back(idOf(check));
    Value id = ids.back(), lhs = asI64(group.back().getLhs()),
          rhs = asI64(group.back().getRhs());
    for (int64_t i = static_cast<int64_t>(group.size()) - 2; i >= 0; --i) {
      Value holds = group[i].getCondition();
      id = arith::SelectOp::create(b, loc, holds, id, ids[i]);
      lhs =
          arith::SelectOp::create(b, loc, holds, lhs, asI64(group[i].getLhs()));
      rhs =
          arith::SelectOp::create(b, loc, holds, rhs, asI64(group[i].getRhs()));
    }
    func::CallOp::create(b, loc, TesseraDialect::getCheckFailedFunctionName(),
                         TypeRange{}, ValueRange{id, lhs, rhs});
  }

  ModuleOp module;
  /// Results that say whether the checks of a nested region held.
  DenseSet<Value> flags;
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
    if (!containsChecks(module))
      return;

    CheckLowering lowering(module);
    lowering.declareReportFunction();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (!func.getBody().hasOneBlock())
        return func.emitError("tessera-lower-checks needs functions of one "
                              "block (structured control flow)"),
               signalPassFailure();
      if (failed(lowering.guardBlock(func.getBody().front(),
                                     /*needsFlag=*/false)))
        return signalPassFailure();
    }
  }
};

} // namespace
