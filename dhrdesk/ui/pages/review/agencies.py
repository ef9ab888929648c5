"""Agencies and their IMRs: what was asked of each agency and where its return stands.

The chair chases returns, checks their quality and accepts them. So the list
shows every agency of the review (in scope first, excluded ones greyed) with
its request status (overdue in red, with days), and the panel beside it holds
the request dates, reminders, the IMR author and sign-off, the quality checklist
with the gaps to put in a chase letter, the chronology import, and the receipt
log of files received. Agencies themselves are added on "Terms of reference".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
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
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.profiles import get_profile
from dhrdesk.store.repositories.agency_input import request_status
from dhrdesk.ui.forms import FieldSpec, OptionalDateEdit, RecordTable, short_date
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE
from dhrdesk.ui.widgets import ErrorLabel

OVERDUE_COLOR = QColor("#b3261e")
EXCLUDED_COLOR = QColor("#80868b")
HEADING_STYLE = "QLabel { font-size: 120%; font-weight: bold; }"
STATUS_STYLES = {
    True: "QLabel { color: white; background: #b3261e; padding: 2px 8px; border-radius: 3px; }",
    False: "QLabel { color: #1f3b57; background: #e3ecfa; padding: 2px 8px; border-radius: 3px; }",
}
NOTE_REQUIRED_STYLE = "QLineEdit { border: 1px solid #b3261e; background: #fdecea; }"

AGENCY_SPECS = [FieldSpec("name", "Agency")]
SHORT_TYPES = {"imr": "IMR", "summary": "Summary", "information": "Info only"}

REQUEST_DATES = [
    ("requested_on", "Requested", True),
    ("records_secured_on", "Records secured", True),
    ("due_on", "Due", False),
    ("received_on", "Received", True),
    ("quality_checked_on", "Quality-checked", True),
    ("accepted_on", "Accepted", True),
]


IMR_RETURN_WEEKS = 8
"""Weeks from the request to the IMR's due date when the review's guidance profile
sets no period (``imr_return_weeks``); the chair changes it when agreed otherwise."""


def suggested_due(requested: dt.date, profile: Any = None) -> dt.date:
    """The default due date of an IMR: the profile's return period after the request."""
    weeks = getattr(profile, "imr_return_weeks", None) or IMR_RETURN_WEEKS
    return requested + dt.timedelta(weeks=int(weeks))


def _when(stamp: str) -> str:
    """A stored UTC timestamp as local '26 Nov 2026 05:18'."""
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M}"


class AgenciesTab(ReviewTab):
    """Agencies of a review with request status, and a detail panel for the selected one."""

    def __init__(
        self,
        context: PageContext,
        review_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("agenciesTab")
        self._today = today
        self.repo = context.store.repos.agency_input
        self._requests: dict[int, m.AgencyRequest] = {}
        self._agency: m.Agency | None = None
        self._request: m.AgencyRequest | None = None
        self._dirty = False
        self._loading = False
        self.imr_dialog: Any = None

        note = QLabel(
            "Each agency's request and return. Add or exclude agencies on “Terms of "
            "reference”. Overdue returns are in red; record each reminder so the chase "
            "history is complete."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.table = RecordTable(
            context,
            AGENCY_SPECS,
            load=self._load_agencies,
            factory=None,
            noun="agency",
            plural="agencies",
            read_only=True,
            extra_columns=[
                ("Request", self._type_text),
                ("Status", self._status_text),
                ("Due", lambda a: short_date(self._req(a).due_on)),
                ("Chases", lambda a: str(len(self._req(a).chases) or "")),
                ("Received", lambda a: short_date(self._req(a).received_on)),
            ],
            row_color=self._row_color,
            empty_text="No agencies yet. Add them on the “Terms of reference” tab.",
        )
        self.table.setObjectName("agencyTable")
        self._fit_columns()
        self.table.selection_changed.connect(self._selected)

        self.detail = self._build_detail()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        split.setSizes([700, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        self._show_agency(None)
        if self.table.records():
            self.table.table.selectRow(0)

    # ------------------------------------------------------------------ list
    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _load_agencies(self) -> list[m.Agency]:
        agencies = self.context.store.repos.records.list(m.Agency, self.review_id)
        self._requests = {a.id: self.repo.request(a.id) for a in agencies}
        return sorted(agencies, key=lambda a: (not a.in_scope, a.name.casefold()))

    def _fit_columns(self) -> None:
        view = self.table.table
        header = view.horizontalHeader()
        for column, width in enumerate((0, 64, 128, 84, 52, 84)):
            if column == 0:
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                view.setColumnWidth(column, width)

    def _req(self, agency: m.Agency) -> m.AgencyRequest:
        return self._requests.get(agency.id) or m.AgencyRequest(agency.id)

    def _type_text(self, agency: m.Agency) -> str:
        if not agency.in_scope:
            return "Excluded"
        request = self._req(agency)
        if request.requested_on is None:
            return ""
        return SHORT_TYPES.get(request.request_type, request.request_type)

    def status(self, agency: m.Agency) -> tuple[str, bool]:
        if not agency.in_scope:
            return "Excluded", False
        return request_status(self._req(agency), self.today)

    def _status_text(self, agency: m.Agency) -> str:
        return self.status(agency)[0]

    def _row_color(self, agency: m.Agency) -> QColor | None:
        if not agency.in_scope:
            return EXCLUDED_COLOR
        return OVERDUE_COLOR if self.status(agency)[1] else None

    # ------------------------------------------------------------------ detail
    def _build_detail(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("agencyDetail")
        self.heading = QLabel()
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("agencyStatus")
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet("QLabel { color: #5f6368; }")
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        head = QHBoxLayout()
        head.addLayout(titles, 1)
        head.addWidget(self.status_label)

        # request
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("requestType")
        for key in m.REQUEST_TYPES:
            self.type_combo.addItem(m.REQUEST_TYPE_LABELS[key], key)
        self.type_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.date_edits: dict[str, OptionalDateEdit] = {}
        request_box = QGroupBox("Request")
        form = QFormLayout(request_box)
        form.addRow("Type", self.type_combo)
        for name, label, not_future in REQUEST_DATES:
            edit = OptionalDateEdit(what=label, not_future=not_future)
            edit.setObjectName(f"date_{name}")
            edit.dateChanged.connect(lambda _v: self._edited())
            self.date_edits[name] = edit
            form.addRow(label, edit)
            if name == "due_on":
                self.due_hint = QLabel()
                self.due_hint.setObjectName("dueHint")
                self.due_hint.setWordWrap(True)
                self.due_hint.setStyleSheet("QLabel { color: #5f6368; }")
                self.due_hint.hide()
                form.addRow("", self.due_hint)
        self._suggested_due: dt.date | None = None
        self.date_edits["requested_on"].edit.editingFinished.connect(self._suggest_due)
        self.chases_label = QLabel()
        self.chases_label.setObjectName("chasesLabel")
        self.chases_label.setWordWrap(True)
        self.chase_button = QPushButton("Record a reminder (chase)…")
        self.chase_button.setObjectName("chaseButton")
        self.chase_button.setToolTip("Adds today's date to the reminders sent to this agency.")
        self.chase_button.clicked.connect(self.record_chase)
        chase_box = QVBoxLayout()
        chase_box.addWidget(self.chases_label)
        chase_box.addWidget(self.chase_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Reminders", chase_box)

        # author and sign-off
        author_box = QGroupBox("IMR author and sign-off")
        author_form = QFormLayout(author_box)
        self.author_name = QLineEdit()
        self.author_role = QLineEdit()
        self.independence = QPlainTextEdit()
        self.independence.setObjectName("independence")
        self.independence.setTabChangesFocus(True)
        self.independence.setPlaceholderText(
            "The author was not involved with the family or the practitioners' line management."
        )
        self.independence.setMaximumHeight(70)
        self.signoff_name = QLineEdit()
        self.signoff_role = QLineEdit()
        self.signoff_on = OptionalDateEdit(what="Signed off", not_future=True)
        for widget in (self.author_name, self.author_role, self.signoff_name, self.signoff_role):
            widget.textChanged.connect(lambda _t: self._edited())
        self.independence.textChanged.connect(self._edited)
        self.signoff_on.dateChanged.connect(lambda _v: self._edited())
        author_form.addRow("Author", self.author_name)
        author_form.addRow("Author's role", self.author_role)
        author_form.addRow("Independence", self.independence)
        author_form.addRow("Senior manager", self.signoff_name)
        author_form.addRow("Their role", self.signoff_role)
        author_form.addRow("Signed off", self.signoff_on)

        self.request_error = ErrorLabel()
        self.save_button = QPushButton("Save request")
        self.save_button.setObjectName("saveRequestButton")
        self.save_button.clicked.connect(self.save_request)
        self.imr_button = QPushButton("Edit IMR…")
        self.imr_button.setObjectName("imrButton")
        self.imr_button.clicked.connect(self.open_imr)
        self.import_button = QPushButton("Import chronology…")
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.import_chronology)
        actions = QHBoxLayout()
        actions.addWidget(self.imr_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)

        # quality checklist
        quality_box = QGroupBox("Quality checklist")
        grid = QGridLayout(quality_box)
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
            combo.currentIndexChanged.connect(lambda _i, key=item: self._score_changed(key))
            note.textChanged.connect(lambda _t, key=item: self._score_changed(key))
            self.score_combos[item] = combo
            self.note_edits[item] = note
            grid.addWidget(text, 2 * row, 0)
            grid.addWidget(combo, 2 * row, 1)
            grid.addWidget(note, 2 * row + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.quality_error = ErrorLabel()
        self.save_quality_button = QPushButton("Save checklist")
        self.save_quality_button.setObjectName("saveQualityButton")
        self.save_quality_button.clicked.connect(self.save_quality)
        row = 2 * len(m.IMR_QUALITY_ITEMS)
        grid.addWidget(self.quality_error, row, 0, 1, 2)
        grid.addWidget(self.save_quality_button, row + 1, 1, Qt.AlignmentFlag.AlignRight)

        gaps_box = QGroupBox("Gaps for the chase letter")
        self.gaps_text = QPlainTextEdit()
        self.gaps_text.setObjectName("gapsText")
        self.gaps_text.setReadOnly(True)
        self.gaps_text.setMaximumHeight(110)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("copyGapsButton")
        self.copy_button.setToolTip("Copy the gaps to paste into the chase letter.")
        self.copy_button.clicked.connect(self.copy_gaps)
        gaps_layout = QHBoxLayout(gaps_box)
        gaps_layout.addWidget(self.gaps_text, 1)
        gaps_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

        attachments_box = QGroupBox("Files received (receipt log)")
        self.attachments = QTableWidget(0, 4)
        self.attachments.setObjectName("attachmentsTable")
        self.attachments.setHorizontalHeaderLabels(["File", "SHA-256", "By", "When"])
        self.attachments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attachments.verticalHeader().hide()
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.attachments.setMaximumHeight(130)
        QVBoxLayout(attachments_box).addWidget(self.attachments)

        left = QVBoxLayout()
        left.addWidget(request_box)
        left.addWidget(author_box)
        left.addWidget(self.request_error)
        left.addLayout(actions)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(quality_box)
        right.addWidget(gaps_box)
        right.addWidget(attachments_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(panel)
        layout.addLayout(head)
        layout.addLayout(columns, 1)
        return panel

    # ------------------------------------------------------------------ selection
    def _selected(self, agency: m.Agency | None) -> None:
        leaving = self._agency is not None and (agency is None or agency.id != self._agency.id)
        if self._dirty and leaving:
            self.save_request()
        self._show_agency(agency)

    def select_agency(self, name: str) -> bool:
        for agency in self.table.records():
            if agency.name == name:
                return self.table.select_id(agency.id)
        return False

    def _show_agency(self, agency: m.Agency | None) -> None:
        self._agency = agency
        self._suggested_due = None
        self.due_hint.hide()
        self.detail.setEnabled(agency is not None)
        self._loading = True
        try:
            if agency is None:
                self.heading.setText("Select an agency")
                self.subheading.clear()
                self.status_label.clear()
                self._request = None
                return
            request = self.context.run_op(lambda: self.repo.request(agency.id))
            self._request = request or m.AgencyRequest(agency.id)
            self._requests[agency.id] = self._request
            extra = f" · {agency.sector}" if agency.sector else ""
            if not agency.in_scope:
                extra += f" · excluded: {agency.exclusion_reason or 'no reason given'}"
            self.heading.setText(agency.name)
            self.subheading.setText(extra.strip(" ·"))
            self._fill_request(self._request)
            self._fill_quality()
            self._fill_attachments()
        finally:
            self._loading = False
            self._dirty = False
            self.save_button.setEnabled(False)
            self.request_error.clear_error()
        self._update_status()

    def _update_status(self) -> None:
        if self._agency is None:
            return
        words, overdue = self.status(self._agency)
        self.status_label.setText(words)
        self.status_label.setStyleSheet(STATUS_STYLES[overdue])

    def _fill_request(self, request: m.AgencyRequest) -> None:
        index = self.type_combo.findData(request.request_type)
        self.type_combo.setCurrentIndex(max(index, 0))
        for name, edit in self.date_edits.items():
            edit.setDate(getattr(request, name))
        self.author_name.setText(request.author_name)
        self.author_role.setText(request.author_role)
        self.independence.setPlainText(request.author_independence)
        self.signoff_name.setText(request.signoff_name)
        self.signoff_role.setText(request.signoff_role)
        self.signoff_on.setDate(request.signoff_on)
        self._fill_chases(request)

    def _fill_chases(self, request: m.AgencyRequest) -> None:
        if request.chases:
            dates = ", ".join(short_date(dt.date.fromisoformat(c)) for c in request.chases)
            count = len(request.chases)
            self.chases_label.setText(f"{count} reminder{'s' if count != 1 else ''}: {dates}")
        else:
            self.chases_label.setText("None sent")

    def _fill_quality(self) -> None:
        assert self._agency is not None
        agency_id = self._agency.id
        scores = self.context.run_op(lambda: self.repo.quality(agency_id)) or {}
        for item, combo in self.score_combos.items():
            quality = scores.get(item)
            combo.setCurrentIndex(max(combo.findData(quality.score if quality else ""), 0))
            self.note_edits[item].setText(quality.note if quality else "")
        self.quality_error.clear_error()
        self._fill_gaps()

    def _fill_gaps(self) -> None:
        if self._agency is None:
            return
        agency_id = self._agency.id
        gaps = self.context.run_op(lambda: self.repo.quality_gaps(agency_id)) or []
        self.gaps_text.setPlainText("\n".join(f"• {gap}" for gap in gaps) or "No gaps.")

    def _fill_attachments(self) -> None:
        assert self._agency is not None
        agency_id = self._agency.id
        every = self.context.run_op(lambda: self.repo.attachments(self.review_id)) or []
        mine = [a for a in every if a.agency_id == agency_id]
        self.attachments.setRowCount(len(mine))
        for row, item in enumerate(mine):
            cells = [
                item.filename,
                item.sha256[:10] + "…",
                item.received_by,
                _when(item.received_at),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(
                    f"{item.filename} ({item.size:,} bytes, {item.kind.replace('_', ' ')})\n"
                    f"SHA-256 {item.sha256}\nReceived by {item.received_by}"
                )
                self.attachments.setItem(row, column, cell)
        self.attachments.resizeColumnsToContents()
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # ------------------------------------------------------------------ request edits
    def _suggest_due(self) -> None:
        """Once the request date is typed, an empty due date gets the default period
        (shown, and changeable); a suggestion follows a corrected request date."""
        if self._loading or self._agency is None:
            return
        requested = self.date_edits["requested_on"].peek()
        due_edit = self.date_edits["due_on"]
        if not isinstance(requested, dt.date):
            return
        current = due_edit.peek()
        if current is not None and current != self._suggested_due:
            return  # the chair's own due date stays
        try:
            review = self.context.store.repos.reviews.by_id(self.review_id)
            profile = get_profile(review.profile)
        except DhrDeskError:
            profile = None
        self._suggested_due = suggested_due(requested, profile)
        due_edit.setDate(self._suggested_due)
        weeks = (self._suggested_due - requested).days // 7
        self.due_hint.setText(
            f"Suggested: {weeks} weeks after the request. Change it if you agreed otherwise."
        )
        self.due_hint.show()

    def _edited(self) -> None:
        if self._loading or self._agency is None:
            return
        self._dirty = True
        self.save_button.setEnabled(True)

    def current_request(self) -> m.AgencyRequest:
        """The request as the panel shows it (dates, author, sign-off)."""
        assert self._request is not None
        values: dict[str, Any] = {name: edit.date() for name, edit in self.date_edits.items()}
        values.update(
            request_type=self.type_combo.currentData(),
            author_name=self.author_name.text().strip(),
            author_role=self.author_role.text().strip(),
            author_independence=self.independence.toPlainText().strip(),
            signoff_name=self.signoff_name.text().strip(),
            signoff_role=self.signoff_role.text().strip(),
            signoff_on=self.signoff_on.date(),
        )
        return dataclasses.replace(self._request, **values)

    def save_request(self) -> bool:
        if self._agency is None or self._request is None:
            return False
        self.request_error.clear_error()
        try:
            request = self.current_request()
        except ValidationError:
            return False  # shown at the date field, which has the focus

        def run() -> bool:
            try:
                self.repo.save_request(request)
            except ValidationError as exc:
                self.request_error.show_error(exc)
                raise
            return True

        if self.context.run_op(run, f"Saved the request to {self._agency.name}.") is None:
            return False
        self._request = request
        self._requests[request.agency_id] = request
        self._dirty = False
        self.save_button.setEnabled(False)
        self._refresh_list()
        return True

    def record_chase(self) -> bool:
        """Add today's date to the reminders (after saving any edits in the panel)."""
        if self._agency is None:
            return False
        if self._dirty and not self.save_request():
            return False
        agency_id = self._agency.id
        today = dt.date.today()
        done = self.context.run_op(
            lambda: self.repo.add_chase(agency_id, today) or True,
            f"Recorded a reminder to {self._agency.name} today.",
        )
        if done is None:
            return False
        self._request = self.repo.request(agency_id)
        self._requests[agency_id] = self._request
        self._fill_chases(self._request)
        self._refresh_list()
        return True

    def _refresh_list(self) -> None:
        keep = self._agency.id if self._agency else None
        self.table.table.selectionModel().blockSignals(True)
        try:
            self.table.refresh()
            self._fit_columns()
            if keep is not None:
                self.table.select_id(keep)
        finally:
            self.table.table.selectionModel().blockSignals(False)
        self._update_status()

    # ------------------------------------------------------------------ quality
    def _score_changed(self, item: str) -> None:
        score = self.score_combos[item].currentData()
        note = self.note_edits[item]
        needs = score in ("partly", "not_met") and not note.text().strip()
        note.setStyleSheet(NOTE_REQUIRED_STYLE if needs else "")

    def set_score(self, item: str, score: str, note: str = "") -> None:
        combo = self.score_combos[item]
        combo.setCurrentIndex(combo.findData(score))
        self.note_edits[item].setText(note)

    def save_quality(self) -> bool:
        """Save the whole checklist; a note is required for 'partly' and 'not met'."""
        if self._agency is None:
            return False
        self.quality_error.clear_error()
        labels = dict(m.IMR_QUALITY_ITEMS)
        values = []
        for item, combo in self.score_combos.items():
            score = combo.currentData()
            note = self.note_edits[item].text().strip()
            if score in ("partly", "not_met") and not note:
                self.quality_error.show_error(
                    f"“{labels[item]}” is scored {m.QUALITY_SCORE_LABELS[score].lower()}: "
                    "say what is missing, so it can go in the chase letter."
                )
                self.note_edits[item].setFocus()
                return False
            values.append((item, score, note))
        agency_id = self._agency.id

        def run() -> bool:
            with self.context.store.write("imr.quality", f"agency:{agency_id}"):
                for item, score, note in values:
                    self.repo.save_quality(agency_id, item, score, note)
            return True

        if self.context.run_op(run, "Saved the quality checklist.") is None:
            return False
        self._fill_gaps()
        return True

    def gaps(self) -> str:
        return self.gaps_text.toPlainText()

    def copy_gaps(self) -> None:
        QGuiApplication.clipboard().setText(self.gaps_text.toPlainText())

    # ------------------------------------------------------------------ IMR and import
    def open_imr(self) -> Any:
        """Open the IMR editor for the selected agency (one window; kept for save_pending)."""
        if self._agency is None:
            return None
        from dhrdesk.ui.imr_editor import ImrEditorDialog

        if self.imr_dialog is not None:
            self.imr_dialog.close()
        self.imr_dialog = ImrEditorDialog(
            self.context, self.review_id, self._agency.id, self._agency.name, self
        )
        self.imr_dialog.show()
        return self.imr_dialog

    def import_chronology(self) -> Any:
        """Open the chronology import for the selected agency; refresh afterwards."""
        if self._agency is None:
            return None
        from dhrdesk.ui.import_dialog import ImportChronologyDialog

        dialog = ImportChronologyDialog(self.context, self.review_id, self._agency.name, self)
        try:
            if dialog.choose_file():
                dialog.exec()
            result = dialog.result_info
        finally:
            dialog.deleteLater()
        if result is not None:
            self._fill_attachments()
        return result

    # ------------------------------------------------------------------ page contract

    def refresh(self) -> None:
        """Reload the list; the panel too, unless it holds edits not saved yet."""
        self._refresh_list()
        if not self._dirty:
            self._show_agency(self.table.selected())

    def save_pending(self) -> None:
        """Save the request typed but not saved, and any open IMR (called before locking)."""
        if self._dirty and self._agency is not None and self._request is not None:
            request = self.current_request()
            self.repo.save_request(request)
            self._request = request
            self._dirty = False
        dialog = self.imr_dialog
        if dialog is not None:
            try:
                dialog.save_pending()
            except RuntimeError:  # the window was already deleted
                self.imr_dialog = None
