"""`tessera.gradient` (Theano's `theano.gradient`): gradients of symbolic
expressions. `grad` is defined with the tensor ops it differentiates
(`tessera.tensor.gradient`)."""

from tessera.tensor.gradient import DisconnectedInputError, grad

__all__ = ["DisconnectedInputError", "grad"]
