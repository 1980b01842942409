"""Emission of a graph as one `func.func` in the tessera dialect.

Each Apply node emits its ops (through `Op.emit`), located at the user's source
line that created the node. Node types came from the dialect when the graph
was built, so the emitted ops verify by construction.
"""

from __future__ import annotations

from typing import Sequence

from mlir import ir
from mlir.dialects import arith, func

from tessera.dialects.tessera import shared_context
from tessera.graph import Apply, Constant, Variable, apply_nodes


class Emitter:
    """Emits the function `name(inputs) -> outputs` into a new module."""

    def __init__(self, name: str, inputs: Sequence[Variable], outputs: Sequence[Variable]):
        self.name = name
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self._values: dict[int, ir.Value] = {}

    def emit(self) -> ir.Module:
        with shared_context(), ir.Location.unknown():
            module = ir.Module.create()
            with ir.InsertionPoint(module.body):
                function_type = ir.FunctionType.get([v.type.to_mlir() for v in self.inputs],
                                                    [v.type.to_mlir() for v in self.outputs])
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
            value = arith.ConstantOp(variable.type.to_mlir(), variable.to_mlir_attribute()).result
            self._values[id(variable)] = value
        return value

    def _emit_node(self, node: Apply) -> None:
        filename, line = node.source
        with ir.Location.file(filename, line, 0):
            results = node.op.emit(self, node, [self.value_of(v) for v in node.inputs])
        for variable, value in zip(node.outputs, results):
            self._values[id(variable)] = value
