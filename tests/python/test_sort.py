"""sort and argsort against NumPy's stable sort: any axis, NaN last, dtypes,
empty, odd, strided and reversed inputs, and sort's gradient."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad


@pytest.mark.parametrize("dtype", ["float64", "float32", "int8", "int64", "bool"])
@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_sort_and_argsort_match_numpy(dtype, axis):
    rng = np.random.default_rng(0)
    value = rng.integers(0, 4, (5, 6, 7)).astype(dtype)  # Many ties: stability matters.
    if dtype.startswith("float"):
        value[rng.random(value.shape) < 0.1] = np.nan
        value[0, 0, 0] = -np.inf
    x = T.TensorType(dtype, [False] * 3)()
    positions, ordered = tessera.function([x], [T.argsort(x, axis), T.sort(x, axis)])(value)
    np.testing.assert_array_equal(positions, np.argsort(value, axis, kind="stable"))
    np.testing.assert_array_equal(ordered, np.sort(value, axis))
    assert positions.dtype == np.int64 and ordered.dtype == value.dtype


@pytest.mark.parametrize("shape", [(0,), (1,), (2,), (17,), (100_001,)])
def test_argsort_of_lengths_around_the_merge_widths(shape):
    value = np.random.default_rng(1).integers(-50, 50, shape).astype(np.int32)
    x = T.ivector()
    np.testing.assert_array_equal(tessera.function([x], x.argsort())(value), np.argsort(value, kind="stable"))


def test_sort_of_strided_and_reversed_inputs():
    base = np.random.default_rng(2).standard_normal((8, 10))
    x = T.dmatrix()
    f = tessera.function([x], [x.sort(0), x.sort(1)])
    for value in (base[::2, ::3], base[::-1, ::-2]):
        along_rows, along_columns = f(value)
        np.testing.assert_array_equal(along_rows, np.sort(value, 0))
        np.testing.assert_array_equal(along_columns, np.sort(value, 1))


def test_gradient_of_sort_goes_back_to_the_sorted_positions():
    value = np.random.default_rng(3).standard_normal((4, 5))
    verify_grad(lambda v: T.sort(v, 0) * np.arange(4.0)[:, None], [value], rng=np.random.RandomState(0))
    x = T.dvector()
    gradient = tessera.function([x], T.grad((T.sort(x) * [1.0, 10.0, 100.0]).sum(), x))([3.0, 1.0, 2.0])
    np.testing.assert_array_equal(gradient, [100.0, 1.0, 10.0])


def test_sort_errors():
    with pytest.raises(ValueError, match="at least one dimension"):
        T.sort(T.dscalar(), axis=0)
    with pytest.raises(IndexError, match="axis 2 is out of range"):
        T.argsort(T.dmatrix(), 2)
    with pytest.raises(NotImplementedError, match="order="):
        T.sort(T.dvector(), order="f")
