"""The Family presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.family import FamilyPresenter, contacts_title, tribute_text


@pytest.fixture
def presenter(store) -> FamilyPresenter:
    return FamilyPresenter(store, store.repos.reviews.create("DHR 2026/07", ""))


def test_people_with_subject_choices_and_contacts(presenter) -> None:
    records = presenter.store.repos.records
    victim = m.Subject(presenter.review_id, "victim", "Adult A")
    records.save(victim)
    person = presenter.new_person()
    person.name, person.subject_id, person.tribute = "Mrs O'Neill", victim.id, "Kind."
    records.save(person)
    [loaded] = presenter.people()
    assert presenter.subject_choices() == {None: "—", victim.id: "Adult A (Victim)"}
    contact = presenter.new_contact(loaded.id)
    assert contact.date == dt.date.today()
    contact.summary = "Offered to take part."
    records.save(contact)
    assert [c.summary for c in presenter.contacts(loaded.id)] == ["Offered to take part."]
    assert contacts_title(loaded) == "Contacts with Mrs O'Neill"
    assert tribute_text(loaded) == "Tribute: “Kind.”"
    assert tribute_text(m.FamilyMember(1, "X")) == ""


def test_a_contact_in_the_future_is_refused(presenter) -> None:
    person = presenter.new_person()
    person.name = "Mr Bell"
    presenter.store.repos.records.save(person)
    contact = presenter.new_contact(person.id)
    contact.date += dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="future"):
        presenter.store.repos.records.save(contact)
    assert presenter.contacts(person.id) == []
