"""Action update sheets: an XLSX per lead agency to report progress on its open actions.

Why: lead agencies report progress quarterly, usually by e-mailing a spreadsheet back.
The sheet lists the agency's open actions across every review; the agency fills the
status, update and date columns; the chair imports it. Everything else on the sheet
must come back exactly as it left, or the chair could record progress against the
wrong action without noticing.

Layout (sheet "Actions"; docs/interchange.md "Action update sheet"): title rows, a
header on row :data:`HEADER_ROW`, one row per action below it. Columns A–F are
locked (review, recommendation number, recommendation, action, target date, current
status); G–I are for the agency (new status from a drop-down list, update text, date
of update); J holds the action key and K an HMAC-SHA256 of the row, both hidden. A
hidden sheet "Control" holds the format, sheet id, store id, agency and a manifest
HMAC over the sheet id, store id, agency and every action key in order.

The HMAC key is the store's monitoring secret (``meta``), so only the store that made
the sheet can check it. Sheet protection has a password only for convenience (it stops
accidental edits; anyone can lift it): the HMACs are what detect alteration.

Import (:func:`read_sheet`, then :func:`apply_sheet`) refuses the whole sheet, with a
message naming the row, when: the file is not really an XLSX, is too large or a zip
bomb; the control sheet is missing or altered; the sheet was made by another store or
for another agency; a locked cell, key or row HMAC was changed; a row was added or
removed; a status is unknown; a date is missing, unreadable or in the future; an
update has no text. Then it previews what will change, and applies every update in
one transaction. A sheet is imported once: its id is recorded, and a second import of
the same sheet is refused (re-applying would record every update twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dhrdesk.core.dates import InvalidDateError, format_date, parse_date
from dhrdesk.core.errors import InputFileError, ValidationError
from dhrdesk.core.model import STATUS_LABELS, STATUSES
from dhrdesk.core.monitoring import MonitoredAction, agency_key, status_from_label, status_label
from dhrdesk.exchange.cells import excel_moment, set_text
from dhrdesk.exchange.chronology_import import MAX_FILE_BYTES, detect_kind
from dhrdesk.store.repositories.monitoring import UpdateRequest

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

FORMAT = "dhrdesk-action-update-sheet"
FORMAT_VERSION = 2
"""2: the manifest check covers every control value (1 left out the format, version and
creation date, so a changed date went unnoticed). Version 1 sheets are still read."""
READ_VERSIONS = ("1", "2")
SHEET_NAME = "Actions"
CONTROL_NAME = "Control"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
MAX_SHEET_ROWS = 5_000
MAX_TEXT_CHARS = 10_000
PROTECTION_PASSWORD = "dhrdesk"  # convenience only: the HMACs detect alteration

LOCKED_HEADERS = (
    "Review",
    "Rec. no.",
    "Recommendation",
    "Action",
    "Target date",
    "Current status",
)
OPEN_HEADERS = ("New status", "Update (what has been done)", "Date of update")
HIDDEN_HEADERS = ("Action key", "Row check")
HEADERS = LOCKED_HEADERS + OPEN_HEADERS + HIDDEN_HEADERS
COL_STATUS, COL_TEXT, COL_DATE, COL_KEY, COL_MAC = 7, 8, 9, 10, 11
WIDTHS = (16, 8, 45, 45, 14, 16, 20, 50, 15, 12, 20)


def _mac(secret: bytes, parts: list[str]) -> str:
    message = json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def action_key(action_id: int) -> str:
    return f"A{action_id}"


def _locked_values(action: MonitoredAction) -> list[str]:
    return [
        action.reference,
        str(action.recommendation_number),
        action.recommendation_text,
        action.text,
        format_date(action.target_date) if action.target_date else "None set",
        status_label(action.status),
    ]


def _row_mac(secret: bytes, sheet_id: str, key: str, locked: list[str]) -> str:
    return _mac(secret, ["row", sheet_id, key, *locked])


CONTROL_KEYS = ("format", "version", "sheet_id", "store_id", "agency", "created")


def _manifest_mac(secret: bytes, control: dict[str, str], keys: list[str]) -> str:
    if control.get("version") == "1":
        return _mac(
            secret,
            ["manifest", control["sheet_id"], control["store_id"], control["agency"], *keys],
        )
    values = [control.get(k, "") for k in CONTROL_KEYS]
    return _mac(secret, ["manifest-2", *values, *keys])


def open_actions_for(store: Store, agency: str) -> list[MonitoredAction]:
    """The agency's open actions (not started / in progress) across every review."""
    wanted = agency_key(agency)
    return [
        a
        for a in store.repos.monitoring.actions()
        if a.is_open and agency_key(a.lead_agency) == wanted
    ]


# ------------------------------------------------------------------------------- export
def export_sheet(store: Store, agency: str, *, today: dt.date | None = None) -> bytes:
    """The XLSX bytes of a new update sheet for ``agency`` (refused when it has no open
    actions: an empty sheet would only confuse)."""
    import openpyxl

    agency = " ".join(agency.split())
    actions = open_actions_for(store, agency)
    if not actions:
        raise ValidationError(f"{agency or 'That agency'} leads no open actions.")
    today = today or dt.date.today()
    secret = store.repos.monitoring.secret()
    control = {
        "format": FORMAT,
        "version": str(FORMAT_VERSION),
        "sheet_id": uuid.uuid4().hex,
        "store_id": store.store_id,
        "agency": agency,
        "created": today.isoformat(),
    }
    keys = [action_key(a.action_id) for a in actions]
    book = openpyxl.Workbook()
    _actions_sheet(book.active, control, actions, keys, secret, today)
    _control_sheet(book.create_sheet(CONTROL_NAME), control, keys, secret)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _actions_sheet(
    sheet: Any,
    control: dict[str, str],
    actions: list[MonitoredAction],
    keys: list[str],
    secret: bytes,
    today: dt.date,
) -> None:
    """The visible sheet: title rows, header, one row per action (locked columns as
    text, never a formula; shaded open columns), hidden key and row check."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    sheet.title = SHEET_NAME
    set_text(sheet["A1"], f"Action update sheet for {control['agency']}")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        "Fill in the three shaded columns for each action you have progressed: the new "
        "status, what has been done, and the date. Do not change anything else; a sheet "
        "changed elsewhere cannot be imported."
    )
    sheet["A3"] = f"Made on {format_date(today)} · sheet {control['sheet_id'][:8]}"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4D6")
    for col, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(HEADER_ROW, col, header)
        cell.font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, action in enumerate(actions):
        row = FIRST_ROW + offset
        locked = _locked_values(action)
        for col, value in enumerate(locked, start=1):
            set_text(sheet.cell(row, col), value).alignment = wrap  # never a formula
        for col in (COL_STATUS, COL_TEXT, COL_DATE):
            cell = sheet.cell(row, col)
            cell.protection = Protection(locked=False)
            cell.fill = fill
            cell.alignment = wrap
        sheet.cell(row, COL_DATE).number_format = "DD/MM/YYYY"
        key = keys[offset]
        set_text(sheet.cell(row, COL_KEY), key)
        set_text(sheet.cell(row, COL_MAC), _row_mac(secret, control["sheet_id"], key, locked))
    _validations(sheet, FIRST_ROW + len(actions) - 1)
    _layout(sheet)


def _validations(sheet: Any, last: int) -> None:
    """The status drop-down list and the not-in-the-future date check."""
    from openpyxl.worksheet.datavalidation import DataValidation

    statuses = ",".join(STATUS_LABELS[s] for s in STATUSES)
    validation = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose a status from the list.",
    )
    sheet.add_data_validation(validation)
    validation.add(f"G{FIRST_ROW}:G{last}")
    dates = DataValidation(type="date", operator="lessThanOrEqual", formula1="TODAY()")
    dates.allow_blank = True
    dates.error = "Give the date of the update (not in the future)."
    sheet.add_data_validation(dates)
    dates.add(f"I{FIRST_ROW}:I{last}")


def _layout(sheet: Any) -> None:
    """Column widths, hidden key columns, frozen header, protection."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions["J"].hidden = True
    sheet.column_dimensions["K"].hidden = True
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.password = PROTECTION_PASSWORD
    sheet.protection.formatColumns = False  # agencies may widen columns to read


def _control_sheet(
    control_sheet: Any, control: dict[str, str], keys: list[str], secret: bytes
) -> None:
    """The very hidden sheet of control values and the manifest check."""
    for row, (name, value) in enumerate(control.items(), start=1):
        control_sheet.cell(row, 1, name)
        set_text(control_sheet.cell(row, 2), value)
    control_sheet.cell(len(control) + 1, 1, "manifest")
    control_sheet.cell(len(control) + 1, 2, _manifest_mac(secret, control, keys))
    control_sheet.sheet_state = "veryHidden"
    control_sheet.protection.sheet = True
    control_sheet.protection.password = PROTECTION_PASSWORD


# ------------------------------------------------------------------------------- import
@dataclass
class SheetChange:
    """One row of the sheet that will record an update."""

    row: int
    action: MonitoredAction
    new_status: str
    text: str
    date: dt.date

    @property
    def status_changes(self) -> bool:
        return self.new_status != self.action.status


@dataclass
class SheetPreview:
    sheet_id: str
    agency: str
    filename: str
    changes: list[SheetChange] = field(default_factory=list)
    unchanged_rows: int = 0
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Update sheet for {self.agency} ({self.filename}): "
            f"{len(self.changes)} update(s), {self.unchanged_rows} row(s) left blank."
        ]
        for change in self.changes:
            a = change.action
            move = (
                f"{status_label(a.status)} -> {status_label(change.new_status)}"
                if change.status_changes
                else f"stays {status_label(a.status)}"
            )
            text = change.text if len(change.text) <= 80 else change.text[:77] + "…"
            out.append(
                f"  row {change.row}: {a.reference} rec. {a.recommendation_number}: "
                f"{_short(a.text)} — {move}, {format_date(change.date)}: {text}"
            )
        out.extend(f"  note: {w}" for w in self.warnings)
        return out


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _same(expected: str, given: str) -> bool:
    """Constant-time comparison of a check value with what the sheet holds (any text: a
    tampered cell may hold non-ASCII, which hmac.compare_digest refuses for str)."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def _refuse(name: str, message: str, hint: str | None = None) -> InputFileError:
    return InputFileError(
        f"{name} was not imported: {message}",
        hint=hint
        or "Export a new sheet for the agency, and ask them to fill only the shaded columns.",
    )


def _load(filename: str, content: bytes) -> Any:
    import openpyxl

    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "The file"
    if len(content) > MAX_FILE_BYTES:
        raise InputFileError(
            f"{name} is {len(content) / 1024 / 1024:.1f} MB; an update sheet is far smaller.",
            hint="Check that this is the sheet DHR Desk made.",
        )
    if detect_kind(filename, content) != "xlsx":
        raise InputFileError(
            f"{name} is not an Excel workbook (.xlsx), so it is not an action update sheet.",
            hint="Import the .xlsx sheet DHR Desk made, saved from Excel as .xlsx.",
        )
    try:
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise InputFileError(
            f"{name} could not be read as an Excel workbook: it may be damaged.",
            hint="Open it in Excel and save it again as .xlsx.",
        ) from None


def _date_of(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_moment(float(value)).date()
    return parse_date(str(value))


def read_sheet(
    store: Store,
    filename: str,
    content: bytes,
    *,
    agency: str | None = None,
    today: dt.date | None = None,
) -> SheetPreview:
    """Check a filled sheet and say what it would change (nothing is written).

    ``agency``: the agency the chair expects the sheet from (refused when it is for
    another). Raises InputFileError, naming the row, for anything altered or invalid.
    """
    today = today or dt.date.today()
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "The sheet"
    book = _load(filename, content)
    control = _control(store, name, book)
    secret = store.repos.monitoring.secret()
    sheet = book[SHEET_NAME]
    _check_header(name, sheet)
    # first pass: every row intact, then the list of rows as a whole
    listed = [key for _, _, key, _ in _intact_rows(name, sheet, secret, control)]
    if not _same(_manifest_mac(secret, control, listed), control["manifest"]):
        raise _refuse(
            name,
            "rows were removed, added or moved, or the action keys were changed, "
            "since DHR Desk made the sheet.",
        )
    sheet_agency = control["agency"]
    _check_agency_and_receipt(store, name, control, agency)
    actions = {a.action_id: a for a in store.repos.monitoring.actions()}
    problems: list[str] = []
    changes: list[SheetChange] = []
    warnings: list[str] = []
    blank = 0
    for row_number, cells, key, locked in _intact_rows(name, sheet, secret, control):
        action = _row_action(name, row_number, key, actions, sheet_agency)
        if locked[5] != status_label(action.status):
            warnings.append(
                f"Row {row_number}: the action is now {status_label(action.status)} in the "
                f"store (the sheet says {locked[5]})."
            )
        change = _row_change(row_number, cells, action, today, problems)
        if change is _BLANK:
            blank += 1
        elif change is not None:
            changes.append(change)
    if problems:
        shown = problems[:20] + ([f"… and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise InputFileError(
            f"{name} was not imported: some rows need correcting.\n" + "\n".join(shown),
            hint="Ask the agency to correct these rows (or correct them yourself) and import "
            "it again. Nothing was changed.",
        )
    return SheetPreview(control["sheet_id"], sheet_agency, name, changes, blank, warnings)


def _control(store: Store, name: str, book: Any) -> dict[str, str]:
    """The control values of a sheet made by this store (refused otherwise)."""
    if SHEET_NAME not in book.sheetnames or CONTROL_NAME not in book.sheetnames:
        raise _refuse(name, "it is not an action update sheet made by DHR Desk.")
    control_rows = book[CONTROL_NAME].iter_rows(min_row=1, max_row=20, max_col=2, values_only=True)
    control = {_cell_text(k): _cell_text(v) for k, v in control_rows if k is not None}
    if control.get("format") != FORMAT or control.get("version") not in READ_VERSIONS:
        raise _refuse(name, "it is not an action update sheet this version of DHR Desk reads.")
    for required in ("sheet_id", "store_id", "agency", "manifest"):
        if not control.get(required):
            raise _refuse(name, "its hidden control sheet was changed.")
    if control["store_id"] != store.store_id:
        raise _refuse(
            name,
            "it was made by another DHR Desk store.",
            hint="Import it into the store that made it.",
        )
    return control


def _check_header(name: str, sheet: Any) -> None:
    if (sheet.max_row or 0) > MAX_SHEET_ROWS:
        raise _refuse(name, f"it has more than {MAX_SHEET_ROWS:,} rows.")
    header = [
        _cell_text(v)
        for v in next(
            sheet.iter_rows(
                min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(HEADERS), values_only=True
            )
        )
    ]
    if header != list(HEADERS):
        raise _refuse(name, f"its header row (row {HEADER_ROW}) was changed.")


def _intact_rows(
    name: str, sheet: Any, secret: bytes, control: dict[str, str]
) -> Iterator[tuple[int, list[Any], str, list[str]]]:
    """(row number, cells, action key, locked texts) of every non-blank row, each
    checked against its row HMAC (refused when added or changed)."""
    for row_number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_col=len(HEADERS), values_only=True),
        start=FIRST_ROW,
    ):
        cells = list(values) + [None] * (len(HEADERS) - len(values))
        if all(v is None or _cell_text(v).strip() == "" for v in cells):
            continue
        key = _cell_text(cells[COL_KEY - 1]).strip()
        mac = _cell_text(cells[COL_MAC - 1]).strip()
        if not key and not mac:
            raise _refuse(
                name, f"row {row_number} was added to the sheet; only DHR Desk adds rows."
            )
        locked = [_cell_text(v) for v in cells[: len(LOCKED_HEADERS)]]
        if not _same(_row_mac(secret, control["sheet_id"], key, locked), mac):
            raise _refuse(
                name,
                f"row {row_number} was changed outside the shaded columns (review, "
                "recommendation, action, target date, current status or its hidden check).",
            )
        yield row_number, cells, key, locked


def _check_agency_and_receipt(
    store: Store, name: str, control: dict[str, str], agency: str | None
) -> None:
    """Refuse a sheet for another agency than expected, or one already imported."""
    sheet_agency = control["agency"]
    if agency is not None and agency_key(agency) != agency_key(sheet_agency):
        raise _refuse(
            name,
            f"it is the sheet for {sheet_agency}, not for {' '.join(agency.split())}.",
            hint=f"Import it as the sheet of {sheet_agency}, or choose the right file.",
        )
    receipt = store.repos.monitoring.sheet_receipt(control["sheet_id"])
    if receipt is not None:
        when = str(receipt.get("imported_at", ""))[:10]
        raise _refuse(
            name,
            f"this sheet was already imported{' on ' + when if when else ''}; importing it "
            "again would record every update twice.",
            hint="Export a new sheet for the agency's next round of updates.",
        )


def _row_action(
    name: str, row_number: int, key: str, actions: dict[int, MonitoredAction], sheet_agency: str
) -> MonitoredAction:
    action_id = int(key[1:]) if key[1:].isdigit() else -1
    action = actions.get(action_id)
    if action is None:
        raise _refuse(name, f"the action of row {row_number} is no longer in the store.")
    if agency_key(action.lead_agency) != agency_key(sheet_agency):
        raise _refuse(name, f"the action of row {row_number} is now led by {action.lead_agency}.")
    return action


_BLANK: Any = object()  # a row the agency left blank


def _row_change(
    row_number: int, cells: list[Any], action: MonitoredAction, today: dt.date, problems: list[str]
) -> SheetChange | None:
    """The update of one row; :data:`_BLANK` when the agency left it blank; None (with
    the problems noted) when it cannot be recorded."""
    status_text = _cell_text(cells[COL_STATUS - 1]).strip()
    text = _cell_text(cells[COL_TEXT - 1]).strip()
    date_value = cells[COL_DATE - 1]
    no_date = date_value is None or not _cell_text(date_value).strip()
    if not status_text and not text and no_date:
        return _BLANK
    where = f"Row {row_number} ({action.reference} rec. {action.recommendation_number})"
    new_status = action.status
    if status_text:
        found = status_from_label(status_text)
        if found is None:
            problems.append(f"{where}: '{_short(status_text, 30)}' is not a status.")
            return None
        new_status = found
    if not text:
        problems.append(f"{where}: say what has been done in the update column.")
    elif len(text) > MAX_TEXT_CHARS:
        problems.append(f"{where}: the update is longer than {MAX_TEXT_CHARS:,} characters.")
    if no_date:
        problems.append(f"{where}: give the date of the update.")
        return None
    try:
        date = _date_of(date_value)
    except (InvalidDateError, ValueError, OverflowError):
        problems.append(f"{where}: '{_short(_cell_text(date_value), 20)}' is not a date.")
        return None
    if date > today:
        problems.append(f"{where}: the date {format_date(date)} is in the future.")
        return None
    return SheetChange(row_number, action, new_status, text, date) if text else None


def apply_sheet(store: Store, preview: SheetPreview, *, today: dt.date | None = None) -> int:
    """Record every update of the sheet in one transaction; returns how many."""
    if not preview.changes:
        raise ValidationError(
            f"{preview.filename} has no updates filled in, so nothing was imported."
        )
    requests = [
        UpdateRequest(c.action.action_id, c.date, c.text, c.new_status) for c in preview.changes
    ]
    store.repos.monitoring.record_sheet(preview.sheet_id, preview.agency, requests, today=today)
    return len(requests)
