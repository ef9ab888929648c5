"""The Dashboard presenter without a window: rows, summary, details, open actions, new review."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.dashboard import (
    DashboardPresenter,
    NewReviewForm,
    action_cells,
    create_review,
    days_text,
    details_html,
    filter_rows,
    next_due_text,
    overdue_tooltip,
)

TODAY = dt.date.today()


def _ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def seeded(store):
    reviews, lifecycle, records = store.repos.reviews, store.repos.lifecycle, store.repos.records
    ids = {
        "fresh": reviews.create("DHR 2026/09", "Adult F"),
        "late": reviews.create("DHR 2026/01", "Adult <L>"),
        "paused": reviews.create("DHR 2025/04", "Adult P"),
    }
    lifecycle.complete_stage(ids["late"], "notification", _ago(80))
    lifecycle.complete_stage(ids["paused"], "notification", _ago(400))
    lifecycle.complete_stage(ids["paused"], "decision", _ago(390))
    records.save(m.Pause(ids["paused"], "criminal_trial", _ago(200), reason="Awaiting the trial"))
    meeting = m.Meeting(ids["paused"], _ago(30), title="Panel meeting 3")
    records.save(meeting)
    records.save(m.MeetingAction(meeting.id, "Chase the GP practice IMR", "Chair", _ago(3)))
    records.save(m.Cost(ids["paused"], "chair", 350000, "Chair's fee"))
    return ids


def test_load_gives_rows_overdue_first_with_texts(store, seeded) -> None:
    data = DashboardPresenter(store).load(TODAY)
    refs = [row.reference for row in data.rows]
    assert set(refs) == {"DHR 2026/09", "DHR 2026/01", "DHR 2025/04"}
    assert refs[-1] == "DHR 2026/09"  # nothing overdue: last
    paused = next(r for r in data.rows if r.reference == "DHR 2025/04")
    assert days_text(paused) == "390 (189 active, 201 paused)"  # the pause day counts as paused
    assert paused.paused_now
    fresh = next(r for r in data.rows if r.reference == "DHR 2026/09")
    assert days_text(fresh) == "—"
    assert overdue_tooltip(fresh) is None
    late = next(r for r in data.rows if r.reference == "DHR 2026/01")
    assert "days overdue" in overdue_tooltip(late)
    assert "·" in next_due_text(late) or next_due_text(late) == late.next_due_label
    assert data.stage_names() == sorted({r.stage_name for r in data.rows})


def test_summary_and_open_actions(store, seeded) -> None:
    data = DashboardPresenter(store).load(TODAY)
    summary = data.summary_html()
    assert summary.startswith("3 reviews · ")
    assert "1 paused now" in summary and "1 open action " in summary + " "
    assert "£3,500.00" in summary and "chair £3,500.00" in summary
    assert data.actions_tab_title() == "Open actions (1, 1 overdue)"
    reference, action = data.actions[0]
    due = _ago(3)
    assert action_cells(reference, action) == [
        f"{due.day} {_month3(due)} {due.year}",
        "DHR 2025/04",
        "Chase the GP practice IMR",
        "Chair",
    ]


def _month3(day: dt.date) -> str:
    return ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())[day.month - 1]


def test_details_escape_titles_and_list_overdue(store, seeded) -> None:
    data = DashboardPresenter(store).load(TODAY)
    late = next(r for r in data.rows if r.reference == "DHR 2026/01")
    text = details_html(late)
    assert "Adult &lt;L&gt;" in text and "<L>" not in text
    assert "<b>Overdue</b>" in text
    assert "Select a review" in details_html(None)
    fresh = next(r for r in data.rows if r.reference == "DHR 2026/09")
    assert "Nothing overdue." in details_html(fresh)


def test_filter_rows_by_stage_and_overdue(store, seeded) -> None:
    rows = DashboardPresenter(store).load(TODAY).rows
    assert {r.reference for r in filter_rows(rows, overdue_only=True)} == {
        "DHR 2026/01",
        "DHR 2025/04",
    }
    stage = rows[0].stage_name
    assert all(r.stage_name == stage for r in filter_rows(rows, stage=stage))


def test_review_id_by_reference(store, seeded) -> None:
    assert DashboardPresenter(store).review_id("DHR 2026/01") == seeded["late"]


def test_create_review_with_dates_and_refusals(store) -> None:
    form = NewReviewForm(reference="DHR 2026/12", title="Adult Q", notified_on=_ago(20))
    form.decided_on = _ago(10)
    review_id = create_review(store, form)
    assert form.id == review_id
    assert store.repos.reviews.get("DHR 2026/12").title == "Adult Q"
    before = [r.reference for r in store.repos.reviews.list()]
    with pytest.raises(ValidationError, match="notified"):
        create_review(store, NewReviewForm(reference="DHR 2026/13", decided_on=_ago(1)))
    backwards = NewReviewForm(reference="DHR 2026/14", notified_on=_ago(1), decided_on=_ago(5))
    with pytest.raises(ValidationError, match="cannot come before"):
        create_review(store, backwards)
    assert [r.reference for r in store.repos.reviews.list()] == before
