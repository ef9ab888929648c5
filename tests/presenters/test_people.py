"""The People presenter with a real store and no window."""

from __future__ import annotations

import pytest

from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.people import PeoplePresenter, edited_person, section_heading, state_text


@pytest.fixture
def presenter(store) -> PeoplePresenter:
    return PeoplePresenter(store, store.repos.reviews.create("DHR 2026/05", ""))


def test_a_statement_without_a_name_is_refused_and_nothing_written(presenter) -> None:
    person = edited_person(None, presenter.review_id, "author", " ", {"training": "AAFDA"})
    with pytest.raises(ValidationError, match="Give the overview author's name"):
        presenter.save_person(person)
    assert presenter.person("author") is None


def test_save_then_empty_the_name_removes_the_author(presenter) -> None:
    typed = {"career_history": " Social worker 2001-2015 ", "email": " a@example.org "}
    person = edited_person(None, presenter.review_id, "author", " Łukasz Nowicki ", typed)
    saved = presenter.save_person(person)
    stored = presenter.person("author")
    assert saved is not None and stored is not None
    assert (stored.name, stored.career_history, stored.email) == (
        "Łukasz Nowicki",
        "Social worker 2001-2015",
        "a@example.org",
    )
    emptied = edited_person(stored, presenter.review_id, "author", "", {})
    assert presenter.save_person(emptied) is None
    assert presenter.person("author") is None


def test_nothing_typed_stores_nothing(presenter) -> None:
    assert presenter.save_person(edited_person(None, presenter.review_id, "chair", "", {})) is None
    assert presenter.person("chair") is None


def test_state_words_and_section_heading(presenter) -> None:
    assert state_text(True, True) == ("Unsaved changes", "dirty")
    assert state_text(False, False) == ("Not recorded yet", "none")
    assert state_text(False, True) == ("Saved", "saved")
    heading = section_heading(presenter.store, presenter.review_id, "author", "fallback")
    assert heading == "9 Author of the overview report"
    assert section_heading(presenter.store, 9999, "author", "fallback") == "fallback"
