"""Variables, types and Theano's dtype and broadcasting rules (docs/api.md)."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.tensor.type import TensorType


def test_reprs():
    assert repr(T.scalar()) == "<TensorType(float64, scalar)>"
    assert repr(T.matrix()) == "<TensorType(float64, matrix)>"
    assert repr(T.fvector("v")) == "v"
    assert str(T.row().type) == "TensorType(float64, row)"
    assert str(T.tensor3(dtype="int32").type) == "TensorType(int32, 3D)"


@pytest.mark.parametrize("prefix,dtype", [("b", "int8"), ("w", "int16"), ("i", "int32"), ("l", "int64"),
                                          ("f", "float32"), ("d", "float64")])
@pytest.mark.parametrize("kind,flags", [("scalar", ()), ("vector", (False,)), ("matrix", (False, False)),
                                        ("row", (True, False)), ("col", (False, True)),
                                        ("tensor3", (False,) * 3), ("tensor4", (False,) * 4)])
def test_every_constructor(prefix, dtype, kind, flags):
    variable = getattr(T, prefix + kind)("v")
    assert (variable.dtype, variable.broadcastable, variable.name) == (dtype, flags, "v")
    plural = "matrices" if kind == "matrix" else kind + "s"
    a, b = getattr(T, prefix + plural)("a", "b")
    assert (a.name, b.name, a.dtype) == ("a", "b", dtype)


def test_complex_constructors():
    assert T.cmatrix().dtype == "complex64"
    a, b = T.zvectors("a", "b")
    assert (a.dtype, b.broadcastable, b.name) == ("complex128", (False,), "b")


def test_variable_attributes():
    x = T.tensor("int16", (False, True, False), name="x")
    assert (x.ndim, x.dtype, x.broadcastable, x.name) == (3, "int16", (False, True, False), "x")
    assert x.type == TensorType("int16", (False, True, False))
    assert TensorType("float32", (True, False))("r").broadcastable == (True, False)
    assert x.T.broadcastable == (False, True, False)


def test_floatX_sets_default_dtypes():
    old = tessera.config.floatX
    try:
        tessera.config.floatX = "float32"
        assert T.matrix().dtype == "float32"
        assert T.constant(0.1).dtype == "float32"
    finally:
        tessera.config.floatX = old
    assert T.matrix().dtype == old


@pytest.mark.parametrize("expression,dtype", [
    (lambda: T.bvector() + 300, "int16"),
    (lambda: T.bvector() + 3, "int8"),
    (lambda: T.ivector() + T.fvector(), "float64"),
    (lambda: T.bvector() + T.fvector(), "float32"),
    (lambda: T.fvector() + 0.5, "float32"),
    (lambda: T.fvector() + 0.1, "float64"),
    (lambda: T.ivector() + 1.5, "float64"),
    (lambda: T.exp(T.bvector()), "float32"),
    (lambda: T.exp(T.wvector()), "float32"),
    (lambda: T.exp(T.ivector()), "float64"),
    (lambda: T.bvector() / T.bvector(), "float32"),
    (lambda: T.lvector() / 2, "float64"),
    (lambda: T.lvector() // 2, "int64"),
    (lambda: T.fvector() < 1, "bool"),
    (lambda: T.sum(T.bvector()), "int64"),
    (lambda: T.sum(T.fvector()), "float32"),
    (lambda: T.arange(10), "int64"),
    (lambda: T.constant(0.0), "float32"),
    (lambda: T.constant(2 ** 40), "int64"),
])
def test_dtype_rules(expression, dtype):
    assert expression().dtype == dtype


def test_broadcasting_flags():
    a = T.tensor("float64", (False, True, False, True))
    b = T.tensor("float64", (False, True, False))
    assert (a + b).broadcastable == (False, False, False, False)
    assert (T.row() + T.col()).broadcastable == (False, False)
    assert (T.row() * 2).broadcastable == (True, False)
    assert T.constant(np.ones((1, 3))).broadcastable == (True, False)


def test_known_sizes_follow_the_dialect_rules():
    c = T.constant(np.ones((3, 4)))
    assert (T.matrix() + c).type.shape == (3, 4)
    with pytest.raises(ValueError, match="incompatible sizes in dimension 1"):
        T.constant(np.ones((3, 4))) + T.constant(np.ones((3, 5)))


def test_symbolic_variables_have_no_truth_value():
    with pytest.raises(TypeError, match="no truth value"):
        bool(T.scalar() > 0)


def test_prefixed_constructors_are_tensor_types_as_in_theano():
    assert isinstance(T.dscalar, TensorType)
    assert str(T.dscalar) == "TensorType(float64, scalar)"
    x = T.dscalar("x")
    assert x.type is T.dscalar and x.type == T.dscalar
    assert T.fmatrix("m").type == TensorType("float32", (False, False))
    assert T.dscalar("x").type != T.fscalar


def test_plural_constructors_split_one_string_into_names():
    x, y = T.dscalars("xy")
    assert (x.name, y.name) == ("x", "y")
    assert T.dscalars("x").name == "x"  # One name: one variable, as in Theano.
    a, b, c = T.imatrices(3)
    assert (a.dtype, a.name) == ("int32", None)
    assert [v.name for v in T.matrices("p", "q")] == ["p", "q"]
