"""The Action plans page's reads, filters, wording and writes, without Qt.

The filter rule is dhrdesk.core.monitoring's ``MonitoringFilters``, so the page
filters exactly as the tests and reports do. Update sheets are
dhrdesk.exchange.update_sheet's; files are written with core.files.write_atomic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dhrdesk.core.dates import numeric_date
from dhrdesk.core.errors import InputFileError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.model import STATUS_LABELS, STATUSES
from dhrdesk.core.monitoring import MonitoredAction, MonitoringFilters, Quarter, quarter_of

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
RAG_ORDER = ("red", "amber", "green", "done", "closed")
OPEN_STATUSES = frozenset({"not_started", "in_progress"})

Choice = tuple[str, Any]  # (text shown, value)


def date_text(value: dt.date | None) -> str:
    return numeric_date(value, missing="")


def latest_text(action: MonitoredAction) -> str:
    update = action.latest_update
    return f"{date_text(update.date)}: {' '.join(update.text.split())}" if update else ""


def rag_sort_key(action: MonitoredAction, today: dt.date) -> int:
    """Red first, the longest overdue first within a colour."""
    return RAG_ORDER.index(action.rag(today).code) * 100000 - action.days_overdue(today)


def make_filters(
    agency: str | None,
    review_id: int | None,
    theme: str | None,
    overdue_only: bool,
    status: str | None,
) -> MonitoringFilters:
    """The filters as chosen: ``status`` 'open' means not started or in progress."""
    return MonitoringFilters(
        agency=agency or "",
        review_ids={review_id} if review_id is not None else None,
        theme=theme or "",
        overdue_only=overdue_only,
        statuses=set(OPEN_STATUSES) if status == "open" else ({status} if status else set()),
    )


def count_text(shown: int, actions: list[MonitoredAction], today: dt.date) -> str:
    overdue = sum(1 for a in actions if a.overdue(today))
    return f"{shown} of {len(actions)} actions shown · {overdue} overdue"


def quarter_choices(today: dt.date, count: int = 8) -> list[Quarter]:
    """This quarter and the ones before it, newest first."""
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def read_evidence(path: Path) -> Any:
    """The evidence file as the store keeps it; a clear message if it cannot be."""
    from dhrdesk.store.repositories.monitoring import Evidence

    try:
        if path.stat().st_size > MAX_EVIDENCE_BYTES:
            raise InputFileError("Files over 50 MB cannot be kept in the store.")
        return Evidence(path.name, path.read_bytes())
    except OSError as exc:
        raise InputFileError(f"{path} cannot be read: {exc.strerror}.") from None


@dataclass
class MonitoringData:
    """What one refresh shows: the actions and the filters' choices."""

    actions: list[MonitoredAction] = field(default_factory=list)
    agencies: list[Choice] = field(default_factory=list)
    reviews: list[Choice] = field(default_factory=list)
    themes: list[Choice] = field(default_factory=list)
    statuses: list[Choice] = field(
        default_factory=lambda: [("Open", "open")] + [(STATUS_LABELS[s], s) for s in STATUSES]
    )


class MonitoringPresenter:
    """Reads and writes for the Action plans page (run through ``context.run_op``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    @property
    def repo(self) -> Any:
        return self.store.repos.monitoring

    def load(self) -> MonitoringData:
        actions = self.repo.actions()
        names = {t.id: t.name for t in self.store.repos.learning.themes()}
        used = sorted({t for a in actions for t in a.themes}, key=lambda t: names.get(t, t))
        return MonitoringData(
            actions=actions,
            agencies=[(a, a) for a in self.repo.lead_agencies()],
            reviews=sorted({(a.reference, a.review_id) for a in actions}, key=lambda r: r[0]),
            themes=[(names.get(t, t), t) for t in used],
        )

    def lead_agencies(self) -> list[str]:
        return list(self.repo.lead_agencies())

    def record_update(
        self, action_id: int, date: dt.date, status: str, text: str, evidence: Path | None
    ) -> Any:
        attached = read_evidence(evidence) if evidence is not None else None
        return self.repo.record_update(action_id, date, text, status, evidence=attached)

    # ---------------------------------------------------------- update sheets
    def export_sheet(self, agency: str, path: Path) -> Path:
        from dhrdesk.exchange import update_sheet

        return write_atomic(path, update_sheet.export_sheet(self.store, agency), "update sheet")

    def read_sheet(self, agency: str, path: Path) -> Any:
        from dhrdesk.exchange import update_sheet

        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"{path} cannot be read: {exc.strerror}.") from None
        return update_sheet.read_sheet(self.store, path.name, content, agency=agency)

    def apply_sheet(self, preview: Any) -> int:
        from dhrdesk.exchange import update_sheet

        return update_sheet.apply_sheet(self.store, preview)

    def write_report(self, quarter: Quarter, path: Path) -> Path:
        from dhrdesk.documents.monitoring_report import write_monitoring_report

        return write_monitoring_report(self.store, quarter, path)
