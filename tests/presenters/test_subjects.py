"""The Subjects presenter with a real store and no window."""

from __future__ import annotations

from dhrdesk.core import model as m
from dhrdesk.ui.presenters.subjects import SubjectsPresenter, descriptor_choices, subject_label


def test_first_subject_is_the_victim_and_later_ones_follow(store) -> None:
    review_id = store.repos.reviews.create("DHR 2026/03", "")
    presenter = SubjectsPresenter(store, review_id)
    first = presenter.new_subject(presenter.subjects())
    assert (first.role, first.sort) == ("victim", 1)
    first.pseudonym = "Adult A"
    store.repos.records.save(first)
    second = presenter.new_subject(presenter.subjects())
    assert (second.role, second.sort) == ("other", 2)
    assert [subject_label(s) for s in presenter.subjects()] == ["Adult A (Victim)"]


def test_descriptor_choices_start_blank() -> None:
    choices = descriptor_choices("sex")
    assert next(iter(choices.items())) == ("", "—") and len(choices) > 2
    assert subject_label(m.Subject(1, "unknown_role", "X")) == "X (unknown_role)"
