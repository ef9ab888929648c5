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

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.model import STATUS_LABELS, STATUSES
from dhrdesk.core.monitoring import MonitoredAction, MonitoringFilters, parse_quarter, status_label
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.presenters.monitoring import (
    MonitoringData,
    MonitoringPresenter,
    count_text,
    date_text,
    latest_text,
    make_filters,
    quarter_choices,
    rag_sort_key,
)
from dhrdesk.ui.table_model import ID_ROLE, Column, TableModel, TableProxy
from dhrdesk.ui.widgets import AskBeforeDiscard, heading_font, record_list_view, refill_combo

RAG_COLOURS = {
    "red": "#c62828",
    "amber": "#ef8f00",
    "green": "#2e7d32",
    "done": "#546e7a",
    "closed": "#546e7a",
}


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
                lambda a: date_text(a.target_date) or "None set",
                sort=lambda a: a.target_date.isoformat() if a.target_date else "9999",
            ),
            Column("Status", lambda a: status_label(a.status)),
            Column(
                "RAG",
                lambda a: a.rag(self.today).text,
                sort=lambda a: rag_sort_key(a, self.today),
                background=lambda a: RAG_COLOURS[a.rag(self.today).code],
                foreground=lambda a: "#1a1a1a" if a.rag(self.today).code == "amber" else "white",
            ),
            Column(
                "Latest update",
                latest_text,
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

    watches = ("review", "recommendation", "action", "action_update", "theme_change")

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("monitoringPage")
        self.presenter = MonitoringPresenter(context.store)
        self.today = dt.date.today()
        title = QLabel("Action plans")
        title.setFont(heading_font(self.font(), 1.4))
        filters = self._build_filters()
        self._build_table()
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.refresh()

    def _build_filters(self) -> QHBoxLayout:
        self.agency_combo = QComboBox()
        self.review_combo = QComboBox()
        self.theme_combo = QComboBox()
        self.status_combo = QComboBox()
        self.overdue_check = QCheckBox("Overdue only")
        filters = QHBoxLayout()
        for label, combo in (
            ("Agency", self.agency_combo),
            ("Review", self.review_combo),
            ("Theme", self.theme_combo),
            ("Status", self.status_combo),
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(260)
            combo.currentIndexChanged.connect(self.apply_filters)
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        self.overdue_check.toggled.connect(self.apply_filters)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        return filters

    def _build_table(self) -> None:
        self.model = ActionTableModel(self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_list_view(QTableView(), self.proxy, "monitoringTable")
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            stretch = column in (2, 7)  # the action and its latest update
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if stretch
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.doubleClicked.connect(lambda _index: self.add_update())

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        data = self.context.run_op(self.presenter.load) or MonitoringData()
        self.model.set_actions(data.actions, self.today)
        refill_combo(self.agency_combo, "All agencies", data.agencies)
        refill_combo(self.review_combo, "All reviews", data.reviews)
        refill_combo(self.theme_combo, "All themes", data.themes)
        refill_combo(self.status_combo, "Any status", data.statuses)
        self.apply_filters()

    def apply_filters(self) -> None:
        self.proxy.set_filters(
            make_filters(
                self.agency_combo.currentData(),
                self.review_combo.currentData(),
                self.theme_combo.currentData(),
                self.overdue_check.isChecked(),
                self.status_combo.currentData(),
            )
        )
        self.count_label.setText(count_text(self.proxy.rowCount(), self.model.actions, self.today))
        self.table.resizeRowsToContents()

    def selected_action(self) -> MonitoredAction | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_action(self, action_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == action_id:
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
        done = self.context.run_op(
            lambda: self.presenter.record_update(action_id, date, status, text, evidence),
            "Update recorded.",
        )
        if done is not None:
            self.refresh()
            self.select_action(action_id)
        return done is not None

    # ---------------------------------------------------------------- sheets
    def update_sheet(self) -> None:
        agencies = self.context.run_op(self.presenter.lead_agencies) or []
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
        written = self.context.run_op(
            lambda: self.presenter.export_sheet(agency, path),
            f"Update sheet written to {path.name}.",
        )
        return written is not None

    def import_sheet(self, agency: str, path: Path) -> int:
        """Check, show the preview, ask, then apply. Returns the number of updates."""
        preview = self.context.run_op(lambda: self.presenter.read_sheet(agency, path))
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
            lambda: self.presenter.apply_sheet(preview), "Updates from the sheet recorded."
        )
        self.refresh()
        return count or 0

    # ---------------------------------------------------------------- report
    def quarterly_report(self) -> None:
        codes = [q.code for q in quarter_choices(self.today)]
        code, ok = QInputDialog.getItem(self, "Quarterly report", "Quarter:", codes, 0, False)
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
        quarter = parse_quarter(code)
        presenter = self.presenter

        def done(written: Path) -> None:
            self.show_status(f"Quarterly report written to {written.name}.")

        self.context.run_in_background(
            lambda: presenter.write_report(quarter, path), done, "Writing the quarterly report…"
        )
