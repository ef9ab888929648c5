"""Terms of reference: period, subjects, agencies, key lines of enquiry, other sections.

The terms are versioned: "Agree with panel…" freezes what is stored now as the
next numbered version (a snapshot). The tab says when the current terms have
changed since the last agreed version, so a chair knows to take them back to
the panel; each agreed version can be read as it was agreed. Reads, words and
writes are in :mod:`dhrdesk.ui.presenters.terms`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core import taxonomy
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.forms import FieldSpec, OptionalDateEdit, RecordTable
from dhrdesk.ui.modal import accept_when_read, ask, filter_edit, ok_cancel
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.controls import button, label, named, text_box, wrapped
from dhrdesk.ui.pages.review.parts import (
    STRETCH,
    column,
    fill,
    group,
    note_label,
    row,
    scrolled,
    splitter,
)
from dhrdesk.ui.presenters.terms import (
    TERMS_TABLES,
    TermsPresenter,
    edited_terms,
    snapshot_html,
    theme_choices,
    version_heading,
    version_item_text,
)
from dhrdesk.ui.widgets import AskBeforeDiscard

STATE_STYLES = {
    "changed": (
        "QLabel { color: #7a4100; background: #fff4e0; border: 1px solid #f0c987;"
        " border-radius: 3px; padding: 6px; }"
    ),
    "agreed": (
        "QLabel { color: #1b5e20; background: #eaf5ea; border: 1px solid #b9dcb9;"
        " border-radius: 3px; padding: 6px; }"
    ),
    "none": "QLabel { color: #444; background: #f4f4f4; border-radius: 3px; padding: 6px; }",
}

AGENCY_SPECS = [
    FieldSpec("name", "Agency", required=True),
    FieldSpec("sector", "Sector", placeholder="e.g. Police, Health, Local authority, Housing"),
    FieldSpec("in_scope", "In scope", "bool"),
    FieldSpec(
        "exclusion_reason",
        "Reason for exclusion",
        "multiline",
        help="Required when the agency is excluded: the Home Office panel checks every one.",
    ),
    FieldSpec("contact_role", "Contact (role)", in_table=False),
]

LINE_SPECS = [
    FieldSpec("text", "Key line of enquiry", "multiline", required=True),
    FieldSpec("theme_id", "Theme", "choice", theme_choices),
]


# ----------------------------------------------------------------- dialogs
class AgreeTermsDialog(AskBeforeDiscard, QDialog):
    """Asks the date the panel agreed the terms, and a note (e.g. which meeting)."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Agree the terms of reference (version {number})")
        self.setMinimumWidth(440)
        intro = wrapped(
            f"This freezes the terms as they are now as version {number}. Later changes "
            "are shown as “changed since” until the panel agrees them again."
        )
        self.date_edit = DateField(
            dt.date.today(), kind="date", optional=False, not_future=True, what="Agreed on"
        )
        self.date_edit.setObjectName("agreedOn")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("e.g. Agreed at panel meeting 2")
        form = QFormLayout()
        form.addRow("Agreed on", self.date_edit)
        form.addRow("Note", self.note_edit)
        agree = accept_when_read(self, self.date_edit.date)
        fill(self, intro, form, ok_cancel(self, "Agree version", agree))

    def values(self) -> tuple[dt.date, str]:
        agreed_on = self.date_edit.date()
        assert agreed_on is not None  # a required field: date() raises when empty
        return agreed_on, self.note_edit.text().strip()


class VersionDialog(QDialog):
    """One agreed version, read-only, as it was agreed."""

    def __init__(self, version: m.TorVersion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Terms of reference, version {version.number}")
        self.resize(640, 640)
        heading = version_heading(version)
        self.browser = QTextBrowser()
        self.browser.setObjectName("versionBrowser")
        self.browser.setHtml(snapshot_html(version.snapshot, heading))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        fill(self, self.browser, buttons)


class LibraryDialog(QDialog):
    """Pick key lines of enquiry from the library, grouped by theme."""

    def __init__(self, already: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add key lines of enquiry from the library")
        self.resize(760, 600)
        self.filter_edit = filter_edit("Filter by words or theme…")
        self.filter_edit.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("libraryTree")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.itemChanged.connect(self._item_changed)
        self._lines: dict[str, taxonomy.LineOfEnquiry] = {}
        lines = taxonomy.load_lines_of_enquiry()
        for theme in taxonomy.load_themes():
            in_theme = [line for line in lines if theme.id in line.theme_ids]
            if not in_theme:
                continue
            top = QTreeWidgetItem([f"{theme.number}. {theme.name}"])
            top.setToolTip(0, theme.description)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.tree.addTopLevelItem(top)
            for line in in_theme:
                self._lines[line.id] = line
                item = QTreeWidgetItem([line.text])
                item.setData(0, Qt.ItemDataRole.UserRole, line.id)
                item.setToolTip(0, line.text)
                if line.text in already:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                    item.setText(0, f"{line.text}  (already in the terms)")
                else:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                top.addChild(item)
        self.tree.expandAll()
        self.count_label = QLabel("None chosen.")
        buttons = ok_cancel(self, "Add chosen lines")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        intro = QLabel("Tick the lines to add. You can edit their wording afterwards.")
        bottom = row((self.count_label, 1), buttons)
        fill(self, intro, self.filter_edit, (self.tree, 1), bottom)

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            found.extend(top.child(j) for j in range(top.childCount()))
        return found

    def _item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        line_id = item.data(0, Qt.ItemDataRole.UserRole)
        if line_id is None:
            return
        state = item.checkState(0)
        self.tree.blockSignals(True)
        for other in self._items():  # a line listed under two themes is one choice
            if other is not item and other.data(0, Qt.ItemDataRole.UserRole) == line_id:
                other.setCheckState(0, state)
        self.tree.blockSignals(False)
        count = len(self.chosen())
        self.count_label.setText(f"{count} chosen." if count else "None chosen.")
        self.ok_button.setEnabled(count > 0)

    def set_checked(self, line_id: str, checked: bool = True) -> None:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == line_id:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            theme_hit = all(w in top.text(0).casefold() for w in words)
            visible = 0
            for j in range(top.childCount()):
                child = top.child(j)
                hit = theme_hit or all(w in child.text(0).casefold() for w in words)
                child.setHidden(not hit)
                visible += hit
            top.setHidden(visible == 0)

    def chosen(self) -> list[taxonomy.LineOfEnquiry]:
        seen: dict[str, taxonomy.LineOfEnquiry] = {}
        for item in self._items():
            line_id = item.data(0, Qt.ItemDataRole.UserRole)
            if item.checkState(0) == Qt.CheckState.Checked and line_id not in seen:
                seen[line_id] = self._lines[line_id]
        return list(seen.values())


# --------------------------------------------------------------------- the tab
class PeriodBox(QGroupBox):
    """The review period and its rationale, with the Save button of the terms."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("Review period")
        self.period_start = named(OptionalDateEdit(what="Period start"), "periodStart")
        self.period_end = named(OptionalDateEdit(what="Period end"), "periodEnd")
        for edit in (self.period_start, self.period_end):
            edit.setMaximumDate(dt.date.today())
            edit.dateChanged.connect(self.edited)
        self.rationale = text_box(
            "periodRationale",
            "Why this period, e.g. “From the start of the relationship in 2019, when the "
            "first contact with agencies about abuse was recorded, to the death.”",
        )
        self.rationale.setFixedHeight(70)
        self.rationale.textChanged.connect(self.edited)
        form = QFormLayout(self)
        form.addRow(
            row(QLabel("From"), self.period_start, 16, QLabel("to"), self.period_end, STRETCH)
        )
        form.addRow("Rationale *", self.rationale)
        self.save_state = QLabel()
        self.save_button = button("Save terms", "saveTerms")
        form.addRow(row(STRETCH, self.save_state, self.save_button))


class SectionsBox(QGroupBox):
    """The other sections of the terms, one text each."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__("Other sections")
        self.edits: dict[str, QPlainTextEdit] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, caption in m.TOR_SECTIONS:
            edit = text_box(f"section_{key}")
            edit.setFixedHeight(76)
            edit.textChanged.connect(self.edited)
            self.edits[key] = edit
            title = wrapped(caption)
            title.setMinimumWidth(150)
            title.setMaximumWidth(190)
            form.addRow(title, edit)


class VersionsBox(QGroupBox):
    """The agreed versions, newest first, and whether the terms changed since."""

    def __init__(self) -> None:
        super().__init__("Agreed versions")
        self.version_state = label("versionState", wrap=True)
        self.agree_button = button("Agree with panel…", "agreeButton")
        self.versions = named(QListWidget(), "versionList")
        self.view_button = button("View version…", "viewVersion")
        self.view_button.setEnabled(False)
        self.versions.currentRowChanged.connect(lambda row: self.view_button.setEnabled(row >= 0))
        note = note_label(
            "Agreeing the terms with the panel freezes a numbered version. Each version "
            "can be read as it was agreed."
        )
        layout = fill(self, note, self.version_state, self.agree_button, (self.versions, 1))
        layout.addWidget(self.view_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_versions(self, versions: list[m.TorVersion]) -> None:
        current_row = self.versions.currentRow()
        self.versions.clear()
        for version in reversed(versions):
            item = QListWidgetItem(version_item_text(version))
            item.setData(Qt.ItemDataRole.UserRole, version.number)
            self.versions.addItem(item)
        if 0 <= current_row < self.versions.count():
            self.versions.setCurrentRow(current_row)


def agency_table(context: PageContext, presenter: TermsPresenter) -> RecordTable:
    """Agencies in scope and excluded (an excluded one needs the reason)."""
    table = RecordTable(
        context,
        AGENCY_SPECS,
        load=presenter.agencies,
        factory=presenter.new_agency,
        noun="agency",
        plural="agencies",
        row_color=lambda a: None if a.in_scope else "#6b6b6b",
        empty_text="No agencies yet. Add each agency in scope, and any you exclude "
        "with the reason.",
    )
    table.setObjectName("agenciesTable")
    table.setMinimumHeight(220)
    return table


class TermsTab(ReviewTab):
    """The terms of reference of one review, and its agreed versions."""

    watches = TERMS_TABLES
    object_name = "termsTab"
    presenter_class = TermsPresenter

    def build(self) -> None:
        self._tor = m.TermsOfReference(review_id=self.review_id)
        self._versions: dict[int, m.TorVersion] = {}
        self._loading = False
        self._dirty = False
        self.period = PeriodBox()
        self.sections = SectionsBox()
        self.history = VersionsBox()
        self.subjects_label = label("subjectsInScope", wrap=True)
        self.subjects_label.setTextFormat(Qt.TextFormat.RichText)
        self.agencies = agency_table(self.context, self.presenter)
        self.lines = self._line_table()
        self.save_button_bottom = button("Save terms", "")
        # The parts tests and other code reach for.
        self.period_start, self.period_end = self.period.period_start, self.period.period_end
        self.rationale, self.section_edits = self.period.rationale, self.sections.edits
        self.version_state, self.versions = self.history.version_state, self.history.versions
        self._wire()
        self._lay_out()
        self.refresh()

    def _line_table(self) -> RecordTable:
        table = RecordTable(
            self.context,
            LINE_SPECS,
            load=self.presenter.lines,
            factory=lambda: self.presenter.new_line(self.lines.records()),
            noun="line of enquiry",
            plural="lines of enquiry",
            empty_text="No key lines of enquiry yet. Use “Add from library…” or write your own.",
        )
        table.setObjectName("linesTable")
        table.setMinimumHeight(240)
        self.library_button = button(
            "Add from library…",
            "libraryButton",
            "Choose suggested lines of enquiry, grouped by theme",
        )
        table.layout().itemAt(0).layout().insertWidget(1, self.library_button)
        return table

    def _wire(self) -> None:
        self.period.edited.connect(self._changed)
        self.sections.edited.connect(self._changed)
        self.period.save_button.clicked.connect(self.save)
        self.save_button_bottom.clicked.connect(self.save)
        self.agencies.changed.connect(self.update_version_state)
        self.lines.changed.connect(self.update_version_state)
        self.library_button.clicked.connect(self.add_from_library)
        self.history.agree_button.clicked.connect(self.agree)
        self.history.view_button.clicked.connect(self.view_version)
        self.versions.itemDoubleClicked.connect(lambda _item: self.view_version())

    def _lay_out(self) -> None:
        body = column(
            self.period,
            group("Subjects in scope (edit them on the Subjects tab)", self.subjects_label),
            group("Agencies in scope and excluded", self.agencies),
            group("Key lines of enquiry", self.lines),
            self.sections,
            row(STRETCH, self.save_button_bottom),
            STRETCH,
            bare=False,
        )
        split = splitter(
            Qt.Orientation.Horizontal,
            scrolled(body),
            self.history,
            stretch=(3, 1),
            sizes=(900, 300),
        )
        fill(self, split)

    # -- data
    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True
            self._update_save_state()

    def _update_save_state(self) -> None:
        for save in (self.period.save_button, self.save_button_bottom):
            save.setEnabled(self._dirty)
        state = self.period.save_state
        state.setText("Unsaved changes" if self._dirty else "Saved")
        state.setStyleSheet(f"QLabel {{ color: {'#8a4b00' if self._dirty else '#1b5e20'}; }}")

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _load_terms(self) -> None:
        tor = self.context.run_op(self.presenter.terms)
        if tor is None:
            return
        self._tor = tor
        self._loading = True
        try:
            self.period_start.setDate(tor.period_start)
            self.period_end.setDate(tor.period_end)
            self.rationale.setPlainText(tor.period_rationale)
            for key, edit in self.section_edits.items():
                edit.setPlainText(str(tor.sections.get(key, "")))
        finally:
            self._loading = False
        self._saved(tor)

    def _saved(self, tor: m.TermsOfReference) -> None:
        self._tor = tor
        self._dirty = False
        self._update_save_state()

    def current_terms(self) -> m.TermsOfReference:
        """The terms as edited on screen (not yet saved); raises at an unreadable date."""
        sections = {key: edit.toPlainText() for key, edit in self.section_edits.items()}
        return edited_terms(
            self._tor,
            self.period_start.date(),
            self.period_end.date(),
            self.rationale.toPlainText(),
            sections,
        )

    def save(self) -> bool:
        """Save the period and sections through the one write path."""
        if not self._dirty:
            return True
        try:
            tor = self.current_terms()
        except ValidationError:
            return False  # shown at the date field, which has the focus
        if self.context.run_op(lambda: self.presenter.save_terms(tor) or True) is None:
            return False
        self._saved(tor)
        self.update_version_state()
        return True

    # -- versions
    def update_version_state(self) -> None:
        versions = self.context.run_op(self.presenter.versions) or []
        self.history.show_versions(versions)
        self._versions = {v.number: v for v in versions}
        state = self.context.run_op(lambda: self.presenter.state(versions, self._dirty))
        if state is not None:
            self.version_state.setText(state.text)
            self.version_state.setStyleSheet(STATE_STYLES[state.state])

    def make_agree_dialog(self, number: int) -> AgreeTermsDialog:
        return AgreeTermsDialog(number, self)

    def agree(self) -> int | None:
        """Save edits, ask the date and note, then freeze the next version."""
        if not self.save():
            return None
        number = len(self._versions) + 1
        values = ask(self.make_agree_dialog(number), lambda dialog: dialog.values())
        if values is None:
            return None
        agreed_on, note = values
        result = self.context.run_op(
            lambda: self.presenter.agree(agreed_on, note),
            f"Terms of reference version {number} agreed.",
        )
        self.update_version_state()
        if result is not None and self.versions.count():
            self.versions.setCurrentRow(0)
        return result

    def view_version(self, number: int | None = None) -> VersionDialog | None:
        if number is None:
            item = self.versions.currentItem()
            if item is None:
                return None
            number = item.data(Qt.ItemDataRole.UserRole)
        version = self._versions.get(number)
        if version is None:
            return None
        dialog = VersionDialog(version, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- library
    def make_library_dialog(self) -> LibraryDialog:
        already = {line.text for line in self.lines.records()}
        return LibraryDialog(already, self)

    def add_from_library(self) -> int:
        chosen = ask(self.make_library_dialog(), lambda dialog: dialog.chosen())
        if not chosen:
            return 0
        existing = self.lines.records()
        added = self.context.run_op(
            lambda: self.presenter.add_lines(chosen, existing),
            f"Added {len(chosen)} lines of enquiry.",
        )
        self.lines.refresh()
        self.update_version_state()
        return added or 0

    def refresh(self) -> None:
        if not self._dirty:
            self._load_terms()
        self.subjects_label.setText(self.context.run_op(self.presenter.subjects_html) or "")
        self.agencies.refresh()
        self.lines.refresh()
        self.update_version_state()

    def save_pending(self) -> None:
        """Save the period and sections typed but not saved (called before locking)."""
        if self._dirty:
            tor = self.current_terms()
            self.presenter.save_terms(tor)
            self._saved(tor)
