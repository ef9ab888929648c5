"""Costs and time of a review, with totals per category and across the store.

CSPs commission reviews on quotes and watch costs, so the chair records days
and day rates; the amount follows from them when both are given. Money is kept
in whole pence and shown as "£12,345.00".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableWidget, QTableWidgetItem

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.money import money_text, parse_money
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import label
from dhrdesk.ui.pages.review.parts import column, note_label, note_over, splitter
from dhrdesk.ui.presenters.costs import COSTS_TABLES, CostsPresenter, computed_amount, read_days

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


class CostTable(RecordTable):
    """Cost records whose dialog keeps the amount in step with days × rate."""

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = super().make_dialog(obj, title)
        days_edit: QLineEdit = dialog.editor("days")  # type: ignore[assignment]
        rate_edit: QLineEdit = dialog.editor("rate_pence")  # type: ignore[assignment]
        amount_edit: QLineEdit = dialog.editor("amount_pence")  # type: ignore[assignment]

        def update() -> None:
            try:
                days = read_days(days_edit.text())
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

    watches = COSTS_TABLES
    object_name = "costsTab"
    presenter_class = CostsPresenter

    def build(self) -> None:
        self.watched_review = None  # the totals of every review in the store are shown
        note = note_label(
            "Record the chair's and author's days and day rate, advocacy, administration, "
            "translation and other costs. Totals per category are compared with all reviews "
            "in this store."
        )
        self.table = CostTable(
            self.context,
            COST_SPECS,
            load=self.presenter.costs,
            factory=self.presenter.new_cost,
            noun="cost",
            save=self.presenter.save_cost,
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
        self.total_label = label("costTotalLabel", "QLabel { font-weight: bold; font-size: 110%; }")
        self.totals.setMaximumWidth(820)
        self.totals.setMinimumHeight(
            self.totals.horizontalHeader().sizeHint().height() + 30 * (len(m.COST_CATEGORIES) + 1)
        )
        totals_box = column(self.total_label, (self.totals, 1))
        split = splitter(Qt.Orientation.Vertical, self.table, totals_box, stretch=(3, 2))
        note_over(self, note, split)
        self._update_totals()

    def _update_totals(self) -> None:
        found = self.context.run_op(self.presenter.totals)
        if found is None:
            return
        rows, total = found
        for row, values in enumerate(rows):
            for col, text in enumerate((values.here, values.everywhere)):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if values.is_total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.totals.setItem(row, col, item)
        self.total_label.setText(total)

    def refresh(self) -> None:
        self.table.refresh()
        self._update_totals()

    def save_pending(self) -> None:
        """Costs are saved when their dialog closes; nothing is ever pending."""
