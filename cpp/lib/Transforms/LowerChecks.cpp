//===- LowerChecks.cpp - tessera.check to calls that report a failure -----===//
//
// A failed check must stop the computation without aborting the process.
// Each check becomes a branch to `tessera_check_failed(id, lhs, rhs)`, which
// does not return: the runtime unwinds to the call's entry, frees what the
// call allocated and reports the check (docs/architecture.md). Compiled code
// therefore needs no guards, no placeholder results and no flags carried
// out of loops, and its buffers' ownership stays as simple as without
// checks. For the same reason a check whose condition an earlier check
// already tested (the same pure computation of the same values, in a
// position that dominates it) can never fail: it is dropped, which matters
// because every op of a graph checks its operands' sizes and every buffer
// its allocation, mostly on the same few sizes. Checks whose conditions are
// size arithmetic then move to the front of their block, so that a bad
// input is reported before any work.
//
//===----------------------------------------------------------------------===//

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
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

/// Value numbering of pure computations: two values get the same number when
/// the same region-free, effect-free ops compute them from the same values
/// (CSE's notion of equality, without rewriting anything, so that it may
/// run on tensors, where CSE would merge the tensor.empty ops that start
/// each result).
class PureValueNumbering {
public:
  /// The first value seen that computes what `value` computes.
  Value representative(Value value) {
    if (Value known = representatives.lookup(value))
      return known;
    Value result = value;
    Operation *op = value.getDefiningOp();
    if (op && op->getNumRegions() == 0 && isMemoryEffectFree(op)) {
      // Operands first, so that the hash and the comparison below only look
      // up representatives.
      for (Value operand : op->getOperands())
        representative(operand);
      auto hashOperand = [&](Value operand) {
        return hash_value(representatives.lookup(operand));
      };
      llvm::hash_code hash = OperationEquivalence::computeHash(
          op, hashOperand, OperationEquivalence::ignoreHashValue,
          OperationEquivalence::IgnoreLocations);
      auto sameOperands = [&](Value lhs, Value rhs) {
        return success(representatives.lookup(lhs) ==
                       representatives.lookup(rhs));
      };
      SmallVector<Operation *> &bucket = computations[hash];
      auto equal = llvm::find_if(bucket, [&](Operation *seen) {
        return OperationEquivalence::isEquivalentTo(
            op, seen, sameOperands, /*markEquivalent=*/nullptr,
            OperationEquivalence::IgnoreLocations);
      });
      if (equal == bucket.end())
        bucket.push_back(op);
      else
        result = (*equal)->getResult(cast<OpResult>(value).getResultNumber());
    }
    representatives[value] = result;
    return result;
  }

private:
  DenseMap<Value, Value> representatives;
  DenseMap<llvm::hash_code, SmallVector<Operation *>> computations;
};

/// Erases the checks (listed in program order) whose condition an earlier
/// check that dominates them tested: the report function does not return,
/// so they hold whenever they are reached.
void eraseRepeatedChecks(ModuleOp module, SmallVector<CheckOp> &checks) {
  DominanceInfo dominance(module);
  PureValueNumbering numbering;
  DenseMap<Value, SmallVector<CheckOp, 1>> tested;
  SmallVector<CheckOp> kept;
  for (CheckOp check : checks) {
    SmallVector<CheckOp, 1> &earlier =
        tested[numbering.representative(check.getCondition())];
    if (llvm::any_of(earlier, [&](CheckOp first) {
          return dominance.properlyDominates(first.getOperation(), check);
        })) {
      check.erase();
      continue;
    }
    earlier.push_back(check);
    kept.push_back(check);
  }
  checks = std::move(kept);
}

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

/// Declares the report function once per module. It does not return, which
/// LLVM learns from the `noreturn` attribute (the failing branch is cold).
void declareReportFunction(ModuleOp module) {
  StringRef name = TesseraDialect::getCheckFailedFunctionName();
  if (module.lookupSymbol(name))
    return;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  Type i64 = b.getI64Type();
  auto report = func::FuncOp::create(b, module.getLoc(), name,
                                     b.getFunctionType({i64, i64, i64}, {}));
  report.setPrivate();
  report->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("noreturn")}));
}

/// `if (fails) tessera_check_failed(id, lhs, rhs)` at `b`'s insertion point,
/// the check's id indexing the module's table of checks.
void emitReport(OpBuilder &b, ModuleOp module, CheckOp check, Value fails) {
  Location loc = check.getLoc();
  Type i64 = b.getI64Type();
  auto branch = scf::IfOp::create(b, loc, fails, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(branch.thenBlock());
  int64_t id = appendModuleCheck(module, check.getKind(), check.getMessage());
  Value arguments[] = {arith::ConstantIntOp::create(b, loc, i64, id),
                       arith::IndexCastOp::create(b, loc, i64, check.getLhs()),
                       arith::IndexCastOp::create(b, loc, i64, check.getRhs())};
  func::CallOp::create(b, loc, TesseraDialect::getCheckFailedFunctionName(),
                       TypeRange{}, arguments);
}

/// Lowers consecutive checks of a block at the last one's place: each check
/// alone is `if (!condition) report`; several share one branch on whether
/// any fails, inside which they report in order. The happy path then takes
/// one branch, and the block is split once where scf becomes cf (a split
/// moves the rest of the block: one per check made lowering a large graph's
/// entry function quadratic in its size).
void lowerChecks(ModuleOp module, ArrayRef<CheckOp> checks) {
  CheckOp last = checks.back();
  OpBuilder b(last);
  Location loc = last.getLoc();
  Value holds = arith::ConstantIntOp::create(b, loc, /*value=*/1, /*width=*/1);
  SmallVector<Value> fails;
  for (CheckOp check : checks)
    fails.push_back(
        arith::XOrIOp::create(b, loc, check.getCondition(), holds));
  if (checks.size() > 1) {
    Value anyFails = fails.front();
    for (Value next : llvm::drop_begin(fails))
      anyFails = arith::OrIOp::create(b, loc, anyFails, next);
    auto branch = scf::IfOp::create(b, loc, anyFails, /*withElseRegion=*/false);
    b.setInsertionPointToStart(branch.thenBlock());
  }
  for (auto [check, checkFails] : llvm::zip_equal(checks, fails))
    emitReport(b, module, check, checkFails);
  for (CheckOp check : checks)
    check.erase();
}

/// Whether `op` may run before a check that precedes it fails: arithmetic
/// on sizes that cannot trap (not a division by a size the check may have
/// found zero).
bool mayRunBeforeCheck(Operation &op) {
  return isShapeComputation(&op) && isSpeculatable(&op);
}

/// The checks of `block` lowered in runs: checks with only arithmetic that
/// may run before them in between share a branch.
void lowerChecks(ModuleOp module, Block &block) {
  SmallVector<CheckOp> run;
  auto lowerRun = [&] {
    if (!run.empty())
      lowerChecks(module, run);
    run.clear();
  };
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto check = dyn_cast<CheckOp>(op))
      run.push_back(check);
    else if (!mayRunBeforeCheck(op))
      lowerRun();
  }
  lowerRun();
}

struct TesseraLowerChecksPass
    : public mlir::tessera::impl::TesseraLowerChecksBase<
          TesseraLowerChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<CheckOp> checks;
    module.walk([&](CheckOp check) {
      // A check that holds by construction reports nothing.
      if (matchPattern(check.getCondition(), m_One()))
        check.erase();
      else
        checks.push_back(check);
    });
    if (checks.empty())
      return;
    eraseRepeatedChecks(module, checks);
    declareReportFunction(module);
    SetVector<Block *> blocks;
    for (CheckOp check : checks)
      blocks.insert(check->getBlock());
    for (Block *block : blocks)
      hoistChecks(*block);
    for (Block *block : blocks)
      lowerChecks(module, *block);
  }
};

} // namespace
