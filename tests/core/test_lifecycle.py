"""Clocks, pauses, time split, stage validation and the current stage."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dhrdesk.core.lifecycle import (
    DueItem,
    Pause,
    StageRecord,
    current_stage,
    due_items,
    merge_pauses,
    next_due,
    time_split,
    validate_pauses,
    validate_stage_dates,
)
from dhrdesk.core.profiles import Profile, get_profile

D = date


@pytest.fixture(scope="module")
def dhr() -> Profile:
    return get_profile("dhr-2016")


def _items(profile: Profile, records, pauses=(), today=D(2025, 1, 1)) -> dict[str, DueItem]:
    return {item.stage_id: item for item in due_items(profile, records, pauses, today)}


# --- clocks -------------------------------------------------------------------------------


def test_no_clock_runs_before_the_notification(dhr: Profile) -> None:
    assert due_items(dhr, [], [], D(2025, 1, 1)) == []
    assert next_due(dhr, [], [], D(2025, 1, 1)) is None


def test_decision_due_one_month_after_notification_clamped(dhr: Profile) -> None:
    records = [StageRecord("notification", completed=D(2025, 1, 31))]
    item = _items(dhr, records, today=D(2025, 2, 10))["decision"]
    assert item.due == D(2025, 2, 28)
    assert item.adjusted_due == item.due
    assert not item.overdue and not item.done
    assert item.label == "Decision due"
    assert set(_items(dhr, records)) == {"decision"}  # no decision yet: no later clocks


def test_decision_overdue_today_but_not_on_the_due_date(dhr: Profile) -> None:
    records = [StageRecord("notification", completed=D(2024, 1, 31))]
    on_due = _items(dhr, records, today=D(2024, 2, 29))["decision"]
    assert on_due.due == D(2024, 2, 29)  # leap year
    assert not on_due.overdue and on_due.days_overdue == 0
    late = _items(dhr, records, today=D(2024, 3, 12))["decision"]
    assert late.overdue and late.days_overdue == 12
    assert "12 days overdue" in late.describe()


def test_done_items_are_not_overdue_but_may_be_late(dhr: Profile) -> None:
    records = [
        StageRecord("notification", completed=D(2025, 1, 10)),
        StageRecord("decision", completed=D(2025, 3, 1)),
    ]
    item = _items(dhr, records, today=D(2025, 6, 1))["decision"]
    assert item.done and not item.overdue and item.late
    assert item.completed == D(2025, 3, 1)


def test_statutory_clocks_do_not_stop_for_pauses(dhr: Profile) -> None:
    records = [StageRecord("notification", completed=D(2025, 1, 10))]
    pauses = [Pause("criminal_trial", D(2025, 1, 11), D(2025, 3, 31), "Trial")]
    item = _items(dhr, records, pauses, today=D(2025, 3, 1))["decision"]
    assert item.due == item.adjusted_due == D(2025, 2, 10)
    assert item.paused_days == 0
    assert item.overdue and item.days_overdue == 19


def _decided(on: date = D(2025, 1, 15)) -> list[StageRecord]:
    return [
        StageRecord("notification", completed=on - timedelta(days=20)),
        StageRecord("decision", completed=on),
        StageRecord("home_office_notified", completed=on + timedelta(days=5)),
    ]


def test_six_month_target_without_pauses(dhr: Profile) -> None:
    items = _items(dhr, _decided(), today=D(2025, 7, 20))
    target = items["csp_signoff"]
    assert target.due == target.adjusted_due == D(2025, 7, 15)
    assert target.overdue and target.days_overdue == 5
    assert items["home_office_notified"].done


def test_single_pause_extends_the_target(dhr: Profile) -> None:
    pauses = [Pause("criminal_trial", D(2025, 3, 1), D(2025, 3, 10), "Trial at Crown Court")]
    target = _items(dhr, _decided(), pauses, today=D(2025, 7, 20))["csp_signoff"]
    assert target.due == D(2025, 7, 15)
    assert target.paused_days == 10  # 1 to 10 March inclusive
    assert target.adjusted_due == D(2025, 7, 25)
    assert not target.overdue
    assert "adjusted for 10 days paused: 25 July 2025" in target.describe()


def test_overlapping_pauses_are_not_double_counted(dhr: Profile) -> None:
    pauses = [
        Pause("criminal_trial", D(2025, 3, 1), D(2025, 3, 20), "Trial"),
        Pause("inquest", D(2025, 3, 11), D(2025, 3, 31), "Inquest opened"),
        Pause("iopc", D(2025, 3, 15), D(2025, 3, 16), "IOPC"),
    ]
    target = _items(dhr, _decided(), pauses, today=D(2025, 12, 1))["csp_signoff"]
    assert target.paused_days == 31
    assert target.adjusted_due == D(2025, 7, 15) + timedelta(days=31)


def test_open_pause_runs_to_today(dhr: Profile) -> None:
    pauses = [Pause("inquest", D(2025, 6, 1), None, "Awaiting inquest")]
    early = _items(dhr, _decided(), pauses, today=D(2025, 6, 10))["csp_signoff"]
    assert early.paused_days == 10
    assert early.adjusted_due == D(2025, 7, 25)
    later = _items(dhr, _decided(), pauses, today=D(2025, 9, 1))["csp_signoff"]
    # Paused every day since 1 June: the adjusted target keeps moving, never overdue.
    assert later.paused_days == (D(2025, 9, 1) - D(2025, 6, 1)).days + 1
    assert not later.overdue


def test_pause_before_the_decision_is_ignored(dhr: Profile) -> None:
    pauses = [Pause("family_request", D(2024, 12, 1), D(2025, 1, 20), "Family bereavement")]
    target = _items(dhr, _decided(D(2025, 1, 15)), pauses, today=D(2025, 8, 1))["csp_signoff"]
    assert target.paused_days == 5  # 16 to 20 January only


def test_pause_after_the_target_was_missed_does_not_rescue_it(dhr: Profile) -> None:
    pauses = [Pause("inquest", D(2025, 8, 1), None, "Inquest")]
    target = _items(dhr, _decided(), pauses, today=D(2025, 9, 1))["csp_signoff"]
    assert target.paused_days == 0
    assert target.overdue and target.days_overdue == (D(2025, 9, 1) - D(2025, 7, 15)).days


def test_completed_review_counts_pauses_only_up_to_completion(dhr: Profile) -> None:
    records = _decided() + [StageRecord("csp_signoff", completed=D(2025, 7, 20))]
    pauses = [
        Pause("criminal_trial", D(2025, 2, 1), D(2025, 2, 10), "Trial"),
        Pause("other", D(2025, 7, 21), D(2025, 12, 31), "After sign-off"),
    ]
    target = _items(dhr, records, pauses, today=D(2026, 1, 5))["csp_signoff"]
    assert target.done and not target.overdue and not target.late
    assert target.paused_days == 10


def test_next_due_is_the_earliest_open_item(dhr: Profile) -> None:
    records = [
        StageRecord("notification", completed=D(2025, 1, 1)),
        StageRecord("decision", completed=D(2025, 1, 20)),
    ]
    item = next_due(dhr, records, [], D(2025, 2, 1))
    assert item is not None and item.stage_id == "home_office_notified"
    assert item.due == D(2025, 2, 20)
    records.append(StageRecord("home_office_notified", completed=D(2025, 1, 25)))
    item = next_due(dhr, records, [], D(2025, 2, 1))
    assert item is not None and item.stage_id == "csp_signoff"


def test_records_from_the_store_model_are_accepted(dhr: Profile) -> None:
    """Any object with the attributes works (e.g. dhrdesk.core.model.StageDates)."""

    class StageDates:
        def __init__(self, stage_id: str, completed: date) -> None:
            self.stage_id, self.started, self.completed = stage_id, None, completed

    items = _items(dhr, [StageDates("notification", D(2025, 5, 31))], today=D(2025, 6, 2))
    assert items["decision"].due == D(2025, 6, 30)


# --- time split ---------------------------------------------------------------------------


def test_time_split_examples() -> None:
    decision = D(2025, 1, 1)
    end = D(2025, 12, 31)
    assert time_split(decision, [], end) == (364, 0)
    one = [Pause("criminal_trial", D(2025, 3, 1), D(2025, 3, 31), "Trial")]
    assert time_split(decision, one, end) == (364 - 31, 31)
    overlapping = one + [Pause("inquest", D(2025, 3, 20), D(2025, 4, 9), "Inquest")]
    assert time_split(decision, overlapping, end) == (364 - 40, 40)
    open_pause = [Pause("iopc", D(2025, 12, 1), None, "IOPC")]
    assert time_split(decision, open_pause, end) == (364 - 31, 31)
    before = [Pause("other", D(2024, 12, 1), D(2025, 1, 10), "Before")]
    assert time_split(decision, before, end) == (364 - 9, 9)  # 2 to 10 January
    assert time_split(decision, [], D(2024, 12, 1)) == (0, 0)


def test_merge_pauses_merges_touching_and_drops_future() -> None:
    today = D(2025, 6, 1)
    pauses = [
        Pause("inquest", D(2025, 2, 11), D(2025, 2, 20), "b"),
        Pause("criminal_trial", D(2025, 2, 1), D(2025, 2, 10), "a"),
        Pause("other", D(2025, 7, 1), None, "future"),
        Pause("iopc", D(2025, 5, 20), D(2025, 8, 1), "planned end"),
    ]
    assert merge_pauses(pauses, today) == [
        (D(2025, 2, 1), D(2025, 2, 20)),
        (D(2025, 5, 20), D(2025, 6, 1)),
    ]


pause_strategy = st.builds(
    lambda start, length, open_: Pause(
        "other", start, None if open_ else start + timedelta(days=length), "r"
    ),
    st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 12, 31)),
    st.integers(min_value=0, max_value=400),
    st.booleans(),
)


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31)),
    st.lists(pause_strategy, max_size=6),
    st.integers(min_value=0, max_value=1500),
)
def test_time_split_sums_to_total_days(decision: date, pauses: list[Pause], days: int) -> None:
    end = decision + timedelta(days=days)
    active, paused = time_split(decision, pauses, end)
    assert active + paused == days
    assert active >= 0 and paused >= 0
    # Brute force: a day after the decision is paused if any pause covers it.
    covered = sum(
        1
        for offset in range(1, days + 1)
        if any(p.start <= decision + timedelta(days=offset) <= (p.end or end) for p in pauses)
    )
    assert paused == covered


# --- validation ---------------------------------------------------------------------------


def test_valid_dates_give_no_problems(dhr: Profile) -> None:
    assert validate_stage_dates(dhr, _decided(), D(2025, 12, 1)) == []


def test_decision_before_notification(dhr: Profile) -> None:
    records = [
        StageRecord("notification", completed=D(2025, 3, 5)),
        StageRecord("decision", completed=D(2025, 3, 1)),
    ]
    [problem] = validate_stage_dates(dhr, records, D(2025, 12, 1))
    assert problem.stage_id == "decision" and problem.field == "completed"
    assert str(problem) == (
        "Decision to hold a review (1 March 2025) is dated before Notification (5 March 2025)."
    )


def test_future_dates_and_completion_before_start(dhr: Profile) -> None:
    records = [
        StageRecord("notification", completed=D(2025, 3, 5)),
        StageRecord("decision", started=D(2025, 3, 20), completed=D(2025, 3, 10)),
        StageRecord("chair_appointed", started=D(2026, 1, 2)),
    ]
    messages = [str(p) for p in validate_stage_dates(dhr, records, D(2025, 12, 1))]
    assert messages == [
        "Decision to hold a review: completed on 10 March 2025, before it started on "
        "20 March 2025.",
        "Independent chair appointed: the start date 2 January 2026 is in the future.",
    ]


def test_stage_completed_out_of_order(dhr: Profile) -> None:
    records = [
        StageRecord("notification", completed=D(2025, 3, 5)),
        StageRecord("chair_appointed", completed=D(2025, 4, 1)),
    ]
    [problem] = validate_stage_dates(dhr, records, D(2025, 12, 1))
    assert problem.stage_id == "chair_appointed"
    assert "Decision to hold a review is not" in problem.message


def test_future_completion(dhr: Profile) -> None:
    records = [StageRecord("notification", completed=D(2025, 12, 2))]
    [problem] = validate_stage_dates(dhr, records, D(2025, 12, 1))
    assert problem.message == "Notification: the completion date 2 December 2025 is in the future."


def test_validate_pauses() -> None:
    today = D(2025, 6, 1)
    pauses = [
        Pause("criminal_trial", D(2025, 3, 1), D(2025, 2, 1), "Trial"),
        Pause("inquest", D(2025, 7, 1), None, "Inquest"),
        Pause("holiday", D(2025, 1, 1), D(2025, 1, 2), "x"),
        Pause("iopc", D(2025, 1, 1), D(2025, 9, 1), "  "),
        Pause("family_request", D(2025, 1, 1), D(2025, 1, 5), "Family asked for time"),
        Pause("other", D(2025, 1, 3), D(2025, 1, 9), "Overlap is fine"),
    ]
    problems = validate_pauses(pauses, today)
    assert [(p.index, p.field) for p in problems] == [
        (0, "end"),
        (1, "start"),
        (2, "kind"),
        (3, "reason"),
    ]
    assert problems[0].message == (
        "Criminal trial pause: ends on 1 February 2025, before it starts on 1 March 2025."
    )
    assert "'holiday' is not a kind of pause" in problems[2].message


# --- current stage ------------------------------------------------------------------------


def test_current_stage(dhr: Profile) -> None:
    assert current_stage(dhr, []).id == "notification"
    assert current_stage(dhr, _decided()).id == "chair_appointed"
    records = _decided() + [
        StageRecord("imrs", started=D(2025, 4, 1)),
        StageRecord("family_involvement", started=D(2025, 3, 1)),
    ]
    assert current_stage(dhr, records).id == "family_involvement"
    everything = [StageRecord(s, completed=D(2025, 1, 1)) for s in dhr.stage_ids]
    assert current_stage(dhr, everything) is None
    # A record for a stage this profile does not have is ignored.
    assert current_stage(dhr, [StageRecord("learning_event", completed=D(2025, 1, 1))]).id == (
        "notification"
    )
