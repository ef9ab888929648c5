"""The RAG rule and quarter arithmetic of action-plan monitoring."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.monitoring import (
    MonitoredAction,
    Quarter,
    closed_in,
    open_theme_counts,
    overdue_actions,
    parse_quarter,
    progress_by_agency,
    quarter_of,
    rag_for,
    rag_summary,
    status_from_label,
)

D = dt.date
TODAY = D(2026, 11, 15)


@pytest.mark.parametrize(
    ("status", "target", "code", "reason"),
    [
        ("completed", D(2020, 1, 1), "done", ""),
        ("closed_not_achieved", None, "closed", ""),
        ("not_started", None, "amber", "no target date"),
        ("in_progress", D(2026, 11, 14), "red", "overdue by 1 day"),
        ("not_started", D(2026, 10, 1), "red", "overdue by 45 days"),
        ("in_progress", D(2026, 11, 15), "amber", "due today"),
        ("in_progress", D(2026, 12, 15), "amber", "due in 30 days"),
        ("in_progress", D(2026, 12, 16), "green", ""),
    ],
)
def test_rag_rule(status: str, target: dt.date | None, code: str, reason: str) -> None:
    rag = rag_for(status, target, TODAY)
    assert (rag.code, rag.reason) == (code, reason)


def test_rag_refuses_unknown_status() -> None:
    with pytest.raises(ValidationError):
        rag_for("done", None, TODAY)


def test_quarter_arithmetic() -> None:
    q4 = parse_quarter("2026Q4")
    assert (q4.start, q4.end) == (D(2026, 10, 1), D(2026, 12, 31))
    q1 = parse_quarter("q1 2027")
    assert (q1.start, q1.end) == (D(2027, 1, 1), D(2027, 3, 31))
    assert parse_quarter("2024-Q1").end == D(2024, 3, 31)
    assert parse_quarter("2026Q2").end == D(2026, 6, 30)
    assert parse_quarter("2026Q3").start == D(2026, 7, 1)
    assert quarter_of(D(2026, 9, 30)) == Quarter(2026, 3)
    assert quarter_of(D(2026, 10, 1)) == q4
    assert q1.previous() == q4 and q4.contains(D(2026, 12, 31)) and not q4.contains(D(2027, 1, 1))
    assert q4.label == "2026Q4 (1 October 2026 to 31 December 2026)"
    for bad in ("2026Q5", "2026", "Q4", "", "26Q4"):
        with pytest.raises(ValidationError):
            parse_quarter(bad)


def test_status_labels_are_read_as_people_type_them() -> None:
    assert status_from_label("Closed – not achieved") == "closed_not_achieved"
    assert status_from_label("closed - not achieved") == "closed_not_achieved"
    assert status_from_label(" IN PROGRESS ") == "in_progress"
    assert status_from_label("done") is None


def _action(
    n: int, status: str, target: dt.date | None, agency: str = "Police", **kw
) -> MonitoredAction:  # noqa: ANN003
    return MonitoredAction(
        action_id=n,
        review_id=1,
        reference="DHR 1",
        recommendation_id=1,
        recommendation_number=n,
        recommendation_text="",
        text=f"Action {n}",
        lead_agency=agency,
        target_date=target,
        completed_on=kw.get("closed_on"),
        status=status,
        themes=kw.get("themes", ()),
        closed_on=kw.get("closed_on"),
    )


def test_summaries() -> None:
    actions = [
        _action(1, "not_started", D(2026, 1, 1), themes=("housing", "training")),
        _action(2, "in_progress", D(2026, 11, 1), agency="police ", themes=("training",)),
        _action(3, "completed", D(2026, 1, 1), closed_on=D(2026, 10, 2), themes=("housing",)),
        _action(4, "closed_not_achieved", None, agency="Health", closed_on=D(2026, 9, 30)),
        _action(5, "in_progress", None, agency="Health"),
    ]
    assert [a.action_id for a in overdue_actions(actions, TODAY)] == [1, 2]
    assert [a.action_id for a in closed_in(actions, parse_quarter("2026Q4"))] == [3]
    assert [a.action_id for a in closed_in(actions, parse_quarter("2026Q3"))] == [4]
    assert open_theme_counts(actions) == [("training", 2), ("housing", 1)]
    assert rag_summary(actions, TODAY) == {"red": 2, "amber": 1, "green": 0, "done": 1, "closed": 1}
    rows = {p.name: p for p in progress_by_agency(actions, TODAY)}
    assert set(rows) == {"Police", "Health"}  # "police " is the same agency
    assert rows["Police"].total == 3 and rows["Police"].percent_complete == 33
    assert rows["Police"].overdue == 2
    assert rows["Health"].percent_complete == 0  # closed – not achieved is not progress


def test_recommendation_status_follows_its_actions() -> None:
    from dhrdesk.core.monitoring import recommendation_status

    assert recommendation_status([]) is None
    assert recommendation_status(["not_started", "not_started"]) == "not_started"
    assert recommendation_status(["not_started", "in_progress"]) == "in_progress"
    assert recommendation_status(["completed", "not_started"]) == "in_progress"
    assert recommendation_status(["completed", "completed"]) == "completed"
    assert recommendation_status(["completed", "closed_not_achieved"]) == "closed_not_achieved"
