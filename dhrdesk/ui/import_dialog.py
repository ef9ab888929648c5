"""Import an agency's chronology from a CSV, XLSX or Word file: map, preview, confirm.

Why a dialog with three parts: agencies send chronologies with their own column
names and their own mistakes. The chair sees the file's columns beside the fields
DHR Desk expects (pre-set from the header names, doubtful guesses highlighted),
a preview of every row with its problems (bad date, missing source) in red, and
the counts; nothing is written until the chair presses Import. When some rows
have problems, importing only the good ones is a separate, explicitly worded
button, never the default.

A large file (tens of thousands of rows) is read, previewed and imported in a
worker thread: a progress bar counts the rows and Cancel stops the work; a
cancelled import is rolled back, so the store is left as it was.

The file is read into memory once (bytes) and never written anywhere; the
import itself (dhrdesk.exchange.chronology_import.apply_import) keeps it inside
the encrypted store with its SHA-256, as the receipt log. What is read, checked,
counted and written is worked out by
:class:`~dhrdesk.ui.presenters.import_chronology.ImportChronologyPresenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.exchange import chronology_import as ci
from dhrdesk.ui.panes import row_table, side_by_side
from dhrdesk.ui.presenters import import_chronology as ip
from dhrdesk.ui.presenters.import_chronology import ImportChronologyPresenter, PreviewLine
from dhrdesk.ui.table_model import Column, TableModel
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS, ErrorLabel
from dhrdesk.ui.workers import TaskRunner

FILE_FILTER = "Chronologies (*.csv *.xlsx *.docx);;All files (*)"
NOT_MAPPED = "(not in the file)"
AMBIGUOUS_STYLE = "QComboBox { background: #fff3cd; border: 1px solid #c99a00; }"
MISSING_STYLE = "QComboBox { background: #fdecea; border: 1px solid #b3261e; }"
FIELD_STYLES = {ip.FIELD_MISSING: MISSING_STYLE, ip.FIELD_AMBIGUOUS: AMBIGUOUS_STYLE}
PROBLEM_COLOR = QColor("#a4161a")
PROBLEM_BACKGROUND = QColor("#fdecea")
WARNING_COLOR = QColor("#7a5a00")
COUNTS_STYLE = "QLabel {{ font-weight: bold; color: {}; }}"
NOTES_STYLE = "QLabel { color: #5f6368; }"
PROBLEMS_COLUMN = 1


def _problems_text(line: PreviewLine) -> str:
    return line.problems or (f"note: {line.warnings}" if line.warnings else "")


def _cell(index: int) -> Callable[[PreviewLine], str]:
    return lambda line: line.cells[index]


def _tip(line: PreviewLine) -> str | None:
    return line.problems or line.warnings or None


class PreviewModel(TableModel[PreviewLine]):
    """The preview rows: what would be imported, with the problems per row (in red)."""

    columns = (
        Column("Row", _cell(0), tooltip=_tip),
        Column(
            "Problems",
            _problems_text,
            tooltip=_tip,
            foreground=lambda line: WARNING_COLOR if line.warnings and not line.problems else None,
        ),
        *(
            Column(header, _cell(index), tooltip=_tip)
            for index, header in enumerate(
                ("Date", "Time", "Source", "Event / contact", "Action / outcome"), start=1
            )
        ),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            row_foreground=lambda line: PROBLEM_COLOR if line.problems else None,
            row_background=lambda line: PROBLEM_BACKGROUND if line.problems else None,
            parent=parent,
        )

    def problems_at(self, row: int) -> str:
        return self.row_at(row).problems


class MappingPanel(QGroupBox):
    """One combo box per chronology field, listing the file's columns; ``changed`` on a pick."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Columns of the file → fields of the chronology", parent)
        grid = QGridLayout(self)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        for row, f in enumerate(ci.FIELDS):
            label = QLabel(f.label + (" *" if f.required else ""))
            label.setToolTip(f.help)
            combo = QComboBox()
            combo.setObjectName(f"map_{f.key}")
            combo.setMinimumWidth(200)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
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
        self.problems_label = ErrorLabel()
        grid.addWidget(self.problems_label, len(ci.FIELDS) + 1, 0, 1, 3)

    def fill(self, headers: list[str]) -> None:
        """Offer the file's columns (none: every box off)."""
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_MAPPED, None)
            for column, header in enumerate(headers):
                combo.addItem(header or f"Column {column + 1}", column)
            combo.setEnabled(bool(headers))
            combo.blockSignals(False)

    def set_mapping(self, mapping: dict[str, int | None]) -> None:
        """Choose the columns without announcing each change."""
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(key)), 0))
            combo.blockSignals(False)

    def mapping(self) -> dict[str, int | None]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def show_states(self, states: dict[str, ip.FieldState]) -> None:
        for key, state in states.items():
            self.combos[key].setStyleSheet(FIELD_STYLES.get(state.state, ""))
            self.combos[key].setToolTip(state.tooltip)
            self.samples[key].setText(state.sample)

    def show_problems(self, text: str) -> None:
        if text:
            self.problems_label.show_error(text)
        else:
            self.problems_label.clear_error()


def preview_table(model: PreviewModel) -> QTableView:
    view = row_table(model, "previewTable", (45, 250, 110, 50, 130, 240))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def mapping_beside_preview(mapping: QWidget, counts: QLabel, preview: QTableView) -> QSplitter:
    """The mapping on the left, the counts and the preview on the right."""
    box = QGroupBox("Preview (nothing is imported until you press Import)")
    layout = QVBoxLayout(box)
    layout.addWidget(counts)
    layout.addWidget(preview, 1)
    return side_by_side(mapping, box, (0, 1), (340, 760))


class ProgressRow(QWidget):
    """Rows done out of the total while a long step runs in a worker thread.

    ``report`` may be called from any thread: it arrives here as a queued signal.
    """

    report = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgressBar")
        self.label = QLabel()
        self.label.setObjectName("importProgressLabel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        self.report.connect(self._show)
        self.hide()

    def start(self, text: str) -> None:
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.label.setText(text)
        self.show()

    def _show(self, stage: str, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.label.setText(ip.progress_text(stage, done, total))


class Worker:
    """Runs one long step at a time in a worker thread, with the progress row and Cancel.

    ``step(progress)`` runs in the thread pool; ``done(result)`` or ``failed(error)``
    runs afterwards in the GUI thread. A cancelled step raises ImportCancelledError
    (an import is rolled back by the store).
    """

    def __init__(self, owner: QObject, progress: ProgressRow, changed: Callable[[], None]) -> None:
        self.tasks = TaskRunner(owner)
        self.progress = progress
        self.work: ci.ImportProgress | None = None  # the step running, if any
        self._changed = changed

    @property
    def busy(self) -> bool:
        return self.work is not None

    def start(
        self,
        text: str,
        step: Callable[[ci.ImportProgress], Any],
        done: Callable[[Any], None],
        failed: Callable[[DhrDeskError], None],
    ) -> None:
        work = ci.ImportProgress(self.progress.report.emit)
        self.work = work
        self.progress.start(text)
        self._changed()

        def finished(result: Any) -> None:
            self._stop()
            done(result)

        def stopped(error: DhrDeskError) -> None:
            self._stop()
            failed(error)

        self.tasks.start(lambda: step(work), finished, stopped)

    def _stop(self) -> None:
        self.work = None
        self.progress.hide()
        self._changed()

    def cancel(self) -> bool:
        """Ask the running step to stop (False when nothing runs)."""
        if self.work is None:
            return False
        self.work.cancel()
        self.progress.label.setText("Cancelling…")
        return True


class FileBar(QWidget):
    """The file chosen, the sheet or Word table to read, and the Choose file button."""

    def __init__(self, choose: Callable[[], Any], table_chosen: Callable[[int], Any]) -> None:
        super().__init__()
        self.file_label = QLabel("No file chosen.")
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(choose)
        self.table_choice = QComboBox()
        self.table_choice.setObjectName("tableChoice")
        self.table_choice.setToolTip("The sheet or Word table to read")
        self.table_choice.hide()
        self.table_choice.activated.connect(table_chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_label, 1)
        layout.addWidget(self.table_choice)
        layout.addWidget(self.choose_button)

    def show_choices(self, choices: list[str], current: int | None) -> None:
        """The sheets or tables of the file (offered when there is more than one)."""
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        self.table_choice.addItems(choices)
        self.table_choice.setVisible(len(choices) > 1)
        if current is not None:
            self.table_choice.setCurrentIndex(current)
        self.table_choice.blockSignals(False)


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
        self.review_id, self.agency_name = review_id, agency_name
        self.presenter = ImportChronologyPresenter(context.store, review_id, agency_name)
        self.result_info: ci.ImportResult | None = None

        self.file_bar = FileBar(self.choose_file, self._table_chosen)
        self.file_label, self.choose_button = self.file_bar.file_label, self.file_bar.choose_button
        self.table_choice = self.file_bar.table_choice
        self.error_label = ErrorLabel()
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet(NOTES_STYLE)
        self.mapping_panel = MappingPanel()
        self.mapping_panel.changed.connect(self._mapping_changed)
        self.combos = self.mapping_panel.combos
        self.mapping_problems_label = self.mapping_panel.problems_label
        self.preview_model = PreviewModel(self)
        self.preview_view = preview_table(self.preview_model)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        split = mapping_beside_preview(self.mapping_panel, self.counts_label, self.preview_view)
        self.progress = ProgressRow()
        self.worker = Worker(self, self.progress, self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(split, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self._buttons())
        self._update_buttons()

    def _buttons(self) -> QHBoxLayout:
        self.import_button = QPushButton("Import")
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(False)
        self.import_button.clicked.connect(lambda: self.do_import(skip_errors=False))
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("skipButton")
        self.skip_button.clicked.connect(lambda: self.do_import(skip_errors=True))
        self.skip_button.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Close without importing (or stop the work in progress)")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.skip_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        return buttons

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
            content = ip.read_file(path)
        except DhrDeskError as exc:
            self.file_label.setText(f"<b>{path.name}</b>")
            self.error_label.show_error(exc)
            self._update_buttons()
            return True
        self.load(path.name, content)
        return True

    def load(self, filename: str, content: bytes, *, choice: int | None = None) -> bool:
        """Read the table of the file (bytes in memory) and show the mapping and preview.

        A large file is read in a worker thread (progress shown); the result then
        says only that reading started."""
        if choice is None:
            self.presenter.set_file(filename, content)
        self.error_label.clear_error()
        self.file_label.setText(self.presenter.file_text())
        if self.presenter.is_large():
            self.worker.start(
                "Reading the file…",
                lambda work: self.presenter.read_and_preview(choice, work),
                lambda _raw: self._show_read(choice),
                lambda error: self._read_failed(ip.stopped_text(error, "read")),
            )
            return True
        try:
            self.presenter.read(choice)
        except DhrDeskError as exc:
            self._read_failed(exc)
            return False
        self._show_read(choice)
        return True

    def _read_failed(self, error: DhrDeskError | str) -> None:
        self.presenter.raw = self.presenter.preview = None
        self.error_label.show_error(error)
        self.mapping_panel.fill([])
        self.preview_model.set_rows([])
        self.counts_label.setText("Nothing can be imported from this file.")
        self.notes_label.clear()
        self._update_buttons()

    def _show_read(self, choice: int | None) -> None:
        raw = self.presenter.raw
        assert raw is not None and self.presenter.guess is not None
        if choice is None and raw.source in raw.choices:
            choice = raw.choices.index(raw.source)
        self.file_bar.show_choices(raw.choices, choice)
        self.notes_label.setText(self.presenter.notes_text())
        self.mapping_panel.fill(raw.headers)
        self.apply_mapping(dict(self.presenter.guess))

    def _table_chosen(self, index: int) -> None:
        if self.presenter.content:
            self.load(self.presenter.filename, self.presenter.content, choice=index)

    # ------------------------------------------------------------------ mapping and preview
    def apply_mapping(self, mapping: dict[str, int | None]) -> None:
        """Set the combo boxes (as the chair would) and redo the preview."""
        self.mapping_panel.set_mapping(mapping)
        self._mapping_changed()

    def set_field(self, key: str, header: str | None) -> None:
        """Map one field to the column with this header (None: not in the file)."""
        combo = self.combos[key]
        combo.setCurrentIndex(0 if header is None else combo.findText(header))

    def mapping(self) -> dict[str, int | None]:
        return self.mapping_panel.mapping()

    def _mapping_changed(self) -> None:
        if self.presenter.raw is None:
            return
        mapping = self.mapping()
        self.mapping_panel.show_states(self.presenter.field_states(mapping))
        if self.presenter.is_previewed(mapping):  # read and previewed in one worker task
            self._show_preview()
        elif self.presenter.many_rows():
            self.worker.start(
                "Checking the rows…",
                lambda work: self.presenter.make_preview(mapping, work),
                lambda _preview: self._show_preview(),
                self._preview_failed,
            )
        else:
            self.presenter.make_preview(mapping)
            self._show_preview()

    def _show_preview(self) -> None:
        mapping = self.mapping()
        self.mapping_panel.show_problems(self.presenter.mapping_problems_text())
        self.preview_model.set_rows(self.presenter.preview_lines(mapping))
        text, bad = self.presenter.counts()
        self.counts_label.setText(text)
        self.counts_label.setStyleSheet(COUNTS_STYLE.format("#a4161a" if bad else "#1b5e20"))
        self._update_buttons()

    def _preview_failed(self, error: DhrDeskError) -> None:
        self.presenter.preview = None
        self._show_preview()
        self.error_label.show_error(ip.stopped_text(error, "preview"))

    def _update_buttons(self) -> None:
        state = self.presenter.buttons()
        idle = not self.worker.busy
        self.import_button.setEnabled(state.import_enabled and idle)
        self.import_button.setToolTip(state.import_tip)
        self.skip_button.setVisible(state.skip_offered)
        self.skip_button.setEnabled(state.skip_offered and idle)
        self.skip_button.setText(state.skip_text)
        for widget in (self.choose_button, self.table_choice, self.mapping_panel):
            widget.setEnabled(idle)

    # ------------------------------------------------------------------ long steps
    def reject(self) -> None:
        """Cancel: stop the work in progress (nothing is kept), else close the dialog."""
        if not self.worker.cancel():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.worker.cancel():
            event.ignore()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ import
    def do_import(self, *, skip_errors: bool) -> bool:
        """Write the previewed rows (the chair pressed Import): all or nothing.

        A large import runs in a worker thread; the result then says it started."""
        if self.presenter.preview is None or self.worker.busy:
            return False
        self.error_label.clear_error()
        if self.presenter.large_import():
            self.worker.start(
                "Importing…",
                lambda work: self.presenter.do_import(skip_errors=skip_errors, progress=work),
                self._imported,
                self.error_label.show_error,
            )
            return True
        result = self.context.run_op(lambda: self.presenter.do_import(skip_errors=skip_errors))
        if result is None:
            return False
        self._imported(result)
        return True

    def _imported(self, result: ci.ImportResult) -> None:
        self.result_info = result
        self.accept()
        from dhrdesk.ui.main_window import MainWindow  # the dialog opens from inside it

        window = self.parentWidget().window() if self.parentWidget() else None
        if isinstance(window, MainWindow):
            window.show_status_message(self.presenter.done_text(result))
