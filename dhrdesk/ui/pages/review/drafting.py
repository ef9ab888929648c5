"""Drafting the overview report and executive summary, section by section.

Why it looks like this: the chair writes each section of the profile's report
format with the guidance for it in view, the facts the store already holds
(generated, read-only here, kept in sync by dhrdesk.documents), and the
pre-submission checklist built from what the Home Office QA panel most often
sends back. No edit is ever lost: the current section is saved about two seconds
after the last keystroke, when another section or document is chosen, before
the app locks (:meth:`save_pending`) and when the tab closes.

Layout and wiring only; reads, marks and writes are
:class:`dhrdesk.ui.presenters.drafting.DraftingPresenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.profiles import SectionSpec
from dhrdesk.ui.changes import origin
from dhrdesk.ui.editor.convert import blocks_to_document
from dhrdesk.ui.editor.widget import SectionEditor
from dhrdesk.ui.operations import error_text, show_error
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, label, named, styled_label
from dhrdesk.ui.pages.review.parts import STRETCH, add_items, column, splitter
from dhrdesk.ui.presenters.drafting import (
    DOCUMENT_LABELS,
    DraftingPresenter,
    document_sections,
    saved_text,
    words_line,
)
from dhrdesk.ui.widgets import heading_font

__all__ = ["DOCUMENT_LABELS", "ChecklistRow", "DraftingTab", "document_sections"]

AUTOSAVE_MS = 2000
GUIDANCE_STYLE = (
    "QLabel { color: #333; background: #f4f6f8; border-left: 3px solid #4a6b8a; padding: 8px; }"
)
QA_COMMON_STYLE = "QWidget#qaCommon { background: #fff4d6; border-left: 3px solid #c58a00; }"
PANEL_TITLE_STYLE = "QLabel { font-weight: bold; color: #1f3a5f; padding-top: 4px; }"
STATUS_STYLES = {
    "saved": "QLabel { color: #1e6b32; }",
    "saving": "QLabel { color: #5f6368; }",
    "unsaved": "QLabel { color: #8a5a00; }",
    "error": "QLabel { color: #b3261e; font-weight: bold; }",
}

# The sections, their checklist and comments, and the records the generated facts show.
WATCHED_TABLES = (
    "report_section",
    "checklist_response",
    "section_comment",
    "subject",
    "review_person",
    "stage_record",
    "pause",
    "parallel_process",
    "panel_member",
    "agency",
    "terms_of_reference",
    "line_of_enquiry",
    "family_member",
    "chronology_entry",
    "learning_point",
    "recommendation",
)


def section_list() -> QListWidget:
    """The list of a document's sections, with their marks and words."""
    widget = QListWidget()
    widget.setObjectName("sectionList")
    widget.setMinimumWidth(220)
    widget.setSpacing(1)
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return widget


def _title(text: str) -> QLabel:
    return label(style=PANEL_TITLE_STYLE, text=text)


class ChecklistRow(QWidget):
    """One pre-submission check: ticked, or explained."""

    def __init__(self, item: Any, response: m.ChecklistResponse | None, on_change: Callable):
        super().__init__()
        self.item = item
        self.box = QCheckBox()
        self.box.setObjectName(f"check_{item.id}")
        self.box.setStyleSheet("QCheckBox { spacing: 6px; }")
        self.explanation = QLineEdit()
        self.explanation.setObjectName(f"explain_{item.id}")
        self.explanation.setPlaceholderText("Or explain why not (does not apply, not yet…)")
        self.note = QLabel()
        self.note.setStyleSheet("QLabel { color: #b3261e; font-size: 90%; }")
        self.note.hide()
        if response is not None:
            self.box.setChecked(response.ticked)
            self.explanation.setText(response.explanation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        label = QLabel(item.text)
        label.setWordWrap(True)
        label.setBuddy(self.box)
        top = QHBoxLayout()
        top.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(label, 1)
        layout.addLayout(top)
        if item.qa_common:
            self.setObjectName("qaCommon")
            self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            self.setStyleSheet(QA_COMMON_STYLE)
            flag = QLabel("Often returned by the Home Office panel")
            flag.setObjectName("qaCommonFlag")
            flag.setStyleSheet("QLabel { color: #8a5a00; font-size: 90%; font-weight: bold; }")
            layout.addWidget(flag)
        layout.addWidget(self.explanation)
        layout.addWidget(self.note)
        self.box.toggled.connect(lambda _on: on_change(self))
        self.explanation.editingFinished.connect(lambda: on_change(self))

    def done(self) -> bool:
        return self.box.isChecked() or bool(self.explanation.text().strip())


class DraftingHeader(QWidget):
    """The bar above the editor: the document, its words, the save state, "Save now"."""

    def __init__(self) -> None:
        super().__init__()
        self.document_box = named(QComboBox(), "documentSelector")
        for key in m.DOCUMENTS:
            self.document_box.addItem(DOCUMENT_LABELS.get(key, key), key)
        self.total_label = label("totalWords")
        self.status_label = label("saveStatus")
        self.save_button = button(
            "Save now", "saveNow", "Sections save themselves two seconds after you stop typing"
        )
        items = (QLabel("Document:"), self.document_box, 16, self.total_label, STRETCH)
        top = add_items(QHBoxLayout(self), (*items, self.status_label, self.save_button))
        top.setContentsMargins(0, 0, 0, 0)

    def set_status(self, kind: str, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(STATUS_STYLES[kind])


class SidePanel(QScrollArea):
    """The right of the tab: guidance, the generated facts, the checklist."""

    def __init__(self) -> None:
        super().__init__()
        self.guidance = styled_label("sectionGuidance", GUIDANCE_STYLE)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.generated = QTextBrowser()
        self.generated.setObjectName("generatedPreview")
        self.generated.setReadOnly(True)
        self.generated.setStyleSheet("QTextBrowser { background: #fafbfc; }")
        self.generated_note = styled_label(
            "generatedNote", "QLabel { color: #5f6368; font-size: 90%; }"
        )
        self.checklist_box = column()
        self.checklist_layout = self.checklist_box.layout()
        self.checklist_layout.setSpacing(6)
        self.checklist_title = _title("Pre-submission checklist")
        self.generated_title = _title("Generated from the review's records")
        side = column(
            _title("Guidance"),
            self.guidance,
            self.generated_title,
            self.generated_note,
            self.generated,
            self.checklist_title,
            self.checklist_box,
            STRETCH,
        )
        side.layout().setContentsMargins(4, 0, 4, 0)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(side)
        self.setMinimumWidth(300)

    def show_generated(self, blocks: list[dict], note: str) -> None:
        visible = bool(blocks)
        self.generated_title.setVisible(visible)
        self.generated_note.setVisible(visible)
        self.generated.setVisible(visible)
        self.generated_note.setText(note)
        if visible:
            doc = self.generated.document()
            blocks_to_document(blocks, doc)
            doc.setTextWidth(max(200, self.generated.viewport().width()))
            self.generated.setFixedHeight(int(min(260, doc.size().height() + 12)))

    def show_checklist(
        self, spec: SectionSpec, answers: dict, on_change: Callable
    ) -> list[ChecklistRow]:
        """One row per check of ``spec``, with the stored ``answers``."""
        while self.checklist_layout.count():
            child = self.checklist_layout.takeAt(0).widget()
            if child is not None:
                child.hide()
                child.setParent(None)
                child.deleteLater()
        rows = []
        self.checklist_title.setVisible(bool(spec.checklist))
        for item in spec.checklist:
            row = ChecklistRow(item, answers.get((spec.id, item.id)), on_change)
            rows.append(row)
            self.checklist_layout.addWidget(row)
        return rows


class DraftingTab(ReviewTab):
    """The report editor: sections (left), the chair's text (middle), guidance,
    generated facts and checklist (right)."""

    watches = WATCHED_TABLES
    object_name = "draftingTab"
    presenter_class = DraftingPresenter

    def build(self) -> None:
        self.profile = self.presenter.profile
        self.current_key: str | None = None
        self._dirty = False
        self._check_rows: list[ChecklistRow] = []
        self._lay_out()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._autosave)
        self.header.set_status("saved", "All changes saved")
        self._load_document("overview")

    # ----------------------------------------------------------------- layout
    def _lay_out(self) -> None:
        self.section_list = section_list()
        self.section_list.currentRowChanged.connect(self._section_chosen)
        middle = self._middle()
        self.side = SidePanel()
        for name in ("guidance", "generated", "generated_note", "checklist_title"):
            setattr(self, name, getattr(self.side, name))
        split = splitter(
            Qt.Orientation.Horizontal,
            self.section_list,
            middle,
            self.side,
            stretch=(0, 3, 1),
            sizes=(250, 640, 340),
        )
        self.splitter = split
        layout = QVBoxLayout(self)
        self.header = DraftingHeader()
        for name in ("document_box", "total_label", "status_label", "save_button"):
            setattr(self, name, getattr(self.header, name))
        self.document_box.currentIndexChanged.connect(self._document_chosen)
        self.save_button.clicked.connect(lambda: self.save_current(show_errors=True))
        layout.addWidget(self.header)
        layout.addWidget(split, 1)

    def _middle(self) -> QWidget:
        self.section_title = label("sectionTitle", wrap=True)
        self.section_title.setFont(heading_font(self.font(), 1.25))
        self.editor = SectionEditor()
        self.editor.chronology_rows = self._chronology_rows
        self.editor.content_changed.connect(self._edited)
        self.editor.word_count_changed.connect(self._live_words)
        middle = column(self.section_title, (self.editor, 1))
        middle.layout().setContentsMargins(4, 0, 4, 0)
        return middle

    # ---------------------------------------------------------------- loading
    @property
    def document(self) -> str:
        return self.presenter.document

    @property
    def sections(self) -> list[SectionSpec]:
        return self.presenter.sections

    def _load_document(self, document: str) -> None:
        if self.context.run_op(lambda: self.presenter.load_document(document)) is None:
            return
        self.current_key = None
        self.section_list.blockSignals(True)
        self.section_list.clear()
        for spec in self.sections:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, spec.id)
            self.section_list.addItem(item)
        self.section_list.blockSignals(False)
        self._refresh_marks()
        if self.sections:
            self.section_list.setCurrentRow(0)

    def _refresh_marks(self) -> None:
        """Words, ticks and comment dots in the section list, and the total."""
        for row, mark in enumerate(self.context.run_op(self.presenter.marks) or []):
            item = self.section_list.item(row)
            item.setText(mark.text)
            item.setForeground(QColor("#8a1c1c" if mark.unresolved else "#202124"))
            item.setToolTip(mark.tooltip)
        self._update_total()

    def _update_total(self) -> None:
        self.total_label.setText(self.presenter.total_text())

    def _section_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            return
        spec = self.sections[row]
        if spec.id == self.current_key:
            return
        if self.current_key is not None and not self.save_current(show_errors=True):
            self.section_list.blockSignals(True)
            self.section_list.setCurrentRow(self.presenter.index_of(self.current_key))
            self.section_list.blockSignals(False)
            return
        self.show_section(spec)

    def show_section(self, spec: SectionSpec) -> None:
        content = self.context.run_op(lambda: self.presenter.section_content(spec.id))
        self.current_key = spec.id
        self.section_title.setText(spec.heading)
        self.guidance.setText(spec.guidance or "No guidance for this section.")
        self.editor.set_blocks(content or [])
        self.editor.text.setPlaceholderText(f"Write “{spec.title}” here. It saves as you type.")
        self._dirty = False
        self._show_generated(spec)
        self._show_checklist(spec)

    def _show_generated(self, spec: SectionSpec) -> None:
        self.side.show_generated(*self.presenter.generated(spec.id))

    def _show_checklist(self, spec: SectionSpec) -> None:
        self._check_rows = self.side.show_checklist(
            spec, self.presenter.checklist, self._check_changed
        )

    def _check_changed(self, row: ChecklistRow) -> None:
        if self.current_key is None:
            return
        try:
            response = self.presenter.checklist_response(
                self.current_key, row.item.id, row.box.isChecked(), row.explanation.text()
            )
        except ValueError as exc:
            row.note.setText(str(exc))
            row.note.show()
            return
        row.note.hide()
        if response is not None and self.context.run_op(
            lambda: self.presenter.save_checklist(response)
        ):
            self._refresh_marks()

    def _document_chosen(self, index: int) -> None:
        document = self.document_box.itemData(index)
        if document == self.document:
            return
        if not self.save_current(show_errors=True):
            self.document_box.blockSignals(True)
            self.document_box.setCurrentIndex(m.DOCUMENTS.index(self.document))
            self.document_box.blockSignals(False)
            return
        self._load_document(document)

    def _chronology_rows(self) -> list[tuple[int, str, str]]:
        return self.context.run_op(self.presenter.chronology_rows) or []

    # --------------------------------------------------------------- autosave
    def _edited(self) -> None:
        self._dirty = True
        self.header.set_status("unsaved", "Unsaved changes")
        self.autosave_timer.start()

    def _live_words(self, words: int) -> None:
        if self.current_key is not None:
            self.presenter.words[self.current_key] = words
            self._update_total()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _write(self) -> None:
        """Write the current section; raises DhrDeskError when it cannot be saved.

        Not through ``run_op``: a failed autosave is said in the status line, and
        ``save_pending`` must raise. The change is still stamped as this tab's."""
        if not self._dirty or self.current_key is None:
            return
        self.autosave_timer.stop()
        key = self.current_key
        self.header.set_status("saving", "Saving…")
        self.status_label.repaint()
        with origin(self):
            words = self.presenter.save_section(key, self.editor.blocks())
        self._dirty = False
        self.header.set_status("saved", saved_text())
        item = self.section_list.item(self.presenter.index_of(key))
        if item is not None:
            item.setText(words_line(item.text().split("\n")[0], words))
        self._update_total()

    def save_current(self, *, show_errors: bool = False) -> bool:
        """Save now; True when nothing is left unsaved. Errors go to the status label
        (and to a message box with ``show_errors``)."""
        try:
            self._write()
        except DhrDeskError as exc:
            self.header.set_status("error", f"Not saved: {exc.message}")
            self.status_label.setToolTip(error_text(exc))
            if show_errors:
                show_error(self, exc)
            return False
        return True

    def _autosave(self) -> None:
        self.save_current()

    def save_pending(self) -> None:
        """Called before locking: write the section being edited, or raise."""
        self._write()

    def refresh(self) -> None:
        """Reload marks and generated facts (the chair's text in the editor stays)."""
        self._refresh_marks()
        spec = self.presenter.spec(self.current_key)
        if spec is not None:
            self._show_generated(spec)
            self._show_checklist(spec)

    def select_section(self, key: str) -> bool:
        for row, spec in enumerate(self.sections):
            if spec.id == key:
                self.section_list.setCurrentRow(row)
                return self.current_key == key
        return False

    def select_document(self, document: str) -> bool:
        self.document_box.setCurrentIndex(m.DOCUMENTS.index(document))
        return self.document == document

    def hideEvent(self, event: QHideEvent) -> None:
        if self.context.store.is_open:
            self.save_current()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.store.is_open:
            self.save_current()
        super().closeEvent(event)
