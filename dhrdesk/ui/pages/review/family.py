"""Family, friends and colleagues: who they are, their advocate, and every contact.

This feeds the overview section on involvement of family, friends and the wider
community: who was offered the chance to take part, how, when the draft was
shared and what they said, and the tribute they chose.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import label, styled_label
from dhrdesk.ui.pages.review.parts import column, detail_table, note_label, note_over, splitter
from dhrdesk.ui.presenters.family import (
    FAMILY_TABLES,
    NO_PERSON,
    FamilyPresenter,
    contacts_title,
    tribute_text,
)

CONTACT_SPECS = [
    FieldSpec("date", "Date", "date", not_future=True),
    FieldSpec("mode", "Mode", "choice", {mode: mode.capitalize() for mode in m.CONTACT_MODES}),
    FieldSpec("summary", "Summary", "multiline", required=True),
    FieldSpec("follow_up", "Follow-up", placeholder="e.g. Send draft chronology by 1 May"),
]


class FamilyTab(ReviewTab):
    """People (master) and the contacts with the selected person (detail)."""

    watches = FAMILY_TABLES
    object_name = "familyTab"
    presenter_class = FamilyPresenter

    def build(self) -> None:
        heading = self.section_heading("family_involvement", "Involvement of family, friends")
        note = note_label(
            f"This feeds “{heading}”. Record every offer and contact, the advocate, consent "
            "to the pseudonyms, the tribute in the family's words, and when the draft was shared."
        )
        self.people = RecordTable(
            self.context,
            self.person_specs(),
            load=self.presenter.people,
            factory=self.presenter.new_person,
            noun="person",
            plural="people",
            title="Family, friends and colleagues",
            empty_text="No one recorded yet. Add each family member, friend or colleague "
            "offered the chance to take part.",
        )
        self.people.setObjectName("familyTable")
        self.people.selection_changed.connect(self._person_selected)
        self.people.changed.connect(lambda: self._person_selected(self.people.selected()))

        self.contacts_title = label("contactsTitle", "QLabel { font-weight: bold; }")
        self.tribute = styled_label(
            "tributeText", "QLabel { color: #333; font-style: italic; padding: 4px; }"
        )
        self.contacts = detail_table(
            RecordTable,
            self.context,
            CONTACT_SPECS,
            "contactsTable",
            noun="contact",
            title="Contacts",
        )
        detail = column(self.contacts_title, self.tribute, (self.contacts, 1))
        note_over(self, note, splitter(Qt.Orientation.Vertical, self.people, detail))
        self._person_selected(None)

    def person_specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("name", "Name", required=True),
            FieldSpec("title", "Title", placeholder="e.g. Mrs (letters: Dear Mrs O'Neill)"),
            FieldSpec("surname", "Surname", placeholder="as letters address them"),
            FieldSpec("relationship", "Relationship", placeholder="e.g. Mother of Adult A"),
            FieldSpec("subject_id", "Related to subject", "choice", self.presenter.subject_choices),
            FieldSpec("advocate", "Advocate"),
            FieldSpec("advocate_org", "Advocate's organisation", placeholder="e.g. AAFDA"),
            FieldSpec("consent_pseudonyms", "Consents to pseudonyms", "bool"),
            FieldSpec("tribute", "Tribute", "multiline", in_table=False),
            FieldSpec("draft_shared_on", "Draft shared on", "optional_date", not_future=True),
            FieldSpec("response", "Response to the draft", "multiline", in_table=False),
        ]

    def _person_selected(self, person: Any) -> None:
        if person is None:
            self.contacts_title.setText(NO_PERSON)
            self.tribute.hide()
            self.contacts.set_source(lambda: [], None)
            self.contacts.setEnabled(False)
            return
        self.contacts.setEnabled(True)
        self.contacts_title.setText(contacts_title(person))
        self.tribute.setVisible(bool(person.tribute))
        self.tribute.setText(tribute_text(person))
        person_id = person.id
        self.contacts.set_source(
            lambda: self.presenter.contacts(person_id),
            lambda: self.presenter.new_contact(person_id),
        )

    def refresh(self) -> None:
        self.people.refresh()
        self._person_selected(self.people.selected())

    def save_pending(self) -> None:
        """People and contacts are saved when their dialogs close; nothing is pending."""
