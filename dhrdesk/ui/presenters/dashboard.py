"""The Dashboard's reads, wording and the New review write, without Qt.

:class:`DashboardPresenter` loads every review's row (overdue first, as the store
computes it), the open meeting actions and the store's costs, and turns them into
the texts the page shows: the summary line, the selected review's details, the
open-actions tab title. :func:`create_review` is the New review window's write.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.dashboard import DashboardRow
from dhrdesk.core.dates import format_date, short_date
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.money import money_text
from dhrdesk.core.profiles import DEFAULT_PROFILE_ID, shipped_profiles

OVERDUE_COLOR = "#b3261e"
MUTED = "#5f6368"
PAUSED_COLOR = "#8a5a00"

OpenAction = tuple[str, m.MeetingAction]  # (review reference, action)


def days_text(row: DashboardRow) -> str:
    """'412 (190 active, 222 paused)', or '—' before the decision."""
    if row.decision is None:
        return "—"
    total = row.days_since_decision
    if not row.paused_days:
        return f"{total} (all active)" if total else "0"
    return f"{total} ({row.active_days} active, {row.paused_days} paused)"


def next_due_text(row: DashboardRow) -> str:
    if row.next_due is None:
        return row.next_due_label or "—"
    return f"{short_date(row.next_due)} · {row.next_due_label}"


def overdue_tooltip(row: DashboardRow) -> str | None:
    if not row.overdue:
        return None
    return "\n".join(
        f"{o.label}: due {format_date(o.due)}, {o.days_overdue} days overdue" for o in row.overdue
    )


def overdue_sort_key(row: DashboardRow) -> int:
    """More overdue items first, then the longest overdue."""
    return row.overdue_count * 100000 + max((o.days_overdue for o in row.overdue), default=0)


def count_text(value: int) -> str:
    return str(value) if value else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass
class DashboardData:
    """Everything one refresh shows."""

    rows: list[DashboardRow] = field(default_factory=list)
    actions: list[OpenAction] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)

    def stage_names(self) -> list[str]:
        return sorted({row.stage_name for row in self.rows})

    def late_actions(self) -> int:
        return sum(1 for _, a in self.actions if action_overdue(a, self.today))

    def actions_tab_title(self) -> str:
        late = self.late_actions()
        return f"Open actions ({len(self.actions)}{f', {late} overdue' if late else ''})"

    def summary_html(self) -> str:
        """'3 reviews · 2 with overdue items · 1 paused now · 1 open action | Costs …'."""
        overdue = sum(1 for row in self.rows if row.overdue)
        paused = sum(1 for row in self.rows if row.paused_now)
        parts = [_plural(len(self.rows), "review")]
        if overdue:
            parts.append(
                f"<span style='color:{OVERDUE_COLOR}'><b>{overdue} with overdue items</b></span>"
            )
        if paused:
            parts.append(f"{paused} paused now")
        parts.append(_plural(len(self.actions), "open action"))
        cost = f"Costs across the store: <b>{money_text(sum(self.totals.values()))}</b>"
        spent = [
            f"{m.COST_CATEGORY_LABELS[c].lower()} {money_text(v)}"
            for c, v in self.totals.items()
            if v
        ]
        if spent:
            cost += f" ({', '.join(spent)})"
        return " · ".join(parts) + " &nbsp;|&nbsp; " + cost


def action_overdue(action: m.MeetingAction, today: dt.date) -> bool:
    return action.due is not None and action.due < today


def action_cells(reference: str, action: m.MeetingAction) -> list[str]:
    """Due, review, action, owner: one row of the open-actions table."""
    due = short_date(action.due) if action.due else "no date"
    return [due, reference, action.text, action.owner]


def _esc(text: str) -> str:
    return html.escape(text or "", quote=False)


NO_SELECTION_HTML = (
    f"<p style='color:{MUTED}'>Select a review to see what is overdue and due next.</p>"
)


def details_html(row: DashboardRow | None) -> str:
    """The "Selected review" tab: stage, days, what is overdue, what is due next."""
    if row is None:
        return NO_SELECTION_HTML
    out = [f"<h3 style='margin:0'>{_esc(row.reference)} – {_esc(row.title)}</h3>"]
    out.append(
        f"<p style='margin:2px 0'>{_esc(row.profile_name)} · stage: <b>{_esc(row.stage_name)}</b>"
    )
    if row.decision is not None:
        out.append(
            f" · decision {format_date(row.decision)}: {row.days_since_decision} days "
            f"({row.active_days} active, {row.paused_days} paused)"
        )
    if row.paused_now:
        out.append(f" · <span style='color:{PAUSED_COLOR}'><b>paused now</b></span>")
    out.append("</p>")
    if row.overdue:
        out.append(f"<p style='margin:6px 0 2px 0;color:{OVERDUE_COLOR}'><b>Overdue</b></p><ul>")
        for item in row.overdue:
            out.append(
                f"<li style='color:{OVERDUE_COLOR}'>{_esc(item.label)} – due "
                f"{format_date(item.due)}, {_plural(item.days_overdue, 'day')} overdue</li>"
            )
        out.append("</ul>")
    else:
        out.append("<p style='margin:6px 0'>Nothing overdue.</p>")
    out.append(f"<p style='margin:2px 0'>Next due: {_esc(row.next_due_text())}</p>")
    return "".join(out)


class DashboardPresenter:
    """Reads for the Dashboard (run by the page through ``context.run_op``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def load(self, today: dt.date) -> DashboardData:
        repos = self.store.repos
        return DashboardData(
            rows=list(repos.reviews.dashboard(today)),
            actions=list(repos.records.open_actions()),
            totals=dict(repos.records.cost_totals(None)),
            today=today,
        )

    def review_id(self, reference: str) -> int:
        return self.store.repos.reviews.get(reference).id


# ---------------------------------------------------------------- new review
def profile_choices() -> dict[str, str]:
    return {pid: f"{p.name} – {p.review_type}" for pid, p in shipped_profiles().items()}


@dataclass
class NewReviewForm:
    """What the New review window asks."""

    reference: str = ""
    title: str = ""
    profile: str = DEFAULT_PROFILE_ID
    csp: str = ""
    police_force_area: str = ""
    month_of_death: str = ""
    notified_on: dt.date | None = None
    decided_on: dt.date | None = None
    id: int | None = None

    def check(self) -> None:
        """The dates' order, before anything is written (nothing changes on a refusal)."""
        if self.decided_on is not None and self.notified_on is None:
            raise ValidationError(
                "Give the date the partnership was notified as well as the decision date."
            )
        if self.notified_on and self.decided_on and self.decided_on < self.notified_on:
            raise ValidationError("The decision cannot come before the notification.")

    def review(self) -> m.Review:
        return m.Review(
            reference=self.reference,
            title=self.title,
            profile=self.profile,
            csp=self.csp,
            police_force_area=self.police_force_area,
            month_of_death=self.month_of_death,
        )


def create_review(store: Any, form: NewReviewForm) -> int:
    """Create the review and record its first dates; undone as a whole if a date is refused."""
    form.check()
    review = form.review()
    store.repos.reviews.add(review)
    assert review.id is not None
    try:
        lifecycle = store.repos.lifecycle
        if form.notified_on is not None:
            lifecycle.set_stage_dates(review.id, "notification", None, form.notified_on)
        if form.decided_on is not None:
            lifecycle.set_stage_dates(review.id, "decision", None, form.decided_on)
    except DhrDeskError:
        store.repos.reviews.delete(review.id)
        raise
    form.id = review.id
    return review.id


def filter_rows(
    rows: Iterable[DashboardRow], stage: str = "", overdue_only: bool = False
) -> list[DashboardRow]:
    """The stage and "overdue only" filters of the page, as a rule."""
    return [
        row
        for row in rows
        if (not stage or row.stage_name == stage) and (row.overdue or not overdue_only)
    ]
