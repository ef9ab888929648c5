"""Dates as a chair writes them: British day-first formats, partial dates, month arithmetic.

Why this module exists
----------------------
* Statutory clocks are counted in calendar months ("within one month of the
  notification"), so ``add_months`` clamps at the month end: 31 January + 1 month
  is 28 February (29 in a leap year), never 3 March.
* Agency chronologies often know only a month or a year ("spring 2019" becomes
  "2019", "April 2019"). A :class:`PartialDate` keeps exactly what is known
  instead of inventing a day.
* "03/04/2019" is always **3 April 2019** (day first). There is no guessing of
  US order: "04/13/2019" is rejected because there is no month 13.

Partial-date sort rule
----------------------
``PartialDate.sort_key`` is ``(year, month or 0, day or 0, precision)`` where
precision is 0 for a year, 1 for a month, 2 for a full date. A partial date
therefore sorts at the *start* of its period, before every fuller date inside
that period: "2019" < "January 2019" < "1 January 2019" < "2 January 2019" <
"February 2019". ``is_partial`` is true when the day (or month) is unknown, so
a chronology can flag rows whose place in the order is approximate.

Errors
------
Every parse failure raises :class:`InvalidDateError` (a ``ValidationError``)
whose message begins with the text the user typed, e.g.
``"2026-02-30 is not a date: February 2026 has 28 days."`` Callers that read
files (import, profiles) prefix the location, giving
``review.stages[3].date: 2026-02-30 is not a date: ...``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import total_ordering

from dhrdesk.core.errors import ValidationError

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTH_LOOKUP: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_LOOKUP[_name.lower()] = _number
    _MONTH_LOOKUP[_name[:3].lower()] = _number
_MONTH_LOOKUP["sept"] = 9

_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+"

PRECISION_YEAR = 0
PRECISION_MONTH = 1
PRECISION_DAY = 2


class InvalidDateError(ValidationError):
    """Text that is not a (valid) date. The message starts with the text as typed."""


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier when negative).

    When the target month is shorter, the result is clamped to its last day:
    31 January 2024 + 1 = 29 February 2024; 31 January 2025 + 1 = 28 February 2025.
    This is how "within one month" is read for statutory clocks.
    """
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"months must be a whole number, got {months!r}")
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValidationError(f"{day.isoformat()} plus {months} months is outside the calendar.")
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


# ------------------------------------------------------------------ formatting
# The one place dates become text, for screens, documents, the gate and exports.
# Never locale-dependent (no strftime %b/%B): a Welsh or Polish locale must not
# change a report.


def month_year(day: date | None, missing: str = "") -> str:
    """'March 2026': how published reviews give the month of death."""
    return missing if day is None else f"{MONTH_NAMES[day.month - 1]} {day.year}"


def short_month_year(day: date | None, missing: str = "") -> str:
    """'Mar 2026': month axis labels and narrow cells."""
    return missing if day is None else f"{MONTH_NAMES[day.month - 1][:3]} {day.year}"


def format_date(day: date | None, missing: str = "") -> str:
    """'3 April 2019': the unambiguous British long form used on screen and in reports."""
    return missing if day is None else f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def short_date(day: date | None, missing: str = "") -> str:
    """'3 Apr 2019': compact but unambiguous, for table cells."""
    return missing if day is None else f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def numeric_date(day: date | None, missing: str = "") -> str:
    """'03/04/2019': day first, for spreadsheets agencies fill in."""
    return missing if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def format_date_time(moment: datetime | None, missing: str = "") -> str:
    """'3 April 2019, 14:05' (local time as given)."""
    if moment is None:
        return missing
    return f"{format_date(moment.date())}, {moment.hour:02d}:{moment.minute:02d}"


def format_timestamp(text: str, zone: str = "") -> str:
    """'2026-03-04T10:15:00+00:00' -> '4 March 2026 at 10:15' (the time as recorded, with
    `` {zone}`` after it when given); a text that is not a time stamp comes back as it is."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    after = f" {zone}" if zone else ""
    return f"{format_date(moment.date())} at {moment.hour:02d}:{moment.minute:02d}{after}"


def _check_year(text: str, year: int) -> None:
    if not 1000 <= year <= 9999:
        raise InvalidDateError(f"{text} is not a date: give a four-digit year.")


def _check(text: str, year: int, month: int | None, day: int | None) -> None:
    """Raise a message that says exactly what is wrong with the parts."""
    _check_year(text, year)
    if month is None:
        return
    if not 1 <= month <= 12:
        raise InvalidDateError(f"{text} is not a date: there is no month {month}.")
    if day is None:
        return
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidDateError(
            f"{text} is not a date: {MONTH_NAMES[month - 1]} {year} has {last} days."
        )


@total_ordering
@dataclass(frozen=True, eq=True)
class PartialDate:
    """A date of which only the year, or the year and month, may be known.

    ``day`` set requires ``month`` set. Use :meth:`parse` for user text and
    :meth:`iso` to store (``"2019"``, ``"2019-04"``, ``"2019-04-03"``).
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InvalidDateError(f"{self.day} ? {self.year} is not a date: the month is missing.")
        _check(self.iso(), self.year, self.month, self.day)

    # -- construction --------------------------------------------------------------------
    @classmethod
    def from_date(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read a date as a British user types it. A time is not allowed here.

        Accepted: "03/04/2019" (3 April), "3-4-2019", "3.4.2019", "3 April 2019",
        "3rd Apr 2019", "Wednesday 3 April 2019", "April 2019", "04/2019", "2019",
        ISO "2019-04-03" and "2019-04". Use :func:`parse_date_time` when a time
        may follow.
        """
        value, moment = parse_date_time(text)
        if moment is not None:
            raise InvalidDateError(
                f"{text.strip()} is not a date on its own: remove the time "
                "(it goes in the time field)."
            )
        return value

    # -- properties ----------------------------------------------------------------------
    @property
    def precision(self) -> int:
        if self.month is None:
            return PRECISION_YEAR
        if self.day is None:
            return PRECISION_MONTH
        return PRECISION_DAY

    @property
    def is_partial(self) -> bool:
        """True when the day (and perhaps the month) is not known."""
        return self.day is None

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """(year, month or 0, day or 0, precision): partial dates sort first in their period."""
        return (self.year, self.month or 0, self.day or 0, self.precision)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def first_day(self) -> date:
        """The first day of the period: 1 January for a year, the 1st for a month."""
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        """The last day of the period (for "is this within the review period?")."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def to_date(self) -> date:
        """The full date; raises when only part of it is known."""
        if self.day is None:
            raise InvalidDateError(f"{self.display()} is not a full date: the day is not known.")
        return date(self.year, self.month or 1, self.day)

    # -- output --------------------------------------------------------------------------
    def iso(self) -> str:
        """Storage form: '2019', '2019-04' or '2019-04-03'."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """Display form: '3 April 2019', 'April 2019' or '2019'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.display()


_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_NUMERIC_DMY = re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{2,4})$")
_NUMERIC_MY = re.compile(r"^(?P<m>\d{1,2})[/.\-](?P<y>\d{4})$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$")
_YEAR = re.compile(r"^(?P<y>\d{1,4})$")
_WORDS_DMY = re.compile(
    r"^(?:"
    + _WEEKDAYS
    + r")?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mn>[a-z]+)\.?,?\s+(?P<y>\d{1,4})$",
    re.IGNORECASE,
)
_WORDS_MY = re.compile(r"^(?P<mn>[a-z]+)\.?,?\s+(?P<y>\d{1,4})$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """'14:30', '14.30', '14:30:05', '2pm', '2:30 pm' -> time."""
    raw = text.strip()
    match = _TIME_RE.match(raw.lower())
    if not match:
        raise InvalidDateError(f"{raw} is not a time: use 24-hour hh:mm, for example 14:30.")
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    second = int(match["s"] or 0)
    ampm = match["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidDateError(f"{raw} is not a time: with am/pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif match["m"] is None:
        raise InvalidDateError(f"{raw} is not a time: use 24-hour hh:mm, for example 14:30.")
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidDateError(f"{raw} is not a time: hours run 0-23 and minutes 0-59.")
    return time(hour, minute, second)


def _month_from_name(text: str, name: str) -> int:
    number = _MONTH_LOOKUP.get(name.lower())
    if number is None:
        raise InvalidDateError(f"{text} is not a date: '{name}' is not a month.")
    return number


def _parse_date_part(text: str) -> PartialDate:
    """The date alone (no time)."""
    low = " ".join(text.split())
    match = _ISO.match(low)
    if match:
        day = int(match["d"]) if match["d"] else None
        return _build(text, int(match["y"]), int(match["m"]), day)
    match = _NUMERIC_DMY.match(low)
    if match:
        if len(match["y"]) != 4:
            raise InvalidDateError(f"{text} is not a date: give a four-digit year.")
        return _build(text, int(match["y"]), int(match["m"]), int(match["d"]))
    match = _NUMERIC_MY.match(low)
    if match:
        return _build(text, int(match["y"]), int(match["m"]), None)
    match = _WORDS_DMY.match(low)
    if match:
        month = _month_from_name(text, match["mn"])
        return _build(text, int(match["y"]), month, int(match["d"]))
    match = _WORDS_MY.match(low)
    if match:
        month = _month_from_name(text, match["mn"])
        return _build(text, int(match["y"]), month, None)
    match = _YEAR.match(low)
    if match:
        return _build(text, int(match["y"]), None, None)
    raise InvalidDateError(
        f"{text} is not a date: write it as 3/4/2019, 3 April 2019, April 2019, 2019 or 2019-04-03."
    )


def _build(text: str, year: int, month: int | None, day: int | None) -> PartialDate:
    _check(text, year, month, day)
    return PartialDate(year, month, day)


def parse_date_time(text: str) -> tuple[PartialDate, time | None]:
    """Parse a date with an optional time: "03/04/2019 14:30", "2019-04-03T14:30".

    A time is only accepted after a full date (a time in "April 2019" means nothing).
    """
    if not isinstance(text, str):
        raise InvalidDateError(f"{text!r} is not a date: expected text.")
    raw = " ".join(text.strip().split())
    if not raw:
        raise InvalidDateError("The date is empty.")
    date_text, time_text = raw, ""
    iso_t = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})[T ](.+)$", raw)
    if iso_t:
        date_text, time_text = iso_t.group(1), iso_t.group(2)
    else:
        # A trailing token with ':' / am / pm, or "at 14:30", is a time.
        tail = re.match(
            r"^(.*?)(?:,?\s+(?:at\s+)?)(\d{1,2}(?:[:.]\d{2}){0,2}\s*(?:am|pm)?)$", raw, re.I
        )
        if tail and (":" in tail.group(2) or re.search(r"(am|pm)$", tail.group(2), re.I)):
            date_text, time_text = tail.group(1), tail.group(2)
    value = _parse_date_part(date_text)
    if not time_text:
        return value, None
    if value.is_partial:
        raise InvalidDateError(f"{raw} is not a date and time: a time needs a full date.")
    return value, parse_time(time_text)


def parse_date(text: str) -> date:
    """A full calendar date from British or ISO text; partial dates are refused.

    Used for stage dates, pauses and due dates, where the day matters.
    """
    value = PartialDate.parse(text)
    if value.is_partial:
        raise InvalidDateError(f"{text.strip()} is not a full date: give the day as well.")
    return value.to_date()


def parse_iso_date(text: object) -> date:
    """Strict 'YYYY-MM-DD' (for files written by machines: interchange, profiles)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidDateError(f"{text!r} is not a date: expected YYYY-MM-DD.")
    year, month, day = (int(part) for part in text.split("-"))
    _check(text, year, month, day)
    return date(year, month, day)


# ----------------------------------------------------------------- typed into a field
FIELD_KINDS = ("date", "partial", "month")
"""What a date field holds: a full date, a date that may be partial, or a month and year."""

FIELD_HINTS = {
    "date": "for example 12/03/2025, 12 Mar 2025 or 2025-03-12",
    "partial": "for example 12/03/2025, March 2025 or 2025 (part dates allowed)",
    "month": "for example 03/2026, March 2026 or Mar 26",
}

_TWO_DIGIT_YEAR = re.compile(r"^(?P<head>.*?(?:[/.\-]|[a-z]\.?,?\s+|\s))(?P<yy>\d{2})$", re.I)
_FIELD_BARE_YEAR = re.compile(r"^\d{2}$")


def expand_two_digit_year(yy: int, today: date) -> int:
    """'25' as 2025 and '52' as 1952: a two-digit year means the century that puts it
    no more than ten years after ``today`` (dates of birth are decades back, plans
    a few years ahead). The field shows the full reading straight away, so a chair
    sees at once which year was understood."""
    year = 2000 + yy
    return year if year <= today.year + 10 else year - 100


def _expand_year(text: str, today: date) -> str:
    """Rewrite a trailing two-digit year ('12/3/25', 'Mar 26') with four digits."""
    if re.match(r"^\d{4}", text):  # ISO: the year is already first
        return text
    match = _TWO_DIGIT_YEAR.match(text)
    if not match:
        return text
    head = match["head"]
    if not re.search(r"\d|[a-z]", head, re.I):
        return text
    return f"{head}{expand_two_digit_year(int(match['yy']), today)}"


def read_date_field(
    text: str,
    kind: str = "date",
    *,
    today: date | None = None,
    latest: date | None = None,
    earliest: date | None = None,
) -> PartialDate | None:
    """The one reading of what a person typed into a date field; None when empty.

    ``kind`` is "date" (a full date is needed: stage dates, due dates), "partial"
    (a year, or month and year, is allowed: chronology rows) or "month" (month and
    year: the month of death; a full date keeps its month). Accepts every form
    :meth:`PartialDate.parse` accepts, two-digit years ("12/3/25", "Mar 26") and
    "today". ``latest``/``earliest`` bound the date (e.g. not in the future).
    Raises :class:`InvalidDateError` with a message that starts with the text as
    typed and says what to do; it never guesses a missing part and never falls
    back to today.
    """
    if kind not in FIELD_KINDS:
        raise ValueError(f"Unknown date field kind {kind!r}")
    today = today or date.today()
    raw = " ".join(str(text or "").split())
    if not raw:
        return None
    if raw.lower() == "today":
        value = PartialDate.from_date(today)
    else:
        expanded = _expand_year(raw, today)
        if kind == "month":
            numeric = re.fullmatch(r"(\d{1,2})[/.\-](\d{2})", raw)
            if numeric:  # "03/26": month and two-digit year
                expanded = f"{numeric[1]}/{expand_two_digit_year(int(numeric[2]), today)}"
        day_month_only = kind != "month" and re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}", raw)
        if _FIELD_BARE_YEAR.match(raw) or day_month_only:
            raise InvalidDateError(
                f"{raw} is not a date: give the year as well ({FIELD_HINTS[kind]})."
            )
        try:
            value = PartialDate.parse(expanded)
        except InvalidDateError as exc:
            message = exc.message
            if expanded != raw and message.startswith(expanded):
                message = raw + message[len(expanded) :]
            if "write it as" in message:
                message = f"{raw} is not a date DHR Desk can read ({FIELD_HINTS[kind]})."
            raise InvalidDateError(message) from None
    if kind == "date" and value.is_partial:
        raise InvalidDateError(
            f"{raw} is not a full date: give the day as well ({FIELD_HINTS['date']})."
        )
    if kind == "month":
        if value.month is None:
            raise InvalidDateError(f"{raw} is not a month: give the month as well as the year.")
        value = PartialDate(value.year, value.month)
    if latest is not None and value.first_day() > latest:
        raise InvalidDateError(
            f"{value.display()} is after {format_date(latest)}: this date cannot be in the future."
            if latest == today
            else f"{value.display()} is after {format_date(latest)}, the latest date allowed here."
        )
    if earliest is not None and value.last_day() < earliest:
        raise InvalidDateError(
            f"{value.display()} is before {format_date(earliest)}, the earliest date allowed here."
        )
    return value
