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


def softmax_reference(x, axis=-1):
    x = np.asarray(x, np.float64)
    shifted = np.exp(x - x.max(axis, keepdims=True, initial=-np.inf))
    return shifted / shifted.sum(axis, keepdims=True)


def logsoftmax_reference(x, axis=-1):
    x = np.asarray(x, np.float64)
    shifted = x - x.max(axis, keepdims=True, initial=-np.inf)
    with np.errstate(divide="ignore"):  # log(0) of empty axes, whose results are empty
        return shifted - np.log(np.exp(shifted).sum(axis, keepdims=True))


NORMALIZATIONS = [("softmax", T.nnet.softmax, softmax_reference),
                  ("logsoftmax", T.nnet.logsoftmax, logsoftmax_reference)]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name,op,reference", NORMALIZATIONS, ids=[n[0] for n in NORMALIZATIONS])
@pytest.mark.parametrize("shape,axis", [((5, 37), -1), ((5, 37), 0), ((3, 4, 17), 1), ((33,), 0), ((0, 5), -1),
                                        ((4, 0), -1), ((2, 100_003), -1)],
                         ids=["rows", "columns", "middle", "vector", "no-rows", "empty-rows", "large"])
def test_normalization_against_numpy(rng, name, op, reference, dtype, shape, axis):
    x = T.TensorType(dtype, [False] * len(shape))()
    f = tessera.function([x], op(x, axis=axis))
    value = rng.uniform(-5, 5, shape).astype(dtype)
    result = f(value)
    assert result.dtype == dtype and result.shape == shape
    np.testing.assert_allclose(result, reference(value, axis).astype(dtype), rtol=RTOL[dtype] * 8, atol=1e-6)


@pytest.mark.parametrize("name,op,reference", NORMALIZATIONS, ids=[n[0] for n in NORMALIZATIONS])
def test_normalization_of_strided_and_reversed_inputs(rng, name, op, reference):
    x = T.dmatrix()
    f = tessera.function([x], op(x))
    value = rng.uniform(-5, 5, (6, 40))
    for view in (value[::2, ::3], value[::-1, ::-1], value.T):
        np.testing.assert_allclose(f(view), reference(view), rtol=1e-12)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name,op,reference", NORMALIZATIONS, ids=[n[0] for n in NORMALIZATIONS])
def test_normalization_is_stable_near_plus_minus_1000(dtype, name, op, reference):
    x = T.matrix(dtype=dtype)
    weights = np.arange(1, 5, dtype=dtype)
    f = tessera.function([x], [op(x), T.grad(T.sum(op(x) * weights), x)])
    value = np.array([[1000, 999, -1000, 0], [-1000, -1001, -999.5, -1000], [0, 0, 0, 0]], dtype)
    result, gradient = f(value)
    expected = reference(value)
    np.testing.assert_allclose(result, expected.astype(dtype), rtol=RTOL[dtype] * 8, atol=1e-30)
    # The stable gradients: softmax's y (w - sum(w y)); log-softmax's w - softmax sum(w).
    y = softmax_reference(value)
    expected_gradient = y * (weights - (weights * y).sum(-1, keepdims=True)) if name == "softmax" \
        else weights - y * weights.sum()
    assert np.isfinite(result).all() and np.isfinite(gradient).all()
    np.testing.assert_allclose(gradient, expected_gradient.astype(dtype), rtol=RTOL[dtype] * 8, atol=1e-6)


@pytest.mark.parametrize("name,op,reference", NORMALIZATIONS, ids=[n[0] for n in NORMALIZATIONS])
@pytest.mark.parametrize("axis", [-1, 0])
def test_normalization_gradient(rng, name, op, reference, axis):
    verify_grad(lambda x: op(x, axis=axis) * np.arange(12.0).reshape(3, 4), [rng.uniform(-2, 2, (3, 4))], rng=rng)


def test_normalization_errors():
    with pytest.raises(ValueError, match="at least one dimension"):
        T.nnet.softmax(T.dscalar())
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        T.nnet.logsoftmax(T.dmatrix(), axis=2)


@pytest.mark.parametrize("dtype", FLOATS)
def test_categorical_crossentropy_of_probabilities(rng, dtype):
    p, t = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    f = tessera.function([p, t], T.nnet.categorical_crossentropy(p, t))
    probabilities = softmax_reference(rng.uniform(-2, 2, (6, 5))).astype(dtype)
    targets = softmax_reference(rng.uniform(-2, 2, (6, 5))).astype(dtype)
    expected = -(targets.astype(np.float64) * np.log(probabilities.astype(np.float64))).sum(-1)
    np.testing.assert_allclose(f(probabilities, targets), expected.astype(dtype), rtol=RTOL[dtype] * 8)


@pytest.mark.parametrize("dtype", FLOATS)
def test_categorical_crossentropy_of_a_softmax_is_stable_near_plus_minus_1000(dtype):
    x, t = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    loss = T.nnet.categorical_crossentropy(T.nnet.softmax(x), t)
    f = tessera.function([x, t], [loss, T.grad(T.sum(loss), x)])
    value = np.array([[1000, -1000, 0], [-1000, -999, -1001], [3, 1, 2]], dtype)
    targets = np.array([[0, 1, 0], [1, 0, 0], [0.2, 0.5, 0.3]], dtype)
    losses, gradient = f(value, targets)
    expected = -(targets * logsoftmax_reference(value)).sum(-1)
    assert np.isfinite(losses).all() and np.isfinite(gradient).all()
    np.testing.assert_allclose(losses, expected.astype(dtype), rtol=RTOL[dtype] * 8)
    y = softmax_reference(value)
    np.testing.assert_allclose(gradient, (y * targets.sum(-1, keepdims=True) - targets).astype(dtype),
                               rtol=RTOL[dtype] * 8, atol=1e-7)


def test_categorical_crossentropy_gradient(rng):
    verify_grad(lambda x, t: T.nnet.categorical_crossentropy(T.nnet.softmax(x), t),
                [rng.uniform(-2, 2, (3, 4)), rng.uniform(0, 1, (3, 4))], rng=rng)
    verify_grad(T.nnet.categorical_crossentropy, [rng.uniform(0.1, 1, (3, 4)), rng.uniform(0, 1, (3, 4))], rng=rng)


@pytest.mark.parametrize("dtype", FLOATS)
def test_categorical_crossentropy_of_probabilities_against_labels(rng, dtype):
    p, y = T.matrix(dtype=dtype), T.ivector()
    loss = T.nnet.categorical_crossentropy(p, y)
    assert loss.owner.op.op_name == "tessera.crossentropy_categorical_1hot"
    f = tessera.function([p, y], [loss, T.grad(T.sum(loss * np.arange(1.0, 6.0).astype(dtype)), p)])
    probabilities = softmax_reference(rng.uniform(-2, 2, (5, 7))).astype(dtype)
    labels = np.array([0, 6, 3, 3, 1], np.int32)
    losses, gradient = f(probabilities, labels)
    rows = np.arange(5)
    np.testing.assert_allclose(losses, -np.log(probabilities[rows, labels]), rtol=RTOL[dtype] * 8)
    expected = np.zeros_like(probabilities)
    expected[rows, labels] = -np.arange(1.0, 6.0) / probabilities[rows, labels]
    np.testing.assert_allclose(gradient, expected, rtol=RTOL[dtype] * 8)


def test_categorical_crossentropy_of_probabilities_against_labels_gradient(rng):
    labels = np.array([2, 0, 3])
    verify_grad(lambda p: T.nnet.crossentropy_categorical_1hot(p, labels), [rng.uniform(0.1, 1, (3, 4))], rng=rng)


def test_categorical_crossentropy_label_out_of_range():
    p, y = T.dmatrix(), T.lvector()
    f = tessera.function([p, y], T.nnet.categorical_crossentropy(p, y))
    with pytest.raises(IndexError, match="label 4 is out of range for 4 classes"):
        f(np.full((2, 4), 0.25), np.array([4, 0]))


def onehot_loss_reference(x, labels):
    return -logsoftmax_reference(x)[np.arange(len(labels)), labels]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("label_dtype", ["int32", "int64"])
def test_softmax_crossentropy_against_labels_is_one_stable_op(dtype, label_dtype):
    x, y = T.matrix(dtype=dtype), T.vector(dtype=label_dtype)
    loss = T.nnet.categorical_crossentropy(T.nnet.softmax(x), y)
    assert loss.owner.op.op_name == "tessera.crossentropy_softmax_1hot"
    f = tessera.function([x, y], [loss, T.grad(T.mean(loss), x)])
    value = np.array([[1000, -1000, 0, 999], [-1000, -999, -1001, -1000], [3, 1, 2, 0], [0, 0, 0, 0]], dtype)
    labels = np.array([1, 0, 3, 2], label_dtype)
    losses, gradient = f(value, labels)
    assert np.isfinite(losses).all() and np.isfinite(gradient).all()
    np.testing.assert_allclose(losses, onehot_loss_reference(value, labels).astype(dtype), rtol=RTOL[dtype] * 8)
    expected = softmax_reference(value)
    expected[np.arange(4), labels] -= 1
    np.testing.assert_allclose(gradient, (expected / 4).astype(dtype), rtol=RTOL[dtype] * 8, atol=1e-7)


@pytest.mark.parametrize("shape", [(0, 5), (7, 1), (3, 4, 6), (1, 1000)], ids=["no-rows", "one-class", "rank-3", "wide"])
def test_softmax_crossentropy_shapes(rng, shape):
    x = T.TensorType("float64", [False] * len(shape))()
    y = T.TensorType("int64", [False] * (len(shape) - 1))()
    f = tessera.function([x, y], T.nnet.crossentropy_softmax_1hot(x, y))
    value = rng.uniform(-5, 5, shape)
    labels = rng.integers(0, shape[-1], shape[:-1])
    flat = value.reshape(-1, shape[-1])
    expected = onehot_loss_reference(flat, labels.reshape(-1)).reshape(shape[:-1])
    np.testing.assert_allclose(f(value, labels), expected, rtol=1e-12)


def test_softmax_crossentropy_gradient(rng):
    labels = np.array([2, 0, 3])
    verify_grad(lambda x: T.nnet.crossentropy_softmax_1hot(x, labels) * np.arange(1.0, 4.0),
                [rng.uniform(-2, 2, (3, 4))], rng=rng)


def test_softmax_crossentropy_gradient_has_no_second_order():
    x, y = T.dmatrix(), T.lvector()
    g = T.grad(T.sum(T.nnet.crossentropy_softmax_1hot(x, y)), x)
    with pytest.raises(Exception, match="has no derivative rule"):
        tessera.function([x, y], T.grad(T.sum(g * g), x))


@pytest.mark.parametrize("labels", [[0, 3], [-1, 0]], ids=["too-large", "negative"])
def test_label_out_of_range_is_an_index_error(labels):
    x, y = T.dmatrix(), T.lvector()
    f = tessera.function([x, y], T.nnet.crossentropy_softmax_1hot(x, y))
    bad = labels[0] if labels[0] < 0 else labels[1]
    with pytest.raises(IndexError, match=f"label {bad} is out of range for 3 classes"):
        f(np.zeros((2, 3)), np.array(labels))


def test_rows_and_labels_must_agree():
    x, y = T.dmatrix(), T.lvector()
    f = tessera.function([x, y], T.nnet.crossentropy_softmax_1hot(x, y))
    with pytest.raises(ValueError, match="labels"):
        f(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="one label per row"):
        T.nnet.crossentropy_softmax_1hot(T.dmatrix(), T.lmatrix())
    with pytest.raises(TypeError, match="integer labels"):
        T.nnet.crossentropy_softmax_1hot(T.dmatrix(), T.dvector())


def test_names_of_later_issues_raise_not_implemented_error():
    with pytest.raises(NotImplementedError, match="conv2d"):
        T.nnet.conv2d
    with pytest.raises(NotImplementedError, match="signal"):
        T.signal
    with pytest.raises(AttributeError):
        T.nnet.no_such_activation
