"""Theano 1.0's dtype policy (docs/api.md "Semantics pinned"): which dtypes exist,
how operands upcast, and which dtype a constant or a float function takes.

The dtypes themselves come from the dialect's one table; this module only
decides between them, as Theano did before any op sees its operands.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tessera.configuration import config
from tessera.dialects.tessera import COMPLEX_DTYPES, DTYPES, FLOAT_DTYPES, INT_DTYPES

__all__ = ["COMPLEX_DTYPES", "DTYPES", "FLOAT_DTYPES", "INT_DTYPES", "check_dtype", "constant_dtype",
           "float_dtype_of", "real_dtype_of", "upcast"]


def check_dtype(dtype: Any) -> str:
    """The NumPy name of `dtype` (floatX for None); TypeError if Tessera lacks it."""
    name = np.dtype(dtype).name if dtype is not None else config.floatX
    if name not in DTYPES:
        raise TypeError(f"Tessera does not support dtype {name!r}; supported: {', '.join(DTYPES)}")
    return name


def upcast(*dtypes: str) -> str:
    """The dtype two or more variables promote to: NumPy's promotion of their dtypes."""
    return np.result_type(*[np.dtype(d) for d in dtypes]).name


def float_dtype_of(dtype: str) -> str:
    """The dtype of a float function (exp, log, true division, ...) of `dtype`:
    float32 for bools and 8- and 16-bit integers, float64 for 32- and 64-bit ones;
    complex dtypes stay."""
    if dtype in FLOAT_DTYPES or dtype in COMPLEX_DTYPES:
        return dtype
    return "float32" if dtype in ("bool", "int8", "int16") else "float64"


def real_dtype_of(dtype: str) -> str:
    """The dtype of the parts of a complex dtype (float32 for complex64)."""
    return np.empty(0, dtype).real.dtype.name


def constant_dtype(value: Any) -> str:
    """The dtype a Python value takes as a constant: the smallest integer dtype that
    holds a Python int; float32 for a Python float that float32 represents exactly
    (or when floatX is float32), else float64; NumPy values keep theirs."""
    if isinstance(value, (np.ndarray, np.generic)):
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
    if array.dtype.kind == "c":
        if config.floatX == "float32":
            return "complex64"
        exact = np.array_equal(array.astype(np.complex64).astype(np.complex128), array, equal_nan=True)
        return "complex64" if exact else "complex128"
    raise TypeError(f"cannot make a tensor constant of {value!r} (dtype {array.dtype})")
