"""Shape operations: dimshuffle, transpose, reshape and the symbolic shape."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tessera.dialects import tessera as ts
from tessera.graph import Apply, Op
from tessera.tensor.type import TensorType
from tessera.tensor.variable import TensorConstant, as_tensor_variable, constant


class DimShuffle(Op):
    """Theano's dimshuffle: permute dimensions, drop broadcastable ones, insert
    broadcastable ones ('x')."""

    def __init__(self, input_broadcastable: Sequence[bool], pattern: Sequence[Any]):
        self.pattern = tuple("x" if p == "x" else int(p) for p in pattern)
        ndim = len(input_broadcastable)
        used = [p for p in self.pattern if p != "x"]
        if len(set(used)) != len(used) or any(not 0 <= p < ndim for p in used):
            raise ValueError(f"dimshuffle pattern {list(pattern)} is invalid for {ndim} dimensions")
        for dim in range(ndim):
            if dim not in used and not input_broadcastable[dim]:
                raise ValueError(
                    f"dimshuffle pattern {list(pattern)} drops dimension {dim}, which is not "
                    f"broadcastable; only broadcastable dimensions can be dropped")

    def make_node(self, x):
        x = as_tensor_variable(x)
        shape = [1 if p == "x" else x.type.shape[p] for p in self.pattern]
        flags = [True if p == "x" else x.broadcastable[p] for p in self.pattern]
        return Apply(self, [x], [TensorType(x.dtype, flags, shape)])

    def emit(self, emitter, node, inputs):
        pattern = [-1 if p == "x" else p for p in self.pattern]
        return [ts.DimShuffleOp(inputs[0], pattern).result]

    def __str__(self) -> str:
        return "DimShuffle{" + ",".join(str(p) for p in self.pattern) + "}"


def dimshuffle(x, *pattern):
    x = as_tensor_variable(x)
    if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
        pattern = tuple(pattern[0])
    if tuple(pattern) == tuple(range(x.ndim)):
        return x
    return DimShuffle(x.broadcastable, pattern)(x)


def transpose(x, axes=None):
    """Reverses the dimensions, or permutes them by `axes`."""
    x = as_tensor_variable(x)
    axes = tuple(reversed(range(x.ndim))) if axes is None else tuple(axes)
    return dimshuffle(x, *axes)


def pad_left(x, ndim: int):
    """`x` with broadcastable dimensions added on the left up to `ndim` (Theano's
    rank alignment of elementwise operands)."""
    if x.ndim == ndim:
        return x
    return dimshuffle(x, *(["x"] * (ndim - x.ndim) + list(range(x.ndim))))


class Shape(Op):
    """The sizes of a tensor, as an int64 vector."""

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType("int64", [x.ndim == 1], [x.ndim])])

    def emit(self, emitter, node, inputs):
        return [ts.ShapeOp(inputs[0]).result]


class ShapeI(Op):
    """One size of a tensor, as an int64 scalar (Theano's Shape_i)."""

    def __init__(self, index: int):
        self.index = index

    def make_node(self, x):
        x = as_tensor_variable(x)
        if not 0 <= self.index < x.ndim:
            raise IndexError(f"dimension {self.index} is out of range for a tensor of {x.ndim} dimensions")
        return Apply(self, [x], [TensorType("int64", [])])

    def emit(self, emitter, node, inputs):
        return [ts.ShapeIOp(inputs[0], self.index).result]

    def __str__(self) -> str:
        return f"Shape_i{{{self.index}}}"


def shape(x):
    x = as_tensor_variable(x)
    return Shape()(x)


def shape_i(x, index: int):
    x = as_tensor_variable(x)
    if index < 0:
        index += x.ndim
    if not 0 <= index < x.ndim:
        raise IndexError(f"dimension {index} is out of range for a tensor of {x.ndim} dimensions")
    if x.type.shape[index] is not None:
        return constant(np.int64(x.type.shape[index]))
    return ShapeI(index)(x)


class Reshape(Op):
    """The same elements in a new shape; one size may be -1."""

    def __init__(self, ndim: int):
        self.ndim = ndim

    def make_node(self, x, new_shape):
        x = as_tensor_variable(x)
        new_shape = as_tensor_variable(new_shape)
        if new_shape.ndim != 1 or new_shape.dtype not in ("int8", "int16", "int32", "int64"):
            raise TypeError(f"reshape takes an integer vector of sizes, got {new_shape.type}")
        if new_shape.type.shape[0] not in (None, self.ndim):
            raise ValueError(f"reshape to {self.ndim} dimensions got {new_shape.type.shape[0]} sizes")
        sizes: list[int | None] = [None] * self.ndim
        if isinstance(new_shape, TensorConstant):
            requested = [int(s) for s in new_shape.data]
            if sum(s == -1 for s in requested) > 1 or any(s < -1 for s in requested):
                raise ValueError(f"cannot reshape to {tuple(requested)}: at most one size may be -1, "
                                 "and the others must not be negative")
            sizes = [None if s == -1 else s for s in requested]
            if None not in x.type.shape:
                count = int(np.prod(x.type.shape))
                rest = int(np.prod([s for s in sizes if s is not None]))
                if -1 in requested and rest and count % rest == 0:
                    sizes[requested.index(-1)] = count // rest
                if None in sizes or int(np.prod(sizes)) != count:
                    raise ValueError(f"cannot reshape a tensor of shape {x.type.shape} "
                                     f"({count} elements) to {tuple(requested)}")
        flags = [s == 1 for s in sizes]
        return Apply(self, [x, new_shape], [TensorType(x.dtype, flags, sizes)])

    def emit(self, emitter, node, inputs):
        x, new_shape = inputs
        if node.inputs[1].dtype != "int64":
            new_shape = ts.CastOp(emitter.mlir_type(TensorType("int64", [False], [self.ndim])), new_shape).result
        return [ts.ReshapeOp(emitter.mlir_type(node.outputs[0].type), x, new_shape).result]

    def __str__(self) -> str:
        return f"Reshape{{{self.ndim}}}"


def reshape(x, new_shape, ndim: int | None = None):
    """`x` reshaped to `new_shape` (a tuple of ints and scalars, or an int vector);
    one size may be -1."""
    x = as_tensor_variable(x)
    if isinstance(new_shape, (list, tuple)):
        if not all(isinstance(s, (int, np.integer)) for s in new_shape):
            raise NotImplementedError(
                "reshape to a tuple holding symbolic sizes is not supported yet; "
                "pass Python ints (one may be -1) or a symbolic int vector")
        new_shape = constant(np.asarray(new_shape, dtype=np.int64))
    new_shape = as_tensor_variable(new_shape)
    if ndim is None:
        if new_shape.type.shape[0] is None:
            raise ValueError("reshape with a symbolic shape vector of unknown length needs ndim=")
        ndim = new_shape.type.shape[0]
    return Reshape(ndim)(x, new_shape)
