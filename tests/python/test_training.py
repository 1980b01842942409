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


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_minibatch_softmax_regression_with_givens_over_every_batch():
    """The deep-learning tutorials' logistic_sgd: shared datasets sliced by an
    lscalar index in givens; 103 samples in batches of 20 leave a short last
    batch of 3."""
    rng = np.random.RandomState(0)
    n, feats, classes, batch, lr = 103, 30, 4, 20, 0.13
    data = rng.randn(n, feats)
    labels = (data[:, :classes].argmax(axis=1)).astype(np.int64)
    shared_x, shared_y = tessera.shared(data, name="X"), tessera.shared(labels, name="Y")

    x, y, index = T.dmatrix("x"), T.lvector("y"), T.lscalar("index")
    W = tessera.shared(np.zeros((feats, classes)), name="W")
    b = tessera.shared(np.zeros(classes), name="b")
    p_y = T.nnet.softmax(T.dot(x, W) + b)
    cost = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
    gW, gb = T.grad(cost, [W, b])
    train = tessera.function([index], cost, updates=[(W, W - lr * gW), (b, b - lr * gb)],
                             givens={x: shared_x[index * batch:(index + 1) * batch],
                                     y: shared_y[index * batch:(index + 1) * batch]})

    W_ref, b_ref = np.zeros((feats, classes)), np.zeros(classes)
    batches = (n + batch - 1) // batch
    for epoch in range(3):
        for i in range(batches):
            xs, ys = data[i * batch:(i + 1) * batch], labels[i * batch:(i + 1) * batch]
            p = _softmax(xs @ W_ref + b_ref)
            expected_cost = -np.mean(np.log(p[np.arange(len(ys)), ys]))
            np.testing.assert_allclose(train(i), expected_cost, rtol=1e-12)
            delta = p.copy()
            delta[np.arange(len(ys)), ys] -= 1
            delta /= len(ys)
            W_ref, b_ref = W_ref - lr * xs.T @ delta, b_ref - lr * delta.sum(axis=0)
    np.testing.assert_allclose(W.get_value(), W_ref, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(b.get_value(), b_ref, rtol=1e-10, atol=1e-13)


def test_embedding_model_updates_rows_with_inc_subtensor():
    """E[ids] with repeated ids, summed per sequence, squared error; SGD writes
    only the rows used, with inc_subtensor (repeated ids accumulate)."""
    rng = np.random.RandomState(1)
    vocabulary, width, lr = 12, 5, 0.05
    E = tessera.shared(rng.randn(vocabulary, width), name="E")
    ids, target = T.lmatrix("ids"), T.dmatrix("target")
    embedded = E[ids]                             # (batch, length, width)
    error = embedded.sum(axis=1) - target
    cost = (error ** 2).sum()
    g = T.grad(cost, embedded)
    train = tessera.function([ids, target], cost, updates=[(E, T.inc_subtensor(E[ids], -lr * g))])

    E_ref = E.get_value()
    for step in range(10):
        batch_ids = rng.randint(0, vocabulary, (4, 6))
        batch_ids[:, 0] = batch_ids[:, 1]         # Every sequence repeats an id.
        batch_target = rng.randn(4, width)
        residual = E_ref[batch_ids].sum(axis=1) - batch_target
        expected_cost = (residual ** 2).sum()
        np.testing.assert_allclose(train(batch_ids, batch_target), expected_cost, rtol=1e-12)
        grad_rows = np.broadcast_to(2 * residual[:, None, :], batch_ids.shape + (width,))
        np.add.at(E_ref, batch_ids, -lr * grad_rows)
    np.testing.assert_allclose(E.get_value(), E_ref, rtol=1e-12, atol=1e-14)
