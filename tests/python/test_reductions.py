"""Every reduction against NumPy: axes (None, int, negative, tuple), keepdims,
Theano's result dtypes, NaN, first occurrences and empty axes."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad

from test_ops import check, data

AXES = [None, 0, -1, (0, 2), (2, 0, 1)]

# (dialect op of the result, Tessera function, NumPy reference, dtypes)
REDUCTIONS = [
    ("sum", T.sum, lambda v, axis, keepdims: np.sum(v, axis, keepdims=keepdims,
                                                    dtype="int64" if v.dtype.kind in "bi" else v.dtype),
     ["float32", "float64", "int32", "bool"]),
    ("prod", T.prod, lambda v, axis, keepdims: np.prod(v, axis, keepdims=keepdims,
                                                       dtype="int64" if v.dtype.kind in "bi" else v.dtype),
     ["float64", "int16"]),
    ("max", T.max, lambda v, axis, keepdims: np.max(v, axis, keepdims=keepdims), ["float32", "int64"]),
    ("min", T.min, lambda v, axis, keepdims: np.min(v, axis, keepdims=keepdims), ["float64", "int8"]),
    ("all", T.all, lambda v, axis, keepdims: np.all(v, axis, keepdims=keepdims), ["bool", "float32"]),
    ("any", T.any, lambda v, axis, keepdims: np.any(v, axis, keepdims=keepdims), ["bool", "int32"]),
    ("argmax", T.argmax, None, ["float64", "int32"]),
    ("argmin", T.argmin, None, ["float32", "int64"]),
]


def flat_arg(reference):
    """NumPy's arg-reduction over several axes: the row-major index within them."""
    def apply(value, axis, keepdims):
        axes = tuple(range(value.ndim)) if axis is None else (axis,) if isinstance(axis, int) else axis
        axes = tuple(sorted(a % value.ndim for a in axes))
        kept = [d for d in range(value.ndim) if d not in axes]
        moved = np.transpose(value, kept + list(axes))
        flat = moved.reshape([value.shape[d] for d in kept] + [-1])
        result = reference(flat, axis=-1).astype("int64")
        if keepdims:
            result = np.expand_dims(result, axes)
        return result
    return apply


def sample(rng, dtype, shape):
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    return data(rng, shape, dtype, -3, 4)


@pytest.mark.parametrize("name,op,reference,dtype",
                         [(n, o, r, d) for n, o, r, ds in REDUCTIONS for d in ds],
                         ids=[f"{r[0]}-{d}" for r in REDUCTIONS for d in r[3]])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction(rng, name, op, reference, dtype, keepdims):
    """One function reduces along every axis argument of AXES."""
    if reference is None:
        reference = flat_arg(np.argmax if name == "argmax" else np.argmin)
    x = T.tensor3(dtype=dtype)
    outputs = [op(x, axis=axis, keepdims=keepdims) for axis in AXES]
    assert all(output.owner.op.op_name == f"tessera.{name}" for output in outputs)
    value = sample(rng, dtype, (4, 3, 5))
    for axis, got in zip(AXES, tessera.function([x], outputs)(value)):
        check(got, reference(value, axis, keepdims))


def test_arg_reductions_take_the_first_occurrence_and_nan_as_the_extremum():
    x = T.dmatrix("x")
    f = tessera.function([x], [T.argmax(x, axis=1), T.argmin(x, axis=1), T.max_and_argmax(x, axis=1)[1]])
    value = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, np.nan, 5.0, np.nan], [-np.inf] * 4, [7.0, 7.0, 1.0, 1.0]])
    largest, smallest, paired = f(value)
    np.testing.assert_array_equal(largest, np.argmax(value, axis=1))
    np.testing.assert_array_equal(smallest, np.argmin(value, axis=1))
    np.testing.assert_array_equal(paired, largest)


def test_max_and_argmax_returns_both():
    x = T.fmatrix("x")
    values, indices = T.max_and_argmax(x, axis=0)
    value = np.float32([[1, 5, 2], [4, 0, 2]])
    got = tessera.function([x], [values, indices])(value)
    check(got[0], value.max(0))
    check(got[1], value.argmax(0))


@pytest.mark.parametrize("reduce", [T.max, T.min, T.argmax, T.argmin])
def test_reductions_without_identity_reject_empty_axes(reduce):
    x = T.dmatrix("x")
    f = tessera.function([x], reduce(x, axis=0))  # reduced on this line
    line = test_reductions_without_identity_reject_empty_axes.__code__.co_firstlineno + 3
    with pytest.raises(ValueError, match=rf"In tessera\.\w+ \(created at .*test_reductions.py:{line}\): the reduced axes are empty"):
        f(np.zeros((0, 3)))
    check(f(np.zeros((2, 3))), np.zeros(3, dtype="int64" if "arg" in str(reduce.__name__) else "float64"))


def test_reductions_with_identity_of_empty_axes():
    x = T.dmatrix("x")
    f = tessera.function([x], [T.sum(x, 0), T.prod(x, 0), T.all(x, 0), T.any(x, 0)])
    total, product, every, some = f(np.zeros((0, 2)))
    check(total, np.zeros(2))
    check(product, np.ones(2))
    check(every, np.ones(2, bool))
    check(some, np.zeros(2, bool))


def test_max_and_min_of_bools_stay_bools():
    b = T.bvector("b") > 0
    assert T.max(b).dtype == T.min(b).dtype == "bool"
    f = tessera.function([b.owner.inputs[0]], [T.max(b), T.min(b)])
    assert [bool(v) for v in f(np.int8([0, 1, 1]))] == [True, False]


@pytest.mark.parametrize("dtype,result", [("float32", "float32"), ("float64", "float64"),
                                          ("int8", "float32"), ("int32", "float64")])
@pytest.mark.parametrize("axis", [None, 1, (0, 2)])
def test_mean_var_std_ptp(rng, dtype, result, axis):
    x = T.tensor3(dtype=dtype)
    value = data(rng, (3, 4, 5), dtype, -4, 5)
    outputs = [x.mean(axis), x.var(axis), x.std(axis), x.var(axis, ddof=1), x.std(axis, keepdims=True),
               x.var(axis, corrected=True), x.ptp(axis)]
    assert [o.dtype for o in outputs[:6]] == [result] * 6
    got = tessera.function([x], outputs)(value)
    axis_ = axis
    tolerance = {"rtol": 1e-5 if result == "float32" else 1e-12}
    as_float = value.astype(result)
    np.testing.assert_allclose(got[0], np.mean(as_float, axis_), **tolerance)
    np.testing.assert_allclose(got[1], np.var(as_float, axis_), **tolerance)
    np.testing.assert_allclose(got[2], np.std(as_float, axis_), **tolerance)
    np.testing.assert_allclose(got[3], np.var(as_float, axis_, ddof=1), **tolerance)
    np.testing.assert_allclose(got[4], np.std(as_float, axis_, keepdims=True), **tolerance)
    np.testing.assert_allclose(got[5], np.var(as_float, axis_), **tolerance)
    check(got[6], np.ptp(value, axis_))


def test_methods_of_variables():
    x = T.dmatrix("x")
    value = np.arange(6.0).reshape(2, 3) - 2
    f = tessera.function([x], [x.prod(), x.min(1), x.argmax(), x.argmin(0), x.all(), x.any(0), x.mean(0)])
    expected = [value.prod(), value.min(1), value.argmax(), value.argmin(0), value.all(), value.any(0),
                value.mean(0)]
    for got, want in zip(f(value), expected):
        check(got, want)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int64"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_cumsum_and_cumprod_match_numpy(dtype, axis):
    x = T.TensorType(dtype, [False, False, False])()
    value = (np.arange(1, 61).reshape(3, 4, 5) % 4 + 1).astype(dtype)
    summed, multiplied, method = tessera.function([x], [T.cumsum(x, axis), T.cumprod(x, axis), x.cumsum(axis)])(value)
    np.testing.assert_allclose(summed, np.cumsum(value, axis, dtype=dtype), rtol=1e-6)
    np.testing.assert_allclose(multiplied, np.cumprod(value, axis, dtype=dtype), rtol=1e-6)
    np.testing.assert_array_equal(method, summed)
    assert summed.dtype == value.dtype


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (1, 1), (7, 1)])
def test_cumsum_of_empty_odd_and_strided_inputs(shape):
    x = T.dmatrix()
    base = np.arange(4 * np.prod(shape), dtype=np.float64).reshape(2 * shape[0], 2 * shape[1])
    value = base[::-2, ::2]
    np.testing.assert_array_equal(tessera.function([x], T.cumsum(x, 0))(value), np.cumsum(value, 0))
    np.testing.assert_array_equal(T.cumsum(T.constant(np.array([True, False, True]))).eval(), [1, 1, 2])


def test_gradients_of_cumsum_and_cumprod():
    rng = np.random.default_rng(0)
    value = rng.uniform(0.5, 1.5, (3, 4))
    verify_grad(lambda v: T.cumsum(v, 1), [value], rng=np.random.RandomState(0))
    verify_grad(lambda v: T.cumsum(v), [value], rng=np.random.RandomState(0))
    verify_grad(lambda v: T.cumprod(v, 0), [value], rng=np.random.RandomState(0))
