"""How much faster elementwise work runs on every core than on one thread:
each formula over 1e7 float32 elements is compiled for one thread
(`config.num_threads = 1`) and for every core, and the two are called in
turn (so that a change of the machine's speed during the run touches both),
reporting the median of each and their ratio.

    python bench/threads.py
    python bench/threads.py --size 1000000 --repeats 41
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

import tessera
import tessera.tensor as T

FORMULAS = {
    "W3 a*b + c*exp(-a) + tanh(b)/(1+a**2)": lambda a, b, c: a * b + c * T.exp(-a) + T.tanh(b) / (1 + a**2),
    "a*b + c (memory-bound)": lambda a, b, c: a * b + c,
    "tanh(exp(sin(a))*cos(b) + log1p(c)) (compute-bound)":
        lambda a, b, c: T.tanh(T.exp(T.sin(a)) * T.cos(b) + T.log1p(c)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10**7)
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    tessera.config.floatX = "float32"
    cores = len(os.sched_getaffinity(0))
    rng = np.random.default_rng(0)
    inputs = [rng.random(args.size, dtype=np.float32) for _ in range(3)]
    print(f"{cores} cores; {args.size:.0e} float32 elements; median of {args.repeats} calls each; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'formula':<56} {'1 thread':>10} {f'{cores} threads':>10} {'speed-up':>9}")
    for label, formula in FORMULAS.items():
        a, b, c = T.fvectors("a", "b", "c")
        functions = {}
        for threads in (1, cores):
            tessera.config.num_threads = threads
            functions[threads] = tessera.function([a, b, c], formula(a, b, c))
            functions[threads](*inputs)  # Compiled; first buffers allocated.
        np.testing.assert_allclose(functions[1](*inputs), functions[cores](*inputs), rtol=1e-6)
        samples = {threads: [] for threads in functions}
        for _ in range(args.repeats):
            for threads, function in functions.items():
                start = time.perf_counter()
                function(*inputs)
                samples[threads].append(time.perf_counter() - start)
        one, every = (statistics.median(samples[t]) for t in (1, cores))
        print(f"{label:<56} {one * 1e3:>8.2f}ms {every * 1e3:>8.2f}ms {one / every:>8.2f}x")
    tessera.config.num_threads = 0


if __name__ == "__main__":
    main()
