"""The "Agencies and IMRs" presenter: each agency's request, reminders, quality and receipts.

The view (dhrdesk.ui.pages.review.agencies) lists the agencies and shows the
selected one's request, IMR author and sign-off, quality checklist, the gaps for
the chase letter and the receipt log. Everything here runs without Qt: the list's
texts (request type, status, overdue), the suggested due date, the checks of the
quality checklist, and the writes (request, reminder, checklist).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.dates import short_date
from dhrdesk.core.errors import ValidationError
from dhrdesk.store.repositories.agency_input import request_status
from dhrdesk.ui.presenters.review import ReviewPresenter
from dhrdesk.ui.presenters.when import local_when

SHORT_TYPES = {"imr": "IMR", "summary": "Summary", "information": "Info only"}
NEEDS_NOTE = ("partly", "not_met")
IMR_RETURN_WEEKS = 8
"""Weeks from the request to the IMR's due date suggested to the chair, who changes
it when a different period was agreed."""

ROW_EXCLUDED = "excluded"
ROW_OVERDUE = "overdue"


def suggested_due(requested: dt.date) -> dt.date:
    """The default due date of an IMR: the usual return period after the request."""
    return requested + dt.timedelta(weeks=IMR_RETURN_WEEKS)


def received_when(stamp: str) -> str:
    """A stored UTC timestamp as local '26 Nov 2026 05:18'."""
    return local_when(stamp, short_date)


def chases_text(request: m.AgencyRequest) -> str:
    """'2 reminders: 3 Apr 2026, 10 Apr 2026', or 'None sent'."""
    if not request.chases:
        return "None sent"
    dates = ", ".join(short_date(dt.date.fromisoformat(c)) for c in request.chases)
    count = len(request.chases)
    return f"{count} reminder{'s' if count != 1 else ''}: {dates}"


def gaps_text(gaps: list[str]) -> str:
    return "\n".join(f"• {gap}" for gap in gaps) or "No gaps."


@dataclass(frozen=True)
class ReceiptRow:
    """One file received, as the receipt log shows it."""

    cells: tuple[str, str, str, str]  # file, SHA-256 (short), by, when
    tooltip: str


class AgenciesPresenter(ReviewPresenter):
    """What the Agencies and IMRs tab reads and writes, for one review."""

    def __init__(self, store: Any, review_id: int, today: dt.date | None = None) -> None:
        super().__init__(store, review_id)
        self.repo = store.repos.agency_input
        self._today = today
        self.requests: dict[int, m.AgencyRequest] = {}

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # ------------------------------------------------------------------ the list
    def agencies(self) -> list[m.Agency]:
        """The review's agencies, in scope first, each with its request read."""
        agencies = self.store.repos.records.list(m.Agency, self.review_id)
        self.requests = {a.id: self.repo.request(a.id) for a in agencies}
        return sorted(agencies, key=lambda a: (not a.in_scope, a.name.casefold()))

    def request_of(self, agency: m.Agency) -> m.AgencyRequest:
        return self.requests.get(agency.id) or m.AgencyRequest(agency.id)

    def type_text(self, agency: m.Agency) -> str:
        if not agency.in_scope:
            return "Excluded"
        request = self.request_of(agency)
        if request.requested_on is None:
            return ""
        return SHORT_TYPES.get(request.request_type, request.request_type)

    def status(self, agency: m.Agency) -> tuple[str, bool]:
        """(status words, overdue?)."""
        if not agency.in_scope:
            return "Excluded", False
        return request_status(self.request_of(agency), self.today)

    def row_state(self, agency: m.Agency) -> str | None:
        """How the agency's row is marked: excluded (grey), overdue (red), or not."""
        if not agency.in_scope:
            return ROW_EXCLUDED
        return ROW_OVERDUE if self.status(agency)[1] else None

    def due_text(self, agency: m.Agency) -> str:
        return short_date(self.request_of(agency).due_on)

    def chases_count(self, agency: m.Agency) -> str:
        return str(len(self.request_of(agency).chases) or "")

    def received_text(self, agency: m.Agency) -> str:
        return short_date(self.request_of(agency).received_on)

    # ------------------------------------------------------------------ the selected agency
    @staticmethod
    def subheading(agency: m.Agency) -> str:
        extra = f" · {agency.sector}" if agency.sector else ""
        if not agency.in_scope:
            extra += f" · excluded: {agency.exclusion_reason or 'no reason given'}"
        return extra.strip(" ·")

    def request(self, agency_id: int) -> m.AgencyRequest:
        request = self.repo.request(agency_id)
        self.requests[agency_id] = request
        return request

    def quality(self, agency_id: int) -> dict[str, m.ImrQuality]:
        return self.repo.quality(agency_id)

    def gaps(self, agency_id: int) -> str:
        return gaps_text(self.repo.quality_gaps(agency_id))

    def receipts(self, agency_id: int) -> list[ReceiptRow]:
        """The files received from this agency (the receipt log)."""
        rows = []
        for item in self.repo.attachments(self.review_id):
            if item.agency_id != agency_id:
                continue
            tip = (
                f"{item.filename} ({item.size:,} bytes, {item.kind.replace('_', ' ')})\n"
                f"SHA-256 {item.sha256}\nReceived by {item.received_by}"
            )
            cells = (
                item.filename,
                item.sha256[:10] + "…",
                item.received_by,
                received_when(item.received_at),
            )
            rows.append(ReceiptRow(cells, tip))
        return rows

    def suggest_due(self, requested: dt.date) -> tuple[dt.date, str]:
        """The default due date after this request date, and the hint that says so."""
        due = suggested_due(requested)
        return (
            due,
            f"Suggested: {IMR_RETURN_WEEKS} weeks after the request. Change it if you agreed otherwise.",
        )

    # ------------------------------------------------------------------ writes
    def save_request(self, request: m.AgencyRequest) -> m.AgencyRequest:
        self.repo.save_request(request)
        self.requests[request.agency_id] = request
        return request

    def add_chase(self, agency_id: int, on: dt.date | None = None) -> m.AgencyRequest:
        """Record a reminder sent (today unless said); the request as it now is."""
        self.repo.add_chase(agency_id, on or dt.date.today())
        return self.request(agency_id)

    @staticmethod
    def check_quality(values: list[tuple[str, str, str]]) -> tuple[str, str] | None:
        """The first item scored partly or not met without a note: (item, message)."""
        labels = dict(m.IMR_QUALITY_ITEMS)
        for item, score, note in values:
            if score in NEEDS_NOTE and not note.strip():
                return item, (
                    f"“{labels[item]}” is scored {m.QUALITY_SCORE_LABELS[score].lower()}: "
                    "say what is missing, so it can go in the chase letter."
                )
        return None

    def save_quality(self, agency_id: int, values: list[tuple[str, str, str]]) -> bool:
        """Save the whole checklist in one write (refused when a needed note is missing)."""
        problem = self.check_quality(values)
        if problem is not None:
            raise ValidationError(problem[1])
        with self.store.write("imr.quality", f"agency:{agency_id}"):
            for item, score, note in values:
                self.repo.save_quality(agency_id, item, score, note.strip())
        return True
