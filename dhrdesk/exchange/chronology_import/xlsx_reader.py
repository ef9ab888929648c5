"""XLSX: the chosen sheet, formulas without saved results, merged cells."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange.chronology_import.base import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportProgress,
    RawTable,
    _cell_text,
    _office_notes,
)
from dhrdesk.exchange.chronology_import.grid import _finish, _header_score


# ------------------------------------------------------------------------------ XLSX
def _sheet_xml(content: bytes, path: str | None) -> bytes | None:
    """The XML of one worksheet part (None when it cannot be found: then check the hard way)."""
    if not path:
        return None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            return archive.read(path.lstrip("/"))
        except KeyError:
            return None


def _open_workbook(name: str, content: bytes, *, data_only: bool, read_only: bool = True) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(
            io.BytesIO(content), read_only=read_only, data_only=data_only, keep_links=False
        )
    except InputFileError:
        raise
    except Exception:  # openpyxl raises many kinds on damaged files
        raise InputFileError(
            f"{name} could not be read as an Excel workbook: it may be damaged.",
            hint="Open it in Excel and save it again as .xlsx.",
        ) from None


def _read_xlsx(
    name: str, content: bytes, sheet: str | None, progress: ImportProgress | None = None
) -> RawTable:
    notes = _office_notes(name, content, "xl")
    workbook = _open_workbook(name, content, data_only=True)
    try:
        worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
        titles = [ws.title for ws in worksheets]
        chosen = _pick_sheet(name, worksheets, sheet, notes)
        sheet_path = getattr(chosen, "_worksheet_path", None)
        grid, numbers, problems = _sheet_rows(name, chosen, notes, progress)
        title = chosen.title
    finally:
        workbook.close()
    sheet_xml = _sheet_xml(content, sheet_path)
    if sheet_xml is None or b"<f>" in sheet_xml or b"<f " in sheet_xml:
        _check_formulas(name, content, title, grid, numbers, problems, notes)
    if sheet_xml is None or b"mergeCell " in sheet_xml:
        _fill_merged(name, sheet_xml or b"", grid, numbers, notes)
    raw = _finish(name, f"sheet '{title}'", grid, numbers, cell_problems=problems, notes=notes)
    raw.choices = titles
    return raw


def _pick_sheet(name: str, worksheets: list[Any], sheet: str | None, notes: list[str]) -> Any:
    """The worksheet asked for by name, else the first one with a table (noted)."""
    if not worksheets:
        raise InputFileError(f"{name} has no table: the workbook has no worksheets.")
    if sheet is not None:
        chosen = next((ws for ws in worksheets if ws.title == sheet), None)
        if chosen is None:
            titles = [ws.title for ws in worksheets]
            raise InputFileError(
                f"{name} has no sheet called '{sheet}'.",
                hint="Its sheets are: " + ", ".join(f"'{t}'" for t in titles) + ".",
            )
        return chosen
    chosen = _choose_sheet(worksheets)
    if chosen is None:
        raise InputFileError(
            f"{name} has no table: every sheet is empty.",
            hint="The chronology needs a header row (Date, Source of information, "
            "...) and one row per event.",
        )
    if len(worksheets) > 1:
        notes.append(
            f"The workbook has {len(worksheets)} sheets; '{chosen.title}' was read "
            "(choose another sheet if that is wrong)."
        )
    return chosen


def _sheet_rows(
    name: str, chosen: Any, notes: list[str], progress: ImportProgress | None
) -> tuple[list[list[str]], list[int], dict[tuple[int, int], str]]:
    """The text cells of a worksheet, their row numbers and the Excel error values,
    refusing a sheet over the row limit (declared, or found while reading)."""
    declared = chosen.max_row or 0
    if declared > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise InputFileError(
            f"{name} (sheet '{chosen.title}') declares {declared - 1:,} rows; the limit is "
            f"{MAX_ROWS:,} — split it into smaller files.",
            hint="If the sheet really has fewer rows, open it in Excel and save it again.",
        )
    if hasattr(chosen, "reset_dimensions"):
        # A declared size that is too small would silently drop the rows below it:
        # read every row that is there (the count below still stops at the limit).
        chosen.reset_dimensions()
    if (chosen.max_column or 0) > MAX_COLUMNS:
        notes.append(f"Only the first {MAX_COLUMNS} columns were read.")
    grid: list[list[str]] = []
    numbers: list[int] = []
    problems: dict[tuple[int, int], str] = {}
    for number, values in enumerate(
        chosen.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
    ):
        if progress is not None:
            progress.step("Reading", number, max(declared, number))
        if number > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise InputFileError(
                f"{name} (sheet '{chosen.title}') has more than {MAX_ROWS:,} rows; the limit "
                f"is {MAX_ROWS:,} — split it into smaller files."
            )
        cells = [_cell_text(v) for v in values]
        for c, text in enumerate(cells):
            if text in _EXCEL_ERRORS:
                problems[(len(grid), c)] = (
                    f"cell {_column_letter(c)}{number} shows the Excel error {text}"
                )
        grid.append(cells)
        numbers.append(number)
    return grid, numbers, problems


_EXCEL_ERRORS = {"#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!"}


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _choose_sheet(worksheets: list[Any]) -> Any:
    """The first sheet whose header matches the chronology fields, else the first non-empty."""
    first_non_empty = None
    for ws in worksheets:
        top = [
            [_cell_text(v) for v in row]
            for row in ws.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS, max_col=40)
        ]
        if not any(any(r) for r in top):
            continue
        if first_non_empty is None:
            first_non_empty = ws
        if any(_header_score(r) >= 4.0 for r in top if any(r)):
            return ws
    return first_non_empty


def _check_formulas(
    name: str,
    content: bytes,
    title: str,
    grid: list[list[str]],
    numbers: list[int],
    problems: dict[tuple[int, int], str],
    notes: list[str],
) -> None:
    """Formulas: their saved results are used; one without a saved result is a cell problem.

    openpyxl cannot calculate, and with ``data_only`` a formula that Excel never saved
    a result for reads as empty, which would silently lose the cell. So the sheet is
    read a second time for its formulas, and each formula whose value is missing is
    reported against its row.
    """
    workbook = _open_workbook(name, content, data_only=False)
    index_of = {number: i for i, number in enumerate(numbers)}
    with_value = 0
    try:
        ws = workbook[title]
        for number, values in enumerate(
            ws.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=max(numbers, default=0)),
            start=1,
        ):
            i = index_of.get(number)
            if i is None:
                continue
            for c, value in enumerate(values):
                if not (isinstance(value, str) and value.startswith("=")):
                    continue
                if c < len(grid[i]) and grid[i][c]:
                    with_value += 1
                    continue
                shown = value if len(value) <= 40 else value[:37] + "..."
                problems[(i, c)] = (
                    f"cell {_column_letter(c)}{number} has a formula ({shown}) with no saved "
                    "result: open the file in Excel, save it, and import it again"
                )
    finally:
        workbook.close()
    if with_value:
        notes.append(
            f"{with_value} cell(s) hold formulas; the results Excel saved were imported, "
            "not the formulas."
        )


_MERGE_CELL = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}\d{1,7}):([A-Za-z]{1,3}\d{1,7})"'
)
_CELL_REF = re.compile(r"^([A-Za-z]{1,3})(\d{1,7})$")


def _cell_position(ref: str) -> tuple[int, int]:
    """(row, column), both from 1, of an A1-style reference."""
    from openpyxl.utils import column_index_from_string

    match = _CELL_REF.match(ref)
    if match is None:
        raise ValueError(ref)
    return int(match.group(2)), column_index_from_string(match.group(1).upper())


def _fill_merged(
    name: str, sheet_xml: bytes, grid: list[list[str]], numbers: list[int], notes: list
) -> None:
    """Fill merged cells with their top-left value (the read-only reader leaves them empty).

    The ranges are read from the sheet's XML, not by loading the whole workbook:
    openpyxl's full load makes an object for every cell of a merged range, and one
    range over the whole sheet (A1:XFD1048576) would need gigabytes. Only the rows
    and columns that were read are filled.
    """
    index_of = {number: i for i, number in enumerate(numbers)}
    last_row = max(numbers, default=0)
    ranges = []
    for match in _MERGE_CELL.finditer(sheet_xml):
        try:
            top_row, left = _cell_position(match.group(1).decode("ascii"))
            bottom_row, right = _cell_position(match.group(2).decode("ascii"))
        except ValueError:
            continue
        top = index_of.get(top_row)
        if top is None or bottom_row < top_row or right < left:
            continue
        c0 = left - 1
        value = grid[top][c0] if c0 < len(grid[top]) else ""
        for row in range(top_row, min(bottom_row, last_row) + 1):
            i = index_of.get(row)
            if i is None:
                continue
            for c in range(c0, min(right, MAX_COLUMNS)):
                while len(grid[i]) <= c:
                    grid[i].append("")
                grid[i][c] = value
        ranges.append(f"{match.group(1).decode('ascii')}:{match.group(2).decode('ascii')}")
    if ranges:
        shown = ", ".join(ranges[:5]) + (" ..." if len(ranges) > 5 else "")
        notes.append(
            f"{len(ranges)} merged cell range(s) ({shown}) were filled with the value of "
            "their first cell; check those rows in the preview."
        )
