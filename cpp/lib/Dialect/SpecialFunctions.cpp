//===- SpecialFunctions.cpp - Gamma family and inverse error functions ----===//
//
// Upstream MLIR has no lowering for gamma, lgamma, digamma, trigamma, erfinv
// or erfcinv; these are ours. Each is a
// straight-line f64 computation (every path computed, the right one
// selected), so that vectorized loops keep them in vector registers; the
// math ops they use (exp, log, pow, sin, tan) are called from libmvec there.
//
// Arguments are reduced to a core interval by the recurrences
// Gamma(y + 1) = y Gamma(y), psi(y + 1) = psi(y) + 1/y and
// psi'(y) = psi'(y + 1) + 1/y^2, where a Taylor series converges fast; large
// arguments take the asymptotic (Stirling) series and negative ones the
// reflection formulas, with sin(pi x) and tan(pi x) reduced exactly first.
// The Taylor coefficients are exact formulas evaluated with mpmath at 40
// digits and rounded once.
//
//===----------------------------------------------------------------------===//

#include "ScalarBuilders.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::tessera;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// lgamma(2 + t) / t = sum a_k t^(k-1) for |t| <= 1/2, highest degree first:
/// a_1 = 1 - euler_gamma, a_k = (-1)^k (zeta(k) - 1) / k.
constexpr double kLogGammaAt2[] = {
    -1.5021384080754142e-11, 3.1044247747322273e-11,  -6.4229645638381e-11,
    1.3304764374244489e-10,  -2.7595228851242331e-10, 5.731367241678862e-10,
    -1.1921401405860912e-9,  2.4836745438024783e-9,   -5.1834750419700467e-9,
    1.0838659214896954e-8,   -2.2711094608943165e-8,  4.7698101693639806e-8,
    -1.00432248239681e-7,    2.1207184805554666e-7,   -4.492469198764566e-7,
    9.5514121304074198e-7,   -2.0392157538013662e-6,  4.3748667899074878e-6,
    -9.4394882752683959e-6,  2.0507212775670692e-5,   -4.4926236738133142e-5,
    9.9457512781808534e-5,   -2.2315475845357938e-4,  5.0966952474304242e-4,
    -1.192753911703261e-3,   2.8905103307415233e-3,   -7.3855510286739853e-3,
    2.0580808427784548e-2,   -6.7352301053198095e-2,  3.2246703342411322e-1,
    4.2278433509846714e-1};

/// The positive root of digamma, split so that y - root is exact to f64.
constexpr double kDigammaRootHigh = 1.4616321449683622;
constexpr double kDigammaRootLow = 9.549995429965697e-17;

/// psi(root + s) / s = sum b_k s^(k-1) for |s| <= 0.54, highest degree
/// first: b_k = (-1)^(k+1) zeta(k + 1, root) (Hurwitz zeta).
constexpr double kDigammaAtRoot[] = {
    5.5862996835321714e-8,  -8.1651151894884088e-8, 1.1934394829830243e-7,
    -1.7443695117727745e-7, 2.5496265520215543e-7,  -3.726616128343823e-7,
    5.4469419306694453e-7,  -7.9614254312419704e-7, 1.1636675363548843e-6,
    -1.7008538854332607e-6, 2.4860227331295379e-6,  -3.6336507898010457e-6,
    5.3110609208898634e-6,  -7.7628176684620944e-6, 1.134638458466385e-5,
    -1.6584242271854133e-5, 2.4240066118601318e-5,  -3.5430070947659606e-5,
    5.1785757952220809e-5,  -7.5691795821950659e-5, 1.1063372768747411e-4,
    -1.6170622091974803e-4, 2.3635601564027053e-4,  -3.454680251063077e-4,
    5.0495326583460204e-4,  -7.3807093899600513e-4, 1.0788252019162966e-3,
    -1.5769367714301973e-3, 2.3051263267349278e-3,  -3.3698016554393281e-3,
    4.9267813957298534e-3,  -7.2045343863568682e-3, 1.0538791616612175e-2,
    -1.5424765904948959e-2, 2.2597648232218105e-2,  -3.3161126474847359e-2,
    4.8804288164143107e-2,  -7.2199561256454711e-2, 1.0782405069126237e-1,
    -1.6394270544240653e-1, 2.5849976095565101e-1,  -4.4276316898359211e-1,
    9.6767224544762117e-1};

/// Bernoulli numbers B_2, B_4, ..., B_18 of the asymptotic series.
constexpr double kBernoulli[] = {1.0 / 6,   -1.0 / 30,     1.0 / 42,
                                 -1.0 / 30, 5.0 / 66,      -691.0 / 2730,
                                 7.0 / 6,   -3617.0 / 510, 43867.0 / 798};

/// Arguments at or above this take the asymptotic series.
constexpr double kAsymptotic = 10;

/// Scalar f64 arithmetic that reads like the formulas.
class F64 {
public:
  F64(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value c(double value) { return floatConstant(b, loc, b.getF64Type(), value); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value lt(Value x, Value y) { return cmp(arith::CmpFPredicate::OLT, x, y); }
  Value eq(Value x, Value y) { return cmp(arith::CmpFPredicate::OEQ, x, y); }
  Value select(Value condition, Value x, Value y) {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }
  Value both(Value p, Value q) { return arith::AndIOp::create(b, loc, p, q); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }
  Value ceil(Value x) { return math::CeilOp::create(b, loc, x); }
  Value roundEven(Value x) { return math::RoundEvenOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value copySign(Value x, Value y) {
    return math::CopySignOp::create(b, loc, x, y);
  }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value min(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value ge(Value x, Value y) { return cmp(arith::CmpFPredicate::OGE, x, y); }
  Value sqrt(Value x) { return math::SqrtOp::create(b, loc, x); }
  Value log(Value x) { return math::LogOp::create(b, loc, x); }
  Value log1p(Value x) { return math::Log1pOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value pow(Value x, Value y) { return math::PowFOp::create(b, loc, x, y); }
  Value tan(Value x) { return math::TanOp::create(b, loc, x); }
  Value erf(Value x) { return math::ErfOp::create(b, loc, x); }
  Value erfc(Value x) { return math::ErfcOp::create(b, loc, x); }
  Value poly(Value x, ArrayRef<double> coefficients) {
    return polynomial(b, loc, x, coefficients);
  }
  Value isNaN(Value x) { return cmp(arith::CmpFPredicate::UNO, x, x); }
  Value isNegativeInteger(Value x) {
    return both(lt(x, c(0)), eq(floor(x), x));
  }

  /// sin(pi x), exact in its argument reduction: x = n + r, |r| <= 1/2,
  /// then sin(pi r) = r P(r^2) by its Taylor series (12 terms, below 1e-18
  /// at |r| = 1/2), within an ulp, where sin(pi * r) would add pi * r's
  /// rounding to the library's error.
  Value sinPi(Value x) {
    Value n = roundEven(x);
    Value parity = sub(n, mul(c(2), floor(mul(n, c(0.5)))));
    Value sign = sub(c(1), mul(c(2), parity));
    Value r = sub(x, n);
    SmallVector<double> coefficients; // (-1)^k pi^(2k+1) / (2k+1)!
    double term = M_PI;
    for (int k = 0; k < 12; ++k) {
      coefficients.push_back(term);
      term *= -M_PI * M_PI / ((2 * k + 2) * (2 * k + 3));
    }
    std::reverse(coefficients.begin(), coefficients.end());
    return mul(sign, mul(r, poly(mul(r, r), coefficients)));
  }

  /// pi / tan(pi x) (period 1), with r = x - round(x) exact: pi / tan(pi r)
  /// for |r| < 1/4, else pi tan(pi (1/2 - |r|)) with the sign of r (exact
  /// 1/2 - |r|, and 0 at the half-integers).
  Value piCotPi(Value x) {
    Value r = sub(x, roundEven(x));
    Value nearInteger = div(c(M_PI), tan(mul(c(M_PI), r)));
    Value nearHalf =
        copySign(mul(c(M_PI), tan(mul(c(M_PI), sub(c(0.5), abs(r))))), r);
    return select(lt(abs(r), c(0.25)), nearInteger, nearHalf);
  }

private:
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }

  OpBuilder &b;
  Location loc;
};

/// For y >= 0: t = y - m in [-1/2, 1/2) with m = round(y) (exact), so that
/// Gamma(y) = Gamma(2 + t) * numerator / denominator, where the numerator is
/// (t + 2) ... (t + m - 1) for m >= 3 and the denominator y (y + 1) for
/// m = 0, y for m = 1. Only for y < kAsymptotic.
struct GammaReduction {
  Value t, numerator, denominator;
};

GammaReduction reduceGamma(F64 &f, Value y) {
  Value m = f.floor(f.add(y, f.c(0.5)));
  Value t = f.sub(y, m);
  Value numerator = f.c(1);
  for (int j = 2; j < kAsymptotic; ++j)
    numerator =
        f.mul(numerator, f.select(f.lt(f.c(j), m), f.add(t, f.c(j)), f.c(1)));
  Value denominator = f.select(f.eq(m, f.c(0)), f.mul(y, f.add(y, f.c(1))),
                               f.select(f.eq(m, f.c(1)), y, f.c(1)));
  return {t, numerator, denominator};
}

/// lgamma(2 + t) for |t| <= 1/2, relative to its zero at t = 0.
Value logGammaAt2(F64 &f, Value t) { return f.mul(t, f.poly(t, kLogGammaAt2)); }

/// Stirling's series of lgamma(y) - (y - 1/2) log y + y - log(2 pi)/2:
/// sum B_2k / (2k (2k - 1) y^(2k-1)), 7 terms (y >= 10).
Value stirlingCorrection(F64 &f, Value y) {
  Value w = f.div(f.c(1), y);
  SmallVector<double> coefficients;
  for (int k = 7; k >= 1; --k)
    coefficients.push_back(kBernoulli[k - 1] / (2 * k * (2 * k - 1)));
  return f.mul(w, f.poly(f.mul(w, w), coefficients));
}

/// lgamma(y) for y >= 0 (+inf at 0).
Value logGammaPositive(F64 &f, Value y) {
  GammaReduction r = reduceGamma(f, y);
  // Two logs: log(numerator / denominator) would lose lgamma's relative
  // accuracy near its zero at 1.
  Value small = f.sub(f.add(logGammaAt2(f, r.t), f.log(r.numerator)),
                      f.log(r.denominator));
  Value large = f.add(f.add(f.mul(f.sub(y, f.c(0.5)), f.sub(f.log(y), f.c(1))),
                            f.c(0.5 * std::log(2 * M_PI) - 0.5)),
                      stirlingCorrection(f, y));
  return f.select(f.lt(y, f.c(kAsymptotic)), small, large);
}

/// Gamma(y) for y >= 0 as a product of two factors, each finite while
/// 1/Gamma(y) is a normal number (y < 190), so that the reflection formula
/// can divide by them where Gamma(y) itself overflows.
std::pair<Value, Value> gammaPositiveFactors(F64 &f, Value y) {
  GammaReduction r = reduceGamma(f, y);
  Value small =
      f.div(f.mul(f.exp(logGammaAt2(f, r.t)), r.numerator), r.denominator);
  // y^(y - 1/2) e^-y: one pow while it stays finite (y < 143), else as
  // v (v e^-y) with v = y^(y/2 - 1/4) (both exponents exact).
  Value isSplit = f.lt(f.c(143), y);
  Value v = f.pow(y, f.sub(f.mul(y, f.select(isSplit, f.c(0.5), f.c(1))),
                           f.select(isSplit, f.c(0.25), f.c(0.5))));
  Value isSmall = f.lt(y, f.c(kAsymptotic));
  Value first =
      f.mul(f.select(isSplit, v, f.c(1)),
            f.mul(f.c(std::sqrt(2 * M_PI)), f.exp(stirlingCorrection(f, y))));
  Value second = f.mul(v, f.exp(f.sub(f.c(0), y)));
  return {f.select(isSmall, small, first), f.select(isSmall, f.c(1), second)};
}

/// psi(y), or psi(1 + y) with `onePlus`, for y >= 0 (psi(y) is -inf at +0,
/// +inf at -0): 1 + y is never rounded, since psi amplifies that rounding
/// near its root (the reflection formula needs psi(1 - x) for x < 0).
Value digammaPositive(F64 &f, Value y, bool onePlus) {
  // u in [1, 2): psi(y) = psi(u) + sum_{j=1}^{m-1} 1/(y - j) for y >= 1,
  // psi(u) - 1/y for y < 1 (u = 1 + y); the smallest terms are added first.
  Value m = f.floor(y);
  Value isBelowOne = f.eq(m, f.c(0));
  Value sum = f.c(0);
  for (int j = kAsymptotic - 2; j >= 1; --j)
    sum = f.add(sum, f.select(f.lt(f.c(j), m), f.div(f.c(1), f.sub(y, f.c(j))),
                              f.c(0)));
  Value reciprocal = f.div(f.c(1), y);
  // psi(1 + y) = psi(y) + 1/y.
  sum = f.add(sum,
              f.select(isBelowOne, onePlus ? f.c(0) : f.sub(f.c(0), reciprocal),
                       onePlus ? reciprocal : f.c(0)));
  // s = u - root, exact where it is small: for y < 1 as y - (root - 1),
  // root - 1 being exact.
  Value sBelowOne =
      f.sub(f.sub(y, f.c(kDigammaRootHigh - 1)), f.c(kDigammaRootLow));
  Value sAbove = f.sub(f.sub(f.sub(y, f.sub(m, f.c(1))), f.c(kDigammaRootHigh)),
                       f.c(kDigammaRootLow));
  Value s = f.select(isBelowOne, sBelowOne, sAbove);
  Value small = f.add(f.mul(s, f.poly(s, kDigammaAtRoot)), sum);
  // log y - 1/(2y) - sum B_2k / (2k y^2k), 7 terms.
  Value w = reciprocal;
  SmallVector<double> coefficients;
  for (int k = 7; k >= 1; --k)
    coefficients.push_back(kBernoulli[k - 1] / (2 * k));
  Value w2 = f.mul(w, w);
  Value large = f.sub(f.sub(f.log(y), f.mul(f.c(0.5), w)),
                      f.mul(w2, f.poly(w2, coefficients)));
  if (onePlus)
    large = f.add(large, w);
  return f.select(f.lt(y, f.c(kAsymptotic)), small, large);
}

/// psi'(y) for y >= 0 (+inf at 0).
Value trigammaPositive(F64 &f, Value y) {
  // psi'(y) = psi'(z) + sum_{j < n} 1/(y + j)^2 with z = y + n >= 10.
  Value isSmall = f.lt(y, f.c(kAsymptotic));
  Value n = f.select(isSmall, f.ceil(f.sub(f.c(kAsymptotic), y)), f.c(0));
  Value z = f.add(y, n);
  // 1/z + 1/(2 z^2) + sum B_2k / z^(2k+1), 9 terms.
  Value w = f.div(f.c(1), z);
  Value w2 = f.mul(w, w);
  SmallVector<double> coefficients(std::rbegin(kBernoulli),
                                   std::rend(kBernoulli));
  Value result =
      f.add(w, f.mul(w2, f.add(f.c(0.5), f.mul(w, f.poly(w2, coefficients)))));
  for (int j = kAsymptotic - 1; j >= 0; --j) {
    Value term = f.div(f.c(1), f.mul(f.add(y, f.c(j)), f.add(y, f.c(j))));
    result = f.add(result, f.select(f.lt(f.c(j), n), term, f.c(0)));
  }
  return result;
}

/// erfinv(x) or erfcinv(y) (x = 1 - y), from a = |x| and the exact
/// complement q = 1 - a in (0, 1]: r >= 0 solves erf(r) = a, or erfc(r) = q
/// in the tail (a >= 1/2), where 1 - erf(r) would cancel; the result has x's
/// sign. First guess: Giles' single-precision approximation of erfinv from
/// w = -log(q (2 - q)) = -log(1 - a^2), or past its range (w >= 16, only
/// erfcinv's tiny y get there) the asymptotic r^2 = L - log(sqrt(pi L)),
/// L = -log(q). Then Newton steps: on erf in the centre, on log erfc in the
/// tail (which converges from afar and keeps q's relative accuracy).
Value inverseErrorFunction(F64 &f, Value v, bool complementary) {
  // x = 1 - y is exact where erfcinv uses it (y in [1/2, 3/2]); so is
  // 2 - y, and 1 - a for a >= 1/2.
  Value x = complementary ? f.sub(f.c(1), v) : v;
  Value a = f.abs(x);
  Value q = complementary ? f.min(v, f.sub(f.c(2), v)) : f.sub(f.c(1), a);
  Value w = f.neg(f.log(f.mul(q, f.sub(f.c(2), q))));
  // Giles (2010), "Approximating the erfinv function", single precision.
  Value central = f.poly(f.sub(w, f.c(2.5)),
                         {2.81022636e-08, 3.43273939e-07, -3.5233877e-06,
                          -4.39150654e-06, 0.00021858087, -0.00125372503,
                          -0.00417768164, 0.246640727, 1.50140941});
  Value tail = f.poly(f.sub(f.sqrt(w), f.c(3)),
                      {-0.000200214257, 0.000100950558, 0.00134934322,
                       -0.00367342844, 0.00573950773, -0.0076224613,
                       0.00943887047, 1.00167406, 2.83297682});
  Value giles = f.mul(f.select(f.lt(w, f.c(5)), central, tail), a);
  Value logQ = f.log(q);
  Value minusLogQ = f.neg(logQ);
  Value asymptotic =
      f.sqrt(f.sub(minusLogQ, f.log(f.sqrt(f.mul(f.c(M_PI), minusLogQ)))));
  Value r = f.select(f.lt(w, f.c(16)), giles, asymptotic);

  // Past r = 10 erfc nears the denormals, where it has no relative accuracy
  // left: its asymptotic series there, -r^2 - log(r sqrt(pi)) +
  // log(1 + sum (-1)^k (2k-1)!! / (2r^2)^k), 10 terms (error < 1e-14, which
  // moves r by less than 1e-16 r).
  SmallVector<double> series;
  double doubleFactorial = 1;
  for (int k = 1; k <= 10; ++k) {
    doubleFactorial *= 2 * k - 1;
    series.push_back(k % 2 ? -doubleFactorial : doubleFactorial);
  }
  std::reverse(series.begin(), series.end());
  series.push_back(0);

  Value inTail = f.ge(a, f.c(0.5));
  for (int step = 0; step < 3; ++step) {
    Value minusSquare = f.neg(f.mul(r, r));
    // erf(r) - a over its slope 2/sqrt(pi) e^-r^2.
    Value centralStep =
        f.div(f.sub(f.erf(r), a), f.mul(f.c(M_2_SQRTPI), f.exp(minusSquare)));
    // log erfc(r) - log q over its slope -2/sqrt(pi) e^-r^2 / erfc(r), the
    // ratio e^-r^2 / erfc(r) as one exp (each alone may underflow).
    Value u = f.div(f.c(1), f.mul(f.c(2), f.mul(r, r)));
    Value asymptoticLogErfc =
        f.add(f.sub(minusSquare, f.log(f.mul(r, f.c(std::sqrt(M_PI))))),
              f.log1p(f.poly(u, series)));
    Value logErfc =
        f.select(f.lt(r, f.c(10)), f.log(f.erfc(r)), asymptoticLogErfc);
    Value tailStep =
        f.div(f.sub(logErfc, logQ),
              f.mul(f.c(-M_2_SQRTPI), f.exp(f.sub(minusSquare, logErfc))));
    r = f.sub(r, f.select(inTail, tailStep, centralStep));
  }
  // q = 0 gives +-inf; outside the domain the logs give NaN.
  r = f.select(f.eq(q, f.c(0)), f.c(kInfinity), r);
  // +-0 keep their sign (erfcinv(1) = +0).
  return f.copySign(r, complementary ? f.add(x, f.c(0)) : x);
}

/// Applies `compute` to `x` in f64, rounding the result once to x's type.
template <typename Compute>
Value inF64(OpBuilder &b, Location loc, Value x, Compute compute) {
  Type original = x.getType();
  Type f64 = b.getF64Type();
  Value wide = original == f64 ? x : arith::ExtFOp::create(b, loc, f64, x);
  F64 f(b, loc);
  // NaN in, NaN out (the selects on comparisons would not keep it).
  Value result = f.select(f.isNaN(wide), wide, compute(f, wide));
  return original == f64 ? result
                         : arith::TruncFOp::create(b, loc, original, result);
}

} // namespace

Value tessera::logGamma(OpBuilder &b, Location loc, Value x) {
  return inF64(b, loc, x, [](F64 &f, Value x) {
    // lgamma(x) = log(pi / |sin(pi x)|) - lgamma(1 - x) for x < 0.
    Value isNegative = f.lt(x, f.c(0));
    Value positive =
        logGammaPositive(f, f.select(isNegative, f.sub(f.c(1), x), x));
    Value reflected =
        f.sub(f.sub(f.c(std::log(M_PI)), f.log(f.abs(f.sinPi(x)))), positive);
    Value result = f.select(isNegative, reflected, positive);
    return f.select(f.eq(f.abs(x), f.c(kInfinity)), f.c(kInfinity), result);
  });
}

Value tessera::gamma(OpBuilder &b, Location loc, Value x) {
  return inF64(b, loc, x, [](F64 &f, Value x) {
    // Gamma(x) = -pi / (x sin(pi x) Gamma(-x)) for x < 0 (Gamma(1 - x) would
    // round 1 - x, an error Gamma amplifies).
    Value isNegative = f.lt(x, f.c(0));
    auto [first, second] =
        gammaPositiveFactors(f, f.select(isNegative, f.sub(f.c(0), x), x));
    Value positive =
        f.select(f.lt(x, f.c(171.7)), f.mul(first, second), f.c(kInfinity));
    Value sine = f.sinPi(x);
    Value reflected =
        f.div(f.div(f.div(f.c(-M_PI), f.mul(x, sine)), first), second);
    // Below -190 Gamma underflows to zero; its factors would give NaN.
    reflected =
        f.select(f.lt(x, f.c(-190)), f.copySign(f.c(0), sine), reflected);
    Value result = f.select(isNegative, reflected, positive);
    result = f.select(f.eq(x, f.c(0)), f.copySign(f.c(kInfinity), x), result);
    return f.select(f.isNegativeInteger(x), f.c(kNaN), result);
  });
}

Value tessera::digamma(OpBuilder &b, Location loc, Value x) {
  return inF64(b, loc, x, [](F64 &f, Value x) {
    // psi(x) = psi(1 - x) - pi / tan(pi x) for x < 0, psi(1 - x) from -x.
    Value isNegative = f.lt(x, f.c(0));
    Value magnitude = f.abs(x);
    Value positive =
        f.select(isNegative, digammaPositive(f, magnitude, /*onePlus=*/true),
                 digammaPositive(f, x, /*onePlus=*/false));
    Value reflected = f.sub(positive, f.piCotPi(x));
    Value result = f.select(isNegative, reflected, positive);
    return f.select(f.isNegativeInteger(x), f.c(kNaN), result);
  });
}

Value tessera::trigamma(OpBuilder &b, Location loc, Value x) {
  return inF64(b, loc, x, [](F64 &f, Value x) {
    // psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x) for x < 0.
    Value isNegative = f.lt(x, f.c(0));
    Value positive =
        trigammaPositive(f, f.select(isNegative, f.sub(f.c(1), x), x));
    Value sine = f.sinPi(x);
    Value reflected =
        f.sub(f.div(f.c(M_PI * M_PI), f.mul(sine, sine)), positive);
    return f.select(isNegative, reflected, positive);
  });
}

Value tessera::inverseErf(OpBuilder &b, Location loc, Value x) {
  return inF64(b, loc, x, [](F64 &f, Value x) {
    return inverseErrorFunction(f, x, /*complementary=*/false);
  });
}

Value tessera::inverseErfc(OpBuilder &b, Location loc, Value y) {
  return inF64(b, loc, y, [](F64 &f, Value y) {
    return inverseErrorFunction(f, y, /*complementary=*/true);
  });
}
