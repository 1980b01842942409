"""Compiling MLIR modules of the tessera dialect and calling them on NumPy arrays:
the native compiler and runtime as Python sees them."""

from __future__ import annotations

import numpy as np
from mlir import ir
from mlir.passmanager import PassManager

from tessera import _tessera
from tessera.dialects.tessera import context

CompileError = _tessera.CompileError
"""Raised when MLIR rejects a module (verifier or pipeline); carries MLIR's diagnostics."""


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
    def lowered_ir(self) -> str:
        """The module after `tessera-cpu-pipeline`: what LLVM compiled."""
        return self._native.lowered_ir

    def call(self, name: str, *inputs: np.ndarray) -> list[np.ndarray]:
        """Calls function `name`; inputs are passed without copying."""
        if name not in self._index:
            raise KeyError(f"no function named {name!r}; have {sorted(self._index)}")
        return self._native.call(self._index[name], list(inputs))


def compile_module(module: ir.Module | str, *, ctx: ir.Context | None = None,
                   unit_inner_strides: bool = True, optimizer: str = "fast_run",
                   nan_guard: tuple[bool, bool, bool] = (False, False, False)) -> Executable:
    """Lowers `module` (an `mlir.ir.Module` or MLIR text) with `tessera-cpu-pipeline`
    and JIT-compiles it. With `unit_inner_strides` (the default) the entry points
    need inputs contiguous in their innermost dimension (and load whole vectors);
    without it they take any strides. `optimizer` ('fast_run', 'fast_compile' or
    'none') selects the rewrites of the optimization phase; `nan_guard` says
    whether a NaN, an Inf or a magnitude above 1e10 computed at run time is an
    error (AssertionError, NanGuardMode). Raises `CompileError` with MLIR's
    diagnostics on failure."""
    if isinstance(module, str):
        ctx = ctx or context()
        with ctx:
            try:
                module = ir.Module.parse(module)
            except ir.MLIRError as error:
                raise CompileError(str(error)) from None
    return Executable(_tessera.compile(module, unit_inner_strides, optimizer, nan_guard))


def optimized_ir(module: ir.Module, optimizer: str = "fast_run") -> str:
    """`module` after the optimization phase alone (`tessera-optimize-pipeline`),
    with source locations: what the rest of the compiler takes."""
    with module.context:
        copy = ir.Module.parse(module.operation.get_asm(enable_debug_info=True))
        PassManager.parse(f"builtin.module(tessera-optimize-pipeline{{optimizer={optimizer}}})").run(
            copy.operation)
        return copy.operation.get_asm(enable_debug_info=True)
