"""Parallel processes (trial, inquest, IOPC, SAR...) and the pauses they cause.

A three-year review explains itself only if every pause is recorded with its
reason; linking a pause to the process that caused it lets the timeline and
the report say why the review stopped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, styled_label
from dhrdesk.ui.pages.review.parts import column, note_label, note_over, splitter
from dhrdesk.ui.presenters.parallel import PARALLEL_TABLES, ParallelPresenter, pause_days

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


class ParallelTab(ReviewTab):
    """Parallel processes (top) and pauses of the review (bottom)."""

    watches = PARALLEL_TABLES
    object_name = "parallelTab"
    presenter_class = ParallelPresenter

    def build(self) -> None:
        note = note_label(
            "Register each parallel process and whether it blocks publication. When one "
            "stops the review, record a pause with its reason: the timeline then shows "
            "time paused and time active."
        )
        self.processes = RecordTable(
            self.context,
            PROCESS_SPECS,
            load=self.presenter.processes,
            factory=self.presenter.new_process,
            noun="process",
            plural="processes",
            title="Parallel processes",
            row_color=lambda p: "#6b6b6b" if p.status == "concluded" else None,
        )
        self.processes.setObjectName("processesTable")
        self.pause_button = button(
            "Pause the review for this process…", "pauseForProcess", slot=self.pause_for_selected
        )
        self.pause_button.setEnabled(False)
        self.processes.selection_changed.connect(
            lambda p: self.pause_button.setEnabled(p is not None)
        )
        self.processes.changed.connect(lambda: self.pauses.refresh())
        self.processes.layout().itemAt(0).layout().addWidget(self.pause_button)

        self.pauses = RecordTable(
            self.context,
            self.pause_specs(),
            load=self.presenter.pauses,
            factory=self.presenter.new_pause,
            noun="pause",
            title="Pauses",
            extra_columns=[("Days", pause_days)],
            row_color=lambda p: "#8a4b00" if p.end is None else None,
        )
        self.pauses.setObjectName("pausesTable")
        self.pauses.changed.connect(self._update_summary)
        self.summary = styled_label("pausedSummary", "QLabel { font-weight: bold; padding: 4px; }")
        bottom = column((self.pauses, 1), self.summary)
        note_over(self, note, splitter(Qt.Orientation.Vertical, self.processes, bottom))
        self._update_summary()

    def pause_specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("kind", "Pause for", "choice", m.PAUSE_KIND_LABELS, required=True),
            FieldSpec("start", "Start", "date", not_future=True),
            FieldSpec(
                "end", "End", "optional_date", help="Leave unticked while the pause continues."
            ),
            FieldSpec("reason", "Reason", "multiline", required=True),
            FieldSpec(
                "parallel_process_id",
                "Linked process",
                "choice",
                self.presenter.process_choices,
            ),
        ]

    def pause_for_selected(self) -> Any:
        """Add a pause linked to the selected process (the dialog opens prefilled)."""
        process = self.processes.selected()
        if process is None:
            return None
        pause = self.presenter.pause_for(process)
        saved = self.pauses.open_dialog(pause, "Pause the review")
        if saved is not None:
            self.pauses._after_change(saved.id)
        return saved

    def _update_summary(self) -> None:
        pauses = self.pauses.records()
        self.summary.setText(self.context.run_op(lambda: self.presenter.summary(pauses)) or "")

    def refresh(self) -> None:
        self.processes.refresh()
        self.pauses.refresh()
        self._update_summary()

    def save_pending(self) -> None:
        """Processes and pauses are saved when their dialogs close; nothing is pending."""
