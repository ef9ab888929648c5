"""read_date_field: the one reading of what a person types into a date field."""

from __future__ import annotations

from datetime import date

import pytest

from dhrdesk.core.dates import InvalidDateError, PartialDate, read_date_field

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "12/03/2025",
        "12/3/25",
        "12 Mar 2025",
        "12 March 2025",
        "2025-03-12",
        "12.03.2025",
        "12-3-2025",
        "12th March 2025",
        "Wednesday 12 March 2025",
        "  12 / 03 / 2025 ".replace(" / ", "/"),
        "12 Mar 25",
        "12 mar. 2025",
    ],
)
def test_full_dates_as_people_type_them(text: str) -> None:
    assert read_date_field(text, "date", today=TODAY) == PartialDate(2025, 3, 12)


@pytest.mark.parametrize(
    "text",
    ["03/2026", "3/2026", "March 2026", "Mar 26", "mar 2026", "03/26", "2026-03", "12 March 2026"],
)
def test_month_fields(text: str) -> None:
    assert read_date_field(text, "month", today=TODAY) == PartialDate(2026, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2025", PartialDate(2025, 3)),
        ("2025", PartialDate(2025)),
        ("12/03/2025", PartialDate(2025, 3, 12)),
        ("Mar 25", PartialDate(2025, 3)),
    ],
)
def test_partial_fields_keep_what_is_known(text: str, expected: PartialDate) -> None:
    assert read_date_field(text, "partial", today=TODAY) == expected


def test_two_digit_years_take_the_nearer_century() -> None:
    assert read_date_field("5/6/52", "date", today=TODAY) == PartialDate(1952, 6, 5)
    assert read_date_field("1/1/36", "date", today=TODAY) == PartialDate(2036, 1, 1)
    assert read_date_field("1/1/37", "date", today=TODAY) == PartialDate(1937, 1, 1)


def test_empty_is_none_and_today_is_only_ever_typed() -> None:
    assert read_date_field("   ", "date", today=TODAY) is None
    assert read_date_field("today", "date", today=TODAY) == PartialDate(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("31 Feb 2025", "date", "31 Feb 2025 is not a date: February 2025 has 28 days."),
        ("31/02/25", "date", "31/02/25 is not a date: February 2025 has 28 days."),
        ("29/02/2025", "date", "February 2025 has 28 days"),
        ("13/13/2025", "date", "there is no month 13"),
        ("March 2025", "date", "March 2025 is not a full date: give the day as well"),
        ("2025", "date", "give the day as well"),
        ("12/03", "date", "12/03 is not a date: give the year as well"),
        ("12", "partial", "give the year as well"),
        ("2025", "month", "2025 is not a month: give the month as well"),
        ("Foo 26", "month", "'Foo' is not a month"),
        ("next week", "date", "next week is not a date DHR Desk can read (for example 12/03/2025"),
        ("12/03/2025 14:30", "date", "remove the time"),
    ],
)
def test_impossible_or_incomplete_dates_are_refused_with_a_reason(
    text: str, kind: str, message: str
) -> None:
    with pytest.raises(InvalidDateError) as caught:
        read_date_field(text, kind, today=TODAY)
    assert message in caught.value.message


def test_limits() -> None:
    with pytest.raises(InvalidDateError, match="cannot be in the future"):
        read_date_field("4/12/2026", "date", today=TODAY, latest=TODAY)
    assert read_date_field("December 2026", "month", today=TODAY, latest=TODAY)
    with pytest.raises(InvalidDateError, match="earliest date allowed"):
        read_date_field("1/1/1899", "date", today=TODAY, earliest=date(1900, 1, 1))


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read_date_field("1/1/2025", "week")
