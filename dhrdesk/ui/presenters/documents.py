"""Documents tab, without Qt: what can be chosen, the request, and the work behind each button.

The building, rendering and writing run in a worker thread (the view hands these
methods to ``run_in_background``), so nothing here touches a widget. Exports are
written with the one atomic writer; the publication edition goes through the gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dhrdesk.core import model as m
from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.core.files import write_atomic
from dhrdesk.documents import build_document as build_report
from dhrdesk.documents import render_docx, render_pdf
from dhrdesk.documents.consistency import check_consistency
from dhrdesk.documents.gate import export_publication
from dhrdesk.documents.letters import LETTER_LABELS, build_letter
from dhrdesk.documents.model import Document
from dhrdesk.documents.readiness import Assessment, assess
from dhrdesk.documents.submission import SubmissionBlockedError, SubmissionPack, submission_pack
from dhrdesk.ui.presenters.review import ReviewPresenter

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
RESTRICTED = "restricted"
PUBLICATION = "publication"
LETTER = "letter"
LETTERS_NOT_PUBLISHED = "Letters are never published; nothing was written."
DOCUMENT_LABELS = {
    "overview": "Overview report",
    "executive-summary": "Executive summary",
    "action-plan": "Action plan",
    "chronology": "Combined chronology",
    "terms-of-reference": "Terms of reference",
    "imr": "Individual management review (IMR)",
    LETTER: "Standard letter",
}
RESTRICTED_NOTE = (
    "Real details as written. Confidential: share only with the panel, the CSP and the Home Office."
)
PUBLICATION_NOTE = "Pseudonyms only, checked by the anonymisation gate; no marking."

#: A check as the tab lists it: passed, title, evidence (the tooltip).
CheckRow = tuple[bool, str, str]


@dataclass(frozen=True)
class DocumentRequest:
    """What the chair asked for: which document, which edition, which marking, options."""

    document: str
    edition: str = RESTRICTED
    marking: str = DEFAULT_MARKING
    agency_id: int | None = None
    agency: str = ""
    group_by_theme: bool = False
    key_events_only: bool = False
    letter: str = ""

    @property
    def label(self) -> str:
        base = DOCUMENT_LABELS.get(self.document, self.document)
        if self.document == "imr" and self.agency:
            return f"IMR – {self.agency}"
        if self.document == LETTER and self.letter:
            return f"Letter – {self.letter.replace('-', ' ').replace('_', ' ')}"
        return base

    def file_stem(self, reference: str) -> str:
        """A safe default file name: reference, document and edition."""
        text = f"{reference} {self.label} {self.edition}"
        return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")

    @property
    def marking_or_none(self) -> str | None:
        """The marking printed on a restricted document (a publication has none)."""
        return (self.marking or None) if self.edition == RESTRICTED else None


@dataclass
class DocumentChoices:
    """What the choice boxes offer for one review."""

    reference: str = ""
    agencies: list[tuple[str, int]] = field(default_factory=list)  # (name, id), in scope
    letters: list[tuple[str, str]] = field(default_factory=list)  # (label, kind)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def edition_note(publication: bool) -> str:
    return PUBLICATION_NOTE if publication else RESTRICTED_NOTE


def preview_status(request: DocumentRequest, pages: int) -> str:
    return f"{request.label}, {request.edition} edition: {plural(pages, 'page')}."


def consistency_rows(lines: list[str]) -> list[str]:
    """The consistency list's rows for the disagreements found (none: one ✓ row)."""
    if not lines:
        return ["✓ The executive summary and the overview report agree."]
    return [f"{plural(len(lines), 'disagreement')}:"] + [f"⚠ {line}" for line in lines]


def readiness_rows(assessment: Assessment) -> list[CheckRow]:
    """Each pre-flight and readiness check with its evidence and what to do."""
    rows: list[CheckRow] = []
    for label, report in (
        ("Pre-flight", assessment.preflight),
        ("Readiness", assessment.readiness),
    ):
        for check in report.checks:
            detail = "\n".join(check.evidence)
            if not check.passed and check.action:
                detail += f"\nTo do: {check.action}"
            detail += f"\n({check.test}; rule: {check.source})"
            rows.append((check.passed, f"{label}: {check.title}", detail))
    return rows


def readiness_status(assessment: Assessment) -> tuple[bool, str]:
    """(all passed, the status line) for an assessment."""
    failed = len(assessment.preflight.failed) + len(assessment.readiness.failed)
    if not failed:
        return True, "Every check passed: the review is ready for the Board."
    return False, (f"{plural(failed, 'check')} not met (hover for the evidence and what to do).")


def check_rows(text_lines: list[CheckRow]) -> list[tuple[str, str]]:
    """(row text, tooltip) for each check: "✓ Met" / "✗ Not met" (never colour alone)."""
    return [
        (f"{'✓ Met' if passed else '✗ Not met'}: {title}", detail)
        for passed, title, detail in text_lines
    ]


def pack_status(pack: SubmissionPack) -> str:
    return f"Submission pack written to {pack.folder} ({len(pack.files)} files)."


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (added when the chair left it out)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class DocumentsPresenter(ReviewPresenter):
    """Reads, builds and writes for the Documents tab of one review (no Qt)."""

    # ------------------------------------------------------------------ reads
    def load(self) -> DocumentChoices:
        review = self.store.repos.reviews.by_id(self.review_id)
        agencies = self.store.repos.records.list(m.Agency, self.review_id)
        return DocumentChoices(
            reference=review.reference,
            agencies=[(a.name, a.id) for a in agencies if a.in_scope],
            letters=[(label, kind) for kind, label in LETTER_LABELS.items()],
        )

    @staticmethod
    def check_request(request: DocumentRequest) -> str | None:
        """Why ``request`` cannot be built (None: it can)."""
        if request.document == "imr" and request.agency_id is None:
            return "Choose the agency whose IMR to generate."
        return None

    # ------------------------------------------- building (in a worker thread)
    def build(self, request: DocumentRequest) -> Document:
        """The document model for ``request``."""
        if request.document == LETTER:
            if request.edition == PUBLICATION:
                raise PublicationBlockedError(LETTERS_NOT_PUBLISHED)
            return build_letter(
                self.store,
                self.review_id,
                request.letter,
                agency=request.agency or None,
                marking=request.marking_or_none,
            )
        review = self.store.repos.reviews.by_id(self.review_id)
        return build_report(
            self.store,
            review.reference,
            request.document,
            edition=request.edition,
            marking=request.marking_or_none,
            agency=request.agency or None,
            group_by_theme=request.group_by_theme,
            key_events_only=request.key_events_only,
        )

    def pdf_bytes(self, request: DocumentRequest) -> bytes:
        return render_pdf(self.build(request))

    def export(
        self, request: DocumentRequest, path: Path, fmt: str, cached_pdf: bytes | None = None
    ) -> Path:
        """Write ``request`` as ``fmt`` ("pdf" or "docx") to ``path``; a publication
        goes through the gate (built, checked, written, read back and logged)."""
        path = Path(path)
        if request.edition == PUBLICATION:
            return self._export_through_gate(request, path, fmt)
        if fmt == "pdf":
            data = cached_pdf if cached_pdf is not None else self.pdf_bytes(request)
        else:
            data = render_docx(self.build(request))
        return write_atomic(path, data, "document")

    def _export_through_gate(self, request: DocumentRequest, path: Path, fmt: str) -> Path:
        if request.document == LETTER:
            raise PublicationBlockedError(LETTERS_NOT_PUBLISHED)
        options: dict[str, object] = {
            "group_by_theme": request.group_by_theme,
            "key_events_only": request.key_events_only,
        }
        if request.agency:
            options["agency"] = request.agency
        review = self.store.repos.reviews.by_id(self.review_id)
        return export_publication(
            self.store, review.reference, request.document, path, fmt, **options
        ).path

    def consistency_lines(self) -> list[str]:
        """The consistency check as readable lines (empty: everything agrees)."""
        return [str(item) for item in check_consistency(self.store, self.review_id)]

    def assess(self) -> Assessment:
        """The pre-flight and the QA Board readiness checks."""
        return assess(self.store, self.load_reference())

    def submission_pack(self, folder: Path, justification: str) -> SubmissionPack:
        """Write the pack into ``folder``; a refusal carries its checks (``error.checks``)."""
        try:
            return submission_pack(
                self.store, self.load_reference(), Path(folder), justification=justification
            )
        except SubmissionBlockedError as error:
            error.checks = [  # type: ignore[attr-defined]
                (c.passed, c.title, "\n".join(c.evidence)) for c in error.report.checks
            ]
            raise

    def load_reference(self) -> str:
        return self.store.repos.reviews.by_id(self.review_id).reference
