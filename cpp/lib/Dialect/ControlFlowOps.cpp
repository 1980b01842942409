//===- ControlFlowOps.cpp - ifelse, scan and yield ------------------------===//
//
// Verifiers and accessors of the region ops. Their derivative rules are in
// ControlFlowDerivatives.cpp, their lowering in
// Conversion/ControlFlowToScf.cpp.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// Whether a value of type `specific` may stand where `general` is expected
/// (a tensor.cast when lowered): the same element type and rank, and the same
/// size wherever `general`'s is static.
bool generalizes(Type general, Type specific) {
  return isRefinementOf(TypeRange{specific}, TypeRange{general});
}

/// Checks that `region` yields values for `resultTypes`.
LogicalResult verifyYield(Operation *op, Region &region, StringRef name,
                          TypeRange resultTypes) {
  auto yield = dyn_cast<YieldOp>(region.front().getTerminator());
  if (!yield)
    return op->emitOpError() << name << " region must end with tessera.yield";
  if (yield.getValues().size() != resultTypes.size())
    return op->emitOpError()
           << name << " region yields " << yield.getValues().size()
           << " values for " << resultTypes.size() << " results";
  for (auto [index, value, type] :
       llvm::enumerate(yield.getValues(), resultTypes))
    if (!generalizes(type, value.getType()))
      return op->emitOpError()
             << name << " region yields " << value.getType() << " for result "
             << index << " of type " << type;
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// ifelse
//===----------------------------------------------------------------------===//

LogicalResult IfElseOp::verify() {
  if (failed(verifyYield(*this, getThenRegion(), "then", getResultTypes())))
    return failure();
  return verifyYield(*this, getElseRegion(), "else", getResultTypes());
}

//===----------------------------------------------------------------------===//
// scan
//===----------------------------------------------------------------------===//

Block::BlockArgListType ScanOp::getStateArguments(unsigned state) {
  unsigned first = getSequences().size();
  for (unsigned j = 0; j < state; ++j)
    first += getStateTaps(j).size();
  return getBody().front().getArguments().slice(first,
                                                getStateTaps(state).size());
}

OperandRange ScanOp::getStepValues() {
  return cast<YieldOp>(getBody().front().getTerminator())
      .getValues()
      .take_front(getNumResults());
}

Value ScanOp::getStopCondition() {
  if (!getUntil())
    return nullptr;
  return cast<YieldOp>(getBody().front().getTerminator()).getValues().back();
}

SmallVector<Region *> ScanOp::getLoopRegions() { return {&getBody()}; }

LogicalResult ScanOp::verify() {
  unsigned numStates = getInitialStates().size();
  if (getTaps().size() != numStates)
    return emitOpError("has ") << numStates << " inits but taps for "
                               << getTaps().size() << " states";
  if (getNumResults() < std::max(numStates, 1u))
    return emitOpError("has ") << getNumResults() << " results: one per state ("
                               << numStates << ") and at least one in all";
  if (getKeepAttr().size() != getNumResults())
    return emitOpError("needs one keep entry per result");
  auto truncate = static_cast<int64_t>(getTruncateGradient());
  if (truncate == 0 || truncate < -1)
    return emitOpError("truncate_gradient must be -1 (none) or positive, not ")
           << truncate;

  // Block arguments: sequence rows, then the taps of each state.
  Block &body = getBody().front();
  unsigned expected = getSequences().size();
  for (Attribute taps : getTaps())
    expected += cast<DenseI64ArrayAttr>(taps).size();
  if (body.getNumArguments() != expected)
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments, expected " << expected
           << " (one per sequence and one per tap of each state)";
  for (auto [index, sequence, argument] :
       llvm::enumerate(getSequences(), getSequenceArguments())) {
    if (cast<RankedTensorType>(sequence.getType()).getRank() == 0)
      return emitOpError("sequence ") << index << " is a scalar";
    if (argument.getType() != rowTypeOf(sequence.getType()))
      return emitOpError("body takes ")
             << argument.getType() << " for a row of sequence " << index
             << " of type " << sequence.getType();
  }

  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end with tessera.yield");
  unsigned numYielded = getNumResults() + (getUntil() ? 1 : 0);
  if (yield.getValues().size() != numYielded)
    return emitOpError("body yields ")
           << yield.getValues().size() << " values, expected " << numYielded
           << (getUntil() ? " (one per result and the stop condition)"
                          : " (one per result)");
  if (Value stop = getStopCondition();
      stop && stop.getType() !=
                  RankedTensorType::get({}, IntegerType::get(getContext(), 1)))
    return emitOpError("stop condition must be tensor<i1>, not ")
           << stop.getType();

  for (unsigned state = 0; state < numStates; ++state) {
    ArrayRef<int64_t> taps = getStateTaps(state);
    if (taps.empty() || taps.back() >= 0 ||
        !llvm::is_sorted(taps, std::less_equal<int64_t>()) ||
        llvm::adjacent_find(taps) != taps.end())
      return emitOpError("state ")
             << state << " needs increasing negative taps";
    Type init = getInitialStates()[state].getType();
    Block::BlockArgListType arguments = getStateArguments(state);
    Type stateType = arguments.front().getType();
    if (llvm::any_of(arguments,
                     [&](Value tap) { return tap.getType() != stateType; }))
      return emitOpError("body takes taps of state ")
             << state << " of different types";
    if (cast<RankedTensorType>(init).getRank() == 0 ||
        !generalizes(stateType, rowTypeOf(init)))
      return emitOpError("state ") << state << " of type " << stateType
                                   << " cannot start from rows of " << init;
    if (!generalizes(stateType, getStepValues()[state].getType()))
      return emitOpError("body yields ")
             << getStepValues()[state].getType() << " for state " << state
             << " of type " << stateType;
  }

  for (auto [index, result, value] :
       llvm::enumerate(getResults(), getStepValues())) {
    StringRef keep = getKeep(index);
    bool isState = index < numStates;
    if (keep != kKeepAll && keep != kKeepLast && keep != kKeepFinal)
      return emitOpError("keep must be \"all\", \"last\" or \"final\", not \"")
             << keep << "\"";
    if (keep == kKeepFinal && !isState)
      return emitOpError("result ")
             << index << " is not a state and cannot keep its final value";
    if (keep != kKeepAll && isState &&
        getStateTaps(index) != ArrayRef<int64_t>{-1})
      return emitOpError("state ")
             << index << " reads more than its last value and keeps them all";
    Type stepType =
        isState ? getStateArguments(index).front().getType() : value.getType();
    Type expectedRow =
        keep == kKeepAll ? rowTypeOf(result.getType()) : result.getType();
    if ((keep == kKeepAll &&
         cast<RankedTensorType>(result.getType()).getRank() == 0) ||
        !generalizes(expectedRow, stepType))
      return emitOpError("result ") << index << " of type " << result.getType()
                                    << " cannot hold the steps' values of type "
                                    << stepType << " (keep \"" << keep << "\")";
  }
  return success();
}

namespace {

/// Drops the results nobody reads: an output with its step value, a state
/// also with its init and taps when the body does not read it either. What
/// computed the dropped step values is then dead. (A backward scan computes
/// the gradients of every sequence; most are not asked for.)
struct DropUnusedScanResults : public OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp op,
                                PatternRewriter &rewriter) const override {
    unsigned numStates = op.getNumStates();
    llvm::BitVector dropped(op.getNumResults());
    for (auto [index, result] : llvm::enumerate(op.getResults()))
      if (result.use_empty() &&
          (index >= numStates ||
           llvm::all_of(op.getStateArguments(index),
                        [](BlockArgument tap) { return tap.use_empty(); })))
        dropped.set(index);
    // With no result left the op is dead (when its body is pure) or kept.
    if (dropped.none() || dropped.all())
      return failure();

    Block &body = op.getBody().front();
    llvm::BitVector droppedArguments(body.getNumArguments());
    SmallVector<Value> inits;
    SmallVector<Attribute> taps, keep;
    SmallVector<Type> types;
    for (unsigned index = 0; index < op.getNumResults(); ++index) {
      bool isState = index < numStates;
      if (dropped.test(index)) {
        if (isState)
          for (BlockArgument tap : op.getStateArguments(index))
            droppedArguments.set(tap.getArgNumber());
        continue;
      }
      if (isState) {
        inits.push_back(op.getInitialStates()[index]);
        taps.push_back(op.getTaps()[index]);
      }
      keep.push_back(op.getKeepAttr()[index]);
      types.push_back(op.getResult(index).getType());
    }
    auto scan = ScanOp::create(
        rewriter, op.getLoc(), types, op.getNSteps(), op.getSequences(), inits,
        rewriter.getArrayAttr(taps), rewriter.getArrayAttr(keep), op.getUntil(),
        op.getTruncateGradient());
    rewriter.inlineRegionBefore(op.getBody(), scan.getBody(),
                                scan.getBody().end());
    body.eraseArguments(droppedArguments);
    Operation *yield = body.getTerminator();
    llvm::BitVector droppedValues(dropped);
    droppedValues.resize(yield->getNumOperands()); // the stop stays
    rewriter.modifyOpInPlace(yield,
                             [&] { yield->eraseOperands(droppedValues); });
    unsigned next = 0;
    for (auto [index, result] : llvm::enumerate(op.getResults()))
      if (!dropped.test(index))
        rewriter.replaceAllUsesWith(result, scan.getResult(next++));
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<DropUnusedScanResults>(context);
}
