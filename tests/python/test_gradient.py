"""`grad` against numeric gradients (central differences in float64), for each
op's derivative rule, with broadcasting, size-1 dimensions, higher orders and
Theano's errors."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import DisconnectedInputError


def numeric_gradient(f, values, index, eps=1e-6):
    """d f(values) / d values[index] by central differences."""
    point = [np.array(v, dtype=np.float64) for v in values]
    grad = np.zeros_like(point[index])
    flat = point[index].reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + eps
        high = f(*point)
        flat[i] = saved - eps
        low = f(*point)
        flat[i] = saved
        grad.reshape(-1)[i] = (high - low) / (2 * eps)
    return grad


def check_gradients(build, values, rtol=1e-6, atol=1e-7, eps=1e-6):
    """Compares T.grad of the scalar `build(*inputs)` with numeric gradients."""
    inputs = [T.TensorType("float64", [s == 1 for s in np.shape(v)])() for v in values]
    cost = build(*inputs)
    gradients = T.grad(cost, inputs)
    evaluate = tessera.function(inputs, cost)
    computed = tessera.function(inputs, gradients)(*values)
    for index, got in enumerate(computed):
        expected = numeric_gradient(lambda *v: float(evaluate(*v)), values, index, eps)
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=f"input {index}")


RULES = [
    ("add", lambda a, b: T.sum(a + b * 2.0), [(3, 4), (1, 4)]),
    ("sub", lambda a, b: T.sum(T.sqr(a - b)), [(3, 4), (3, 1)]),
    ("mul", lambda a, b, c: T.sum(a * b * c), [(2, 3), (2, 3), (1, 3)]),
    ("true_div", lambda a, b: T.sum(a / b), [(3, 2), (3, 2)]),
    ("pow", lambda a, b: T.sum(a ** b), [(4,), (4,)]),
    ("neg", lambda a: T.sum(-a * a), [(5,)]),
    ("sqr", lambda a: T.sum(T.sqr(a)), [(2, 2)]),
    ("exp", lambda a: T.sum(T.exp(a)), [(3,)]),
    ("log", lambda a: T.sum(T.log(a)), [(3, 2)]),
    ("tanh", lambda a: T.sum(T.tanh(a)), [(4, 1)]),
    ("switch", lambda a, b: T.sum(T.switch(a > b, a * a, b)), [(6,), (6,)]),
    ("cast", lambda a: T.sum(T.cast(a, "float32") * 2), [(3,)], {"eps": 1e-2, "rtol": 1e-4}),
    ("mod", lambda a, b: T.sum(a % b), [(4,), (4,)]),
    ("dot-vv", lambda a, b: T.dot(a, b), [(5,), (5,)]),
    ("dot-mv", lambda a, b: T.sum(T.dot(a, b) ** 2), [(3, 4), (4,)]),
    ("dot-vm", lambda a, b: T.sum(T.tanh(T.dot(a, b))), [(4,), (4, 2)]),
    ("dot-mm", lambda a, b: T.sum(T.dot(a, b) * T.dot(a, b)), [(2, 3), (3, 4)]),
    ("sum", lambda a: T.sum(T.sum(a, axis=1) ** 2), [(3, 4)]),
    ("sum-keepdims", lambda a: T.sum(a / T.sum(a, axis=0, keepdims=True)), [(3, 2)]),
    ("max", lambda a: T.sum(T.max(a, axis=0) * 3), [(4, 3)]),
    ("min", lambda a: T.min(a) * 2, [(5,)]),
    ("max_and_argmax", lambda a: T.sum(T.max_and_argmax(a, axis=1)[0]), [(3, 4)]),
    ("mean", lambda a: T.mean(a * a), [(3, 5)]),
    ("var", lambda a: T.var(a, axis=0).sum(), [(4, 3)]),
    ("reshape", lambda a: T.sum(a.reshape((2, 6)) * np.arange(12.0).reshape(2, 6)), [(3, 4)]),
    ("dimshuffle", lambda a: T.sum(a.dimshuffle(1, "x", 0) * np.arange(6.0).reshape(3, 1, 2)), [(2, 3)]),
    ("alloc", lambda a: T.sum(T.alloc(a, 3, 2) * np.arange(6.0).reshape(3, 2)), [()]),
    ("arange", lambda a: T.sum(T.arange(a, 10.0, 1.5) ** 2), [()]),
]


@pytest.mark.parametrize("name,build,shapes,options", [(*r, {})[:4] for r in RULES],
                         ids=[r[0] for r in RULES])
def test_derivative_rule(rng, name, build, shapes, options):
    values = [rng.uniform(0.5, 2.0, size=shape) for shape in shapes]
    check_gradients(build, values, **options)


def test_pow_gradient_at_a_zero_base_is_finite():
    x, y = T.dvectors("x", "y")
    gx, gy = T.grad(T.sum(x ** y), [x, y])
    got = tessera.function([x, y], [gx, gy])(np.array([0.0, 0.0]), np.array([2.0, 3.0]))
    np.testing.assert_array_equal(got[0], [0.0, 0.0])
    np.testing.assert_array_equal(got[1], [0.0, 0.0])


def test_higher_orders_equal_the_analytic_derivatives():
    x = T.dscalar("x")
    second = T.grad(T.grad(x ** 4 + T.exp(x), x), x)
    third = T.grad(second, x)
    f = tessera.function([x], [second, third])
    for value in [-1.5, 0.3, 2.0]:
        got = f(value)
        np.testing.assert_allclose(got[0], 12 * value ** 2 + np.exp(value), rtol=1e-12)
        np.testing.assert_allclose(got[1], 24 * value + np.exp(value), rtol=1e-12)


def test_gradient_of_a_linear_function_is_its_constant():
    x = T.dscalar("x")
    f = tessera.function([x], T.grad(2 * x, x))
    assert [float(f(v)) for v in (-3.0, 0.0, 7.5)] == [2.0, 2.0, 2.0]


def test_gradients_in_updates_train_the_minimal_example():
    """W = [0.2, 0.7], x = [1, 1], y = sum(x*W), cost (20 - y)^2, step 0.1."""
    W = tessera.shared(np.array([0.2, 0.7]), name="W")
    x = T.dvector("x")
    cost = (20 - T.sum(x * W)) ** 2
    train = tessera.function([x], cost, updates=[(W, W - 0.1 * T.grad(cost, W))])
    w, costs = np.array([0.2, 0.7]), []
    for _ in range(10):
        got = train([1.0, 1.0])
        y = w.sum()
        costs.append((20 - y) ** 2)
        w = w - 0.1 * (-2 * (20 - y)) * np.ones(2)
        np.testing.assert_allclose(got, costs[-1], rtol=1e-12)
    np.testing.assert_allclose(W.get_value(), w, rtol=1e-12)


def test_non_scalar_cost_is_a_type_error():
    x = T.dvector("x")
    with pytest.raises(TypeError, match=r"grad\(\) at .*test_gradient.py:\d+: the cost must be a scalar"):
        T.grad(x * 2, x)


def test_disconnected_inputs_raise_warn_or_give_zeros():
    x, y = T.dvectors("x", "y")
    cost = T.sum(x * 2)
    with pytest.raises(DisconnectedInputError, match=r"does not depend on wrt\[1\] \(y"):
        T.grad(cost, [x, y])
    assert issubclass(DisconnectedInputError, ValueError)
    with pytest.warns(UserWarning, match="does not depend on"):
        gx, gy = T.grad(cost, [x, y], disconnected_inputs="warn")
    gx, gy = T.grad(cost, [x, y], disconnected_inputs="ignore")
    got = tessera.function([x, y], [gx, gy])(np.ones(3), np.ones(4))
    np.testing.assert_array_equal(got[0], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(got[1], np.zeros(4))
    assert T.grad(cost, [y], disconnected_inputs="ignore", return_disconnected="None") == [None]


def test_integer_wrt_gets_float_zeros():
    i = T.ivector("i")
    x = T.dvector("x")
    gi = T.grad(T.sum(x * i), i)
    assert gi.dtype == tessera.config.floatX
    f = tessera.function([x, i], gi, on_unused_input="ignore")
    np.testing.assert_array_equal(f(np.ones(2), np.int32([3, 4])), [0.0, 0.0])


def test_consider_constant_stops_the_gradient():
    x = T.dscalar("x")
    y = x * x
    f = tessera.function([x], [T.grad(y * x, x), T.grad(y * x, x, consider_constant=[y])])
    full, partial = f(3.0)
    assert (float(full), float(partial)) == (27.0, 9.0)


def test_known_grads_seed_the_backward_pass():
    x = T.dvector("x")
    h = T.exp(x)
    g = T.grad(None, x, known_grads={h: T.ones_like(h) * 2})
    np.testing.assert_allclose(tessera.function([x], g)(np.array([0.0, 1.0])), 2 * np.exp([0.0, 1.0]))


def test_grad_is_reachable_under_theanos_names():
    import tessera.compat.theano  # noqa: F401
    import theano
    import theano.tensor as TT

    assert theano.grad is TT.grad is theano.gradient.grad is tessera.grad
