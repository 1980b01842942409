"""Tessera against NumPy, in one run: a fused elementwise expression on 1e6 and
1e7 float32 elements, math functions on 1e6 elements, a 1024^3 float32 dot, one training step of the seed
logistic regression (float32, 400 x 784, gradients by `T.grad` against NumPy's
hand-written step), a row softmax and log-sum-exp of a 4096 x 1024 float32
matrix, one SGD step of the MLP of examples/mlp.py against its NumPy step,
and the per-call overhead of a one-element function. Prints times and NumPy/Tessera ratios (> 1: Tessera is
faster).

    python bench/run.py            # everything
    python bench/run.py --quick    # fewer repeats
"""

from __future__ import annotations

import argparse
import platform
import time
from typing import Callable

import numpy as np

import tessera
import tessera.tensor as T


def best_time(fn: Callable[[], object], repeats: int, min_seconds: float = 0.2) -> float:
    """The best per-call time over `repeats` rounds of enough calls to last
    `min_seconds` each (after one warm-up call)."""
    fn()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds / 10 or calls > 1 << 20:
            break
        calls *= 4
    best = elapsed / calls
    for _ in range(repeats - 1):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def row(name: str, numpy_s: float, tessera_s: float) -> None:
    print(f"{name:<42} {numpy_s * 1e3:>10.3f} ms {tessera_s * 1e3:>10.3f} ms {numpy_s / tessera_s:>8.2f}x")


def elementwise(size: int, repeats: int) -> None:
    a, b, c = T.fvectors("a", "b", "c")
    f = tessera.function([a, b, c], T.tanh(a * b + c) + T.exp(-a))
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal(size).astype(np.float32) for _ in range(3))
    np.testing.assert_allclose(f(x, y, z), np.tanh(x * y + z) + np.exp(-x), rtol=1e-5, atol=1e-6)
    row(f"tanh(a*b+c) + exp(-a), {size:.0e} float32",
        best_time(lambda: np.tanh(x * y + z) + np.exp(-x), repeats),
        best_time(lambda: f(x, y, z), repeats))


def math_functions(size: int, repeats: int) -> None:
    """One function per call on `size` elements: Tessera's vector loops
    (libmvec or inline polynomials) against NumPy's SIMD loops (SciPy's for
    erf, which NumPy lacks; skipped without SciPy)."""
    try:
        from scipy.special import erf as scipy_erf
    except ImportError:
        scipy_erf = None
    rng = np.random.default_rng(0)
    cases = [("exp", np.exp, (-10, 10)), ("log", np.log, (0.01, 100)), ("tanh", np.tanh, (-5, 5)),
             ("sin", np.sin, (-10, 10)), ("erf", scipy_erf, (-3, 3))]
    for dtype, names in (("float32", ("exp", "log", "tanh", "sin", "erf")), ("float64", ("exp", "log", "tanh"))):
        for name, reference, (low, high) in cases:
            if name not in names or reference is None:
                continue
            x = T.vector(dtype=dtype)
            f = tessera.function([x], getattr(T, name)(x))
            value = rng.uniform(low, high, size).astype(dtype)
            np.testing.assert_allclose(f(value), reference(value), rtol=1e-5 if dtype == "float32" else 1e-13)
            row(f"{name}, {size:.0e} {dtype}", best_time(lambda: reference(value), repeats),
                best_time(lambda: f(value), repeats))


def matmul(n: int, repeats: int) -> None:
    a, b = T.fmatrices("a", "b")
    f = tessera.function([a, b], T.dot(a, b))
    rng = np.random.default_rng(0)
    x, y = (rng.standard_normal((n, n)).astype(np.float32) for _ in range(2))
    np.testing.assert_allclose(f(x, y), x @ y, rtol=1e-3, atol=1e-3)
    row(f"dot {n}x{n} @ {n}x{n} float32", best_time(lambda: np.dot(x, y), repeats),
        best_time(lambda: f(x, y), repeats))


def logistic_regression_step(repeats: int) -> None:
    n, feats = 400, 784
    rng = np.random.default_rng(0)
    data = rng.standard_normal((n, feats)).astype(np.float32)
    labels = rng.integers(0, 2, n).astype(np.float32)
    w0 = (0.01 * rng.standard_normal(feats)).astype(np.float32)
    saved, tessera.config.floatX = tessera.config.floatX, "float32"  # Constants in float32.
    x, y = T.fmatrix("x"), T.fvector("y")
    w, b = tessera.shared(w0.copy(), name="w"), tessera.shared(np.float32(0), name="b")
    p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))
    xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)
    cost = xent.mean() + 0.01 * (w ** 2).sum()
    gw, gb = T.grad(cost, [w, b])
    train = tessera.function([x, y], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    tessera.config.floatX = saved
    state = {"w": w0.copy(), "b": np.float32(0)}

    def numpy_step():
        p = 1 / (1 + np.exp(-(data @ state["w"]) - state["b"]))
        value = (-labels * np.log(p) - (1 - labels) * np.log(1 - p)).mean() \
            + 0.01 * (state["w"] ** 2).sum()
        state["w"] = state["w"] - 0.1 * (data.T @ (p - labels) / n + 0.02 * state["w"])
        state["b"] = state["b"] - 0.1 * (p - labels).mean()
        return value

    np.testing.assert_allclose(train(data, labels), numpy_step(), rtol=1e-4)
    row("logistic regression step, 400x784 float32", best_time(numpy_step, repeats),
        best_time(lambda: train(data, labels), repeats))


def softmax_and_logsumexp(rows: int, columns: int, repeats: int) -> None:
    """Row softmax and row log-sum-exp of one float32 matrix, both stable."""
    x = T.fmatrix("x")
    top = T.max(x, axis=1, keepdims=True)
    log_sum_exp = T.log(T.sum(T.exp(x - top), axis=1, keepdims=True)) + top
    f = tessera.function([x], [T.nnet.softmax(x), log_sum_exp])
    value = np.random.default_rng(0).standard_normal((rows, columns)).astype(np.float32)

    def numpy_version():
        shifted = np.exp(value - value.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True), \
            np.log(shifted.sum(axis=1, keepdims=True)) + value.max(axis=1, keepdims=True)

    for result, expected in zip(f(value), numpy_version()):
        np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-6)
    row(f"row softmax + logsumexp {rows}x{columns} float32", best_time(numpy_version, repeats),
        best_time(lambda: f(value), repeats))


def mlp_step(repeats: int) -> None:
    """One SGD step of examples/mlp.py (784-500-10, batch 60) against the same
    step written by hand in NumPy."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parents[1] / "examples"))
    import mlp

    data, labels = mlp.synthetic_data(mlp.BATCH)
    reference = mlp.initial_parameters()
    _, train = mlp.build_mlp(reference)
    np.testing.assert_allclose(train(data, labels), mlp.numpy_step(reference, data, labels), rtol=1e-4)
    row("MLP step 784-500-10, batch 60, float32", best_time(lambda: mlp.numpy_step(reference, data, labels), repeats),
        best_time(lambda: train(data, labels), repeats))


def call_overhead(repeats: int) -> None:
    x = T.dscalar("x")
    f = tessera.function([x], x + 1)
    one = np.float64(1.0)
    tessera_s = best_time(lambda: f(one), repeats)
    numpy_s = best_time(lambda: np.add(one, 1), repeats)
    row("per-call overhead, 1-element function", numpy_s, tessera_s)
    print(f"  (Tessera: {tessera_s * 1e6:.2f} us per call)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    print(f"{platform.processor() or platform.machine()}, NumPy {np.__version__}")
    print(f"{'benchmark':<42} {'NumPy':>13} {'Tessera':>13} {'ratio':>9}")
    elementwise(10**6, repeats)
    elementwise(10**7, repeats)
    math_functions(10**6, repeats)
    matmul(1024, max(2, repeats // 2))
    logistic_regression_step(repeats)
    softmax_and_logsumexp(4096, 1024, repeats)
    mlp_step(repeats)
    call_overhead(repeats)


if __name__ == "__main__":
    main()
