"""Indexing (`x[...]`, set_subtensor, inc_subtensor) against NumPy: every index
form and their combinations, over dtypes, empty, odd, strided and reversed
inputs; their gradients; and the errors, at build and at run time."""

import inspect

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad

MASK = np.array([[True, False, True, False, True], [False, False, True, True, False],
                 [True, True, False, False, False], [False, True, False, True, True]])

# Keys of a (3, 4, 5) tensor, by form: basic, advanced, masks, mixed.
KEYS = {
    "int": (1,),
    "negative_int": (-1, -4),
    "slice": (slice(1, None),),
    "step": (slice(None, None, 2), slice(1, 4), slice(-1, 0, -2)),
    "reversed": (slice(None, None, -1),),
    "clamped": (slice(-100, 100), slice(7, 2, -1)),
    "empty_slice": (slice(2, 1),),
    "ellipsis": (Ellipsis, 2),
    "newaxis": (None, 0, None, slice(None, None, -2)),
    "ellipsis_newaxis": (1, Ellipsis, None),
    "vector": ([2, 0, 2],),
    "vector_of_axis_1": (slice(None), [3, -1, 0, 3]),
    "empty_vector": ([],),
    "matrix": ([[0, 1], [2, 2]],),
    "broadcast_arrays": ([[0], [2]], [1, 3, 1]),
    "arrays_and_int": (1, [0, 3], [4, 4]),
    "nonadjacent_arrays": ([0, 1], slice(None), [1, 2]),
    "arrays_and_slices": (slice(None, None, -1), [[0, 1], [2, 3]], slice(1, 3)),
    "mask": (MASK[:3, :4],),
    "mask_of_axes_1_2": (slice(None), MASK),
    "mask_after_ellipsis": (Ellipsis, MASK[0]),
    "mask_and_slice": (slice(1, None), MASK[:, 0]),
}


def _variable(dtype, ndim):
    return T.TensorType(dtype, [False] * ndim)()


def _index_data(dtype, shape=(3, 4, 5)):
    values = np.arange(np.prod(shape)).reshape(shape)
    if dtype == "bool":
        return values % 3 == 0
    return (values - 17).astype(dtype) if dtype != "uint8" else values.astype(dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int8", "int64", "bool", "complex64"])
@pytest.mark.parametrize("name", KEYS)
def test_getitem_matches_numpy(name, dtype):
    key = KEYS[name]
    x = _variable(dtype, 3)
    value = _index_data(dtype)
    result = tessera.function([x], x[key])(value)
    np.testing.assert_array_equal(result, value[key])
    assert result.dtype == value.dtype


@pytest.mark.parametrize("name", ["step", "reversed", "vector_of_axis_1", "mask_of_axes_1_2", "newaxis"])
@pytest.mark.parametrize("layout", ["strided", "reversed", "transposed"])
def test_getitem_of_strided_and_reversed_inputs(name, layout):
    key = KEYS[name]
    base = np.arange(6 * 8 * 10, dtype=np.float64).reshape(6, 8, 10)
    value = {"strided": base[::2, ::2, ::2], "reversed": base[::-2, ::-2, ::-2],
             "transposed": base.transpose(2, 0, 1)[::2, ::2, ::2].transpose(1, 2, 0)}[layout]
    assert value.shape == (3, 4, 5)
    x = T.dtensor3()
    np.testing.assert_array_equal(tessera.function([x], x[key])(value), value[key])


@pytest.mark.parametrize("shape", [(0, 4), (4, 0), (1, 1), (7, 3)])
def test_getitem_of_empty_and_odd_sizes(shape):
    x = T.dmatrix()
    value = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    keys = [(slice(None, None, -1),), (slice(1, None), slice(None, None, 2)), (Ellipsis, slice(-2, None)),
            (value.sum(axis=1) > 2,), (slice(None), [] if shape[1] == 0 else [0, -1, 0])]
    f = tessera.function([x], [x[key] for key in keys])
    for result, key in zip(f(value), keys, strict=True):
        np.testing.assert_array_equal(result, value[key])


def test_large_vectors_reversed_and_gathered():
    x, i = T.fvector(), T.lvector()
    value = np.random.default_rng(0).standard_normal(100_001).astype(np.float32)
    index = np.random.default_rng(1).integers(-100_001, 100_001, 50_000)
    reversed_, every_third, gathered = tessera.function([x, i], [x[::-1], x[1::3], x[i]])(value, index)
    np.testing.assert_array_equal(reversed_, value[::-1])
    np.testing.assert_array_equal(every_third, value[1::3])
    np.testing.assert_array_equal(gathered, value[index])


def test_symbolic_bounds_and_steps():
    x = T.dmatrix()
    i, j, s = T.lscalar(), T.iscalar(), T.bscalar()
    value = np.arange(56.0).reshape(8, 7)
    f = tessera.function([x, i, j, s], [x[i], x[i:j], x[::s], x[j:i:s], x[:, i * 2:(i + 1) * 2], x[-i]])
    for iv, jv, sv in [(1, 5, 2), (2, -1, -1), (0, 100, -3), (7, 3, 1), (3, 3, 5)]:
        expected = [value[iv], value[iv:jv], value[::sv], value[jv:iv:sv], value[:, iv * 2:(iv + 1) * 2],
                    value[-iv]]
        for result, reference in zip(f(value, iv, jv, sv), expected, strict=True):
            np.testing.assert_array_equal(result, reference)


def test_known_sizes_and_broadcastable_flags_of_the_result():
    x = T.TensorType("float32", [False, True, False], [6, 1, None])()
    assert x[1:4].type.shape == (3, 1, None)
    assert x[::-1, :, 0].type.shape == (6, 1)
    assert x[2:3].broadcastable == (False, True, False)  # A computed 1 is not broadcastable.
    assert x[:, ::-1].broadcastable == (False, True, False)
    assert x[:, 0].type.shape == (6, None)
    assert x[[0, 1]].broadcastable == (False, True, False)
    assert x[None, ..., 0].broadcastable == (True, False, True)


def test_the_shape_vector_is_indexed_too():
    x = T.dtensor3()
    value = np.zeros((2, 3, 4))
    first, rest, last = tessera.function([x], [x.shape[0], x.shape[1:], x.shape[-1]])(value)
    assert first == 2 and last == 4
    np.testing.assert_array_equal(rest, [3, 4])


# ---------------------------------------------------------------------------
# set_subtensor and inc_subtensor
# ---------------------------------------------------------------------------

def _numpy_write(value, key, y, accumulate):
    result = value.copy()
    if accumulate:
        np.add.at(result, key, np.broadcast_to(y, value[key].shape))
    else:
        result[key] = y
    return result


@pytest.mark.parametrize("accumulate", [False, True], ids=["set", "inc"])
@pytest.mark.parametrize("name", KEYS)
def test_set_and_inc_subtensor_match_numpy(name, accumulate):
    key = KEYS[name]
    rng = np.random.default_rng(0)
    value = rng.standard_normal((3, 4, 5))
    selected = value[key].shape
    write = T.inc_subtensor if accumulate else T.set_subtensor
    for y_shape in [selected, selected[1:], (1,) * len(selected)]:
        y = T.TensorType("float64", [s == 1 for s in y_shape])()
        x = T.dtensor3()
        update = rng.standard_normal(y_shape)
        result = tessera.function([x, y], write(x[key], y))(value, update)
        np.testing.assert_allclose(result, _numpy_write(value, key, update, accumulate), rtol=1e-15)


def test_repeated_indices_set_keeps_the_last_and_inc_accumulates():
    x, y = T.dvector(), T.dvector()
    i = T.lvector()
    f = tessera.function([x, i, y], [T.set_subtensor(x[i], y), T.inc_subtensor(x[i], y)])
    index = np.array([1, 3, 1, -1, 1, 3])
    update = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0])
    written, accumulated = f(np.zeros(5), index, update)
    expected = np.zeros(5)
    expected[index] = update
    np.testing.assert_array_equal(written, expected)
    np.testing.assert_array_equal(written, [0, 50, 0, 60, 40])
    expected = np.zeros(5)
    np.add.at(expected, index, update)
    np.testing.assert_array_equal(accumulated, expected)


@pytest.mark.parametrize("dtype", ["int32", "bool", "float32", "complex128"])
def test_updates_over_dtypes(dtype):
    x = _variable(dtype, 2)
    value = _index_data(dtype, (4, 5))
    key = ([0, 2, 0], slice(None, None, -2))
    f = tessera.function([x], [T.set_subtensor(x[key], value[0, :3][:, None]),
                               T.inc_subtensor(x[key], value[1, :3][:, None]),
                               T.inc_subtensor(x[1:, 2], value[2, 4])])
    written, accumulated, row = f(value)
    np.testing.assert_array_equal(written, _numpy_write(value, key, value[0, :3][:, None], False))
    expected = value.copy()
    if dtype == "bool":  # NumPy's add of bools is a logical or.
        np.logical_or.at(expected, key, np.broadcast_to(value[1, :3][:, None], value[key].shape))
    else:
        np.add.at(expected, key, np.broadcast_to(value[1, :3][:, None], value[key].shape))
    np.testing.assert_array_equal(accumulated, expected)
    expected = value.copy()
    expected[1:, 2] += value[2, 4]
    np.testing.assert_array_equal(row, expected)


def test_updates_leave_the_input_arrays_unchanged():
    x, y = T.dmatrix(), T.dvector()
    value = np.arange(12.0).reshape(3, 4)
    original = value.copy()
    tessera.function([x, y], [T.set_subtensor(x[1], y), T.inc_subtensor(x[[0, 0]], y)])(value, np.ones(4))
    np.testing.assert_array_equal(value, original)


def test_updates_cast_the_value_to_the_tensors_dtype():
    x = T.fmatrix()
    assert T.set_subtensor(x[0], T.dvector()).dtype == "float32"  # NumPy's same-kind assignment.
    assert T.inc_subtensor(x[0], 1).dtype == "float32"
    with pytest.raises(TypeError, match="cannot write complex128 values into a float32 tensor"):
        T.set_subtensor(x[0], T.zvector())
    with pytest.raises(TypeError, match="a 2-dimensional value into a 1-dimensional selection"):
        T.set_subtensor(x[0], T.fmatrix())


def test_set_subtensor_needs_the_result_of_indexing():
    with pytest.raises(TypeError, match=r"take the result of indexing a tensor \(x\[...\]\)"):
        T.set_subtensor(T.dvector() + 1, 0.0)


# ---------------------------------------------------------------------------
# Gradients
# ---------------------------------------------------------------------------

READS = {
    "slices": lambda x: x[::-1, 1:3, ::2],
    "ints": lambda x: x[1, -1],
    "newaxis": lambda x: x[None, 0, ..., None],
    "repeated_rows": lambda x: x[[0, 2, 2, 0]],
    "repeated_columns": lambda x: x[:, [1, 1, 3]],
    "nonadjacent_arrays": lambda x: x[[0, 1], :, [4, 4]],
    "mask": lambda x: x[x > 0.3],
    "mask_of_axis_1": lambda x: x[:, MASK[0, :4]],
}


@pytest.mark.parametrize("name", READS)
def test_gradient_of_indexing_scatters_back(name):
    value = np.random.default_rng(0).standard_normal((3, 4, 5))
    verify_grad(READS[name], [value], rng=np.random.RandomState(0))


def test_gradient_of_repeated_indices_accumulates():
    x = T.dvector()
    gradient = tessera.function([x], T.grad(x[[0, 2, 0, 0]].sum(), x))(np.zeros(3))
    np.testing.assert_array_equal(gradient, [3, 0, 1])


WRITES = {
    "set_slices": (lambda x, y: T.set_subtensor(x[1:3, ::-1], y), (2, 5)),
    "inc_slices": (lambda x, y: T.inc_subtensor(x[1:3, ::-1], y), (2, 5)),
    "inc_broadcast": (lambda x, y: T.inc_subtensor(x[1:3], y), (5,)),
    "set_rows": (lambda x, y: T.set_subtensor(x[[3, 0]], y), (2, 5)),
    "inc_repeated_rows": (lambda x, y: T.inc_subtensor(x[[3, 0, 3]], y), (3, 5)),
    "inc_arrays_and_slices": (lambda x, y: T.inc_subtensor(x[1:, [0, 2, 2]], y), (3, 3)),
    "set_mask": (lambda x, y: T.set_subtensor(x[MASK], y), ()),
}


@pytest.mark.parametrize("name", WRITES)
def test_gradient_of_updates_reaches_x_and_y(name):
    write, y_shape = WRITES[name]
    rng = np.random.default_rng(0)
    verify_grad(write, [rng.standard_normal((4, 5)), rng.standard_normal(y_shape)], rng=np.random.RandomState(0))


def test_gradient_of_set_subtensor_skips_the_replaced_elements():
    x, y = T.dvector(), T.dscalar()
    gx, gy = T.grad(T.set_subtensor(x[1:3], y).sum() * 2, [x, y])
    gx_value, gy_value = tessera.function([x, y], [gx, gy])(np.zeros(4), 1.0)
    np.testing.assert_array_equal(gx_value, [2, 0, 0, 2])
    assert gy_value == 4


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

def _line_after() -> int:
    return inspect.currentframe().f_back.f_lineno + 1


@pytest.mark.parametrize("index", [5, -6])
def test_integer_out_of_range_at_run_time_names_index_axis_size_and_line(index):
    x, i = T.dmatrix(), T.lscalar()
    line = _line_after()
    f = tessera.function([x, i], x[:, i])
    with pytest.raises(IndexError, match=rf"tessera.subtensor \(created at .*test_subtensor.py:{line}\): "
                                         rf"index {index} is out of bounds for axis 1 with size 5"):
        f(np.zeros((3, 5)), index)


@pytest.mark.parametrize("accumulate", [False, True])
def test_array_index_out_of_range_at_run_time(accumulate):
    x, i = T.dmatrix(), T.lvector()
    line = _line_after()
    out = T.inc_subtensor(x[i], 1.0) if accumulate else x[i]
    f = tessera.function([x, i], out)
    name = "advanced_inc_subtensor" if accumulate else "advanced_subtensor"
    with pytest.raises(IndexError, match=rf"tessera.{name} \(created at .*test_subtensor.py:{line}\): "
                                         r"index -4 is out of bounds for axis 0 with size 3"):
        f(np.zeros((3, 2)), [0, -4, 2])
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        f(np.zeros((3, 2)), [3])
    np.testing.assert_array_equal(f(np.zeros((3, 2)), [-3, 2]).shape, (3, 2) if accumulate else (2, 2))


def test_mask_of_another_size_at_run_time():
    x, m = T.dvector(), T.bvector()
    f = tessera.function([x, m], x[T.neq(m, 0)])
    with pytest.raises(IndexError, match="the boolean index has size 4 where axis 0 has size 3"):
        f(np.zeros(3), np.ones(4, dtype=np.int8))


def test_arrays_that_do_not_broadcast_at_run_time():
    x, i, j = T.dmatrix(), T.lvector(), T.lvector()
    f = tessera.function([x, i, j], x[i, j])
    with pytest.raises(IndexError, match="indexing arrays could not be broadcast together"):
        f(np.zeros((3, 3)), [0, 1], [0, 1, 2])


def test_update_value_of_another_size_at_run_time():
    x, y = T.dmatrix(), T.dvector()
    f = tessera.function([x, y], T.set_subtensor(x[0], y))
    with pytest.raises(ValueError, match="the value has size 2 in dimension 0, the selection 3"):
        f(np.zeros((2, 3)), np.zeros(2))


def test_zero_step_at_run_time():
    x, s = T.dvector(), T.lscalar()
    f = tessera.function([x, s], x[::s])
    with pytest.raises(ValueError, match="the slice step of axis 0 is zero"):
        f(np.zeros(3), 0)


def test_errors_at_build_time():
    x = T.TensorType("float64", [False, False], [3, None])()
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with size 3"):
        x[3]
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        x[[0, -4]]
    with pytest.raises(IndexError, match="too many indices for tensor: tensor is 2-dimensional, but 3 were indexed"):
        x[0, 0, 0]
    with pytest.raises(IndexError, match="a single ellipsis"):
        x[..., 0, ...]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::0]
    with pytest.raises(TypeError, match="an index must be an integer"):
        x[1.5]
    with pytest.raises(TypeError, match="an index must be an integer or a bool tensor"):
        x[T.dvector()]
    with pytest.raises(TypeError, match="a slice bound must be an integer"):
        x[:T.dscalar()]
    with pytest.raises(NotImplementedError, match="a boolean mask combined with"):
        x[np.array([True, False, True]), [0, 1]]


@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 0, 3), (2, 3, 4)])
def test_nonzero_flatnonzero_and_nonzero_values(shape):
    x = T.TensorType("int32", [False] * len(shape))()
    value = (np.arange(np.prod(shape)).reshape(shape) % 3 == 1).astype(np.int32) * 5
    outputs = list(T.nonzero(x)) + [T.nonzero(x, return_matrix=True), T.flatnonzero(x), x.nonzero_values()]
    results = tessera.function([x], outputs)(value)
    for result, expected in zip(results, list(np.nonzero(value)) + [np.array(np.nonzero(value)),
                                                                     np.flatnonzero(value), value[value != 0]], strict=True):
        np.testing.assert_array_equal(result, expected)
    assert results[0].dtype == np.int64


def test_a_mask_with_other_arrays_through_nonzero():
    x, m = T.dmatrix(), T.bvector()
    value, mask = np.arange(12.0).reshape(3, 4), np.array([1, 0, 1], dtype=np.int8)
    result = tessera.function([x, m], x[T.nonzero(m)[0], [0, 3]])(value, mask)
    np.testing.assert_array_equal(result, value[mask.nonzero()[0], [0, 3]])
    with pytest.raises(ValueError, match="nonzero is not defined for a 0-d tensor"):
        T.nonzero(T.dscalar())


# ---------------------------------------------------------------------------
# The seed's example and the tutorials' uses
# ---------------------------------------------------------------------------

def test_seed_example_reversed_rows_transposed():
    result = T.arange(10).reshape((5, 2))[::-1].T.eval()
    np.testing.assert_array_equal(result, [[8, 6, 4, 2, 0], [9, 7, 5, 3, 1]])
    assert result.dtype == np.int64


def test_negative_log_likelihood_of_the_tutorials_and_its_gradient():
    p_y = T.dmatrix("p_y")
    y = T.lvector("y")
    nll = -T.mean(T.log(p_y)[T.arange(y.shape[0]), y])
    f = tessera.function([p_y, y], [nll, T.grad(nll, p_y)])
    rng = np.random.default_rng(0)
    probabilities = rng.uniform(0.05, 1.0, (20, 7))
    labels = rng.integers(0, 7, 20)
    cost, gradient = f(probabilities, labels)
    rows = np.arange(20)
    np.testing.assert_allclose(cost, -np.mean(np.log(probabilities)[rows, labels]), rtol=1e-14)
    expected = np.zeros_like(probabilities)
    expected[rows, labels] = -1 / (20 * probabilities[rows, labels])
    np.testing.assert_allclose(gradient, expected, rtol=1e-14)
