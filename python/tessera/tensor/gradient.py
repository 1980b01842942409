"""Gradients: Theano's `grad` (`tessera.grad`, `T.grad`, `tessera.gradient.grad`).

`grad` records one `tessera.grad` op in the graph; the compiler's
`tessera-autodiff` pass expands it into the derivative rules of the ops between
the cost and the `wrt` values (docs/architecture.md). The results are ordinary
symbolic variables: they can be used in expressions, in `updates` and in
another `grad` (gradients of gradients expand innermost first).
"""

from __future__ import annotations

import warnings
from typing import Any, Sequence

from mlir import ir

from tessera.configuration import config
from tessera.graph import Variable, user_source_line
from tessera.tensor.cast import cast
from tessera.tensor.construct import zeros_like
from tessera.tensor.dtypes import FLOAT_DTYPES
from tessera.tensor.op import DialectOp
from tessera.tensor.type import as_tensor_variable

__all__ = ["DisconnectedInputError", "grad"]


class DisconnectedInputError(ValueError):
    """`grad` was asked for the gradient with respect to a variable that the cost
    does not depend on."""


class Grad(DialectOp):
    """The gradient op: inputs are the cost (if any), the wrt values, the known
    values, their known gradients and the constants, in that order."""

    op_name = "tessera.grad"

    def __init__(self, has_cost: bool, wrt: int, known: int, constants: int):
        self.segments = [int(has_cost), wrt, known, known, constants]

    def attributes(self):
        return {"operandSegmentSizes": ir.DenseI32ArrayAttr.get(self.segments)}

    def make_node(self, *inputs):
        return self.apply([as_tensor_variable(v) for v in inputs])

    def __str__(self) -> str:
        return "Grad"


def _ancestors(roots: Sequence[Variable], constants: set[int]) -> set[int]:
    """The ids of the variables `roots` are computed from (themselves included),
    not looking past `constants`."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        variable = stack.pop()
        if id(variable) in seen:
            continue
        seen.add(id(variable))
        if variable.owner is not None and id(variable) not in constants:
            stack.extend(variable.owner.inputs)
    return seen


def grad(cost: Any, wrt: Any, consider_constant: Sequence[Any] | None = None,
         disconnected_inputs: str = "raise", add_names: bool = True,
         known_grads: dict | None = None, return_disconnected: str = "zero",
         null_gradients: str = "raise") -> Any:
    """The gradient of the scalar `cost` with respect to `wrt` (a variable, or a list
    of them: the result matches), as Theano's `theano.grad`.

    `consider_constant` variables pass no gradient back; `known_grads` maps
    variables to gradients known for them (the cost may then be None);
    `disconnected_inputs` ('raise', 'warn' or 'ignore') says what a `wrt` the cost
    does not depend on does, and `return_disconnected` ('zero' or 'None') what its
    gradient is. Integer `wrt` get float zeros, as in Theano 1.0."""
    filename, line = user_source_line()
    where = f"grad() at {filename}:{line}"
    if disconnected_inputs not in ("raise", "warn", "ignore"):
        raise ValueError(f"{where}: disconnected_inputs must be 'raise', 'warn' or 'ignore', "
                         f"not {disconnected_inputs!r}")
    if return_disconnected not in ("zero", "None"):
        raise NotImplementedError(f"{where}: return_disconnected={return_disconnected!r} is not "
                                  "implemented; use 'zero' or 'None'")
    single = not isinstance(wrt, (list, tuple))
    wrt_list = [wrt] if single else list(wrt)
    for index, variable in enumerate(wrt_list):
        if not isinstance(variable, Variable):
            raise TypeError(f"{where}: wrt[{index}] is {variable!r}, not a symbolic variable")
    known = {}
    for variable, gradient in (known_grads or {}).items():
        variable = as_tensor_variable(variable)
        known[variable] = cast(as_tensor_variable(gradient), variable.dtype)
    if cost is None:
        if not known:
            raise ValueError(f"{where}: a cost of None needs known_grads")
    else:
        cost = as_tensor_variable(cost)
        if cost.ndim != 0:
            raise TypeError(f"{where}: the cost must be a scalar, but it has {cost.ndim} dimensions "
                            f"({cost.type}); sum or average it first")
        if cost.dtype not in FLOAT_DTYPES:
            raise TypeError(f"{where}: the cost must be a float scalar, not {cost.type}")
    constants = [as_tensor_variable(c) for c in consider_constant or []]

    roots = ([cost] if cost is not None else []) + list(known)
    reachable = _ancestors(roots, {id(c) for c in constants})
    results: list[Any] = [None] * len(wrt_list)
    differentiated = []
    for index, variable in enumerate(wrt_list):
        if id(variable) not in reachable:
            message = (f"{where}: the cost does not depend on wrt[{index}] ({variable} of type "
                       f"{variable.type}); pass disconnected_inputs='warn' or 'ignore' to "
                       "get zeros")
            if disconnected_inputs == "raise":
                raise DisconnectedInputError(message)
            if disconnected_inputs == "warn":
                warnings.warn(message, stacklevel=2)
            if return_disconnected == "zero":
                results[index] = zeros_like(variable, dtype=_gradient_dtype(variable))
        elif variable.dtype not in FLOAT_DTYPES:
            results[index] = zeros_like(variable, dtype=config.floatX)
        else:
            differentiated.append(index)

    if differentiated:
        inputs = ([cost] if cost is not None else []) + [wrt_list[i] for i in differentiated]
        inputs += list(known) + list(known.values()) + constants
        op = Grad(cost is not None, len(differentiated), len(known), len(constants))
        node = op.make_node(*inputs)
        for index, output in zip(differentiated, node.outputs):
            if add_names and wrt_list[index].name:
                output.name = f"(d{cost.name if cost is not None and cost.name else 'cost'}"\
                              f"/d{wrt_list[index].name})"
            results[index] = output
    return results[0] if single else results


def _gradient_dtype(variable: Variable) -> str:
    return variable.dtype if variable.dtype in FLOAT_DTYPES else config.floatX
