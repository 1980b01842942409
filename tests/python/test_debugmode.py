"""DEBUG_MODE: every call is checked against the unoptimized graph, and a
rewrite that changes a result is named by bisecting over the optimization
phase."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.compile.debugmode import BadOptimization, DebugMode, first_difference
from tessera.compile.native import compile_module

# FAST_RUN's phase with the deliberately wrong log1p(x) -> log(x) pattern, which
# only this option of tessera-stabilize adds.
BROKEN = "tessera-stabilize{test-broken-rewrite},tessera-autodiff,tessera-stabilize,canonicalize,cse"


def test_debug_mode_names_a_broken_rewrite_its_pass_and_the_op_it_rewrote():
    x = T.dvector("x")
    y = T.log(1 + x) * 2 + (x - x)
    line = test_debug_mode_names_a_broken_rewrite_its_pass_and_the_op_it_rewrote.__code__.co_firstlineno + 2
    f = tessera.function([x], y, mode=DebugMode(pipeline=BROKEN))
    with pytest.raises(BadOptimization) as raised:
        f([1e-20, 1.0])
    message = str(raised.value)
    assert "output 0 of function created at" in message
    assert "where the unoptimized graph gives 0.0" in message
    assert "pattern TestBrokenRewrite of pass tessera-stabilize (pass 1 of 5" in message
    assert f"applied to tessera.log1p (created at {__file__}:{line})" in message


def test_bad_optimization_is_a_compile_error_and_theano_spells_it():
    import tessera.compat.theano  # noqa: F401
    from theano.compile.debugmode import BadOptimization as TheanoBadOptimization
    assert TheanoBadOptimization is BadOptimization
    assert issubclass(BadOptimization, tessera.CompileError)


def test_debug_mode_names_the_update_that_differs():
    w = tessera.shared(np.array([1e-20, 0.5]), name="w")
    f = tessera.function([], updates=[(w, T.log(1 + w))], mode=DebugMode(pipeline=BROKEN))
    with pytest.raises(BadOptimization, match="the update of w of function"):
        f()
    np.testing.assert_array_equal(w.get_value(), [1e-20, 0.5])  # Not updated.


def test_debug_mode_accepts_fast_run_and_gives_its_results():
    """Training steps (gradients, updates, stability rewrites that turn an
    infinite cost finite) agree with the unoptimized graph under DEBUG_MODE."""
    rng = np.random.default_rng(0)
    x, y = T.dmatrix("x"), T.dvector("y")
    w = tessera.shared(rng.standard_normal(5) * 30, name="w")
    p = 1 / (1 + T.exp(-T.dot(x, w)))
    cost = (-y * T.log(p) - (1 - y) * T.log(1 - p)).mean()
    updates = [(w, w - 0.1 * tessera.grad(cost, w))]
    debug = tessera.function([x, y], cost, updates=updates, mode="DEBUG_MODE")
    inputs = rng.standard_normal((20, 5)), (rng.random(20) > 0.5).astype(float)
    start = w.get_value()
    costs = [debug(*inputs) for _ in range(3)]
    w.set_value(start)
    fast = tessera.function([x, y], cost, updates=updates)
    np.testing.assert_allclose(costs, [fast(*inputs) for _ in range(3)], rtol=1e-12)
    assert np.isfinite(costs).all()


def test_debug_mode_checks_through_scan_and_ifelse():
    x = T.dvector("x")
    steps, _ = tessera.scan(lambda v, acc: acc + T.exp(v) / T.exp(v).sum(), sequences=[x],
                            outputs_info=[T.zeros_like(x[0])])
    f = tessera.function([x], [steps[-1], tessera.ifelse.ifelse(x.sum() > 0, x * x, -x)],
                         mode="DEBUG_MODE")
    last, branch = f([1.0, 2.0, -0.5])
    np.testing.assert_allclose(last, 3.0)
    np.testing.assert_allclose(branch, [1.0, 4.0, 0.25])


@pytest.mark.parametrize("expected,actual,where", [
    (np.array([1.0, np.nan]), np.array([1.0, np.nan]), None),          # NaN equals NaN
    (np.array([-np.inf, 2.0]), np.array([-40.0, 2.0]), None),          # an Inf removed
    (np.array([np.nan, 2.0]), np.array([3.0, 2.0]), None),             # a NaN removed
    (np.array([1.0, 2.0]), np.array([1.0, np.inf]), (1,)),             # an Inf introduced
    (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-13]), None),        # float64 tolerance
    (np.array([1.0, 2.0], "f4"), np.array([1.0, 2.001], "f4"), (1,)),  # float32 tolerance
    (np.array([[1, 2]]), np.array([[1, 3]]), (0, 1)),                  # integers are exact
    (np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), ()),             # shapes differ
])
def test_first_difference(expected, actual, where):
    assert first_difference(expected, actual) == where


def test_optimization_limit_runs_a_prefix_of_the_phase_and_keeps_autodiff():
    x = T.dvector("x")
    f = tessera.function([x], T.log(1 + x) + tessera.grad((x * x).sum(), x))
    full = compile_module(f._emitted).optimization_steps
    assert [step[0] for step in full][:2] == ["tessera-stabilize", "tessera-autodiff"]
    assert all(ran for _, ran, _, _ in full)
    assert full[0][2] > 0  # Stabilization attempted its patterns.
    none = compile_module(f._emitted, optimization_limit=(0, -1))
    assert [(name, ran) for name, ran, _, _ in none.optimization_steps][:3] == [
        ("tessera-stabilize", False), ("tessera-autodiff", True), ("tessera-stabilize", False)]
    # The first pass with no pattern applications: log(1 + x) stays a log.
    np.testing.assert_array_equal(none.call("tessera_function", np.array([1e-20]))[0], [2e-20])
    zero = compile_module(f._emitted, optimization_limit=(0, 0)).optimization_steps
    assert zero[0][:3] == ("tessera-stabilize", True, 0)
