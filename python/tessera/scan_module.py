"""`tessera.scan_module` (Theano's `theano.scan_module`): `scan` and `until`,
defined in `tessera.control.scan`."""

from tessera.control.scan import scan, until

__all__ = ["scan", "until"]
