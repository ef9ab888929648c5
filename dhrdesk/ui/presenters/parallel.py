"""The Parallel processes tab without Qt: processes, the pauses they cause, time paused.

A three-year review explains itself only if every pause is recorded with its
reason; linking a pause to the process that caused it lets the timeline and the
report say why the review stopped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dhrdesk.core import lifecycle
from dhrdesk.core import model as m
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

#: Processes and pauses; stage dates for the time since the decision.
PARALLEL_TABLES = ("parallel_process", "pause", "stage_record")

# Which kind of pause a process causes.
PAUSE_FOR_PROCESS = {"criminal_trial": "criminal_trial", "inquest": "inquest", "iopc": "iopc"}

NOT_PAUSED = "The review has not been paused."


def paused_summary(pauses: Sequence[m.Pause], decision: dt.date | None, today: dt.date) -> str:
    """'Total time paused: 212 days — the review is paused now. Since the decision: …'."""
    if not pauses:
        return NOT_PAUSED
    spans = lifecycle.merge_pauses(pauses, today)
    total = sum((end - start).days + 1 for start, end in spans)
    text = f"Total time paused: {total} day{'s' if total != 1 else ''}"
    if any(p.end is None or p.end > today for p in pauses):
        text += " — the review is paused now"
    text += "."
    if decision is not None:
        active, paused = lifecycle.time_split(decision, pauses, today)
        text += f" Since the decision: {active} days active, {paused} days paused."
    return text


def pause_days(pause: m.Pause, today: dt.date | None = None) -> str:
    """Days paused so far ('12 so far' while open; '' for a pause that has not begun)."""
    today = today or dt.date.today()
    end = min(pause.end or today, today)
    if end < pause.start:
        return ""
    days = (end - pause.start).days + 1
    return f"{days}" + (" so far" if pause.end is None else "")


def process_label(process: m.ParallelProcess) -> str:
    """'Criminal trial (T20247001)'."""
    label = m.PARALLEL_KIND_LABELS.get(process.kind, process.kind)
    return label + (f" ({process.reference})" if process.reference else "")


class ParallelPresenter(ReviewPresenter):
    """Reads of one review's processes and pauses, and the pause a process causes."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.process_labels: dict[int, str] = {}

    def processes(self) -> list[m.ParallelProcess]:
        processes = self.store.repos.records.list(m.ParallelProcess, self.review_id)
        self.process_labels = {p.id: process_label(p) for p in processes}
        return processes

    def new_process(self) -> m.ParallelProcess:
        return m.ParallelProcess(review_id=self.review_id, kind="criminal_trial")

    def process_choices(self) -> dict[int | None, str]:
        return {None: "—", **self.process_labels}

    def pauses(self) -> list[m.Pause]:
        return self.store.repos.records.list(m.Pause, self.review_id)

    def new_pause(self) -> m.Pause:
        return m.Pause(review_id=self.review_id, kind="other", start=dt.date.today())

    def pause_for(self, process: m.ParallelProcess) -> m.Pause:
        """A pause linked to ``process``, with its kind and a reason filled in."""
        label = m.PARALLEL_KIND_LABELS.get(process.kind, process.kind)
        return m.Pause(
            review_id=self.review_id,
            kind=PAUSE_FOR_PROCESS.get(process.kind, "other"),
            start=dt.date.today(),
            reason=f"Paused for the {label.lower()}"
            + (f" ({process.reference})" if process.reference else "")
            + ".",
            parallel_process_id=process.id,
        )

    def summary(self, pauses: Sequence[m.Pause], today: dt.date | None = None) -> str:
        today = today or dt.date.today()
        if not pauses:
            return NOT_PAUSED
        stages = self.store.repos.lifecycle.stages(self.review_id)
        return paused_summary(pauses, lifecycle.stage_date(stages, "decision"), today)
