"""Every elementwise math function within 4 ulp in float32 and 8 ulp in
float64 of the correctly rounded result, edge values included (accuracy.py
measures; docs/ops.md has the table for 10^6 samples, which `-m slow` checks)."""

import pytest

from accuracy import BOUND, FUNCTIONS, measure

CASES = [(f, dtype) for f in FUNCTIONS for dtype in ("float32", "float64")]
IDS = [f"{f.name}-{dtype}" for f, dtype in CASES]


@pytest.mark.parametrize("function,dtype", CASES, ids=IDS)
def test_accuracy(function, dtype):
    error, where = measure(function, dtype, 20_000)
    assert error <= BOUND[dtype], f"{function.name}{where} is {error:.1f} ulp off in {dtype}"


@pytest.mark.slow
@pytest.mark.parametrize("function,dtype", CASES, ids=IDS)
def test_accuracy_on_a_million_samples(function, dtype):
    error, where = measure(function, dtype, 1_000_000, seed=1)
    assert error <= BOUND[dtype], f"{function.name}{where} is {error:.1f} ulp off in {dtype}"
