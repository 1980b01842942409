"""Tessera: Theano's programming model compiled by MLIR.

Importing tessera loads the upstream `mlir` Python bindings first: their
libMLIRPythonCAPI.so is the one MLIR of the process, and Tessera's native
extension registers its dialect, passes and pipelines into it.
"""

from mlir import ir as _ir  # noqa: F401  (loads the process's one MLIR)
from mlir._mlir_libs import _mlir

# Parsed tessera ops come back as their generated Python classes.
_mlir.globals.append_dialect_search_prefix("tessera.dialects")

from tessera import _tessera  # noqa: E402
from tessera.compiler import CompileError, Executable, compile_module, context  # noqa: E402

__all__ = ["CompileError", "Executable", "compile_module", "context"]
