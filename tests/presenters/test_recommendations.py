"""Recommendations presenter: numbering kept 1..n, actions counted, warnings and hints."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.ui.presenters.recommendations import (
    MANY_RECOMMENDATIONS,
    RecommendationsPresenter,
    clear_text,
    count_hint,
    no_action_warning,
    plan_title,
    short_text,
)


@pytest.fixture
def presenter(store) -> RecommendationsPresenter:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/13", "Death of Adult F")
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    return RecommendationsPresenter(store, review_id)


def add(presenter: RecommendationsPresenter, text: str, number: int | None = None) -> int:
    rec = presenter.new_recommendation(len(presenter.recommendations()))
    rec.text = text
    if number is not None:
        rec.number = number
    return presenter.save_recommendation(rec)


def numbered(presenter: RecommendationsPresenter) -> list[tuple[int, str]]:
    return [(r.number, r.text) for r in presenter.recommendations()]


def test_numbers_stay_one_to_n(presenter: RecommendationsPresenter) -> None:
    add(presenter, "A")
    add(presenter, "B")
    add(presenter, "C", number=1)  # asks for first place: the others move down
    assert numbered(presenter) == [(1, "C"), (2, "A"), (3, "B")]
    add(presenter, "D", number=99)  # beyond the end: last
    assert numbered(presenter)[-1] == (4, "D")
    c = presenter.recommendations()[0]
    assert presenter.move(c.id, 1)
    assert numbered(presenter)[:2] == [(1, "A"), (2, "C")]
    assert not presenter.move(presenter.recommendations()[0].id, -1)  # already first
    presenter.delete_recommendation(presenter.recommendations()[1])
    assert numbered(presenter) == [(1, "A"), (2, "B"), (3, "D")]


def test_actions_counts_and_the_warning(presenter: RecommendationsPresenter, store) -> None:  # noqa: ANN001
    add(presenter, "Train call handlers")
    add(presenter, "Share risk information")
    first, second = presenter.recommendations()
    action = presenter.new_action(first, [])
    action.text = "Deliver the training"
    store.repos.records.save(action)
    presenter.count_actions()
    assert presenter.actions_text(first) == "1" and not presenter.has_actions(second)
    warning = no_action_warning(presenter.recommendations(), presenter.action_counts)
    assert warning.startswith("⚠ Recommendation 2 has no action")
    assert no_action_warning([first], {first.id: 1}) == ""
    assert presenter.new_action(first, [action]).sort == action.sort + 1


def test_hints_and_texts(presenter: RecommendationsPresenter) -> None:
    add(presenter, "Train call handlers")
    (rec,) = presenter.recommendations()
    assert clear_text(rec) == f"0/{len(m.CLEAR_ITEMS)}"
    assert count_hint([rec]) == "1 recommendation; not yet fully CLEAR: 1."
    rec.clear = {key: True for key, _ in m.CLEAR_ITEMS}
    assert count_hint([rec]) == "1 recommendation, all CLEAR."
    assert count_hint([rec] * (MANY_RECOMMENDATIONS + 1)).startswith("13 recommendations.")
    assert count_hint([]) == ""
    assert plan_title(rec) == "Action plan for recommendation 1: Train call handlers"
    assert short_text("a  b " * 40, 10) == "a b a b a…"
    assert list(presenter.agency_choices().values()) == ["Northmoor Police"]


def test_learning_points(presenter: RecommendationsPresenter, store) -> None:  # noqa: ANN001
    point = presenter.new_learning_point([])
    point.text = "Calls were not linked"
    store.repos.records.save(point)
    assert presenter.new_learning_point(presenter.learning_points()).sort == point.sort + 1
    (label,) = presenter.learning_choices().values()
    assert label.endswith(": Calls were not linked")
