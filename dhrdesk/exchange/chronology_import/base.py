"""Limits, progress and cancel, the chronology fields, the raw table, cells, and what kind a file is."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dhrdesk.core.dates import numeric_date
from dhrdesk.core.errors import DhrDeskError, InputFileError

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
            return numeric_date(value.date())
        return f"{numeric_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return numeric_date(value)
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


def _office_notes(name: str, content: bytes, prefix: str) -> list[str]:
    """The first notes of an XLSX ("xl") or DOCX ("word") read, after the zip checks:
    embedded objects, pictures and macros that are ignored."""
    embedded = _embedded_note(_zip_names(name, content), prefix)
    return [embedded] if embedded else []


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
