"""Bad input to the Theano API: a clear Python exception, and the process survives."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T

HERE = __file__


def test_downcast_type_error_names_the_input_both_dtypes_and_the_fix():
    x = T.fvector("x")
    f = tessera.function([x], x * 2)
    with pytest.raises(TypeError) as error:
        f(np.array([1.0, 2.0]))
    message = str(error.value)
    assert "input 0 (x)" in message
    assert "float32" in message and "float64" in message
    assert "allow_input_downcast=True" in message


def test_downcast_is_refused_whatever_the_values():
    x = T.bvector()
    f = tessera.function([x], x * 2)
    with pytest.raises(TypeError, match="int64"):
        f(np.array([1, 2], dtype=np.int64))


def test_wrong_number_of_inputs():
    x, y = T.dscalars("x", "y")
    f = tessera.function([x, y], x + y)
    with pytest.raises(TypeError, match="takes 2 inputs, got 1"):
        f(1.0)
    with pytest.raises(TypeError, match="takes 2 inputs, got 3"):
        f(1.0, 2.0, 3.0)


def test_wrong_number_of_dimensions():
    x = T.dmatrix("x")
    f = tessera.function([x], x + 1)
    with pytest.raises(TypeError, match="wrong number of dimensions: expected 2, got 1 with shape"):
        f(np.ones(3))


def test_broadcastable_dimension_must_have_size_one():
    r = T.drow("r")
    f = tessera.function([r], r * 2)
    with pytest.raises(TypeError, match="dimension 0 is broadcastable.*size must be 1, got shape \\(2, 3\\)"):
        f(np.ones((2, 3)))


def test_unused_input_raises_by_default():
    x, y = T.dscalars("x", "y")
    with pytest.raises(tessera.UnusedInputError, match="input 1 \\(y\\)"):
        tessera.function([x, y], x)


def test_missing_input():
    x, y = T.dscalars("x", "y")
    with pytest.raises(tessera.MissingInputError, match="need y"):
        tessera.function([x], x + y)


def test_bad_inputs_list():
    x = T.dscalar("x")
    with pytest.raises(TypeError, match="wrap a single input in a list"):
        tessera.function(x, x * 2)
    with pytest.raises(TypeError, match="shared variable"):
        tessera.function([tessera.shared(1.0)], x, on_unused_input="ignore")
    with pytest.raises(TypeError, match="computed by"):
        tessera.function([x * 2], x)


def test_update_of_another_type():
    s = tessera.shared(np.zeros(3, dtype=np.float32))
    x = T.dvector()
    with pytest.raises(TypeError, match="cannot replace.*astype\\('float32'\\)"):
        tessera.function([x], [], updates=[(s, s + x)])
    with pytest.raises(TypeError, match="not a shared variable"):
        tessera.function([x], [], updates=[(x, x + 1)])


def test_non_scalar_where_a_scalar_is_needed():
    v = T.lvector()
    with pytest.raises(TypeError, match="arange takes scalars"):
        T.arange(v)
    with pytest.raises(TypeError, match="a size must be an integer scalar"):
        T.zeros((v, 2))
    with pytest.raises(TypeError, match="a size must be an integer scalar"):
        T.zeros((T.dscalar(), 2))


@pytest.mark.parametrize("axis", [2, -3, (0, 0)])
def test_invalid_axis(axis):
    with pytest.raises(ValueError, match="axis|repeated"):
        T.sum(T.matrix(), axis=axis)


def test_bad_reshape_at_graph_building_time():
    c = T.constant(np.ones((3, 4)))
    with pytest.raises(ValueError, match="cannot reshape 'tensor<3x4xf64>' \\(12 elements\\) to \\(5, -1\\)"):
        c.reshape((5, -1))
    with pytest.raises(ValueError, match="at most one size may be -1"):
        T.matrix().reshape((-1, -1))


def test_bad_reshape_at_run_time_names_the_op_and_line():
    x = T.dmatrix("x")
    f = tessera.function([x], x.reshape((5, -1)))  # reshape created on this line
    line = test_bad_reshape_at_run_time_names_the_op_and_line.__code__.co_firstlineno + 2
    np.testing.assert_array_equal(f(np.ones((5, 2))), np.ones((5, 2)))
    with pytest.raises(ValueError) as error:
        f(np.ones((3, 4)))
    message = str(error.value)
    assert "Cannot reshape in tessera.reshape" in message
    assert f"{HERE}:{line}" in message
    assert "the input has 12 elements" in message


def test_run_time_size_mismatch_is_a_value_error_naming_op_shapes_and_line():
    x, y = T.dvectors("x", "y")
    f = tessera.function([x, y], T.exp(x + y))  # the add is created on this line
    line = test_run_time_size_mismatch_is_a_value_error_naming_op_shapes_and_line.__code__.co_firstlineno + 2
    with pytest.raises(ValueError) as error:
        f(np.ones(3), np.ones(4))
    message = str(error.value)
    assert "Input dimension mismatch in tessera.add" in message
    assert f"{HERE}:{line}" in message
    assert "input[0].shape[0] = 3, input[1].shape[0] = 4" in message
    assert "Inputs shapes: [(3,), (4,)]" in message
    # The function still works afterwards.
    np.testing.assert_array_equal(f(np.zeros(2), np.zeros(2)), [1.0, 1.0])


def test_no_numpy_style_run_time_broadcasting():
    x, y = T.dmatrices("x", "y")
    f = tessera.function([x, y], x * y)
    with pytest.raises(ValueError, match="Input dimension mismatch"):
        f(np.ones((3, 4)), np.ones((1, 4)))  # y's first dimension is not broadcastable.


def test_dot_size_mismatch():
    a, v = T.dmatrix(), T.dvector()
    f = tessera.function([a, v], T.dot(a, v))
    with pytest.raises(ValueError, match="Shape mismatch in tessera.dot.*x.shape\\[1\\] = 3 does not match y.shape\\[0\\] = 4"):
        f(np.ones((2, 3)), np.ones(4))


def test_config_rejects_bad_values():
    with pytest.raises(ValueError, match="config.floatX must be one of"):
        tessera.config.floatX = "float128"
    with pytest.raises(AttributeError, match="no flag 'flaotX'"):
        tessera.config.flaotX = "float32"
