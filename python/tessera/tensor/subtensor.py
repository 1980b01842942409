"""Indexing: NumPy's and Theano's `x[...]`, `set_subtensor` and `inc_subtensor`.

`x[key]` is decomposed as NumPy defines it into at most four dialect ops:
a dimshuffle that inserts the new axes of `None` entries, a `subtensor` for
the slices (basic indexing; integers too when nothing else is advanced), a
dimshuffle that brings non-adjacent advanced axes to the front (NumPy puts
their dimensions first), and an `advanced_subtensor` for the integer arrays
or the boolean mask. The result remembers these steps (`IndexedView`), so
that `set_subtensor(x[key], y)` and `inc_subtensor(x[key], y)` replay them
backwards with the ops' set and inc forms, which return new tensors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
from mlir import ir

from tessera import _tessera
from tessera.graph import Variable
from tessera.tensor.cast import cast
from tessera.tensor.construct import zeros
from tessera.tensor.dtypes import INT_DTYPES
from tessera.tensor.elemwise import neq
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import Shape, dimshuffle, pad_left, reshape, shape_i
from tessera.tensor.type import TensorConstant, as_tensor_variable, constant

# The entries of a basic index that stand for a bound given by an operand and
# for a bound left out (Python's None), as the dialect defines them.
_DYNAMIC = _tessera.BOUND_DYNAMIC
_OMITTED = _tessera.BOUND_OMITTED
# Python ints beyond any size are clamped to this (the result is the same).
_LARGEST_BOUND = 2 ** 62


class _BasicIndexOp(DialectOp):
    """An op of basic indexing: a start, stop and step per dimension, each a
    static int, `_OMITTED` or `_DYNAMIC` (then an operand)."""

    def __init__(self, starts: Sequence[int], stops: Sequence[int], steps: Sequence[int]):
        self.starts, self.stops, self.steps = tuple(starts), tuple(stops), tuple(steps)

    def attributes(self):
        return {"starts": ir.DenseI64ArrayAttr.get(list(self.starts)),
                "stops": ir.DenseI64ArrayAttr.get(list(self.stops)),
                "steps": ir.DenseI64ArrayAttr.get(list(self.steps))}

    def __str__(self) -> str:
        def bound(value):
            return "" if value == _OMITTED else "?" if value == _DYNAMIC else str(value)
        entries = [bound(start) if step == 0 else f"{bound(start)}:{bound(stop)}:{bound(step)}"
                   for start, stop, step in zip(self.starts, self.stops, self.steps, strict=True)]
        return f"{type(self).__name__}{{{', '.join(entries)}}}"


class Subtensor(_BasicIndexOp):
    """Basic indexing: slices and integers."""

    op_name = "tessera.subtensor"

    def make_node(self, x, *bounds):
        return self.apply([x, *bounds])


class SetSubtensor(_BasicIndexOp):
    """`x` with a basic-indexing selection replaced by `y` (a new tensor)."""

    op_name = "tessera.set_subtensor"

    def make_node(self, x, y, *bounds):
        return self.apply([x, y, *bounds])


class IncSubtensor(SetSubtensor):
    """`x` with `y` added to a basic-indexing selection (a new tensor)."""

    op_name = "tessera.inc_subtensor"


class _AdvancedIndexOp(DialectOp):
    """An op of advanced indexing: integer arrays or a boolean mask over the
    axes of `x` from `axis` on."""

    def __init__(self, axis: int):
        self.axis = axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def __str__(self) -> str:
        return f"{type(self).__name__}{{axis={self.axis}}}"


class AdvancedSubtensor(_AdvancedIndexOp):
    """A gather by integer arrays or a boolean mask."""

    op_name = "tessera.advanced_subtensor"

    def make_node(self, x, *indices):
        return self.apply([x, *indices])


class AdvancedSetSubtensor(_AdvancedIndexOp):
    """`x` with the elements of an advanced index replaced by `y`; a repeated
    position keeps the last value."""

    op_name = "tessera.advanced_set_subtensor"

    def make_node(self, x, y, *indices):
        return self.apply([x, y, *indices])


class AdvancedIncSubtensor(AdvancedSetSubtensor):
    """`x` with `y` added at the elements of an advanced index; a repeated
    position accumulates (`np.add.at`)."""

    op_name = "tessera.advanced_inc_subtensor"


class Nonzero(DialectOp):
    """The positions of the true elements of a mask, one int64 vector per
    dimension (NumPy's nonzero)."""

    op_name = "tessera.nonzero"

    def make_node(self, mask):
        return self.apply([mask])


def nonzero(a, return_matrix: bool = False):
    """The positions of the nonzero elements of `a`: a tuple of int64 vectors,
    one per dimension, in row-major order (NumPy's nonzero); with
    `return_matrix`, one (ndim, n) matrix of them (Theano)."""
    a = as_tensor_variable(a)
    if a.ndim == 0:
        raise ValueError("nonzero is not defined for a 0-d tensor; index a vector of it (x.reshape((1,)))")
    positions = Nonzero()(a if a.dtype == "bool" else neq(a, 0))
    positions = tuple(positions) if isinstance(positions, list) else (positions,)
    if not return_matrix:
        return positions
    matrix = zeros((a.ndim, shape_i(positions[0], 0)), dtype="int64")
    for dim, vector in enumerate(positions):
        matrix = set_subtensor(matrix[dim], vector)
    return matrix


def flatnonzero(a):
    """The positions of the nonzero elements of `a` flattened (NumPy's flatnonzero)."""
    return nonzero(reshape(as_tensor_variable(a), (-1,)))[0]


def nonzero_values(a):
    """The nonzero elements of `a` flattened, in row-major order."""
    flat = reshape(as_tensor_variable(a), (-1,))
    return flat[flatnonzero(flat)]


# ---------------------------------------------------------------------------
# Reading an index
# ---------------------------------------------------------------------------

@dataclass
class _Entry:
    """One entry of an index tuple: 'int', 'slice', 'array', 'mask', 'new' or
    'ellipsis'; `value` is the int or Variable, or a (start, stop, step) of
    ints, None or int64 scalar variables."""

    kind: str
    value: Any = None

    @property
    def axes(self) -> int:
        """How many axes of the indexed tensor the entry consumes."""
        if self.kind in ("int", "slice", "array"):
            return 1
        if self.kind == "mask":
            return self.value.ndim
        return 0


_FULL = _Entry("slice", (None, None, None))


def _integer(value: Any, what: str):
    """A static int, or an int64 scalar variable, from an index or a bound."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be an integer, not a bool")
    if isinstance(value, (int, np.integer)):
        return max(-_LARGEST_BOUND, min(_LARGEST_BOUND, int(value)))
    if isinstance(value, Variable):
        if value.ndim != 0 or value.dtype not in INT_DTYPES:
            raise TypeError(f"{what} must be an integer scalar, got {value} of type {value.type}")
        if isinstance(value, TensorConstant):
            return int(value.data)
        return cast(value, "int64")
    raise TypeError(f"{what} must be an integer, a symbolic integer scalar or None, "
                    f"got {value!r}")


def _entry(key: Any) -> _Entry:
    """The entry of one element of an index tuple."""
    if key is None:
        return _Entry("new")
    if key is Ellipsis:
        return _Entry("ellipsis")
    if isinstance(key, slice):
        bounds = tuple(None if b is None else _integer(b, "a slice bound")
                       for b in (key.start, key.stop, key.step))
        if bounds[2] == 0:
            raise ValueError("slice step cannot be zero")
        return _Entry("slice", bounds)
    if isinstance(key, (bool, np.bool_)):
        raise NotImplementedError("indexing with a scalar bool (x[True]) is not supported; "
                                  "use x[None] or dimshuffle to add an axis")
    if isinstance(key, (int, np.integer)):
        return _Entry("int", _integer(key, "an index"))
    if isinstance(key, Variable):
        if key.dtype == "bool":
            if key.ndim == 0:
                raise NotImplementedError("indexing with a scalar bool is not supported")
            return _Entry("mask", key)
        if key.dtype not in INT_DTYPES:
            raise TypeError(f"an index must be an integer or a bool tensor, got {key} of type {key.type}")
        return _Entry("int", _integer(key, "an index")) if key.ndim == 0 else _Entry("array", key)
    data = np.asarray(key)
    if data.dtype == np.bool_:
        return _entry(constant(data))
    if data.size == 0 and data.dtype.kind == "f":  # [] is an empty integer index
        data = data.astype(np.int64)
    if data.dtype.kind not in "iu":
        raise TypeError(f"an index must be an integer, a slice, None, Ellipsis, or an array of "
                        f"integers or bools, got {key!r}")
    return _entry(constant(data.astype(np.int64)))


def _entries(x, key: Any) -> list[_Entry]:
    """The entries of `key`, with the Ellipsis (or the end) expanded to full
    slices of the axes no entry consumes."""
    entries = [_entry(k) for k in (key if isinstance(key, tuple) else (key,))]
    ellipses = [i for i, e in enumerate(entries) if e.kind == "ellipsis"]
    if len(ellipses) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    consumed = sum(e.axes for e in entries)
    if consumed > x.ndim:
        raise IndexError(f"too many indices for tensor: tensor is {x.ndim}-dimensional, "
                         f"but {consumed} were indexed")
    fill = [_FULL] * (x.ndim - consumed)
    if ellipses:
        return entries[:ellipses[0]] + fill + entries[ellipses[0] + 1:]
    return entries + fill


def _check_static_index(x, axis: int, index: Any) -> None:
    """IndexError when a constant index is out of range of a known size."""
    size = x.type.shape[axis]
    if size is None:
        return
    if isinstance(index, int):
        values = np.asarray([index])
    elif isinstance(index, TensorConstant):
        values = index.data
    else:
        return
    bad = values[(values < -size) | (values >= size)]
    if bad.size:
        raise IndexError(f"index {int(bad.flat[0])} is out of bounds for axis {axis} with size {size}")


def _basic_op_arguments(entries: Sequence[_Entry]):
    """The (starts, stops, steps) attributes and bound operands of basic
    indexing by `entries` (ints and slices, one axis each)."""
    columns: list[list[int]] = [[], [], []]
    dynamic: list[list[Variable]] = [[], [], []]
    for entry in entries:
        bounds = (entry.value, None, 0) if entry.kind == "int" else entry.value
        for column, operands, bound in zip(columns, dynamic, bounds, strict=True):
            if bound is None:
                column.append(_OMITTED)
            elif isinstance(bound, int):
                column.append(bound)
            else:
                column.append(_DYNAMIC)
                operands.append(bound)
    return tuple(tuple(c) for c in columns), dynamic[0] + dynamic[1] + dynamic[2]


@dataclass
class IndexedView:
    """How `x[key]` was computed, step by step, so that set_subtensor and
    inc_subtensor can write back through the same steps."""

    source: Variable                 # x as the user indexed it
    expanded: Variable               # x with the new axes of None entries
    new_axes: tuple[int, ...]
    basic: tuple | None              # (attributes, bounds) of the subtensor
    sliced: Variable                 # after the subtensor
    permutation: tuple[int, ...] | None
    permuted: Variable               # after moving the advanced axes
    advanced: tuple[int, list[Variable]] | None   # (axis, index arrays)


def getitem(x, key: Any):
    """`x[key]` as NumPy and Theano define it."""
    x = as_tensor_variable(x)
    owner = x.owner
    if owner is not None and isinstance(owner.op, Shape) and isinstance(key, (int, np.integer)):
        return shape_i(owner.inputs[0], int(key))  # x.shape[i] needs no shape vector
    entries = _entries(x, key)

    # Inserted axes become size-1 axes of x that a full slice keeps.
    new_axes, position = [], 0
    for i, entry in enumerate(entries):
        if entry.kind == "new":
            new_axes.append(position)
            entries[i] = _FULL
        position += entries[i].axes
    pattern, source_axis = [], 0
    for axis in range(position):
        if axis in new_axes:
            pattern.append("x")
        else:
            pattern.append(source_axis)
            source_axis += 1
    expanded = dimshuffle(x, *pattern) if new_axes else x

    axis = 0
    for entry in entries:
        if entry.kind in ("int", "array"):
            _check_static_index(expanded, axis, entry.value)
        axis += entry.axes

    advanced = [i for i, e in enumerate(entries) if e.kind in ("array", "mask")]
    if not advanced:
        basic_entries = entries
    else:
        # With arrays present, integers are advanced indices too (NumPy).
        for i, entry in enumerate(entries):
            if entry.kind == "int":
                index = entry.value
                entries[i] = _Entry("array", constant(np.int64(index)) if isinstance(index, int) else index)
        advanced = [i for i, e in enumerate(entries) if e.kind in ("array", "mask")]
        basic_entries = [e if e.kind == "slice" else _FULL for e in entries
                         for _ in range(e.axes)]

    basic = None
    sliced = expanded
    # Basic indexing always makes a new variable (x[:] too, as in Theano),
    # so that set_subtensor has a selection to write to.
    if not advanced or any(e != _FULL for e in basic_entries):
        attributes, bounds = _basic_op_arguments(basic_entries)
        basic = (attributes, bounds)
        sliced = Subtensor(*attributes)(expanded, *bounds)
    view = IndexedView(x, expanded, tuple(new_axes), basic, sliced, None, sliced, None)
    if advanced:
        _apply_advanced(view, entries, advanced)
    result = view.permuted if view.advanced is None else \
        AdvancedSubtensor(view.advanced[0])(view.permuted, *view.advanced[1])
    result.indexed_view = view
    return result


def _apply_advanced(view: IndexedView, entries: list[_Entry], advanced: list[int]) -> None:
    """Fills in the advanced step of `view`: the axes the arrays index, moved
    to the front when they are not adjacent, and the arrays brought to one
    rank."""
    masks = [i for i in advanced if entries[i].kind == "mask"]
    if masks and len(advanced) > 1:
        raise NotImplementedError("a boolean mask combined with other integer or array indices is "
                                  "not supported; index by the arrays of T.nonzero(mask) instead")
    starts, axis = [], 0
    for entry in entries:
        starts.append(axis)
        axis += entry.axes
    axes = [a for i in advanced for a in range(starts[i], starts[i] + entries[i].axes)]
    if advanced == list(range(advanced[0], advanced[-1] + 1)):
        first = axes[0]
    else:  # NumPy puts the dimensions of non-adjacent arrays first.
        permutation = tuple(axes + [a for a in range(view.sliced.ndim) if a not in axes])
        view.permutation = permutation
        view.permuted = dimshuffle(view.sliced, *permutation)
        first = 0
    arrays = [entries[i].value for i in advanced]
    rank = max(a.ndim for a in arrays)
    if not masks:
        arrays = [pad_left(a, rank) for a in arrays]
    view.advanced = (first, arrays)


# ---------------------------------------------------------------------------
# Writing through an index
# ---------------------------------------------------------------------------

def _update_value(x, view_result, y):
    """`y` as the value that replaces or increments `view_result`: `x`'s dtype
    (where NumPy would cast it so: 'same_kind'), the view's rank."""
    y_is_python = not isinstance(y, Variable)
    y = as_tensor_variable(y)
    if y.dtype != x.dtype:
        if not y_is_python and not np.can_cast(y.dtype, x.dtype, "same_kind"):
            raise TypeError(f"cannot write {y.dtype} values into a {x.dtype} tensor; cast them first")
        y = cast(y, x.dtype)
    if y.ndim > view_result.ndim:
        raise TypeError(f"trying to write a {y.ndim}-dimensional value into a "
                        f"{view_result.ndim}-dimensional selection")
    return pad_left(y, view_result.ndim)


def _write(view_result, y, accumulate: bool):
    view: IndexedView | None = getattr(view_result, "indexed_view", None)
    if view is None:
        raise TypeError(f"set_subtensor and inc_subtensor take the result of indexing a tensor "
                        f"(x[...]) as their first argument, got {view_result}")
    y = _update_value(view.source, view_result, y)
    if view.advanced is None:
        attributes, bounds = view.basic
        op = IncSubtensor if accumulate else SetSubtensor
        expanded = op(*attributes)(view.expanded, y, *bounds)
    else:
        axis, arrays = view.advanced
        op = AdvancedIncSubtensor if accumulate else AdvancedSetSubtensor
        permuted = op(axis)(view.permuted, y, *arrays)
        sliced = permuted
        if view.permutation is not None:
            sliced = dimshuffle(permuted, *np.argsort(view.permutation).tolist())
        expanded = sliced
        if view.basic is not None:
            attributes, bounds = view.basic
            expanded = SetSubtensor(*attributes)(view.expanded, sliced, *bounds)
    if not view.new_axes:
        return expanded
    return dimshuffle(expanded, *[a for a in range(expanded.ndim) if a not in view.new_axes])


def set_subtensor(x, y, inplace: bool = False, tolerate_inplace_aliasing: bool = False):
    """A new tensor: the tensor `x` was indexed from, with the elements `x`
    selects replaced by `y` (broadcast). `x` is the result of `t[key]`; a
    position an advanced index repeats keeps the last value."""
    return _write(x, y, accumulate=False)


def inc_subtensor(x, y, inplace: bool = False, set_instead_of_inc: bool = False,
                  tolerate_inplace_aliasing: bool = False):
    """A new tensor: the tensor `x` was indexed from, with `y` (broadcast)
    added to the elements `x` selects; a position an advanced index repeats
    gets every increment (`np.add.at`)."""
    return _write(x, y, accumulate=not set_instead_of_inc)
