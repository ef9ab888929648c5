"""The "Action plans" page: every action of every review, with RAG, filters and updates.

The table is a model (:class:`ActionTableModel`) behind a filtering proxy
(:class:`ActionFilterProxy`) whose rule is dhrdesk.core.monitoring's
``MonitoringFilters``, so the page filters exactly as the tests and reports do.
Writes go through ``context.run_op`` (updates) and the quarterly report is made in
the background (``context.run_in_background``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.dates import numeric_date
from dhrdesk.core.errors import InputFileError, ValidationError
from dhrdesk.core.model import STATUS_LABELS, STATUSES
from dhrdesk.core.monitoring import (
    MonitoredAction,
    MonitoringFilters,
    parse_quarter,
    quarter_of,
    status_label,
)
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.table_model import Column, TableModel, TableProxy
from dhrdesk.ui.widgets import AskBeforeDiscard, heading_font

RAG_COLOURS = {
    "red": "#c62828",
    "amber": "#ef8f00",
    "green": "#2e7d32",
    "done": "#546e7a",
    "closed": "#546e7a",
}
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


def _date_text(value: dt.date | None) -> str:
    return numeric_date(value, missing="")


def _latest_text(a: MonitoredAction) -> str:
    u = a.latest_update
    return f"{_date_text(u.date)}: {' '.join(u.text.split())}" if u else ""


RAG_ORDER = ("red", "amber", "green", "done", "closed")


class ActionTableModel(TableModel[MonitoredAction]):
    """Every monitored action; the RAG column is coloured by its status on ``today``."""

    RAG_COLUMN = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(row_id=lambda a: a.action_id, parent=parent)
        self.today = dt.date.today()
        self.columns = (
            Column("Review", lambda a: a.reference),
            Column(
                "Rec.",
                lambda a: str(a.recommendation_number),
                sort=lambda a: a.recommendation_number,
            ),
            Column("Action", lambda a: a.text),
            Column("Lead agency", lambda a: a.lead_agency),
            Column(
                "Target date",
                lambda a: _date_text(a.target_date) or "None set",
                sort=lambda a: a.target_date.isoformat() if a.target_date else "9999",
            ),
            Column("Status", lambda a: status_label(a.status)),
            Column(
                "RAG",
                lambda a: a.rag(self.today).text,
                sort=lambda a: (
                    RAG_ORDER.index(a.rag(self.today).code) * 100000 - a.days_overdue(self.today)
                ),
                background=lambda a: RAG_COLOURS[a.rag(self.today).code],
                foreground=lambda a: "#1a1a1a" if a.rag(self.today).code == "amber" else "white",
            ),
            Column(
                "Latest update",
                _latest_text,
                tooltip=lambda a: a.latest_update.text if a.latest_update else "",
                sort=lambda a: a.latest_update.date.isoformat() if a.latest_update else "",
            ),
            Column("Evidence", lambda a: ", ".join(a.evidence)),
        )

    @property
    def actions(self) -> list[MonitoredAction]:
        return self.rows()

    def set_actions(self, actions: list[MonitoredAction], today: dt.date) -> None:
        self.today = today
        self.set_rows(actions)


class ActionFilterProxy(TableProxy):
    """Filters with the core rule; sorts by each column's natural order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = MonitoringFilters()

    def set_filters(self, filters: MonitoringFilters) -> None:
        self.refilter(lambda: setattr(self, "filters", filters))

    def accepts(self, row: MonitoredAction) -> bool:
        return self.filters.accepts(row, self.sourceModel().today)


class AddUpdateDialog(AskBeforeDiscard, QDialog):
    """Date, status, text and an optional evidence file for one action."""

    def __init__(self, action: MonitoredAction, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Add update")
        self.evidence_path: Path | None = None
        self.date_edit = DateField(today, kind="date", optional=False, what="Date of the update")
        self.date_edit.setObjectName("updateDate")
        self.date_edit.setMaximumDate(today)
        self.status_combo = QComboBox()
        for status in STATUSES:
            self.status_combo.addItem(STATUS_LABELS[status], status)
        self.status_combo.setCurrentIndex(STATUSES.index(action.status))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText("What has been done, and what is left")
        self.evidence_label = QLabel("No file")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self._choose)
        evidence = QHBoxLayout()
        evidence.addWidget(self.evidence_label, 1)
        evidence.addWidget(choose)
        form = QFormLayout()
        form.addRow(
            QLabel(f"<b>{action.reference}</b>, recommendation {action.recommendation_number}")
        )
        form.addRow(QLabel(action.text))
        form.addRow("Date", self.date_edit)
        form.addRow("Status", self.status_combo)
        form.addRow("Update", self.text_edit)
        form.addRow("Evidence", evidence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_readable)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def _accept_if_readable(self) -> None:
        try:
            self.date_edit.date()
        except ValidationError:
            return  # shown under the date, which has the focus
        self.accept()

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Evidence file")
        if name:
            self.set_evidence(Path(name))

    def set_evidence(self, path: Path | None) -> None:
        self.evidence_path = path
        self.evidence_label.setText(path.name if path else "No file")

    def values(self) -> tuple[dt.date, str, str, Path | None]:
        day = self.date_edit.date()
        assert day is not None  # a required field: date() raises when empty
        return (
            day,
            self.status_combo.currentData(),
            self.text_edit.toPlainText(),
            self.evidence_path,
        )


class MonitoringPage(ShellPage):
    """Every action of every review: filter, add updates, exchange sheets, report."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("monitoringPage")
        self.today = dt.date.today()
        title = QLabel("Action plans")
        title.setFont(heading_font(self.font(), 1.4))
        self.agency_combo = QComboBox()
        self.review_combo = QComboBox()
        self.theme_combo = QComboBox()
        self.status_combo = QComboBox()
        self.overdue_check = QCheckBox("Overdue only")
        for combo in (self.agency_combo, self.review_combo, self.theme_combo, self.status_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(260)
            combo.currentIndexChanged.connect(self.apply_filters)
        self.overdue_check.toggled.connect(self.apply_filters)

        self.model = ActionTableModel(self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("monitoringTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in (2, 7)
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(lambda _index: self.add_update())

        self.add_button = QPushButton("Add update…")
        self.add_button.clicked.connect(self.add_update)
        self.sheet_button = QPushButton("Update sheet for agency…")
        self.sheet_button.clicked.connect(self.update_sheet)
        self.report_button = QPushButton("Quarterly report…")
        self.report_button.clicked.connect(self.quarterly_report)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("QLabel { color: #555; }")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.sheet_button)
        top.addWidget(self.report_button)
        filters = QHBoxLayout()
        for label, widget in (
            ("Agency", self.agency_combo),
            ("Review", self.review_combo),
            ("Theme", self.theme_combo),
            ("Status", self.status_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.refresh()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        store = self.context.store
        actions = self.context.run_op(store.repos.monitoring.actions) or []
        self.model.set_actions(actions, self.today)
        themes = self.context.run_op(store.repos.learning.themes) or []
        names = {t.id: t.name for t in themes}
        used = sorted({t for a in actions for t in a.themes}, key=lambda t: names.get(t, t))
        reviews = sorted({(a.reference, a.review_id) for a in actions}, key=lambda r: r[0])
        agencies = self.context.run_op(store.repos.monitoring.lead_agencies) or []
        self._fill(self.agency_combo, "All agencies", [(a, a) for a in agencies])
        self._fill(self.review_combo, "All reviews", reviews)
        self._fill(self.theme_combo, "All themes", [(names.get(t, t), t) for t in used])
        self._fill(
            self.status_combo,
            "Any status",
            [("Open", "open")] + [(STATUS_LABELS[s], s) for s in STATUSES],
        )
        self.apply_filters()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, value in items:
            combo.addItem(label, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def apply_filters(self) -> None:
        status = self.status_combo.currentData()
        review = self.review_combo.currentData()
        self.proxy.set_filters(
            MonitoringFilters(
                agency=self.agency_combo.currentData() or "",
                review_ids={review} if review is not None else None,
                theme=self.theme_combo.currentData() or "",
                overdue_only=self.overdue_check.isChecked(),
                statuses=(
                    {"not_started", "in_progress"}
                    if status == "open"
                    else ({status} if status else set())
                ),
            )
        )
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        overdue = sum(1 for a in self.model.actions if a.overdue(self.today))
        self.count_label.setText(f"{shown} of {total} actions shown · {overdue} overdue")
        self.table.resizeRowsToContents()

    def selected_action(self) -> MonitoredAction | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        action_id = rows[0].data(Qt.ItemDataRole.UserRole)
        return next((a for a in self.model.actions if a.action_id == action_id), None)

    def select_action(self, action_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == action_id:
                self.table.selectRow(row)
                return

    # --------------------------------------------------------------- updates
    def add_update(self) -> None:
        action = self.selected_action()
        if action is None:
            QMessageBox.information(self, "Add update", "Select an action first.")
            return
        dialog = AddUpdateDialog(action, self.today, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            self.record_update(action.action_id, *dialog.values())
        finally:
            dialog.deleteLater()

    def record_update(
        self, action_id: int, date: dt.date, status: str, text: str, evidence: Path | None
    ) -> bool:
        from dhrdesk.store.repositories.monitoring import Evidence

        def run() -> Any:
            attached = None
            if evidence is not None:
                try:
                    if evidence.stat().st_size > MAX_EVIDENCE_BYTES:
                        raise InputFileError("Files over 50 MB cannot be kept in the store.")
                    attached = Evidence(evidence.name, evidence.read_bytes())
                except OSError as exc:
                    raise InputFileError(f"{evidence} cannot be read: {exc.strerror}.") from None
            return self.context.store.repos.monitoring.record_update(
                action_id, date, text, status, evidence=attached
            )

        done = self.context.run_op(run, "Update recorded.")
        if done is not None:
            self.refresh()
            self.select_action(action_id)
        return done is not None

    # ---------------------------------------------------------------- sheets
    def update_sheet(self) -> None:
        agencies = self.context.run_op(self.context.store.repos.monitoring.lead_agencies) or []
        if not agencies:
            QMessageBox.information(self, "Update sheet", "No action has a lead agency yet.")
            return
        agency, ok = QInputDialog.getItem(self, "Update sheet", "Lead agency:", agencies, 0, False)
        if not ok:
            return
        box = QMessageBox(self)
        box.setWindowTitle("Update sheet")
        box.setText(f"Export a new update sheet for {agency}, or import one it filled in?")
        export = box.addButton("Export sheet…", QMessageBox.ButtonRole.AcceptRole)
        imported = box.addButton("Import filled sheet…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is export:
            name, _ = QFileDialog.getSaveFileName(
                self, "Save update sheet", f"{agency} action update.xlsx", "Excel (*.xlsx)"
            )
            if name:
                self.export_sheet(agency, Path(name))
        elif box.clickedButton() is imported:
            name, _ = QFileDialog.getOpenFileName(self, "Filled update sheet", "", "Excel (*.xlsx)")
            if name:
                self.import_sheet(agency, Path(name))

    def export_sheet(self, agency: str, path: Path) -> bool:
        from dhrdesk.documents.output import atomic_write_bytes
        from dhrdesk.exchange import update_sheet

        def run() -> Path:
            return atomic_write_bytes(path, update_sheet.export_sheet(self.context.store, agency))

        return self.context.run_op(run, f"Update sheet written to {path.name}.") is not None

    def import_sheet(self, agency: str, path: Path) -> int:
        """Check, show the preview, ask, then apply. Returns the number of updates."""
        from dhrdesk.exchange import update_sheet

        def read() -> Any:
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise InputFileError(f"{path} cannot be read: {exc.strerror}.") from None
            return update_sheet.read_sheet(self.context.store, path.name, content, agency=agency)

        preview = self.context.run_op(read)
        if preview is None:
            return 0
        lines = preview.lines()
        if not preview.changes:
            QMessageBox.information(self, "Update sheet", "\n".join(lines))
            return 0
        answer = QMessageBox.question(
            self, "Apply these updates?", "\n".join(lines[:40]) + "\n\nApply these updates?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        count = self.context.run_op(
            lambda: update_sheet.apply_sheet(self.context.store, preview),
            "Updates from the sheet recorded.",
        )
        self.refresh()
        return count or 0

    # ---------------------------------------------------------------- report
    def quarterly_report(self) -> None:
        current = quarter_of(self.today)
        quarters = [current]
        for _ in range(7):
            quarters.append(quarters[-1].previous())
        code, ok = QInputDialog.getItem(
            self, "Quarterly report", "Quarter:", [q.code for q in quarters], 0, False
        )
        if not ok:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save quarterly report",
            f"Action plan monitoring {code}.pdf",
            "PDF (*.pdf);;Word (*.docx)",
        )
        if name:
            self.write_report(code, Path(name))

    def write_report(self, code: str, path: Path) -> None:
        from dhrdesk.documents.monitoring_report import write_monitoring_report

        quarter = parse_quarter(code)
        store = self.context.store

        def done(written: Path) -> None:
            self.show_status(f"Quarterly report written to {written.name}.")

        self.context.run_in_background(
            lambda: write_monitoring_report(store, quarter, path),
            done,
            "Writing the quarterly report…",
        )
