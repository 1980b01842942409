"""`import tessera.compat.theano` makes Theano programs run unchanged on Tessera.

After it, `import theano`, `import theano.tensor as T`, `from theano import
function, shared` and `theano.config` resolve to Tessera's modules and objects,
and the Theano configuration sources (`~/.theanorc`, `THEANO_FLAGS`) are read.
"""

from __future__ import annotations

import sys

import tessera
import tessera.compile
import tessera.compile.debugmode
import tessera.compile.mode
import tessera.gradient
import tessera.ifelse
import tessera.scan_module
import tessera.tensor
from tessera import configuration
from tessera.tensor import extra_ops, nlinalg, nnet, slinalg, sort, subtensor

ALIASES = {
    "theano": tessera,
    "theano.gradient": tessera.gradient,
    "theano.tensor": tessera.tensor,
    "theano.compile": tessera.compile,
    "theano.compile.mode": tessera.compile.mode,
    "theano.compile.debugmode": tessera.compile.debugmode,
    "theano.compile.nanguardmode": tessera.compile.mode,
    "theano.ifelse": tessera.ifelse,
    "theano.scan_module": tessera.scan_module,
    # Submodules Theano programs import from, so that each is one module.
    "theano.tensor.nnet": nnet,
    "theano.tensor.nlinalg": nlinalg,
    "theano.tensor.slinalg": slinalg,
    "theano.tensor.subtensor": subtensor,
    "theano.tensor.sort": sort,
    "theano.tensor.extra_ops": extra_ops,
}


def install() -> None:
    """Installs the `theano` module aliases (idempotent)."""
    for name, module in ALIASES.items():
        existing = sys.modules.get(name)
        if existing is not None and existing is not module:
            raise ImportError(f"a real {name!r} module is already imported; import "
                              "tessera.compat.theano before anything imports Theano")
        sys.modules[name] = module
    configuration.reload(theano_sources=True)


install()
