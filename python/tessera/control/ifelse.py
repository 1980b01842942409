"""`ifelse` (Theano's `theano.ifelse.ifelse`): a lazy choice between two graphs.

Only the branch the condition selects is computed: what a branch alone needs
is emitted inside that branch's region of `tessera.ifelse` (its inputs are
lazy, `Op.lazy_inputs`). The derivative flows through the taken branch.
"""

from __future__ import annotations

from typing import Any

from mlir import ir

from tessera.control.regions import emit_region, join_types
from tessera.graph import Apply, Op, user_source_line
from tessera.tensor.dtypes import COMPLEX_DTYPES
from tessera.tensor.elemwise import neq
from tessera.tensor.type import as_tensor_variable


class IfElse(Op):
    """`n` values from one of two branches; inputs: the condition, the `then`
    values, the `else` values."""

    op_name = "tessera.ifelse"

    def __init__(self, n: int, name: str | None = None):
        self.n = n
        self.name = name

    def make_node(self, condition, *branches) -> Apply:
        where = "ifelse at {}:{}".format(*user_source_line())
        condition = as_tensor_variable(condition)
        if condition.ndim != 0:
            raise TypeError(f"{where}: the condition must be a scalar, not {condition.type}")
        if condition.dtype in COMPLEX_DTYPES:
            raise TypeError(f"{where}: the condition must be real, not {condition.type}")
        if condition.dtype != "bool":
            condition = neq(condition, 0)
        branches = [as_tensor_variable(b) for b in branches]
        then, other = branches[:self.n], branches[self.n:]
        types = []
        for index, (a, b) in enumerate(zip(then, other, strict=True)):
            if a.dtype != b.dtype or a.ndim != b.ndim:
                raise TypeError(
                    f"{where}: the two branches should have identical types, but output {index} "
                    f"is {a.type} in the then branch and {b.type} in the else branch; cast one "
                    f"of them (e.g. .astype('{a.dtype}'))")
            types.append(join_types(a.type, b.type))
        return Apply(self, [condition, *then, *other], types)

    def lazy_inputs(self, node: Apply) -> range:
        return range(1, 1 + 2 * self.n)

    def emit(self, emitter, node: Apply, inputs) -> list[ir.Value]:
        operation = ir.Operation.create(
            self.op_name, results=[o.type.to_mlir() for o in node.outputs],
            operands=[inputs[0]], regions=2)
        then, other = node.inputs[1:1 + self.n], node.inputs[1 + self.n:]
        for region, outputs in zip(operation.regions, (then, other)):
            emit_region(emitter, region, [], [], outputs)
        return list(operation.results)

    def __str__(self) -> str:
        return f"if{{{self.name}}}" if self.name else "if"


def ifelse(condition: Any, then_branch: Any, else_branch: Any, name: str | None = None) -> Any:
    """`then_branch` if the scalar `condition` is true (nonzero), else `else_branch`,
    computing only the branch taken. Branches are a variable each, or lists of one
    length (the result is then a list); their values must have the same dtypes
    and numbers of dimensions."""
    single = not isinstance(then_branch, (list, tuple))
    then = [then_branch] if single else list(then_branch)
    other = [else_branch] if not isinstance(else_branch, (list, tuple)) else list(else_branch)
    if len(then) != len(other):
        filename, line = user_source_line()
        raise ValueError(f"ifelse at {filename}:{line}: the then branch has {len(then)} values "
                         f"and the else branch {len(other)}")
    if not then:
        raise ValueError("ifelse needs at least one value per branch")
    outputs = IfElse(len(then), name).make_node(condition, *then, *other).outputs
    return outputs[0] if single else outputs
