"""`T.slinalg` (Theano's theano.tensor.slinalg): cholesky and solve (general,
lower- and upper-triangular) as dialect ops compiled to loops. A matrix that
is not positive definite, or a singular system, raises
numpy.linalg.LinAlgError."""

from __future__ import annotations

from mlir import ir

from tessera import _tessera
from tessera.tensor.cast import cast
from tessera.tensor.dtypes import upcast
from tessera.tensor.nlinalg import MatrixOp, as_float_matrix
from tessera.tensor.op import DialectOp
from tessera.tensor.type import as_tensor_variable

_STRUCTURES = ("general", "lower_triangular", "upper_triangular", "symmetric")


def cholesky(x, lower: bool = True):
    """The Cholesky factor of a symmetric positive-definite matrix: L with
    x = L L^T (or U = L^T with `lower=False`). Only the lower triangle of
    `x` is read."""
    factor = MatrixOp("tessera.cholesky")(as_float_matrix(x, "cholesky"))
    return factor if lower else factor.T


class Solve(DialectOp):
    """The solution of a x = b by the structure of `a`."""

    op_name = "tessera.solve"

    def __init__(self, A_structure: str = "general", lower: bool = False):
        if A_structure not in _STRUCTURES:
            raise ValueError(f"A_structure must be one of {_STRUCTURES}, not {A_structure!r}")
        # A symmetric matrix is solved as a general one (LU): the same x.
        self.structure = "general" if A_structure == "symmetric" else A_structure

    def attributes(self):
        # The dialect's enum, by the value it gives each name.
        value = list(_tessera.MATRIX_STRUCTURES).index(self.structure)
        return {"structure": ir.IntegerAttr.get(ir.IntegerType.get_signless(32), value)}

    def make_node(self, a, b):
        a = as_float_matrix(a, "solve")
        b = as_tensor_variable(b)
        if b.ndim not in (1, 2):
            raise ValueError(f"solve takes a vector or a matrix of right-hand sides, got {b.type}")
        dtype = upcast(a.dtype, b.dtype)
        dtype = dtype if dtype in ("float32", "float64") else "float64"
        return self.apply([cast(a, dtype), cast(b, dtype)])

    def __str__(self) -> str:
        return f"Solve{{{self.structure}}}"


def solve(a, b, A_structure: str = "general", lower: bool = False):
    """The solution x of a x = b (b a vector or a matrix)."""
    return Solve(A_structure)(a, b)


def solve_lower_triangular(a, b):
    """x of a x = b for a lower-triangular a (only that triangle is read)."""
    return Solve("lower_triangular")(a, b)


def solve_upper_triangular(a, b):
    """x of a x = b for an upper-triangular a (only that triangle is read)."""
    return Solve("upper_triangular")(a, b)


def solve_symmetric(a, b):
    """x of a x = b for a symmetric a."""
    return Solve("symmetric")(a, b)
