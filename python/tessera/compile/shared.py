"""Shared variables: graph inputs whose values persist across calls and functions."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tessera.compile.inputs import to_array
from tessera.tensor.type import TensorType, check_dtype
from tessera.tensor.variable import TensorVariable


class SharedVariable(TensorVariable):
    """A tensor variable with a value. Functions that use it read its value at each
    call; `updates` write new values after the call."""

    def __init__(self, type: TensorType, value: np.ndarray, name: str | None = None):
        super().__init__(type, None, None, name)
        self._value = value

    def get_value(self, borrow: bool = False, return_internal_type: bool = False) -> np.ndarray:
        """The value (a copy unless `borrow`)."""
        return self._value if borrow else self._value.copy()

    def set_value(self, value: Any, borrow: bool = False) -> None:
        """Replaces the value (copied unless `borrow`); it must fit the variable's type."""
        array = to_array(value, self.type, allow_downcast=False, what=f"set_value of {self}")
        if not borrow and array is value:
            array = array.copy()
        self._value = array

    def clone(self) -> SharedVariable:
        return SharedVariable(self.type, self._value, self.name)

    def __str__(self) -> str:
        return self.name if self.name is not None else f"<{self.type}>"

    __repr__ = __str__


def shared(value: Any, name: str | None = None, strict: bool = False, allow_downcast: bool | None = None,
           borrow: bool = False, broadcastable: Sequence[bool] | None = None) -> SharedVariable:
    """A shared variable holding `value` (copied unless `borrow`). Its dimensions are
    not broadcastable unless `broadcastable` says so."""
    array = np.array(value, copy=not borrow) if not isinstance(value, np.ndarray) or not borrow else value
    check_dtype(array.dtype)
    if broadcastable is None:
        broadcastable = (False,) * array.ndim
    type = TensorType(array.dtype, broadcastable)
    return SharedVariable(type, to_array(array, type, allow_downcast, f"shared value {name or ''}".strip()), name)
