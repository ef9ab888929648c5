"""Agency chronologies from CSV, XLSX and Word tables: read, map, preview, then import.

Why this module exists
----------------------
Agencies without DHR Desk keep sending their chronology as a spreadsheet or as a
table in a Word document. Retyping it is slow and error-prone, so the chair
imports it in three steps that never change anything until the last one:

1. :func:`read_table` turns the received bytes into a :class:`RawTable` (header
   row + text cells). The kind of file is found from its *content* (magic bytes),
   not its name, because a file's name is whatever the sender typed. Every file
   is untrusted input: size, row count and zip expansion are bounded before the
   content is loaded, and every failure is an :class:`InputFileError` whose
   message a chair can act on.
2. :func:`guess_mapping` proposes which column holds which chronology field
   (:data:`FIELDS`) from the header names; the chair confirms or corrects it
   (the GUI mapping dialog, or the CLI's printout).
3. :func:`preview` converts every row into a :class:`ChronologyEntry` and lists
   the problems found per row (bad date, missing source) before anything is
   written; :func:`apply_import` then writes the good rows, the agency and the
   received file (as an encrypted attachment with its SHA-256: the receipt log)
   in ONE transaction.

Re-importing the same file adds no duplicate rows: each row carries an
``external_key`` (SHA-256 of its normalised date, time, source and event, plus
an occurrence number for rows that repeat inside one file), and rows the chair
already annotated keep their significance, key-event flag and themes.

Nothing here writes the received file to disk; everything works on bytes in memory.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from dhrdesk.core.dates import InvalidDateError, PartialDate, parse_date_time, parse_time
from dhrdesk.core.errors import DhrDeskError, InputFileError, ValidationError
from dhrdesk.core.model import ChronologyEntry

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

__all__ = [
    "FIELDS",
    "FIELD_KEYS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "REQUIRED_FIELDS",
    "ChronologyField",
    "ImportCancelledError",
    "ImportPreview",
    "ImportProgress",
    "ImportResult",
    "Mapping",
    "PreviewRow",
    "RawTable",
    "apply_import",
    "describe_mapping",
    "detect_kind",
    "external_key",
    "guess_mapping",
    "mapping_problems",
    "normalise_cell",
    "preview",
    "read_table",
]

# ----------------------------------------------------------------------------- limits
MAX_FILE_BYTES = 20 * 1024 * 1024
"""Larger files are refused before they are opened (a chronology is rarely over 2 MB)."""
MAX_ROWS = 50_000
"""Data rows per table; more means the file should be split (or is not a chronology)."""
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
"""Zip-bomb guard: the sum of the uncompressed sizes listed in an XLSX/DOCX."""
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 100
"""Columns read per row; a chronology has about ten."""
MAX_CELL_CHARS = 32_000
"""A longer cell is a problem for its row (Excel's own limit is 32,767)."""
HEADER_SEARCH_ROWS = 20
"""Rows searched for the header (agencies often put a title above the table)."""

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

PASSWORD_MESSAGE = "{name} is password-protected (or an old .xls/.doc file), so it cannot be read."
PASSWORD_HINT = "Open it in Excel or Word and save it without a password as .xlsx or .docx."


# ----------------------------------------------------------------------------- progress
class ImportCancelledError(DhrDeskError):
    """The chair cancelled a long import; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


class ImportProgress:
    """How far a long read, preview or import is, and the chair's request to stop.

    A large chronology (tens of thousands of rows) takes seconds to minutes, so the
    GUI runs it in a worker and shows a progress bar with a Cancel button; the CLI
    prints a count. ``report(stage, done, total)`` is called every ``every`` rows
    from the working thread; :meth:`cancel` may be called from any thread, and the
    next check raises :class:`ImportCancelledError` (inside the write transaction,
    which therefore rolls back: a cancelled import changes nothing).
    """

    def __init__(
        self, report: Callable[[str, int, int], None] | None = None, *, every: int = 500
    ) -> None:
        self._report = report
        self.every = max(1, every)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise ImportCancelledError()

    def step(self, stage: str, done: int, total: int) -> None:
        """Called per row: reports every ``every`` rows (and at the end), checks for cancel."""
        if done % self.every and done != total:
            return
        self.check()
        if self._report is not None:
            self._report(stage, done, total)


# ----------------------------------------------------------------------------- fields
@dataclass(frozen=True)
class ChronologyField:
    """One field of an agency chronology row, with the header names agencies use for it."""

    key: str
    label: str
    required: bool
    synonyms: tuple[str, ...]
    help: str = ""


FIELDS: tuple[ChronologyField, ...] = (
    ChronologyField(
        "date",
        "Date",
        True,
        (
            "date",
            "date of contact",
            "date time",
            "date and time",
            "contact date",
            "event date",
            "date of event",
            "date of entry",
            "when",
        ),
        "3/4/2019 is 3 April; 'March 2019' and '2019' are kept as partial dates.",
    ),
    ChronologyField("time", "Time", False, ("time", "time of contact", "time of event")),
    ChronologyField(
        "sequence",
        "Sequence",
        False,
        ("seq", "sequence", "no", "number", "item", "item no", "entry no", "ref", "line"),
    ),
    ChronologyField(
        "source",
        "Source of information",
        True,
        (
            "source",
            "source of information",
            "information source",
            "source record",
            "record type",
            "record",
            "author role",
            "recorded by",
            "author",
            "source of info",
        ),
        "The record type or the author's role (never a practitioner's name).",
    ),
    ChronologyField(
        "event",
        "Event / contact",
        False,
        (
            "event",
            "events",
            "event contact",
            "details of contact",
            "contact details",
            "contact",
            "details",
            "description",
            "event details",
            "what happened",
            "summary",
            "details of event",
            "nature of contact",
        ),
    ),
    ChronologyField(
        "action",
        "Action taken / outcome",
        False,
        (
            "action",
            "action taken",
            "outcome",
            "action outcome",
            "action taken outcome",
            "actions",
            "response",
            "result",
            "action and outcome",
        ),
    ),
    ChronologyField(
        "agency_comment",
        "Agency comment",
        False,
        (
            "agency comment",
            "agency comments",
            "comment",
            "comments",
            "imr author comment",
            "author comment",
            "notes",
            "analysis",
        ),
    ),
    ChronologyField(
        "subjects",
        "Subjects (pseudonyms)",
        False,
        ("subjects", "subject", "pseudonym", "pseudonyms", "people", "persons", "who"),
        "Pseudonyms of the review's subjects, separated by commas.",
    ),
    ChronologyField("themes", "Themes", False, ("themes", "theme", "tags", "learning themes")),
)
FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.required)
_FIELD_BY_KEY = {f.key: f for f in FIELDS}

SCORE_EXACT = 1.0
SCORE_PARTIAL = 0.6


# ----------------------------------------------------------------------------- raw table
@dataclass
class RawTable:
    """The cells of one table of a received file, as text, before any mapping.

    ``rows`` are padded to ``len(headers)``. ``line_numbers[i]`` is the row number
    the chair sees in Excel/Word/CSV for ``rows[i]`` (the header is usually 1).
    ``cell_problems`` maps (row index, column index) to a problem that makes the row
    unusable as is (a formula without a saved result, an Excel error value); the
    preview reports it against that row. ``choices`` lists the sheets or tables the
    file offers, so the caller can let the chair pick another (``sheet=``/``table=``).
    """

    headers: list[str]
    rows: list[list[str]]
    source: str
    notes: list[str] = field(default_factory=list)
    kind: str = "csv"
    line_numbers: list[int] = field(default_factory=list)
    cell_problems: dict[tuple[int, int], str] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.line_numbers:
            self.line_numbers = list(range(2, len(self.rows) + 2))


# ----------------------------------------------------------------------------- cells
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise_cell(value: str) -> str:
    """The text of a cell as the import uses it.

    Line endings become ``\\n``, control characters (which no chronology needs and
    which break the store's text search) are dropped, leading and trailing white
    space is removed, and the text is put in Unicode NFC so that "é" typed two
    ways compares equal. Tests compare written and read cells through this.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text.strip())


def _cell_text(value: Any) -> str:
    """A spreadsheet value as the text a chair would read in the cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return normalise_cell(str(value))


def _refuse_too_many_rows(name: str, count: int, where: str = "") -> InputFileError:
    place = f" ({where})" if where else ""
    return InputFileError(
        f"{name}{place} has {count:,} rows; the limit is {MAX_ROWS:,} — split it "
        "into smaller files."
    )


# ----------------------------------------------------------------------------- detect
def detect_kind(filename: str, content: bytes) -> str:
    """'csv', 'xlsx' or 'docx', from the content; InputFileError for anything else.

    The name only adds a note or a clearer message: a text file named .xlsx is
    refused as "not really an Excel workbook", a password-protected Office file
    (an encrypted OLE2 container, the same signature as old .xls/.doc files) is
    refused with what to do about it.
    """
    name = _display_name(filename)
    suffix = _suffix(filename)
    if not content:
        raise InputFileError(f"{name} is empty (0 bytes).", hint="Ask the agency to send it again.")
    if len(content) > MAX_FILE_BYTES:
        raise InputFileError(
            f"{name} is {len(content) / 1024 / 1024:.1f} MB; the limit for a chronology is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
            hint="Split it, or remove pictures and other embedded objects.",
        )
    if content.startswith(OLE2_MAGIC):
        raise InputFileError(PASSWORD_MESSAGE.format(name=name), hint=PASSWORD_HINT)
    if content.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        names = _zip_names(name, content)
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return "docx"
        what = {"xlsx": "an Excel workbook", "docx": "a Word document"}.get(suffix)
        if what:
            raise InputFileError(
                f"{name} is not really {what}: it is a ZIP archive of something else.",
                hint="Save the chronology from Excel as .xlsx, or from Word as .docx.",
            )
        raise InputFileError(
            f"{name} is a ZIP archive, not an Excel workbook or Word document.",
            hint="Unzip it and import the chronology file inside.",
        )
    if content.startswith(b"%PDF"):
        raise InputFileError(
            f"{name} is a PDF; a chronology cannot be read reliably from a PDF.",
            hint="Ask the agency for the Word or Excel file, or save the table as CSV.",
        )
    if suffix in ("xlsx", "xlsm", "xls"):
        raise InputFileError(
            f"{name} is not really an Excel workbook: its name ends in .{suffix} but its "
            "content is not an Excel file.",
            hint="Open it in Excel and save it again as .xlsx, or ask the agency to resend it.",
        )
    if suffix in ("docx", "doc"):
        raise InputFileError(
            f"{name} is not really a Word document: its name ends in .{suffix} but its "
            "content is not a Word file.",
            hint="Open it in Word and save it again as .docx, or ask the agency to resend it.",
        )
    return "csv"


def _display_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename or "")[-1]
    return base or "The file"


def _suffix(filename: str) -> str:
    base = _display_name(filename)
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _zip_names(name: str, content: bytes) -> list[str]:
    """The entries of an Office file, after the zip-bomb and encryption checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise InputFileError(
            f"{name} is damaged: it looks like an Office file but cannot be opened.",
            hint="Ask the agency to send it again.",
        ) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InputFileError(f"{name} holds {len(infos):,} parts; this is not a chronology file.")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputFileError(
            f"{name} would expand to {total / 1024 / 1024:,.0f} MB when opened; the limit is "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB, so it was not opened.",
            hint="This is unusual for a chronology: ask the agency to check the file.",
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise InputFileError(PASSWORD_MESSAGE.format(name=name), hint=PASSWORD_HINT)
    return [info.filename for info in infos]


def _embedded_note(names: Iterable[str], prefix: str) -> str | None:
    embedded = [
        n
        for n in names
        if n.startswith((f"{prefix}/embeddings/", f"{prefix}/media/", f"{prefix}/activeX/"))
        or n.endswith("vbaProject.bin")
    ]
    if not embedded:
        return None
    return (
        f"The file contains {len(embedded)} embedded object(s) or picture(s) (or macros); "
        "they were ignored: only the text of the table is imported."
    )


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
    except Exception:  # noqa: BLE001 - libraries raise many kinds on damaged files
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
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise InputFileError(
            f"{name} could not be read as an Excel workbook: it may be damaged.",
            hint="Open it in Excel and save it again as .xlsx.",
        ) from None


def _read_xlsx(
    name: str, content: bytes, sheet: str | None, progress: ImportProgress | None = None
) -> RawTable:
    names = _zip_names(name, content)
    notes: list[str] = []
    embedded = _embedded_note(names, "xl")
    if embedded:
        notes.append(embedded)
    workbook = _open_workbook(name, content, data_only=True)
    try:
        worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
        titles = [ws.title for ws in worksheets]
        if not worksheets:
            raise InputFileError(f"{name} has no table: the workbook has no worksheets.")
        if sheet is not None:
            chosen = next((ws for ws in worksheets if ws.title == sheet), None)
            if chosen is None:
                raise InputFileError(
                    f"{name} has no sheet called '{sheet}'.",
                    hint="Its sheets are: " + ", ".join(f"'{t}'" for t in titles) + ".",
                )
        else:
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
        declared = chosen.max_row or 0
        if declared > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise InputFileError(
                f"{name} (sheet '{chosen.title}') declares {declared - 1:,} rows; the limit is "
                f"{MAX_ROWS:,} — split it into smaller files.",
                hint="If the sheet really has fewer rows, open it in Excel and save it again.",
            )
        sheet_path = getattr(chosen, "_worksheet_path", None)
        if hasattr(chosen, "reset_dimensions"):
            # A declared size that is too small would silently drop the rows below it:
            # read every row that is there (the count below still stops at the limit).
            chosen.reset_dimensions()
        if (chosen.max_column or 0) > MAX_COLUMNS:
            notes.append(f"Only the first {MAX_COLUMNS} columns were read.")
        grid: list[list[str]] = []
        numbers: list[int] = []
        problems: dict[tuple[int, int], str] = {}
        count = 0
        for number, values in enumerate(
            chosen.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            count += 1
            if progress is not None:
                progress.step("Reading", count, max(declared, count))
            if count > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
            cells = [_cell_text(v) for v in values]
            for c, text in enumerate(cells):
                if text in _EXCEL_ERRORS:
                    problems[(len(grid), c)] = (
                        f"cell {_column_letter(c)}{number} shows the Excel error {text}"
                    )
            grid.append(cells)
            numbers.append(number)
        if count > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise InputFileError(
                f"{name} (sheet '{chosen.title}') has more than {MAX_ROWS:,} rows; the limit "
                f"is {MAX_ROWS:,} — split it into smaller files."
            )
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


# ------------------------------------------------------------------------------ DOCX
def _read_docx(
    name: str, content: bytes, table_number: int | None, progress: ImportProgress | None = None
) -> RawTable:
    import docx

    names = _zip_names(name, content)
    notes: list[str] = []
    embedded = _embedded_note(names, "word")
    if embedded:
        notes.append(embedded)
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds on damaged files
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
    if table_number is not None:
        if not 1 <= table_number <= len(tables):
            raise InputFileError(
                f"{name} has {len(tables)} table(s) with rows; there is no table {table_number}."
            )
        index = table_number - 1
    else:
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
    if ignored:
        notes.append(f"{ignored} table(s) with fewer than 2 rows were ignored.")
    chosen = tables[index]
    if len(chosen.rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise _refuse_too_many_rows(name, len(chosen.rows) - 1, choices[index])
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
    raw = _finish(name, choices[index], grid, numbers, notes=notes)
    raw.choices = choices
    return raw


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


# ----------------------------------------------------------------------------- mapping
class Mapping(dict):
    """field key -> column index (or None), with how sure the guess is.

    ``confidence[field]`` is 1.0 for a header that is a known name for the field,
    0.6 for one that merely contains it, 0 when unmapped. ``ambiguous[field]``
    lists the columns (two or more) that match a field equally well; the first is
    mapped, and the chair must confirm. A plain dict of the same shape is accepted
    everywhere a Mapping is.
    """

    def __init__(
        self,
        columns: dict[str, int | None] | None = None,
        confidence: dict[str, float] | None = None,
        ambiguous: dict[str, list[int]] | None = None,
    ) -> None:
        super().__init__({key: None for key in FIELD_KEYS})
        self.update(columns or {})
        self.confidence: dict[str, float] = dict(confidence or {})
        self.ambiguous: dict[str, list[int]] = dict(ambiguous or {})

    @property
    def is_unambiguous(self) -> bool:
        """Every required field mapped and no field ambiguous: safe for ``--yes``."""
        return not mapping_problems(self) and not self.ambiguous


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-z#]+", " ", text)
    words = (
        [w for w in text.split() if w not in ("of", "the", "and", "or")]
        if len(text.split()) > 1
        else text.split()
    )
    return " ".join(words)


_SYNONYMS: dict[str, list[str]] = {
    f.key: [_normalise_header(s) for s in (f.key.replace("_", " "), f.label, *f.synonyms)]
    for f in FIELDS
}


def _score(header: str, key: str) -> float:
    norm = _normalise_header(header)
    if not norm:
        return 0.0
    best = 0.0
    padded = f" {norm} "
    for synonym in _SYNONYMS[key]:
        if not synonym:
            continue
        if norm == synonym:
            return SCORE_EXACT
        if len(synonym) >= 4 and f" {synonym} " in padded:
            best = SCORE_PARTIAL
    return best


def guess_mapping(headers: Sequence[str]) -> Mapping:
    """Guess which column holds which chronology field, from the header names.

    Each column goes to the field it matches best ("Date/Time" is the date, even
    though it also mentions the time); each field takes its best column. When two
    columns match a field equally well (say "Action" and "Outcome"), the first is
    taken and the field is listed in ``Mapping.ambiguous`` for the chair to decide.
    """
    best_field: dict[int, tuple[str, float]] = {}
    for column, header in enumerate(headers):
        scored = [(key, _score(header or "", key)) for key in FIELD_KEYS]
        key, score = max(scored, key=lambda pair: pair[1])  # first of equals: FIELDS order
        if score > 0:
            best_field[column] = (key, score)
    columns: dict[str, int | None] = {}
    confidence: dict[str, float] = {}
    ambiguous: dict[str, list[int]] = {}
    for key in FIELD_KEYS:
        candidates = [(col, s) for col, (k, s) in best_field.items() if k == key]
        if not candidates:
            continue
        top = max(s for _, s in candidates)
        tied = sorted(col for col, s in candidates if s == top)
        columns[key] = tied[0]
        confidence[key] = top
        if len(tied) > 1:
            ambiguous[key] = tied
    return Mapping(columns, confidence, ambiguous)


def mapping_problems(mapping: dict[str, int | None], width: int | None = None) -> list[str]:
    """What stops an import with this mapping: a required field unmapped, a column used twice,
    or a column index outside the table."""
    problems = []
    for key in REQUIRED_FIELDS:
        if mapping.get(key) is None:
            problems.append(f"No column is chosen for '{_FIELD_BY_KEY[key].label}' (required).")
    if mapping.get("event") is None and mapping.get("action") is None:
        problems.append("No column is chosen for 'Event / contact' or 'Action taken / outcome'.")
    used: dict[int, str] = {}
    for key in FIELD_KEYS:
        column = mapping.get(key)
        if column is None:
            continue
        if width is not None and not 0 <= column < width:
            problems.append(f"'{_FIELD_BY_KEY[key].label}' points to a column that is not there.")
        if column in used:
            problems.append(
                f"The same column is chosen for '{_FIELD_BY_KEY[used[column]].label}' and "
                f"'{_FIELD_BY_KEY[key].label}'."
            )
        used.setdefault(column, key)
    unknown = set(mapping) - set(FIELD_KEYS)
    if unknown:
        problems.append("Unknown field(s): " + ", ".join(sorted(unknown)) + ".")
    return problems


def describe_mapping(mapping: dict[str, int | None], headers: Sequence[str]) -> list[str]:
    """One line per field, 'Date <- "Date of contact"', for the CLI and logs."""
    lines = []
    ambiguous = getattr(mapping, "ambiguous", {})
    for f in FIELDS:
        column = mapping.get(f.key)
        if column is None:
            shown = "(not in the file)" + ("  REQUIRED" if f.required else "")
        else:
            header = headers[column] if 0 <= column < len(headers) else f"column {column + 1}"
            shown = f'"{header}"'
            if f.key in ambiguous:
                others = ", ".join(f'"{headers[c]}"' for c in ambiguous[f.key] if c != column)
                shown += f"  AMBIGUOUS: {others} also match"
        lines.append(f"{f.label:<24} <- {shown}")
    return lines


# ----------------------------------------------------------------------------- preview
@dataclass
class PreviewRow:
    """One row of the file as it would be imported. ``problems`` block the row;
    ``warnings`` are shown but do not (an unknown pseudonym is not linked, say)."""

    line_no: int
    entry: ChronologyEntry | None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.entry is not None and not self.problems


@dataclass
class ImportPreview:
    """What an import would add, row by row, before anything is written."""

    rows: list[PreviewRow]
    ok_count: int
    error_count: int
    mapping: dict[str, int | None] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    source: str = ""
    notes: list[str] = field(default_factory=list)
    sha256: str = ""
    review_id: int = 0
    agency_id: int | None = None
    mapping_problems: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0 or bool(self.mapping_problems)

    def problem_lines(self) -> list[str]:
        """Every problem, 'row 7: ...', in file order (for the CLI and the dialog)."""
        lines = list(self.mapping_problems)
        for row in self.rows:
            lines.extend(f"row {row.line_no}: {p}" for p in row.problems)
        return lines

    def warning_lines(self) -> list[str]:
        return [f"row {row.line_no}: {w}" for row in self.rows for w in row.warnings]

    def good_entries(self) -> list[ChronologyEntry]:
        return [row.entry for row in self.rows if row.ok and row.entry is not None]


_SPLIT_LIST = re.compile(r"[,;/\n]+")
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def _key_text(text: str) -> str:
    return " ".join(text.casefold().split())


def external_key(date: str, time: str, source: str, event: str, occurrence: int = 1) -> str:
    """The stable identity of an imported row, so re-importing a file updates, not duplicates.

    Built from the normalised date (ISO partial), time, source and event text (case and
    spacing ignored); ``occurrence`` separates identical rows inside one file.
    """
    parts = [date, time, _key_text(source), _key_text(event)]
    if occurrence > 1:
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _theme_lookup() -> dict[str, str]:
    try:
        from dhrdesk.core.taxonomy import load_themes

        themes = load_themes()
    except Exception:  # noqa: BLE001 - without a taxonomy themes are simply not linked
        return {}
    lookup: dict[str, str] = {}
    for theme in themes:
        lookup[theme.id.casefold()] = theme.id
        lookup[theme.name.casefold()] = theme.id
        number = getattr(theme, "number", None)
        if number is not None:
            lookup[str(number)] = theme.id
    return lookup


def _date_from_serial(text: str) -> tuple[PartialDate, str] | None:
    """An Excel day number (e.g. 43558) typed in a cell not formatted as a date."""
    serial = float(text)
    if not 1 <= serial < 2958466:
        return None
    moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)
    time_text = f"{moment:%H:%M}" if moment.time() != dt.time(0) else ""
    return PartialDate.from_date(moment.date()), time_text


def preview(
    raw: RawTable,
    mapping: dict[str, int | None],
    review_id: int,
    agency_id: int | None,
    *,
    subjects: dict[str, int] | None = None,
    progress: ImportProgress | None = None,
) -> ImportPreview:
    """Turn each row of ``raw`` into a ChronologyEntry and list what is wrong with it.

    Pure: reads nothing from the store. ``agency_id`` may be None when the agency is
    not in the review yet (:func:`apply_import` adds it and fills the id in).
    ``subjects`` maps pseudonyms (any case) to subject ids; names not in it are
    reported as warnings and not linked, never guessed. Raises only
    :class:`ValidationError` (for a mapping that does not fit the table).
    """
    width = len(raw.headers)
    for key, column in mapping.items():
        if column is not None and (not isinstance(column, int) or not 0 <= column < width):
            raise ValidationError(f"The column chosen for '{key}' is not in the table.")
    problems_of_mapping = mapping_problems(mapping, width)
    lookup_subjects = {_key_text(k): v for k, v in (subjects or {}).items()}
    themes = _theme_lookup() if mapping.get("themes") is not None else {}
    rows: list[PreviewRow] = []
    seen_keys: dict[str, int] = {}
    first_line_of_key: dict[str, int] = {}

    def cell(cells: list[str], key: str) -> str:
        column = mapping.get(key)
        return cells[column] if column is not None and column < len(cells) else ""

    total_rows = len(raw.rows)
    for index, cells in enumerate(raw.rows):
        if progress is not None:
            progress.step("Checking rows", index + 1, total_rows)
        line_no = raw.line_numbers[index] if index < len(raw.line_numbers) else index + 2
        if not any(c.strip() for c in cells) and not any(
            (index, c) in raw.cell_problems for c in range(width)
        ):
            continue
        problems = [
            raw.cell_problems[(index, c)] for c in range(width) if (index, c) in raw.cell_problems
        ]
        warnings: list[str] = []
        for key in FIELD_KEYS:
            if len(cell(cells, key)) > MAX_CELL_CHARS:
                problems.append(
                    f"the {_FIELD_BY_KEY[key].label.lower()} is longer than "
                    f"{MAX_CELL_CHARS:,} characters"
                )
        date_text = cell(cells, "date").strip()
        time_text = cell(cells, "time").strip()
        date_iso, time_value = "", ""
        if not date_text:
            problems.append("the date is missing")
        elif _EXCEL_SERIAL.match(date_text):
            converted = _date_from_serial(date_text)
            if converted is None:
                problems.append(f"{date_text} is not a date")
            else:
                date_iso, time_value = converted[0].iso(), converted[1]
                warnings.append(
                    f"{date_text} was read as an Excel day number: {converted[0].display()}"
                )
        else:
            try:
                value, moment = parse_date_time(date_text)
                date_iso = value.iso()
                if moment is not None:
                    time_value = f"{moment:%H:%M}"
            except InvalidDateError as exc:
                problems.append(exc.message.rstrip("."))
        if time_text:
            try:
                moment = parse_time(time_text)
                if time_value and time_value != f"{moment:%H:%M}":
                    problems.append(
                        f"the date cell says {time_value} but the time cell says {time_text}"
                    )
                time_value = f"{moment:%H:%M}"
                if date_iso and len(date_iso) < 10:
                    warnings.append("a time was given for a partial date; it was kept")
            except InvalidDateError as exc:
                problems.append(exc.message.rstrip("."))
        source = cell(cells, "source").strip()
        if not source:
            problems.append("the source of information is missing")
        event = cell(cells, "event").strip()
        action = cell(cells, "action").strip()
        if not event and not action:
            problems.append("neither the event nor the action taken is filled in")
        sequence = 0
        sequence_text = cell(cells, "sequence").strip()
        if sequence_text:
            try:
                sequence = int(float(sequence_text))
                if not 0 <= sequence < 10**9:
                    raise ValueError
            except (ValueError, OverflowError):
                sequence = 0
                warnings.append(f"the sequence '{sequence_text[:20]}' is not a whole number")
        subject_ids: list[int] = []
        for name in _split_list(cell(cells, "subjects")):
            found = lookup_subjects.get(_key_text(name))
            if found is None:
                warnings.append(
                    f"'{name[:40]}' is not a pseudonym of this review's subjects; not linked"
                )
            elif found not in subject_ids:
                subject_ids.append(found)
        theme_ids: list[str] = []
        for name in _split_list(cell(cells, "themes")):
            found_theme = themes.get(name.casefold())
            if found_theme is None:
                warnings.append(f"'{name[:40]}' is not a theme; not tagged")
            elif found_theme not in theme_ids:
                theme_ids.append(found_theme)
        entry = None
        if not problems:
            base = external_key(date_iso, time_value, source, event)
            occurrence = seen_keys.get(base, 0) + 1
            seen_keys[base] = occurrence
            if occurrence > 1:
                warnings.append(
                    f"the same date, source and event as row {first_line_of_key[base]}; "
                    "kept as a separate row"
                )
            else:
                first_line_of_key[base] = line_no
            entry = ChronologyEntry(
                review_id=review_id,
                agency_id=agency_id if agency_id is not None else 0,
                date=date_iso,
                source=source,
                event=event,
                time=time_value,
                sequence=sequence,
                action=action,
                agency_comment=cell(cells, "agency_comment").strip(),
                themes=theme_ids,
                subject_ids=subject_ids,
                external_key=external_key(date_iso, time_value, source, event, occurrence),
            )
        rows.append(PreviewRow(line_no, entry, problems, warnings, list(cells)))
    ok_count = sum(1 for r in rows if r.ok)
    return ImportPreview(
        rows=rows,
        ok_count=ok_count,
        error_count=len(rows) - ok_count,
        mapping=dict(mapping),
        headers=list(raw.headers),
        source=raw.source,
        notes=list(raw.notes),
        sha256=raw.sha256,
        review_id=review_id,
        agency_id=agency_id,
        mapping_problems=problems_of_mapping,
    )


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT_LIST.split(text or "") if part.strip()]


# ----------------------------------------------------------------------------- apply
@dataclass
class ImportResult:
    """What an import did. ``unchanged`` rows were already in the store from an earlier
    import of the same rows; ``skipped`` rows had problems and were left out on request."""

    added: int
    updated: int
    attachment_id: int | None
    unchanged: int = 0
    skipped: int = 0
    agency_id: int = 0
    agency_added: bool = False

    def summary(self) -> str:
        parts = [f"{self.added} row(s) added", f"{self.updated} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged} already there")
        if self.skipped:
            parts.append(f"{self.skipped} skipped because of problems")
        return ", ".join(parts) + "."


_CONTENT_FIELDS = ("date", "time", "sequence", "source", "event", "action", "agency_comment")


def apply_import(
    store: Store,
    review_id: int,
    agency_name: str,
    filename: str,
    content: bytes,
    preview: ImportPreview,
    *,
    skip_errors: bool = False,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Write the previewed rows, the agency (if new) and the received file, all or nothing.

    Refuses (InputFileError, nothing written) when the preview has problems, unless
    the chair explicitly chose ``skip_errors``: then only the good rows are imported
    and the result says how many were skipped. Rows already imported earlier (same
    external key) keep what the chair added (significance, key event, themes,
    subjects, duplicate decisions); identical rows are left alone, so importing the
    same file twice changes nothing. The file is kept as an attachment of kind
    "chronology_import" (SHA-256, who, when), once per file and agency.

    ``progress`` reports the rows written and carries the chair's Cancel: a cancel
    raises :class:`ImportCancelledError` inside the transaction, so nothing is kept.
    Time grows in proportion to the rows (each duplicate check is one index lookup).
    """
    name = _display_name(filename)
    if preview.mapping_problems:
        raise InputFileError(
            "The columns are not mapped well enough to import: "
            + " ".join(preview.mapping_problems)
        )
    if preview.sha256 and hashlib.sha256(content).hexdigest() != preview.sha256:
        raise InputFileError(
            f"{name} is not the file that was previewed; preview it again before importing."
        )
    if preview.review_id and preview.review_id != review_id:
        raise ValidationError("This preview was made for another review; preview it again.")
    skipped = preview.error_count
    if skipped and not skip_errors:
        raise InputFileError(
            f"{skipped} row(s) of {name} have problems, so nothing was imported.",
            hint=f"Correct them in the file and import it again, or choose to import only "
            f"the {preview.ok_count} good row(s).",
        )
    good = preview.good_entries()
    if not good:
        raise InputFileError(f"{name} has no row that can be imported.")
    if not agency_name.strip():
        raise ValidationError("Give the name of the agency the chronology comes from.")
    repo = store.repos.agency_input
    added = updated = unchanged = 0
    existing_agency = repo.agency_by_name(review_id, agency_name)
    previous: dict[str, ChronologyEntry] = {}
    kept = None
    digest = hashlib.sha256(content).hexdigest()
    if existing_agency is not None:
        previous = {
            e.external_key: e for e in repo.entries(review_id, existing_agency.id) if e.external_key
        }
        kept = next(
            (
                a
                for a in repo.attachments(review_id)
                if a.sha256 == digest
                and a.kind == "chronology_import"
                and a.agency_id == existing_agency.id
            ),
            None,
        )
    planned: list[ChronologyEntry] = []
    for entry in good:
        fresh = dataclasses.replace(entry, review_id=review_id, id=None)
        old = previous.get(fresh.external_key)
        if old is None:
            added += 1
            planned.append(fresh)
            continue
        fresh.significance = old.significance
        fresh.key_event = old.key_event
        fresh.duplicate_of = old.duplicate_of
        fresh.themes = sorted({*old.themes, *fresh.themes})
        fresh.subject_ids = sorted({*old.subject_ids, *fresh.subject_ids})
        same = all(getattr(old, f) == getattr(fresh, f) for f in _CONTENT_FIELDS) and (
            old.themes == fresh.themes and old.subject_ids == fresh.subject_ids
        )
        if same:
            unchanged += 1
        else:
            updated += 1
            planned.append(fresh)
    if not planned and kept is not None:
        # The same file again: nothing to add, nothing to record.
        return ImportResult(0, 0, kept.id, unchanged, skipped, existing_agency.id, False)
    with store.write("chronology.import", f"review:{review_id}"):
        agency = existing_agency or repo.ensure_agency(review_id, agency_name)
        for entry in planned:
            entry.agency_id = agency.id
        if planned:
            on_row = None
            if progress is not None:

                def on_row(done: int, total: int) -> None:
                    progress.step("Importing", done, total)

            repo.add_entries(planned, on_row=on_row)
        if progress is not None:
            progress.check()
        if kept is None:
            note = f"Chronology import: {len(good)} row(s) from {preview.source or 'the file'}"
            if skipped:
                note += f", {skipped} row(s) with problems skipped"
            kept = repo.add_attachment(
                review_id, name, content, "chronology_import", agency_id=agency.id, note=note
            )
    return ImportResult(
        added=added,
        updated=updated,
        attachment_id=kept.id,
        unchanged=unchanged,
        skipped=skipped,
        agency_id=agency.id,
        agency_added=existing_agency is None,
    )
