"""Reading a received file into a :class:`RawTable`: the kind, then the reader for it."""

from __future__ import annotations

import hashlib

from dhrdesk.core.errors import DhrDeskError, InputFileError
from dhrdesk.exchange.chronology_import.base import (
    ImportProgress,
    RawTable,
    _display_name,
    _suffix,
    detect_kind,
)
from dhrdesk.exchange.chronology_import.csv_reader import _read_csv
from dhrdesk.exchange.chronology_import.docx_reader import _read_docx
from dhrdesk.exchange.chronology_import.xlsx_reader import _read_xlsx


# ----------------------------------------------------------------------------- read
def read_table(
    filename: str,
    content: bytes,
    *,
    sheet: str | None = None,
    table: int | None = None,
    progress: ImportProgress | None = None,
) -> RawTable:
    """Read the chronology table of a received file (CSV, XLSX or DOCX) into text cells.

    ``sheet`` picks a worksheet of a workbook by name; ``table`` picks a Word table by
    its number (1 = first). Without them the first sheet/the table whose header best
    matches the chronology fields is used, and :attr:`RawTable.choices` lists the
    others. Raises :class:`InputFileError` (nothing is changed anywhere) for files
    that are empty, too large, damaged, password-protected, hold no table, or a
    header but no rows. Any other failure inside a reader (a damaged or unusual file
    that the reading libraries trip over) is also turned into an InputFileError: a
    received file can never produce "unexpected error".
    """
    kind = detect_kind(filename, content)
    name = _display_name(filename)
    what = {"xlsx": "an Excel workbook", "docx": "a Word document", "csv": "a CSV file"}[kind]
    try:
        if kind == "xlsx":
            raw = _read_xlsx(name, content, sheet, progress)
        elif kind == "docx":
            raw = _read_docx(name, content, table, progress)
        else:
            raw = _read_csv(name, content, progress)
    except DhrDeskError:
        raise
    except (MemoryError, RecursionError):
        raise InputFileError(
            f"{name} is too large or too deeply nested to read as {what}.",
            hint="Ask the agency to check the file, or save the table again as .xlsx or CSV.",
        ) from None
    except Exception:  # libraries raise many kinds on damaged files
        again = {"xlsx": "Excel as .xlsx", "docx": "Word as .docx", "csv": "Excel as 'CSV UTF-8'"}
        raise InputFileError(
            f"{name} could not be read as {what}: it is damaged, or uses something in its "
            "structure that DHR Desk cannot read.",
            hint=f"Open it in {again[kind].split(' as ')[0]} and save it again "
            f"({again[kind].split(' as ')[1]}), or ask the agency to resend it.",
        ) from None
    suffix = _suffix(filename)
    expected = {"xlsx": ("xlsx", "xlsm"), "docx": ("docx", "docm"), "csv": ("csv", "txt", "tsv")}
    if suffix and suffix not in expected[kind]:
        label = {"xlsx": "an Excel workbook", "docx": "a Word document", "csv": "text (CSV)"}
        raw.notes.append(f"The name ends in .{suffix} but the file is {label[kind]}; read as such.")
    raw.kind = kind
    raw.sha256 = hashlib.sha256(content).hexdigest()
    return raw
