"""Products: dot of vectors and matrices."""

from __future__ import annotations

from tessera.tensor.cast import cast
from tessera.tensor.dtypes import upcast
from tessera.tensor.elemwise import mul
from tessera.tensor.op import DialectOp
from tessera.tensor.type import as_tensor_variable


class Dot(DialectOp):
    """Inner product, matrix-vector, vector-matrix and matrix-matrix products."""

    op_name = "tessera.dot"

    def make_node(self, a, b):
        return self.apply([as_tensor_variable(a), as_tensor_variable(b)])


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
