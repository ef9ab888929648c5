"""Costs and time of a review, with totals per category and across the store.

CSPs commission reviews on quotes and watch costs, so the chair records days
and day rates; the amount follows from them when both are given. Money is kept
in whole pence and shown as "£12,345.00".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable, money_text, parse_money
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE

COST_SPECS = [
    FieldSpec("category", "Category", "choice", m.COST_CATEGORY_LABELS, required=True),
    FieldSpec("description", "Description", required=True, placeholder="e.g. Chair's fee"),
    FieldSpec("date", "Date", "optional_date"),
    FieldSpec("days", "Days", "float", help="For time charged by the day."),
    FieldSpec("rate_pence", "Day rate (£)", "money"),
    FieldSpec(
        "amount_pence",
        "Amount (£)",
        "money",
        help="Worked out from days × day rate when both are given; otherwise type it.",
    ),
]


def computed_amount(days: float | None, rate_pence: int | None) -> int | None:
    """Days × day rate in whole pence (rounded half up), or None when either is missing."""
    if days is None or rate_pence is None:
        return None
    return int(days * rate_pence + 0.5)


class CostTable(RecordTable):
    """Cost records whose dialog keeps the amount in step with days × rate."""

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = super().make_dialog(obj, title)
        days_edit: QLineEdit = dialog.editor("days")  # type: ignore[assignment]
        rate_edit: QLineEdit = dialog.editor("rate_pence")  # type: ignore[assignment]
        amount_edit: QLineEdit = dialog.editor("amount_pence")  # type: ignore[assignment]

        def update() -> None:
            try:
                days = (
                    float(days_edit.text().replace(",", "")) if days_edit.text().strip() else None
                )
                rate = parse_money(rate_edit.text())
            except (ValueError, ValidationError):
                days, rate = None, None
            amount = computed_amount(days, rate)
            amount_edit.setReadOnly(amount is not None)
            if amount is not None:
                amount_edit.setText(money_text(amount).replace("£", ""))

        days_edit.textChanged.connect(update)
        rate_edit.textChanged.connect(update)
        update()
        return dialog


class CostsTab(ReviewTab):
    """Cost records (top) and totals per category, for this review and the whole store."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("costsTab")
        records = context.store.repos.records
        note = QLabel(
            "Record the chair's and author's days and day rate, advocacy, administration, "
            "translation and other costs. Totals per category are compared with all reviews "
            "in this store."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.table = CostTable(
            context,
            COST_SPECS,
            load=lambda: records.list(m.Cost, review_id),
            factory=lambda: m.Cost(review_id=review_id, category="chair", amount_pence=0),
            noun="cost",
            save=self._save,
        )
        self.table.setObjectName("costsTable")
        self.table.changed.connect(self._update_totals)

        self.totals = QTableWidget(len(m.COST_CATEGORIES) + 1, 2)
        self.totals.setObjectName("costTotals")
        self.totals.setHorizontalHeaderLabels(["This review", "All reviews in this store"])
        self.totals.setVerticalHeaderLabels(
            [m.COST_CATEGORY_LABELS[c] for c in m.COST_CATEGORIES] + ["Total"]
        )
        self.totals.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.totals.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.totals.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.totals.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.total_label = QLabel()
        self.total_label.setObjectName("costTotalLabel")
        self.total_label.setStyleSheet("QLabel { font-weight: bold; font-size: 110%; }")
        self.totals.setMaximumWidth(820)
        self.totals.setMinimumHeight(
            self.totals.horizontalHeader().sizeHint().height() + 30 * (len(m.COST_CATEGORIES) + 1)
        )
        totals_box = QWidget()
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_layout.addWidget(self.total_label)
        totals_layout.addWidget(self.totals, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(totals_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        self._update_totals()

    def _save(self, cost: m.Cost) -> int:
        amount = computed_amount(cost.days, cost.rate_pence)
        if amount is not None:
            cost.amount_pence = amount
        if cost.amount_pence is None:
            cost.amount_pence = 0
        return self.context.store.repos.records.save(cost)

    def totals_for(self, review_id: int | None) -> dict[str, int]:
        records = self.context.store.repos.records
        return self.context.run_op(lambda: records.cost_totals(review_id)) or {}

    def _update_totals(self) -> None:
        here = self.totals_for(self.review_id)
        everywhere = self.totals_for(None)
        for row, category in enumerate([*m.COST_CATEGORIES, None]):
            if category is None:
                values = (sum(here.values()), sum(everywhere.values()))
            else:
                values = (here.get(category, 0), everywhere.get(category, 0))
            for column, pence in enumerate(values):
                item = QTableWidgetItem(money_text(pence))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if category is None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.totals.setItem(row, column, item)
        self.total_label.setText(f"Total for this review: {money_text(sum(here.values()))}")

    def refresh(self) -> None:
        self.table.refresh()
        self._update_totals()

    def save_pending(self) -> None:
        """Costs are saved when their dialog closes; nothing is ever pending."""
