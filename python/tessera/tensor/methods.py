"""Theano's methods and Python operators of tensor variables.

They are installed on the variable classes here, where the ops can be imported
(the ops' modules import the variable classes), as JAX installs its array
methods. `eval` reaches the compiler through the one lazy import of the
package: compiling sits above building graphs.
"""

from __future__ import annotations

import numpy as np

from tessera.tensor import construct, elemwise, join, linalg, reduction, shape_ops, sort, subtensor
from tessera.tensor.cast import cast
from tessera.tensor.type import _TensorMethods


def _eval(self, inputs_to_values: dict | None = None):
    """Compiles (once per set of inputs) and evaluates this variable."""
    from tessera.compile.function import evaluate

    return evaluate(self, inputs_to_values or {})


def _method(op):
    """`op` as a method (ops are callable objects, which Python does not bind)."""
    return lambda self, *args: op(self, *args)


def _reflected(op):
    return lambda self, other: op(other, self)


_METHODS = {
    # Arithmetic.
    "__add__": _method(elemwise.add), "__radd__": _reflected(elemwise.add),
    "__sub__": _method(elemwise.sub), "__rsub__": _reflected(elemwise.sub),
    "__mul__": _method(elemwise.mul), "__rmul__": _reflected(elemwise.mul),
    "__truediv__": _method(elemwise.true_div), "__rtruediv__": _reflected(elemwise.true_div),
    "__floordiv__": _method(elemwise.int_div), "__rfloordiv__": _reflected(elemwise.int_div),
    "__mod__": _method(elemwise.mod), "__rmod__": _reflected(elemwise.mod),
    "__pow__": _method(elemwise.pow), "__rpow__": _reflected(elemwise.pow),
    "__neg__": _method(elemwise.neg),
    "__abs__": _method(elemwise.abs_),
    # Bitwise and logical operators (bools and integers).
    "__and__": _method(elemwise.and_), "__rand__": _reflected(elemwise.and_),
    "__or__": _method(elemwise.or_), "__ror__": _reflected(elemwise.or_),
    "__xor__": _method(elemwise.xor), "__rxor__": _reflected(elemwise.xor),
    "__invert__": _method(elemwise.invert),
    "__pos__": lambda self: self,
    # Comparisons (== and != stay identity, as in Theano: use T.eq and T.neq).
    "__lt__": _method(elemwise.lt), "__le__": _method(elemwise.le),
    "__gt__": _method(elemwise.gt), "__ge__": _method(elemwise.ge),
    "__getitem__": subtensor.getitem,
    # Theano's methods.
    "sum": lambda self, axis=None, dtype=None, keepdims=False, acc_dtype=None:
        reduction.sum(self, axis=axis, dtype=dtype, keepdims=keepdims),
    "prod": lambda self, axis=None, dtype=None, keepdims=False, acc_dtype=None:
        reduction.prod(self, axis=axis, dtype=dtype, keepdims=keepdims),
    "max": lambda self, axis=None, keepdims=False: reduction.max(self, axis, keepdims),
    "min": lambda self, axis=None, keepdims=False: reduction.min(self, axis, keepdims),
    "all": lambda self, axis=None, keepdims=False: reduction.all(self, axis, keepdims),
    "any": lambda self, axis=None, keepdims=False: reduction.any(self, axis, keepdims),
    "argmax": lambda self, axis=None, keepdims=False: reduction.argmax(self, axis, keepdims),
    "argmin": lambda self, axis=None, keepdims=False: reduction.argmin(self, axis, keepdims),
    "mean": lambda self, axis=None, dtype=None, keepdims=False, acc_dtype=None:
        reduction.mean(self, axis=axis, dtype=dtype, keepdims=keepdims),
    "var": lambda self, axis=None, ddof=0, keepdims=False, corrected=False:
        reduction.var(self, axis, ddof=ddof, keepdims=keepdims, corrected=corrected),
    "std": lambda self, axis=None, ddof=0, keepdims=False, corrected=False:
        reduction.std(self, axis, ddof=ddof, keepdims=keepdims, corrected=corrected),
    "ptp": lambda self, axis=None, keepdims=False: reduction.ptp(self, axis, keepdims),
    "cumsum": lambda self, axis=None: reduction.cumsum(self, axis),
    "sort": lambda self, axis=-1, kind="quicksort", order=None: sort.sort(self, axis, kind, order),
    "argsort": lambda self, axis=-1, kind="quicksort", order=None: sort.argsort(self, axis, kind, order),
    "cumprod": lambda self, axis=None: reduction.cumprod(self, axis),
    "reshape": lambda self, shape, ndim=None: shape_ops.reshape(self, shape, ndim=ndim),
    "dimshuffle": shape_ops.dimshuffle,
    "flatten": lambda self, ndim=1, outdim=None: shape_ops.flatten(self, ndim, outdim),
    "swapaxes": shape_ops.swapaxes,
    "squeeze": shape_ops.squeeze,
    "repeat": lambda self, repeats, axis=None: construct.repeat(self, repeats, axis),
    "diagonal": lambda self, offset=0, axis1=0, axis2=1: join.diagonal(self, offset, axis1, axis2),
    "trace": lambda self: join.trace(self),
    "transpose": lambda self, *axes: shape_ops.transpose(self, axes or None),
    "astype": cast,
    "clip": lambda self, a_min, a_max: elemwise.clip(self, a_min, a_max),
    "round": lambda self, mode="half_to_even": elemwise.round(self, mode),
    "dot": linalg.dot,
    "nonzero": lambda self, return_matrix=False: subtensor.nonzero(self, return_matrix),
    "nonzero_values": subtensor.nonzero_values,
    "eval": _eval,
}

_PROPERTIES = {
    "shape": property(shape_ops.shape, doc="The symbolic shape: an int64 vector (`x.shape[i]` is a scalar)."),
    "T": property(shape_ops.transpose, doc="The transpose (dimensions reversed)."),
}


def install() -> None:
    """Gives every tensor variable Theano's methods and operators."""
    for name, method in {**_METHODS, **_PROPERTIES}.items():
        setattr(_TensorMethods, name, method)
