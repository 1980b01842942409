"""Shape operations: dimshuffle, transpose, reshape and the symbolic shape."""

from __future__ import annotations

from typing import Any

import numpy as np
from mlir import ir

from tessera.tensor.cast import cast
from tessera.tensor.dtypes import INT_DTYPES
from tessera.tensor.op import DialectOp
from tessera.tensor.type import as_tensor_variable, constant


class DimShuffle(DialectOp):
    """Theano's dimshuffle: permute dimensions, drop broadcastable ones, insert
    broadcastable ones ('x')."""

    op_name = "tessera.dimshuffle"

    def __init__(self, pattern: tuple[Any, ...]):
        self.pattern = tuple("x" if p == "x" else int(p) for p in pattern)

    def attributes(self):
        return {"pattern": ir.DenseI64ArrayAttr.get([-1 if p == "x" else p for p in self.pattern])}

    def make_node(self, x):
        return self.apply([as_tensor_variable(x)])

    def __str__(self) -> str:
        return "DimShuffle{" + ",".join(str(p) for p in self.pattern) + "}"


def dimshuffle(x, *pattern):
    x = as_tensor_variable(x)
    if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
        pattern = tuple(pattern[0])
    if tuple(pattern) == tuple(range(x.ndim)):
        return x
    return DimShuffle(pattern)(x)


def transpose(x, axes=None):
    """Reverses the dimensions, or permutes them by `axes`."""
    x = as_tensor_variable(x)
    axes = tuple(reversed(range(x.ndim))) if axes is None else tuple(axes)
    return dimshuffle(x, *axes)


def pad_left(x, ndim: int):
    """`x` with broadcastable dimensions added on the left up to `ndim` (Theano's
    rank alignment of elementwise operands)."""
    if x.ndim == ndim:
        return x
    return dimshuffle(x, *(["x"] * (ndim - x.ndim) + list(range(x.ndim))))


class Shape(DialectOp):
    """The sizes of a tensor, as an int64 vector."""

    op_name = "tessera.shape"

    def make_node(self, x):
        return self.apply([as_tensor_variable(x)])


class ShapeI(DialectOp):
    """One size of a tensor, as an int64 scalar (Theano's Shape_i)."""

    op_name = "tessera.shape_i"

    def __init__(self, index: int):
        self.index = index

    def attributes(self):
        return {"index": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.index)}

    def make_node(self, x):
        return self.apply([as_tensor_variable(x)])

    def __str__(self) -> str:
        return f"Shape_i{{{self.index}}}"


def shape(x):
    return Shape()(x)


def shape_i(x, index: int):
    """Size `index` of `x` (negative counts from the end); a constant when known."""
    x = as_tensor_variable(x)
    if index < 0:
        index += x.ndim
    if not 0 <= index < x.ndim:
        raise IndexError(f"dimension {index} is out of range for a tensor of {x.ndim} dimensions")
    if x.type.shape[index] is not None:
        return constant(np.int64(x.type.shape[index]))
    return ShapeI(index)(x)


class Reshape(DialectOp):
    """The same elements in a new shape; one size may be -1."""

    op_name = "tessera.reshape"

    def uses_known_value(self, index: int) -> bool:
        return index == 1

    def make_node(self, x, new_shape):
        x = as_tensor_variable(x)
        new_shape = as_tensor_variable(new_shape)
        if new_shape.ndim != 1 or new_shape.dtype not in INT_DTYPES:
            raise TypeError(f"reshape takes an integer vector of sizes, got {new_shape.type}")
        return self.apply([x, cast(new_shape, "int64")])

    def __str__(self) -> str:
        return "Reshape"


def reshape(x, new_shape, ndim: int | None = None):
    """`x` reshaped to `new_shape` (a tuple of ints, or an int vector whose length
    is known or given as `ndim`); one size may be -1."""
    x = as_tensor_variable(x)
    if isinstance(new_shape, (list, tuple)):
        if not all(isinstance(s, (int, np.integer)) for s in new_shape):
            raise NotImplementedError(
                "reshape to a tuple holding symbolic sizes is not supported yet; "
                "pass Python ints (one may be -1) or a symbolic int vector")
        new_shape = constant(np.asarray(new_shape, dtype=np.int64))
    new_shape = as_tensor_variable(new_shape)
    if new_shape.ndim == 1 and new_shape.type.shape[0] is None:
        if ndim is None:
            raise ValueError("reshape with a symbolic shape vector of unknown length needs ndim=")
        # The dialect takes the result's rank from the shape's static length:
        # reshape the sizes themselves to (ndim,), checked at run time.
        new_shape = Reshape()(new_shape, constant(np.asarray([ndim], dtype=np.int64)))
    elif ndim is not None and new_shape.ndim == 1 and new_shape.type.shape[0] != ndim:
        raise ValueError(f"reshape to {ndim} dimensions got {new_shape.type.shape[0]} sizes")
    return Reshape()(x, new_shape)
