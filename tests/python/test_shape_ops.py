"""Shapes, joins and products built on the shape ops (dimshuffle, reshape,
rebroadcast, concatenate) against NumPy, with their gradients."""

import inspect

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad


def run(inputs, outputs, *values):
    return tessera.function(inputs, outputs)(*values)


def test_dimshuffle_forms():
    x = T.TensorType("float32", [False, True, False])()
    value = np.arange(6, dtype=np.float32).reshape(2, 1, 3)
    swapped, squeezed, left, right, inserted = run(
        [x], [x.swapaxes(0, 2), x.squeeze(), T.shape_padleft(x, 2), T.shape_padright(x), T.shape_padaxis(x, -2)],
        value)
    np.testing.assert_array_equal(swapped, value.swapaxes(0, 2))
    np.testing.assert_array_equal(squeezed, value.squeeze(1))
    assert left.shape == (1, 1, 2, 1, 3) and right.shape == (2, 1, 3, 1) and inserted.shape == (2, 1, 1, 3)
    assert T.shape_padaxis(x, 1).broadcastable == (False, True, True, False)
    with pytest.raises(IndexError):
        T.shape_padaxis(x, 5)


def test_rebroadcast_forms_and_their_run_time_check():
    x = T.dmatrix()
    row = T.addbroadcast(x, 0)
    assert row.broadcastable == (True, False)
    assert T.unbroadcast(row, 0).broadcastable == (False, False)
    assert T.patternbroadcast(x, (False, True)).broadcastable == (False, True)
    value = np.arange(3.0).reshape(1, 3)
    f = tessera.function([x], row + T.ones((4, 3)))
    np.testing.assert_array_equal(f(value), np.broadcast_to(value + 1, (4, 3)))
    with pytest.raises(ValueError, match=r"tessera.rebroadcast \(created at .*\): dimension 0 has size 2"):
        f(np.zeros((2, 3)))
    verify_grad(lambda v: T.addbroadcast(v, 0) * 2, [value], rng=np.random.RandomState(0))


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_concatenate_along_each_axis(axis):
    rng = np.random.default_rng(0)
    shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
    for i, shape in enumerate(shapes):
        shape[axis] = i + 1
    values = [rng.standard_normal(s) for s in shapes]
    xs = [T.dtensor3() for _ in values]
    np.testing.assert_array_equal(run(xs, T.concatenate(xs, axis=axis), *values),
                                  np.concatenate(values, axis=axis))
    np.testing.assert_array_equal(run(xs, T.join(axis, *xs), *values), np.concatenate(values, axis=axis))
    verify_grad(lambda *v: T.concatenate(v, axis=axis), values, rng=np.random.RandomState(0))


def test_concatenate_upcasts_checks_sizes_and_handles_empty_inputs():
    a, b = T.imatrix(), T.fmatrix()
    joined = T.concatenate([a, b])
    assert joined.dtype == "float64"
    f = tessera.function([a, b], joined)
    np.testing.assert_array_equal(f(np.ones((0, 2), np.int32), np.ones((3, 2), np.float32)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="input 1 has size 3 in dimension 1, the first input 2"):
        f(np.ones((1, 2), np.int32), np.ones((1, 3), np.float32))
    with pytest.raises(TypeError, match="one number of dimensions"):
        T.concatenate([a, T.fvector()])


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack_along_a_new_axis(axis):
    values = [np.arange(6.0).reshape(2, 3) + i for i in range(3)]
    xs = [T.dmatrix() for _ in values]
    np.testing.assert_array_equal(run(xs, T.stack(xs, axis=axis), *values), np.stack(values, axis=axis))
    np.testing.assert_array_equal(run(xs, T.stack(*xs), *values), np.stack(values))


def test_stack_of_scalars_and_stacklist():
    a, b = T.dscalar(), T.lscalar()
    np.testing.assert_array_equal(run([a, b], T.stack([a, b, 2]), 1.5, 3), [1.5, 3.0, 2.0])
    m = [[T.dscalar() for _ in range(3)] for _ in range(2)]
    flat = [v for row in m for v in row]
    np.testing.assert_array_equal(run(flat, T.stacklist(m), *range(6)), np.arange(6.0).reshape(2, 3))


def test_reshape_with_symbolic_sizes_and_flatten():
    n, a = T.lscalar("n"), T.lscalar("a")
    f = tessera.function([n, a], T.arange(n).reshape((a, -1)))
    np.testing.assert_array_equal(f(12, 3), np.arange(12).reshape(3, -1))
    np.testing.assert_array_equal(f(10, 5), np.arange(10).reshape(5, -1))
    with pytest.raises(ValueError, match="Cannot reshape"):
        f(10, 3)
    x = T.dtensor4()
    value = np.arange(120.0).reshape(2, 3, 4, 5)
    outputs = run([x], [x.flatten(), x.flatten(2), T.flatten(x, 3), x.reshape((x.shape[0], -1, 5))], value)
    for result, expected in zip(outputs, [value.reshape(-1), value.reshape(2, -1), value.reshape(2, 3, -1),
                                          value.reshape(2, -1, 5)], strict=True):
        np.testing.assert_array_equal(result, expected)
    verify_grad(lambda v: T.flatten(v, 2) * np.arange(60.0), [value], rng=np.random.RandomState(0))


def test_split_roll_and_diff():
    x = T.dmatrix()
    value = np.arange(20.0).reshape(4, 5)
    sizes = T.lvector()
    pieces = T.split(x, [1, 3, 1], 3, axis=1)
    symbolic = T.split(x, sizes, 2, axis=0)
    outputs = run([x, sizes], pieces + symbolic, value, [3, 1])
    for result, expected in zip(outputs, np.split(value, [1, 4], axis=1) + np.split(value, [3], axis=0), strict=True):
        np.testing.assert_array_equal(result, expected)
    shift = T.lscalar()
    rolled = run([x, shift], [T.roll(x, shift, 0), T.roll(x, shift, 1), T.roll(x, shift)], value, -7)
    for result, expected in zip(rolled, [np.roll(value, -7, 0), np.roll(value, -7, 1), np.roll(value, -7)], strict=True):
        np.testing.assert_array_equal(result, expected)
    differences = run([x], [T.diff(x), T.diff(x, 2, axis=0)], value ** 2)
    np.testing.assert_array_equal(differences[0], np.diff(value ** 2))
    np.testing.assert_array_equal(differences[1], np.diff(value ** 2, 2, axis=0))
    verify_grad(lambda v: T.roll(v, 2, 1) * np.arange(20.0).reshape(4, 5), [value], rng=np.random.RandomState(0))
    verify_grad(lambda v: T.diff(v ** 2, 2), [value], rng=np.random.RandomState(0))
    with pytest.raises(ValueError, match="do not add up"):
        T.split(T.TensorType("float64", [False], [5])(), [2, 2], 2)


def test_eye_identity_like_and_to_one_hot():
    n, k = T.lscalar(), T.lscalar()
    eye, shifted = run([n, k], [T.eye(n), T.eye(n, 5, k, dtype="int32")], 4, -1)
    np.testing.assert_array_equal(eye, np.eye(4, dtype=tessera.config.floatX))
    np.testing.assert_array_equal(shifted, np.eye(4, 5, -1, dtype=np.int32))
    x = T.fmatrix()
    np.testing.assert_array_equal(run([x], T.identity_like(x), np.zeros((2, 3), np.float32)),
                                  np.eye(2, 3, dtype=np.float32))
    y = T.ivector()
    np.testing.assert_array_equal(run([y], T.to_one_hot(y, 4), [3, 0, 0]), np.eye(4)[[3, 0, 0]])


RANKS = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 2), (2, 3), (3, 3), (4, 2), (4, 4), (1, 4)]


@pytest.mark.parametrize("a_rank,b_rank", RANKS)
def test_tensordot_with_axes_as_an_int_and_as_lists(a_rank, b_rank):
    rng = np.random.default_rng(0)
    sizes = [2, 3, 4, 5]
    a_value = rng.standard_normal(sizes[:a_rank])
    b_value = rng.standard_normal(sizes[a_rank - 1:a_rank - 1 + b_rank] if a_rank - 1 + b_rank <= 4
                                  else sizes[a_rank - b_rank:a_rank])
    a, b = T.TensorType("float64", [False] * a_rank)(), T.TensorType("float64", [False] * b_rank)()
    # An int: the last axes of a with the first of b, as far as they match.
    n = max(n for n in range(0, min(a_rank, b_rank) + 1) if a_value.shape[a_rank - n:] == b_value.shape[:n])
    axes_lists = [[a_rank - 1], [list(b_value.shape).index(a_value.shape[-1])]]
    outputs = run([a, b], [T.tensordot(a, b, n), T.tensordot(a, b, axes_lists)], a_value, b_value)
    np.testing.assert_allclose(outputs[0], np.tensordot(a_value, b_value, n), rtol=1e-12)
    np.testing.assert_allclose(outputs[1], np.tensordot(a_value, b_value, axes_lists), rtol=1e-12)


def test_tensordot_gradient_dot_of_higher_ranks_and_outer():
    rng = np.random.default_rng(0)
    a_value, b_value = rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 3, 5))
    verify_grad(lambda a, b: T.tensordot(a, b, [[1, 2], [1, 0]]), [a_value, b_value], rng=np.random.RandomState(0))
    a, b = T.dtensor3(), T.dtensor3()
    np.testing.assert_allclose(run([a, b], T.dot(a, b), a_value, b_value.transpose(1, 0, 2)),
                               np.dot(a_value, b_value.transpose(1, 0, 2)), rtol=1e-12)
    u, v = T.dvector(), T.dmatrix()
    np.testing.assert_array_equal(run([u, v], T.outer(u, v), [1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]]),
                                  np.outer([1, 2], [1, 2, 3, 4]))
    with pytest.raises(ValueError, match="axis 0 of a .size 2. and axis 0 of b .size 3. differ"):
        T.tensordot(T.TensorType("float64", [False], [2])(), T.TensorType("float64", [False], [3])(), [[0], [0]])


def test_fill_second_and_alloc_of_values():
    x, v = T.dmatrix(), T.dvector()
    value = np.arange(6.0).reshape(2, 3)
    filled, second, alloc = run([x, v], [T.fill(x, v), T.second(x, 5.0), T.alloc(v, 4, 3)], value, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(filled, np.broadcast_to([1.0, 2.0, 3.0], (2, 3)))
    np.testing.assert_array_equal(second, np.full((2, 3), 5.0))
    np.testing.assert_array_equal(alloc, np.broadcast_to([1.0, 2.0, 3.0], (4, 3)))
    verify_grad(lambda w: T.alloc(w, 4, 3) * np.arange(12.0).reshape(4, 3), [np.ones(3)],
                rng=np.random.RandomState(0))


def test_mgrid_and_ogrid():
    grids = run([], T.mgrid[0:3, 1:7:2]) + run([], T.ogrid[0:3, 1:7:2])
    for result, expected in zip(grids, list(np.mgrid[0:3, 1:7:2]) + list(np.ogrid[0:3, 1:7:2]), strict=True):
        np.testing.assert_array_equal(result, expected)
    np.testing.assert_allclose(run([], T.mgrid[0:1:0.25])[0], np.mgrid[0:1:0.25])


def test_repeat_and_tile():
    x, count = T.imatrix(), T.lscalar()
    value = np.arange(6, dtype=np.int32).reshape(2, 3)
    outputs = run([x, count], [T.repeat(x, count, axis=0), x.repeat(2, axis=1), T.repeat(x, 3),
                               T.tile(x, (2, count)), T.tile(x, (2, 1, 2))], value, 3)
    for result, expected in zip(outputs, [np.repeat(value, 3, 0), np.repeat(value, 2, 1), np.repeat(value, 3),
                                          np.tile(value, (2, 3)), np.tile(value, (2, 1, 2))], strict=True):
        np.testing.assert_array_equal(result, expected)
    verify_grad(lambda w: T.tile(T.repeat(w, 2, 1), (3, 1)), [np.arange(6.0).reshape(2, 3)],
                rng=np.random.RandomState(0))


@pytest.mark.parametrize("offset", [-2, -1, 0, 1, 3, 7])
def test_diagonal_diag_and_trace(offset):
    x, v = T.dtensor3(), T.dvector()
    value = np.arange(60.0).reshape(3, 4, 5)
    vector = np.arange(1.0, 4.0)
    outputs = run([x, v], [T.diagonal(x, offset, 1, 2), x.diagonal(offset, 2, 0), T.trace(x[0], offset),
                           T.diag(v, offset), T.diag(x[1], offset)], value, vector)
    for result, expected in zip(outputs, [np.diagonal(value, offset, 1, 2), value.diagonal(offset, 2, 0),
                                          np.trace(value[0], offset), np.diag(vector, offset),
                                          np.diag(value[1], offset)], strict=True):
        np.testing.assert_array_equal(result, expected)


def test_gradients_of_diagonal_and_diag():
    verify_grad(lambda m: T.diagonal(m, 1), [np.arange(12.0).reshape(3, 4)], rng=np.random.RandomState(0))
    verify_grad(lambda w: T.diag(w, -1), [np.arange(3.0)], rng=np.random.RandomState(0))
    verify_grad(lambda m: T.trace(m), [np.arange(9.0).reshape(3, 3)], rng=np.random.RandomState(0))


@pytest.mark.parametrize("a_shape,b_shape,subscripts", [
    ((4, 3), (4, 3), "bi,bi->b"), ((4, 2, 3), (4, 3), "bij,bj->bi"), ((4, 3), (4, 3, 5), "bi,bij->bj"),
    ((4, 2, 3), (4, 3, 5), "bij,bjk->bik"), ((0, 2, 3), (0, 3, 1), "bij,bjk->bik")])
def test_batched_dot_of_every_rank_combination(a_shape, b_shape, subscripts):
    rng = np.random.default_rng(0)
    a_value, b_value = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
    a = T.TensorType("float64", [False] * len(a_shape))()
    b = T.TensorType("float64", [False] * len(b_shape))()
    np.testing.assert_allclose(run([a, b], T.batched_dot(a, b), a_value, b_value),
                               np.einsum(subscripts, a_value, b_value), rtol=1e-12, atol=1e-14)
    if a_shape[0]:
        verify_grad(T.batched_dot, [a_value, b_value], rng=np.random.RandomState(0))


def test_batched_dot_checks_sizes_and_batched_tensordot():
    a, b = T.dtensor3(), T.dtensor3()
    f = tessera.function([a, b], T.batched_dot(a, b))
    with pytest.raises(ValueError, match="the batch sizes 2 and 3 differ"):
        f(np.zeros((2, 2, 2)), np.zeros((3, 2, 2)))
    rng = np.random.default_rng(0)
    x_value, y_value = rng.standard_normal((3, 2, 4, 5)), rng.standard_normal((3, 5, 4, 2))
    x, y = T.dtensor4(), T.dtensor4()
    expected = np.einsum("bijk,bkjl->bil", x_value, y_value)
    np.testing.assert_allclose(run([x, y], T.batched_tensordot(x, y, [[2, 3], [2, 1]]), x_value, y_value),
                               expected, rtol=1e-12)
    np.testing.assert_allclose(run([x, y], T.batched_dot(x, y), x_value, y_value.transpose(0, 3, 1, 2)),
                               np.einsum("bijk,blkm->bijlm", x_value, y_value.transpose(0, 3, 1, 2)),
                               rtol=1e-12)
    verify_grad(lambda u, v: T.batched_tensordot(u, v, [[2, 3], [2, 1]]), [x_value, y_value],
                rng=np.random.RandomState(0))


def test_repeat_with_a_count_per_element():
    x, counts = T.dmatrix(), T.lvector()
    value = np.arange(6.0).reshape(2, 3)
    f = tessera.function([x, counts], [T.repeat(x, counts, axis=1), T.repeat(x, counts[:2], axis=0),
                                       T.repeat(x, counts[:2].repeat(3))])
    for count_values in ([2, 0, 3], [0, 0, 0], [1, 4, 1]):
        across, down, flat = f(value, count_values)
        np.testing.assert_array_equal(across, np.repeat(value, count_values, axis=1))
        np.testing.assert_array_equal(down, np.repeat(value, count_values[:2], axis=0))
        np.testing.assert_array_equal(flat, np.repeat(value, np.repeat(count_values[:2], 3)))
    verify_grad(lambda v: T.repeat(v, np.array([1, 3, 2]), 1), [value], rng=np.random.RandomState(0))


def test_every_name_of_the_shape_construction_and_linear_algebra_vocabulary_exists():
    names = """reshape flatten transpose swapaxes squeeze shape_padleft shape_padright shape_padaxis addbroadcast
    unbroadcast patternbroadcast concatenate join stack stacklist split fill second alloc zeros ones eye
    identity_like zeros_like ones_like arange mgrid ogrid repeat tile roll diag diagonal trace to_one_hot sort
    argsort cumsum cumprod diff dot tensordot outer batched_dot batched_tensordot""".split()
    assert [name for name in names if not hasattr(T, name)] == []
    assert callable(T.nlinalg.matrix_inverse) and callable(T.nlinalg.det)
    assert callable(T.slinalg.cholesky) and callable(T.slinalg.solve)


def test_split_checks_its_sizes_at_run_time():
    x, sizes = T.dmatrix(), T.lvector()
    line = inspect.currentframe().f_lineno + 1
    f = tessera.function([x, sizes], T.split(x, sizes, 2, axis=1))
    with pytest.raises(ValueError, match=rf"tessera.split \(created at .*test_shape_ops.py:{line}\): the sizes "
                                         r"add up to 4, axis 1 has size 5"):
        f(np.zeros((2, 5)), [2, 2])
    with pytest.raises(ValueError, match="piece 1 has the negative size -1"):
        f(np.zeros((2, 5)), [6, -1])
    verify_grad(lambda v: T.split(v, [2, 0, 3], 3, axis=1)[2] * 2, [np.arange(10.0).reshape(2, 5)],
                rng=np.random.RandomState(0))
