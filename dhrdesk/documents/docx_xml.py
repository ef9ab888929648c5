"""WordprocessingML by hand for the DOCX backend: page geometry, colours, escaping,
runs, paragraphs, fields (dhrdesk/documents/docx.py writes the body with these)."""

from __future__ import annotations

import re

from dhrdesk.documents import fonts
from dhrdesk.documents.model import (
    LANDSCAPE,
    ChronologyRef,
    Note,
    Run,
    Text,
)

FONT = fonts.FACE
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Geometry in twentieths of a point (twips); 1 cm = 567 twips. Mirrors pdf.py.
CM = 567
PAGE_W, PAGE_H = 11906, 16838  # A4
MARGIN_SIDE = round(2.5 * CM)
MARGIN_TOP = round(2.6 * CM)
MARGIN_BOTTOM = round(2.8 * CM)
LANDSCAPE_MARGIN = round(1.8 * CM)
HEADER_DISTANCE = round(1.0 * CM)
FOOTER_DISTANCE = round(0.7 * CM)
NUMBER_INDENT = round(1.2 * CM)  # the text column of numbered paragraphs

INK = "1A1A1A"
ACCENT = "1F3A5F"
MUTED = "5A5A5A"
RULE = "B8B8B8"
TABLE_HEAD = "E6EBF2"
GROUP_ROW = "F3F5F8"

#: Word list ids (numbering.xml): sections and their paragraphs, appendices, lists.
NUM_SECTIONS = 1
NUM_APPENDICES = 2
NUM_BULLETS = 3
NUM_ORDERED_FIRST = 10  # each ordered list gets its own id so it starts at 1


def geometry(orientation: str) -> tuple[int, int, int, int]:
    """(page width, page height, side margin, text width) in twips."""
    if orientation == LANDSCAPE:
        return PAGE_H, PAGE_W, LANDSCAPE_MARGIN, PAGE_H - 2 * LANDSCAPE_MARGIN
    return PAGE_W, PAGE_H, MARGIN_SIDE, PAGE_W - 2 * MARGIN_SIDE


# --------------------------------------------------------------------------- escaping
# XML 1.0 cannot hold most C0 controls (nor lone surrogates or U+FFFE/U+FFFF);
# a stray one pasted from another program must not make the file unreadable.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(value: str) -> str:
    """Text -> XML character data: escaped, invalid characters dropped. Never markup."""
    value = _INVALID_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(value: str) -> str:
    """One run's content: text, with tabs and line breaks as Word elements."""
    out: list[str] = []
    for index, line in enumerate(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if index:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{_esc(piece)}</w:t>')
    return "".join(out)


def _run(
    value: str,
    *,
    bold: bool = False,
    italic: bool = False,
    superscript: bool = False,
    size: int | None = None,
    color: str | None = None,
) -> str:
    props = []
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    if size:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if superscript:
        props.append('<w:vertAlign w:val="superscript"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_t(value)}</w:r>"


def _runs(text: Text, notes: dict[int, int], *, bold: bool = False) -> str:
    """Model text -> runs: bold/italic kept, endnotes as superscript numbers,
    chronology references spelled out."""
    if isinstance(text, str):
        return _run(text, bold=bold) if text else ""
    out: list[str] = []
    for run in text:
        if isinstance(run, Run):
            if run.text:
                out.append(_run(run.text, bold=run.bold or bold, italic=run.italic))
        elif isinstance(run, Note):
            number = notes.get(id(run))
            if number:
                out.append(_run(str(number), superscript=True))
        elif isinstance(run, ChronologyRef):
            out.append(_run(run.text, bold=bold))
    return "".join(out)


# Order of the pPr children the schema requires (Word refuses a file that breaks it).
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "sectPr",
]


def _ordered_ppr(ppr: str) -> str:
    """Sort pPr children into schema order (each child is a self-contained element)."""
    pieces = re.findall(r"(<w:(\w+)(?:\s[^>]*)?(?:/>|>.*?</w:\2>))", ppr, flags=re.S)
    rank = {name: i for i, name in enumerate(_PPR_ORDER)}
    pieces.sort(key=lambda item: rank.get(item[1], len(rank)))
    return "".join(piece for piece, _ in pieces)


def _p(content: str, style: str | None = None, *, extra_ppr: str = "") -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    if extra_ppr:
        ppr = _ordered_ppr(ppr)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{content}</w:p>"


def _num(num_id: int, level: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


NO_NUMBER = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
PAGE_BREAK_BEFORE = "<w:pageBreakBefore/>"


def _sect_pr(orientation: str) -> str:
    """Section properties (page size and margins) for a section of ``orientation``."""
    width, height, side, _ = geometry(orientation)
    orient = ' w:orient="landscape"' if orientation == LANDSCAPE else ""
    return (
        '<w:sectPr><w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{side}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{side}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" '
        'w:gutter="0"/></w:sectPr>'
    )


def _field(instruction: str, shown: str, *, size: int | None = None, color: str | None = None):
    """A complex field (PAGE, NUMPAGES) with a cached result Word replaces on layout."""
    props = ""
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size:
        props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>{shown}</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )
