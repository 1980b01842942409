"""`T.nlinalg` (Theano's theano.tensor.nlinalg): matrix_inverse and det as
dialect ops (an LU factorisation in compiled loops), and trace and
matrix_dot built on the tensor ops. A singular matrix raises
numpy.linalg.LinAlgError where NumPy's does."""

from __future__ import annotations

from functools import reduce

from tessera.tensor.cast import cast
from tessera.tensor.join import trace  # noqa: F401  (Theano's nlinalg.trace)
from tessera.tensor.linalg import dot
from tessera.tensor.op import DialectOp
from tessera.tensor.type import as_tensor_variable

# Other names of Theano's nlinalg, which later issues build.
_PLANNED = ("pinv", "eig", "eigh", "svd", "qr", "lstsq", "matrix_power", "norm", "tensorinv", "tensorsolve",
            "alloc_diag", "extract_diag")


def as_float_matrix(x, what: str):
    """`x` as a float32 or float64 matrix (integers become float64, as in
    NumPy; float16 becomes float32)."""
    x = as_tensor_variable(x)
    if x.ndim != 2:
        raise ValueError(f"{what} takes a matrix, got {x.type}")
    if x.dtype in ("float32", "float64"):
        return x
    if x.dtype.startswith("complex"):
        raise TypeError(f"{what} of complex matrices is not supported")
    return cast(x, "float32" if x.dtype == "float16" else "float64")


class MatrixOp(DialectOp):
    """A dialect op of one matrix."""

    def __init__(self, op_name: str):
        self.op_name = op_name

    def make_node(self, x):
        return self.apply([x])


def matrix_inverse(x):
    """The inverse of a square matrix; LinAlgError if it is singular."""
    return MatrixOp("tessera.matrix_inverse")(as_float_matrix(x, "matrix_inverse"))


def det(x):
    """The determinant of a square matrix (0 for a singular one)."""
    return MatrixOp("tessera.det")(as_float_matrix(x, "det"))


def matrix_dot(*matrices):
    """The product of the matrices, left to right."""
    return reduce(dot, matrices)


def __getattr__(name: str):
    if name in _PLANNED:
        raise NotImplementedError(f"tessera.tensor.nlinalg.{name} is not implemented yet")
    raise AttributeError(f"module 'tessera.tensor.nlinalg' has no attribute {name!r}")
