"""The IMR editor: an agency's Individual Management Review, section by section.

Why it looks like this: an IMR follows fixed sections (dhrdesk.core.model.IMR_SECTIONS,
from domain.md "IMR"), and the chair reads each against what the guidance asks for,
so each section has its editor with short guidance beside it. Analysis is written
per key line of enquiry of the review's terms of reference, one editor per line,
because the Home Office panel checks that the analysis answers each line.

Every section keeps its own editor for the life of the widget, so switching
sections never loses what was typed. Save writes every changed section in one
transaction; :meth:`ImrEditor.save_pending` does the same before the app locks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.presenters.editor import (
    ANALYSIS_GUIDANCE,
    SECTION_GUIDANCE,
    ImrPresenter,
    PageKey,
    imr_summary,
    nav_title,
    word_count,
    words_text,
)
from dhrdesk.ui.widgets import ErrorLabel

__all__ = [
    "ANALYSIS_GUIDANCE",
    "SECTION_GUIDANCE",
    "ImrEditor",
    "ImrEditorDialog",
    "word_count",
]

GUIDANCE_STYLE = (
    "QLabel { color: #333; background: #f4f6f8; border-left: 3px solid #4a6b8a; padding: 8px; }"
)
COUNT_STYLE = "QLabel { color: #5f6368; }"


class _SectionPage(QWidget):
    """One section: its editor, the guidance beside it, and a word count."""

    def __init__(self, title: str, guidance: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumWidth(360)
        self.guidance = QLabel(guidance)
        self.guidance.setObjectName("guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.guidance.setStyleSheet(GUIDANCE_STYLE)
        self.guidance.setMinimumWidth(220)
        self.guidance.setMaximumWidth(320)
        self.count = QLabel()
        self.count.setStyleSheet(COUNT_STYLE)
        self.editor.textChanged.connect(self._update_count)
        body = QHBoxLayout()
        body.addWidget(self.editor, 1)
        guidance_box = QVBoxLayout()
        guidance_box.addWidget(QLabel("Guidance"))
        guidance_box.addWidget(self.guidance)
        guidance_box.addStretch(1)
        body.addLayout(guidance_box)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(body, 1)
        layout.addWidget(self.count)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(words_text(word_count(self.editor.toPlainText())))

    def text(self) -> str:
        return self.editor.toPlainText()


class ImrEditor(QWidget):
    """All sections of one agency's IMR plus its analysis per line of enquiry."""

    dirty_changed = Signal(bool)

    def __init__(
        self, context: Any, review_id: int, agency_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("imrEditor")
        self.context = context
        self.review_id = review_id
        self.agency_id = agency_id
        self.presenter = ImrPresenter(context.store, review_id, agency_id)
        content = context.run_op(self.presenter.load) or ImrPresenter.empty()
        self.nav = QListWidget()
        self.nav.setObjectName("imrSections")
        self.nav.setMaximumWidth(300)
        self.stack = QStackedWidget()
        # key -> page and its saved text; keys are ("section", key) or ("analysis", line id)
        self.pages: dict[PageKey, _SectionPage] = {}
        self._saved: dict[PageKey, str] = {}
        for page in content.pages:
            self._add_page(page.key, page.title, page.guidance, page.text)
        if not content.has_lines:
            item = QListWidgetItem("Analysis: add key lines of enquiry on Terms of reference")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.nav.setCurrentRow(0)
        self.error_label = ErrorLabel()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.nav)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(self.error_label)

    def _add_page(self, key: PageKey, title: str, guidance: str, text: str) -> None:
        page = _SectionPage(title, guidance, text)
        self.pages[key] = page
        self._saved[key] = text
        self.stack.addWidget(page)
        item = QListWidgetItem(nav_title(title))
        item.setToolTip(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        page.editor.textChanged.connect(lambda: self._edited(key))
        self._mark(key)

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if key is not None:
            self.stack.setCurrentWidget(self.pages[tuple(key)])

    def _mark(self, key: PageKey) -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if tuple(item.data(Qt.ItemDataRole.UserRole) or ()) == key:
                page = self.pages[key]
                words = word_count(page.text())
                changed = page.text() != self._saved[key]
                font = item.font()
                font.setItalic(changed)
                item.setFont(font)
                item.setForeground(Qt.GlobalColor.black if words else Qt.GlobalColor.darkGray)
                break

    def _edited(self, key: PageKey) -> None:
        self._mark(key)
        self.dirty_changed.emit(self.is_dirty())

    # -- access
    def show_key(self, key: PageKey) -> None:
        for row in range(self.nav.count()):
            if tuple(self.nav.item(row).data(Qt.ItemDataRole.UserRole) or ()) == key:
                self.nav.setCurrentRow(row)
                return

    def set_text(self, key: PageKey, text: str) -> None:
        self.pages[key].editor.setPlainText(text)

    def text(self, key: PageKey) -> str:
        return self.pages[key].text()

    def changed_keys(self) -> list[PageKey]:
        return [k for k, page in self.pages.items() if page.text() != self._saved[k]]

    def is_dirty(self) -> bool:
        return bool(self.changed_keys())

    def total_words(self) -> int:
        return sum(word_count(p.text()) for p in self.pages.values())

    # -- saving
    def _write(self) -> int:
        """Write every changed section and analysis in one transaction."""
        changed = self.changed_keys()
        if not changed:
            return 0
        self.presenter.save({key: self.pages[key].text() for key in changed})
        for key in changed:
            self._saved[key] = self.pages[key].text()
            self._mark(key)
        self.dirty_changed.emit(False)
        return len(changed)

    def save(self) -> bool:
        """Save through run_op (the GUI's write path); True when everything is saved."""
        self.error_label.clear_error()
        if not self.is_dirty():
            return True

        def run() -> int:
            try:
                return self._write()
            except DhrDeskError as exc:
                self.error_label.show_error(exc)
                raise

        return self.context.run_op(run, "Saved the IMR.") is not None

    def save_pending(self) -> None:
        """Write what was typed before the app locks (errors reach the lock, which stops)."""
        self._write()


class ImrEditorDialog(QDialog):
    """The IMR editor in its own window with Save and Close (asks about unsaved text)."""

    def __init__(
        self,
        context: Any,
        review_id: int,
        agency_id: int,
        agency_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("imrEditorDialog")
        self.setWindowTitle(f"IMR: {agency_name}")
        self.resize(1100, 720)
        self.editor = ImrEditor(context, review_id, agency_id)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.editor.save)
        self.buttons.rejected.connect(self.close)
        self.summary = QLabel()
        self.summary.setStyleSheet(COUNT_STYLE)
        self.editor.dirty_changed.connect(lambda _d: self._update())
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        self._update()

    def _update(self) -> None:
        changed = len(self.editor.changed_keys())
        self.summary.setText(imr_summary(self.editor.total_words(), changed))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(changed))

    def save_pending(self) -> None:
        self.editor.save_pending()

    def closeEvent(self, event: Any) -> None:
        if self.editor.is_dirty():
            answer = QMessageBox.question(
                self,
                "Unsaved IMR text",
                "Save the changes to this IMR before closing?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save and not self.editor.save():
                event.ignore()
                return
        event.accept()
        super().closeEvent(event)
