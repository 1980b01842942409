"""Console entry points for the native tools installed inside the package."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import llvm
import mlir._mlir_libs

from tessera.sdk import package_dir


def _wheel_library_dirs() -> list[str]:
    mlir_package = Path(mlir._mlir_libs.__file__).resolve().parent.parent
    return [str(mlir_package / "lib"), str(Path(llvm.__file__).resolve().parent / "lib")]


def tessera_opt() -> None:
    """`tessera-opt`: mlir-opt with the tessera dialect, passes and pipelines."""
    binary = package_dir() / "bin" / "tessera-opt"
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.pathsep.join(
        _wheel_library_dirs() + [p for p in env.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p]
    )
    os.execve(binary, [str(binary), *sys.argv[1:]], env)
