"""`tessera.tensor.nnet` (Theano's `theano.tensor.nnet`, reachable as `T.nnet`):
activations and losses of neural networks.

`sigmoid`, `softplus` and the sigmoid cross-entropy are stable ops of the
dialect; the other activations are built from elementwise ops exactly as
Theano 1.0 defines them, so their values and gradients (at the kinks too)
are Theano's. `binary_crossentropy(sigmoid(x), t)` is built as the stable
`sigmoid_binary_crossentropy(x, t)`: it stays finite for any finite x.
`softmax` and `logsoftmax` are dialect ops along one axis (the last by
default, as Theano), stable at any magnitude.
"""

from __future__ import annotations

import numpy as np
from mlir import ir

from tessera.tensor.cast import cast
from tessera.tensor.dtypes import float_dtype_of
from tessera.tensor.op import DialectOp
from tessera.tensor.reduction import normalize_axes, sum as _sum
from tessera.tensor.elemwise import (
    abs_, add, clip, expm1, gt, log, mul, sigmoid, sigmoid_binary_crossentropy, softplus, sub, switch,
    true_div,
)
from tessera.tensor.type import as_tensor_variable, constant

__all__ = [
    "binary_crossentropy", "categorical_crossentropy", "crossentropy_categorical_1hot", "crossentropy_softmax_1hot",
    "elu", "hard_sigmoid", "logsoftmax", "relu", "selu", "sigmoid",
    "sigmoid_binary_crossentropy", "softmax", "softplus", "softsign", "ultra_fast_sigmoid",
]


class Normalization(DialectOp):
    """softmax or log-softmax of a float tensor along `axis`."""

    def __init__(self, op_name: str, axis: int):
        self.op_name = op_name
        self.axis = axis

    def attributes(self):
        return {"axis": ir.IntegerAttr.get(ir.IntegerType.get_signless(64), self.axis)}

    def make_node(self, x):
        return self.apply([x])

    def __str__(self) -> str:
        return f"{self.op_name.removeprefix('tessera.').capitalize()}{{axis={self.axis}}}"


def _normalize(op_name: str, x, axis: int):
    x = as_tensor_variable(x)
    if x.ndim == 0:
        raise ValueError(f"{op_name.removeprefix('tessera.')} needs a tensor of at least one dimension, got a scalar")
    (axis,) = normalize_axes(axis, x.ndim)
    return Normalization(op_name, axis)(cast(x, float_dtype_of(x.dtype)))


def softmax(c, axis=-1):
    """exp(c) / sum(exp(c)) along `axis` (the last: row-wise on a matrix),
    computed as exp(c - max) / sum(exp(c - max)): no overflow at any
    magnitude."""
    return _normalize("tessera.softmax", c, axis)


def logsoftmax(c, axis=-1):
    """log(softmax(c)) along `axis`, as c - max - log(sum(exp(c - max))):
    finite wherever c is."""
    return _normalize("tessera.logsoftmax", c, axis)


def _scalar(value: float, like):
    """`value` as a constant of `like`'s float dtype (int inputs: floatX rules)."""
    like = as_tensor_variable(like)
    dtype = like.dtype if like.dtype in ("float32", "float64") else None
    return constant(np.asarray(value, dtype=dtype)) if dtype else constant(value)


def relu(x, alpha=0):
    """max(x, alpha x), as Theano: 0.5 (x + |x|) for alpha = 0, else
    0.5 (1 + alpha) x + 0.5 (1 - alpha) |x| (`alpha` may be symbolic); the
    gradient at 0 is Theano's 0.5 (1 + alpha)."""
    x = as_tensor_variable(x)
    if isinstance(alpha, (int, float)) and alpha == 0:
        return mul(_scalar(0.5, x), add(x, abs_(x)))
    if isinstance(alpha, (int, float)):
        f1, f2 = _scalar(0.5 * (1 + alpha), x), _scalar(0.5 * (1 - alpha), x)
    else:
        half = _scalar(0.5, x)
        f1 = mul(half, add(_scalar(1, x), alpha))
        f2 = mul(half, sub(_scalar(1, x), alpha))
    return add(mul(f1, x), mul(f2, abs_(x)))


def elu(x, alpha=1):
    """x for x > 0, alpha (exp(x) - 1) elsewhere (Clevert et al. 2015)."""
    x = as_tensor_variable(x)
    if isinstance(alpha, (int, float)):
        alpha = _scalar(alpha, x)
    return switch(gt(x, _scalar(0, x)), x, mul(alpha, expm1(x)))


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """scale * elu(x, alpha) with Klambauer et al.'s constants (as Theano)."""
    x = as_tensor_variable(x)
    return mul(_scalar(SELU_SCALE, x), elu(x, SELU_ALPHA))


def softsign(x):
    """x / (1 + |x|)."""
    x = as_tensor_variable(x)
    return true_div(x, add(_scalar(1, x), abs_(x)))


def hard_sigmoid(x):
    """Theano's piecewise-linear sigmoid: clip(0.2 x + 0.5, 0, 1)."""
    x = as_tensor_variable(x)
    return clip(add(mul(x, _scalar(0.2, x)), _scalar(0.5, x)), _scalar(0, x), _scalar(1, x))


def ultra_fast_sigmoid(x):
    """Theano's piecewise-rational sigmoid: within 0.0277 of `sigmoid`, and
    never exactly 0 or 1 (0.00247262315663 at the least, 0.997527376843 at
    most)."""
    x = as_tensor_variable(x)
    half = mul(_scalar(0.5, x), x)
    z = abs_(half)
    rational = true_div(mul(_scalar(1.5, x), z), add(_scalar(1, x), z))
    linear = add(_scalar(0.935409070603099, x), mul(_scalar(0.0458812946797165, x), sub(z, _scalar(1.7, x))))
    magnitude = switch(gt(_scalar(1.7, x), z), rational,
                       switch(gt(_scalar(3, x), z), linear, _scalar(0.99505475368673, x)))
    signed = switch(gt(half, _scalar(0, x)), magnitude, mul(_scalar(-1, x), magnitude))
    return mul(_scalar(0.5, x), add(signed, _scalar(1, x)))


def binary_crossentropy(output, target):
    """-(target log(output) + (1 - target) log(1 - output)), elementwise. Of
    `sigmoid(x)`, built as `sigmoid_binary_crossentropy(x, target)`: finite
    values and gradients at any x."""
    output = as_tensor_variable(output)
    owner = output.owner
    if owner is not None and getattr(owner.op, "op_name", None) == "tessera.sigmoid":
        return sigmoid_binary_crossentropy(owner.inputs[0], target)
    target = as_tensor_variable(target)
    one = _scalar(1, output)
    return mul(_scalar(-1, output), add(mul(target, log(output)), mul(sub(one, target), log(sub(one, output)))))


def _softmax_input(p):
    """x where `p` is softmax(x) along its last axis, else None."""
    owner = p.owner
    if owner is not None and getattr(owner.op, "op_name", None) == "tessera.softmax" \
            and owner.op.axis == p.ndim - 1:
        return owner.inputs[0]
    return None


class _RowLoss(DialectOp):
    """A dialect op giving one loss per row: crossentropy_softmax_1hot."""

    def __init__(self, op_name: str):
        self.op_name = op_name

    def make_node(self, *inputs):
        return self.apply(list(inputs))


crossentropy_softmax_1hot_op = _RowLoss("tessera.crossentropy_softmax_1hot")
crossentropy_categorical_1hot_op = _RowLoss("tessera.crossentropy_categorical_1hot")


def _labels(name: str, y_idx):
    y_idx = as_tensor_variable(y_idx)
    if y_idx.dtype not in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        raise TypeError(f"{name} takes integer labels, got {y_idx.type}")
    return y_idx


def crossentropy_categorical_1hot(coding_dist, true_one_of_n):
    """Theano's -log(coding_dist[row, label]) per row (along the last axis);
    its gradient is -1 / coding_dist[row, label] at the label, 0 elsewhere. A
    label outside [0, classes) raises IndexError when the function runs."""
    coding_dist = as_tensor_variable(coding_dist)
    coding_dist = cast(coding_dist, float_dtype_of(coding_dist.dtype))
    return crossentropy_categorical_1hot_op(coding_dist, _labels("crossentropy_categorical_1hot", true_one_of_n))


def crossentropy_softmax_1hot(x, y_idx):
    """Theano's one stable op for categorical_crossentropy(softmax(x), y_idx):
    log(sum(exp(x - max))) - (x[y_idx] - max) per row (along the last axis);
    its gradient is softmax(x) - onehot(y_idx). A label outside
    [0, classes) raises IndexError when the function runs."""
    x = as_tensor_variable(x)
    x = cast(x, float_dtype_of(x.dtype))
    return crossentropy_softmax_1hot_op(x, _labels("crossentropy_softmax_1hot", y_idx))


def categorical_crossentropy(coding_dist, true_dist):
    """The cross-entropy of each row's predicted distribution (along the last
    axis) against `true_dist`: target distributions of the same shape
    (-sum(true_dist * log(coding_dist))), or integer labels, one per row
    (-log(coding_dist[row, label])). Of `softmax(x)`, built stably: with
    labels as `crossentropy_softmax_1hot(x, labels)`, with distributions on
    `logsoftmax(x)`; values and gradients are finite at any magnitude."""
    coding_dist = as_tensor_variable(coding_dist)
    true_dist = as_tensor_variable(true_dist)
    logits = _softmax_input(coding_dist)
    if true_dist.ndim == coding_dist.ndim - 1:
        if logits is None:
            return crossentropy_categorical_1hot(coding_dist, true_dist)
        return crossentropy_softmax_1hot(logits, true_dist)
    if true_dist.ndim != coding_dist.ndim:
        raise ValueError(f"categorical_crossentropy takes targets of the predictions' shape or one integer label "
                         f"per row; got {coding_dist.type} and {true_dist.type}")
    log_probabilities = logsoftmax(logits) if logits is not None else log(coding_dist)
    return mul(_scalar(-1, log_probabilities), _sum(mul(true_dist, log_probabilities), axis=-1))



def __getattr__(name: str):
    if name == "conv2d":
        raise NotImplementedError("tessera.tensor.nnet.conv2d is not implemented yet: it arrives with the "
                                  "convolution issue")
    raise AttributeError(f"module 'tessera.tensor.nnet' has no attribute {name!r}")
