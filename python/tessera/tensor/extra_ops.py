"""Theano's theano.tensor.extra_ops names, where Theano programs import them
from: the same functions as in tessera.tensor."""

from tessera.tensor.construct import repeat, to_one_hot  # noqa: F401
from tessera.tensor.join import diff  # noqa: F401
from tessera.tensor.reduction import cumprod, cumsum  # noqa: F401
