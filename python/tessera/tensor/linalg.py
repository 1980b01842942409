"""Products: dot (vectors and matrices as one dialect op; higher ranks as
tensordot), tensordot and outer."""

from __future__ import annotations

from typing import Any

import numpy as np

from tessera.tensor.cast import cast
from tessera.tensor.dtypes import upcast
from tessera.tensor.elemwise import mul
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import dimshuffle, flatten, reshape, shape_i, transpose
from tessera.tensor.type import TensorConstant, as_tensor_variable


class Dot(DialectOp):
    """Inner product, matrix-vector, vector-matrix and matrix-matrix products."""

    op_name = "tessera.dot"

    def make_node(self, a, b):
        return self.apply([as_tensor_variable(a), as_tensor_variable(b)])


_dot = Dot()


def dot(a, b):
    """Theano's dot: a scalar operand multiplies; vectors and matrices contract their
    inner dimensions."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return mul(a, b)
    if a.ndim > 2 or b.ndim > 2:  # Theano: contract a's last axis with b's second-to-last.
        return tensordot(a, b, [[a.ndim - 1], [max(0, b.ndim - 2)]])
    dtype = upcast(a.dtype, b.dtype)
    if dtype == "bool":
        dtype = "int8"
    return _dot(cast(a, dtype), cast(b, dtype))


def _product(sizes) -> Any:
    """The product of sizes (ints where known), as an int or an int64 scalar."""
    product: Any = 1
    for size in sizes:
        product = product * (int(size.data) if isinstance(size, TensorConstant) else size)
    return product


def _axes_list(axes, ndim: int, name: str) -> list[int]:
    axes = [int(a) for a in (axes if isinstance(axes, (list, tuple, np.ndarray)) else [axes])]
    for axis in axes:
        if not -ndim <= axis < ndim:
            raise ValueError(f"tensordot: axis {axis} of {name} is out of range for {ndim} dimensions")
    normalized = [a % ndim for a in axes]
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"tensordot: the axes {axes} of {name} repeat an axis")
    return normalized


def tensordot(a, b, axes=2):
    """NumPy's tensordot: the sum over the last `axes` axes of `a` and the first
    of `b` (an int), or over the axes of `a` and `b` that `axes` pairs (two
    lists). Built as Theano builds it: a transpose and a reshape of each
    operand to a matrix, one matrix product, and a reshape of the result."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if isinstance(axes, (int, np.integer)):
        if not 0 <= axes <= min(a.ndim, b.ndim):
            raise ValueError(f"tensordot: cannot sum over {axes} axes of tensors of {a.ndim} and "
                             f"{b.ndim} dimensions")
        a_axes, b_axes = list(range(a.ndim - axes, a.ndim)), list(range(axes))
    else:
        if len(axes) != 2:
            raise ValueError("tensordot: axes must be an int or a pair of axis lists")
        a_axes, b_axes = _axes_list(axes[0], a.ndim, "a"), _axes_list(axes[1], b.ndim, "b")
        if len(a_axes) != len(b_axes):
            raise ValueError(f"tensordot: {len(a_axes)} axes of a and {len(b_axes)} of b cannot be paired")
    for a_axis, b_axis in zip(a_axes, b_axes):
        known = a.type.shape[a_axis], b.type.shape[b_axis]
        if None not in known and known[0] != known[1]:
            raise ValueError(f"tensordot: axis {a_axis} of a (size {known[0]}) and axis {b_axis} of b "
                             f"(size {known[1]}) differ")
    a_free = [d for d in range(a.ndim) if d not in a_axes]
    b_free = [d for d in range(b.ndim) if d not in b_axes]
    a_sizes = [shape_i(a, d) for d in range(a.ndim)]
    b_sizes = [shape_i(b, d) for d in range(b.ndim)]
    summed = _product(a_sizes[d] for d in a_axes)
    a_matrix = reshape(transpose(a, a_free + a_axes), (_product(a_sizes[d] for d in a_free), summed))
    b_matrix = reshape(transpose(b, b_axes + b_free), (summed, _product(b_sizes[d] for d in b_free)))
    result = dot(a_matrix, b_matrix)
    return reshape(result, tuple(a_sizes[d] for d in a_free) + tuple(b_sizes[d] for d in b_free))


def outer(x, y):
    """The outer product of two vectors (tensors of more dimensions are
    flattened first, as in Theano)."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    x = x if x.ndim == 1 else flatten(x)
    y = y if y.ndim == 1 else flatten(y)
    return dot(dimshuffle(x, 0, "x"), dimshuffle(y, "x", 0))
