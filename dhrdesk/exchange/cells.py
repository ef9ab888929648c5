"""Cells the app writes into CSV and XLSX files that agencies open in Excel.

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
taken by Excel (and LibreOffice) as the start of a formula: ``=HYPERLINK(...)`` in
an action's wording would become a live link, ``=cmd|...`` worse ("formula" or
"CSV injection"). Every text cell the app writes goes through these helpers, so the
reader sees the text exactly as it was typed and Excel never runs it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

__all__ = [
    "EXCEL_EPOCH",
    "FORMULA_STARTS",
    "csv_safe",
    "excel_moment",
    "is_formula_like",
    "set_text",
]

# Day 0 of Excel's day numbers (1900 system, counting its phantom 29 February 1900).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> str:
    """The text for a CSV cell: a formula-like text gets a leading apostrophe, which Excel
    shows as text (the OWASP advice). Lists are joined with ';'; None is empty; numbers
    are written as they are (a negative number is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    if not isinstance(value, str):
        return str(value)
    return "'" + value if is_formula_like(value) else value


def set_text(cell: Any, value: Any) -> Any:
    """Put ``value`` in an openpyxl cell; a formula-like text is stored as a string cell with
    Excel's quote prefix, never as a formula. The stored text is unchanged (it reads back
    exactly as written), which matters for the update sheet's row checks."""
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def excel_moment(serial: float) -> dt.datetime:
    """The moment an Excel day number stands for (43558.5 -> 2019-04-03 12:00), for a
    number read from a cell that was not formatted as a date."""
    return EXCEL_EPOCH + dt.timedelta(days=serial)
