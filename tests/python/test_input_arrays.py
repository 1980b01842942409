"""Every kind of NumPy array a user can hold works as an input."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T


def readonly(array):
    array.setflags(write=False)
    return array


ARRAYS = {
    "read-only": lambda: readonly(np.arange(4.0)),
    "broadcast view (zero stride)": lambda: np.broadcast_to(np.float64(5), (4,)),
    "reversed": lambda: np.arange(8.0)[::-2],
    "byte-swapped": lambda: np.arange(4.0).astype(">f8"),
    "unaligned buffer": lambda: np.frombuffer(b"\0" + np.arange(4.0).tobytes(), np.float64, offset=1),
    "field of a structured array": lambda: np.array([(i, 0) for i in range(4)], dtype=[("a", "f8"), ("b", "i4")])["a"],
    "float32 (upcast)": lambda: np.arange(4, dtype=np.float32),
}


@pytest.mark.parametrize("name", sorted(ARRAYS))
def test_vector_input(name):
    x = T.dvector()
    f = tessera.function([x], x * 2 + 1)
    value = ARRAYS[name]()
    np.testing.assert_array_equal(f(value), np.asarray(value, dtype=np.float64) * 2 + 1)


def test_fortran_order_and_transposed_matrices():
    m = T.dmatrix()
    f = tessera.function([m], m - 1)
    value = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    np.testing.assert_array_equal(f(value), value - 1)
    np.testing.assert_array_equal(f(value.T), value.T - 1)


def test_inputs_are_not_modified():
    x = T.dvector()
    f = tessera.function([x], T.exp(x))
    value = np.arange(3.0)
    f(value)
    np.testing.assert_array_equal(value, np.arange(3.0))


def test_functions_compile_a_variant_for_inputs_strided_innermost():
    x = T.dmatrix()
    f = tessera.function([x], x * 2)
    value = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(f(value), value * 2)
    assert f._any_strides is None  # Contiguous rows: the unit-stride variant.
    np.testing.assert_array_equal(f(value.T), value.T * 2)
    assert f._any_strides is not None  # Compiled on first need, then reused.
    np.testing.assert_array_equal(f(value[:, ::2]), value[:, ::2] * 2)
