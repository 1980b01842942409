"""Products: dot of vectors and matrices."""

from __future__ import annotations

from tessera.dialects import tessera as ts
from tessera.graph import Apply, Op
from tessera.tensor.elemwise import cast, mul
from tessera.tensor.type import TensorType, upcast
from tessera.tensor.variable import as_tensor_variable


class Dot(Op):
    """Inner product, matrix-vector, vector-matrix and matrix-matrix products."""

    def make_node(self, a, b):
        a, b = as_tensor_variable(a), as_tensor_variable(b)
        if a.type.shape[-1] not in (None,) and b.type.shape[0] not in (None,) and a.type.shape[-1] != b.type.shape[0]:
            raise ValueError(f"dot: shapes {a.type.shape} and {b.type.shape} are not aligned "
                             f"({a.type.shape[-1]} != {b.type.shape[0]})")
        shape = list(a.type.shape[:-1]) + list(b.type.shape[1:])
        flags = list(a.broadcastable[:-1]) + list(b.broadcastable[1:])
        return Apply(self, [a, b], [TensorType(a.dtype, flags, shape)])

    def emit(self, emitter, node, inputs):
        return [ts.DotOp(*inputs).result]

    def __str__(self) -> str:
        return "dot"


_dot = Dot()


def dot(a, b):
    """Theano's dot: a scalar operand multiplies; vectors and matrices contract their
    inner dimensions."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return mul(a, b)
    if a.ndim > 2 or b.ndim > 2:
        raise NotImplementedError(f"dot of tensors of {a.ndim} and {b.ndim} dimensions "
                                  "(tensordot) is not supported yet")
    dtype = upcast(a.dtype, b.dtype)
    if dtype == "bool":
        dtype = "int8"
    return _dot(cast(a, dtype), cast(b, dtype))
