"""Publication tab, without Qt: the anonymisation settings, the check's findings as
rows, the chair's decisions on them (each with a reason), the second sign-off and the pack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import CATEGORY_LABELS, Finding
from dhrdesk.core.dates import numeric_date
from dhrdesk.core.errors import ValidationError
from dhrdesk.documents.gate import (
    PACK_DOCUMENTS,
    GateReport,
    Manifest,
    check_publication,
    publication_pack,
)
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

SHORT_LABELS = {
    "identifier": "Register identifier",
    "ambiguous_name": "Name or ordinary word?",
    "shared_name_part": "Shared name part",
    "near_match": "Misspelt name?",
    "register_date": "Registered date",
    "day_date": "Date to the day",
    "possible_name": "Possible name",
}
REPLACEABLE = {"ambiguous_name", "shared_name_part", "identifier"}
#: Each pack document is written as PDF and DOCX (the progress bar's steps).
PACK_STEPS = len(PACK_DOCUMENTS) * 2
NO_REASON = "Give the reason for your decision: it is audited."
SETTINGS_SAVED = "Settings saved. Run the check again to see their effect."

# How a status line reads: "ok", "blocked" or "neutral".
Status = tuple[str, str]


@dataclass(frozen=True)
class FindingRow:
    """One row of the findings table."""

    document: str
    finding: Finding
    cells: tuple[str, ...]  # document, place, category, matched, context, status, by/reason
    unresolved: bool


def allow_list(text: str) -> list[str]:
    """The allow-list as typed, one entry a line, blanks and repeats dropped."""
    return list(dict.fromkeys(w.strip() for w in text.splitlines() if w.strip()))


def check_summary(reports: list[GateReport]) -> Status:
    unresolved = sum(len(r.unresolved) for r in reports)
    identifying = sum(len(r.blocking) for r in reports)
    resolved = sum(len(r.resolved) for r in reports)
    if unresolved:
        return "blocked", (
            f"Publication blocked: {unresolved} unresolved finding(s) ({identifying} "
            f"identifying, {unresolved - identifying} to check); {resolved} resolved."
        )
    return "ok", f"Every finding is resolved ({resolved} resolved): nothing blocks publication."


def acceptance_of(
    reports: list[GateReport], finding: Finding | None
) -> m.PublicationAcceptance | None:
    if finding is None:
        return None
    for report in reports:
        if finding.fingerprint in report.accepted:
            return report.accepted[finding.fingerprint]
    return None


def finding_rows(reports: list[GateReport]) -> list[FindingRow]:
    """Unresolved identifying findings first, then unresolved checks, then resolved."""
    rows = []
    for report in reports:
        for finding in report.findings:
            acceptance = acceptance_of(reports, finding)
            if acceptance is not None:
                status = "Kept" if acceptance.decision == "keep" else "Replaced"
                by = f"{acceptance.accepted_by or 'the chair'}: {acceptance.reason}"
            else:
                status, by = ("Blocks" if finding.blocking else "Check"), ""
            place = finding.where.removeprefix(report.document + " › ")
            category = SHORT_LABELS.get(finding.category) or CATEGORY_LABELS.get(
                finding.category, finding.category
            )
            cells = (report.document, place, category, finding.matched, finding.context)
            rows.append(
                FindingRow(report.document, finding, (*cells, status, by), acceptance is None)
            )
    rows.sort(key=lambda row: 2 if not row.unresolved else (0 if row.finding.blocking else 1))
    return rows


def can_replace(finding: Finding | None, accepted: bool) -> bool:
    return bool(
        finding
        and finding.category in REPLACEABLE
        and not accepted
        and " (written" not in finding.where
    )


def resolve_question(finding: Finding, decision: str) -> tuple[str, str]:
    """(dialog title, question) asking the reason for a decision."""
    if decision == "keep":
        question = (
            f"Why may '{finding.matched}' ({CATEGORY_LABELS[finding.category].lower()}) "
            "stay in the published text?"
        )
        title = "Keep as written"
    else:
        question = (
            f"Why is '{finding.matched}' the registered person here? It will be "
            "replaced in this place."
        )
        title = "Replace as the registered person"
    return title, question + " The reason is recorded in the audit log."


def pack_status(manifest: Manifest) -> str:
    return (
        f"Publication pack written to {manifest.folder} ({len(manifest.files)} files "
        "and the manifest)."
    )


class PublicationPresenter(ReviewPresenter):
    """Reads, rules and writes for the Publication tab of one review (no Qt)."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.reports: list[GateReport] = []

    @property
    def repo(self) -> Any:
        """The store's publication repository."""
        return self.store.repos.publication

    def reference(self) -> str:
        return self.store.repos.reviews.by_id(self.review_id).reference

    def settings(self) -> m.AnonymisationSettings:
        return self.repo.settings(self.review_id)

    def save_settings(self, date_policy: str, allow_text: str, require_signoff: bool) -> None:
        self.repo.save_settings(
            m.AnonymisationSettings(
                self.review_id, date_policy, allow_list(allow_text), require_signoff
            )
        )

    # -------------------------------------------------------------- the check
    def check(self) -> list[GateReport]:
        """The scan of every pack document (runs in a worker thread)."""
        return check_publication(self.store, self.reference())

    def reports_of_error(self, findings: list[Finding]) -> list[GateReport]:
        """Reports for the findings a refused pack carried, grouped by document."""
        accepted = self.repo.acceptances(self.review_id)
        by_document: dict[str, list[Finding]] = {}
        for finding in findings:
            document = finding.where.split(" › ", 1)[0].split(" (written", 1)[0]
            by_document.setdefault(document, []).append(finding)
        return [GateReport(d, f, accepted) for d, f in by_document.items()]

    def reload_acceptances(self) -> None:
        accepted = self.repo.acceptances(self.review_id)
        for report in self.reports:
            report.accepted = accepted

    def acceptance(self, finding: Finding | None) -> m.PublicationAcceptance | None:
        return acceptance_of(self.reports, finding)

    # -------------------------------------------------------------- decisions
    def resolve(self, finding: Finding, decision: str, reason: str) -> None:
        """Keep a finding as written, or replace it as the registered person (audited)."""
        if not reason.strip():
            raise ValidationError(NO_REASON)
        self.repo.accept(self.review_id, finding, reason, decision=decision)

    def withdraw(self, finding: Finding) -> bool:
        if self.acceptance(finding) is None:
            return False
        self.repo.withdraw(self.review_id, finding.fingerprint)
        return True

    # --------------------------------------------------------------- sign-off
    def signoff_status(self, required: bool) -> Status:
        current = self.repo.current_signoff(self.review_id)
        if current is not None:
            role = f", {current.role}" if current.role else ""
            return "ok", (
                f"Signed off by {current.name}{role} on {numeric_date(current.signed_on)}."
            )
        if self.repo.signoffs(self.review_id):
            return "blocked", (
                "The last sign-off no longer covers the resolutions (they changed): sign off again."
            )
        if required:
            return "blocked", "Required before the pack is written: none yet."
        return "neutral", "Not required by the CSP."

    def sign_off(self, name: str, day: dt.date, role: str) -> None:
        self.repo.sign_off(self.review_id, name, day, role)

    # ---------------------------------------------------------------- the pack
    def write_pack(
        self, folder: Path, progress: Callable[[int, int, str], None] | None = None
    ) -> Manifest:
        """Check and write the pack into ``folder`` (runs in a worker thread)."""
        return publication_pack(self.store, self.review_id, Path(folder), progress=progress)
