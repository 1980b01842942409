"""Every op of the Theano API against NumPy: dtypes, broadcasting, empty and
non-contiguous inputs, sizes that are not a multiple of the vector width, and
inputs over 1e5 elements."""

import math

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import disconnected_grad, grad_clip, zero_grad
from tessera.ifelse import ifelse

FLOATS = ["float32", "float64"]
COMPLEXES = ["complex64", "complex128"]
INTS = ["int32", "int64"]
NUMERIC = FLOATS + INTS
RTOL = {"float32": 2e-6, "float64": 1e-13, "int32": 0, "int64": 0, "complex64": 2e-6, "complex128": 1e-13}


def data(rng, shape, dtype, low=-5, high=5, nonzero=False):
    if dtype.startswith("int"):
        values = rng.integers(low, high, size=shape).astype(dtype)
        if nonzero:
            values[values == 0] = 1
        return values
    if dtype.startswith("complex"):
        return (rng.uniform(low, high, size=shape) + 1j * rng.uniform(low, high, size=shape)).astype(dtype)
    values = rng.uniform(low, high, size=shape).astype(dtype)
    if nonzero:
        values[np.abs(values) < 0.1] = 0.5
    return values


def check(result, expected, dtype=None):
    expected = np.asarray(expected)
    assert result.shape == expected.shape
    assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
    if result.dtype.kind in "fc":
        np.testing.assert_allclose(result, expected, rtol=RTOL.get(str(result.dtype), 1e-6) * 4, atol=1e-6)
    else:
        np.testing.assert_array_equal(result, expected)


# (name, function of two tensors, NumPy reference, dtypes, needs nonzero rhs)
BINARY = [
    ("add", lambda a, b: a + b, np.add, NUMERIC + COMPLEXES, False),
    ("sub", lambda a, b: a - b, np.subtract, NUMERIC + COMPLEXES, False),
    ("mul", lambda a, b: a * b, np.multiply, NUMERIC + COMPLEXES, False),
    ("true_div", lambda a, b: a / b, np.true_divide, NUMERIC + COMPLEXES, True),
    ("complex", T.complex, lambda a, b: (a + 1j * b).astype(np.result_type(a.dtype, np.complex64)), FLOATS, False),
    ("int_div", lambda a, b: a // b, np.floor_divide, INTS, False),
    ("mod", lambda a, b: a % b, np.mod, NUMERIC, True),
    ("lt", lambda a, b: a < b, np.less, NUMERIC, False),
    ("ge", lambda a, b: a >= b, np.greater_equal, NUMERIC, False),
    ("le", lambda a, b: a <= b, np.less_equal, NUMERIC, False),
    ("gt", lambda a, b: a > b, np.greater, NUMERIC, False),
    ("pow", T.pow, np.power, FLOATS, False),
    ("minimum", T.minimum, np.minimum, NUMERIC, False),
    ("arctan2", T.arctan2, np.arctan2, FLOATS, False),
    ("maximum", T.maximum, np.maximum, NUMERIC, False),
    ("and", lambda a, b: a & b, np.bitwise_and, INTS, False),
    ("or", lambda a, b: a | b, np.bitwise_or, INTS, False),
    ("xor", lambda a, b: a ^ b, np.bitwise_xor, INTS, False),
    ("eq", T.eq, np.equal, INTS, False),
    ("neq", T.neq, np.not_equal, INTS, False),
    ("sigmoid_binary_crossentropy", T.nnet.sigmoid_binary_crossentropy,
     lambda x, t: np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x))), FLOATS, False),
]


@pytest.mark.parametrize("name,op,reference,nonzero,dtype",
                         [(n, o, r, z, d) for n, o, r, ds, z in BINARY for d in ds],
                         ids=[f"{b[0]}-{d}" for b in BINARY for d in b[3]])
def test_binary_ops_broadcast_a_row(rng, name, op, reference, nonzero, dtype):
    a = T.matrix(dtype=dtype)
    b = T.row(dtype=dtype)
    f = tessera.function([a, b], op(a, b))
    x, y = data(rng, (5, 13), dtype), data(rng, (1, 13), dtype, nonzero=nonzero)
    with np.errstate(all="ignore"):
        expected = reference(x, y)
    if name == "true_div" and dtype.startswith("int"):
        expected = expected.astype("float64")  # int32/int64 divide in float64.
    check(f(x, y), expected)


def test_integer_division_and_modulo_by_zero_give_zero_without_trapping():
    a, b = T.lvectors("a", "b")
    f = tessera.function([a, b], [a // b, a % b])
    x = np.array([7, -7, 7, -7, 5, np.iinfo(np.int64).min, 0])
    y = np.array([2, 2, -2, -2, 0, -1, 0])
    quotient, remainder = f(x, y)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(quotient, np.floor_divide(x, y))
        np.testing.assert_array_equal(remainder, np.mod(x, y))


@pytest.mark.parametrize("dtype", FLOATS)
def test_float_floor_division(rng, dtype):
    a, b = T.vector(dtype=dtype), T.vector(dtype=dtype)
    x, y = data(rng, (101,), dtype), data(rng, (101,), dtype, nonzero=True)
    check(tessera.function([a, b], a // b)(x, y), np.floor(x / y))


@pytest.mark.parametrize("dtype", NUMERIC)
def test_pow(rng, dtype):
    a = T.vector(dtype=dtype)
    x = data(rng, (37,), dtype, 0, 4) if dtype.startswith("int") else data(rng, (37,), dtype, 0.1, 3)
    check(tessera.function([a], a ** 3)(x), x ** 3)
    b = T.vector(dtype=dtype)
    e = data(rng, (37,), dtype, 0, 5)
    check(tessera.function([a, b], a ** b)(x, e), x ** e)


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "float16", "float32", "float64"])
def test_seed_power_expression(dtype):
    """The seed's `a + a**10` on [0, 1, 2] in every integer and float dtype
    (1026 wraps in int8, as NumPy's)."""
    a = T.vector(dtype=dtype)
    value = np.array([0, 1, 2], dtype)
    result = tessera.function([a], a + a ** 10)(value)
    assert result.dtype == dtype
    np.testing.assert_array_equal(result, value + value ** 10)
    if dtype != "int8":
        np.testing.assert_array_equal(result, [0, 2, 1026])


@pytest.mark.parametrize("dtype", FLOATS)
def test_float_floor_division_and_modulo_by_negatives_and_zeros(dtype):
    a, b = T.vector(dtype=dtype), T.vector(dtype=dtype)
    f = tessera.function([a, b], [a // b, a % b])
    x = np.array([7, -7, 7, -7, 5, -5, 0, 0, 7.5, -7.5, np.inf, 3, -4, 4, -3, 1e30], dtype)
    y = np.array([2, 2, -2, -2, 0, 0, 0, -0.0, 2, 2, 2, np.inf, 2, -2, np.inf, 3], dtype)
    quotient, remainder = f(x, y)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(quotient, np.floor_divide(x, y))
        np.testing.assert_array_equal(remainder, np.mod(x, y))
        # Zeros carry NumPy's signs too.
        np.testing.assert_array_equal(np.signbit(quotient), np.signbit(np.floor_divide(x, y)))
        np.testing.assert_array_equal(np.signbit(remainder), np.signbit(np.mod(x, y)))


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64"])
def test_integer_edge_cases(dtype):
    """abs(INT_MIN) wraps and -INT_MIN too, as NumPy's; sgn of extremes."""
    x = T.vector(dtype=dtype)
    info = np.iinfo(dtype)
    value = np.array([info.min, info.min + 1, -1, 0, 1, info.max], dtype)
    absolute, negated, sign = tessera.function([x], [abs(x), -x, T.sgn(x)])(value)
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(absolute, np.abs(value))
        np.testing.assert_array_equal(negated, np.negative(value))
    np.testing.assert_array_equal(sign, np.sign(value))


def reference_erfinv(y):
    """erfinv by bisection on math.erf, in float64."""
    def invert(value):
        if not -1 < value < 1:
            return {1.0: np.inf, -1.0: -np.inf}.get(value, np.nan)
        low, high = -6.0, 6.0
        for _ in range(100):
            middle = (low + high) / 2
            low, high = (middle, high) if math.erf(middle) < value else (low, middle)
        return (low + high) / 2
    return np.vectorize(invert, otypes=[y.dtype])(np.asarray(y, np.float64))


def mpmath_reference(function):
    """A NumPy ufunc of an mpmath function, rounded to the input's dtype."""
    import mpmath

    def evaluate(x):
        try:
            return float(function(mpmath.mpf(float(x))))
        except (ValueError, ZeroDivisionError):  # mpmath raises at poles.
            return np.nan
    return lambda x: np.vectorize(evaluate, otypes=[np.float64])(x).astype(x.dtype)


UNARY = [
    ("neg", lambda x: -x, np.negative, NUMERIC + COMPLEXES),
    ("sqr", T.sqr, np.square, NUMERIC + COMPLEXES),
    ("exp", T.exp, np.exp, FLOATS + COMPLEXES),
    ("log", T.log, np.log, FLOATS + COMPLEXES),
    ("tanh", T.tanh, np.tanh, FLOATS),
    ("abs", abs, np.abs, NUMERIC),
    ("sgn", T.sgn, np.sign, NUMERIC),
    ("floor", T.floor, np.floor, FLOATS),
    ("ceil", T.ceil, np.ceil, FLOATS),
    ("trunc", T.trunc, np.trunc, FLOATS),
    ("round_half_to_even", T.round, np.round, FLOATS),
    ("round_half_away_from_zero", lambda x: T.round(x, "half_away_from_zero"),
     lambda x: np.sign(x) * np.floor(np.abs(x) + 0.5), FLOATS),
    ("sqrt", T.sqrt, np.sqrt, FLOATS + COMPLEXES),
    ("inv", T.inv, np.reciprocal, FLOATS),
    ("invert", lambda x: ~x, np.invert, INTS),
    ("exp2", T.exp2, np.exp2, FLOATS),
    ("expm1", T.expm1, np.expm1, FLOATS),
    ("log1p", T.log1p, np.log1p, FLOATS),
    ("log2", T.log2, np.log2, FLOATS),
    ("log10", T.log10, np.log10, FLOATS),
    ("sin", T.sin, np.sin, FLOATS),
    ("cos", T.cos, np.cos, FLOATS),
    ("tan", T.tan, np.tan, FLOATS),
    ("arcsin", T.arcsin, np.arcsin, FLOATS),
    ("arccos", T.arccos, np.arccos, FLOATS),
    ("arctan", T.arctan, np.arctan, FLOATS),
    ("sinh", T.sinh, np.sinh, FLOATS),
    ("cosh", T.cosh, np.cosh, FLOATS),
    ("arcsinh", T.arcsinh, np.arcsinh, FLOATS),
    ("arccosh", T.arccosh, np.arccosh, FLOATS),
    ("arctanh", T.arctanh, np.arctanh, FLOATS),
    ("erf", T.erf, lambda x: np.vectorize(math.erf, otypes=[x.dtype])(x), FLOATS),
    ("erfc", T.erfc, lambda x: np.vectorize(math.erfc, otypes=[x.dtype])(x), FLOATS),
    ("erfinv", T.erfinv, lambda y: reference_erfinv(y), FLOATS),
    ("erfcinv", T.erfcinv, lambda y: reference_erfinv(1 - y.astype(np.float64)).astype(y.dtype), FLOATS),
    ("gamma", T.gamma, lambda x: np.vectorize(math.gamma, otypes=[x.dtype])(x), FLOATS),
    ("gammaln", T.gammaln, lambda x: np.vectorize(math.lgamma, otypes=[x.dtype])(x), FLOATS),
    ("psi", T.psi, mpmath_reference(lambda v: __import__("mpmath").digamma(v)), FLOATS),
    ("tri_gamma", T.tri_gamma, mpmath_reference(lambda v: __import__("mpmath").polygamma(1, v)), FLOATS),
    ("isnan", T.isnan, np.isnan, FLOATS),
    ("isinf", T.isinf, np.isinf, FLOATS),
    ("sigmoid", T.nnet.sigmoid, lambda x: (1 / (1 + np.exp(-x.astype(np.float64)))).astype(x.dtype), FLOATS),
    ("softplus", T.nnet.softplus, lambda x: np.logaddexp(0, x.astype(np.float64)).astype(x.dtype), FLOATS),
    # Complex numbers (Theano's abs of a complex number is its modulus).
    ("real", T.real, np.real, COMPLEXES),
    ("imag", T.imag, np.imag, COMPLEXES),
    ("angle", T.angle, np.angle, COMPLEXES),
    ("conj", T.conj, np.conj, COMPLEXES),
    ("complex_abs", abs, np.abs, COMPLEXES),
    ("zero_grad", zero_grad, lambda x: x, NUMERIC),
    ("disconnected_grad", disconnected_grad, lambda x: x, NUMERIC),
]


# Where a function is defined (elsewhere both sides give NaN, which tests little).
DOMAINS = {"log": (0.1, 3), "log1p": (-0.9, 3), "log2": (0.1, 3), "log10": (0.1, 3),
           "arcsin": (-1, 1), "arccos": (-1, 1), "arctanh": (-0.99, 0.99), "arccosh": (1, 4),
           "erfinv": (-0.99, 0.99), "erfcinv": (0.01, 1.99),
           # Negative non-integers too, away from the poles.
           "gamma": (-4.3, 6.7), "gammaln": (-4.3, 30), "psi": (-4.3, 30), "tri_gamma": (-4.3, 30)}


@pytest.mark.parametrize("name,op,reference,dtype", [(n, o, r, d) for n, o, r, ds in UNARY for d in ds],
                         ids=[f"{u[0]}-{d}" for u in UNARY for d in u[3]])
def test_unary_ops(rng, name, op, reference, dtype):
    x = T.tensor3(dtype=dtype)
    low, high = DOMAINS.get(name, (-3, 3))
    value = data(rng, (3, 5, 7), dtype, low, high)
    with np.errstate(all="ignore"):  # sqrt of negatives: NaN, as Tessera gives.
        expected = reference(value)
    check(tessera.function([x], op(x))(value), expected)


@pytest.mark.parametrize("dtype,float_dtype", [("int8", "float32"), ("int16", "float32"),
                                               ("int32", "float64"), ("int64", "float64")])
def test_float_functions_of_integers(dtype, float_dtype):
    x = T.vector(dtype=dtype)
    assert T.exp(x).dtype == float_dtype
    result = tessera.function([x], T.exp(x))(np.arange(5, dtype=dtype))
    check(result, np.exp(np.arange(5)).astype(float_dtype))


def test_switch_with_broadcast_condition(rng):
    c, a, b = T.col(dtype="bool"), T.matrix(), T.matrix()
    f = tessera.function([c, a, b], T.switch(c, a, b))
    cond = np.array([[True], [False], [True]])
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    check(f(cond, x, y), np.where(cond, x, y))
    # A numeric condition is compared with zero.
    g = tessera.function([a, b], T.switch(a > 0, a, 0 * b))
    check(g(x, y), np.where(x > 0, x, 0.0))


@pytest.mark.parametrize("source,target", [("float64", "int32"), ("int32", "float32"), ("float32", "float64"),
                                           ("int64", "int8"), ("float64", "bool"), ("bool", "float64")])
def test_cast(rng, source, target):
    x = T.vector(dtype=source)
    value = data(rng, (19,), source) if source != "bool" else rng.integers(0, 2, 19).astype(bool)
    check(tessera.function([x], T.cast(x, target))(value), value.astype(target))
    check(tessera.function([x], x.astype(target))(value), value.astype(target))


@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (2, 0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_and_max(rng, dtype, axis, keepdims):
    x = T.tensor3(dtype=dtype)
    value = data(rng, (4, 3, 17), dtype)
    f = tessera.function([x], [T.sum(x, axis=axis, keepdims=keepdims), x.max(axis=axis, keepdims=keepdims)])
    total, largest = f(value)
    sum_dtype = "int64" if dtype.startswith("int") else dtype
    axis_ = tuple(sorted(a % 3 for a in axis)) if isinstance(axis, tuple) else axis
    check(total, np.sum(value, axis=axis_, keepdims=keepdims, dtype=sum_dtype))
    check(largest, np.max(value, axis=axis_, keepdims=keepdims))


def test_max_propagates_nan():
    x = T.vector()
    assert np.isnan(tessera.function([x], T.max(x))(np.array([1.0, np.nan, 3.0])))


@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize("lhs,rhs", [((33,), (33,)), ((17, 33), (33,)), ((33,), (33, 9)), ((17, 33), (33, 9))],
                         ids=["vv", "mv", "vm", "mm"])
def test_dot(rng, dtype, lhs, rhs):
    a = T.tensor(dtype, (False,) * len(lhs))
    b = T.tensor(dtype, (False,) * len(rhs))
    x, y = data(rng, lhs, dtype), data(rng, rhs, dtype)
    result = tessera.function([a, b], T.dot(a, b))(x, y)
    expected = np.dot(x, y)
    assert result.shape == expected.shape
    # Any summation order is within eps * sum(|x_i y_i|) of the exact result.
    bound = np.dot(np.abs(x).astype("float64"), np.abs(y).astype("float64"))
    eps = np.finfo(dtype).eps if dtype.startswith("float") else 0
    assert np.all(np.abs(result - expected) <= 4 * eps * bound)


def test_dot_with_a_scalar_multiplies():
    s, v = T.scalar(), T.vector()
    np.testing.assert_array_equal(tessera.function([s, v], T.dot(s, v))(2.0, [1.0, 2.0]), [2.0, 4.0])


def test_reshape_with_minus_one_and_dimshuffle():
    x = T.matrix()
    f = tessera.function([x], [x.reshape((3, -1)), x.reshape((-1,)), x.dimshuffle(1, "x", 0), x.T])
    value = np.arange(12.0).reshape(4, 3)
    reshaped, flat, shuffled, transposed = f(value)
    check(reshaped, value.reshape(3, -1))
    check(flat, value.reshape(-1))
    check(shuffled, value.T[:, None, :])
    check(transposed, value.T)
    assert x.dimshuffle(1, "x", 0).broadcastable == (False, True, False)


def test_dimshuffle_drops_a_broadcastable_dimension():
    r = T.row()
    f = tessera.function([r], r.dimshuffle(1))
    check(f(np.array([[1.0, 2.0]])), np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="drops dimension 0 of 'tensor<\\?x\\?xf64>', which is not a broadcastable"):
        T.matrix().dimshuffle(1)


def test_symbolic_shape_zeros_ones_alloc_and_arange():
    x = T.matrix()
    n = T.lscalar()
    f = tessera.function([x, n], [x.shape, x.shape[1], T.zeros(x.shape), T.ones((n, 2), dtype="int32"),
                                  T.alloc(np.float32(7), 2, n), T.arange(n), T.arange(1, n, 3)])
    shape, cols, zeros, ones, sevens, counting, stepped = f(np.ones((3, 4)), 5)
    check(shape, np.array([3, 4]))
    check(cols, np.array(4))
    check(zeros, np.zeros((3, 4)))
    check(ones, np.ones((5, 2), "int32"))
    check(sevens, np.full((2, 5), 7, np.float32))
    check(counting, np.arange(5))
    check(stepped, np.arange(1, 5, 3))
    check(T.zeros((2, 3)).eval(), np.zeros((2, 3)))
    check(T.arange(10).eval(), np.arange(10))
    check(T.arange(0.5, 3).eval(), np.arange(0.5, 3, dtype="float32"))
    check(T.arange(5, 0, -2).eval(), np.arange(5, 0, -2))


def test_empty_arrays(rng):
    a, b = T.matrices("a", "b")
    f = tessera.function([a, b], [T.exp(a) + b, T.sum(a, axis=0), T.dot(a.T, b)])
    x = np.zeros((0, 3))
    added, summed, product = f(x, x)
    check(added, x)
    check(summed, np.zeros(3))
    check(product, np.zeros((3, 3)))


def test_non_contiguous_inputs_and_odd_sizes(rng):
    a, b = T.matrices("a", "b")
    f = tessera.function([a, b], T.tanh(a) * b + a)
    base = rng.standard_normal((61, 47))
    for x, y in [(base[::2, 1::3], base[::2, ::3]), (base.T[:13, :7], base[:13, :7]), (base[::-1], base)]:
        check(f(x, y), np.tanh(x) * y + x)


def test_over_1e5_elements(rng):
    a, b = T.fmatrix(), T.frow()
    f = tessera.function([a, b], T.exp(a - b) / (1 + T.exp(a - b)))
    x = rng.standard_normal((331, 317)).astype("float32")
    y = rng.standard_normal((1, 317)).astype("float32")
    check(f(x, y), (np.exp(x - y) / (1 + np.exp(x - y))).astype("float32"))


# Ops whose node is not elementwise, each against NumPy:
# (dialect op, Tessera function of the inputs, NumPy reference, input (dtype, shape)s).
STRUCTURAL = [
    ("dot", T.dot, np.dot, [("float64", (5, 7)), ("float64", (7, 3))]),
    ("switch", T.switch, np.where, [("bool", (4, 6)), ("float32", (4, 6)), ("float32", (4, 6))]),
    ("cast", lambda x: T.cast(x, "int16"), lambda x: x.astype("int16"), [("float64", (9,))]),
    ("reshape", lambda x: x.reshape((3, -1)), lambda x: x.reshape((3, -1)), [("int32", (4, 6))]),
    ("dimshuffle", lambda x: x.dimshuffle(1, "x", 0), lambda x: x.T[:, None, :], [("float32", (2, 5))]),
    ("shape", lambda x: x.shape, lambda x: np.array(x.shape), [("float64", (3, 4, 5))]),
    ("shape_i", lambda x: x.shape[1], lambda x: np.array(x.shape[1]), [("float64", (3, 4, 5))]),
    ("alloc", lambda x, n: T.alloc(x, 2, n), lambda x, n: np.full((2, n), x), [("float64", ()), ("int64", ())]),
    ("arange", lambda n: T.arange(n), lambda n: np.arange(n), [("int64", ())]),
    ("grad", lambda x: T.grad(T.sum(x * x), x), lambda x: 2 * x, [("float64", (5,))]),
    ("grad_clip", lambda x: grad_clip(x, -1.0, 1.0), lambda x: x, [("float32", (4, 3))]),
    ("ifelse", lambda c, x, y: ifelse(c, x, y), lambda c, x, y: x if c else y,
     [("bool", ()), ("float64", (5,)), ("float64", (5,))]),
    ("scan", lambda x: tessera.scan(lambda row, acc: acc + row, sequences=x,
                                    outputs_info=T.zeros_like(x[0]))[0],
     lambda x: np.cumsum(x, axis=0), [("float32", (6, 4))]),
    ("clip", lambda x: T.clip(x, -1.0, 1.0), lambda x: np.clip(x, -1.0, 1.0), [("float64", (5, 7))]),
    ("softmax", T.nnet.softmax, lambda x: np.exp(x - x.max(-1, keepdims=True))
     / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True), [("float64", (5, 7))]),
    ("crossentropy_softmax_1hot", lambda x, y: T.nnet.crossentropy_softmax_1hot(x, y % 9),
     lambda x, y: np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1)) - (x[np.arange(len(y)), y % 9] - x.max(-1)),
     [("float64", (6, 9)), ("int8", (6,))]),
    ("crossentropy_categorical_1hot", lambda p, y: T.nnet.crossentropy_categorical_1hot(T.exp(p), y % 9),
     lambda p, y: -p[np.arange(len(y)), y % 9], [("float64", (6, 9)), ("int16", (6,))]),
    ("logsoftmax", T.nnet.logsoftmax, lambda x: x - x.max(-1, keepdims=True)
     - np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True)), [("float32", (4, 19))]),
    ("subtensor", lambda x: x[::-2, 1], lambda x: x[::-2, 1], [("int16", (5, 3))]),
    ("set_subtensor", lambda x, y: T.set_subtensor(x[1:, ::-1], y),
     lambda x, y: _written(x, (slice(1, None), slice(None, None, -1)), y), [("float32", (4, 3)), ("float32", (3, 3))]),
    ("inc_subtensor", lambda x, y: T.inc_subtensor(x[:, 2], y),
     lambda x, y: _written(x, (slice(None), 2), y, np.add), [("int32", (4, 3)), ("int32", (4,))]),
    ("advanced_subtensor", lambda x: x[[2, 0, 2]], lambda x: x[[2, 0, 2]], [("float64", (3, 4))]),
    ("advanced_set_subtensor", lambda x, y: T.set_subtensor(x[[0, 3, 0]], y),
     lambda x, y: _written(x, [0, 3, 0], y), [("float64", (4, 2)), ("float64", (3, 2))]),
    ("advanced_inc_subtensor", lambda x, y: T.inc_subtensor(x[:, [1, 1]], y),
     lambda x, y: _written(x, (slice(None), [1, 1]), y, np.add), [("float64", (3, 2)), ("float64", (3, 2))]),
    ("rebroadcast", lambda x: T.addbroadcast(x, 1), lambda x: x, [("float32", (4, 1))]),
    ("concatenate", lambda x, y: T.concatenate([x, y, x], axis=1), lambda x, y: np.concatenate([x, y, x], axis=1),
     [("int64", (3, 2)), ("int64", (3, 5))]),
    ("batched_dot", T.batched_dot, lambda a, b: np.einsum("bij,bjk->bik", a, b),
     [("float32", (4, 3, 5)), ("float32", (4, 5, 2))]),
    ("cumsum", lambda x: T.cumsum(x, axis=0), lambda x: np.cumsum(x, axis=0, dtype=x.dtype), [("int16", (5, 3))]),
    ("cumprod", lambda x: T.cumprod(x, axis=-1), lambda x: np.cumprod(x, axis=-1), [("float64", (4, 6))]),
    ("argsort", lambda x: T.argsort(x, 0), lambda x: np.argsort(x, 0, kind="stable"), [("float32", (6, 5))]),
    ("matrix_inverse", T.nlinalg.matrix_inverse, np.linalg.inv,
     [("float64", (4, 4))]),
    ("det", T.nlinalg.det, np.linalg.det, [("float64", (4, 4))]),
    ("cholesky", lambda a: T.slinalg.cholesky(T.dot(a, a.T)), lambda a: np.linalg.cholesky(a @ a.T),
     [("float64", (4, 4))]),
    ("solve", T.slinalg.solve, np.linalg.solve, [("float64", (4, 4)), ("float64", (4, 2))]),
    ("split", lambda x: T.split(x, [1, 3], 2, axis=1)[1], lambda x: x[:, 1:], [("int32", (3, 4))]),
    ("nonzero", lambda m: T.nonzero(m)[1], lambda m: np.nonzero(m)[1], [("bool", (5, 4))]),
]


def _written(x, key, y, accumulate=None):
    """NumPy's `x[key] = y`, or `np.add.at(x, key, y)`, on a copy."""
    x = x.copy()
    if accumulate is None:
        x[key] = y
    else:
        accumulate.at(x, key, np.broadcast_to(y, x[key].shape))
    return x


def sample(rng, dtype, shape):
    if dtype == "bool":
        return rng.integers(0, 2, shape).astype(bool)
    if shape == () and dtype.startswith("int"):
        return np.asarray(7, dtype=dtype)
    return data(rng, shape, dtype)


@pytest.mark.parametrize("name,op,reference,specs", STRUCTURAL, ids=[row[0] for row in STRUCTURAL])
def test_structural_ops(rng, name, op, reference, specs):
    inputs = [T.TensorType(dtype, [False] * len(shape))() for dtype, shape in specs]
    output = op(*inputs)
    assert output.owner.op.op_name == f"tessera.{name}"
    values = [sample(rng, dtype, shape) for dtype, shape in specs]
    check(tessera.function(inputs, output)(*values), reference(*values))


@pytest.mark.parametrize("target", ["int8", "int32", "int64", "bool"])
def test_cast_of_nan_inf_and_out_of_range_floats_is_defined_and_folds_alike(target):
    """NaN converts to 0, values beyond the range saturate (true for bool): the same
    at run time and when the dialect folds a cast of a constant."""
    values = [np.nan, np.inf, -np.inf, 1e30, -1e30, 300.7, -2.5]
    x = T.dscalar("x")
    computed = tessera.function([x], T.cast(x, target))
    for value in values:
        folded = tessera.function([], T.cast(T.constant(np.float64(value)), target))()
        run = computed(value)
        if target == "bool":
            expected = bool(value != 0)
        elif np.isnan(value):
            expected = 0
        else:
            info = np.iinfo(target)
            expected = info.max if value > 0 else info.min
            if np.isfinite(value) and info.min <= int(value) <= info.max:
                expected = int(value)
        assert run == folded == expected, (value, run, folded, expected)


def test_bitwise_ops_on_bools_and_their_refusal_of_floats():
    a, b = T.bvector("a") > 0, T.bvector("b") > 0
    f = tessera.function([a.owner.inputs[0], b.owner.inputs[0]], [a & b, a | b, a ^ b, ~a])
    x, y = np.int8([0, 1, 1, 0]), np.int8([0, 0, 1, 1])
    for got, want in zip(f(x, y), [x.astype(bool) & y.astype(bool), x.astype(bool) | y.astype(bool),
                                   x.astype(bool) ^ y.astype(bool), ~x.astype(bool)]):
        check(got, want)
    with pytest.raises(TypeError, match="takes bools and integers"):
        T.dvector() & T.dvector()


def test_special_values_of_rounding_signs_and_classification():
    x = T.dvector("x")
    value = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 2.5, -2.5, 0.5])
    f = tessera.function([x], [T.sgn(x), T.round(x), T.isnan(x), T.isinf(x), abs(x), T.clip(x, -1, 1)])
    expected = [np.sign(value), np.round(value), np.isnan(value), np.isinf(value), np.abs(value),
                np.clip(value, -1, 1)]
    for got, want in zip(f(value), expected):
        np.testing.assert_array_equal(got, want)
    i = T.lvector("i")
    extreme = np.array([np.iinfo(np.int64).min, -1, 0], np.int64)
    np.testing.assert_array_equal(tessera.function([i], abs(i))(extreme), np.abs(extreme))


@pytest.mark.parametrize("equal_nan", [False, True])
def test_isclose_and_allclose_as_numpy(equal_nan):
    a, b = T.dvectors("a", "b")
    f = tessera.function([a, b], [T.isclose(a, b, equal_nan=equal_nan), T.allclose(a, b, equal_nan=equal_nan),
                                  T.isclose(a, b, rtol=0.1, atol=0.0)])
    x = np.array([1.0, 1.0, np.inf, np.inf, np.nan, 0.0, 1e-9])
    y = np.array([1.0 + 1e-6, 1.1, np.inf, -np.inf, np.nan, 1e-9, 0.0])
    close, every, loose = f(x, y)
    np.testing.assert_array_equal(close, np.isclose(x, y, equal_nan=equal_nan))
    assert bool(every) == np.allclose(x, y, equal_nan=equal_nan)
    np.testing.assert_array_equal(loose, np.isclose(x, y, rtol=0.1, atol=0.0))
    assert bool(tessera.function([a, b], T.allclose(a, b))(x[:2], x[:2]))


# Inputs of every layout: empty, strided, reversed, a size that is no multiple
# of the vector width, and over 1e5 elements (one compiled function each).
def layouts(rng, dtype, low, high):
    base = data(rng, (2 * 100_003 + 2,), dtype, low, high)
    return {"empty": base[:0], "odd": base[:37], "strided": base[: 2 * 37 : 2], "reversed": base[36::-1],
            "large": base[:100_003], "large-strided": base[::2]}


SPECIAL_FUNCTIONS = {"gamma", "gammaln", "psi", "tri_gamma", "erfinv", "erfcinv"}


@pytest.mark.parametrize("name,op,reference,dtype", [(n, o, r, d) for n, o, r, ds in UNARY for d in ds],
                         ids=[f"{u[0]}-{d}" for u in UNARY for d in u[3]])
def test_unary_ops_on_every_layout(rng, name, op, reference, dtype):
    x = T.vector(dtype=dtype)
    f = tessera.function([x], op(x))
    low, high = DOMAINS.get(name, (-3, 3))
    for layout, value in layouts(rng, dtype, low, high).items():
        if name in SPECIAL_FUNCTIONS and value.size > 1000:
            value = value[:: value.size // 1000]  # the Python references are slow; still strided
        with np.errstate(all="ignore"):
            expected = reference(value)
        result = f(value)
        assert result.shape == value.shape, layout
        check(result, expected)


@pytest.mark.parametrize("name,op,reference,nonzero,dtype",
                         [(n, o, r, z, d) for n, o, r, ds, z in BINARY for d in ds],
                         ids=[f"{b[0]}-{d}" for b in BINARY for d in b[3]])
def test_binary_ops_on_every_layout(rng, name, op, reference, nonzero, dtype):
    a, b = T.vector(dtype=dtype), T.vector(dtype=dtype)
    f = tessera.function([a, b], op(a, b))
    lhs = layouts(rng, dtype, -5, 5)
    rhs = layouts(rng, dtype, -5, 5)
    for layout in lhs:
        x, y = lhs[layout], rhs[layout]
        if nonzero:
            y = np.where(y == 0, np.ones_like(y), y)
        with np.errstate(all="ignore"):
            expected = reference(x, y)
        if name == "true_div" and dtype.startswith("int"):
            expected = expected.astype("float64")
        check(f(x, y), expected)


def test_functions_of_real_numbers_as_complex_ones():
    x = T.dvector()
    value = np.array([-2.0, 0.0, 3.0])
    real, imag, conj, angle = tessera.function([x], [T.real(x), T.imag(x), T.conj(x), T.angle(x)])(value)
    check(real, value)
    check(imag, np.zeros(3))
    check(conj, value)
    check(angle, np.angle(value))


@pytest.mark.parametrize("dtype", COMPLEXES)
def test_complex_reductions_dot_and_constants(rng, dtype):
    m = T.matrix(dtype=dtype)
    value = data(rng, (3, 5), dtype)
    f = tessera.function([m], [T.sum(m, axis=0), T.prod(m, axis=1), T.mean(m), T.dot(m, m.T), m * 2 + 1j,
                               T.dot(T.sum(m, axis=0), T.sum(m, axis=0))])
    total, product, mean, gram, affine, inner = f(value)
    check(total, value.sum(axis=0))
    check(product, value.prod(axis=1))
    check(mean, np.asarray(value.mean()))
    np.testing.assert_allclose(gram, value @ value.T, rtol=1e-5)
    check(affine, (value * 2 + 1j).astype(dtype))
    np.testing.assert_allclose(inner, np.dot(value.sum(0), value.sum(0)), rtol=1e-5)


def test_complex_upcasting_follows_numpy():
    assert (T.cvector() + T.fvector()).dtype == "complex64"
    assert (T.cvector() + T.dvector()).dtype == "complex128"
    assert (T.cvector() + T.ivector()).dtype == "complex128"
    assert (T.cvector() + T.bvector()).dtype == "complex64"
    assert T.constant(1j).dtype == "complex64"
    assert T.constant(0.1j).dtype == "complex128"
    assert abs(T.zvector()).dtype == "float64"


def test_complex_shared_variables_and_updates():
    state = tessera.shared(np.array([1 + 1j, 2 - 1j], dtype=np.complex64))
    step = tessera.function([], state * 2, updates=[(state, state * 1j)])
    np.testing.assert_array_equal(step(), [2 + 2j, 4 - 2j])
    np.testing.assert_array_equal(state.get_value(), [-1 + 1j, 1 + 2j])


@pytest.mark.parametrize("build", [T.sin, T.floor, T.erf, lambda z: z < z, lambda z: z // z, lambda z: z % z,
                                   T.max, T.argmax, lambda z: T.maximum(z, z), lambda z: T.cast(z, "float64")],
                         ids=["sin", "floor", "erf", "lt", "int_div", "mod", "max", "argmax", "maximum", "cast"])
def test_ops_theano_defines_on_reals_raise_type_error_on_complex(build):
    with pytest.raises(TypeError, match="complex"):
        build(T.cvector())


def test_no_gradient_through_complex_numbers():
    z, x = T.cvector(), T.dvector()
    with pytest.raises(TypeError, match="complex"):
        T.grad(T.sum(T.real(z)), z)
    with pytest.raises(tessera.CompileError, match="does not differentiate through complex"):
        tessera.function([x], T.grad(T.sum(T.real(T.complex(x, x))), x))
