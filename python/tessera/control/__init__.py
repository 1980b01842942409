"""Control flow in the graph: Theano's lazy `ifelse` and `scan` (with `map`,
`reduce`, `foldl`, `foldr` and `until`), built as the dialect's region ops
`tessera.ifelse` and `tessera.scan`."""

from tessera.control.ifelse import IfElse, ifelse
from tessera.control.scan import Scan, foldl, foldr, map, reduce, scan, until

__all__ = ["IfElse", "Scan", "foldl", "foldr", "ifelse", "map", "reduce", "scan", "until"]
