"""The Overview tab: the review record, case descriptors, the lifecycle and the clocks.

Why: this is where a chair records what has happened (stage dates) and sees
what is due. Every word that depends on the guidance (review type, stage
names, the CSP's name, the clocks) comes from the review's profile, so
choosing another profile changes what is shown with no code change. Stage
dates are checked by the store (no decision before notification, nothing in
the future) and problems are shown next to the dates, with nothing typed lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.lifecycle import current_stage, due_items, stage_date, time_split
from dhrdesk.core.profiles import Profile, get_profile, shipped_profiles
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.ui.date_field import UNREADABLE, DateField
from dhrdesk.ui.forms import OptionalDateEdit, OptionalMonthEdit
from dhrdesk.ui.pages.base import PageContext, ReviewTab
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
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    chosen: list[dt.date] = []

    def accept() -> None:
        try:
            value = edit.date()
        except ValidationError:
            return  # shown at the field, which has the focus
        if value is not None:
            chosen.append(value)
            dialog.accept()

    buttons.accepted.connect(accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    edit.setFocus()
    edit.edit.selectAll()
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not chosen:
            return None
        return chosen[0]
    finally:
        dialog.deleteLater()


def _group(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    box.setStyleSheet("QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }")
    layout = QVBoxLayout(box)
    return box, layout


# Stages that are a single event (a date, not a span of work): the grid shows one date.
ONE_OFF_STAGES = frozenset(
    {
        "notification",
        "decision",
        "home_office_notified",
        "chair_appointed",
        "panel_established",
        "terms_of_reference",
        "learning_event",
        "panel_agreement",
        "csp_signoff",
        "submitted_home_office",
        "publication",
    }
)


def is_one_off(stage_id: str, started: dt.date | None) -> bool:
    """A one-off event shows one date; a start date already recorded is still shown."""
    return stage_id in ONE_OFF_STAGES and started is None


class _StageRow:
    """The widgets of one stage in the lifecycle grid."""

    def __init__(self, stage: Any, record: m.StageDates | None) -> None:
        self.stage = stage
        self.record = record
        self.status = QLabel()
        self.name = QLabel(stage.name)
        self.name.setWordWrap(True)  # long stage names wrap rather than widen the grid
        self.name.setToolTip(f"{stage.description}\n\n{stage.date_label}".strip())
        self.started = OptionalDateEdit(
            record.started if record else None,
            what=f"{stage.name}: started",
            not_future=True,
            compact=True,
        )
        self.completed = OptionalDateEdit(
            record.completed if record else None,
            what=f"{stage.name}: {stage.date_label}",
            not_future=True,
            compact=True,
        )
        self.started.setObjectName(f"started_{stage.id}")
        self.completed.setObjectName(f"completed_{stage.id}")
        self.completed.setToolTip(stage.date_label)
        by = record.completed_by if record and record.completed else ""
        if is_one_off(stage.id, record.started if record else None):
            self.started.hide()  # one event, one date: the "Completed" column holds it
        self.by = QLabel(by or "")
        self.by.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
        if by:  # who completed the stage: shown on the date, the audit log has the rest
            self.completed.setToolTip(f"Completed by {by}")

    def changed(self) -> bool:
        old = (self.record.started, self.record.completed) if self.record else (None, None)
        now = (self.started.peek(), self.completed.peek())
        return UNREADABLE in now or now != old


class OverviewTab(ReviewTab):
    """The review record and its lifecycle (see module doc)."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("overviewTab")
        self.review: m.Review | None = None
        self.profile: Profile | None = None
        self.record_dirty = False
        self._loading = False
        self._stage_rows: list[_StageRow] = []
        self._stage_records: list[m.StageDates] = []
        self.descriptors = load_descriptors()

        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(8, 8, 8, 8)
        columns.setSpacing(14)
        # The record and descriptors read fine at 560 px; the lifecycle table needs the rest.
        left_host = QWidget()
        left_host.setMaximumWidth(470)
        left = QVBoxLayout(left_host)
        left.setContentsMargins(0, 0, 0, 0)
        right = QVBoxLayout()
        columns.addWidget(left_host, 4)
        columns.addLayout(right, 7)
        left.addWidget(self._build_record())
        left.addWidget(self._build_descriptors())
        left.addStretch(1)
        right.addWidget(self._build_clocks())
        right.addWidget(self._build_lifecycle())
        right.addStretch(1)

        scroll = QScrollArea()
        # Never sideways: at 1366×768 everything fits the width and scrolls only down.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    # ------------------------------------------------------------- building
    def _build_record(self) -> QGroupBox:
        box, layout = _group("Review record")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("reference")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setPlaceholderText(
            "e.g. Review into the death of Adult A (pseudonyms only)"
        )
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile")
        for pid, profile in shipped_profiles().items():
            self.profile_combo.addItem(profile.name, pid)
        self.type_label = QLabel()
        self.type_label.setObjectName("reviewTypeLabel")
        self.csp_edit = QLineEdit()
        self.csp_edit.setObjectName("csp")
        self.csp_label = QLabel("Community Safety Partnership")
        self.police_edit = QLineEdit()
        self.police_edit.setObjectName("policeForceArea")
        self.signatory_edit = QLineEdit()
        self.signatory_edit.setObjectName("cspSignatory")
        self.signatory_edit.setPlaceholderText(
            "Name and role, e.g. Cllr Jo Hart, Chair of the partnership (signs its letters)"
        )
        self.month_edit = OptionalMonthEdit(what="Month of death")
        self.month_edit.setObjectName("monthOfDeath")
        self.month_edit.setMaximumDate(today())
        form.addRow("Reference", self.reference_edit)
        form.addRow("Title", self.title_edit)
        form.addRow("Guidance profile", self.profile_combo)
        form.addRow("Review type", self.type_label)
        form.addRow(self.csp_label, self.csp_edit)
        form.addRow("Signs for the partnership", self.signatory_edit)
        form.addRow("Police force area", self.police_edit)
        form.addRow("Month of death", self.month_edit)
        layout.addLayout(form)
        self.record_error = ErrorLabel()
        layout.addWidget(self.record_error)
        buttons = QHBoxLayout()
        self.dirty_label = QLabel()
        self.dirty_label.setStyleSheet(f"QLabel {{ color: {PAUSED}; }}")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveReview")
        self.save_button.setToolTip("Save the review record and case descriptors (Ctrl+S)")
        self.save_button.clicked.connect(self.save_record)
        buttons.addWidget(self.dirty_label, 1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        for edit in (
            self.reference_edit,
            self.title_edit,
            self.csp_edit,
            self.police_edit,
            self.signatory_edit,
        ):
            edit.textEdited.connect(self._mark_dirty)
        self.month_edit.dateChanged.connect(self._mark_dirty)
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        return box

    def _build_descriptors(self) -> QGroupBox:
        box, layout = _group("Case descriptors")
        note = QLabel("As tagged in the Home Office DHR Library. Pseudonymised: no names here.")
        note.setWordWrap(True)
        note.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
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
            checks = QGridLayout()
            self.multi[list_id] = {}
            for i, option in enumerate(self.descriptors[list_id].options):
                check = QCheckBox(option.label)
                check.setObjectName(f"{list_id}_{option.id}")
                if option.description:
                    check.setToolTip(option.description)
                check.toggled.connect(self._mark_dirty)
                self.multi[list_id][option.id] = check
                checks.addWidget(check, i // 2, i % 2)
            layout.addLayout(checks)
        return box

    def _combo(self, list_id: str, key: str | None = None) -> QComboBox:
        combo = QComboBox()
        key = key or list_id
        combo.setObjectName(f"descriptor_{key}")
        combo.addItem("—", "")
        for option in self.descriptors[list_id].options:
            combo.addItem(option.label, option.id)
        combo.currentIndexChanged.connect(self._mark_dirty)
        self.single[key] = combo
        return combo

    def _build_clocks(self) -> QGroupBox:
        box, layout = _group("Clocks")
        self.clocks_layout = QVBoxLayout()
        self.clocks_layout.setSpacing(4)
        layout.addLayout(self.clocks_layout)
        self.split_label = QLabel()
        self.split_label.setObjectName("timeSplit")
        self.split_label.setWordWrap(True)
        layout.addWidget(self.split_label)
        return box

    def _build_lifecycle(self) -> QGroupBox:
        box, layout = _group("Lifecycle")
        self.profile_note = QLabel()
        self.profile_note.setWordWrap(True)
        self.profile_note.setStyleSheet(f"QLabel {{ color: {PAUSED}; }}")
        self.profile_note.hide()
        layout.addWidget(self.profile_note)
        self.stage_grid_host = QWidget()
        self.stage_grid = QGridLayout(self.stage_grid_host)
        self.stage_grid.setContentsMargins(0, 0, 0, 0)
        self.stage_grid.setHorizontalSpacing(10)
        self.stage_grid.setVerticalSpacing(3)
        layout.addWidget(self.stage_grid_host)
        self.stage_error = ErrorLabel()
        layout.addWidget(self.stage_error)
        buttons = QHBoxLayout()
        self.complete_button = QPushButton("Complete stage…")
        self.complete_button.setObjectName("completeStage")
        self.complete_button.clicked.connect(self.complete_current_stage)
        self.save_dates_button = QPushButton("Save stage dates")
        self.save_dates_button.setObjectName("saveStageDates")
        self.save_dates_button.clicked.connect(self.save_stage_dates)
        buttons.addWidget(self.complete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_dates_button)
        layout.addLayout(buttons)
        return box

    # --------------------------------------------------------------- loading
    def refresh(self) -> None:
        store = self.context.store
        review = self.context.run_op(lambda: store.repos.reviews.by_id(self.review_id))
        if review is None:
            return
        stages = self.context.run_op(lambda: store.repos.lifecycle.stages(self.review_id)) or []
        self.pauses = self.context.run_op(lambda: store.repos.records.list(m.Pause, self.review_id))
        self.pauses = self.pauses or []
        if not self.record_dirty:
            self.review = review
            self._load_record(review)
        self._stage_records = stages
        if not self.stages_dirty():
            self._build_stage_rows()
        self._update_clocks()

    def _load_record(self, review: m.Review) -> None:
        self._loading = True
        try:
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
            values = review.descriptors or {}
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
            self._set_profile(review.profile)
        finally:
            self._loading = False
        self._set_dirty(False)

    def _set_profile(self, profile_id: str) -> None:
        try:
            self.profile = get_profile(profile_id)
        except DhrDeskError as exc:
            self.record_error.show_error(exc)
            self.profile = get_profile("dhr-2016")
        profile = self.profile
        self.type_label.setText(f"{profile.review_type} ({profile.review_type_short})")
        self.type_label.setToolTip(profile.description)
        self.csp_label.setText(profile.term("csp", "Community Safety Partnership"))
        self.save_button.setText(f"Save {profile.review_type_short} record")

    def _profile_chosen(self, _index: int) -> None:
        if self._loading:
            return
        profile_id = self.profile_combo.currentData()
        self._set_profile(profile_id)
        self._build_stage_rows()
        self._update_clocks()
        saved = self.review.profile if self.review else profile_id
        if profile_id != saved:
            self.profile_note.setText(
                f"Showing the stages of {self.profile.name}. Save the record to switch the "
                "review to this profile; stage dates with the same stage are kept."
            )
            self.profile_note.show()
        else:
            self.profile_note.hide()
        self._mark_dirty()

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.record_dirty = dirty
        self.dirty_label.setText("Unsaved changes" if dirty else "")
        if not dirty:
            self.profile_note.hide()

    # ------------------------------------------------------------- lifecycle
    def _build_stage_rows(self) -> None:
        while self.stage_grid.count():
            item = self.stage_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # deleteLater paints until the event loop runs
                item.widget().deleteLater()
        self._stage_rows = []
        if self.profile is None:
            return
        by_id = {s.stage_id: s for s in self._stage_records}
        headers = ("", "Stage", "Started", "Completed (or the date)")
        for column, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>")
            label.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
            self.stage_grid.addWidget(label, 0, column)
        current = current_stage(self.profile, self._stage_records)
        for row, stage in enumerate(self.profile.stages, start=1):
            widgets = _StageRow(stage, by_id.get(stage.id))
            record = widgets.record
            if record is not None and record.completed is not None:
                widgets.status.setText("✓")
                widgets.status.setStyleSheet(f"QLabel {{ color: {DONE}; font-weight: bold; }}")
                widgets.status.setToolTip(f"Completed {format_date(record.completed)}")
            elif current is not None and stage.id == current.id:
                widgets.status.setText("▶")
                widgets.status.setStyleSheet("QLabel { color: #1f3a5f; }")
                widgets.status.setToolTip("Current stage")
                widgets.name.setText(f"<b>{stage.name}</b>")
            for column, widget in enumerate(
                (widgets.status, widgets.name, widgets.started, widgets.completed)
            ):
                self.stage_grid.addWidget(widget, row, column)
            widgets.started.dateChanged.connect(self._stage_edited)
            widgets.completed.dateChanged.connect(self._stage_edited)
            self._stage_rows.append(widgets)
        self.stage_grid.setColumnStretch(1, 1)
        self.current = current
        if current is not None:
            self.complete_button.setText(f"Complete “{current.name}”…")
            self.complete_button.setEnabled(True)
        else:
            self.complete_button.setText("All stages complete")
            self.complete_button.setEnabled(False)
        self._stage_edited()

    def _stage_edited(self, *_args: Any) -> None:
        dirty = self.stages_dirty()
        self.save_dates_button.setEnabled(dirty)
        self.save_dates_button.setText("Save stage dates" + (" *" if dirty else ""))

    def stages_dirty(self) -> bool:
        return any(row.changed() for row in self._stage_rows)

    def stage_names(self) -> list[str]:
        return [row.stage.name for row in self._stage_rows]

    # ---------------------------------------------------------------- clocks
    def _update_clocks(self) -> None:
        while self.clocks_layout.count():
            item = self.clocks_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if self.profile is None:
            return
        now = today()
        items = due_items(self.profile, self._stage_records, self.pauses, now)
        if not items:
            empty = QLabel(
                "No clock is running yet: clocks start when the notification date is recorded."
            )
            empty.setWordWrap(True)
            empty.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
            self.clocks_layout.addWidget(empty)
        for item in items:
            label = QLabel(
                ("⚠ " if item.overdue else "✓ " if item.done else "• ") + item.describe()
            )
            label.setObjectName(f"clock_{item.stage_id}")
            label.setWordWrap(True)
            label.setToolTip(f"{item.kind.capitalize()}. {item.note}".strip())
            if item.overdue:
                label.setStyleSheet(f"QLabel {{ color: {OVERDUE}; font-weight: bold; }}")
            elif item.done:
                label.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
            label.setProperty("overdue", item.overdue)
            self.clocks_layout.addWidget(label)
        decision = stage_date(self._stage_records, "decision")
        if decision is None:
            self.split_label.setText("Time since the decision: no decision recorded yet.")
            return
        active, paused = time_split(decision, self.pauses, now)
        text = (
            f"<b>{active + paused} days</b> since the decision ({format_date(decision)}): "
            f"<b>{active}</b> active, <b style='color:{PAUSED}'>{paused}</b> paused."
        )
        open_pauses = [p for p in self.pauses if p.start <= now and (p.end is None or p.end >= now)]
        for pause in open_pauses:
            kind = m.PAUSE_KIND_LABELS.get(pause.kind, pause.kind)
            text += (
                f"<br><span style='color:{PAUSED}'>Paused now: {kind} since "
                f"{format_date(pause.start)}.</span>"
            )
        self.split_label.setText(text)

    # --------------------------------------------------------------- saving
    def _record_from_form(self) -> m.Review:
        assert self.review is not None
        descriptors = dict(self.review.descriptors or {})
        for key, combo in self.single.items():
            value = combo.currentData()
            if value:
                descriptors[key] = value
            else:
                descriptors.pop(key, None)
        for list_id, checks in self.multi.items():
            chosen = [option_id for option_id, check in checks.items() if check.isChecked()]
            if chosen:
                descriptors[list_id] = chosen
            else:
                descriptors.pop(list_id, None)
        return dataclasses.replace(
            self.review,
            reference=self.reference_edit.text().strip(),
            title=self.title_edit.text().strip(),
            profile=self.profile_combo.currentData(),
            csp=self.csp_edit.text().strip(),
            police_force_area=self.police_edit.text().strip(),
            csp_signatory=self.signatory_edit.text().strip(),
            month_of_death=self.month_edit.month(),
            descriptors=descriptors,
        )

    def _run(self, fn: Any, error_label: ErrorLabel, message: str | None = None) -> bool:
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
        if self.review is None:
            return False
        try:
            review = self._record_from_form()
        except ValidationError:
            return False  # shown at the field (the month of death), which has the focus
        store = self.context.store
        if not self._run(lambda: store.repos.reviews.update(review), self.record_error, "Saved."):
            return False
        self._set_dirty(False)
        self._after_change()
        return True

    def save_stage_dates(self) -> bool:
        changed = [row for row in self._stage_rows if row.changed()]
        if not changed:
            return True
        try:  # a date that cannot be read is shown at its field, which takes the focus
            values = [(row, row.started.date(), row.completed.date()) for row in changed]
        except ValidationError:
            return False
        lifecycle = self.context.store.repos.lifecycle

        def run() -> None:
            for row, started, completed in values:  # profile order: earlier stages first
                lifecycle.set_stage_dates(self.review_id, row.stage.id, started, completed)

        ok = self._run(run, self.stage_error, "Stage dates saved.")
        # Reload what was saved (earlier rows may have been saved before a failure),
        # keeping the user's dates on screen when something failed.
        self._reload_stages(keep_edits=not ok)
        return ok

    def _reload_stages(self, keep_edits: bool = False) -> None:
        edits = {
            row.stage.id: (row.started.text(), row.completed.text()) for row in self._stage_rows
        }
        stages = self.context.run_op(
            lambda: self.context.store.repos.lifecycle.stages(self.review_id)
        )
        self._stage_records = stages or []
        self._build_stage_rows()
        if keep_edits:
            for row in self._stage_rows:
                if row.stage.id in edits:
                    row.started.set_text(edits[row.stage.id][0])
                    row.completed.set_text(edits[row.stage.id][1])
            self._stage_edited()
        self._after_change()

    def complete_current_stage(self) -> bool:
        stage = getattr(self, "current", None)
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
        lifecycle = self.context.store.repos.lifecycle
        ok = self._run(
            lambda: lifecycle.complete_stage(self.review_id, stage.id, on),
            self.stage_error,
            f"{stage.name} completed on {format_date(on)}.",
        )
        if ok:
            self._reload_stages()
        return ok

    def _after_change(self) -> None:
        self.refresh()

    def save_pending(self) -> None:
        """Save unsaved record edits and stage dates (before locking or leaving)."""
        store = self.context.store
        if self.record_dirty and self.review is not None:
            store.repos.reviews.update(self._record_from_form())
            self._set_dirty(False)
        changed = [row for row in self._stage_rows if row.changed()]
        for row in changed:
            store.repos.lifecycle.set_stage_dates(
                self.review_id, row.stage.id, row.started.date(), row.completed.date()
            )
