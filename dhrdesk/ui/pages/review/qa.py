"""Home Office Quality Assurance feedback: rounds, letters and areas for final development.

Why: after submission the Home Office QA panel replies with a letter listing
numbered "areas for final development". The chair has to show, area by area,
what changed and where, and may resubmit more than once. So each round records
which frozen draft went in, the panel and letter dates, the outcome and the
letter itself (kept encrypted in the store, never as a loose file), and each
area links to the draft and overview section that answers it. The count of
areas not yet addressed is what tells the chair the review is ready to go back.

Layout and wiring only; reads, counts and writes are
:class:`dhrdesk.ui.presenters.qa.QaPresenter`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, label
from dhrdesk.ui.pages.review.parts import (
    STRETCH,
    column,
    detail_table,
    note_label,
    note_over,
    row,
    splitter,
    stack,
)
from dhrdesk.ui.presenters import qa as p
from dhrdesk.ui.presenters.qa import QaPresenter, is_addressed, letter_tag, round_label

__all__ = ["QaTab", "is_addressed", "letter_tag", "round_label"]

OPEN_COLOR = "#8a4b00"
DONE_COLOR = "#2e6b30"
COUNT_STYLE = "QLabel { font-weight: bold; padding: 2px 0; }"
COUNT_COLORS = {"open": OPEN_COLOR, "done": DONE_COLOR}
NOTE = (
    "Record each submission to the Home Office QA panel, its feedback letter and every "
    "numbered “area for final development”, and link each area to the draft and "
    "section that answers it. A resubmission is a new round."
)


class QaTab(ReviewTab):
    """QA rounds (master) with their letters, and the selected round's areas (detail)."""

    watches = ("qa_round", "qa_area", "attachment", "draft")
    object_name = "qaTab"
    presenter_class = QaPresenter

    def build(self) -> None:
        top = column((self._rounds_table(), 1), self._letter_row())
        split = splitter(
            Qt.Orientation.Vertical, top, self._areas_box(), sizes=(300, 360), collapsible=False
        )
        note_over(self, note_label(NOTE), split)
        self.refresh()

    # ----------------------------------------------------------------- layout
    def _rounds_table(self) -> RecordTable:
        presenter = self.presenter
        self.rounds = RecordTable(
            self.context,
            [
                FieldSpec(
                    "number",
                    "Round",
                    "int",
                    required=True,
                    help="1, then 2, 3 … for resubmissions.",
                ),
                FieldSpec("submitted_on", "Submitted on", "optional_date", not_future=True),
                FieldSpec("draft_id", "Draft submitted", "choice", presenter.draft_choices),
                FieldSpec("panel_date", "Panel date", "optional_date"),
                FieldSpec("letter_date", "Letter date", "optional_date", not_future=True),
                FieldSpec("outcome", "Outcome", "choice", m.QA_OUTCOME_LABELS),
                FieldSpec("letter_summary", "Letter summary", "multiline"),
            ],
            load=presenter.rounds,
            factory=self._new_round,
            noun="QA round",
            title="Submissions and feedback",
            extra_columns=[("Areas open", presenter.open_text)],
            row_color=lambda r: OPEN_COLOR if presenter.unaddressed_count(r.id) else None,
        )
        self.rounds.setObjectName("qaRoundsTable")
        self.rounds.selection_changed.connect(self._round_selected)
        self.rounds.changed.connect(self.refresh)
        return self.rounds

    def _letter_row(self) -> QHBoxLayout:
        """The letter(s) of the selected round, "Attach letter…" and "Save a copy…"."""
        self.letters = QListWidget()
        self.letters.setObjectName("qaLetters")
        self.letters.setMaximumHeight(70)
        self.letters.itemSelectionChanged.connect(self._update_buttons)
        self.attach_button = button(
            "Attach letter…",
            "attachLetter",
            "Keep the Home Office letter (PDF or Word) inside the encrypted store",
        )
        self.attach_button.clicked.connect(self.attach_letter_dialog)
        self.save_copy_button = button(
            "Save a copy…", "saveLetterCopy", "Write the selected letter to a file you choose"
        )
        self.save_copy_button.clicked.connect(self.save_letter_copy_dialog)
        letter_buttons = stack(self.attach_button, self.save_copy_button, STRETCH)
        letter_label = label(text="<b>Letter</b>")
        letter_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        return row(letter_label, (self.letters, 1), letter_buttons)

    def _areas_box(self) -> QWidget:
        """The areas for final development of the selected round, with the open count."""
        self.round_title = label("qaRoundTitle", "QLabel { font-weight: bold; }")
        self.count_label = label("qaOpenCount", COUNT_STYLE)
        presenter = self.presenter
        self.areas = detail_table(
            RecordTable,
            self.context,
            [
                FieldSpec("number", "No.", "int", required=True),
                FieldSpec("text", "Area for final development", "multiline", required=True),
                FieldSpec(
                    "response",
                    "Response",
                    "multiline",
                    help="What was changed, in a line or two (for the covering letter).",
                ),
                FieldSpec("draft_id", "Answered in draft", "choice", presenter.draft_choices),
                FieldSpec("section_key", "Section", "choice", presenter.section_choices),
                FieldSpec("addressed_on", "Addressed on", "optional_date", not_future=True),
            ],
            "qaAreasTable",
            noun="area",
            title="Areas for final development",
            extra_columns=[("State", p.area_state)],
            row_color=lambda a: DONE_COLOR if is_addressed(a) else OPEN_COLOR,
            empty_text="Select a round to see its areas for final development.",
        )
        self.areas.changed.connect(self._areas_changed)
        return column(row((self.round_title, 1), self.count_label), (self.areas, 1))

    # ------------------------------------------------------------------ data
    def _new_round(self) -> m.QaRound:
        numbers = [r.number for r in self.rounds.records()]
        return self.context.run_op(lambda: self.presenter.new_round(numbers))

    def unaddressed_count(self, round_id: int) -> int:
        return self.presenter.unaddressed_count(round_id)

    # --------------------------------------------------------------- events
    def _round_selected(self, qa_round: m.QaRound | None) -> None:
        if qa_round is None or qa_round.id is None:
            self.round_title.setText(p.NO_ROUND)
            self.count_label.setText("")
            self.areas.set_source(lambda: [], None)
        else:
            round_id = qa_round.id
            self.round_title.setText(p.round_title(qa_round))
            self.areas.set_source(
                lambda: self.presenter.areas(round_id),
                lambda: self.presenter.new_area(round_id, [a.number for a in self.areas.records()]),
            )
            self._update_count()
        self._load_letters()

    def _update_count(self) -> None:
        selected = self.rounds.selected()
        if selected is None:
            self.count_label.setText("")
            return
        text, kind = self.presenter.count_of(selected.id)
        self.count_label.setText(text)
        color = f"QLabel {{ color: {COUNT_COLORS[kind]}; }}" if kind else ""
        self.count_label.setStyleSheet(COUNT_STYLE + color)

    def _areas_changed(self) -> None:
        self.context.run_op(self.presenter.count_open)
        self.rounds.refresh()
        self._update_count()

    # -------------------------------------------------------------- letters
    def letters_of(self, round_id: int) -> list[m.Attachment]:
        return self.context.run_op(lambda: self.presenter.letters_of(round_id)) or []

    def _load_letters(self) -> None:
        self.letters.clear()
        selected = self.rounds.selected()
        if selected is not None and selected.id is not None:
            for attachment in self.letters_of(selected.id):
                text, attachment_id, tooltip = p.letter_row(attachment)
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, attachment_id)
                item.setToolTip(tooltip)
                self.letters.addItem(item)
            if not self.letters.count():
                placeholder = QListWidgetItem("No letter attached yet.")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                self.letters.addItem(placeholder)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.attach_button.setEnabled(self.rounds.selected() is not None)
        item = self.letters.currentItem()
        self.save_copy_button.setEnabled(
            item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        )

    def attach_letter(self, path: Path) -> m.Attachment | None:
        """Keep the letter file of the selected round, encrypted in the store."""
        selected = self.rounds.selected()
        if selected is None:
            return None
        path = Path(path)
        attachment = self.context.run_op(
            lambda: self.presenter.attach_letter(selected, path),
            f"Attached “{path.name}” to round {selected.number}.",
        )
        self._load_letters()
        return attachment

    def attach_letter_dialog(self) -> None:
        filename, _ = QFileDialog.getOpenFileName(
            self,
            "Attach the Home Office letter",
            "",
            "Letters (*.pdf *.docx *.doc *.odt *.txt);;All files (*)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if filename:
            self.attach_letter(Path(filename))

    def save_letter_copy(self, attachment_id: int, path: Path) -> Path | None:
        return self.context.run_op(
            lambda: self.presenter.save_letter_copy(attachment_id, path),
            f"Saved a copy as {Path(path).name}.",
        )

    def save_letter_copy_dialog(self) -> None:
        item = self.letters.currentItem()
        attachment_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if attachment_id is None:
            return
        name = item.text().rsplit(" (", 1)[0]
        filename, _ = QFileDialog.getSaveFileName(
            self,
            "Save a copy of the letter",
            name,
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if filename:
            self.save_letter_copy(attachment_id, Path(filename))

    # ------------------------------------------------------------------ API
    def refresh(self) -> None:
        self.context.run_op(self.presenter.count_open)
        self.rounds.refresh()
        self._round_selected(self.rounds.selected())

    def save_pending(self) -> None:
        """Every edit is saved when its dialog closes; nothing is pending here."""
