"""`tessera.gradient` (Theano's `theano.gradient`): gradients of symbolic
expressions and a numeric check of them.

`grad`, `Lop`, `Rop` and the identities with gradients of their own are defined
with the tensor ops they differentiate (`tessera.tensor.gradient`);
`verify_grad`, which compiles and runs functions, lives here, above the
compiler.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from tessera.compile.function import function
from tessera.control.scan import scan
from tessera.tensor.construct import arange
from tessera.tensor.gradient import (
    DisconnectedInputError, Lop, Rop, disconnected_grad, grad, grad_clip, zero_grad,
)
from tessera.tensor.reduction import sum as sum_
from tessera.tensor.type import TensorType, as_tensor_variable, constant

__all__ = ["DisconnectedInputError", "GradientError", "Lop", "Rop", "disconnected_grad", "grad",
           "grad_clip", "hessian", "jacobian", "verify_grad", "zero_grad"]

# Theano's steps and tolerances of the numeric check, by dtype.
_EPS = {"float16": 1e-1, "float32": 3e-4, "float64": 1e-7}
_TOLERANCE = {"float16": 5e-2, "float32": 1e-2, "float64": 1e-4}


class GradientError(ValueError):
    """`verify_grad` found an analytic gradient that disagrees with the numeric one."""

    def __init__(self, arg: int, err_pos: int, shape: tuple, val1: float, val2: float,
                 abs_err: float, rel_err: float, abs_tol: float, rel_tol: float):
        self.arg, self.err_pos, self.shape = arg, err_pos, shape
        self.val1, self.val2 = val1, val2
        self.abs_err, self.rel_err = abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol
        super().__init__(
            f"the gradient with respect to input {arg} (shape {shape}) disagrees with the numeric "
            f"one at flat position {err_pos}: analytic {val1!r}, numeric {val2!r} (absolute "
            f"error {abs_err:.3g} > {abs_tol:.3g} and relative error {rel_err:.3g} > {rel_tol:.3g})")


def jacobian(expression: Any, wrt: Any, consider_constant: Any = None,
             disconnected_inputs: str = "raise") -> Any:
    """Theano's jacobian: the gradient of each element of the vector `expression`
    with respect to `wrt` (a variable, or a list or tuple of them: the result
    matches), stacked: `(len(expression),) + wrt.shape`. As in Theano, a scan
    over the elements takes one gradient per step; a scalar expression gives its
    gradient."""
    expression = as_tensor_variable(expression)
    variables, single = _variables(wrt)
    if expression.ndim == 0:
        gradients = grad(expression, variables, consider_constant=consider_constant,
                         disconnected_inputs=disconnected_inputs)
        return _shaped_like(wrt, gradients)
    if expression.ndim != 1:
        raise TypeError(f"jacobian takes a vector (or scalar) expression, not {expression.type}; "
                        "flatten it first")

    def row(index, vector, *inputs):
        return [grad(vector[index], v, consider_constant=consider_constant,
                     disconnected_inputs=disconnected_inputs) for v in inputs]

    rows, _ = scan(row, sequences=arange(expression.shape[0]),
                   non_sequences=[expression, *variables], return_list=True)
    return _shaped_like(wrt, rows)


def hessian(cost: Any, wrt: Any, consider_constant: Any = None,
            disconnected_inputs: str = "raise") -> Any:
    """Theano's hessian: the jacobian of the gradient of the scalar `cost` with
    respect to each vector of `wrt` (a variable, or a list or tuple of them)."""
    cost = as_tensor_variable(cost)
    if cost.ndim != 0:
        raise TypeError(f"hessian takes a scalar cost, not {cost.type}")
    variables, _ = _variables(wrt)
    hessians = []
    for variable in variables:
        if variable.ndim != 1:
            raise TypeError(f"hessian takes vectors as wrt, not {variable.type}; flatten or "
                            "reshape what you differentiate with respect to")
        gradient = grad(cost, variable, consider_constant=consider_constant,
                        disconnected_inputs=disconnected_inputs)
        hessians.append(jacobian(gradient, variable, consider_constant=consider_constant,
                                 disconnected_inputs="ignore"))
    return _shaped_like(wrt, hessians)


def _variables(wrt: Any) -> tuple[list, bool]:
    if isinstance(wrt, (list, tuple)):
        return list(wrt), False
    return [wrt], True


def _shaped_like(wrt: Any, results: list) -> Any:
    """`results` as `wrt` was given: one value, a list or a tuple."""
    if isinstance(wrt, tuple):
        return tuple(results)
    if isinstance(wrt, list):
        return list(results)
    return results[0]


def verify_grad(fun: Callable[..., Any], pt: Sequence[Any], n_tests: int = 2,
                rng: np.random.Generator | np.random.RandomState | None = None,
                eps: float | None = None, out_type: Any = None, abs_tol: float | None = None,
                rel_tol: float | None = None, mode: Any = None, cast_to_output_type: bool = False,
                no_debug_ref: bool = True) -> None:
    """Checks `grad` of `fun` at the point `pt` (a list of arrays, one per argument)
    against central differences, as Theano's `verify_grad`: the output is
    projected on a random tensor to make a scalar cost, `n_tests` times. Raises
    `GradientError` where an element's absolute and relative errors both exceed
    the tolerances (by default Theano's: 1e-4 for float64, 1e-2 for float32)."""
    if out_type is not None or cast_to_output_type:
        raise NotImplementedError("verify_grad(out_type=..., cast_to_output_type=...) is not "
                                  "implemented yet")
    if rng is None:
        rng = np.random.default_rng()
    random = rng.random if hasattr(rng, "random") else rng.rand
    point = [np.array(p) for p in pt]
    for index, value in enumerate(point):
        if value.dtype.name not in _EPS:
            raise TypeError(f"verify_grad: input {index} has dtype {value.dtype}; the point must be "
                            "float arrays")
    # As Theano: size-1 dimensions of the point are broadcastable.
    inputs = [TensorType(p.dtype, [s == 1 for s in p.shape])(f"input{i}") for i, p in enumerate(point)]
    output = fun(*inputs)
    # The output's shape, for the random projections: one evaluation, not one
    # per test.
    shape = np.shape(function(inputs, output, mode=mode, on_unused_input="ignore")(*point))
    for _ in range(n_tests):
        projection = constant(np.asarray(random(shape), dtype=output.dtype))
        cost = sum_(output * projection)
        evaluate_cost = function(inputs, cost, mode=mode, on_unused_input="ignore")
        analytic = function(inputs, grad(cost, inputs, disconnected_inputs="ignore"), mode=mode,
                            on_unused_input="ignore")(*point)
        for index, (value, computed) in enumerate(zip(point, analytic)):
            step = eps if eps is not None else _EPS[value.dtype.name]
            numeric = _central_differences(evaluate_cost, point, index, step)
            atol = abs_tol if abs_tol is not None else _TOLERANCE[value.dtype.name]
            rtol = rel_tol if rel_tol is not None else _TOLERANCE[value.dtype.name]
            _compare(index, value.shape, np.asarray(computed, np.float64), numeric, atol, rtol)


def _central_differences(cost, point, index, step) -> np.ndarray:
    values = [p.copy() for p in point]
    flat = values[index].reshape(-1)
    numeric = np.zeros(flat.size)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + step
        high = float(cost(*values))
        flat[i] = saved - step
        low = float(cost(*values))
        flat[i] = saved
        numeric[i] = (high - low) / (2 * step)
    return numeric.reshape(point[index].shape)


def _compare(index, shape, analytic, numeric, abs_tol, rel_tol) -> None:
    abs_err = np.abs(analytic - numeric)
    rel_err = abs_err / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)
    failing = (abs_err > abs_tol) & (rel_err > rel_tol)
    if failing.any():
        position = int(np.argmax(np.where(failing, abs_err, -1).reshape(-1)))
        raise GradientError(index, position, shape, float(analytic.reshape(-1)[position]),
                            float(numeric.reshape(-1)[position]),
                            float(abs_err.reshape(-1)[position]), float(rel_err.reshape(-1)[position]),
                            abs_tol, rel_tol)


verify_grad.E_grad = GradientError  # Theano's name for the error it raises.
