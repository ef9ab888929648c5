"""Agency input: requests and returns, IMR content and quality, chronology rows, attachments."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.textforms import nfc
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, from_row, to_row, utc_now

if TYPE_CHECKING:
    from dhrdesk.core.chronology import CombinedRow
    from dhrdesk.store.database import Store

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
BATCH_ROWS = 1000  # rows written (and indexed) per executemany
# The table's columns are the dataclass's fields (as TableRepository relies on).
ENTRY_COLUMNS = tuple(f.name for f in dataclasses.fields(m.ChronologyEntry))
assert (
    *("id", "review_id", "agency_id", "date", "source", "event", "time", "sequence"),
    *("action", "agency_comment", "significance", "key_event", "themes", "subject_ids"),
    *("duplicate_of", "external_key"),
) == ENTRY_COLUMNS, "_entry_of reads the columns in this order"


def _json_list(text: str) -> Any:
    return [] if text == "[]" else json.loads(text)


def _entry_of(
    entry_id: int,
    review_id: int,
    agency_id: int,
    date: str,
    source: str,
    event: str,
    time: str,
    sequence: int,
    action: str,
    agency_comment: str,
    significance: str,
    key_event: int,
    themes: str,
    subject_ids: str,
    duplicate_of: int | None,
    external_key: str,
) -> m.ChronologyEntry:
    """A chronology row read from its columns (what from_row makes, without looking the
    field kinds up for every value: 10,000 rows are read at every load)."""
    return m.ChronologyEntry(
        review_id,
        agency_id,
        date,
        source,
        event,
        time,
        sequence,
        action,
        agency_comment,
        significance,
        bool(key_event),
        _json_list(themes),
        _json_list(subject_ids),
        duplicate_of,
        external_key,
        id=entry_id,
    )


_INSERT_ENTRY = (
    f"INSERT INTO chronology_entry ({', '.join(ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
)
_UPDATE_ENTRY = (
    "UPDATE chronology_entry SET "
    + ", ".join(f"{c} = :{c}" for c in ENTRY_COLUMNS if c != "id")
    + " WHERE id = :id"
)


def check_request(request: m.AgencyRequest, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if request.request_type not in m.REQUEST_TYPES:
        raise ValidationError(f"'{request.request_type}' is not a kind of request.")
    for name, label in (
        ("requested_on", "The request date"),
        ("records_secured_on", "The date records were secured"),
        ("received_on", "The date the return was received"),
        ("quality_checked_on", "The quality check date"),
        ("accepted_on", "The date the return was accepted"),
        ("signoff_on", "The sign-off date"),
    ):
        value = getattr(request, name)
        if value is not None and value > today:
            raise ValidationError(f"{label} ({value:%d %B %Y}) cannot be in the future.")
    if request.requested_on and request.due_on and request.due_on < request.requested_on:
        raise ValidationError("The return cannot be due before it was requested.")
    if request.received_on and request.requested_on and request.received_on < request.requested_on:
        raise ValidationError("The return cannot be received before it was requested.")
    if request.accepted_on and not request.received_on:
        raise ValidationError("A return must be received before it is accepted.")
    for chase in request.chases:
        try:
            dt.date.fromisoformat(chase)
        except (TypeError, ValueError):
            raise ValidationError(f"The reminder date '{chase}' is not a date.") from None


@functools.lru_cache(maxsize=8192)
def _check_date(text: str) -> None:
    """A stored chronology date is valid (checked once per distinct text: imports repeat)."""
    from dhrdesk.core.chronology import parse_partial_iso

    parse_partial_iso(text)


def check_entry(entry: m.ChronologyEntry) -> None:
    if isinstance(entry.date, str):
        _check_date(entry.date)
    else:
        from dhrdesk.core.chronology import parse_partial_iso

        parse_partial_iso(entry.date)
    if not entry.source.strip():
        raise ValidationError("Every chronology row needs its source of information.")
    if not (entry.event.strip() or entry.action.strip()):
        raise ValidationError("A chronology row needs the event or contact it records.")
    if not isinstance(entry.themes, list) or not isinstance(entry.subject_ids, list):
        raise ValidationError("Themes and subjects of a chronology row must be lists.")


def request_status(request: m.AgencyRequest, today: dt.date) -> tuple[str, bool]:
    """(status words, overdue?) for the agencies list and the dashboard."""
    if request.accepted_on:
        return "Accepted", False
    if request.quality_checked_on:
        return "Quality-checked", False
    if request.received_on:
        return "Received", False
    if request.due_on and request.due_on < today:
        days = (today - request.due_on).days
        return f"Overdue by {days} day{'s' if days != 1 else ''}", True
    if request.requested_on:
        return "Requested", False
    return "Not requested", False


class AgencyInputRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._requests = TableRepository(store, "agency_request", m.AgencyRequest, "request")
        self._entries = TableRepository(store, "chronology_entry", m.ChronologyEntry, "chronology")

    # ------------------------------------------------------------------ agencies
    def agency(self, agency_id: int) -> m.Agency:
        return self._store.repos.records.get(m.Agency, agency_id)

    def agency_by_name(self, review_id: int, name: str) -> m.Agency | None:
        for agency in self._store.repos.records.list(m.Agency, review_id):
            if agency.name.casefold() == " ".join(name.split()).casefold():
                return agency
        return None

    def ensure_agency(self, review_id: int, name: str) -> m.Agency:
        """The agency of that name in the review, added (in scope) if it is not there yet."""
        found = self.agency_by_name(review_id, name)
        if found is not None:
            return found
        agency = m.Agency(review_id=review_id, name=" ".join(name.split()))
        self._store.repos.records.save(agency)
        return agency

    # ------------------------------------------------------------------ requests
    def request(self, agency_id: int) -> m.AgencyRequest:
        return self._requests.one("agency_id = ?", (agency_id,)) or m.AgencyRequest(agency_id)

    def save_request(self, request: m.AgencyRequest, *, today: dt.date | None = None) -> None:
        check_request(request, today)
        exists = self._requests.one("agency_id = ?", (request.agency_id,)) is not None
        with self._store.write("agency_request.update", f"agency:{request.agency_id}") as cur:
            if exists:
                self._requests.update(request, cur, key=("agency_id",))
            else:
                self._requests.insert(request, cur)

    def add_chase(self, agency_id: int, on: dt.date) -> None:
        request = self.request(agency_id)
        request.chases = sorted({*request.chases, on.isoformat()})
        self.save_request(request)

    def overdue_returns(self, review_id: int, today: dt.date) -> list[tuple[m.Agency, str]]:
        out = []
        for agency in self._store.repos.records.list(m.Agency, review_id):
            if not agency.in_scope:
                continue
            status, overdue = request_status(self.request(id_of(agency)), today)
            if overdue:
                out.append((agency, status))
        return out

    # ----------------------------------------------------------------------- IMR
    def imr_sections(self, agency_id: int) -> dict[str, str]:
        rows = self._store.query(
            "SELECT key, text FROM imr_section WHERE agency_id = ?", (agency_id,)
        )
        return {r[0]: r[1] for r in rows}

    def save_imr_section(self, agency_id: int, key: str, text: str) -> None:
        if key not in dict(m.IMR_SECTIONS):
            raise ValidationError(f"'{key}' is not a section of an IMR.")
        with self._store.write("imr.section", f"agency:{agency_id}/{key}") as cur:
            cur.execute(
                "INSERT INTO imr_section(agency_id, key, text) VALUES (?, ?, ?) "
                "ON CONFLICT(agency_id, key) DO UPDATE SET text = excluded.text",
                (agency_id, key, nfc(text)),
            )
            search.index(cur, "imr", agency_id=agency_id, key=key)

    def imr_analysis(self, agency_id: int) -> dict[int, str]:
        rows = self._store.query(
            "SELECT line_of_enquiry_id, text FROM imr_analysis WHERE agency_id = ?", (agency_id,)
        )
        return {r[0]: r[1] for r in rows}

    def save_imr_analysis(self, agency_id: int, line_id: int, text: str) -> None:
        with self._store.write("imr.analysis", f"agency:{agency_id}/line:{line_id}") as cur:
            cur.execute(
                "INSERT INTO imr_analysis(agency_id, line_of_enquiry_id, text) VALUES (?, ?, ?) "
                "ON CONFLICT(agency_id, line_of_enquiry_id) DO UPDATE SET text = excluded.text",
                (agency_id, line_id, nfc(text)),
            )
            search.index(cur, "imr_analysis", agency_id=agency_id, line_id=line_id)

    def quality(self, agency_id: int) -> dict[str, m.ImrQuality]:
        rows = self._store.query("SELECT * FROM imr_quality WHERE agency_id = ?", (agency_id,))
        found = {r["item"]: from_row(m.ImrQuality, r) for r in rows}
        return {
            item: found.get(item, m.ImrQuality(agency_id, item)) for item, _ in m.IMR_QUALITY_ITEMS
        }

    def save_quality(self, agency_id: int, item: str, score: str, note: str = "") -> None:
        if item not in dict(m.IMR_QUALITY_ITEMS):
            raise ValidationError(f"'{item}' is not an item of the IMR quality checklist.")
        if score and score not in m.QUALITY_SCORES:
            raise ValidationError(f"'{score}' is not a score (use met, partly or not_met).")
        if score in ("partly", "not_met") and not note.strip():
            raise ValidationError("Say what is missing, so it can go in the chase letter.")
        with self._store.write("imr.quality", f"agency:{agency_id}/{item}") as cur:
            cur.execute(
                "INSERT INTO imr_quality(agency_id, item, score, note) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(agency_id, item) DO UPDATE SET score = excluded.score, "
                "note = excluded.note",
                (agency_id, item, score, note),
            )

    def quality_gaps(self, agency_id: int) -> list[str]:
        """The gaps for the chase letter: every item not (yet) met, with the chair's note."""
        labels = dict(m.IMR_QUALITY_ITEMS)
        gaps = []
        for item, quality in self.quality(agency_id).items():
            if quality.score == "met":
                continue
            words = labels[item]
            if quality.score == "":
                gaps.append(f"{words}: not yet checked.")
            else:
                gaps.append(f"{words}: {quality.note.strip()}")
        return gaps

    # ----------------------------------------------------------------- chronology
    def entries(self, review_id: int, agency_id: int | None = None) -> list[m.ChronologyEntry]:
        params: tuple[int, ...]
        where, params = "review_id = ?", (review_id,)
        if agency_id is not None:
            where, params = "review_id = ? AND agency_id = ?", (review_id, agency_id)
        found = self._store.query(
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM chronology_entry WHERE {where} "
            "ORDER BY date, time, sequence, id",
            params,
        )
        return [_entry_of(*row) for row in found]

    def entry(self, entry_id: int) -> m.ChronologyEntry:
        found = self._entries.one("id = ?", (entry_id,))
        if found is None:
            raise NotFoundError("That chronology row no longer exists.")
        return found

    def save_entry(self, entry: m.ChronologyEntry) -> int:
        check_entry(entry)
        if entry.id is None:
            with self._store.write("chronology.create", f"review:{entry.review_id}") as cur:
                entry.id = self._entries.insert(entry, cur)
                search.index(cur, "chronology", id=entry.id)
        else:
            with self._store.write("chronology.update", f"chronology:{entry.id}") as cur:
                if self._entries.update(entry, cur) == 0:
                    raise NotFoundError("That chronology row no longer exists.")
                search.index(cur, "chronology", id=entry.id)
        return entry.id

    def add_entries(
        self,
        entries: list[m.ChronologyEntry],
        *,
        kind: str = "chronology.import",
        cur: Any = None,
        on_row: Callable[[int, int], None] | None = None,
    ) -> list[int]:
        """Insert many rows in one transaction (all or nothing). Rows whose agency already has
        a row with the same non-empty external_key are updated instead (no duplicates on replay).
        ``on_row(done, total)`` is called as the work goes (progress: each row is written, then
        indexed, so ``total`` is twice the rows); raising from it rolls everything back.

        Rows and their search rows are written in batches (``executemany``); the search rows
        are made here from the rows as stored and their agencies' names, the same rows
        :func:`search.index` would make from the tables."""
        for entry in entries:
            check_entry(entry)
        review_ids = {e.review_id for e in entries}
        record = f"review:{next(iter(review_ids))}" if len(review_ids) == 1 else "reviews"
        ids: list[int] = []
        stored: dict[int, dict[str, Any]] = {}  # id -> the row as written (last one wins)
        steps = 2 * len(entries)
        with self._store.write(kind, f"{record}/rows:{len(entries)}") as cursor:
            row = cursor.execute("SELECT max(id) FROM chronology_entry").fetchone()
            next_id = (row[0] or 0) + 1
            for first in range(0, len(entries), BATCH_ROWS):
                batch = entries[first : first + BATCH_ROWS]
                known = self._known_keys(cursor, batch)
                inserts: list[tuple[Any, ...]] = []
                updates: list[dict[str, Any]] = []
                for done, entry in enumerate(batch, start=first + 1):
                    if on_row is not None:
                        on_row(done, steps)
                    values = to_row(entry)
                    key = (entry.agency_id, values["external_key"])
                    found = known.get(key) if key[1] else None
                    if found is None:
                        found = next_id
                        next_id += 1
                        if key[1]:
                            known[key] = found
                        values["id"] = found
                        inserts.append(tuple(values[c] for c in ENTRY_COLUMNS))
                    else:
                        values["id"] = found
                        updates.append(values)
                    entry.id = found
                    ids.append(found)
                    stored[found] = values
                if inserts:
                    cursor.executemany(_INSERT_ENTRY, inserts)
                if updates:
                    cursor.executemany(_UPDATE_ENTRY, updates)
            self._index_rows(cursor, ids, stored, on_row, steps)
        return ids

    @staticmethod
    def _known_keys(cursor: Any, batch: list[m.ChronologyEntry]) -> dict[tuple[int, str], int]:
        """(agency id, external key) -> id of the rows already stored under a key in
        ``batch``: one query per agency, through the partial unique index."""
        wanted: dict[int, set[str]] = {}
        for entry in batch:
            if entry.external_key:
                wanted.setdefault(entry.agency_id, set()).add(nfc(entry.external_key))
        known: dict[tuple[int, str], int] = {}
        for agency_id, keys in wanted.items():
            listed = sorted(keys)
            # "external_key <> ''" repeats the partial index's condition, so SQLite uses it.
            found = cursor.execute(
                "SELECT external_key, id FROM chronology_entry WHERE agency_id = ? "
                f"AND external_key <> '' AND external_key IN ({', '.join('?' * len(listed))})",
                (agency_id, *listed),
            ).fetchall()
            known.update(((agency_id, k), i) for k, i in found)
        return known

    @staticmethod
    def _index_rows(
        cursor: Any,
        ids: list[int],
        stored: dict[int, dict[str, Any]],
        on_row: Callable[[int, int], None] | None,
        steps: int,
    ) -> None:
        """The search rows of the rows just written (progress: the second half)."""
        agency_ids = sorted({row["agency_id"] for row in stored.values()})
        names: dict[int, str] = {}
        for first in range(0, len(agency_ids), 500):
            chunk = agency_ids[first : first + 500]
            names.update(
                cursor.execute(
                    f"SELECT id, name FROM agency WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        done = steps // 2
        docs = []
        seen: set[int] = set()
        for entry_id in ids:
            done += 1
            if on_row is not None:
                on_row(done, steps)
            row = stored[entry_id]
            if entry_id in seen or row["agency_id"] not in names:
                continue  # a row written twice (same external key) is indexed once
            seen.add(entry_id)
            docs.append(search.chronology_doc(row, names[row["agency_id"]]))
        search.put_many(cursor, docs)

    def delete_entry(self, entry_id: int) -> None:
        with self._store.write("chronology.delete", f"chronology:{entry_id}") as cur:
            cur.execute("DELETE FROM chronology_entry WHERE id = ?", (entry_id,))
            if cur.rowcount == 0:
                raise NotFoundError("That chronology row no longer exists.")
            search.drop(cur, "chronology", f"chronology:{entry_id}")

    def merge_duplicate(self, keep_id: int, merged_id: int) -> None:
        """The chair decides two rows are the same event: keep one, hide the other (kept)."""
        if keep_id == merged_id:
            raise ValidationError("A row cannot be merged into itself.")
        keep, merged = self.entry(keep_id), self.entry(merged_id)
        if keep.review_id != merged.review_id:
            raise ValidationError("Rows of different reviews cannot be merged.")
        with self._store.write("chronology.merge", f"chronology:{merged_id}->{keep_id}") as cur:
            cur.execute(
                "UPDATE chronology_entry SET duplicate_of = ? WHERE id = ?", (keep_id, merged_id)
            )
            cur.execute(
                "INSERT OR REPLACE INTO chronology_pair(first_id, second_id, decision) "
                "VALUES (?, ?, 'merged')",
                (min(keep_id, merged_id), max(keep_id, merged_id)),
            )

    def keep_both(self, first_id: int, second_id: int) -> None:
        """The chair decides two similar rows are different events: stop suggesting them."""
        a, b = min(first_id, second_id), max(first_id, second_id)
        with self._store.write("chronology.distinct", f"chronology:{a}/{b}") as cur:
            cur.execute(
                "INSERT OR REPLACE INTO chronology_pair(first_id, second_id, decision) "
                "VALUES (?, ?, 'distinct')",
                (a, b),
            )

    def unmerge(self, entry_id: int) -> None:
        with self._store.write("chronology.unmerge", f"chronology:{entry_id}") as cur:
            cur.execute(
                "DELETE FROM chronology_pair WHERE decision = 'merged' AND "
                "(first_id = ? OR second_id = ?)",
                (entry_id, entry_id),
            )
            cur.execute("UPDATE chronology_entry SET duplicate_of = NULL WHERE id = ?", (entry_id,))

    def distinct_pairs(self, review_id: int) -> set[tuple[int, int]]:
        rows = self._store.query(
            "SELECT p.first_id, p.second_id FROM chronology_pair p "
            "JOIN chronology_entry e ON e.id = p.first_id "
            "WHERE e.review_id = ? AND p.decision = 'distinct'",
            (review_id,),
        )
        return {(r[0], r[1]) for r in rows}

    def combined(self, review_id: int) -> list[CombinedRow]:
        """The combined chronology of a review (dhrdesk.core.chronology.combine)."""
        from dhrdesk.core.chronology import ChronologyContext, combine, death_from
        from dhrdesk.core.dates import parse_date

        records = self._store.repos.records
        review = self._store.repos.reviews.by_id(review_id)
        tor = self._store.repos.lifecycle.terms(review_id)
        subjects = records.list(m.Subject, review_id)
        victim = next((s.id for s in subjects if s.role == "victim"), None)
        births: dict[int, dt.date] = {}
        death_text = None
        for item in records.list(m.RegisterEntry, review_id):
            if item.kind == "date_of_birth" and item.subject_id is not None:
                try:
                    births[item.subject_id] = parse_date(item.value)
                except ValidationError:
                    continue
            elif item.kind == "date_of_death" and item.subject_id == victim:
                death_text = item.value
        context = ChronologyContext(
            agencies={id_of(a): a.name for a in records.list(m.Agency, review_id)},
            period_start=tor.period_start,
            period_end=tor.period_end,
            death=death_from(review.month_of_death, death_text),
            dates_of_birth=births,
            victim_subject_id=victim,
            distinct_pairs=self.distinct_pairs(review_id),
        )
        return combine(self.entries(review_id), context)

    # ----------------------------------------------------------------- attachments
    def add_attachment(
        self,
        review_id: int,
        filename: str,
        content: bytes,
        kind: str,
        *,
        agency_id: int | None = None,
        note: str = "",
    ) -> m.Attachment:
        """Keep a received file inside the encrypted store, with its SHA-256 (receipt log)."""
        if kind not in m.ATTACHMENT_KINDS:
            raise ValidationError(f"'{kind}' is not a kind of attachment.")
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise ValidationError("Files over 50 MB cannot be kept in the store.")
        attachment = m.Attachment(
            review_id=review_id,
            filename=filename,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            kind=kind,
            received_at=utc_now(),
            received_by=self._store.display_name,
            agency_id=agency_id,
            note=note,
        )
        row = to_row(attachment)
        row.pop("id")
        row["content"] = content
        with self._store.write("attachment.add", f"review:{review_id}") as cur:
            cols = ", ".join(row)
            cur.execute(
                f"INSERT INTO attachment ({cols}) VALUES ({', '.join(':' + c for c in row)})", row
            )
            attachment.id = cur.lastrowid
        return attachment

    def attachments(self, review_id: int) -> list[m.Attachment]:
        rows = self._store.query(
            "SELECT id, review_id, agency_id, filename, sha256, size, kind, received_at, "
            "received_by, note FROM attachment WHERE review_id = ? ORDER BY id",
            (review_id,),
        )
        return [from_row(m.Attachment, r) for r in rows]

    def attachment_content(self, attachment_id: int) -> bytes:
        row = self._store.query_one("SELECT content FROM attachment WHERE id = ?", (attachment_id,))
        if row is None:
            raise NotFoundError("That attachment no longer exists.")
        return bytes(row[0])

    # --------------------------------------------------------------------- packages
    def package_seen(self, package_id: str) -> bool:
        return (
            self._store.query_one(
                "SELECT 1 FROM package_receipt WHERE package_id = ?", (package_id,)
            )
            is not None
        )

    def record_package(
        self, package_id: str, review_id: int, agency_id: int | None, direction: str, sha256: str
    ) -> None:
        """Called inside the import's write (nested), so receipt and data commit together."""
        with self._store.write(f"package.{direction}", f"review:{review_id}") as cur:
            cur.execute(
                "INSERT INTO package_receipt(package_id, review_id, agency_id, direction, at, "
                "sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (package_id, review_id, agency_id, direction, utc_now(), sha256),
            )
