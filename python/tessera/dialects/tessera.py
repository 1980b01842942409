"""Python classes of the `tessera` dialect's ops, generated from its ODS."""

from tessera._tessera import register_dialect  # noqa: F401
from tessera.dialects._tessera_ops_gen import *  # noqa: F401,F403
