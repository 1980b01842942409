"""`tessera.config` (defined here): the flags that steer compilation, as Theano's `theano.config`.

Sources, lowest precedence first: `~/.theanorc` (once the Theano aliases are
installed), `~/.tesserarc` (INI files, section `[global]`), `THEANO_FLAGS` (idem),
`TESSERA_FLAGS` (`key=value,key=value`), then assignments in code
(`tessera.config.floatX = 'float32'`). Every value is checked when it is set.
"""

from __future__ import annotations

import configparser
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class _Flag:
    default: Any
    check: Callable[[Any], Any]
    doc: str


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        value = str(value)
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(map(repr, allowed))}, not {value!r}")
        return value

    return check


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"must be a boolean (True/False, 1/0), not {value!r}")


def _count(value: Any) -> int:
    try:
        count = int(str(value).strip())
    except ValueError:
        raise ValueError(f"must be a whole number, not {value!r}") from None
    if count < 0:
        raise ValueError(f"must be 0 or more, not {count}")
    return count


def _omp_num_threads() -> int:
    """OMP_NUM_THREADS, which Theano's users set to limit its threads; 0
    (every core) where it is unset or not a number."""
    text = os.environ.get("OMP_NUM_THREADS", "").strip()
    return int(text) if text.isdigit() else 0


def _device(value: Any) -> str:
    value = str(value)
    if value == "cpu" or re.fullmatch(r"cuda\d*|gpu\d*", value):
        return value
    raise ValueError(f"must be 'cpu', 'cuda' or 'cudaN', not {value!r}")


_FLAGS: dict[str, _Flag] = {
    "floatX": _Flag("float64", _choice("float64", "float32", "float16"),
                    "dtype of T.scalar(), T.matrix(), ... and of float constants"),
    "device": _Flag("cpu", _device, "where compiled functions run"),
    "mode": _Flag("FAST_RUN", _choice("FAST_RUN", "FAST_COMPILE", "DEBUG_MODE", "NanGuardMode"),
                  "default compilation mode of function()"),
    "optimizer": _Flag("fast_run", _choice("fast_run", "fast_compile", "None"), "graph rewrites to apply"),
    "profile": _Flag(False, _boolean, "collect per-operation times in every function"),
    "profile_memory": _Flag(False, _boolean, "collect memory use when profiling"),
    "exception_verbosity": _Flag("low", _choice("low", "high"), "detail of run-time error messages"),
    "compute_test_value": _Flag("off", _choice("off", "ignore", "warn", "raise"),
                                "evaluate test values while building graphs"),
    "print_ir_after_each_pass": _Flag(False, _boolean, "print the IR after each compiler pass of "
                                      "every function compiled, to sys.stderr"),
    "openmp": _Flag(True, _boolean, "run large loops on several threads (Theano's flag; Tessera's "
                    "threads are its runtime's, not OpenMP's)"),
    "openmp_elemwise_minsize": _Flag(200000, _count, "loops over fewer elements stay on one thread"),
    "num_threads": _Flag(_omp_num_threads(), _count,
                         "the most threads a function uses (0: every core the process may run on; "
                         "OMP_NUM_THREADS sets the default)"),
    "compiledir": _Flag(str(Path.home() / ".tessera"), str, "where compiled artefacts are cached"),
}


class Config:
    """The flags. Reading an unknown flag raises AttributeError; setting a flag to an
    invalid value raises ValueError naming the flag and what it accepts."""

    def __init__(self) -> None:
        object.__setattr__(self, "_values", {name: flag.default for name, flag in _FLAGS.items()})
        object.__setattr__(self, "_set_in_code", {})

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        raise AttributeError(f"tessera.config has no flag {name!r}; flags: {', '.join(sorted(values))}")

    def __setattr__(self, name: str, value: Any) -> None:
        self._set(name, value)
        self._set_in_code[name] = self._values[name]

    def _set(self, name: str, value: Any) -> None:
        if name not in _FLAGS:
            raise AttributeError(f"tessera.config has no flag {name!r}; flags: {', '.join(sorted(_FLAGS))}")
        try:
            self._values[name] = _FLAGS[name].check(value)
        except ValueError as error:
            raise ValueError(f"config.{name} {error}") from None

    def __dir__(self) -> list[str]:
        return sorted(_FLAGS)

    def __str__(self) -> str:
        return "\n".join(f"{name} = {self._values[name]!r}    # {_FLAGS[name].doc}" for name in sorted(_FLAGS))

    def apply_flags(self, text: str, source: str) -> None:
        """Applies `key=value,key=value` (unknown keys warn, as in Theano)."""
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep:
                raise ValueError(f"{source}: {item!r} is not of the form key=value")
            if key not in _FLAGS:
                warnings.warn(f"{source}: unknown flag {key!r} ignored", stacklevel=2)
                continue
            self._set(key, value.strip())

    def apply_rc_file(self, path: Path) -> None:
        """Applies the `[global]` section of an INI file, if the file exists."""
        if not path.is_file():
            return
        parser = configparser.ConfigParser()
        parser.optionxform = str  # Flag names are case-sensitive (floatX).
        parser.read(path)
        if parser.has_section("global"):
            self.apply_flags(",".join(f"{k}={v}" for k, v in parser.items("global")), str(path))


def _load(theano_sources: bool) -> Config:
    config = Config()
    home = Path.home()
    if theano_sources:
        config.apply_rc_file(home / ".theanorc")
    config.apply_rc_file(home / ".tesserarc")
    if theano_sources:
        config.apply_flags(os.environ.get("THEANO_FLAGS", ""), "THEANO_FLAGS")
    config.apply_flags(os.environ.get("TESSERA_FLAGS", ""), "TESSERA_FLAGS")
    return config


config = _load(theano_sources=False)


def reload(theano_sources: bool) -> None:
    """Rereads every source (the Theano ones too if `theano_sources`); values assigned
    in code still win. Called when the Theano aliases are installed."""
    fresh = _load(theano_sources)
    fresh._values.update(config._set_in_code)
    object.__setattr__(config, "_values", fresh._values)
