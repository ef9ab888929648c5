"""Append-only, hash-chained audit log that also covers the records' content.

Each entry records when, who (the store's display name), what kind of change
and which record, never the sensitive text itself. Each entry's hash covers its
fields and the previous entry's hash, so an edited, inserted or deleted entry
breaks the chain and `verify` reports where. Triggers make the table
append-only for the application; the chain catches anyone who bypasses them.

Since store format 7 each entry also carries ``content``: for every row the
change wrote, the SHA-256 of that row's canonical content after the write (or
"-" when the write deleted it). The text itself is never in the log. Rows are
noticed by temporary triggers that live on the application's own connection
only (they are not in the file), so a change made through any other connection
leaves no line behind, and `verify` recomputes every live row's hash and names
the record whose content no longer matches its latest entry.

Entries written before the upgrade to format 7 have no content (NULL). The
first `verify` after the upgrade records the content of every record in an
``audit.baseline`` entry; from then on every record is covered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dhrdesk.core.dates import format_timestamp

if TYPE_CHECKING:
    from sqlcipher3.dbapi2 import Connection

GENESIS = "0" * 64
TRACKING_VERSION = 7  # the store format that added content hashes
BASELINE_KIND = "audit.baseline"
DELETED = "-"

# Tables that are not records: the log itself, store settings and the derived search index.
_NOT_RECORDS = re.compile(r"^(audit|meta|search_index.*|sqlite_.*)$")
_LITERAL = re.compile(r"^(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?|NULL)$", re.IGNORECASE)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    kind: str
    record: str
    prev_hash: str
    hash: str
    content: str | None = None


# --------------------------------------------------------------------------- hashing
def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    kind: str,
    record: str,
    content: str | None = None,
) -> str:
    """SHA-256 of an entry. Entries from before format 7 (content None) hash as they did."""
    fields = [prev_hash, str(seq), at, actor, kind, record]
    if content is not None:
        fields += ["content-v1", content]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


# One canonical JSON form for record hashes (never change it: stored hashes depend on it).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class TableSpec:
    """How to key, hash and place (in a review) the rows of one record table."""

    name: str
    columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    defaults: dict[str, Any] = field(default_factory=dict)
    # (column in this table, parent table) hops until a table with review_id
    review_path: tuple[tuple[str, str], ...] = ()
    review_column: str | None = None
    required: frozenset[str] = frozenset()  # NOT NULL columns

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    def key_of(self, row: dict[str, Any]) -> str:
        return "/".join("" if row[c] is None else str(row[c]) for c in self.key_columns)

    def key_sql(self, alias: str) -> str:
        """The same key as :meth:`key_of`, as an SQL expression over NEW/OLD or a table."""
        parts = [f"coalesce(CAST({alias}.{c} AS TEXT), '')" for c in self.key_columns]
        return " || '/' || ".join(parts)

    def row_hash(self, row: dict[str, Any]) -> str:
        """SHA-256 of the row's canonical content.

        Values equal to the column's declared default are left out, so a later
        migration that adds a column with a default does not change any hash.
        """
        defaults = self.defaults
        values: dict[str, Any] = {}
        for column in self.columns:
            value = row[column]
            if column in defaults and value == defaults[column]:
                continue
            if isinstance(value, bytes | bytearray | memoryview):
                value = ["blob", hashlib.sha256(bytes(value)).hexdigest()]
            values[column] = value
        payload = _ENCODER.encode([self.name, self.key_of(row), values])
        return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _literal(text: str) -> Any:
    if text.upper() == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return float(text) if "." in text else int(text)


def table_specs(conn: Connection) -> dict[str, TableSpec]:
    """Every record table of the store, read from its schema (new tables are covered too)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    names = [n for n in names if not _NOT_RECORDS.match(n)]
    info: dict[str, list] = {
        n: conn.execute(f'PRAGMA main.table_info("{n}")').fetchall() for n in names
    }
    fks: dict[str, list] = {
        n: conn.execute(f'PRAGMA main.foreign_key_list("{n}")').fetchall() for n in names
    }
    specs: dict[str, TableSpec] = {}
    for name in names:
        rows = info[name]
        columns = tuple(r[1] for r in rows)
        pk = tuple(r[1] for r in sorted((r for r in rows if r[5]), key=lambda r: r[5]))
        defaults = {r[1]: _literal(r[4]) for r in rows if r[4] is not None and _LITERAL.match(r[4])}
        required = frozenset(r[1] for r in rows if r[3])
        specs[name] = TableSpec(name, columns, pk or ("rowid",), defaults, required=required)
    # Place each table in a review: its own review_id, or hop along foreign keys.
    for name, spec in list(specs.items()):
        if name == "review":
            specs[name] = _replace(spec, review_column="id")
        elif "review_id" in spec.columns:
            specs[name] = _replace(spec, review_column="review_id")
    for name, spec in list(specs.items()):
        if spec.review_column is None:
            path = _review_path(name, specs, fks, set())
            if path:
                specs[name] = _replace(spec, review_path=tuple(path))
    return specs


def _replace(spec: TableSpec, **changes: Any) -> TableSpec:
    data = {**spec.__dict__, **changes}
    return TableSpec(**data)


def _review_path(
    name: str, specs: dict[str, TableSpec], fks: dict[str, list], seen: set[str]
) -> list[tuple[str, str]] | None:
    seen = seen | {name}
    # Prefer required links (action_update -> action) over optional ones (-> attachment).
    position = {c: i for i, c in enumerate(specs[name].columns)}
    ordered = sorted(
        fks.get(name, []),
        key=lambda fk: (fk[3] not in specs[name].required, position.get(fk[3], 0)),
    )
    for fk in ordered:
        parent, column = fk[2], fk[3]
        if parent in seen or parent not in specs:
            continue
        if specs[parent].review_column is not None:
            return [(column, parent)]
        rest = _review_path(parent, specs, fks, seen)
        if rest:
            return [(column, parent), *rest]
    return None


def review_of(conn: Connection, spec: TableSpec, row: dict[str, Any]) -> int | None:
    """The id of the review a row belongs to (None for store-wide records)."""
    if spec.review_column is not None:
        return row[spec.review_column]
    value: Any = None
    current = row
    for column, parent in spec.review_path:
        value = current.get(column) if current is not None else None
        if value is None:
            return None
        cursor = conn.execute(f'SELECT * FROM main."{parent}" WHERE id = ?', (value,))
        found = cursor.fetchone()
        if found is None:
            return None
        current = dict(zip([d[0] for d in cursor.description], tuple(found), strict=True))
        if "review_id" in current:
            return current["review_id"]
    return None


# --------------------------------------------------------------------------- tracking
def install_tracking(conn: Connection, specs: dict[str, TableSpec]) -> None:
    """Temporary triggers on this connection that note every row a change touches.

    They live in the connection's temp schema (memory), not in the store file:
    whoever writes through another connection leaves no note, which is the point.
    The notes table has no unique key on purpose: a statement's own conflict clause
    (INSERT OR IGNORE, UPDATE OR FAIL) would override the trigger's, so notes are
    plain inserts and repeated notes are merged when the entry is written.
    """
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS audit_changes "
        "(tbl TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER)"
    )
    for name, spec in specs.items():
        if spec.key_columns == ("rowid",):
            key_new, key_old = "CAST(NEW.rowid AS TEXT)", "CAST(OLD.rowid AS TEXT)"
        else:
            key_new, key_old = spec.key_sql("NEW"), spec.key_sql("OLD")
        note_new = f"INSERT INTO temp.audit_changes VALUES ('{name}', {key_new}, NEW.rowid);"
        note_old = f"INSERT INTO temp.audit_changes VALUES ('{name}', {key_old}, OLD.rowid);"
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_note_{name}_i" AFTER INSERT '
            f'ON main."{name}" BEGIN {note_new} END'
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_note_{name}_u" AFTER UPDATE '
            f'ON main."{name}" BEGIN {note_old} {note_new} END'
        )
        conn.execute(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_note_{name}_d" AFTER DELETE '
            f'ON main."{name}" BEGIN {note_old} END'
        )


def note_every_record(conn: Connection, specs: dict[str, TableSpec]) -> None:
    """Mark every live record as changed, so the next entry records all of them (baseline)."""
    for name, spec in specs.items():
        key = "CAST(rowid AS TEXT)" if spec.key_columns == ("rowid",) else spec.key_sql("t")
        conn.execute(
            f"INSERT INTO temp.audit_changes "
            f"SELECT '{name}', {key}, t.rowid FROM main.\"{name}\" AS t"
        )


def _row(conn: Connection, spec: TableSpec, rid: int) -> dict[str, Any] | None:
    found = conn.execute(
        f'SELECT rowid AS "__rid", * FROM main."{spec.name}" WHERE rowid = ?', (rid,)
    ).fetchone()
    if found is None:
        return None
    values = tuple(found)
    row = dict(zip(spec.columns, values[1:], strict=True))
    row["rowid"] = values[0]
    return row


def take_content(
    conn: Connection,
    specs: dict[str, TableSpec],
    touched: list[tuple[str, int | None]] | None = None,
) -> str:
    """The content lines for the rows noted since the last entry, and forget the notes.

    ``touched`` (when given) receives (table, review id) for every line, for the
    store's change feed.

    Each line is [table, key, review id or null, SHA-256 of the row or "-" if deleted].
    One query per table touched (not per row), so a bulk import stays cheap.
    """
    lines: list[list[Any]] = []
    tables = [r[0] for r in conn.execute("SELECT DISTINCT tbl FROM temp.audit_changes")]
    for tbl in tables:
        spec = specs.get(tbl)
        if spec is None:
            continue
        # The latest note per key (max(rowid) makes SQLite take rid from that note).
        cursor = conn.execute(
            "SELECT c.key, t.rowid, t.* FROM (SELECT key, rid, max(rowid) FROM "
            f'temp.audit_changes WHERE tbl = ? GROUP BY key) AS c LEFT JOIN main."{tbl}" '
            "AS t ON t.rowid = c.rid",
            (tbl,),
        )
        for values in cursor.fetchall():
            values = tuple(values)
            key = values[0]
            if values[1] is None:
                lines.append([tbl, key, None, DELETED])
                continue
            row = dict(zip(spec.columns, values[2:], strict=True))
            row["rowid"] = values[1]
            if spec.key_of(row) != key:
                lines.append([tbl, key, None, DELETED])
            else:
                lines.append([tbl, key, review_of(conn, spec, row), spec.row_hash(row)])
    conn.execute("DELETE FROM temp.audit_changes")
    if touched is not None:
        touched.extend((line[0], line[2]) for line in lines)
    lines.sort(key=lambda line: (line[0], line[1]))
    return json.dumps(lines, ensure_ascii=False, separators=(",", ":"))


def append(
    conn: Connection,
    actor: str,
    kind: str,
    record: str,
    specs: dict[str, TableSpec] | None = None,
    touched: list[tuple[str, int | None]] | None = None,
) -> tuple[int, str]:
    """Append an entry; with ``specs`` (format 7 and later) it carries the content lines.

    Returns the new head (entry number, hash). ``touched`` receives (table, review id)
    of every row the entry records.
    """
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    if specs is None:
        digest = entry_hash(prev, seq, at, actor, kind, record)
        conn.execute(
            "INSERT INTO audit(seq, at, actor, kind, record, prev_hash, hash) "
            "VALUES (?,?,?,?,?,?,?)",
            (seq, at, actor, kind, record, prev, digest),
        )
        return seq, digest
    content = take_content(conn, specs, touched)
    digest = entry_hash(prev, seq, at, actor, kind, record, content)
    conn.execute(
        "INSERT INTO audit(seq, at, actor, kind, record, prev_hash, hash, content) "
        "VALUES (?,?,?,?,?,?,?,?)",
        (seq, at, actor, kind, record, prev, digest, content),
    )
    return seq, digest


# --------------------------------------------------------------------------- reading
def has_content_column(conn: Connection) -> bool:
    return any(r[1] == "content" for r in conn.execute("PRAGMA main.table_info(audit)"))


def iter_entries(conn: Connection) -> Iterator[AuditEntry]:
    """Every entry in order (content None before format 7)."""
    content = "content" if has_content_column(conn) else "NULL"
    for r in conn.execute(
        f"SELECT seq, at, actor, kind, record, prev_hash, hash, {content} FROM audit ORDER BY seq"
    ):
        yield AuditEntry(*tuple(r))


def head(conn: Connection) -> tuple[int, str]:
    """The chain's head: the last entry's number and hash ((0, GENESIS) when empty)."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def verify_chain(conn: Connection) -> list[str]:
    """Problems found in the chain (empty when intact)."""
    return verify_entries(iter_entries(conn))


def verify_entries(items: Iterable[AuditEntry]) -> list[str]:
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    content_started = False
    for e in items:
        if e.seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (next entry is {e.seq})")
        if e.prev_hash != prev:
            problems.append(f"entry {e.seq} does not follow the entry before it")
        if entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.kind, e.record, e.content) != e.hash:
            problems.append(f"entry {e.seq} ({e.kind}) was altered after it was written")
        if e.content is not None:
            content_started = True
        elif content_started:
            problems.append(
                f"entry {e.seq} ({e.kind}) has no record hashes although entries before it "
                "have them: it was written outside DHR Desk"
            )
        prev = e.hash
        expected_seq = e.seq + 1
    return problems


def entries(conn: Connection, limit: int = 200) -> list[AuditEntry]:
    content = "content" if has_content_column(conn) else "NULL"
    rows = conn.execute(
        f"SELECT seq, at, actor, kind, record, prev_hash, hash, {content} FROM audit "
        "ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditEntry(*tuple(r)) for r in rows]


# --------------------------------------------------------------------------- content check
def when(at: str) -> str:
    """'2026-05-02T10:15:00.123+00:00' -> '2 May 2026 at 10:15 UTC'."""
    return format_timestamp(at, "UTC")


@dataclass
class ContentCheck:
    """What the content check found: problems, and whether a baseline is still due."""

    problems: list[str] = field(default_factory=list)
    checked: int = 0
    baseline_due: bool = False
    tracked_from: int | None = None


def tracking_start(items: Iterable[AuditEntry]) -> int | None:
    """The entry from which every record is covered: the creation or the baseline."""
    for e in items:
        if e.content is not None and e.kind in ("store.create", BASELINE_KIND):
            return e.seq
    return None


def check_content(
    conn: Connection,
    specs: dict[str, TableSpec],
    items: list[AuditEntry],
) -> ContentCheck:
    """Recompute every live record's hash and compare it with its latest entry."""
    result = ContentCheck(tracked_from=tracking_start(items))
    latest: dict[tuple[str, str], tuple[AuditEntry, int | None, str]] = {}
    last_review: dict[tuple[str, str], int | None] = {}
    for e in items:
        if not e.content:
            continue
        try:
            lines = json.loads(e.content)
        except ValueError:
            result.problems.append(f"entry {e.seq} ({e.kind}) has unreadable record hashes")
            continue
        for tbl, key, review, digest in lines:
            latest[(tbl, key)] = (e, review, digest)
            if review is not None:
                last_review[(tbl, key)] = review
    references = dict(conn.execute("SELECT id, reference FROM main.review").fetchall())

    def place(review: int | None) -> str:
        if review is None:
            return ""
        reference = references.get(review)
        return f" in review {reference}" if reference else f" in review {review}"

    def entry_text(e: AuditEntry) -> str:
        return f"entry {e.seq} ({e.kind}, {when(e.at)}, by {e.actor})"

    covered_all = result.tracked_from is not None
    live: set[tuple[str, str]] = set()
    for name, spec in specs.items():
        cursor = conn.execute(f'SELECT rowid AS "__rid", * FROM main."{name}"')
        for values in cursor:
            row = dict(zip(spec.columns, tuple(values)[1:], strict=True))
            row["rowid"] = values[0]
            key = spec.key_of(row)
            live.add((name, key))
            found = latest.get((name, key))
            if found is None:
                if covered_all:
                    review = review_of(conn, spec, row)
                    result.problems.append(
                        f"{spec.label} {key}{place(review)} is not in the audit log at all: "
                        "it was added outside DHR Desk"
                    )
                continue
            entry, review, digest = found
            result.checked += 1
            if digest == DELETED:
                result.problems.append(
                    f"{spec.label} {key}{place(last_review.get((name, key)))} was deleted in "
                    f"{entry_text(entry)} but is present again: it was put back outside DHR Desk"
                )
            elif spec.row_hash(row) != digest:
                result.problems.append(
                    f"{spec.label} {key}{place(review)} was changed outside DHR Desk: its "
                    f"content no longer matches {entry_text(entry)}"
                )
    for (name, key), (entry, _review, digest) in latest.items():
        if digest != DELETED and (name, key) not in live and name in specs:
            result.problems.append(
                f"{specs[name].label} {key}{place(last_review.get((name, key)))} was deleted "
                f"outside DHR Desk: it was last recorded in {entry_text(entry)}"
            )
    result.baseline_due = not covered_all
    return result
