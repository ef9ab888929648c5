"""The Panel tab without Qt: members, meetings, attendance and actions, in words.

Members feed "The review panel members" section; meetings keep who came, what
was decided and the actions with owners and due dates, so open actions can be
chased (they also appear on the dashboard).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

PANEL_TABLES = ("panel_member", "meeting", "meeting_attendance", "meeting_action")


def action_status(action: m.MeetingAction, today: dt.date | None = None) -> str:
    """'Done', 'Open' or 'Overdue (12 days)'."""
    today = today or dt.date.today()
    if action.done_on is not None:
        return "Done"
    if action.due is not None and action.due < today:
        return f"Overdue ({(today - action.due).days} days)"
    return "Open"


def action_state(action: m.MeetingAction, today: dt.date | None = None) -> str:
    """'overdue', 'done' or 'open': how the row is coloured."""
    status = action_status(action, today)
    return "overdue" if status.startswith("Overdue") else status.lower()


def meeting_heading(meeting: m.Meeting) -> str:
    return f"{meeting.title or 'Panel meeting'} — {format_date(meeting.date, missing='not set')}"


def minutes_html(meeting: m.Meeting) -> str:
    """Agenda, minutes and decisions, each under its heading ('None recorded.' when empty)."""
    parts = []
    for label, text in (
        ("Agenda", meeting.agenda),
        ("Minutes", meeting.minutes),
        ("Decisions", meeting.decisions),
    ):
        body = html.escape(text).replace("\n", "<br>") if text else "<i>None recorded.</i>"
        parts.append(f"<h4 style='margin-bottom:2px'>{label}</h4><p>{body}</p>")
    return "".join(parts)


def member_label(member: m.PanelMember) -> str:
    return member.name + (f" — {member.agency}" if member.agency else "")


@dataclass(frozen=True)
class OpenActions:
    """The line under the meetings: ``state`` is "none", "open" or "overdue"."""

    state: str
    text: str


def open_actions(counts: Sequence[tuple[int, int]]) -> OpenActions:
    """From (open, overdue) per meeting: 'No open actions.' or '3 open actions …, 1 overdue.'"""
    open_ = sum(c[0] for c in counts)
    overdue = sum(c[1] for c in counts)
    if not open_:
        return OpenActions("none", "No open actions.")
    text = f"{open_} open action{'s' if open_ != 1 else ''} in this review"
    if overdue:
        text += f", {overdue} overdue"
    return OpenActions("overdue" if overdue else "open", text + ".")


class PanelPresenter(ReviewPresenter):
    """Reads and writes of one review's panel and meetings."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.attended: dict[int, int] = {}
        self.action_counts: dict[int, tuple[int, int]] = {}

    def members(self) -> list[m.PanelMember]:
        return self.store.repos.records.list(m.PanelMember, self.review_id)

    def new_member(self) -> m.PanelMember:
        return m.PanelMember(review_id=self.review_id, name="")

    def meetings(self, today: dt.date | None = None) -> list[m.Meeting]:
        """The meetings, counting attendance and open / overdue actions of each."""
        today = today or dt.date.today()
        meetings = self.store.repos.records.list(m.Meeting, self.review_id)
        self.attended, self.action_counts = {}, {}
        for meeting in meetings:
            self.attended[meeting.id] = len(self.store.repos.records.attendance(meeting.id))
            actions = self.store.repos.records.list(m.MeetingAction, meeting.id)
            open_ = [a for a in actions if a.done_on is None]
            overdue = [a for a in open_ if a.due is not None and a.due < today]
            self.action_counts[meeting.id] = (len(open_), len(overdue))
        return meetings

    def new_meeting(self) -> m.Meeting:
        return m.Meeting(review_id=self.review_id, date=dt.date.today())

    def attended_text(self, meeting: m.Meeting) -> str:
        return str(self.attended.get(meeting.id, 0))

    def open_text(self, meeting: m.Meeting) -> str:
        open_, overdue = self.action_counts.get(meeting.id, (0, 0))
        if not open_:
            return ""
        return f"{open_}" + (f" ({overdue} overdue)" if overdue else "")

    def open_actions(self) -> OpenActions:
        return open_actions(list(self.action_counts.values()))

    def actions(self, meeting_id: int) -> list[m.MeetingAction]:
        return self.store.repos.records.list(m.MeetingAction, meeting_id)

    @staticmethod
    def new_action(meeting_id: int) -> m.MeetingAction:
        return m.MeetingAction(meeting_id=meeting_id, text="")

    def attendance(self, meeting_id: int) -> list[int]:
        return self.store.repos.records.attendance(meeting_id)

    def save_attendance(self, meeting_id: int, member_ids: list[int]) -> None:
        self.store.repos.records.set_attendance(meeting_id, member_ids)
