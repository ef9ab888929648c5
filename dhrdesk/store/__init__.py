"""The encrypted store: the only package that speaks SQL.

Public entry points: :class:`Store` (create, open, write path, backup, verify),
:func:`restore_backup`, and the repositories reached from a Store instance.
"""

from dhrdesk.store.database import SCHEMA_VERSION, Store, restore_backup

__all__ = ["SCHEMA_VERSION", "Store", "restore_backup"]
