"""Tessera's main demo: a Theano program, compiled by MLIR, checked against NumPy.

A one-layer network's forward pass, `softmax`-free for now:
    h = tanh(x . W + b)        (x: a batch of rows; b broadcast over the rows)
and an accumulator of the loss in a shared variable, updated by each call.
Shows the emitted tessera dialect (with the source lines of each op), runs
the function, and shows a run-time shape error.
"""

import numpy as np

import tessera
import tessera.tensor as T

x = T.fmatrix("x")
W = tessera.shared(np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32), name="W")
b = tessera.shared(np.zeros(3, dtype=np.float32), name="b")
total = tessera.shared(np.float32(0), name="total")

h = T.tanh(T.dot(x, W) + b)
loss = T.sum(h ** 2) / T.cast(x.shape[0], "float32")
forward = tessera.function([x], [h, loss], updates=[(total, total + loss)], name="forward")

print("== The function in the tessera dialect, as emitted from the graph ==")
print(forward.ir())

batch = np.random.default_rng(1).standard_normal((1001, 4)).astype(np.float32)
hidden, value = forward(batch)
expected = np.tanh(batch @ W.get_value() + b.get_value())
np.testing.assert_allclose(hidden, expected, rtol=1e-5, atol=1e-6)
np.testing.assert_allclose(value, (expected ** 2).sum() / len(batch), rtol=1e-4)
forward(batch[::2])  # A strided view, passed without copying.
print(f"== Results ==\nh: {hidden.shape} {hidden.dtype}, equal to NumPy's; loss {float(value):.5f}")
print(f"total after two calls: {float(total.get_value()):.5f}")
print(f"final IR: {len(forward.ir('final').splitlines())} lines of the LLVM dialect")

print("== A run-time shape error ==")
try:
    forward(np.ones((5, 7), dtype=np.float32))
except ValueError as error:
    print(f"ValueError: {error}")
