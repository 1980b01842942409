"""ifelse: lazy (only the branch taken runs), several outputs, derivatives
through the taken branch."""

import time

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad
from tessera.ifelse import ifelse


def test_values_of_the_branch_taken():
    a, b = T.dscalars("a", "b")
    x, y = T.dvectors("x", "y")
    out = ifelse(T.lt(a, b), T.mean(x), T.mean(y))
    f = tessera.function([a, b, x, y], out)
    assert f(1.0, 2.0, [1.0, 3.0], [10.0]) == 2.0
    assert f(3.0, 2.0, [1.0, 3.0], [10.0]) == 10.0


def test_integer_condition_and_several_outputs():
    n = T.lscalar()
    x = T.dvector()
    first, second = ifelse(n, [x * 2, x.sum()], [x - 1, x.max()])
    f = tessera.function([n, x], [first, second])
    got = f(3, [1.0, 2.0])
    np.testing.assert_array_equal(got[0], [2.0, 4.0])
    assert got[1] == 3.0
    got = f(0, [1.0, 2.0])
    np.testing.assert_array_equal(got[0], [0.0, 1.0])
    assert got[1] == 2.0


def test_only_the_branch_taken_runs():
    # The else branch would fail (an index out of range): not taken, no error.
    x = T.dvector()
    i = T.lscalar()
    out = ifelse(T.lt(i, x.shape[0]), x[i], x[i + 100])
    f = tessera.function([x, i], out)
    assert f([1.0, 2.0, 3.0], 1) == 2.0
    with pytest.raises(IndexError, match="out of bounds"):
        f([1.0, 2.0, 3.0], 5)


def test_a_costly_branch_not_taken_costs_nothing():
    m = T.dmatrix()
    c = T.bscalar()
    costly = T.dot(T.dot(T.dot(m, m), m), m).sum()
    f = tessera.function([c, m], ifelse(c, costly, m.sum()))
    value = np.ones((600, 600))
    f(0, value), f(1, value)  # Warm up.
    start = time.perf_counter()
    for _ in range(5):
        f(0, value)
    cheap = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        f(1, value)
    taken = time.perf_counter() - start
    assert cheap * 5 < taken


def test_branches_must_agree_in_dtype_and_rank():
    a = T.dscalar()
    with pytest.raises(TypeError, match=r"ifelse at .*test_ifelse.py:\d+: the two branches should have "
                                        "identical types"):
        ifelse(a, T.dvector(), T.fvector())
    with pytest.raises(TypeError, match="must be a scalar"):
        ifelse(T.dvector(), a, a)
    # Broadcastable flags join: a row and a matrix give a matrix.
    assert ifelse(a, T.drow(), T.dmatrix()).broadcastable == (False, False)


def test_gradient_flows_through_the_branch_taken():
    a = T.dscalar("a")
    w = T.dvector("w")
    out = ifelse(T.gt(a, 0), (w ** 3).sum() * a, T.sin(w).sum())
    gw, ga = T.grad(out, [w, a])
    f = tessera.function([a, w], [gw, ga])
    wv = np.array([0.5, -1.0])
    got = f(2.0, wv)
    np.testing.assert_allclose(got[0], 3 * wv ** 2 * 2.0)
    assert got[1] == pytest.approx((wv ** 3).sum())
    got = f(-1.0, wv)
    np.testing.assert_allclose(got[0], np.cos(wv))
    assert got[1] == 0.0
    for cond in (1.0, -1.0):
        verify_grad(lambda w: ifelse(T.gt(T.constant(cond), 0), T.exp(w) * w, w ** 2), [wv],
                    rng=np.random.default_rng(0))


def test_ifelse_inside_scan():
    x = T.dvector()
    out, _ = tessera.scan(lambda a: ifelse(T.gt(a, 0), T.sqrt(a), -a), sequences=x)
    np.testing.assert_allclose(tessera.function([x], out)([4.0, -2.0, 9.0]), [2.0, 2.0, 3.0])
