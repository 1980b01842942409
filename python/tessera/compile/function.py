"""`function`: compile a graph into a callable, as Theano's `theano.function`."""

from __future__ import annotations

import re
import warnings
from typing import Any, Sequence

import numpy as np

from tessera.compile.emit import Emitter
from tessera.compile.inputs import to_array
from tessera.compile.debugmode import DebugChecker
from tessera.compile.mode import DebugMode, get_mode
from tessera.compile.native import CompileError, compile_module, phase_ir
from tessera.compile.shared import SharedVariable
from tessera.configuration import config
from tessera.graph import Constant, Variable, clone_replace, graph_inputs, user_source_line
from tessera.tensor.type import as_tensor_variable


_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, stacklevel=4)


def check_settings(profile: Any) -> None:
    """Refuses settings whose feature is not built yet, and warns once about those
    that change no result; nothing is silently ignored."""
    if profile or config.profile:
        raise NotImplementedError("profile=True (config.profile): per-operation profiling is "
                                  "not implemented yet")
    if config.profile_memory:
        raise NotImplementedError("config.profile_memory: memory profiling is not implemented yet")
    if config.device != "cpu":
        raise NotImplementedError(f"config.device={config.device!r}: the GPU backend is not "
                                  "implemented yet; use device='cpu'")
    if config.exception_verbosity == "high":
        _warn_once("exception_verbosity", "config.exception_verbosity='high': run-time errors "
                   "name the operation and its source line, but do not print the graph around "
                   "it yet")
    if config.compute_test_value != "off":
        _warn_once("compute_test_value", f"config.compute_test_value="
                   f"{config.compute_test_value!r}: test values are not computed yet; "
                   "errors are reported when the function is compiled or called")


class UnusedInputError(ValueError):
    """An explicit input of function() that no output or update needs."""


class MissingInputError(ValueError):
    """The outputs need a symbolic input that function() was not given."""


def _pairs(mapping: Any, what: str) -> list[tuple[Any, Any]]:
    if mapping is None:
        return []
    items = list(mapping.items()) if isinstance(mapping, dict) else list(mapping)
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError(f"{what} must be a dict or a list of (variable, expression) pairs, got {item!r}")
    return [tuple(item) for item in items]


def _check_replacement(old: Variable, new: Variable, what: str) -> None:
    if old.type.dtype != new.type.dtype or old.type.ndim != new.type.ndim:
        raise TypeError(
            f"{what}: {new} of type {new.type} cannot replace {old} of type {old.type}; "
            f"the dtype and number of dimensions must match (cast with .astype('{old.type.dtype}'))")
    for dim, (had, has) in enumerate(zip(old.broadcastable, new.broadcastable)):
        if had and not has:
            raise TypeError(
                f"{what}: {old} is broadcastable in dimension {dim} but {new} is not; "
                f"use T.addbroadcast or pass broadcastable= to shared()")


class Function:
    """A compiled function. Calling it runs native code built by the MLIR pipeline."""

    def __init__(self, inputs: Sequence[Variable], outputs: Any = None, updates: Any = None,
                 givens: Any = None, allow_input_downcast: bool | None = None, name: str | None = None,
                 on_unused_input: str = "raise", mode: Any = None, profile: Any = None):
        if on_unused_input not in ("raise", "warn", "ignore"):
            raise ValueError(f"on_unused_input must be 'raise', 'warn' or 'ignore', not {on_unused_input!r}")
        check_settings(profile)
        self._mode = get_mode(mode)
        self._optimizer = self._mode.optimizer_level
        self.name = name
        self._source = user_source_line()
        self._allow_downcast = allow_input_downcast
        self.inputs = self._checked_inputs(inputs)
        # What a call checks of each input, built once (calls are on the hot
        # path): the dtype and rank an array taken as it is must have (no
        # dtype for a type with broadcastable dimensions, whose sizes to_array
        # checks), and how errors name the input.
        self._input_specs = [
            (None if True in v.type.broadcastable else np.dtype(v.type.dtype), v.type.ndim, v.type,
             f"input {index} ({v}) of {self._describe()}")
            for index, v in enumerate(self.inputs)]

        self._single_output = outputs is not None and not isinstance(outputs, (list, tuple))
        output_list = [] if outputs is None else [outputs] if self._single_output else list(outputs)
        outputs_ = [as_tensor_variable(o) for o in output_list]

        self.updates = []
        for variable, expression in _pairs(updates, "updates"):
            if not isinstance(variable, SharedVariable):
                raise TypeError(f"updates: {variable} is not a shared variable; only shared "
                                "variables can be updated")
            expression = as_tensor_variable(expression)
            _check_replacement(variable, expression, f"update of {variable}")
            self.updates.append((variable, expression))
        if len({id(v) for v, _ in self.updates}) != len(self.updates):
            raise ValueError("updates: a shared variable is updated more than once")

        replacements = {}
        for variable, expression in _pairs(givens, "givens"):
            if not isinstance(variable, Variable) or isinstance(variable, Constant):
                raise TypeError(f"givens: {variable!r} is not a variable that can be replaced")
            expression = as_tensor_variable(expression)
            _check_replacement(variable, expression, f"givens for {variable}")
            replacements[variable] = expression

        computed = outputs_ + [e for _, e in self.updates]
        computed = clone_replace(computed, replacements) if replacements else computed
        leaves = graph_inputs(computed)
        self._check_inputs_used(leaves, on_unused_input)
        explicit = {id(v) for v in self.inputs}
        self._shared = [v for v in leaves if isinstance(v, SharedVariable)]
        for index, leaf in enumerate(leaves):
            if id(leaf) not in explicit and not isinstance(leaf, (Constant, SharedVariable)):
                raise MissingInputError(
                    f"the outputs need {leaf} of type {leaf.type}, which is not an input of the function "
                    f"(created at {self._source[0]}:{self._source[1]}); add it to the inputs, or "
                    f"replace it with givens")

        entry_name = re.sub(r"\W", "_", name) if name else "tessera_function"
        self._emitted = Emitter(entry_name, self.inputs + self._shared, computed).emit()
        self._num_outputs = len(outputs_)
        # Compiled for inputs contiguous in their innermost dimension (whole-vector
        # loads); a variant for any strides is compiled when an input needs it.
        self._executable = self._compile(unit_inner_strides=True)
        self._native = self._executable._native
        self._any_strides: Any = None
        self._debug = None
        if isinstance(self._mode, DebugMode):
            names = [f"output {i}" for i in range(self._num_outputs)]
            names += [f"the update of {variable}" for variable, _ in self.updates]
            self._debug = DebugChecker(
                lambda **options: self._compile(False, print_ir_after_each_pass=False, **options),
                names, self._describe())

    def _compile(self, unit_inner_strides: bool, **options: Any):
        """Compiles the emitted module as the mode says; `options` override
        compile_module's arguments (DEBUG_MODE's reference and bisection)."""
        settings = dict(unit_inner_strides=unit_inner_strides, optimizer=self._optimizer,
                        optimization_pipeline=self._mode.pipeline, nan_guard=self._mode.nan_guard,
                        print_ir_after_each_pass=config.print_ir_after_each_pass,
                        threads=config.num_threads if config.openmp else 1,
                        parallel_min_work=config.openmp_elemwise_minsize)
        settings.update(options)
        try:
            return compile_module(self._emitted, **settings)
        except CompileError as error:
            raise CompileError(f"{self._describe()} failed to compile:\n{error}") from None

    def _native_for(self, arrays: Sequence[np.ndarray]):
        """The compiled variant that takes `arrays` (the call's arrays not known
        to be C-contiguous) without copying them."""
        for array in arrays:
            if array.ndim and array.shape[-1] > 1 and array.strides[-1] != array.itemsize:
                if self._any_strides is None:
                    self._any_strides = self._compile(unit_inner_strides=False)._native
                return self._any_strides
        return self._native

    def _describe(self) -> str:
        where = f"{self._source[0]}:{self._source[1]}"
        return f"function {self.name!r} ({where})" if self.name else f"function created at {where}"

    @staticmethod
    def _checked_inputs(inputs: Sequence[Any]) -> list[Variable]:
        if isinstance(inputs, Variable):
            raise TypeError("function() takes a list of inputs; wrap a single input in a list: [x]")
        checked = []
        for index, variable in enumerate(inputs):
            if not isinstance(variable, Variable):
                raise TypeError(f"input {index} of function() is {variable!r}, not a symbolic variable")
            if isinstance(variable, SharedVariable):
                raise TypeError(f"input {index}: {variable} is a shared variable; shared variables are "
                                "implicit inputs, leave them out of the inputs list")
            if isinstance(variable, Constant):
                raise TypeError(f"input {index}: {variable} is a constant, which cannot be an input")
            if variable.owner is not None:
                raise TypeError(f"input {index}: {variable} is computed by {variable.owner.op}; inputs "
                                "must be symbolic variables such as T.matrix()")
            if any(variable is other for other in checked):
                raise ValueError(f"input {index}: {variable} is given twice")
            checked.append(variable)
        return checked

    def _check_inputs_used(self, leaves: Sequence[Variable], policy: str) -> None:
        used = {id(v) for v in leaves}
        for index, variable in enumerate(self.inputs):
            if id(variable) in used:
                continue
            message = (f"input {index} ({variable}) of {self._describe()} is not used to compute the "
                       "outputs or updates; to allow this, pass on_unused_input='warn' or 'ignore'")
            if policy == "raise":
                raise UnusedInputError(message)
            if policy == "warn":
                warnings.warn(message, stacklevel=3)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            by_name = {v.name: i for i, v in enumerate(self.inputs) if v.name}
            args = list(args) + [None] * (len(self.inputs) - len(args))
            for key, value in kwargs.items():
                if key not in by_name:
                    raise TypeError(f"{self._describe()} has no input named {key!r}")
                args[by_name[key]] = value
        if len(args) != len(self._input_specs):
            raise TypeError(f"{self._describe()} takes {len(self.inputs)} inputs, got {len(args)}")
        arrays = []
        contiguous = True
        for value, (dtype, ndim, type_, what) in zip(args, self._input_specs):
            # The common case, first: an aligned, writeable, C-contiguous array
            # of the right dtype and rank, passed as it is (not empty: NumPy
            # calls any empty array contiguous, whatever its strides).
            if value.__class__ is np.ndarray and value.dtype is dtype and value.ndim == ndim \
                    and value.flags.carray and value.size:
                arrays.append(value)
            else:
                arrays.append(to_array(value, type_, self._allow_downcast, what))
                contiguous = False
        shared = [v._value for v in self._shared]
        native = self._native_for(arrays + shared if not contiguous else shared)
        arrays += shared
        try:
            results = native.call(0, arrays)
        except (ValueError, IndexError, MemoryError) as error:
            shapes = [a.shape for a in arrays]
            raise type(error)(f"{error}\nInputs shapes: {shapes}") from None
        if self._debug is not None:
            self._debug.check(arrays, results)
        for (variable, _), value in zip(self.updates, results[self._num_outputs:]):
            variable._value = value
        outputs = results[:self._num_outputs]
        return outputs[0] if self._single_output else outputs

    @property
    def pipeline(self) -> str:
        """The passes of this function's compile in `tessera-opt`'s syntax, with the
        options chosen for this machine (vector math, masks, threads):
        `tessera-opt f.mlir --pass-pipeline="builtin.module(PIPELINE)"` on
        `f.ir()` prints `f.ir('final')`."""
        return self._executable.pipeline

    def ir(self, stage: str = "emitted") -> str:
        """The MLIR of this function after a phase of the compiler: 'emitted' (the
        tessera dialect as built from the graph, with each op's source location;
        `tessera-opt` takes it as it is), 'optimized' (after the optimization phase
        of this function's mode), 'converted' (after the conversion phase: linalg,
        tensor, arith, math and scf on tensors) or 'final' (the LLVM dialect handed
        to the JIT, for inputs contiguous in their innermost dimension)."""
        if stage == "emitted":
            return self._emitted.operation.get_asm(enable_debug_info=True)
        if stage in ("optimized", "converted"):
            return phase_ir(self._emitted, stage, self._optimizer, self._mode.pipeline,
                            self._mode.nan_guard)
        if stage == "final":
            return self._executable.lowered_ir
        raise ValueError(f"stage must be 'emitted', 'optimized', 'converted' or 'final', not {stage!r}")


def function(inputs: Sequence[Variable], outputs: Any = None, mode: Any = None, updates: Any = None,
             givens: Any = None, no_default_updates: bool = False, accept_inplace: bool = False,
             name: str | None = None, rebuild_strict: bool = True, allow_input_downcast: bool | None = None,
             profile: Any = None, on_unused_input: str | None = None) -> Function:
    """Compiles the graph from `inputs` to `outputs` (one variable: the call returns one
    array; a list: a list), applying `updates` to shared variables after each call and
    replacing variables by `givens`. `mode` selects the rewrites ('FAST_RUN',
    'FAST_COMPILE'). There are no default updates (random streams) nor in-place ops
    yet, so `no_default_updates` and `accept_inplace` change nothing."""
    if not rebuild_strict:
        raise NotImplementedError("function(rebuild_strict=False): givens must keep each "
                                  "variable's type")
    return Function(inputs, outputs, updates=updates, givens=givens,
                    allow_input_downcast=allow_input_downcast, name=name,
                    on_unused_input=on_unused_input or "raise", mode=mode, profile=profile)


def evaluate(variable: Variable, inputs_to_values: dict) -> np.ndarray:
    """`variable.eval(inputs_to_values)`: compiled once per set of inputs."""
    inputs = list(inputs_to_values)
    key = tuple(id(v) for v in inputs)
    cache = getattr(variable, "_eval_cache", None)
    compiled = cache.get(key) if cache is not None else None
    if compiled is None:
        compiled = function(inputs, variable)
        if cache is not None:
            cache[key] = compiled
    return compiled(*(inputs_to_values[v] for v in inputs))
