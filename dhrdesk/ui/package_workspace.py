"""The agency author's limited window: one IMR request, nothing else of the review.

It shows what is asked and by when, the IMR sections with guidance beside each, the
analysis per key line of enquiry, the author, independence and sign-off fields, and
the agency's own chronology rows; then "Export response package…". The workspace
store it edits was created from the request package (dhrdesk.exchange.package) and
holds only pseudonyms. The window is a non-modal dialog, so locking the app closes
it (and its store) like every other case-data dialog.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
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
from dhrdesk.core.chronology import parse_partial_iso
from dhrdesk.core.dates import format_date
from dhrdesk.exchange import package as pkg
from dhrdesk.ui import package_dialogs
from dhrdesk.ui.forms import OptionalDateEdit
from dhrdesk.ui.operations import run_op
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS, SensitivityBanner

if TYPE_CHECKING:
    from dhrdesk.store import Store

GUIDANCE_STYLE = "color: palette(mid); font-style: italic;"
COLUMNS = ["Date", "Time", "Source", "Event or contact", "Action / outcome", "Agency comment"]


class ChronologyModel(QAbstractTableModel):
    """The agency's chronology rows (read-only cells; edited through the row dialog)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[m.ChronologyEntry] = []

    def set_rows(self, rows: list[m.ChronologyEntry]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return parse_partial_iso(row.date).display()
        return [None, row.time, row.source, row.event, row.action, row.agency_comment][column]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class PackageWorkspaceWindow(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.details = pkg.workspace_details(store)
        self.agency_id: int = self.details["agency_id"]
        self.review_id: int = self.details["review_id"]
        self.setObjectName("packageWorkspace")
        self.setWindowTitle(f"IMR for {self.details['agency_name']} — {APP_NAME}")
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
        request = self.details["request"]
        widget = QWidget()
        form = QFormLayout(widget)
        kind = m.REQUEST_TYPE_LABELS.get(request["type"], request["type"])
        due = request.get("due_on")
        asked = request.get("requested_on")
        summary = QLabel(
            f"<b>{kind}</b> for review <b>{self.details['reference']}</b> from "
            f"<b>{self.details['agency_name']}</b>."
            + (f"<br>Requested on {format_date(dt.date.fromisoformat(asked))}." if asked else "")
            + (f"<br><b>Due on {format_date(dt.date.fromisoformat(due))}.</b>" if due else "")
        )
        summary.setObjectName("requestSummary")
        summary.setWordWrap(True)
        form.addRow(summary)
        people = ", ".join(
            f"{s['pseudonym']} ({m.SUBJECT_ROLE_LABELS.get(s['role'], s['role'])})"
            for s in self.details["subjects"]
        )
        form.addRow("People (pseudonyms):", QLabel(people or "none given"))
        current = self.store.repos.agency_input.request(self.agency_id)
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

    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    def _sections_tab(self) -> QWidget:
        inner = QWidget()
        grid = QVBoxLayout(inner)
        texts = self.store.repos.agency_input.imr_sections(self.agency_id)
        self.section_edits: dict[str, QPlainTextEdit] = {}
        for section in self.details["imr_sections"]:
            title = QLabel(f"<b>{section['title']}</b>")
            row = QHBoxLayout()
            edit = QPlainTextEdit(texts.get(section["key"], ""))
            edit.setObjectName(f"section_{section['key']}")
            edit.setMinimumHeight(110)
            guidance = QLabel(section["guidance"])
            guidance.setWordWrap(True)
            guidance.setStyleSheet(GUIDANCE_STYLE)
            guidance.setMaximumWidth(300)
            guidance.setAlignment(Qt.AlignmentFlag.AlignTop)
            row.addWidget(edit, 1)
            row.addWidget(guidance)
            grid.addWidget(title)
            grid.addLayout(row)
            self.section_edits[section["key"]] = edit
        grid.addStretch(1)
        return self._scroll(inner)

    def _analysis_tab(self) -> QWidget:
        inner = QWidget()
        grid = QVBoxLayout(inner)
        intro = QLabel(
            "Analyse your agency's involvement against each key line of enquiry of the "
            "terms of reference."
        )
        intro.setWordWrap(True)
        grid.addWidget(intro)
        texts = self.store.repos.agency_input.imr_analysis(self.agency_id)
        self.analysis_edits: dict[int, QPlainTextEdit] = {}
        for number, line in enumerate(self.details["lines"], 1):
            label = QLabel(f"<b>{number}.</b> {line['text']}")
            label.setWordWrap(True)
            edit = QPlainTextEdit(texts.get(line["id"], ""))
            edit.setObjectName(f"analysis_{line['key']}")
            edit.setMinimumHeight(100)
            grid.addWidget(label)
            grid.addWidget(edit)
            self.analysis_edits[line["id"]] = edit
        if not self.details["lines"]:
            grid.addWidget(QLabel("The request lists no key lines of enquiry."))
        grid.addStretch(1)
        return self._scroll(inner)

    def _chronology_tab(self) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        guidance = QLabel(self.details.get("chronology_guidance", ""))
        guidance.setWordWrap(True)
        guidance.setStyleSheet(GUIDANCE_STYLE)
        layout.addWidget(guidance)
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
        self.model.set_rows(self.store.repos.agency_input.entries(self.review_id, self.agency_id))

    def make_row_dialog(self, entry: m.ChronologyEntry | None = None) -> Any:
        return package_dialogs.ChronologyRowDialog(self, self.details["subjects"], entry)

    def _row_dialog(self, entry: m.ChronologyEntry | None) -> bool:
        dialog = self.make_row_dialog(entry)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            row = dialog.read()
            saved = run_op(self, lambda: pkg.save_workspace_row(self.store, row))
        finally:
            dialog.deleteLater()
        self.refresh_rows()
        return saved is not None

    def add_row(self) -> bool:
        return self._row_dialog(None)

    def selected_row(self) -> m.ChronologyEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def edit_row(self) -> bool:
        entry = self.selected_row()
        return False if entry is None else self._row_dialog(entry)

    def delete_row(self) -> bool:
        entry = self.selected_row()
        if entry is None or entry.id is None:
            return False
        done = run_op(self, lambda: self.store.repos.agency_input.delete_entry(entry.id) or True)
        self.refresh_rows()
        return bool(done)

    # ---------------------------------------------------------------- saving
    def _save_all(self) -> None:
        repo = self.store.repos.agency_input
        sections = repo.imr_sections(self.agency_id)
        analysis = repo.imr_analysis(self.agency_id)
        request = repo.request(self.agency_id)
        request.author_name = self.author_name.text().strip()
        request.author_role = self.author_role.text().strip()
        request.author_independence = self.independence.toPlainText().strip()
        request.records_secured_on = self.records_secured.date()
        request.signoff_name = self.signoff_name.text().strip()
        request.signoff_role = self.signoff_role.text().strip()
        request.signoff_on = self.signoff_on.date()
        with self.store.write("workspace.save", f"agency:{self.agency_id}"):
            repo.save_request(request)
            for key, edit in self.section_edits.items():
                if edit.toPlainText() != sections.get(key, ""):
                    repo.save_imr_section(self.agency_id, key, edit.toPlainText())
            for line_id, edit in self.analysis_edits.items():
                if edit.toPlainText() != analysis.get(line_id, ""):
                    repo.save_imr_analysis(self.agency_id, line_id, edit.toPlainText())

    def save(self) -> bool:
        ok = run_op(self, lambda: self._save_all() or True) is not None
        if ok:
            self.saved_label.setText(f"Saved at {dt.datetime.now():%H:%M}.")
        return ok

    def export_response(self) -> Path | None:
        """Save, ask where and under which passphrase, then write the response package."""
        if not self.save():
            return None
        default = Path.home() / f"IMR response - {self.details['agency_name']}.dhrpkg"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Export the IMR response package",
            str(default),
            "DHR Desk packages (*.dhrpkg)",
            options=FILE_DIALOG_OPTIONS,
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix != pkg.SUFFIX:
            target = target.with_name(target.name + pkg.SUFFIX)
        passphrase = package_dialogs.ask_package_passphrase(
            self,
            confirm=True,
            intro="Choose the passphrase that protects the response package (you may use "
            "the one agreed with the chair).",
        )
        if passphrase is None:
            return None
        written = run_op(
            self,
            lambda: pkg.export_response(self.store, passphrase, out=target) and target,
        )
        if written is not None:
            self.saved_label.setText(
                f"Exported to {target.name}. Give the passphrase to the chair by phone."
            )
        return written

    def done(self, result: int) -> None:
        """Closing (or locking the app) saves what was typed, then closes the store."""
        if self.store.is_open:
            try:
                self._save_all()
            except Exception:  # noqa: BLE001 - closing must not fail; the store keeps its last save
                pass
            self.store.close()
        super().done(result)
