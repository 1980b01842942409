"""Bad input becomes a Python exception carrying MLIR's diagnostic; the process survives."""

import os

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.dialects import tessera as ts

from conftest import DYNAMIC, build_module


def test_malformed_source_is_a_compile_error_with_its_location():
    with pytest.raises(tessera.CompileError, match=r"\"-\":2:20: use of undeclared SSA value name"):
        tessera.compile_module("func.func @f(%a: tensor<?xf32>) -> tensor<?xf32> {\n"
                               "  %0 = tessera.exp %b : tensor<?xf32>\n  return %0 : tensor<?xf32>\n}")


def test_verifier_failure_is_a_compile_error_naming_both_types():
    source = ("func.func @f(%a: tensor<?xf32>, %b: tensor<?xf64>) -> tensor<?xf32> {\n"
              "  %0 = tessera.add %a, %b : (tensor<?xf32>, tensor<?xf64>) -> tensor<?xf32>\n"
              "  return %0 : tensor<?xf32>\n}")
    with pytest.raises(tessera.CompileError, match=r"'tensor<\?xf32>' and 'tensor<\?xf64>' have different element types"):
        tessera.compile_module(source)


def test_an_entry_point_with_an_unsupported_signature_is_a_compile_error():
    with pytest.raises(tessera.CompileError, match=r"entry point 'f' has a 'index' in its signature"):
        tessera.compile_module("func.func @f(%i: index) -> index { return %i : index }")


def test_an_op_the_cpu_pipeline_cannot_lower_is_a_compile_error_at_its_line():
    source = ("func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {\n"
              "  %r = emitc.literal \"1.0\" : f32\n"
              "  %e = tensor.empty() : tensor<4xf32>\n"
              "  %f = linalg.fill ins(%r : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>\n"
              "  return %f : tensor<4xf32>\n}")
    with pytest.raises(tessera.CompileError, match=r'loc\("-":2:8\): error: cannot be converted to LLVM IR.*emitc.literal'):
        tessera.compile_module(source)


@pytest.fixture(scope="module")
def matvec():
    return tessera.compile_module(
        build_module([("float32", (DYNAMIC, 3)), ("float32", (3,))], lambda m, v: ts.DotOp(m, v).result)
    )


@pytest.mark.parametrize(
    "inputs,error,message",
    [
        ((np.zeros((2, 3), np.float64), np.zeros(3, np.float32)), TypeError,
         "input 0 of 'f' has dtype float64, expected float32"),
        ((np.zeros(3, np.float32), np.zeros(3, np.float32)), TypeError, "input 0 of 'f' has rank 1, expected 2"),
        ((np.zeros((2, 4), np.float32), np.zeros(3, np.float32)), ValueError,
         r"input 0 of 'f' has shape \(2,4\), expected \(\?,3\)"),
        ((np.zeros((2, 3), np.float32),), TypeError, "'f' takes 2 inputs, got 1"),
    ],
)
def test_mismatched_call_inputs_raise_the_error_of_the_table(matvec, inputs, error, message):
    with pytest.raises(error, match=message):
        matvec.call("f", *inputs)


def test_an_input_of_an_unsupported_dtype_raises_type_error(matvec):
    with pytest.raises(TypeError, match="input 0 has a dtype Tessera does not support"):
        matvec.call("f", np.zeros((2, 3), np.uint8), np.zeros(3, np.float32))
    # The executable still works afterwards.
    (result,) = matvec.call("f", np.ones((2, 3), np.float32), np.ones(3, np.float32))
    np.testing.assert_array_equal(result, [3, 3])


def test_unknown_function_name(matvec):
    with pytest.raises(KeyError, match="no function named 'g'"):
        matvec.call("g")


def test_an_allocation_that_cannot_succeed_raises_memory_error():
    """Generated code checks the size arithmetic and the allocation itself."""
    n = T.lscalar("n")
    f = tessera.function([n], T.alloc(0.0, n, n))  # allocated on this line
    line = test_an_allocation_that_cannot_succeed_raises_memory_error.__code__.co_firstlineno + 3
    with pytest.raises(MemoryError, match=rf"Cannot allocate 400000000000000 bytes for the result of "
                                          rf"tessera.alloc \(created at .*test_errors.py:{line}\): out of memory"):
        f(10**7)
    with pytest.raises(MemoryError, match=r"tessera.alloc .*: its size in bytes overflows"):
        f(2**62)
    np.testing.assert_array_equal(f(2), np.zeros((2, 2), np.float32))  # And it still works.
    with pytest.raises(MemoryError, match="out of memory"):
        tessera.function([], T.alloc(0.0, 10**7, 10**7))()


def test_static_sizes_beyond_any_buffer_raise_memory_error_when_built():
    line = test_static_sizes_beyond_any_buffer_raise_memory_error_when_built.__code__.co_firstlineno + 4
    with pytest.raises(MemoryError, match=rf"result of tessera.alloc \(created at .*test_errors.py:{line}\): "
                                          r"its 36893488147419103232 bytes are more than 2\*\*62"):
        T.zeros((2**31, 2**31))  # float64: 2**65 bytes
    with pytest.raises(MemoryError, match="result of tessera.reshape"):
        T.dvector().reshape((2**40, 2**30))
    assert T.zeros((2**28, 2**31), dtype="int8").type.shape == (2**28, 2**31)  # 2**59 bytes: built


def test_negative_sizes_raise_value_error():
    n = T.lscalar("n")
    f = tessera.function([n], T.zeros((3, n)))
    with pytest.raises(ValueError, match="size -4 of dimension 1 is negative"):
        f(-4)
    with pytest.raises(ValueError, match="'tessera.alloc' size -1 of dimension 0 is negative"):
        T.zeros((-1, 3))


@pytest.mark.parametrize("shape,message", [([-2, -3], "size -2 of dimension 0 is negative"),
                                           ([-1, -1], "the shape has 2 sizes of -1; at most one may be -1"),
                                           ([4, 2], "the input has 6 elements, the requested shape 8")])
def test_symbolic_reshape_checks_its_sizes(shape, message):
    x, s = T.dvector("x"), T.lvector("s")
    f = tessera.function([x, s], x.reshape(s, ndim=2))
    with pytest.raises(ValueError, match=message):
        f(np.arange(6.0), shape)
    np.testing.assert_array_equal(f(np.arange(6.0), [3, -1]), np.arange(6.0).reshape(3, 2))


def test_a_check_inside_a_loop_stops_the_loop_and_reaches_the_caller():
    """tessera-lower-checks guards checks in nested regions: the body of the failing
    iteration stops, later bodies are skipped, and the first failure is reported."""
    source = """
    func.func @f(%a: tensor<?xf64>, %b: tensor<?xf64>, %n: tensor<i64>) -> tensor<?xf64> {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %steps = tensor.extract %n[] : tensor<i64>
      %stop = arith.index_cast %steps : i64 to index
      %r = scf.for %i = %c0 to %stop step %c1 iter_args(%acc = %a) -> (tensor<?xf64>) {
        %next = tessera.add %acc, %b : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> loc("loop.py":4:0)
        scf.yield %next : tensor<?xf64>
      }
      return %r : tensor<?xf64>
    }"""
    f = tessera.compile_module(source)
    np.testing.assert_array_equal(f.call("f", np.zeros(3), np.ones(3), np.int64(4))[0], np.full(3, 4.0))
    with pytest.raises(ValueError, match=r"Input dimension mismatch in tessera.add \(created at loop.py:4\): "
                                         r"input\[0\].shape\[0\] = 3, input\[1\].shape\[0\] = 2"):
        f.call("f", np.zeros(3), np.ones(2), np.int64(4))
    with pytest.raises(ValueError, match="Input dimension mismatch"):
        tessera.compile_module(source, unit_inner_strides=False).call("f", np.zeros(2), np.ones(3), np.int64(1))


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads Linux's /proc")
def test_a_failed_call_frees_what_it_allocated():
    # The check on the index needs y's values, so it runs after y's 32 MB
    # buffer exists; the runtime frees that buffer when the check fails.
    x = T.dvector("x")
    y = T.exp(x)
    f = tessera.function([x], y[T.cast(y[0], "int64")])
    values = np.zeros(4_000_000)
    values[0] = np.log(5e6)  # y[0] = 5e6: out of range.
    with pytest.raises(IndexError):
        f(values)
    before = resident_bytes()
    for _ in range(20):
        with pytest.raises(IndexError):
            f(values)
    assert resident_bytes() - before < 64 * 2**20
    values[0] = np.log(3.0)
    assert f(values) == 1.0  # y[3] = exp(0)
