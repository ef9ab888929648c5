"""The subjects of a review, by pseudonym: the names the published report uses.

Real names never go here; they belong in the restricted identity register,
which links each real identifier to the pseudonym chosen on this tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.parts import note_label
from dhrdesk.ui.presenters.subjects import SUBJECTS_TABLES, SubjectsPresenter, descriptor_choices


def subject_specs() -> list[FieldSpec]:
    return [
        FieldSpec(
            "pseudonym",
            "Pseudonym",
            required=True,
            help="The name the published report uses, e.g. “Adult A”, “Child A”, "
            "or a name the family chose. Never the real name.",
        ),
        FieldSpec("role", "Role", "choice", m.SUBJECT_ROLE_LABELS, required=True),
        FieldSpec("sex", "Sex", "choice", descriptor_choices("sex")),
        FieldSpec("age_band", "Age band", "choice", descriptor_choices("age_band")),
        FieldSpec("ethnicity", "Ethnicity", "choice", descriptor_choices("ethnicity")),
        FieldSpec(
            "description",
            "Description",
            "multiline",
            help="What the report may say about this person (no identifying details).",
        ),
    ]


class SubjectsTab(ReviewTab):
    """Victim(s), perpetrator(s), children and other subjects, by pseudonym."""

    watches = SUBJECTS_TABLES
    object_name = "subjectsTab"
    presenter_class = SubjectsPresenter

    def build(self) -> None:
        note = note_label(
            "Pseudonyms are what the published report uses (“Adult A”, “Child A”). "
            "Real names, dates of birth and addresses go only in the Restricted register."
        )
        self.table = RecordTable(
            self.context,
            subject_specs(),
            load=self.presenter.subjects,
            factory=lambda: self.presenter.new_subject(self.table.records()),
            noun="subject",
            empty_text="No subjects yet. Add the victim first, then the perpetrator and others.",
        )
        self.table.setObjectName("subjectsTable")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.table.refresh()

    def save_pending(self) -> None:
        """Subjects are saved when their dialog closes; nothing is ever pending."""
