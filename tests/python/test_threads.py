"""Parallel loops on the runtime's worker threads (tessera-parallelize-loops,
tessera-lower-parallel-calls, cpp/lib/Runtime/ParallelFor.cpp): results equal
NumPy's and the single-threaded code's for every kind of loop, the size
threshold and the thread count are honoured (checked by the threads the
runtime reports), and the config flags steer them. The speed-up is measured by
bench/threads.py."""

import contextlib
import os
import subprocess
import sys

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera import _tessera

CORES = len(os.sched_getaffinity(0))
needs_two_cores = pytest.mark.skipif(CORES < 2, reason="needs two cores")


@contextlib.contextmanager
def flags(**values):
    """tessera.config with `values`, restored afterwards."""
    old = {name: getattr(tessera.config, name) for name in values}
    try:
        for name, value in values.items():
            setattr(tessera.config, name, value)
        yield
    finally:
        for name, value in old.items():
            setattr(tessera.config, name, value)


@pytest.fixture
def threads():
    """Every loop shared, on two threads: small data exercises the threads."""
    with flags(num_threads=2, openmp_elemwise_minsize=1, openmp=True):
        yield


def graphs():
    x, y = T.matrix("x"), T.matrix("y")
    v = T.vector("v")
    return {
        "elementwise": ([x, y], x * y + T.exp(-x) * T.tanh(y) / (1 + x ** 2)),
        "broadcast": ([x, v], T.nnet.sigmoid(x + v)),
        "row sums": ([x], x.sum(axis=1)),
        "column sums": ([x], x.sum(axis=0)),
        "row max and argmax": ([x], [x.max(axis=1), T.argmax(x, axis=1)]),
        "softmax": ([x], T.nnet.softmax(x)),
        "product": ([x, y], T.dot(x, y.T)),
        "transpose": ([x], x.T * 2),
    }


@pytest.mark.parametrize("name", list(graphs()))
@pytest.mark.parametrize("mode", ["FAST_RUN", "FAST_COMPILE"])
def test_results_equal_one_thread(threads, name, mode):
    inputs, outputs = graphs()[name]
    outputs = outputs if isinstance(outputs, list) else [outputs]
    rng = np.random.default_rng(7)
    args = [rng.standard_normal((37, 53)) if i.ndim == 2 else rng.standard_normal(53) for i in inputs]
    shared = tessera.function(inputs, outputs, mode=mode)
    assert "tessera_parallel_for" in shared.ir("final")
    with flags(num_threads=1):
        alone = tessera.function(inputs, outputs, mode=mode)
    assert "tessera_parallel_for" not in alone.ir("final")
    for a, b in zip(shared(*args), alone(*args)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_results_equal_numpy(threads):
    x, y = T.matrix("x"), T.matrix("y")
    a, b = np.random.rand(301, 67), np.random.rand(301, 67)
    f = tessera.function([x, y], [x * y + T.exp(-x), x.sum(axis=0), x.max(axis=1), T.nnet.softmax(x)])
    ew, columns, rows, soft = f(a, b)
    np.testing.assert_allclose(ew, a * b + np.exp(-a), rtol=1e-12)
    np.testing.assert_allclose(columns, a.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(rows, a.max(axis=1), rtol=1e-12)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    np.testing.assert_allclose(soft, e / e.sum(axis=1, keepdims=True), rtol=1e-12)


def test_the_body_of_a_scan_shares_its_loops(threads):
    x = T.matrix("x")
    result, _ = tessera.scan(lambda row, acc: acc + T.exp(row), sequences=x,
                             outputs_info=T.zeros_like(x[0]))
    f = tessera.function([x], result[-1])
    a = np.random.rand(20, 1000)
    np.testing.assert_allclose(f(a), np.exp(a).sum(axis=0), rtol=1e-12)


def test_a_failed_check_still_raises_with_threads(threads):
    x, y = T.matrix("x"), T.matrix("y")
    f = tessera.function([x, y], T.exp(x) + y)
    with pytest.raises(ValueError):
        f(np.ones((300, 400)), np.ones((300, 401)))
    np.testing.assert_allclose(f(np.zeros((300, 400)), np.ones((300, 400))), 2.0)


@needs_two_cores
def test_large_work_uses_two_threads_and_small_work_one():
    x = T.vector("x")
    with flags(num_threads=2):
        f = tessera.function([x], T.exp(x) * 2)
    big = np.random.rand(10 ** 7)
    np.testing.assert_allclose(f(big), np.exp(big) * 2, rtol=1e-12)
    assert _tessera.last_parallel_loop_threads() == 2
    small = big[: tessera.config.openmp_elemwise_minsize - 1]
    np.testing.assert_allclose(f(small), np.exp(small) * 2, rtol=1e-12)
    assert _tessera.last_parallel_loop_threads() == 1


@needs_two_cores
def test_thread_count_and_openmp_flag_limit_the_threads():
    x = T.vector("x")
    big = np.random.rand(10 ** 6)
    with flags(openmp_elemwise_minsize=1000, num_threads=1):
        one = tessera.function([x], T.exp(x))
    assert "tessera_parallel_for" not in one.ir("final")
    with flags(num_threads=0, openmp=False):
        off = tessera.function([x], T.exp(x))
    assert "tessera_parallel_for" not in off.ir("final")
    with flags(num_threads=0, openmp=True):
        every = tessera.function([x], T.exp(x))
    every(big)
    assert _tessera.last_parallel_loop_threads() == min(CORES, 10 ** 6)
    np.testing.assert_allclose(every(big), one(big), rtol=1e-15)


def test_flags_are_checked():
    with pytest.raises(ValueError, match="num_threads"):
        tessera.config.num_threads = -1
    with pytest.raises(ValueError, match="openmp_elemwise_minsize"):
        tessera.config.openmp_elemwise_minsize = "many"
    with pytest.raises(ValueError, match="openmp"):
        tessera.config.openmp = "sometimes"


def test_omp_num_threads_sets_the_default():
    code = "import tessera; print(tessera.config.num_threads, tessera.config.openmp)"
    env = dict(os.environ, OMP_NUM_THREADS="3")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["3", "True"]
    env = dict(os.environ, TESSERA_FLAGS="num_threads=1,openmp=False")
    env.pop("OMP_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False"]


def openblas_threads():
    """NumPy's OpenBLAS thread setting (the library Tessera calls)."""
    import ctypes
    from pathlib import Path
    libraries = sorted((Path(np.__file__).parent.parent / "numpy.libs").glob("libscipy_openblas64_*.so"))
    if not libraries:
        pytest.skip("NumPy's wheel carries no scipy-openblas64")
    return ctypes.CDLL(str(libraries[0])).scipy_openblas_get_num_threads64_()


@needs_two_cores
def test_products_of_a_one_thread_function_leave_numpy_s_setting():
    before = openblas_threads()
    x, y = T.matrix("x"), T.matrix("y")
    with flags(num_threads=1):
        f = tessera.function([x, y], T.dot(x, y))
    a = np.random.rand(300, 200)
    np.testing.assert_allclose(f(a, a.T), a @ a.T, rtol=1e-12)
    assert openblas_threads() == before


def test_calls_from_several_python_threads_share_the_pool(threads):
    # Calls release the GIL: their parallel loops run on the pool at once.
    import threading
    x = T.vector("x")
    f = tessera.function([x], T.exp(x) * 2)
    a = np.random.rand(100_000)
    expected = np.exp(a) * 2
    wrong = []

    def work():
        for _ in range(20):
            if not np.allclose(f(a), expected, rtol=1e-12):
                wrong.append(True)

    workers = [threading.Thread(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not wrong


def test_a_forked_child_starts_a_pool_of_its_own(threads):
    import multiprocessing
    x = T.vector("x")
    f = tessera.function([x], T.exp(x) * 2)
    a = np.random.rand(100_000)
    f(a)  # The parent's pool exists before the fork.
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=lambda: queue.put(bool(np.allclose(f(a), np.exp(a) * 2))))
    child.start()
    assert queue.get(timeout=120)
    child.join(timeout=60)
    assert child.exitcode == 0
