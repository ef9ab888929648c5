"""The Reviews page: every review in the store, filterable, plus "New review…"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store.repositories.reviews import ReviewSummary
from dhrdesk.ui.dialogs import NewReviewDialog
from dhrdesk.ui.operations import show_error
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.presenters.reviews import (
    EXPORT_WARNING,
    ReviewsPresenter,
    exported_message,
    review_file_name,
    stage_name,
)
from dhrdesk.ui.table_model import Column, TableModel, TableProxy
from dhrdesk.ui.widgets import heading_font, record_list_view


class ReviewTableModel(TableModel[ReviewSummary]):
    columns = (
        Column("Reference", lambda r: r.reference),
        Column("Title", lambda r: r.title),
        Column("Stage", lambda r: stage_name(r.stage, r.profile)),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(row_id=lambda r: r.id, parent=parent)


class ReviewsPage(ShellPage):
    """Lists reviews; double-click or Enter opens one in the review workspace."""

    watches = ("review",)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reviewsPage")
        self.presenter = ReviewsPresenter(context.store)
        title = QLabel("Reviews")
        title.setFont(heading_font(self.font(), 1.4))
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("reviewFilter")
        self.filter_edit.setPlaceholderText("Filter by reference, title or stage…")
        self.filter_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton("New review…")
        self.new_button.setObjectName("newReviewButton")
        self.new_button.clicked.connect(self.new_review)
        self.export_button = QPushButton("Export review file…")
        self.export_button.setObjectName("exportReviewButton")
        self.export_button.setToolTip(
            "Write the selected review, with its restricted register, as a plaintext JSON "
            "file to move it to another DHR Desk store you control (docs/interchange.md)."
        )
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.import_button = QPushButton("Import review file…")
        self.import_button.setObjectName("importReviewButton")
        self.import_button.clicked.connect(lambda: self.import_file())

        self.model = ReviewTableModel(self)
        self.proxy = TableProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = record_list_view(QTableView(), self.proxy, "reviewTable")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._on_activated)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_label = QLabel("No reviews yet. Start one with “New review…”.")
        self.empty_label.setStyleSheet("QLabel { color: #555; }")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.refresh()

    def refresh(self) -> None:
        reviews = self.context.run_op(self.presenter.reviews)
        self.model.set_rows(reviews or [])
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_review_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _on_activated(self, index: QModelIndex) -> None:
        review_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if review_id is not None:
            self.request_review(int(review_id))

    def new_review(self) -> int | None:
        """Ask for a reference and title; create the review through the one write path."""
        dialog = NewReviewDialog(self._create_review, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_value
        finally:
            dialog.deleteLater()

    # ----------------------------------------------------------- interchange
    def export_selected(self, path: Path | None = None, *, confirmed: bool = False) -> Path | None:
        """Export the selected review as a review file (plaintext JSON, by design)."""
        review_id = self.selected_review_id()
        if review_id is None:
            QMessageBox.information(self, "Export review", "Select a review to export first.")
            return None
        reference = self.context.run_op(lambda: self.presenter.reference(review_id))
        if reference is None:
            return None
        if not confirmed:
            answer = QMessageBox.warning(
                self,
                "Export review file",
                EXPORT_WARNING,
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Ok:
                return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export review file",
                str(Path.home() / review_file_name(reference)),
                "Review files (*.json)",
                options=QFileDialog.Option.DontUseNativeDialog,
            )
            if not chosen:
                return None
            path = Path(chosen)
        target = path
        return self.context.run_op(
            lambda: self.presenter.export(reference, target), exported_message(reference, target)
        )

    def import_file(self, path: Path | None = None) -> str | None:
        """Import a review file; an existing reference is replaced or imported as new only when
        the chair says so. Nothing changes when the file is invalid."""
        from dhrdesk.exchange.review_json import ReviewExistsError

        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "Import review file",
                str(Path.home()),
                "Review files (*.json)",
                options=QFileDialog.Option.DontUseNativeDialog,
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            try:
                reference = self.presenter.import_file(path)
            except ReviewExistsError as exists:
                choice = self.ask_existing(exists.reference)
                if choice is None:
                    return None
                mode, new_reference = choice
                reference = self.presenter.import_file(path, mode, new_reference)
        except DhrDeskError as error:
            show_error(self, error, "Import review file")
            return None
        finally:
            self.status_changed()
        self.refresh()
        return reference

    def ask_existing(self, reference: str) -> tuple[str, str | None] | None:
        """Replace, import as new (asking the new reference), or cancel."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Import review file")
        box.setText(f"This store already has a review with the reference '{reference}'.")
        box.setInformativeText(
            "Replace it with the file (everything of the existing review is replaced), or "
            "import the file as a new review under another reference?"
        )
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        as_new = box.addButton("Import as new…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is replace:
            return "replace", None
        if box.clickedButton() is as_new:
            text, ok = QInputDialog.getText(self, "Import as new", "New reference:")
            if ok and text.strip():
                return "as_new", text.strip()
        return None

    def _create_review(self, reference: str, title: str) -> int:
        review_id = self.presenter.create(reference, title)
        self.refresh()
        self.status_changed()
        return review_id
