"""The chair and the overview author, with the independence statement.

The statement (career history, relevant experience, past links to agencies in
scope and when they ended, training) is what the Home Office panel reads in the
"Author of the overview report" section, so it is kept as four separate texts
the report builder can lay out later.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.controls import text_box
from dhrdesk.ui.pages.review.parts import NOTE_STYLE, note_label, scrolled
from dhrdesk.ui.presenters.people import (
    CONTACT_FIELDS,
    PEOPLE_TABLES,
    ROLE_TITLES,
    STATEMENT_FIELDS,
    PeoplePresenter,
    edited_person,
    state_text,
)

# NOTE_STYLE is imported from here by the chronology tab.
__all__ = ["NOTE_STYLE", "PeopleTab", "PersonEditor"]

STATE_STYLES = {
    "dirty": "QLabel { color: #8a4b00; }",
    "none": "QLabel { color: #666; }",
    "saved": "QLabel { color: #1b5e20; }",
}


class PersonEditor(QGroupBox):
    """Name and independence statement of one person (chair or author), with Save."""

    def __init__(self, context: PageContext, presenter: PeoplePresenter, role: str) -> None:
        super().__init__(ROLE_TITLES[role])
        self.setObjectName(f"{role}Editor")
        self.context = context
        self.presenter = presenter
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
            editor = text_box(f"{role}_{name}", hint)
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
        text, state = state_text(self._dirty, self._record is not None)
        self.state_label.setText(text)
        self.state_label.setStyleSheet(STATE_STYLES[state])

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
        texts = {name: editor.toPlainText() for name, editor in self.editors.items()}
        texts.update({name: edit.text() for name, edit in self.contact_edits.items()})
        review_id = self.presenter.review_id
        return edited_person(self._record, review_id, self.role, self.name_edit.text(), texts)

    def save(self) -> bool:
        """Save through the one write path; True when saved (or nothing to save)."""
        if not self._dirty:
            return True
        person = self.current()
        saved: list[m.ReviewPerson | None] = []

        def write() -> bool:
            saved.append(self.presenter.save_person(person))
            return True

        if self.context.run_op(write) is None:
            return False
        self.load(saved[0])
        return True

    def save_pending(self) -> None:
        """Write edits not yet saved; raises DhrDeskError (the caller shows it)."""
        if self._dirty:
            self.load(self.presenter.save_person(self.current()))


class PeopleTab(ReviewTab):
    """The chair and the (optional, separate) overview author."""

    watches = PEOPLE_TABLES

    object_name = "peopleTab"
    presenter_class = PeoplePresenter

    def build(self) -> None:
        context = self.context
        heading = self.section_heading("author", "Author of the overview report")
        note = note_label(
            "The independence statement feeds the overview report section "
            f"“{heading}”. Give past links to any agency in scope and when they ended; "
            "the Home Office panel checks them. Leave the author empty when the chair "
            "writes the report.",
            "peopleNote",
        )
        self.chair = PersonEditor(context, self.presenter, "chair")
        self.author = PersonEditor(context, self.presenter, "author")
        columns = QHBoxLayout()
        columns.addWidget(self.chair, 1)
        columns.addWidget(self.author, 1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(note)
        inner_layout.addLayout(columns, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(inner))
        self.refresh()

    def refresh(self) -> None:
        for editor in (self.chair, self.author):
            if editor.dirty:
                continue  # never throw away what the chair is typing
            found = self.context.run_op(lambda role=editor.role: self.presenter.person(role))
            editor.load(found)

    def save_pending(self) -> None:
        """Save unsaved edits of both people (called before locking)."""
        for editor in (self.chair, self.author):
            editor.save_pending()
