"""The one date-formatting module: same text whatever the locale."""

from __future__ import annotations

import datetime as dt
import locale

from dhrdesk.core import dates


def test_every_form() -> None:
    day = dt.date(2019, 4, 3)
    assert dates.format_date(day) == "3 April 2019"
    assert dates.short_date(day) == "3 Apr 2019"
    assert dates.numeric_date(day) == "03/04/2019"
    assert dates.month_year(day) == "April 2019"
    assert dates.short_month_year(day) == "Apr 2019"
    assert dates.format_date_time(dt.datetime(2019, 4, 3, 9, 5)) == "3 April 2019, 09:05"
    for fn in (dates.format_date, dates.short_date, dates.numeric_date, dates.month_year):
        assert fn(None) == "" and fn(None, "not set") == "not set"


def test_not_changed_by_the_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "cy_GB.UTF-8", "pl_PL.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert dates.short_date(dt.date(2026, 5, 1)) == "1 May 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)
