"""`tessera.tensor` (Theano's `theano.tensor`, usually imported as `T`)."""

from tessera.tensor import basic as _basic
from tessera.tensor import shape_ops
from tessera.tensor.basic import tensor
from tessera.tensor.construct import alloc, arange, ones, ones_like, zeros, zeros_like
from tessera.tensor.elemwise import (
    add, cast, eq, exp, ge, gt, int_div, le, log, lt, mod, mul, neg, neq, pow, sqr, sub, switch,
    tanh, true_div, where,
)
from tessera.tensor.linalg import dot
from tessera.tensor.reduction import max, sum
from tessera.tensor.shape_ops import dimshuffle, reshape, shape, shape_i, transpose
from tessera.tensor.type import TensorType
from tessera.tensor.variable import TensorConstant, TensorVariable, as_tensor_variable, constant

globals().update({name: getattr(_basic, name) for name in _basic.CONSTRUCTORS})
