"""The section editor: a QTextEdit that can only hold what the report format can say.

Why this shape: chairs draft in Word and paste from it, but the report must render
identically in PDF and DOCX and be safe to store. So the editor offers exactly the
formatting of dhrdesk.core.richtext (paragraph, heading, lists, bold/italic,
quotation, simple tables, endnotes, chronology references), and every paste goes
through :func:`~dhrdesk.ui.editor.convert.sanitise_html` so fonts, colours, images,
links and scripts never get in. Endnotes and chronology references are single
object characters drawn by :class:`InlineObjects`, so they move and delete as one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import word_count
from dhrdesk.ui.editor import editing
from dhrdesk.ui.editor.convert import (
    CHRONO_ID,
    CHRONO_LABEL,
    CHRONO_OBJECT,
    ENDNOTE_OBJECT,
    ENDNOTE_TEXT,
    OBJECT_CHAR,
    block_format,
    block_kind,
    blocks_to_document,
    chronology_format,
    document_to_blocks,
    endnote_format,
    sanitise_html,
    text_format,
)
from dhrdesk.ui.modal import ask, filter_edit, ok_cancel
from dhrdesk.ui.presenters.editor import clipboard_blocks, clipboard_data, words_text

BLOCKS_MIME = "application/x-dhrdesk-blocks"
#: A toolbar button: name, label, tooltip, slot[, shortcut[, checkable]].
ToolSpec = tuple[Any, ...]
ENDNOTE_COLOR = QColor("#1a5fb4")
CHRONO_BACKGROUND = QColor("#e6eef8")
CHRONO_BORDER = QColor("#7a9cc6")
CHRONO_TEXT = QColor("#1f3a5f")
BLOCK_KINDS = {
    "paragraph": "Paragraph",
    "heading": "Heading",
    "bullets": "Bulleted list",
    "numbered": "Numbered list",
    "quote": "Quotation",
}


# ------------------------------------------------------------------ inline objects
class InlineObjects(QPyTextObject):
    """Draws endnote markers (superscript numbers) and chronology references (labels)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._numbers: dict[int, tuple[int, list[int]]] = {}

    def endnote_number(self, doc: QTextDocument, position: int) -> int:
        """1-based number of the endnote at ``position`` (document order)."""
        key = id(doc)
        cached = self._numbers.get(key)
        if cached is None or cached[0] != doc.revision():
            positions = []
            block = doc.begin()  # walk fragments: anything asking for layout would recurse
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    it += 1
                    if fragment.charFormat().objectType() == ENDNOTE_OBJECT:
                        start = fragment.position()
                        positions += [start + i for i in range(fragment.length())]
                block = block.next()
            cached = (doc.revision(), positions)
            self._numbers[key] = cached
        positions = cached[1]
        return positions.index(position) + 1 if position in positions else len(positions) + 1

    @staticmethod
    def _small_font(fmt: QTextFormat) -> QFont:
        font = QFont(fmt.toCharFormat().font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * 0.72)
        font.setBold(True)
        return font

    @staticmethod
    def _label(fmt: QTextFormat) -> str:
        return f"[{fmt.property(CHRONO_LABEL) or 'chronology row'}]"

    def intrinsicSize(self, doc: QTextDocument, position: int, fmt: QTextFormat) -> QSizeF:
        char = fmt.toCharFormat()
        metrics = QFontMetricsF(char.font())
        if fmt.objectType() == ENDNOTE_OBJECT:
            small = QFontMetricsF(self._small_font(fmt))
            text = str(self.endnote_number(doc, position))
            return QSizeF(small.horizontalAdvance(text) + 3, metrics.height())
        text = self._label(fmt)
        return QSizeF(metrics.horizontalAdvance(text) + 8, metrics.height())

    def drawObject(
        self, painter: QPainter, rect: QRectF, doc: QTextDocument, position: int, fmt: QTextFormat
    ) -> None:
        painter.save()
        char = fmt.toCharFormat()
        if fmt.objectType() == ENDNOTE_OBJECT:
            painter.setFont(self._small_font(fmt))
            painter.setPen(ENDNOTE_COLOR)
            ascent = QFontMetricsF(painter.font()).ascent()
            painter.drawText(
                QPointF(rect.left() + 1, rect.top() + ascent),
                str(self.endnote_number(doc, position)),
            )
        else:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = rect.adjusted(1, 1, -1, -1)
            painter.setPen(CHRONO_BORDER)
            painter.setBrush(CHRONO_BACKGROUND)
            painter.drawRoundedRect(box, 3, 3)
            painter.setFont(char.font())
            painter.setPen(CHRONO_TEXT)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._label(fmt))
        painter.restore()


# ----------------------------------------------------------------------- dialogs
class EndnoteDialog(QDialog):
    """The source text of one endnote (e.g. "Northmoor Police IMR, paragraph 4.2")."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Endnote")
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setObjectName("endnoteText")
        self.text_edit.setPlaceholderText("The source, e.g. “Northmoor Police IMR, paragraph 4.2”")
        self.text_edit.setMinimumSize(420, 110)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Source of this endnote (shown at the end of the report):"))
        layout.addWidget(self.text_edit)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()


def ask_endnote(parent: QWidget | None, text: str = "") -> str | None:
    """The endnote text, or None when cancelled or empty (tests replace this)."""
    return ask(EndnoteDialog(text, parent), lambda dialog: dialog.text()) or None


class ChronologyPicker(QDialog):
    """Pick one row of the combined chronology: (row id, label, description) triples."""

    def __init__(self, rows: Sequence[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Refer to a chronology row")
        self.resize(640, 420)
        self.filter = filter_edit("Filter by date, agency or event…")
        self.list = QListWidget()
        self.list.setObjectName("chronologyRows")
        self.list.setWordWrap(True)
        for row_id, label, description in rows:
            item = QListWidgetItem(f"{label} — {description}" if description else label)
            item.setData(Qt.ItemDataRole.UserRole, (row_id, label))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        if not rows:
            layout.addWidget(QLabel("The combined chronology has no rows yet."))
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for index in range(self.list.count()):
            item = self.list.item(index)
            item.setHidden(needle not in item.text().casefold())

    def chosen(self) -> tuple[int, str] | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(Qt.ItemDataRole.UserRole)


def pick_chronology(
    parent: QWidget | None, rows: Sequence[tuple[int, str, str]]
) -> tuple[int, str] | None:
    """(row id, label) of the chosen chronology row, or None (tests replace this)."""
    return ask(ChronologyPicker(rows, parent), lambda dialog: dialog.chosen())


class TableDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert table")
        self.rows = QSpinBox()
        self.rows.setRange(1, 50)
        self.rows.setValue(3)
        self.columns = QSpinBox()
        self.columns.setRange(1, 8)
        self.columns.setValue(3)
        self.header = QCheckBox("First row is a header")
        self.header.setChecked(True)
        buttons = ok_cancel(self)
        form = QFormLayout(self)
        form.addRow("Rows:", self.rows)
        form.addRow("Columns:", self.columns)
        form.addRow("", self.header)
        form.addRow(buttons)


def ask_table(parent: QWidget | None) -> tuple[int, int, bool] | None:
    """(rows, columns, header) for a new table, or None (tests replace this)."""
    return ask(
        TableDialog(parent),
        lambda dialog: (dialog.rows.value(), dialog.columns.value(), dialog.header.isChecked()),
    )


# ------------------------------------------------------------------- the text edit
def object_at(cursor: QTextCursor, kind: int) -> QTextCursor | None:
    """A cursor selecting the inline object of ``kind`` just after or before ``cursor``."""
    doc = cursor.document()
    for start in (cursor.position(), cursor.position() - 1):
        if start < 0 or start >= doc.characterCount() - 1:
            continue
        probe = QTextCursor(doc)
        probe.setPosition(start)
        probe.setPosition(start + 1, QTextCursor.MoveMode.KeepAnchor)
        if probe.selectedText() == OBJECT_CHAR and probe.charFormat().objectType() == kind:
            return probe
    return None


class RichTextEdit(QTextEdit):
    """The text area: sanitised paste, object tooltips, headings that end on Return."""

    endnote_activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionText")
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.objects = InlineObjects(self)
        self.register_objects()
        self.document().setDocumentMargin(12)

    def register_objects(self) -> None:
        layout = self.document().documentLayout()
        layout.registerHandler(ENDNOTE_OBJECT, self.objects)
        layout.registerHandler(CHRONO_OBJECT, self.objects)

    # -- paste and copy: only the safe structure goes in or out
    def createMimeDataFromSelection(self) -> QMimeData:
        original = super().createMimeDataFromSelection()
        mime = QMimeData()  # a plain one: Qt's own lists a fixed set of formats
        mime.setText(original.text())
        mime.setHtml(original.html())
        selection = self.textCursor().selection()
        scratch = QTextDocument()
        QTextCursor(scratch).insertFragment(selection)
        with contextlib.suppress(ValidationError):
            mime.setData(BLOCKS_MIME, clipboard_data(document_to_blocks(scratch)))
        return mime

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasFormat(BLOCKS_MIME) or source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        blocks: list[dict] | None = None
        if source.hasFormat(BLOCKS_MIME):
            blocks = clipboard_blocks(bytes(source.data(BLOCKS_MIME)))
        if blocks is None and source.hasHtml():
            blocks = sanitise_html(source.html())
        if blocks is not None:
            self.insert_blocks(blocks)
            return
        if source.hasText():
            cursor = self.textCursor()
            cursor.insertText(source.text().replace("\r\n", "\n"), text_format())
            self.setTextCursor(cursor)

    def insert_blocks(self, blocks: list[dict]) -> None:
        """Insert structured blocks at the cursor (one undo step)."""
        scratch = blocks_to_document(blocks)
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.insertFragment(QTextDocumentFragment(scratch))
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    # -- tooltips on endnotes and chronology references
    def tooltip_at(self, cursor: QTextCursor) -> str:
        found = object_at(cursor, ENDNOTE_OBJECT)
        if found is not None:
            return f"Endnote: {found.charFormat().property(ENDNOTE_TEXT)}"
        found = object_at(cursor, CHRONO_OBJECT)
        if found is not None:
            fmt = found.charFormat()
            return f"Chronology row {fmt.property(CHRONO_ID)}: {fmt.property(CHRONO_LABEL)}"
        return ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(self.viewport().mapFromGlobal(event.globalPos()))
            text = self.tooltip_at(cursor)
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseDoubleClickEvent(self, event: Any) -> None:
        cursor = self.cursorForPosition(event.position().toPoint())
        if object_at(cursor, ENDNOTE_OBJECT) is not None:
            self.setTextCursor(cursor)
            self.endnote_activated.emit()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        was_heading = block_kind(self.textCursor().block()) == "heading"
        super().keyPressEvent(event)
        if was_heading and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            cursor = self.textCursor()
            if block_kind(cursor.block()) == "heading" and not cursor.block().text():
                cursor.setBlockFormat(block_format("paragraph"))
                cursor.setBlockCharFormat(text_format())
                self.setCurrentCharFormat(text_format())


# ----------------------------------------------------------------- section editor
class SectionEditor(QWidget):
    """Toolbar + text area + live word count, over one section's blocks."""

    content_changed = Signal()
    word_count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sectionEditor")
        self.text = RichTextEdit()
        self.chronology_rows: Callable[[], Sequence[tuple[int, str, str]]] = lambda: []
        self._loading = False
        self._words = 0
        self.actions_by_name: dict[str, QAction] = {}
        self.toolbar_first_row = self._toolbar_row(self._first_row_actions())
        self.toolbar_second_row = self._toolbar_row(self._second_row_actions())
        self.actions_by_name["redo"].setShortcuts(
            [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
        )
        for name, style in (("bold", "bold"), ("italic", "italic")):
            font = QFont(self.font())
            font.setBold(style == "bold")
            font.setItalic(style == "italic")
            self.actions_by_name[name].setFont(font)

        self.word_label = QLabel()
        self.word_label.setObjectName("sectionWordCount")
        self.word_label.setStyleSheet("QLabel { color: #5f6368; }")
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(300)
        self._count_timer.timeout.connect(self.update_word_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.toolbar_first_row)
        layout.addLayout(self.toolbar_second_row)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.word_label)

        self.text.document().contentsChanged.connect(self._contents_changed)
        self.text.currentCharFormatChanged.connect(self._char_format_changed)
        self.text.cursorPositionChanged.connect(self._cursor_moved)
        self.text.endnote_activated.connect(self.endnote_dialog)
        self._cursor_moved()
        self.update_word_count()

    # -- toolbar
    def _first_row_actions(self) -> list[ToolSpec | None]:
        """Block kinds, then bold and italic (None: a gap)."""
        kind = self.set_block_kind
        return [
            ("paragraph", "¶ Text", "Ordinary paragraph", lambda: kind("paragraph"), "Ctrl+Alt+0"),
            (
                "heading",
                "H Heading",
                "Heading within the section",
                lambda: kind("heading"),
                "Ctrl+Alt+1",
            ),
            ("bullets", "• List", "Bulleted list", lambda: kind("bullets"), "Ctrl+Shift+8"),
            ("numbered", "1. List", "Numbered list", lambda: kind("numbered"), "Ctrl+Shift+7"),
            ("quote", "❝ Quote", "Quotation (indented)", lambda: kind("quote"), "Ctrl+Shift+Q"),
            None,
            ("bold", "B", "Bold", self.toggle_bold, QKeySequence.StandardKey.Bold, True),
            ("italic", "I", "Italic", self.toggle_italic, QKeySequence.StandardKey.Italic, True),
        ]

    def _second_row_actions(self) -> list[ToolSpec | None]:
        """Tables, sources and history (one row would elide labels in a narrow pane)."""
        return [
            ("table", "Table…", "Insert a table", self.insert_table_dialog),
            ("addRow", "+Row", "Add a row below the current table row", self.add_table_row),
            ("removeRow", "−Row", "Remove the current table row", self.remove_table_row),
            None,
            (
                "endnote",
                "Note…",
                "Insert an endnote (the source) at the cursor, or edit the one beside it",
                self.endnote_dialog,
                "Ctrl+Alt+E",
            ),
            (
                "chronology",
                "Chronology…",
                "Refer to a row of the combined chronology",
                self.chronology_dialog,
                "Ctrl+Alt+R",
            ),
            None,
            ("undo", "↶", "Undo", self.text.undo, QKeySequence.StandardKey.Undo),
            ("redo", "↷", "Redo", self.text.redo, "Ctrl+Y"),
        ]

    def _toolbar_row(self, specs: list[ToolSpec | None]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        for spec in specs:
            if spec is None:
                row.addSpacing(10)
            else:
                row.addWidget(self._tool_button(*spec))
        row.addStretch(1)
        return row

    def _tool_button(
        self,
        name: str,
        text: str,
        tip: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence.StandardKey | None = None,
        checkable: bool = False,
    ) -> QToolButton:
        """An action (its shortcut works anywhere in the editor) on a never-elided button."""
        action = QAction(text, self)
        action.setObjectName(f"{name}Action")
        if shortcut:
            sequence = QKeySequence(shortcut)
            action.setShortcut(sequence)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_name[name] = action
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setObjectName(f"{name}Button")
        # Never elide a label ("He…ng"): the buttons sit in two rows instead.
        button.setMinimumWidth(button.sizeHint().width())
        return button

    # -- content
    def set_blocks(self, blocks: list[dict]) -> None:
        """Show ``blocks``; the undo history starts afresh (it is another section)."""
        doc = self.text.document()
        self._loading = True
        try:
            doc.setUndoRedoEnabled(False)
            blocks_to_document(blocks, doc, base_size=self.text.font().pointSizeF())
            doc.setUndoRedoEnabled(True)
            doc.setModified(False)
            cursor = self.text.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.text.setTextCursor(cursor)
        finally:
            self._loading = False
        self.update_word_count()

    def blocks(self) -> list[dict]:
        return document_to_blocks(self.text.document())

    def _contents_changed(self) -> None:
        if self._loading:
            return
        self._count_timer.start()
        self.content_changed.emit()

    def update_word_count(self) -> int:
        self._words = word_count(self.blocks())
        self.word_label.setText(words_text(self._words))
        self.word_count_changed.emit(self._words)
        return self._words

    @property
    def words(self) -> int:
        return self._words

    # -- state of the toolbar
    def _char_format_changed(self, fmt: QTextCharFormat) -> None:
        self.actions_by_name["bold"].setChecked(fmt.fontWeight() >= int(QFont.Weight.DemiBold))
        self.actions_by_name["italic"].setChecked(fmt.fontItalic())

    def _cursor_moved(self) -> None:
        in_table = self.text.textCursor().currentTable() is not None
        self.actions_by_name["addRow"].setEnabled(in_table)
        self.actions_by_name["removeRow"].setEnabled(in_table)

    # -- formatting
    def toggle_bold(self) -> None:
        fmt = QTextCharFormat()
        bold = self.text.fontWeight() < int(QFont.Weight.DemiBold)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.text.mergeCurrentCharFormat(fmt)
        self.actions_by_name["bold"].setChecked(bold)

    def toggle_italic(self) -> None:
        fmt = QTextCharFormat()
        italic = not self.text.fontItalic()
        fmt.setFontItalic(italic)
        self.text.mergeCurrentCharFormat(fmt)
        self.actions_by_name["italic"].setChecked(italic)

    def set_block_kind(self, kind: str) -> None:
        """Make the selected blocks (or the current one) ``kind``; one undo step."""
        if editing.set_block_kind(self.text, kind):
            self.text.setFocus()

    # -- tables
    def insert_table(self, rows: int, columns: int, header: bool) -> None:
        editing.insert_table(self.text, rows, columns, header)

    def insert_table_dialog(self) -> None:
        answer = ask_table(self)
        if answer is not None:
            self.insert_table(*answer)

    def add_table_row(self) -> None:
        editing.add_table_row(self.text)

    def remove_table_row(self) -> None:
        editing.remove_table_row(self.text)

    # -- endnotes and chronology references
    def insert_endnote(self, text: str) -> None:
        cursor = self.text.textCursor()
        cursor.insertText(OBJECT_CHAR, endnote_format(text))
        cursor.setCharFormat(text_format(self.text.fontWeight() >= 600, self.text.fontItalic()))
        self.text.setTextCursor(cursor)

    def endnote_dialog(self) -> None:
        """Edit the endnote beside the cursor, or insert a new one."""
        existing = object_at(self.text.textCursor(), ENDNOTE_OBJECT)
        if existing is not None:
            old = str(existing.charFormat().property(ENDNOTE_TEXT) or "")
            text = ask_endnote(self, old)
            if text is not None and text != old:
                existing.setCharFormat(endnote_format(text))
            return
        text = ask_endnote(self)
        if text is not None:
            self.insert_endnote(text)

    def insert_chronology(self, row_id: int, label: str) -> None:
        cursor = self.text.textCursor()
        cursor.insertText(OBJECT_CHAR, chronology_format(row_id, label))
        cursor.setCharFormat(text_format())
        self.text.setTextCursor(cursor)

    def chronology_dialog(self) -> None:
        chosen = pick_chronology(self, list(self.chronology_rows()))
        if chosen is not None:
            self.insert_chronology(*chosen)
