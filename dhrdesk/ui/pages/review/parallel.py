"""Parallel processes (trial, inquest, IOPC, SAR...) and the pauses they cause.

A three-year review explains itself only if every pause is recorded with its
reason; linking a pause to the process that caused it lets the timeline and
the report say why the review stopped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from dhrdesk.core import lifecycle
from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE

PROCESS_SPECS = [
    FieldSpec("kind", "Process", "choice", m.PARALLEL_KIND_LABELS, required=True),
    FieldSpec("reference", "Reference", placeholder="e.g. Crown Court case number"),
    FieldSpec("contact", "Contact", placeholder="e.g. Senior Investigating Officer"),
    FieldSpec(
        "key_dates", "Key dates", "multiline", help="Hearings, verdict, sentencing, one per line."
    ),
    FieldSpec("blocks_publication", "Blocks publication", "bool"),
    FieldSpec("status", "Status", "choice", {s: s.capitalize() for s in m.PARALLEL_STATUSES}),
    FieldSpec("notes", "Notes", "multiline", in_table=False),
]

# Which kind of pause a process causes.
PAUSE_FOR_PROCESS = {"criminal_trial": "criminal_trial", "inquest": "inquest", "iopc": "iopc"}


def paused_summary(pauses: list[m.Pause], decision: dt.date | None, today: dt.date) -> str:
    """'Paused 212 days in all (open pause since 3 Feb 2025); since the decision: …'."""
    spans = lifecycle.merge_pauses(pauses, today)
    total = sum((end - start).days + 1 for start, end in spans)
    text = f"Total time paused: {total} day{'s' if total != 1 else ''}"
    open_pauses = [p for p in pauses if p.end is None or p.end > today]
    if open_pauses:
        text += " — the review is paused now"
    text += "."
    if decision is not None:
        active, paused = lifecycle.time_split(decision, pauses, today)
        text += f" Since the decision: {active} days active, {paused} days paused."
    return text


class ParallelTab(ReviewTab):
    """Parallel processes (top) and pauses of the review (bottom)."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("parallelTab")
        records = context.store.repos.records
        self._processes: dict[int, str] = {}

        note = QLabel(
            "Register each parallel process and whether it blocks publication. When one "
            "stops the review, record a pause with its reason: the timeline then shows "
            "time paused and time active."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.processes = RecordTable(
            context,
            PROCESS_SPECS,
            load=self._load_processes,
            factory=lambda: m.ParallelProcess(review_id=review_id, kind="criminal_trial"),
            noun="process",
            plural="processes",
            title="Parallel processes",
            row_color=lambda p: "#6b6b6b" if p.status == "concluded" else None,
        )
        self.processes.setObjectName("processesTable")
        self.pause_button = QPushButton("Pause the review for this process…")
        self.pause_button.setObjectName("pauseForProcess")
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(self.pause_for_selected)
        self.processes.selection_changed.connect(
            lambda p: self.pause_button.setEnabled(p is not None)
        )
        self.processes.changed.connect(lambda: self.pauses.refresh())
        self.processes.layout().itemAt(0).layout().addWidget(self.pause_button)

        self.pauses = RecordTable(
            context,
            self.pause_specs(),
            load=lambda: records.list(m.Pause, review_id),
            factory=lambda: m.Pause(review_id=review_id, kind="other", start=dt.date.today()),
            noun="pause",
            title="Pauses",
            extra_columns=[("Days", self._pause_days)],
            row_color=lambda p: "#8a4b00" if p.end is None else None,
        )
        self.pauses.setObjectName("pausesTable")
        self.pauses.changed.connect(self._update_summary)
        self.summary = QLabel()
        self.summary.setObjectName("pausedSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("QLabel { font-weight: bold; padding: 4px; }")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.pauses, 1)
        bottom_layout.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.processes)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        self._update_summary()

    def pause_specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("kind", "Pause for", "choice", m.PAUSE_KIND_LABELS, required=True),
            FieldSpec("start", "Start", "date", not_future=True),
            FieldSpec(
                "end", "End", "optional_date", help="Leave unticked while the pause continues."
            ),
            FieldSpec("reason", "Reason", "multiline", required=True),
            FieldSpec("parallel_process_id", "Linked process", "choice", self._process_choices),
        ]

    def _load_processes(self) -> list[m.ParallelProcess]:
        processes = self.context.store.repos.records.list(m.ParallelProcess, self.review_id)
        self._processes = {
            p.id: m.PARALLEL_KIND_LABELS.get(p.kind, p.kind)
            + (f" ({p.reference})" if p.reference else "")
            for p in processes
        }
        return processes

    def _process_choices(self) -> dict[Any, str]:
        return {None: "—", **self._processes}

    @staticmethod
    def _pause_days(pause: m.Pause) -> str:
        today = dt.date.today()
        end = min(pause.end or today, today)
        if end < pause.start:
            return ""
        days = (end - pause.start).days + 1
        return f"{days}" + (" so far" if pause.end is None else "")

    def pause_for_selected(self) -> Any:
        """Add a pause linked to the selected process (the dialog opens prefilled)."""
        process = self.processes.selected()
        if process is None:
            return None
        label = m.PARALLEL_KIND_LABELS.get(process.kind, process.kind)
        pause = m.Pause(
            review_id=self.review_id,
            kind=PAUSE_FOR_PROCESS.get(process.kind, "other"),
            start=dt.date.today(),
            reason=f"Paused for the {label.lower()}"
            + (f" ({process.reference})" if process.reference else "")
            + ".",
            parallel_process_id=process.id,
        )
        saved = self.pauses.open_dialog(pause, "Pause the review")
        if saved is not None:
            self.pauses._after_change(saved.id)
        return saved

    def _decision_date(self) -> dt.date | None:
        stages = self.context.run_op(
            lambda: self.context.store.repos.lifecycle.stages(self.review_id)
        )
        return lifecycle.stage_date(stages or [], "decision")

    def _update_summary(self) -> None:
        pauses = self.pauses.records()
        if not pauses:
            self.summary.setText("The review has not been paused.")
            return
        self.summary.setText(paused_summary(pauses, self._decision_date(), dt.date.today()))

    def refresh(self) -> None:
        self.processes.refresh()
        self.pauses.refresh()
        self._update_summary()

    def save_pending(self) -> None:
        """Processes and pauses are saved when their dialogs close; nothing is pending."""
