"""The stability rewrites as users meet them: literal formulas that overflow,
cancel or divide 0 by 0 in floating point give the mathematically right
values in FAST_RUN (the default), as in Theano. The rewrites themselves are
tested pass by pass in tests/lit/Transforms/stabilize.mlir."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T


def test_log_of_one_plus_tiny_x_is_x():
    x = T.dvector("x")
    f = tessera.function([x], T.log(1 + x))
    np.testing.assert_array_equal(f([1e-20, -1e-30]), [1e-20, -1e-30])
    # Without the rewrites, 1 + 1e-20 rounds to 1: the literal formula's 0.
    literal = tessera.function([x], T.log(1 + x), mode="FAST_COMPILE")
    assert literal([1e-20])[0] == 0.0


def test_exp_minus_one_of_tiny_x_is_x():
    x = T.fvector("x")
    f = tessera.function([x], T.exp(x) - 1)
    np.testing.assert_allclose(f(np.float32([1e-10, 2e-8])), [1e-10, 2e-8], rtol=1e-6)


def test_softmax_written_by_hand_has_no_nan_at_large_values():
    x = T.dmatrix("x")
    rows = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    softmax = T.exp(x) / T.exp(x).sum(axis=1, keepdims=True)
    f = tessera.function([x], [softmax, T.grad(softmax[:, 0].sum(), x)])
    e = np.exp(rows - rows.max(axis=1, keepdims=True))
    value, grad = f(rows)
    np.testing.assert_allclose(value, e / e.sum(axis=1, keepdims=True), rtol=1e-12)
    # Its gradient is finite too.
    assert np.isfinite(grad).all()


def test_log_sum_exp_written_by_hand_is_stable():
    x = T.dmatrix("x")
    rows = np.array([[1000.0, 1000.0], [-1000.0, -1001.0], [0.0, -np.inf]])
    f = tessera.function([x], T.log(T.exp(x).sum(axis=1)))
    m = rows.max(axis=1)
    expected = m + np.log(np.exp(rows - m[:, None]).sum(axis=1))
    np.testing.assert_allclose(f(rows), expected, rtol=1e-12)
    g = tessera.function([x], T.grad(T.log(T.exp(x).sum(axis=1)).sum(), x))
    np.testing.assert_allclose(g(rows[:2]), [[0.5, 0.5], [1 / (1 + np.exp(-1)), 1 / (1 + np.exp(1))]], rtol=1e-12)


def test_x_over_x_is_one_even_at_zero():
    x = T.dvector("x")
    f = tessera.function([x], x / x)
    np.testing.assert_array_equal(f([0.0, 2.0, -3.0]), [1.0, 1.0, 1.0])


def test_log_of_one_minus_sigmoid_is_finite():
    x = T.dvector("x")
    p = 1 / (1 + T.exp(-x))
    f = tessera.function([x], [T.log(p), T.log(1 - p), T.grad(T.log(1 - p).sum(), x)])
    values = np.array([-800.0, -40.0, 0.0, 40.0, 800.0])
    log_p, log_q, grad = f(values)
    np.testing.assert_allclose(log_p, -np.logaddexp(0, -values), rtol=1e-12)
    np.testing.assert_allclose(log_q, -np.logaddexp(0, values), rtol=1e-12)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(grad, -1 / (1 + np.exp(-values)), rtol=1e-12)


def test_categorical_crossentropy_of_softmax_by_hand_is_finite():
    x, y = T.dmatrix("x"), T.lvector("y")
    p = T.nnet.softmax(x)
    loss = -T.log(p)[T.arange(y.shape[0]), y]
    f = tessera.function([x, y], [loss, T.grad(loss.sum(), x)])
    logits = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    value, grad = f(logits, [1, 0])
    np.testing.assert_allclose(value, [1000.0, 1000.0])
    assert np.isfinite(grad).all()


def test_the_seed_logistic_regression_as_written_trains():
    """The seed tutorial exactly: w = randn(784) saturates the sigmoid at once
    (p == 1.0 in float64 for many samples), and the cost is the literal
    cross-entropy; the rewrites keep cost and gradients finite."""
    rng = np.random.RandomState(42)
    n, feats = 400, 784
    data = (rng.randn(n, feats), rng.randint(size=n, low=0, high=2))
    x, y = T.dmatrix("x"), T.dvector("y")
    w = tessera.shared(rng.randn(feats), name="w")
    b = tessera.shared(0.0, name="b")
    p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))
    prediction = p_1 > 0.5
    xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)
    cost = xent.mean() + 0.01 * (w ** 2).sum()
    gw, gb = T.grad(cost, [w, b])
    train = tessera.function([x, y], [prediction, xent, gw],
                             updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    predict = tessera.function([x], prediction)
    saturated = 1 / (1 + np.exp(-data[0] @ w.get_value()))
    assert (saturated == 1.0).any()
    for _ in range(1000):
        _, err, grad = train(data[0], data[1])
        assert np.isfinite(err).all() and np.isfinite(grad).all()
    assert (predict(data[0]) == data[1]).mean() >= 0.99


@pytest.mark.parametrize("mode", ["FAST_COMPILE", "FAST_RUN"])
def test_rewrites_keep_the_gradient_of_the_graph_as_written(mode):
    """grad with respect to an intermediate value: the rewrites must not make
    the cost stop depending on it."""
    z = T.dvector("z")
    one_plus = 1 + z
    cost = T.log(one_plus).sum()
    f = tessera.function([z], T.grad(cost, one_plus), mode=mode)
    np.testing.assert_allclose(f([0.5, 2.0]), [1 / 1.5, 1 / 3.0])
