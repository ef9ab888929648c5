"""Month arithmetic, British date parsing and partial-date ordering."""

from __future__ import annotations

import calendar
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dhrdesk.core.dates import (
    InvalidDateError,
    PartialDate,
    add_months,
    format_date,
    month_year,
    parse_date,
    parse_date_time,
    parse_iso_date,
    parse_time,
)
from dhrdesk.core.errors import ValidationError

# --- add_months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # common year
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # across the year end, clamped
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards into a leap February
        (date(2025, 1, 15), -2, date(2024, 11, 15)),  # backwards across the year end
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a leap day a year on
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # six-month target from a month end
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
    ],
)
def test_add_months_clamps_at_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_refuses_non_whole_months() -> None:
    with pytest.raises(TypeError):
        add_months(date(2025, 1, 1), 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_months(date(2025, 1, 1), True)  # type: ignore[arg-type]


def test_add_months_outside_calendar_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        add_months(date(9999, 12, 1), 1)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=-600, max_value=600),
)
def test_add_months_properties(start: date, months: int) -> None:
    result = add_months(start, months)
    # The month difference is exact ...
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    # ... the day never grows, and only shrinks to the last day of a shorter month.
    assert result.day <= start.day
    if result.day < start.day:
        assert result.day == calendar.monthrange(result.year, result.month)[1]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 28)))
def test_add_months_round_trip_when_day_fits(start: date) -> None:
    if start.day <= 28:
        assert add_months(add_months(start, 7), -7) == start


# --- formatting ---------------------------------------------------------------------------


def test_month_year_and_format_date() -> None:
    assert month_year(date(2026, 3, 9)) == "March 2026"
    assert format_date(date(2019, 4, 3)) == "3 April 2019"


# --- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2019", PartialDate(2019, 4, 3)),  # day first: 3 April
        ("3/4/2019", PartialDate(2019, 4, 3)),
        ("03-04-2019", PartialDate(2019, 4, 3)),
        ("03.04.2019", PartialDate(2019, 4, 3)),
        ("3 April 2019", PartialDate(2019, 4, 3)),
        ("3rd Apr 2019", PartialDate(2019, 4, 3)),
        ("Wednesday 3 April 2019", PartialDate(2019, 4, 3)),
        ("  3   APRIL   2019 ", PartialDate(2019, 4, 3)),
        ("April 2019", PartialDate(2019, 4)),
        ("Sept 2020", PartialDate(2020, 9)),
        ("04/2019", PartialDate(2019, 4)),
        ("2019", PartialDate(2019)),
        ("2019-04-03", PartialDate(2019, 4, 3)),
        ("2019-04", PartialDate(2019, 4)),
        ("29/02/2024", PartialDate(2024, 2, 29)),
    ],
)
def test_parse_british_formats(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_date", "expected_time"),
    [
        ("03/04/2019 14:30", PartialDate(2019, 4, 3), time(14, 30)),
        ("2019-04-03T14:30", PartialDate(2019, 4, 3), time(14, 30)),
        ("2019-04-03 09:05:07", PartialDate(2019, 4, 3), time(9, 5, 7)),
        ("3 April 2019 at 2:30pm", PartialDate(2019, 4, 3), time(14, 30)),
        ("3 April 2019, 12am", PartialDate(2019, 4, 3), time(0, 0)),
        ("3 April 2019", PartialDate(2019, 4, 3), None),
    ],
)
def test_parse_date_with_optional_time(
    text: str, expected_date: PartialDate, expected_time: time | None
) -> None:
    assert parse_date_time(text) == (expected_date, expected_time)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "2026-02-30 is not a date: February 2026 has 28 days."),
        ("29/02/2023", "29/02/2023 is not a date: February 2023 has 28 days."),
        ("31/04/2019", "31/04/2019 is not a date: April 2019 has 30 days."),
        ("04/13/2019", "04/13/2019 is not a date: there is no month 13."),
        ("3 Smarch 2019", "3 Smarch 2019 is not a date: 'Smarch' is not a month."),
        ("03/04/19", "03/04/19 is not a date: give a four-digit year."),
        ("", "The date is empty."),
        ("April 2019 14:30", "April 2019 14:30 is not a date and time: a time needs a full date."),
        ("next Tuesday", "next Tuesday is not a date: write it as"),
    ],
)
def test_parse_errors_are_clear(text: str, message: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_date_time(text)
    assert info.value.message.startswith(message)


def test_partial_date_parse_refuses_a_time() -> None:
    with pytest.raises(InvalidDateError, match="remove the time"):
        PartialDate.parse("03/04/2019 14:30")


def test_parse_time_rules() -> None:
    assert parse_time("14.30") == time(14, 30)
    assert parse_time("12pm") == time(12, 0)
    for bad in ("25:00", "14:61", "13pm", "14"):
        with pytest.raises(InvalidDateError, match="is not a time"):
            parse_time(bad)


def test_parse_date_needs_a_full_date() -> None:
    assert parse_date("31/01/2025") == date(2025, 1, 31)
    with pytest.raises(InvalidDateError, match="April 2019 is not a full date"):
        parse_date("April 2019")


def test_parse_iso_date_is_strict() -> None:
    assert parse_iso_date("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(InvalidDateError, match="2026-02-30 is not a date"):
        parse_iso_date("2026-02-30")
    with pytest.raises(InvalidDateError, match="expected YYYY-MM-DD"):
        parse_iso_date("28/02/2026")
    with pytest.raises(InvalidDateError, match="expected YYYY-MM-DD"):
        parse_iso_date(20260228)


def test_invalid_date_error_is_a_validation_error() -> None:
    assert issubclass(InvalidDateError, ValidationError)


# --- partial dates ------------------------------------------------------------------------


def test_partial_date_display_and_iso() -> None:
    assert PartialDate(2019, 4, 3).display() == "3 April 2019"
    assert PartialDate(2019, 4).display() == "April 2019"
    assert str(PartialDate(2019)) == "2019"
    assert [
        p.iso() for p in (PartialDate(2019, 4, 3), PartialDate(2019, 4), PartialDate(2019))
    ] == [
        "2019-04-03",
        "2019-04",
        "2019",
    ]
    for value in (PartialDate(2019, 4, 3), PartialDate(2019, 4), PartialDate(2019)):
        assert PartialDate.parse(value.iso()) == value
        assert PartialDate.parse(value.display()) == value


def test_partial_date_flags_and_periods() -> None:
    assert PartialDate(2019).is_partial
    assert PartialDate(2019, 2).is_partial
    assert not PartialDate(2019, 2, 1).is_partial
    assert PartialDate(2024, 2).last_day() == date(2024, 2, 29)
    assert PartialDate(2019).first_day() == date(2019, 1, 1)
    assert PartialDate(2019).last_day() == date(2019, 12, 31)
    with pytest.raises(InvalidDateError, match="not a full date"):
        PartialDate(2019, 2).to_date()


def test_partial_date_constructor_validates() -> None:
    with pytest.raises(InvalidDateError, match="February 2023 has 28 days"):
        PartialDate(2023, 2, 29)
    with pytest.raises(InvalidDateError, match="the month is missing"):
        PartialDate(2023, None, 5)


def test_partial_dates_sort_at_start_of_their_period() -> None:
    texts = [
        "February 2019",
        "2 January 2019",
        "2019",
        "1 January 2019",
        "January 2019",
        "31/12/2018",
        "2020",
    ]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [p.display() for p in ordered] == [
        "31 December 2018",
        "2019",
        "January 2019",
        "1 January 2019",
        "2 January 2019",
        "February 2019",
        "2020",
    ]


@given(
    st.builds(
        lambda y, m, d, precision: PartialDate(
            y, m if precision > 0 else None, min(d, 28) if precision > 1 else None
        ),
        st.integers(1990, 2030),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 2),
    ),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
)
def test_partial_date_sorts_no_later_than_any_full_date_in_its_period(
    partial: PartialDate, day: date
) -> None:
    full = PartialDate.from_date(day)
    if partial.first_day() <= day <= partial.last_day():
        assert partial <= full
    elif day < partial.first_day():
        assert full < partial
    else:
        assert partial < full
