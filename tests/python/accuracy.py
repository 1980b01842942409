"""Measured accuracy of Tessera's elementwise math, in ulp, against references
computed at 128 bits with MPFR (gmpy2) or mpmath and compared exactly.

Each function is measured on random samples of its domain (half uniform in
value, half uniform over the floating-point numbers, which reaches denormals
and the extremes) plus edge values (NaN, +-inf, +-0, denormals, the smallest
and largest normals, the domain's ends). test_accuracy.py asserts the bounds;
run this file to print the table of docs/ops.md:

    python tests/python/accuracy.py --samples 1000000
"""

import argparse
import dataclasses
import math
from typing import Callable

import gmpy2
import numpy as np

import tessera
import tessera.tensor as T

gmpy2.get_context().precision = 128
mpfr = gmpy2.mpfr
INF = math.inf

# The bounds of the elementwise-math issue.
BOUND = {"float32": 4.0, "float64": 8.0}


def _newton(function, derivative, target, start):
    """The root of function(r) = target near `start`, at 128 bits."""
    r = mpfr(start)
    for _ in range(6):  # from Tessera's result: quadratic convergence
        step = (function(r) - target) / derivative(r)
        r -= step
        if step == 0 or abs(step) < abs(r) * mpfr(2) ** -120:
            break
    return r


def _erfinv(x, start):
    if abs(x) >= 1:
        return mpfr("nan") if abs(x) > 1 else mpfr(math.copysign(INF, x))
    return _newton(gmpy2.erf, lambda r: 2 / gmpy2.sqrt(gmpy2.const_pi()) * gmpy2.exp(-r * r), x,
                   start if math.isfinite(start) else 0)


def _erfcinv(y, start):
    if not 0 < y < 2:
        return {0: mpfr(INF), 2: mpfr(-INF)}.get(y, mpfr("nan"))
    if y > 1:
        return -_erfcinv(2 - y, -start)
    # Newton on log erfc(r) = log y, which converges from afar.
    r = mpfr(start if math.isfinite(start) and start >= 0 else 0)
    for _ in range(6):  # from Tessera's result: quadratic convergence
        value = gmpy2.erfc(r)
        step = (gmpy2.log(value) - gmpy2.log(y)) / (-2 / gmpy2.sqrt(gmpy2.const_pi()) * gmpy2.exp(-r * r) / value)
        r -= step
        if abs(step) <= abs(r) * mpfr(2) ** -120:
            break
    return r


def _trigamma(x):
    if gmpy2.is_infinite(x):
        return mpfr(0) if x > 0 else mpfr("nan")
    if x <= 0 and x == gmpy2.floor(x):
        return mpfr(INF)
    with gmpy2.context(gmpy2.get_context(), precision=512):
        if x < 0:  # the reflection formula, exact at this precision
            pi = gmpy2.const_pi()
            return pi * pi / gmpy2.sin(pi * x) ** 2 - _trigamma(1 - x)
        # A central difference of digamma, its step relative to x.
        h = x * mpfr(2) ** -60
        return (gmpy2.digamma(x + h) - gmpy2.digamma(x - h)) / (2 * h)


def _lgamma(x):
    if gmpy2.is_infinite(x):
        return mpfr(INF)
    if x <= 0 and x == gmpy2.floor(x):
        return mpfr(INF)
    return gmpy2.lgamma(x)[0]


@dataclasses.dataclass
class Function:
    """A function, its reference, its domain, and which inputs it is exempt on."""
    name: str
    op: Callable
    reference: Callable  # mpfr arguments (and Tessera's result) -> mpfr
    domain: tuple = (-INF, INF)
    arity: int = 1
    uses_result: bool = False  # the reference starts Newton from Tessera's result
    exempt: Callable = None  # x -> whether x is exempt (near a pole)
    # For negative arguments, where a reflection formula's terms cancel near
    # the function's zeros: errors are measured against the larger term.
    reflected_terms: Callable = None


def _near_pole(x):
    return math.isfinite(x) and x <= 0.5 and abs(x - round(x)) < 1e-6


FUNCTIONS = [
    Function("exp", T.exp, gmpy2.exp),
    Function("exp2", T.exp2, gmpy2.exp2),
    Function("expm1", T.expm1, gmpy2.expm1),
    Function("log", T.log, gmpy2.log, (0, INF)),
    Function("log2", T.log2, gmpy2.log2, (0, INF)),
    Function("log10", T.log10, gmpy2.log10, (0, INF)),
    Function("log1p", T.log1p, gmpy2.log1p, (-1, INF)),
    Function("sqrt", T.sqrt, gmpy2.sqrt, (0, INF)),
    Function("sin", T.sin, gmpy2.sin),
    Function("cos", T.cos, gmpy2.cos),
    Function("tan", T.tan, gmpy2.tan),
    Function("arcsin", T.arcsin, gmpy2.asin, (-1, 1)),
    Function("arccos", T.arccos, gmpy2.acos, (-1, 1)),
    Function("arctan", T.arctan, gmpy2.atan),
    Function("sinh", T.sinh, gmpy2.sinh),
    Function("cosh", T.cosh, gmpy2.cosh),
    Function("tanh", T.tanh, gmpy2.tanh),
    Function("arcsinh", T.arcsinh, gmpy2.asinh),
    Function("arccosh", T.arccosh, gmpy2.acosh, (1, INF)),
    Function("arctanh", T.arctanh, gmpy2.atanh, (-1, 1)),
    Function("erf", T.erf, gmpy2.erf),
    Function("erfc", T.erfc, gmpy2.erfc),
    Function("erfinv", T.erfinv, _erfinv, (-1, 1), uses_result=True),
    Function("erfcinv", T.erfcinv, _erfcinv, (0, 2), uses_result=True),
    Function("gamma", T.gamma, gmpy2.gamma, (-190, 180), exempt=_near_pole),
    Function("gammaln", T.gammaln, _lgamma, exempt=_near_pole, reflected_terms=lambda x: (
        _lgamma(1 - x), gmpy2.log(gmpy2.const_pi() / abs(gmpy2.sin(gmpy2.const_pi() * x))))),
    Function("psi", T.psi, gmpy2.digamma, exempt=_near_pole, reflected_terms=lambda x: (
        gmpy2.digamma(1 - x), gmpy2.const_pi() / gmpy2.tan(gmpy2.const_pi() * x))),
    Function("tri_gamma", T.tri_gamma, _trigamma, exempt=_near_pole),
    Function("arctan2", T.arctan2, gmpy2.atan2, arity=2),
    Function("pow", T.pow, lambda x, y: x ** y, (0, INF), arity=2),
]
BY_NAME = {f.name: f for f in FUNCTIONS}


def edge_values(dtype, low, high):
    info = np.finfo(dtype)
    values = [np.nan, INF, -INF, 0.0, -0.0, info.smallest_subnormal, -info.smallest_subnormal,
              info.smallest_normal, -info.smallest_normal, info.max, -info.max, 1.0, -1.0, 2.0, -2.0,
              0.5, -0.5, low, high]
    return np.array([v for v in values if math.isfinite(v) or math.isnan(v) or v in (INF, -INF)], dtype)


def samples(rng, count, dtype, low, high):
    """Half uniform in [low, high], half uniform over the floats in it."""
    info = np.finfo(dtype)
    lo, hi = max(low, -float(info.max)), min(high, float(info.max))
    uniform = rng.uniform(lo / 2, hi / 2, count // 2) * 2 if lo < 0 < hi else rng.uniform(lo, hi, count // 2)
    bits = np.dtype(dtype).itemsize * 8
    found = []
    needed = count - count // 2
    while needed > 0:
        raw = rng.integers(0, 2 ** bits, size=4 * needed + 64, dtype=np.uint64)
        floats = raw.astype(f"uint{bits}").view(dtype)
        floats = floats[np.isfinite(floats) & (floats >= low) & (floats <= high)][:needed]
        found.append(floats)
        needed -= len(floats)
    return np.concatenate([uniform.astype(dtype), *found])


def ulp_errors(function: Function, dtype: str, inputs):
    """Tessera's error on each input, in ulp of the correctly rounded result
    (0 where both are the same NaN or infinity, inf where only one is)."""
    variables = [T.vector(dtype=dtype) for _ in range(function.arity)]
    compiled = tessera.function(variables, function.op(*variables))
    results = compiled(*inputs).astype(np.float64)
    count = len(results)
    # The exact result as an unevaluated sum hi + lo of doubles (exact to
    # 2^-106 relative), and the magnitude errors are measured against.
    hi, lo, scale = np.empty(count), np.zeros(count), np.empty(count)
    columns = [column.astype(np.float64).tolist() for column in inputs]
    reference = function.reference
    for i in range(count):
        arguments = [mpfr(column[i]) for column in columns]
        exact = reference(*arguments, results[i]) if function.uses_result else reference(*arguments)
        hi[i] = value = float(exact)
        scale[i] = abs(value)
        if math.isfinite(value):
            lo[i] = float(exact - value)
            if function.reflected_terms and columns[0][i] < 0:
                terms = function.reflected_terms(arguments[0])
                scale[i] = max(scale[i], *(abs(float(term)) for term in terms))
    rounded = hi.astype(dtype)
    largest = float(np.finfo(dtype).max)
    ulp = np.spacing(np.minimum(scale, largest).astype(dtype)).astype(np.float64)
    errors = np.abs((results - hi) - lo) / ulp
    special = np.isnan(hi) | np.isinf(rounded)
    same = (np.isnan(hi) & np.isnan(results)) | (results == rounded)
    errors[special] = np.where(same[special], 0.0, INF)
    errors[~special & ~np.isfinite(results)] = INF
    if function.exempt:
        errors[[function.exempt(x) for x in columns[0]]] = 0
    return errors


def measure(function: Function, dtype: str, count: int, seed: int = 0):
    """The largest error in ulp, and the input where it occurs."""
    rng = np.random.default_rng(seed)
    low, high = function.domain
    columns = []
    for _ in range(function.arity):
        values = samples(rng, count, dtype, low, high)
        columns.append(values)
    edges = edge_values(dtype, low, high)
    if function.arity == 1:
        columns = [np.concatenate([columns[0], edges])]
    else:  # every pair of edge values
        first, second = np.meshgrid(edges, edges)
        columns = [np.concatenate([columns[0], first.ravel()]), np.concatenate([columns[1], second.ravel()])]
    with np.errstate(all="ignore"):
        errors = ulp_errors(function, dtype, columns)
    worst = int(np.argmax(errors))
    return float(errors[worst]), tuple(float(c[worst]) for c in columns)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("functions", nargs="*", default=[f.name for f in FUNCTIONS])
    arguments = parser.parse_args()
    print(f"| op | float32 max ulp | float64 max ulp |  ({arguments.samples} samples + edge values)")
    print("|---|---|---|")
    for name in arguments.functions:
        cells = []
        for dtype in ("float32", "float64"):
            error, where = measure(BY_NAME[name], dtype, arguments.samples)
            cells.append(f"{error:.2f}")
        print(f"| `{name}` | {cells[0]} | {cells[1]} |", flush=True)


if __name__ == "__main__":
    main()
