"""Shape operations: dimshuffle and its forms (transpose, swapaxes, squeeze,
padding with broadcastable axes), broadcastable flags (rebroadcast),
reshape and flatten, the symbolic shape, and concatenation along an axis
(which builds shape vectors from symbolic sizes)."""

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


def swapaxes(x, axis1: int, axis2: int):
    """`x` with two dimensions exchanged."""
    x = as_tensor_variable(x)
    axes = list(range(x.ndim))
    axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
    return dimshuffle(x, *axes)


def squeeze(x):
    """`x` without its broadcastable dimensions (Theano's squeeze)."""
    x = as_tensor_variable(x)
    return dimshuffle(x, *[d for d, flag in enumerate(x.broadcastable) if not flag])


def shape_padleft(x, n_ones: int = 1):
    """`x` with `n_ones` broadcastable dimensions added on the left."""
    x = as_tensor_variable(x)
    return dimshuffle(x, *(["x"] * n_ones + list(range(x.ndim))))


def shape_padright(x, n_ones: int = 1):
    """`x` with `n_ones` broadcastable dimensions added on the right."""
    x = as_tensor_variable(x)
    return dimshuffle(x, *(list(range(x.ndim)) + ["x"] * n_ones))


def shape_padaxis(x, axis: int):
    """`x` with a broadcastable dimension inserted at `axis` (negative counts
    from the end of the result)."""
    x = as_tensor_variable(x)
    if not -x.ndim - 1 <= axis <= x.ndim:
        raise IndexError(f"axis {axis} is out of range for a result of {x.ndim + 1} dimensions")
    if axis < 0:
        axis += x.ndim + 1
    pattern: list = list(range(x.ndim))
    pattern.insert(axis, "x")
    return dimshuffle(x, *pattern)


def pad_left(x, ndim: int):
    """`x` with broadcastable dimensions added on the left up to `ndim` (Theano's
    rank alignment of elementwise operands)."""
    if x.ndim == ndim:
        return x
    return dimshuffle(x, *(["x"] * (ndim - x.ndim) + list(range(x.ndim))))


class Rebroadcast(DialectOp):
    """The same tensor with other broadcastable flags; a dimension made
    broadcastable is checked to have size 1 at run time."""

    op_name = "tessera.rebroadcast"

    def __init__(self, broadcastable: tuple[bool, ...]):
        self.broadcastable = tuple(bool(b) for b in broadcastable)

    def attributes(self):
        return {"broadcastable": ir.DenseBoolArrayAttr.get(list(self.broadcastable))}

    def make_node(self, x):
        return self.apply([as_tensor_variable(x)])

    def __str__(self) -> str:
        return f"Rebroadcast{{{self.broadcastable}}}"


def patternbroadcast(x, broadcastable):
    """`x` with the broadcastable flags `broadcastable` (Theano)."""
    x = as_tensor_variable(x)
    broadcastable = tuple(bool(b) for b in broadcastable)
    if len(broadcastable) != x.ndim:
        raise ValueError(f"patternbroadcast needs {x.ndim} flags, got {len(broadcastable)}")
    if broadcastable == x.broadcastable:
        return x
    return Rebroadcast(broadcastable)(x)


def _flags_with(x, axes, value: bool):
    flags = list(x.broadcastable)
    for axis in axes:
        if not -x.ndim <= axis < x.ndim:
            raise IndexError(f"axis {axis} is out of range for a tensor of {x.ndim} dimensions")
        flags[axis] = value
    return flags


def addbroadcast(x, *axes):
    """`x` with `axes` made broadcastable (their size must be 1 at run time)."""
    x = as_tensor_variable(x)
    return patternbroadcast(x, _flags_with(x, axes, True))


def unbroadcast(x, *axes):
    """`x` with `axes` made not broadcastable."""
    x = as_tensor_variable(x)
    return patternbroadcast(x, _flags_with(x, axes, False))


class Concatenate(DialectOp):
    """Tensors of one rank and dtype joined along an existing axis."""

    op_name = "tessera.concatenate"

    def __init__(self, axis: int):
        self.axis = axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def make_node(self, *tensors):
        return self.apply([as_tensor_variable(t) for t in tensors])

    def __str__(self) -> str:
        return f"Join{{axis={self.axis}}}"


def _size_vector(sizes) -> Any:
    """A tuple of ints and int scalars as an int64 vector of static length: a
    constant when every size is an int."""
    if all(isinstance(s, (int, np.integer)) for s in sizes):
        return constant(np.asarray(sizes, dtype=np.int64).reshape(len(sizes)))
    scalars = []
    for size in sizes:
        size = as_tensor_variable(size)
        if size.ndim != 0 or size.dtype not in INT_DTYPES:
            raise TypeError(f"a size must be an integer scalar, got {size} of type {size.type}")
        scalars.append(dimshuffle(cast(size, "int64"), "x"))
    return Concatenate(0)(*scalars) if len(scalars) > 1 else scalars[0]


def flatten(x, ndim: int = 1, outdim: int | None = None):
    """`x` with its dimensions from `ndim - 1` on collapsed into one (Theano)."""
    x = as_tensor_variable(x)
    ndim = outdim if outdim is not None else ndim
    if not 1 <= ndim <= max(x.ndim, 1):
        raise ValueError(f"flatten to {ndim} dimensions of a tensor of {x.ndim}")
    kept = [shape_i(x, d) for d in range(ndim - 1)]
    return reshape(x, tuple(kept) + (-1,))


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
    """`x` reshaped to `new_shape`: a tuple of ints and symbolic int scalars, or
    an int vector whose length is known or given as `ndim`; one size may be -1."""
    x = as_tensor_variable(x)
    if isinstance(new_shape, (list, tuple)):
        new_shape = _size_vector(new_shape)
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
