"""Helpers that build tessera-dialect functions with the generated op classes."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import pytest
from mlir import ir
from mlir.dialects import func

import tessera

DYNAMIC = None  # A dynamic (`?`) size in the shapes below.

_ELEMENT_TYPES = {
    "float32": ir.F32Type.get,
    "float64": ir.F64Type.get,
    "int32": lambda: ir.IntegerType.get_signless(32),
    "int64": lambda: ir.IntegerType.get_signless(64),
}


def tensor_type(dtype: str, shape: Sequence[int | None]) -> ir.RankedTensorType:
    sizes = [ir.ShapedType.get_dynamic_size() if s is None else s for s in shape]
    return ir.RankedTensorType.get(sizes, _ELEMENT_TYPES[dtype]())


def build_module(
    inputs: Sequence[tuple[str, Sequence[int | None]]],
    body: Callable[..., ir.Value | Sequence[ir.Value]],
    name: str = "f",
) -> ir.Module:
    """A module with one function `name` over tensors of the given (dtype, shape)s."""
    ctx = tessera.context()
    with ctx, ir.Location.unknown():
        module = ir.Module.create()
        with ir.InsertionPoint(module.body):
            types = [tensor_type(dtype, shape) for dtype, shape in inputs]
            func.FuncOp.from_py_func(*types, name=name)(body)
    return module


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)
