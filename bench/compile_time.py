"""Compile time of a generated 1000-op graph in each compilation mode.

The graph mixes what Theano programs are made of: elementwise arithmetic and
math over four float32 matrices, reductions broadcast back, and a few matrix
products, each op taking its operands among the recent values (as programs
do). Each mode compiles the graph afresh (nothing is cached); the time is
`function()`'s wall time, from the Python graph to machine code, the best of
three.

    python bench/compile_time.py
"""

from __future__ import annotations

import time

import numpy as np

import tessera
import tessera.tensor as T
from tessera.graph import apply_nodes

OPS, SIZE = 1000, 64
UNARY = (T.exp, T.tanh, T.sin, T.sqr, T.abs_, T.neg, T.nnet.sigmoid, lambda a: T.log(T.abs_(a)))
BINARY = (T.add, T.sub, T.mul, T.maximum, lambda a, b: a / (1 + T.sqr(b)))


def generated_graph(ops: int = OPS, seed: int = 0):
    """Inputs and one output computed by `ops` Apply nodes (reproducibly)."""
    rng = np.random.default_rng(seed)
    inputs = [T.fmatrix(f"x{i}") for i in range(4)]
    values = list(inputs)

    def recent():
        return values[len(values) - 1 - rng.integers(min(len(values), 16))]

    while True:
        choice = rng.random()
        if choice < 0.02:
            value = T.dot(recent(), recent())
        elif choice < 0.07:
            value = recent() - recent().max(axis=1, keepdims=True)
        elif choice < 0.5:
            value = UNARY[rng.integers(len(UNARY))](recent())
        else:
            value = BINARY[rng.integers(len(BINARY))](recent(), recent())
        if len(apply_nodes([value, *values[-16:]])) > ops - 1:
            break
        values.append(value)
    # One more op: the output sums the live values.
    output = T.add(*values[-8:]).sum()
    return inputs, output


def best_compile_time(inputs, output, mode: str) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        tessera.function(inputs, output, mode=mode, on_unused_input="ignore")
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    inputs, output = generated_graph()
    count = len(apply_nodes([output]))
    f = tessera.function(inputs, output, on_unused_input="ignore")
    args = [np.random.default_rng(1).normal(size=(SIZE, SIZE)).astype(np.float32) for _ in inputs]
    f(*args)
    print(f"compile time of a generated graph of {count} ops (best of 3)")
    for mode in ("FAST_COMPILE", "FAST_RUN"):
        print(f"  {mode:13s} {best_compile_time(inputs, output, mode):6.3f} s")


if __name__ == "__main__":
    main()
