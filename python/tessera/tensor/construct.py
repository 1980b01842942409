"""Tensors built from sizes and values: alloc, fill/second, zeros, ones,
arange, mgrid/ogrid, eye, identity_like, to_one_hot, repeat, tile."""

from __future__ import annotations

from typing import Any

import numpy as np

from tessera.configuration import config
from tessera.tensor.cast import cast
from tessera.tensor.dtypes import INT_DTYPES, check_dtype, upcast
from tessera.tensor.elemwise import eq, switch
from tessera.tensor.op import DialectOp
from tessera.tensor.reduction import cumsum
from tessera.tensor.reduction import sum as total
from tessera.tensor.shape_ops import Shape, pad_left, reshape, shape_i
from tessera.tensor.type import TensorConstant, as_tensor_variable, constant


def _sizes(shape: Any) -> list:
    """A shape argument (ints, int scalars, `x.shape` or a constant vector) as one
    int64 scalar variable per dimension."""
    if getattr(shape, "owner", None) is not None and isinstance(shape.owner.op, Shape):
        source = shape.owner.inputs[0]
        return [shape_i(source, i) for i in range(source.ndim)]
    if isinstance(shape, TensorConstant):
        shape = [int(s) for s in shape.data.reshape(-1)]
    if isinstance(shape, (int, np.integer)) or (hasattr(shape, "ndim") and shape.ndim == 0):
        shape = [shape]
    if hasattr(shape, "ndim"):
        raise NotImplementedError("sizes given as a computed int vector are not supported yet; "
                                  "pass a tuple of ints and int scalars, or x.shape")
    sizes = []
    for size in shape:
        size = as_tensor_variable(size)
        if size.ndim != 0 or size.dtype not in INT_DTYPES:
            raise TypeError(f"a size must be an integer scalar, got {size} of type {size.type}")
        # A known size stays a constant, so the dialect types the result with it.
        sizes.append(constant(np.int64(size.data)) if isinstance(size, TensorConstant)
                     else cast(size, "int64"))
    return sizes


class Alloc(DialectOp):
    """A tensor of the given sizes filled with a scalar."""

    op_name = "tessera.alloc"

    def uses_known_value(self, index: int) -> bool:
        return index >= 1

    def make_node(self, value, *sizes):
        value = as_tensor_variable(value)
        if value.ndim != 0:
            raise NotImplementedError("alloc of a non-scalar value is not supported yet")
        return self.apply([value, *sizes])

    def __str__(self) -> str:
        return "Alloc"


_alloc = Alloc()


def alloc(value, *shape):
    """A tensor of `shape` filled with `value`, which broadcasts against it (a
    scalar, or a tensor of at most as many dimensions)."""
    sizes = _sizes(shape if len(shape) != 1 else shape[0])
    value = as_tensor_variable(value)
    if value.ndim == 0:
        return _alloc(value, *sizes)
    if value.ndim > len(sizes):
        raise ValueError(f"alloc of a {value.ndim}-dimensional value into {len(sizes)} dimensions")
    return second(_alloc(constant(True), *sizes), value)


def second(a, b):
    """`b` broadcast against `a` (Theano's second; `fill(a, b)`)."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    # Both branches are b: the condition only lends its shape.
    return switch(_alloc(constant(True), *(shape_i(a, d) for d in range(a.ndim))), b, b)


def fill(model, value):
    """`value` broadcast to the shape of `model` (Theano's fill)."""
    return second(model, value)


def _filled(value: float, shape, dtype=None):
    dtype = check_dtype(dtype) if dtype is not None else config.floatX
    return _alloc(constant(np.asarray(value, dtype=dtype)), *_sizes(shape))


def zeros(shape, dtype=None):
    """A tensor of zeros of `shape` (a tuple of ints/int scalars, or `x.shape`)."""
    return _filled(0, shape, dtype)


def ones(shape, dtype=None):
    return _filled(1, shape, dtype)


def zeros_like(x, dtype=None):
    x = as_tensor_variable(x)
    return _filled(0, x.shape, dtype or x.dtype)


def ones_like(x, dtype=None):
    x = as_tensor_variable(x)
    return _filled(1, x.shape, dtype or x.dtype)


class ARange(DialectOp):
    """Evenly spaced values in [start, stop)."""

    op_name = "tessera.arange"

    def __init__(self, dtype: str):
        self.dtype = dtype

    def make_node(self, start, stop, step):
        bounds = [as_tensor_variable(v) for v in (start, stop, step)]
        for bound in bounds:
            if bound.ndim != 0:
                raise TypeError(f"arange takes scalars, got {bound.type}")
        if isinstance(bounds[2], TensorConstant) and bounds[2].data.item() == 0:
            raise ValueError("arange: the step must not be zero")
        return self.apply(bounds)

    def __str__(self) -> str:
        return f"ARange{{dtype='{self.dtype}'}}"


def arange(start, stop=None, step=1, dtype=None):
    """NumPy's arange; integer bounds give int64 (as Theano), floats their upcast dtype."""
    if stop is None:
        start, stop = 0, start
    bounds = [as_tensor_variable(v) for v in (start, stop, step)]
    if dtype is None:
        dtype = upcast(*(b.dtype for b in bounds))
        if dtype in INT_DTYPES or dtype == "bool":
            dtype = "int64"
    dtype = check_dtype(dtype)
    return ARange(dtype)(*(cast(b, dtype) for b in bounds))


def eye(n, m=None, k: int = 0, dtype=None):
    """The (n, m) matrix with ones on diagonal `k` and zeros elsewhere (floatX
    unless `dtype` is given); `n`, `m` and `k` may be symbolic."""
    dtype = check_dtype(dtype) if dtype is not None else config.floatX
    m = n if m is None else m
    rows = arange(n).dimshuffle(0, "x")
    columns = arange(m).dimshuffle("x", 0)
    return cast(eq(rows + k, columns), dtype)


def identity_like(x, dtype=None):
    """The identity matrix of `x`'s shape (and dtype, unless given)."""
    x = as_tensor_variable(x)
    if x.ndim != 2:
        raise ValueError(f"identity_like takes a matrix, got {x.type}")
    return eye(shape_i(x, 0), shape_i(x, 1), dtype=dtype or x.dtype)


def to_one_hot(y, nb_class, dtype=None):
    """Each integer label of the vector `y` as a row of `nb_class` values with
    a one at the label (floatX unless `dtype` is given)."""
    y = as_tensor_variable(y)
    if y.ndim != 1 or y.dtype not in INT_DTYPES:
        raise TypeError(f"to_one_hot takes an integer vector, got {y.type}")
    dtype = check_dtype(dtype) if dtype is not None else config.floatX
    return cast(eq(y.dimshuffle(0, "x"), arange(nb_class).dimshuffle("x", 0)), dtype)


class _Grid:
    """`mgrid[0:5, 0:3]` and `ogrid[...]`: NumPy's index grids, one tensor per
    slice (int bounds give int64, float bounds floatX)."""

    def __init__(self, sparse: bool):
        self.sparse = sparse

    def __getitem__(self, key):
        key = key if isinstance(key, tuple) else (key,)
        ranges = []
        for entry in key:
            if not isinstance(entry, slice) or entry.stop is None:
                raise TypeError("mgrid and ogrid take slices with a stop, as mgrid[0:5, 0:3]")
            if isinstance(entry.step, complex):
                raise NotImplementedError("a complex step (a number of points) is not supported; "
                                          "give the step")
            ranges.append(arange(0 if entry.start is None else entry.start, entry.stop,
                                 1 if entry.step is None else entry.step))
        ndim = len(ranges)
        grids = [r.dimshuffle(*["x" if d != axis else 0 for d in range(ndim)]) for axis, r in enumerate(ranges)]
        if self.sparse:
            return grids
        full = _alloc(constant(True), *(shape_i(r, 0) for r in ranges))
        return [switch(full, g, g) for g in grids]


mgrid = _Grid(sparse=False)
ogrid = _Grid(sparse=True)


def repeat(x, repeats, axis=None):
    """NumPy's repeat: each element `repeats` times along `axis` (of the
    flattened tensor when None); `repeats` is one count (an int or int
    scalar) or one count per element (an int vector)."""
    x = as_tensor_variable(x)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"axis {axis} is out of range for a tensor of {x.ndim} dimensions")
    axis %= x.ndim
    repeats = as_tensor_variable(repeats)
    if repeats.ndim == 1:
        return _repeat_each(x, repeats, axis)
    if repeats.ndim != 0 or repeats.dtype not in INT_DTYPES:
        raise TypeError(f"repeat takes an integer count or vector of counts, got {repeats.type}")
    sizes = [shape_i(x, d) for d in range(x.ndim)]
    pattern = list(range(axis + 1)) + ["x"] + list(range(axis + 1, x.ndim))
    spread = alloc(x.dimshuffle(*pattern), *(sizes[:axis + 1] + [repeats] + sizes[axis + 1:]))
    return reshape(spread, tuple(sizes[:axis]) + (sizes[axis] * repeats,) + tuple(sizes[axis + 1:]))


def tile(x, reps):
    """NumPy's tile: `x` repeated `reps[i]` times along each axis (ints or int
    scalars; `x` gets leading axes if `reps` is longer)."""
    x = as_tensor_variable(x)
    reps = list(reps) if isinstance(reps, (list, tuple)) else [reps]
    ndim = max(x.ndim, len(reps))
    x = pad_left(x, ndim)
    reps = [1] * (ndim - len(reps)) + reps
    sizes = [shape_i(x, d) for d in range(ndim)]
    pattern = [p for d in range(ndim) for p in ("x", d)]
    spread = alloc(x.dimshuffle(*pattern), *[v for d in range(ndim) for v in (reps[d], sizes[d])])
    return reshape(spread, tuple(reps[d] * sizes[d] for d in range(ndim)))


def _repeat_each(x, counts, axis: int):
    """`x` gathered along `axis` with element i taken `counts[i]` times: output
    position j reads the element whose running count first exceeds j."""
    if counts.dtype not in INT_DTYPES:
        raise TypeError(f"repeat counts must be integers, got {counts.type}")
    counts = cast(counts, "int64")
    ends = cumsum(counts)
    outputs = arange(total(counts)).dimshuffle(0, "x")
    source = (ends.dimshuffle("x", 0) <= outputs).sum(axis=1)
    return x[(slice(None),) * axis + (source,)]
