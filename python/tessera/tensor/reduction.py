"""Reductions along axes: sum and max (with keepdims)."""

from __future__ import annotations

from typing import Any

from tessera.dialects import tessera as ts
from tessera.graph import Apply, Op
from tessera.tensor.elemwise import cast
from tessera.tensor.type import TensorType
from tessera.tensor.variable import as_tensor_variable


def normalize_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """Theano's axis argument (None, an int or a sequence; negative counts from the
    end) as sorted distinct axes; a bad axis raises ValueError naming it."""
    if axis is None:
        return tuple(range(ndim))
    axes = [axis] if isinstance(axis, int) or hasattr(axis, "__index__") else list(axis)
    normalized = []
    for a in axes:
        a = int(a)
        if not -ndim <= a < ndim:
            raise ValueError(f"axis {a} is out of range for a tensor of {ndim} dimensions")
        normalized.append(a % ndim if ndim else a)
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"repeated axis in {axis!r}")
    return tuple(sorted(normalized))


class Reduction(Op):
    def __init__(self, name: str, builder, axes: tuple[int, ...], keepdims: bool):
        self.name = name
        self.builder = builder
        self.axes = axes
        self.keepdims = keepdims

    def make_node(self, x):
        x = as_tensor_variable(x)
        flags, sizes = [], []
        for dim in range(x.ndim):
            if dim not in self.axes:
                flags.append(x.broadcastable[dim])
                sizes.append(x.type.shape[dim])
            elif self.keepdims:
                flags.append(True)
                sizes.append(1)
        return Apply(self, [x], [TensorType(x.dtype, flags, sizes)])

    def emit(self, emitter, node, inputs):
        return [self.builder(inputs[0], list(self.axes), keepdims=self.keepdims or None).result]

    def __str__(self) -> str:
        return f"{self.name.capitalize()}{{axis={list(self.axes)}}}"


def sum(x, axis=None, dtype=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Sum along `axis`; integers (and bools) sum in int64, as in Theano."""
    x = as_tensor_variable(x)
    if dtype is None:
        dtype = "int64" if x.dtype in ("bool", "int8", "int16", "int32") else x.dtype
    x = cast(x, dtype)
    return Reduction("sum", ts.SumOp, normalize_axes(axis, x.ndim), keepdims)(x)


def max(x, axis=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Maximum along `axis` (NaN propagates)."""
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        x = cast(x, "int8")
    return Reduction("max", ts.MaxOp, normalize_axes(axis, x.ndim), keepdims)(x)
