"""Import an agency's chronology from a CSV, XLSX or Word file: map, preview, confirm.

Why a dialog with three parts: agencies send chronologies with their own column
names and their own mistakes. The chair sees the file's columns beside the fields
DHR Desk expects (pre-set from the header names, doubtful guesses highlighted),
a preview of every row with its problems (bad date, missing source) in red, and
the counts; nothing is written until the chair presses Import. When some rows
have problems, importing only the good ones is a separate, explicitly worded
button, never the default.

The file is read into memory once (bytes) and never written anywhere; the
import itself (dhrdesk.exchange.chronology_import.apply_import) keeps it inside
the encrypted store with its SHA-256, as the receipt log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.exchange import chronology_import as ci
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS, ErrorLabel

FILE_FILTER = "Chronologies (*.csv *.xlsx *.docx);;All files (*)"
NOT_MAPPED = "(not in the file)"
AMBIGUOUS_STYLE = "QComboBox { background: #fff3cd; border: 1px solid #c99a00; }"
MISSING_STYLE = "QComboBox { background: #fdecea; border: 1px solid #b3261e; }"
PROBLEM_COLOR = QColor("#a4161a")
PROBLEM_BACKGROUND = QColor("#fdecea")
WARNING_COLOR = QColor("#7a5a00")
COUNTS_STYLE = "QLabel { font-weight: bold; }"
NOTES_STYLE = "QLabel { color: #5f6368; }"
MAX_READ_BYTES = ci.MAX_FILE_BYTES + 1

PREVIEW_COLUMNS = [
    "Row",
    "Problems",
    "Date",
    "Time",
    "Source",
    "Event / contact",
    "Action / outcome",
]
PROBLEMS_COLUMN = 1


class PreviewModel(QAbstractTableModel):
    """The preview rows: what would be imported, with the problems per row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[tuple[str, ...], str, str]] = []  # cells, problems, warnings

    def set_preview(self, preview: ci.ImportPreview | None, mapping: dict[str, int | None]):  # noqa: ANN201
        self.beginResetModel()
        self._rows = []
        if preview is not None:
            for row in preview.rows:
                self._rows.append(self._cells(row, mapping))
        self.endResetModel()

    @staticmethod
    def _cells(row: ci.PreviewRow, mapping: dict[str, int | None]) -> tuple:
        def raw(key: str) -> str:
            column = mapping.get(key)
            return row.cells[column] if column is not None and column < len(row.cells) else ""

        entry = row.entry
        if entry is not None:
            from dhrdesk.core.chronology import parse_partial_iso

            date = parse_partial_iso(entry.date).display()
            values = (date, entry.time, entry.source, entry.event, entry.action)
        else:
            values = (raw("date"), raw("time"), raw("source"), raw("event"), raw("action"))
        values = tuple(" ".join(v.split())[:200] for v in values)
        return (str(row.line_no), *values), "; ".join(row.problems), "; ".join(row.warnings)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(PREVIEW_COLUMNS)

    def problems_at(self, row: int) -> str:
        return self._rows[row][1]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        cells, problems, warnings = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PROBLEMS_COLUMN:
                return problems or (f"note: {warnings}" if warnings else "")
            return cells[column if column < PROBLEMS_COLUMN else column - 1]
        if role == Qt.ItemDataRole.ForegroundRole:
            if problems:
                return QBrush(PROBLEM_COLOR)
            if warnings and column == PROBLEMS_COLUMN:
                return QBrush(WARNING_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return QBrush(PROBLEM_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = problems or warnings
            return text or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return PREVIEW_COLUMNS[section]
        return None


class ImportChronologyDialog(QDialog):
    """Pick a file, map its columns, preview its rows, and import only when confirmed."""

    def __init__(
        self, context: Any, review_id: int, agency_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importChronologyDialog")
        self.setWindowTitle(f"Import chronology: {agency_name}")
        self.resize(1100, 720)
        self.context = context
        self.review_id = review_id
        self.agency_name = agency_name
        self.filename = ""
        self.content: bytes = b""
        self.raw: ci.RawTable | None = None
        self.preview: ci.ImportPreview | None = None
        self.result_info: ci.ImportResult | None = None
        self.combos: dict[str, QComboBox] = {}
        self._guess: ci.Mapping | None = None

        self.file_label = QLabel("No file chosen.")
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.table_choice = QComboBox()
        self.table_choice.setObjectName("tableChoice")
        self.table_choice.setToolTip("The sheet or Word table to read")
        self.table_choice.hide()
        self.table_choice.activated.connect(self._table_chosen)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.table_choice)
        top.addWidget(self.choose_button)

        self.error_label = ErrorLabel()
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet(NOTES_STYLE)

        mapping_box = QGroupBox("Columns of the file → fields of the chronology")
        grid = QGridLayout(mapping_box)
        self.samples: dict[str, QLabel] = {}
        for row, f in enumerate(ci.FIELDS):
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setToolTip(f.help)
            combo = QComboBox()
            combo.setObjectName(f"map_{f.key}")
            combo.setMinimumWidth(200)
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            sample = QLabel()
            sample.setStyleSheet(NOTES_STYLE)
            sample.setMinimumWidth(120)
            self.combos[f.key] = combo
            self.samples[f.key] = sample
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(sample, row, 2)
        grid.setColumnStretch(2, 1)
        legend = QLabel("* required · yellow: more than one column fits, check it · red: missing")
        legend.setStyleSheet(NOTES_STYLE)
        legend.setWordWrap(True)
        grid.addWidget(legend, len(ci.FIELDS), 0, 1, 3)
        self.mapping_problems_label = ErrorLabel()
        grid.addWidget(self.mapping_problems_label, len(ci.FIELDS) + 1, 0, 1, 3)

        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("previewTable")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().hide()
        self.preview_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.preview_view.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((45, 250, 110, 50, 130, 240)):
            self.preview_view.setColumnWidth(column, width)
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        preview_box = QGroupBox("Preview (nothing is imported until you press Import)")
        preview_layout = QVBoxLayout(preview_box)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setStyleSheet(COUNTS_STYLE)
        preview_layout.addWidget(self.counts_label)
        preview_layout.addWidget(self.preview_view, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(mapping_box)
        split.addWidget(preview_box)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 760])

        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(False)
        self.import_button.clicked.connect(lambda: self.do_import(skip_errors=False))
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("skipButton")
        self.skip_button.clicked.connect(lambda: self.do_import(skip_errors=True))
        self.skip_button.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ the file
    def choose_file(self) -> bool:
        """Ask for a file and read it into memory; False when the chair cancelled."""
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import a chronology", str(Path.home()), FILE_FILTER, options=FILE_DIALOG_OPTIONS
        )
        if not chosen:
            return False
        path = Path(chosen)
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_READ_BYTES)  # bounded: the reader refuses larger
        except OSError as exc:
            self._show_read_error(path.name, f"{path.name} could not be read: {exc.strerror}.")
            return True
        self.load(path.name, content)
        return True

    def load(self, filename: str, content: bytes, *, choice: int | None = None) -> bool:
        """Read the table of the file (bytes in memory) and show the mapping and preview."""
        self.filename = filename
        self.content = content
        self.error_label.clear_error()
        self.file_label.setText(f"<b>{filename}</b> · {len(content):,} bytes")
        kwargs: dict[str, Any] = {}
        if choice is not None and self.raw is not None:
            if self.raw.kind == "xlsx":
                kwargs["sheet"] = self.raw.choices[choice]
            elif self.raw.kind == "docx":
                kwargs["table"] = choice + 1
        try:
            raw = ci.read_table(filename, content, **kwargs)
        except DhrDeskError as exc:
            self.raw = None
            self.preview = None
            self.error_label.show_error(exc)
            self._fill_combos([])
            self.preview_model.set_preview(None, {})
            self.counts_label.setText("Nothing can be imported from this file.")
            self.notes_label.clear()
            self._update_buttons()
            return False
        self.raw = raw
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        self.table_choice.addItems(raw.choices)
        self.table_choice.setVisible(len(raw.choices) > 1)
        if choice is not None:
            self.table_choice.setCurrentIndex(choice)
        elif raw.source in raw.choices:
            self.table_choice.setCurrentIndex(raw.choices.index(raw.source))
        self.table_choice.blockSignals(False)
        notes = list(raw.notes)
        self.notes_label.setText(
            f"Read {len(raw.rows):,} rows from {raw.source or filename}."
            + ("  " + " ".join(notes) if notes else "")
        )
        self._guess = ci.guess_mapping(raw.headers)
        self._fill_combos(raw.headers)
        self.apply_mapping(dict(self._guess))
        return True

    def _show_read_error(self, name: str, text: str) -> None:
        self.file_label.setText(f"<b>{name}</b>")
        self.error_label.show_error(text)
        self._update_buttons()

    def _table_chosen(self, index: int) -> None:
        if self.content:
            self.load(self.filename, self.content, choice=index)

    # ------------------------------------------------------------------ mapping
    def _fill_combos(self, headers: list[str]) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_MAPPED, None)
            for column, header in enumerate(headers):
                combo.addItem(header or f"Column {column + 1}", column)
            combo.setEnabled(bool(headers))
            combo.blockSignals(False)

    def apply_mapping(self, mapping: dict[str, int | None]) -> None:
        """Set the combo boxes (as the chair would) and redo the preview."""
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(key)), 0))
            combo.blockSignals(False)
        self._mapping_changed()

    def set_field(self, key: str, header: str | None) -> None:
        """Map one field to the column with this header (None: not in the file)."""
        combo = self.combos[key]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def _mapping_changed(self) -> None:
        if self.raw is None:
            return
        mapping = self.mapping()
        ambiguous = self._guess.ambiguous if self._guess is not None else {}
        first = self.raw.rows[0] if self.raw.rows else []
        for f in ci.FIELDS:
            combo = self.combos[f.key]
            column = mapping[f.key]
            tied = ambiguous.get(f.key, [])
            if column is None and f.required:
                combo.setStyleSheet(MISSING_STYLE)
                combo.setToolTip("Required: choose the column that holds it.")
            elif f.key in ambiguous and column in tied:
                combo.setStyleSheet(AMBIGUOUS_STYLE)
                names = ", ".join(f"“{self.raw.headers[c]}”" for c in tied)
                combo.setToolTip(f"More than one column fits: {names}. Check this one.")
            else:
                combo.setStyleSheet("")
                combo.setToolTip(f.help)
            sample = first[column] if column is not None and column < len(first) else ""
            sample = " ".join(sample.split())
            self.samples[f.key].setText(f"e.g. {sample[:40]}" if sample else "")
        try:
            self.preview = ci.preview(
                self.raw, mapping, self.review_id, self._agency_id(), subjects=self._subjects()
            )
        except DhrDeskError as exc:
            self.preview = None
            self.mapping_problems_label.show_error(exc)
        else:
            problems = self.preview.mapping_problems
            if problems:
                self.mapping_problems_label.show_error("\n".join(problems))
            else:
                self.mapping_problems_label.clear_error()
        self.preview_model.set_preview(self.preview, mapping)
        self._update_counts()
        self._update_buttons()

    def _agency_id(self) -> int | None:
        agency = self.context.store.repos.agency_input.agency_by_name(
            self.review_id, self.agency_name
        )
        return None if agency is None else agency.id

    def _subjects(self) -> dict[str, int]:
        subjects = self.context.store.repos.records.list(m.Subject, self.review_id)
        return {s.pseudonym: s.id for s in subjects}

    # ------------------------------------------------------------------ counts and buttons
    def _update_counts(self) -> None:
        preview = self.preview
        if preview is None:
            self.counts_label.setText("")
            return
        parts = [f"{preview.ok_count:,} rows ready to import"]
        if preview.error_count:
            parts.append(f"{preview.error_count:,} with problems (in red)")
        warned = sum(1 for r in preview.rows if r.warnings)
        if warned:
            parts.append(f"{warned:,} with notes")
        self.counts_label.setText(" · ".join(parts))
        color = "#a4161a" if preview.has_errors else "#1b5e20"
        self.counts_label.setStyleSheet(f"QLabel {{ font-weight: bold; color: {color}; }}")

    def _update_buttons(self) -> None:
        preview = self.preview
        mapped = preview is not None and not preview.mapping_problems
        clean = mapped and preview.error_count == 0 and preview.ok_count > 0
        self.import_button.setEnabled(bool(clean))
        if preview is not None and mapped and preview.error_count:
            self.import_button.setToolTip(
                f"{preview.error_count} row(s) have problems: correct the file, or import only "
                "the good rows."
            )
        elif not mapped:
            self.import_button.setToolTip("Choose a column for every required field first.")
        else:
            self.import_button.setToolTip("")
        offer = bool(mapped and preview.error_count and preview.ok_count)
        self.skip_button.setVisible(offer)
        self.skip_button.setEnabled(offer)
        if offer:
            self.skip_button.setText(
                f"Import the {preview.ok_count:,} good rows and skip {preview.error_count:,}"
            )

    # ------------------------------------------------------------------ import
    def do_import(self, *, skip_errors: bool) -> bool:
        """Write the previewed rows (the chair pressed Import): all or nothing."""
        if self.preview is None or self.raw is None:
            return False
        preview = self.preview
        store = self.context.store
        filename, content = self.filename, self.content

        def run() -> ci.ImportResult:
            return ci.apply_import(
                store,
                self.review_id,
                self.agency_name,
                filename,
                content,
                preview,
                skip_errors=skip_errors,
            )

        try:
            result = self.context.run_op(run)
        except DhrDeskError as exc:  # pragma: no cover - run_op shows errors itself
            self.error_label.show_error(exc)
            return False
        if result is None:
            return False
        self.result_info = result
        self.accept()
        window = self.parentWidget().window() if self.parentWidget() else None
        show = getattr(window, "show_status_message", None)
        if callable(show):
            show(f"Imported the chronology from {filename}: {result.summary()}")
        return True
