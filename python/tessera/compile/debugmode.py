"""DEBUG_MODE (Theano's DebugMode): every call of a function compiled in a
`DebugMode` is checked against the unoptimized graph, and a difference is
traced to the rewrite that made it by bisecting over how much of the
optimization phase runs (`tessera::OptimizationLimit`): first over its passes,
then over the pattern applications of the pass that changed the result."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from tessera.compile.mode import DebugMode
from tessera.compile.native import CompileError, Executable, compile_module

__all__ = ["BadOptimization", "DebugMode", "DebugModeError"]

# Theano's tolerances for comparing float results (theano.tensor.type):
# (rtol, atol) by the precision of the real part.
_TOLERANCES = {2: (1e-2, 5e-3), 4: (1e-5, 1e-5), 8: (1e-5, 1e-8)}


class DebugModeError(Exception):
    """A check of DEBUG_MODE failed."""


class BadOptimization(DebugModeError, CompileError):
    """A rewrite changed what a function computes: the optimized function and
    the unoptimized graph disagree on the same inputs. The message names the
    rewrite (pattern and pass), the op it rewrote and where that op was
    created."""


def first_difference(expected: np.ndarray, actual: np.ndarray) -> tuple | None:
    """The index of the first element where `actual` is not `expected` within
    the dtype's tolerance (NaN equals NaN; a finite value where `expected` is
    not finite is accepted: removing Infs and NaNs is what stability rewrites
    are for), () for a shape or dtype that differs, or None."""
    if expected.shape != actual.shape or expected.dtype != actual.dtype:
        return ()
    if expected.dtype.kind in "fc":
        rtol, atol = _TOLERANCES[np.finfo(expected.dtype).bits // 8]
        agree = np.isclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)
        agree |= ~np.isfinite(expected) & np.isfinite(actual)
    else:
        agree = expected == actual
    if agree.all():
        return None
    return tuple(int(i) for i in np.unravel_index(np.argmin(agree), agree.shape))


class DebugChecker:
    """Checks the calls of one function: `compile(limit)` compiles its module
    with the mode's optimization phase limited to `limit` ((-1, -1): whole);
    `names[i]` says what result i is ("output 0", "the update of w")."""

    def __init__(self, compile: Callable[..., Executable], names: Sequence[str], describe: str):
        self._compile = compile
        self._names = list(names)
        self._describe = describe
        self._reference = compile(optimizer="none", optimization_pipeline="")
        self._optimized = compile()

    def check(self, arrays: Sequence[np.ndarray], results: Sequence[np.ndarray]) -> None:
        """Raises BadOptimization if `results` (of the optimized function on
        `arrays`) differ from the unoptimized graph's."""
        expected = self._reference._native.call(0, list(arrays))
        for name, want, got in zip(self._names, expected, results):
            index = first_difference(want, got)
            if index is None:
                continue
            if index == ():
                found = (f"a {got.dtype} array of shape {got.shape} where the unoptimized graph "
                         f"gives a {want.dtype} one of shape {want.shape}")
            else:
                found = (f"{got[index].item()!r} at index {index} where the unoptimized graph "
                         f"gives {want[index].item()!r}")
            raise BadOptimization(
                f"DEBUG_MODE: {name} of {self._describe} differs between the optimized function "
                f"and the unoptimized graph: the optimized function gives {found}.\n"
                f"{self._culprit(arrays, expected)}")

    def _differs(self, arrays: Sequence[np.ndarray], expected: Sequence[np.ndarray],
                 limit: tuple[int, int]) -> tuple[bool, Executable | None]:
        try:
            executable = self._compile(optimization_limit=limit)
        except CompileError:
            return True, None  # The partial phase left IR the rest cannot compile.
        results = executable._native.call(0, list(arrays))
        return any(first_difference(w, g) is not None for w, g in zip(expected, results)), executable

    def _bisect(self, low: int, high: int, differs: Callable[[int], bool]) -> int:
        """The smallest n in (low, high] where `differs(n)`, given that
        `differs(low)` is false and `differs(high)` true."""
        while high - low > 1:
            middle = (low + high) // 2
            if differs(middle):
                high = middle
            else:
                low = middle
        return high

    def _culprit(self, arrays: Sequence[np.ndarray], expected: Sequence[np.ndarray]) -> str:
        steps = self._optimized.optimization_steps
        if self._differs(arrays, expected, (0, -1))[0]:
            return ("The passes that always run (gradient expansion) already give this result, "
                    "so no rewrite of the optimization phase is the cause.")
        # Passes [0, n) run whole: the first n that differs ends with the culprit.
        culprit = self._bisect(0, len(steps), lambda n: self._differs(arrays, expected, (n, -1))[0]) - 1
        name, _, attempts, _ = steps[culprit]
        where = f"pass {name} (pass {culprit + 1} of {len(steps)} of the optimization phase)"
        if self._differs(arrays, expected, (culprit, 0))[0]:
            what = "its folders" if name == "canonicalize" else "the pass itself, not one of its patterns"
            return f"The change was made by {where}: {what}."
        last = {}

        def differs(rewrites: int) -> bool:
            changed, executable = self._differs(arrays, expected, (culprit, rewrites))
            if executable is not None:
                last[rewrites] = executable.optimization_steps[culprit][3]
            return changed

        rewrite = self._bisect(0, attempts, differs)
        if rewrite not in last:
            differs(rewrite)
        pattern, _, target = _readable(last[rewrite]).partition(" on ")
        return (f"The rewrite that changed it: pattern {pattern} of {where}, applied to "
                f"{target} (the pass's pattern application {rewrite}).")


def _readable(description: str) -> str:
    """A pattern application as the recorder describes it, without C++'s
    namespace noise."""
    for noise in ("(anonymous namespace)::", "mlir::tessera::", "mlir::"):
        description = description.replace(noise, "")
    return description
