"""A tanh RNN trained by backpropagation through time, Tessera's `scan` against
a hand-written NumPy loop, in one run: T=100 steps, batch 32, 128 inputs, 256
hidden units, float64; forward and the gradients of a squared-error cost with
respect to both weight matrices and the bias. Also the compile time of the
Tessera function (scan, its gradient and the whole pipeline).

    python bench/rnn.py
"""

from __future__ import annotations

import time

import numpy as np

import tessera
import tessera.tensor as T

STEPS, BATCH, INPUTS, HIDDEN = 100, 32, 128, 256


def best_time(fn, repeats: int = 7) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def numpy_step(x, w_in, w_rec, b, target):
    """Forward and backpropagation through time, written by hand."""
    hs = [np.zeros((BATCH, HIDDEN))]
    for t in range(STEPS):
        hs.append(np.tanh(x[t] @ w_in + hs[-1] @ w_rec + b))
    cost = ((hs[-1] - target) ** 2).sum()
    dh = 2 * (hs[-1] - target)
    dw_in, dw_rec, db = np.zeros_like(w_in), np.zeros_like(w_rec), np.zeros_like(b)
    for t in reversed(range(STEPS)):
        da = dh * (1 - hs[t + 1] ** 2)
        dw_in += x[t].T @ da
        dw_rec += hs[t].T @ da
        db += da.sum(axis=0)
        dh = da @ w_rec.T
    return cost, dw_in, dw_rec, db


def tessera_step():
    x, target = T.dtensor3("x"), T.dmatrix("target")
    w_in, w_rec, b = T.dmatrix("w_in"), T.dmatrix("w_rec"), T.dvector("b")
    h0 = T.zeros((x.shape[1], w_rec.shape[0]), dtype="float64")
    hs, _ = tessera.scan(lambda xt, h: T.tanh(T.dot(xt, w_in) + T.dot(h, w_rec) + b),
                         sequences=x, outputs_info=h0)
    cost = ((hs[-1] - target) ** 2).sum()
    start = time.perf_counter()
    f = tessera.function([x, w_in, w_rec, b, target], [cost, *T.grad(cost, [w_in, w_rec, b])])
    return f, time.perf_counter() - start


def main() -> None:
    rng = np.random.default_rng(0)
    args = (rng.normal(size=(STEPS, BATCH, INPUTS)), rng.normal(size=(INPUTS, HIDDEN)) * 0.05,
            rng.normal(size=(HIDDEN, HIDDEN)) * 0.05, rng.normal(size=HIDDEN) * 0.05,
            rng.normal(size=(BATCH, HIDDEN)))
    f, compile_seconds = tessera_step()
    for got, expected in zip(f(*args), numpy_step(*args)):
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)
    numpy_seconds = best_time(lambda: numpy_step(*args))
    tessera_seconds = best_time(lambda: f(*args))
    print(f"tanh RNN T={STEPS} batch={BATCH} {INPUTS}->{HIDDEN}, forward + gradients (float64)")
    print(f"  NumPy loop   {numpy_seconds * 1e3:8.2f} ms")
    print(f"  Tessera scan {tessera_seconds * 1e3:8.2f} ms   ratio NumPy/Tessera "
          f"{numpy_seconds / tessera_seconds:.2f}")
    print(f"  compile time {compile_seconds:.2f} s")


if __name__ == "__main__":
    main()
