"""Between the chair's structured blocks (dhrdesk.core.richtext) and a QTextDocument.

Why a converter and not HTML: the stored form must be safe and render the same in
PDF and DOCX, so the editor's document is only ever a *view* of the blocks. What
the document may hold is exactly what the blocks can say:

- the kind of each text block is a block-format property (paragraph, heading, quote);
- lists are QTextLists (disc = bullets, decimal = numbered), one QTextList per block;
- tables are QTextTables of plain cells, with an optional header row;
- runs are text with bold/italic only; endnotes and chronology references are single
  object characters (U+FFFC) whose char format carries the endnote text or row id.

A line break inside a run ("\\n") is Qt's line separator (U+2028) in the document.

``document_to_blocks`` reads *any* QTextDocument (also one parsed from pasted Word
HTML) and keeps only that structure: no fonts, colours, images, links or scripts.
The round trip is exact for blocks in canonical form (see :func:`normalise_blocks`).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextListFormat,
    QTextTableFormat,
)

from dhrdesk.core.richtext import validate_blocks

# Custom format properties (QTextFormat.UserProperty + n) and object types.
_USER = int(QTextFormat.Property.UserProperty)
KIND = _USER + 1  # block format: "heading" | "quote" (paragraph when absent)
ENDNOTE_TEXT = _USER + 2  # char format of an endnote object
CHRONO_ID = _USER + 3  # char format of a chronology reference object
CHRONO_LABEL = _USER + 4
HEADING_STYLE = _USER + 5  # char format: display-only heading styling
ENDNOTE_OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 1
CHRONO_OBJECT = int(QTextFormat.ObjectTypes.UserObject) + 2
OBJECT_CHAR = "\ufffc"
LINE_SEP = "\u2028"

QUOTE_MARGIN = 28.0
QUOTE_BACKGROUND = "#f1f3f5"
HEADING_SCALE = 1.2

_BULLET_STYLES = {
    QTextListFormat.Style.ListDisc,
    QTextListFormat.Style.ListCircle,
    QTextListFormat.Style.ListSquare,
}


# --------------------------------------------------------------------- canonical
def _clean_text(text: str) -> str:
    """Text as the document can hold it: no object characters or paragraph separators."""
    return text.replace(OBJECT_CHAR, "").replace("\u2029", "\n").replace("\r\n", "\n")


def normalise_runs(runs: list[dict]) -> list[dict]:
    """Canonical runs: adjacent text of the same style merged, empty text dropped,
    false flags left out, chronology references always with a label."""
    out: list[dict] = []
    for run in runs:
        if "text" in run:
            text = _clean_text(run["text"]).replace("\r", "\n")
            if not text:
                continue
            new = {"text": text}
            if run.get("bold"):
                new["bold"] = True
            if run.get("italic"):
                new["italic"] = True
            last = out[-1] if out else None
            if (
                last is not None
                and "text" in last
                and bool(last.get("bold")) == bool(new.get("bold"))
                and bool(last.get("italic")) == bool(new.get("italic"))
            ):
                last["text"] += text
            else:
                out.append(new)
        elif "endnote" in run:
            out.append({"endnote": _clean_text(run["endnote"])})
        elif "chronology" in run:
            out.append({"chronology": run["chronology"], "label": run.get("label", "")})
    return out


def _has_words(runs: list[dict]) -> bool:
    return any(("text" in r and r["text"].strip()) or "text" not in r for r in runs)


def normalise_blocks(blocks: list[dict]) -> list[dict]:
    """The canonical form of ``blocks``: what a round trip through the editor gives.

    Empty paragraphs, quotes, headings, list items and lists are dropped (pressing
    Return twice must not make an empty numbered paragraph in the report); a table
    is made rectangular.
    """
    out: list[dict] = []
    for block in blocks:
        kind = block["type"]
        if kind in ("paragraph", "quote"):
            runs = normalise_runs(block["runs"])
            if _has_words(runs):
                out.append({"type": kind, "runs": runs})
        elif kind == "heading":
            text = _clean_text(block["text"])
            if text.strip():
                out.append({"type": "heading", "text": text})
        elif kind in ("bullets", "numbered"):
            items = [normalise_runs(item) for item in block["items"]]
            items = [item for item in items if _has_words(item)]
            if items:
                out.append({"type": kind, "items": items})
        elif kind == "table":
            header = [_clean_text(c) for c in block.get("header", [])]
            rows = [[_clean_text(c) for c in row] for row in block["rows"]]
            width = max([len(header), *(len(r) for r in rows)], default=0)
            if width == 0 or (not header and not rows):
                continue
            if header:
                header += [""] * (width - len(header))
            rows = [row + [""] * (width - len(row)) for row in rows]
            out.append({"type": "table", "header": header, "rows": rows})
    return out


# ------------------------------------------------------------------ formats
def endnote_format(text: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(ENDNOTE_OBJECT)
    fmt.setProperty(ENDNOTE_TEXT, text)
    fmt.setToolTip(text)
    return fmt


def chronology_format(row_id: int, label: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(CHRONO_OBJECT)
    fmt.setProperty(CHRONO_ID, int(row_id))
    fmt.setProperty(CHRONO_LABEL, label)
    fmt.setToolTip(f"Chronology row: {label}")
    return fmt


# Formats are built once and copied: PySide6 6.12 on Python 3.11 loses a reference to
# None on every call of a void method (each setter), so the hot paths avoid setters.
_CACHE: dict[tuple, Any] = {}


def _cached(key: tuple, make: Any) -> Any:
    if key not in _CACHE:
        _CACHE[key] = make()
    return type(_CACHE[key])(_CACHE[key])


def text_format(bold: bool = False, italic: bool = False) -> QTextCharFormat:
    return _cached(("text", bold, italic), lambda: _text_format(bold, italic))


def _text_format(bold: bool, italic: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setFontItalic(italic)
    return fmt


def heading_char_format(base_size: float = 0.0) -> QTextCharFormat:
    return _cached(("heading", base_size), lambda: _heading_char_format(base_size))


def _heading_char_format(base_size: float) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(False)
    fmt.setProperty(HEADING_STYLE, True)
    if base_size > 0:
        fmt.setFontPointSize(base_size * HEADING_SCALE)
    return fmt


def block_format(kind: str) -> QTextBlockFormat:
    """The block format of a paragraph, heading or quote."""
    return _cached(("block", kind), lambda: _block_format(kind))


def _block_format(kind: str) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setBottomMargin(6)
    if kind == "heading":
        fmt.setProperty(KIND, "heading")
        fmt.setHeadingLevel(3)
        fmt.setTopMargin(8)
    elif kind == "quote":
        fmt.setProperty(KIND, "quote")
        fmt.setLeftMargin(QUOTE_MARGIN)
        fmt.setRightMargin(QUOTE_MARGIN)
        fmt.setBackground(QColor(QUOTE_BACKGROUND))
    return fmt


def list_format(kind: str) -> QTextListFormat:
    return _cached(("list", kind), lambda: _list_format(kind))


def _list_format(kind: str) -> QTextListFormat:
    fmt = QTextListFormat()
    fmt.setStyle(
        QTextListFormat.Style.ListDisc if kind == "bullets" else QTextListFormat.Style.ListDecimal
    )
    fmt.setIndent(1)
    return fmt


# ------------------------------------------------------------------ building
def _insert_runs(cursor: QTextCursor, runs: list[dict], base_size: float) -> None:
    for run in normalise_runs(runs):
        if "text" in run:
            cursor.insertText(
                run["text"].replace("\n", LINE_SEP),
                text_format(run.get("bold", False), run.get("italic", False)),
            )
        elif "endnote" in run:
            cursor.insertText(OBJECT_CHAR, endnote_format(run["endnote"]))
        elif "chronology" in run:
            cursor.insertText(OBJECT_CHAR, chronology_format(run["chronology"], run["label"]))
    cursor.setCharFormat(text_format())


class _Builder:
    """Appends blocks at the end of a document, reusing the empty block Qt leaves."""

    def __init__(self, doc: QTextDocument, base_size: float) -> None:
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.fresh = doc.isEmpty()
        self.base_size = base_size

    def new_block(self, fmt: QTextBlockFormat, char: QTextCharFormat | None = None) -> None:
        char = char or text_format()
        if self.fresh:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(char)
            self.cursor.setCharFormat(char)
        else:
            self.cursor.insertBlock(fmt, char)
        self.fresh = False

    def add(self, block: dict) -> None:
        kind = block["type"]
        if kind in ("paragraph", "quote"):
            self.new_block(block_format(kind))
            _insert_runs(self.cursor, block["runs"], self.base_size)
        elif kind == "heading":
            char = heading_char_format(self.base_size)
            self.new_block(block_format("heading"), char)
            self.cursor.insertText(_clean_text(block["text"]).replace("\n", LINE_SEP), char)
            self.cursor.setCharFormat(text_format())
        elif kind in ("bullets", "numbered"):
            text_list = None
            for item in block["items"]:
                self.new_block(block_format("paragraph"))
                if text_list is None:
                    text_list = self.cursor.createList(list_format(kind))
                else:
                    text_list.add(self.cursor.block())
                _insert_runs(self.cursor, item, self.base_size)
        elif kind == "table":
            self.add_table(block.get("header", []), block["rows"])

    def add_table(self, header: list[str], rows: list[list[str]]) -> None:
        if not self.fresh:
            self.new_block(block_format("paragraph"))
        width = max([len(header), *(len(r) for r in rows)], default=0)
        all_rows = ([header] if header else []) + rows
        table = self.cursor.insertTable(
            max(1, len(all_rows)), max(1, width), table_format(bool(header))
        )
        for r, row in enumerate(all_rows):
            for c, value in enumerate(row):
                cell_cursor = table.cellAt(r, c).firstCursorPosition()
                fmt = heading_char_format() if header and r == 0 else text_format()
                cell_cursor.insertText(_clean_text(value).replace("\n", LINE_SEP), fmt)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.fresh = True  # the empty block Qt keeps after a table


def table_format(has_header: bool) -> QTextTableFormat:
    return _cached(("table", has_header), lambda: _table_format(has_header))


def _table_format(has_header: bool) -> QTextTableFormat:
    fmt = QTextTableFormat()
    fmt.setHeaderRowCount(1 if has_header else 0)
    fmt.setBorder(1)
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    fmt.setCellPadding(4)
    fmt.setCellSpacing(0)
    fmt.setBorderCollapse(True)
    fmt.setBottomMargin(6)
    return fmt


def blocks_to_document(
    blocks: list[dict], doc: QTextDocument | None = None, *, base_size: float = 0.0
) -> QTextDocument:
    """A QTextDocument showing ``blocks`` (validated first). ``doc`` is cleared and
    refilled when given (the editor keeps its document and undo stack object)."""
    validate_blocks(blocks)
    if doc is None:
        doc = QTextDocument()
    doc.clear()
    builder = _Builder(doc, base_size)
    for block in normalise_blocks(blocks):
        builder.add(block)
    return doc


# ------------------------------------------------------------------- reading
def _runs_of(block: QTextBlock) -> list[dict]:
    runs: list[dict] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        it += 1
        if not fragment.isValid():
            continue
        fmt = fragment.charFormat()
        text = fragment.text()
        object_type = fmt.objectType()
        if OBJECT_CHAR in text and object_type in (ENDNOTE_OBJECT, CHRONO_OBJECT):
            for _ in range(text.count(OBJECT_CHAR)):
                if object_type == ENDNOTE_OBJECT:
                    runs.append({"endnote": str(fmt.property(ENDNOTE_TEXT) or "")})
                else:
                    runs.append(
                        {
                            "chronology": int(fmt.property(CHRONO_ID) or 0),
                            "label": str(fmt.property(CHRONO_LABEL) or ""),
                        }
                    )
            continue
        text = text.replace(OBJECT_CHAR, "").replace(LINE_SEP, "\n")
        if not text:
            continue
        run: dict[str, Any] = {"text": text}
        if fmt.fontWeight() >= int(QFont.Weight.DemiBold) and not fmt.property(HEADING_STYLE):
            run["bold"] = True
        if fmt.fontItalic():
            run["italic"] = True
        runs.append(run)
    return normalise_runs(runs)


def _plain(block: QTextBlock) -> str:
    return block.text().replace(OBJECT_CHAR, "").replace(LINE_SEP, "\n")


def block_kind(block: QTextBlock) -> str:
    """paragraph | heading | quote | bullets | numbered (table cells are read elsewhere)."""
    text_list = block.textList()
    if text_list is not None:
        return "bullets" if text_list.format().style() in _BULLET_STYLES else "numbered"
    fmt = block.blockFormat()
    kind = fmt.property(KIND)
    if kind in ("heading", "quote"):
        return str(kind)
    if fmt.headingLevel() > 0:
        return "heading"
    if fmt.intProperty(QTextFormat.Property.BlockQuoteLevel) > 0:
        return "quote"
    return "paragraph"


def _table_block(table: Any) -> dict:
    rows: list[list[str]] = []
    for r in range(table.rows()):
        row = []
        for c in range(table.columns()):
            cell = table.cellAt(r, c)
            if cell.row() != r or cell.column() != c:
                row.append("")  # the spanned part of a merged cell
                continue
            texts = []
            block = cell.firstCursorPosition().block()
            end = cell.lastCursorPosition().block()
            while block.isValid():
                texts.append(_plain(block))
                if block == end:
                    break
                block = block.next()
            row.append("\n".join(texts))
        rows.append(row)
    header_rows = min(table.format().headerRowCount(), 1)
    header = rows[0] if header_rows and rows else []
    return {"type": "table", "header": header, "rows": rows[header_rows:]}


def document_to_blocks(doc: QTextDocument) -> list[dict]:
    """The blocks a document shows, in canonical form; always valid."""
    blocks: list[dict] = []
    seen_tables: set[int] = set()
    current_list: tuple[int, dict] | None = None
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            current_list = None
            index = table.objectIndex()
            if index not in seen_tables:
                seen_tables.add(index)
                blocks.append(_table_block(table))
            block = block.next()
            continue
        kind = block_kind(block)
        if kind in ("bullets", "numbered"):
            list_index = block.textList().objectIndex()
            if current_list is None or current_list[0] != list_index:
                current = {"type": kind, "items": []}
                blocks.append(current)
                current_list = (list_index, current)
            current_list[1]["items"].append(_runs_of(block))
        else:
            current_list = None
            if kind == "heading":
                blocks.append({"type": "heading", "text": _plain(block)})
            else:
                blocks.append({"type": kind, "runs": _runs_of(block)})
        block = block.next()
    result = normalise_blocks(blocks)
    validate_blocks(result)
    return result


# ------------------------------------------------------------------- pasting
_DROP_ELEMENTS = re.compile(
    r"<(script|style|head|title|object|embed|iframe|svg|math|xml)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_DROP_TAGS = re.compile(r"<(img|link|meta|base|input|embed|source|video|audio)\b[^>]*>", re.I)
_COMMENTS = re.compile(r"<!--.*?-->|<!\[if.*?<!\[endif\]>", re.DOTALL)


def strip_html(html: str) -> str:
    """Remove what must never be parsed at all (scripts, styles, images, links' targets,
    Word's conditional comments) before Qt reads the rest; then only structure remains."""
    html = _COMMENTS.sub("", html)
    html = _DROP_ELEMENTS.sub("", html)
    html = _DROP_TAGS.sub("", html)
    return html


def _bold_italic_styles(html: str) -> str:
    """Word marks bold/italic in style attributes; keep those two facts as <b>/<i>."""

    def tag(match: re.Match[str]) -> str:
        whole = match.group(0)
        style = re.search(r"style\s*=\s*(\"[^\"]*\"|'[^']*')", whole, re.I)
        if not style:
            return whole
        value = style.group(1).lower()
        keep = []
        if re.search(r"font-weight\s*:\s*(bold|[6-9]00)", value):
            keep.append("font-weight:bold")
        if re.search(r"font-style\s*:\s*italic", value):
            keep.append("font-style:italic")
        return whole.replace(style.group(0), f'style="{";".join(keep)}"')

    return re.sub(r"<[a-z][^>]*\sstyle\s*=[^>]*>", tag, html, flags=re.I)


def sanitise_html(html: str) -> list[dict]:
    """Blocks from (untrusted) HTML, e.g. pasted from Word: structure, bold and italic
    only. Fonts, colours, sizes, images, links and scripts do not survive."""
    cleaned = _bold_italic_styles(strip_html(html))
    cleaned = re.sub(
        r"\s(?:class|src|href|face|color|bgcolor|background|on\w+)\s*=\s*"
        r"(\"[^\"]*\"|'[^']*'|[^\s>]+)",
        "",
        cleaned,
        flags=re.I,
    )
    doc = _SafeDocument()
    doc.setHtml(cleaned)
    return document_to_blocks(doc)


class _SafeDocument(QTextDocument):
    """A document that never loads a resource (no file or image is ever read)."""

    def loadResource(self, type: int, name: Any) -> Any:
        return QByteArray()
