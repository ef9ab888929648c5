"""The boxes of the selected agency's panel on "Agencies and IMRs".

Layout and wiring only: the request (type, dates, reminders), the IMR author and
sign-off, the quality checklist, the gaps for the chase letter and the receipt
log. Each box fills itself from a record and gives back what the chair typed;
texts, checks and writes are in dhrdesk.ui.presenters.agencies.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, OptionalDateEdit, RecordTable
from dhrdesk.ui.pages.review.controls import button, text_box
from dhrdesk.ui.panes import side_by_side
from dhrdesk.ui.presenters.agencies import NEEDS_NOTE, AgenciesPresenter, ReceiptRow
from dhrdesk.ui.widgets import ErrorLabel

HINT_STYLE = "QLabel { color: #5f6368; }"
HEADING_STYLE = "QLabel { font-size: 120%; font-weight: bold; }"
STATUS_STYLES = {
    True: "QLabel { color: white; background: #b3261e; padding: 2px 8px; border-radius: 3px; }",
    False: "QLabel { color: #1f3b57; background: #e3ecfa; padding: 2px 8px; border-radius: 3px; }",
}
COLUMN_WIDTHS = (64, 128, 84, 52, 84)  # after the name column, which stretches
NOTE_REQUIRED_STYLE = "QLineEdit { border: 1px solid #b3261e; background: #fdecea; }"
REQUEST_DATES = [
    ("requested_on", "Requested", True),
    ("records_secured_on", "Records secured", True),
    ("due_on", "Due", False),
    ("received_on", "Received", True),
    ("quality_checked_on", "Quality-checked", True),
    ("accepted_on", "Accepted", True),
]


class RequestBox(QGroupBox):
    """The request: its type, its dates (due date suggested) and the reminders sent."""

    edited = Signal()

    def __init__(self, on_chase: Callable[[], Any]) -> None:
        super().__init__("Request")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("requestType")
        for key in m.REQUEST_TYPES:
            self.type_combo.addItem(m.REQUEST_TYPE_LABELS[key], key)
        self.type_combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        form = QFormLayout(self)
        form.addRow("Type", self.type_combo)
        self.date_edits: dict[str, OptionalDateEdit] = {}
        for name, label, not_future in REQUEST_DATES:
            edit = OptionalDateEdit(what=label, not_future=not_future)
            edit.setObjectName(f"date_{name}")
            edit.dateChanged.connect(lambda _v: self.edited.emit())
            self.date_edits[name] = edit
            form.addRow(label, edit)
            if name == "due_on":
                self.due_hint = QLabel()
                self.due_hint.setObjectName("dueHint")
                self.due_hint.setWordWrap(True)
                self.due_hint.setStyleSheet(HINT_STYLE)
                self.due_hint.hide()
                form.addRow("", self.due_hint)
        self.chases_label = QLabel()
        self.chases_label.setObjectName("chasesLabel")
        self.chases_label.setWordWrap(True)
        self.chase_button = button(
            "Record a reminder (chase)…",
            "chaseButton",
            "Adds today's date to the reminders sent to this agency.",
            slot=on_chase,
        )
        chase_box = QVBoxLayout()
        chase_box.addWidget(self.chases_label)
        chase_box.addWidget(self.chase_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Reminders", chase_box)

    def fill(self, request: m.AgencyRequest) -> None:
        index = self.type_combo.findData(request.request_type)
        self.type_combo.setCurrentIndex(max(index, 0))
        for name, edit in self.date_edits.items():
            edit.setDate(getattr(request, name))

    def values(self) -> dict[str, Any]:
        """The type and dates as typed (a date field that cannot be read raises)."""
        values: dict[str, Any] = {name: edit.date() for name, edit in self.date_edits.items()}
        values["request_type"] = self.type_combo.currentData()
        return values


class AuthorBox(QGroupBox):
    """Who wrote the IMR, their independence, and the senior manager's sign-off."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("IMR author and sign-off")
        self.author_name = QLineEdit()
        self.author_role = QLineEdit()
        self.independence = text_box(
            "independence",
            "The author was not involved with the family or the practitioners' line management.",
        )
        self.independence.setMaximumHeight(70)
        self.signoff_name = QLineEdit()
        self.signoff_role = QLineEdit()
        self.signoff_on = OptionalDateEdit(what="Signed off", not_future=True)
        for widget in (self.author_name, self.author_role, self.signoff_name, self.signoff_role):
            widget.textChanged.connect(lambda _t: self.edited.emit())
        self.independence.textChanged.connect(self.edited.emit)
        self.signoff_on.dateChanged.connect(lambda _v: self.edited.emit())
        form = QFormLayout(self)
        form.addRow("Author", self.author_name)
        form.addRow("Author's role", self.author_role)
        form.addRow("Independence", self.independence)
        form.addRow("Senior manager", self.signoff_name)
        form.addRow("Their role", self.signoff_role)
        form.addRow("Signed off", self.signoff_on)

    def fill(self, request: m.AgencyRequest) -> None:
        self.author_name.setText(request.author_name)
        self.author_role.setText(request.author_role)
        self.independence.setPlainText(request.author_independence)
        self.signoff_name.setText(request.signoff_name)
        self.signoff_role.setText(request.signoff_role)
        self.signoff_on.setDate(request.signoff_on)

    def values(self) -> dict[str, Any]:
        return {
            "author_name": self.author_name.text().strip(),
            "author_role": self.author_role.text().strip(),
            "author_independence": self.independence.toPlainText().strip(),
            "signoff_name": self.signoff_name.text().strip(),
            "signoff_role": self.signoff_role.text().strip(),
            "signoff_on": self.signoff_on.date(),
        }


def typed_request(request: m.AgencyRequest, box: RequestBox, author: AuthorBox) -> m.AgencyRequest:
    """The request as the two boxes show it."""
    return dataclasses.replace(request, **box.values(), **author.values())


class QualityBox(QGroupBox):
    """The IMR quality checklist: a score per item, and what is missing when not met."""

    def __init__(self, on_save: Callable[[], Any]) -> None:
        super().__init__("Quality checklist")
        grid = QGridLayout(self)
        self.score_combos: dict[str, QComboBox] = {}
        self.note_edits: dict[str, QLineEdit] = {}
        for row, (item, label) in enumerate(m.IMR_QUALITY_ITEMS):
            text = QLabel(label)
            text.setWordWrap(True)
            combo = QComboBox()
            combo.setObjectName(f"score_{item}")
            combo.addItem("Not checked", "")
            for score in m.QUALITY_SCORES:
                combo.addItem(m.QUALITY_SCORE_LABELS[score], score)
            note = QLineEdit()
            note.setObjectName(f"note_{item}")
            note.setPlaceholderText("What is missing (needed unless met)")
            combo.currentIndexChanged.connect(lambda _i, key=item: self._mark(key))
            note.textChanged.connect(lambda _t, key=item: self._mark(key))
            self.score_combos[item] = combo
            self.note_edits[item] = note
            grid.addWidget(text, 2 * row, 0)
            grid.addWidget(combo, 2 * row, 1)
            grid.addWidget(note, 2 * row + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.error = ErrorLabel()
        self.save_button = button("Save checklist", "saveQualityButton", slot=on_save)
        row = 2 * len(m.IMR_QUALITY_ITEMS)
        grid.addWidget(self.error, row, 0, 1, 2)
        grid.addWidget(self.save_button, row + 1, 1, Qt.AlignmentFlag.AlignRight)

    def _mark(self, item: str) -> None:
        needs = self.score_combos[item].currentData() in NEEDS_NOTE
        note = self.note_edits[item]
        note.setStyleSheet(NOTE_REQUIRED_STYLE if needs and not note.text().strip() else "")

    def fill(self, scores: dict[str, m.ImrQuality]) -> None:
        for item, combo in self.score_combos.items():
            quality = scores.get(item)
            combo.setCurrentIndex(max(combo.findData(quality.score if quality else ""), 0))
            self.note_edits[item].setText(quality.note if quality else "")
        self.error.clear_error()

    def set_score(self, item: str, score: str, note: str = "") -> None:
        combo = self.score_combos[item]
        combo.setCurrentIndex(combo.findData(score))
        self.note_edits[item].setText(note)

    def values(self) -> list[tuple[str, str, str]]:
        return [
            (item, combo.currentData(), self.note_edits[item].text().strip())
            for item, combo in self.score_combos.items()
        ]


class GapsBox(QGroupBox):
    """The checklist's gaps, ready to copy into the chase letter."""

    def __init__(self) -> None:
        super().__init__("Gaps for the chase letter")
        self.gaps_text = QPlainTextEdit()
        self.gaps_text.setObjectName("gapsText")
        self.gaps_text.setReadOnly(True)
        self.gaps_text.setMaximumHeight(110)
        self.copy_button = button(
            "Copy",
            "copyGapsButton",
            "Copy the gaps to paste into the chase letter.",
            slot=self.copy,
        )
        layout = QHBoxLayout(self)
        layout.addWidget(self.gaps_text, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.gaps_text.toPlainText())


class ReceiptLog(QGroupBox):
    """The files received from the agency: name, SHA-256, who received it and when."""

    def __init__(self) -> None:
        super().__init__("Files received (receipt log)")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("attachmentsTable")
        self.table.setHorizontalHeaderLabels(["File", "SHA-256", "By", "When"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(130)
        QVBoxLayout(self).addWidget(self.table)

    def show_rows(self, rows: list[ReceiptRow]) -> None:
        self.table.setRowCount(len(rows))
        for row, receipt in enumerate(rows):
            for column, text in enumerate(receipt.cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(receipt.tooltip)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def agency_table(context: Any, presenter: AgenciesPresenter, colors: dict[str, Any]) -> RecordTable:
    """The agencies with their request type, status, due date, reminders and receipt."""
    p = presenter
    table = RecordTable(
        context,
        [FieldSpec("name", "Agency")],
        load=p.agencies,
        factory=None,
        noun="agency",
        plural="agencies",
        read_only=True,
        extra_columns=[
            ("Request", p.type_text),
            ("Status", lambda a: p.status(a)[0]),
            ("Due", p.due_text),
            ("Chases", p.chases_count),
            ("Received", p.received_text),
        ],
        row_color=lambda a: colors.get(p.row_state(a)),
        empty_text="No agencies yet. Add them on the “Terms of reference” tab.",
    )
    table.setObjectName("agencyTable")
    fit_columns(table)
    return table


def fit_columns(table: RecordTable) -> None:
    """The name column stretches; the others keep a readable width."""
    view = table.table
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column, width in enumerate(COLUMN_WIDTHS, start=1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)


def list_beside_detail(table: QWidget, detail: QWidget) -> QSplitter:
    """The agencies on the left, the selected one's panel (scrolling) on the right."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(detail)
    return side_by_side(table, scroll, (5, 6), (700, 800))


class AgencyDetail(QWidget):
    """The selected agency: heading and status, request and author on the left, the
    checklist, its gaps and the receipt log on the right."""

    def __init__(
        self,
        save: Callable[[], Any],
        chase: Callable[[], Any],
        open_imr: Callable[[], Any],
        import_chronology: Callable[[], Any],
        save_quality: Callable[[], Any],
    ) -> None:
        super().__init__()
        self.setObjectName("agencyDetail")
        self.heading = QLabel()
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet(HINT_STYLE)
        self.status_label = QLabel()
        self.status_label.setObjectName("agencyStatus")
        self.request_box = RequestBox(chase)
        self.author_box = AuthorBox()
        self.request_error = ErrorLabel()
        self.save_button = button("Save request", "saveRequestButton", slot=save)
        self.imr_button = button("Edit IMR…", "imrButton", slot=open_imr)
        self.import_button = button("Import chronology…", "importButton", slot=import_chronology)
        self.quality_box = QualityBox(save_quality)
        self.gaps_box = GapsBox()
        self.receipts = ReceiptLog()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        head = QHBoxLayout()
        head.addLayout(titles, 1)
        head.addWidget(self.status_label)
        actions = QHBoxLayout()
        actions.addWidget(self.imr_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        left = QVBoxLayout()
        for widget in (self.request_box, self.author_box, self.request_error):
            left.addWidget(widget)
        left.addLayout(actions)
        left.addStretch(1)
        right = QVBoxLayout()
        for widget in (self.quality_box, self.gaps_box, self.receipts):
            right.addWidget(widget)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(columns, 1)

    def show_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.status_label.clear()

    def show_status(self, words: str, overdue: bool) -> None:
        self.status_label.setText(words)
        self.status_label.setStyleSheet(STATUS_STYLES[overdue])
