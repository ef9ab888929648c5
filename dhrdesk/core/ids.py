"""The id of a record that has been saved.

Records are dataclasses with ``id: int | None`` (None until first saved). Code that
holds a record read from the store knows it has an id; :func:`id_of` says so to the
type checker and fails with a clear message if a record that was never saved slips
through.
"""

from __future__ import annotations

from typing import Protocol

from dhrdesk.core.errors import ValidationError


class HasId(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(record: HasId) -> int:
    """``record.id``, which must be set (the record was read from or saved to the store)."""
    value = record.id
    if value is None:
        raise ValidationError(f"Save the {type(record).__name__.lower()} before using it.")
    return value
