"""Edits of the section editor's document: block kinds and tables, each one undo step.

Functions over a QTextEdit (not a widget of their own), so the editor widget keeps its
toolbar and wiring and these keep the rules of what a block or a table may become.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QTextEdit

from dhrdesk.ui.editor.convert import (
    OBJECT_CHAR,
    block_format,
    block_kind,
    heading_char_format,
    list_format,
    table_format,
    text_format,
)


def set_block_kind(edit: QTextEdit, kind: str) -> bool:
    """Make the selected blocks (or the current one) ``kind``; one undo step.
    False (nothing changed) inside a table."""
    cursor = edit.textCursor()
    if cursor.currentTable() is not None:
        return False
    doc = edit.document()
    first = doc.findBlock(cursor.selectionStart())
    last = doc.findBlock(cursor.selectionEnd())
    cursor.beginEditBlock()
    block = first
    blocks = []
    while block.isValid():
        blocks.append(block)
        if block == last:
            break
        block = block.next()
    for block in blocks:
        convert_block(block, kind, edit.font().pointSizeF())
    if kind in ("bullets", "numbered"):
        span = QTextCursor(doc)
        span.setPosition(first.position())
        span.setPosition(last.position(), QTextCursor.MoveMode.KeepAnchor)
        existing = first.textList()
        if existing is not None and block_kind(first) == kind:
            for block in blocks:
                if block.textList() is None:
                    existing.add(block)
        else:
            span.createList(list_format(kind))
    cursor.endEditBlock()
    return True


def convert_block(block: QTextBlock, kind: str, base_size: float) -> None:
    """Make one block ``kind`` (a heading's text is plain; leaving one drops its styling)."""
    old = block_kind(block)
    text_list = block.textList()
    if text_list is not None and kind not in ("bullets", "numbered"):
        text_list.remove(block)
    elif text_list is not None and old != kind:
        text_list.remove(block)
    cursor = QTextCursor(block)
    target = "paragraph" if kind in ("bullets", "numbered") else kind
    fmt = block_format(target)
    fmt.setIndent(0)
    if (old == "heading") != (target == "heading"):
        # Heading text is plain; leaving a heading drops its display styling.
        content = QTextCursor(block)
        content.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        content.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        if target == "heading":
            text = block.text().replace(OBJECT_CHAR, "")
            content.removeSelectedText()
            content.setBlockFormat(fmt)
            char = heading_char_format(base_size)
            content.setBlockCharFormat(char)
            content.insertText(text, char)
        else:
            text = block.text()
            content.removeSelectedText()
            content.setBlockFormat(fmt)
            content.setBlockCharFormat(text_format())
            content.insertText(text, text_format())
        return
    cursor.setBlockFormat(fmt)


# -- tables
def insert_table(edit: QTextEdit, rows: int, columns: int, header: bool) -> None:
    """A table at the cursor (after the current paragraph's text), the cursor in its first cell."""
    cursor = edit.textCursor()
    if cursor.currentTable() is not None:
        return
    cursor.beginEditBlock()
    if cursor.block().text():
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertBlock(block_format("paragraph"), text_format())
    table = cursor.insertTable(rows, columns, table_format(header))
    if header:
        for column in range(columns):
            cell = table.cellAt(0, column)
            cell_fmt = cell.format()
            cell_fmt.merge(heading_char_format())
            cell.setFormat(cell_fmt.toTableCellFormat())
    cursor.endEditBlock()
    edit.setTextCursor(table.cellAt(0, 0).firstCursorPosition())


def add_table_row(edit: QTextEdit) -> None:
    """A row below the cursor's row of the current table."""
    cursor = edit.textCursor()
    table = cursor.currentTable()
    if table is None:
        return
    table.insertRows(table.cellAt(cursor).row() + 1, 1)


def remove_table_row(edit: QTextEdit) -> None:
    """Remove the cursor's row (the header row too: the table then has none)."""
    cursor = edit.textCursor()
    table = cursor.currentTable()
    if table is None:
        return
    row = table.cellAt(cursor).row()
    cursor.beginEditBlock()
    if row == 0 and table.format().headerRowCount():
        fmt = table.format()
        fmt.setHeaderRowCount(0)
        table.setFormat(fmt)
    table.removeRows(row, 1)
    cursor.endEditBlock()
