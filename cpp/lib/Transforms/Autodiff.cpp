//===- Autodiff.cpp - Reverse mode over the derivative rules --------------===//
//
// The generic reverse-mode pass: it knows no op, only DifferentiableOpInterface.
// For a gradient op, the ops between its cost and its `wrt` values are walked
// backwards from the cost, each op's rule turning its results' gradients into
// its operands', which accumulate where values fan out.
//
//===----------------------------------------------------------------------===//

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
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
/// comes after the ops it uses (across regions too).
SetVector<Operation *> computedFrom(ValueRange roots) {
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.omitUsesFromAbove = false;
  for (Value root : roots)
    if (Operation *def = root.getDefiningOp()) {
      (void)getBackwardSlice(def, &slice, options);
      slice.insert(def);
    }
  return topologicalSort(slice);
}

/// Emits the backward code of `grad` at its position and replaces it.
LogicalResult expand(GradOp grad) {
  OpBuilder b(grad);
  Location loc = grad.getLoc();
  SmallVector<Value> roots(grad.getKnownValues());
  if (grad.getCost())
    roots.push_back(grad.getCost());
  SetVector<Operation *> slice = computedFrom(roots);

  // The ops on a path from a wrt value to a root: those using a wrt value or
  // a result of such an op (constants stop the flow).
  DenseSet<Value> constants(grad.getConstants().begin(),
                            grad.getConstants().end());
  DenseSet<Value> reached(grad.getWrt().begin(), grad.getWrt().end());
  SmallVector<Operation *> path;
  for (Operation *op : slice) {
    bool onPath = llvm::any_of(op->getOperands(), [&](Value operand) {
      return reached.contains(operand) && !constants.contains(operand);
    });
    if (!onPath)
      continue;
    path.push_back(op);
    for (Value result : op->getResults())
      if (!constants.contains(result))
        reached.insert(result);
  }

  // Gradients flow from the roots back along the path.
  DenseMap<Value, Value> gradients;
  auto accumulate = [&](Value value, Value gradient) {
    Value &sum = gradients[value];
    sum = sum ? AddOp::create(b, loc, ValueRange{sum, gradient}).getResult()
              : gradient;
  };
  if (Value cost = grad.getCost()) {
    auto type = cast<RankedTensorType>(cost.getType());
    accumulate(cost, arith::ConstantOp::create(
                         b, loc,
                         DenseElementsAttr::get(
                             type, b.getFloatAttr(type.getElementType(), 1.0))));
  }
  for (auto [value, known] :
       llvm::zip(grad.getKnownValues(), grad.getKnownGrads()))
    accumulate(value, known);

  for (Operation *op : llvm::reverse(path)) {
    SmallVector<Value> resultGrads;
    bool any = false;
    for (Value result : op->getResults()) {
      Value gradient = isFloatTensor(result) ? gradients.lookup(result) : Value();
      resultGrads.push_back(gradient);
      any |= static_cast<bool>(gradient);
    }
    if (!any)
      continue;
    auto rule = dyn_cast<DifferentiableOpInterface>(op);
    if (!rule)
      return op->emitError("'")
             << op->getName()
             << "' has no derivative rule, but the gradient at "
             << grad.getLoc() << " flows through it";
    SmallVector<Value> operandGrads;
    rule.buildGradients(b, resultGrads, operandGrads);
    for (auto [operand, gradient] :
         llvm::zip(op->getOperands(), operandGrads))
      if (gradient && isFloatTensor(operand) && reached.contains(operand) &&
          !constants.contains(operand))
        accumulate(operand, gradient);
  }

  // Each wrt value's gradient has its type; a value the roots do not depend
  // on gets zeros.
  SmallVector<Value> results;
  for (Value wrt : grad.getWrt()) {
    Value gradient = gradients.lookup(wrt);
    auto type = cast<RankedTensorType>(wrt.getType());
    if (!gradient) {
      Value zero = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(RankedTensorType::get({}, type.getElementType()),
                                 b.getZeroAttr(type.getElementType())));
      SmallVector<Value> sizes;
      for (int64_t dim = 0; dim < type.getRank(); ++dim)
        sizes.push_back(ShapeIOp::create(b, loc, wrt, dim));
      gradient = AllocOp::create(b, loc, type, zero, sizes);
    }
    if (gradient.getType() != type)
      gradient = tensor::CastOp::create(b, loc, type, gradient);
    results.push_back(gradient);
  }
  grad.replaceAllUsesWith(results);
  grad.erase();
  return success();
}

/// Whether a gradient op is among the ops `grad`'s roots are computed from.
bool dependsOnGradients(GradOp grad) {
  SmallVector<Value> roots(grad.getKnownValues());
  if (grad.getCost())
    roots.push_back(grad.getCost());
  return llvm::any_of(computedFrom(roots),
                      [](Operation *op) { return isa<GradOp>(op); });
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
