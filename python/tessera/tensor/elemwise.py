"""Elementwise operations with Theano's broadcasting and dtype rules.

Each function (`add`, `exp`, `lt`, ...) is one `Elemwise` op: making a node
upcasts the inputs to one dtype (inserting `Cast` nodes), pads lower-rank
inputs with broadcastable dimensions on the left (inserting `DimShuffle`
nodes), and computes the output's flags and known sizes by the rule the
dialect's verifier applies; emitting it is one tessera op.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from mlir import ir

from tessera.dialects import tessera as ts
from tessera.graph import Apply, Op
from tessera.tensor.shape_ops import pad_left
from tessera.tensor.type import TensorType, check_dtype, float_dtype_of, upcast
from tessera.tensor.variable import as_tensor_variable


def broadcast_types(types: Sequence[TensorType]) -> tuple[list[bool], list[int | None]]:
    """Theano broadcasting of same-rank types: a dimension is broadcastable when it is
    in every input; its known size is the one non-1 size some input has (sizes that
    are known must agree)."""
    flags, sizes = [], []
    for dim in range(types[0].ndim):
        flags.append(all(t.broadcastable[dim] for t in types))
        known = {t.shape[dim] for t in types if t.shape[dim] not in (None, 1)}
        if len(known) > 1:
            raise ValueError(
                f"incompatible sizes in dimension {dim}: {sorted(known)} "
                f"(shapes {[t.shape for t in types]})")
        if known:
            sizes.append(known.pop())
        elif flags[-1] or all(t.shape[dim] == 1 for t in types):
            sizes.append(1)
        else:
            sizes.append(None)
    return flags, sizes


class Cast(Op):
    """Conversion to another dtype (NumPy's astype)."""

    def __init__(self, dtype: str):
        self.dtype = check_dtype(dtype)

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [TensorType(self.dtype, x.broadcastable, x.type.shape)])

    def emit(self, emitter, node, inputs):
        return [ts.CastOp(emitter.mlir_type(node.outputs[0].type), inputs[0]).result]

    def __str__(self) -> str:
        return f"Elemwise{{Cast{{{self.dtype}}}}}"


def cast(x, dtype):
    """`x` as `dtype` (constants too: the dialect's folder converts them)."""
    x = as_tensor_variable(x)
    dtype = check_dtype(dtype)
    if x.dtype == dtype:
        return x
    return Cast(dtype)(x)


# How an op's inputs and output dtypes follow from its inputs' dtypes.
UPCAST = "upcast"        # inputs and output: the upcast dtype
FLOAT = "float"          # inputs and output: the float dtype of the upcast one
PREDICATE = "predicate"  # inputs: the upcast dtype; output: bool


class Elemwise(Op):
    def __init__(self, name: str, builder: Callable[..., ir.Value], rule: str, nin: int | None):
        self.name = name
        self.builder = builder
        self.rule = rule
        self.nin = nin

    def make_node(self, *inputs: Any) -> Apply:
        if self.nin is not None and len(inputs) != self.nin:
            raise TypeError(f"{self.name} takes {self.nin} inputs, got {len(inputs)}")
        if not inputs:
            raise TypeError(f"{self.name} needs at least one input")
        inputs = [as_tensor_variable(x) for x in inputs]
        dtype = upcast(*(x.dtype for x in inputs))
        if dtype == "bool" and self.rule != PREDICATE:
            dtype = "int8"  # Arithmetic on bools counts in int8.
        if self.rule == FLOAT:
            dtype = float_dtype_of(dtype)
        ndim = max(x.ndim for x in inputs)
        inputs = [pad_left(cast(x, dtype), ndim) for x in inputs]
        flags, sizes = broadcast_types([x.type for x in inputs])
        out_dtype = "bool" if self.rule == PREDICATE else dtype
        return Apply(self, inputs, [TensorType(out_dtype, flags, sizes)])

    def emit(self, emitter, node, inputs):
        return [self.builder(*inputs)]

    def __str__(self) -> str:
        return f"Elemwise{{{self.name},no_inplace}}"


def _variadic(op_class):
    return lambda *xs: op_class(list(xs)).result


def _binary(op_class):
    return lambda a, b: op_class(a, b).result


def _unary(op_class):
    return lambda x: op_class(x).result


_add = Elemwise("add", _variadic(ts.AddOp), UPCAST, None)
_mul = Elemwise("mul", _variadic(ts.MulOp), UPCAST, None)
_sub = Elemwise("sub", _binary(ts.SubOp), UPCAST, 2)
_true_div = Elemwise("true_div", _binary(ts.TrueDivOp), FLOAT, 2)
_int_div = Elemwise("int_div", _binary(ts.IntDivOp), UPCAST, 2)
_mod = Elemwise("mod", _binary(ts.ModOp), UPCAST, 2)
_pow = Elemwise("pow", _binary(ts.PowOp), UPCAST, 2)
_neg = Elemwise("neg", _unary(ts.NegOp), UPCAST, 1)
_sqr = Elemwise("sqr", _unary(ts.SqrOp), UPCAST, 1)
_exp = Elemwise("exp", _unary(ts.ExpOp), FLOAT, 1)
_log = Elemwise("log", _unary(ts.LogOp), FLOAT, 1)
_tanh = Elemwise("tanh", _unary(ts.TanhOp), FLOAT, 1)
_lt = Elemwise("lt", _binary(ts.LtOp), PREDICATE, 2)
_gt = Elemwise("gt", _binary(ts.GtOp), PREDICATE, 2)
_le = Elemwise("le", _binary(ts.LeOp), PREDICATE, 2)
_ge = Elemwise("ge", _binary(ts.GeOp), PREDICATE, 2)
_eq = Elemwise("eq", _binary(ts.EqOp), PREDICATE, 2)
_neq = Elemwise("neq", _binary(ts.NeqOp), PREDICATE, 2)


def add(*xs): return _add(*xs)
def mul(*xs): return _mul(*xs)
def sub(a, b): return _sub(a, b)
def true_div(a, b): return _true_div(a, b)
def int_div(a, b): return _int_div(a, b)
def mod(a, b): return _mod(a, b)
def pow(a, b): return _pow(a, b)  # noqa: A001 (Theano's name)
def neg(x): return _neg(x)
def sqr(x): return _sqr(x)
def exp(x): return _exp(x)
def log(x): return _log(x)
def tanh(x): return _tanh(x)
def lt(a, b): return _lt(a, b)
def gt(a, b): return _gt(a, b)
def le(a, b): return _le(a, b)
def ge(a, b): return _ge(a, b)
def eq(a, b): return _eq(a, b)
def neq(a, b): return _neq(a, b)


class Switch(Op):
    """Elementwise `cond ? then : else` (Theano's switch); a non-bool condition is
    compared with zero."""

    def make_node(self, condition, on_true, on_false):
        condition, on_true, on_false = (as_tensor_variable(v) for v in (condition, on_true, on_false))
        dtype = upcast(on_true.dtype, on_false.dtype)
        ndim = max(v.ndim for v in (condition, on_true, on_false))
        inputs = [pad_left(cast(condition, "bool"), ndim), pad_left(cast(on_true, dtype), ndim),
                  pad_left(cast(on_false, dtype), ndim)]
        flags, sizes = broadcast_types([v.type for v in inputs])
        return Apply(self, inputs, [TensorType(dtype, flags, sizes)])

    def emit(self, emitter, node, inputs):
        return [ts.SwitchOp(*inputs).result]

    def __str__(self) -> str:
        return "Elemwise{switch,no_inplace}"


_switch = Switch()


def switch(condition, on_true, on_false):
    return _switch(condition, on_true, on_false)


where = switch

