"""Emission of a graph as one `func.func` in the tessera dialect.

Each Apply node emits its ops (through `Op.emit`), located at the user's source
line that created the node. Node types came from the dialect when the graph
was built, so the emitted ops verify by construction.

Region ops (ifelse, scan) emit the graphs of their regions through
`emit_region`: values are scoped, so that what a region computes stays in it,
and a node computes in a region only what is not already computed around it.
Ifelse's branches are lazy inputs (`Op.lazy_inputs`): what only a branch needs
is computed in that branch.
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
        # Values by variable id, innermost region last.
        self._scopes: list[dict[int, ir.Value]] = [{}]

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
                        self._scopes[0][id(variable)] = argument
                    self._emit_needed(self.outputs)
                    func.ReturnOp([self.value_of(v) for v in self.outputs])
        return module

    def emit_region(self, block: ir.Block, bindings: dict[Variable, ir.Value],
                    outputs: Sequence[Variable]) -> list[ir.Value]:
        """Emits into `block` what `outputs` need beyond the values around it, with
        the variables of `bindings` bound to the block's values; returns the
        values of `outputs` (for the region's terminator, which the caller adds)."""
        self._scopes.append({id(v): value for v, value in bindings.items()})
        try:
            with ir.InsertionPoint(block):
                self._emit_needed(outputs)
                return [self.value_of(v) for v in outputs]
        finally:
            self._scopes.pop()

    def value_of(self, variable: Variable) -> ir.Value:
        value = self._lookup(variable)
        if value is None:
            if not isinstance(variable, Constant):
                raise AssertionError(f"internal error: {variable} was not emitted")
            value = arith.ConstantOp(variable.type.to_mlir(), variable.to_mlir_attribute()).result
            self._scopes[-1][id(variable)] = value
        return value

    def _lookup(self, variable: Variable) -> ir.Value | None:
        for scope in reversed(self._scopes):
            value = scope.get(id(variable))
            if value is not None:
                return value
        return None

    def _emit_needed(self, outputs: Sequence[Variable]) -> None:
        """Emits, in order, the nodes `outputs` need here: not those already
        emitted around, nor those only lazy inputs need."""
        needed: set[int] = set()
        stack = [v for v in outputs]
        while stack:
            variable = stack.pop()
            node = variable.owner
            if node is None or id(node) in needed or self._lookup(variable) is not None:
                continue
            needed.add(id(node))
            lazy = set(node.op.lazy_inputs(node))
            stack.extend(v for i, v in enumerate(node.inputs) if i not in lazy)
        # The walk stops at values already computed around this region.
        available = set().union(*self._scopes)
        for node in apply_nodes(outputs, available):
            if id(node) in needed:
                self._emit_node(node)

    def _emit_node(self, node: Apply) -> None:
        filename, line = node.source
        lazy = set(node.op.lazy_inputs(node))
        inputs = [None if i in lazy else self.value_of(v) for i, v in enumerate(node.inputs)]
        with ir.Location.file(filename, line, 0):
            results = node.op.emit(self, node, inputs)
        for variable, value in zip(node.outputs, results):
            self._scopes[-1][id(variable)] = value
