"""The combined chronology as an Excel workbook, for panel members who work in Excel.

Qt-free (a presenter beside the Chronology view, so the operations step of the
architecture can move it): rows in, one .xlsx file out, written atomically.

Why the cell neutralising: text in a chronology comes from agencies' files. A cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read
by Excel as a formula, so a crafted row could run a formula on a panel member's
machine ("CSV/formula injection"). Such text is written with a leading apostrophe,
which Excel shows as plain text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from dhrdesk.core.files import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = (
    "Date",
    "Time",
    "Agency",
    "Age",
    "Interval (days)",
    "Source",
    "Event",
    "Action or outcome",
    "Agency comment",
    "Significance",
    "Key event",
    "Themes",
    "Flags",
)
WIDTHS = (18, 7, 24, 7, 9, 22, 60, 40, 30, 40, 9, 30, 24)
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell


def safe_cell(value: Any) -> Any:
    """A value as Excel should show it: text that could start a formula is made literal."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def row_values(row: Any, theme_names: dict[str, str] | None = None) -> list[Any]:
    """One combined-chronology row (dhrdesk.core.chronology.CombinedRow) as cell values."""
    entry = row.entry
    names = theme_names or {}
    when = row.when.display() + (" (approximate)" if row.is_partial else "")
    return [
        when,
        entry.time,
        row.agency,
        row.age,
        row.interval_days,
        entry.source,
        entry.event,
        entry.action,
        entry.agency_comment,
        entry.significance,
        entry.key_event,
        ", ".join(names.get(t, t) for t in entry.themes),
        "; ".join(row.flags),
    ]


def chronology_workbook_bytes(
    rows: Iterable[Any],
    *,
    title: str,
    marking: str = "OFFICIAL-SENSITIVE",
    theme_names: dict[str, str] | None = None,
) -> bytes:
    """The workbook as bytes: a header row with filters, wrapped text, frozen header,
    and the marking in the printed header and footer of every page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Combined chronology"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row_values(row, theme_names)])
        count += 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = wrap
            cell.data_type = "n" if isinstance(cell.value, int | float) else "s"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{count + 1}"
    heading = f"{marking} · {safe_cell(title)}"
    sheet.oddHeader.center.text = heading.replace("&", "&&")
    sheet.oddFooter.center.text = f"{marking} · Page &P of &N"
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = "1:1"
    book.properties.title = f"Combined chronology · {title}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_chronology_xlsx(
    rows: Sequence[Any],
    path: Path,
    *,
    title: str,
    theme_names: dict[str, str] | None = None,
) -> Path:
    """Write the workbook to ``path`` atomically (an old file stays whole on failure)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    data = chronology_workbook_bytes(rows, title=title, theme_names=theme_names)
    return write_atomic(path, data, "chronology workbook")
