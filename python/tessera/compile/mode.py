"""Compilation modes, as Theano's: `Mode` (which rewrites the optimization
phase applies), `DebugMode` (checks the optimized function against the
unoptimized graph on every call) and `NanGuardMode` (checks every computed
value for NaN, infinities and huge magnitudes). `function(mode=...)` takes one of them or
a predefined mode's name; `config.mode` is the default."""

from __future__ import annotations

from typing import Any

from tessera.configuration import config

# Theano's optimizer names -> the optimization phase's levels.
_LEVELS = {"fast_run": "fast_run", "fast_compile": "fast_compile", "None": "none", None: "none"}


class Mode:
    """A compilation mode: `optimizer` is 'fast_run' (every rewrite),
    'fast_compile' (what correctness needs: gradients are expanded) or
    'None' (no rewrite); 'default' follows `config.optimizer`. `pipeline`, a
    pass pipeline in tessera-opt's syntax (e.g. "tessera-autodiff,cse"),
    replaces the optimization phase that `optimizer` selects, to try passes
    and their options; it must expand gradients (tessera-autodiff). `linker`
    is accepted for Theano's signature: Tessera has one linker, the compiled
    code."""

    def __init__(self, linker: Any = None, optimizer: Any = "default", pipeline: str | None = None):
        if optimizer != "default" and optimizer not in _LEVELS:
            raise ValueError(f"Mode(optimizer={optimizer!r}): the optimizers are 'fast_run', "
                             "'fast_compile', 'None' and 'default' (config.optimizer)")
        if pipeline is not None and not isinstance(pipeline, str):
            raise TypeError(f"Mode(pipeline={pipeline!r}): a pipeline is a string in "
                            "tessera-opt's syntax, e.g. 'tessera-autodiff,cse'")
        self.linker = linker
        self.optimizer = optimizer
        self.pipeline = pipeline or ""

    @property
    def optimizer_level(self) -> str:
        """The level of `tessera-optimize-pipeline`: 'fast_run', 'fast_compile' or 'none'."""
        optimizer = config.optimizer if self.optimizer == "default" else self.optimizer
        return _LEVELS[optimizer]

    @property
    def nan_guard(self) -> tuple[bool, bool, bool]:
        """Which values are errors when computed: (NaN, infinite, |x| > 1e10)."""
        return (False, False, False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(optimizer={self.optimizer!r})"


class NanGuardMode(Mode):
    """Theano's NanGuardMode: each value a function computes (and each float
    input) is checked as it is produced; the first NaN (`nan_is_error`), Inf
    (`inf_is_error`) or value above 1e10 in magnitude (`big_is_error`) stops
    the call with an AssertionError naming the op that produced it, where it
    was created, and the values it was computed from. None means True."""

    def __init__(self, nan_is_error: bool | None = None, inf_is_error: bool | None = None,
                 big_is_error: bool | None = None, optimizer: Any = "default", linker: Any = None):
        super().__init__(linker=linker, optimizer=optimizer)
        self.nan_is_error = True if nan_is_error is None else bool(nan_is_error)
        self.inf_is_error = True if inf_is_error is None else bool(inf_is_error)
        self.big_is_error = True if big_is_error is None else bool(big_is_error)

    @property
    def nan_guard(self) -> tuple[bool, bool, bool]:
        return (self.nan_is_error, self.inf_is_error, self.big_is_error)


class DebugMode(Mode):
    """Theano's DebugMode: each call also runs the unoptimized graph (the
    optimization phase at optimizer 'None': gradients expanded, nothing
    rewritten) on the same inputs and compares every output and update. When
    one differs beyond the dtype's tolerance, the compiler is run again on
    parts of the optimization phase, bisecting over its passes and then over
    the pattern applications of the pass that changed the result, and the
    call raises `tessera.compile.debugmode.BadOptimization` naming the
    rewrite, the op it rewrote and where that op was created. Where the
    unoptimized graph gives an Inf or a NaN and the optimized one a finite
    value, the results agree: removing those is what stability rewrites are
    for (as Theano's values_eq_approx_remove_inf_nan)."""

    def __init__(self, optimizer: Any = "fast_run", linker: Any = None, pipeline: str | None = None):
        super().__init__(linker=linker, optimizer=optimizer, pipeline=pipeline)


# The predefined modes, by the names Theano gives them.
_PREDEFINED = {
    "FAST_RUN": lambda: Mode(optimizer="default"),
    "FAST_COMPILE": lambda: Mode(optimizer="fast_compile"),
    "DEBUG_MODE": DebugMode,
    "NanGuardMode": NanGuardMode,
}


def get_mode(mode: Any) -> Mode:
    """The Mode that `mode` names: None (config.mode), a predefined mode's
    name, or a Mode itself."""
    if mode is None:
        mode = config.mode
    if isinstance(mode, Mode):
        return mode
    if not isinstance(mode, str):
        raise TypeError(f"function(mode={mode!r}): a mode is a Mode or one of the names "
                        f"{', '.join(map(repr, _PREDEFINED))}")
    if mode not in _PREDEFINED:
        raise ValueError(f"function(mode={mode!r}): unknown mode; modes are "
                         f"{', '.join(map(repr, _PREDEFINED))}")
    return _PREDEFINED[mode]()
