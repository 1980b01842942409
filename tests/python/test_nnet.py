"""`T.nnet`: activations and losses against NumPy references written from
their definitions (Theano 1.0's formulas), stability at large magnitudes, and
gradients by `verify_grad`."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import verify_grad

FLOATS = ["float32", "float64"]
RTOL = {"float32": 1e-5, "float64": 1e-12}


def stable_sigmoid(x):
    x = np.asarray(x, np.float64)
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


def ultra_fast_sigmoid_reference(x):
    half = 0.5 * np.asarray(x, np.float64)
    z = np.abs(half)
    magnitude = np.where(z < 1.7, 1.5 * z / (1 + z),
                         np.where(z < 3, 0.935409070603099 + 0.0458812946797165 * (z - 1.7), 0.99505475368673))
    return 0.5 * (np.sign(half) * magnitude + 1)


ACTIVATIONS = [
    ("relu", T.nnet.relu, lambda x: np.maximum(x, 0)),
    ("relu-alpha", lambda x: T.nnet.relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    ("elu", T.nnet.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("elu-alpha", lambda x: T.nnet.elu(x, 0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    ("selu", T.nnet.selu, lambda x: 1.0507009873554804934 * np.where(x > 0, x, 1.6732632423543772848 * np.expm1(x))),
    ("softsign", T.nnet.softsign, lambda x: x / (1 + np.abs(x))),
    ("hard_sigmoid", T.nnet.hard_sigmoid, lambda x: np.clip(0.2 * x + 0.5, 0, 1)),
    ("ultra_fast_sigmoid", T.nnet.ultra_fast_sigmoid, ultra_fast_sigmoid_reference),
    ("sigmoid", T.nnet.sigmoid, stable_sigmoid),
    ("softplus", T.nnet.softplus, lambda x: np.logaddexp(0, x)),
]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name,activation,reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_against_its_definition(rng, name, activation, reference, dtype):
    x = T.matrix(dtype=dtype)
    f = tessera.function([x], activation(x))
    value = rng.uniform(-8, 8, (7, 37)).astype(dtype)
    value[0, :5] = [0, -0.0, 1e-3, -1e-3, 3]
    result = f(value)
    assert result.dtype == dtype
    np.testing.assert_allclose(result, reference(value.astype(np.float64)).astype(dtype), rtol=RTOL[dtype] * 4,
                               atol=1e-6 if dtype == "float32" else 1e-13)


@pytest.mark.parametrize("name,activation,reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_gradient(rng, name, activation, reference):
    # Away from the kinks, where central differences are meaningful.
    point = rng.uniform(-4, 4, (3, 5))
    point[np.abs(point) < 0.05] = 0.5
    point[np.abs(np.abs(point) - 2.5) < 0.05] = 1.0   # hard_sigmoid's corners
    point[np.abs(np.abs(point) - 3.4) < 0.05] = 1.0   # ultra_fast_sigmoid's pieces
    point[np.abs(np.abs(point) - 6.0) < 0.05] = 1.0
    verify_grad(activation, [point], rng=rng)


def test_relu_gradient_at_zero_is_theanos():
    x = T.dvector()
    g = tessera.function([x], T.grad(T.sum(T.nnet.relu(x)), x))
    np.testing.assert_array_equal(g(np.array([-1.0, 0.0, 2.0])), [0.0, 0.5, 1.0])


def test_relu_with_a_symbolic_alpha():
    x, alpha = T.dvector(), T.dscalar()
    f = tessera.function([x, alpha], T.nnet.relu(x, alpha))
    np.testing.assert_allclose(f(np.array([-2.0, 3.0]), 0.25), [-0.5, 3.0])


def test_ultra_fast_sigmoid_is_within_its_documented_error(rng):
    """Theano's formula is at most 0.0277 from the sigmoid (near |x| = 0.54)
    and never reaches 0 or 1."""
    x = T.dvector()
    value = np.linspace(-40, 40, 20001)
    result = tessera.function([x], T.nnet.ultra_fast_sigmoid(x))(value)
    assert np.max(np.abs(result - stable_sigmoid(value))) < 0.0277
    assert result.min() == pytest.approx(0.00247262315663) and result.max() == pytest.approx(0.997527376843)


@pytest.mark.parametrize("dtype", FLOATS)
def test_sigmoid_and_softplus_are_stable_at_large_magnitudes(dtype):
    x = T.vector(dtype=dtype)
    f = tessera.function([x], [T.nnet.sigmoid(x), T.nnet.softplus(x), T.grad(T.sum(T.nnet.softplus(x)), x)])
    value = np.array([-1000, -100, -30, 0, 30, 100, 1000], dtype)
    sigmoid, softplus, gradient = f(value)
    reference = stable_sigmoid(value)
    tiny = np.finfo(dtype).tiny  # below it, denormals' own precision
    np.testing.assert_allclose(sigmoid, reference.astype(dtype), rtol=RTOL[dtype] * 4, atol=tiny)
    np.testing.assert_allclose(softplus, np.logaddexp(0, value.astype(np.float64)).astype(dtype),
                               rtol=RTOL[dtype] * 4, atol=0)
    np.testing.assert_allclose(gradient, reference.astype(dtype), rtol=RTOL[dtype] * 4, atol=tiny)
    assert sigmoid[0] == 0 and sigmoid[1] > 0 and sigmoid[-1] == 1


@pytest.mark.parametrize("dtype", FLOATS)
def test_binary_crossentropy_of_a_sigmoid_is_stable(dtype):
    x, t = T.vector(dtype=dtype), T.vector(dtype=dtype)
    loss = T.nnet.binary_crossentropy(T.nnet.sigmoid(x), t)
    assert loss.owner.op.op_name == "tessera.sigmoid_binary_crossentropy"
    f = tessera.function([x, t], [loss, T.grad(T.sum(loss), x)])
    value = np.array([-1000, -20, -1, 0, 1, 20, 1000], dtype)
    target = np.array([1, 0, 1, 0.5, 0, 1, 0], dtype)
    values, gradient = f(value, target)
    wide = value.astype(np.float64)
    expected = np.maximum(wide, 0) - wide * target + np.log1p(np.exp(-np.abs(wide)))
    np.testing.assert_allclose(values, expected.astype(dtype), rtol=RTOL[dtype] * 4)
    np.testing.assert_allclose(gradient, (stable_sigmoid(wide) - target).astype(dtype), rtol=RTOL[dtype] * 4,
                               atol=1e-7)
    assert np.isfinite(values).all() and np.isfinite(gradient).all()


def test_binary_crossentropy_of_probabilities(rng):
    p, t = T.dvectors("p", "t")
    f = tessera.function([p, t], T.nnet.binary_crossentropy(p, t))
    output, target = rng.uniform(0.01, 0.99, 9), rng.uniform(0, 1, 9)
    np.testing.assert_allclose(f(output, target), -(target * np.log(output) + (1 - target) * np.log(1 - output)),
                               rtol=1e-13)
    verify_grad(T.nnet.binary_crossentropy, [output, target], rng=rng)


def test_nnet_is_reachable_as_theano_names():
    import tessera.compat.theano  # noqa: F401
    import theano.tensor as TT

    assert TT.nnet.sigmoid is T.nnet.sigmoid
    assert T.nnet.sigmoid(T.dvector()).owner.op.op_name == "tessera.sigmoid"
