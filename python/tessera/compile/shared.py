"""Shared variables: graph inputs whose values persist across calls and functions."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tessera.compile.inputs import to_array
from tessera.tensor.dtypes import check_dtype
from tessera.tensor.type import TensorType, TensorVariable


class SharedVariable(TensorVariable):
    """A tensor variable with a value. Functions that use it read its value at each
    call; `updates` write new values after the call."""

    def __init__(self, type: TensorType, value: np.ndarray, name: str | None = None,
                 strict: bool = False, allow_downcast: bool | None = None):
        super().__init__(type, None, None, name)
        self._value = value
        self._strict = strict
        self._allow_downcast = allow_downcast

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> np.ndarray:
        """The value (a copy unless `borrow`)."""
        return self._value if borrow else self._value.copy()

    def set_value(self, value: Any, borrow: bool = False) -> None:
        """Replaces the value (copied unless `borrow`); it must fit the variable's type:
        exactly, for a variable made with `strict=True`; else any value its dtype
        holds without loss (or with `allow_downcast`)."""
        what = f"set_value of {self}"
        if self._strict and not (isinstance(value, np.ndarray) and value.dtype == self.type.dtype):
            raise TypeError(f"{what}: this shared variable is strict, so the value must be a NumPy "
                            f"array of dtype {self.type.dtype}, got {type(value).__name__}"
                            + (f" of dtype {value.dtype}" if hasattr(value, "dtype") else ""))
        array = to_array(value, self.type, allow_downcast=self._allow_downcast, what=what)
        if not borrow and array is value:
            array = array.copy()
        self._value = array

    def clone(self) -> SharedVariable:
        return SharedVariable(self.type, self._value, self.name, self._strict, self._allow_downcast)

    def __str__(self) -> str:
        return self.name if self.name is not None else f"<{self.type}>"

    __repr__ = __str__


def shared(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None,
           borrow: bool = False, broadcastable: Sequence[bool] | None = None) -> SharedVariable:
    """A shared variable holding `value` (copied unless `borrow`). Its dimensions are
    not broadcastable unless `broadcastable` says so. With `strict`, `set_value` takes
    only arrays of exactly its dtype; `allow_downcast` lets it convert lossy values."""
    array = np.array(value, copy=not borrow) if not isinstance(value, np.ndarray) or not borrow else value
    check_dtype(array.dtype)
    if broadcastable is None:
        broadcastable = (False,) * array.ndim
    type = TensorType(array.dtype, broadcastable)
    value = to_array(array, type, allow_downcast, f"shared value {name or ''}".strip())
    return SharedVariable(type, value, name, strict=strict, allow_downcast=allow_downcast)
