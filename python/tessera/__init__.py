"""Tessera: Theano's programming model compiled by MLIR.

    import tessera
    import tessera.tensor as T
    x, y = T.dmatrices('x', 'y')
    f = tessera.function([x, y], T.exp(x) + y)

Importing tessera loads the upstream `mlir` Python bindings first: their
libMLIRPythonCAPI.so is the one MLIR of the process, and Tessera's native
extension registers its dialect, passes and pipelines into it.
"""

from mlir import ir as _ir  # noqa: F401  (loads the process's one MLIR)
from mlir._mlir_libs import _mlir

# Parsed tessera ops come back as their generated Python classes.
_mlir.globals.append_dialect_search_prefix("tessera.dialects")

from tessera import gradient, tensor  # noqa: E402
from tessera.compile.function import Function, MissingInputError, UnusedInputError, function  # noqa: E402
from tessera.compile.native import CompileError, Executable, compile_module  # noqa: E402
from tessera.compile.shared import SharedVariable, shared  # noqa: E402
from tessera.configuration import config  # noqa: E402
from tessera.control.scan import foldl, foldr, map, reduce, scan  # noqa: E402
from tessera.dialects.tessera import context  # noqa: E402
from tessera.gradient import grad  # noqa: E402

__all__ = [
    "CompileError", "Executable", "Function", "MissingInputError", "SharedVariable",
    "UnusedInputError", "compile_module", "config", "context", "foldl", "foldr", "function", "grad",
    "gradient", "map", "reduce", "scan", "shared", "tensor",
]
