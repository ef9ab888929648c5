"""The Overview tab: the review record, case descriptors, the lifecycle and the clocks.

Why: this is where a chair records what has happened (stage dates) and sees
what is due. Every word that depends on the guidance (review type, stage
names, the CSP's name, the clocks) comes from the review's profile, so
choosing another profile changes what is shown with no code change. Stage
dates are checked by the store (no decision before notification, nothing in
the future) and problems are shown next to the dates, with nothing typed lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.profiles import Profile, Stage, shipped_profiles
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.ui.date_field import UNREADABLE, DateField
from dhrdesk.ui.forms import OptionalDateEdit, OptionalMonthEdit
from dhrdesk.ui.modal import ask, ok_cancel
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.parts import scrolled
from dhrdesk.ui.presenters.overview import (
    NO_CLOCK_TEXT,
    OVERVIEW_TABLES,
    ClockLine,
    OverviewPresenter,
    ProfileWords,
    RecordForm,
    StageDateChange,
    chosen_profile,
    clock_lines,
    complete_button_text,
    is_one_off,
    profile_words,
    stage_status,
    switch_note,
    time_split_html,
)
from dhrdesk.ui.widgets import ErrorLabel

OVERDUE = "#b3261e"
DONE = "#2e6b30"
MUTED = "#5f6368"
PAUSED = "#8a5a00"

# Keys of review.descriptors: (descriptor list id, key in the dict, label).
SUBJECT_DESCRIPTORS = (("age_band", "Age band"), ("sex", "Sex"), ("ethnicity", "Ethnicity"))


def today() -> dt.date:
    return dt.date.today()


def ask_date(
    parent: QWidget | None, title: str, text: str, default: dt.date, maximum: dt.date
) -> dt.date | None:
    """Ask for one date (typed, or from the calendar; no future dates). None when cancelled.

    The dialog stays open until the date can be read; the problem shows under the field."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    label = QLabel(text)
    label.setWordWrap(True)
    layout.addWidget(label)
    edit = DateField(default, kind="date", optional=False, what=title)
    edit.setObjectName("askDate")
    edit.setMaximumDate(maximum)
    label.setBuddy(edit)
    layout.addWidget(edit)
    chosen: list[dt.date] = []

    def accept() -> None:
        try:
            value = edit.date()
        except ValidationError:
            return  # shown at the field, which has the focus
        if value is not None:
            chosen.append(value)
            dialog.accept()

    layout.addWidget(ok_cancel(dialog, accept=accept))
    edit.setFocus()
    edit.edit.selectAll()
    return ask(dialog, lambda _dialog: chosen[0] if chosen else None)


class _Group(QGroupBox):
    """A group with a bold title and normal text inside."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")


def _muted(label: QLabel, colour: str = MUTED) -> QLabel:
    label.setStyleSheet(f"QLabel {{ color: {colour}; }}")
    return label


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    """Remove every widget from ``layout`` (hidden at once: deleteLater paints until later)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()


class RecordBox(_Group):
    """The review record: reference, title, profile, partnership, police area, month of death."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("Review record")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.reference_edit = self._line("reference")
        self.title_edit = self._line(
            "title", "e.g. Review into the death of Adult A (pseudonyms only)"
        )
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile")
        for pid, profile in shipped_profiles().items():
            self.profile_combo.addItem(profile.name, pid)
        self.type_label = QLabel()
        self.type_label.setObjectName("reviewTypeLabel")
        self.csp_edit = self._line("csp")
        self.csp_label = QLabel("Community Safety Partnership")
        self.police_edit = self._line("policeForceArea")
        self.signatory_edit = self._line(
            "cspSignatory",
            "Name and role, e.g. Cllr Jo Hart, Chair of the partnership (signs its letters)",
        )
        self.month_edit = OptionalMonthEdit(what="Month of death")
        self.month_edit.setObjectName("monthOfDeath")
        self.month_edit.setMaximumDate(today())
        self.month_edit.dateChanged.connect(self.edited)
        form.addRow("Reference", self.reference_edit)
        form.addRow("Title", self.title_edit)
        form.addRow("Guidance profile", self.profile_combo)
        form.addRow("Review type", self.type_label)
        form.addRow(self.csp_label, self.csp_edit)
        form.addRow("Signs for the partnership", self.signatory_edit)
        form.addRow("Police force area", self.police_edit)
        form.addRow("Month of death", self.month_edit)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.dirty_label = _muted(QLabel(), PAUSED)
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveReview")
        self.save_button.setToolTip("Save the review record and case descriptors (Ctrl+S)")
        buttons.addWidget(self.dirty_label, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self.edited)
        return edit

    def load(self, review: m.Review) -> None:
        self.reference_edit.setText(review.reference)
        self.title_edit.setText(review.title)
        index = self.profile_combo.findData(review.profile)
        if index < 0:
            self.profile_combo.addItem(f"{review.profile} (not installed)", review.profile)
            index = self.profile_combo.count() - 1
        self.profile_combo.setCurrentIndex(index)
        self.csp_edit.setText(review.csp)
        self.police_edit.setText(review.police_force_area)
        self.signatory_edit.setText(review.csp_signatory)
        self.month_edit.setMonth(review.month_of_death)

    def show_words(self, words: ProfileWords) -> None:
        self.type_label.setText(words.review_type)
        self.type_label.setToolTip(words.review_type_tooltip)
        self.csp_label.setText(words.csp_label)
        self.save_button.setText(words.save_text)

    def form(self, single: dict[str, str], multi: dict[str, list[str]]) -> RecordForm:
        """The values as typed; raises ValidationError at the month of death."""
        return RecordForm(
            reference=self.reference_edit.text(),
            title=self.title_edit.text(),
            profile=self.profile_combo.currentData(),
            csp=self.csp_edit.text(),
            police_force_area=self.police_edit.text(),
            csp_signatory=self.signatory_edit.text(),
            month_of_death=self.month_edit.month(),
            single=single,
            multi=multi,
        )


class DescriptorsBox(_Group):
    """Case descriptors as tagged in the Home Office DHR Library (no names)."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("Case descriptors")
        self.descriptors = load_descriptors()
        layout = QVBoxLayout(self)
        note = _muted(
            QLabel("As tagged in the Home Office DHR Library. Pseudonymised: no names here.")
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.single: dict[str, QComboBox] = {}
        self.multi: dict[str, dict[str, QCheckBox]] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.descriptors["relationship_type"].label, self._combo("relationship_type"))
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Victim</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Perpetrator</b>"), 0, 2)
        for row, (list_id, label) in enumerate(SUBJECT_DESCRIPTORS, start=1):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(self._combo(list_id, f"victim_{list_id}"), row, 1)
            grid.addWidget(self._combo(list_id, f"perpetrator_{list_id}"), row, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        form.addRow(grid)
        form.addRow(self.descriptors["court_outcome"].label, self._combo("court_outcome"))
        layout.addLayout(form)
        for list_id in ("flags", "vulnerabilities"):
            layout.addWidget(QLabel(f"<b>{self.descriptors[list_id].label}</b>"))
            layout.addLayout(self._checks(list_id))

    def _checks(self, list_id: str) -> QGridLayout:
        checks = QGridLayout()
        self.multi[list_id] = {}
        for i, option in enumerate(self.descriptors[list_id].options):
            check = QCheckBox(option.label)
            check.setObjectName(f"{list_id}_{option.id}")
            if option.description:
                check.setToolTip(option.description)
            check.toggled.connect(self.edited)
            self.multi[list_id][option.id] = check
            checks.addWidget(check, i // 2, i % 2)
        return checks

    def _combo(self, list_id: str, key: str | None = None) -> QComboBox:
        combo = QComboBox()
        key = key or list_id
        combo.setObjectName(f"descriptor_{key}")
        combo.addItem("—", "")
        for option in self.descriptors[list_id].options:
            combo.addItem(option.label, option.id)
        combo.currentIndexChanged.connect(self.edited)
        self.single[key] = combo
        return combo

    def load(self, values: dict) -> None:
        for key, combo in self.single.items():
            found = combo.findData(values.get(key, ""))
            if found < 0:
                combo.addItem(str(values.get(key)), values.get(key))
                found = combo.count() - 1
            combo.setCurrentIndex(found)
        for list_id, checks in self.multi.items():
            chosen = set(values.get(list_id) or [])
            for option_id, check in checks.items():
                check.setChecked(option_id in chosen)

    def chosen(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        single = {key: combo.currentData() or "" for key, combo in self.single.items()}
        multi = {
            list_id: [option_id for option_id, check in checks.items() if check.isChecked()]
            for list_id, checks in self.multi.items()
        }
        return single, multi


class ClocksBox(_Group):
    """Every running clock, and the time since the decision split active / paused."""

    def __init__(self) -> None:
        super().__init__("Clocks")
        layout = QVBoxLayout(self)
        self.clocks_layout = QVBoxLayout()
        self.clocks_layout.setSpacing(4)
        layout.addLayout(self.clocks_layout)
        self.split_label = QLabel()
        self.split_label.setObjectName("timeSplit")
        self.split_label.setWordWrap(True)
        layout.addWidget(self.split_label)

    def show_clocks(self, lines: list[ClockLine], split_html: str) -> None:
        while self.clocks_layout.count():
            item = self.clocks_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not lines:
            empty = _muted(QLabel(NO_CLOCK_TEXT))
            empty.setWordWrap(True)
            self.clocks_layout.addWidget(empty)
        for line in lines:
            label = QLabel(line.text)
            label.setObjectName(f"clock_{line.stage_id}")
            label.setWordWrap(True)
            label.setToolTip(line.tooltip)
            if line.overdue:
                label.setStyleSheet(f"QLabel {{ color: {OVERDUE}; font-weight: bold; }}")
            elif line.done:
                _muted(label)
            label.setProperty("overdue", line.overdue)
            self.clocks_layout.addWidget(label)
        self.split_label.setText(split_html)


class _StageRow:
    """The widgets of one stage in the lifecycle grid."""

    def __init__(self, stage: Any, record: m.StageDates | None, current: Stage | None) -> None:
        self.stage = stage
        self.record = record
        self.status = QLabel()
        self.name = QLabel(stage.name)
        self.name.setWordWrap(True)  # long stage names wrap rather than widen the grid
        self.name.setToolTip(f"{stage.description}\n\n{stage.date_label}".strip())
        self.started = self._date(record.started if record else None, f"{stage.name}: started")
        self.completed = self._date(
            record.completed if record else None, f"{stage.name}: {stage.date_label}"
        )
        self.started.setObjectName(f"started_{stage.id}")
        self.completed.setObjectName(f"completed_{stage.id}")
        self.completed.setToolTip(stage.date_label)
        by = record.completed_by if record and record.completed else ""
        if is_one_off(stage.id, record.started if record else None):
            self.started.hide()  # one event, one date: the "Completed" column holds it
        self.by = _muted(QLabel(by or ""))
        if by:  # who completed the stage: shown on the date, the audit log has the rest
            self.completed.setToolTip(f"Completed by {by}")
        status = stage_status(stage, record, current)
        self.status.setText(status.symbol)
        self.status.setToolTip(status.tooltip)
        if status.state == "done":
            self.status.setStyleSheet(f"QLabel {{ color: {DONE}; font-weight: bold; }}")
        elif status.state == "current":
            self.status.setStyleSheet("QLabel { color: #1f3a5f; }")
            self.name.setText(f"<b>{stage.name}</b>")

    @staticmethod
    def _date(value: dt.date | None, what: str) -> OptionalDateEdit:
        return OptionalDateEdit(value, what=what, not_future=True, compact=True)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.status, self.name, self.started, self.completed)

    def changed(self) -> bool:
        old = (self.record.started, self.record.completed) if self.record else (None, None)
        now = (self.started.peek(), self.completed.peek())
        return UNREADABLE in now or now != old


class LifecycleBox(_Group):
    """The stages of the review's profile with their dates, in a grid."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("Lifecycle")
        self.rows: list[_StageRow] = []
        self.current: Stage | None = None
        layout = QVBoxLayout(self)
        self.profile_note = _muted(QLabel(), PAUSED)
        self.profile_note.setWordWrap(True)
        self.profile_note.hide()
        layout.addWidget(self.profile_note)
        host = QWidget()
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(3)
        layout.addWidget(host)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.complete_button = QPushButton("Complete stage…")
        self.complete_button.setObjectName("completeStage")
        self.save_button = QPushButton("Save stage dates")
        self.save_button.setObjectName("saveStageDates")
        buttons.addWidget(self.complete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def build(self, profile: Profile, records: list[m.StageDates], current: Stage | None) -> None:
        _clear(self.grid)
        by_id = {s.stage_id: s for s in records}
        for column, text in enumerate(("", "Stage", "Started", "Completed (or the date)")):
            self.grid.addWidget(_muted(QLabel(f"<b>{text}</b>")), 0, column)
        self.rows = []
        for row, stage in enumerate(profile.stages, start=1):
            widgets = _StageRow(stage, by_id.get(stage.id), current)
            for column, widget in enumerate(widgets.widgets()):
                self.grid.addWidget(widget, row, column)
            widgets.started.dateChanged.connect(self._edited)
            widgets.completed.dateChanged.connect(self._edited)
            self.rows.append(widgets)
        self.grid.setColumnStretch(1, 1)
        self.current = current
        self.complete_button.setText(complete_button_text(current))
        self.complete_button.setEnabled(current is not None)
        self._edited()

    def _edited(self, *_args: Any) -> None:
        dirty = self.dirty()
        self.save_button.setEnabled(dirty)
        self.save_button.setText("Save stage dates" + (" *" if dirty else ""))
        self.edited.emit()

    def dirty(self) -> bool:
        return any(row.changed() for row in self.rows)

    def changes(self) -> list[StageDateChange]:
        """The edited stages' dates; raises ValidationError at the first unreadable field."""
        return [
            (row.stage.id, row.started.date(), row.completed.date())
            for row in self.rows
            if row.changed()
        ]

    def typed(self) -> dict[str, tuple[str, str]]:
        return {row.stage.id: (row.started.text(), row.completed.text()) for row in self.rows}

    def put_back(self, typed: dict[str, tuple[str, str]]) -> None:
        """Show text exactly as typed again (after a failed save rebuilt the grid)."""
        for row in self.rows:
            if row.stage.id in typed:
                row.started.set_text(typed[row.stage.id][0])
                row.completed.set_text(typed[row.stage.id][1])
        self._edited()


class OverviewTab(ReviewTab):
    """The review record and its lifecycle (see module doc)."""

    watches = OVERVIEW_TABLES
    object_name = "overviewTab"
    presenter_class = OverviewPresenter

    def build(self) -> None:
        self.review: m.Review | None = None
        self.profile: Profile | None = None
        self.record_dirty = False
        self._loading = False
        self._stage_records: list[m.StageDates] = []
        self.pauses: list[m.Pause] = []
        self.record = RecordBox()
        self.descriptors = DescriptorsBox()
        self.clocks = ClocksBox()
        self.lifecycle = LifecycleBox()
        self._wire()
        # Test and shortcut handles on the parts.
        self.profile_combo = self.record.profile_combo
        self.csp_label = self.record.csp_label
        self.month_edit = self.record.month_edit
        self.stage_error = self.lifecycle.error
        self.save_dates_button = self.lifecycle.save_button
        self._lay_out()
        self.refresh()

    def _wire(self) -> None:
        self.record.edited.connect(self._mark_dirty)
        self.descriptors.edited.connect(self._mark_dirty)
        self.record.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.record.save_button.clicked.connect(self.save_record)
        self.lifecycle.complete_button.clicked.connect(self.complete_current_stage)
        self.lifecycle.save_button.clicked.connect(self.save_stage_dates)

    def _lay_out(self) -> None:
        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(8, 8, 8, 8)
        columns.setSpacing(14)
        # The record and descriptors read fine at 470 px; the lifecycle table needs the rest.
        left_host = QWidget()
        left_host.setMaximumWidth(470)
        left = QVBoxLayout(left_host)
        left.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        columns.addWidget(left_host, 4)
        columns.addLayout(right, 7)
        for box, column in ((self.record, left), (self.descriptors, left)):
            column.addWidget(box)
        left.addStretch(1)
        right.addWidget(self.clocks)
        right.addWidget(self.lifecycle)
        right.addStretch(1)
        scroll = scrolled(content)
        # Never sideways: at 1366×768 everything fits the width and scrolls only down.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    @property
    def _stage_rows(self) -> list[_StageRow]:
        return self.lifecycle.rows

    @property
    def current(self) -> Stage | None:
        return self.lifecycle.current

    # --------------------------------------------------------------- loading
    def refresh(self) -> None:
        data = self.context.run_op(self.presenter.load)
        if data is None:
            return
        self.pauses = data.pauses
        if not self.record_dirty:
            self.review = data.review
            self._load_record(data.review)
        self._stage_records = data.stages
        if not self.stages_dirty():
            self._build_stage_rows()
        self._update_clocks()

    def _load_record(self, review: m.Review) -> None:
        self._loading = True
        try:
            self.record.load(review)
            self.descriptors.load(review.descriptors or {})
            self._set_profile(review.profile)
        finally:
            self._loading = False
        self._set_dirty(False)

    def _set_profile(self, profile_id: str) -> None:
        self.profile, problem = chosen_profile(profile_id)
        if problem is not None:
            self.record.error.show_error(problem)
        self.record.show_words(profile_words(self.profile))

    def _profile_chosen(self, _index: int) -> None:
        if self._loading:
            return
        profile_id = self.record.profile_combo.currentData()
        self._set_profile(profile_id)
        self._build_stage_rows()
        self._update_clocks()
        saved = self.review.profile if self.review else profile_id
        note = self.lifecycle.profile_note
        note.setText(switch_note(self.profile))
        note.setVisible(profile_id != saved)
        self._mark_dirty()

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.record_dirty = dirty
        self.record.dirty_label.setText("Unsaved changes" if dirty else "")
        if not dirty:
            self.lifecycle.profile_note.hide()

    def _build_stage_rows(self) -> None:
        if self.profile is not None:
            current = self.presenter.current(self.profile, self._stage_records)
            self.lifecycle.build(self.profile, self._stage_records, current)

    def stages_dirty(self) -> bool:
        return self.lifecycle.dirty()

    def stage_names(self) -> list[str]:
        return [row.stage.name for row in self.lifecycle.rows]

    def _update_clocks(self) -> None:
        if self.profile is None:
            return
        now = today()
        self.clocks.show_clocks(
            clock_lines(self.profile, self._stage_records, self.pauses, now),
            time_split_html(self._stage_records, self.pauses, now, PAUSED),
        )

    # --------------------------------------------------------------- saving
    def _form(self) -> RecordForm:
        return self.record.form(*self.descriptors.chosen())

    def _run(self, fn: Callable[[], object], error_label: ErrorLabel, message: str | None) -> bool:
        """Run a write through run_op; also show its error next to the fields."""
        error_label.clear_error()
        failure: list[DhrDeskError] = []

        def run() -> bool:
            try:
                fn()
            except DhrDeskError as exc:
                failure.append(exc)
                raise
            return True

        ok = self.context.run_op(run, message) is not None
        if failure:
            error_label.show_error(failure[0])
        return ok

    def save_record(self) -> bool:
        review = self.review
        if review is None:
            return False
        try:
            form = self._form()
        except ValidationError:
            return False  # shown at the field (the month of death), which has the focus
        saved: list[m.Review] = []
        if not self._run(
            lambda: saved.append(self.presenter.save_record(review, form)),
            self.record.error,
            "Saved.",
        ):
            return False
        self._set_dirty(False)
        self.refresh()
        return True

    def save_stage_dates(self) -> bool:
        try:  # a date that cannot be read is shown at its field, which takes the focus
            changes = self.lifecycle.changes()
        except ValidationError:
            return False
        if not changes:
            return True
        ok = self._run(
            lambda: self.presenter.save_stage_dates(changes),
            self.lifecycle.error,
            "Stage dates saved.",
        )
        # Reload what was saved (earlier rows may have been saved before a failure),
        # keeping the user's dates on screen when something failed.
        self._reload_stages(keep_edits=not ok)
        return ok

    def _reload_stages(self, keep_edits: bool = False) -> None:
        typed = self.lifecycle.typed()
        self._stage_records = self.context.run_op(self.presenter.stages) or []
        self._build_stage_rows()
        if keep_edits:
            self.lifecycle.put_back(typed)
        self.refresh()

    def complete_current_stage(self) -> bool:
        stage = self.lifecycle.current
        if stage is None:
            return False
        if self.record_dirty and not self.save_record():
            return False
        if self.stages_dirty() and not self.save_stage_dates():
            return False
        now = today()
        on = ask_date(
            self,
            f"Complete “{stage.name}”",
            f"{stage.date_label} (the date “{stage.name}” was completed):",
            now,
            now,
        )
        if on is None:
            return False
        ok = self._run(
            lambda: self.presenter.complete_stage(stage, on),
            self.lifecycle.error,
            self.presenter.completed_message(stage, on),
        )
        if ok:
            self._reload_stages()
        return ok

    def save_pending(self) -> None:
        """Save unsaved record edits and stage dates (before locking or leaving)."""
        if self.record_dirty and self.review is not None:
            self.presenter.save_record(self.review, self._form())
            self._set_dirty(False)
        changes = self.lifecycle.changes()
        if changes:
            self.presenter.save_stage_dates(changes)
