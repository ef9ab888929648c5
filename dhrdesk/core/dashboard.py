"""The dashboard row of a review: stage, time active and paused, what is due next.

Pure: it takes the records of one review (already loaded) and today's date.
Overdue items sort first, then the nearest due date, so a chair sees at once
where to act.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.ids import id_of
from dhrdesk.core.lifecycle import DueItem, due_items, stage_date, time_split
from dhrdesk.core.profiles import Profile


@dataclass
class OverdueThing:
    label: str
    due: dt.date
    days_overdue: int


@dataclass
class DashboardRow:
    review_id: int
    reference: str
    title: str
    profile_name: str
    stage_id: str
    stage_name: str
    decision: dt.date | None
    active_days: int
    paused_days: int
    paused_now: bool
    next_due_label: str
    next_due: dt.date | None
    overdue: list[OverdueThing] = field(default_factory=list)
    open_actions: int = 0
    overdue_returns: int = 0

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @property
    def days_since_decision(self) -> int:
        return self.active_days + self.paused_days

    def sort_key(self) -> tuple:
        """Overdue first (most overdue first), then by next due date, then reference."""
        worst = max((o.days_overdue for o in self.overdue), default=0)
        return (
            0 if self.overdue else 1,
            -worst,
            self.next_due or dt.date.max,
            self.reference,
        )

    def next_due_text(self) -> str:
        if self.next_due is None:
            return self.next_due_label or "—"
        return f"{self.next_due_label} · {format_date(self.next_due)}"


def build_row(
    review: m.Review,
    profile: Profile,
    stages: list[m.StageDates],
    pauses: list[m.Pause],
    actions: list[m.MeetingAction],
    today: dt.date,
) -> DashboardRow:
    items: list[DueItem] = due_items(profile, stages, pauses, today)
    overdue = [OverdueThing(i.label, i.adjusted_due, i.days_overdue) for i in items if i.overdue]
    for action in actions:
        if action.done_on is None and action.due is not None and action.due < today:
            overdue.append(
                OverdueThing(f"Action: {action.text}", action.due, (today - action.due).days)
            )
    overdue.sort(key=lambda o: -o.days_overdue)
    candidates: list[tuple[dt.date, str]] = [(i.adjusted_due, i.label) for i in items if not i.done]
    candidates += [
        (a.due, f"Action: {a.text}") for a in actions if a.done_on is None and a.due is not None
    ]
    candidates.sort()
    decision = stage_date(stages, "decision")
    # The clock of a finished review stops when the CSP signed it off (the six-month
    # target's stage); otherwise a review closed years ago would keep "ageing".
    finished = stage_date(stages, "csp_signoff")
    end = min(finished, today) if finished is not None else today
    if decision is not None:
        active, paused = time_split(decision, pauses, end)
    else:
        active = paused = 0
    paused_now = any(p.start <= today and (p.end is None or p.end >= today) for p in pauses)
    stage_name = profile.stage(review.stage).name if profile.has_stage(review.stage) else "Closed"
    return DashboardRow(
        review_id=id_of(review),
        reference=review.reference,
        title=review.title,
        profile_name=profile.name,
        stage_id=review.stage,
        stage_name=stage_name,
        decision=decision,
        active_days=active,
        paused_days=paused,
        paused_now=paused_now,
        next_due_label=candidates[0][1] if candidates else "",
        next_due=candidates[0][0] if candidates else None,
        overdue=overdue,
        open_actions=sum(1 for a in actions if a.done_on is None),
    )
