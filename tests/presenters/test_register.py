"""The identity register presenter with a real store and no window."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.register import (
    ALL,
    UNLINKED,
    RegisterPresenter,
    count_text,
    dob_variants,
    followed_replacement,
)


@pytest.fixture
def presenter(store) -> RegisterPresenter:
    review_id = store.repos.reviews.create("DHR 2026/10", "")
    store.repos.records.save(m.Subject(review_id, "victim", "Adult B"))
    presenter = RegisterPresenter(store, review_id)
    presenter.load_subjects()
    return presenter


def test_a_name_takes_the_pseudonym_and_a_birth_date_its_spellings(presenter) -> None:
    victim = presenter.subjects[0]
    name = presenter.new_entry(victim.id)
    name.value = "Jane Doe"
    presenter.save_entry(name)
    dob = presenter.new_entry(victim.id)
    dob.kind, dob.value, dob.replacement = "date_of_birth", "3 April 1985", "aged 38"
    presenter.save_entry(dob)
    place = presenter.new_entry(UNLINKED)
    place.value, place.replacement = "Dr Priya Raghunathan", "the GP"
    presenter.save_entry(place)
    everything = presenter.entries(ALL)
    assert [e.kind for e in everything] == ["full_name", "date_of_birth", "professional"]
    assert everything[0].replacement == "Adult B"
    assert everything[1].variants == ["03/04/1985", "3/4/1985"]
    assert [e.value for e in presenter.entries(UNLINKED)] == ["Dr Priya Raghunathan"]
    assert len(presenter.entries(victim.id)) == 2 and len(presenter.all_entries) == 3


def test_an_unreadable_birth_date_is_refused_and_nothing_written(presenter) -> None:
    dob = presenter.new_entry(presenter.subjects[0].id)
    dob.kind, dob.value, dob.replacement = "date_of_birth", "31/02/1985", "aged 38"
    with pytest.raises(ValidationError, match="February 1985 has 28 days"):
        presenter.save_entry(dob)
    assert presenter.entries(ALL) == []


def test_filter_items_and_words(presenter) -> None:
    items = presenter.load_subjects()
    assert [data for data, _ in items] == [ALL, presenter.subjects[0].id, UNLINKED]
    assert items[1][1] == "Adult B (Victim)"
    assert count_text(1, 3) == "3 identifiers (1 shown)" and count_text(1, 1) == "1 identifier"
    assert dob_variants("1985-04-03") == ["3 April 1985", "03/04/1985", "3/4/1985"]


def test_replacement_follows_subject_only_for_names() -> None:
    names = {1: "Adult A", 2: "Adult B"}
    assert followed_replacement("full_name", "", 2, names) == "Adult B"
    assert followed_replacement("full_name", "Adult A", 2, names) == "Adult B"
    assert followed_replacement("full_name", "the mother", 2, names) == "the mother"
    assert followed_replacement("date_of_birth", "Adult B", 2, names) == ""
    assert followed_replacement("date_of_birth", "aged 38", 2, names) == "aged 38"
