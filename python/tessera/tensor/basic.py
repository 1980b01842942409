"""Variable constructors: `scalar`, `matrix`, `fvector`, `dmatrices`, `tensor`, ...

As in Theano, a constructor with a dtype prefix is a `TensorType` instance
(`T.dscalar` is `TensorType(float64, scalar)` and `T.dscalar('x').type is
T.dscalar`); one without takes its dtype from `config.floatX` at call time
(and a `dtype=` argument). Plural constructors make one variable per name, or
per character of a single string (`T.dscalars('xy')`), or `n` unnamed ones.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from tessera.configuration import config
from tessera.tensor.dtypes import check_dtype
from tessera.tensor.type import TensorType

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


def _floatx_constructor(kind: str) -> Callable[..., Any]:
    pattern = _PATTERNS[kind]

    def make(name: str | None = None, dtype: Any = None):
        return TensorType(check_dtype(dtype if dtype is not None else config.floatX), pattern)(name)

    make.__name__ = kind
    make.__doc__ = f"A symbolic {kind} of dtype floatX (or `dtype`)."
    return make


def _plural(single: Callable[..., Any]) -> Callable[..., Any]:
    """Theano's plural constructors: `matrices('x', 'y')` and `matrices('xy')` give
    two named variables, `matrices('x')` one, `matrices(3)` three unnamed ones."""

    def make(*names: str | int):
        if len(names) == 1 and isinstance(names[0], int):
            return [single() for _ in range(names[0])]
        if len(names) == 1:
            names = tuple(names[0])  # One variable per character.
            if len(names) == 1:
                return single(names[0])
        return [single(name) for name in names]

    return make


def _constructors() -> dict[str, Any]:
    names: dict[str, Any] = {}
    for kind, pattern in _PATTERNS.items():
        plural = _PLURALS.get(kind, kind + "s")
        names[kind] = _floatx_constructor(kind)
        names[plural] = _plural(names[kind])
        for prefix, dtype in _PREFIXES.items():
            single = TensorType(dtype, pattern)
            names[prefix + kind] = single
            names[prefix + plural] = _plural(single)
    return names


CONSTRUCTORS: dict[str, Any] = _constructors()
