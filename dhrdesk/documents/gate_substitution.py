"""The gate's first two steps: substitution of the restricted model and the scan
of the final publication model, before a byte is written (dhrdesk/documents/gate.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core.anonymise import (
    Finding,
    TextUnit,
)
from dhrdesk.core.dates import month_year
from dhrdesk.core.ids import id_of
from dhrdesk.documents.gate_anonymiser import (
    PACK_DOCUMENTS,
    SEP,
    Anonymiser,
    GateReport,
    anonymiser_for,
    blocked_error,
    scan_units,
)
from dhrdesk.documents.model import (
    EDITION_PUBLICATION,
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Section,
    Table,
    plain,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


# ------------------------------------------------------------------------ substitution
@dataclass
class PublicationDocument(Document):
    """A document in the publication edition: substituted, no marking, dates to the
    month. ``report`` is the result of the scan before writing."""

    report: GateReport | None = None

    @property
    def scan(self) -> GateReport:
        """The scan's report (``prepare`` always sets it before a document is used)."""
        if self.report is None:
            raise RuntimeError("The publication edition has not been scanned.")
        return self.report

    def cover_details(self) -> list[tuple[str, str]]:
        details = super().cover_details()
        return [("Date", month_year(self.date)) if k == "Date" else (k, v) for k, v in details]


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


def _block_places(section: Section, prefix: str) -> list[tuple[str, Block]]:
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
                month_year(row.date),
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
    if not published.scan.ok:
        raise blocked_error([published.scan])
    return published


def check_publication(
    store: Store, reference: str, kinds: Iterable[str] = PACK_DOCUMENTS
) -> list[GateReport]:
    """The scan of each document's publication edition, without writing or raising."""
    from dhrdesk.documents.builders import build_document

    review = store.repos.reviews.get(reference)
    anon = anonymiser_for(store, id_of(review))
    reports = []
    for kind in kinds:
        restricted = build_document(store, reference, kind, marking=None)
        reports.append(prepare(anon, restricted).scan)
    return reports


def finding_by_fingerprint(reports: Iterable[GateReport], fingerprint: str) -> Finding | None:
    for report in reports:
        for finding in report.findings:
            if finding.fingerprint == fingerprint:
                return finding
    return None
