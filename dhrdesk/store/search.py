"""Full-text search over every text of every review (SQLite FTS5 inside the encrypted store).

Why it is built this way:

* The index lives in the same encrypted file (table ``search_index``, schema v6), so
  search never leaves a plaintext copy anywhere.
* One index row per record. Its rowid is derived from ``(kind, record_key)`` so the
  write path can replace or drop a row by rowid (FTS5 UNINDEXED columns cannot be
  looked up quickly), in the same transaction as the change it follows.
* The tokenizer (unicode61, remove_diacritics 2) does not fold Ł, ø or ß, so a
  ``folded`` column holds ``anonymise.fold(title + body)`` and queries are folded the
  same way: Łukasz finds Lukasz and the other way round.
* Users type words, not FTS5 syntax. :func:`parse_query` keeps only word characters,
  quotes every term and joins them with AND, so quotes, brackets, NEAR, column filters
  or a stray ``*`` can never reach the FTS5 parser as syntax.
* Snippets are made in Python from the stored body, marking every word whose folded
  form matches a query term with « », which works whichever column matched.

Write-path hooks (called by the repositories inside their ``store.write``):
:func:`index` (insert or replace the rows of one kind matching a filter),
:func:`drop` (remove one row by key), :func:`index_object` / :func:`forget_object`
(the generic records repository), :func:`forget_review`. :func:`rebuild` re-creates
every row from the tables (``dhrdesk verify --reindex``).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import fold
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.records import RecordKind, search_labels
from dhrdesk.core.records import kinds as declared_kinds

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

MARK_OPEN = "«"
MARK_CLOSE = "»"
MAX_TERMS = 32
MAX_LIMIT = 1000
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
FOLDED_WEIGHT = 1.0

# Search kind -> the label of its rows, from the record declarations (dhrdesk.core.records).
KIND_LABELS: dict[str, str] = search_labels()
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# ----------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class Doc:
    """One index row before it is written."""

    review_id: int
    kind: str
    record_key: str
    agency: str
    date: str
    themes: str
    title: str
    body: str

    @property
    def rowid(self) -> int:
        return rowid_for(self.kind, self.record_key, self.review_id)


@dataclass(frozen=True)
class Hit:
    """One search result. ``snippet`` marks the matching words with « ».

    The snippet is made when first read, so a search pays only for the hits a
    screen shows (a table asks for the rows in view); ``given_snippet`` fixes it.
    """

    review_id: int
    reference: str
    kind: str
    record_key: str
    title: str
    given_snippet: str | None
    rank: float
    agency: str = ""
    date: str = ""
    body: str = field(default="", repr=False, compare=False)
    terms: tuple[Term, ...] = field(default=(), repr=False, compare=False)

    @functools.cached_property
    def snippet(self) -> str:
        if self.given_snippet is not None:
            return self.given_snippet
        terms = list(self.terms)
        return snippet(self.body, terms) or snippet(self.title, terms)


def rowid_for(kind: str, record_key: str, review_id: int | None = None) -> int:
    """A stable 63-bit rowid for a record, so one row can be replaced without a scan.

    Record keys are unique in the store except a section's ("section:overview/analysis"
    exists in every review), so for sections the review id is part of the hash."""
    scope = f"{review_id}\x00" if kind == "section" else ""
    digest = hashlib.blake2b(f"{scope}{kind}\x00{record_key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF or 1


@functools.lru_cache(maxsize=8192)
def _date_words(text: str | None) -> str:
    """'2024-04-03' -> '3 April 2024', '2024-04' -> 'April 2024', '' -> ''."""
    if not text:
        return ""
    from dhrdesk.core.dates import MONTH_NAMES

    parts = str(text).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return str(text)
    if len(numbers) == 3 and 1 <= numbers[1] <= 12:
        return f"{numbers[2]} {MONTH_NAMES[numbers[1] - 1]} {numbers[0]}"
    if len(numbers) == 2 and 1 <= numbers[1] <= 12:
        return f"{MONTH_NAMES[numbers[1] - 1]} {numbers[0]}"
    return str(numbers[0])


def _themes(value: Any) -> str:
    if value == "[]":  # most rows have no themes
        return ""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = value.split()
    if not isinstance(value, list):
        return ""
    return " ".join(str(t) for t in value if str(t).strip())


def _join(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _with(title: str, extra: str) -> str:
    return f"{title} — {extra}" if extra else title


# Each kind: SQL that selects its source rows (with a {where} slot), the filters a write
# hook may pass (name -> SQL expression) and a function turning one row into a Doc.
@dataclass(frozen=True)
class _Kind:
    sql: str
    filters: dict[str, str]
    make: Callable[[Any], Doc | None]


def _section_title(profile_id: str, document: str, key: str) -> str:
    from dhrdesk.core.profiles import get_profile

    label = "Overview report" if document == "overview" else "Executive summary"
    try:
        profile = get_profile(profile_id)
    except Exception:  # an unknown profile must not stop a save
        return f"{label} — {key.replace('_', ' ')}"
    specs = profile.all_sections() if document == "overview" else profile.executive_summary_sections
    for spec in specs:
        if spec.id == key:
            return f"{label} — {spec.heading}"
    return f"{label} — {key.replace('_', ' ')}"


def _make_section(row: Any) -> Doc | None:
    from dhrdesk.core.richtext import plain_text

    try:
        body = plain_text(json.loads(row["content"] or "[]"))
    except (ValueError, KeyError, TypeError):
        body = ""
    return Doc(
        review_id=row["review_id"],
        kind="section",
        record_key=f"section:{row['document']}/{row['key']}",
        agency="",
        date="",
        themes="",
        title=_section_title(row["profile"], row["document"], row["key"]),
        body=body,
    )


def _make_imr(row: Any) -> Doc | None:
    label = dict(m.IMR_SECTIONS).get(row["key"], row["key"].replace("_", " "))
    return Doc(
        review_id=row["review_id"],
        kind="imr",
        record_key=f"imr:{row['agency_id']}/{row['key']}",
        agency=row["agency_name"],
        date="",
        themes="",
        title=f"IMR — {row['agency_name']}: {label}",
        body=row["text"] or "",
    )


def _make_imr_analysis(row: Any) -> Doc | None:
    line = " ".join((row["line_text"] or "").split())
    if len(line) > 80:
        line = line[:79] + "…"
    return Doc(
        review_id=row["review_id"],
        kind="imr_analysis",
        record_key=f"imr_analysis:{row['agency_id']}/{row['line_id']}",
        agency=row["agency_name"],
        date="",
        themes=row["theme_id"] or "",
        title=f"IMR analysis — {row['agency_name']}: {line}",
        body=row["text"] or "",
    )


def _make_chronology(row: Any) -> Doc | None:
    return Doc(
        review_id=row["review_id"],
        kind="chronology",
        record_key=f"chronology:{row['id']}",
        agency=row["agency_name"],
        date=row["date"] or "",
        themes=_themes(row["themes"]),
        title=f"Chronology — {row['agency_name']}, {_date_words(row['date'])}".rstrip(", "),
        body=_join(row["event"], row["action"], row["agency_comment"], row["significance"]),
    )


def _make_recommendation(row: Any) -> Doc | None:
    return Doc(
        review_id=row["review_id"],
        kind="recommendation",
        record_key=f"recommendation:{row['id']}",
        agency=row["lead_agency"] or "",
        date="",
        themes=_themes(row["themes"]),
        title=_with(f"Recommendation {row['number']}", row["lead_agency"] or ""),
        body=_join(row["text"], row["evidence"]),
    )


def _make_learning(row: Any) -> Doc | None:
    label = m.LEARNING_KIND_LABELS.get(row["kind"], row["kind"])
    return Doc(
        review_id=row["review_id"],
        kind="learning",
        record_key=f"learning:{row['id']}",
        agency=row["agency_name"] or "",
        date="",
        themes=_themes(row["themes"]),
        title=_with(label, row["agency_name"] or ""),
        body=row["text"] or "",
    )


def _make_action(row: Any) -> Doc | None:
    return Doc(
        review_id=row["review_id"],
        kind="action",
        record_key=f"action:{row['id']}",
        agency=row["lead_agency"] or "",
        date=row["completed_on"] or row["target_date"] or "",
        themes=_themes(row["rec_themes"]),
        title=_with(f"Action — recommendation {row['number']}", row["lead_agency"] or ""),
        body=_join(row["text"], row["milestones"], row["outcome"]),
    )


def _make_action_update(row: Any) -> Doc | None:
    return Doc(
        review_id=row["review_id"],
        kind="action_update",
        record_key=f"action_update:{row['id']}",
        agency=row["lead_agency"] or "",
        date=row["date"] or "",
        themes=_themes(row["rec_themes"]),
        title=f"Action update — recommendation {row['number']}, {_date_words(row['date'])}",
        body=row["text"] or "",
    )


def _make_meeting(row: Any) -> Doc | None:
    title = (row["title"] or "").strip() or "Panel meeting"
    return Doc(
        review_id=row["review_id"],
        kind="meeting",
        record_key=f"meeting:{row['id']}",
        agency="",
        date=row["date"] or "",
        themes="",
        title=f"{title}, {_date_words(row['date'])}",
        body=_join(row["agenda"], row["minutes"], row["decisions"]),
    )


def _make_family_contact(row: Any) -> Doc | None:
    mode = (row["mode"] or "").strip()
    title = f"Family contact, {_date_words(row['date'])}" + (f" ({mode})" if mode else "")
    return Doc(
        review_id=row["review_id"],
        kind="family_contact",
        record_key=f"family_contact:{row['id']}",
        agency="",
        date=row["date"] or "",
        themes="",
        title=title,
        body=_join(row["summary"], row["follow_up"]),
    )


_SPECS: dict[str, _Kind] = {
    "section": _Kind(
        "SELECT s.review_id, s.document, s.key, s.content, r.profile FROM report_section s "
        "JOIN review r ON r.id = s.review_id {where}",
        {"review_id": "s.review_id", "document": "s.document", "key": "s.key"},
        _make_section,
    ),
    "imr": _Kind(
        "SELECT i.agency_id, i.key, i.text, a.name AS agency_name, a.review_id "
        "FROM imr_section i JOIN agency a ON a.id = i.agency_id {where}",
        {"agency_id": "i.agency_id", "key": "i.key", "review_id": "a.review_id"},
        _make_imr,
    ),
    "imr_analysis": _Kind(
        "SELECT x.agency_id, x.line_of_enquiry_id AS line_id, x.text, a.name AS agency_name, "
        "a.review_id, l.text AS line_text, l.theme_id FROM imr_analysis x "
        "JOIN agency a ON a.id = x.agency_id JOIN line_of_enquiry l ON l.id = "
        "x.line_of_enquiry_id {where}",
        {
            "agency_id": "x.agency_id",
            "line_id": "x.line_of_enquiry_id",
            "review_id": "a.review_id",
        },
        _make_imr_analysis,
    ),
    "chronology": _Kind(
        "SELECT e.id, e.review_id, e.date, e.event, e.action, e.agency_comment, e.significance, "
        "e.themes, a.name AS agency_name FROM chronology_entry e "
        "JOIN agency a ON a.id = e.agency_id {where}",
        {"id": "e.id", "agency_id": "e.agency_id", "review_id": "e.review_id"},
        _make_chronology,
    ),
    "recommendation": _Kind(
        "SELECT r.id, r.review_id, r.number, r.text, r.evidence, r.lead_agency, r.themes "
        "FROM recommendation r {where}",
        {"id": "r.id", "review_id": "r.review_id"},
        _make_recommendation,
    ),
    "learning": _Kind(
        "SELECT p.id, p.review_id, p.kind, p.text, p.themes, a.name AS agency_name "
        "FROM learning_point p LEFT JOIN agency a ON a.id = p.agency_id {where}",
        {"id": "p.id", "agency_id": "p.agency_id", "review_id": "p.review_id"},
        _make_learning,
    ),
    "action": _Kind(
        "SELECT x.id, x.text, x.milestones, x.outcome, x.lead_agency, x.target_date, "
        "x.completed_on, r.review_id, r.number, r.themes AS rec_themes FROM action x "
        "JOIN recommendation r ON r.id = x.recommendation_id {where}",
        {"id": "x.id", "recommendation_id": "x.recommendation_id", "review_id": "r.review_id"},
        _make_action,
    ),
    "action_update": _Kind(
        "SELECT u.id, u.date, u.text, x.lead_agency, r.review_id, r.number, "
        "r.themes AS rec_themes FROM action_update u JOIN action x ON x.id = u.action_id "
        "JOIN recommendation r ON r.id = x.recommendation_id {where}",
        {
            "id": "u.id",
            "action_id": "u.action_id",
            "recommendation_id": "x.recommendation_id",
            "review_id": "r.review_id",
        },
        _make_action_update,
    ),
    "meeting": _Kind(
        "SELECT id, review_id, date, title, agenda, minutes, decisions FROM meeting {where}",
        {"id": "id", "review_id": "review_id"},
        _make_meeting,
    ),
    "family_contact": _Kind(
        "SELECT c.id, c.date, c.mode, c.summary, c.follow_up, f.review_id FROM family_contact c "
        "JOIN family_member f ON f.id = c.family_member_id {where}",
        {"id": "c.id", "family_member_id": "c.family_member_id", "review_id": "f.review_id"},
        _make_family_contact,
    ),
}


def _declared_spec(kind: str) -> _Kind:
    """The query of a declared kind without its own (dhrdesk.core.records): a kind kept
    under the review, indexed by its ``search_fields`` under its ``search_label``."""
    found: RecordKind = next(k for k in declared_kinds() if k.search == kind)
    columns = ", ".join(found.search_fields)

    def make(row: Any) -> Doc:
        return Doc(
            review_id=row["review_id"],
            kind=kind,
            record_key=f"{kind}:{row['id']}",
            agency="",
            date="",
            themes="",
            title=found.search_label,
            body=_join(*(row[name] for name in found.search_fields)),
        )

    sql = f"SELECT id, review_id, {columns} FROM {found.table} {{where}}"
    return _Kind(sql, {"id": "id", "review_id": "review_id"}, make)


def kinds() -> tuple[str, ...]:
    """Every search kind of the current declarations (:data:`KINDS` at import)."""
    return tuple(search_labels())


def _docs(cur: Any, kind: str, match: dict[str, Any]) -> Iterator[Doc]:
    spec = _SPECS[kind] if kind in _SPECS else _declared_spec(kind)
    clauses, params = [], []
    for name, value in match.items():
        if name not in spec.filters:
            raise ValueError(f"search kind {kind!r} cannot be filtered by {name!r}")
        clauses.append(f"{spec.filters[name]} = ?")
        params.append(value)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    for row in cur.execute(spec.sql.format(where=where), params).fetchall():
        doc = spec.make(row)
        if doc is not None:
            yield doc


# ------------------------------------------------------------------------ write path
def _put(cur: Any, doc: Doc) -> bool:
    cur.execute("DELETE FROM search_index WHERE rowid = ?", (doc.rowid,))
    if not doc.body.strip():
        return False
    cur.execute(
        "INSERT INTO search_index(rowid, review_id, kind, record_key, agency, date, themes, "
        "title, body, folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc.rowid,
            doc.review_id,
            doc.kind,
            doc.record_key,
            doc.agency,
            doc.date,
            doc.themes,
            doc.title,
            doc.body,
            fold_lines(doc.title, doc.body),
        ),
    )
    return True


def chronology_doc(row: dict[str, Any], agency_name: str) -> Doc | None:
    """The index row of a chronology row (its columns as stored, and its agency's name):
    what :func:`index` makes from the tables, for a bulk import that holds both."""
    return _make_chronology({**row, "agency_name": agency_name})


def fold_lines(title: str, body: str) -> str:
    """``fold(f"{title}\\n{body}")``, each part folded on its own (fold works character
    by character and the line break is a space, so the parts' folds joined by a space
    are the same; a plain-ASCII body then takes fold's quick way)."""
    return " ".join(part for part in (fold(title), fold(body)) if part)


def put_many(cur: Any, docs: Iterable[Doc | None]) -> int:
    """:func:`_put` for many rows of distinct rowids at once (``executemany``), in rowid
    order: FTS5 keeps rows added in one transaction in memory only while their rowids
    ascend (out of order, it writes its pending terms out at every step back)."""
    kept = sorted(((d.rowid, d) for d in docs if d is not None), key=lambda pair: pair[0])
    cur.executemany("DELETE FROM search_index WHERE rowid = ?", [(r,) for r, _ in kept])
    values = [
        (
            rowid,
            d.review_id,
            d.kind,
            d.record_key,
            d.agency,
            d.date,
            d.themes,
            d.title,
            d.body,
            fold_lines(d.title, d.body),
        )
        for rowid, d in kept
        if d.body.strip()
    ]
    if values:
        cur.executemany(
            "INSERT INTO search_index(rowid, review_id, kind, record_key, agency, date, "
            "themes, title, body, folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    return len(values)


def index(cur: Any, kind: str, **match: Any) -> int:
    """(Re)index every record of ``kind`` matching ``match`` (e.g. ``id=12``); call it
    inside the write that changed them. Records whose text is now empty are removed.
    Returns how many rows the index now holds for them."""
    return sum(_put(cur, doc) for doc in list(_docs(cur, kind, match)))


def index_section(cur: Any, section: m.ReportSection) -> None:
    """After a section of the chair's report is saved."""
    index(cur, "section", review_id=section.review_id, document=section.document, key=section.key)


def drop(cur: Any, kind: str, record_key: str, review_id: int | None = None) -> None:
    """Remove one record's row (after the record itself was deleted); a section also
    needs its review id."""
    cur.execute(
        "DELETE FROM search_index WHERE rowid = ?", (rowid_for(kind, record_key, review_id),)
    )


def unindex(cur: Any, kind: str, **match: Any) -> None:
    """Remove the rows of the records matching ``match``; call it BEFORE deleting them
    (the rows are found through the tables, so this also reaches descendants)."""
    for doc in list(_docs(cur, kind, match)):
        drop(cur, doc.kind, doc.record_key, doc.review_id)


# For the generic records repository: which kinds hang on a record of each class.
_DEPENDANTS: dict[type, list[tuple[str, str]]] = {
    m.LearningPoint: [("learning", "id")],
    m.Recommendation: [
        ("recommendation", "id"),
        ("action", "recommendation_id"),
        ("action_update", "recommendation_id"),
    ],
    m.Action: [("action", "id"), ("action_update", "action_id")],
    m.ActionUpdate: [("action_update", "id")],
    m.Meeting: [("meeting", "id")],
    m.FamilyContact: [("family_contact", "id")],
    m.FamilyMember: [("family_contact", "family_member_id")],
    m.Agency: [
        ("chronology", "agency_id"),
        ("imr", "agency_id"),
        ("imr_analysis", "agency_id"),
        ("learning", "agency_id"),
    ],
    m.LineOfEnquiry: [("imr_analysis", "line_id")],
}


def _dependants(cls: type) -> list[tuple[str, str]]:
    """The kinds to reindex after a record of ``cls`` changes: :data:`_DEPENDANTS`, or
    for a declared kind not listed there, its own search kind."""
    if cls in _DEPENDANTS:
        return _DEPENDANTS[cls]
    found = next((k for k in declared_kinds() if k.cls is cls and k.search), None)
    return [(found.search, "id")] if found is not None else []


def index_object(cur: Any, obj: Any) -> None:
    """After records.save: reindex the record and what shows its text or tags (an action
    inherits its recommendation's themes; a chronology row shows its agency's name)."""
    for kind, column in _dependants(type(obj)):
        if obj.id is not None:
            index(cur, kind, **{column: obj.id})


def forget_object(cur: Any, cls: type, record_id: int) -> None:
    """Before records.delete: drop the record's rows and those of records the delete
    cascades to. Learning points survive an agency's removal, so their rows are re-made
    without the agency's name."""
    for kind, column in _dependants(cls):
        if cls is m.Agency and kind == "learning":
            # Learning points survive an agency's removal (agency_id SET NULL): re-make
            # their rows without the agency now, as the delete will leave them.
            for doc in list(_docs(cur, kind, {column: record_id})):
                label = doc.title.split(" — ", 1)[0]
                _put(cur, dataclasses.replace(doc, agency="", title=label))
            continue
        unindex(cur, kind, **{column: record_id})


def forget_review(cur: Any, review_id: int) -> None:
    """Before or after a review is deleted: drop every row of that review."""
    cur.execute("DELETE FROM search_index WHERE review_id = ?", (review_id,))


def rebuild(store: Store) -> int:
    """Re-create every row from the tables; returns the number of texts indexed.

    Called by ``Store.verify(reindex=True)`` inside its write (the nested write joins
    that transaction)."""
    with store.write("search.rebuild", "search") as cur:
        cur.execute("DELETE FROM search_index")
        count = 0
        for kind in KINDS:
            for doc in list(_docs(cur, kind, {})):
                count += _put(cur, doc)
        cur.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
    return count


def rows(store: Store) -> list[tuple]:
    """Every index row as a tuple (for tests comparing rebuild with incremental)."""
    return [
        tuple(r)
        for r in store.query(
            "SELECT rowid, review_id, kind, record_key, agency, date, themes, title, body, folded "
            "FROM search_index ORDER BY rowid"
        )
    ]


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class Term:
    """One query term: a word or a phrase (folded tokens); ``prefix`` for a trailing *."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.tokens) + '"' + (" *" if self.prefix else "")


_QUERY_PART = re.compile(r'"([^"]*)"?|([^\s"]+)')

EMPTY_QUERY_MESSAGE = "Type at least one word to search for."


def parse_query(text: str) -> list[Term]:
    """Plain words (all must match), "quoted phrases", and a trailing * for a prefix.

    Everything else (brackets, AND/OR/NEAR, column:filters, ^, +) is treated as text:
    only letters and digits survive, each term is quoted, so no user input is ever FTS5
    syntax. Raises ValidationError when nothing searchable is left.
    """
    if not isinstance(text, str):
        raise ValidationError(EMPTY_QUERY_MESSAGE)
    terms: list[Term] = []
    seen: set[Term] = set()
    for match in _QUERY_PART.finditer(text):
        phrase, word = match.group(1), match.group(2)
        raw = phrase if phrase is not None else word
        prefix = phrase is None and raw.endswith("*")
        tokens = tuple(_TOKEN.findall(fold(raw)))
        if not tokens:
            continue
        term = Term(tokens, prefix)
        if term not in seen:
            seen.add(term)
            terms.append(term)
    if not terms:
        raise ValidationError(
            EMPTY_QUERY_MESSAGE, hint="Letters or digits are needed; punctuation is ignored."
        )
    if len(terms) > MAX_TERMS:
        raise ValidationError(f"Search for at most {MAX_TERMS} words at a time.")
    return terms


def fts_expression(terms: Iterable[Term]) -> str:
    return " AND ".join(term.fts() for term in terms)


def _check_date(value: str | dt.date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _PARTIAL_ISO.match(text):
        raise ValidationError(
            f"The {name} date '{text}' is not a date: use 2024, 2024-03 or 2024-03-15."
        )
    return text


def _filters(
    review_ids: Iterable[int] | None,
    agency: str | None,
    theme: str | None,
    date_from: str | dt.date | None,
    date_to: str | dt.date | None,
    kinds: Iterable[str] | None,
) -> tuple[list[str], list[Any]] | None:
    """The WHERE conditions and parameters of the filters (None: nothing can match)."""
    where: list[str] = []
    params: list[Any] = []
    if review_ids is not None:
        ids = sorted({int(i) for i in review_ids})
        if not ids:
            return None
        where.append(f"s.review_id IN ({', '.join('?' * len(ids))})")
        params += ids
    if agency is not None and agency.strip():
        where.append("lower(s.agency) = lower(?)")
        params.append(" ".join(agency.split()))
    if theme is not None and theme.strip():
        where.append("instr(' ' || s.themes || ' ', ' ' || ? || ' ') > 0")
        params.append(theme.strip())
    start, end = _check_date(date_from, "from"), _check_date(date_to, "to")
    if start and end and start > end:
        raise ValidationError("The 'from' date is after the 'to' date.")
    if start:
        where.append("s.date <> '' AND s.date >= substr(?, 1, length(s.date))")
        params.append(start)
    if end:
        where.append("s.date <> '' AND substr(s.date, 1, length(?)) <= ?")
        params += [end, end]
    if kinds is not None:
        wanted = list(dict.fromkeys(kinds))
        unknown = [k for k in wanted if k not in KIND_LABELS]
        if unknown:
            raise ValidationError(f"'{unknown[0]}' is not a kind of text (use {', '.join(KINDS)}).")
        if not wanted:
            return None
        where.append(f"s.kind IN ({', '.join('?' * len(wanted))})")
        params += wanted
    return where, params


def search(
    store: Store,
    query: str,
    *,
    review_ids: Iterable[int] | None = None,
    agency: str | None = None,
    theme: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    kinds: Iterable[str] | None = None,
    limit: int = 50,
) -> list[Hit]:
    """Ranked hits (best first) for a plain-words query, with optional filters.

    ``agency`` matches the agency name exactly (any case); ``theme`` one theme id among
    the record's tags; the date range keeps records whose (possibly partial) date
    overlaps it, and leaves out records without a date.
    """
    terms = parse_query(query)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"The number of results must be between 1 and {MAX_LIMIT}.")
    filters = _filters(review_ids, agency, theme, date_from, date_to, kinds)
    if filters is None:
        return []
    where, params = filters
    where.insert(0, "search_index MATCH ?")
    params.insert(0, fts_expression(terms))
    weights = ", ".join(["0.0"] * 6 + [str(TITLE_WEIGHT), str(BODY_WEIGHT), str(FOLDED_WEIGHT)])
    # The top hits are chosen inside the index first (MATCH, filters, bm25, LIMIT: the
    # raw FTS5 query); only those few rows are then joined to their review.
    sql = (
        "SELECT h.review_id, r.reference, h.kind, h.record_key, h.agency, h.date, h.title, "
        "h.body, h.score FROM ("
        "SELECT s.rowid AS rid, s.review_id, s.kind, s.record_key, s.agency, s.date, s.title, "
        f"s.body, bm25(search_index, {weights}) AS score FROM search_index s "
        f"WHERE {' AND '.join(where)} ORDER BY score, s.rowid LIMIT ?"
        ") AS h JOIN review r ON r.id = h.review_id ORDER BY h.score, h.rid"
    )
    params.append(limit)
    try:
        found = store.query(sql, tuple(params))
    except Exception as exc:  # FTS5 errors must reach the user as words
        from dhrdesk.core.errors import DhrDeskError

        if isinstance(exc, DhrDeskError):
            raise
        raise ValidationError(f"The search could not be run ({exc}).") from None
    return [
        Hit(
            review_id=row["review_id"],
            reference=row["reference"],
            kind=row["kind"],
            record_key=row["record_key"],
            title=row["title"],
            given_snippet=None,
            rank=-float(row["score"]),
            agency=row["agency"],
            date=row["date"],
            body=row["body"],
            terms=tuple(terms),
        )
        for row in found
    ]


# --------------------------------------------------------------------------- snippets
@functools.lru_cache(maxsize=65536)
def _fold_token(token: str) -> str:
    """fold() of one word, cached: a store's vocabulary is small, snippets fold a lot."""
    return fold(token)


def _matches(token: str, terms: list[Term]) -> bool:
    folded = _fold_token(token)
    for term in terms:
        for i, wanted in enumerate(term.tokens):
            last = i == len(term.tokens) - 1
            if folded == wanted or (last and term.prefix and folded.startswith(wanted)):
                return True
    return False


_WORD_CHAR = r"[^\W_]"  # a character of a _TOKEN word (str.isalnum)
_NON_ASCII_RUN = re.compile(r"[^\W_\x00-\x7f]+")  # non-ASCII letters and digits
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")  # _TOKEN in an ASCII text, quicker


def _any_case(word: str) -> str:
    """An ASCII word as a pattern matching it in any case ("ab1" -> "[aA][bB]1")."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


@functools.lru_cache(maxsize=256)
def _ascii_pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    """One pattern finding the start of every all-ASCII word that :func:`_matches`
    accepts (an ASCII word's fold is its lower case): a whole word equal to a term's
    token in any case, or for a prefix term one starting with its last token. None:
    no token is ASCII, so no ASCII word can match."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for term in terms:
        for i, wanted in enumerate(term.tokens):
            if not wanted.isascii():
                continue
            exact.add(wanted)
            if term.prefix and i == len(term.tokens) - 1:
                prefixes.add(wanted)
    branches = []
    if exact:
        words = "|".join(_any_case(w) for w in sorted(exact, key=lambda w: (-len(w), w)))
        branches.append(f"(?:{words})")
    if prefixes:
        words = "|".join(_any_case(w) for w in sorted(prefixes, key=lambda w: (-len(w), w)))
        branches.append(f"(?:{words})[A-Za-z0-9]*")
    if not branches:
        return None
    return re.compile(f"(?<!{_WORD_CHAR})(?:{'|'.join(branches)})(?!{_WORD_CHAR})")


def _hit_starts(text: str, terms: list[Term]) -> list[int]:
    """Where the words of ``text`` that :func:`_matches` accepts start, in order: the
    all-ASCII words by one pattern, the others (if any) folded one by one."""
    pattern = _ascii_pattern(tuple(terms))
    found = [] if pattern is None else [mt.start() for mt in pattern.finditer(text)]
    if not text.isascii():
        others = _other_hit_starts(text, terms)
        if others:
            found = sorted({*found, *others})
    return found


def _other_hit_starts(text: str, terms: list[Term]) -> list[int]:
    """The starts of the matching words that hold a non-ASCII character: each run of
    non-ASCII letters and digits widened to the word around it, those words folded."""
    found = []
    size = len(text)
    for run in _NON_ASCII_RUN.finditer(text):
        first, last = run.span()
        while first > 0 and text[first - 1].isalnum():
            first -= 1
        while last < size and text[last].isalnum():
            last += 1
        for word in _TOKEN.finditer(text, first, last):
            token = word.group()
            if not token.isascii() and _matches(token, terms):
                found.append(word.start())
    return found


def _word_end(text: str, start: int) -> int:
    found = _TOKEN.match(text, start)
    assert found is not None
    return found.end()


def snippet(text: str, terms: list[Term], *, words: int = 24) -> str:
    """About ``words`` words of ``text`` around the best cluster of matches, every
    matching word wrapped in « ». Returns '' when nothing in ``text`` matches.

    The matching words are found by pattern (:func:`_hit_starts`), not word by word."""
    found = _hit_starts(text, terms)
    if not found:
        return ""
    # Word starts up to ``words`` words past the last hit: the window never reaches
    # further, and the words after it only matter when the text ends sooner.
    tokens = _ASCII_TOKEN if text.isascii() else _TOKEN
    last = found[-1]
    starts = [mt.start() for mt in tokens.finditer(text, 0, last)]
    tail = [mt.start() for mt in itertools.islice(tokens.finditer(text, last), words + 1)]
    starts += tail
    count = len(starts) if len(tail) <= words else None  # None: more words than seen
    hits = [bisect.bisect_left(starts, position) for position in found]
    # The window (of ``words`` tokens) starting a little before a hit that holds most hits.
    best_start, best_count = 0, -1
    for h in hits:
        start = max(0, h - 4 if count is None else min(h - 4, count - words))
        inside = bisect.bisect_left(hits, start + words) - bisect.bisect_left(hits, start)
        if inside > best_count:
            best_start, best_count = start, inside
    end = best_start + words if count is None else min(count, best_start + words)
    to_the_end = end == count
    # The window's text, every hit in it marked.
    pieces: list[str] = []
    cursor = starts[best_start] if best_start > 0 else 0
    for i in hits:
        if best_start <= i < end:
            a = starts[i]
            b = _word_end(text, a)
            pieces += (text[cursor:a], MARK_OPEN, text[a:b], MARK_CLOSE)
            cursor = b
    pieces.append(text[cursor:] if to_the_end else text[cursor : _word_end(text, starts[end - 1])])
    out = " ".join("".join(pieces).split())
    if best_start > 0:
        out = "… " + out
    if not to_the_end:
        out += " …"
    return out
