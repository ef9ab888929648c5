"""The Family tab without Qt: family, friends and colleagues, and every contact with them.

This feeds the overview section on involvement of family, friends and the wider
community: who was offered the chance to take part, how, when the draft was
shared and what they said, and the tribute they chose.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.ui.presenters.review import ReviewPresenter
from dhrdesk.ui.presenters.subjects import subject_label

if TYPE_CHECKING:
    from dhrdesk.store import Store

FAMILY_TABLES = ("family_member", "family_contact", "subject")

NO_PERSON = "Select a person to see and add contacts."


def contacts_title(person: m.FamilyMember) -> str:
    return f"Contacts with {person.name}"


def tribute_text(person: m.FamilyMember) -> str:
    """'Tribute: “…”', or '' when there is none."""
    return f"Tribute: “{person.tribute}”" if person.tribute else ""


class FamilyPresenter(ReviewPresenter):
    """Reads of one review's family members and their contacts."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.subjects: dict[int, str] = {}

    def people(self) -> list[m.FamilyMember]:
        records = self.store.repos.records
        self.subjects = {s.id: subject_label(s) for s in records.list(m.Subject, self.review_id)}
        return records.list(m.FamilyMember, self.review_id)

    def new_person(self) -> m.FamilyMember:
        return m.FamilyMember(review_id=self.review_id, name="")

    def subject_choices(self) -> dict[int | None, str]:
        return {None: "—", **self.subjects}

    def contacts(self, person_id: int) -> list[m.FamilyContact]:
        return self.store.repos.records.list(m.FamilyContact, person_id)

    @staticmethod
    def new_contact(person_id: int) -> m.FamilyContact:
        return m.FamilyContact(family_member_id=person_id, date=dt.date.today())
