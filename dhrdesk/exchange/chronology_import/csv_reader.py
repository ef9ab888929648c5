"""CSV: encoding, delimiter, Excel's 'sep=' line, bounded rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from itertools import islice

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange.chronology_import.base import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportProgress,
    RawTable,
    _refuse_too_many_rows,
    normalise_cell,
)
from dhrdesk.exchange.chronology_import.grid import _finish


# ------------------------------------------------------------------------------- CSV
def _decode(name: str, content: bytes) -> tuple[str, list[str]]:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        text = content.decode(encoding)
        notes: list[str] = []
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise InputFileError(
                f"{name} is damaged: it says it is {encoding.upper()} text but is not.",
                hint="Save it again from Excel as 'CSV UTF-8'.",
            ) from None
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
        notes = [
            "The file is not UTF-8: it was read as Windows-1252 (Western European). "
            "Check that £, € and accented letters look right in the preview; if they do "
            "not, save it from Excel as 'CSV UTF-8'."
        ]
    if "\x00" in text:
        raise InputFileError(
            f"{name} is not a text (CSV) file: it holds binary data.",
            hint="Import the Excel (.xlsx) or Word (.docx) file, or save the table as CSV.",
        )
    return text, notes


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def _detect_delimiter(text: str) -> str:
    """',' ';' or tab: the one that splits the first rows most consistently.

    csv.Sniffer proposes; the choice is checked by parsing the first 200 rows with
    each candidate, because the Sniffer is easily fooled by commas inside quoted
    text (common in event descriptions).
    """
    candidates = [",", ";", "\t"]
    try:
        sniffed = csv.Sniffer().sniff(text[:65536], delimiters=",;\t").delimiter
    except csv.Error:
        sniffed = ","
    best, best_score = sniffed if sniffed in candidates else ",", (-1, -1)
    for delimiter in candidates:
        try:
            sample = [
                r for r in islice(_csv_rows(text, delimiter), 200) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not sample:
            continue
        width = len(sample[0])
        if width < 2:
            continue
        consistent = sum(1 for r in sample if len(r) == width)
        score = (consistent, 1 if delimiter == sniffed else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(name: str, content: bytes, progress: ImportProgress | None = None) -> RawTable:
    text, notes = _decode(name, content)
    if not text.strip():
        raise InputFileError(f"{name} is empty: it holds no rows.")
    hinted, text = _separator_hint(name, text)
    if not text.strip():
        raise InputFileError(f"{name} holds only a separator line (sep=...), no rows.")
    delimiter = hinted or _detect_delimiter(text)
    grid: list[list[str]] = []
    numbers: list[int] = []
    count = 0
    lines = text.count("\n") + 1
    try:
        for number, row in enumerate(_csv_rows(text, delimiter), start=1):
            count += 1
            if progress is not None:
                progress.step("Reading", count, max(lines, count))
            if count > MAX_ROWS + HEADER_SEARCH_ROWS:
                continue  # keep counting for the message, stop storing
            grid.append([normalise_cell(c) for c in row[:MAX_COLUMNS]])
            numbers.append(number)
    except csv.Error as exc:
        raise InputFileError(
            f"{name} cannot be read as CSV near row {count + 1}: {exc}.",
            hint="Open it in Excel and save it again as 'CSV UTF-8'.",
        ) from None
    if count > MAX_ROWS + 1:
        data_rows = count - 1
        raise _refuse_too_many_rows(name, data_rows)
    label = _SEPARATOR_NAMES.get(delimiter, f"'{delimiter}'")
    raw = _finish(name, f"CSV, {label}-separated", grid, numbers, notes=notes)
    return raw


_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical-bar", " ": "space"}
_SEP_LINE = re.compile(r'^\s*"?sep=(.?)"?[,;\t]*\s*$', re.IGNORECASE)


def _separator_hint(name: str, text: str) -> tuple[str | None, str]:
    """Excel's hint line (``sep=;``, written when the user picked a separator): the
    separator it names and the text without that line; (None, text) without a hint.

    Excel may quote the line (``"sep=,"``) or follow it with empty cells; ``sep=`` with
    nothing after it is dropped and the separator is found from the rows. A hint that
    names a quote, a letter or a digit cannot be a separator, so it is refused.
    """
    first, newline, rest = text.partition("\n")
    match = _SEP_LINE.match(first.rstrip("\r"))
    if match is None:
        return None, text
    rest = rest if newline else ""
    hinted = match.group(1)
    if not hinted:
        return None, rest
    if hinted == '"' or hinted.isalnum() or hinted in "\r\n":
        raise InputFileError(
            f"The first line of {name} says the columns are separated by '{hinted}', "
            "which cannot separate columns.",
            hint="Delete the first line (sep=...) in a text editor, or save the file from "
            "Excel again as 'CSV UTF-8'.",
        )
    return hinted, rest
