"""Tensor types and Theano 1.0's dtype rules (API.md "Semantics pinned").

A `TensorType` is a dtype and one broadcastable flag per dimension; it also
carries the sizes known statically (`shape`, None where unknown), which become
the static sizes of the MLIR tensor type. Two types are equal when their dtype
and flags are (known sizes are extra information, as in Theano).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tessera.configuration import config

INT_DTYPES = ("int8", "int16", "int32", "int64")
FLOAT_DTYPES = ("float16", "float32", "float64")
DTYPES = ("bool", *INT_DTYPES, *FLOAT_DTYPES)

_SHAPE_NAMES = {
    (): "scalar",
    (False,): "vector",
    (False, False): "matrix",
    (True, False): "row",
    (False, True): "col",
    (False, False, False): "3D",
    (False, False, False, False): "4D",
}


def check_dtype(dtype: Any) -> str:
    name = np.dtype(dtype).name if dtype is not None else config.floatX
    if name not in DTYPES:
        raise TypeError(f"Tessera does not support dtype {name!r}; supported: {', '.join(DTYPES)}")
    return name


def upcast(*dtypes: str) -> str:
    """The dtype two or more variables promote to: NumPy's promotion of their dtypes."""
    return np.result_type(*[np.dtype(d) for d in dtypes]).name


def float_dtype_of(dtype: str) -> str:
    """The dtype of a float function (exp, log, true division, ...) of `dtype`:
    float32 for bools and 8- and 16-bit integers, float64 for 32- and 64-bit ones."""
    if dtype in FLOAT_DTYPES:
        return dtype
    return "float32" if dtype in ("bool", "int8", "int16") else "float64"


def constant_dtype(value: Any) -> str:
    """The dtype a Python value takes as a constant: the smallest integer dtype that
    holds a Python int; float32 for a Python float that float32 represents exactly
    (or when floatX is float32), else float64; NumPy values keep theirs."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        return check_dtype(value.dtype)
    array = np.asarray(value)
    if array.dtype.kind == "b":
        return "bool"
    if array.dtype.kind in "iu":
        for dtype in INT_DTYPES:
            info = np.iinfo(dtype)
            if array.size == 0 or (info.min <= array.min() and array.max() <= info.max):
                return dtype
        raise OverflowError(f"{value!r} does not fit in int64")
    if array.dtype.kind == "f":
        if config.floatX == "float32":
            return "float32"
        as32 = array.astype(np.float32)
        exact = np.array_equal(as32.astype(np.float64), array, equal_nan=True)
        return "float32" if exact else "float64"
    raise TypeError(f"cannot make a tensor constant of {value!r} (dtype {array.dtype})")


class TensorType:
    """The type of a tensor variable: dtype, broadcastable flags, known sizes."""

    def __init__(self, dtype: Any, broadcastable: Sequence[bool], shape: Sequence[int | None] | None = None):
        self.dtype = check_dtype(dtype)
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        if shape is None:
            shape = tuple(1 if b else None for b in self.broadcastable)
        self.shape = tuple(None if s is None else int(s) for s in shape)
        if len(self.shape) != len(self.broadcastable):
            raise ValueError(f"shape {self.shape} and broadcastable {self.broadcastable} differ in rank")
        for size, flag in zip(self.shape, self.broadcastable):
            if flag and size != 1:
                raise ValueError(f"a broadcastable dimension has size 1, not {size}")

    @property
    def ndim(self) -> int:
        return len(self.broadcastable)

    def __call__(self, name: str | None = None):
        """A new symbolic variable of this type."""
        return self.make_variable(name=name)

    def make_variable(self, owner=None, index=None, name=None):
        from tessera.tensor.variable import TensorVariable

        return TensorVariable(self, owner, index, name)

    def with_shape(self, shape: Sequence[int | None]) -> TensorType:
        return TensorType(self.dtype, self.broadcastable, shape)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, TensorType) and self.dtype == other.dtype
                and self.broadcastable == other.broadcastable)

    def __hash__(self) -> int:
        return hash((self.dtype, self.broadcastable))

    def __str__(self) -> str:
        name = _SHAPE_NAMES.get(self.broadcastable, str(self.broadcastable))
        return f"TensorType({self.dtype}, {name})"

    __repr__ = __str__
