"""Action-plan monitoring: RAG by due date, quarters, and progress summaries (pure).

Why this exists: only about a quarter of national DHR recommendations are ever
fully implemented, largely because nobody tracks the actions after publication.
The CSP board reviews progress quarterly, so the rules it reads by are decided
here, once, for the monitoring page, the quarterly report and the tests.

RAG rule (``rag_for``), for a given ``today``:

* completed -> no RAG, shown as "Done"; closed – not achieved -> no RAG, "Closed";
* an open action (not started / in progress) without a target date -> Amber
  ("no target date"): an action nobody has dated is a risk in itself;
* target date before today -> Red ("overdue by N days");
* target date today or within the next 30 days -> Amber ("due in N days");
* otherwise Green.

Quarters are calendar quarters ("2026Q4" = 1 October to 31 December 2026), the
way CSP boards usually report; a financial-year quarter can be given as the
calendar quarter it covers.

"% complete" counts completed actions only: an action closed as not achieved
is closed, but it is not progress.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.model import STATUS_LABELS, STATUSES, ActionUpdate

DUE_SOON_DAYS = 30
OPEN_STATUSES = ("not_started", "in_progress")
CLOSED_STATUSES = ("completed", "closed_not_achieved")

RAG_RED = "red"
RAG_AMBER = "amber"
RAG_GREEN = "green"
RAG_DONE = "done"
RAG_CLOSED = "closed"
RAG_ORDER = (RAG_RED, RAG_AMBER, RAG_GREEN, RAG_DONE, RAG_CLOSED)
RAG_LABELS = {
    RAG_RED: "Red",
    RAG_AMBER: "Amber",
    RAG_GREEN: "Green",
    RAG_DONE: "Done",
    RAG_CLOSED: "Closed",
}


@dataclass(frozen=True)
class Rag:
    """A RAG rating with the reason a board member reads next to it."""

    code: str
    reason: str = ""

    @property
    def label(self) -> str:
        return RAG_LABELS[self.code]

    @property
    def text(self) -> str:
        return f"{self.label} ({self.reason})" if self.reason else self.label


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def rag_for(status: str, target_date: dt.date | None, today: dt.date) -> Rag:
    """The RAG of one action on ``today`` (see the module docstring for the rule)."""
    if status not in STATUSES:
        raise ValidationError(f"'{status}' is not an action status.")
    if status == "completed":
        return Rag(RAG_DONE)
    if status == "closed_not_achieved":
        return Rag(RAG_CLOSED)
    if target_date is None:
        return Rag(RAG_AMBER, "no target date")
    if target_date < today:
        return Rag(RAG_RED, f"overdue by {_days((today - target_date).days)}")
    remaining = (target_date - today).days
    if remaining <= DUE_SOON_DAYS:
        return Rag(RAG_AMBER, "due today" if remaining == 0 else f"due in {_days(remaining)}")
    return Rag(RAG_GREEN)


def is_overdue(status: str, target_date: dt.date | None, today: dt.date) -> bool:
    return status in OPEN_STATUSES and target_date is not None and target_date < today


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_from_label(text: str) -> str | None:
    """The status id for a label or id as a person types it (any case, - or – ), else None."""
    wanted = _fold_label(text)
    if not wanted:
        return None
    for status in STATUSES:
        if wanted in (_fold_label(status), _fold_label(STATUS_LABELS[status])):
            return status
    return None


def _fold_label(text: str) -> str:
    return " ".join(re.sub(r"[\s_\-–—]+", " ", str(text or "")).casefold().split())


# ------------------------------------------------------------------------------ quarters
@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.number == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.number + 1, 1) - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        from dhrdesk.core.dates import format_date

        return f"{self.code} ({format_date(self.start)} to {format_date(self.end)})"

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


_QUARTER = re.compile(
    r"^\s*(\d{4})\s*[-/ ]?\s*q([1-4])\s*$|^\s*q([1-4])\s*[-/ ]?\s*(\d{4})\s*$", re.I
)


def parse_quarter(text: str) -> Quarter:
    """'2026Q4' (also '2026-Q4', 'Q4 2026') -> Quarter(2026, 4): 1 Oct to 31 Dec 2026."""
    match = _QUARTER.match(str(text or ""))
    if not match:
        raise ValidationError(
            f"'{text}' is not a quarter.", hint="Write the year and quarter, e.g. 2026Q4."
        )
    year = int(match.group(1) or match.group(4))
    number = int(match.group(2) or match.group(3))
    if not 1900 <= year <= 9999:
        raise ValidationError(f"'{text}' is not a plausible year.")
    return Quarter(year, number)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


# ------------------------------------------------------------------------ the actions
@dataclass
class MonitoredAction:
    """One action of one review, as the monitoring view, sheet and report see it."""

    action_id: int
    review_id: int
    reference: str
    recommendation_id: int
    recommendation_number: int
    recommendation_text: str
    text: str
    lead_agency: str
    target_date: dt.date | None
    completed_on: dt.date | None
    status: str
    themes: tuple[str, ...] = ()  # the recommendation's themes
    latest_update: ActionUpdate | None = None
    evidence: tuple[str, ...] = ()  # file names of evidence kept in the store
    closed_on: dt.date | None = None  # completed_on, else the date of the closing update

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def rag(self, today: dt.date) -> Rag:
        return rag_for(self.status, self.target_date, today)

    def overdue(self, today: dt.date) -> bool:
        return is_overdue(self.status, self.target_date, today)

    def days_overdue(self, today: dt.date) -> int:
        if not self.overdue(today) or self.target_date is None:
            return 0
        return (today - self.target_date).days


def agency_key(name: str) -> str:
    """How two spellings of an agency are compared ("Northmoor  police" == "Northmoor Police")."""
    return " ".join(str(name or "").split()).casefold()


@dataclass
class MonitoringFilters:
    """What the monitoring view shows. Empty / None = no restriction."""

    agency: str = ""
    review_ids: set[int] | None = None
    theme: str = ""
    overdue_only: bool = False
    statuses: set[str] = field(default_factory=set)

    def accepts(self, action: MonitoredAction, today: dt.date) -> bool:
        if self.agency and agency_key(action.lead_agency) != agency_key(self.agency):
            return False
        if self.review_ids is not None and action.review_id not in self.review_ids:
            return False
        if self.theme and self.theme not in action.themes:
            return False
        if self.overdue_only and not action.overdue(today):
            return False
        return not (self.statuses and action.status not in self.statuses)


def filter_actions(
    actions: Iterable[MonitoredAction], filters: MonitoringFilters, today: dt.date
) -> list[MonitoredAction]:
    return [a for a in actions if filters.accepts(a, today)]


# ----------------------------------------------------------------------------- summaries
@dataclass
class Progress:
    """Counts by status for one review or one agency."""

    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def percent_complete(self) -> int:
        """Completed actions as a whole percentage of all actions (0 when there are none)."""
        return round(100 * self.counts["completed"] / self.total) if self.total else 0


def progress_by(
    actions: Iterable[MonitoredAction],
    key: Callable[[MonitoredAction], str],
    today: dt.date,
) -> list[Progress]:
    """Progress per group (e.g. per review reference, per lead agency), by name."""
    groups: dict[str, Progress] = {}
    for action in actions:
        name = key(action) or "No lead agency recorded"
        progress = groups.setdefault(agency_key(name), Progress(name))
        progress.counts[action.status] = progress.counts.get(action.status, 0) + 1
        progress.overdue += int(action.overdue(today))
    return sorted(groups.values(), key=lambda p: p.name.casefold())


def progress_by_review(actions: Iterable[MonitoredAction], today: dt.date) -> list[Progress]:
    return progress_by(actions, lambda a: a.reference, today)


def progress_by_agency(actions: Iterable[MonitoredAction], today: dt.date) -> list[Progress]:
    return progress_by(actions, lambda a: " ".join(a.lead_agency.split()), today)


def rag_summary(actions: Iterable[MonitoredAction], today: dt.date) -> dict[str, int]:
    """Number of actions per RAG code, in RAG_ORDER (every code present)."""
    counts = Counter(a.rag(today).code for a in actions)
    return {code: counts.get(code, 0) for code in RAG_ORDER}


def overdue_actions(actions: Iterable[MonitoredAction], today: dt.date) -> list[MonitoredAction]:
    """Open actions past their target date, longest overdue first."""
    found = [a for a in actions if a.overdue(today)]
    return sorted(found, key=lambda a: (a.target_date, a.reference, a.recommendation_number))


def closed_in(actions: Iterable[MonitoredAction], quarter: Quarter) -> list[MonitoredAction]:
    """Actions completed or closed – not achieved on a date inside ``quarter``."""
    found = [a for a in actions if not a.is_open and quarter.contains(a.closed_on)]
    return sorted(found, key=lambda a: (a.closed_on, a.reference, a.recommendation_number))


def open_theme_counts(actions: Iterable[MonitoredAction]) -> list[tuple[str, int]]:
    """Theme id -> number of open actions whose recommendation carries it, most first."""
    counts: Counter[str] = Counter()
    for action in actions:
        if action.is_open:
            counts.update(set(action.themes))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def recommendation_status(action_statuses: list[str]) -> str | None:
    """A recommendation's status from its actions' (None when it has no actions).

    All completed -> completed; all closed with at least one not achieved -> closed – not
    achieved; anything started or closed -> in progress; otherwise not started.
    """
    if not action_statuses:
        return None
    statuses = set(action_statuses)
    if statuses == {"completed"}:
        return "completed"
    if statuses <= {"completed", "closed_not_achieved"}:
        return "closed_not_achieved"
    if statuses & {"in_progress", "completed", "closed_not_achieved"}:
        return "in_progress"
    return "not_started"
