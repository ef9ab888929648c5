"""The Learning library presenter without a window: counts, filters, items, history, writes."""

from __future__ import annotations

import pytest

from dhrdesk.core import learning as core
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.learning import (
    LearningPresenter,
    count_cells,
    csp_names,
    history_text,
    theme_name,
    theme_title,
)
from tests.documents.learning_fixture import REFS, seed_learning


@pytest.fixture
def presenter(store) -> LearningPresenter:
    seed_learning(store)
    presenter = LearningPresenter(store)
    presenter.load()
    return presenter


def _reviews(counted) -> dict[str, int]:
    return {c.theme_id: c.reviews for c in counted.counts if c.reviews}


def test_counts_and_filters(presenter: LearningPresenter) -> None:
    everything = presenter.recount(core.Filters())
    assert _reviews(everything) == {
        "risk_assessment": 3,
        "information_sharing": 2,
        "housing": 2,
        "coercive_control": 1,
        "mental_health": 1,
    }
    assert everything.summary == "4 of 4 reviews"
    assert everything.first_theme() == "risk_assessment"
    assert b"<svg" in everything.bar_svg()[:400]
    partners = presenter.recount(core.Filters(relationship_types=frozenset({"intimate_partner"})))
    assert partners.summary == "2 of 4 reviews"
    assert _reviews(partners)["risk_assessment"] == 2
    with pytest.raises(ValidationError):
        presenter.recount(core.Filters(date_from="soon"))


def test_items_breakdown_and_labels(presenter: LearningPresenter) -> None:
    filters = core.Filters(relationship_types=frozenset({"intimate_partner"}))
    counted = presenter.recount(filters)
    lessons, recs = presenter.item_lines("risk_assessment", filters, counted, False)
    assert lessons[0].startswith(f"{REFS['r1']} · Lesson: Risk was not reassessed")
    assert recs[1] == (
        f"{REFS['r3']} · Recommendation 1 (regional): Regional risk training for housing staff."
    )
    labelled, _ = presenter.item_lines("risk_assessment", filters, counted, True)
    assert labelled[0].startswith("Review A · Lesson")
    count = counted.count("risk_assessment")
    assert count is not None
    rows = presenter.breakdown(count)
    assert ("Relationship", "Intimate partner", 2) in rows
    assert ("CSP", "Ashby", 1) in rows
    assert theme_title(count).startswith(f"{count.name}: 2 review(s)")
    assert count_cells(count)[0] == 2
    assert b"<svg" in counted.trend_svg(count)[:400]
    assert presenter.item_lines("", filters, counted, False) == ([], [])
    assert csp_names(presenter.data) == sorted(csp_names(presenter.data), key=str.casefold)


def test_theme_writes_and_history(presenter: LearningPresenter, store) -> None:
    assert presenter.history("housing") == "Shipped theme, unchanged in this store."
    presenter.retire_theme("housing")
    presenter.load()
    housing = presenter.recount(core.Filters()).count("housing")
    assert housing is not None and theme_name(housing) == "Housing (retired)"
    assert presenter.history("housing").startswith("History: retired ")
    presenter.restore_theme("housing")
    presenter.rename_theme("housing", "Tenancy")
    assert "renamed" in presenter.history("housing")
    assert presenter.add_theme("Online abuse") == "online_abuse"
    with pytest.raises(ValidationError):
        presenter.add_theme("   ")
    assert history_text(store.audit_entries(50), "online_abuse").startswith("History: added")
