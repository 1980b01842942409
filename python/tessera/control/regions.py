"""What the region ops share: joined result types and emitting a region."""

from __future__ import annotations

from typing import Sequence

from mlir import ir

from tessera.graph import Variable
from tessera.tensor.type import TensorType


def join_types(first: TensorType, second: TensorType) -> TensorType:
    """The type of values of either type (same dtype and rank): a dimension is
    broadcastable, or of a known size, only where it is in both."""
    shape = [a if a == b else None for a, b in zip(first.shape, second.shape)]
    return TensorType(first.dtype, [s == 1 for s in shape], shape)


def generalizes(general: TensorType, specific: TensorType) -> bool:
    """Whether values of `specific` can stand where `general` is expected."""
    return (general.dtype == specific.dtype and general.ndim == specific.ndim
            and all(g is None or g == s for g, s in zip(general.shape, specific.shape)))


def emit_region(emitter, region: ir.Region, argument_types: Sequence[ir.Type],
                parameters: Sequence[Variable], outputs: Sequence[Variable]) -> None:
    """Fills `region` with one block whose arguments stand for `parameters` and
    which computes and yields `outputs`."""
    block = region.blocks.append(*argument_types)
    values = emitter.emit_region(block, dict(zip(parameters, block.arguments)), outputs)
    with ir.InsertionPoint(block):
        ir.Operation.create("tessera.yield", operands=values)
