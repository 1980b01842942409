"""Bad input becomes a Python exception carrying MLIR's diagnostic; the process survives."""

import numpy as np
import pytest

import tessera
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
              "  %c = complex.constant [1.0 : f32, 2.0 : f32] : complex<f32>\n"
              "  %r = complex.abs %c : complex<f32>\n"
              "  %e = tensor.empty() : tensor<4xf32>\n"
              "  %f = linalg.fill ins(%r : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>\n"
              "  return %f : tensor<4xf32>\n}")
    with pytest.raises(tessera.CompileError, match=r'loc\("-":2:8\): error: cannot be converted to LLVM IR.*complex.constant'):
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
        matvec.call("f", np.zeros((2, 3), np.complex64), np.zeros(3, np.float32))
    # The executable still works afterwards.
    (result,) = matvec.call("f", np.ones((2, 3), np.float32), np.ones(3, np.float32))
    np.testing.assert_array_equal(result, [3, 3])


def test_unknown_function_name(matvec):
    with pytest.raises(KeyError, match="no function named 'g'"):
        matvec.call("g")
