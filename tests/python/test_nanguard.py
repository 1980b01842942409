"""NanGuardMode: the first NaN, Inf or huge value a function computes stops
the call with an AssertionError naming the op that produced it, its source
line and what it was computed from."""

import numpy as np
import pytest

import tessera
import tessera.tensor as T
from tessera.compile.mode import Mode, NanGuardMode, get_mode


def guarded(inputs, output, **flags):
    return tessera.function(inputs, output, mode=NanGuardMode(**flags))


def test_nan_names_the_op_its_line_and_its_inputs():
    x = T.dvector("x")
    y = T.log(x - 1)  # the line the error names
    line = y.owner.source[1]
    f = guarded([x], y * 2)
    np.testing.assert_allclose(f([3.0, 5.0]), 2 * np.log([2.0, 4.0]))
    with pytest.raises(AssertionError) as error:
        f([3.0, -1.0])
    message = str(error.value)
    assert message.startswith("NaN detected in the output of tessera.log")
    assert f"test_nanguard.py:{line}" in message
    assert "computed from tessera.sub" in message


def test_inf_and_big_values():
    x = T.dvector("x")
    f = guarded([x], T.exp(x) + 1)
    with pytest.raises(AssertionError, match="Inf detected in the output of tessera.exp"):
        f([1000.0])
    with pytest.raises(AssertionError, match=r"Big value \(\|x\| > 1e10\) detected in the output of tessera.exp"):
        f([30.0])
    # Each kind can be allowed.
    lenient = guarded([x], T.exp(x) + 1, inf_is_error=False, big_is_error=False)
    assert np.isinf(lenient([1000.0])[0])


def test_bad_inputs_are_named():
    x = T.dvector("x")
    f = guarded([x], x * 2)
    with pytest.raises(AssertionError, match="NaN detected in input 0 of the function"):
        f([np.nan])


def test_integers_are_not_checked():
    i = T.lvector("i")
    f = guarded([i], i * 10 ** 11)
    assert f([1])[0] == 10 ** 11


def test_mode_by_name_and_objects():
    assert get_mode("NanGuardMode").nan_guard == (True, True, True)
    assert get_mode(None).nan_guard == (False, False, False)
    assert get_mode(Mode(optimizer="fast_compile")).optimizer_level == "fast_compile"
    x = T.dvector("x")
    f = tessera.function([x], T.sqrt(x), mode="NanGuardMode")
    with pytest.raises(AssertionError, match="tessera.sqrt"):
        f([-1.0])
    with pytest.raises(ValueError, match="the optimizers are"):
        Mode(optimizer="O3")
