"""Training with gradients: the seed logistic regression against a NumPy
gradient descent written by hand."""

import numpy as np

import tessera
import tessera.tensor as T


def test_logistic_regression_matches_numpy_gradient_descent():
    rng = np.random.RandomState(42)
    n, feats, steps = 400, 784, 1000
    data, labels = rng.randn(n, feats), rng.randint(size=n, low=0, high=2)
    w0 = 0.01 * rng.randn(feats)

    x, y = T.dmatrix("x"), T.dvector("y")
    w, b = tessera.shared(w0, name="w"), tessera.shared(0.0, name="b")
    p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))
    xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)
    cost = xent.mean() + 0.01 * (w ** 2).sum()
    gw, gb = T.grad(cost, [w, b])
    train = tessera.function([x, y], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    predict = tessera.function([x], p_1 > 0.5)

    # The same descent by hand: d xent / d z = p - y for z = x.w + b.
    w_ref, b_ref = w0.copy(), 0.0
    for _ in range(steps):
        train(data, labels)
        p = 1 / (1 + np.exp(-(data @ w_ref) - b_ref))
        w_ref, b_ref = (w_ref - 0.1 * (data.T @ (p - labels) / n + 0.02 * w_ref),
                        b_ref - 0.1 * (p - labels).mean())
    np.testing.assert_allclose(w.get_value(), w_ref, atol=1e-6, rtol=0)
    np.testing.assert_allclose(b.get_value(), b_ref, atol=1e-6, rtol=0)
    assert (predict(data) == labels).mean() >= 0.99
