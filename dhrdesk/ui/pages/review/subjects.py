"""The subjects of a review, by pseudonym: the names the published report uses.

Real names never go here; they belong in the restricted identity register,
which links each real identifier to the pseudonym chosen on this tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from dhrdesk.core import model as m
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE


def descriptor_choices(list_id: str) -> dict[str, str]:
    """One descriptor list (sex, age band, ethnicity) as a choice map with a blank first."""
    options = load_descriptors()[list_id].options
    return {"": "—", **{option.id: option.label for option in options}}


def subject_label(subject: m.Subject) -> str:
    """'Adult A (Victim)': how a subject is named in choices on other tabs."""
    return f"{subject.pseudonym} ({m.SUBJECT_ROLE_LABELS.get(subject.role, subject.role)})"


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

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("subjectsTab")
        records = context.store.repos.records
        note = QLabel(
            "Pseudonyms are what the published report uses (“Adult A”, “Child A”). "
            "Real names, dates of birth and addresses go only in the Restricted register."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.table = RecordTable(
            context,
            subject_specs(),
            load=lambda: records.list(m.Subject, review_id),
            factory=self._new_subject,
            noun="subject",
            empty_text="No subjects yet. Add the victim first, then the perpetrator and others.",
        )
        self.table.setObjectName("subjectsTable")
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def _new_subject(self) -> m.Subject:
        existing = self.table.records() if hasattr(self, "table") else []
        role = "victim" if not existing else "other"
        sort = max((s.sort for s in existing), default=0) + 1
        return m.Subject(review_id=self.review_id, role=role, pseudonym="", sort=sort)

    def refresh(self) -> None:
        self.table.refresh()

    def save_pending(self) -> None:
        """Subjects are saved when their dialog closes; nothing is ever pending."""
