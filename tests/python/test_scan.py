"""scan, map/reduce/foldl/foldr and until against NumPy loops, with their
gradients (backpropagation through time), errors and memory use."""

import resource
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.gradient import hessian, jacobian, verify_grad
from tessera.scan_module import until


def compile_(inputs, outputs, **kwargs):
    return tessera.function(inputs, outputs, **kwargs)


# The seed examples (Theano's scan tutorial), in float64.

def test_seed_add_one_to_each_row():
    a = T.matrix()
    results, updates = tessera.scan(lambda x: x + 1, sequences=a)
    f = compile_([a], results, updates=updates)
    np.testing.assert_array_equal(f(np.ones((2, 3))), np.full((2, 3), 2.0))


def test_seed_cumulative_sum():
    v = T.dvector()
    result, _ = tessera.scan(lambda a, acc: acc + a, sequences=v,
                             outputs_info=T.constant(np.float64(0)))
    np.testing.assert_array_equal(compile_([v], result)([0.0, 3.0, 5.0]), [0.0, 3.0, 8.0])


def test_seed_running_sum_of_row_sums():
    a = T.matrix()
    s0 = T.scalar("s0")
    results, _ = tessera.scan(lambda current, prior: prior + current.sum(), outputs_info=s0, sequences=a)
    f = compile_([a, s0], results)
    np.testing.assert_array_equal(f(np.ones((20, 5)), 0), np.arange(5.0, 101.0, 5.0))


def test_seed_non_sequences_and_n_steps():
    a = T.vector()
    s0 = T.scalar("s0")
    results, _ = tessera.scan(lambda current, prior, non_seq: non_seq * prior + current, n_steps=10,
                              sequences=a, outputs_info=T.constant(np.float64(0)), non_sequences=s0)
    expected = [1, 6, 31, 156, 781, 3906, 19531, 97656, 488281, 2441406]
    np.testing.assert_array_equal(compile_([a, s0], results)(np.ones(20), 5), expected)


def test_fibonacci_with_taps():
    f0 = T.dvector()
    fib, _ = tessera.scan(lambda older, last: older + last,
                          outputs_info=dict(initial=f0, taps=[-2, -1]), n_steps=8)
    np.testing.assert_array_equal(compile_([f0], fib)([1.0, 1.0]), [2, 3, 5, 8, 13, 21, 34, 55])


def test_polynomial_evaluated_by_scan():
    coefficients = T.dvector("coefficients")
    x = T.dscalar("x")
    components, _ = tessera.scan(lambda c, power, x: c * (x ** power),
                                 sequences=[coefficients, T.arange(1000)], non_sequences=x)
    f = compile_([coefficients, x], components.sum())
    assert f([1.0, 0.0, 2.0], 3.0) == pytest.approx(19.0)


# Sequences, outputs and steps.

def test_sequence_taps_align_as_theano():
    x = T.dvector()
    # Taps -1, 0, +2: the least tap reads row 0 at step 0; steps = len - 3.
    out, _ = tessera.scan(lambda a, b, c: a + 10 * b + 100 * c,
                          sequences=dict(input=x, taps=[-1, 0, 2]))
    xv = np.arange(6.0)
    expected = [xv[i] + 10 * xv[i + 1] + 100 * xv[i + 3] for i in range(3)]
    np.testing.assert_array_equal(compile_([x], out)(xv), expected)


def test_lone_positive_tap_is_an_offset():
    x = T.dvector()
    out, _ = tessera.scan(lambda a: a, sequences=dict(input=x, taps=[2]))
    np.testing.assert_array_equal(compile_([x], out)(np.arange(5.0)), [2.0, 3.0, 4.0])


def test_several_outputs_none_and_states_in_order():
    x = T.dvector()
    h0 = T.dscalar()
    squares, sums = tessera.scan(lambda a, s: (a * a, s + a), sequences=x,
                                 outputs_info=[None, h0])[0]
    f = compile_([x, h0], [squares, sums])
    got_squares, got_sums = f([1.0, 2.0, 3.0], 10.0)
    np.testing.assert_array_equal(got_squares, [1.0, 4.0, 9.0])
    np.testing.assert_array_equal(got_sums, [11.0, 13.0, 16.0])


def test_go_backwards_and_negative_n_steps():
    x = T.dvector()
    digits = lambda a, acc: acc * 10 + a  # noqa: E731
    zero = T.constant(np.float64(0))
    backwards, _ = tessera.scan(digits, sequences=x, outputs_info=zero, go_backwards=True)
    np.testing.assert_array_equal(compile_([x], backwards)([1.0, 2.0, 3.0]), [3.0, 32.0, 321.0])
    negative, _ = tessera.scan(digits, sequences=x, outputs_info=zero, n_steps=-3)
    np.testing.assert_array_equal(compile_([x], negative)([1.0, 2.0, 3.0]), [3.0, 32.0, 321.0])


def test_symbolic_and_zero_steps():
    n = T.lscalar()
    h0 = T.dvector()
    out, _ = tessera.scan(lambda h: h * 2, outputs_info=h0, n_steps=n)
    f = compile_([h0, n], out)
    np.testing.assert_array_equal(f([1.0, 3.0], 3), [[2, 6], [4, 12], [8, 24]])
    assert f([1.0, 3.0], 0).shape == (0, 2)


def test_until_stops_after_the_step_where_it_holds():
    limit = T.dscalar()
    powers, _ = tessera.scan(lambda p, m: (p * 2, until(p * 2 > m)),
                             outputs_info=T.constant(np.float64(1)), non_sequences=limit, n_steps=1024)
    f = compile_([limit], powers)
    np.testing.assert_array_equal(f(45.0), [2, 4, 8, 16, 32, 64])
    long = f(1e300)
    assert len(long) == 997 and long[-1] == 2.0 ** 997
    assert len(f(np.inf)) == 1024  # Never true: n_steps bounds the loop.


def test_closure_over_outer_variables_and_computed_values():
    x = T.dvector()
    w = T.dscalar()
    scaled = T.exp(w)  # Computed outside: used by the step from above.
    out, _ = tessera.scan(lambda a: a * scaled + w, sequences=x)
    np.testing.assert_allclose(compile_([x, w], out)([1.0, 2.0], 0.5), np.array([1.0, 2.0]) * np.exp(0.5) + 0.5)
    # The gradient reaches the closure, computed value included.
    g = T.grad(out.sum(), [w, scaled])
    gw, gs = compile_([x, w], g)([1.0, 2.0], 0.5)
    assert gs == pytest.approx(3.0)
    assert gw == pytest.approx(3.0 * np.exp(0.5) + 2.0)


def test_nested_scans():
    m = T.dmatrix()

    def row_cumsum(row):
        cumulative, _ = tessera.scan(lambda a, acc: acc + a, sequences=row, outputs_info=T.zeros_like(row[0]))
        return cumulative

    out, _ = tessera.scan(row_cumsum, sequences=m)
    value = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(compile_([m], out)(value), np.cumsum(value, axis=1))
    verify_grad(lambda m: tessera.scan(row_cumsum, sequences=m)[0] ** 2, [value / 10],
                rng=np.random.default_rng(0))


def test_gradient_inside_the_step():
    x = T.dvector()
    derivatives, _ = tessera.scan(lambda a: T.grad(T.sin(a) * a, a), sequences=x)
    xv = np.array([0.1, 0.2, -1.5])
    np.testing.assert_allclose(compile_([x], derivatives)(xv), np.cos(xv) * xv + np.sin(xv))


def test_shared_variables_updated_by_the_step():
    total = tessera.shared(np.float64(0), name="total")
    x = T.dvector()
    doubled, updates = tessera.scan(lambda a: (a * 2, {total: total + a}), sequences=x)
    f = compile_([x], doubled, updates=updates)
    np.testing.assert_array_equal(f([1.0, 2.0, 3.0]), [2.0, 4.0, 6.0])
    assert total.get_value() == 6.0
    f([1.0])
    assert total.get_value() == 7.0


def test_map_reduce_foldl_foldr():
    x = T.dvector()
    zero = T.constant(np.float64(0))
    value = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(compile_([x], tessera.map(lambda a: a ** 2, x)[0])(value), value ** 2)
    digits = lambda a, acc: acc * 10 + a  # noqa: E731
    assert compile_([x], tessera.reduce(digits, x, zero)[0])(value) == 123.0
    assert compile_([x], tessera.foldl(digits, x, zero)[0])(value) == 123.0
    assert compile_([x], tessera.foldr(digits, x, zero)[0])(value) == 321.0


# Derivatives.

def test_truncate_gradient_keeps_the_last_steps():
    x = T.dvector()
    w, h0 = T.dscalars("w", "h0")
    hs, _ = tessera.scan(lambda a, h: w * h + a, sequences=x, outputs_info=h0, truncate_gradient=2)
    grads = compile_([x, w, h0], T.grad(hs[-1], [w, x, h0]))([1.0, 2.0, 3.0, 4.0], 0.5, 1.0)
    # h = [1.5, 2.75, 4.375, 6.1875]; through the last 2 steps: h3 + w h2.
    assert grads[0] == pytest.approx(4.375 + 0.5 * 2.75)
    np.testing.assert_allclose(grads[1], [0.0, 0.0, 0.5, 1.0])
    assert grads[2] == 0.0


def test_gradient_of_a_gradient_through_scan():
    x = T.dvector()
    w, h0 = T.dscalars("w", "h0")
    hs, _ = tessera.scan(lambda a, h: T.tanh(w * h + a), sequences=x, outputs_info=h0)
    first = T.grad(hs.sum(), w)
    second = T.grad(first, w)
    values = ([0.1, -0.2, 0.3], 0.7, 0.3)

    def cost(weight):
        h, total = 0.3, 0.0
        for a in values[0]:
            h = np.tanh(weight * h + a)
            total += h
        return total

    step = 1e-4
    got_first, got_second = compile_([x, w, h0], [first, second])(*values)
    assert got_first == pytest.approx((cost(0.7 + step) - cost(0.7 - step)) / (2 * step), rel=1e-6)
    assert got_second == pytest.approx((cost(0.7 + step) - 2 * cost(0.7) + cost(0.7 - step)) / step ** 2,
                                       rel=1e-4)


def test_gradient_with_older_taps_and_until():
    f0 = T.dvector()
    fib, _ = tessera.scan(lambda older, last: older * 0.5 + last * last * 0.1,
                          outputs_info=dict(initial=f0, taps=[-2, -1]), n_steps=6)
    verify_grad(lambda f0: tessera.scan(lambda older, last: older * 0.5 + last * last * 0.1,
                                        outputs_info=dict(initial=f0, taps=[-2, -1]), n_steps=6)[0],
                [np.array([0.3, 0.7])], rng=np.random.default_rng(1))
    assert compile_([f0], fib)([1.0, 1.0]).shape == (6,)

    def stopped(h0):
        return tessera.scan(lambda h: (T.sin(h) + 0.5, until(T.gt(h, 1.4))), outputs_info=h0, n_steps=50)[0]

    verify_grad(stopped, [np.array(0.2)], rng=np.random.default_rng(2))


def test_jacobian_of_a_scan_and_hessian():
    x = T.dvector()
    squares, _ = tessera.scan(lambda a: a ** 3, sequences=x)
    xv = np.array([1.0, 2.0, -3.0])
    np.testing.assert_allclose(compile_([x], jacobian(squares, x))(xv), np.diag(3 * xv ** 2))
    a = T.dmatrix()
    cost = T.dot(x, T.dot(a, x)) + T.sin(x).sum()
    av = np.arange(9.0).reshape(3, 3)
    np.testing.assert_allclose(compile_([x, a], hessian(cost, x))(xv, av),
                               av + av.T - np.diag(np.sin(xv)), atol=1e-12)
    both = jacobian(T.stack([x[0] * x[1], x[2]]), [x, a], disconnected_inputs="ignore")
    assert isinstance(both, list) and len(both) == 2


# Recurrent networks against NumPy loops.

def _rnn(x, w_in, w_rec, b, h0):
    hs, _ = tessera.scan(lambda xt, h: T.tanh(T.dot(xt, w_in) + T.dot(h, w_rec) + b), sequences=x,
                         outputs_info=h0)
    return hs


def test_tanh_rnn_forward_and_gradients():
    rng = np.random.default_rng(0)
    steps, inputs, hidden = 50, 32, 64
    xv = rng.normal(size=(steps, inputs))
    params = [rng.normal(size=(inputs, hidden)) * 0.1, rng.normal(size=(hidden, hidden)) * 0.1,
              rng.normal(size=hidden) * 0.1, np.zeros(hidden)]
    x, w_in, w_rec = T.dmatrix(), T.dmatrix(), T.dmatrix()
    b, h0 = T.dvector(), T.dvector()
    got = compile_([x, w_in, w_rec, b, h0], _rnn(x, w_in, w_rec, b, h0))(xv, *params)
    h, expected = params[3], []
    for t in range(steps):
        h = np.tanh(xv[t] @ params[0] + h @ params[1] + params[2])
        expected.append(h)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)
    # verify_grad on a smaller copy (central differences per element).
    small = [p[:4, :5] if p.ndim == 2 else p[:5] for p in params]
    small[1] = params[1][:5, :5]
    verify_grad(lambda w_in, w_rec, b: _rnn(T.constant(xv[:6, :4]), w_in, w_rec, b, T.constant(np.zeros(5))),
                small[:3], rng=np.random.default_rng(3))


def test_gru_over_an_embedded_sequence():
    rng = np.random.default_rng(1)
    vocabulary, embedding, hidden, steps = 11, 6, 5, 8
    ids = rng.integers(0, vocabulary, steps)
    values = [rng.normal(size=(vocabulary, embedding)) * 0.5] + [
        rng.normal(size=shape) * 0.4 for shape in [(embedding, 3 * hidden), (hidden, 3 * hidden)]]

    def gru(e, w, u):
        x = e[T.constant(ids)]

        def step(xt, h):
            z = T.nnet.sigmoid(T.dot(xt, w[:, :hidden]) + T.dot(h, u[:, :hidden]))
            r = T.nnet.sigmoid(T.dot(xt, w[:, hidden:2 * hidden]) + T.dot(h, u[:, hidden:2 * hidden]))
            c = T.tanh(T.dot(xt, w[:, 2 * hidden:]) + T.dot(r * h, u[:, 2 * hidden:]))
            return (1 - z) * h + z * c

        hs, _ = tessera.scan(step, sequences=x, outputs_info=T.zeros((hidden,), dtype="float64"))
        return hs

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    e, w, u = values
    h, expected = np.zeros(hidden), []
    for t in ids:
        xt = e[t]
        z = sigmoid(xt @ w[:, :hidden] + h @ u[:, :hidden])
        r = sigmoid(xt @ w[:, hidden:2 * hidden] + h @ u[:, hidden:2 * hidden])
        c = np.tanh(xt @ w[:, 2 * hidden:] + (r * h) @ u[:, 2 * hidden:])
        h = (1 - z) * h + z * c
        expected.append(h)
    variables = [T.dmatrix() for _ in values]
    np.testing.assert_allclose(compile_(variables, gru(*variables))(*values), expected, rtol=1e-6)
    verify_grad(gru, values, rng=np.random.default_rng(4))


def test_batched_lstm_trains_like_numpy():
    rng = np.random.default_rng(2)
    batch, inputs, hidden, steps, lr = 4, 3, 5, 7, 0.1
    xv = rng.normal(size=(steps, batch, inputs))
    target = rng.normal(size=(batch, hidden))
    init_w = rng.normal(size=(inputs, 4 * hidden)) * 0.3
    init_u = rng.normal(size=(hidden, 4 * hidden)) * 0.3
    w, u = tessera.shared(init_w.copy()), tessera.shared(init_u.copy())
    x, y = T.dtensor3(), T.dmatrix()

    def step(xt, h, c):
        gates = T.dot(xt, w) + T.dot(h, u)
        i = T.nnet.sigmoid(gates[:, :hidden])
        f = T.nnet.sigmoid(gates[:, hidden:2 * hidden])
        o = T.nnet.sigmoid(gates[:, 2 * hidden:3 * hidden])
        g = T.tanh(gates[:, 3 * hidden:])
        c_next = f * c + i * g
        return o * T.tanh(c_next), c_next

    zeros = T.zeros((x.shape[1], hidden), dtype="float64")
    (hs, _), _ = tessera.scan(step, sequences=x, outputs_info=[zeros, zeros])
    cost = ((hs[-1] - y) ** 2).mean()
    gw, gu = T.grad(cost, [w, u])
    train = compile_([x, y], cost, updates=[(w, w - lr * gw), (u, u - lr * gu)])

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    def numpy_step(wv, uv):
        h, c, caches = np.zeros((batch, hidden)), np.zeros((batch, hidden)), []
        for t in range(steps):
            gates = xv[t] @ wv + h @ uv
            i, f, o = (sigmoid(gates[:, k * hidden:(k + 1) * hidden]) for k in range(3))
            g = np.tanh(gates[:, 3 * hidden:])
            c_next = f * c + i * g
            caches.append((h, c, i, f, o, g, c_next))
            h, c = o * np.tanh(c_next), c_next
        cost = ((h - target) ** 2).mean()
        dh, dc = 2 * (h - target) / h.size, np.zeros_like(c)
        dw, du = np.zeros_like(wv), np.zeros_like(uv)
        for t in reversed(range(steps)):
            h_prev, c_prev, i, f, o, g, c_next = caches[t]
            do = dh * np.tanh(c_next)
            dc = dc + dh * o * (1 - np.tanh(c_next) ** 2)
            di, df, dg = dc * g, dc * c_prev, dc * i
            dgates = np.concatenate([di * i * (1 - i), df * f * (1 - f), do * o * (1 - o), dg * (1 - g ** 2)], 1)
            dw += xv[t].T @ dgates
            du += h_prev.T @ dgates
            dh, dc = dgates @ uv.T, dc * f
        return cost, dw, du

    wv, uv = init_w.copy(), init_u.copy()
    for _ in range(10):
        expected_cost, dw, du = numpy_step(wv, uv)
        assert train(xv, target) == pytest.approx(expected_cost, rel=1e-10)
        wv, uv = wv - lr * dw, uv - lr * du
    np.testing.assert_allclose(w.get_value(), wv, rtol=1e-9)
    np.testing.assert_allclose(u.get_value(), uv, rtol=1e-9)


# Errors, with the user's line.

def test_wrong_step_signature_names_the_line():
    x = T.dvector()
    with pytest.raises(TypeError, match=r"scan at .*test_scan.py:\d+: the step function cannot take the 1 "):
        tessera.scan(lambda a, b: a, sequences=x)


def test_step_output_type_must_match_outputs_info():
    x = T.dvector()
    with pytest.raises(TypeError, match=r"test_scan.py:\d+: .* is float64 with 0 dimensions, but the step "
                                        r"function returns float32"):
        tessera.scan(lambda a, h: (a + h).astype("float32"), sequences=x,
                     outputs_info=T.constant(np.float64(0)))
    with pytest.raises(TypeError, match="1 dimension, but the step function returns float64 with 0"):
        tessera.scan(lambda a, h: h.sum(), sequences=x, outputs_info=T.dvector())


def test_too_short_sequence_raises_at_run_time_with_the_line():
    x = T.dvector()
    out, _ = tessera.scan(lambda a: a, sequences=x, n_steps=10)
    f = compile_([x], out)
    with pytest.raises(ValueError, match=r"tessera.scan \(created at .*test_scan.py:\d+\): sequence 0 has 2 "
                                         r"elements \(after its taps\), fewer than the 10 steps"):
        f([1.0, 2.0])


def test_other_argument_errors():
    x = T.dvector()
    with pytest.raises(ValueError, match="needs sequences or n_steps"):
        tessera.scan(lambda: x)
    with pytest.raises(ValueError, match="outputs_info has 2 entries"):
        tessera.scan(lambda a: a, sequences=x, outputs_info=[None, None])
    with pytest.raises(ValueError, match="taps of an output must be negative"):
        tessera.scan(lambda a, h: a, sequences=x, outputs_info=dict(initial=x, taps=[0]))
    with pytest.raises(ValueError, match="truncate_gradient"):
        tessera.scan(lambda a: a, sequences=x, truncate_gradient=0)


# Memory: a state used only at [-1] stores no history.

def test_last_value_only_scan_keeps_no_history():
    script = textwrap.dedent("""
        import resource
        import numpy as np
        import tessera, tessera.tensor as T
        h = T.dvector()
        out, _ = tessera.scan(lambda h: h * 1.0000001 + 1e-9, outputs_info=h, n_steps=100000)
        f = tessera.function([h], out[-1])
        start = np.ones(1000)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = f(start)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        assert '"last"' in f.ir("optimized")
        print(grown, result[0])
    """)
    # A fresh process: peak RSS is per process.
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    grown_kb, first = output.split()
    assert int(grown_kb) < 16 * 1024
    expected = 1.0
    for _ in range(100000):
        expected = expected * 1.0000001 + 1e-9
    assert float(first) == pytest.approx(expected, rel=1e-12)
