"""The agency author's limited window: one IMR request, nothing else of the review.

It shows what is asked and by when, the IMR sections with guidance beside each, the
analysis per key line of enquiry, the author, independence and sign-off fields, and
the agency's own chronology rows; then "Export response package…". The workspace
store it edits was created from the request package (dhrdesk.exchange.package) and
holds only pseudonyms. The window is a non-modal dialog, so locking the app closes
it (and its store) like every other case-data dialog.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhrdesk import APP_NAME
from dhrdesk.core import model as m
from dhrdesk.ui import package_dialogs
from dhrdesk.ui.forms import OptionalDateEdit
from dhrdesk.ui.modal import ask
from dhrdesk.ui.operations import run_op
from dhrdesk.ui.presenters.package_workspace import (
    ROW_COLUMNS,
    PackageWorkspacePresenter,
    row_cells,
)
from dhrdesk.ui.table_model import Column, TableModel
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS, SensitivityBanner

if TYPE_CHECKING:
    from dhrdesk.store import Store

GUIDANCE_STYLE = "color: palette(mid); font-style: italic;"


class ChronologyModel(TableModel[m.ChronologyEntry]):
    """The agency's chronology rows (read-only cells; edited through the row dialog)."""

    columns = tuple(
        Column(header, lambda row, i=i: row_cells(row)[i], tooltip=False)
        for i, header in enumerate(ROW_COLUMNS)
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(row_id=lambda row: row.id, parent=parent)


def _scroll(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


def _guidance(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(GUIDANCE_STYLE)
    return label


class PackageWorkspaceWindow(QDialog):
    """The agency author's window over one workspace store: edit, save, export."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.presenter = PackageWorkspacePresenter(store)
        self.details = self.presenter.details
        self.agency_id, self.review_id = self.presenter.agency_id, self.presenter.review_id
        self.setObjectName("packageWorkspace")
        self.setWindowTitle(f"IMR for {self.presenter.agency_name} — {APP_NAME}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(980, 700)
        layout = QVBoxLayout(self)
        layout.addWidget(
            SensitivityBanner(
                "Agency workspace: confidential. Refer to people by their pseudonyms only."
            )
        )
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._request_tab(), "Request and author")
        self.tabs.addTab(self._sections_tab(), "IMR sections")
        self.tabs.addTab(self._analysis_tab(), "Analysis")
        self.tabs.addTab(self._chronology_tab(), "Chronology")
        buttons = QHBoxLayout()
        self.saved_label = QLabel()
        buttons.addWidget(self.saved_label, 1)
        self.save_button = QPushButton("&Save")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.export_button = QPushButton("&Export response package…")
        self.export_button.setObjectName("exportResponse")
        self.export_button.clicked.connect(self.export_response)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.refresh_rows()

    # ----------------------------------------------------------------- tabs
    def _request_tab(self) -> QWidget:
        widget = QWidget()
        form = QFormLayout(widget)
        summary = QLabel(self.presenter.summary_html())
        summary.setObjectName("requestSummary")
        summary.setWordWrap(True)
        form.addRow(summary)
        form.addRow("People (pseudonyms):", QLabel(self.presenter.people_text()))
        current = self.presenter.request()
        self.author_name = QLineEdit(current.author_name)
        self.author_name.setObjectName("authorName")
        self.author_role = QLineEdit(current.author_role)
        self.independence = QPlainTextEdit(current.author_independence)
        self.independence.setObjectName("independence")
        self.independence.setPlaceholderText(
            "State that you were not involved with the family or the practitioners' line "
            "management."
        )
        self.records_secured = OptionalDateEdit(
            current.records_secured_on, what="Date records were secured", not_future=True
        )
        self.signoff_name = QLineEdit(current.signoff_name)
        self.signoff_role = QLineEdit(current.signoff_role)
        self.signoff_on = OptionalDateEdit(
            current.signoff_on, what="Signed off on", not_future=True
        )
        form.addRow("Author's name:", self.author_name)
        form.addRow("Author's role:", self.author_role)
        form.addRow("Independence statement:", self.independence)
        form.addRow("Date records were secured:", self.records_secured)
        form.addRow("Senior manager (sign-off):", self.signoff_name)
        form.addRow("Senior manager's role:", self.signoff_role)
        form.addRow("Signed off on:", self.signoff_on)
        return widget

    def _sections_tab(self) -> QWidget:
        inner = QWidget()
        grid = QVBoxLayout(inner)
        self.section_edits: dict[str, QPlainTextEdit] = {}
        for section in self.presenter.sections():
            edit = QPlainTextEdit(section.text)
            edit.setObjectName(f"section_{section.key}")
            edit.setMinimumHeight(110)
            guidance = _guidance(section.guidance)
            guidance.setMaximumWidth(300)
            guidance.setAlignment(Qt.AlignmentFlag.AlignTop)
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(guidance)
            grid.addWidget(QLabel(f"<b>{section.title}</b>"))
            grid.addLayout(row)
            self.section_edits[section.key] = edit
        grid.addStretch(1)
        return _scroll(inner)

    def _analysis_tab(self) -> QWidget:
        inner = QWidget()
        grid = QVBoxLayout(inner)
        intro = QLabel(
            "Analyse your agency's involvement against each key line of enquiry of the "
            "terms of reference."
        )
        intro.setWordWrap(True)
        grid.addWidget(intro)
        self.analysis_edits: dict[int, QPlainTextEdit] = {}
        lines = self.presenter.analysis()
        for line in lines:
            label = QLabel(line.label)
            label.setWordWrap(True)
            edit = QPlainTextEdit(line.text)
            edit.setObjectName(f"analysis_{line.key}")
            edit.setMinimumHeight(100)
            grid.addWidget(label)
            grid.addWidget(edit)
            self.analysis_edits[line.line_id] = edit
        if not lines:
            grid.addWidget(QLabel("The request lists no key lines of enquiry."))
        grid.addStretch(1)
        return _scroll(inner)

    def _chronology_tab(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addWidget(_guidance(self.presenter.chronology_guidance()))
        self.model = ChronologyModel(self)
        self.table = QTableView()
        self.table.setObjectName("chronologyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit_row())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot, name in (
            ("&Add row…", self.add_row, "addRow"),
            ("&Edit row…", self.edit_row, "editRow"),
            ("&Delete row", self.delete_row, "deleteRow"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return widget

    # ---------------------------------------------------------------- rows
    def refresh_rows(self) -> None:
        self.model.set_rows(self.presenter.rows())

    def make_row_dialog(self, entry: m.ChronologyEntry | None = None) -> Any:
        return package_dialogs.ChronologyRowDialog(self, self.presenter.subjects(), entry)

    def _row_dialog(self, entry: m.ChronologyEntry | None) -> bool:
        row = ask(self.make_row_dialog(entry), lambda dialog: dialog.read())
        if row is None:
            return False
        saved = run_op(self, lambda: self.presenter.save_row(row))
        self.refresh_rows()
        return saved is not None

    def add_row(self) -> bool:
        return self._row_dialog(None)

    def selected_row(self) -> m.ChronologyEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def edit_row(self) -> bool:
        entry = self.selected_row()
        return False if entry is None else self._row_dialog(entry)

    def delete_row(self) -> bool:
        entry = self.selected_row()
        if entry is None or entry.id is None:
            return False
        done = run_op(self, lambda: self.presenter.delete_row(entry.id))
        self.refresh_rows()
        return bool(done)

    # ---------------------------------------------------------------- saving
    def _save_all(self) -> bool:
        author = {
            "author_name": self.author_name.text().strip(),
            "author_role": self.author_role.text().strip(),
            "author_independence": self.independence.toPlainText().strip(),
            "records_secured_on": self.records_secured.date(),
            "signoff_name": self.signoff_name.text().strip(),
            "signoff_role": self.signoff_role.text().strip(),
            "signoff_on": self.signoff_on.date(),
        }
        sections = {key: edit.toPlainText() for key, edit in self.section_edits.items()}
        analysis = {line: edit.toPlainText() for line, edit in self.analysis_edits.items()}
        return self.presenter.save_all(author, sections, analysis)

    def save(self) -> bool:
        ok = run_op(self, self._save_all) is not None
        if ok:
            self.saved_label.setText(self.presenter.saved_text())
        return ok

    def export_response(self) -> Path | None:
        """Save, ask where and under which passphrase, then write the response package."""
        if not self.save():
            return None
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export the IMR response package",
            str(self.presenter.export_default()),
            "DHR Desk packages (*.dhrpkg)",
            options=FILE_DIALOG_OPTIONS,
        )
        if not chosen:
            return None
        target = self.presenter.export_target(chosen)
        passphrase = package_dialogs.ask_package_passphrase(
            self,
            confirm=True,
            intro="Choose the passphrase that protects the response package (you may use "
            "the one agreed with the chair).",
        )
        if passphrase is None:
            return None
        written = run_op(self, lambda: self.presenter.export(passphrase, target))
        if written is not None:
            self.saved_label.setText(self.presenter.exported_text(target))
        return written

    def done(self, result: int) -> None:
        """Closing (or locking the app) saves what was typed, then closes the store."""
        if self.store.is_open:
            # Closing must not fail; the store keeps its last save.
            with contextlib.suppress(Exception):
                self._save_all()
            self.store.close()
        super().done(result)
