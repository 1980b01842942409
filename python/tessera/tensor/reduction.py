"""Reductions along axes (axis None, an int, negative or a tuple; keepdims).

`sum prod max min all any` are dialect reductions and `argmax argmin` its
arg-reductions (NumPy's first occurrence; NaN counts as the extremum);
`max_and_argmax mean var std ptp` are built from them, as Theano defines them.
`cumsum` and `cumprod` are the dialect's cumulative reductions along one axis.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from mlir import ir

from tessera.tensor.cast import cast
from tessera.tensor.dtypes import float_dtype_of
from tessera.tensor.elemwise import isclose, mul, pow, sqr, sub, true_div
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import reshape, shape_i
from tessera.tensor.type import as_tensor_variable, constant


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


class Reduction(DialectOp):
    """A dialect reduction (or arg-reduction) of one tensor along `axes`."""

    def __init__(self, op_name: str, axes: tuple[int, ...], keepdims: bool):
        self.op_name = op_name
        self.axes = axes
        self.keepdims = keepdims

    def attributes(self):
        attributes = {"axes": ir.DenseI64ArrayAttr.get(list(self.axes))}
        if self.keepdims:
            attributes["keepdims"] = ir.UnitAttr.get()
        return attributes

    def make_node(self, x):
        return self.apply([as_tensor_variable(x)])

    def __str__(self) -> str:
        return f"{self.op_name.removeprefix('tessera.').capitalize()}{{axis={list(self.axes)}}}"


def _reduce(op_name: str, x, axis, keepdims: bool):
    return Reduction(op_name, normalize_axes(axis, x.ndim), keepdims)(x)


def _accumulator_dtype(dtype: str) -> str:
    """Theano's sums and products of bools and integers count in int64."""
    return "int64" if dtype in ("bool", "int8", "int16", "int32") else dtype


def sum(x, axis=None, dtype=None, keepdims=False, acc_dtype=None):  # noqa: A001 (Theano's name)
    """Sum along `axis`; bools and integers sum in int64, as in Theano."""
    x = as_tensor_variable(x)
    return _reduce("tessera.sum", cast(x, dtype or _accumulator_dtype(x.dtype)), axis, keepdims)


def prod(x, axis=None, dtype=None, keepdims=False, acc_dtype=None, no_zeros_in_input=False):
    """Product along `axis`; bools and integers multiply in int64, as in Theano."""
    x = as_tensor_variable(x)
    return _reduce("tessera.prod", cast(x, dtype or _accumulator_dtype(x.dtype)), axis, keepdims)


def max(x, axis=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Maximum along `axis` (NaN propagates; an empty axis raises ValueError)."""
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        return any(x, axis, keepdims)
    return _reduce("tessera.max", x, axis, keepdims)


def min(x, axis=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Minimum along `axis` (NaN propagates; an empty axis raises ValueError)."""
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        return all(x, axis, keepdims)
    return _reduce("tessera.min", x, axis, keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Whether every element along `axis` is nonzero."""
    x = as_tensor_variable(x)
    return _reduce("tessera.all", cast(x, "bool"), axis, keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001 (Theano's name)
    """Whether some element along `axis` is nonzero."""
    x = as_tensor_variable(x)
    return _reduce("tessera.any", cast(x, "bool"), axis, keepdims)


def _arg_reduce(op_name: str, x, axis, keepdims: bool):
    x = as_tensor_variable(x)
    if x.dtype == "bool":
        x = cast(x, "int8")
    return _reduce(op_name, x, axis, keepdims)


def max_and_argmax(x, axis=None, keepdims=False):
    """[maximum, its first position] along `axis`; the position is a row-major
    index within the reduced axes (int64)."""
    return _arg_reduce("tessera.argmax", x, axis, keepdims)


def argmax(x, axis=None, keepdims=False):
    """The first position of the maximum along `axis` (int64; NaN counts as the
    maximum; over several axes, a row-major index within them)."""
    return max_and_argmax(x, axis, keepdims)[1]


def argmin(x, axis=None, keepdims=False):
    """The first position of the minimum along `axis` (int64; NaN counts as the
    minimum)."""
    return _arg_reduce("tessera.argmin", x, axis, keepdims)[1]


def _count(x, axes: tuple[int, ...], dtype: str):
    """The number of elements in `axes` of `x`, as a `dtype` scalar."""
    if not axes:
        return constant(np.asarray(1, dtype=dtype))
    return cast(mul(*(shape_i(x, a) for a in axes)), dtype)


def mean(x, axis=None, dtype=None, keepdims=False, acc_dtype=None):
    """Mean along `axis`: float32 for 8- and 16-bit integers, float64 for wider
    ones, the input's dtype for floats."""
    x = as_tensor_variable(x)
    dtype = dtype or float_dtype_of(x.dtype)
    axes = normalize_axes(axis, x.ndim)
    return true_div(sum(x, axes, dtype=dtype, keepdims=keepdims), _count(x, axes, dtype))


def var(x, axis=None, ddof=0, keepdims=False, corrected=False):
    """Variance along `axis`, divided by N - ddof. With `corrected`, the two-pass
    algorithm's rounding error is subtracted (Theano 1.0's corrected variance)."""
    x = as_tensor_variable(x)
    dtype = float_dtype_of(x.dtype)
    axes = normalize_axes(axis, x.ndim)
    centered = sub(cast(x, dtype), mean(x, axes, dtype=dtype, keepdims=True))
    squares = sum(sqr(centered), axes, keepdims=keepdims)
    if corrected:
        error = true_div(sqr(sum(centered, axes, keepdims=keepdims)), _count(x, axes, dtype))
        squares = sub(squares, error)
    divisor = sub(_count(x, axes, dtype), constant(np.asarray(ddof, dtype=dtype)))
    return true_div(squares, divisor)


def std(x, axis=None, ddof=0, keepdims=False, corrected=False):
    """Standard deviation along `axis`: the square root of `var`."""
    variance = var(x, axis, ddof=ddof, keepdims=keepdims, corrected=corrected)
    return pow(variance, constant(np.asarray(0.5, dtype=variance.dtype)))


def ptp(x, axis=None, keepdims=False):
    """Range (maximum - minimum) along `axis`."""
    x = as_tensor_variable(x)
    return sub(max(x, axis, keepdims), min(x, axis, keepdims))


def allclose(a, b, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """Whether every element of `a` is close to `b` (see `isclose`), as a bool
    scalar."""
    return all(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


class Cumulative(DialectOp):
    """A cumulative reduction along one axis (Theano's CumOp)."""

    def __init__(self, op_name: str, axis: int):
        self.op_name, self.axis = op_name, axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def make_node(self, x):
        return self.apply([x])

    def __str__(self) -> str:
        return f"CumOp{{{self.axis}, {self.op_name.removeprefix('tessera.cum')}}}"


def _cumulative(op_name: str, x, axis):
    x = as_tensor_variable(x)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    (axis,) = normalize_axes(axis, x.ndim)
    if x.dtype == "bool":
        x = cast(x, "int64")  # NumPy's running count of bools.
    return Cumulative(op_name, axis)(x)


def cumsum(x, axis=None):
    """The cumulative sum along `axis` (of the flattened tensor when None), in
    `x`'s dtype as Theano (bools count as int64)."""
    return _cumulative("tessera.cumsum", x, axis)


def cumprod(x, axis=None):
    """The cumulative product along `axis` (of the flattened tensor when None)."""
    return _cumulative("tessera.cumprod", x, axis)
