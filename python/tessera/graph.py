"""The symbolic graph: variables, the operations that produce them, and walks over it.

As in Theano, an `Apply` node records one application of an `Op` to input
variables and owns its output variables; a variable with no owner is a graph
input (a symbolic input, a constant or a shared variable). Every Apply also
records the user's source line that created it, which becomes the MLIR
location of the op it emits, so errors can point there.
"""

from __future__ import annotations

import itertools
import os
import sys
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from mlir import ir

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Apply nodes are numbered in creation order, so that scan can tell the nodes
# its step function created from those that existed before (its closure).
_serials = itertools.count()


def user_source_line() -> tuple[str, int]:
    """The innermost (file, line) of the call stack outside the tessera package."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep):
            return filename, frame.f_lineno
        frame = frame.f_back
    return "<unknown>", 0


class Variable:
    """A symbolic value of a given type, produced by `owner` (an Apply) or a graph input."""

    def __init__(self, type: Any, owner: Apply | None = None, index: int | None = None,
                 name: str | None = None):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name

    def clone(self) -> Variable:
        return type(self)(self.type, None, None, self.name)

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        if self.owner is not None:
            outputs = self.owner.outputs
            return str(self.owner.op) if len(outputs) == 1 else f"{self.owner.op}.{self.index}"
        return f"<{self.type}>"

    __repr__ = __str__


class Constant(Variable):
    """A graph input whose value is fixed when the graph is built."""

    def __init__(self, type: Any, data: Any, name: str | None = None):
        super().__init__(type, None, None, name)
        self.data = data

    def clone(self) -> Constant:
        return type(self)(self.type, self.data, self.name)


class Op:
    """An operation: builds Apply nodes (checking and typing its inputs) and emits
    the MLIR ops that compute it."""

    def make_node(self, *inputs: Variable) -> Apply:
        raise NotImplementedError

    def emit(self, emitter: Any, node: Apply, inputs: Sequence[ir.Value]) -> list[ir.Value]:
        raise NotImplementedError

    def lazy_inputs(self, node: Apply) -> Sequence[int]:
        """The positions of the inputs that `node` may not need: they are computed
        only where the op uses them (ifelse's branches), not before it."""
        return ()

    def __call__(self, *inputs: Any) -> Any:
        node = self.make_node(*inputs)
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def __str__(self) -> str:
        return type(self).__name__


class Apply:
    """One application of `op` to `inputs`, producing `outputs`."""

    def __init__(self, op: Op, inputs: Sequence[Variable], output_types: Sequence[Any]):
        self.serial = next(_serials)
        self.op = op
        self.inputs = list(inputs)
        self.outputs = [t.make_variable(owner=self, index=i) for i, t in enumerate(output_types)]
        self.source = user_source_line()

    def clone_with_new_inputs(self, inputs: Sequence[Variable]) -> Apply:
        """The same op applied to `inputs` (which must have the same types)."""
        node = self.op.make_node(*inputs)
        node.source = self.source
        return node


def next_serial() -> int:
    """A serial number below those of the Apply nodes created from now on."""
    return next(_serials)


def apply_nodes(outputs: Iterable[Variable], stop_at: set[int] | None = None) -> list[Apply]:
    """The Apply nodes that compute `outputs`, in an order where each comes after the
    nodes its inputs need; variables whose ids are in `stop_at` count as inputs."""
    order: list[Apply] = []
    seen: set[int] = set()
    stop_at = stop_at or set()
    for output in outputs:
        stack: list[tuple[Variable, bool]] = [(output, False)]
        while stack:
            variable, expanded = stack.pop()
            node = variable.owner
            if node is None or id(node) in seen or id(variable) in stop_at:
                continue
            if expanded:
                seen.add(id(node))
                order.append(node)
                continue
            stack.append((variable, True))
            stack.extend((inp, False) for inp in reversed(node.inputs))
    return order


def graph_inputs(outputs: Iterable[Variable]) -> list[Variable]:
    """The owner-less variables that `outputs` depend on, in first-use order."""
    inputs: list[Variable] = []
    seen: set[int] = set()
    outputs = list(outputs)
    for variable in outputs:
        if variable.owner is None and id(variable) not in seen:
            seen.add(id(variable))
            inputs.append(variable)
    for node in apply_nodes(outputs):
        for variable in node.inputs:
            if variable.owner is None and id(variable) not in seen:
                seen.add(id(variable))
                inputs.append(variable)
    return inputs


def clone_replace(outputs: Sequence[Variable], replace: dict[Variable, Variable],
                  stop_at: set[int] | None = None) -> list[Variable]:
    """`outputs` recomputed with each key of `replace` replaced by its value (Theano's
    clone with `replace`, which implements `givens`), not looking past the variables
    whose ids are in `stop_at`."""
    memo: dict[int, Variable] = {id(k): v for k, v in replace.items()}

    def rebuilt(variable: Variable) -> Variable:
        return memo.get(id(variable), variable)

    for node in apply_nodes(outputs, stop_at):
        new_inputs = [rebuilt(v) for v in node.inputs]
        if all(a is b for a, b in zip(new_inputs, node.inputs)):
            continue
        new_node = node.clone_with_new_inputs(new_inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            new.name = old.name
            memo[id(old)] = new
    return [rebuilt(v) for v in outputs]
