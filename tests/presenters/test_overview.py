"""The Overview presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.presenters.overview import (
    NO_DECISION_TEXT,
    OverviewPresenter,
    RecordForm,
    apply_form,
    chosen_profile,
    clock_lines,
    is_one_off,
    profile_words,
    stage_status,
    time_split_html,
)

TODAY = dt.date.today()


def _days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def presenter(store) -> OverviewPresenter:
    review_id = store.repos.reviews.create("DHR 2026/01", "Adult A")
    return OverviewPresenter(store, review_id)


def _form(**values: object) -> RecordForm:
    base = dict(
        reference="DHR 2026/01",
        title="Adult A",
        profile="dhr-2016",
        csp="",
        police_force_area="",
        csp_signatory="",
        month_of_death="",
    )
    base.update(values)
    return RecordForm(**base)  # type: ignore[arg-type]


def test_load_reads_review_stages_and_pauses(presenter, store) -> None:
    store.repos.lifecycle.complete_stage(presenter.review_id, "notification", _days_ago(30))
    store.repos.records.save(m.Pause(presenter.review_id, "inquest", _days_ago(10), None, "x"))
    data = presenter.load()
    assert data.review.reference == "DHR 2026/01"
    assert [s.stage_id for s in data.stages] == ["notification"]
    assert [p.kind for p in data.pauses] == ["inquest"]


def test_save_record_strips_text_and_merges_descriptors(presenter, store) -> None:
    review = presenter.load().review
    review.descriptors = {"sex": "female", "flags": ["stalking"], "kept": "yes"}
    store.repos.reviews.update(review)
    form = _form(
        reference="  DHR 2026/01A ",
        csp=" Northshire CSP ",
        month_of_death="2025-11",
        single={"sex": "", "court_outcome": "murder"},
        multi={"flags": [], "vulnerabilities": ["alcohol"]},
    )
    presenter.save_record(presenter.load().review, form)
    saved = store.repos.reviews.by_id(presenter.review_id)
    assert (saved.reference, saved.csp, saved.month_of_death) == (
        "DHR 2026/01A",
        "Northshire CSP",
        "2025-11",
    )
    assert saved.descriptors == {
        "court_outcome": "murder",
        "vulnerabilities": ["alcohol"],
        "kept": "yes",
    }


def test_apply_form_keeps_the_review_untouched() -> None:
    review = m.Review("DHR 1", descriptors={"sex": "male"}, id=4)
    updated = apply_form(review, _form(single={"sex": ""}))
    assert review.descriptors == {"sex": "male"} and updated.descriptors == {}


def test_stage_dates_in_the_wrong_order_are_refused_and_nothing_written(presenter, store) -> None:
    with pytest.raises(ValidationError, match="(?i)notification"):
        presenter.save_stage_dates([("decision", None, _days_ago(5))])
    assert store.repos.lifecycle.stages(presenter.review_id) == []


def test_stage_dates_saved_in_order(presenter, store) -> None:
    presenter.save_stage_dates(
        [("notification", None, _days_ago(20)), ("decision", None, _days_ago(10))]
    )
    stages = {s.stage_id: s.completed for s in presenter.stages()}
    assert stages == {"notification": _days_ago(20), "decision": _days_ago(10)}


def test_a_future_date_cannot_complete_a_stage(presenter) -> None:
    profile = get_profile("dhr-2016")
    notification = profile.stages[0]
    with pytest.raises(ValidationError):
        presenter.complete_stage(notification, TODAY + dt.timedelta(days=3))
    assert presenter.stages() == []
    presenter.complete_stage(notification, _days_ago(1))
    assert presenter.stages()[0].completed == _days_ago(1)
    assert presenter.completed_message(notification, dt.date(2025, 2, 3)) == (
        "Notification completed on 3 February 2025."
    )


def test_current_stage_and_status_marks(presenter) -> None:
    profile = get_profile("dhr-2016")
    presenter.save_stage_dates([("notification", None, dt.date(2025, 1, 2))])
    stages = presenter.stages()
    current = presenter.current(profile, stages)
    assert current is not None and current.id == "decision"
    done = stage_status(profile.stages[0], stages[0], current)
    assert (done.state, done.symbol, done.tooltip) == ("done", "✓", "Completed 2 January 2025")
    assert stage_status(current, None, current).symbol == "▶"
    assert stage_status(profile.stages[5], None, current).state == ""
    assert is_one_off("decision", None) and not is_one_off("decision", dt.date(2025, 1, 1))
    assert not is_one_off("drafting", None)


def test_clocks_and_time_split_in_words() -> None:
    profile = get_profile("dhr-2016")
    stages = [
        m.StageDates(1, "notification", completed=_days_ago(400)),
        m.StageDates(1, "decision", completed=_days_ago(380)),
    ]
    pauses = [m.Pause(1, "criminal_trial", _days_ago(100), None, "Trial")]
    lines = clock_lines(profile, stages, pauses, TODAY)
    assert lines[0].stage_id == "decision" and lines[0].text.startswith("✓ ") and lines[0].done
    assert any(line.overdue and line.text.startswith("⚠ ") for line in lines)
    html = time_split_html(stages, pauses, TODAY, "#8a5a00")
    assert "<b>380 days</b> since the decision" in html
    assert "Paused now: Criminal trial since" in html
    assert time_split_html([], [], TODAY, "#000") == NO_DECISION_TEXT
    assert clock_lines(profile, [], [], TODAY) == []


def test_profile_words_and_a_missing_profile() -> None:
    words = profile_words(get_profile("wales-susr"))
    assert "Regional Safeguarding Board" in words.csp_label
    assert words.save_text.startswith("Save ") and words.save_text.endswith(" record")
    profile, problem = chosen_profile("no-such-profile")
    assert profile.id == "dhr-2016" and problem is not None
