"""DOCX: the Word table that best matches the chronology fields."""

from __future__ import annotations

import io
from typing import Any

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange.chronology_import.base import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportProgress,
    RawTable,
    _office_notes,
    _refuse_too_many_rows,
    normalise_cell,
)
from dhrdesk.exchange.chronology_import.grid import _finish, _header_score


# ------------------------------------------------------------------------------ DOCX
def _read_docx(
    name: str, content: bytes, table_number: int | None, progress: ImportProgress | None = None
) -> RawTable:
    import docx

    notes = _office_notes(name, content, "word")
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:  # python-docx raises many kinds on damaged files
        raise InputFileError(
            f"{name} could not be read as a Word document: it may be damaged.",
            hint="Open it in Word and save it again as .docx.",
        ) from None
    body_xml = document.element.xml if hasattr(document.element, "xml") else ""
    if "<w:ins " in body_xml or "<w:del " in body_xml:
        notes.append(
            "The document has tracked changes: accept or reject them in Word first; "
            "text inserted with tracking on may be missing here."
        )
    tables = [t for t in document.tables if len(t.rows) >= 2]
    ignored = len(document.tables) - len(tables)
    if not tables:
        raise InputFileError(
            f"{name} has no table: the chronology must be a Word table with a header row "
            "and at least one row of events.",
            hint="Use the IMR template from DHR Desk (dhrdesk imr-template), or paste the "
            "chronology into a table.",
        )
    choices = [f"table {i} of {len(tables)}" for i in range(1, len(tables) + 1)]
    index = _pick_table(name, tables, table_number, choices, notes)
    if ignored:
        notes.append(f"{ignored} table(s) with fewer than 2 rows were ignored.")
    chosen = tables[index]
    if len(chosen.rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise _refuse_too_many_rows(name, len(chosen.rows) - 1, choices[index])
    grid, numbers = _table_rows(chosen, notes, progress)
    raw = _finish(name, choices[index], grid, numbers, notes=notes)
    raw.choices = choices
    return raw


def _pick_table(
    name: str, tables: list[Any], table_number: int | None, choices: list[str], notes: list[str]
) -> int:
    """The index of the table asked for by number, else of the best-matching one (noted)."""
    if table_number is not None:
        if not 1 <= table_number <= len(tables):
            raise InputFileError(
                f"{name} has {len(tables)} table(s) with rows; there is no table {table_number}."
            )
        return table_number - 1
    scores = []
    for t in tables:
        head = [_docx_row(t.rows[r])[0] for r in range(min(3, len(t.rows)))]
        scores.append(max(_header_score(h) for h in head))
    index = max(range(len(tables)), key=lambda i: (scores[i], -i))
    if len(tables) > 1:
        notes.append(
            f"The document has {len(tables)} tables; {choices[index]} matches the "
            "chronology best and was read (choose another table if that is wrong)."
        )
    return index


def _table_rows(
    chosen: Any, notes: list[str], progress: ImportProgress | None
) -> tuple[list[list[str]], list[int]]:
    """The text cells of a Word table and their row numbers; merged cells and tables
    inside cells are noted."""
    grid: list[list[str]] = []
    numbers: list[int] = []
    merged = 0
    nested = 0
    previous_tcs: list[Any] = []
    total_rows = len(chosen.rows)
    for number, row in enumerate(chosen.rows, start=1):
        if progress is not None:
            progress.step("Reading", number, total_rows)
        cells, tcs, inner = _docx_row(row)
        nested += inner
        merged += sum(1 for c in range(1, len(tcs)) if tcs[c] is tcs[c - 1])
        merged += sum(
            1 for c in range(min(len(tcs), len(previous_tcs))) if tcs[c] is previous_tcs[c]
        )
        previous_tcs = tcs
        grid.append(cells)
        numbers.append(number)
    if merged:
        notes.append(
            f"{merged} merged cell(s) were filled with the text of the cell they are merged "
            "with; check those rows in the preview."
        )
    if nested:
        notes.append(f"{nested} table(s) inside cells were ignored.")
    return grid, numbers


def _docx_row(row: Any) -> tuple[list[str], list[Any], int]:
    """Texts of a Word table row (merged cells repeat their text), the cell elements, and
    the number of nested tables (ignored)."""
    texts: list[str] = []
    tcs: list[Any] = []
    nested = 0
    for cell in list(row.cells)[:MAX_COLUMNS]:
        tcs.append(cell._tc)
        texts.append(normalise_cell(cell.text))
        nested += len(cell.tables)
    return texts, tcs, nested
