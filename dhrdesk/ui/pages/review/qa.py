"""Home Office Quality Assurance feedback: rounds, letters and areas for final development.

Why: after submission the Home Office QA panel replies with a letter listing
numbered "areas for final development". The chair has to show, area by area,
what changed and where, and may resubmit more than once. So each round records
which frozen draft went in, the panel and letter dates, the outcome and the
letter itself (kept encrypted in the store, never as a loose file), and each
area links to the draft and overview section that answers it. The count of
areas not yet addressed is what tells the chair the review is ready to go back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE

LETTER_KIND = "evidence"
MAX_LETTER_BYTES = 25 * 1024 * 1024
OPEN_COLOR = "#8a4b00"
DONE_COLOR = "#2e6b30"
COUNT_STYLE = "QLabel { font-weight: bold; padding: 2px 0; }"


def letter_tag(round_id: int) -> str:
    """The marker in an attachment's note that ties it to a QA round."""
    return f"[qa_round:{round_id}]"


def is_addressed(area: m.QaArea) -> bool:
    return area.addressed_on is not None


def round_label(number: int) -> str:
    return f"{number} (first submission)" if number == 1 else f"{number} (resubmission)"


class QaTab(ReviewTab):
    """QA rounds (master) with their letters, and the selected round's areas (detail)."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("qaTab")
        self._open_counts: dict[int, tuple[int, int]] = {}
        records = context.store.repos.records

        note = QLabel(
            "Record each submission to the Home Office QA panel, its feedback letter and every "
            "numbered “area for final development”, and link each area to the draft and "
            "section that answers it. A resubmission is a new round."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)

        self.rounds = RecordTable(
            context,
            [
                FieldSpec(
                    "number",
                    "Round",
                    "int",
                    required=True,
                    help="1, then 2, 3 … for resubmissions.",
                ),
                FieldSpec("submitted_on", "Submitted on", "optional_date", not_future=True),
                FieldSpec("draft_id", "Draft submitted", "choice", self._draft_choices),
                FieldSpec("panel_date", "Panel date", "optional_date"),
                FieldSpec("letter_date", "Letter date", "optional_date", not_future=True),
                FieldSpec("outcome", "Outcome", "choice", m.QA_OUTCOME_LABELS),
                FieldSpec("letter_summary", "Letter summary", "multiline"),
            ],
            load=lambda: records.list(m.QaRound, review_id),
            factory=self._new_round,
            noun="QA round",
            title="Submissions and feedback",
            extra_columns=[("Areas open", self._open_text)],
            row_color=self._round_color,
        )
        self.rounds.setObjectName("qaRoundsTable")
        self.rounds.selection_changed.connect(self._round_selected)
        self.rounds.changed.connect(self._rounds_changed)

        # -- the letter(s) of the selected round
        self.letters = QListWidget()
        self.letters.setObjectName("qaLetters")
        self.letters.setMaximumHeight(70)
        self.attach_button = QPushButton("Attach letter…")
        self.attach_button.setObjectName("attachLetter")
        self.attach_button.setToolTip(
            "Keep the Home Office letter (PDF or Word) inside the encrypted store"
        )
        self.attach_button.clicked.connect(self.attach_letter_dialog)
        self.save_copy_button = QPushButton("Save a copy…")
        self.save_copy_button.setObjectName("saveLetterCopy")
        self.save_copy_button.setToolTip("Write the selected letter to a file you choose")
        self.save_copy_button.clicked.connect(self.save_letter_copy_dialog)
        self.letters.itemSelectionChanged.connect(self._update_buttons)
        letter_buttons = QVBoxLayout()
        letter_buttons.addWidget(self.attach_button)
        letter_buttons.addWidget(self.save_copy_button)
        letter_buttons.addStretch(1)
        letter_row = QHBoxLayout()
        letter_label = QLabel("<b>Letter</b>")
        letter_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        letter_row.addWidget(letter_label)
        letter_row.addWidget(self.letters, 1)
        letter_row.addLayout(letter_buttons)

        # -- areas for final development of the selected round
        self.round_title = QLabel()
        self.round_title.setObjectName("qaRoundTitle")
        self.round_title.setStyleSheet("QLabel { font-weight: bold; }")
        self.count_label = QLabel()
        self.count_label.setObjectName("qaOpenCount")
        self.count_label.setStyleSheet(COUNT_STYLE)
        self.areas = RecordTable(
            context,
            [
                FieldSpec("number", "No.", "int", required=True),
                FieldSpec("text", "Area for final development", "multiline", required=True),
                FieldSpec(
                    "response",
                    "Response",
                    "multiline",
                    help="What was changed, in a line or two (for the covering letter).",
                ),
                FieldSpec("draft_id", "Answered in draft", "choice", self._draft_choices),
                FieldSpec("section_key", "Section", "choice", self._section_choices),
                FieldSpec("addressed_on", "Addressed on", "optional_date", not_future=True),
            ],
            load=lambda: [],
            factory=None,
            noun="area",
            title="Areas for final development",
            extra_columns=[("State", lambda a: "Addressed" if is_addressed(a) else "Open")],
            row_color=lambda a: DONE_COLOR if is_addressed(a) else OPEN_COLOR,
            empty_text="Select a round to see its areas for final development.",
        )
        self.areas.setObjectName("qaAreasTable")
        self.areas.changed.connect(self._areas_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.rounds, 1)
        top_layout.addLayout(letter_row)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.round_title, 1)
        heading.addWidget(self.count_label)
        bottom_layout.addLayout(heading)
        bottom_layout.addWidget(self.areas, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([300, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)

        self._count_open()
        self.rounds.refresh()
        self._round_selected(None)

    # ------------------------------------------------------------------ data
    @property
    def records(self) -> Any:
        return self.context.store.repos.records

    def _draft_choices(self) -> dict[Any, str]:
        drafts = self.context.run_op(
            lambda: self.context.store.repos.drafting.drafts(self.review_id)
        )
        choices: dict[Any, str] = {None: "—"}
        for draft in drafts or []:
            label = f"v{draft.version}" + (" (final)" if draft.final else "")
            if draft.change_summary:
                label += f" – {draft.change_summary[:50]}"
            choices[draft.id] = label
        return choices

    def _section_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {"": "—"}
        review = self.context.run_op(lambda: self.context.store.repos.reviews.by_id(self.review_id))
        try:
            profile = get_profile(review.profile) if review is not None else None
        except Exception:  # noqa: BLE001 - an unknown profile just means no section list
            profile = None
        if profile is not None:
            for section in profile.all_sections():
                choices[section.id] = section.heading
        return choices

    def _new_round(self) -> m.QaRound:
        numbers = [r.number for r in self.rounds.records()] if hasattr(self, "rounds") else []
        drafts = self.context.run_op(
            lambda: self.context.store.repos.drafting.drafts(self.review_id)
        )
        latest = drafts[-1].id if drafts else None
        return m.QaRound(
            review_id=self.review_id, number=max(numbers, default=0) + 1, draft_id=latest
        )

    def _count_open(self) -> None:
        def count() -> dict[int, tuple[int, int]]:
            found = {}
            for qa_round in self.records.list(m.QaRound, self.review_id):
                areas = self.records.list(m.QaArea, qa_round.id)
                found[qa_round.id] = (sum(not is_addressed(a) for a in areas), len(areas))
            return found

        self._open_counts = self.context.run_op(count) or {}

    def _open_text(self, qa_round: m.QaRound) -> str:
        open_, total = self._open_counts.get(qa_round.id, (0, 0))
        return f"{open_} of {total}" if total else "—"

    def _round_color(self, qa_round: m.QaRound) -> str | None:
        open_, _ = self._open_counts.get(qa_round.id, (0, 0))
        return OPEN_COLOR if open_ else None

    def unaddressed_count(self, round_id: int) -> int:
        return self._open_counts.get(round_id, (0, 0))[0]

    # --------------------------------------------------------------- events
    def _round_selected(self, qa_round: m.QaRound | None) -> None:
        if qa_round is None or qa_round.id is None:
            self.round_title.setText("Select a round to see its areas for final development.")
            self.count_label.setText("")
            self.areas.set_source(lambda: [], None)
        else:
            round_id = qa_round.id
            self.round_title.setText(
                f"Round {round_label(qa_round.number)}: areas for final development"
            )

            def factory() -> m.QaArea:
                numbers = [a.number for a in self.areas.records()]
                return m.QaArea(
                    qa_round_id=round_id,
                    number=max(numbers, default=0) + 1,
                    text="",
                    draft_id=None,
                )

            self.areas.set_source(lambda: self.records.list(m.QaArea, round_id), factory)
            self._update_count()
        self._load_letters()

    def _update_count(self) -> None:
        selected = self.rounds.selected()
        if selected is None:
            self.count_label.setText("")
            return
        open_, total = self._open_counts.get(selected.id, (0, 0))
        if not total:
            self.count_label.setText("No areas recorded")
            self.count_label.setStyleSheet(COUNT_STYLE)
        elif open_:
            self.count_label.setText(f"{open_} of {total} not yet addressed")
            self.count_label.setStyleSheet(COUNT_STYLE + f"QLabel {{ color: {OPEN_COLOR}; }}")
        else:
            self.count_label.setText(f"All {total} addressed")
            self.count_label.setStyleSheet(COUNT_STYLE + f"QLabel {{ color: {DONE_COLOR}; }}")

    def _rounds_changed(self) -> None:
        self._count_open()
        self.rounds.refresh()
        self._round_selected(self.rounds.selected())

    def _areas_changed(self) -> None:
        self._count_open()
        self.rounds.refresh()
        self._update_count()

    # -------------------------------------------------------------- letters
    def letters_of(self, round_id: int) -> list[m.Attachment]:
        tag = letter_tag(round_id)
        attachments = self.context.run_op(
            lambda: self.context.store.repos.agency_input.attachments(self.review_id)
        )
        return [a for a in attachments or [] if tag in (a.note or "")]

    def _load_letters(self) -> None:
        self.letters.clear()
        selected = self.rounds.selected()
        if selected is not None and selected.id is not None:
            for attachment in self.letters_of(selected.id):
                size = f"{max(1, attachment.size // 1024)} KB"
                item = QListWidgetItem(f"{attachment.filename} ({size})")
                item.setData(Qt.ItemDataRole.UserRole, attachment.id)
                item.setToolTip(f"SHA-256 {attachment.sha256}")
                self.letters.addItem(item)
            if not self.letters.count():
                placeholder = QListWidgetItem("No letter attached yet.")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                self.letters.addItem(placeholder)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_round = self.rounds.selected() is not None
        self.attach_button.setEnabled(has_round)
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

        def attach() -> m.Attachment:
            try:
                size = path.stat().st_size
                if size > MAX_LETTER_BYTES:
                    raise InputFileError(
                        f"“{path.name}” is larger than 25 MB; attach the letter itself, "
                        "not a bundle."
                    )
                content = path.read_bytes()
            except OSError as exc:
                raise InputFileError(f"“{path.name}” could not be read ({exc.strerror}).") from exc
            return self.context.store.repos.agency_input.add_attachment(
                self.review_id,
                path.name,
                content,
                LETTER_KIND,
                note=f"Home Office QA letter, round {selected.number} {letter_tag(selected.id)}",
            )

        attachment = self.context.run_op(
            attach, f"Attached “{path.name}” to round {selected.number}."
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
        from dhrdesk.documents.output import atomic_write_bytes

        def save() -> Path:
            content = self.context.store.repos.agency_input.attachment_content(attachment_id)
            return atomic_write_bytes(Path(path), content)

        return self.context.run_op(save, f"Saved a copy as {Path(path).name}.")

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
        self._count_open()
        self.rounds.refresh()
        self._round_selected(self.rounds.selected())

    def save_pending(self) -> None:
        """Every edit is saved when its dialog closes; nothing is pending here."""
