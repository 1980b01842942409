"""Every elementwise math function within 4 ulp in float32 and 8 ulp in
float64 of the correctly rounded result, edge values included (accuracy.py
measures). Each op's description in the dialect states its largest error on
10^6 samples; docs/ops.md must repeat it, and `-m slow` measures it again."""

import inspect
import re
from pathlib import Path

import pytest

from accuracy import BOUND, FUNCTIONS, measure
from tessera.dialects import _tessera_ops_gen

CASES = [(f, dtype) for f in FUNCTIONS for dtype in ("float32", "float64")]
IDS = [f"{f.name}-{dtype}" for f, dtype in CASES]
OPS_DOC = Path(__file__).parents[2] / "docs" / "ops.md"
OP_CLASSES = {cls.OPERATION_NAME: cls for _, cls in inspect.getmembers(_tessera_ops_gen, inspect.isclass)
              if hasattr(cls, "OPERATION_NAME")}


def stated_accuracy(name: str) -> dict[str, float]:
    """The errors the op's description states, per dtype."""
    match = re.search(r"Measured accuracy: ([\d.]+) ulp in float32, ([\d.]+) ulp in float64",
                      OP_CLASSES[f"tessera.{name}"].__doc__ or "")
    assert match, f"the description of tessera.{name} states no measured accuracy"
    return {"float32": float(match[1]), "float64": float(match[2])}


def documented_accuracy(name: str) -> dict[str, float]:
    """The errors docs/ops.md's table gives, per dtype."""
    for line in OPS_DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith(f"`{name}`"):
            return {"float32": float(cells[3]), "float64": float(cells[5])}
    raise AssertionError(f"docs/ops.md has no row for {name}")


@pytest.mark.parametrize("function,dtype", CASES, ids=IDS)
def test_accuracy(function, dtype):
    error, where = measure(function, dtype, 20_000)
    assert error <= BOUND[dtype], f"{function.name}{where} is {error:.1f} ulp off in {dtype}"


@pytest.mark.parametrize("function", FUNCTIONS, ids=[f.name for f in FUNCTIONS])
def test_stated_accuracy_is_documented_and_within_bounds(function):
    stated = stated_accuracy(function.name)
    assert documented_accuracy(function.name) == stated
    assert all(stated[dtype] <= BOUND[dtype] for dtype in stated), stated


@pytest.mark.slow
@pytest.mark.parametrize("function,dtype", CASES, ids=IDS)
def test_accuracy_on_a_million_samples(function, dtype):
    error, where = measure(function, dtype, 1_000_000, seed=1)
    stated = stated_accuracy(function.name)[dtype]
    assert error <= stated, f"{function.name}{where} is {error:.2f} ulp off in {dtype}; its description states {stated}"
