//===- ApproximateMath.cpp - Polynomial approximations of math ops --------===//
//
// Upstream's approximations (mlir/Dialect/Math/Transforms) of f32 exp,
// expm1, log1p and erf are within 4 ulp; the shared MLIR libraries do not
// export them, so CMake links their object from the static
// libMLIRMathTransforms.a (see cpp/CMakeLists.txt). Upstream's f32 tanh is up
// to 4.3 ulp off, so f32 tanh gets our own pattern (within 2 ulp).
//
//===----------------------------------------------------------------------===//

#include "../Dialect/ScalarBuilders.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "tessera/Passes.h"

#include <cmath>

namespace mlir::tessera {
#define GEN_PASS_DEF_TESSERAAPPROXIMATEMATH
#include "tessera/TransformsPasses.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using mlir::tessera::floatConstant;
using mlir::tessera::polynomial;

namespace {

/// f32 tanh within 2 ulp, in f32 registers, with the sign of x applied last
/// (so that tanh(-0) = -0, and NaN stays NaN). Two formulas sharing one
/// division (what the loop's speed depends on is the number of FMA-unit
/// operations, and a division is the costliest):
///  - a = |x| < 0.55 (where tanh < 1/2): a + a^3 (n0 + n1 a^2) /
///    (1 + d1 a^2), a relative least-squares fit (7e-9 of tanh); the
///    rounding of the small second term hardly matters.
///  - above: 1 - 2 / (e + 1) with e = exp(2a) >= 3, so the subtraction loses
///    nothing. a is clamped to 10 (where tanh rounds to 1), and
///    e = 2^k E(f), k = round(2a / ln 2) read from the bits of a rounding
///    addition, f in [-1/2, 1/2] and E a relative least-squares fit of 2^f
///    (9e-8). The rounding of 2a / ln 2 in f32 is harmless: its effect on
///    tanh falls as 1/e while it grows as a.
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
    auto fma = [&](Value a, Value b, Value c) {
      return math::FmaOp::create(rewriter, loc, a, b, c);
    };
    auto mul = [&](Value a, Value b) {
      return arith::MulFOp::create(rewriter, loc, a, b);
    };
    Value a = math::AbsFOp::create(rewriter, loc, x);
    Value small = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::ULT, a, constant(0.55));
    auto select = [&](Value ifSmall, Value otherwise) {
      return arith::SelectOp::create(rewriter, loc, small, ifSmall, otherwise);
    };

    Value square = mul(a, a);
    Value cube = mul(a, square);
    Value numerator = fma(square, constant(-0.0015594272315618551),
                          constant(-0.3333333133238351));
    Value cubeTimesNumerator = mul(cube, numerator);
    Value denominator = fma(square, constant(0.40467454914978185), constant(1));

    // 1.5 * 2^23 rounds what is added to it to an integer, in its low bits.
    Value clamped = arith::MinimumFOp::create(rewriter, loc, a, constant(10));
    Value twoOverLn2 = constant(2 / std::log(2.0));
    Value roundingBias = constant(0x1.8p23);
    Value biased = fma(clamped, twoOverLn2, roundingBias);
    Value k = arith::SubFOp::create(rewriter, loc, biased, roundingBias);
    Value f = fma(clamped, twoOverLn2, arith::NegFOp::create(rewriter, loc, k));
    Value exp2f = polynomial(rewriter, loc, f,
                             {0.0013264722940148851, 0.009671513515706307,
                              0.055507337628398615, 0.2402224206985257,
                              0.6931469775830537, 1.0});
    // E(f) 2^k: k's bits in `biased` added to the exponent field.
    Type bitsType = rewriter.getI32Type();
    if (auto shaped = dyn_cast<ShapedType>(type))
      bitsType = shaped.clone(bitsType);
    auto bits = [&](Value value) {
      return arith::BitcastOp::create(rewriter, loc, bitsType, value);
    };
    Value exponent = arith::ShLIOp::create(
        rewriter, loc, bits(biased),
        createScalarOrSplatConstant(rewriter, loc, bitsType, 23));
    Value e = arith::BitcastOp::create(
        rewriter, loc, type,
        arith::AddIOp::create(rewriter, loc, bits(exp2f), exponent));

    Value dividend = select(cubeTimesNumerator, constant(2));
    Value ePlus1 = arith::AddFOp::create(rewriter, loc, e, constant(1));
    Value divisor = select(denominator, ePlus1);
    Value quotient = arith::DivFOp::create(rewriter, loc, dividend, divisor);
    Value below = arith::AddFOp::create(rewriter, loc, a, quotient);
    Value above = arith::SubFOp::create(rewriter, loc, constant(1), quotient);
    Value magnitude = select(below, above);
    rewriter.replaceOpWithNewOp<math::CopySignOp>(op, magnitude, x);
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
