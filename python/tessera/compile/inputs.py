"""Converting call arguments and shared values to arrays of a tensor type, with
Theano's rules: no silent loss of precision."""

from __future__ import annotations

from typing import Any

import numpy as np

from tessera.tensor.type import TensorType


def _lossless(value: Any, converted: np.ndarray) -> bool:
    original = np.asarray(value)
    if original.dtype.kind not in "biuf":
        return False
    with np.errstate(all="ignore"):
        back = converted.astype(original.dtype)
    return bool(np.array_equal(back, original, equal_nan=original.dtype.kind == "f"))


def to_array(value: Any, type: TensorType, allow_downcast: bool | None, what: str) -> np.ndarray:
    """`value` as an array of `type`'s dtype and rank. A NumPy array of a wider dtype
    needs `allow_downcast`; Python scalars and lists are accepted when their
    conversion loses nothing. Raises TypeError naming `what` and the fix.
    (A function call passes arrays that need none of this without calling it.)"""
    dtype = np.dtype(type.dtype)
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype != dtype:
            if not (allow_downcast or np.can_cast(array.dtype, dtype, "safe")):
                raise TypeError(
                    f"{what}: {type} cannot store a value of dtype {array.dtype} without risking "
                    f"loss of precision. If you do not mind this loss, either cast your data to "
                    f"{type.dtype} or pass allow_input_downcast=True to function().")
            array = array.astype(dtype)
    else:
        try:
            array = np.asarray(value, dtype=dtype)
        except (TypeError, ValueError, OverflowError) as error:
            raise TypeError(f"{what}: cannot convert {value!r} to {type}: {error}") from None
        if not (allow_downcast or _lossless(value, array)):
            raise TypeError(
                f"{what}: converting {value!r} to {type.dtype} loses precision; pass a value that "
                f"{type.dtype} holds exactly, or allow_input_downcast=True to function().")
    if array.ndim != type.ndim:
        raise TypeError(f"{what}: wrong number of dimensions: expected {type.ndim}, got "
                        f"{array.ndim} with shape {array.shape}")
    for dim, (size, flag) in enumerate(zip(array.shape, type.broadcastable)):
        if flag and size != 1:
            raise TypeError(f"{what}: dimension {dim} is broadcastable in {type}, so its size must "
                            f"be 1, got shape {array.shape}")
    # Compiled code addresses whole, aligned elements; the rare array that is not
    # made of them (a field of a structured array, an unaligned buffer) is copied.
    if not array.flags.aligned or any(stride % array.itemsize for stride in array.strides):
        array = np.require(array, requirements=["C", "A"])
    return array
