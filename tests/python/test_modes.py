"""Compilation modes and settings: each one either works or says it is not
implemented yet; none is silently ignored."""

import warnings

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera import config
from tessera.compile import function as function_module


@pytest.fixture
def restore_config():
    saved = {name: getattr(config, name) for name in dir(config)}
    function_module._warned.clear()
    yield
    for name, value in saved.items():
        setattr(config, name, value)


def double_negation():
    x = T.dvector("x")
    return x, -(-x)


@pytest.mark.parametrize("mode,optimized", [(None, True), ("FAST_RUN", True), ("FAST_COMPILE", False)])
def test_modes_select_the_optimization_phase(mode, optimized):
    x, y = double_negation()
    f = tessera.function([x], y, mode=mode)
    np.testing.assert_array_equal(f([1.0, -2.0]), [1.0, -2.0])
    # FAST_RUN's simplification removes both negations; FAST_COMPILE keeps them.
    assert ("tessera.neg" in f.ir("optimized")) != optimized


@pytest.mark.parametrize("optimizer,optimized", [("fast_run", True), ("fast_compile", False), ("None", False)])
def test_config_optimizer_steers_fast_run(restore_config, optimizer, optimized):
    config.optimizer = optimizer
    x, y = double_negation()
    assert ("tessera.neg" in tessera.function([x], y).ir("optimized")) != optimized


def test_config_mode_is_the_default_mode(restore_config):
    config.mode = "FAST_COMPILE"
    x, y = double_negation()
    assert "tessera.neg" in tessera.function([x], y).ir("optimized")


def test_unknown_mode_is_a_value_error():
    x = T.dvector("x")
    with pytest.raises(ValueError, match="unknown mode"):
        tessera.function([x], x, mode="FAST")


def test_profiling_is_not_implemented_yet(restore_config):
    x = T.dvector("x")
    with pytest.raises(NotImplementedError, match="profile=True"):
        tessera.function([x], x, profile=True)
    config.profile = True
    with pytest.raises(NotImplementedError, match="config.profile"):
        tessera.function([x], x)
    config.profile = False
    config.profile_memory = True
    with pytest.raises(NotImplementedError, match="memory profiling"):
        tessera.function([x], x)


def test_gpu_device_is_not_implemented_yet(restore_config):
    config.device = "cuda0"
    x = T.dvector("x")
    with pytest.raises(NotImplementedError, match="config.device='cuda0': the GPU backend"):
        tessera.function([x], x)


@pytest.mark.parametrize("flag,value,message", [("exception_verbosity", "high", "do not print the graph"),
                                                ("compute_test_value", "warn", "test values are not computed")])
def test_settings_that_change_no_result_warn_once(restore_config, flag, value, message):
    setattr(config, flag, value)
    x = T.dvector("x")
    with pytest.warns(UserWarning, match=message):
        tessera.function([x], x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tessera.function([x], x)  # Once only.


def test_rebuild_strict_false_is_not_implemented_yet():
    x = T.dvector("x")
    with pytest.raises(NotImplementedError, match="rebuild_strict=False"):
        tessera.function([x], x, rebuild_strict=False)


def test_strict_shared_variables_take_only_their_own_dtype():
    loose = tessera.shared(np.zeros(3, np.float32))
    loose.set_value([1, 2, 3])  # Lossless conversions are fine.
    strict = tessera.shared(np.zeros(3, np.float32), strict=True)
    with pytest.raises(TypeError, match="strict"):
        strict.set_value([1, 2, 3])
    with pytest.raises(TypeError, match="of dtype float64"):
        strict.set_value(np.zeros(3))
    strict.set_value(np.ones(3, np.float32))
    np.testing.assert_array_equal(strict.get_value(), np.ones(3))


def test_allow_downcast_on_a_shared_variable():
    v = tessera.shared(np.zeros(2, np.float32), allow_downcast=True)
    v.set_value(np.array([0.1, 0.2]))  # float64 values
    np.testing.assert_allclose(v.get_value(), [0.1, 0.2], rtol=1e-7)
    with pytest.raises(TypeError, match="allow_input_downcast"):
        tessera.shared(np.zeros(2, np.float32)).set_value(np.array([0.1]))
