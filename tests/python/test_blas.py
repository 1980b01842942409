"""Matrix products at BLAS speed (cpp/lib/Runtime/Blas.cpp and
tessera-contractions-to-blas) against NumPy: every product form in float32 and
float64, on either side of the size threshold, transposed, strided, Fortran-
ordered, broadcast and empty operands, and the same results as the generated
loops."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera import _tessera
from tessera.compile.native import compile_module

TOLERANCE = {"float32": 2e-4, "float64": 1e-12}


def test_blas_is_loaded():
    # The wheel is a dependency; NumPy's copy of the same build is preferred.
    assert _tessera.blas_loaded()


def test_one_openblas_in_the_process():
    # Where NumPy carries its copy, the wheel's is not loaded at all (two
    # copies keep two pools of threads spinning on the same cores).
    import subprocess
    import sys
    from pathlib import Path

    if not list((Path(np.__file__).parent.parent / "numpy.libs").glob("libscipy_openblas64_*.so")):
        pytest.skip("this NumPy carries no scipy-openblas64 build")
    script = ("import tessera\n"
              "maps = open('/proc/self/maps').read().splitlines()\n"
              "print(sorted({line.split()[-1] for line in maps if 'openblas' in line}))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = eval(run.stdout)
    assert len(loaded) == 1 and "numpy.libs" in loaded[0], loaded


def close(result, expected, dtype):
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    np.testing.assert_allclose(result, expected, rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype] * scale)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("m,k,n", [(3, 4, 5), (6, 6, 6), (70, 50, 40), (1, 300, 200), (300, 200, 1), (200, 1, 300)])
def test_products_and_transposes_match_numpy(dtype, m, k, n):
    rng = np.random.default_rng(m * k * n)
    x, y = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    f = tessera.function([x, y], [T.dot(x, y), T.dot(x.T, T.dot(x, y)), T.dot(T.dot(x, y), y.T)])
    product, left, right = f(a, b)
    close(product, a @ b, dtype)
    close(left, a.T @ (a @ b), dtype)
    close(right, (a @ b) @ b.T, dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matrix_vector_products(dtype):
    rng = np.random.default_rng(0)
    m, v, w = T.matrix(dtype=dtype), T.vector(dtype=dtype), T.vector(dtype=dtype)
    a = rng.standard_normal((70, 50)).astype(dtype)
    x, z = rng.standard_normal(50).astype(dtype), rng.standard_normal(70).astype(dtype)
    f = tessera.function([m, v, w], [T.dot(m, v), T.dot(w, m), T.dot(m.T, w)])
    for result, expected in zip(f(a, x, z), [a @ x, z @ a, a.T @ z], strict=True):
        close(result, expected, dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_batched_products(dtype):
    rng = np.random.default_rng(0)
    x, y = T.tensor3(dtype=dtype), T.tensor3(dtype=dtype)
    a = rng.standard_normal((5, 20, 30)).astype(dtype)
    b = rng.standard_normal((5, 30, 40)).astype(dtype)
    f = tessera.function([x, y], T.batched_dot(x, y))
    close(f(a, b), a @ b, dtype)
    close(f(a[:, ::2], b[::-1]), a[:, ::2] @ b[::-1], dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_operands_of_any_layout(dtype):
    # Operands BLAS can describe (a unit stride either way) are passed as they
    # are; others (a stride of 2 both ways, a broadcast row) are copied.
    rng = np.random.default_rng(0)
    x, y = T.matrix(dtype=dtype), T.matrix(dtype=dtype)
    f = tessera.function([x, y], T.dot(x, y))
    a = rng.standard_normal((80, 60)).astype(dtype)
    b = rng.standard_normal((60, 50)).astype(dtype)
    cases = [
        (np.asfortranarray(a), b),
        (a, np.asfortranarray(b)),
        (a[::2], a.T[:, ::3]),
        (a[::2, ::2], b[::2, ::2][:30]),
        (np.broadcast_to(b[0], (40, 50)), b[:50].T.copy()),
        (a[:, :1], b[:1]),
    ]
    for lhs, rhs in cases:
        close(f(lhs, rhs), lhs @ rhs, dtype)


@pytest.mark.parametrize("shapes", [((0, 5), (5, 7)), ((3, 0), (0, 7)), ((3, 5), (5, 0)), ((0, 0), (0, 0))])
def test_empty_products(shapes):
    x, y = T.dmatrix(), T.dmatrix()
    f = tessera.function([x, y], T.dot(x, y))
    a, b = np.ones(shapes[0]), np.ones(shapes[1])
    np.testing.assert_array_equal(f(a, b), a @ b)


def test_blas_and_generated_loops_agree():
    # The same emitted module compiled both ways, static sizes above the
    # threshold: BLAS's order of summation differs only in rounding.
    rng = np.random.default_rng(0)
    x, y = T.TensorType("float64", (False, False), shape=(64, 48))(), T.dmatrix()
    f = tessera.function([x, y], T.dot(x, y) + 1)
    a, b = rng.standard_normal((64, 48)), rng.standard_normal((48, 32))
    with_blas = compile_module(f._emitted)
    generated = compile_module(f._emitted, blas=False)
    name = with_blas.functions[0][0]
    np.testing.assert_allclose(with_blas.call(name, a, b)[0], generated.call(name, a, b)[0], rtol=1e-12)
    assert "tessera_blas_matmul_f64" in with_blas.lowered_ir
    assert "tessera_blas" not in generated.lowered_ir


def test_small_static_products_stay_generated():
    x, y = T.TensorType("float32", (False, False), shape=(4, 4))(), T.TensorType("float32", (False, False), shape=(4, 4))()
    f = tessera.function([x, y], T.dot(x, y))
    assert "tessera_blas" not in f.ir("final")
    a = np.arange(16, dtype="float32").reshape(4, 4)
    np.testing.assert_array_equal(f(a, a), a @ a)


def test_gradients_of_products_call_blas():
    rng = np.random.default_rng(0)
    x, w = T.dmatrix(), T.dmatrix()
    cost = T.tanh(T.dot(x, w)).sum()
    f = tessera.function([x, w], T.grad(cost, [x, w]))
    a, b = rng.standard_normal((60, 40)), rng.standard_normal((40, 30))
    gx, gw = f(a, b)
    d = 1 - np.tanh(a @ b) ** 2
    np.testing.assert_allclose(gx, d @ b.T, rtol=1e-12)
    np.testing.assert_allclose(gw, a.T @ d, rtol=1e-12)
    assert f.ir("final").count("llvm.call @tessera_blas_matmul_f64(") >= 3
