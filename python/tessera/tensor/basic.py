"""Variable constructors: `scalar`, `matrix`, `fvector`, `dmatrices`, `tensor`, ..."""

from __future__ import annotations

from typing import Any, Sequence

from tessera.configuration import config
from tessera.tensor.type import TensorType, check_dtype

_PATTERNS = {
    "scalar": (),
    "vector": (False,),
    "matrix": (False, False),
    "row": (True, False),
    "col": (False, True),
    "tensor3": (False,) * 3,
    "tensor4": (False,) * 4,
}

_PLURALS = {"matrix": "matrices"}

_PREFIXES = {
    "b": "int8", "w": "int16", "i": "int32", "l": "int64",
    "f": "float32", "d": "float64", "c": "complex64", "z": "complex128",
}


def tensor(dtype: Any = None, broadcastable: Sequence[bool] = (), name: str | None = None):
    """A symbolic tensor of `dtype` (default floatX) with the given broadcastable flags."""
    return TensorType(dtype if dtype is not None else config.floatX, broadcastable)(name)


def _constructor(kind: str, fixed_dtype: str | None):
    pattern = _PATTERNS[kind]

    def make(name: str | None = None, dtype: Any = None):
        dtype = fixed_dtype or (dtype if dtype is not None else config.floatX)
        return TensorType(check_dtype(dtype), pattern)(name)

    make.__name__ = kind if fixed_dtype is None else fixed_dtype[0] + kind
    make.__doc__ = f"A symbolic {kind} of dtype {fixed_dtype or 'floatX (or `dtype`)'}."
    return make


def _plural(single):
    """`matrices('x', 'y')` gives two named variables, `matrices(3)` three unnamed ones."""

    def make(*names: str | int):
        if len(names) == 1 and isinstance(names[0], int):
            return [single() for _ in range(names[0])]
        return [single(name) for name in names]

    return make


def _build() -> dict[str, Any]:
    names: dict[str, Any] = {}
    for kind in _PATTERNS:
        names[kind] = _constructor(kind, None)
        plural = _PLURALS.get(kind, kind + "s")
        names[plural] = _plural(names[kind])
        for prefix, dtype in _PREFIXES.items():
            names[prefix + kind] = _constructor(kind, dtype)
            names[prefix + plural] = _plural(names[prefix + kind])
    return names


globals().update(_build())
CONSTRUCTORS = tuple(_build())
