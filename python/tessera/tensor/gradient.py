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
from tessera.tensor.dtypes import COMPLEX_DTYPES, FLOAT_DTYPES
from tessera.tensor.elemwise import UPCAST, Elemwise, mul
from tessera.tensor.op import DialectOp
from tessera.tensor.reduction import sum as sum_
from tessera.tensor.type import as_tensor_variable

__all__ = ["DisconnectedInputError", "Lop", "Rop", "disconnected_grad", "grad", "grad_clip",
           "zero_grad"]


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


# Identities with gradients of their own.
zero_grad = Elemwise("tessera.zero_grad", UPCAST, 1)
zero_grad.__doc__ = "`x`, whose gradient is zero (Theano's theano.gradient.zero_grad)."
disconnected_grad = Elemwise("tessera.disconnected_grad", UPCAST, 1)
disconnected_grad.__doc__ = ("`x`, through which no gradient flows: the cost does not depend on "
                             "what `x` is computed from (theano.gradient.disconnected_grad).")
_grad_clip = Elemwise("tessera.grad_clip", UPCAST, 3)


def grad_clip(x: Any, lower_bound: Any, upper_bound: Any) -> Variable:
    """`x`, whose gradient is clipped to [lower_bound, upper_bound] (Theano's
    theano.gradient.grad_clip)."""
    x = as_tensor_variable(x)
    if x.dtype not in FLOAT_DTYPES:
        raise TypeError(f"grad_clip takes a float tensor, got {x.type}")
    return _grad_clip(x, cast(lower_bound, x.dtype), cast(upper_bound, x.dtype))


def _ancestors(roots: Sequence[Variable], constants: set[int]) -> set[int]:
    """The ids of the variables `roots` are computed from (themselves included),
    not looking past `constants` nor through `disconnected_grad`."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        variable = stack.pop()
        if id(variable) in seen:
            continue
        seen.add(id(variable))
        owner = variable.owner
        if owner is not None and id(variable) not in constants and owner.op is not disconnected_grad:
            stack.extend(owner.inputs)
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
        if variable.type.dtype in COMPLEX_DTYPES:
            raise TypeError(f"{where}: wrt[{index}] is complex ({variable.type}); Tessera does not "
                            f"differentiate with respect to complex numbers: take real() and imag() parts")
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


def _as_list(value: Any) -> tuple[list, bool]:
    return ([value], True) if not isinstance(value, (list, tuple)) else (list(value), False)


def Lop(f: Any, wrt: Any, eval_points: Any, consider_constant: Sequence[Any] | None = None,
        disconnected_inputs: str = "raise") -> Any:
    """The vector-Jacobian product `eval_points` times the Jacobian of `f` with
    respect to `wrt` (summed over the outputs `f`, a variable or a list, each with
    its eval point): Theano's `theano.gradient.Lop`, as a gradient seeded with the
    known gradients `eval_points`."""
    outputs, _ = _as_list(f)
    points, _ = _as_list(eval_points)
    if len(outputs) != len(points):
        raise ValueError(f"Lop: {len(outputs)} outputs but {len(points)} eval points")
    known = {}
    for output, point in zip(outputs, points):
        output, point = as_tensor_variable(output), as_tensor_variable(point)
        if output.ndim != point.ndim:
            raise TypeError(f"Lop: eval point {point} of type {point.type} does not match output "
                            f"{output} of type {output.type}")
        known[output] = point
    return grad(None, wrt, consider_constant=consider_constant,
                disconnected_inputs=disconnected_inputs, known_grads=known)


def Rop(f: Any, wrt: Any, eval_points: Any) -> Any:
    """The Jacobian of `f` with respect to `wrt` times `eval_points` (one per
    `wrt`): Theano's `theano.gradient.Rop`, computed as the gradient of a Lop
    with respect to its (linear) seed."""
    outputs, single = _as_list(f)
    variables, _ = _as_list(wrt)
    points, _ = _as_list(eval_points)
    if len(variables) != len(points):
        raise ValueError(f"Rop: {len(variables)} wrt variables but {len(points)} eval points")
    seeds = [zeros_like(as_tensor_variable(output)) for output in outputs]
    pullbacks = Lop(outputs, variables, seeds, disconnected_inputs="ignore")
    pullbacks = pullbacks if isinstance(pullbacks, list) else [pullbacks]
    projected = sum_(mul(pullbacks[0], cast(points[0], pullbacks[0].dtype)))
    for pullback, point in zip(pullbacks[1:], points[1:]):
        projected = projected + sum_(mul(pullback, cast(point, pullback.dtype)))
    result = grad(projected, seeds, disconnected_inputs="ignore")
    return result[0] if single else result
