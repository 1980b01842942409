"""Conversion between dtypes: the op that Theano's policy inserts everywhere."""

from __future__ import annotations

from tessera.graph import Apply
from tessera.tensor.dtypes import COMPLEX_DTYPES, check_dtype
from tessera.tensor.op import DialectOp
from tessera.tensor.type import TensorType, as_tensor_variable


class Cast(DialectOp):
    """Conversion to another dtype (NumPy's astype); the dtype is the caller's
    choice, so the output type is the input's with that dtype."""

    op_name = "tessera.cast"

    def __init__(self, dtype: str):
        self.dtype = check_dtype(dtype)

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType(self.dtype, x.broadcastable, x.type.shape)])

    def __str__(self) -> str:
        return f"Elemwise{{Cast{{{self.dtype}}}}}"


def cast(x, dtype):
    """`x` as `dtype` (constants too: the dialect's folder converts them)."""
    x = as_tensor_variable(x)
    dtype = check_dtype(dtype)
    if x.dtype == dtype:
        return x
    if x.dtype in COMPLEX_DTYPES and dtype not in COMPLEX_DTYPES:
        raise TypeError(f"casting {x.dtype} to {dtype} is ambiguous: take real(), imag(), angle() or "
                        f"abs() of the complex numbers first (as Theano)")
    return Cast(dtype)(x)
