"""Terms of reference: period, subjects, agencies, key lines of enquiry, other sections.

The terms are versioned: "Agree with panel…" freezes what is stored now as the
next numbered version (a snapshot). The tab says when the current terms have
changed since the last agreed version, so a chair knows to take them back to
the panel; each agreed version can be read as it was agreed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core import taxonomy
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.forms import FieldSpec, OptionalDateEdit, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE
from dhrdesk.ui.pages.review.subjects import subject_label
from dhrdesk.ui.widgets import AskBeforeDiscard

CHANGED_STYLE = (
    "QLabel { color: #7a4100; background: #fff4e0; border: 1px solid #f0c987;"
    " border-radius: 3px; padding: 6px; }"
)
AGREED_STYLE = (
    "QLabel { color: #1b5e20; background: #eaf5ea; border: 1px solid #b9dcb9;"
    " border-radius: 3px; padding: 6px; }"
)
NONE_STYLE = "QLabel { color: #444; background: #f4f4f4; border-radius: 3px; padding: 6px; }"

SNAPSHOT_PARTS = [
    ("period", "review period"),
    ("sections", "other sections"),
    ("subjects", "subjects"),
    ("agencies", "agencies"),
    ("lines_of_enquiry", "key lines of enquiry"),
]

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


def theme_choices() -> dict[str, str]:
    return {"": "— none —", **{t.id: f"{t.number}. {t.name}" for t in taxonomy.load_themes()}}


LINE_SPECS = [
    FieldSpec("text", "Key line of enquiry", "multiline", required=True),
    FieldSpec("theme_id", "Theme", "choice", theme_choices),
]


def changed_parts(current: dict, agreed: dict) -> list[str]:
    """Which parts of the terms differ between two snapshots, in words."""
    changed = []
    for key, words in SNAPSHOT_PARTS:
        if key == "period":
            keys = ("period_start", "period_end", "period_rationale")
            if any(current.get(k) != agreed.get(k) for k in keys):
                changed.append(words)
        elif current.get(key) != agreed.get(key):
            changed.append(words)
    return changed


def snapshot_html(snapshot: dict, title: str = "") -> str:
    """A read-only rendering of an agreed version (or of the current terms)."""
    esc = html.escape

    def date_text(value: str | None) -> str:
        return format_date(dt.date.fromisoformat(value)) if value else "not set"

    parts = [f"<h2>{esc(title)}</h2>"] if title else []
    parts.append("<h3>Review period</h3>")
    parts.append(
        f"<p>{date_text(snapshot.get('period_start'))} to "
        f"{date_text(snapshot.get('period_end'))}</p>"
    )
    if snapshot.get("period_rationale"):
        parts.append(f"<p><i>{esc(snapshot['period_rationale'])}</i></p>")
    parts.append("<h3>Subjects</h3><ul>")
    for s in snapshot.get("subjects", []):
        role = m.SUBJECT_ROLE_LABELS.get(s["role"], s["role"])
        parts.append(f"<li>{esc(s['pseudonym'])} ({esc(role)})</li>")
    parts.append("</ul><h3>Agencies in scope</h3><ul>")
    for a in snapshot.get("agencies", []):
        if a["in_scope"]:
            parts.append(f"<li>{esc(a['name'])}</li>")
    parts.append("</ul>")
    excluded = [a for a in snapshot.get("agencies", []) if not a["in_scope"]]
    if excluded:
        parts.append("<h3>Agencies excluded</h3><ul>")
        for a in excluded:
            parts.append(f"<li>{esc(a['name'])}: {esc(a['exclusion_reason'])}</li>")
        parts.append("</ul>")
    parts.append("<h3>Key lines of enquiry</h3><ol>")
    for line in snapshot.get("lines_of_enquiry", []):
        parts.append(f"<li>{esc(line['text'])}</li>")
    parts.append("</ol>")
    sections = snapshot.get("sections", {})
    for key, label in m.TOR_SECTIONS:
        if sections.get(key):
            body = esc(sections[key]).replace("\n", "<br>")
            parts.append(f"<h3>{esc(label)}</h3><p>{body}</p>")
    return "".join(parts)


# ----------------------------------------------------------------- dialogs
class AgreeTermsDialog(AskBeforeDiscard, QDialog):
    """Asks the date the panel agreed the terms, and a note (e.g. which meeting)."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Agree the terms of reference (version {number})")
        self.setMinimumWidth(440)
        intro = QLabel(
            f"This freezes the terms as they are now as version {number}. Later changes "
            "are shown as “changed since” until the panel agrees them again."
        )
        intro.setWordWrap(True)
        self.date_edit = DateField(
            dt.date.today(), kind="date", optional=False, not_future=True, what="Agreed on"
        )
        self.date_edit.setObjectName("agreedOn")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("e.g. Agreed at panel meeting 2")
        form = QFormLayout()
        form.addRow("Agreed on", self.date_edit)
        form.addRow("Note", self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Agree version")
        buttons.accepted.connect(self._accept_if_readable)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept_if_readable(self) -> None:
        try:
            self.date_edit.date()
        except ValidationError:
            return  # shown under the field, which has the focus
        self.accept()

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
        heading = f"Version {version.number}, agreed {format_date(version.agreed_on)}"
        if version.note:
            heading += f" — {version.note}"
        self.browser = QTextBrowser()
        self.browser.setObjectName("versionBrowser")
        self.browser.setHtml(snapshot_html(version.snapshot, heading))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class LibraryDialog(QDialog):
    """Pick key lines of enquiry from the library, grouped by theme."""

    def __init__(self, already: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add key lines of enquiry from the library")
        self.resize(760, 600)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by words or theme…")
        self.filter_edit.setClearButtonEnabled(True)
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add chosen lines")
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Tick the lines to add. You can edit their wording afterwards."))
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

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
class TermsTab(ReviewTab):
    """The terms of reference of one review, and its agreed versions."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("termsTab")
        records = context.store.repos.records
        self._tor = m.TermsOfReference(review_id=review_id)
        self._loading = False
        self._dirty = False

        # -- period
        self.period_start = OptionalDateEdit(what="Period start")
        self.period_start.setObjectName("periodStart")
        self.period_end = OptionalDateEdit(what="Period end")
        self.period_end.setObjectName("periodEnd")
        for edit in (self.period_start, self.period_end):
            edit.setMaximumDate(dt.date.today())
            edit.dateChanged.connect(self._changed)
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("periodRationale")
        self.rationale.setPlaceholderText(
            "Why this period, e.g. “From the start of the relationship in 2019, when the "
            "first contact with agencies about abuse was recorded, to the death.”"
        )
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(70)
        self.rationale.textChanged.connect(self._changed)
        period_box = QGroupBox("Review period")
        period_form = QFormLayout(period_box)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("From"))
        dates.addWidget(self.period_start)
        dates.addSpacing(16)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.period_end)
        dates.addStretch(1)
        period_form.addRow(dates)
        period_form.addRow("Rationale *", self.rationale)

        # -- subjects (read from the Subjects tab)
        self.subjects_label = QLabel()
        self.subjects_label.setObjectName("subjectsInScope")
        self.subjects_label.setWordWrap(True)
        self.subjects_label.setTextFormat(Qt.TextFormat.RichText)
        subjects_box = QGroupBox("Subjects in scope (edit them on the Subjects tab)")
        QVBoxLayout(subjects_box).addWidget(self.subjects_label)

        # -- agencies
        self.agencies = RecordTable(
            context,
            AGENCY_SPECS,
            load=lambda: records.list(m.Agency, review_id),
            factory=lambda: m.Agency(review_id=review_id, name=""),
            noun="agency",
            plural="agencies",
            row_color=lambda a: None if a.in_scope else "#6b6b6b",
            empty_text="No agencies yet. Add each agency in scope, and any you exclude "
            "with the reason.",
        )
        self.agencies.setObjectName("agenciesTable")
        self.agencies.setMinimumHeight(220)
        self.agencies.changed.connect(self.update_version_state)
        agencies_box = QGroupBox("Agencies in scope and excluded")
        QVBoxLayout(agencies_box).addWidget(self.agencies)

        # -- lines of enquiry
        self.lines = RecordTable(
            context,
            LINE_SPECS,
            load=lambda: records.list(m.LineOfEnquiry, review_id),
            factory=self._new_line,
            noun="line of enquiry",
            plural="lines of enquiry",
            empty_text="No key lines of enquiry yet. Use “Add from library…” or write your own.",
        )
        self.lines.setObjectName("linesTable")
        self.lines.setMinimumHeight(240)
        self.lines.changed.connect(self.update_version_state)
        self.library_button = QPushButton("Add from library…")
        self.library_button.setObjectName("libraryButton")
        self.library_button.setToolTip("Choose suggested lines of enquiry, grouped by theme")
        self.library_button.clicked.connect(self.add_from_library)
        self.lines.layout().itemAt(0).layout().insertWidget(1, self.library_button)
        lines_box = QGroupBox("Key lines of enquiry")
        QVBoxLayout(lines_box).addWidget(self.lines)

        # -- other sections
        self.section_edits: dict[str, QPlainTextEdit] = {}
        sections_box = QGroupBox("Other sections")
        sections_form = QFormLayout(sections_box)
        sections_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        sections_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in m.TOR_SECTIONS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"section_{key}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(76)
            edit.textChanged.connect(self._changed)
            self.section_edits[key] = edit
            title = QLabel(label)
            title.setWordWrap(True)
            title.setMinimumWidth(150)
            title.setMaximumWidth(190)
            sections_form.addRow(title, edit)

        self.save_state = QLabel()
        self.save_button = QPushButton("Save terms")
        self.save_button.setObjectName("saveTerms")
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_state)
        save_row.addWidget(self.save_button)
        period_box.layout().addRow(save_row)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(period_box)
        body_layout.addWidget(subjects_box)
        body_layout.addWidget(agencies_box)
        body_layout.addWidget(lines_box)
        body_layout.addWidget(sections_box)
        sections_save = QHBoxLayout()
        sections_save.addStretch(1)
        self.save_button_bottom = QPushButton("Save terms")
        self.save_button_bottom.clicked.connect(self.save)
        sections_save.addWidget(self.save_button_bottom)
        body_layout.addLayout(sections_save)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        # -- versions (right)
        self.version_state = QLabel()
        self.version_state.setObjectName("versionState")
        self.version_state.setWordWrap(True)
        self.agree_button = QPushButton("Agree with panel…")
        self.agree_button.setObjectName("agreeButton")
        self.agree_button.clicked.connect(self.agree)
        self.versions = QListWidget()
        self.versions.setObjectName("versionList")
        self.versions.itemDoubleClicked.connect(lambda _item: self.view_version())
        self.versions.currentRowChanged.connect(lambda row: self.view_button.setEnabled(row >= 0))
        self.view_button = QPushButton("View version…")
        self.view_button.setObjectName("viewVersion")
        self.view_button.setEnabled(False)
        self.view_button.clicked.connect(self.view_version)
        versions_box = QGroupBox("Agreed versions")
        versions_layout = QVBoxLayout(versions_box)
        explain = QLabel(
            "Agreeing the terms with the panel freezes a numbered version. Each version "
            "can be read as it was agreed."
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(NOTE_STYLE)
        versions_layout.addWidget(explain)
        versions_layout.addWidget(self.version_state)
        versions_layout.addWidget(self.agree_button)
        versions_layout.addWidget(self.versions, 1)
        versions_layout.addWidget(self.view_button, 0, Qt.AlignmentFlag.AlignRight)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(versions_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresh()

    # -- data
    def _new_line(self) -> m.LineOfEnquiry:
        existing = self.lines.records() if hasattr(self, "lines") else []
        sort = max((line.sort for line in existing), default=0) + 1
        return m.LineOfEnquiry(review_id=self.review_id, text="", sort=sort)

    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self._dirty = True
            self._update_save_state()

    def _update_save_state(self) -> None:
        for button in (self.save_button, self.save_button_bottom):
            button.setEnabled(self._dirty)
        if self._dirty:
            self.save_state.setText("Unsaved changes")
            self.save_state.setStyleSheet("QLabel { color: #8a4b00; }")
        else:
            self.save_state.setText("Saved")
            self.save_state.setStyleSheet("QLabel { color: #1b5e20; }")

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _load_terms(self) -> None:
        tor = self.context.run_op(lambda: self.context.store.repos.lifecycle.terms(self.review_id))
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
        self._dirty = False
        self._update_save_state()

    def _load_subjects(self) -> None:
        subjects = self.context.run_op(
            lambda: self.context.store.repos.records.list(m.Subject, self.review_id)
        )
        if not subjects:
            self.subjects_label.setText("<i>No subjects yet.</i>")
            return
        self.subjects_label.setText(" · ".join(html.escape(subject_label(s)) for s in subjects))

    def current_terms(self) -> m.TermsOfReference:
        """The terms as edited on screen (not yet saved)."""
        sections = dict(self._tor.sections)
        for key, edit in self.section_edits.items():
            text = edit.toPlainText().strip()
            if text:
                sections[key] = text
            else:
                sections.pop(key, None)
        return dataclasses.replace(
            self._tor,
            period_start=self.period_start.date(),
            period_end=self.period_end.date(),
            period_rationale=self.rationale.toPlainText().strip(),
            sections=sections,
        )

    def save(self) -> bool:
        """Save the period and sections through the one write path."""
        if not self._dirty:
            return True
        try:
            tor = self.current_terms()
        except ValidationError:
            return False  # shown at the date field, which has the focus
        lifecycle = self.context.store.repos.lifecycle
        if self.context.run_op(lambda: lifecycle.save_terms(tor) or True) is None:
            return False
        self._tor = tor
        self._dirty = False
        self._update_save_state()
        self.update_version_state()
        return True

    # -- versions
    def update_version_state(self) -> None:
        lifecycle = self.context.store.repos.lifecycle
        versions = self.context.run_op(lambda: lifecycle.versions(self.review_id)) or []
        current_row = self.versions.currentRow()
        self.versions.clear()
        for version in reversed(versions):
            text = f"Version {version.number} — agreed {format_date(version.agreed_on)}"
            if version.note:
                text += f"\n{version.note}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, version.number)
            self.versions.addItem(item)
        if 0 <= current_row < self.versions.count():
            self.versions.setCurrentRow(current_row)
        self._versions = {v.number: v for v in versions}
        if not versions:
            self.version_state.setText("Not yet agreed with the panel.")
            self.version_state.setStyleSheet(NONE_STYLE)
            return
        last = versions[-1]
        now = self.context.run_op(lambda: lifecycle.snapshot(self.review_id)) or {}
        changed = changed_parts(now, last.snapshot)
        if changed or self._dirty:
            parts = changed + (["unsaved edits"] if self._dirty else [])
            self.version_state.setText(
                f"⚠ Changed since version {last.number}: {', '.join(parts)}. "
                "Agree the terms with the panel again."
            )
            self.version_state.setStyleSheet(CHANGED_STYLE)
        else:
            self.version_state.setText(
                f"✓ As agreed: version {last.number}, {format_date(last.agreed_on)}."
            )
            self.version_state.setStyleSheet(AGREED_STYLE)

    def make_agree_dialog(self, number: int) -> AgreeTermsDialog:
        return AgreeTermsDialog(number, self)

    def agree(self) -> int | None:
        """Save edits, ask the date and note, then freeze the next version."""
        if not self.save():
            return None
        lifecycle = self.context.store.repos.lifecycle
        number = len(getattr(self, "_versions", {})) + 1
        dialog = self.make_agree_dialog(number)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            agreed_on, note = dialog.values()
        finally:
            dialog.deleteLater()
        result = self.context.run_op(
            lambda: lifecycle.agree_terms(self.review_id, agreed_on, note),
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
        dialog = self.make_library_dialog()
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        if not chosen:
            return 0
        records = self.context.store.repos.records
        start = max((line.sort for line in self.lines.records()), default=0)

        def add_all() -> int:
            for offset, line in enumerate(chosen, start=1):
                records.save(
                    m.LineOfEnquiry(
                        review_id=self.review_id,
                        text=line.text,
                        theme_id=line.theme_ids[0] if line.theme_ids else "",
                        sort=start + offset,
                    )
                )
            return len(chosen)

        added = self.context.run_op(add_all, f"Added {len(chosen)} lines of enquiry.")
        self.lines.refresh()
        self.update_version_state()
        return added or 0

    def refresh(self) -> None:
        if not self._dirty:
            self._load_terms()
        self._load_subjects()
        self.agencies.refresh()
        self.lines.refresh()
        self.update_version_state()

    def save_pending(self) -> None:
        """Save the period and sections typed but not saved (called before locking)."""
        if self._dirty:
            tor = self.current_terms()
            self.context.store.repos.lifecycle.save_terms(tor)
            self._tor = tor
            self._dirty = False
            self._update_save_state()
