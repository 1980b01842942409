"""Reductions vectorized by tessera-vectorize (partial results carried in
vectors, tails completed with the neutral element) against NumPy: every kind,
along rows and columns, with sizes on either side of a vector's width, and
rows of negative values (where a wrong neutral element of max shows)."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T

REDUCTIONS = {
    "sum": (lambda x, axis: x.sum(axis=axis), np.sum),
    "prod": (lambda x, axis: x.prod(axis=axis), np.prod),
    "max": (lambda x, axis: x.max(axis=axis), np.max),
    "min": (lambda x, axis: x.min(axis=axis), np.min),
    "mean": (lambda x, axis: x.mean(axis=axis), np.mean),
    "argmax": (lambda x, axis: T.argmax(x, axis=axis), np.argmax),
}


@pytest.mark.parametrize("name", list(REDUCTIONS))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("mode", ["FAST_RUN", "FAST_COMPILE"])
def test_reductions_equal_numpy(name, dtype, axis, mode):
    op, reference = REDUCTIONS[name]
    x = T.matrix(dtype=dtype)
    f = tessera.function([x], op(x, axis), mode=mode)
    rng = np.random.default_rng(5)
    for rows, cols in [(3, 1), (5, 15), (4, 16), (6, 17), (2, 33), (17, 40)]:
        a = rng.uniform(-2, -0.5, (rows, cols)).astype(dtype)  # All negative.
        a[::2] *= -1
        np.testing.assert_allclose(f(a), reference(a, axis=axis), rtol=2e-6 if dtype == "float32" else 1e-13)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_constants_and_fused_producers(dtype):
    # A constant has static sizes: vectors as wide as its rows, no tails.
    a = np.random.default_rng(2).standard_normal((7, 37)).astype(dtype) - 5
    x = T.constant(a)
    f = tessera.function([], [T.exp(x).sum(axis=1), (x * x).max(axis=0), T.nnet.softmax(x)])
    sums, maxima, soft = f()
    rtol = 2e-6 if dtype == "float32" else 1e-13
    np.testing.assert_allclose(sums, np.exp(a).sum(axis=1), rtol=rtol)
    np.testing.assert_allclose(maxima, (a * a).max(axis=0), rtol=rtol)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    np.testing.assert_allclose(soft, e / e.sum(axis=1, keepdims=True), rtol=rtol)
