//===- ControlFlowDerivatives.cpp - Derivative rules of ifelse and scan ---===//
//
// The rules of the region ops, through RegionDifferentiator: each builds a
// region op of the same kind whose regions are the backward code of the
// forward regions, so that the gradient is lazy where the forward value is
// (ifelse) and a loop where it is (scan), and is differentiable again.
// docs/design/control-flow.md says what the backward scan stores and what it
// computes again.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/IRMapping.h"
#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

/// `value` with a new leading size-1 dimension.
Value asOneRow(GradientBuilder &gb, Value value) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  SmallVector<int64_t> pattern = {-1};
  for (int64_t d = 0; d < rank; ++d)
    pattern.push_back(d);
  return gb.dimshuffle(value, pattern);
}

} // namespace

//===----------------------------------------------------------------------===//
// ifelse: the gradient of the taken branch
//===----------------------------------------------------------------------===//

/// An ifelse on the same condition whose regions are the backward code of
/// the forward ones: only the taken branch's backward code runs. It yields
/// the gradients of the values the branches use from above.
LogicalResult IfElseOp::buildGradients(OpBuilder &builder,
                                       ValueRange resultGrads,
                                       SmallVectorImpl<Value> &grads,
                                       RegionDifferentiator &regions) {
  grads.assign(1, Value());
  SetVector<Value> captured;
  for (Region *region : getRegions())
    for (Value value : regions.capturedValuesToDifferentiate(*region))
      captured.insert(value);
  if (captured.empty())
    return success();
  Location loc = getLoc();
  SmallVector<Type> types;
  for (Value value : captured)
    types.push_back(value.getType());
  auto backward = IfElseOp::create(builder, loc, types, getCondition());
  for (auto [forward, gradient] :
       llvm::zip(getRegions(), backward.getRegions())) {
    OpBuilder inner(getContext());
    inner.createBlock(gradient);
    SmallVector<Value> argumentGrads, capturedGrads;
    if (failed(regions.differentiate(inner, forward->front(), {}, resultGrads,
                                     captured.getArrayRef(), argumentGrads,
                                     capturedGrads)))
      return failure();
    GradientBuilder gb(inner, loc);
    SmallVector<Value> yielded;
    for (auto [value, grad] : llvm::zip(captured, capturedGrads))
      yielded.push_back(grad ? gb.asTypeOf(grad, value) : gb.zerosLike(value));
    YieldOp::create(inner, loc, yielded);
  }
  for (auto [value, grad] : llvm::zip(captured, backward.getResults()))
    regions.addGradient(value, grad);
  return success();
}

//===----------------------------------------------------------------------===//
// scan: backpropagation through time
//===----------------------------------------------------------------------===//

namespace {

/// Builds the backward scan of a forward scan whose results all keep their
/// histories (`forward`), given the gradients of the original op's results.
class BackpropagationThroughTime {
public:
  BackpropagationThroughTime(OpBuilder &builder, ScanOp op, ScanOp forward,
                             ValueRange resultGrads,
                             RegionDifferentiator &regions)
      : builder(builder), gb(builder, op.getLoc()), loc(op.getLoc()), op(op),
        forward(forward), resultGrads(resultGrads), regions(regions) {}

  LogicalResult build(SmallVectorImpl<Value> &grads);

private:
  /// The backward body: from the gradients of step i's values (and the
  /// window of gradients later steps sent back to the states), the
  /// gradients of step i's arguments.
  LogicalResult buildBody(ScanOp backward, ArrayRef<Value> captured,
                          ArrayRef<int> historyGradIndex,
                          ArrayRef<int> storedIndex);

  OpBuilder &builder;
  GradientBuilder gb;
  Location loc;
  ScanOp op, forward;
  ValueRange resultGrads;
  RegionDifferentiator &regions;
};

LogicalResult BackpropagationThroughTime::build(SmallVectorImpl<Value> &grads) {
  unsigned numSequences = op.getSequences().size();
  unsigned numStates = op.getNumStates();
  SmallVector<Value> captured =
      regions.capturedValuesToDifferentiate(op.getBody());

  // Steps run (m) and steps differentiated (the last `truncate_gradient`).
  Value steps = gb.size(forward.getResult(0), 0);
  auto truncate = static_cast<int64_t>(op.getTruncateGradient());
  Value backSteps =
      truncate < 0 ? steps : gb.minimum(steps, gb.integer(truncate));

  // Sequences of the backward scan, read from the last step back.
  SmallVector<Value> sequences;
  SmallVector<int> historyGradIndex(op.getNumResults(), -1);
  for (auto [index, grad] : llvm::enumerate(resultGrads))
    if (grad && op.getKeep(index) == ScanOp::kKeepAll) {
      historyGradIndex[index] = sequences.size();
      sequences.push_back(gb.reverse(grad, 0));
    }
  for (Value sequence : op.getSequences())
    sequences.push_back(gb.reverse(gb.rows(sequence, nullptr, steps), 0));
  // Each tap t of a state reads its history (init rows, then steps) t back.
  SmallVector<Value> histories;
  for (unsigned state = 0; state < numStates; ++state) {
    int64_t k = op.getInitRows(state);
    Value init = gb.rows(op.getInitialStates()[state], nullptr, gb.integer(k));
    Value history =
        gb.reverse(gb.concatenate({init, forward.getResult(state)}, 0), 0);
    histories.push_back(history);
    for (int64_t tap : op.getStateTaps(state))
      sequences.push_back(gb.rows(history, gb.integer(-tap), nullptr));
  }
  // The values each step yielded, stored by the forward scan: the backward
  // body reads them rather than computing them again.
  SmallVector<int> storedIndex(op.getNumResults(), -1);
  Block &forwardBody = op.getBody().front();
  for (auto [index, value] : llvm::enumerate(op.getStepValues())) {
    if (value.getParentBlock() != &forwardBody || isa<BlockArgument>(value))
      continue;
    storedIndex[index] = sequences.size();
    sequences.push_back(index < numStates
                            ? histories[index]
                            : gb.reverse(forward.getResult(index), 0));
  }

  // States: per forward state, the window of gradients later steps sent to
  // its last k values (the first row: gradient of a final value); per
  // captured value, the sum of its gradients over the steps.
  SmallVector<Value> inits;
  SmallVector<Attribute> taps, keep;
  auto lastTap = builder.getDenseI64ArrayAttr({-1});
  for (unsigned state = 0; state < numStates; ++state) {
    int64_t k = op.getInitRows(state);
    Value window =
        gb.zerosLike(gb.rows(histories[state], nullptr, gb.integer(k)));
    if (Value grad = resultGrads[state];
        grad && op.getKeep(state) != ScanOp::kKeepAll) {
      if (op.getKeep(state) == ScanOp::kKeepLast)
        return op.emitOpError("keeps its last value, which cannot be "
                              "differentiated (the rewrite that drops "
                              "histories runs after autodiff)");
      window = asOneRow(gb, gb.asTypeOf(grad, gb.row(histories[state], 0)));
    }
    inits.push_back(asOneRow(gb, window));
    taps.push_back(lastTap);
    keep.push_back(builder.getStringAttr(ScanOp::kKeepFinal));
  }
  for (Value value : captured) {
    inits.push_back(asOneRow(gb, gb.zerosLike(value)));
    taps.push_back(lastTap);
    keep.push_back(builder.getStringAttr(ScanOp::kKeepFinal));
  }
  for (unsigned index = numStates; index < op.getNumResults(); ++index)
    if (resultGrads[index] && op.getKeep(index) != ScanOp::kKeepAll)
      return op.emitOpError("keeps the last value of an output, which cannot "
                            "be differentiated (the rewrite that drops "
                            "histories runs after autodiff)");
  for (unsigned l = 0; l < numSequences; ++l)
    keep.push_back(builder.getStringAttr(ScanOp::kKeepAll));

  SmallVector<Type> resultTypes;
  for (Value init : inits)
    resultTypes.push_back(rowTypeOf(init.getType()));
  for (Value argument : op.getSequenceArguments())
    resultTypes.push_back(stackedTypeOf(argument.getType()));
  auto backward =
      ScanOp::create(builder, loc, resultTypes, backSteps, sequences, inits,
                     builder.getArrayAttr(taps), builder.getArrayAttr(keep),
                     /*until=*/false, /*truncate_gradient=*/-1);
  if (failed(buildBody(backward, captured, historyGradIndex, storedIndex)))
    return failure();

  // Gradients of the operands. Steps not differentiated (the first
  // `skipped` ones, with truncation) get zeros.
  grads.assign(op->getNumOperands(), Value());
  Value skipped = truncate < 0 ? Value() : gb.sub(steps, backSteps);
  for (unsigned l = 0; l < numSequences; ++l) {
    Value sequence = op.getSequences()[l];
    SmallVector<Value> parts;
    if (skipped)
      parts.push_back(gb.zerosLike(gb.rows(sequence, nullptr, skipped)));
    parts.push_back(
        gb.reverse(backward.getResult(numStates + captured.size() + l), 0));
    parts.push_back(gb.zerosLike(gb.rows(sequence, steps, nullptr)));
    grads[1 + l] = gb.asTypeOf(gb.concatenate(parts, 0), sequence);
  }
  for (unsigned state = 0; state < numStates; ++state) {
    Value init = op.getInitialStates()[state];
    int64_t k = op.getInitRows(state);
    // The window ends at the first differentiated step: its rows are the
    // gradients of the k values before it, the init's rows when no step
    // was skipped.
    Value initGrad = gb.reverse(backward.getResult(state), 0);
    if (skipped) {
      Value shifted = gb.concatenate(
          {gb.zerosLike(gb.rows(histories[state], nullptr, skipped)), initGrad},
          0);
      initGrad = gb.rows(shifted, nullptr, gb.integer(k));
    }
    auto initType = cast<RankedTensorType>(init.getType());
    if (initType.getDimSize(0) != k)
      initGrad = gb.concatenate(
          {initGrad, gb.zerosLike(gb.rows(init, gb.integer(k), nullptr))}, 0);
    grads[1 + numSequences + state] = gb.asTypeOf(initGrad, init);
  }
  for (auto [index, value] : llvm::enumerate(captured))
    regions.addGradient(value, backward.getResult(numStates + index));
  return success();
}

LogicalResult
BackpropagationThroughTime::buildBody(ScanOp backward, ArrayRef<Value> captured,
                                      ArrayRef<int> historyGradIndex,
                                      ArrayRef<int> storedIndex) {
  unsigned numStates = op.getNumStates();
  SmallVector<Type> argumentTypes;
  for (Value sequence : backward.getSequences())
    argumentTypes.push_back(rowTypeOf(sequence.getType()));
  for (Value init : backward.getInitialStates())
    argumentTypes.push_back(rowTypeOf(init.getType()));
  OpBuilder inner(op.getContext());
  Block *body =
      inner.createBlock(&backward.getBody(), {}, argumentTypes,
                        SmallVector<Location>(argumentTypes.size(), loc));
  GradientBuilder ib(inner, loc);

  // Arguments: history gradients, forward sequence rows, forward state
  // taps, stored step values; then the windows and the captured values' sums.
  unsigned numHistoryGrads =
      llvm::count_if(historyGradIndex, [](int index) { return index >= 0; });
  auto arguments = body->getArguments();
  ValueRange forwardArguments =
      arguments.slice(numHistoryGrads, op.getBody().front().getNumArguments());
  ValueRange windows =
      arguments.slice(backward.getSequences().size(), numStates);
  ValueRange sums = arguments.take_back(captured.size());
  SmallVector<Value> storedValues;
  for (int index : storedIndex)
    storedValues.push_back(index >= 0 ? arguments[index] : Value());
  if (op.getUntil())
    storedValues.push_back(Value());

  // The gradient of each value step i yields.
  SmallVector<Value> stepGrads;
  for (unsigned index = 0; index < op.getNumResults(); ++index) {
    Value grad = historyGradIndex[index] >= 0
                     ? arguments[historyGradIndex[index]]
                     : Value();
    if (index < numStates) {
      Value fromLater = ib.row(windows[index], 0);
      grad = grad ? ib.add(ib.asTypeOf(grad, fromLater), fromLater) : fromLater;
    }
    stepGrads.push_back(grad);
  }
  if (op.getUntil())
    stepGrads.push_back(Value());

  SmallVector<Value> argumentGrads, capturedGrads;
  if (failed(regions.differentiate(inner, op.getBody().front(),
                                   forwardArguments, stepGrads, captured,
                                   argumentGrads, capturedGrads, storedValues)))
    return failure();

  SmallVector<Value> yielded;
  // Each window moves one step back: row d holds the gradient of the value
  // d + 1 steps before step i.
  for (unsigned state = 0; state < numStates; ++state) {
    ArrayRef<int64_t> taps = op.getStateTaps(state);
    int64_t k = op.getInitRows(state);
    Block::BlockArgListType tapArguments = op.getStateArguments(state);
    unsigned first = tapArguments.front().getArgNumber();
    Value like = forwardArguments[first];
    SmallVector<Value> rows;
    for (int64_t d = 0; d < k; ++d) {
      Value part = d + 1 < k ? ib.row(windows[state], d + 1) : Value();
      const int64_t *tap = llvm::find(taps, -(d + 1));
      if (tap != taps.end()) {
        if (Value grad = argumentGrads[first + (tap - taps.begin())]) {
          grad = ib.asTypeOf(grad, like);
          part = part ? ib.add(part, grad) : grad;
        }
      }
      rows.push_back(
          asOneRow(ib, part ? ib.asTypeOf(part, like) : ib.zerosLike(like)));
    }
    yielded.push_back(ib.asTypeOf(ib.concatenate(rows, 0), windows[state]));
  }
  for (auto [sum, grad] : llvm::zip(sums, capturedGrads))
    yielded.push_back(grad ? ib.add(sum, ib.asTypeOf(grad, sum)) : sum);
  for (BlockArgument row : op.getSequenceArguments()) {
    Value argument = forwardArguments[row.getArgNumber()];
    Value grad = argumentGrads[row.getArgNumber()];
    yielded.push_back(grad ? ib.asTypeOf(grad, argument)
                           : ib.zerosLike(argument));
  }
  YieldOp::create(inner, loc, yielded);
  return success();
}

/// `op` with every result keeping its history: the forward values the
/// backward scan reads (the op itself when it already keeps them all).
ScanOp withHistories(OpBuilder &builder, ScanOp op) {
  if (llvm::all_of(op.getKeepAttr(), [](Attribute keep) {
        return cast<StringAttr>(keep).getValue() == ScanOp::kKeepAll;
      }))
    return op;
  SmallVector<Type> types;
  for (auto [index, result] : llvm::enumerate(op.getResults()))
    types.push_back(op.getKeep(index) == ScanOp::kKeepAll
                        ? result.getType()
                        : stackedTypeOf(result.getType()));
  SmallVector<Attribute> keep(op.getNumResults(),
                              builder.getStringAttr(ScanOp::kKeepAll));
  auto twin = ScanOp::create(builder, op.getLoc(), types, op.getNSteps(),
                             op.getSequences(), op.getInitialStates(),
                             op.getTaps(), builder.getArrayAttr(keep),
                             op.getUntil(), op.getTruncateGradient());
  IRMapping mapping;
  op.getBody().cloneInto(&twin.getBody(), mapping);
  return twin;
}

} // namespace

/// Backpropagation through time: a backward scan over the steps run, from
/// the last back, that reads the stored states and step values and computes
/// each step's other values again (docs/design/control-flow.md).
LogicalResult ScanOp::buildGradients(OpBuilder &builder, ValueRange resultGrads,
                                     SmallVectorImpl<Value> &grads,
                                     RegionDifferentiator &regions) {
  ScanOp forward = withHistories(builder, *this);
  return BackpropagationThroughTime(builder, *this, forward, resultGrads,
                                    regions)
      .build(grads);
}
