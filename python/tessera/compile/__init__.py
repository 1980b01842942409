"""Compiling graphs: `function`, shared variables, modes, and emission to MLIR."""

from tessera.compile.mode import Mode, NanGuardMode, get_mode  # noqa: F401
