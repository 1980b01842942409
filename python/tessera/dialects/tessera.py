"""The `tessera` dialect from Python: its generated op classes, its registration,
the one dtype table, and the dialect's type rules.

The graph builder types every node by asking the dialect (`infer_result_types`),
which runs the same C++ shape function the op's verifier uses; Python keeps only
Theano's policy (upcasts, inserted casts and dimshuffles, constants' dtypes).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from mlir import ir

from tessera import _tessera
from tessera._tessera import register_dialect  # noqa: F401
from tessera.dialects._tessera_ops_gen import *  # noqa: F401,F403

# (NumPy name, MLIR element type, NumPy kind, bytes) per dtype, from
# cpp/include/tessera/DTypes.def.
DTYPE_TABLE: tuple[tuple[str, str, str, int], ...] = tuple(
    tuple(row) for row in _tessera.dtypes())
DTYPES: tuple[str, ...] = tuple(name for name, _, _, _ in DTYPE_TABLE)
INT_DTYPES: tuple[str, ...] = tuple(name for name, _, kind, _ in DTYPE_TABLE if kind == "i")
FLOAT_DTYPES: tuple[str, ...] = tuple(name for name, _, kind, _ in DTYPE_TABLE if kind == "f")
COMPLEX_DTYPES: tuple[str, ...] = tuple(name for name, _, kind, _ in DTYPE_TABLE if kind == "c")

DTYPE_BYTES: dict[str, int] = {name: size for name, _, _, size in DTYPE_TABLE}
# The most bytes one buffer may take (TesseraDialect::getLargestAllocation).
LARGEST_ALLOCATION: int = _tessera.LARGEST_ALLOCATION

_ELEMENT_TYPE_NAMES = {name: mlir for name, mlir, _, _ in DTYPE_TABLE}
_DTYPE_OF_ELEMENT = {mlir: name for name, mlir, _, _ in DTYPE_TABLE}

_shared: ir.Context | None = None


def context() -> ir.Context:
    """A new MLIR context with the tessera dialect loaded."""
    ctx = ir.Context()
    register_dialect(ctx, load=True)
    return ctx


def shared_context() -> ir.Context:
    """The context in which Tessera types and emits graphs (created on first use)."""
    global _shared
    if _shared is None:
        _shared = context()
    return _shared


def element_type(dtype: str) -> ir.Type:
    """The MLIR element type of `dtype` (in the current context)."""
    return ir.Type.parse(_ELEMENT_TYPE_NAMES[dtype])


def dtype_of(element: ir.Type) -> str:
    """The dtype whose MLIR element type is `element`."""
    return _DTYPE_OF_ELEMENT[str(element)]


def tensor_type(dtype: str, shape: Sequence[int | None]) -> ir.RankedTensorType:
    """`tensor<...>` of `dtype` with `shape` (None for a dynamic size)."""
    sizes = [ir.ShapedType.get_dynamic_size() if s is None else s for s in shape]
    return ir.RankedTensorType.get(sizes, element_type(dtype))


def infer_result_types(name: str, operand_types: Sequence[ir.Type],
                       constants: Sequence[ir.Attribute | None] = (),
                       attributes: Mapping[str, ir.Attribute] | None = None) -> list[ir.Type]:
    """The result types the op `name` infers for `operand_types`, where a non-None
    `constants[i]` is operand i's known value. Raises ValueError with the
    dialect's diagnostic when the op does not apply to them."""
    dictionary = ir.DictAttr.get(dict(attributes)) if attributes else None
    return _tessera.infer_result_types(None, name, list(operand_types), list(constants),
                                       dictionary, None)
