"""The time stamp every record and audit entry uses (a module of its own so that
opening the store does not import every repository)."""

from __future__ import annotations

import datetime as dt


def utc_now() -> str:
    """UTC, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
