"""The workloads of the peer benchmark (W1-W7 of ../shared/bench/peers.py: the
same sizes, formulas and float32 data) and sums over the rows and columns of a
matrix (R), timed in one run for NumPy, Tessera on every core and on one
thread (`tessera1`) and, where they are installed, JAX, PyTorch and PyTensor
(`pip install "tessera-mlir[bench]"` brings JAX and PyTensor).

For each workload and system it prints the compile time (the first call's wall
time beyond a steady call), the median and best of the timed calls, the time
relative to NumPy's (< 1: faster than NumPy), GFLOP/s or GB/s where the
workload has a natural unit of work, the largest relative error against NumPy
and the machine's load (the 1-minute load average, and the CPU time other
processes took during the timed calls: 0% on a quiet machine). A JSON file
keeps every measurement.

    python bench/workloads.py                         # everything
    python bench/workloads.py --only W3,W5 --systems numpy,tessera
    python bench/workloads.py --json results.json --repeats 5

Tessera runs with `floatX = 'float32'`, as Theano programs training in
float32 set it: the tutorials' learning rates are Python floats, which then
stay float32 in the updates of float32 shared variables (with float64, Theano
and Tessera refuse such an update).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

F32 = np.float32
SYSTEMS = ("numpy", "tessera", "tessera1", "jax", "torch", "pytensor")
"""`tessera1` is Tessera compiled for one thread (config.num_threads = 1): the
threads' speed-up over it is the ratio of the two rows."""


# ---------------------------------------------------------------------------
# The systems: each one imported on demand, absent when not installed.
# ---------------------------------------------------------------------------

MODULES: dict[str, Any] = {}


def load(system: str) -> bool:
    """Imports `system` into MODULES; False when it is not installed."""
    try:
        if system == "tessera1":
            return load("tessera")
        if system == "numpy":
            MODULES["np"] = np
        elif system == "tessera":
            import tessera
            import tessera.tensor as T

            tessera.config.floatX = "float32"
            MODULES["tessera"], MODULES["T"] = tessera, T
        elif system == "jax":
            import jax
            import jax.numpy as jnp

            MODULES["jax"], MODULES["jnp"] = jax, jnp
        elif system == "torch":
            import torch

            MODULES["torch"] = torch
        elif system == "pytensor":
            import pytensor
            import pytensor.tensor as pt

            MODULES["pytensor"], MODULES["pt"] = pytensor, pt
        return True
    except ImportError:
        return False


def synchronized(value: Any) -> Any:
    """`value` once computed (JAX computes asynchronously)."""
    if hasattr(value, "block_until_ready"):
        return value.block_until_ready()
    if isinstance(value, (list, tuple)):
        return [synchronized(v) for v in value]
    return value


def as_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach()
    return np.asarray(value)


# ---------------------------------------------------------------------------
# Workloads: a case is one timed unit of work per system, with NumPy's result.
# ---------------------------------------------------------------------------


@dataclass
class Case:
    workload: str
    label: str
    builders: dict[str, Callable[[], Callable[[], Any]]]
    """system -> build(): the timed unit, returning what is checked."""
    reference: Callable[[Any], list[np.ndarray]] = lambda value: value
    """The checked arrays of a unit's return value."""
    tolerance: float = 1e-4
    work: tuple[str, float] | None = None
    """("GFLOP/s", GFLOP per unit) or ("GB/s", GB per unit)."""
    repeats: int = 10
    large_input: np.ndarray | None = None
    """An input on which naive formulas overflow: the unit then takes it as
    its argument, and its results must be finite and equal NumPy's stable ones."""
    large_reference: list[np.ndarray] | None = None


def sgd_case(workload, label, trainers, steps, tolerance):
    """A training workload: the unit is `steps` SGD steps from the initial
    parameters, checked after them against NumPy's."""

    def unit(make):
        def build():
            trainer = make()

            def run():
                trainer.reset()
                trainer.steps(steps)
                return trainer.params()

            return run

        return build

    return Case(workload, label, {s: unit(m) for s, m in trainers.items()}, tolerance=tolerance, repeats=3)


def w1_logistic_regression() -> list[Case]:
    n, d, lr, l2, steps = 400, 784, 0.1, 0.01, 1000
    rng = np.random.default_rng(1)
    x_value = rng.standard_normal((n, d)).astype(F32)
    y_value = rng.integers(0, 2, n).astype(F32)
    w0, b0 = (0.01 * rng.standard_normal(d)).astype(F32), np.zeros((), F32)

    class NumpyTrainer:
        def reset(self):
            self.w, self.b = w0.copy(), b0.copy()

        def steps(self, count):
            w, b = self.w, self.b
            for _ in range(count):
                p = F32(1) / (F32(1) + np.exp(-(x_value @ w + b)))
                g = (p - y_value) / F32(n)
                w = w - F32(lr) * (x_value.T @ g + F32(2 * l2) * w)
                b = (b - F32(lr) * g.sum()).astype(F32)
            self.w, self.b = w, b

        def params(self):
            return [self.w, self.b]

    def tessera_trainer():
        tessera, T = MODULES["tessera"], MODULES["T"]
        x, y = T.fmatrix("x"), T.fvector("y")
        w, b = tessera.shared(w0.copy(), name="w"), tessera.shared(b0.copy(), name="b")
        p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))  # The tutorial's literal graph.
        xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)
        cost = xent.mean() + l2 * (w**2).sum()
        gw, gb = tessera.grad(cost, [w, b])
        f = tessera.function([x, y], cost, updates=[(w, w - lr * gw), (b, b - lr * gb)])
        return SharedTrainer(lambda: f(x_value, y_value), [w, b], [w0, b0])

    def jax_trainer():
        jax, jnp = MODULES["jax"], MODULES["jnp"]
        x, y = jnp.asarray(x_value), jnp.asarray(y_value)

        def loss(params):
            w, b = params
            z = x @ w + b
            return (jnp.mean(-y * jax.nn.log_sigmoid(z) - (1 - y) * jax.nn.log_sigmoid(-z))
                    + l2 * jnp.sum(w**2))

        step = jax.jit(lambda params: [p - lr * g for p, g in zip(params, jax.grad(loss)(params))])
        return FunctionalTrainer(step, [w0, b0], jnp.asarray)

    def torch_trainer():
        torch = MODULES["torch"]
        x, y = torch.from_numpy(x_value), torch.from_numpy(y_value)

        def loss(w, b):
            return (torch.nn.functional.binary_cross_entropy_with_logits(x @ w + b, y)
                    + l2 * (w**2).sum())

        return TorchTrainer(loss, [w0, b0], lr)

    def pytensor_trainer():
        pytensor, pt = MODULES["pytensor"], MODULES["pt"]
        x, y = pt.matrix("x", dtype="float32"), pt.vector("y", dtype="float32")
        w, b = pytensor.shared(w0.copy()), pytensor.shared(b0.copy())
        p_1 = 1 / (1 + pt.exp(-pt.dot(x, w) - b))
        cost = (-y * pt.log(p_1) - (1 - y) * pt.log(1 - p_1)).mean() + F32(l2) * (w**2).sum()
        gw, gb = pytensor.grad(cost, [w, b])
        f = pytensor.function([x, y], cost, updates=[(w, w - F32(lr) * gw), (b, b - F32(lr) * gb)])
        return SharedTrainer(lambda: f(x_value, y_value), [w, b], [w0, b0])

    trainers = {"numpy": NumpyTrainer, "tessera": tessera_trainer, "jax": jax_trainer,
                "torch": torch_trainer, "pytensor": pytensor_trainer}
    return [sgd_case("W1", f"logistic regression SGD, {n}x{d}, {steps} steps", trainers, steps, 1e-3)]


def w2_mlp() -> list[Case]:
    batch, d, h, c, lr, steps = 60, 784, 500, 10, 0.1, 200
    rng = np.random.default_rng(2)
    x_value = rng.random((batch, d), dtype=F32)
    y_value = rng.integers(0, c, batch).astype(np.int64)
    r1, r2 = np.sqrt(6 / (d + h)), np.sqrt(6 / (h + c))
    init = [rng.uniform(-r1, r1, (d, h)).astype(F32), np.zeros(h, F32),
            rng.uniform(-r2, r2, (h, c)).astype(F32), np.zeros(c, F32)]
    rows = np.arange(batch)

    class NumpyTrainer:
        def reset(self):
            self.p = [a.copy() for a in init]

        def steps(self, count):
            w1, b1, w2, b2 = self.p
            for _ in range(count):
                hidden = np.tanh(x_value @ w1 + b1)
                z = hidden @ w2 + b2
                e = np.exp(z - z.max(axis=1, keepdims=True))
                dz = e / e.sum(axis=1, keepdims=True)
                dz[rows, y_value] -= 1
                dz /= F32(batch)
                dh = (dz @ w2.T) * (1 - hidden * hidden)
                w1, b1 = w1 - F32(lr) * (x_value.T @ dh), b1 - F32(lr) * dh.sum(0)
                w2, b2 = w2 - F32(lr) * (hidden.T @ dz), b2 - F32(lr) * dz.sum(0)
            self.p = [w1, b1, w2, b2]

        def params(self):
            return self.p

    def tessera_trainer():
        tessera, T = MODULES["tessera"], MODULES["T"]
        x, y = T.fmatrix("x"), T.lvector("y")
        params = [tessera.shared(a.copy()) for a in init]
        w1, b1, w2, b2 = params
        p_y = T.nnet.softmax(T.dot(T.tanh(T.dot(x, w1) + b1), w2) + b2)
        nll = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])  # As in the tutorial.
        grads = tessera.grad(nll, params)
        f = tessera.function([x, y], nll, updates=[(v, v - lr * g) for v, g in zip(params, grads)])
        return SharedTrainer(lambda: f(x_value, y_value), params, init)

    def jax_trainer():
        jax, jnp = MODULES["jax"], MODULES["jnp"]
        x, y = jnp.asarray(x_value), jnp.asarray(y_value)

        def loss(params):
            w1, b1, w2, b2 = params
            logits = jnp.tanh(x @ w1 + b1) @ w2 + b2
            return -jnp.mean(jax.nn.log_softmax(logits)[jnp.arange(batch), y])

        step = jax.jit(lambda params: [p - lr * g for p, g in zip(params, jax.grad(loss)(params))])
        return FunctionalTrainer(step, init, jnp.asarray)

    def torch_trainer():
        torch = MODULES["torch"]
        x, y = torch.from_numpy(x_value), torch.from_numpy(y_value)

        def loss(w1, b1, w2, b2):
            return torch.nn.functional.cross_entropy(torch.tanh(x @ w1 + b1) @ w2 + b2, y)

        return TorchTrainer(loss, init, lr)

    def pytensor_trainer():
        pytensor, pt = MODULES["pytensor"], MODULES["pt"]
        from pytensor.tensor.special import softmax

        x, y = pt.matrix("x", dtype="float32"), pt.vector("y", dtype="int64")
        params = [pytensor.shared(a.copy()) for a in init]
        w1, b1, w2, b2 = params
        p_y = softmax(pt.dot(pt.tanh(pt.dot(x, w1) + b1), w2) + b2, axis=-1)
        nll = -pt.mean(pt.log(p_y)[pt.arange(y.shape[0]), y])
        grads = pytensor.grad(nll, params)
        f = pytensor.function([x, y], nll, updates=[(v, v - F32(lr) * g) for v, g in zip(params, grads)])
        return SharedTrainer(lambda: f(x_value, y_value), params, init)

    trainers = {"numpy": NumpyTrainer, "tessera": tessera_trainer, "jax": jax_trainer,
                "torch": torch_trainer, "pytensor": pytensor_trainer}
    return [sgd_case("W2", f"MLP {d}-{h}-{c} SGD, batch {batch}, {steps} steps", trainers, steps, 1e-3)]


class SharedTrainer:
    """Steps of a compiled function that updates shared variables (Theano's way)."""

    def __init__(self, step, shared, initial):
        self.step, self.shared, self.initial = step, shared, initial

    def reset(self):
        for variable, value in zip(self.shared, self.initial):
            variable.set_value(value.copy())

    def steps(self, count):
        for _ in range(count):
            self.step()

    def params(self):
        return [variable.get_value() for variable in self.shared]


class FunctionalTrainer:
    """Steps of a jitted function from parameters to parameters (JAX's way)."""

    def __init__(self, step, initial, to_device):
        self.step, self.initial, self.to_device = step, initial, to_device

    def reset(self):
        self.p = [self.to_device(value) for value in self.initial]

    def steps(self, count):
        for _ in range(count):
            self.p = self.step(self.p)
        synchronized(self.p)

    def params(self):
        return [as_numpy(value) for value in self.p]


class TorchTrainer:
    """Steps of autograd and in-place updates (PyTorch's way)."""

    def __init__(self, loss, initial, lr):
        self.loss, self.initial, self.lr = loss, initial, lr

    def reset(self):
        torch = MODULES["torch"]
        self.p = [torch.tensor(value.copy(), requires_grad=True) for value in self.initial]

    def steps(self, count):
        torch = MODULES["torch"]
        for _ in range(count):
            grads = torch.autograd.grad(self.loss(*self.p), self.p)
            with torch.no_grad():
                for value, grad in zip(self.p, grads):
                    value.sub_(self.lr * grad)

    def params(self):
        return [as_numpy(value) for value in self.p]


W3_FORMULA = "a*b + c*exp(-a) + tanh(b)/(1+a**2)"


def w3_elementwise() -> list[Case]:
    cases = []
    for n in (10**6, 10**7):
        rng = np.random.default_rng(3)
        a, b, c = (rng.standard_normal(n).astype(F32) for _ in range(3))

        def tessera_build(a=a, b=b, c=c):
            tessera, T = MODULES["tessera"], MODULES["T"]
            x, y, z = T.fvectors("a", "b", "c")
            f = tessera.function([x, y, z], x * y + z * T.exp(-x) + T.tanh(y) / (1 + x**2))
            return lambda: f(a, b, c)

        def jax_build(a=a, b=b, c=c):
            jax, jnp = MODULES["jax"], MODULES["jnp"]
            f = jax.jit(lambda a, b, c: a * b + c * jnp.exp(-a) + jnp.tanh(b) / (1 + a**2))
            args = [jnp.asarray(v) for v in (a, b, c)]
            return lambda: f(*args)

        def torch_build(a=a, b=b, c=c):
            torch = MODULES["torch"]
            args = [torch.from_numpy(v) for v in (a, b, c)]
            return lambda: (lambda a, b, c: a * b + c * torch.exp(-a) + torch.tanh(b) / (1 + a**2))(*args)

        def pytensor_build(a=a, b=b, c=c):
            pytensor, pt = MODULES["pytensor"], MODULES["pt"]
            x, y, z = (pt.vector(name, dtype="float32") for name in "abc")
            f = pytensor.function([x, y, z], x * y + z * pt.exp(-x) + pt.tanh(y) / (1 + x**2))
            return lambda: f(a, b, c)

        builders = {"numpy": lambda a=a, b=b, c=c: lambda: a * b + c * np.exp(-a) + np.tanh(b) / (1 + a**2),
                    "tessera": tessera_build, "jax": jax_build, "torch": torch_build, "pytensor": pytensor_build}
        cases.append(Case("W3", f"{W3_FORMULA}, {n:.0e} float32", builders, lambda v: [v],
                          work=("GB/s", 16 * n / 1e9), repeats=30 if n == 10**6 else 10))
    return cases


def w4_softmax() -> list[Case]:
    rows, cols = 4096, 1024
    x_value = np.random.default_rng(4).standard_normal((rows, cols)).astype(F32)
    big = x_value * F32(1000)  # exp overflows float32 here unless computed stably.

    def numpy_softmax(x):
        m = x.max(axis=1, keepdims=True)
        e = np.exp(x - m)
        s = e.sum(axis=1, keepdims=True)
        return [e / s, (m + np.log(s))[:, 0]]

    def tessera_build():
        tessera, T = MODULES["tessera"], MODULES["T"]
        x = T.fmatrix("x")
        m = x.max(axis=1)
        lse = m + T.log(T.exp(x - m.dimshuffle(0, "x")).sum(axis=1))
        f = tessera.function([x], [T.nnet.softmax(x), lse])
        return lambda x=x_value: f(x)

    def jax_build():
        jax, jnp = MODULES["jax"], MODULES["jnp"]
        f = jax.jit(lambda x: (jax.nn.softmax(x, axis=1), jax.nn.logsumexp(x, axis=1)))
        return lambda x=x_value: f(jnp.asarray(x))

    def torch_build():
        torch = MODULES["torch"]
        return lambda x=x_value: (lambda t: (torch.softmax(t, dim=1), torch.logsumexp(t, dim=1)))(torch.from_numpy(x))

    def pytensor_build():
        pytensor, pt = MODULES["pytensor"], MODULES["pt"]
        from pytensor.tensor.special import softmax

        x = pt.matrix("x", dtype="float32")
        f = pytensor.function([x], [softmax(x, axis=1), pt.logsumexp(x, axis=1)])
        return lambda x=x_value: f(x)

    builders = {"numpy": lambda: lambda x=x_value: numpy_softmax(x), "tessera": tessera_build,
                "jax": jax_build, "torch": torch_build, "pytensor": pytensor_build}
    return [Case("W4", f"row softmax + logsumexp, {rows}x{cols} float32", builders,
                 lambda v: [as_numpy(r) for r in v], work=("GB/s", 2 * rows * cols * 4 / 1e9),
                 large_input=big, large_reference=numpy_softmax(big))]


def w5_gemm() -> list[Case]:
    """The peer benchmark's float32 products, and float64 ones (issue 14 asks
    for BLAS speed in both)."""
    cases = []
    for n, dtype in ((1024, "float32"), (2048, "float32"), (1024, "float64"), (2048, "float64")):
        rng = np.random.default_rng(5)
        a, b = rng.standard_normal((n, n)).astype(dtype), rng.standard_normal((n, n)).astype(dtype)

        def tessera_build(a=a, b=b):
            tessera, T = MODULES["tessera"], MODULES["T"]
            x, y = T.matrix("x", dtype=a.dtype.name), T.matrix("y", dtype=a.dtype.name)
            f = tessera.function([x, y], T.dot(x, y))
            return lambda: f(a, b)

        def jax_build(a=a, b=b):
            jax, jnp = MODULES["jax"], MODULES["jnp"]
            f, x, y = jax.jit(jnp.dot), jnp.asarray(a), jnp.asarray(b)
            return lambda: f(x, y)

        def torch_build(a=a, b=b):
            torch = MODULES["torch"]
            x, y = torch.from_numpy(a), torch.from_numpy(b)
            return lambda: torch.mm(x, y)

        def pytensor_build(a=a, b=b):
            pytensor, pt = MODULES["pytensor"], MODULES["pt"]
            x, y = pt.matrix("x", dtype=a.dtype.name), pt.matrix("y", dtype=a.dtype.name)
            f = pytensor.function([x, y], pt.dot(x, y))
            return lambda: f(a, b)

        builders = {"numpy": lambda a=a, b=b: lambda: a @ b, "tessera": tessera_build,
                    "jax": jax_build, "torch": torch_build, "pytensor": pytensor_build}
        cases.append(Case("W5", f"GEMM {n}^3 {dtype}", builders, lambda v: [as_numpy(v)],
                          tolerance=1e-5, work=("GFLOP/s", 2 * n**3 / 1e9), repeats=10 if n == 1024 else 5))
    return cases


def w6_triad() -> list[Case]:
    n, s = 5 * 10**7, F32(3.0)
    rng = np.random.default_rng(6)
    b, c = rng.random(n, dtype=F32), rng.random(n, dtype=F32)

    def numpy_build():
        a = np.empty_like(b)

        def run():  # Two in-place passes: NumPy has no fused triad.
            np.multiply(c, s, out=a)
            return np.add(a, b, out=a)

        return run

    def tessera_build():  # Functional: a fresh result every call.
        tessera, T = MODULES["tessera"], MODULES["T"]
        x, y = T.fvectors("b", "c")
        f = tessera.function([x, y], x + s * y)
        return lambda: f(b, c)

    def jax_build():
        jax, jnp = MODULES["jax"], MODULES["jnp"]
        f, x, y = jax.jit(lambda b, c: b + s * c), jnp.asarray(b), jnp.asarray(c)
        return lambda: f(x, y)

    def torch_build():
        torch = MODULES["torch"]
        x, y = torch.from_numpy(b), torch.from_numpy(c)
        out = torch.empty_like(x)
        return lambda: torch.add(x, y, alpha=float(s), out=out)

    builders = {"numpy": numpy_build, "tessera": tessera_build, "jax": jax_build, "torch": torch_build}
    return [Case("W6", f"triad b + s*c, {n:.0e} float32", builders, lambda v: [as_numpy(v)],
                 tolerance=1e-6, work=("GB/s", 12 * n / 1e9))]


def w7_rnn() -> list[Case]:
    steps, batch, inputs, hidden = 100, 32, 128, 256
    rng = np.random.default_rng(7)
    x_value = rng.standard_normal((steps, batch, inputs)).astype(F32)
    h0 = np.zeros((batch, hidden), F32)
    wx = (rng.standard_normal((inputs, hidden)) / np.sqrt(inputs)).astype(F32)
    wh = (rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)).astype(F32)
    bias = (0.1 * rng.standard_normal(hidden)).astype(F32)

    def numpy_run():  # loss = 0.5 sum_t |h_t|^2 / batch, and its gradients.
        hs = np.empty((steps, batch, hidden), F32)
        h = h0
        for t in range(steps):
            h = hs[t] = np.tanh(x_value[t] @ wx + h @ wh + bias)
        loss = F32(0.5) * np.sum(hs * hs) / F32(batch)
        gwx, gwh, gb = np.zeros_like(wx), np.zeros_like(wh), np.zeros_like(bias)
        carried = np.zeros((batch, hidden), F32)
        for t in range(steps - 1, -1, -1):
            da = (hs[t] / F32(batch) + carried) * (1 - hs[t] * hs[t])
            gwx += x_value[t].T @ da
            gwh += (hs[t - 1] if t > 0 else h0).T @ da
            gb += da.sum(0)
            carried = da @ wh.T
        return [loss, gwx, gwh, gb]

    def tessera_build():
        tessera, T = MODULES["tessera"], MODULES["T"]
        x, h_init = T.ftensor3("x"), T.fmatrix("h0")
        params = [tessera.shared(v.copy()) for v in (wx, wh, bias)]
        hs, _ = tessera.scan(lambda x_t, h, wx, wh, b: T.tanh(T.dot(x_t, wx) + T.dot(h, wh) + b),
                             sequences=x, outputs_info=h_init, non_sequences=params)
        loss = 0.5 * T.sum(hs**2) / batch
        f = tessera.function([x, h_init], [loss, *tessera.grad(loss, params)])
        return lambda: f(x_value, h0)

    def jax_build():
        jax, jnp = MODULES["jax"], MODULES["jnp"]

        def loss(params, x, h):
            wx, wh, b = params
            _, hs = jax.lax.scan(lambda h, x_t: (jnp.tanh(x_t @ wx + h @ wh + b),) * 2, h, x)
            return 0.5 * jnp.sum(hs**2) / batch

        f = jax.jit(jax.value_and_grad(loss))
        params = [jnp.asarray(v) for v in (wx, wh, bias)]
        x, h = jnp.asarray(x_value), jnp.asarray(h0)
        return lambda: (lambda value, grads: [value, *grads])(*f(params, x, h))

    def torch_build():
        torch = MODULES["torch"]
        params = [torch.tensor(v.copy(), requires_grad=True) for v in (wx, wh, bias)]
        x = torch.from_numpy(x_value)

        def run():
            h, total = torch.from_numpy(h0), 0
            for t in range(steps):
                h = torch.tanh(x[t] @ params[0] + h @ params[1] + params[2])
                total = total + (h * h).sum()
            loss = 0.5 * total / batch
            return [loss.detach(), *torch.autograd.grad(loss, params)]

        return run

    def pytensor_build():
        pytensor, pt = MODULES["pytensor"], MODULES["pt"]
        x, h_init = pt.tensor3("x", dtype="float32"), pt.matrix("h0", dtype="float32")
        params = [pytensor.shared(v.copy()) for v in (wx, wh, bias)]
        hs = pytensor.scan(lambda x_t, h, wx, wh, b: pt.tanh(pt.dot(x_t, wx) + pt.dot(h, wh) + b),
                           sequences=x, outputs_info=h_init, non_sequences=params, return_updates=False)
        loss = 0.5 * pt.sum(hs**2) / batch
        f = pytensor.function([x, h_init], [loss, *pytensor.grad(loss, params)])
        return lambda: f(x_value, h0)

    builders = {"numpy": lambda: numpy_run, "tessera": tessera_build, "jax": jax_build,
                "torch": torch_build, "pytensor": pytensor_build}
    return [Case("W7", f"tanh RNN T={steps}, batch {batch}, {inputs}->{hidden}, forward + gradient",
                 builders, lambda v: [as_numpy(r) for r in v], tolerance=1e-3)]


def r_sums() -> list[Case]:
    """Issue 14's reductions: sums over rows and over columns of a 4096x1024
    float32 matrix, in GB/s read (to compare with the triad's)."""
    rng = np.random.default_rng(8)
    x = rng.random((4096, 1024), dtype=F32)
    cases = []
    for axis, label in ((1, "rows"), (0, "columns")):
        def tessera_build(axis=axis):
            tessera, T = MODULES["tessera"], MODULES["T"]
            m = T.fmatrix("x")
            f = tessera.function([m], m.sum(axis=axis))
            return lambda: f(x)

        def jax_build(axis=axis):
            jax, jnp = MODULES["jax"], MODULES["jnp"]
            f, y = jax.jit(lambda m: m.sum(axis=axis)), jnp.asarray(x)
            return lambda: f(y)

        def torch_build(axis=axis):
            torch = MODULES["torch"]
            y = torch.from_numpy(x)
            return lambda: y.sum(dim=axis)

        def pytensor_build(axis=axis):
            pytensor, pt = MODULES["pytensor"], MODULES["pt"]
            m = pt.matrix("x", dtype="float32")
            f = pytensor.function([m], m.sum(axis=axis))
            return lambda: f(x)

        builders = {"numpy": lambda axis=axis: lambda: x.sum(axis=axis), "tessera": tessera_build,
                    "jax": jax_build, "torch": torch_build, "pytensor": pytensor_build}
        cases.append(Case("R", f"sum over {label} of 4096x1024 float32", builders, lambda v: [as_numpy(v)],
                          tolerance=1e-5, work=("GB/s", x.nbytes / 1e9), repeats=50))
    return cases


WORKLOADS = {"W1": w1_logistic_regression, "W2": w2_mlp, "W3": w3_elementwise, "W4": w4_softmax,
             "W5": w5_gemm, "W6": w6_triad, "W7": w7_rnn, "R": r_sums}


# ---------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------


def cpu_times() -> tuple[float, float]:
    """(CPU seconds of the whole machine, of this process) so far."""
    with open("/proc/stat") as stat:
        fields = [float(v) for v in stat.readline().split()[1:]]
    busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # Less idle and iowait.
    return busy, time.process_time()


def relative_error(values: list[np.ndarray], references: list[np.ndarray]) -> float:
    worst = 0.0
    for value, reference in zip(values, references, strict=True):
        value, reference = np.asarray(value, np.float64), np.asarray(reference, np.float64)
        scale = max(np.abs(reference).max(initial=0.0), 1e-30)
        worst = max(worst, float(np.abs(value - reference).max(initial=0.0) / scale))
    return worst


def measure(case: Case, system: str, references: list[np.ndarray] | None, repeats: int | None) -> dict:
    """Builds `system`'s unit, times its first call and its steady calls, and
    checks its result against NumPy's."""
    start = time.perf_counter()
    if system == "tessera1":
        config = MODULES["tessera"].config
        threads, config.num_threads = config.num_threads, 1
        try:
            run = case.builders["tessera"]()
        finally:
            config.num_threads = threads
    else:
        run = case.builders[system]()
    first_result = synchronized(run())
    first = time.perf_counter() - start
    checked = [as_numpy(v) for v in case.reference(first_result)]
    error = 0.0 if references is None else relative_error(checked, references)
    synchronized(run())  # Warm-up.
    samples = []
    machine0, own0 = cpu_times()
    for _ in range(repeats or case.repeats):
        start = time.perf_counter()
        synchronized(run())
        samples.append(time.perf_counter() - start)
    machine1, own1 = cpu_times()
    wall = sum(samples)
    median = statistics.median(samples)
    result = {
        "workload": case.workload, "case": case.label, "system": system,
        "compile_s": max(first - median, 0.0), "median_s": median, "min_s": min(samples),
        "samples_s": samples, "max_rel_error": error, "ok": error <= case.tolerance,
        "cpus_used": (own1 - own0) / wall, "other_cpu": max((machine1 - machine0) - (own1 - own0), 0.0)
        / (wall * os.cpu_count()), "loadavg": os.getloadavg()[0],
    }
    if case.work:
        unit, amount = case.work
        result[unit] = amount / median
    if case.large_input is not None:
        outputs = [as_numpy(v) for v in case.reference(synchronized(run(case.large_input)))]
        result["large_input_finite"] = all(np.isfinite(v).all() for v in outputs)
        result["large_input_error"] = relative_error(outputs, case.large_reference)
        result["ok"] = result["ok"] and result["large_input_finite"] and \
            result["large_input_error"] <= case.tolerance
    return result, checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="workloads, e.g. W3,W5 (default: W1-W7 and R)")
    parser.add_argument("--systems", default="", help=f"systems among {', '.join(SYSTEMS)} (default: installed)")
    parser.add_argument("--repeats", type=int, default=None, help="timed calls per case")
    parser.add_argument("--json", default="bench-results.json", help="where to write every measurement")
    args = parser.parse_args()
    workloads = [w for w in (args.only.split(",") if args.only else WORKLOADS) if w]
    wanted = [s for s in (args.systems.split(",") if args.systems else SYSTEMS) if s]
    for name in workloads:
        if name not in WORKLOADS:
            parser.error(f"no workload {name!r}; have {', '.join(WORKLOADS)}")
    for name in wanted:
        if name not in SYSTEMS:
            parser.error(f"no system {name!r}; have {', '.join(SYSTEMS)}")
    systems = ["numpy"] + [s for s in wanted if s != "numpy" and load(s)]
    load("numpy")
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, NumPy {np.__version__}; systems: {', '.join(systems)}; "
          f"load average {os.getloadavg()[0]:.2f}")
    header = (f"{'case':<58} {'system':<9} {'compile':>8} {'median':>10} {'x NumPy':>8} "
              f"{'throughput':>14} {'error':>8} {'busy':>5}")
    print(header)
    print("-" * len(header))
    results = []
    for name in workloads:
        for case in WORKLOADS[name]():
            references, numpy_median = None, None
            for system in systems:
                if (system if system != "tessera1" else "tessera") not in case.builders:
                    continue
                try:
                    result, checked = measure(case, system, references, args.repeats)
                except Exception as error:  # noqa: BLE001 - a failing system is reported, the run goes on.
                    results.append({"workload": name, "case": case.label, "system": system,
                                    "error": f"{type(error).__name__}: {error}"})
                    print(f"{name} {case.label[:54]:<55} {system:<9} failed: {type(error).__name__}: {error}"[:160])
                    continue
                if system == "numpy":
                    references, numpy_median = checked, result["median_s"]
                result["x_numpy"] = result["median_s"] / numpy_median
                results.append(result)
                throughput = f"{result[case.work[0]]:.1f} {case.work[0]}" if case.work else ""
                flag = "" if result["ok"] else " WRONG"
                print(f"{name} {case.label[:54]:<55} {system:<9} {result['compile_s']:>7.3f}s "
                      f"{result['median_s'] * 1e3:>8.3f}ms {result['x_numpy']:>8.2f} {throughput:>14} "
                      f"{result['max_rel_error']:>8.1e} {100 * result['other_cpu']:>4.0f}%{flag}")
    environment = {"machine": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version(),
                   "numpy": np.__version__, "systems": systems, "loadavg_end": os.getloadavg()[0]}
    with open(args.json, "w") as out:
        json.dump({"environment": environment, "results": results}, out, indent=1)
    print(f"load average at the end {os.getloadavg()[0]:.2f}; wrote {args.json}")


if __name__ == "__main__":
    main()
