"""The submission pack for the Home Office Quality Assurance Board.

What the Home Office asks for: the overview report, the executive summary, the
action plan and the combined chronology, in the restricted edition (marked), as PDF
and DOCX, with a cover note. :func:`submission_pack` writes them only when:

* the pre-flight passes (dhrdesk.documents.readiness.preflight): a document with a
  section not written, an exclusion without its reason or an unexplained acronym is
  never submitted; the chair gets the list of what to complete;
* the QA Board readiness checks pass, or the chair has written a justification for
  the ones that fail; the justification is printed in the cover note, beside the
  evidence of every check, so the Board reads the chair's reasons with the pack.

All or nothing, like the publication pack: files go to a hidden, locked folder inside
the chosen one, which becomes ``<reference> submission pack/`` with one rename only
when every file was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import EXIT_PUBLICATION_BLOCKED, DhrDeskError
from dhrdesk.core.files import write_atomic
from dhrdesk.documents.build import DEFAULT_MARKING
from dhrdesk.documents.model import (
    KIND_ACTION_PLAN,
    KIND_CHRONOLOGY,
    KIND_EXECUTIVE_SUMMARY,
    KIND_LABELS,
    KIND_OVERVIEW,
    Document,
    Paragraph,
    Section,
    Table,
)
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pack_folder import slug, staged_pack
from dhrdesk.documents.readiness import Assessment, Report, assess

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

SUBMISSION_DOCUMENTS = (KIND_OVERVIEW, KIND_EXECUTIVE_SUMMARY, KIND_ACTION_PLAN, KIND_CHRONOLOGY)
KIND_COVER_NOTE = "submission-cover-note"
MIN_JUSTIFICATION = 40


class SubmissionBlockedError(DhrDeskError):
    """The submission pack was refused; nothing was written. ``report`` says why."""

    exit_code = EXIT_PUBLICATION_BLOCKED

    def __init__(self, message: str, report: Report, *, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.report = report


@dataclass
class SubmittedFile:
    path: Path
    document: str
    fmt: str
    sha256: str
    size: int


@dataclass
class SubmissionPack:
    folder: Path
    files: list[SubmittedFile]
    assessment: Assessment
    justification: str

    def text(self) -> str:
        lines = [f"Submission pack: {self.assessment.facts.review.reference}"]
        for item in self.files:
            lines.append(f"{item.path.name}  {item.size} bytes  SHA-256 {item.sha256}")
        failed = self.assessment.readiness.failed
        lines.append(
            "QA Board readiness: every check passed."
            if not failed
            else f"QA Board readiness: {len(failed)} check(s) failed; the chair's justification "
            "is in the cover note."
        )
        return "\n".join(lines) + "\n"


def check_submission(assessment: Assessment, justification: str = "") -> None:
    """Raise SubmissionBlockedError unless the pack may be written."""
    if not assessment.preflight.ok:
        raise SubmissionBlockedError(
            "The submission pack was not written: the documents still have gaps.",
            assessment.preflight,
            hint="Complete what the pre-flight lists; these gaps cannot be justified.",
        )
    if not assessment.readiness.ok and len(justification.strip()) < MIN_JUSTIFICATION:
        raise SubmissionBlockedError(
            "The submission pack was not written: "
            f"{len(assessment.readiness.failed)} QA Board readiness check(s) failed.",
            assessment.readiness,
            hint="Complete them, or write a justification for the Board (at least "
            f"{MIN_JUSTIFICATION} characters); it is printed in the pack's cover note.",
        )


def cover_note(assessment: Assessment, justification: str, files: list[str]) -> Document:
    """The cover note: what the pack holds, each readiness check with its evidence, and
    the chair's justification for any check that failed."""
    facts = assessment.facts
    overview = assessment.overview
    document = Document(
        title=f"{overview.review_type} {facts.review.reference} – Submission to the Home "
        "Office Quality Assurance Board",
        kind=KIND_COVER_NOTE,
        review_type=overview.review_type,
        reference=facts.review.reference,
        subject_pseudonym=overview.subject_pseudonym,
        csp=overview.csp,
        month_year_of_death=overview.month_year_of_death,
        chair=overview.chair,
        version=overview.version,
        date=facts.today,
        marking=overview.marking,
        metadata={
            "title": f"{facts.review.reference} – submission cover note",
            "author": "DHR Desk",
            "subject": f"{overview.review_type} submission",
            "keywords": f"{facts.review.reference}, submission",
        },
        contents=False,
    )
    pack = Section(
        1,
        "The submission",
        [
            Paragraph(
                f"{overview.csp} submits the {overview.review_type.lower()} "
                f"{facts.review.reference}, version {overview.version}, to the Home Office "
                f"Quality Assurance Board on {format_date(facts.today)}. The pack holds:"
            ),
            Table(["File"], [[name] for name in files], [1.0], compact=True),
        ],
        key="pack",
    )
    sections = [pack, _readiness_section(assessment)]
    if assessment.readiness.failed:
        sections.append(_justification_section(assessment, justification))
    document.sections = sections
    return document


def _readiness_section(assessment: Assessment) -> Section:
    rows = [
        [
            check.title,
            check.test.split(":")[0],
            "Met" if check.passed else "Not met",
            "; ".join(check.evidence),
        ]
        for check in assessment.readiness.checks
    ]
    return Section(
        2,
        "Readiness against the Board's tests",
        [
            Paragraph(
                "DHR Desk checked the review against the Board's three tests and the returns "
                "its panel sends most often, with the evidence below taken from the review's "
                "records."
            ),
            Table(
                ["Check", "Test", "Result", "Evidence"],
                rows,
                [3.4, 1.1, 1.1, 6.0],
                compact=True,
                fills={2: {"Met": "DDEEDD", "Not met": "F6D5D1"}},
            ),
        ],
        key="readiness",
    )


def _justification_section(assessment: Assessment, justification: str) -> Section:
    return Section(
        3,
        "The chair's justification",
        [
            Paragraph(
                "These checks were not met when the pack was written: "
                + "; ".join(f"“{c.title}”" for c in assessment.readiness.failed)
                + ". The chair's justification:"
            ),
            *[Paragraph(part.strip()) for part in justification.split("\n\n") if part.strip()],
        ],
        key="justification",
    )


STAGING_PREFIX = ".submission-pack."


def _write_files(
    staging: Path,
    base: str,
    documents: list[tuple[str, Document]],
    formats: tuple[str, ...],
    progress: Callable[[int, int, str], None] | None,
) -> list[SubmittedFile]:
    """Render every document in every format into ``staging`` (each file fsynced)."""
    from dhrdesk.documents.docx import render_docx
    from dhrdesk.documents.pdf import part_pages, render_pdf

    written: list[SubmittedFile] = []
    total = len(documents) * len(formats)
    step = 0
    for kind, document in documents:
        pages = None
        for fmt in formats:
            step += 1
            label = KIND_LABELS.get(kind, "Cover note")
            if progress:
                progress(step, total, f"{label} ({fmt.upper()})")
            if fmt == "pdf":
                data = render_pdf(document)
            else:
                if pages is None and document.contents:
                    pages = part_pages(document)
                data = render_docx(document, contents_pages=pages or {})
            path = write_atomic(staging / f"{base}-{kind}.{fmt}", data, "submission document")
            written.append(
                SubmittedFile(path, kind, fmt, hashlib.sha256(data).hexdigest(), len(data))
            )
    return written


def write_submission_pack(
    store: Store,
    reference: str,
    out_dir: Path,
    *,
    justification: str = "",
    marking: str = DEFAULT_MARKING,
    formats: tuple[str, ...] = ("pdf", "docx"),
    progress: Callable[[int, int, str], None] | None = None,
) -> SubmissionPack:
    """Check, then write the four documents and the cover note, all or nothing, into
    ``out_dir/<reference> submission pack/`` (``... (2)/`` and so on when that folder
    exists: an earlier pack is never changed; see documents/pack_folder.py).

    Writes files only; the operation :func:`submission_pack` records the pack in the
    store's audit trail."""
    from dhrdesk.documents.builders import build_document

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DocumentError(f"The folder {out_dir} does not exist.", hint="Choose a folder.")
    assessment = assess(store, reference, marking=marking)
    check_submission(assessment, justification)
    review = assessment.facts.review
    base = slug(review.reference)
    documents: list[tuple[str, Document]] = []
    for kind in SUBMISSION_DOCUMENTS:
        if kind == KIND_OVERVIEW:
            document = assessment.overview
        elif kind == KIND_EXECUTIVE_SUMMARY:
            document = assessment.summary
        else:
            document = build_document(store, review.reference, kind, marking=marking)
        documents.append((kind, document))
    names = [f"{base}-{kind}.{fmt}" for kind, _ in documents for fmt in formats]
    cover = cover_note(assessment, justification, names)
    documents.append((KIND_COVER_NOTE, cover))
    final_name = f"{base} submission pack"
    with staged_pack(out_dir, STAGING_PREFIX, final_name) as pack:
        written = _write_files(pack.staging, base, documents, formats, progress)
        folder = pack.publish()
    for item in written:
        item.path = folder / item.path.name
    return SubmissionPack(folder, written, assessment, justification.strip())


def submission_pack(store: Store, reference: str, out_dir: Path, **options: Any) -> SubmissionPack:
    """The operation: write the submission pack (:func:`write_submission_pack`, which
    takes the same ``options``: justification, marking, formats, progress), then record
    it in the store's audit trail (files written, checks justified)."""
    pack = write_submission_pack(store, reference, out_dir, **options)
    store.repos.publication.record_submission_pack(
        pack.assessment.facts.review_id, len(pack.files), len(pack.assessment.readiness.failed)
    )
    return pack
