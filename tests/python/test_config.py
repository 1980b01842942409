"""tessera.config reads ~/.tesserarc and TESSERA_FLAGS; the Theano aliases add
~/.theanorc and THEANO_FLAGS, with Tessera's sources taking precedence."""

import os
import subprocess
import sys


def config_in_subprocess(tmp_path, code, env=None, files=None):
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_FLAGS")}
    environment.update(HOME=str(tmp_path), **(env or {}))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_defaults(tmp_path):
    assert config_in_subprocess(tmp_path, "import tessera; print(tessera.config.floatX)") == "float64"


def test_tesserarc_and_flags(tmp_path):
    code = "import tessera; c = tessera.config; print(c.floatX, c.exception_verbosity)"
    rc = {".tesserarc": "[global]\nfloatX = float32\nexception_verbosity = high\n"}
    assert config_in_subprocess(tmp_path, code, files=rc) == "float32 high"
    flags = {"TESSERA_FLAGS": "floatX=float16"}
    assert config_in_subprocess(tmp_path, code, env=flags, files=rc) == "float16 high"


def test_theano_sources_are_read_once_the_aliases_are_installed(tmp_path):
    code = ("import tessera; print(tessera.config.floatX); import tessera.compat.theano; import theano; "
            "print(theano.config.floatX, theano.config.device)")
    env = {"THEANO_FLAGS": "floatX=float32,device=cpu"}
    assert config_in_subprocess(tmp_path, code, env=env).split("\n") == ["float64", "float32 cpu"]
    # TESSERA_FLAGS wins over THEANO_FLAGS; an assignment in code wins over both.
    env["TESSERA_FLAGS"] = "floatX=float16"
    assert config_in_subprocess(tmp_path, code, env=env).split("\n")[1] == "float16 cpu"
    code = ("import tessera; tessera.config.floatX = 'float64'; import tessera.compat.theano; "
            "import theano; print(theano.config.floatX)")
    assert config_in_subprocess(tmp_path, code, env=env) == "float64"
    rc = {".theanorc": "[global]\nfloatX = float32\n"}
    code = "import tessera.compat.theano, theano; print(theano.config.floatX)"
    assert config_in_subprocess(tmp_path, code, files=rc) == "float32"


def test_theano_aliases(tmp_path):
    code = ("import tessera.compat.theano; import theano, theano.tensor as T; from theano import function, shared; "
            "import tessera; print(theano is tessera, T is tessera.tensor, function is tessera.function)")
    assert config_in_subprocess(tmp_path, code) == "True True True"


def test_theano_submodules_are_tesseras(tmp_path):
    code = ("import tessera.compat.theano; import tessera.tensor as TT; "
            "from theano.tensor import nnet, nlinalg, slinalg, subtensor, sort, extra_ops; "
            "from theano.tensor.extra_ops import cumsum; "
            "print(nnet is TT.nnet, nlinalg is TT.nlinalg, slinalg is TT.slinalg, subtensor is TT.subtensor, "
            "sort is TT.sort, cumsum is TT.cumsum)")
    assert config_in_subprocess(tmp_path, code) == "True True True True True True"
