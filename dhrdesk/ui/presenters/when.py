"""A stored UTC timestamp as the user reads it: their local date and time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dhrdesk.core.dates import format_date


def local_when(stamp: str, date_text: Callable[[dt.date], str] = format_date) -> str:
    """``stamp`` (ISO, as stored) in local time: "4 June 2025 14:05", the date written by
    ``date_text``; the text as stored when it cannot be read."""
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{date_text(moment.date())} {moment:%H:%M}"
