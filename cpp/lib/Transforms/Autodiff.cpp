//===- Autodiff.cpp - Reverse mode over the derivative rules --------------===//
//
// The generic reverse-mode pass: it knows no op, only
// DifferentiableOpInterface. For a gradient op, the ops between its cost and
// its `wrt` values are walked backwards from the cost, each op's rule turning
// its results' gradients into its operands', which accumulate where values fan
// out.
//
//===----------------------------------------------------------------------===//

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAAUTODIFF
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// The ops the values `roots` are computed from, in an order where each op
/// comes after the ops it uses (across regions too). Block arguments are
/// leaves: a gradient inside a region (a scan's step) differentiates that
/// region's values, never the op that holds it.
SetVector<Operation *> computedFrom(ValueRange roots) {
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.omitUsesFromAbove = false;
  options.omitBlockArguments = true;
  for (Value root : roots)
    if (Operation *def = root.getDefiningOp()) {
      (void)getBackwardSlice(def, &slice, options);
      slice.insert(def);
    }
  return topologicalSort(slice);
}

/// Reverse mode over a topologically ordered slice of ops: gradients flow from
/// the seeded values back to the sources, each op's derivative rule turning
/// its results' gradients into its operands'. It is also the handle through
/// which region ops' rules differentiate their blocks (nested runs add the
/// gradients of values captured from above to the enclosing run).
class Backpropagation : public RegionDifferentiator {
public:
  Backpropagation(OpBuilder &builder, Location loc,
                  const DenseSet<Value> &constants)
      : builder(builder), loc(loc), constants(constants) {}

  void accumulate(Value value, Value gradient) {
    Value &sum = gradients[value];
    sum =
        sum ? AddOp::create(builder, loc, ValueRange{sum, gradient}).getResult()
            : gradient;
  }

  Value gradientOf(Value value) const { return gradients.lookup(value); }

  /// Propagates the seeded gradients back through the ops of `slice` that
  /// depend on `sources`, which end up with their gradients.
  LogicalResult run(ArrayRef<Operation *> slice,
                    const DenseSet<Value> &sources) {
    reached = sources;
    SmallVector<Operation *> path;
    for (Operation *op : slice) {
      SetVector<Value> used(op->operand_begin(), op->operand_end());
      getUsedValuesDefinedAbove(op->getRegions(), used);
      if (!llvm::any_of(used, [&](Value value) { return flowsFrom(value); }))
        continue;
      path.push_back(op);
      for (Value result : op->getResults())
        reached.insert(result);
    }
    for (Operation *op : llvm::reverse(path)) {
      SmallVector<Value> resultGrads;
      bool any = false;
      for (Value result : op->getResults()) {
        Value gradient =
            isFloatTensor(result) ? gradients.lookup(result) : Value();
        resultGrads.push_back(gradient);
        any |= static_cast<bool>(gradient);
      }
      if (!any)
        continue;
      auto rule = dyn_cast<DifferentiableOpInterface>(op);
      if (!rule)
        return op->emitError("'")
               << op->getName()
               << "' has no derivative rule, but the gradient at " << loc
               << " flows through it";
      SmallVector<Value> operandGrads;
      if (failed(
              rule.buildGradients(builder, resultGrads, operandGrads, *this)))
        return failure();
      for (auto [operand, gradient] :
           llvm::zip(op->getOperands(), operandGrads))
        if (gradient && isFloatTensor(operand) && flowsFrom(operand))
          accumulate(operand, gradient);
    }
    return success();
  }

  SmallVector<Value> capturedValuesToDifferentiate(Region &region) override {
    SetVector<Value> used;
    getUsedValuesDefinedAbove(region, used);
    SmallVector<Value> captured;
    for (Value value : used)
      if (isFloatTensor(value) && flowsFrom(value))
        captured.push_back(value);
    return captured;
  }

  LogicalResult differentiate(OpBuilder &regionBuilder, Block &block,
                              ValueRange arguments, ValueRange terminatorGrads,
                              ValueRange captured,
                              SmallVectorImpl<Value> &argumentGrads,
                              SmallVectorImpl<Value> &capturedGrads,
                              ValueRange storedTerminatorValues) override {
    // A copy of the block computes its forward values again there.
    IRMapping mapping;
    mapping.map(block.getArguments(), arguments);
    SmallVector<Operation *> copies;
    for (Operation &op : block.without_terminator())
      copies.push_back(regionBuilder.clone(op, mapping));
    Backpropagation nested(regionBuilder, loc, constants);
    for (auto [value, gradient] :
         llvm::zip(block.getTerminator()->getOperands(), terminatorGrads))
      if (gradient && isFloatTensor(value))
        nested.accumulate(mapping.lookupOrDefault(value), gradient);
    DenseSet<Value> sources(reached.begin(), reached.end());
    sources.insert(arguments.begin(), arguments.end());
    if (failed(nested.run(copies, sources)))
      return failure();
    argumentGrads.clear();
    for (Value argument : arguments)
      argumentGrads.push_back(nested.gradientOf(argument));
    capturedGrads.clear();
    for (Value value : captured)
      capturedGrads.push_back(nested.gradientOf(value));

    // Forward and backward code read the stored values, so what computed
    // them again is dead (the backward code of the copy is built first: its
    // rules refer to the copy's results).
    for (auto [value, stored] : llvm::zip(block.getTerminator()->getOperands(),
                                          storedTerminatorValues)) {
      // Only values the block computes were copied (not its arguments, nor
      // values from above).
      if (!stored || isa<BlockArgument>(value) ||
          value.getParentBlock() != &block)
        continue;
      Value copy = mapping.lookup(value);
      Operation *producer = copy.getDefiningOp();
      if (stored.getType() != copy.getType()) {
        OpBuilder::InsertionGuard guard(regionBuilder);
        regionBuilder.setInsertionPointAfter(producer);
        stored = ReshapeOp::create(regionBuilder, loc, copy.getType(), stored,
                                   ShapeOp::create(regionBuilder, loc, stored));
      }
      copy.replaceAllUsesWith(stored);
    }
    return success();
  }

  void addGradient(Value value, Value gradient) override {
    if (flowsFrom(value))
      accumulate(value, gradient);
  }

private:
  bool flowsFrom(Value value) const {
    return reached.contains(value) && !constants.contains(value);
  }

  OpBuilder &builder;
  Location loc;
  const DenseSet<Value> &constants;
  DenseMap<Value, Value> gradients;
  DenseSet<Value> reached;
};

/// Emits the backward code of `grad` at its position and replaces it.
LogicalResult expand(GradOp grad) {
  OpBuilder b(grad);
  Location loc = grad.getLoc();
  SmallVector<Value> roots(grad.getKnownValues());
  if (grad.getCost())
    roots.push_back(grad.getCost());
  DenseSet<Value> constants(grad.getConstants().begin(),
                            grad.getConstants().end());
  Backpropagation backward(b, loc, constants);
  if (Value cost = grad.getCost()) {
    auto type = cast<RankedTensorType>(cost.getType());
    backward.accumulate(
        cost, arith::ConstantOp::create(
                  b, loc,
                  DenseElementsAttr::get(
                      type, b.getFloatAttr(type.getElementType(), 1.0))));
  }
  for (auto [value, known] :
       llvm::zip(grad.getKnownValues(), grad.getKnownGrads()))
    backward.accumulate(value, known);
  DenseSet<Value> sources(grad.getWrt().begin(), grad.getWrt().end());
  if (failed(backward.run(computedFrom(roots).getArrayRef(), sources)))
    return failure();

  // Each wrt value's gradient has its type; a value the roots do not depend
  // on gets zeros.
  SmallVector<Value> results;
  for (Value wrt : grad.getWrt()) {
    Value gradient = backward.gradientOf(wrt);
    if (!gradient)
      gradient = GradientBuilder(b, loc).zerosLike(wrt);
    // A gradient less static than its value takes the value's type.
    results.push_back(GradientBuilder(b, loc).asTypeOf(gradient, wrt));
  }
  grad.replaceAllUsesWith(results);
  grad.erase();
  return success();
}

/// Whether a gradient op is among the ops `grad`'s roots are computed from,
/// or inside their regions.
bool dependsOnGradients(GradOp grad) {
  SmallVector<Value> roots(grad.getKnownValues());
  if (grad.getCost())
    roots.push_back(grad.getCost());
  return llvm::any_of(computedFrom(roots), [](Operation *op) {
    return op->walk([](GradOp) { return WalkResult::interrupt(); })
        .wasInterrupted();
  });
}

struct TesseraAutodiffPass
    : public mlir::tessera::impl::TesseraAutodiffBase<TesseraAutodiffPass> {
  void runOnOperation() override {
    // Innermost first: a gradient expands once the ops its cost is computed
    // from hold no gradient op.
    while (true) {
      SmallVector<GradOp> pending;
      getOperation()->walk([&](GradOp grad) { pending.push_back(grad); });
      if (pending.empty())
        return;
      auto ready = llvm::find_if(
          pending, [](GradOp grad) { return !dependsOnGradients(grad); });
      if (ready == pending.end()) {
        pending.front().emitError("gradient ops depend on each other in a "
                                  "cycle");
        return signalPassFailure();
      }
      if (failed(expand(*ready)))
        return signalPassFailure();
    }
  }
};

} // namespace
