"""The Panel presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.presenters.panel import (
    PanelPresenter,
    action_state,
    action_status,
    meeting_heading,
    member_label,
    minutes_html,
    open_actions,
)

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def presenter(store) -> PanelPresenter:
    review_id = store.repos.reviews.create("DHR 2026/04", "")
    return PanelPresenter(store, review_id)


def _meeting_with_actions(presenter: PanelPresenter) -> m.Meeting:
    records = presenter.store.repos.records
    meeting = m.Meeting(presenter.review_id, dt.date(2026, 1, 9), title="Panel 1")
    records.save(meeting)
    for text, due, done in (
        ("Request IMRs", dt.date(2026, 2, 1), None),
        ("Write to family", dt.date(2026, 4, 1), None),
        ("Book room", dt.date(2026, 1, 20), dt.date(2026, 1, 19)),
    ):
        records.save(m.MeetingAction(meeting.id, text, due=due, done_on=done))
    return meeting


def test_meetings_count_attendance_and_open_actions(presenter) -> None:
    records = presenter.store.repos.records
    member = presenter.new_member()
    member.name, member.agency = "Aisha Rahman", "Northmoor ICB"
    records.save(member)
    meeting = _meeting_with_actions(presenter)
    presenter.save_attendance(meeting.id, [member.id])
    [loaded] = presenter.meetings(TODAY)
    assert presenter.attended_text(loaded) == "1"
    assert presenter.open_text(loaded) == "2 (1 overdue)"
    summary = presenter.open_actions()
    assert (summary.state, summary.text) == ("overdue", "2 open actions in this review, 1 overdue.")
    assert presenter.attendance(meeting.id) == [member.id]
    assert member_label(presenter.members()[0]) == "Aisha Rahman — Northmoor ICB"
    assert {a.text for a in presenter.actions(meeting.id)} == {
        "Request IMRs",
        "Write to family",
        "Book room",
    }


def test_attendance_of_an_unknown_member_is_refused(presenter) -> None:
    meeting = _meeting_with_actions(presenter)
    with pytest.raises(DhrDeskError, match="conflicts with existing data"):
        presenter.save_attendance(meeting.id, [9999])
    assert presenter.attendance(meeting.id) == []


def test_action_status_words() -> None:
    overdue = m.MeetingAction(1, "x", due=dt.date(2026, 2, 20))
    assert action_status(overdue, TODAY) == "Overdue (9 days)"
    assert action_state(overdue, TODAY) == "overdue"
    done = m.MeetingAction(1, "x", due=dt.date(2026, 2, 20), done_on=dt.date(2026, 2, 21))
    assert (action_status(done, TODAY), action_state(done, TODAY)) == ("Done", "done")
    assert action_state(m.MeetingAction(1, "x"), TODAY) == "open"


def test_open_actions_summary() -> None:
    assert open_actions([]).text == "No open actions."
    assert open_actions([(1, 0)]) == open_actions([(1, 0), (0, 0)])
    assert open_actions([(1, 0)]).text == "1 open action in this review."


def test_meeting_heading_and_minutes() -> None:
    meeting = m.Meeting(1, dt.date(2025, 5, 9), title="", minutes="Scope <agreed>.\nNext.")
    assert meeting_heading(meeting) == "Panel meeting — 9 May 2025"
    text = minutes_html(meeting)
    assert "Scope &lt;agreed&gt;.<br>Next." in text and "<i>None recorded.</i>" in text
