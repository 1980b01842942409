"""Tensor types and the variables of those types.

A `TensorType` is a dtype and one broadcastable flag per dimension, as in
Theano; it also carries the sizes known statically (`shape`, None where
unknown), which are the static sizes of its MLIR tensor type. Two types are
equal when their dtype and flags are (known sizes are extra information, as
in Theano). A type is callable: `T.dmatrix('x')` makes a variable whose
`.type is T.dmatrix`.

Theano's methods and operators of tensor variables (`x + y`, `x.sum()`, ...)
are installed by `tessera.tensor.methods`, which can import the ops.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
from mlir import ir

from tessera.dialects import tessera as dialect
from tessera.graph import Constant, Variable
from tessera.tensor.dtypes import check_dtype, constant_dtype

_SHAPE_NAMES = {
    (): "scalar",
    (False,): "vector",
    (False, False): "matrix",
    (True, False): "row",
    (False, True): "col",
    (False, False, False): "3D",
    (False, False, False, False): "4D",
}


class TensorType:
    """The type of a tensor variable: dtype, broadcastable flags, known sizes."""

    def __init__(self, dtype: Any, broadcastable: Sequence[bool], shape: Sequence[int | None] | None = None):
        self.dtype = check_dtype(dtype)
        self.broadcastable = tuple(bool(b) for b in broadcastable)
        if shape is None:
            shape = tuple(1 if b else None for b in self.broadcastable)
        self.shape = tuple(None if s is None else int(s) for s in shape)
        if len(self.shape) != len(self.broadcastable):
            raise ValueError(f"shape {self.shape} and broadcastable {self.broadcastable} differ in rank")
        for size, flag in zip(self.shape, self.broadcastable):
            if flag and size != 1:
                raise ValueError(f"a broadcastable dimension has size 1, not {size}")

    @classmethod
    def from_mlir(cls, type: ir.Type) -> TensorType:
        """The type of values of an MLIR tensor type: a static 1 is a broadcastable
        dimension, other static sizes are known sizes."""
        tensor = ir.RankedTensorType(type)
        shape = [None if tensor.is_dynamic_dim(d) else tensor.get_dim_size(d) for d in range(tensor.rank)]
        return cls(dialect.dtype_of(tensor.element_type), [s == 1 for s in shape], shape)

    def to_mlir(self) -> ir.RankedTensorType:
        """The MLIR tensor type of values of this type (in the current context)."""
        return dialect.tensor_type(self.dtype, self.shape)

    @property
    def ndim(self) -> int:
        return len(self.broadcastable)

    def __call__(self, name: str | None = None) -> TensorVariable:
        """A new symbolic variable of this type."""
        return self.make_variable(name=name)

    def make_variable(self, owner=None, index=None, name=None) -> TensorVariable:
        return TensorVariable(self, owner, index, name)

    def with_shape(self, shape: Sequence[int | None]) -> TensorType:
        return TensorType(self.dtype, self.broadcastable, shape)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, TensorType) and self.dtype == other.dtype
                and self.broadcastable == other.broadcastable)

    def __hash__(self) -> int:
        return hash((self.dtype, self.broadcastable))

    def __str__(self) -> str:
        name = _SHAPE_NAMES.get(self.broadcastable, str(self.broadcastable))
        return f"TensorType({self.dtype}, {name})"

    __repr__ = __str__


class _TensorMethods:
    """What every tensor variable (symbolic, constant or shared) offers; Theano's
    methods and operators are added by `tessera.tensor.methods`."""

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

    # == and != stay identity, as in Theano: use T.eq and T.neq.
    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(
            "a symbolic variable has no truth value; use tessera.ifelse or T.switch for a "
            "symbolic condition")

    def __iter__(self):
        raise TypeError("a symbolic variable cannot be iterated; its length is only known at run time")


class TensorVariable(_TensorMethods, Variable):
    """A symbolic tensor: a graph input, or the output of an operation."""

    def __init__(self, type: TensorType, owner=None, index=None, name=None):
        Variable.__init__(self, type, owner, index, name)
        self._eval_cache: dict = {}


class TensorConstant(_TensorMethods, Constant):
    """A tensor whose value is known when the graph is built; its sizes are static."""

    def __init__(self, type: TensorType, data: np.ndarray, name: str | None = None):
        Constant.__init__(self, type, data, name)

    def to_mlir_attribute(self) -> ir.DenseElementsAttr:
        """The value as a dense elements attribute (in the current context)."""
        type = self.type.to_mlir()
        data = self.data
        if data.dtype == np.bool_:
            if not data.size:
                return ir.DenseElementsAttr.get_splat(type, ir.BoolAttr.get(False))
            return ir.DenseElementsAttr.get([ir.BoolAttr.get(bool(b)) for b in data.reshape(-1)],
                                            type=type)
        return ir.DenseElementsAttr.get(data, type=type)

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
