"""function(), shared variables, updates, givens and eval."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T


def test_one_output_returns_an_array_and_a_list_returns_a_list():
    x = T.dvector("x")
    single = tessera.function([x], x * 2)
    several = tessera.function([x], [x * 2, x + 1])
    np.testing.assert_array_equal(single([1.0, 2.0]), [2.0, 4.0])
    doubled, incremented = several([1.0, 2.0])
    np.testing.assert_array_equal(doubled, [2.0, 4.0])
    np.testing.assert_array_equal(incremented, [2.0, 3.0])
    assert isinstance(tessera.function([x], [x])([1.0]), list)


def test_scalar_outputs_are_0d_arrays():
    x, y = T.dscalars("x", "y")
    result = tessera.function([x, y], 3 * x + x * y + 3 * y)(1, 1)
    assert isinstance(result, np.ndarray) and result.shape == () and result == 7.0


def test_updates_use_the_values_before_the_call():
    a = tessera.shared(np.float64(1.0), name="a")
    b = tessera.shared(np.float64(10.0), name="b")
    swap = tessera.function([], [a, b], updates=[(a, b), (b, a)])
    assert [float(v) for v in swap()] == [1.0, 10.0]
    assert (a.get_value(), b.get_value()) == (10.0, 1.0)


def test_updates_as_a_dict_and_shared_values_across_functions():
    count = tessera.shared(0, name="count")
    step = T.lscalar("step")
    increase = tessera.function([step], [], updates={count: count + step})
    read = tessera.function([], count * 10)
    increase(5)
    increase(2)
    assert count.get_value() == 7
    assert read() == 70


def test_shared_get_set_and_borrow():
    value = np.arange(3.0)
    s = tessera.shared(value)
    value[0] = 100
    assert s.get_value()[0] == 0  # shared() copied.
    copy = s.get_value()
    copy[1] = 100
    assert s.get_value()[1] == 1  # get_value() copies.
    s.get_value(borrow=True)[2] = 42
    assert s.get_value()[2] == 42  # borrow gives the internal array.
    s.set_value([5.0, 6.0])
    np.testing.assert_array_equal(s.get_value(), [5.0, 6.0])
    assert s.broadcastable == (False,)
    assert tessera.shared(np.ones((1, 3)), broadcastable=(True, False)).broadcastable == (True, False)
    with pytest.raises(TypeError, match="wrong number of dimensions"):
        s.set_value(np.ones((2, 2)))


def test_givens_replace_a_variable():
    x, y = T.dscalars("x", "y")
    f = tessera.function([y], x * 2 + y, givens=[(x, y * 10)])
    assert f(1.0) == 21.0


def test_givens_with_a_shared_state():
    state = tessera.shared(0, name="state")
    inc = T.iscalar("inc")
    foo = T.scalar(dtype=state.dtype)
    skip = tessera.function([inc, foo], state * 2 + inc, givens=[(state, foo)])
    assert skip(1, 3) == 7 and state.get_value() == 0


def test_allow_input_downcast():
    x = T.fvector()
    f = tessera.function([x], x * 2, allow_input_downcast=True)
    result = f(np.array([1.5, 2.5], dtype=np.float64))
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, [3.0, 5.0])


def test_python_scalars_and_lists_are_accepted_when_lossless():
    x = T.fvector()
    f = tessera.function([x], x + 1)
    np.testing.assert_array_equal(f([0.5, 1, 2]), [1.5, 2, 3])
    with pytest.raises(TypeError, match="loses precision"):
        f([0.1])
    i = T.bscalar()
    g = tessera.function([i], i * 1)
    assert g(100) == 100
    with pytest.raises(TypeError, match="cannot convert 300 to TensorType.int8, scalar.: .*out of bounds"):
        g(300)


def test_narrower_arrays_are_upcast():
    x = T.dvector()
    f = tessera.function([x], x * 2)
    np.testing.assert_array_equal(f(np.array([1, 2], dtype=np.int32)), [2.0, 4.0])


def test_on_unused_input():
    x, y = T.dvectors("x", "y")
    with pytest.raises(tessera.UnusedInputError, match=r"input 1 \(y\).*on_unused_input"):
        tessera.function([x, y], x * 2)
    with pytest.warns(UserWarning, match="not used"):
        tessera.function([x, y], x * 2, on_unused_input="warn")
    f = tessera.function([x, y], x * 2, on_unused_input="ignore")
    np.testing.assert_array_equal(f([1.0], [9.0, 9.0]), [2.0])


def test_keyword_arguments_and_name():
    x, y = T.dscalars("x", "y")
    f = tessera.function([x, y], x - y, name="difference")
    assert f(y=1.0, x=5.0) == 4.0
    assert f.name == "difference"
    assert "func.func @difference" in f.ir()


def test_emitted_ir_carries_the_source_line_and_final_ir_is_llvm():
    x = T.dvector()
    line = test_emitted_ir_carries_the_source_line_and_final_ir_is_llvm.__code__.co_firstlineno + 3
    f = tessera.function([x], T.exp(x))
    assert "tessera.exp" in f.ir()
    assert f'test_function.py":{line}' in f.ir().replace(__file__, "test_function.py") or \
        f"test_function.py:{line}" in f.ir()
    assert "llvm.func @_mlir_ciface_" in f.ir("final")


def test_eval():
    x, y = T.dmatrices("x", "y")
    z = x + y
    np.testing.assert_array_equal(z.eval({x: [[1, 2], [3, 4]], y: [[10, 20], [30, 40]]}), [[11, 22], [33, 44]])
    np.testing.assert_array_equal(z.eval({x: [[1.0]], y: [[2.0]]}), [[3.0]])  # Compiled once, reused.
    assert len(z._eval_cache) == 1
    np.testing.assert_array_equal(T.arange(3).eval(), [0, 1, 2])
    with pytest.raises(tessera.UnusedInputError):
        (x * 2).eval({x: [[1.0]], y: [[1.0]]})


def test_functions_with_no_inputs_or_outputs():
    counter = tessera.shared(np.int64(0))
    tick = tessera.function([], updates=[(counter, counter + 1)])
    assert tick() == []
    tick()
    assert counter.get_value() == 2


@pytest.mark.parametrize("mode", ["FAST_RUN", "FAST_COMPILE"])
def test_tessera_opt_reproduces_the_final_ir_from_the_emitted_ir(tmp_path, mode):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    x, y = T.fmatrices("x", "y")
    f = tessera.function([x, y], T.exp(T.tanh(x * y)).sum(axis=1), mode=mode)
    emitted = tmp_path / "emitted.mlir"
    emitted.write_text(f.ir())
    beside_python = Path(sys.executable).with_name("tessera-opt")
    tool = str(beside_python) if beside_python.exists() else shutil.which("tessera-opt")
    assert tool, "tessera-opt is not installed in this environment"
    level = mode.lower()
    assert f.pipeline.startswith(f"tessera-optimize-pipeline{{optimizer={level}}},tessera-cpu-lowering-pipeline{{")
    run = subprocess.run([tool, str(emitted), f"--pass-pipeline=builtin.module({f.pipeline})"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip("\n") == f.ir("final").rstrip("\n")


def test_ir_of_each_phase():
    x = T.dvector("x")
    f = tessera.function([x], T.exp(-(-x)))
    optimized, converted = f.ir("optimized"), f.ir("converted")
    assert "tessera.exp" in optimized and "tessera.neg" not in optimized
    assert "linalg.generic" in converted and "math.exp" in converted and "= tessera." not in converted
    assert "arith.negf" in tessera.function([x], -(-x), mode="FAST_COMPILE").ir("converted")
    with pytest.raises(ValueError, match="'emitted', 'optimized', 'converted' or 'final'"):
        f.ir("lowered")


def test_config_prints_the_ir_after_each_pass(capsys):
    x = T.dvector("x")
    tessera.config.print_ir_after_each_pass = True
    try:
        tessera.function([x], T.exp(x) + 1)
    finally:
        tessera.config.print_ir_after_each_pass = False
    printed = capsys.readouterr().err
    assert "// -----// IR Dump After TesseraAutodiff (tessera-autodiff) //----- //" in printed
    assert "IR Dump After ConvertFuncToLLVMPass (convert-func-to-llvm)" in printed
    # Upstream's order: the optimization phase first, the LLVM dialect last.
    assert printed.index("tessera.exp") < printed.index("llvm.func")
    tessera.function([x], T.exp(x))
    assert capsys.readouterr().err == ""


def test_mode_pipeline_replaces_the_optimization_phase():
    x = T.dvector("x")
    f = tessera.function([x], -(-x), mode=tessera.compile.mode.Mode(pipeline="tessera-autodiff"))
    assert "tessera.neg" in f.ir("optimized")
    np.testing.assert_array_equal(f([1.0, -2.0]), [1.0, -2.0])
    with pytest.raises(tessera.CompileError, match="in the optimization pipeline 'no-such-pass'"):
        tessera.function([x], x * 2, mode=tessera.compile.mode.Mode(pipeline="no-such-pass"))
