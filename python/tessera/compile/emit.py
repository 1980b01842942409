"""Emission of a graph as one `func.func` in the tessera dialect.

Each Apply node emits its ops through the generated op classes of the dialect,
located at the user's source line that created the node. The MLIR types that
the ops infer must equal the types the Python graph computed: the two sides
apply the same rules (API.md), and a disagreement is a bug reported here.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from mlir import ir
from mlir.dialects import arith, func

import tessera
from tessera.graph import Apply, Constant, Variable, apply_nodes
from tessera.tensor.type import TensorType

_ELEMENT_TYPES = {
    "bool": lambda: ir.IntegerType.get_signless(1),
    "int8": lambda: ir.IntegerType.get_signless(8),
    "int16": lambda: ir.IntegerType.get_signless(16),
    "int32": lambda: ir.IntegerType.get_signless(32),
    "int64": lambda: ir.IntegerType.get_signless(64),
    "float16": ir.F16Type.get,
    "float32": ir.F32Type.get,
    "float64": ir.F64Type.get,
}

_context: ir.Context | None = None


def shared_context() -> ir.Context:
    """The MLIR context in which Tessera emits graphs."""
    global _context
    if _context is None:
        _context = tessera.context()
    return _context


class Emitter:
    """Emits the function `name(inputs) -> outputs` into a new module."""

    def __init__(self, name: str, inputs: Sequence[Variable], outputs: Sequence[Variable]):
        self.name = name
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._values: dict[int, ir.Value] = {}

    @staticmethod
    def mlir_type(type: TensorType) -> ir.RankedTensorType:
        sizes = [ir.ShapedType.get_dynamic_size() if s is None else s for s in type.shape]
        return ir.RankedTensorType.get(sizes, _ELEMENT_TYPES[type.dtype]())

    def emit(self) -> ir.Module:
        with shared_context(), ir.Location.unknown():
            module = ir.Module.create()
            with ir.InsertionPoint(module.body):
                function_type = ir.FunctionType.get([self.mlir_type(v.type) for v in self.inputs],
                                                    [self.mlir_type(v.type) for v in self.outputs])
                function = func.FuncOp(self.name, function_type)
                entry = function.add_entry_block()
                with ir.InsertionPoint(entry):
                    for variable, argument in zip(self.inputs, entry.arguments):
                        self._values[id(variable)] = argument
                    for node in apply_nodes(self.outputs):
                        self._emit_node(node)
                    func.ReturnOp([self.value_of(v) for v in self.outputs])
        return module

    def value_of(self, variable: Variable) -> ir.Value:
        value = self._values.get(id(variable))
        if value is None:
            if not isinstance(variable, Constant):
                raise AssertionError(f"internal error: {variable} was not emitted")
            value = self._constant(variable)
            self._values[id(variable)] = value
        return value

    def _constant(self, constant: Constant) -> ir.Value:
        data = constant.data
        type = self.mlir_type(constant.type)
        if data.dtype == np.bool_:
            attribute = ir.DenseElementsAttr.get(
                [ir.BoolAttr.get(bool(b)) for b in data.reshape(-1)], type=type) if data.size else \
                ir.DenseElementsAttr.get_splat(type, ir.BoolAttr.get(False))
        else:
            attribute = ir.DenseElementsAttr.get(data, type=type)
        return arith.ConstantOp(type, attribute).result

    def _emit_node(self, node: Apply) -> None:
        filename, line = node.source
        with ir.Location.file(filename, line, 0):
            results = node.op.emit(self, node, [self.value_of(v) for v in node.inputs])
        for variable, value in zip(node.outputs, results):
            expected = self.mlir_type(variable.type)
            if value.type != expected:
                raise AssertionError(
                    f"internal error: {node.op} infers {value.type} in MLIR but {expected} in Python "
                    f"(inputs {[str(v.type) for v in node.inputs]})")
            self._values[id(variable)] = value
