"""Tensor variables and constants, with Python operators and Theano's methods."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tessera.graph import Constant, Variable
from tessera.tensor.type import TensorType, check_dtype, constant_dtype


def _T():
    """The `tessera.tensor` namespace (imported on use: it imports this module)."""
    import tessera.tensor

    return tessera.tensor


class _TensorMethods:
    """What every tensor variable (symbolic, constant or shared) offers."""

    type: TensorType

    @property
    def dtype(self) -> str:
        return self.type.dtype

    @property
    def ndim(self) -> int:
        return self.type.ndim

    @property
    def broadcastable(self) -> tuple[bool, ...]:
        return self.type.broadcastable

    @property
    def shape(self):
        """The symbolic shape: an int64 vector (`x.shape[i]` is a scalar)."""
        return _T().shape(self)

    @property
    def T(self):
        return _T().transpose(self)

    # Arithmetic.
    def __add__(self, other): return _T().add(self, other)
    def __radd__(self, other): return _T().add(other, self)
    def __sub__(self, other): return _T().sub(self, other)
    def __rsub__(self, other): return _T().sub(other, self)
    def __mul__(self, other): return _T().mul(self, other)
    def __rmul__(self, other): return _T().mul(other, self)
    def __truediv__(self, other): return _T().true_div(self, other)
    def __rtruediv__(self, other): return _T().true_div(other, self)
    def __floordiv__(self, other): return _T().int_div(self, other)
    def __rfloordiv__(self, other): return _T().int_div(other, self)
    def __mod__(self, other): return _T().mod(self, other)
    def __rmod__(self, other): return _T().mod(other, self)
    def __pow__(self, other): return _T().pow(self, other)
    def __rpow__(self, other): return _T().pow(other, self)
    def __neg__(self): return _T().neg(self)
    def __pos__(self): return self

    # Comparisons (== and != stay identity, as in Theano: use T.eq and T.neq).
    def __lt__(self, other): return _T().lt(self, other)
    def __le__(self, other): return _T().le(self, other)
    def __gt__(self, other): return _T().gt(self, other)
    def __ge__(self, other): return _T().ge(self, other)
    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(
            "a symbolic variable has no truth value; use tessera.ifelse or T.switch for a "
            "symbolic condition")

    def __iter__(self):
        raise TypeError("a symbolic variable cannot be iterated; its length is only known at run time")

    def __getitem__(self, key):
        owner = getattr(self, "owner", None)
        if owner is not None and isinstance(owner.op, _T().shape_ops.Shape) and isinstance(key, (int, np.integer)):
            return _T().shape_i(owner.inputs[0], int(key))
        raise NotImplementedError(
            "indexing tensor variables is not supported yet (only x.shape[i] is)")

    # Theano's methods.
    def sum(self, axis=None, keepdims=False): return _T().sum(self, axis=axis, keepdims=keepdims)
    def max(self, axis=None, keepdims=False): return _T().max(self, axis=axis, keepdims=keepdims)
    def reshape(self, shape, ndim=None): return _T().reshape(self, shape, ndim=ndim)
    def dimshuffle(self, *pattern): return _T().dimshuffle(self, *pattern)
    def transpose(self, *axes): return _T().transpose(self, axes or None)
    def astype(self, dtype): return _T().cast(self, dtype)
    def dot(self, other): return _T().dot(self, other)

    def eval(self, inputs_to_values: dict | None = None):
        """Compiles (once per set of inputs) and evaluates this variable."""
        from tessera.compile.function import evaluate

        return evaluate(self, inputs_to_values or {})


class TensorVariable(_TensorMethods, Variable):
    """A symbolic tensor: a graph input, or the output of an operation."""

    def __init__(self, type: TensorType, owner=None, index=None, name=None):
        Variable.__init__(self, type, owner, index, name)
        self._eval_cache: dict = {}


class TensorConstant(_TensorMethods, Constant):
    """A tensor whose value is known when the graph is built; its sizes are static."""

    def __init__(self, type: TensorType, data: np.ndarray, name: str | None = None):
        Constant.__init__(self, type, data, name)

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        return f"TensorConstant{{{np.array2string(self.data, threshold=6)}}}"

    __repr__ = __str__


def constant(x: Any, name: str | None = None, ndim: int | None = None, dtype: Any = None) -> TensorConstant:
    """A tensor constant of value `x`; its dtype follows the constant rules unless
    `dtype` is given; its size-1 dimensions are broadcastable."""
    data = np.asarray(x, dtype=check_dtype(dtype) if dtype is not None else constant_dtype(x))
    if ndim is not None:
        if data.ndim > ndim:
            raise ValueError(f"constant of {data.ndim} dimensions cannot have ndim={ndim}")
        data = data.reshape((1,) * (ndim - data.ndim) + data.shape)
    data = np.array(data, order="C")  # (np.ascontiguousarray would make 0-d arrays 1-d)
    data.setflags(write=False)
    type = TensorType(data.dtype, [s == 1 for s in data.shape], data.shape)
    return TensorConstant(type, data, name)


def as_tensor_variable(x: Any, name: str | None = None, ndim: int | None = None) -> Variable:
    """`x` itself if it is a tensor variable, else a constant of it."""
    if isinstance(x, Variable):
        if not isinstance(x.type, TensorType):
            raise TypeError(f"{x} of type {x.type} is not a tensor")
        if ndim is not None and x.ndim != ndim:
            raise ValueError(f"{x} has {x.ndim} dimensions, not {ndim}")
        return x
    if isinstance(x, (list, tuple)) and any(isinstance(e, Variable) for e in x):
        raise TypeError(f"cannot make one tensor of a list holding symbolic variables: {x!r}")
    return constant(x, name=name, ndim=ndim)


def as_tensor_variables(values: Sequence[Any]) -> list[Variable]:
    return [as_tensor_variable(v) for v in values]
