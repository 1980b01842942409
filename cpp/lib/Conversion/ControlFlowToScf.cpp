//===- ControlFlowToScf.cpp - ifelse and scan to scf on tensors -----------===//
//
// The convert-tessera-control-flow-to-scf pass. The ops of the regions stay
// tessera ops (convert-tessera-to-linalg lowers them where they land, and
// upstream's structural conversions give the scf ops bool storage types).
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_CONVERTTESSERACONTROLFLOWTOSCF
#include "tessera/ConversionPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// The sizes of `tensor`'s dimensions from `first` on: static where its type
/// says, else read at run time.
SmallVector<OpFoldResult> sizesFrom(OpBuilder &b, Location loc, Value tensor,
                                    int64_t first) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = first; d < type.getRank(); ++d)
    sizes.push_back(
        type.isDynamicDim(d)
            ? OpFoldResult(tensor::DimOp::create(b, loc, tensor, d).getResult())
            : OpFoldResult(b.getIndexAttr(type.getDimSize(d))));
  return sizes;
}

/// The offsets, sizes and strides of row `index` (an index value) of
/// `tensor`: the slice one row of it occupies.
struct RowSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
RowSlice rowSliceOf(OpBuilder &b, Location loc, Value tensor, Value index) {
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  RowSlice slice;
  slice.offsets.assign(rank, b.getIndexAttr(0));
  slice.offsets[0] = index;
  slice.sizes = {b.getIndexAttr(1)};
  llvm::append_range(slice.sizes, sizesFrom(b, loc, tensor, 1));
  slice.strides.assign(rank, b.getIndexAttr(1));
  return slice;
}

/// Row `index` (an index value) of `tensor`, without the leading dimension.
Value extractRow(OpBuilder &b, Location loc, Value tensor, Value index) {
  RowSlice slice = rowSliceOf(b, loc, tensor, index);
  return tensor::ExtractSliceOp::create(b, loc, rowTypeOf(tensor.getType()),
                                        tensor, slice.offsets, slice.sizes,
                                        slice.strides);
}

/// `buffer` with row `index` replaced by `row` (of the row's shape).
Value insertRow(OpBuilder &b, Location loc, Value row, Value buffer,
                Value index) {
  RowSlice slice = rowSliceOf(b, loc, buffer, index);
  return tensor::InsertSliceOp::create(
      b, loc, castTo(b, loc, row, rowTypeOf(buffer.getType())), buffer,
      slice.offsets, slice.sizes, slice.strides);
}

/// The i1 of a bool scalar tensor. Bool tensors are stored as i8 once
/// lowered, so the scalar is read as an i8 (a tessera cast, lowered with the
/// rest) and compared with 0.
Value truthOf(OpBuilder &b, Location loc, Value condition) {
  auto storage = RankedTensorType::get({}, b.getI8Type());
  Value byte = tensor::ExtractOp::create(
      b, loc, CastOp::create(b, loc, storage, condition), ValueRange{});
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, byte,
                               arith::ConstantIntOp::create(b, loc, 0, 8));
}

//===----------------------------------------------------------------------===//
// ifelse
//===----------------------------------------------------------------------===//

void lowerIfElse(IRRewriter &rewriter, IfElseOp op) {
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value condition = truthOf(rewriter, loc, op.getCondition());
  auto lowered = scf::IfOp::create(rewriter, loc, op.getResultTypes(),
                                   condition, /*withElseRegion=*/true);
  for (auto [from, to] : llvm::zip(op->getRegions(), lowered->getRegions())) {
    rewriter.eraseBlock(&to.front());
    rewriter.inlineRegionBefore(from, to, to.end());
    auto yield = cast<YieldOp>(to.front().getTerminator());
    rewriter.setInsertionPoint(yield);
    SmallVector<Value> values;
    for (auto [value, type] : llvm::zip(yield.getValues(), op.getResultTypes()))
      values.push_back(castTo(rewriter, loc, value, type));
    rewriter.replaceOpWithNewOp<scf::YieldOp>(yield, values);
  }
  rewriter.replaceOp(op, lowered.getResults());
}

//===----------------------------------------------------------------------===//
// scan
//===----------------------------------------------------------------------===//

/// The loop of one scan. Carried through the steps: a buffer per result
/// that keeps all steps, the last value of each state with tap -1, and the
/// last value of each other output that keeps only that.
class ScanLowering {
public:
  ScanLowering(IRRewriter &rewriter, ScanOp op)
      : rewriter(rewriter), op(op), loc(op.getLoc()), origin(describeOp(op)) {}

  void lower();

private:
  /// Whether result `index` is a state whose last value is carried.
  bool carriesLastValue(unsigned index) {
    return index < op.getNumStates() &&
           llvm::is_contained(op.getStateTaps(index), -1);
  }
  bool keepsAll(unsigned index) {
    return op.getKeep(index) == ScanOp::kKeepAll;
  }
  Type stateType(unsigned state) {
    return op.getStateArguments(state).front().getType();
  }

  void emitChecks(Value steps);
  SmallVector<Value> noSteps(OpBuilder &b);
  SmallVector<Value> runSteps(OpBuilder &b, Value steps);

  /// Runs the body for step `index` (`isFirst`: step 0, whose taps read the
  /// inits) at `b`; sets the values it yields and its stop condition.
  void emitStep(OpBuilder &b, Value index, bool isFirst, ValueRange buffers,
                ValueRange lastValues, SmallVectorImpl<Value> &yielded,
                Value &stop);
  /// The value `distance` steps before step `index` of state `state`.
  Value olderTap(OpBuilder &b, unsigned state, int64_t distance, Value index,
                 bool isFirst, ValueRange buffers);
  /// Checks that a step's value of result `index` has the sizes `expected`.
  void checkSizes(OpBuilder &b, unsigned index, Value value, Value expected,
                  int64_t expectedFirstDim);
  /// Positions of each result's buffer and carried value among the loop's
  /// carried values (-1: none).
  int bufferPosition(unsigned index) {
    return keepsAll(index) ? bufferIndex[index] : -1;
  }

  IRRewriter &rewriter;
  ScanOp op;
  Location loc;
  std::string origin;
  SmallVector<int> bufferIndex, lastIndex;
  unsigned numBuffers = 0, numLast = 0;
};

void ScanLowering::emitChecks(Value steps) {
  OpBuilder &b = rewriter;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  checkThat(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, steps, zero),
      steps, zero, "In " + origin + ": n_steps is {lhs}, which is negative");
  for (auto [index, sequence] : llvm::enumerate(op.getSequences())) {
    Value rows = dimOf(b, loc, sequence, 0);
    checkThat(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, rows, steps),
        rows, steps,
        "In " + origin + ": sequence " + Twine(index) +
            " has {lhs} elements (after its taps), fewer than the {rhs} "
            "steps to run");
  }
  for (auto [state, init] : llvm::enumerate(op.getInitialStates())) {
    int64_t k = op.getInitRows(state);
    Value rows = dimOf(b, loc, init, 0);
    Value needed = arith::ConstantIndexOp::create(b, loc, k);
    checkThat(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, rows, needed),
        rows, needed,
        "In " + origin + ": the initial value of state " + Twine(state) +
            " has {lhs} rows, but its taps read {rhs} steps back");
  }
}

SmallVector<Value> ScanLowering::noSteps(OpBuilder &b) {
  SmallVector<Value> results;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  for (auto [index, result] : llvm::enumerate(op.getResults())) {
    auto type = cast<RankedTensorType>(result.getType());
    StringRef keep = op.getKeep(index);
    if (keep == ScanOp::kKeepFinal) {
      Value init = op.getInitialStates()[index];
      results.push_back(castTo(
          b, loc,
          extractRow(b, loc, init, arith::ConstantIndexOp::create(b, loc, 0)),
          type));
      continue;
    }
    if (keep == ScanOp::kKeepLast)
      checkThat(b, loc, arith::ConstantIntOp::create(b, loc, 0, 1), zero, zero,
                "In " + origin +
                    ": index -1 is out of bounds for axis 0 with size 0 (the "
                    "last step of a scan that ran no step)",
                CheckKind::index);
    // No rows; the other sizes are a state's init's (else unknown: 0).
    SmallVector<Value> dims(type.getRank(), zero);
    if (keep == ScanOp::kKeepAll && index < op.getNumStates())
      for (int64_t d = 1; d < type.getRank(); ++d)
        dims[d] = dimOf(b, loc, op.getInitialStates()[index], d);
    results.push_back(emptyTensor(b, loc, type, dims));
  }
  return results;
}

Value ScanLowering::olderTap(OpBuilder &b, unsigned state, int64_t distance,
                             Value index, bool isFirst, ValueRange buffers) {
  Value init = op.getInitialStates()[state];
  Type type = stateType(state);
  int64_t k = op.getInitRows(state);
  if (isFirst)
    return castTo(
        b, loc,
        extractRow(b, loc, init,
                   arith::ConstantIndexOp::create(b, loc, k - distance)),
        type);
  // Step index - distance, from the buffer once it exists, else the init.
  Value back = arith::ConstantIndexOp::create(b, loc, distance);
  Value stored =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, index, back);
  auto read = scf::IfOp::create(b, loc, TypeRange{type}, stored,
                                /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&read.getThenRegion().front());
    Value row = arith::SubIOp::create(b, loc, index, back);
    Value buffer = buffers[bufferIndex[state]];
    scf::YieldOp::create(b, loc,
                         castTo(b, loc, extractRow(b, loc, buffer, row), type));
    b.setInsertionPointToStart(&read.getElseRegion().front());
    Value initRow = arith::SubIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc, index,
                              arith::ConstantIndexOp::create(b, loc, k)),
        back);
    scf::YieldOp::create(
        b, loc, castTo(b, loc, extractRow(b, loc, init, initRow), type));
  }
  return read.getResult(0);
}

void ScanLowering::emitStep(OpBuilder &b, Value index, bool isFirst,
                            ValueRange buffers, ValueRange lastValues,
                            SmallVectorImpl<Value> &yielded, Value &stop) {
  Block &body = op.getBody().front();
  IRMapping mapping;
  for (auto [sequence, argument] :
       llvm::zip(op.getSequences(), op.getSequenceArguments()))
    mapping.map(argument, extractRow(b, loc, sequence, index));
  for (unsigned state = 0; state < op.getNumStates(); ++state)
    for (auto [tap, argument] :
         llvm::zip(op.getStateTaps(state), op.getStateArguments(state))) {
      Value value = tap == -1 && !isFirst
                        ? lastValues[lastIndex[state]]
                        : olderTap(b, state, -tap, index, isFirst, buffers);
      mapping.map(argument, value);
    }
  for (Operation &nested : body.without_terminator())
    b.clone(nested, mapping);
  yielded.clear();
  for (Value value : op.getStepValues())
    yielded.push_back(mapping.lookupOrDefault(value));
  stop = nullptr;
  if (Value condition = op.getStopCondition())
    stop = truthOf(b, loc, mapping.lookupOrDefault(condition));
}

void ScanLowering::checkSizes(OpBuilder &b, unsigned index, Value value,
                              Value expected, int64_t expectedFirstDim) {
  auto valueType = cast<RankedTensorType>(value.getType());
  auto expectedType = cast<RankedTensorType>(expected.getType());
  for (int64_t d = 0; d < valueType.getRank(); ++d) {
    int64_t e = d + expectedFirstDim;
    if (!valueType.isDynamicDim(d) && !expectedType.isDynamicDim(e))
      continue; // Equal by verification.
    checkEqual(b, loc, dimOf(b, loc, value, d), dimOf(b, loc, expected, e),
               "In " + origin + ": a step gives output " + Twine(index) +
                   " of size {lhs} in dimension " + Twine(d) + ", where its " +
                   (index < op.getNumStates() ? "initial value has"
                                              : "first step had") +
                   " {rhs}; every step must give the same shape");
  }
}

SmallVector<Value> ScanLowering::runSteps(OpBuilder &b, Value steps) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0),
        one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> first;
  Value stop;
  emitStep(b, zero, /*isFirst=*/true, {}, {}, first, stop);

  // Buffers of n_steps rows, the sizes of step 0's values; the carried
  // values start at step 0's.
  SmallVector<Value> carried(numBuffers + numLast);
  for (auto [index, value] : llvm::enumerate(first)) {
    if (index < op.getNumStates()) {
      Value init = op.getInitialStates()[index];
      checkSizes(b, index, value, init, /*expectedFirstDim=*/1);
    }
    if (keepsAll(index)) {
      auto type = cast<RankedTensorType>(op.getResult(index).getType());
      SmallVector<Value> dims = {steps};
      for (int64_t d = 1; d < type.getRank(); ++d)
        dims.push_back(dimOf(b, loc, value, d - 1));
      Value buffer = emptyTensor(b, loc, type, dims);
      carried[bufferIndex[index]] = insertRow(b, loc, value, buffer, zero);
    }
    if (lastIndex[index] >= 0) {
      Type type = carriesLastValue(index) ? stateType(index)
                                          : op.getResult(index).getType();
      carried[numBuffers + lastIndex[index]] = castTo(b, loc, value, type);
    }
  }

  // One step of the loop: returns the new carried values.
  auto step = [&](OpBuilder &lb, Value index, ValueRange state,
                  Value &stepStop) {
    SmallVector<Value> yielded;
    ValueRange buffers = state.take_front(numBuffers);
    ValueRange lastValues = state.drop_front(numBuffers);
    emitStep(lb, index, /*isFirst=*/false, buffers, lastValues, yielded,
             stepStop);
    SmallVector<Value> next(state);
    for (auto [result, value] : llvm::enumerate(yielded)) {
      if (keepsAll(result)) {
        Value buffer = buffers[bufferIndex[result]];
        checkSizes(lb, result, value, buffer, /*expectedFirstDim=*/1);
        next[bufferIndex[result]] = insertRow(lb, loc, value, buffer, index);
      } else if (lastIndex[result] >= 0) {
        Value previous = lastValues[lastIndex[result]];
        checkSizes(lb, result, value, previous, /*expectedFirstDim=*/0);
      }
      if (lastIndex[result] >= 0)
        next[numBuffers + lastIndex[result]] =
            castTo(lb, loc, value, lastValues[lastIndex[result]].getType());
    }
    return next;
  };

  SmallVector<Value> finalState;
  Value rows = steps;
  if (!op.getUntil()) {
    auto loop = scf::ForOp::create(
        b, loc, one, steps, one, carried,
        [&](OpBuilder &lb, Location, Value index, ValueRange state) {
          Value unused;
          scf::YieldOp::create(lb, loc, step(lb, index, state, unused));
        });
    finalState = loop.getResults();
  } else {
    // Carried: the step index, the values, whether the last step stopped.
    SmallVector<Value> inits = {one};
    llvm::append_range(inits, carried);
    inits.push_back(stop);
    SmallVector<Type> types(ValueRange(inits).getTypes());
    auto loop = scf::WhileOp::create(
        b, loc, types, inits,
        [&](OpBuilder &cb, Location, ValueRange args) {
          Value inRange = arith::CmpIOp::create(
              cb, loc, arith::CmpIPredicate::slt, args.front(), steps);
          Value notStopped = arith::XOrIOp::create(
              cb, loc, args.back(),
              arith::ConstantIntOp::create(cb, loc, 1, 1));
          scf::ConditionOp::create(
              cb, loc, arith::AndIOp::create(cb, loc, inRange, notStopped),
              args);
        },
        [&](OpBuilder &lb, Location, ValueRange args) {
          Value stepStop;
          SmallVector<Value> next = {
              arith::AddIOp::create(lb, loc, args.front(), one)};
          llvm::append_range(
              next,
              step(lb, args.front(), args.drop_front().drop_back(), stepStop));
          next.push_back(stepStop);
          scf::YieldOp::create(lb, loc, next);
        });
    rows = loop.getResult(0);
    finalState = loop.getResults().drop_front().drop_back();
  }

  SmallVector<Value> results;
  for (auto [index, result] : llvm::enumerate(op.getResults())) {
    Type type = result.getType();
    if (!keepsAll(index)) {
      results.push_back(
          castTo(b, loc, finalState[numBuffers + lastIndex[index]], type));
      continue;
    }
    Value buffer = finalState[bufferIndex[index]];
    if (op.getUntil()) { // The rows of the steps run.
      auto bufferType = cast<RankedTensorType>(buffer.getType());
      SmallVector<OpFoldResult> offsets(bufferType.getRank(),
                                        b.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes = {rows};
      llvm::append_range(sizes, sizesFrom(b, loc, buffer, 1));
      SmallVector<OpFoldResult> strides(bufferType.getRank(),
                                        b.getIndexAttr(1));
      buffer = tensor::ExtractSliceOp::create(b, loc, buffer, offsets, sizes,
                                              strides);
    }
    results.push_back(castTo(b, loc, buffer, type));
  }
  return results;
}

void ScanLowering::lower() {
  for (unsigned index = 0; index < op.getNumResults(); ++index) {
    bufferIndex.push_back(keepsAll(index) ? numBuffers++ : -1);
    lastIndex.push_back(carriesLastValue(index) || !keepsAll(index)
                            ? static_cast<int>(numLast++)
                            : -1);
  }
  rewriter.setInsertionPoint(op);
  Value steps = scalarOf(rewriter, loc, op.getNSteps(), /*asIndex=*/true);
  emitChecks(steps);
  Value any =
      arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sgt, steps,
                            arith::ConstantIndexOp::create(rewriter, loc, 0));
  auto lowered = scf::IfOp::create(
      rewriter, loc, any,
      [&](OpBuilder &b, Location) {
        scf::YieldOp::create(b, loc, runSteps(b, steps));
      },
      [&](OpBuilder &b, Location) {
        scf::YieldOp::create(b, loc, noSteps(b));
      });
  rewriter.replaceOp(op, lowered.getResults());
}

struct ConvertTesseraControlFlowToScfPass
    : public mlir::tessera::impl::ConvertTesseraControlFlowToScfBase<
          ConvertTesseraControlFlowToScfPass> {
  void runOnOperation() override {
    // Innermost first: an outer step's copies then hold loops already.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<IfElseOp, ScanOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      if (auto ifElse = dyn_cast<IfElseOp>(op))
        lowerIfElse(rewriter, ifElse);
      else
        ScanLowering(rewriter, cast<ScanOp>(op)).lower();
    }
  }
};

} // namespace
