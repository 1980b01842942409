"""`scan` (Theano's `theano.scan`) and the loops built on it: `map`, `reduce`,
`foldl`, `foldr`; `until` ends a scan early.

`scan` calls the step function once, on placeholders, and records the graph
it builds as the body of one `tessera.scan` op (docs/design/control-flow.md):

- each tap of each sequence becomes one sequence of the op, offset as Theano
  aligns taps (go_backwards reverses the sequences first);
- outputs with an initial value are the op's states, with their taps; the
  others are stacked outputs; shared variables that the step updates are
  states too, whose final values are scan's `updates`;
- what the step uses from outside (its closure: non_sequences, shared
  variables, outer variables) stays outside, computed once: the region uses it
  from above. The op's Apply node lists these variables as inputs, so that
  givens, gradients and function inputs see them.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

from mlir import ir

from tessera.compile.shared import SharedVariable
from tessera.control.regions import emit_region, generalizes, join_types
from tessera.graph import Apply, Constant, Op, Variable, apply_nodes, clone_replace, next_serial, user_source_line
from tessera.tensor.cast import cast
from tessera.tensor.dtypes import INT_DTYPES
from tessera.tensor.elemwise import minimum, neq
from tessera.tensor.shape_ops import patternbroadcast, shape_i, shape_padleft
from tessera.tensor.type import TensorType, as_tensor_variable

__all__ = ["Scan", "foldl", "foldr", "map", "reduce", "scan", "until"]

KEEP_ALL, KEEP_LAST, KEEP_FINAL = "all", "last", "final"


class until:
    """Returned by a scan's step function with its outputs: the scan stops after
    the step where `condition` (a scalar) is true (theano.scan_module.until)."""

    def __init__(self, condition: Any):
        condition = as_tensor_variable(condition)
        if condition.ndim != 0:
            raise TypeError(f"until takes a scalar condition, not {condition.type}")
        self.condition = condition if condition.dtype == "bool" else neq(condition, 0)


def _row_type(type: TensorType) -> TensorType:
    return TensorType(type.dtype, type.broadcastable[1:], type.shape[1:])


def _stacked_type(type: TensorType) -> TensorType:
    return TensorType(type.dtype, (False,) + type.broadcastable, (None,) + type.shape)


class Scan(Op):
    """One `tessera.scan`. Inputs: the number of steps, the sequences (one per tap),
    the states' initial values (their first rows), then the closure (`free`).
    `parameters` are the step graph's placeholders (sequence rows, then each
    state's taps); `steps` its values (states first); `stop` its until condition."""

    op_name = "tessera.scan"

    def __init__(self, parameters: Sequence[Variable], state_taps: Sequence[Sequence[int]],
                 steps: Sequence[Variable], stop: Variable | None, free: Sequence[Variable],
                 keep: Sequence[str], truncate_gradient: int, num_sequences: int, name: str | None):
        self.parameters = list(parameters)
        self.state_taps = [list(t) for t in state_taps]
        self.steps = list(steps)
        self.stop = stop
        self.free = list(free)
        self.keep = list(keep)
        self.truncate_gradient = truncate_gradient
        self.num_sequences = num_sequences
        self.name = name

    @property
    def num_states(self) -> int:
        return len(self.state_taps)

    def state_type(self, state: int) -> TensorType:
        first = self.num_sequences + sum(len(t) for t in self.state_taps[:state])
        return self.parameters[first].type

    def result_types(self) -> list[TensorType]:
        types = []
        for index, (value, keep) in enumerate(zip(self.steps, self.keep)):
            step = self.state_type(index) if index < self.num_states else value.type
            types.append(_stacked_type(step) if keep == KEEP_ALL else step)
        return types

    def make_node(self, n_steps, *inputs) -> Apply:
        free = list(inputs[len(inputs) - len(self.free):])
        op = self
        if any(a is not b for a, b in zip(free, self.free)):
            # Givens replaced part of the closure: the step graph is rebuilt on it.
            boundary = {id(v) for v in self.parameters} | {id(v) for v in self.free}
            stop = [self.stop] if self.stop is not None else []
            rebuilt = clone_replace(self.steps + stop, dict(zip(self.free, free)), boundary)
            op = Scan(self.parameters, self.state_taps, rebuilt[:len(self.steps)],
                      rebuilt[-1] if stop else None, free, self.keep, self.truncate_gradient,
                      self.num_sequences, self.name)
        return Apply(op, [n_steps, *inputs], op.result_types())

    def emit(self, emitter, node: Apply, inputs) -> list[ir.Value]:
        num_inits = self.num_states
        sequences = inputs[1:1 + self.num_sequences]
        inits = inputs[1 + self.num_sequences:1 + self.num_sequences + num_inits]
        attributes = {
            "operandSegmentSizes": ir.DenseI32ArrayAttr.get([1, len(sequences), len(inits)]),
            "taps": ir.ArrayAttr.get([ir.DenseI64ArrayAttr.get(t) for t in self.state_taps]),
            "keep": ir.ArrayAttr.get([ir.StringAttr.get(k) for k in self.keep]),
            "truncate_gradient": ir.IntegerAttr.get(ir.IntegerType.get_signless(64),
                                                    self.truncate_gradient),
        }
        if self.stop is not None:
            attributes["until"] = ir.UnitAttr.get()
        operation = ir.Operation.create(
            self.op_name, results=[o.type.to_mlir() for o in node.outputs],
            operands=[inputs[0], *sequences, *inits], attributes=attributes, regions=1)
        outputs = self.steps + ([self.stop] if self.stop is not None else [])
        emit_region(emitter, operation.regions[0], [p.type.to_mlir() for p in self.parameters],
                    self.parameters, outputs)
        return list(operation.results)

    def __str__(self) -> str:
        return f"scan{{{self.name}}}" if self.name else "scan"


class _Scan:
    """The work of one `scan` call: Theano's arguments put in canonical form."""

    def __init__(self, fn, sequences, outputs_info, non_sequences, n_steps, truncate_gradient,
                 go_backwards, name, strict):
        self.fn = fn
        self.where = "scan at {}:{}".format(*user_source_line())
        self.name = name
        self.strict = strict
        if truncate_gradient is None or truncate_gradient == 0 or truncate_gradient < -1:
            raise ValueError(f"{self.where}: truncate_gradient must be -1 (no truncation) or a "
                             f"positive number of steps, not {truncate_gradient!r}")
        self.truncate_gradient = int(truncate_gradient)
        if isinstance(n_steps, (int,)) and not isinstance(n_steps, bool) and n_steps < 0:
            # Theano: a negative number of steps runs backwards.
            n_steps, go_backwards = -n_steps, not go_backwards
        self.go_backwards = go_backwards
        self.sequences = [self._sequence(s) for s in _as_list(sequences)]
        self.outputs_info = [self._output_info(o) for o in _as_list(outputs_info)]
        self.non_sequences = [as_tensor_variable(v) for v in _as_list(non_sequences)]
        self.n_steps = self._steps(n_steps)

    # Arguments -----------------------------------------------------------

    def _sequence(self, sequence: Any) -> dict:
        if isinstance(sequence, dict):
            if "input" not in sequence:
                raise ValueError(f"{self.where}: a sequence given as a dict needs 'input'")
            taps = list(sequence.get("taps", [0]) or [0])
            sequence = sequence["input"]
        else:
            taps = [0]
        variable = as_tensor_variable(sequence)
        if variable.ndim == 0:
            raise TypeError(f"{self.where}: sequence {variable} is a scalar; sequences are "
                            "iterated over their first dimension")
        if self.go_backwards:
            variable = variable[::-1]
        return {"input": variable, "taps": [int(t) for t in taps]}

    def _output_info(self, info: Any) -> dict:
        if info is None:
            return {"initial": None, "taps": []}
        if isinstance(info, dict):
            initial = info.get("initial")
            if initial is None:
                if info.get("taps"):
                    raise ValueError(f"{self.where}: an output with taps needs an 'initial' value")
                return {"initial": None, "taps": []}
            taps = list(info.get("taps", [-1]) or [-1])
        else:
            initial, taps = info, [-1]
        if any(t >= 0 for t in taps):
            raise ValueError(f"{self.where}: the taps of an output must be negative (steps "
                             f"back), got {taps}")
        return {"initial": as_tensor_variable(initial), "taps": [int(t) for t in taps]}

    def _steps(self, n_steps: Any) -> Variable:
        if n_steps is not None:
            steps = as_tensor_variable(n_steps)
            if steps.ndim != 0 or steps.dtype not in INT_DTYPES:
                raise TypeError(f"{self.where}: n_steps must be an integer scalar, not {steps.type}")
            return cast(steps, "int64")
        if not self.sequences:
            raise ValueError(f"{self.where}: scan needs sequences or n_steps to know how many "
                             "steps to run")
        # As many steps as the shortest sequence gives after its taps' span.
        steps = None
        for sequence in self.sequences:
            low, high = min(sequence["taps"]), max(sequence["taps"])
            length = shape_i(sequence["input"], 0) - (high - low if high != low else abs(high))
            steps = length if steps is None else minimum(steps, length)
        return steps

    # The step graph ------------------------------------------------------

    def _sequence_inputs(self) -> tuple[list[Variable], list[Variable]]:
        """The op's sequences (one per tap) and the step's placeholders for them."""
        inputs, placeholders = [], []
        for sequence in self.sequences:
            variable, taps = sequence["input"], sequence["taps"]
            low, high = min(taps), max(taps)
            for tap in taps:
                if low == high and high != 0:  # Theano aligns a lone tap so.
                    offset = max(tap, 0)
                else:
                    offset = tap - low
                inputs.append(variable[offset:] if offset else variable)
                placeholder = _row_type(variable.type)()
                placeholder.name = f"{variable.name}[t{tap:+d}]" if variable.name and tap else variable.name
                placeholders.append(placeholder)
        return inputs, placeholders

    def _call(self, arguments: list[Variable]) -> tuple[list, Variable | None, dict]:
        try:
            signature = inspect.signature(self.fn)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            try:
                signature.bind(*arguments)
            except TypeError as error:
                counts = (f"{sum(len(s['taps']) for s in self.sequences)} sequence value(s), "
                          f"{sum(len(o['taps']) for o in self.outputs_info)} previous output "
                          f"value(s) and {len(self.non_sequences)} non-sequence(s)")
                raise TypeError(
                    f"{self.where}: the step function cannot take the {len(arguments)} arguments "
                    f"scan passes ({counts}, in that order): {error}") from None
        return _outputs_updates_until(self.fn(*arguments), self.where)

    def build(self) -> tuple[Any, dict]:
        sequence_inputs, sequence_parameters = self._sequence_inputs()
        states = [o for o in self.outputs_info if o["initial"] is not None]
        state_types = []
        stacked_inits = []
        for info in states:
            initial, taps = info["initial"], info["taps"]
            stacked = shape_padleft(initial) if taps == [-1] else initial
            if stacked.ndim == 0:
                raise TypeError(f"{self.where}: the initial value of an output with taps "
                                f"{taps} must have a leading dimension of at least "
                                f"{-min(taps)} steps, but it is a scalar")
            stacked_inits.append(stacked)
            state_types.append(_row_type(stacked.type))

        # The step is called until its values fit the states' types (a state's
        # type is relaxed to what the step gives, e.g. a broadcastable
        # dimension that the step does not keep).
        while True:
            start = next_serial()
            tap_parameters = [[t() for _ in info["taps"]] for t, info in zip(state_types, states)]
            arguments = list(sequence_parameters)
            state_iter = iter(tap_parameters)
            for info in self.outputs_info:
                if info["initial"] is not None:
                    arguments += next(state_iter)
            arguments += self.non_sequences
            outputs, stop, updates = self._call(arguments)
            if self.outputs_info and len(outputs) != len(self.outputs_info):
                raise ValueError(
                    f"{self.where}: the step function returns {len(outputs)} outputs but "
                    f"outputs_info has {len(self.outputs_info)} entries; give None in "
                    "outputs_info for each output that does not feed back")
            outputs = [as_tensor_variable(o) for o in outputs]
            state_outputs = [o for o, info in zip(outputs, self.outputs_info)
                             if info["initial"] is not None]
            relaxed = []
            for index, (output, info, type) in enumerate(zip(state_outputs, states, state_types)):
                if output.dtype != type.dtype or output.ndim != type.ndim:
                    raise TypeError(
                        f"{self.where}: the initial value (outputs_info) of recurrent output "
                        f"{index} is {_describe(type)}, but the step function returns "
                        f"{_describe(output.type)} for it; the step must keep the dtype and the "
                        "number of dimensions (cast it, or the initial value, with .astype)")
                relaxed.append(type if generalizes(type, output.type) else join_types(type, output.type))
            if relaxed == state_types and all(
                    r.shape == t.shape for r, t in zip(relaxed, state_types)):
                break
            state_types = relaxed

        # Without outputs_info, every output is stacked.
        infos = self.outputs_info or [{"initial": None, "taps": []}] * len(outputs)
        plain_outputs = [o for o, info in zip(outputs, infos) if info["initial"] is None]
        update_items = list(updates.items())
        for variable, value in update_items:
            if not isinstance(variable, SharedVariable):
                raise TypeError(f"{self.where}: the step updates {variable}, which is not a shared "
                                "variable")
        # Shared variables the step updates are states carried through the
        # steps: in the step, they stand for their current values.
        shared_parameters = [v.type() for v, _ in update_items]
        shared_values = []
        for variable, expression in update_items:
            value = as_tensor_variable(expression)
            if value.dtype != variable.dtype or value.ndim != variable.ndim:
                raise TypeError(f"{self.where}: the step updates {variable} of type {variable.type} "
                                f"with {_describe(value.type)}; the dtype and number of "
                                "dimensions must stay")
            # The carried value keeps the variable's broadcastable flags.
            if not generalizes(variable.type, value.type):
                value = patternbroadcast(value, variable.broadcastable)
            shared_values.append(value)

        parameters = sequence_parameters + [p for taps in tap_parameters for p in taps]
        steps = state_outputs + shared_values + plain_outputs
        stop_list = [stop] if stop is not None else []
        boundary = self._closure(steps + stop_list, parameters, start)
        if update_items:
            carried = {v: p for (v, _), p in zip(update_items, shared_parameters)}
            rebuilt = clone_replace(steps + stop_list, carried,
                                    {id(v) for v in boundary if v not in carried} | {id(p) for p in parameters})
            steps, stop = rebuilt[:len(steps)], (rebuilt[-1] if stop_list else None)
            boundary = [v for v in boundary if not any(v is s for s, _ in update_items)]
            # The updated shared variables enter as initial values.
            boundary += [v for v, _ in update_items if not any(v is b for b in boundary)]
        if self.strict:
            missing = [v for v in boundary if isinstance(v, SharedVariable)
                       and not any(v is n for n in self.non_sequences)
                       and not any(v is s for s, _ in update_items)]
            if missing:
                raise ValueError(f"{self.where}: strict=True, but the step uses shared variables "
                                 f"that are not non_sequences: {', '.join(map(str, missing))}")

        state_taps = [sorted(info["taps"]) for info in states] + [[-1]] * len(update_items)
        # The op takes each state's taps in increasing order.
        ordered_taps = [p for info, taps in zip(states, tap_parameters)
                        for _, p in sorted(zip(info["taps"], taps), key=lambda pair: pair[0])]
        parameters = sequence_parameters + ordered_taps + shared_parameters
        inits = stacked_inits + [shape_padleft(v) for v, _ in update_items]
        keep = [KEEP_ALL] * len(states) + [KEEP_FINAL] * len(update_items) + [KEEP_ALL] * len(plain_outputs)
        if not steps:
            raise ValueError(f"{self.where}: the step function returns no output and updates nothing")
        op = Scan(parameters, state_taps, steps, stop, boundary, keep, self.truncate_gradient,
                  len(sequence_inputs), self.name)
        results = Apply(op, [self.n_steps, *sequence_inputs, *inits, *boundary], op.result_types()).outputs

        state_results = iter(results[:len(states)])
        plain_results = iter(results[len(states) + len(update_items):])
        ordered_results = [next(state_results) if info["initial"] is not None else next(plain_results)
                           for info in infos]
        updates_out = {v: r for (v, _), r in
                       zip(update_items, results[len(states):len(states) + len(update_items)])}
        return ordered_results, updates_out

    def _closure(self, outputs: list[Variable], parameters: list[Variable], start: int) -> list[Variable]:
        """The variables from outside the step that the step's graph uses: inputs
        of the nodes the step created that no such node computes."""
        ids = {id(p) for p in parameters}
        boundary, seen = [], set()

        def outer(variable):
            if id(variable) in ids or id(variable) in seen or isinstance(variable, Constant):
                return
            seen.add(id(variable))
            boundary.append(variable)

        stack = list(outputs)
        visited = set()
        while stack:
            variable = stack.pop()
            if id(variable) in visited:
                continue
            visited.add(id(variable))
            node = variable.owner
            if node is None or node.serial < start:
                outer(variable)
                continue
            stack.extend(node.inputs)
        return boundary


def _describe(type: TensorType) -> str:
    return f"{type.dtype} with {type.ndim} dimension{'s' if type.ndim != 1 else ''}"


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _is_output(value: Any) -> bool:
    return not isinstance(value, (dict, until)) and not (
        isinstance(value, (list, tuple)) and value and all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], SharedVariable) for p in value))


def _outputs_updates_until(returned: Any, where: str) -> tuple[list, Variable | None, dict]:
    """Theano's reading of what a step function returns: outputs, an updates
    dict (or list of pairs) and an `until`, in any order."""
    if isinstance(returned, until):
        return [], returned.condition, {}
    if isinstance(returned, dict):
        return [], None, dict(returned)
    if not isinstance(returned, (list, tuple)):
        return [returned], None, {}
    items = list(returned)
    if all(_is_output(i) and not isinstance(i, (list, tuple)) for i in items):
        return items, None, {}
    outputs, stop, updates = [], None, {}
    for item in items:
        if isinstance(item, until):
            stop = item.condition
        elif isinstance(item, dict):
            updates.update(item)
        elif not _is_output(item):
            updates.update(dict(item))
        elif isinstance(item, (list, tuple)):
            outputs += list(item)
        else:
            outputs.append(item)
    return outputs, stop, updates


def scan(fn: Callable, sequences: Any = None, outputs_info: Any = None, non_sequences: Any = None,
         n_steps: Any = None, truncate_gradient: int = -1, go_backwards: bool = False,
         mode: Any = None, name: str | None = None, profile: Any = False, allow_gc: Any = None,
         strict: bool = False, return_list: bool = False) -> tuple[Any, dict]:
    """Theano's scan: calls `fn` once per step on the step's slices of
    `sequences` (with their taps), the previous values of the outputs that have
    an initial value in `outputs_info` (with their taps) and `non_sequences`.
    Returns the outputs stacked over the steps (one variable, or a list) and the
    updates of the shared variables `fn` updates (their final values), for
    `function(updates=...)`. The loop is compiled as one `tessera.scan` op."""
    call = _Scan(fn, sequences, outputs_info, non_sequences, n_steps, truncate_gradient,
                 go_backwards, name, strict)
    outputs, updates = call.build()
    if len(outputs) == 1 and not return_list:
        return outputs[0], updates
    return outputs, updates


def map(fn: Callable, sequences: Any, non_sequences: Any = None, truncate_gradient: int = -1,
        go_backwards: bool = False, mode: Any = None, name: str | None = None) -> tuple[Any, dict]:
    """`fn` applied to each step of `sequences` (theano.map)."""
    return scan(fn, sequences=sequences, outputs_info=None, non_sequences=non_sequences,
                truncate_gradient=truncate_gradient, go_backwards=go_backwards, mode=mode, name=name)


def reduce(fn: Callable, sequences: Any, outputs_info: Any, non_sequences: Any = None,
           go_backwards: bool = False, mode: Any = None, name: str | None = None) -> tuple[Any, dict]:
    """The outputs of the last step of a scan (theano.reduce)."""
    outputs, updates = scan(fn, sequences=sequences, outputs_info=outputs_info,
                            non_sequences=non_sequences, go_backwards=go_backwards, mode=mode,
                            name=name)
    if isinstance(outputs, list):
        return [o[-1] for o in outputs], updates
    return outputs[-1], updates


def foldl(fn: Callable, sequences: Any, outputs_info: Any, non_sequences: Any = None,
          mode: Any = None, name: str | None = None) -> tuple[Any, dict]:
    """`reduce` from the first step (theano.foldl)."""
    return reduce(fn, sequences, outputs_info, non_sequences, go_backwards=False, mode=mode, name=name)


def foldr(fn: Callable, sequences: Any, outputs_info: Any, non_sequences: Any = None,
          mode: Any = None, name: str | None = None) -> tuple[Any, dict]:
    """`reduce` from the last step (theano.foldr)."""
    return reduce(fn, sequences, outputs_info, non_sequences, go_backwards=True, mode=mode, name=name)
