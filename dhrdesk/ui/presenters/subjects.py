"""The Subjects tab without Qt: subjects by pseudonym, and how other tabs name them."""

from __future__ import annotations

from collections.abc import Sequence

from dhrdesk.core import model as m
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.ui.presenters.review import ReviewPresenter

SUBJECTS_TABLES = ("subject",)


def descriptor_choices(list_id: str) -> dict[str, str]:
    """One descriptor list (sex, age band, ethnicity) as a choice map with a blank first."""
    options = load_descriptors()[list_id].options
    return {"": "—", **{option.id: option.label for option in options}}


def subject_label(subject: m.Subject) -> str:
    """'Adult A (Victim)': how a subject is named in choices on other tabs."""
    return f"{subject.pseudonym} ({m.SUBJECT_ROLE_LABELS.get(subject.role, subject.role)})"


class SubjectsPresenter(ReviewPresenter):
    """Reads of one review's subjects, and the new subject a dialog starts from."""

    def subjects(self) -> list[m.Subject]:
        return self.store.repos.records.list(m.Subject, self.review_id)

    def new_subject(self, existing: Sequence[m.Subject]) -> m.Subject:
        """The first subject is the victim; later ones 'other', each after the last."""
        role = "victim" if not existing else "other"
        sort = max((s.sort for s in existing), default=0) + 1
        return m.Subject(review_id=self.review_id, role=role, pseudonym="", sort=sort)
