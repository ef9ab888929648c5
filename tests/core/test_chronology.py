"""Combined chronology rules: order with partial dates, duplicates, ages, intervals, flags."""

from __future__ import annotations

import datetime as dt

from dhrdesk.core.chronology import (
    FLAG_AFTER_DEATH,
    FLAG_OUTSIDE_PERIOD,
    FLAG_PARTIAL,
    ChronologyContext,
    PartialDate,
    age_text,
    combine,
    find_duplicates,
    similar,
)
from dhrdesk.core.model import ChronologyEntry


def row(i: int, date: str, agency: int, event: str, **kw) -> ChronologyEntry:
    return ChronologyEntry(
        review_id=1, agency_id=agency, date=date, source="record", event=event, id=i, **kw
    )


def context(**kw) -> ChronologyContext:
    return ChronologyContext(agencies={1: "Police", 2: "GP", 3: "Housing"}, **kw)


def test_partial_dates_sort_at_the_start_of_their_period_and_are_marked() -> None:
    rows = combine(
        [
            row(1, "2019-03-05", 1, "Call to police"),
            row(2, "2019", 2, "Registered with GP"),
            row(3, "2019-03", 3, "Housing application"),
            row(4, "2019-02-28", 2, "Appointment"),
            row(5, "2019-03-05", 2, "Morning appointment", time="09:10"),
        ],
        context(),
    )
    assert [r.entry.id for r in rows] == [2, 4, 3, 1, 5]
    assert [r.is_partial for r in rows] == [True, False, True, False, False]
    assert FLAG_PARTIAL in rows[0].flags


def test_intervals_skip_partial_rows() -> None:
    rows = combine(
        [
            row(1, "2020-01-01", 1, "a"),
            row(2, "2020-01", 2, "b"),
            row(3, "2020-01-11", 3, "c"),
        ],
        context(),
    )
    by_id = {r.entry.id: r for r in rows}
    assert by_id[1].interval_days is None
    assert by_id[2].interval_days is None
    assert by_id[3].interval_days == 10


def test_age_at_event_from_register_dates_of_birth() -> None:
    born = dt.date(1992, 2, 14)
    assert age_text(born, PartialDate(2020, 2, 13)) == "27"
    assert age_text(born, PartialDate(2020, 2, 14)) == "28"
    assert age_text(born, PartialDate(2020, 2)) == "27–28"
    assert age_text(dt.date(2000, 2, 29), PartialDate(2001, 2, 28)) == "0"
    rows = combine(
        [row(1, "2020-06-01", 1, "x", subject_ids=[7]), row(2, "2020-06-02", 1, "y")],
        context(dates_of_birth={7: dt.date(2010, 1, 1), 9: born}, victim_subject_id=9),
    )
    assert [r.age for r in rows] == ["10", "28"]


def test_flags_outside_period_and_after_death() -> None:
    rows = combine(
        [
            row(1, "2017-05-01", 1, "before period"),
            row(2, "2021-04-01", 1, "inside"),
            row(3, "2026-03-20", 1, "same month as death"),
            row(4, "2026-04-02", 1, "after the death"),
        ],
        context(
            period_start=dt.date(2021, 3, 1),
            period_end=dt.date(2026, 3, 31),
            death=PartialDate(2026, 3),
        ),
    )
    flags = {r.entry.id: r.flags for r in rows}
    assert FLAG_OUTSIDE_PERIOD in flags[1]
    assert flags[2] == []
    assert flags[3] == []
    assert FLAG_AFTER_DEATH in flags[4] and FLAG_OUTSIDE_PERIOD in flags[4]


def test_duplicates_same_date_similar_text_different_agencies() -> None:
    entries = [
        row(
            1, "2021-05-04", 1, "Police attended domestic incident at home address; DASH high risk"
        ),
        row(
            2, "2021-05-04", 2, "Police attended a domestic incident at the home address, DASH high"
        ),
        row(3, "2021-05-04", 3, "Rent arrears letter sent"),
        row(
            4, "2021-05-05", 2, "Police attended domestic incident at home address; DASH high risk"
        ),
        row(5, "2021-05-04", 1, "Police attended domestic incident at home address DASH high risk"),
    ]
    assert find_duplicates(entries) == [(1, 2), (2, 5)]
    assert find_duplicates(entries, {(1, 2)}) == [(2, 5)]
    merged = [*entries[:4], row(5, "2021-05-04", 1, "x", duplicate_of=1)]
    rows = combine(merged, context())
    assert 5 not in {r.entry.id for r in rows}
    assert {r.entry.id: r.duplicate_candidates for r in rows}[1] == [2]
    assert not similar("GP appointment", "Rent arrears letter")


def test_duplicates_kept_per_date_follow_changed_rows() -> None:
    """The pairs of a date are kept between loads; a changed text, agency or id on that
    date is compared again, and distinct pairs are still left out."""
    from dhrdesk.core.chronology import find_duplicates

    def row(entry_id: int, agency: int, event: str, date: str = "2021-05-04") -> ChronologyEntry:
        return ChronologyEntry(1, agency, date, "Log", event, id=entry_id)

    first = [
        row(1, 1, "Police called to the flat after shouting"),
        row(2, 2, "Police called to the flat after shouting"),
    ]
    assert find_duplicates(first) == [(1, 2)]
    assert find_duplicates(first) == [(1, 2)]  # the kept pairs
    assert find_duplicates(first, {(1, 2)}) == []
    changed = [first[0], row(2, 2, "GP appointment about back pain")]
    assert find_duplicates(changed) == []
    same_agency = [first[0], row(2, 1, "Police called to the flat after shouting")]
    assert find_duplicates(same_agency) == []
    other_ids = [row(1, 1, first[0].event), row(3, 2, first[1].event)]
    assert find_duplicates(other_ids) == [(1, 3)]
