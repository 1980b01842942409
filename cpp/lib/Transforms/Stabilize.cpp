//===- Stabilize.cpp - Numerically stable forms of literal formulas -------===//
//
// Theano's stability rewrites: formulas as users write them (log(1 + x),
// 1 / (1 + exp(-x)), exp(x) / sum(exp(x)), ...) become the ops that compute
// the same function without overflow, cancellation or NaN. The pass runs
// before `tessera-autodiff`, so that gradients are taken of the stable forms,
// and after it, on what the derivative rules built. Before autodiff a rewrite
// leaves alone every value a gradient op refers to (isGradientPoint): the
// gradient must stay that of the graph the user wrote.
//
// Each pattern is named (its debug name) so that `disable-patterns` can
// leave it out, as DEBUG_MODE's bisection does.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/Matchers.h"
#include "tessera/Dialect/TesseraDialect.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERASTABILIZE
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

bool hasFloatElements(Value value) {
  return isa<FloatType>(cast<RankedTensorType>(value.getType()).getElementType());
}

/// The operand of a two-operand `add` other than the splat `number`, when it
/// has the sum's type (so that dropping the constant changes no shape).
Value otherThanSplat(AddOp add, double number) {
  if (!add || add.getInputs().size() != 2)
    return {};
  for (int i = 0; i < 2; ++i)
    if (isSplatOf(add.getInputs()[i], number) &&
        add.getInputs()[1 - i].getType() == add.getType())
      return add.getInputs()[1 - i];
  return {};
}

/// `r` when `value` is `number - r` with `r` of the difference's type.
Value subtractedFromSplat(Value value, double number) {
  auto sub = value.getDefiningOp<SubOp>();
  if (!sub || !isSplatOf(sub.getLhs(), number) ||
      sub.getRhs().getType() != sub.getType())
    return {};
  return sub.getRhs();
}

/// A stability rewrite rooted at `OpTy`, named for DEBUG_MODE's bisection.
template <typename OpTy>
struct StabilityPattern : public OpRewritePattern<OpTy> {
  StabilityPattern(MLIRContext *context, StringRef name)
      : OpRewritePattern<OpTy>(context) {
    this->setDebugName(name);
  }
};

// log(1 + x) -> log1p(x): exact for tiny x, where 1 + x rounds to 1.
struct LogOfOnePlus : public StabilityPattern<LogOp> {
  LogOfOnePlus(MLIRContext *context) : StabilityPattern(context, "LogOfOnePlus") {}
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    auto add = op.getX().getDefiningOp<AddOp>();
    Value x = otherThanSplat(add, 1.0);
    if (!x || !hasFloatElements(x) || anyGradientPoint({op.getX()}))
      return failure();
    rewriter.replaceOpWithNewOp<Log1pOp>(op, x);
    return success();
  }
};

// log(1 - x) -> log1p(-x).
struct LogOfOneMinus : public StabilityPattern<LogOp> {
  LogOfOneMinus(MLIRContext *context) : StabilityPattern(context, "LogOfOneMinus") {}
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    Value x = subtractedFromSplat(op.getX(), 1.0);
    if (!x || !hasFloatElements(x) || anyGradientPoint({op.getX()}))
      return failure();
    rewriter.replaceOpWithNewOp<Log1pOp>(op, NegOp::create(rewriter, op.getLoc(), x));
    return success();
  }
};

// exp(x) - 1 -> expm1(x), and exp(x) + -1.
struct ExpMinusOne : public StabilityPattern<SubOp> {
  ExpMinusOne(MLIRContext *context) : StabilityPattern(context, "ExpMinusOne") {}
  LogicalResult matchAndRewrite(SubOp op, PatternRewriter &rewriter) const override {
    auto exp = op.getLhs().getDefiningOp<ExpOp>();
    if (!exp || !isSplatOf(op.getRhs(), 1.0) || exp.getType() != op.getType() ||
        !hasFloatElements(exp) || anyGradientPoint({exp}))
      return failure();
    rewriter.replaceOpWithNewOp<Expm1Op>(op, exp.getX());
    return success();
  }
};
struct ExpPlusMinusOne : public StabilityPattern<AddOp> {
  ExpPlusMinusOne(MLIRContext *context) : StabilityPattern(context, "ExpPlusMinusOne") {}
  LogicalResult matchAndRewrite(AddOp op, PatternRewriter &rewriter) const override {
    Value other = otherThanSplat(op, -1.0);
    auto exp = other ? other.getDefiningOp<ExpOp>() : ExpOp();
    if (!exp || !hasFloatElements(exp) || anyGradientPoint({exp}))
      return failure();
    rewriter.replaceOpWithNewOp<Expm1Op>(op, exp.getX());
    return success();
  }
};

/// `e` when `value` is 1 + exp(e) with everything of one type.
Value exponentOfOnePlusExp(Value value) {
  Value other = otherThanSplat(value.getDefiningOp<AddOp>(), 1.0);
  auto exp = other ? other.getDefiningOp<ExpOp>() : ExpOp();
  if (!exp || !hasFloatElements(exp) || anyGradientPoint({value, exp}))
    return {};
  return exp.getX();
}

// 1 / (1 + exp(e)) -> sigmoid(-e) (canonicalization then removes a double
// negation: 1 / (1 + exp(-x)) is sigmoid(x)).
struct ReciprocalOfOnePlusExp : public StabilityPattern<TrueDivOp> {
  ReciprocalOfOnePlusExp(MLIRContext *context)
      : StabilityPattern(context, "ReciprocalOfOnePlusExp") {}
  LogicalResult matchAndRewrite(TrueDivOp op, PatternRewriter &rewriter) const override {
    if (!isSplatOf(op.getLhs(), 1.0) || op.getRhs().getType() != op.getType())
      return failure();
    Value exponent = exponentOfOnePlusExp(op.getRhs());
    if (!exponent)
      return failure();
    rewriter.replaceOpWithNewOp<SigmoidOp>(op, NegOp::create(rewriter, op.getLoc(), exponent));
    return success();
  }
};
struct InverseOfOnePlusExp : public StabilityPattern<InvOp> {
  InverseOfOnePlusExp(MLIRContext *context)
      : StabilityPattern(context, "InverseOfOnePlusExp") {}
  LogicalResult matchAndRewrite(InvOp op, PatternRewriter &rewriter) const override {
    Value exponent = exponentOfOnePlusExp(op.getX());
    if (!exponent)
      return failure();
    rewriter.replaceOpWithNewOp<SigmoidOp>(op, NegOp::create(rewriter, op.getLoc(), exponent));
    return success();
  }
};

// log(sigmoid(x)) -> -softplus(-x): finite where sigmoid(x) underflows to 0.
struct LogOfSigmoid : public StabilityPattern<LogOp> {
  LogOfSigmoid(MLIRContext *context) : StabilityPattern(context, "LogOfSigmoid") {}
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    auto sigmoid = op.getX().getDefiningOp<SigmoidOp>();
    if (!sigmoid || anyGradientPoint({sigmoid}))
      return failure();
    GradientBuilder b(rewriter, op.getLoc());
    rewriter.replaceOp(op, b.neg(SoftplusOp::create(rewriter, op.getLoc(),
                                                    b.neg(sigmoid.getX()))));
    return success();
  }
};

// log1p(-sigmoid(x)) -> -softplus(x): finite where sigmoid(x) rounds to 1.
// (log(1 - sigmoid(x)) becomes log1p(-sigmoid(x)) first.)
struct Log1pOfMinusSigmoid : public StabilityPattern<Log1pOp> {
  Log1pOfMinusSigmoid(MLIRContext *context)
      : StabilityPattern(context, "Log1pOfMinusSigmoid") {}
  LogicalResult matchAndRewrite(Log1pOp op, PatternRewriter &rewriter) const override {
    auto neg = op.getX().getDefiningOp<NegOp>();
    auto sigmoid = neg ? neg.getX().getDefiningOp<SigmoidOp>() : SigmoidOp();
    if (!sigmoid || anyGradientPoint({neg, sigmoid}))
      return failure();
    rewriter.replaceOpWithNewOp<NegOp>(
        op, SoftplusOp::create(rewriter, op.getLoc(), sigmoid.getX()));
    return success();
  }
};

// log1p(exp(x)) -> softplus(x): no overflow for large x. (log(1 + exp(x))
// becomes log1p(exp(x)) first.)
struct Log1pOfExp : public StabilityPattern<Log1pOp> {
  Log1pOfExp(MLIRContext *context) : StabilityPattern(context, "Log1pOfExp") {}
  LogicalResult matchAndRewrite(Log1pOp op, PatternRewriter &rewriter) const override {
    auto exp = op.getX().getDefiningOp<ExpOp>();
    if (!exp || anyGradientPoint({exp}))
      return failure();
    rewriter.replaceOpWithNewOp<SoftplusOp>(op, exp.getX());
    return success();
  }
};

// log(softmax(x)) -> logsoftmax(x).
struct LogOfSoftmax : public StabilityPattern<LogOp> {
  LogOfSoftmax(MLIRContext *context) : StabilityPattern(context, "LogOfSoftmax") {}
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    auto softmax = op.getX().getDefiningOp<SoftmaxOp>();
    if (!softmax || anyGradientPoint({softmax}))
      return failure();
    rewriter.replaceOpWithNewOp<LogSoftmaxOp>(op, softmax.getX(), softmax.getAxis());
    return success();
  }
};

/// The axis along which `value` sums `summed`, kept as a size-1 dimension
/// (by keepdims, or re-inserted in place by a dimshuffle).
std::optional<int64_t> keptSumAxis(Value value, Value summed) {
  auto shuffle = value.getDefiningOp<DimShuffleOp>();
  auto sum = (shuffle ? shuffle.getX() : value).getDefiningOp<SumOp>();
  if (!sum || sum.getAxes().size() != 1 || !computeSame(sum.getX(), summed))
    return std::nullopt;
  int64_t axis = sum.getAxes()[0];
  if (!shuffle)
    return sum.getKeepdims() ? std::optional(axis) : std::nullopt;
  if (sum.getKeepdims())
    return std::nullopt;
  // The pattern must be the identity with -1 at `axis`.
  ArrayRef<int64_t> pattern = shuffle.getPattern();
  for (auto [i, entry] : llvm::enumerate(pattern)) {
    int64_t expected = int64_t(i) < axis ? int64_t(i) : int64_t(i) - 1;
    if (int64_t(i) == axis ? entry != -1 : entry != expected)
      return std::nullopt;
  }
  return axis;
}

// exp(x) / sum(exp(x), axis) -> softmax(x, axis), and exp(x - max(x)) /
// sum(exp(x - max(x)), axis) likewise: no overflow, no 0/0.
struct ExpOverSumOfExp : public StabilityPattern<TrueDivOp> {
  ExpOverSumOfExp(MLIRContext *context) : StabilityPattern(context, "ExpOverSumOfExp") {}
  LogicalResult matchAndRewrite(TrueDivOp op, PatternRewriter &rewriter) const override {
    auto exp = op.getLhs().getDefiningOp<ExpOp>();
    if (!exp || exp.getType() != op.getType() || !hasFloatElements(exp))
      return failure();
    std::optional<int64_t> axis = keptSumAxis(op.getRhs(), exp);
    if (!axis || anyGradientPoint({exp, op.getRhs()}))
      return failure();
    Value x = getMaxShiftedInput(exp.getX());
    if (!x || x.getType() != exp.getType())
      x = exp.getX();
    rewriter.replaceOpWithNewOp<SoftmaxOp>(op, x, *axis);
    return success();
  }
};

// log(sum(exp(x), axes)) -> m + log(sum(exp(x - m), axes)) with m the
// maximum along the axes (0 where it is infinite, as exp(x - m) would be
// NaN there): no overflow and no log(0) for very negative rows. m carries no
// gradient (the result does not depend on it).
struct LogSumExp : public StabilityPattern<LogOp> {
  LogSumExp(MLIRContext *context) : StabilityPattern(context, "LogSumExp") {}
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    auto sum = op.getX().getDefiningOp<SumOp>();
    auto exp = sum ? sum.getX().getDefiningOp<ExpOp>() : ExpOp();
    if (!exp || !hasFloatElements(exp) || getMaxShiftedInput(exp.getX()) ||
        anyGradientPoint({sum, exp}))
      return failure();
    Location loc = op.getLoc();
    GradientBuilder b(rewriter, loc);
    Value x = exp.getX();
    ArrayRef<int64_t> axes = sum.getAxes();
    Value max = MaxOp::create(rewriter, loc, x, axes, /*keepdims=*/true);
    Value shift = ZeroGradOp::create(
        rewriter, loc,
        b.select(IsInfOp::create(rewriter, loc, max), b.constant(max, 0.0), max));
    Value total = SumOp::create(rewriter, loc, b.exp(b.sub(x, shift)), axes,
                                sum.getKeepdims());
    if (!sum.getKeepdims()) {
      SmallVector<int64_t> kept;
      for (int64_t dim = 0, rank = exp.getType().getRank(); dim < rank; ++dim)
        if (!llvm::is_contained(axes, dim))
          kept.push_back(dim);
      shift = b.dimshuffle(shift, kept);
    }
    rewriter.replaceOp(op, b.add(shift, b.log(total)));
    return success();
  }
};

// crossentropy_categorical_1hot(softmax(x), labels) ->
// crossentropy_softmax_1hot(x, labels): the loss from x, never log(0).
struct CrossentropyOfSoftmax
    : public StabilityPattern<CrossentropyCategorical1HotOp> {
  CrossentropyOfSoftmax(MLIRContext *context)
      : StabilityPattern(context, "CrossentropyOfSoftmax") {}
  LogicalResult matchAndRewrite(CrossentropyCategorical1HotOp op,
                                PatternRewriter &rewriter) const override {
    auto softmax = op.getX().getDefiningOp<SoftmaxOp>();
    if (!softmax || softmax.getAxis() != softmax.getType().getRank() - 1 ||
        anyGradientPoint({softmax}))
      return failure();
    rewriter.replaceOpWithNewOp<CrossentropySoftmax1HotOp>(op, softmax.getX(),
                                                           op.getLabels());
    return success();
  }
};

// A deliberately wrong rewrite, log1p(x) -> log(x), added only by the
// `test-broken-rewrite` option: DEBUG_MODE's test shows that the mode names
// the rewrite that changed a result.
struct TestBrokenRewrite : public StabilityPattern<Log1pOp> {
  TestBrokenRewrite(MLIRContext *context)
      : StabilityPattern(context, "TestBrokenRewrite") {}
  LogicalResult matchAndRewrite(Log1pOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LogOp>(op, op.getX());
    return success();
  }
};

struct StabilizePass
    : public tessera::impl::TesseraStabilizeBase<StabilizePass> {
  using TesseraStabilizeBase::TesseraStabilizeBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    set.add<LogOfOnePlus, LogOfOneMinus, ExpMinusOne, ExpPlusMinusOne,
            ReciprocalOfOnePlusExp, InverseOfOnePlusExp, LogOfSigmoid,
            Log1pOfMinusSigmoid, Log1pOfExp, LogOfSoftmax, ExpOverSumOfExp, LogSumExp,
            CrossentropyOfSoftmax>(context);
    if (testBrokenRewrite)
      set.add<TestBrokenRewrite>(context);
    patterns = FrozenRewritePatternSet(std::move(set), disabledPatterns,
                                       enabledPatterns);
    return success();
  }

  void runOnOperation() override {
    // Folding would merge values before autodiff; the simplification
    // passes do it.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    if (failed(applyPatternsGreedily(getOperation(), patterns, config)))
      signalPassFailure();
  }

  FrozenRewritePatternSet patterns;
};

} // namespace
