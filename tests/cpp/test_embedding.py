"""The C++ embedding example builds against the installed CMake package and runs."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import tessera.sdk

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "embed_cpp"


@pytest.fixture(scope="module")
def example_binary(tmp_path_factory) -> Path:
    if not shutil.which("cmake"):
        pytest.skip("cmake is not installed")
    build = tmp_path_factory.mktemp("embed_cpp")
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    subprocess.run(
        ["cmake", "-S", str(EXAMPLE), "-B", str(build), *generator,
         f"-DTessera_DIR={tessera.sdk.cmake_dir()}", "-DCMAKE_BUILD_TYPE=Release"],
        check=True, capture_output=True, text=True,
    )
    subprocess.run(["cmake", "--build", str(build)], check=True, capture_output=True, text=True)
    return build / "embed_example"


def test_public_header_needs_only_the_standard_library():
    """Compiler.h includes the standard library and Tessera's own dtype table, which
    includes nothing."""
    headers = tessera.sdk.include_dir() / "tessera"
    header = (headers / "Compiler.h").read_text()
    includes = [line.split()[1] for line in header.splitlines() if line.startswith("#include")]
    own = [i for i in includes if i.startswith('"')]
    assert own == ['"tessera/DTypes.def"'], includes
    assert all(i.startswith("<") and "/" not in i for i in includes if i not in own), includes
    assert "#include" not in (headers / "DTypes.def").read_text()


def test_embedding_example_runs_and_matches(example_binary):
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    run = subprocess.run([str(example_binary)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    # Row 1 of exp(x + b) with x = 0.1 * [3, 4, 5], b = [0.5, -1, 0.25]; x . [1, 2, 3].
    assert lines[1].startswith("affine_exp: 2.225541 0.548812 2.117000  matvec: 2.600000")
    assert "square: right" in run.stdout
    assert "bad call: input 0 of 'matvec' has rank 1, expected 2" in run.stdout
    assert "lowered IR: has the entry points" in run.stdout  # After its Compiler is gone.
    assert lines[-1] == "OK"


def test_embedding_example_calls_the_wheel_s_blas(example_binary):
    import scipy_openblas64

    library = Path(scipy_openblas64.get_lib_dir()) / scipy_openblas64.get_library(fullname=True)
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    run = subprocess.run([str(example_binary), str(library)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("BLAS loaded\n")
    assert "square: right" in run.stdout


def test_loading_something_else_than_openblas_is_an_error(example_binary):
    run = subprocess.run([str(example_binary), "/nonexistent/libblas.so"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "cannot load BLAS from '/nonexistent/libblas.so'" in run.stderr
