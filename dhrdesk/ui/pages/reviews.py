"""The Reviews page: every review in the store, filterable, plus "New review…"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.store.repositories.reviews import ReviewSummary
from dhrdesk.ui.dialogs import NewReviewDialog
from dhrdesk.ui.pages.base import Page, PageContext
from dhrdesk.ui.widgets import heading_font

_STAGE_NAMES = {"notification": "Notification"}


def stage_name(stage: str) -> str:
    """A chair-friendly name for a lifecycle stage key."""
    return _STAGE_NAMES.get(stage, stage.replace("_", " ").replace("-", " ").capitalize())


class ReviewTableModel(QAbstractTableModel):
    HEADERS = ("Reference", "Title", "Stage")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reviews: list[ReviewSummary] = []

    def set_reviews(self, reviews: list[ReviewSummary]) -> None:
        self.beginResetModel()
        self._reviews = list(reviews)
        self.endResetModel()

    def review_at(self, row: int) -> ReviewSummary:
        return self._reviews[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._reviews)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        review = self._reviews[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (review.reference, review.title, stage_name(review.stage))[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return review.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class ReviewsPage(Page):
    """Lists reviews; ``review_activated(review_id)`` fires on double-click or Enter,
    for the review workspace to open that review."""

    review_activated = Signal(int)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reviewsPage")
        title = QLabel("Reviews")
        title.setFont(heading_font(self.font(), 1.4))
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("reviewFilter")
        self.filter_edit.setPlaceholderText("Filter by reference, title or stage…")
        self.filter_edit.setClearButtonEnabled(True)
        self.new_button = QPushButton("New review…")
        self.new_button.setObjectName("newReviewButton")
        self.new_button.clicked.connect(self.new_review)

        self.model = ReviewTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setObjectName("reviewTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
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
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.refresh()

    def refresh(self) -> None:
        reviews = self.context.run_op(self.context.store.repos.reviews.list)
        self.model.set_reviews(reviews or [])
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_review_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _on_activated(self, index: QModelIndex) -> None:
        review_id = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole)
        if review_id is not None:
            self.review_activated.emit(int(review_id))

    def new_review(self) -> int | None:
        """Ask for a reference and title; create the review through the one write path."""
        dialog = NewReviewDialog(self._create_review, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_value
        finally:
            dialog.deleteLater()

    def _create_review(self, reference: str, title: str) -> int:
        review_id = self.context.store.repos.reviews.create(reference, title)
        self.refresh()
        window = self.window()
        if hasattr(window, "refresh_status"):
            window.refresh_status()
        return review_id
