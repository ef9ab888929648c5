"""The regional themes report wizard: choose reviews, period, format and file; generate.

The report is built in the background (``context.run_in_background``) through
dhrdesk.documents.learning_report, i.e. in the publication edition through the gate.
A blocked report is not an error dialog but the wizard's last page listing the
findings, so the chair can see what to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.ui.pages.base import PageContext


class _ReviewsPage(QWizardPage):
    def __init__(self, wizard: LearningReportWizard) -> None:
        super().__init__()
        self.setTitle("Reviews")
        self.setSubTitle(
            "Choose the reviews to compare (at least two: one review alone would be identified)."
        )
        self.filter_edit = QLineEdit(placeholderText="Filter by reference or partnership")
        self.filter_edit.textChanged.connect(self._filter)
        self.list = QListWidget()
        for review in wizard.reviews:
            item = QListWidgetItem(f"{review.reference} · {review.csp or 'no CSP'}")
            item.setData(Qt.ItemDataRole.UserRole, review.review_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list)

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(text.strip().casefold() not in item.text().casefold())

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def isComplete(self) -> bool:
        return len(self.chosen()) >= 2


class _OutputPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Period and file")
        self.setSubTitle("Leave the period empty for every death; months as 2023 or 2023-04.")
        self.from_edit = QLineEdit(placeholderText="2021")
        self.to_edit = QLineEdit(placeholderText="2024-12")
        self.format_combo = QComboBox()
        self.format_combo.addItem("PDF", "pdf")
        self.format_combo.addItem("Word (DOCX)", "docx")
        self.format_combo.currentIndexChanged.connect(self._suffix)
        self.path_edit = QLineEdit()
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Deaths from", self.from_edit)
        form.addRow("Deaths to", self.to_edit)
        form.addRow("Format", self.format_combo)
        form.addRow("File", row)

    def _suffix(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(
                str(Path(text).with_suffix("." + self.format_combo.currentData()))
            )

    def _browse(self) -> None:
        fmt = self.format_combo.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the report", f"regional-themes-report.{fmt}", f"*.{fmt}"
        )
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())


class _ResultPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Generate")
        self.setSubTitle(
            "The report is written in the publication edition: substituted with every "
            "included review's register and checked before and after writing."
        )
        self.status = QLabel("Press Generate.")
        self.status.setWordWrap(True)
        self.findings = QPlainTextEdit(readOnly=True)
        self.findings.setVisible(False)
        self.generate_button = QPushButton("Generate")
        layout = QVBoxLayout(self)
        layout.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(self.findings, 1)
        self.done = False

    def isComplete(self) -> bool:
        return self.done


class LearningReportWizard(QWizard):
    """Choose reviews, period, format and file; generate in the background."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Regional themes report")
        data = context.run_op(context.store.repos.learning.data)
        self.reviews = list(data.reviews) if data is not None else []
        self.reviews_page = _ReviewsPage(self)
        self.output_page = _OutputPage()
        self.result_page = _ResultPage()
        self.result_page.generate_button.clicked.connect(self.generate)
        for page in (self.reviews_page, self.output_page, self.result_page):
            self.addPage(page)
        self.resize(640, 480)

    def generate(self) -> None:
        from dhrdesk.documents import learning_report as lr

        ids = self.reviews_page.chosen()
        out = Path(self.output_page.path_edit.text().strip()).expanduser()
        date_from = self.output_page.from_edit.text().strip() or None
        date_to = self.output_page.to_edit.text().strip() or None
        store = self.context.store
        page = self.result_page
        page.status.setText("Generating…")
        page.findings.setVisible(False)

        def run() -> Any:
            try:
                return ("written", lr.write_learning_report(store, ids, out, date_from, date_to))
            except PublicationBlockedError as err:
                return ("blocked", err)

        self.context.run_in_background(run, self.show_result, "Writing the themes report…")

    def show_result(self, result: Any) -> None:
        kind, value = result
        page = self.result_page
        if kind == "written":
            page.status.setText(f"Written and checked: {value.path}")
            page.done = True
            page.completeChanged.emit()
            return
        page.status.setText(value.message + (f"\n{value.hint}" if value.hint else ""))
        from dhrdesk.documents.gate_anonymiser import GateBlockedError

        findings = value.findings if isinstance(value, GateBlockedError) else []
        page.findings.setPlainText("\n".join(f.describe() for f in findings))
        page.findings.setVisible(bool(findings))
