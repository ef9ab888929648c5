"""The gate's third step: render a gated document, write it, read the file back.

The bytes go through the one atomic writer (dhrdesk.core.files.write_atomic); the
read-back scan of the temporary is its ``check``, so a file with an unaccepted
identifying finding is deleted before it ever has its name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk.core.anonymise import (
    CATEGORY_LABELS,
    Finding,
    fold,
)
from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.core.files import write_atomic
from dhrdesk.documents.gate_anonymiser import (
    Anonymiser,
    GateBlockedError,
    GateReport,
    blocked_error,
    scan_units,
)
from dhrdesk.documents.gate_substitution import PublicationDocument, _unique
from dhrdesk.documents.model import (
    EDITION_PUBLICATION,
    Document,
)
from dhrdesk.documents.output import DocumentError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

READBACK_FAILED = (
    "The written {what} still contained {count} identifying item(s) after the check "
    "({sample}); it has been deleted and nothing was published."
)


# ----------------------------------------------------------------------------- writing
FORMATS = ("pdf", "docx", "html")


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

    The bytes go through :func:`dhrdesk.core.files.write_atomic`: its hidden temporary
    in the target folder is read back and scanned (the ``check``); a file with any
    unaccepted blocking finding is deleted and :class:`GateBlockedError` raised; a
    clean file replaces ``path`` atomically.
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

    def read_back(temporary: Path) -> None:
        leaks = _readback_blocking(anon, report, temporary, fmt, document.kind_label)
        if leaks:
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

    write_atomic(path, data, "document", check=read_back)
    return WrittenFile(
        path,
        fmt,
        hashlib.sha256(data).hexdigest(),
        len(data),
        document.kind_label,
        document.kind,
        len(report.accepted_findings),
    )


def draft_version(store: Store, review_id: int) -> str:
    drafts = store.repos.drafting.drafts(review_id)
    return drafts[-1].version if drafts else "0.1 (no frozen draft)"
