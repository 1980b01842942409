//===- ApproximateMath.cpp - Polynomial approximations of math ops --------===//
//
// Upstream's approximations (mlir/Dialect/Math/Transforms) of f32 exp,
// expm1, log1p and erf are within 4 ulp; the shared MLIR libraries do not
// export them, so CMake links their object from the static
// libMLIRMathTransforms.a (see cpp/CMakeLists.txt). Upstream's f32 tanh is up
// to 4.3 ulp off, so f32 tanh gets our own pattern (1.3 ulp).
//
//===----------------------------------------------------------------------===//

#include "../Dialect/ScalarBuilders.h"
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
using mlir::tessera::floatConstant;
using mlir::tessera::polynomial;

namespace {

/// f32 tanh within 2 ulp, in f32 registers: below |x| = 0.55 (where
/// tanh < 1/2) x + x^3 P(x^2), P a least-squares fit on Chebyshev nodes
/// (0.7 ulp); above, 1 - 2 / (exp(2|x|) + 1) with the sign of x, where
/// exp(2|x|) >= 3 keeps upstream's exp accurate and the subtraction loses
/// nothing (saturating to 1 where exp overflows).
struct TanhF32 : public OpRewritePattern<math::TanhOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(math::TanhOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isF32())
      return failure();
    Location loc = op.getLoc();
    Value x = op.getOperand();
    auto constant = [&](double value) {
      return floatConstant(rewriter, loc, type, value);
    };
    Value square = arith::MulFOp::create(rewriter, loc, x, x);
    Value cube = arith::MulFOp::create(rewriter, loc, x, square);
    Value series = math::FmaOp::create(
        rewriter, loc, cube,
        polynomial(rewriter, loc, square,
                   {0.002528276785503591, -0.008527752259619988,
                    0.021818821059014698, -0.053964739765666785,
                    0.13333324339908698, -0.33333333295573875}),
        x);
    Value magnitude = math::AbsFOp::create(rewriter, loc, x);
    Value e = math::ExpOp::create(
        rewriter, loc,
        arith::AddFOp::create(rewriter, loc, magnitude, magnitude));
    Value ratio = arith::SubFOp::create(
        rewriter, loc, constant(1),
        arith::DivFOp::create(
            rewriter, loc, constant(2),
            arith::AddFOp::create(rewriter, loc, e, constant(1))));
    Value large = math::CopySignOp::create(rewriter, loc, ratio, x);
    Value small = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OLT, magnitude, constant(0.55));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, small, series, large);
    return success();
  }
};

struct TesseraApproximateMathPass
    : public mlir::tessera::impl::TesseraApproximateMathBase<
          TesseraApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TanhF32>(&getContext(), /*benefit=*/2);
    // Only upstream's approximations within 4 ulp of f32 (measured by
    // tests/python/accuracy.py): exp, log, log2 and erfc lose denormals and
    // sin, cos, atan, ... reach 7-30 ulp, so without libmvec those stay calls
    // of the C library (exact, one lane at a time) rather than wrong.
    auto accurate = [](StringRef name) {
      return llvm::is_contained({StringRef("math.expm1"),
                                 StringRef("math.log1p"), StringRef("math.erf"),
                                 StringRef("math.exp")},
                                name);
    };
    populateMathF32ExpansionPatterns(patterns, accurate);
    populateMathPolynomialApproximationPatterns(patterns, accurate);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
