"""The Costs tab without Qt: cost records, amounts from days × rate, totals per category.

CSPs commission reviews on quotes and watch costs, so the chair records days and
day rates; the amount follows from them when both are given. Money is kept in
whole pence and shown as "£12,345.00".
"""

from __future__ import annotations

from dataclasses import dataclass

from dhrdesk.core import model as m
from dhrdesk.core.money import money_text
from dhrdesk.ui.presenters.review import ReviewPresenter

COSTS_TABLES = ("cost",)


def computed_amount(days: float | None, rate_pence: int | None) -> int | None:
    """Days × day rate in whole pence (rounded half up), or None when either is missing."""
    if days is None or rate_pence is None:
        return None
    return int(days * rate_pence + 0.5)


def read_days(text: str) -> float | None:
    """'2.5' or '1,000' as a number of days; None when empty. Raises ValueError."""
    return float(text.replace(",", "")) if text.strip() else None


@dataclass(frozen=True)
class TotalRow:
    """One row of the totals: this review and every review in the store, as money text."""

    here: str
    everywhere: str
    is_total: bool


def total_rows(here: dict[str, int], everywhere: dict[str, int]) -> list[TotalRow]:
    """A row per category (in m.COST_CATEGORIES order), then the total."""
    rows = [
        TotalRow(money_text(here.get(c, 0)), money_text(everywhere.get(c, 0)), False)
        for c in m.COST_CATEGORIES
    ]
    rows.append(
        TotalRow(money_text(sum(here.values())), money_text(sum(everywhere.values())), True)
    )
    return rows


class CostsPresenter(ReviewPresenter):
    """Reads and writes of one review's costs."""

    def costs(self) -> list[m.Cost]:
        return self.store.repos.records.list(m.Cost, self.review_id)

    def new_cost(self) -> m.Cost:
        return m.Cost(review_id=self.review_id, category="chair", amount_pence=0)

    def save_cost(self, cost: m.Cost) -> int:
        """Save with the amount worked out from days × rate when both are given."""
        amount = computed_amount(cost.days, cost.rate_pence)
        if amount is not None:
            cost.amount_pence = amount
        if cost.amount_pence is None:
            cost.amount_pence = 0
        return self.store.repos.records.save(cost)

    def totals(self) -> tuple[list[TotalRow], str]:
        """The totals table and the line 'Total for this review: £…'."""
        records = self.store.repos.records
        here = records.cost_totals(self.review_id)
        everywhere = records.cost_totals(None)
        return total_rows(
            here, everywhere
        ), f"Total for this review: {money_text(sum(here.values()))}"
