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
import copy
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import re
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
    default_replacement,
    fold,
)
from dhrdesk.core.dates import MONTH_NAMES
from dhrdesk.core.errors import DhrDeskError, PublicationBlockedError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.textforms import nfc
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
from dhrdesk.documents.pack_folder import StagedPack, remove_stale_staging, slug, staged_pack

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
    """The result of the scan of one document: findings and the chair's resolutions.

    Every finding must be resolved before a file is written: identifiers and patterns
    (``blocking``) and the 'looks like a name' checks (``checks``) alike. A finding is
    resolved when the chair accepted it with a reason (it stays as written) or said it
    is the registered identifier (it is then replaced and no longer found).
    """

    document: str  # the kind label, e.g. "Overview report"
    findings: list[Finding]
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)

    def _is_resolved(self, finding: Finding) -> bool:
        return finding.fingerprint in self.accepted

    @property
    def unresolved(self) -> list[Finding]:
        return [f for f in self.findings if not self._is_resolved(f)]

    @property
    def blocking(self) -> list[Finding]:
        """Unresolved identifiers and patterns."""
        return [f for f in self.unresolved if f.blocking]

    @property
    def checks(self) -> list[Finding]:
        """Unresolved 'looks like a name' findings (they block writing too)."""
        return [f for f in self.unresolved if not f.blocking]

    warnings = checks

    @property
    def resolved(self) -> list[Finding]:
        return [f for f in self.findings if self._is_resolved(f)]

    accepted_findings = resolved

    @property
    def ok(self) -> bool:
        return not self.unresolved

    def summary(self) -> str:
        return (
            f"{self.document}: {len(self.unresolved)} unresolved "
            f"({len(self.blocking)} identifying, {len(self.checks)} to check), "
            f"{len(self.resolved)} resolved"
        )

    def _finding_lines(self, finding: Finding, flag: str) -> list[str]:
        lines = [
            f"  [{flag}] {CATEGORY_LABELS[finding.category]}: '{finding.matched}'",
            f"      at: {finding.where}",
            f"      context: {finding.context}",
        ]
        if flag in ("BLOCKS", "CHECK"):
            lines.append(f"      fingerprint: {finding.fingerprint}")
        return lines

    def lines(self) -> list[str]:
        """What the CLI prints: unresolved findings first, then the resolved ones."""
        out = [self.summary()]
        if self.unresolved:
            out.append(" Unresolved (each must be fixed, added to the register, or accepted):")
            for finding in self.unresolved:
                flag = "BLOCKS" if finding.blocking else "CHECK"
                out += self._finding_lines(finding, flag)
        if self.resolved:
            out.append(" Resolved:")
            for finding in self.resolved:
                acceptance = self.accepted[finding.fingerprint]
                flag = (
                    f"ACCEPTED by {acceptance.accepted_by or 'the chair'} "
                    f"on {acceptance.accepted_at[:10]}: {acceptance.reason}"
                )
                out += self._finding_lines(finding, flag)
        return out


def blocked_error(reports: Iterable[GateReport]) -> GateBlockedError:
    reports = list(reports)
    findings = [f for r in reports for f in r.unresolved]
    identifying = sum(1 for f in findings if f.blocking)
    return GateBlockedError(
        f"Publication blocked: {len(findings)} finding(s) are unresolved ({identifying} "
        f"identifying, {len(findings) - identifying} to check); nothing was written.",
        findings,
        hint="Fix the text or the restricted register, or accept a finding with a reason "
        "(dhrdesk check-publication REF --accept FINGERPRINT --reason TEXT).",
    )


# -------------------------------------------------------------------------- anonymiser
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
    acceptances. Built once (:func:`anonymiser_for`) and used for every document.

    ``scan_items``: the registers the scan checks against, when wider than the one
    used for substitution (the regional themes report substitutes each review's text
    with its own register and scans the result with all of them). ``safe``: phrases
    the product generates from known records (agency names, section titles, the
    CSP), never read as an address or a name by the pattern scans.
    """

    items: list[RegisterItem]
    date_policy: str = "month_year"
    death: dt.date | None = None
    births: dict[dt.date, str] = field(default_factory=dict)
    allow: list[str] = field(default_factory=list)
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)
    scan_items: list[RegisterItem] | None = None
    safe: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.substituter = Substituter(self.items, self.date_policy, self.death, self.births)
        self.scanner = Scanner(
            self.items if self.scan_items is None else self.scan_items,
            self.allow,
            self.births,
            self.death,
            self.safe,
        )
        # The read-back scan: the same, without the name checks (extraction joins table
        # cells and columns into invented names; the model scan has read every text whole).
        # (a shallow copy shares the compiled register instead of compiling it again)
        self.readback_scanner = copy.copy(self.scanner)
        self.readback_scanner.name_checks = False
        # Findings the chair said *are* the registered identifier: replaced in that place.
        self.replace_here: dict[str, set[str]] = {}
        for acceptance in self.accepted.values():
            if getattr(acceptance, "decision", "keep") != "replace":
                continue
            _category, folded, where = acceptance.fingerprint.split("|", 2)
            self.replace_here.setdefault(where, set()).add(folded)

    def text(self, value: str, *, heading: bool = False, where: str = "") -> str:
        if not value:
            return value
        value = nfc(value)
        return self.substituter.apply(
            value, heading=heading, replace_here=self.replace_here.get(where, ())
        )

    def runs(self, value: Text, *, heading: bool = False, where: str = "") -> Text:
        if isinstance(value, str):
            return self.text(value, heading=heading, where=where)
        out: list[Inline] = []
        for run in value:
            if isinstance(run, Run):
                out.append(
                    Run(self.text(run.text, heading=heading, where=where), run.bold, run.italic)
                )
            elif isinstance(run, Note):
                out.append(Note(self.text(run.text, where=where)))
            elif isinstance(run, ChronologyRef):
                out.append(ChronologyRef(run.row_id, self.text(run.date), self.text(run.agency)))
            else:  # pragma: no cover - Inline is closed
                out.append(run)
        return out


def _is_initials(text: str) -> bool:
    """ "S. O'S.", "P.O'S", "J B": every part has at most one letter before a period,
    apostrophe or space."""
    tokens = [t for t in re.split(r"[\s.]+", text) if t]
    return bool(tokens) and all(
        len(re.sub(r"[^\w]", "", part)) <= 1 for t in tokens for part in re.split(r"['’‘ʼ]", t)
    )


def _age_at(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def anonymiser_for(store: Store, review_id: int) -> Anonymiser:
    """The review's register, date policy, allow-list and acceptances, read once."""
    records = store.repos.records
    entries = records.list(m.RegisterEntry, review_id)
    subjects = records.list(m.Subject, review_id)
    pseudonyms = {s.id: s.pseudonym for s in subjects}
    victim = next((s.id for s in subjects if s.role == "victim"), None)
    death = None
    for e in entries:
        if e.kind == "date_of_death" and (e.subject_id == victim or victim is None):
            death = _parse_day(e.value) or death
    items: list[RegisterItem] = []
    births: dict[dt.date, str] = {}
    for e in entries:
        if not (e.value or "").strip():
            continue
        replacement = e.replacement.strip() or default_replacement(
            e.kind, pseudonyms.get(e.subject_id, "")
        )
        if e.kind == "date_of_birth":
            day = _parse_day(e.value)
            if day is not None:
                if not e.replacement.strip() and death is not None:
                    replacement = f"aged {_age_at(day, death)} at the time of the death"
                births[day] = replacement
        variants = tuple(nfc(v) for v in (e.variants or ()) if v.strip())
        initials = tuple(v for v in variants if _is_initials(v))
        items.append(
            RegisterItem(
                e.kind,
                nfc(e.value),
                replacement,
                tuple(v for v in variants if v not in initials),
                e.id,
            )
        )
        # Initials ("S. O'S.") are matched whole, never split into one-letter forms: a
        # derived "S." would match the "s." of every possessive at a sentence end.
        items += [RegisterItem("other", v, replacement, (), e.id) for v in initials]
    settings = store.repos.publication.settings(review_id)
    review = store.repos.reviews.by_id(review_id)
    agencies = [a.name for a in records.list(m.Agency, review_id) if a.name]
    allow = list(settings.allow_list or [])
    allow += agencies
    allow += [s.pseudonym for s in subjects if getattr(s, "pseudonym", "")]
    allow += [e.replacement for e in entries if e.kind not in DATE_KINDS and e.replacement]
    # The review's own people: the chair and author, the panel, the IMR authors. They
    # are named in the report on purpose; the 'looks like a name' check leaves them.
    for role in ("chair", "author"):
        person = records.person(review_id, role)
        if person is not None and person.name:
            allow.append(person.name)
    allow += [p.name for p in records.list(m.PanelMember, review_id) if p.name]
    for agency_id in [a.id for a in records.list(m.Agency, review_id)]:
        request = _agency_request(store, agency_id)
        if request is not None and request.author_name:
            allow.append(request.author_name)
    allow += _profile_words(store, review_id)
    words = {w for phrase in allow for w in re.split(r"[\s,;:()/]+", phrase) if w}
    safe = [*agencies, review.csp or "", *_profile_titles(store, review_id)]
    return Anonymiser(
        items,
        settings.date_policy or "month_year",
        death,
        births,
        sorted(set(allow) | words),
        store.repos.publication.acceptances(review_id),
        safe=[x for x in safe if x],
    )


def _agency_request(store: Store, agency_id: int) -> m.AgencyRequest | None:
    try:
        return store.repos.agency_input.request(agency_id)
    except DhrDeskError:
        return None


def _profile_titles(store: Store, review_id: int) -> list[str]:
    from dhrdesk.documents.build import profile_for

    try:
        profile = profile_for(store.repos.reviews.by_id(review_id))
    except Exception:  # noqa: BLE001 - the safe list only softens the pattern scans
        return []
    return [spec.title for spec in profile.all_sections()]


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
    """The publication form of one block; ``where`` is the place the scan will give its
    findings, so a finding the chair marked 'replace here' is replaced in that place."""
    if isinstance(block, Paragraph):
        return Paragraph(anon.runs(block.text, where=where), block.numbered, block.origin)
    if isinstance(block, Heading):
        return Heading(anon.text(block.text, heading=True, where=where), block.level, block.origin)
    if isinstance(block, Quote):
        return Quote(anon.runs(block.text, where=where), block.origin)
    if isinstance(block, BulletList):
        items = [
            anon.runs(item, where=f"{where} item {index}")
            for index, item in enumerate(block.items, start=1)
        ]
        return BulletList(items, block.ordered, block.origin)
    if isinstance(block, Table):
        rows = [
            [anon.runs(cell, where=f"{where} row {r}") for cell in row]
            for r, row in enumerate(block.rows, start=1)
        ]
        return dataclasses.replace(
            block,
            header=[anon.text(h, heading=True, where=f"{where} header") for h in block.header],
            rows=rows,
        )
    if isinstance(block, Figure):
        at = f"{where} figure"
        return dataclasses.replace(
            block,
            caption=anon.text(block.caption, where=at),
            labels=[anon.text(label, heading=True, where=at) for label in block.labels],
            series=[
                (anon.text(name, heading=True, where=at), list(values))
                for name, values in block.series
            ],
            value_label=anon.text(block.value_label, where=at),
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
FORMATS = ("pdf", "docx", "html")


def docx_available() -> bool:
    """Whether the DOCX backend (written separately) is part of this build."""
    if importlib.util.find_spec("dhrdesk.documents.docx") is None:
        return False
    from dhrdesk.documents import docx as backend

    return hasattr(backend, "render_docx")


def render(document: Document, fmt: str) -> bytes:
    """The bytes of ``document`` in ``fmt``. A publication-edition PDF is the tagged,
    accessible one (Typst, PDF/UA-1: docs/decisions.md); the restricted PDF stays on
    ReportLab. HTML is the accessible web edition (issue 16)."""
    if fmt == "pdf":
        if document.edition == EDITION_PUBLICATION:
            from dhrdesk.documents.pdf_tagged import render_tagged_pdf

            return render_tagged_pdf(document)
        from dhrdesk.documents.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        if not docx_available():
            raise DocumentError("DOCX output is not available yet.", hint="Use PDF.")
        from dhrdesk.documents import docx as backend

        return backend.render_docx(document)
    if fmt == "html":
        from dhrdesk.documents.html import render_html

        return render_html(document)
    raise DocumentError(f"'{fmt}' is not a format: choose pdf, docx or html.")


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
    from dhrdesk.documents.readback import DEHYPHENATED, JOINED
    from dhrdesk.documents.readback_a11y import file_units

    def key(f: Finding) -> tuple[str, str]:
        category = "name" if f.category in _NAME_CATEGORIES else f.category
        return category, fold(f.matched)

    def real(f: Finding) -> bool:
        # Extraction puts table cells and layout columns next to each other: "0.1" in
        # one cell and "November 2026" in the next read as a date, and two names in
        # adjacent cells read as one. Numbers and dates are therefore taken only from
        # unjoined text and within one line or column (the model scan has already read
        # every paragraph whole); register names everywhere; the 'looks like a name'
        # and misspelling checks only in the model (extraction would invent them).
        category = key(f)[0]
        if f.category in ("possible_name", "near_match"):
            return False
        if category == "name":
            return True
        if f.where.endswith((JOINED, DEHYPHENATED)):
            return False
        return "\n" not in f.matched and re.search(r"\s{3,}", f.matched) is None

    accepted = {key(f) for f in report.resolved}
    findings = scan_units(anon.readback_scanner, file_units(path, fmt, label))
    return _unique(
        f
        for f in findings
        if f.blocking and real(f) and key(f) not in accepted and f.fingerprint not in anon.accepted
    )


_NAME_CATEGORIES = ("identifier", "ambiguous_name", "shared_name_part", "near_match")


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
    """What the CSP receives beside the files: hashes, the draft, every resolution."""

    reference: str
    draft_version: str
    generated_at: str
    app_version: str
    files: list[WrittenFile]
    folder: Path
    formats: list[str]
    resolutions: list[m.PublicationAcceptance] = field(default_factory=list)
    signoff: m.PublicationSignoff | None = None
    signoff_required: bool = False
    chain_head: dict | None = None

    @property
    def check(self) -> str:
        kept = sum(1 for r in self.resolutions if r.decision == "keep")
        replaced = len(self.resolutions) - kept
        if not self.resolutions:
            return (
                "passed: no finding before or after writing (scanned before writing and "
                "read back after writing)"
            )
        return (
            f"passed after resolution: {len(self.resolutions)} finding(s) resolved by the "
            f"chair ({kept} kept as written with a reason, {replaced} replaced as the "
            "registered identifier); none unresolved; read back after writing"
        )

    def _resolution(self, r: m.PublicationAcceptance) -> dict:
        return {
            "finding": CATEGORY_LABELS.get(r.category, r.category),
            "text": r.matched,
            "place": r.place or r.fingerprint.split("|", 2)[-1],
            "decision": "kept as written" if r.decision == "keep" else "replaced",
            "reason": r.reason,
            "by": r.accepted_by,
            "when": r.accepted_at,
        }

    def as_dict(self) -> dict:
        out = {
            "review": self.reference,
            "draft_version": self.draft_version,
            "generated_at": self.generated_at,
            "app": f"DHR Desk {self.app_version}",
            "check": self.check,
            "accepted_findings": len(self.resolutions),
            "resolutions": [self._resolution(r) for r in self.resolutions],
            "second_signoff": (
                {
                    "name": self.signoff.name,
                    "role": self.signoff.role,
                    "date": self.signoff.signed_on.isoformat(),
                    "recorded_by": self.signoff.recorded_by,
                }
                if self.signoff
                else ("required but missing" if self.signoff_required else "not required")
            ),
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
        if self.chain_head is not None:
            out["audit_chain_head"] = dict(self.chain_head)
        return out

    def text(self) -> str:
        lines = [
            f"Publication pack: {self.reference}",
            f"Draft version: {self.draft_version}",
            f"Generated: {self.generated_at} by DHR Desk {self.app_version}",
            f"Check: {self.check}",
        ]
        if self.signoff:
            role = f", {self.signoff.role}" if self.signoff.role else ""
            lines.append(
                f"Second sign-off: {self.signoff.name}{role}, on "
                f"{self.signoff.signed_on.isoformat()} (recorded by {self.signoff.recorded_by})"
            )
        else:
            lines.append(
                "Second sign-off: "
                + ("required but missing" if self.signoff_required else "not required by the CSP")
            )
        if self.chain_head is not None:
            lines.append(
                f"Audit chain head: entry {self.chain_head['entry']}, {self.chain_head['hash']}"
            )
        lines.append("")
        if self.resolutions:
            lines.append(f"Resolved findings ({len(self.resolutions)}):")
            for r in self.resolutions:
                item = self._resolution(r)
                lines.append(f"  - {item['finding']}: '{item['text']}' at {item['place']}")
                lines.append(
                    f"    {item['decision']} by {item['by'] or 'the chair'} on {item['when']}: "
                    f"{item['reason']}"
                )
            lines.append("")
        for f in self.files:
            lines.append(f"{f.path.name}  {f.size} bytes  SHA-256 {f.sha256}")
            lines.append(f"    {f.document}, {f.fmt.upper()}, {f.accepted} resolved finding(s)")
        if "docx" not in self.formats:
            lines += ["", "DOCX: not available in this build; PDF only."]
        return "\n".join(lines) + "\n"


def _chain_head(store: Store) -> dict:
    """The audit chain's head (store id, entry number, hash, when): an anchor outside the
    store, so a later rewrite of the store's history shows against this pack
    (``dhrdesk verify --against manifest.json``; docs/security.md)."""
    from dhrdesk.store.anchors import anchor_dict

    return anchor_dict(store)


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

    All or nothing: the files are written into a hidden, locked staging folder inside
    ``out_dir``, which becomes ``out_dir/<reference> publication pack/`` with one
    rename when every file passed (``... pack (2)/`` and so on when that folder
    exists already: a pack once written is never changed). If any document blocks, or
    the process dies half-way, no pack folder appears (see documents/pack_folder.py).
    """
    from dhrdesk.documents.builders import build_document

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DocumentError(f"The folder {out_dir} does not exist.", hint="Choose a folder.")
    review = store.repos.reviews.by_id(review_id)
    anon = anonymiser_for(store, review_id)
    formats = ["pdf"] + (["docx"] if docx_available() else []) + ["html"]
    prepared = []
    for kind in PACK_DOCUMENTS:
        restricted = build_document(store, review.reference, kind, marking=None)
        prepared.append((kind, prepare(anon, restricted)))
    reports = [doc.report for _, doc in prepared]
    if any(not r.ok for r in reports):
        raise blocked_error(reports)
    settings = store.repos.publication.settings(review_id)
    signoff = store.repos.publication.current_signoff(review_id)
    if settings.require_signoff and signoff is None:
        raise PublicationBlockedError(
            "The CSP requires a second person's sign-off of the resolved findings before a "
            "publication pack is written, and there is none for the current resolutions; "
            "nothing was written.",
            hint="Ask a second person (not the chair) to read the findings and record their "
            "sign-off on the Publication tab (or dhrdesk check-publication REF --sign-off NAME).",
        )
    used = {f.fingerprint for r in reports for f in r.resolved}
    acceptances = store.repos.publication.acceptances(review_id)
    resolutions = [a for fp, a in acceptances.items() if fp in used or a.decision == "replace"]
    final_name = f"{slug(review.reference)} publication pack"
    with staged_pack(out_dir, STAGING_PREFIX, final_name) as pack:
        return _write_pack(
            store,
            review,
            review_id,
            pack,
            prepared,
            formats,
            anon,
            resolutions,
            signoff,
            settings,
            progress,
            renderer,
        )


STAGING_PREFIX = ".publication-pack."


def _remove_stale_staging(out_dir: Path) -> None:
    """A pack killed half-way leaves its hidden staging folder: remove the ones no live
    process holds (the pack folder itself appears whole or not at all)."""
    remove_stale_staging(Path(out_dir), STAGING_PREFIX)


def _write_pack(
    store: Store,
    review: m.Review,
    review_id: int,
    pack: StagedPack,
    prepared: list,
    formats: list[str],
    anon: Anonymiser,
    resolutions: list,
    signoff: m.PublicationSignoff | None,
    settings: m.AnonymisationSettings,
    progress: Callable[[int, int, str], None] | None,
    renderer: Callable[[Document, str], bytes] | None,
) -> Manifest:
    total = len(prepared) * len(formats)
    step = 0
    staging = pack.staging
    written: list[WrittenFile] = []
    base = slug(review.reference)
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
        staging,
        formats,
        resolutions,
        signoff,
        settings.require_signoff,
        _chain_head(store),
    )
    write_atomic(
        staging / "manifest.json",
        json.dumps(manifest.as_dict(), indent=2, ensure_ascii=False) + "\n",
        "pack manifest",
    )
    write_atomic(staging / "manifest.txt", manifest.text(), "pack manifest")
    manifest.folder = pack.publish()
    for item in written:
        item.path = manifest.folder / item.path.name
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
