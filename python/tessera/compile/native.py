"""Compiling MLIR modules of the tessera dialect and calling them on NumPy arrays:
the native compiler and runtime as Python sees them."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Iterator

import numpy as np
from mlir import ir
from mlir.passmanager import PassManager

from tessera import _tessera
from tessera.dialects.tessera import context

CompileError = _tessera.CompileError
"""Raised when MLIR rejects a module (verifier or pipeline); carries MLIR's diagnostics."""


def _blas_libraries() -> Iterator[str]:
    """Where the OpenBLAS of scipy-openblas64 may be, best first. NumPy's own
    wheels ship that build (in numpy.libs, loaded with NumPy): calling the
    same copy keeps one pool of BLAS threads in the process, whereas two pools
    spinning on the same cores slow each other down tenfold when NumPy's and
    Tessera's products alternate. Then the scipy-openblas64 wheel, which
    Tessera depends on, imported only if NumPy's copy cannot be used: the
    import loads the wheel's library, and with it a second pool."""
    yield from sorted(str(path) for path in
                      (Path(np.__file__).parent.parent / "numpy.libs").glob("libscipy_openblas64_*.so"))
    try:
        import scipy_openblas64
    except ImportError:
        return
    lib_dir = scipy_openblas64.get_lib_dir()
    yield os.path.join(lib_dir, scipy_openblas64.get_library(fullname=True))


def _load_blas() -> None:
    """Loads the first usable BLAS of `_blas_libraries()`, so that large matrix
    products call it; without one they are generated code."""
    errors = []
    for path in _blas_libraries():
        try:
            _tessera.load_blas(path)
            return
        except ValueError as error:
            errors.append(str(error))
    if errors:
        warnings.warn("matrix products will be generated code: " + "; ".join(errors), RuntimeWarning)


_load_blas()


class Executable:
    """A JIT-compiled module: each public function is callable on NumPy arrays."""

    def __init__(self, native: _tessera.Executable):
        self._native = native
        self._index = {name: i for i, (name, _, _) in enumerate(native.functions)}

    @property
    def functions(self) -> list[tuple[str, list, list]]:
        """`[(name, [(dtype, shape)], [(dtype, shape)])]`; None marks a dynamic size."""
        return self._native.functions

    @property
    def optimization_steps(self) -> list[tuple[str, bool, int, str]]:
        """`[(pass, ran, rewrite attempts, last rewrite)]`: each pass execution of
        the optimization phase, in order (`tessera::OptimizationStep`)."""
        return self._native.optimization_steps

    @property
    def lowered_ir(self) -> str:
        """The module after `tessera-cpu-pipeline`: what LLVM compiled."""
        return self._native.lowered_ir

    @property
    def pipeline(self) -> str:
        """The passes of this compile in `tessera-opt`'s syntax, with the options
        chosen for this host (`tessera::Executable::pipeline`)."""
        return self._native.pipeline

    def call(self, name: str, *inputs: np.ndarray) -> list[np.ndarray]:
        """Calls function `name`; inputs are passed without copying."""
        if name not in self._index:
            raise KeyError(f"no function named {name!r}; have {sorted(self._index)}")
        return self._native.call(self._index[name], list(inputs))


def compile_module(module: ir.Module | str, *, ctx: ir.Context | None = None,
                   unit_inner_strides: bool = True, optimizer: str = "fast_run",
                   optimization_pipeline: str = "",
                   nan_guard: tuple[bool, bool, bool] = (False, False, False),
                   optimization_limit: tuple[int, int] = (-1, -1),
                   print_ir_after_each_pass: bool = False, blas: bool = True,
                   threads: int = 0, parallel_min_work: int = 200000) -> Executable:
    """Lowers `module` (an `mlir.ir.Module` or MLIR text) with `tessera-cpu-pipeline`
    and JIT-compiles it. With `unit_inner_strides` (the default) the entry points
    need inputs contiguous in their innermost dimension (and load whole vectors);
    without it they take any strides. `optimizer` ('fast_run', 'fast_compile' or
    'none') selects the rewrites of the optimization phase, and a non-empty
    `optimization_pipeline` (tessera-opt's syntax) replaces that phase; `nan_guard`
    says whether a NaN, an Inf or a magnitude above 1e10 computed at run time is
    an error (AssertionError, NanGuardMode). `optimization_limit` (passes,
    rewrites) runs only part of the optimization phase (DEBUG_MODE's bisection,
    `tessera::OptimizationLimit`); `print_ir_after_each_pass` writes the IR after
    each pass to sys.stderr. Without `blas`, no matrix product calls BLAS (see
    `tessera-contractions-to-blas`). Parallel loops of at least
    `parallel_min_work` elements run on up to `threads` threads (0: every core
    the process may use; 1: no parallel loops are compiled). Raises
    `CompileError` with MLIR's diagnostics on failure."""
    if isinstance(module, str):
        ctx = ctx or context()
        with ctx:
            try:
                module = ir.Module.parse(module)
            except ir.MLIRError as error:
                raise CompileError(str(error)) from None
    return Executable(_tessera.compile(
        module, unit_inner_strides, optimizer, nan_guard, optimization_limit,
        print_ir_after_each_pass, optimization_pipeline, blas, threads, parallel_min_work))


def optimization_pipeline(optimizer: str = "fast_run", pipeline: str = "") -> str:
    """The optimization phase as a textual pipeline: `pipeline` if given, else
    `tessera-optimize-pipeline` at the level `optimizer`."""
    return pipeline or f"tessera-optimize-pipeline{{optimizer={optimizer}}}"


def phase_ir(module: ir.Module, stage: str, optimizer: str = "fast_run", pipeline: str = "",
             nan_guard: tuple[bool, bool, bool] = (False, False, False)) -> str:
    """`module` with source locations after a phase of the compiler: 'optimized'
    (the optimization phase alone) or 'converted' (then NanGuardMode's checks and
    `tessera-conversion-pipeline`: linalg, tensor, arith, math and scf on tensors,
    what a backend takes)."""
    passes = [optimization_pipeline(optimizer, pipeline)]
    if stage == "converted":
        if any(nan_guard):
            nan, inf, big = (str(flag).lower() for flag in nan_guard)
            passes.append(f"tessera-nan-guard{{check-nan={nan} check-inf={inf} check-big={big}}}")
        passes.append("tessera-conversion-pipeline")
    elif stage != "optimized":
        raise ValueError(f"stage must be 'optimized' or 'converted', not {stage!r}")
    with module.context:
        copy = ir.Module.parse(module.operation.get_asm(enable_debug_info=True))
        try:
            PassManager.parse(f"builtin.module({','.join(passes)})").run(copy.operation)
        except ir.MLIRError as error:
            raise CompileError(str(error)) from None
        return copy.operation.get_asm(enable_debug_info=True)
