"""core.timeline: what the timeline shows and where, computed without Qt."""

from __future__ import annotations

import datetime as dt

from dhrdesk.core import model as m
from dhrdesk.core.profiles import get_profile
from dhrdesk.core.timeline import (
    Flag,
    TimelineData,
    axis_ticks,
    bar_pauses,
    build_timeline,
    lay_out,
    month_ticks,
    pause_band,
    stagger,
    subtitle,
    tick_text,
)

NOW = dt.date(2026, 3, 15)


def chars(text: str) -> float:
    """A fixed-width 'font': 7 px a character."""
    return 7.0 * len(text)


def _review() -> m.Review:
    return m.Review(id=1, reference="DHR 2024/11", title="Adult K", profile="dhr-2016")


def _data(**extra: object) -> TimelineData:
    values = dict(
        reference="DHR 1",
        title="Adult A",
        review_type="Domestic Homicide Review",
        profile_name="DHR 2016",
        today=NOW,
        start=dt.date(2025, 1, 1),
        end=dt.date(2026, 6, 30),
    )
    values.update(extra)
    return TimelineData(**values)  # type: ignore[arg-type]


def test_build_collects_milestones_flags_and_pauses() -> None:
    stages = [
        m.StageDates(1, "notification", completed=dt.date(2025, 1, 2)),
        m.StageDates(1, "decision", completed=dt.date(2025, 1, 22)),
    ]
    pauses = [m.Pause(1, "criminal_trial", dt.date(2025, 4, 1), dt.date(2025, 9, 30), "Trial")]
    meetings = [m.Meeting(1, dt.date(2025, 2, 10), title="First panel")]
    data = build_timeline(_review(), get_profile("dhr-2016"), stages, pauses, meetings, NOW)
    assert [name for _, name in data.milestones] == ["Notification", "Decision to hold a review"]
    assert data.pauses == [(dt.date(2025, 4, 1), dt.date(2025, 9, 30), "Criminal trial", False)]
    assert data.meetings == [(dt.date(2025, 2, 10), "First panel")]
    states = {(f.label, f.state) for f in data.flags}
    assert ("Decision due", "done") in states
    assert any(label.endswith("(original)") for label, _ in states)
    assert data.decision == dt.date(2025, 1, 22) and data.bar_end == NOW
    assert data.active_days + data.paused_days == (NOW - dt.date(2025, 1, 22)).days
    assert data.start < dt.date(2025, 1, 2) and data.end > NOW  # padded both sides


def test_an_empty_review_shows_ninety_days_before_today() -> None:
    data = build_timeline(_review(), get_profile("dhr-2016"), [], [], [], NOW)
    assert data.empty and data.decision is None
    assert data.start == NOW - dt.timedelta(days=90) - dt.timedelta(days=7)
    assert data.end == NOW + dt.timedelta(days=7)


def test_an_open_pause_runs_to_the_end_and_is_open() -> None:
    pauses = [m.Pause(1, "inquest", dt.date(2026, 1, 1), None, "Inquest")]
    data = build_timeline(_review(), get_profile("dhr-2016"), [], pauses, [], NOW)
    assert data.pauses == [(dt.date(2026, 1, 1), NOW, "Inquest", True)]


def test_month_ticks_and_steps() -> None:
    ticks, step = month_ticks(dt.date(2025, 1, 20), dt.date(2025, 4, 2))
    assert ticks == [dt.date(2025, m, 1) for m in (1, 2, 3, 4)] and step == 1
    assert month_ticks(dt.date(2020, 1, 1), dt.date(2022, 12, 1))[1] == 3
    assert month_ticks(dt.date(2018, 1, 1), dt.date(2023, 12, 1))[1] == 6
    assert month_ticks(dt.date(2010, 1, 1), dt.date(2023, 12, 1))[1] == 12


def test_tick_text_never_depends_on_the_locale() -> None:
    assert tick_text(dt.date(2025, 4, 1), 3, first=False) == "Apr"
    assert tick_text(dt.date(2026, 1, 1), 3, first=False) == "Jan 2026"
    assert tick_text(dt.date(2025, 7, 1), 1, first=True) == "Jul 2025"
    assert tick_text(dt.date(2025, 1, 1), 12, first=False) == "2025"


def test_axis_ticks_skip_labels_that_would_touch() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    crowded = axis_ticks(start, end, lambda d: (d - start).days * 0.2, chars)
    spread = axis_ticks(start, end, lambda d: (d - start).days * 5.0, chars)
    assert len(crowded) == len(spread) == 12
    assert crowded[0].text == "Jan 2025"
    assert 0 < sum(bool(t.text) for t in crowded) < 12
    assert all(t.text for t in spread)
    assert [t.text for t in spread[1:3]] == ["Feb", "Mar"]


def test_labels_never_overlap_on_a_level() -> None:
    items = [(100.0, 150.0), (120.0, 150.0), (140.0, 80.0), (400.0, 50.0), (990.0, 100.0)]
    placed = stagger(items, 10, 1000)
    assert [level for level, _ in placed] == [0, 1, 2, 0, 0]
    assert placed[-1][1] == 990 - 100 + 4  # near the right edge the label runs left


def test_layout_shares_the_height_between_lanes() -> None:
    data = _data(
        milestones=[(dt.date(2025, 1, 2), "Notification"), (dt.date(2025, 1, 5), "Decision")],
        flags=[Flag(dt.date(2025, 2, 2), "Decision due", "done")],
        decision=dt.date(2025, 1, 5),
        bar_end=NOW,
    )
    layout = lay_out(data, 1400, 820, 100, 20, chars)
    assert [label.level for label in layout.milestones] == [0, 1]  # staggered
    assert layout.milestone_y(1) < layout.milestone_y(0) < layout.axis_y
    assert layout.axis_y < layout.meet_y < layout.flag_top < layout.chart_bottom < layout.bar_top
    assert layout.bar_top + 60 <= layout.legend_y + 1e-6
    assert layout.x_of(data.start) == layout.x0 and layout.x_of(data.end) == layout.x1
    assert layout.flags[0].text == "Decision due · 2 Feb 2025"
    # Without a decision, the bar's room goes to the lanes.
    no_bar = lay_out(_data(milestones=data.milestones, flags=data.flags), 1400, 820, 100, 20, chars)
    assert no_bar.chart_bottom > layout.chart_bottom


def test_pause_band_shortens_its_caption_when_narrow() -> None:
    data = _data()
    layout = lay_out(data, 1400, 820, 100, 20, chars)
    wide = (dt.date(2025, 3, 1), dt.date(2025, 12, 1), "Criminal trial", False)
    narrow = (dt.date(2025, 3, 1), dt.date(2025, 3, 5), "Inquest", True)
    band = pause_band(wide, data, layout.x_of, layout.x1, chars)
    assert band.text == "Paused: Criminal trial (276 days)" and band.text_left == band.left + 4
    assert pause_band(narrow, data, layout.x_of, layout.x1, chars).text == "Inquest"


def test_bar_pauses_start_after_the_decision() -> None:
    data = _data(
        decision=dt.date(2025, 2, 1),
        bar_end=NOW,
        pauses=[
            (dt.date(2025, 1, 1), dt.date(2025, 3, 1), "Trial", False),
            (dt.date(2024, 1, 1), dt.date(2024, 2, 1), "Old", False),
        ],
    )
    assert bar_pauses(data) == [(dt.date(2025, 2, 2), dt.date(2025, 3, 1))]
    assert bar_pauses(_data()) == []


def test_subtitle_uses_the_long_british_date() -> None:
    assert subtitle(_data()) == (
        "Adult A · Timeline as at 15 March 2026 · guidance profile DHR 2016"
    )
