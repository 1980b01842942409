"""Joining, splitting and reading along axes: join/concatenate, stack,
stacklist, split, roll, diff, diagonal, diag and trace (NumPy's and
Theano's names and rules), built on `tessera.concatenate`, `tessera.split`
and indexing."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from mlir import ir

from tessera.graph import Variable
from tessera.tensor.cast import cast
from tessera.tensor.construct import arange, zeros
from tessera.tensor.dtypes import INT_DTYPES, upcast
from tessera.tensor.elemwise import maximum, minimum
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import Concatenate, flatten, reshape, shape, shape_i, shape_padaxis
from tessera.tensor.subtensor import set_subtensor
from tessera.tensor.type import TensorConstant, as_tensor_variable, constant


def _axis(axis: Any, ndim: int) -> int:
    if isinstance(axis, Variable):
        if not isinstance(axis, TensorConstant):
            raise NotImplementedError("a symbolic axis is not supported; pass an int")
        axis = int(axis.data)
    if not -ndim <= axis < ndim:
        raise IndexError(f"axis {axis} is out of range for tensors of {ndim} dimensions")
    return axis % ndim


def join(axis, *tensors):
    """The tensors (of one number of dimensions) joined along `axis`; their
    dtypes are upcast to a common one. One tensor is returned as it is."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if not tensors:
        raise ValueError("join needs at least one tensor")
    tensors = [as_tensor_variable(t) for t in tensors]
    ndims = {t.ndim for t in tensors}
    if len(ndims) > 1:
        raise TypeError(f"join takes tensors of one number of dimensions, got {sorted(ndims)}")
    if 0 in ndims:
        raise TypeError("join of 0-d tensors is not defined; use stack")
    axis = _axis(axis, tensors[0].ndim)
    if len(tensors) == 1:
        return tensors[0]
    dtype = upcast(*(t.dtype for t in tensors))
    return Concatenate(axis)(*(cast(t, dtype) for t in tensors))


def concatenate(tensor_list: Sequence, axis=0):
    """NumPy's concatenate: `join(axis, *tensor_list)`."""
    if not isinstance(tensor_list, (list, tuple)):
        raise TypeError("concatenate takes a list or tuple of tensors (as numpy.concatenate)")
    return join(axis, *tensor_list)


def stack(*tensors, axis: int = 0):
    """The tensors (of one shape) stacked along a new axis `axis`;
    `stack([a, b], axis)` and `stack(a, b)` are both accepted."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if not tensors:
        raise ValueError("stack needs at least one tensor")
    tensors = [as_tensor_variable(t) for t in tensors]
    return join(axis, *(shape_padaxis(t, axis) for t in tensors))


def stacklist(tensors):
    """A nested list of tensors of one shape, stacked as NumPy stacks nested
    lists."""
    if isinstance(tensors, (list, tuple)):
        return stack([stacklist(t) for t in tensors])
    return as_tensor_variable(tensors)


class Split(DialectOp):
    """Consecutive pieces of a tensor along an axis, of the given sizes."""

    op_name = "tessera.split"

    def __init__(self, axis: int):
        self.axis = axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def uses_known_value(self, index: int) -> bool:
        return index == 1

    def make_node(self, x, sizes):
        return self.apply([x, sizes])

    def __str__(self) -> str:
        return f"Split{{axis={self.axis}}}"


def split(x, splits_size, n_splits: int, axis: int = 0):
    """`x` cut along `axis` into `n_splits` consecutive pieces of the sizes
    `splits_size` (ints or a symbolic int vector); sizes that are negative or
    do not add up to the axis' size raise ValueError (at run time when they
    are symbolic)."""
    x = as_tensor_variable(x)
    axis = _axis(axis, x.ndim)
    if isinstance(splits_size, (list, tuple, np.ndarray)):
        sizes = [int(s) for s in splits_size]
        if len(sizes) != n_splits or any(s < 0 for s in sizes):
            raise ValueError(f"split into {n_splits} pieces got the sizes {sizes}")
        if x.type.shape[axis] is not None and sum(sizes) != x.type.shape[axis]:
            raise ValueError(f"split sizes {sizes} do not add up to the size {x.type.shape[axis]} of axis {axis}")
        splits_size = constant(np.asarray(sizes, dtype=np.int64).reshape(n_splits))
    splits_size = as_tensor_variable(splits_size)
    if splits_size.ndim != 1 or splits_size.dtype not in INT_DTYPES:
        raise TypeError(f"split sizes must be an int vector, got {splits_size.type}")
    if splits_size.type.shape[0] != n_splits:  # The number of pieces is static.
        splits_size = reshape(splits_size, (n_splits,))
    pieces = Split(axis)(x, cast(splits_size, "int64"))
    return list(pieces) if isinstance(pieces, list) else [pieces]


def roll(x, shift, axis: int | None = None):
    """NumPy's roll: the elements shifted by `shift` (an int or int scalar)
    along `axis`, those past the end coming back at the start; `axis=None`
    rolls the flattened tensor and keeps the shape."""
    x = as_tensor_variable(x)
    if axis is None:
        return reshape(roll(flatten(x), shift, 0), shape(x), ndim=x.ndim)
    axis = _axis(axis, x.ndim)
    size = shape_i(x, axis)
    start = size - as_tensor_variable(shift) % size
    head = (slice(None),) * axis
    return join(axis, x[head + (slice(start, None),)], x[head + (slice(None, start),)])


def diff(x, n: int = 1, axis: int = -1):
    """NumPy's diff: the `n`-th differences along `axis`."""
    x = as_tensor_variable(x)
    axis = _axis(axis, x.ndim)
    head = (slice(None),) * axis
    for _ in range(n):
        x = x[head + (slice(1, None),)] - x[head + (slice(None, -1),)]
    return x


def diagonal(x, offset: int = 0, axis1: int = 0, axis2: int = 1):
    """NumPy's diagonal: the elements x[..., i, i + offset] of the two axes, as
    the last axis of the result."""
    x = as_tensor_variable(x)
    axis1, axis2 = _axis(axis1, x.ndim), _axis(axis2, x.ndim)
    if axis1 == axis2:
        raise ValueError("diagonal: axis1 and axis2 must differ")
    rows, columns = shape_i(x, axis1), shape_i(x, axis2)
    length = maximum(minimum(rows - max(0, -offset), columns - max(0, offset)), 0)
    others = [d for d in range(x.ndim) if d not in (axis1, axis2)]
    moved = x.dimshuffle(*others, axis1, axis2)
    positions = arange(length)
    return moved[(slice(None),) * len(others) + (positions + max(0, -offset), positions + max(0, offset))]


def trace(x, offset: int = 0, axis1: int = 0, axis2: int = 1):
    """The sum of the diagonal (NumPy's trace)."""
    return diagonal(x, offset, axis1, axis2).sum(axis=-1)


def diag(v, k: int = 0):
    """NumPy's diag: the matrix with the vector `v` on diagonal `k`, or the
    diagonal `k` of the matrix `v`."""
    v = as_tensor_variable(v)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ValueError(f"diag takes a vector or a matrix, got {v.type}")
    length = shape_i(v, 0)
    size = length + abs(k)
    positions = arange(length)
    matrix = zeros((size, size), dtype=v.dtype)
    return set_subtensor(matrix[positions + max(0, -k), positions + max(0, k)], v)
