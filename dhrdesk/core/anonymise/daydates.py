"""Dates precise to the day: finding them, registered days without a year, relative words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dhrdesk.core.dates import MONTH_NAMES

# ------------------------------------------------------------------------------ dates
_MONTHS = "|".join(
    sorted({m for name in MONTH_NAMES for m in (name, name[:3], "Sept")}, key=len, reverse=True)
)
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
DAY_DATE_PATTERNS = [
    # 14/03/2021, 14-03-21, 14.03.2021
    r"(?<!\d)(?<![\d][/.-])(?P<d1>[0-3]?\d)\s?[/.-]\s?(?P<m1>[01]?\d)\s?[/.-]\s?(?P<y1>(?:19|20)?\d\d)(?!\d|[/.-]\d)",
    # 2021-03-14
    r"(?<![\d-])(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d|-\d)",
    # (Monday) 14(th) (of) March (2021), 14-Mar-2021, 14 Mar 89., 14 June '89
    rf"\b{_WEEKDAY}(?P<d3>[0-3]?\d){_ORD}(?:\s+(?:of\s+)?|\s*[-./]\s*)(?P<mn3>{_MONTHS})\.?"
    rf"(?:(?:,?\s+|\s*[-./]\s*)(?P<y3>(?:19|20)\d\d)\b|(?:\s*[-./]\s*|\s+')(?P<y3s>\d\d)\b"
    rf"|\s+(?P<y3t>\d\d)(?=[.,;:)]|\s*$))?\b",
    # March 14(th)(,) (2021)
    rf"\b{_WEEKDAY}(?P<mn4>{_MONTHS})\.?\s+(?:the\s+)?(?P<d4>[0-3]?\d){_ORD}\b(?:,?\s+(?P<y4>(?:19|20)\d\d))?",
]
_DAY_DATE_RE = re.compile("|".join(f"(?:{p})" for p in DAY_DATE_PATTERNS), re.IGNORECASE)
_MONTH_LOOKUP: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_LOOKUP[_name.lower()] = _i
    _MONTH_LOOKUP[_name[:3].lower()] = _i
_MONTH_LOOKUP["sept"] = 9
_DIGITS = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{
            c: " "
            for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
            "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x85\x0b\x0c\x1c\x1d\x1e\x1f"
        },
    }
)
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class DayDate:
    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None

    def as_date(self) -> dt.date | None:
        if self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


def _plain_digits(text: str) -> str:
    """Full-width digits as ASCII and look-alike spaces as spaces, keeping offsets."""
    if text.isascii():
        return text
    return text.translate(_DIGITS)


def find_day_dates(text: str) -> list[DayDate]:
    """Every date precise to the day in ``text`` (valid calendar days only)."""
    found: list[DayDate] = []
    plain = _plain_digits(text)
    for match in _DAY_DATE_RE.finditer(plain):
        g = match.groupdict()
        day = g["d1"] or g["d2"] or g["d3"] or g["d4"]
        month_text = g["m1"] or g["m2"] or g["mn3"] or g["mn4"]
        year = g["y1"] or g["y2"] or g["y3"] or g["y3s"] or g["y3t"] or g["y4"]
        month = int(month_text) if month_text.isdigit() else _MONTH_LOOKUP[month_text.lower()[:3]]
        if year is not None and len(year) == 2:
            year = ("20" if int(year) < 50 else "19") + year
        y = int(year) if year else None
        d = int(day)
        try:
            dt.date(y or 2000, month, d)
        except ValueError:
            continue
        found.append(
            DayDate(match.start(), match.end(), text[match.start() : match.end()], d, month, y)
        )
    return found


def day_month_pattern(day: dt.date) -> re.Pattern:
    """A registered date written without its year: "17/06", "17-6", "17.6", "17 June",
    "17th of June", "June 17th" (a year after it is part of the full-date scan).

    A dotted form is a paragraph number far more often than a date ("see 14.2"): it
    counts only where nothing says it is a reference (paragraph, section, recommendation,
    at the start of a line)."""
    d, mth = day.day, day.month
    month_names = "|".join(
        {MONTH_NAMES[mth - 1], MONTH_NAMES[mth - 1][:3]} | ({"Sept"} if mth == 9 else set())
    )
    numeric = rf"(?<![\d./-])0?{d}\s?[/-]\s?0?{mth}(?![\d]|[/.-]\d)"
    dotted = (
        rf"(?<![\d./-])(?P<dotted>0?{d}\.0?{mth})"
        r"(?![\d%]|\.\d|\s?(?:%|per\b|mg\b|kg\b|km\b|miles?\b|hours?\b|points?\b))"
    )
    written = (
        rf"\b0?{d}{_ORD}\s+(?:of\s+)?(?:{month_names})\b\.?"
        rf"|\b(?:{month_names})\.?\s+(?:the\s+)?0?{d}{_ORD}\b"
    )
    return re.compile(f"{numeric}|{dotted}|{written}", re.IGNORECASE)


_REFERENCE_BEFORE = re.compile(
    r"(?:paragraphs?|paras?|sections?|recommendations?|appendix|at|see|and|to|in|§|version|"
    r"v|table|figure|page|pages|pp?|step|item|point)\.?\s*$",
    re.IGNORECASE,
)


def is_reference(text: str, match: re.Match) -> bool:
    """Whether a dotted day-month match is a paragraph or section number instead: at the
    start of a line, or after 'paragraph', 'section', 'see', 'at' …"""
    if not match.groupdict().get("dotted"):
        return False
    line = text[: match.start()].rsplit("\n", 1)[-1]
    if not line.strip():
        return True
    return bool(_REFERENCE_BEFORE.search(line[-20:]))


_SMALL = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _count(n: int, unit: str) -> str:
    words = _SMALL[n] if n < len(_SMALL) else str(n)
    return f"{words} {unit}{'s' if n != 1 else ''}"


def relative_to_death(day: dt.date, death: dt.date) -> str:
    delta = (day - death).days
    if delta == 0:
        return "on the day of the death"
    when = "before" if delta < 0 else "after"
    days = abs(delta)
    if days < 14:
        return f"{_count(days, 'day')} {when} the death"
    if days < 63:
        return f"{_count(round(days / 7), 'week')} {when} the death"
    months = round(days / 30.44)
    if months < 24:
        return f"{_count(months, 'month')} {when} the death"
    return f"{_count(round(days / 365.25), 'year')} {when} the death"
