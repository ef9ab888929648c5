"""Stages, clocks and pauses of one review: pure functions, no store, no Qt.

The functions take any objects with the right attributes (the dataclasses here,
or ``dhrdesk.core.model.StageDates`` / ``Pause`` from the store), so the same
rules run in the dashboard, the timeline, the CLI and the tests.

Clock rules
-----------
* A clock belongs to a stage in the profile (e.g. ``decision``) and runs from the
  **completion date of its anchor stage** (e.g. ``notification``). Until the
  anchor stage has a completion date the clock is not running and no item is shown.
* ``due = add_months(anchor_date, months) + days``, clamped at month ends
  (notification 31 January 2025 -> decision due 28 February 2025).
* An item is **done** when its own stage has a completion date.
* Shipped profiles: decision due 1 month after notification (statutory);
  Home Office notified 1 month after the decision (guidance says "promptly";
  marked *confirm*); the whole review (CSP sign-off) 6 months after the decision
  (target).

Pause rule
----------
Statutory clocks do not stop for a criminal trial or an inquest in law, so for a
clock with ``extends_for_pauses = False`` (decision, Home Office notification)
``adjusted_due == due`` and overdue is judged against the original date.

For a clock with ``extends_for_pauses = True`` (the six-month target) both dates
are shown: ``due`` (the original target) and ``adjusted_due = due + paused_days``,
where ``paused_days`` counts each calendar day that

* lies after the anchor date and on or before the adjusted due date
  (a pause that starts after the target was already missed does not rescue it),
* is covered by at least one pause (overlapping pauses are merged, never
  double-counted; an open pause runs to ``today``), and
* is not after the evaluation end (``today``, or the stage's completion date
  when it is done).

Overdue for such a clock is judged against ``adjusted_due``. ``adjusted_due`` is
found by iterating ``d = due + paused(anchor, d)`` until it stops moving (it only
grows and is bounded, so it always stops).

Counting days
-------------
A pause covers its start and end days inclusive. ``time_split`` counts the days
after the decision date up to and including the end date, so
``active + paused == (end - decision).days`` exactly.

Current stage
-------------
The latest stage (in profile order) that is started but not completed, if it lies
after the last completed stage; otherwise the stage after the last completed one;
``None`` when the last stage is complete. Stage records whose id is not in the
profile (e.g. after switching profile) are ignored by these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from dhrdesk.core.dates import add_months, format_date
from dhrdesk.core.model import PAUSE_KIND_LABELS
from dhrdesk.core.profiles import Clock, Profile, Stage

PAUSE_KINDS = PAUSE_KIND_LABELS


class StageLike(Protocol):
    stage_id: str
    started: date | None
    completed: date | None


class PauseLike(Protocol):
    kind: str
    start: date
    end: date | None
    reason: str


@dataclass(frozen=True)
class StageRecord:
    """What happened at one stage of one review."""

    stage_id: str
    started: date | None = None
    completed: date | None = None
    completed_by: str | None = None


@dataclass(frozen=True)
class Pause:
    """A period in which the review could not progress (trial, inquest, IOPC, ...)."""

    kind: str
    start: date
    end: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    """One validation problem. ``field`` is 'started', 'completed', 'start', 'end',
    'kind' or 'reason'; ``index`` is the pause's position for pause problems."""

    message: str
    stage_id: str | None = None
    field: str | None = None
    index: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DueItem:
    """One due date of one review, e.g. 'Decision due' or 'Six-month target'."""

    label: str
    stage_id: str
    due: date
    adjusted_due: date
    paused_days: int
    done: bool
    completed: date | None
    overdue: bool
    days_overdue: int
    kind: str
    extends_for_pauses: bool
    note: str = ""

    @property
    def effective_due(self) -> date:
        """The date overdue is judged against (adjusted for pauses only where the rule says)."""
        return self.adjusted_due

    @property
    def late(self) -> bool:
        """Done, but after the effective due date."""
        return self.done and self.completed is not None and self.completed > self.adjusted_due

    def describe(self) -> str:
        """One line for the dashboard: 'Decision due 28 February 2025 (12 days overdue)'."""
        text = f"{self.label} {format_date(self.due)}"
        if self.adjusted_due != self.due:
            text += (
                f" (adjusted for {self.paused_days} days paused: {format_date(self.adjusted_due)})"
            )
        if self.overdue:
            text += f" - {self.days_overdue} day{'s' if self.days_overdue != 1 else ''} overdue"
        elif self.done:
            text += " - done" + (" late" if self.late else "")
        return text


# --- helpers --------------------------------------------------------------------------


def _by_stage(profile: Profile, records: Iterable[StageLike]) -> dict[str, StageLike]:
    known = set(profile.stage_ids)
    return {r.stage_id: r for r in records if r.stage_id in known}


def stage_date(records: Iterable[StageLike], stage_id: str) -> date | None:
    """The completion date of ``stage_id`` (e.g. the decision date), or None."""
    for record in records:
        if record.stage_id == stage_id:
            return record.completed
    return None


def merge_pauses(pauses: Iterable[PauseLike], today: date) -> list[tuple[date, date]]:
    """Pauses as sorted, non-overlapping inclusive (start, end) intervals.

    Open pauses run to ``today``; touching or overlapping pauses are merged; pauses
    that start after ``today`` or end before they start are left out (see
    :func:`validate_pauses` for the message).
    """
    spans: list[tuple[date, date]] = []
    for pause in pauses:
        end = pause.end if pause.end is not None else today
        end = min(end, today)
        if pause.start > end:
            continue
        spans.append((pause.start, end))
    spans.sort()
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def paused_days_between(spans: Sequence[tuple[date, date]], after: date, until: date) -> int:
    """Days D with ``after < D <= until`` covered by the merged ``spans``."""
    total = 0
    for start, end in spans:
        lo = max(start, after + timedelta(days=1))
        hi = min(end, until)
        if hi >= lo:
            total += (hi - lo).days + 1
    return total


def time_split(
    decision_date: date, pauses: Iterable[PauseLike], today_or_end: date
) -> tuple[int, int]:
    """(active_days, paused_days) from the decision to ``today_or_end``.

    The days counted are those after the decision date up to and including the end,
    so the two numbers add up to ``(today_or_end - decision_date).days``. Parts of
    pauses before the decision are ignored, overlaps are merged, open pauses run to
    the end date. An end before the decision gives (0, 0).
    """
    if today_or_end <= decision_date:
        return 0, 0
    spans = merge_pauses(pauses, today_or_end)
    paused = paused_days_between(spans, decision_date, today_or_end)
    total = (today_or_end - decision_date).days
    return total - paused, paused


def _clock_due(clock: Clock, anchor_date: date) -> date:
    return add_months(anchor_date, clock.months) + timedelta(days=clock.days)


def adjusted_due_date(
    due: date, anchor_date: date, spans: Sequence[tuple[date, date]], limit: date
) -> tuple[date, int]:
    """(adjusted_due, paused_days) for a clock that extends for pauses (see module doc)."""
    adjusted = due
    paused = 0
    while True:
        paused = paused_days_between(spans, anchor_date, min(adjusted, limit))
        moved = due + timedelta(days=paused)
        if moved == adjusted:
            return adjusted, paused
        adjusted = moved


# --- public rules ---------------------------------------------------------------------


def due_items(
    profile: Profile,
    records: Iterable[StageLike],
    pauses: Iterable[PauseLike],
    today: date,
) -> list[DueItem]:
    """Every running clock of the review, in stage order (see module doc for the rules)."""
    by_stage = _by_stage(profile, records)
    pauses = list(pauses)
    items: list[DueItem] = []
    for stage, clock in profile.clocks():
        anchor_record = by_stage.get(clock.anchor)
        anchor_date = anchor_record.completed if anchor_record else None
        if anchor_date is None:
            continue
        due = _clock_due(clock, anchor_date)
        record = by_stage.get(stage.id)
        completed = record.completed if record else None
        done = completed is not None
        limit = completed if completed is not None else today
        if clock.extends_for_pauses:
            adjusted, paused = adjusted_due_date(
                due, anchor_date, merge_pauses(pauses, limit), limit
            )
        else:
            adjusted, paused = due, 0
        overdue = not done and today > adjusted
        items.append(
            DueItem(
                label=clock.label,
                stage_id=stage.id,
                due=due,
                adjusted_due=adjusted,
                paused_days=paused,
                done=done,
                completed=completed,
                overdue=overdue,
                days_overdue=(today - adjusted).days if overdue else 0,
                kind=clock.kind,
                extends_for_pauses=clock.extends_for_pauses,
                note=clock.note,
            )
        )
    return items


def next_due(
    profile: Profile,
    records: Iterable[StageLike],
    pauses: Iterable[PauseLike],
    today: date,
) -> DueItem | None:
    """The earliest item that is not done (overdue ones come first by date), or None."""
    open_items = [i for i in due_items(profile, records, pauses, today) if not i.done]
    if not open_items:
        return None
    return min(open_items, key=lambda item: (item.adjusted_due, item.stage_id))


def current_stage(profile: Profile, records: Iterable[StageLike]) -> Stage | None:
    """Where the review is now (rule in the module doc); None when every stage is done."""
    by_stage = _by_stage(profile, records)
    last_completed = -1
    last_started_open = -1
    for index, stage in enumerate(profile.stages):
        record = by_stage.get(stage.id)
        if record is None:
            continue
        if record.completed is not None:
            last_completed = index
        elif record.started is not None:
            last_started_open = index
    if last_started_open > last_completed:
        return profile.stages[last_started_open]
    if last_completed + 1 < len(profile.stages):
        return profile.stages[last_completed + 1]
    return None


def validate_stage_dates(
    profile: Profile, records: Iterable[StageLike], today: date
) -> list[Problem]:
    """Every problem with the stage dates, worded for the chair.

    * no date may be in the future (stage dates record what has happened);
    * a stage cannot be completed before it started;
    * a stage cannot be completed before a stage it ``follows`` in the profile
      (e.g. the decision before the notification);
    * a stage cannot be completed while a stage it follows has no completion date.
    """
    by_stage = _by_stage(profile, records)
    problems: list[Problem] = []
    for stage in profile.stages:
        record = by_stage.get(stage.id)
        if record is None:
            continue
        name = stage.name
        for field_name in ("started", "completed"):
            value = getattr(record, field_name)
            if value is not None and value > today:
                word = "start" if field_name == "started" else "completion"
                problems.append(
                    Problem(
                        f"{name}: the {word} date {format_date(value)} is in the future.",
                        stage.id,
                        field_name,
                    )
                )
        if record.started and record.completed and record.completed < record.started:
            problems.append(
                Problem(
                    f"{name}: completed on {format_date(record.completed)}, "
                    f"before it started on {format_date(record.started)}.",
                    stage.id,
                    "completed",
                )
            )
        if record.completed is None:
            continue
        for earlier_id in stage.follows:
            earlier = by_stage.get(earlier_id)
            earlier_name = profile.stage(earlier_id).name
            if earlier is None or earlier.completed is None:
                problems.append(
                    Problem(
                        f"{name} is completed, but {earlier_name} is not: "
                        f"record the {earlier_name.lower()} date first.",
                        stage.id,
                        "completed",
                    )
                )
            elif record.completed < earlier.completed:
                problems.append(
                    Problem(
                        f"{name} ({format_date(record.completed)}) is dated before "
                        f"{earlier_name} ({format_date(earlier.completed)}).",
                        stage.id,
                        "completed",
                    )
                )
    return problems


def validate_pauses(pauses: Sequence[PauseLike], today: date) -> list[Problem]:
    """Problems with recorded pauses.

    Overlapping pauses are allowed (a trial and an inquest can run together); they
    are merged when counting. A planned end date in the future is allowed (the
    pause counts only up to today); a start in the future is not.
    """
    problems: list[Problem] = []
    for index, pause in enumerate(pauses):
        label = PAUSE_KINDS.get(pause.kind)
        if label is None:
            problems.append(
                Problem(
                    f"Pause {index + 1}: '{pause.kind}' is not a kind of pause "
                    f"(use one of: {', '.join(PAUSE_KINDS)}).",
                    field="kind",
                    index=index,
                )
            )
            label = "Pause"
        if pause.start > today:
            problems.append(
                Problem(
                    f"{label} pause: the start date {format_date(pause.start)} is in the future.",
                    field="start",
                    index=index,
                )
            )
        if pause.end is not None and pause.end < pause.start:
            problems.append(
                Problem(
                    f"{label} pause: ends on {format_date(pause.end)}, "
                    f"before it starts on {format_date(pause.start)}.",
                    field="end",
                    index=index,
                )
            )
        if not (pause.reason or "").strip():
            problems.append(
                Problem(
                    f"{label} pause: give a reason, so the timeline explains the delay.",
                    field="reason",
                    index=index,
                )
            )
    return problems
