"""The Costs presenter with a real store and no window."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.costs import CostsPresenter, computed_amount, read_days, total_rows


@pytest.fixture
def presenter(store) -> CostsPresenter:
    return CostsPresenter(store, store.repos.reviews.create("DHR 2026/08", ""))


def test_amount_follows_days_and_rate_and_totals(presenter, store) -> None:
    cost = presenter.new_cost()
    cost.description, cost.days, cost.rate_pence, cost.amount_pence = "Chair", 2.5, 45_000, 1
    presenter.save_cost(cost)
    other = CostsPresenter(store, store.repos.reviews.create("DHR 2026/09", ""))
    extra = other.new_cost()
    extra.description, extra.amount_pence = "Chair", 10_000
    other.save_cost(extra)
    assert [c.amount_pence for c in presenter.costs()] == [112_500]
    rows, total = presenter.totals()
    assert total == "Total for this review: £1,125.00"
    chair = rows[m.COST_CATEGORIES.index("chair")]
    assert (chair.here, chair.everywhere, chair.is_total) == ("£1,125.00", "£1,225.00", False)
    assert rows[-1].is_total and rows[-1].everywhere == "£1,225.00"


def test_negative_days_are_refused(presenter) -> None:
    cost = presenter.new_cost()
    cost.description, cost.days, cost.rate_pence = "Chair", -1.0, 45_000
    with pytest.raises(ValidationError):
        presenter.save_cost(cost)
    assert presenter.costs() == []


def test_arithmetic() -> None:
    assert computed_amount(1.5, 333) == 500  # half up
    assert computed_amount(None, 100) is None and computed_amount(1, None) is None
    assert read_days("1,000") == 1000.0 and read_days(" ") is None
    with pytest.raises(ValueError):
        read_days("two")
    assert len(total_rows({}, {})) == len(m.COST_CATEGORIES) + 1
