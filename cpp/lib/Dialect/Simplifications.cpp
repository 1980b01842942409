//===- Simplifications.cpp - Algebraic canonicalization of tessera ops ----===//
//
// The dialect's canonicalization patterns that need more than a declarative
// pattern: neutral and absorbing elements, x - x and x / x, exp/log pairs,
// signs moved into subtractions, reshape chains, sums over broadcast values
// and powers by small constants. As Theano's canonicalizations, they treat
// floats as real numbers: x * 0 and x - x are 0 and x / x is 1 even where x
// is infinite or NaN. Constant folding is in ConstantFolding.cpp.
//
//===----------------------------------------------------------------------===//

#include "tessera/Dialect/GradientBuilder.h"
#include "tessera/Dialect/Matchers.h"
#include "tessera/Dialect/TesseraDialect.h"

using namespace mlir;
using namespace mlir::tessera;

namespace {

bool isRealFloat(Type type) {
  return isa<FloatType>(cast<RankedTensorType>(type).getElementType());
}

/// Integers or real floats: the types whose constants `splatLike` builds.
bool isRealOrInteger(Type type) {
  Type element = cast<RankedTensorType>(type).getElementType();
  return isa<FloatType>(element) ||
         (isa<IntegerType>(element) && !element.isInteger(1));
}

/// A splat `number` of `like`'s type (static or not), built from `like`'s
/// run-time sizes where they are dynamic.
Value splatLike(PatternRewriter &rewriter, Location loc, Value like, double number) {
  auto type = cast<RankedTensorType>(like.getType());
  Type element = type.getElementType();
  TypedAttr scalar = isa<FloatType>(element)
                         ? TypedAttr(rewriter.getFloatAttr(element, number))
                         : TypedAttr(rewriter.getIntegerAttr(element, int64_t(number)));
  if (type.hasStaticShape())
    return arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(type, scalar));
  Value value = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(RankedTensorType::get({}, element), scalar));
  SmallVector<Value> sizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    sizes.push_back(ShapeIOp::create(rewriter, loc, like, dim));
  return AllocOp::create(rewriter, loc, type, value, sizes);
}

/// The operands of a variadic add or mul other than the splats `neutral`,
/// when leaving those out changes no type; fails when there are none.
template <typename OpTy>
struct DropNeutralOperands : public OpRewritePattern<OpTy> {
  DropNeutralOperands(MLIRContext *context, double neutral)
      : OpRewritePattern<OpTy>(context), neutral(neutral) {}
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    SmallVector<Value> kept;
    for (Value input : op.getInputs())
      if (!isSplatOf(input, neutral))
        kept.push_back(input);
    if (kept.size() == op.getInputs().size() || kept.empty())
      return failure();
    // What remains must still have the result's type.
    SmallVector<Type> inferred;
    if (failed(inferElementwiseType(op.getLoc(), op->getName().getStringRef(),
                                    ValueRange(kept).getTypes(), inferred, Type())) ||
        inferred[0] != op.getType())
      return failure();
    if (kept.size() == 1)
      rewriter.replaceOp(op, kept[0]);
    else
      rewriter.replaceOpWithNewOp<OpTy>(op, kept);
    return success();
  }
  double neutral;
};

// x * 0 -> 0 (as Theano, also for floats).
struct MulByZero : public OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op, PatternRewriter &rewriter) const override {
    if (!llvm::any_of(op.getInputs(), [](Value v) { return isSplatOf(v, 0.0); }) ||
        !isRealOrInteger(op.getType()))
      return failure();
    // The zeros take their shape from an operand of the product's type.
    auto shaped = llvm::find_if(op.getInputs(),
                                [&](Value v) { return v.getType() == op.getType(); });
    if (shaped == op.getInputs().end())
      return failure();
    rewriter.replaceOp(op, splatLike(rewriter, op.getLoc(), *shaped, 0.0));
    return success();
  }
};

// x - 0 -> x, x / 1 -> x, x ** 1 -> x: where x has the result's type.
template <typename OpTy>
struct RightNeutral : public OpRewritePattern<OpTy> {
  RightNeutral(MLIRContext *context, double neutral)
      : OpRewritePattern<OpTy>(context), neutral(neutral) {}
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (!isSplatOf(op.getRhs(), neutral) || op.getLhs().getType() != op.getType())
      return failure();
    rewriter.replaceOp(op, op.getLhs());
    return success();
  }
  double neutral;
};

// x - x -> 0 and x / x -> 1, for the same x (Theano's).
template <typename OpTy>
struct SelfCancellation : public OpRewritePattern<OpTy> {
  SelfCancellation(MLIRContext *context, double result)
      : OpRewritePattern<OpTy>(context), result(result) {}
  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    if (!computeSame(op.getLhs(), op.getRhs()) || op.getLhs().getType() != op.getType() ||
        !isRealOrInteger(op.getType()))
      return failure();
    rewriter.replaceOp(op, splatLike(rewriter, op.getLoc(), op.getLhs(), result));
    return success();
  }
  double result;
};

// exp(log(x)) -> x and log(exp(x)) -> x, for real x.
template <typename OuterOp, typename InnerOp>
struct InversePair : public OpRewritePattern<OuterOp> {
  using OpRewritePattern<OuterOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(OuterOp op, PatternRewriter &rewriter) const override {
    auto inner = op.getX().template getDefiningOp<InnerOp>();
    if (!inner || !isRealFloat(op.getType()))
      return failure();
    rewriter.replaceOp(op, inner.getX());
    return success();
  }
};

// -(a - b) -> b - a.
struct NegOfSub : public OpRewritePattern<NegOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(NegOp op, PatternRewriter &rewriter) const override {
    auto sub = op.getX().getDefiningOp<SubOp>();
    if (!sub)
      return failure();
    rewriter.replaceOpWithNewOp<SubOp>(op, sub.getRhs(), sub.getLhs());
    return success();
  }
};

// a - (-b) -> a + b.
struct SubOfNeg : public OpRewritePattern<SubOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SubOp op, PatternRewriter &rewriter) const override {
    auto neg = op.getRhs().getDefiningOp<NegOp>();
    if (!neg)
      return failure();
    rewriter.replaceOpWithNewOp<AddOp>(op, ValueRange{op.getLhs(), neg.getX()});
    return success();
  }
};

// a + (-b) -> a - b (two operands).
struct AddOfNeg : public OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp op, PatternRewriter &rewriter) const override {
    if (op.getInputs().size() != 2)
      return failure();
    for (int i = 0; i < 2; ++i)
      if (auto neg = op.getInputs()[i].getDefiningOp<NegOp>()) {
        rewriter.replaceOpWithNewOp<SubOp>(op, op.getInputs()[1 - i], neg.getX());
        return success();
      }
    return failure();
  }
};

// reshape(reshape(x, s1), s2) -> reshape(x, s2); a reshape to x's own
// static type is x.
struct ReshapeChain : public OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op, PatternRewriter &rewriter) const override {
    if (op.getX().getType() == op.getType() && op.getType().hasStaticShape()) {
      rewriter.replaceOp(op, op.getX());
      return success();
    }
    auto inner = op.getX().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    // The one reshape must still be allowed its declared type (which may be
    // less static than what its operands now tell).
    SmallVector<Type> inferred;
    SmallVector<Value> operands{inner.getX(), op.getShape()};
    if (failed(ReshapeOp::inferReturnTypes(getContext(), op.getLoc(),
                                           ReshapeOp::Adaptor(ValueRange(operands)), inferred)) ||
        !ReshapeOp::isCompatibleReturnTypes(inferred, op->getResultTypes()))
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getX(), op.getShape());
    return success();
  }
};

// A sum along dimensions of static size 1 adds nothing: a dimshuffle drops
// them (or nothing, with keepdims).
struct SumOfBroadcastDims : public OpRewritePattern<SumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SumOp op, PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getX().getType();
    if (!llvm::all_of(op.getAxes(), [&](int64_t axis) { return type.getDimSize(axis) == 1; }))
      return failure();
    if (op.getKeepdims()) {
      rewriter.replaceOp(op, op.getX());
      return success();
    }
    SmallVector<int64_t> kept;
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (!llvm::is_contained(op.getAxes(), dim))
        kept.push_back(dim);
    rewriter.replaceOpWithNewOp<DimShuffleOp>(op, op.getX(), kept);
    return success();
  }
};

// sum(alloc(v, sizes), axes) -> alloc(v * prod(reduced sizes), kept sizes):
// the sum of a broadcast scalar.
struct SumOfAlloc : public OpRewritePattern<SumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SumOp op, PatternRewriter &rewriter) const override {
    auto alloc = op.getX().getDefiningOp<AllocOp>();
    if (!alloc || alloc.getValue().getType().getRank() != 0 ||
        alloc.getValue().getType().getElementType() != op.getType().getElementType())
      return failure();
    Location loc = op.getLoc();
    GradientBuilder b(rewriter, loc);
    Value value = alloc.getValue();
    Type element = op.getType().getElementType();
    SmallVector<Value> kept;
    for (auto [dim, size] : llvm::enumerate(alloc.getSizes())) {
      if (llvm::is_contained(op.getAxes(), int64_t(dim)))
        value = MulOp::create(rewriter, loc, ValueRange{value, b.convertTo(size, element)});
      else
        kept.push_back(size);
      if (op.getKeepdims() && llvm::is_contained(op.getAxes(), int64_t(dim)))
        kept.push_back(b.integer(1));
    }
    if (value.getType() == op.getType())
      rewriter.replaceOp(op, value);
    else
      rewriter.replaceOpWithNewOp<AllocOp>(op, op.getType(), value, kept);
    return success();
  }
};

// x ** c for small constants c: multiplications, sqrt or inv, which are
// faster and (for 2) exact where pow is not.
struct PowByConstant : public OpRewritePattern<PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PowOp op, PatternRewriter &rewriter) const override {
    std::optional<double> exponent = getSplatNumber(op.getRhs());
    Value x = op.getLhs();
    if (!exponent || x.getType() != op.getType() || !isRealOrInteger(op.getType()))
      return failure();
    bool real = isRealFloat(op.getType());
    Location loc = op.getLoc();
    double e = *exponent;
    Value result;
    if (e == 0)
      result = splatLike(rewriter, loc, x, 1.0);
    else if (e == 1)
      result = x;
    else if (e == 2)
      result = SqrOp::create(rewriter, loc, x);
    else if (e == 3)
      result = MulOp::create(rewriter, loc, ValueRange{SqrOp::create(rewriter, loc, x), x});
    else if (e == 4)
      result = SqrOp::create(rewriter, loc, SqrOp::create(rewriter, loc, x));
    else if (e == 0.5 && real)
      result = SqrtOp::create(rewriter, loc, x);
    else if (e == -1 && real)
      result = InvOp::create(rewriter, loc, x);
    else if (e == -2 && real)
      result = InvOp::create(rewriter, loc, SqrOp::create(rewriter, loc, x));
    else
      return failure();
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::tessera::populateTesseraSimplificationPatterns(RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<DropNeutralOperands<AddOp>>(context, 0.0);
  patterns.add<DropNeutralOperands<MulOp>>(context, 1.0);
  patterns.add<RightNeutral<SubOp>>(context, 0.0);
  patterns.add<RightNeutral<TrueDivOp>>(context, 1.0);
  patterns.add<SelfCancellation<SubOp>>(context, 0.0);
  patterns.add<SelfCancellation<TrueDivOp>>(context, 1.0);
  patterns.add<MulByZero, InversePair<ExpOp, LogOp>, InversePair<LogOp, ExpOp>,
               NegOfSub, SubOfNeg, AddOfNeg, ReshapeChain, SumOfBroadcastDims,
               SumOfAlloc, PowByConstant>(context);
}
