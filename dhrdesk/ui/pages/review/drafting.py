"""Drafting the overview report and executive summary, section by section.

Why it looks like this: the chair writes each section of the profile's report
format with the guidance for it in view, the facts the store already holds
(generated, read-only here, kept in sync by dhrdesk.documents), and the
pre-submission checklist built from what the Home Office QA panel most often
sends back. No edit is ever lost: the current section is saved about two seconds
after the last keystroke, when another section or document is chosen, before
the app locks (:meth:`save_pending`) and when the tab closes.
"""

from __future__ import annotations

import datetime as dt
import importlib
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
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.profiles import Profile, SectionSpec, get_profile
from dhrdesk.core.richtext import paragraph, validate_blocks, word_count
from dhrdesk.ui.editor.convert import blocks_to_document
from dhrdesk.ui.editor.widget import SectionEditor
from dhrdesk.ui.operations import error_text, show_error
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.widgets import heading_font

AUTOSAVE_MS = 2000
DOCUMENT_LABELS = {"overview": "Overview report", "executive_summary": "Executive summary"}
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
TICK, DOT = "✓", "●"

# Where dhrdesk.documents may offer one section's generated part (tried in order).
GENERATED_PROVIDERS = [
    "dhrdesk.documents.generated:generated_blocks",
    "dhrdesk.documents.builders:generated_blocks",
    "dhrdesk.documents.builders.sections:generated_blocks",
    "dhrdesk.documents.builders.overview:generated_blocks",
    "dhrdesk.documents:generated_blocks",
]


def document_sections(profile: Profile, document: str) -> list[SectionSpec]:
    """The sections of ``document`` in the profile's order (appendices last)."""
    if document == "executive_summary":
        return list(profile.executive_summary_sections)
    return list(profile.overview_sections) + list(profile.overview_appendices)


def generated_provider() -> Callable[..., Any] | None:
    """dhrdesk.documents' ``generated_blocks(store, review_id, document, key)`` if present."""
    for target in GENERATED_PROVIDERS:
        module_name, _, name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if callable(found):
            return found
    return None


def _as_richtext(blocks: Any) -> list[dict]:
    """Generated blocks as richtext dicts (documents' model blocks are read by their text)."""
    out: list[dict] = []
    for block in blocks or []:
        if isinstance(block, dict):
            out.append(block)
            continue
        text = getattr(block, "text", None)
        items = getattr(block, "items", None)
        header, rows = getattr(block, "header", None), getattr(block, "rows", None)
        if isinstance(text, str):
            out.append(paragraph(text))
        elif isinstance(items, list):
            out.append({"type": "bullets", "items": [[{"text": str(i)}] for i in items]})
        elif isinstance(rows, list):
            out.append(
                {
                    "type": "table",
                    "header": [str(h) for h in (header or [])],
                    "rows": [[str(c) for c in row] for row in rows],
                }
            )
    try:
        validate_blocks(out)
    except DhrDeskError:
        return [paragraph(str(b)) for b in out]
    return out


def fallback_generated(store: Any, review_id: int, key: str) -> list[dict]:
    """A plain summary of the facts a generated section draws on (used until
    dhrdesk.documents offers its own builder for one section)."""
    records = store.repos.records
    base = key.removeprefix("es_").removeprefix("appendix_")
    bullets: list[str] = []
    if base in ("timescales", "process"):
        for stage in store.repos.lifecycle.stages(review_id):
            when = []
            if stage.started:
                when.append(f"started {format_date(stage.started)}")
            if stage.completed:
                when.append(f"completed {format_date(stage.completed)}")
            if when:
                bullets.append(
                    f"{stage.stage_id.replace('_', ' ').capitalize()}: {', '.join(when)}"
                )
        for pause in records.list(m.Pause, review_id):
            end = format_date(pause.end) if pause.end else "ongoing"
            bullets.append(f"Paused {format_date(pause.start)} – {end}: {pause.reason}")
    elif base == "contributors":
        bullets = [
            a.name + ("" if a.in_scope else f" (not in scope: {a.exclusion_reason})")
            for a in records.list(m.Agency, review_id)
        ]
    elif base in ("panel_members", "panel"):
        bullets = [
            ", ".join(x for x in (p.name, p.role, p.agency) if x)
            for p in records.list(m.PanelMember, review_id)
        ]
    elif base == "author":
        for role in ("chair", "author"):
            person = records.person(review_id, role)
            if person is not None:
                bullets.append(f"{role.capitalize()}: {person.name}")
    elif base in ("terms_of_reference", "tor"):
        tor = store.repos.lifecycle.terms(review_id)
        if tor.period_start and tor.period_end:
            bullets.append(
                f"Period: {format_date(tor.period_start)} to {format_date(tor.period_end)}"
            )
        bullets += [loe.text for loe in records.list(m.LineOfEnquiry, review_id)]
    elif base == "parallel_reviews":
        bullets = [
            f"{p.kind.replace('_', ' ').capitalize()} ({p.status})"
            for p in records.list(m.ParallelProcess, review_id)
        ]
    elif base == "chronology":
        rows = [r for r in store.repos.agency_input.combined(review_id) if r.entry.key_event]
        bullets = [f"{chronology_label(r)}: {r.entry.event}" for r in rows]
    elif base == "recommendations":
        bullets = [f"{r.number}. {r.text}" for r in records.list(m.Recommendation, review_id)]
    else:
        return []
    if not bullets:
        return [paragraph("Nothing recorded yet for this section.")]
    return [{"type": "bullets", "items": [[{"text": b}] for b in bullets]}]


def chronology_label(row: Any) -> str:
    """How a chronology reference reads: "3 April 2024, Northmoor Police"."""
    return f"{row.when.display()}, {row.agency}"


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


class DraftingTab(ReviewTab):
    """The report editor: sections (left), the chair's text (middle), guidance,
    generated facts and checklist (right)."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("draftingTab")
        store = context.store
        review = store.repos.reviews.by_id(review_id)
        self.profile = get_profile(review.profile)
        self.document = "overview"
        self.sections: list[SectionSpec] = []
        self.current_key: str | None = None
        self._dirty = False
        self._words: dict[str, int] = {}
        self._checklist: dict[tuple[str, str], m.ChecklistResponse] = {}
        self._check_rows: list[ChecklistRow] = []

        # -- top bar
        self.document_box = QComboBox()
        self.document_box.setObjectName("documentSelector")
        for key in m.DOCUMENTS:
            self.document_box.addItem(DOCUMENT_LABELS.get(key, key), key)
        self.document_box.currentIndexChanged.connect(self._document_chosen)
        self.total_label = QLabel()
        self.total_label.setObjectName("totalWords")
        self.status_label = QLabel()
        self.status_label.setObjectName("saveStatus")
        self.save_button = QPushButton("Save now")
        self.save_button.setObjectName("saveNow")
        self.save_button.setToolTip("Sections save themselves two seconds after you stop typing")
        self.save_button.clicked.connect(lambda: self.save_current(show_errors=True))
        top = QHBoxLayout()
        top.addWidget(QLabel("Document:"))
        top.addWidget(self.document_box)
        top.addSpacing(16)
        top.addWidget(self.total_label)
        top.addStretch(1)
        top.addWidget(self.status_label)
        top.addWidget(self.save_button)

        # -- sections
        self.section_list = QListWidget()
        self.section_list.setObjectName("sectionList")
        self.section_list.setMinimumWidth(220)
        self.section_list.setSpacing(1)
        self.section_list.setWordWrap(True)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.currentRowChanged.connect(self._section_chosen)

        # -- editor
        self.section_title = QLabel()
        self.section_title.setObjectName("sectionTitle")
        self.section_title.setFont(heading_font(self.font(), 1.25))
        self.section_title.setWordWrap(True)
        self.editor = SectionEditor()
        self.editor.chronology_rows = self._chronology_rows
        self.editor.content_changed.connect(self._edited)
        self.editor.word_count_changed.connect(self._live_words)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 0, 4, 0)
        middle_layout.addWidget(self.section_title)
        middle_layout.addWidget(self.editor, 1)

        # -- guidance, generated, checklist
        self.guidance = QLabel()
        self.guidance.setObjectName("sectionGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet(GUIDANCE_STYLE)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.generated = QTextBrowser()
        self.generated.setObjectName("generatedPreview")
        self.generated.setReadOnly(True)
        self.generated.setStyleSheet("QTextBrowser { background: #fafbfc; }")
        self.generated_note = QLabel()
        self.generated_note.setObjectName("generatedNote")
        self.generated_note.setWordWrap(True)
        self.generated_note.setStyleSheet("QLabel { color: #5f6368; font-size: 90%; }")
        self.checklist_box = QWidget()
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.checklist_layout.setContentsMargins(0, 0, 0, 0)
        self.checklist_layout.setSpacing(6)
        self.checklist_title = QLabel("Pre-submission checklist")
        self.checklist_title.setStyleSheet(PANEL_TITLE_STYLE)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 4, 0)
        guidance_title = QLabel("Guidance")
        guidance_title.setStyleSheet(PANEL_TITLE_STYLE)
        side_layout.addWidget(guidance_title)
        side_layout.addWidget(self.guidance)
        self.generated_title = QLabel("Generated from the review's records")
        self.generated_title.setStyleSheet(PANEL_TITLE_STYLE)
        side_layout.addWidget(self.generated_title)
        side_layout.addWidget(self.generated_note)
        side_layout.addWidget(self.generated)
        side_layout.addWidget(self.checklist_title)
        side_layout.addWidget(self.checklist_box)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)
        scroll.setMinimumWidth(300)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.section_list)
        split.addWidget(middle)
        split.addWidget(scroll)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        split.setSizes([250, 640, 340])
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._autosave)
        self._set_status("saved", "All changes saved")
        self._load_document("overview")

    # ---------------------------------------------------------------- loading
    def _load_document(self, document: str) -> None:
        self.document = document
        self.sections = document_sections(self.profile, document)
        stored = self.context.run_op(
            lambda: self.context.store.repos.drafting.sections(self.review_id, document)
        )
        self._words = {key: word_count(s.content) for key, s in (stored or {}).items()}
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
        store = self.context.store
        loaded = self.context.run_op(
            lambda: (
                store.repos.drafting.checklist(self.review_id, self.document),
                store.repos.records.list(m.SectionComment, self.review_id),
            )
        )
        checklist, comments = loaded or ({}, [])
        self._checklist = checklist
        unresolved = {
            c.section_key for c in comments if c.document == self.document and not c.resolved
        }
        for row, spec in enumerate(self.sections):
            item = self.section_list.item(row)
            complete = self.checklist_complete(spec)
            words = self._words.get(spec.id, 0)
            marks = (f"  {TICK}" if complete else "") + (
                f"  {DOT}" if spec.id in unresolved else ""
            )
            item.setText(f"{spec.heading}{marks}\n      {words:,} words")
            tips = []
            if spec.checklist:
                tips.append("Checklist complete" if complete else "Checklist not complete")
            if spec.id in unresolved:
                tips.append("Has unresolved comments")
                item.setForeground(QColor("#8a1c1c"))
            else:
                item.setForeground(QColor("#202124"))
            item.setToolTip("; ".join(tips))
        self._update_total()

    def checklist_complete(self, spec: SectionSpec) -> bool:
        if not spec.checklist:
            return False
        for item in spec.checklist:
            response = self._checklist.get((spec.id, item.id))
            if response is None or not (response.ticked or response.explanation.strip()):
                return False
        return True

    def _update_total(self) -> None:
        total = sum(self._words.values())
        label = DOCUMENT_LABELS.get(self.document, self.document)
        self.total_label.setText(f"{label}: {total:,} words in total")

    def _section_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            return
        spec = self.sections[row]
        if spec.id == self.current_key:
            return
        if self.current_key is not None and not self.save_current(show_errors=True):
            previous = [s.id for s in self.sections].index(self.current_key)
            self.section_list.blockSignals(True)
            self.section_list.setCurrentRow(previous)
            self.section_list.blockSignals(False)
            return
        self.show_section(spec)

    def show_section(self, spec: SectionSpec) -> None:
        drafting = self.context.store.repos.drafting
        section = self.context.run_op(
            lambda: drafting.section(self.review_id, self.document, spec.id)
        )
        self.current_key = spec.id
        self.section_title.setText(spec.heading)
        self.guidance.setText(spec.guidance or "No guidance for this section.")
        self.editor.set_blocks(section.content if section is not None else [])
        self.editor.text.setPlaceholderText(f"Write “{spec.title}” here. It saves as you type.")
        self._dirty = False
        self._show_generated(spec)
        self._show_checklist(spec)

    def _show_generated(self, spec: SectionSpec) -> None:
        store = self.context.store
        provider = generated_provider()
        try:
            if provider is not None:
                blocks = _as_richtext(provider(store, self.review_id, self.document, spec.id))
                note = "Kept in sync with the records; edit the records to change it."
            else:
                blocks = fallback_generated(store, self.review_id, spec.id)
                note = "A summary of the records this section draws on (read-only)."
        except DhrDeskError as exc:
            blocks, note = [], error_text(exc)
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

    def _show_checklist(self, spec: SectionSpec) -> None:
        while self.checklist_layout.count():
            child = self.checklist_layout.takeAt(0).widget()
            if child is not None:
                child.hide()
                child.setParent(None)
                child.deleteLater()
        self._check_rows = []
        self.checklist_title.setVisible(bool(spec.checklist))
        for item in spec.checklist:
            row = ChecklistRow(item, self._checklist.get((spec.id, item.id)), self._check_changed)
            self._check_rows.append(row)
            self.checklist_layout.addWidget(row)

    def _check_changed(self, row: ChecklistRow) -> None:
        if self.current_key is None:
            return
        if not row.done():
            row.note.setText("Tick it, or explain why it does not apply or is not yet done.")
            row.note.show()
            return
        row.note.hide()
        response = m.ChecklistResponse(
            self.review_id,
            self.document,
            self.current_key,
            row.item.id,
            row.box.isChecked(),
            row.explanation.text().strip(),
        )
        existing = self._checklist.get((self.current_key, row.item.id))
        if existing is not None and (existing.ticked, existing.explanation) == (
            response.ticked,
            response.explanation,
        ):
            return
        saved = self.context.run_op(
            lambda: self.context.store.repos.drafting.save_checklist(response) or True
        )
        if saved:
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
        rows = self.context.run_op(
            lambda: self.context.store.repos.agency_input.combined(self.review_id)
        )
        return [
            (r.entry.id, chronology_label(r), r.entry.event)
            for r in rows or []
            if r.entry.id is not None
        ]

    # --------------------------------------------------------------- autosave
    def _set_status(self, kind: str, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(STATUS_STYLES[kind])

    def _edited(self) -> None:
        self._dirty = True
        self._set_status("unsaved", "Unsaved changes")
        self.autosave_timer.start()

    def _live_words(self, words: int) -> None:
        if self.current_key is not None:
            self._words[self.current_key] = words
            self._update_total()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _write(self) -> None:
        """Write the current section; raises DhrDeskError when it cannot be saved."""
        if not self._dirty or self.current_key is None:
            return
        self.autosave_timer.stop()
        blocks = self.editor.blocks()
        section = m.ReportSection(self.review_id, self.document, self.current_key, blocks)
        self._set_status("saving", "Saving…")
        self.status_label.repaint()
        self.context.store.repos.drafting.save_section(section)
        self._dirty = False
        self._words[self.current_key] = word_count(blocks)
        self._set_status("saved", f"Saved {dt.datetime.now():%H:%M:%S}")
        row = [s.id for s in self.sections].index(self.current_key)
        item = self.section_list.item(row)
        if item is not None:
            first = item.text().split("\n")[0]
            item.setText(f"{first}\n      {self._words[self.current_key]:,} words")
        self._update_total()
        refresh = getattr(self.window(), "refresh_status", None)
        if callable(refresh):
            refresh()

    def save_current(self, *, show_errors: bool = False) -> bool:
        """Save now; True when nothing is left unsaved. Errors go to the status label
        (and to a message box with ``show_errors``)."""
        try:
            self._write()
        except DhrDeskError as exc:
            self._set_status("error", f"Not saved: {exc.message}")
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
        spec = next((s for s in self.sections if s.id == self.current_key), None)
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

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt naming)
        if self.context.store.is_open:
            self.save_current()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if self.context.store.is_open:
            self.save_current()
        super().closeEvent(event)
