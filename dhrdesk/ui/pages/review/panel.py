"""The review panel and its meetings: members, attendance, minutes and actions.

Members feed "The review panel members" section later; meetings keep who came,
what was decided and the actions with owners and due dates, so open actions
can be chased (they also appear on the dashboard).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, checked_values, label, named
from dhrdesk.ui.pages.review.parts import (
    column,
    detail_table,
    group,
    note_label,
    note_over,
    row,
    splitter,
)
from dhrdesk.ui.presenters.panel import (
    PANEL_TABLES,
    PanelPresenter,
    action_state,
    action_status,
    meeting_heading,
    member_label,
    minutes_html,
)

OVERDUE_COLOR = "#b3261e"
DONE_COLOR = "#6b6b6b"

MEMBER_SPECS = [
    FieldSpec("name", "Name", required=True),
    FieldSpec("role", "Role", help="Job title, e.g. “Head of Adult Safeguarding”."),
    FieldSpec("agency", "Agency"),
    FieldSpec("seniority", "Seniority", placeholder="e.g. Head of service"),
    FieldSpec(
        "declared_not_involved",
        "Declared not involved",
        "bool",
        help="The member confirms no involvement with the case or its line management.",
    ),
    FieldSpec("declaration_date", "Declaration date", "optional_date", not_future=True),
]

MEETING_SPECS = [
    FieldSpec("date", "Date", "date"),
    FieldSpec("title", "Title", placeholder="e.g. Panel meeting 2: scoping"),
    FieldSpec("agenda", "Agenda", "multiline", in_table=False),
    FieldSpec("minutes", "Minutes", "multiline", in_table=False),
    FieldSpec("decisions", "Decisions", "multiline", in_table=False),
]

ACTION_SPECS = [
    FieldSpec("text", "Action", "multiline", required=True),
    FieldSpec("owner", "Owner"),
    FieldSpec("due", "Due", "optional_date"),
    FieldSpec("done_on", "Done on", "optional_date", not_future=True),
]


ROW_COLOURS = {"overdue": OVERDUE_COLOR, "done": DONE_COLOR}
OPEN_STYLES = {
    "none": "QLabel { color: #1b5e20; }",
    "open": "QLabel { color: #8a4b00; font-weight: bold; }",
    "overdue": f"QLabel {{ color: {OVERDUE_COLOR}; font-weight: bold; }}",
}


class PanelTab(ReviewTab):
    """Panel members on top; meetings (master) with attendance, minutes and actions (detail)."""

    watches = PANEL_TABLES
    object_name = "panelTab"
    presenter_class = PanelPresenter

    def build(self) -> None:
        self._meeting: m.Meeting | None = None
        self._attendance_dirty = False
        heading = self.section_heading("panel_members", "The review panel members")
        note = note_label(
            f"Panel members feed “{heading}”. Each member declares that they were not "
            "involved in the case or its line management."
        )
        self.members = RecordTable(
            self.context,
            MEMBER_SPECS,
            load=self.presenter.members,
            factory=self.presenter.new_member,
            noun="panel member",
            title="Panel members",
            extra_columns=[],
            row_color=lambda p: None if p.declared_not_involved else "#8a4b00",
        )
        self.members.setObjectName("membersTable")
        self.members.changed.connect(self._members_changed)
        split = splitter(
            Qt.Orientation.Vertical,
            self.members,
            self._meetings_split(),
            stretch=(1, 2),
            sizes=(190, 560),
        )
        note_over(self, note, split)
        self._show_meeting(None)
        self._update_open_label()

    def _meetings_split(self) -> QSplitter:
        """Meetings (master) beside the selected meeting (detail)."""
        self.meetings = RecordTable(
            self.context,
            MEETING_SPECS,
            load=self.presenter.meetings,
            factory=self.presenter.new_meeting,
            noun="meeting",
            title="Meetings",
            extra_columns=[
                ("Attended", self.presenter.attended_text),
                ("Open actions", self.presenter.open_text),
            ],
        )
        self.meetings.setObjectName("meetingsTable")
        self.meetings.selection_changed.connect(self._meeting_selected)
        self.meetings.changed.connect(self._meetings_changed)
        self.open_label = label("openActionsLabel", wrap=True)
        master = column((self.meetings, 1), self.open_label)
        return splitter(
            Qt.Orientation.Horizontal, master, self._detail(), stretch=(2, 3), sizes=(520, 760)
        )

    def _detail(self) -> QWidget:
        """The selected meeting: attendance, minutes and actions."""
        self.detail_title = label("meetingTitle", "QLabel { font-weight: bold; font-size: 110%; }")
        self.attendance = named(QListWidget(), "attendanceList")
        self.attendance.itemChanged.connect(self._attendance_changed)
        self.save_attendance_button = button(
            "Save attendance", "saveAttendance", slot=self.save_attendance
        )
        attendance_box = group("Attendance", (self.attendance, 1))
        right = Qt.AlignmentFlag.AlignRight
        attendance_box.layout().addWidget(self.save_attendance_button, 0, right)
        self.minutes = named(QTextBrowser(), "meetingMinutes")
        self.minutes.setOpenLinks(False)
        minutes_box = group(
            "Agenda, minutes and decisions (Edit… the meeting to change)", self.minutes
        )
        top_detail = row((attendance_box, 1), (minutes_box, 1))
        self.actions = detail_table(
            RecordTable,
            self.context,
            ACTION_SPECS,
            "actionsTable",
            noun="action",
            title="Actions",
            extra_columns=[("Status", action_status)],
            row_color=lambda action: ROW_COLOURS.get(action_state(action)),
        )
        self.actions.changed.connect(self._actions_changed)
        self.detail = column(self.detail_title, (top_detail, 1), (self.actions, 1))
        return self.detail

    # -- meetings
    def _update_open_label(self) -> None:
        summary = self.presenter.open_actions()
        self.open_label.setText(summary.text)
        self.open_label.setStyleSheet(OPEN_STYLES[summary.state])

    def _meeting_selected(self, meeting: Any) -> None:
        if self._attendance_dirty and self._meeting is not None:
            self.save_attendance()
        self._show_meeting(meeting)

    def _show_meeting(self, meeting: m.Meeting | None) -> None:
        self._meeting = meeting
        self.detail.setEnabled(meeting is not None)
        if meeting is None:
            self.detail_title.setText("Select a meeting to see attendance, minutes and actions.")
            self.minutes.clear()
            self.actions.set_source(lambda: [], None)
            self._fill_attendance([])
            return
        self.detail_title.setText(meeting_heading(meeting))
        self.minutes.setHtml(minutes_html(meeting))
        meeting_id = meeting.id
        self.actions.set_source(
            lambda: self.presenter.actions(meeting_id),
            lambda: self.presenter.new_action(meeting_id),
        )
        present = self.context.run_op(lambda: self.presenter.attendance(meeting_id)) or []
        self._fill_attendance(present)

    def _fill_attendance(self, present: list[int]) -> None:
        self.attendance.blockSignals(True)
        self.attendance.clear()
        for member in self.members.records():
            item = QListWidgetItem(member_label(member))
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if member.id in present else Qt.CheckState.Unchecked
            )
            self.attendance.addItem(item)
        self.attendance.blockSignals(False)
        self._attendance_dirty = False
        self.save_attendance_button.setEnabled(False)

    def _attendance_changed(self, _item: QListWidgetItem) -> None:
        self._attendance_dirty = True
        self.save_attendance_button.setEnabled(True)

    def checked_members(self) -> list[int]:
        return checked_values(self.attendance)

    def save_attendance(self) -> bool:
        meeting = self._meeting
        if meeting is None or not self._attendance_dirty:
            return True
        ids = self.checked_members()
        saved = self.context.run_op(lambda: self.presenter.save_attendance(meeting.id, ids) or True)
        if saved is None:
            return False
        self._attendance_dirty = False
        self.save_attendance_button.setEnabled(False)
        self.meetings.refresh()
        return True

    # -- reactions
    def _members_changed(self) -> None:
        meeting = self._meeting
        if meeting is None:
            return
        present = set(self.checked_members())
        dirty = self._attendance_dirty
        if not dirty:
            present = set(self.context.run_op(lambda: self.presenter.attendance(meeting.id)) or [])
        self._fill_attendance(sorted(present))
        self._attendance_dirty = dirty
        self.save_attendance_button.setEnabled(dirty)

    def _meetings_changed(self) -> None:
        self._update_open_label()
        self._show_meeting(self.meetings.selected())

    def _actions_changed(self) -> None:
        self.meetings.refresh()
        self._update_open_label()

    def refresh(self) -> None:
        self.members.refresh()
        self.meetings.refresh()
        self._update_open_label()
        self._show_meeting(self.meetings.selected())

    def save_pending(self) -> None:
        """Save ticked attendance not yet saved (called before locking)."""
        if self._meeting is not None and self._attendance_dirty:
            self.presenter.save_attendance(self._meeting.id, self.checked_members())
            self._attendance_dirty = False
