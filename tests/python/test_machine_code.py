"""The last step of a compile (cpp/lib/Runtime/MachineCode.cpp): a large module is
split by function into parts compiled on several threads and linked together; the
parts call each other and share the module's constants."""

import os

import numpy as np
import pytest

import tessera
import tessera.tensor as T

# MachineCode.cpp's kMinOpsPerPart: a module of more ops per core is split.
MIN_OPS_PER_PART = 5000


def chained_graph(x, y, links):
    """`links` elementwise steps whose values are each used twice (so that fusion
    keeps them apart: many loop functions, called from one entry point), with a
    constant matrix in every step and reductions broadcast back; and its NumPy
    twin."""
    c = np.arange(12, dtype=np.float32).reshape(3, 4) / 10

    def step(a, b, ops):
        u = ops.tanh(a * b + c)
        return u + ops.sin(u) - ops.maximum(a, u) / (1 + abs(b)), u

    def build(ops, x, y):
        a, b = x, y
        for _ in range(links):
            a, b = step(a, b, ops)
            b = b - b.max(axis=1, keepdims=True)
        return a + b

    return build(T, x, y), lambda xv, yv: build(np, xv, yv)


@pytest.mark.parametrize("mode", ["FAST_COMPILE", "FAST_RUN"])
def test_module_compiled_in_parts_equals_numpy(mode):
    x, y = T.fmatrix("x"), T.fmatrix("y")
    graph, reference = chained_graph(x, y, links=60)
    f = tessera.function([x, y], graph, mode=mode)
    lowered_ops = f.ir("final").count("\n")
    if len(os.sched_getaffinity(0)) > 1:
        # Large enough to be split in this process (into parts per core).
        assert lowered_ops > 2 * MIN_OPS_PER_PART
    rng = np.random.default_rng(0)
    xv, yv = (rng.normal(size=(3, 4)).astype(np.float32) for _ in range(2))
    np.testing.assert_allclose(f(xv, yv), reference(xv, yv), rtol=2e-5, atol=2e-5)


def test_split_module_reports_failed_checks():
    # A check failing in code compiled apart from the loops still unwinds.
    x, y = T.fmatrix("x"), T.fmatrix("y")
    graph, _ = chained_graph(x, y, links=60)
    f = tessera.function([x, y], graph, mode="FAST_COMPILE")
    with pytest.raises(ValueError, match="shape"):
        f(np.ones((3, 4), np.float32), np.ones((3, 5), np.float32))
