"""The chair and the overview author, with the independence statement.

The statement (career history, relevant experience, past links to agencies in
scope and when they ended, training) is what the Home Office panel reads in the
"Author of the overview report" section, so it is kept as four separate texts
the report builder can lay out later.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.ui.pages.base import PageContext, ReviewTab

NOTE_STYLE = (
    "QLabel { color: #444; background: #f4f6f8; border-left: 3px solid #4a6b8a; padding: 6px; }"
)

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


def section_heading(context: PageContext, review_id: int, section_id: str, fallback: str) -> str:
    """The numbered heading of an overview section in this review's profile ("9 Author of …").

    Profiles own section numbers and titles, so notes that say "this feeds section N"
    must ask the profile rather than hard-code the number.
    """
    try:
        from dhrdesk.core.profiles import get_profile

        review = context.store.repos.reviews.by_id(review_id)
        profile = get_profile(review.profile)
        for section in profile.overview_sections:
            if section.id == section_id:
                return section.heading
    except (DhrDeskError, KeyError):
        pass
    return fallback


class PersonEditor(QGroupBox):
    """Name and independence statement of one person (chair or author), with Save."""

    def __init__(self, context: PageContext, review_id: int, role: str) -> None:
        super().__init__(ROLE_TITLES[role])
        self.setObjectName(f"{role}Editor")
        self.context = context
        self.review_id = review_id
        self.role = role
        self._record: m.ReviewPerson | None = None
        self._loading = False
        self._dirty = False

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName(f"{role}Name")
        self.name_edit.setPlaceholderText("Full name as it will appear in the report")
        self.editors: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow("Name", self.name_edit)
        self.contact_edits: dict[str, QLineEdit] = {}
        for name, label, hint in CONTACT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"{role}_{name}")
            edit.setPlaceholderText(hint)
            edit.textChanged.connect(self._changed)
            self.contact_edits[name] = edit
            form.addRow(label, edit)
        for name, label, hint in STATEMENT_FIELDS:
            editor = QPlainTextEdit()
            editor.setObjectName(f"{role}_{name}")
            editor.setPlaceholderText(hint)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(70)
            editor.setMaximumHeight(130)
            editor.textChanged.connect(self._changed)
            self.editors[name] = editor
            form.addRow(label, editor)
        self.name_edit.textChanged.connect(self._changed)

        self.state_label = QLabel()
        self.state_label.setObjectName(f"{role}State")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName(f"{role}Save")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._update_state()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _changed(self) -> None:
        if not self._loading:
            self._dirty = True
            self._update_state()

    def _update_state(self) -> None:
        self.save_button.setEnabled(self._dirty)
        if self._dirty:
            self.state_label.setText("Unsaved changes")
            self.state_label.setStyleSheet("QLabel { color: #8a4b00; }")
        elif self._record is None:
            self.state_label.setText("Not recorded yet")
            self.state_label.setStyleSheet("QLabel { color: #666; }")
        else:
            self.state_label.setText("Saved")
            self.state_label.setStyleSheet("QLabel { color: #1b5e20; }")

    def load(self, record: m.ReviewPerson | None) -> None:
        self._loading = True
        try:
            self._record = record
            self.name_edit.setText(record.name if record else "")
            for name, editor in self.editors.items():
                editor.setPlainText(getattr(record, name) if record else "")
            for name, edit in self.contact_edits.items():
                edit.setText(getattr(record, name) if record else "")
        finally:
            self._loading = False
        self._dirty = False
        self._update_state()

    def current(self) -> m.ReviewPerson:
        """The record as edited (not yet saved)."""
        base = self._record or m.ReviewPerson(review_id=self.review_id, role=self.role, name="")
        values = {name: editor.toPlainText().strip() for name, editor in self.editors.items()}
        values.update({name: edit.text().strip() for name, edit in self.contact_edits.items()})
        return dataclasses.replace(base, name=self.name_edit.text().strip(), **values)

    def _write(self, person: m.ReviewPerson) -> None:
        if not person.name and person.id is None:
            if any(getattr(person, name) for name, _, _ in STATEMENT_FIELDS):
                raise ValidationError(
                    f"Give the {ROLE_TITLES[self.role].split(' (')[0].lower()}'s name "
                    "before their independence statement."
                )
            return  # nothing typed: nothing to store
        if not person.name and person.id is not None:
            # An emptied author means "no separate author": remove the record.
            self.context.store.repos.records.delete(m.ReviewPerson, person.id)
            person.id = None
            return
        self.context.store.repos.records.save(person)

    def save(self) -> bool:
        """Save through the one write path; True when saved (or nothing to save)."""
        if not self._dirty:
            return True
        person = self.current()
        if self.context.run_op(lambda: self._write(person) or True) is None:
            return False
        self.load(person if person.id is not None else None)
        return True


class PeopleTab(ReviewTab):
    """The chair and the (optional, separate) overview author."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("peopleTab")
        heading = section_heading(context, review_id, "author", "Author of the overview report")
        note = QLabel(
            "The independence statement feeds the overview report section "
            f"“{heading}”. Give past links to any agency in scope and when they ended; "
            "the Home Office panel checks them. Leave the author empty when the chair "
            "writes the report."
        )
        note.setObjectName("peopleNote")
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.chair = PersonEditor(context, review_id, "chair")
        self.author = PersonEditor(context, review_id, "author")
        columns = QHBoxLayout()
        columns.addWidget(self.chair, 1)
        columns.addWidget(self.author, 1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(note)
        inner_layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.refresh()

    def refresh(self) -> None:
        records = self.context.store.repos.records
        for editor in (self.chair, self.author):
            if editor.dirty:
                continue  # never throw away what the chair is typing
            found = self.context.run_op(
                lambda role=editor.role: records.person(self.review_id, role)
            )
            editor.load(found)

    def save_pending(self) -> None:
        """Save unsaved edits of both people (called before locking)."""
        for editor in (self.chair, self.author):
            if editor.dirty:
                person = editor.current()
                editor._write(person)  # raises DhrDeskError: the caller shows it
                editor.load(person if person.id is not None else None)
