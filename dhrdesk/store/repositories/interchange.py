"""Verbatim inserts for importing a whole review (dhrdesk.exchange.review_json).

The ordinary repositories stamp ``created_at``/``updated_at``, ``completed_by``
and ``recorded_at`` with "now" and the current user, and open one audited write
per record. An import must instead put back exactly what the file says, inside
the one transaction the importer opens with ``store.write("review.import", ...)``,
so these methods take that transaction's cursor and validate nothing: the
importer has checked the whole file before it starts writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.store.repositories.base import TableRepository
from dhrdesk.store.repositories.records import TABLES

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

_OWN_TABLES: dict[type, str] = {
    m.Review: "review",
    m.StageDates: "stage_record",
    m.TermsOfReference: "terms_of_reference",
    m.TorVersion: "tor_version",
}


class InterchangeRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        tables = {**_OWN_TABLES, **{cls: spec[0] for cls, spec in TABLES.items()}}
        self._tables = {cls: TableRepository(store, t, cls, t) for cls, t in tables.items()}

    def insert(self, obj: Any, cur: Any) -> int:
        """Insert any record of a review exactly as given (``id`` ignored); returns the new id."""
        return self._tables[type(obj)].insert(obj, cur)

    def add_attendance(self, meeting_id: int, member_ids: list[int], cur: Any) -> None:
        for member_id in member_ids:
            cur.execute(
                "INSERT INTO meeting_attendance(meeting_id, panel_member_id) VALUES (?, ?)",
                (meeting_id, member_id),
            )

    def has_terms(self, review_id: int) -> bool:
        """True when a terms-of-reference row exists (``lifecycle.terms`` returns a default)."""
        row = self._store.query_one(
            "SELECT 1 FROM terms_of_reference WHERE review_id = ?", (review_id,)
        )
        return row is not None
