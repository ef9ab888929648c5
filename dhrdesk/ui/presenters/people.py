"""The People tab without Qt: the chair and the overview author, and their statements.

The independence statement (career history, relevant experience, past links to
agencies in scope, training) is what the Home Office panel reads in the "Author
of the overview report" section, so it is kept as four separate texts.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

PEOPLE_TABLES = ("review_person",)

STATEMENT_FIELDS: list[tuple[str, str, str]] = [
    (
        "career_history",
        "Career history",
        "Posts held, with dates, e.g. “Detective Chief Inspector, 1998–2016”.",
    ),
    (
        "relevant_experience",
        "Relevant experience",
        "Reviews chaired, safeguarding and domestic abuse work.",
    ),
    (
        "agency_links",
        "Past links to agencies in scope",
        "Any past employment or contract with an agency in this review, and when it ended; "
        "or “None”.",
    ),
    ("training", "Training", "e.g. AAFDA chair certificate (year), Home Office DHR training."),
]

#: Printed in the review's letters, so families and agencies can reach the chair.
CONTACT_FIELDS: list[tuple[str, str, str]] = [
    ("email", "E-mail (for letters)", "e.g. chair@example.org"),
    ("phone", "Telephone (for letters)", "e.g. 01234 567890"),
]

ROLE_TITLES = {
    "chair": "Independent chair",
    "author": "Overview author (only if not the chair)",
}


def section_heading(store: Store, review_id: int, section_id: str, fallback: str) -> str:
    """The numbered heading of an overview section in this review's profile ("9 Author of …").

    Profiles own section numbers and titles, so notes that say "this feeds section N"
    must ask the profile rather than hard-code the number.
    """
    try:
        profile = get_profile(store.repos.reviews.by_id(review_id).profile)
    except (DhrDeskError, KeyError):
        return fallback
    for section in profile.overview_sections:
        if section.id == section_id:
            return section.heading
    return fallback


def edited_person(
    record: m.ReviewPerson | None, review_id: int, role: str, name: str, texts: dict[str, str]
) -> m.ReviewPerson:
    """The person as edited: the record (or a new one) with the texts stripped."""
    base = record or m.ReviewPerson(review_id=review_id, role=role, name="")
    values = {key: text.strip() for key, text in texts.items()}
    return dataclasses.replace(base, name=name.strip(), **values)


def state_text(dirty: bool, recorded: bool) -> tuple[str, str]:
    """('Unsaved changes' | 'Not recorded yet' | 'Saved', state) under each editor."""
    if dirty:
        return "Unsaved changes", "dirty"
    return ("Saved", "saved") if recorded else ("Not recorded yet", "none")


class PeoplePresenter(ReviewPresenter):
    """Reads and writes of one review's chair and author."""

    def person(self, role: str) -> m.ReviewPerson | None:
        return self.store.repos.records.person(self.review_id, role)

    def save_person(self, person: m.ReviewPerson) -> m.ReviewPerson | None:
        """Write the person; returns what is now stored (None: no one in that role).

        A statement without a name is refused; an emptied author means "no separate
        author" and removes the record; nothing typed stores nothing.
        """
        records = self.store.repos.records
        if not person.name and person.id is None:
            if any(getattr(person, name) for name, _, _ in STATEMENT_FIELDS):
                role = ROLE_TITLES[person.role].split(" (")[0].lower()
                raise ValidationError(
                    f"Give the {role}'s name before their independence statement."
                )
            return None
        if not person.name:
            records.delete(m.ReviewPerson, person.id)
            person.id = None
            return None
        records.save(person)
        return person
