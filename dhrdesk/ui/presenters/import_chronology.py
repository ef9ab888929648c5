"""The chronology import's presenter: read, map, preview and import, without Qt.

The dialog (dhrdesk.ui.import_dialog) shows what this works out: the file's table,
the guessed mapping and how sure it is per field, the preview rows with their
problems, the counts and which Import buttons are offered. The long steps (reading
and previewing a large file, the import itself) take an
:class:`~dhrdesk.exchange.chronology_import.ImportProgress`, so the dialog can run
them in a worker thread with a progress bar and a Cancel button; a cancelled import
is rolled back by the store, so it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.chronology import parse_partial_iso
from dhrdesk.core.errors import DhrDeskError, InputFileError
from dhrdesk.exchange import chronology_import as ci
from dhrdesk.ui.presenters.review import ReviewPresenter

MAX_READ_BYTES = ci.MAX_FILE_BYTES + 1
BACKGROUND_BYTES = 200_000  # larger files are read and previewed in a worker thread
BACKGROUND_ROWS = 1_000  # more rows than this: preview and import in a worker thread
PREVIEW_CHARS = 200
SAMPLE_CHARS = 40

FIELD_MISSING = "missing"
FIELD_AMBIGUOUS = "ambiguous"
FIELD_OK = ""

STAGE_WORDS = {"Checking rows": "Checking"}


@dataclass(frozen=True)
class PreviewLine:
    """One preview row as shown: line number and cells, its problems and its notes."""

    cells: tuple[str, ...]  # row number, date, time, source, event, action
    problems: str
    warnings: str


@dataclass(frozen=True)
class FieldState:
    """How one field's column choice is shown: missing, ambiguous or fine, and why."""

    state: str
    tooltip: str
    sample: str


@dataclass(frozen=True)
class ImportButtons:
    """Which import buttons are offered, and what they say."""

    import_enabled: bool
    import_tip: str
    skip_offered: bool
    skip_text: str


def read_file(path: Path) -> bytes:
    """A chosen file's bytes (bounded: the reader refuses anything larger)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(MAX_READ_BYTES)
    except OSError as exc:
        raise InputFileError(f"{path.name} could not be read: {exc.strerror}.") from None


STOPPED = {
    "read": "Reading the file was stopped; nothing was imported. Choose the file again to read it.",
    "preview": "Checking the rows was stopped; nothing was imported. Choose a column "
    "again to check them.",
}


def stopped_text(error: DhrDeskError, step: str) -> DhrDeskError | str:
    """What to say when a long step ends early: Cancel while reading or checking says so;
    any other error (and a cancelled import, which "changes nothing") as it is."""
    if isinstance(error, ci.ImportCancelledError) and step in STOPPED:
        return STOPPED[step]
    return error


def progress_text(stage: str, done: int, total: int) -> str:
    """'Checking 5,000 of 20,000 rows…'; 'Writing …' then 'Indexing …' when importing.

    The import counts two steps a row (AgencyInputRepository.add_entries writes every
    row, then indexes it), so its total is twice the rows; the text counts rows.
    """
    if stage == "Importing" and total and total % 2 == 0:
        rows = total // 2
        if done <= rows:
            return f"Writing {done:,} of {rows:,} rows…"
        return f"Indexing {done - rows:,} of {rows:,} rows…"
    return f"{STAGE_WORDS.get(stage, stage)} {done:,} of {total:,} rows…"


class ImportChronologyPresenter(ReviewPresenter):
    """One chronology import for one agency of a review: the file, its mapping, its preview."""

    def __init__(self, store: Any, review_id: int, agency_name: str) -> None:
        super().__init__(store, review_id)
        self.agency_name = agency_name
        self.filename = ""
        self.content = b""
        self.raw: ci.RawTable | None = None
        self.preview: ci.ImportPreview | None = None
        self.guess: ci.Mapping | None = None
        self.mapping_error = ""
        self.previewed_mapping: dict[str, int | None] | None = None

    # ------------------------------------------------------------------ the file
    def set_file(self, filename: str, content: bytes) -> None:
        self.filename, self.content = filename, content
        self.raw = self.preview = self.guess = self.previewed_mapping = None

    def is_large(self) -> bool:
        """Whether reading and previewing should run in a worker (with progress)."""
        return len(self.content) > BACKGROUND_BYTES

    def table_options(self, choice: int | None) -> dict[str, Any]:
        """The sheet (XLSX) or table (Word) the chair picked, as read_table takes it."""
        raw = self.raw
        if choice is None or raw is None:
            return {}
        if raw.kind == "xlsx":
            return {"sheet": raw.choices[choice]}
        if raw.kind == "docx":
            return {"table": choice + 1}
        return {}

    def read(
        self, choice: int | None = None, progress: ci.ImportProgress | None = None
    ) -> ci.RawTable:
        """Read the table of the file; the mapping guessed from its headers."""
        raw = ci.read_table(
            self.filename, self.content, progress=progress, **self.table_options(choice)
        )
        self.raw = raw
        self.guess = ci.guess_mapping(raw.headers)
        self.preview = self.previewed_mapping = None
        return raw

    def read_and_preview(
        self, choice: int | None = None, progress: ci.ImportProgress | None = None
    ) -> ci.RawTable:
        """Read the file and preview it with the guessed mapping (one worker task)."""
        raw = self.read(choice, progress)
        assert self.guess is not None
        self.make_preview(dict(self.guess), progress)
        return raw

    def notes_text(self) -> str:
        raw = self.raw
        if raw is None:
            return ""
        text = f"Read {len(raw.rows):,} rows from {raw.source or self.filename}."
        return text + ("  " + " ".join(raw.notes) if raw.notes else "")

    def file_text(self) -> str:
        return f"<b>{self.filename}</b> · {len(self.content):,} bytes"

    # ------------------------------------------------------------------ mapping
    def field_states(self, mapping: dict[str, int | None]) -> dict[str, FieldState]:
        """Per field: missing (required, not chosen), ambiguous (a tie), or fine."""
        raw = self.raw
        ambiguous = self.guess.ambiguous if self.guess is not None else {}
        first = raw.rows[0] if raw is not None and raw.rows else []
        headers = raw.headers if raw is not None else []
        states = {}
        for f in ci.FIELDS:
            column = mapping.get(f.key)
            tied = ambiguous.get(f.key, [])
            if column is None and f.required:
                state, tip = FIELD_MISSING, "Required: choose the column that holds it."
            elif f.key in ambiguous and column in tied:
                names = ", ".join(f"“{headers[c]}”" for c in tied)
                state, tip = FIELD_AMBIGUOUS, f"More than one column fits: {names}. Check this one."
            else:
                state, tip = FIELD_OK, f.help
            sample = first[column] if column is not None and column < len(first) else ""
            sample = " ".join(sample.split())
            states[f.key] = FieldState(
                state, tip, f"e.g. {sample[:SAMPLE_CHARS]}" if sample else ""
            )
        return states

    def make_preview(
        self, mapping: dict[str, int | None], progress: ci.ImportProgress | None = None
    ) -> ci.ImportPreview | None:
        """Check every row with this mapping (nothing is written)."""
        self.mapping_error = ""
        self.previewed_mapping = dict(mapping)
        if self.raw is None:
            self.preview = None
            return None
        try:
            self.preview = ci.preview(
                self.raw,
                mapping,
                self.review_id,
                self.agency_id(),
                subjects=self.subjects(),
                progress=progress,
            )
        except ci.ImportCancelledError:
            raise
        except DhrDeskError as exc:
            self.preview = None
            self.mapping_error = exc.message + (f"\n{exc.hint}" if exc.hint else "")
        return self.preview

    def is_previewed(self, mapping: dict[str, int | None]) -> bool:
        """Whether the preview shown was made with this mapping (no need to check again)."""
        return self.preview is not None and self.previewed_mapping == mapping

    def many_rows(self) -> bool:
        return self.raw is not None and len(self.raw.rows) > BACKGROUND_ROWS

    def mapping_problems_text(self) -> str:
        if self.mapping_error:
            return self.mapping_error
        return "\n".join(self.preview.mapping_problems) if self.preview is not None else ""

    def agency_id(self) -> int | None:
        agency = self.store.repos.agency_input.agency_by_name(self.review_id, self.agency_name)
        return None if agency is None else agency.id

    def subjects(self) -> dict[str, int]:
        subjects = self.store.repos.records.list(m.Subject, self.review_id)
        return {s.pseudonym: s.id for s in subjects}

    # ------------------------------------------------------------------ preview and counts
    def preview_lines(self, mapping: dict[str, int | None]) -> list[PreviewLine]:
        """The preview rows as the table shows them (the converted values when a row
        converted, else the file's own text)."""
        if self.preview is None:
            return []
        return [_line(row, mapping) for row in self.preview.rows]

    def counts(self) -> tuple[str, bool]:
        """The counts line and whether it is bad news (rows with problems)."""
        preview = self.preview
        if preview is None:
            return "", False
        parts = [f"{preview.ok_count:,} rows ready to import"]
        if preview.error_count:
            parts.append(f"{preview.error_count:,} with problems (in red)")
        warned = sum(1 for r in preview.rows if r.warnings)
        if warned:
            parts.append(f"{warned:,} with notes")
        return " · ".join(parts), preview.has_errors

    def buttons(self) -> ImportButtons:
        preview = self.preview
        mapped = preview is not None and not preview.mapping_problems
        errors = preview.error_count if preview is not None else 0
        good = preview.ok_count if preview is not None else 0
        if mapped and errors:
            tip = f"{errors} row(s) have problems: correct the file, or import only the good rows."
        elif not mapped:
            tip = "Choose a column for every required field first."
        else:
            tip = ""
        offer = bool(mapped and errors and good)
        skip = f"Import the {good:,} good rows and skip {errors:,}" if offer else ""
        return ImportButtons(bool(mapped and not errors and good), tip, offer, skip)

    def large_import(self) -> bool:
        return self.preview is not None and self.preview.ok_count > BACKGROUND_ROWS

    # ------------------------------------------------------------------ import
    def do_import(
        self, *, skip_errors: bool, progress: ci.ImportProgress | None = None
    ) -> ci.ImportResult:
        """Write the previewed rows, the agency and the file: all or nothing."""
        if self.preview is None:
            raise InputFileError("Nothing is previewed yet: choose a file first.")
        return ci.apply_import(
            self.store,
            self.review_id,
            self.agency_name,
            self.filename,
            self.content,
            self.preview,
            skip_errors=skip_errors,
            progress=progress,
        )

    def done_text(self, result: ci.ImportResult) -> str:
        return f"Imported the chronology from {self.filename}: {result.summary()}"


def _line(row: ci.PreviewRow, mapping: dict[str, int | None]) -> PreviewLine:
    entry = row.entry
    if entry is not None:
        date = parse_partial_iso(entry.date).display()
        values = (date, entry.time, entry.source, entry.event, entry.action)
    else:

        def raw(key: str) -> str:
            column = mapping.get(key)
            return row.cells[column] if column is not None and column < len(row.cells) else ""

        values = tuple(raw(k) for k in ("date", "time", "source", "event", "action"))
    cells = tuple(" ".join(v.split())[:PREVIEW_CHARS] for v in values)
    return PreviewLine((str(row.line_no), *cells), "; ".join(row.problems), "; ".join(row.warnings))
