"""The preview: every row converted and checked before anything is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from dhrdesk.core.dates import InvalidDateError, PartialDate, parse_date_time, parse_time
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.model import ChronologyEntry
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.exchange.cells import excel_moment
from dhrdesk.exchange.chronology_import.base import (
    _FIELD_BY_KEY,
    FIELD_KEYS,
    MAX_CELL_CHARS,
    ImportProgress,
    RawTable,
)
from dhrdesk.exchange.chronology_import.mapping import mapping_problems


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
    """Theme id, name (any case) or number -> theme id, for the themes column."""
    lookup: dict[str, str] = {}
    for theme in load_themes():
        lookup[theme.id.casefold()] = theme.id
        lookup[theme.name.casefold()] = theme.id
        lookup[str(theme.number)] = theme.id
    return lookup


def _date_from_serial(text: str) -> tuple[PartialDate, str] | None:
    """An Excel day number (e.g. 43558) typed in a cell not formatted as a date."""
    serial = float(text)
    if not 1 <= serial < 2958466:
        return None
    moment = excel_moment(serial)
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
    checker = _RowChecker(
        mapping,
        review_id,
        agency_id,
        {_key_text(k): v for k, v in (subjects or {}).items()},
        _theme_lookup() if mapping.get("themes") is not None else {},
    )
    rows: list[PreviewRow] = []
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
        rows.append(checker.row(cells, line_no, problems))
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


@dataclass
class _RowChecker:
    """Converts one row into a ChronologyEntry, noting its problems and warnings; keeps
    the keys seen so far so that a repeated row gets the next occurrence number."""

    mapping: dict[str, int | None]
    review_id: int
    agency_id: int | None
    subjects: dict[str, int]
    themes: dict[str, str]
    seen_keys: dict[str, int] = field(default_factory=dict)
    first_line_of_key: dict[str, int] = field(default_factory=dict)

    def cell(self, cells: list[str], key: str) -> str:
        column = self.mapping.get(key)
        return cells[column] if column is not None and column < len(cells) else ""

    def row(self, cells: list[str], line_no: int, problems: list[str]) -> PreviewRow:
        cell = self.cell
        warnings: list[str] = []
        for key in FIELD_KEYS:
            if len(cell(cells, key)) > MAX_CELL_CHARS:
                problems.append(
                    f"the {_FIELD_BY_KEY[key].label.lower()} is longer than "
                    f"{MAX_CELL_CHARS:,} characters"
                )
        date_iso, time_value = _row_date_time(
            cell(cells, "date").strip(), cell(cells, "time").strip(), problems, warnings
        )
        source = cell(cells, "source").strip()
        if not source:
            problems.append("the source of information is missing")
        event = cell(cells, "event").strip()
        action = cell(cells, "action").strip()
        if not event and not action:
            problems.append("neither the event nor the action taken is filled in")
        sequence = _row_sequence(cell(cells, "sequence").strip(), warnings)
        subject_ids = _row_subjects(cell(cells, "subjects"), self.subjects, warnings)
        theme_ids = _row_themes(cell(cells, "themes"), self.themes, warnings)
        entry = None
        if not problems:
            occurrence = self._occurrence(
                external_key(date_iso, time_value, source, event), line_no, warnings
            )
            entry = ChronologyEntry(
                review_id=self.review_id,
                agency_id=self.agency_id if self.agency_id is not None else 0,
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
        return PreviewRow(line_no, entry, problems, warnings, list(cells))

    def _occurrence(self, base: str, line_no: int, warnings: list[str]) -> int:
        occurrence = self.seen_keys.get(base, 0) + 1
        self.seen_keys[base] = occurrence
        if occurrence > 1:
            warnings.append(
                f"the same date, source and event as row {self.first_line_of_key[base]}; "
                "kept as a separate row"
            )
        else:
            self.first_line_of_key[base] = line_no
        return occurrence


def _row_date_time(
    date_text: str, time_text: str, problems: list[str], warnings: list[str]
) -> tuple[str, str]:
    """A row's date (ISO, possibly partial) and time ("HH:MM" or ""), problems noted."""
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
    return date_iso, time_value


def _row_sequence(sequence_text: str, warnings: list[str]) -> int:
    """The sequence number of a row (0 when empty or not a whole number)."""
    if not sequence_text:
        return 0
    try:
        sequence = int(float(sequence_text))
        if not 0 <= sequence < 10**9:
            raise ValueError
    except (ValueError, OverflowError):
        warnings.append(f"the sequence '{sequence_text[:20]}' is not a whole number")
        return 0
    return sequence


def _row_subjects(text: str, lookup_subjects: dict[str, int], warnings: list[str]) -> list[int]:
    """The subject ids of the pseudonyms in a cell; unknown names are warned about."""
    subject_ids: list[int] = []
    for name in _split_list(text):
        found = lookup_subjects.get(_key_text(name))
        if found is None:
            warnings.append(
                f"'{name[:40]}' is not a pseudonym of this review's subjects; not linked"
            )
        elif found not in subject_ids:
            subject_ids.append(found)
    return subject_ids


def _row_themes(text: str, themes: dict[str, str], warnings: list[str]) -> list[str]:
    """The theme ids of the theme names in a cell; unknown names are warned about."""
    theme_ids: list[str] = []
    for name in _split_list(text):
        found_theme = themes.get(name.casefold())
        if found_theme is None:
            warnings.append(f"'{name[:40]}' is not a theme; not tagged")
        elif found_theme not in theme_ids:
            theme_ids.append(found_theme)
    return theme_ids


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT_LIST.split(text or "") if part.strip()]
