"""From the cells a reader found to a :class:`RawTable`: the header row, blank rows and columns."""

from __future__ import annotations

from collections.abc import Sequence

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange.chronology_import.base import (
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    REQUIRED_FIELDS,
    RawTable,
    _refuse_too_many_rows,
)
from dhrdesk.exchange.chronology_import.mapping import guess_mapping


def _finish(
    name: str,
    where: str,
    grid: list[list[str]],
    numbers: list[int],
    *,
    cell_problems: dict[tuple[int, int], str] | None = None,
    notes: list[str] | None = None,
) -> RawTable:
    """Find the header row, drop blank rows and columns, pad rows; refuse empty tables.

    ``grid`` holds every row read (text cells), ``numbers`` their row numbers in
    the file, ``cell_problems`` is keyed by (index into grid, column).
    """
    notes = list(notes or [])
    cell_problems = dict(cell_problems or {})
    header_index = _header_row_index(grid)
    if header_index is None:
        raise InputFileError(
            f"{name} has no table{f' ({where})' if where else ''}: it is empty.",
            hint="The chronology needs a header row (Date, Source of information, ...) "
            "and one row per event.",
        )
    if header_index > 0:
        notes.append(
            f"The header row is row {numbers[header_index]}; the rows above it were ignored."
        )
    header = grid[header_index]
    body = grid[header_index + 1 :]
    body_numbers = numbers[header_index + 1 :]
    width = max([len(header)] + [len(r) for r in body]) if body else len(header)
    # Drop columns that are empty everywhere (Excel's phantom columns).
    used = [
        c
        for c in range(width)
        if (c < len(header) and header[c]) or any(c < len(r) and r[c] for r in body)
    ]
    headers = []
    for position, c in enumerate(used, start=1):
        text = header[c] if c < len(header) else ""
        headers.append(text.replace("\n", " ") or f"Column {position}")
    rows: list[list[str]] = []
    kept_numbers: list[int] = []
    problems: dict[tuple[int, int], str] = {}
    for grid_offset, (row, number) in enumerate(zip(body, body_numbers, strict=True)):
        cells = [row[c] if c < len(row) else "" for c in used]
        grid_row = header_index + 1 + grid_offset
        row_problems = {
            (len(rows), new_c): cell_problems[(grid_row, c)]
            for new_c, c in enumerate(used)
            if (grid_row, c) in cell_problems
        }
        if not any(cells) and not row_problems:
            continue
        problems.update(row_problems)
        rows.append(cells)
        kept_numbers.append(number)
    if not rows:
        raise InputFileError(
            f"{name} has a header row but no data rows{f' ({where})' if where else ''}.",
            hint="Check that the agency filled in the chronology before sending it.",
        )
    if len(rows) > MAX_ROWS:
        raise _refuse_too_many_rows(name, len(rows), where)
    return RawTable(
        headers=headers,
        rows=rows,
        source=where,
        notes=notes,
        line_numbers=kept_numbers,
        cell_problems=problems,
    )


def _header_score(cells: Sequence[str]) -> float:
    """How much a row looks like a chronology header (0 = not at all)."""
    mapping = guess_mapping(list(cells))
    score = 0.0
    for key, column in mapping.items():
        if column is None:
            continue
        weight = 3.0 if key in REQUIRED_FIELDS else 1.0
        score += weight * mapping.confidence.get(key, 0.0)
    return score


def _header_row_index(grid: list[list[str]]) -> int | None:
    """The header: the best-matching of the first rows, else the first non-empty row."""
    first = next((i for i, row in enumerate(grid) if any(row)), None)
    if first is None:
        return None
    best, best_score = first, 0.0
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if not any(row):
            continue
        score = _header_score(row)
        if score > best_score:
            best, best_score = i, score
    # A match only counts when it finds the date and something else.
    return best if best_score >= 4.0 else first
