"""A multilayer perceptron trained with minibatch SGD, as in the deep-learning
tutorials: 784 inputs, 500 tanh hidden units, 10 softmax outputs, the
categorical cross-entropy of integer labels (built as one stable op), a
minibatch of 60 and a step of 0.1, all in float32.

    python examples/mlp.py            # trains on synthetic data, prints the cost

`build_mlp` and `numpy_step` are shared with tests/python/test_mlp.py (which
checks 200 steps against the NumPy step) and bench/run.py (which times one).
"""

from __future__ import annotations

import numpy as np

import tessera
import tessera.tensor as T

N_IN, N_HIDDEN, N_OUT, BATCH, LEARNING_RATE = 784, 500, 10, 60, np.float32(0.1)


def initial_parameters(seed: int = 0) -> dict[str, np.ndarray]:
    """Glorot-uniform weights for the tanh layer (as the tutorial), zeros
    elsewhere, in float32."""
    rng = np.random.default_rng(seed)
    bound = np.sqrt(6.0 / (N_IN + N_HIDDEN))
    return {"W1": rng.uniform(-bound, bound, (N_IN, N_HIDDEN)).astype(np.float32),
            "b1": np.zeros(N_HIDDEN, np.float32),
            "W2": np.zeros((N_HIDDEN, N_OUT), np.float32),
            "b2": np.zeros(N_OUT, np.float32)}


def synthetic_data(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Inputs in [0, 1) and labels that depend on them (so the cost falls)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, N_IN), dtype=np.float32)
    projection = rng.standard_normal((N_IN, N_OUT)).astype(np.float32)
    return x, np.argmax((x - 0.5) @ projection, axis=1).astype(np.int64)


def build_mlp(parameters: dict[str, np.ndarray]):
    """The shared parameters and a compiled training step: train(x, y) returns
    the minibatch's mean cost and updates the parameters."""
    shared = {name: tessera.shared(value.copy(), name=name) for name, value in parameters.items()}
    x, y = T.fmatrix("x"), T.lvector("y")
    hidden = T.tanh(T.dot(x, shared["W1"]) + shared["b1"])
    p_y = T.nnet.softmax(T.dot(hidden, shared["W2"]) + shared["b2"])
    cost = T.mean(T.nnet.categorical_crossentropy(p_y, y))
    gradients = T.grad(cost, list(shared.values()))
    updates = [(p, p - LEARNING_RATE * g) for p, g in zip(shared.values(), gradients)]
    return shared, tessera.function([x, y], cost, updates=updates, name="mlp_step")


def numpy_step(parameters: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> np.float32:
    """The same step by hand in NumPy (float32), updating `parameters`."""
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    hidden = np.tanh(x @ W1 + b1)
    logits = hidden @ W2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = np.float32(len(y))
    cost = -log_p[np.arange(len(y)), y].mean()
    d_logits = np.exp(log_p)
    d_logits[np.arange(len(y)), y] -= 1
    d_logits /= n
    d_hidden = (d_logits @ W2.T) * (1 - hidden * hidden)
    parameters["W2"] = W2 - LEARNING_RATE * (hidden.T @ d_logits)
    parameters["b2"] = b2 - LEARNING_RATE * d_logits.sum(axis=0)
    parameters["W1"] = W1 - LEARNING_RATE * (x.T @ d_hidden)
    parameters["b1"] = b1 - LEARNING_RATE * d_hidden.sum(axis=0)
    return cost


def main() -> None:
    data, labels = synthetic_data(6000)
    _, train = build_mlp(initial_parameters())
    for step in range(400):
        start = (step * BATCH) % len(data)
        cost = train(data[start:start + BATCH], labels[start:start + BATCH])
        if step % 50 == 0 or step == 399:
            print(f"step {step:3d}: cost {float(cost):.4f}")


if __name__ == "__main__":
    main()
