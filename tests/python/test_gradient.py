"""`grad` checked by `verify_grad` (random projections, central differences in
float64) for each op's derivative rule and its second order, with broadcasting,
size-0 and size-1 dimensions; Lop/Rop; higher orders; Theano's errors."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import (
    DisconnectedInputError, GradientError, Lop, Rop, disconnected_grad, grad_clip, verify_grad, zero_grad,
)


# (op, function of the inputs, input shapes, verify_grad options): every derivative
# rule, with broadcasting and size-1 dimensions.
RULES = [
    ("add", lambda a, b: a + b * 2.0, [(3, 4), (1, 4)]),
    ("sub", lambda a, b: T.sqr(a - b), [(3, 4), (3, 1)]),
    ("mul", lambda a, b, c: a * b * c, [(2, 3), (2, 3), (1, 3)]),
    ("true_div", lambda a, b: a / b, [(3, 2), (3, 2)]),
    ("pow", lambda a, b: a ** b, [(4,), (4,)]),
    ("neg", lambda a: -a * a, [(5,)]),
    ("sqr", T.sqr, [(2, 2)]),
    ("exp", T.exp, [(3,)]),
    ("log", T.log, [(3, 2)]),
    ("tanh", T.tanh, [(4, 1)]),
    ("switch", lambda a, b: T.switch(a > b, a * a, b), [(6,), (6,)]),
    ("cast", lambda a: T.cast(a, "float32") * 2, [(3,)], {"eps": 1e-2, "abs_tol": 1e-3, "rel_tol": 1e-3}),
    ("mod", lambda a, b: a % b, [(4,), (4,)]),
    ("int_div", lambda a, b: a // b + a, [(4,), (4,)]),
    ("dot-vv", T.dot, [(5,), (5,)]),
    ("dot-mv", T.dot, [(3, 4), (4,)]),
    ("dot-vm", lambda a, b: T.tanh(T.dot(a, b)), [(4,), (4, 2)]),
    ("dot-mm", lambda a, b: T.dot(a, b) * T.dot(a, b), [(2, 3), (3, 4)]),
    ("sum", lambda a: T.sum(a, axis=1) ** 2, [(3, 4)]),
    ("sum-keepdims", lambda a: a / T.sum(a, axis=0, keepdims=True), [(3, 2)]),
    ("prod", lambda a: T.prod(a, axis=0), [(3, 2)]),
    ("max", lambda a: T.max(a, axis=0) * 3, [(4, 3)]),
    ("min", lambda a: T.min(a) * 2, [(5,)]),
    ("max_and_argmax", lambda a: T.max_and_argmax(a, axis=1)[0], [(3, 4)]),
    ("mean", lambda a: T.mean(a * a, axis=0), [(3, 5)]),
    ("var", lambda a: T.var(a, axis=0), [(4, 3)]),
    ("reshape", lambda a: a.reshape((2, 6)), [(3, 4)]),
    ("dimshuffle", lambda a: a.dimshuffle(1, "x", 0), [(2, 3)]),
    ("alloc", lambda a: T.alloc(a, 3, 2), [()]),
    ("arange", lambda a: T.arange(a, 10.0, 1.5) ** 2, [()]),
    ("grad_clip", lambda a: grad_clip(a * 3, -1.0, 1.0), [(4,)]),
    ("abs", lambda a: abs(a - 1.25), [(6,)]),
    ("sgn", lambda a: T.sgn(a - 1.25) + a, [(6,)]),
    ("floor", lambda a: T.floor(a * 3) + a, [(5,)]),
    ("ceil", lambda a: T.ceil(a * 3) * a, [(5,)]),
    ("trunc", lambda a: T.trunc(a * 3) + a * a, [(5,)]),
    ("round", lambda a: T.round(a * 3) + a, [(5,)]),
    ("minimum", T.minimum, [(6,), (6,)]),
    ("maximum", T.maximum, [(3, 2), (1, 2)]),
    ("clip", lambda a, b, c: T.clip(a * 2, b, c + 2), [(6,), (1,), (1,)]),
    ("sqrt", T.sqrt, [(4,)]),
    ("sigmoid", T.nnet.sigmoid, [(3, 2)]),
    ("softplus", T.nnet.softplus, [(5,)]),
    ("sigmoid_binary_crossentropy", T.nnet.sigmoid_binary_crossentropy, [(4,), (4,)]),
    ("inv", T.inv, [(4,)]),
    ("exp2", T.exp2, [(4,)]),
    ("expm1", T.expm1, [(4,)]),
    ("log1p", T.log1p, [(4,)]),
    ("log2", T.log2, [(4,)]),
    ("log10", T.log10, [(4,)]),
    ("sin", T.sin, [(4,)]),
    ("cos", T.cos, [(4,)]),
    ("tan", lambda a: T.tan(a * 0.5), [(4,)]),
    ("arcsin", lambda a: T.arcsin(a * 0.4), [(4,)]),
    ("arccos", lambda a: T.arccos(a * 0.4), [(4,)]),
    ("arctan", T.arctan, [(4,)]),
    ("arctan2", T.arctan2, [(4,), (4,)]),
    ("sinh", T.sinh, [(4,)]),
    ("cosh", T.cosh, [(4,)]),
    ("arcsinh", T.arcsinh, [(4,)]),
    ("arccosh", lambda a: T.arccosh(a + 1), [(4,)]),
    ("arctanh", lambda a: T.arctanh(a * 0.4), [(4,)]),
    ("erf", T.erf, [(4,)]),
    ("erfc", T.erfc, [(4,)]),
    ("erfinv", lambda a: T.erfinv(a * 0.4), [(4,)]),
    ("erfcinv", lambda a: T.erfcinv(a * 0.5), [(4,)]),
    ("gamma", T.gamma, [(4,)]),
    ("gammaln", T.gammaln, [(4,)]),
    ("psi", T.psi, [(4,)]),
]
ROWS = [(*row, {})[:4] for row in RULES]


def test_tri_gamma_has_no_derivative_rule():
    x = T.vector()
    with pytest.raises(tessera.CompileError, match="tri_gamma.*no derivative rule"):
        tessera.function([x], T.grad(T.sum(T.tri_gamma(x)), x))


def points(rng, shapes):
    return [rng.uniform(0.5, 2.0, size=shape) for shape in shapes]


@pytest.mark.parametrize("name,fun,shapes,options", ROWS, ids=[r[0] for r in ROWS])
def test_derivative_rule(rng, name, fun, shapes, options):
    verify_grad(fun, points(rng, shapes), n_tests=1, rng=rng, **options)


# Rules whose gradient has no derivative rule of its own, as in Theano.
FIRST_ORDER_ONLY = {"psi"}  # d psi = tri_gamma, which Theano does not differentiate


@pytest.mark.parametrize("name,fun,shapes,options", [r for r in ROWS if r[0] not in FIRST_ORDER_ONLY],
                         ids=[r[0] for r in ROWS if r[0] not in FIRST_ORDER_ONLY])
def test_second_order(rng, name, fun, shapes, options):
    """The gradient of each rule's gradient: rules emit differentiable ops."""
    def gradient(*inputs):
        return T.grad(T.sum(fun(*inputs)), inputs[0])
    options = {"abs_tol": 1e-3, "rel_tol": 1e-3, **options}
    verify_grad(gradient, points(rng, shapes), n_tests=1, rng=rng, **options)


ELEMENTWISE = {"add", "sub", "mul", "true_div", "pow", "neg", "sqr", "exp", "log", "tanh", "switch",
               "mod", "int_div", "dot-mm", "sum", "sum-keepdims", "mean", "grad_clip", "abs", "minimum",
               "sqrt", "inv"}
EMPTY_ROWS = [(name, fun, [(0, *shape[1:]) if shape and name != "dot-mm" or i == 0 else shape
                           for i, shape in enumerate(shapes)], options)
              for name, fun, shapes, options in ROWS if name in ELEMENTWISE]


@pytest.mark.parametrize("name,fun,shapes,options", EMPTY_ROWS, ids=[r[0] for r in EMPTY_ROWS])
def test_derivative_rule_on_empty_tensors(rng, name, fun, shapes, options):
    """Each rule where a dimension is 0 (every gradient is then empty or zero)."""
    verify_grad(fun, points(rng, shapes), n_tests=1, rng=rng, **options)


@pytest.mark.parametrize("shapes", [[(0, 3), (1, 3)], [(2, 0), (2, 0)], [(1, 1), (4, 1)]],
                         ids=["empty-broadcast", "empty", "size-1"])
def test_rules_on_empty_and_size_1_dimensions(rng, shapes):
    verify_grad(lambda a, b: T.exp(a) * b + T.sum(a * b, axis=0, keepdims=True), points(rng, shapes), rng=rng)


def test_verify_grad_reports_a_wrong_gradient(rng):
    with pytest.raises(GradientError, match="the gradient with respect to input 0"):
        verify_grad(lambda a: zero_grad(a) * a, points(rng, [(3,)]), rng=rng)
    assert verify_grad.E_grad is GradientError


def test_lop_and_rop_are_the_jacobian_products(rng):
    x, v, u = T.dvectors("x", "v", "u")
    W = T.dmatrix("W")
    y = T.tanh(T.dot(W, x))
    f = tessera.function([W, x, v, u], [Rop(y, x, v), Lop(y, x, u)])
    w, xv, vv, uv = rng.random((3, 4)), rng.random(4), rng.random(4), rng.random(3)
    jacobian = (1 - np.tanh(w @ xv) ** 2)[:, None] * w
    jv, uj = f(w, xv, vv, uv)
    np.testing.assert_allclose(jv, jacobian @ vv, rtol=1e-12)
    np.testing.assert_allclose(uj, uv @ jacobian, rtol=1e-12)


def test_gradient_identities():
    x = T.dvector("x")
    f = tessera.function([x], [T.grad(T.sum(zero_grad(x) * x), x),
                               T.grad(T.sum(grad_clip(x, -1.0, 1.0) * 5), x),
                               T.grad(T.sum(disconnected_grad(x) * x), x)])
    zero, clipped, disconnected = f(np.array([3.0, 4.0]))
    np.testing.assert_array_equal(zero, [3.0, 4.0])
    np.testing.assert_array_equal(clipped, [1.0, 1.0])
    np.testing.assert_array_equal(disconnected, [3.0, 4.0])
    with pytest.raises(DisconnectedInputError):
        T.grad(T.sum(disconnected_grad(x) * 2), x)


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


def test_gradients_are_taken_before_any_rewrite():
    """grad with respect to y = -(-x) is not grad with respect to x: the optimizer
    must not fold y into x before the gradient is expanded."""
    x = T.dvector("x")
    y = -(-x)
    cost = T.sum(y * x)
    f = tessera.function([x], [T.grad(cost, y), T.grad(cost, x)])
    with_y, with_x = f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(with_y, [1.0, 2.0])
    np.testing.assert_array_equal(with_x, [2.0, 4.0])


def test_jacobian_and_hessian_as_theano():
    from tessera.gradient import hessian, jacobian

    x = T.dvector("x")
    xv = np.array([1.0, -2.0, 0.5])
    np.testing.assert_array_equal(tessera.function([x], jacobian(x * 2, x))(xv), 2 * np.eye(3))
    np.testing.assert_allclose(tessera.function([x], hessian(T.sum(x ** 3), x))(xv), np.diag(6 * xv))
    # A scalar expression gives its gradient; a matrix must be flattened first.
    np.testing.assert_array_equal(tessera.function([x], jacobian(T.sum(x ** 2), x))(xv), 2 * xv)
    with pytest.raises(TypeError, match="flatten it first"):
        jacobian(T.outer(x, x), x)
    with pytest.raises(TypeError, match="hessian takes vectors as wrt"):
        hessian(T.sum(x), T.dmatrix())


def test_a_gradient_with_respect_to_a_static_value_is_differentiable_again():
    c = T.constant(np.array([1.0, 2.0, 3.0]))
    x = T.dvector("x")
    g = T.grad(T.sum(c * c * T.sum(x)), c)
    gg = T.grad(T.sum(g * g), x)
    got = tessera.function([x], [g, gg])(np.array([1.0, 1.0]))
    np.testing.assert_allclose(got[0], [4.0, 8.0, 12.0])
    np.testing.assert_allclose(got[1], [224.0, 224.0])


def test_prod_gradient_with_zeros_in_the_input_is_theanos():
    """One zero in the reduced elements: it gets the product of the others and
    they get 0; two zeros: every element gets 0."""
    x = T.dmatrix()
    g = tessera.function([x], T.grad(T.sum(T.prod(x, axis=1)), x))
    value = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.0, 2.0, 4.0]])
    np.testing.assert_array_equal(g(value), [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]])


@pytest.mark.parametrize("name,fun", [
    ("std", lambda a: T.std(a, axis=1)),
    ("std-ddof", lambda a: T.std(a, axis=0, ddof=1)),
    ("var-corrected", lambda a: T.var(a, axis=None, corrected=True)),
    ("ptp", lambda a: T.ptp(a, axis=0)),
    ("argmin-values", lambda a: T.min(a, axis=1) * T.argmin(a, axis=1)),
])
def test_derived_reductions_gradients(rng, name, fun):
    verify_grad(fun, points(rng, [(4, 5)]), n_tests=1, rng=rng)
