//===- ApproximateMath.cpp - Polynomial approximations of math ops --------===//
//
// Upstream's approximations (mlir/Dialect/Math/Transforms) give f32 exp and
// log within 1 ulp; the shared MLIR libraries do not export them, so CMake
// links their object from the static libMLIRMathTransforms.a (see
// cpp/CMakeLists.txt). Upstream's f32 tanh is up to 4 ulp off, so f32 tanh
// gets our own pattern: it computes in f64 and rounds once.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAAPPROXIMATEMATH
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;

namespace {

/// `type` (f32 or a vector of f32) with `element` instead.
Type withElement(Type type, Type element) {
  if (auto vector = dyn_cast<VectorType>(type))
    return vector.clone(element);
  return element;
}

Value splat(OpBuilder &b, Location loc, Type type, double value) {
  Type element = getElementTypeOrSelf(type);
  TypedAttr scalar =
      isa<FloatType>(element)
          ? TypedAttr(b.getFloatAttr(element, value))
          : TypedAttr(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, type,
                                     SplatElementsAttr::get(vector, scalar));
  return arith::ConstantOp::create(b, loc, type, scalar);
}

/// exp(y) for f64 y in [-40, 40]: y = n ln2 + r with |r| <= ln2/2 (ln2 split
/// in two for an exact reduction), exp(r) by its Taylor polynomial to degree
/// 13 (error below 1e-16), scaled by 2^n through the exponent bits.
Value expF64(OpBuilder &b, Location loc, Value y) {
  Type type = y.getType();
  Type i64 = withElement(type, b.getI64Type());
  Value n = math::RoundEvenOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, y,
                            splat(b, loc, type, 1.4426950408889634)));
  Value r = arith::SubFOp::create(
      b, loc, y,
      arith::MulFOp::create(b, loc, n,
                            splat(b, loc, type, 0.6931471803691238)));
  r = arith::SubFOp::create(
      b, loc, r,
      arith::MulFOp::create(b, loc, n,
                            splat(b, loc, type, 1.9082149292705877e-10)));
  double factorial = 1;
  SmallVector<double> coefficients;
  for (int k = 0; k <= 13; ++k) {
    coefficients.push_back(1 / factorial);
    factorial *= k + 1;
  }
  Value p = splat(b, loc, type, coefficients.back());
  for (int k = 12; k >= 0; --k)
    p = math::FmaOp::create(b, loc, p, r, splat(b, loc, type, coefficients[k]));
  Value exponent =
      arith::AddIOp::create(b, loc, arith::FPToSIOp::create(b, loc, i64, n),
                            splat(b, loc, i64, 1023));
  Value scale = arith::BitcastOp::create(
      b, loc, type,
      arith::ShLIOp::create(b, loc, exponent, splat(b, loc, i64, 52)));
  return arith::MulFOp::create(b, loc, p, scale);
}

/// f32 tanh computed in f64 and rounded once: (e - 1) / (e + 1) with
/// e = exp(2x), x clamped to [-10, 10] (where f32 tanh is +-1 already); below
/// |x| = 2^-11 the cancellation in e - 1 would cost digits, and x - x^3/3 is
/// exact to f64 precision there.
struct TanhF32ViaF64 : public OpRewritePattern<math::TanhOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::TanhOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    Location loc = op.getLoc();
    Type f64 = withElement(type, rewriter.getF64Type());
    Value x = arith::ExtFOp::create(rewriter, loc, f64, op.getOperand());
    Value clamped = arith::MinimumFOp::create(
        rewriter, loc,
        arith::MaximumFOp::create(rewriter, loc, x,
                                  splat(rewriter, loc, f64, -10)),
        splat(rewriter, loc, f64, 10));
    Value e = expF64(rewriter, loc,
                     arith::AddFOp::create(rewriter, loc, clamped, clamped));
    Value one = splat(rewriter, loc, f64, 1);
    Value ratio = arith::DivFOp::create(
        rewriter, loc, arith::SubFOp::create(rewriter, loc, e, one),
        arith::AddFOp::create(rewriter, loc, e, one));
    Value cube = arith::MulFOp::create(
        rewriter, loc, x, arith::MulFOp::create(rewriter, loc, x, x));
    Value series = arith::SubFOp::create(
        rewriter, loc, x,
        arith::MulFOp::create(rewriter, loc, cube,
                              splat(rewriter, loc, f64, 1.0 / 3.0)));
    Value small =
        arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OLT,
                              math::AbsFOp::create(rewriter, loc, x),
                              splat(rewriter, loc, f64, 1.0 / 2048));
    Value result = arith::SelectOp::create(rewriter, loc, small, series, ratio);
    rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, type, result);
    return success();
  }
};

struct TesseraApproximateMathPass
    : public mlir::tessera::impl::TesseraApproximateMathBase<
          TesseraApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TanhF32ViaF64>(&getContext(), /*benefit=*/2);
    MathPolynomialApproximationOptions options;
    populateMathPolynomialApproximationPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
