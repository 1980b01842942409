"""Elementwise operations with Theano's broadcasting and dtype policy.

Each function (`add`, `exp`, `lt`, ...) is one `Elemwise` op naming its dialect
op and its dtype rule. Making a node upcasts the inputs to one dtype (inserting
`Cast` nodes) and pads lower-rank inputs with broadcastable dimensions on the
left (inserting `DimShuffle` nodes): Theano's policy. The output's dtype,
flags and known sizes come from the dialect.
"""

from __future__ import annotations

from typing import Any

from tessera.graph import Apply
from tessera.tensor.cast import cast
from tessera.tensor.dtypes import COMPLEX_DTYPES, FLOAT_DTYPES, float_dtype_of, upcast
from tessera.tensor.op import DialectOp
from tessera.tensor.shape_ops import pad_left
from tessera.tensor.type import as_tensor_variable


# How an op's operand dtype follows from its inputs' dtypes.
UPCAST = "upcast"        # the upcast dtype (bools count in int8)
FLOAT = "float"          # the float dtype of the upcast one
PREDICATE = "predicate"  # the upcast dtype (bools compare as int8); the result is bool
BITWISE = "bitwise"      # the upcast dtype of bools and integers (bools stay bool)


class Elemwise(DialectOp):
    """An elementwise dialect op with Theano's policy for its operands.
    `complex_op_name` names the op that computes it on complex operands where
    that is another op (abs: the modulus, a real number)."""

    def __init__(self, op_name: str, rule: str, nin: int | None, complex_op_name: str | None = None):
        self.op_name = op_name
        self.rule = rule
        self.nin = nin
        self.complex_op_name = complex_op_name

    def make_node(self, *inputs: Any) -> Apply:
        name = str(self)
        if self.nin is not None and len(inputs) != self.nin:
            raise TypeError(f"{name} takes {self.nin} inputs, got {len(inputs)}")
        if not inputs:
            raise TypeError(f"{name} needs at least one input")
        inputs = [as_tensor_variable(x) for x in inputs]
        dtype = upcast(*(x.dtype for x in inputs))
        if self.rule == BITWISE:
            if dtype in FLOAT_DTYPES:
                raise TypeError(f"{name} takes bools and integers, got "
                                f"{', '.join(str(x.type) for x in inputs)}")
        elif dtype == "bool":
            dtype = "int8"  # Arithmetic and comparisons on bools count in int8.
        if self.rule == FLOAT:
            dtype = float_dtype_of(dtype)
        ndim = max(x.ndim for x in inputs)
        operands = [pad_left(cast(x, dtype), ndim) for x in inputs]
        if dtype in COMPLEX_DTYPES and self.complex_op_name:
            return Elemwise(self.complex_op_name, self.rule, self.nin).apply(operands)
        # The dialect says which ops take complex numbers (TypeError otherwise).
        return self.apply(operands)

    def __str__(self) -> str:
        return f"Elemwise{{{self.op_name.removeprefix('tessera.')},no_inplace}}"


# One line per op: Theano's elementwise functions are Elemwise instances.
add = Elemwise("tessera.add", UPCAST, None)
mul = Elemwise("tessera.mul", UPCAST, None)
sub = Elemwise("tessera.sub", UPCAST, 2)
true_div = Elemwise("tessera.true_div", FLOAT, 2)
int_div = Elemwise("tessera.int_div", UPCAST, 2)
mod = Elemwise("tessera.mod", UPCAST, 2)
pow = Elemwise("tessera.pow", UPCAST, 2)  # noqa: A001 (Theano's name)
neg = Elemwise("tessera.neg", UPCAST, 1)
sqr = Elemwise("tessera.sqr", UPCAST, 1)
exp = Elemwise("tessera.exp", FLOAT, 1)
log = Elemwise("tessera.log", FLOAT, 1)
tanh = Elemwise("tessera.tanh", FLOAT, 1)
lt = Elemwise("tessera.lt", PREDICATE, 2)
gt = Elemwise("tessera.gt", PREDICATE, 2)
le = Elemwise("tessera.le", PREDICATE, 2)
ge = Elemwise("tessera.ge", PREDICATE, 2)
eq = Elemwise("tessera.eq", PREDICATE, 2)
neq = Elemwise("tessera.neq", PREDICATE, 2)
abs_ = Elemwise("tessera.abs", UPCAST, 1, complex_op_name="tessera.complex_abs")
sgn = Elemwise("tessera.sgn", UPCAST, 1)
floor = Elemwise("tessera.floor", FLOAT, 1)
ceil = Elemwise("tessera.ceil", FLOAT, 1)
trunc = Elemwise("tessera.trunc", FLOAT, 1)
round_half_to_even = Elemwise("tessera.round_half_to_even", FLOAT, 1)
round_half_away_from_zero = Elemwise("tessera.round_half_away_from_zero", FLOAT, 1)
minimum = Elemwise("tessera.minimum", UPCAST, 2)
maximum = Elemwise("tessera.maximum", UPCAST, 2)
clip = Elemwise("tessera.clip", UPCAST, 3)
sqrt = Elemwise("tessera.sqrt", FLOAT, 1)
inv = Elemwise("tessera.inv", FLOAT, 1)
and_ = Elemwise("tessera.and", BITWISE, 2)
or_ = Elemwise("tessera.or", BITWISE, 2)
xor = Elemwise("tessera.xor", BITWISE, 2)
invert = Elemwise("tessera.invert", BITWISE, 1)
exp2 = Elemwise("tessera.exp2", FLOAT, 1)
expm1 = Elemwise("tessera.expm1", FLOAT, 1)
log1p = Elemwise("tessera.log1p", FLOAT, 1)
log2 = Elemwise("tessera.log2", FLOAT, 1)
log10 = Elemwise("tessera.log10", FLOAT, 1)
sin = Elemwise("tessera.sin", FLOAT, 1)
cos = Elemwise("tessera.cos", FLOAT, 1)
tan = Elemwise("tessera.tan", FLOAT, 1)
arcsin = Elemwise("tessera.arcsin", FLOAT, 1)
arccos = Elemwise("tessera.arccos", FLOAT, 1)
arctan = Elemwise("tessera.arctan", FLOAT, 1)
arctan2 = Elemwise("tessera.arctan2", FLOAT, 2)
sinh = Elemwise("tessera.sinh", FLOAT, 1)
cosh = Elemwise("tessera.cosh", FLOAT, 1)
arcsinh = Elemwise("tessera.arcsinh", FLOAT, 1)
arccosh = Elemwise("tessera.arccosh", FLOAT, 1)
arctanh = Elemwise("tessera.arctanh", FLOAT, 1)
erf = Elemwise("tessera.erf", FLOAT, 1)
erfc = Elemwise("tessera.erfc", FLOAT, 1)
erfinv = Elemwise("tessera.erfinv", FLOAT, 1)
erfcinv = Elemwise("tessera.erfcinv", FLOAT, 1)
gamma = Elemwise("tessera.gamma", FLOAT, 1)
gammaln = Elemwise("tessera.gammaln", FLOAT, 1)
psi = Elemwise("tessera.psi", FLOAT, 1)
tri_gamma = Elemwise("tessera.tri_gamma", FLOAT, 1)
complex = Elemwise("tessera.complex", FLOAT, 2)  # noqa: A001 (Theano's name)
_real = Elemwise("tessera.real", UPCAST, 1)
_imag = Elemwise("tessera.imag", UPCAST, 1)
_angle = Elemwise("tessera.angle", UPCAST, 1)
_conj = Elemwise("tessera.conj", UPCAST, 1)
isnan = Elemwise("tessera.isnan", FLOAT, 1)
isinf = Elemwise("tessera.isinf", FLOAT, 1)
sigmoid = Elemwise("tessera.sigmoid", FLOAT, 1)
softplus = Elemwise("tessera.softplus", FLOAT, 1)
sigmoid_binary_crossentropy = Elemwise("tessera.sigmoid_binary_crossentropy", FLOAT, 2)


def round(x, mode: str = "half_to_even"):  # noqa: A001 (Theano's name)
    """Elementwise rounding; halves go to the even neighbour (NumPy's round, the
    default) or away from zero (mode='half_away_from_zero')."""
    if mode == "half_to_even":
        return round_half_to_even(x)
    if mode == "half_away_from_zero":
        return round_half_away_from_zero(x)
    raise ValueError(f"round: mode must be 'half_to_even' or 'half_away_from_zero', not {mode!r}")


class Switch(DialectOp):
    """Elementwise `cond ? then : else` (Theano's switch); a non-bool condition is
    compared with zero."""

    op_name = "tessera.switch"

    def make_node(self, condition, on_true, on_false):
        condition, on_true, on_false = (as_tensor_variable(v) for v in (condition, on_true, on_false))
        dtype = upcast(on_true.dtype, on_false.dtype)
        ndim = max(v.ndim for v in (condition, on_true, on_false))
        return self.apply([pad_left(cast(condition, "bool"), ndim), pad_left(cast(on_true, dtype), ndim),
                           pad_left(cast(on_false, dtype), ndim)])

    def __str__(self) -> str:
        return "Elemwise{switch,no_inplace}"


switch = Switch()
where = switch


def isclose(a, b, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """Elementwise |a - b| <= atol + rtol * |b|, with equal infinities close and NaN
    close to NaN only with `equal_nan` (NumPy's and Theano's isclose)."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    dtype = float_dtype_of(upcast(a.dtype, b.dtype))
    a, b = cast(a, dtype), cast(b, dtype)
    within = le(abs_(sub(a, b)), add(atol, mul(rtol, abs_(b))))
    finite = invert(or_(isinf(a), isinf(b)))
    # Infinities are close only to themselves.
    close = or_(and_(within, finite), eq(a, b))
    if equal_nan:
        close = or_(close, and_(isnan(a), isnan(b)))
    return close



def _is_complex(x) -> bool:
    return x.dtype in COMPLEX_DTYPES


def real(x):
    """The real part of complex numbers; real numbers are their own."""
    x = as_tensor_variable(x)
    return _real(x) if _is_complex(x) else x


def imag(x):
    """The imaginary part of complex numbers; 0 for real numbers."""
    x = as_tensor_variable(x)
    return _imag(x) if _is_complex(x) else sub(x, x)


def conj(x):
    """The complex conjugate; real numbers are their own."""
    x = as_tensor_variable(x)
    return _conj(x) if _is_complex(x) else x


def angle(x):
    """The argument atan2(imag, real) of complex numbers (pi for negative reals,
    0 for the others, as NumPy)."""
    x = as_tensor_variable(x)
    if _is_complex(x):
        return _angle(x)
    return arctan2(cast(0, float_dtype_of(x.dtype)), x)
