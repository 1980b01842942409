"""Sorting (Theano's theano.tensor.sort): argsort is a dialect op, a stable
merge sort with NaN last; sort gathers by its positions, so its gradient
scatters back through the gather."""

from __future__ import annotations

from mlir import ir

from tessera.tensor.cast import cast
from tessera.tensor.construct import arange
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import reshape, shape_i
from tessera.tensor.type import as_tensor_variable


class ArgSort(DialectOp):
    """The positions that sort each line along an axis (stable; NaN last)."""

    op_name = "tessera.argsort"

    def __init__(self, axis: int):
        self.axis = axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def make_node(self, x):
        return self.apply([x])

    def __str__(self) -> str:
        return f"ArgSortOp{{axis={self.axis}}}"


def _along(a, axis, order):
    if order is not None:
        raise NotImplementedError("sort and argsort with order= (structured arrays) are not supported")
    a = as_tensor_variable(a)
    if axis is None:
        a, axis = reshape(a, (-1,)), 0
    if a.ndim == 0:
        raise ValueError("sort and argsort need a tensor of at least one dimension (or axis=None)")
    if not -a.ndim <= axis < a.ndim:
        raise IndexError(f"axis {axis} is out of range for a tensor of {a.ndim} dimensions")
    return a, axis % a.ndim


def argsort(a, axis=-1, kind="quicksort", order=None):
    """The int64 positions that sort `a` along `axis` (the flattened tensor
    when None). The sort is stable whatever `kind` says, and NaN sorts last,
    as in NumPy."""
    a, axis = _along(a, axis, order)
    return ArgSort(axis)(cast(a, "int8") if a.dtype == "bool" else a)


def sort(a, axis=-1, kind="quicksort", order=None):
    """`a` sorted along `axis` (the flattened tensor when None); NaN last."""
    a, axis = _along(a, axis, order)
    positions = argsort(a, axis)
    # NumPy's take_along_axis: every other axis indexed by its own range.
    index = tuple(positions if d == axis else
                  arange(shape_i(a, d)).dimshuffle(*[0 if e == d else "x" for e in range(a.ndim)])
                  for d in range(a.ndim))
    return a[index]
