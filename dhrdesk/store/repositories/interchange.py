"""Verbatim reads and inserts for exporting and importing a whole review
(dhrdesk.exchange.review_json).

The ordinary repositories stamp ``created_at``/``updated_at``, ``completed_by``,
``recorded_at``, ``frozen_at``, ``received_at`` and ``accepted_at`` with "now" and the
current user, and open one audited write per record. An import must instead put back
exactly what the file says, inside the one transaction the importer opens with
``store.write("review.import", ...)``, so the insert methods take that transaction's
cursor and validate nothing: the importer has checked the whole file before it starts
writing. Because these inserts bypass the repositories' write path, the importer
calls :meth:`InterchangeRepository.index_review` at the end of the same transaction so
full-text search is right as soon as the import commits.

The read methods return what is stored and nothing else (no defaults for rows that do
not exist), so an export says exactly what the store holds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core import records
from dhrdesk.core.records import RecordKind
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, order_sql, to_row

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

PUBLICATION_LOG_FIELDS = (
    "at",
    "document",
    "format",
    "filename",
    "sha256",
    "draft_version",
    "result",
)


class InterchangeRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, cls: type) -> TableRepository:
        """The table of a declared kind (dhrdesk.core.records), or of the review."""
        declared = records.kind_of(cls)
        table = declared.table if declared is not None else "review"
        return TableRepository(self._store, table, cls, table)

    # ------------------------------------------------------------------ writing
    def insert(self, obj: Any, cur: Any) -> int:
        """Insert any record of a review exactly as given (``id`` ignored); returns the new id."""
        return self._table(type(obj)).insert(obj, cur)

    def set_link(
        self, record_kind: RecordKind, record_id: int, column: str, value: int, cur: Any
    ) -> None:
        """Second pass of an import: a record may point at one inserted after it (a
        chronology row at the row it duplicates)."""
        if column not in {r.column for r in record_kind.refs}:
            raise ValueError(f"{column!r} is not a reference of {record_kind.name}")
        cur.execute(f"UPDATE {record_kind.table} SET {column} = ? WHERE id = ?", (value, record_id))

    def add_attendance(self, meeting_id: int, member_ids: list[int], cur: Any) -> None:
        for member_id in member_ids:
            cur.execute(
                "INSERT INTO meeting_attendance(meeting_id, panel_member_id) VALUES (?, ?)",
                (meeting_id, member_id),
            )

    def insert_attachment(self, attachment: m.Attachment, content: bytes, cur: Any) -> int:
        """An attachment with its content (the received file), as the file gives it."""
        row = to_row(attachment)
        row.pop("id", None)
        row["content"] = content
        cols = ", ".join(row)
        marks = ", ".join(f":{c}" for c in row)
        cur.execute(f"INSERT INTO attachment ({cols}) VALUES ({marks})", row)
        return cur.lastrowid

    def add_pair(self, first_id: int, second_id: int, decision: str, cur: Any) -> None:
        """A chair's merged/distinct decision; stored with the lower id first, as the
        agency-input repository does."""
        cur.execute(
            "INSERT INTO chronology_pair(first_id, second_id, decision) VALUES (?, ?, ?)",
            (min(first_id, second_id), max(first_id, second_id), decision),
        )

    def add_publication_log(self, review_id: int, entry: dict[str, Any], cur: Any) -> None:
        values = [entry.get(name, "") for name in PUBLICATION_LOG_FIELDS]
        cur.execute(
            "INSERT INTO publication_log(review_id, at, document, format, filename, sha256, "
            "draft_version, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (review_id, *values),
        )

    def index_review(self, review_id: int, cur: Any) -> int:
        """(Re)index every searchable record of one review inside the caller's write.

        search.py has no per-review function, so this calls its per-kind indexer with a
        review filter for each kind; returns the number of rows indexed."""
        search.forget_review(cur, review_id)
        return sum(search.index(cur, kind, review_id=review_id) for kind in search.kinds())

    # ------------------------------------------------------------------ reading
    def records_of(self, record_kind: RecordKind, parent_id: int) -> list[Any]:
        """The records of a declared kind under one parent, in the declared order (a
        kind without ids, in the order written)."""
        table = TableRepository(self._store, record_kind.table, record_kind.cls, record_kind.table)
        has_ids = "id" in records.field_names(record_kind.cls)
        order = order_sql(record_kind.order, "id" if has_ids else "rowid")
        return table.select(f"{record_kind.parent_column} = ?", (parent_id,), order)

    def attachment_contents(self, review_id: int) -> dict[int, bytes]:
        """Attachment id -> the received file, for every attachment of the review."""
        rows = self._store.query(
            "SELECT id, content FROM attachment WHERE review_id = ? ORDER BY id", (review_id,)
        )
        return {r[0]: bytes(r[1]) for r in rows}

    def chronology_pairs(self, review_id: int) -> list[tuple[int, int, str]]:
        rows = self._store.query(
            "SELECT p.first_id, p.second_id, p.decision FROM chronology_pair p "
            "JOIN chronology_entry e ON e.id = p.first_id WHERE e.review_id = ? "
            "ORDER BY p.first_id, p.second_id",
            (review_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def imr_sections(self, agency_id: int) -> dict[str, str]:
        rows = self._store.query(
            "SELECT key, text FROM imr_section WHERE agency_id = ?", (agency_id,)
        )
        return {r[0]: r[1] for r in rows}

    def imr_analysis(self, agency_id: int) -> dict[int, str]:
        rows = self._store.query(
            "SELECT line_of_enquiry_id, text FROM imr_analysis WHERE agency_id = ?", (agency_id,)
        )
        return {r[0]: r[1] for r in rows}

    def attendance(self, meeting_id: int) -> list[int]:
        rows = self._store.query(
            "SELECT panel_member_id FROM meeting_attendance WHERE meeting_id = ? ORDER BY 1",
            (meeting_id,),
        )
        return [r[0] for r in rows]

    def publication_log(self, review_id: int) -> list[dict[str, Any]]:
        rows = self._store.query(
            f"SELECT {', '.join(PUBLICATION_LOG_FIELDS)} FROM publication_log "
            "WHERE review_id = ? ORDER BY id",
            (review_id,),
        )
        return [dict(r) for r in rows]
