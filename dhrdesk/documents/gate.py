"""The publication gate: no published file carries a real identifier (issue 6).

Three steps, each distrusting the one before:

1. **Substitution** (:func:`substitute_document`): the restricted document model
   is copied, and every text place (section titles, paragraph runs, list items,
   quotes, table headers and cells, endnotes, glossary, cover fields, version
   table, document metadata; contents and bookmarks derive from the headings) is
   passed through a :class:`~dhrdesk.core.anonymise.Substituter` built from the
   review's restricted register and date policy. Dates of birth become the
   register's replacement (an age or age band), the date of death month and
   year, every other exact date month/year or relative to the death. The
   restricted text in the store is never altered. No marking.
2. **The scan before writing** (:func:`check_model`): every text of the *final*
   model, with its place ("Overview report › 13 Background information › 13.4"),
   is scanned by :class:`~dhrdesk.core.anonymise.Scanner`; ambiguous forms the
   substitution could not decide are added. Blocking findings the chair has not
   accepted stop the export (:class:`PublicationBlockedError`, exit 5) before a
   byte is written.
3. **The scan after writing** (:func:`write_publication`): the file is written to
   a hidden temporary name in the target folder, read back from disk
   (readback.py) and scanned again. If anything blocking remains, the file is
   deleted and the export fails loudly; only a clean file is renamed into place.

Acceptances are per finding (fingerprint: category, folded text, place) and are
audited by the store. :func:`publication_pack` writes the overview report,
executive summary and action plan (PDF, and DOCX when that backend exists) with
a manifest, all or nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk import __version__
from dhrdesk.core import model as m
from dhrdesk.core.anonymise import (
    CATEGORY_LABELS,
    DATE_KINDS,
    Finding,
    RegisterItem,
    Scanner,
    Substituter,
    TextUnit,
    find_day_dates,
    fold,
)
from dhrdesk.core.dates import MONTH_NAMES
from dhrdesk.core.errors import DhrDeskError, PublicationBlockedError
from dhrdesk.documents.model import (
    EDITION_PUBLICATION,
    KIND_ACTION_PLAN,
    KIND_EXECUTIVE_SUMMARY,
    KIND_LABELS,
    KIND_OVERVIEW,
    BulletList,
    ChronologyRef,
    Document,
    Figure,
    Heading,
    Inline,
    Note,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Text,
    plain,
)
from dhrdesk.documents.output import DocumentError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

SEP = " › "
PACK_DOCUMENTS = (KIND_OVERVIEW, KIND_EXECUTIVE_SUMMARY, KIND_ACTION_PLAN)
READBACK_FAILED = (
    "The written {what} still contained {count} identifying item(s) after the check "
    "({sample}); it has been deleted and nothing was published."
)


# ------------------------------------------------------------------------------ findings
class GateBlockedError(PublicationBlockedError):
    """Publication refused; ``findings`` lists what blocks (exit 5, nothing written)."""

    def __init__(self, message: str, findings: list[Finding], *, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.findings = findings


@dataclass
class GateReport:
    """The result of the scan of one document: findings and the chair's acceptances."""

    document: str  # the kind label, e.g. "Overview report"
    findings: list[Finding]
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking and f.fingerprint not in self.accepted]

    @property
    def accepted_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking and f.fingerprint in self.accepted]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def summary(self) -> str:
        return (
            f"{self.document}: {len(self.blocking)} blocking, "
            f"{len(self.accepted_findings)} accepted, {len(self.warnings)} warning(s)"
        )

    def lines(self) -> list[str]:
        """One block of text per finding (what the CLI prints)."""
        out = [self.summary()]
        for finding in self.findings:
            acceptance = self.accepted.get(finding.fingerprint) if finding.blocking else None
            if acceptance is not None:
                flag = f"ACCEPTED by {acceptance.accepted_by or 'the chair'}: {acceptance.reason}"
            else:
                flag = "BLOCKS" if finding.blocking else "warning"
            out.append(f"  [{flag}] {CATEGORY_LABELS[finding.category]}: '{finding.matched}'")
            out.append(f"      at: {finding.where}")
            out.append(f"      context: {finding.context}")
            if finding.blocking:
                out.append(f"      fingerprint: {finding.fingerprint}")
        return out


def blocked_error(reports: Iterable[GateReport]) -> GateBlockedError:
    reports = list(reports)
    findings = [f for r in reports for f in r.blocking]
    return GateBlockedError(
        f"Publication blocked: {len(findings)} finding(s) must be resolved or accepted "
        "by the chair; nothing was written.",
        findings,
        hint="Fix the text or the restricted register, or accept a finding with a reason "
        "(dhrdesk check-publication REF --accept FINGERPRINT --reason TEXT).",
    )


# -------------------------------------------------------------------------- anonymiser
_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text)


def _month_year(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _parse_day(text: str) -> dt.date | None:
    from dhrdesk.core.dates import parse_date

    try:
        return parse_date(text)
    except DhrDeskError:
        return None


def scan_units(scanner: Scanner, units: list[TextUnit]) -> list[Finding]:
    """The scan of final text (dhrdesk.core.anonymise.Scanner)."""
    return scanner.scan(units)


@dataclass
class Anonymiser:
    """Everything the gate needs of one review: register, date policy, allow-list,
    acceptances. Built once (:func:`anonymiser_for`) and used for every document."""

    items: list[RegisterItem]
    date_policy: str = "month_year"
    death: dt.date | None = None
    births: dict[dt.date, str] = field(default_factory=dict)
    allow: list[str] = field(default_factory=list)
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.substituter = Substituter(self.items, self.date_policy, self.death)
        self.scanner = Scanner(self.items, self.allow)
        keys = {_letters(fold(f.text)) for f in self.substituter.forms}
        self._keys = sorted(k for k in keys if k)

    def may_match(self, text: str) -> bool:
        """A cheap pre-filter (letters only, folded): False only when no register form
        can occur in ``text``, so the large alternation regex is skipped for most cells."""
        if not self._keys:
            return False
        letters = _letters(text.lower() if text.isascii() else fold(text))
        return any(key in letters for key in self._keys)

    def register_dates(self, text: str) -> str:
        """A date of birth -> its replacement (an age); the date of death -> month/year."""
        if not (self.births or self.death) or not text:
            return text
        found = [d for d in find_day_dates(text) if d.as_date() is not None]
        found = [d for d in found if d.as_date() in self.births or d.as_date() == self.death]
        if not found:
            return text
        out, last = [], 0
        for item in found:
            day = item.as_date()
            before = text[last : item.start]
            if day in self.births:
                words = self.births[day]
                # "was born on 7 April 1989" -> "was aged 34"
                before = re.sub(r"\b(?:[Bb]orn\s+)?(?:on\s+(?:the\s+)?)?$", "", before)
            else:
                words = _month_year(day)
                on = re.search(r"\b(on|On)(\s+the)?\s+$", before)
                if on:
                    before = before[: on.start()] + ("In " if on.group(1) == "On" else "in ")
            out += [before, words]
            last = item.end
        out.append(text[last:])
        return "".join(out)

    def text(self, value: str, *, heading: bool = False) -> str:
        if not value:
            return value
        value = self.register_dates(value)
        if not self.may_match(value):
            return self.substituter.replace_dates(value)
        return self.substituter.apply(value, heading=heading)

    def runs(self, value: Text, *, heading: bool = False) -> Text:
        if isinstance(value, str):
            return self.text(value, heading=heading)
        out: list[Inline] = []
        for run in value:
            if isinstance(run, Run):
                out.append(Run(self.text(run.text, heading=heading), run.bold, run.italic))
            elif isinstance(run, Note):
                out.append(Note(self.text(run.text)))
            elif isinstance(run, ChronologyRef):
                out.append(ChronologyRef(run.row_id, self.text(run.date), self.text(run.agency)))
            else:  # pragma: no cover - Inline is closed
                out.append(run)
        return out

    def ambiguities(self, value: Text, where: str, *, heading: bool = False) -> list[Finding]:
        """Forms the substitution could not decide (a capitalised ordinary word at a
        sentence start or in a heading; a surname shared by two people), as findings."""
        text = plain(value, notes=True)
        if not self.may_match(text):
            return []
        return [
            Finding("ambiguous_name", a.text, where, f"{a.context} (would be: {a.replacement})")
            for a in self.substituter.ambiguities(text, heading=heading)
        ]


def _is_initials(text: str) -> bool:
    """ "S. O'S.", "P.O'S", "J B": every part has at most one letter before a period,
    apostrophe or space."""
    tokens = [t for t in re.split(r"[\s.]+", text) if t]
    return bool(tokens) and all(
        len(re.sub(r"[^\w]", "", part)) <= 1 for t in tokens for part in re.split(r"['’‘ʼ]", t)
    )


def anonymiser_for(store: Store, review_id: int) -> Anonymiser:
    """The review's register, date policy, allow-list and acceptances, read once."""
    records = store.repos.records
    entries = records.list(m.RegisterEntry, review_id)
    subjects = records.list(m.Subject, review_id)
    victim = next((s.id for s in subjects if s.role == "victim"), None)
    items: list[RegisterItem] = []
    for e in entries:
        if not (e.value or "").strip():
            continue
        variants = tuple(v for v in (e.variants or ()) if v.strip())
        initials = tuple(v for v in variants if _is_initials(v))
        items.append(
            RegisterItem(
                e.kind,
                e.value,
                e.replacement,
                tuple(v for v in variants if v not in initials),
                e.id,
            )
        )
        # Initials ("S. O'S.") are matched whole, never split into one-letter forms: a
        # derived "S." would match the "s." of every possessive at a sentence end.
        items += [RegisterItem("other", v, e.replacement, (), e.id) for v in initials]
    death = None
    births: dict[dt.date, str] = {}
    for e in entries:
        if e.kind == "date_of_death" and (e.subject_id == victim or victim is None):
            death = _parse_day(e.value) or death
        elif e.kind == "date_of_birth":
            day = _parse_day(e.value)
            if day is not None:
                births[day] = e.replacement.strip() or "[age withheld]"
    settings = store.repos.publication.settings(review_id)
    allow = list(settings.allow_list or [])
    allow += [a.name for a in records.list(m.Agency, review_id)]
    allow += [s.pseudonym for s in subjects if getattr(s, "pseudonym", "")]
    allow += [e.replacement for e in entries if e.kind not in DATE_KINDS and e.replacement]
    for role in ("chair", "author"):
        person = records.person(review_id, role)
        if person is not None and person.name:
            allow.append(person.name)
    allow += _profile_words(store, review_id)
    words = {w for phrase in allow for w in re.split(r"[\s,;:()/]+", phrase) if w}
    return Anonymiser(
        items,
        settings.date_policy or "month_year",
        death,
        births,
        sorted(set(allow) | words),
        store.repos.publication.acceptances(review_id),
    )


# Capitalised words of job titles and document furniture that are not names (the name
# warning would otherwise flag "Senior Investigating Officer" or "Executive Summary").
ROLE_WORDS = (
    "Executive Summary Overview Report Statutory Guidance Multi-agency Multi-Agency "
    "Senior Investigating Officer Detective Chief Inspector Superintendent Sergeant "
    "Constable Designated Named Nurse Doctor Safeguarding Lead Manager Head Director "
    "Deputy Assistant Housing Options Adult Adults Children Social Care Worker Health "
    "Visitor Mental Probation Independent Chair Author Community Safety Partnership "
    "Domestic Abuse Homicide Review Panel Member Members Terms Reference Action Plan "
    "Appendix Glossary Contents Version Control Condolences Endnotes Recommendations "
    "Conclusions Lessons Learned Learning Analysis Background Information Introduction "
    "Methodology Timescales Confidentiality Dissemination Equality Diversity Family "
    "Involvement Contributors Services Specialist Advocate Advisor Adviser Coordinator "
    "Commissioner Practice Practitioner Midlands North South East West Northern "
    "Southern Eastern Western Crown Prosecution Service Coroner Inquest Trial"
).split()


def _profile_words(store: Store, review_id: int) -> list[str]:
    """Glossary acronyms and their meanings, the profile's section titles and terms:
    capitalised words a report uses that are not names."""
    from dhrdesk.documents.build import profile_for
    from dhrdesk.documents.glossary import acronyms

    words: list[str] = list(ROLE_WORDS)
    for name, meaning in acronyms().items():
        words += [name, meaning]
    try:
        profile = profile_for(store.repos.reviews.by_id(review_id))
    except Exception:  # noqa: BLE001 - the allow-list only softens warnings
        return words
    for spec in profile.all_sections():
        words.append(spec.title)
    words.append(profile.review_type)
    return words


# ------------------------------------------------------------------------ substitution
@dataclass
class PublicationDocument(Document):
    """A document in the publication edition: substituted, no marking, dates to the
    month. ``report`` is the result of the scan before writing."""

    report: GateReport | None = None

    def cover_details(self) -> list[tuple[str, str]]:
        details = super().cover_details()
        return [("Date", _month_year(self.date)) if k == "Date" else (k, v) for k, v in details]


def _block(anon: Anonymiser, block, where: str, found: list[Finding]):
    if isinstance(block, Paragraph):
        found += anon.ambiguities(block.text, where)
        return Paragraph(anon.runs(block.text), block.numbered, block.origin)
    if isinstance(block, Heading):
        found += anon.ambiguities(block.text, where, heading=True)
        return Heading(anon.text(block.text, heading=True), block.level, block.origin)
    if isinstance(block, Quote):
        found += anon.ambiguities(block.text, where)
        return Quote(anon.runs(block.text), block.origin)
    if isinstance(block, BulletList):
        items = []
        for index, item in enumerate(block.items, start=1):
            found += anon.ambiguities(item, f"{where} item {index}")
            items.append(anon.runs(item))
        return BulletList(items, block.ordered, block.origin)
    if isinstance(block, Table):
        for head in block.header:
            found += anon.ambiguities(head, f"{where} header", heading=True)
        rows = []
        for r, row in enumerate(block.rows, start=1):
            cells = []
            for cell in row:
                found += anon.ambiguities(cell, f"{where} row {r}")
                cells.append(anon.runs(cell))
            rows.append(cells)
        return Table(
            [anon.text(h, heading=True) for h in block.header],
            rows,
            block.col_widths,
            block.repeat_header,
            block.compact,
            block.origin,
            list(block.group_rows),
        )
    if isinstance(block, Figure):
        for text in block.texts():
            found += anon.ambiguities(text, f"{where} figure", heading=True)
        return Figure(
            block.kind,
            anon.text(block.caption),
            [anon.text(label, heading=True) for label in block.labels],
            [(anon.text(name, heading=True), list(values)) for name, values in block.series],
            anon.text(block.value_label),
            block.origin,
        )
    return block  # pragma: no cover - Block is closed


def _block_places(section: Section, prefix: str) -> list[tuple[str, object]]:
    """(place, block) for each block: "13.4" for a numbered paragraph, else the kind of
    block after the last paragraph number ("list after 13.4", "table after 13.4")."""
    places = []
    last = None
    counts: dict[str, int] = {}
    for number, block in section.numbered_blocks():
        if number is not None:
            last = number
            places.append((f"{prefix}{SEP}{number}", block))
            continue
        kind = {
            Paragraph: "paragraph",
            Heading: "sub-heading",
            BulletList: "list",
            Quote: "quote",
            Table: "table",
        }.get(type(block), "block")
        anchor = f"after {last}" if last else "at the start"
        key = f"{kind} {anchor}"
        counts[key] = counts.get(key, 0) + 1
        suffix = f" ({counts[key]})" if counts[key] > 1 else ""
        places.append((f"{prefix}{SEP}{kind} {anchor}{suffix}", block))
    return places


def substitute_document(
    anon: Anonymiser, document: Document
) -> tuple[PublicationDocument, list[Finding]]:
    """The publication model of ``document`` and the ambiguities met on the way."""
    label = document.kind_label
    found: list[Finding] = []
    t = anon.text
    sections = []
    for section in document.sections:
        title = t(section.title, heading=True)
        new = Section(
            section.number,
            title,
            [],
            section.new_page,
            section.key,
            t(section.label, heading=True),
            section.appendix,
            section.landscape,
        )
        found += anon.ambiguities(
            section.title, f"{label}{SEP}{new.heading} (heading)", heading=True
        )
        for where, block in _block_places(section, f"{label}{SEP}{new.heading}"):
            new.blocks.append(_block(anon, block, where, found))
        sections.append(new)
    condolences = [
        _block(anon, block, f"{label}{SEP}condolences{SEP}paragraph {i}", found)
        for i, block in enumerate(document.condolences, start=1)
    ]
    if document.version_history:
        rows = [
            [
                t(row.version),
                _month_year(row.date),
                t(row.author),
                t(row.change),
            ]
            for row in document.version_history
        ]
        for r, row in enumerate(document.version_history, start=1):
            for value in (row.author, row.change):
                found += anon.ambiguities(value, f"{label}{SEP}Version control{SEP}row {r}")
        # Dates in the version table are to the month in a published report; the PDF
        # backend prints VersionRow dates to the day, so the table travels as a section.
        versions = Section(
            None,
            "Version control",
            [
                Table(
                    ["Version", "Date", "Author", "Summary of changes"], rows, [1.7, 2.8, 3.0, 4.4]
                )
            ],
            key="version-control",
        )
        sections.insert(0, versions)
    cover = {
        "title": t(document.title, heading=True),
        "review_type": t(document.review_type, heading=True),
        "reference": t(document.reference),
        "subject_pseudonym": t(document.subject_pseudonym),
        "csp": t(document.csp),
        "month_year_of_death": t(document.month_year_of_death),
        "chair": t(document.chair),
        "version": t(document.version),
    }
    for name in ("title", "csp", "chair", "subject_pseudonym"):
        found += anon.ambiguities(
            getattr(document, name), f"{label}{SEP}cover{SEP}{name}", heading=True
        )
    values = {f.name: getattr(document, f.name) for f in dataclasses.fields(Document)}
    values.update(cover)
    values.update(
        marking=None,
        metadata={k: t(v, heading=True) for k, v in document.metadata.items()},
        version_history=[],
        cover_note=t(document.cover_note) if document.cover_note else None,
        sections=sections,
        edition=EDITION_PUBLICATION,
        condolences=condolences,
        cover_extra=[(t(k), t(v)) for k, v in document.cover_extra],
    )
    return PublicationDocument(**values), found


# -------------------------------------------------------------------------------- scan
def document_units(document: Document) -> list[TextUnit]:
    """Every text the written file will carry, with its place: cover, running footer,
    file properties, contents (section headings), each block of each part."""
    label = document.kind_label
    units = [TextUnit(f"{label}{SEP}cover{SEP}title", document.title, heading=True)]
    for name, value in document.cover_details():
        units.append(TextUnit(f"{label}{SEP}cover{SEP}{name}", value))
    if document.cover_note:
        units.append(TextUnit(f"{label}{SEP}cover{SEP}note", document.cover_note))
    units.append(TextUnit(f"{label}{SEP}page footer", document.running_title))
    if document.marking:
        units.append(TextUnit(f"{label}{SEP}page header", document.marking))
    for key, value in document.metadata.items():
        units.append(TextUnit(f"{label}{SEP}file properties{SEP}{key}", value, heading=True))
    for row, version in enumerate(document.version_history, start=1):
        text = f"{version.version} {version.date.isoformat()} {version.author} {version.change}"
        units.append(TextUnit(f"{label}{SEP}Version control{SEP}row {row}", text))
    for i, block in enumerate(document.condolences, start=1):
        where = f"{label}{SEP}condolences{SEP}paragraph {i}"
        units += _units_of(block, where)
    for part in document.parts():
        prefix = f"{label}{SEP}{part.heading}"
        units.append(TextUnit(f"{prefix} (heading)", part.heading, heading=True))
        for where, block in _block_places(part, prefix):
            units += _units_of(block, where)
    return units


def _units_of(block, where: str) -> list[TextUnit]:
    if isinstance(block, (Paragraph, Quote)):
        return [TextUnit(where, plain(block.text))]
    if isinstance(block, Heading):
        return [TextUnit(where, block.text, heading=True)]
    if isinstance(block, BulletList):
        return [TextUnit(f"{where} item {i}", plain(item)) for i, item in enumerate(block.items, 1)]
    if isinstance(block, Table):
        units = [TextUnit(f"{where} header", " | ".join(block.header), heading=True)]
        for r, row in enumerate(block.rows, start=1):
            for cell in row:
                units.append(TextUnit(f"{where} row {r}", plain(cell)))
        return units
    if isinstance(block, Figure):
        return [TextUnit(f"{where} figure", text) for text in block.texts() if text]
    return []


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for finding in findings:
        if finding.fingerprint in seen:
            continue
        seen.add(finding.fingerprint)
        out.append(finding)
    return out


def check_model(anon: Anonymiser, document: Document, extra: Iterable[Finding] = ()) -> GateReport:
    """Scan the final publication model (plus ambiguities met while substituting)."""
    findings = scan_units(anon.scanner, document_units(document))
    return GateReport(document.kind_label, _unique([*extra, *findings]), anon.accepted)


def prepare(anon: Anonymiser, document: Document) -> PublicationDocument:
    """Substitute and scan; the report is attached to the returned document."""
    published, ambiguous = substitute_document(anon, document)
    published.report = check_model(anon, published, ambiguous)
    return published


def publication_edition(store: Store, review_id: int, document: Document) -> Document:
    """The builders' hook (builders.build_document with edition="publication").

    Returns the substituted model only when no blocking finding remains; otherwise
    raises :class:`GateBlockedError` (exit 5) carrying the findings.
    """
    published = prepare(anonymiser_for(store, review_id), document)
    if not published.report.ok:
        raise blocked_error([published.report])
    return published


def check_publication(
    store: Store, reference: str, kinds: Iterable[str] = PACK_DOCUMENTS
) -> list[GateReport]:
    """The scan of each document's publication edition, without writing or raising."""
    from dhrdesk.documents.builders import build_document

    review = store.repos.reviews.get(reference)
    anon = anonymiser_for(store, review.id)
    reports = []
    for kind in kinds:
        restricted = build_document(store, reference, kind, marking=None)
        reports.append(prepare(anon, restricted).report)
    return reports


def finding_by_fingerprint(reports: Iterable[GateReport], fingerprint: str) -> Finding | None:
    for report in reports:
        for finding in report.findings:
            if finding.fingerprint == fingerprint:
                return finding
    return None


# ----------------------------------------------------------------------------- writing
FORMATS = ("pdf", "docx")


def docx_available() -> bool:
    """Whether the DOCX backend (written separately) is part of this build."""
    if importlib.util.find_spec("dhrdesk.documents.docx") is None:
        return False
    from dhrdesk.documents import docx as backend

    return hasattr(backend, "render_docx")


def render(document: Document, fmt: str) -> bytes:
    if fmt == "pdf":
        from dhrdesk.documents.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        if not docx_available():
            raise DocumentError("DOCX output is not available yet.", hint="Use PDF.")
        from dhrdesk.documents import docx as backend

        return backend.render_docx(document)
    raise DocumentError(f"'{fmt}' is not a format: choose pdf or docx.")


@dataclass
class WrittenFile:
    path: Path
    fmt: str
    sha256: str
    size: int
    document: str
    kind: str
    accepted: int


def _readback_blocking(
    anon: Anonymiser, report: GateReport, path: Path, fmt: str, label: str
) -> list[Finding]:
    """Blocking findings in the written file that the chair has not accepted.

    A finding in the file has its page for a place, not the model's paragraph, so it
    counts as accepted when the same category and text were accepted in this document
    (names and ambiguous names count as one category: extraction changes which one
    a capitalised ordinary word falls into).
    """
    from dhrdesk.documents.readback import DEHYPHENATED, JOINED, file_units

    def key(f: Finding) -> tuple[str, str]:
        category = "name" if f.category in ("identifier", "ambiguous_name") else f.category
        return category, fold(f.matched)

    def real(f: Finding) -> bool:
        # Extraction puts table cells and layout columns next to each other: "0.1" in
        # one cell and "November 2026" in the next read as a date. Numbers and dates
        # are therefore taken only from unjoined text and within one line or column
        # (the model scan has already read every paragraph whole); names everywhere.
        if key(f)[0] == "name":
            return True
        if f.where.endswith((JOINED, DEHYPHENATED)):
            return False
        return "\n" not in f.matched and re.search(r"\s{3,}", f.matched) is None

    accepted = {key(f) for f in report.accepted_findings}
    findings = scan_units(anon.scanner, file_units(path, fmt, label))
    return _unique(
        f
        for f in findings
        if f.blocking and real(f) and key(f) not in accepted and f.fingerprint not in anon.accepted
    )


def write_publication(
    anon: Anonymiser,
    document: PublicationDocument,
    path: Path,
    fmt: str = "pdf",
    *,
    renderer: Callable[[Document, str], bytes] | None = None,
) -> WrittenFile:
    """Write a gated publication document to ``path`` and prove the file clean.

    The bytes go to a hidden temporary file in the target folder, which is read
    back and scanned; a file with any unaccepted blocking finding is deleted and
    :class:`GateBlockedError` raised; a clean file replaces ``path`` atomically.
    """
    report = document.report if isinstance(document, PublicationDocument) else None
    if report is None or document.edition != EDITION_PUBLICATION:
        raise PublicationBlockedError(
            "Only a document that passed the anonymisation check can be published; "
            "nothing was written."
        )
    if not report.ok:
        raise blocked_error([report])
    data = (renderer or render)(document, fmt)
    path = Path(path)
    if not path.parent.is_dir():
        raise DocumentError(f"The folder {path.parent} does not exist.", hint="Choose a folder.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        leaks = _readback_blocking(anon, report, tmp, fmt, document.kind_label)
        if leaks:
            tmp.unlink()
            sample = "; ".join(
                f"{CATEGORY_LABELS[f.category].lower()} at {f.where}" for f in leaks[:3]
            )
            raise GateBlockedError(
                READBACK_FAILED.format(
                    what=f"{fmt.upper()} file {path.name}", count=len(leaks), sample=sample
                ),
                leaks,
                hint="This is a gap in the substitution: report it, and check the register.",
            )
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise DocumentError(
            f"The document could not be written to {path}: {exc.strerror or exc}.",
            hint="Check there is free space and that you may write to that folder.",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return WrittenFile(
        path,
        fmt,
        hashlib.sha256(data).hexdigest(),
        len(data),
        document.kind_label,
        document.kind,
        len(report.accepted_findings),
    )


def _draft_version(store: Store, review_id: int) -> str:
    drafts = store.repos.drafting.drafts(review_id)
    return drafts[-1].version if drafts else "0.1 (no frozen draft)"


def export_publication(
    store: Store,
    reference: str,
    kind: str,
    path: Path,
    fmt: str = "pdf",
    *,
    renderer: Callable[[Document, str], bytes] | None = None,
    **build_options,
) -> WrittenFile:
    """Build, gate, write, read back and log one publication document."""
    from dhrdesk.documents.builders import build_document

    review = store.repos.reviews.get(reference)
    anon = anonymiser_for(store, review.id)
    restricted = build_document(store, reference, kind, marking=None, **build_options)
    published = prepare(anon, restricted)
    written = write_publication(anon, published, path, fmt, renderer=renderer)
    store.repos.publication.log(
        review.id,
        kind,
        fmt,
        written.path.name,
        written.sha256,
        _draft_version(store, review.id),
        f"clean ({written.accepted} accepted finding(s))",
    )
    return written


# ------------------------------------------------------------------------ the pack
@dataclass
class Manifest:
    reference: str
    draft_version: str
    generated_at: str
    app_version: str
    files: list[WrittenFile]
    folder: Path
    formats: list[str]

    def as_dict(self) -> dict:
        return {
            "review": self.reference,
            "draft_version": self.draft_version,
            "generated_at": self.generated_at,
            "app": f"DHR Desk {self.app_version}",
            "check": "passed: no unaccepted identifying finding before or after writing",
            "accepted_findings": sum(f.accepted for f in self.files),
            "files": [
                {
                    "file": f.path.name,
                    "document": f.document,
                    "format": f.fmt,
                    "sha256": f.sha256,
                    "size": f.size,
                    "accepted_findings": f.accepted,
                }
                for f in self.files
            ],
        }

    def text(self) -> str:
        lines = [
            f"Publication pack: {self.reference}",
            f"Draft version: {self.draft_version}",
            f"Generated: {self.generated_at} by DHR Desk {self.app_version}",
            "Check: passed (scanned before writing and read back after writing)",
            f"Accepted findings: {sum(f.accepted for f in self.files)} "
            "(each accepted by the chair with a reason, recorded in the audit log)",
            "",
        ]
        for f in self.files:
            lines.append(f"{f.path.name}  {f.size} bytes  SHA-256 {f.sha256}")
            lines.append(f"    {f.document}, {f.fmt.upper()}, {f.accepted} accepted finding(s)")
        if "docx" not in self.formats:
            lines += ["", "DOCX: not available in this build; PDF only."]
        return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "review"


def publication_pack(
    store: Store,
    review_id: int,
    out_dir: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    renderer: Callable[[Document, str], bytes] | None = None,
) -> Manifest:
    """Overview, executive summary and action plan in the publication edition (PDF,
    and DOCX when available), each checked before and after writing, and a manifest.

    All or nothing: files are written into a temporary folder inside ``out_dir`` and
    moved into place only when every one passed; if any blocks, nothing is left.
    """
    from dhrdesk.documents.builders import build_document

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DocumentError(f"The folder {out_dir} does not exist.", hint="Choose a folder.")
    review = store.repos.reviews.by_id(review_id)
    anon = anonymiser_for(store, review_id)
    formats = ["pdf"] + (["docx"] if docx_available() else [])
    prepared = []
    for kind in PACK_DOCUMENTS:
        restricted = build_document(store, review.reference, kind, marking=None)
        prepared.append((kind, prepare(anon, restricted)))
    reports = [doc.report for _, doc in prepared]
    if any(not r.ok for r in reports):
        raise blocked_error(reports)
    staging = Path(tempfile.mkdtemp(prefix=".publication-pack.", dir=out_dir))
    total = len(prepared) * len(formats)
    step = 0
    try:
        written: list[WrittenFile] = []
        base = _slug(review.reference)
        for kind, document in prepared:
            for fmt in formats:
                step += 1
                name = f"{base}-{kind}-publication.{fmt}"
                if progress:
                    progress(step, total, f"{KIND_LABELS[kind]} ({fmt.upper()})")
                written.append(
                    write_publication(anon, document, staging / name, fmt, renderer=renderer)
                )
        manifest = Manifest(
            review.reference,
            _draft_version(store, review_id),
            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            __version__,
            written,
            out_dir,
            formats,
        )
        (staging / "manifest.json").write_text(
            json.dumps(manifest.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (staging / "manifest.txt").write_text(manifest.text(), encoding="utf-8")
        names = [f.path.name for f in written] + ["manifest.json", "manifest.txt"]
        clashes = [n for n in names if (out_dir / n).exists()]
        if clashes:
            raise DocumentError(
                f"The folder {out_dir} already holds {clashes[0]}; nothing was written.",
                hint="Choose an empty folder for the publication pack.",
            )
        for name in names:
            os.replace(staging / name, out_dir / name)
        for item in written:
            item.path = out_dir / item.path.name
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    for item in written:
        store.repos.publication.log(
            review_id,
            item.kind,
            item.fmt,
            item.path.name,
            item.sha256,
            manifest.draft_version,
            f"publication pack: clean ({item.accepted} accepted finding(s))",
        )
    return manifest
