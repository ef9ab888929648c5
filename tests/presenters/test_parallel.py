"""The Parallel processes presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.parallel import (
    NOT_PAUSED,
    ParallelPresenter,
    pause_days,
    paused_summary,
    process_label,
)

TODAY = dt.date.today()


def _days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def presenter(store) -> ParallelPresenter:
    return ParallelPresenter(store, store.repos.reviews.create("DHR 2026/06", ""))


def test_a_pause_for_a_process_is_linked_and_explained(presenter) -> None:
    records = presenter.store.repos.records
    process = m.ParallelProcess(presenter.review_id, "criminal_trial", reference="T2025/1")
    records.save(process)
    [loaded] = presenter.processes()
    assert presenter.process_choices() == {
        None: "—",
        loaded.id: "Criminal investigation and trial (T2025/1)",
    }
    pause = presenter.pause_for(loaded)
    assert (pause.kind, pause.parallel_process_id, pause.start) == (
        "criminal_trial",
        loaded.id,
        TODAY,
    )
    assert pause.reason == "Paused for the criminal investigation and trial (T2025/1)."
    records.save(pause)
    assert [p.kind for p in presenter.pauses()] == ["criminal_trial"]


def test_a_pause_ending_before_it_starts_is_refused(presenter) -> None:
    bad = m.Pause(presenter.review_id, "inquest", _days_ago(5), _days_ago(10), "Inquest")
    with pytest.raises(ValidationError):
        presenter.store.repos.records.save(bad)
    assert presenter.pauses() == []


def test_summary_counts_merged_pauses_and_the_decision(presenter) -> None:
    assert presenter.summary([]) == NOT_PAUSED
    presenter.store.repos.lifecycle.complete_stage(
        presenter.review_id, "notification", _days_ago(60)
    )
    presenter.store.repos.lifecycle.complete_stage(presenter.review_id, "decision", _days_ago(50))
    pauses = [m.Pause(presenter.review_id, "inquest", _days_ago(9), None, "Inquest")]
    assert presenter.summary(pauses, TODAY) == (
        "Total time paused: 10 days — the review is paused now. "
        "Since the decision: 40 days active, 10 days paused."
    )


def test_words() -> None:
    today = dt.date(2026, 3, 10)
    closed = m.Pause(1, "inquest", dt.date(2026, 3, 1), dt.date(2026, 3, 1), "x")
    assert paused_summary([closed], None, today) == "Total time paused: 1 day."
    assert pause_days(closed, today) == "1"
    assert pause_days(m.Pause(1, "x", dt.date(2026, 3, 1)), today) == "10 so far"
    assert pause_days(m.Pause(1, "x", dt.date(2026, 4, 1)), today) == ""
    assert process_label(m.ParallelProcess(1, "inquest")) == "Inquest"
