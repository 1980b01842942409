"""`tessera.ifelse` (Theano's `theano.ifelse`): the lazy `ifelse`, defined in
`tessera.control.ifelse`."""

from tessera.control.ifelse import IfElse, ifelse

__all__ = ["IfElse", "ifelse"]
