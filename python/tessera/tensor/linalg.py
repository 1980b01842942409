"""Products: dot (vectors and matrices as one dialect op; higher ranks as
tensordot), tensordot, outer, batched_dot (a dialect op for batches of
vectors and matrices) and batched_tensordot."""

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
    for a_axis, b_axis in zip(a_axes, b_axes, strict=True):
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


class BatchedDot(DialectOp):
    """dot of each pair of leading (batch) entries of batches of vectors or
    matrices."""

    op_name = "tessera.batched_dot"

    def make_node(self, a, b):
        return self.apply([a, b])


def batched_dot(a, b):
    """Theano's batched_dot: `dot(a[i], b[i])` for each i of the leading axis;
    operands of more than 3 dimensions go through batched_tensordot."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        raise TypeError("batched_dot takes tensors with a batch axis, not scalars")
    if a.ndim == 1 or b.ndim == 1:  # Batches of scalars scale the other operand.
        a = a if a.ndim > 1 else dimshuffle(a, *([0] + ["x"] * (b.ndim - 1)))
        b = b if b.ndim > 1 else dimshuffle(b, *([0] + ["x"] * (a.ndim - 1)))
        return mul(a, b)
    if a.ndim > 3 or b.ndim > 3:
        return batched_tensordot(a, b, [[a.ndim - 1], [max(1, b.ndim - 2)]])
    dtype = upcast(a.dtype, b.dtype)
    if dtype == "bool":
        dtype = "int8"
    return BatchedDot()(cast(a, dtype), cast(b, dtype))


def batched_tensordot(x, y, axes=2):
    """Theano's batched_tensordot: tensordot of each pair of leading (batch)
    entries; `axes` (an int, or two lists of axes of x and y, counting the
    batch axis as 0) names the summed axes."""
    x, y = as_tensor_variable(x), as_tensor_variable(y)
    if isinstance(axes, (int, np.integer)):
        if not 0 <= axes < min(x.ndim, y.ndim):
            raise ValueError(f"batched_tensordot: cannot sum over {axes} axes besides the batch axis")
        x_axes, y_axes = list(range(x.ndim - axes, x.ndim)), list(range(1, axes + 1))
    else:
        x_axes, y_axes = _axes_list(axes[0], x.ndim, "x"), _axes_list(axes[1], y.ndim, "y")
        if len(x_axes) != len(y_axes):
            raise ValueError(f"batched_tensordot: {len(x_axes)} axes of x and {len(y_axes)} of y cannot be "
                             f"paired")
    if 0 in x_axes or 0 in y_axes:
        raise ValueError("batched_tensordot cannot sum over the batch axis 0")
    x_free = [d for d in range(1, x.ndim) if d not in x_axes]
    y_free = [d for d in range(1, y.ndim) if d not in y_axes]
    x_sizes = [shape_i(x, d) for d in range(x.ndim)]
    y_sizes = [shape_i(y, d) for d in range(y.ndim)]
    batch, summed = x_sizes[0], _product(x_sizes[d] for d in x_axes)
    x3 = reshape(transpose(x, [0] + x_free + x_axes), (batch, _product(x_sizes[d] for d in x_free), summed))
    y3 = reshape(transpose(y, [0] + y_axes + y_free), (batch, summed, _product(y_sizes[d] for d in y_free)))
    result = batched_dot(x3, y3)
    return reshape(result, (batch,) + tuple(x_sizes[d] for d in x_free) + tuple(y_sizes[d] for d in y_free))
