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
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, from_row, to_row
from dhrdesk.store.repositories.records import TABLES

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

_OWN_TABLES: dict[type, str] = {
    m.Review: "review",
    m.StageDates: "stage_record",
    m.TermsOfReference: "terms_of_reference",
    m.TorVersion: "tor_version",
    m.AgencyRequest: "agency_request",
    m.ImrSection: "imr_section",
    m.ImrAnalysis: "imr_analysis",
    m.ImrQuality: "imr_quality",
    m.ChronologyEntry: "chronology_entry",
    m.ReportSection: "report_section",
    m.ChecklistResponse: "checklist_response",
    m.Draft: "draft",
    m.AnonymisationSettings: "anonymisation_settings",
    m.PublicationAcceptance: "publication_acceptance",
    m.PublicationSignoff: "publication_signoff",
}

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
        tables = {**_OWN_TABLES, **{cls: spec[0] for cls, spec in TABLES.items()}}
        self._tables = {cls: TableRepository(store, t, cls, t) for cls, t in tables.items()}

    # ------------------------------------------------------------------ writing
    def insert(self, obj: Any, cur: Any) -> int:
        """Insert any record of a review exactly as given (``id`` ignored); returns the new id."""
        return self._tables[type(obj)].insert(obj, cur)

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

    def set_duplicate_of(self, entry_id: int, duplicate_of: int, cur: Any) -> None:
        """Second pass of an import: a row may point at a row inserted after it."""
        cur.execute(
            "UPDATE chronology_entry SET duplicate_of = ? WHERE id = ?", (duplicate_of, entry_id)
        )

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
        return sum(search.index(cur, kind, review_id=review_id) for kind in search.KINDS)

    # ------------------------------------------------------------------ reading
    def has_terms(self, review_id: int) -> bool:
        """True when a terms-of-reference row exists (``lifecycle.terms`` returns a default)."""
        row = self._store.query_one(
            "SELECT 1 FROM terms_of_reference WHERE review_id = ?", (review_id,)
        )
        return row is not None

    def request(self, agency_id: int) -> m.AgencyRequest | None:
        """The agency's request row, or None when none was ever saved."""
        return self._tables[m.AgencyRequest].one("agency_id = ?", (agency_id,))

    def imr_quality(self, agency_id: int) -> list[m.ImrQuality]:
        """Only the checklist items the chair has scored (no defaults)."""
        return self._tables[m.ImrQuality].select("agency_id = ?", (agency_id,), "item")

    def chronology_pairs(self, review_id: int) -> list[tuple[int, int, str]]:
        rows = self._store.query(
            "SELECT p.first_id, p.second_id, p.decision FROM chronology_pair p "
            "JOIN chronology_entry e ON e.id = p.first_id WHERE e.review_id = ? "
            "ORDER BY p.first_id, p.second_id",
            (review_id,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def attachments(self, review_id: int) -> list[tuple[m.Attachment, bytes]]:
        """Every attachment of the review with its content, oldest first."""
        rows = self._store.query(
            "SELECT * FROM attachment WHERE review_id = ? ORDER BY id", (review_id,)
        )
        return [(from_row(m.Attachment, r), bytes(r["content"])) for r in rows]

    def report_sections(self, review_id: int) -> list[m.ReportSection]:
        return self._tables[m.ReportSection].select("review_id = ?", (review_id,), "document, key")

    def checklist(self, review_id: int) -> list[m.ChecklistResponse]:
        return self._tables[m.ChecklistResponse].select(
            "review_id = ?", (review_id,), "document, section_key, item_id"
        )

    def anonymisation(self, review_id: int) -> m.AnonymisationSettings | None:
        return self._tables[m.AnonymisationSettings].one("review_id = ?", (review_id,))

    def acceptances(self, review_id: int) -> list[m.PublicationAcceptance]:
        return self._tables[m.PublicationAcceptance].select("review_id = ?", (review_id,), "id")

    def signoffs(self, review_id: int) -> list[m.PublicationSignoff]:
        return self._tables[m.PublicationSignoff].select("review_id = ?", (review_id,), "id")

    def publication_log(self, review_id: int) -> list[dict[str, Any]]:
        rows = self._store.query(
            f"SELECT {', '.join(PUBLICATION_LOG_FIELDS)} FROM publication_log "
            "WHERE review_id = ? ORDER BY id",
            (review_id,),
        )
        return [dict(r) for r in rows]

    def ordered(self, cls: type, where: str, params: tuple, order: str) -> list[Any]:
        """Records of a kind in an order the importer can reproduce (always ending in id)."""
        return self._tables[cls].select(where, params, order)
