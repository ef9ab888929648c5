"""PDF backend: renders a :class:`~dhrdesk.documents.model.Document` with ReportLab platypus.

What the Home Office format and the chair need, and how it is done here:

* A4, portrait or landscape (a whole document, or one section such as the action
  plan appendix); Liberation Sans embedded (fonts.py, the face the DOCX embeds too)
  so every name renders and stays searchable.
* Pagination: a heading, or a sentence that introduces a table or list, is never
  the last thing on a page: before such a run of blocks a conditional page break
  asks for room for the run and the first lines (or header and first rows) of
  what follows (:func:`_keep_runs`); merged cells never split across pages.
* The protective marking in the header and the footer of every page, the cover
  included, and "Page X of Y" everywhere.
* Contents with real page numbers and a PDF outline (bookmarks).
* Paragraph and endnote numbers come from the model, never from here, so the
  DOCX backend prints the same numbers.
* Metadata (title, author, subject) comes from ``Document.metadata`` only; the
  PDF is built in memory, so no file path can leak into it, and is then written
  atomically (output.py).

One layout pass
---------------
The page total and the contents' page numbers are not known until the end, but a
second layout pass (``multiBuild``) would double the time on a 150-page report.
Instead each unknown number is a PDF *form XObject* referenced by name where it
is printed ("Page 3 of <form pg-total>", a contents line ending in
<form pg-part-7>) and defined once, after the last page, when the numbers are
known. The contents take a known number of lines (one per part, from the model),
so reserving their space never moves a heading. The text stays real text:
pdftotext and pypdf read "Page 3 of 41" and "7 Contributors ..... 12".

User text is always escaped before it meets ReportLab's paragraph mini-markup
(:func:`markup`): a pseudonym such as "A <b> & C" prints as typed.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Indenter,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tables import LongTable

from dhrdesk.core.dates import format_date
from dhrdesk.core.files import write_atomic
from dhrdesk.documents import fonts
from dhrdesk.documents.model import (
    BulletList,
    ChronologyRef,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    Text,
)
from dhrdesk.documents.model import plain as plain_text
from dhrdesk.documents.output import DocumentError

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 2.5 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.8 * cm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LANDSCAPE_MARGIN = 1.8 * cm
NUMBER_INDENT = 1.2 * cm  # the text column of numbered paragraphs
CONTENTS_NUMBER_WIDTH = 1.2 * cm

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b8b8b8")
TABLE_HEAD = colors.HexColor("#e6ebf2")
GROUP_ROW = colors.HexColor("#f3f5f8")

PORTRAIT_ID = "portrait"
LANDSCAPE_ID = "landscape"


def page_geometry(orientation: str) -> tuple[float, float, float, float]:
    """(page width, page height, left/right margin, text width) for an orientation."""
    if orientation == LANDSCAPE_ID:
        width, height = landscape(A4)
        return width, height, LANDSCAPE_MARGIN, width - 2 * LANDSCAPE_MARGIN
    return PAGE_WIDTH, PAGE_HEIGHT, MARGIN_LEFT, TEXT_WIDTH


# ------------------------------------------------------------------------------ styles
_STYLES: dict[str, ParagraphStyle] | None = None


def _body_styles(base: ParagraphStyle, font: str) -> dict[str, ParagraphStyle]:
    """Numbered and wide paragraphs, lists and quotes."""
    return {
        "body": ParagraphStyle(
            "body",
            parent=base,
            leftIndent=NUMBER_INDENT,
            bulletIndent=0,
            spaceAfter=8,
            bulletFontName=font,
            bulletFontSize=10.5,
        ),
        "wide_body": ParagraphStyle("wide_body", parent=base, spaceAfter=8),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            leftIndent=NUMBER_INDENT + 0.6 * cm,
            bulletIndent=NUMBER_INDENT + 0.1 * cm,
            spaceAfter=4,
            bulletFontName=font,
        ),
        "ordered": ParagraphStyle(
            "ordered",
            parent=base,
            leftIndent=NUMBER_INDENT + 0.8 * cm,
            bulletIndent=NUMBER_INDENT,
            spaceAfter=4,
            bulletFontName=font,
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=base,
            fontName=fonts.ITALIC,
            leftIndent=NUMBER_INDENT + 0.8 * cm,
            rightIndent=0.8 * cm,
            spaceBefore=2,
            spaceAfter=10,
            textColor=colors.HexColor("#333333"),
        ),
    }


def _heading_styles(heading: dict) -> dict[str, ParagraphStyle]:
    base, bold = heading["parent"], heading["fontName"]
    return {
        "h1": ParagraphStyle(
            "h1", fontSize=15, leading=20, spaceBefore=14, spaceAfter=10, **heading
        ),
        "h1_numbered": ParagraphStyle(
            "h1_numbered",
            fontSize=15,
            leading=20,
            spaceBefore=14,
            spaceAfter=10,
            leftIndent=NUMBER_INDENT,
            bulletIndent=0,
            bulletFontName=bold,
            bulletFontSize=15,
            **heading,
        ),
        "h2": ParagraphStyle(
            "h2",
            fontSize=11.5,
            leading=16,
            leftIndent=NUMBER_INDENT,
            spaceBefore=8,
            spaceAfter=6,
            **heading,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=fonts.BOLD_ITALIC,
            fontSize=10.5,
            leading=15,
            leftIndent=NUMBER_INDENT,
            spaceBefore=6,
            spaceAfter=4,
        ),
    }


def _cell_and_cover_styles(base: ParagraphStyle, bold: str) -> dict[str, ParagraphStyle]:
    return {
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12.5),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=bold, fontSize=9.5, leading=12.5
        ),
        "cell_small": ParagraphStyle("cell_small", parent=base, fontSize=8, leading=10),
        "cell_small_head": ParagraphStyle(
            "cell_small_head", parent=base, fontName=bold, fontSize=8, leading=10
        ),
        "cover_kicker": ParagraphStyle(
            "cover_kicker",
            parent=base,
            fontName=bold,
            fontSize=14,
            leading=18,
            textColor=MUTED,
            spaceAfter=8,
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=base,
            fontName=bold,
            fontSize=22,
            leading=29,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        "cover_label": ParagraphStyle(
            "cover_label", parent=base, fontSize=9.5, leading=13, textColor=MUTED
        ),
        "cover_value": ParagraphStyle("cover_value", parent=base, fontSize=11, leading=14),
        "cover_note": ParagraphStyle(
            "cover_note",
            parent=base,
            fontName=fonts.ITALIC,
            fontSize=9.5,
            leading=13.5,
            textColor=INK,
        ),
    }


def _styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, built once per process (building them is not free, and a
    long report must not look fonts up per paragraph)."""
    global _STYLES
    if _STYLES is not None:
        return _STYLES
    font = fonts.register_fonts()
    bold = fonts.BOLD
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=15, textColor=INK)
    heading = {"parent": base, "fontName": bold, "textColor": ACCENT}
    _STYLES = {
        "base": base,
        **_body_styles(base, font),
        **_heading_styles(heading),
        **_cell_and_cover_styles(base, bold),
        "toc0": ParagraphStyle(
            "toc0",
            parent=base,
            fontSize=10.5,
            leading=15,
            leftIndent=1.6 * cm,
            firstLineIndent=-1.6 * cm,
            spaceBefore=3,
            rightIndent=CONTENTS_NUMBER_WIDTH,
        ),
        "condolence": ParagraphStyle(
            "condolence", parent=base, fontName=fonts.ITALIC, spaceAfter=8
        ),
        "marking": ParagraphStyle("marking", parent=base, fontName=bold, alignment=TA_CENTER),
    }
    return _STYLES


# ------------------------------------------------------------------------------ markup
def _text(value: str) -> str:
    """Plain text -> ReportLab paragraph markup (escaped, line breaks kept)."""
    return escape(value).replace("\n", "<br/>")


def markup(text: Text, notes: dict[int, int] | None = None) -> str:
    """Model text (a string or runs) -> escaped ReportLab markup.

    Bold/italic become <b>/<i>; an endnote becomes its number as a superscript;
    a chronology reference prints its date and agency. Nothing the user typed is
    ever interpreted as markup.
    """
    if isinstance(text, str):
        return _text(text)
    out: list[str] = []
    for run in text:
        if isinstance(run, Run):
            piece = _text(run.text)
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            out.append(piece)
        elif isinstance(run, Note):
            number = (notes or {}).get(id(run))
            out.append(f"<super>{number}</super>" if number else "")
        elif isinstance(run, ChronologyRef):
            out.append(_text(run.text))
    return "".join(out)


# --------------------------------------------------------------------- page furniture
class _Entry(RLParagraph):
    """A heading that registers a bookmark (outline entry) and, for parts, the page the
    contents print for it."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        key: str,
        level: int,
        number: str | None = None,
        shown: str | None = None,
    ) -> None:
        self.entry_text = text
        self.entry_key = key
        self.entry_level = level
        body = shown if shown is not None else text
        super().__init__(f'<a name="{key}"/>{_text(body)}', style, bulletText=number)


class _ContentsLine(RLParagraph):
    """One line of the contents: the part's heading, dot leaders and its page number,
    which is a form filled in after the last page (see the module docstring)."""

    def __init__(self, text: str, key: str, style: ParagraphStyle) -> None:
        self.entry_key = key
        super().__init__(
            f'<a href="#{key}">{_text(text)}</a><onDraw name="dhr_contents_end" label="{key}"/>',
            style,
        )


def _contents_end(canv: rl_canvas.Canvas, kind: str, label: str) -> None:
    """onDraw callback at the end of a contents line: dots, then the page-number form."""
    info = canv._curr_tx_info  # ReportLab's documented onDraw context
    x, y = info["cur_x"], info["cur_y"]
    style = _styles()["toc0"]
    width = canv._dhr_contents_width  # set by _DocTemplate
    right = width - 0.1 * cm
    dot = " ."
    dot_width = stringWidth(dot, style.fontName, style.fontSize)
    count = int((right - CONTENTS_NUMBER_WIDTH * 0.7 - x) / dot_width)
    if count > 0:
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(MUTED)
        canv.drawString(x, y, dot * count)
    canv.saveState()
    canv.translate(right, y)
    canv.doForm(f"pg-{label}")
    canv.restoreState()


class _DocTemplate(BaseDocTemplate):
    """Records the page of each part heading and adds the bookmarks; one layout pass."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entry_pages: dict[str, int] = {}
        self.contents_width = TEXT_WIDTH

    def beforeDocument(self) -> None:  # ReportLab API
        self.canv.setNamedCB("dhr_contents_end", _contents_end)
        self.canv._dhr_contents_width = self.contents_width

    def afterFlowable(self, flowable: Flowable) -> None:  # ReportLab API
        if isinstance(flowable, _Entry):
            self.canv.addOutlineEntry(
                flowable.entry_text, flowable.entry_key, level=flowable.entry_level, closed=False
            )
            self.entry_pages.setdefault(flowable.entry_key, self.page)


def _furniture_painter(document: Document, orientation: str):
    """onPageEnd callback: marking in header and footer, running title, Page X of Y
    (the total is the form "pg-total", defined after the last page)."""
    _styles()  # registers the fonts measured below
    marking = document.marking
    running = document.running_title
    width, height, margin, _ = page_geometry(orientation)
    top_rule = height - MARGIN_TOP + 0.55 * cm
    bottom_rule = MARGIN_BOTTOM - 0.6 * cm
    page_x = width - margin - stringWidth("Page 8888 of 8888", fonts.FAMILY, 8)

    letter = getattr(document, "is_letter", False)

    def paint(canv: rl_canvas.Canvas, doc: _DocTemplate) -> None:
        canv.saveState()
        if marking and letter:
            # A letter is marked as the partnership marks its own letters: one small
            # line at the top, no banner in the footer.
            canv.setFont(fonts.FAMILY, 8)
            canv.setFillColor(MUTED)
            canv.drawRightString(width - margin, height - 1.35 * cm, marking)
        elif marking:
            canv.setFont(fonts.BOLD, 10)
            canv.setFillColor(INK)
            canv.drawCentredString(width / 2, height - 1.35 * cm, marking)
            canv.drawCentredString(width / 2, bottom_rule - 0.55 * cm, marking)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(margin, top_rule, width - margin, top_rule)
        canv.line(margin, bottom_rule, width - margin, bottom_rule)
        canv.setFont(fonts.FAMILY, 8)
        canv.setFillColor(MUTED)
        canv.drawString(margin, 1.0 * cm, running)
        label = f"Page {doc.page} of "
        canv.drawString(page_x, 1.0 * cm, label)
        canv.translate(page_x + stringWidth(label, fonts.FAMILY, 8), 1.0 * cm)
        canv.doForm("pg-total")
        canv.restoreState()
        if doc.page == 1:
            canv.showOutline()  # open the bookmarks pane in viewers

    return paint


def _define_number_forms(canv: rl_canvas.Canvas, total: int, pages: dict[str, int]) -> None:
    """After the last page: the page total (left-aligned at its origin) and each part's
    page (right-aligned at its origin, for the contents)."""
    canv.beginForm("pg-total", lowerx=0, lowery=-3, upperx=60, uppery=12)
    canv.setFont(fonts.FAMILY, 8)
    canv.setFillColor(MUTED)
    canv.drawString(0, 0, str(total))
    canv.endForm()
    style = _styles()["toc0"]
    for key, page in pages.items():
        canv.beginForm(f"pg-{key}", lowerx=-80, lowery=-4, upperx=0, uppery=16)
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(INK)
        canv.drawRightString(0, 0, str(page))
        canv.endForm()


# ------------------------------------------------------------------------------ blocks
def _right_style(style: ParagraphStyle) -> ParagraphStyle:
    from reportlab.lib.enums import TA_RIGHT

    return ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)


def fit_widths(block: Table, total: float, *, size: float | None = None) -> list[float]:
    """Column widths in points for ``block`` across ``total`` points: its relative widths,
    except that no column is narrower than the longest word of its header (plus the
    cell padding), so a header never breaks inside a word ("Overdu e")."""
    count = len(block.header)
    relative = block.col_widths or [1.0] * count
    widths = [total * w / sum(relative) for w in relative]
    size = size or (8 if block.compact else 9.5)
    padding = 2 * (4 if block.compact else 5) + 2
    bold = fonts.BOLD
    _styles()  # registers the fonts measured here
    minimum = [
        max([stringWidth(word, bold, size) for word in head.split()] or [0]) + padding
        for head in block.header
    ]
    if sum(minimum) >= total:
        return [total * m / sum(minimum) for m in minimum]
    for _ in range(count):
        short = [i for i in range(count) if widths[i] < minimum[i] - 0.01]
        if not short:
            break
        fixed = {i for i in range(count) if widths[i] <= minimum[i] + 0.01} | set(short)
        for i in short:
            widths[i] = minimum[i]
        rest = [i for i in range(count) if i not in fixed]
        spare = total - sum(widths[i] for i in fixed)
        weight = sum(widths[i] for i in rest)
        for i in rest:
            widths[i] = spare * widths[i] / weight
    return widths


def _grid(
    block: Table,
    styles: dict[str, ParagraphStyle],
    available: float,
    notes: dict[int, int],
) -> RLTable:
    """A table with wrapped cells and a shaded header row repeated on every page.

    Long tables (a 2,000-row chronology) use LongTable, whose splitting does not
    re-measure every remaining row on each page.
    """
    count = len(block.header)
    widths = fit_widths(block, available)
    cell = styles["cell_small" if block.compact else "cell"]
    head = styles["cell_small_head" if block.compact else "cell_head"]
    head_right = _right_style(head)
    data: list[list] = [
        [
            RLParagraph(
                _text(h), head_right if (block.align or [])[i : i + 1] == ["right"] else head
            )
            for i, h in enumerate(block.header)
        ]
    ]
    groups = set(block.group_rows)
    commands: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2 if block.compact else 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 if block.compact else 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 if block.compact else 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 if block.compact else 5),
    ]
    right = _right_style(cell)
    aligns = block.align or ["left"] * count
    covered = block.covered()
    for index, row in enumerate(block.rows, start=1):
        if index - 1 in groups:
            data.append([RLParagraph(markup(row[0], notes), head)] + [""] * (count - 1))
            commands.append(("SPAN", (0, index), (-1, index)))
            commands.append(("BACKGROUND", (0, index), (-1, index), GROUP_ROW))
            continue
        cells: list = []
        for column, value in enumerate(row):
            if (index - 1, column) in covered:
                cells.append("")
                continue
            style = right if aligns[column] == "right" else cell
            cells.append(RLParagraph(markup(value, notes), style))
            fill = block.fill_for(column, plain_text(value)) if block.fills else None
            if fill:
                commands.append(
                    ("BACKGROUND", (column, index), (column, index), colors.HexColor("#" + fill))
                )
        data.append(cells)
    for first, column, rows in block.row_spans:
        commands.append(("SPAN", (column, first + 1), (column, first + rows)))
    if block.row_spans:
        commands.append(("VALIGN", (0, 1), (-1, -1), "TOP"))
    kind = LongTable if len(data) > 60 else RLTable
    table = kind(
        data,
        colWidths=widths,
        repeatRows=1 if block.repeat_header else 0,
        hAlign="LEFT",
        splitByRow=1,
    )
    table.setStyle(commands)
    return table


class _Gap(Spacer):
    """Space between blocks that shrinks to nothing at the foot of a page (a plain
    Spacer that does not fit would start a page holding nothing)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, min(self.height, max(availHeight, 0))


class _Unit:
    """The flowables of one model block, whether it must stay with what follows (a
    heading; a sentence that introduces a table or list), and the smallest start of it
    that may end a page (first lines of a paragraph, header and first rows of a table)."""

    def __init__(self, flowables: list[Flowable], keep: bool = False, start=None) -> None:
        self.flowables = flowables
        self.keep = keep
        self.start = start  # flowable measured for the minimum start; None: the whole unit


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for item in flowables:
        if isinstance(item, (Indenter, CondPageBreak, NextPageTemplate, PageBreak)):
            continue
        if isinstance(item, KeepTogether):
            total += _height(item._content, width)  # its flowables
            continue
        _, h = item.wrap(width, PAGE_HEIGHT * 2)
        total += h
        if isinstance(item, RLParagraph):
            total += item.style.spaceBefore + item.style.spaceAfter
    return total


def _start_height(unit: _Unit, width: float) -> float:
    if unit.start is not None:
        return _height([unit.start], width)
    first = next((f for f in unit.flowables if isinstance(f, RLParagraph)), None)
    if first is not None:
        lines = _height([first], width)
        return min(lines, first.style.leading * 3 + first.style.spaceBefore)
    return min(_height(unit.flowables, width), 4 * cm)


def _keep_runs(units: list[_Unit], width: float, frame_height: float) -> list[Flowable]:
    """Flatten units, putting before each run of kept units a conditional page break
    that asks for the run plus the start of the unit after it."""
    story: list[Flowable] = []
    index = 0
    while index < len(units):
        if not units[index].keep:
            story += units[index].flowables
            index += 1
            continue
        end = index
        while end < len(units) and units[end].keep:
            end += 1
        need = sum(_height(u.flowables, width) for u in units[index:end])
        if end < len(units):
            need += _start_height(units[end], width)
        story.append(CondPageBreak(min(need, frame_height * 0.7)))
        for unit in units[index:end]:
            story += unit.flowables
        index = end
    return story


def _table_start(block: Table, styles, width: float, notes) -> Flowable:
    """The header and first rows of a table (what must not be left alone at a page foot)."""
    rows = block.rows[:2]
    spans = [(r, c, min(n, len(rows) - r)) for r, c, n in block.row_spans if r < len(rows)]
    head = Table(
        block.header,
        rows,
        block.col_widths,
        compact=block.compact,
        row_spans=[sp for sp in spans if sp[2] >= 1],
        align=block.align,
    )
    return _grid(head, styles, width, notes)


def _list_unit(
    block: BulletList, styles: dict[str, ParagraphStyle], notes: dict[int, int]
) -> _Unit:
    style = styles["ordered" if block.ordered else "bullet"]
    items = [
        RLParagraph(
            markup(item, notes),
            style,
            bulletText=f"{i}." if block.ordered else "•",
        )
        for i, item in enumerate(block.items, start=1)
    ]
    # Short lists stay together; long ones may break across pages.
    flowables: list[Flowable] = [KeepTogether(items)] if len(items) <= 4 else list(items)
    return _Unit([*flowables, _Gap(1, 4)], start=items[0] if items else None)


def _figure_unit(
    block: Figure, styles: dict[str, ParagraphStyle], text_width: float, indent: float
) -> _Unit:
    from dhrdesk.documents.charts import drawing_for

    drawing = drawing_for(block, text_width - indent)
    drawing.hAlign = "LEFT"
    caption = RLParagraph(_text(block.caption), styles["quote"])
    return _Unit(
        [
            Indenter(left=indent),
            KeepTogether([drawing, caption]),
            Indenter(left=-indent),
            _Gap(1, 8),
        ]
    )


def _blocks(
    section: Section,
    key: str,
    styles: dict[str, ParagraphStyle],
    text_width: float,
    notes: dict[int, int],
    lead: list[Flowable] | None = None,
) -> list[Flowable]:
    """The section's blocks; ``lead`` (the section heading) is kept with what follows."""
    units: list[_Unit] = [_Unit(lead, keep=True)] if lead else []
    sub = 0
    body = styles["body"]
    wide = section.landscape or text_width > TEXT_WIDTH + 1
    blocks = list(section.numbered_blocks())
    for position, (number, block) in enumerate(blocks):
        following = blocks[position + 1][1] if position + 1 < len(blocks) else None
        if isinstance(block, Paragraph):
            introduces = isinstance(following, (Table, BulletList, Figure))
            # an unnumbered sentence over a full-width table starts at the margin too
            style = styles["wide_body"] if (wide and number is None) else body
            units.append(
                _Unit(
                    [RLParagraph(markup(block.text, notes), style, bulletText=number)],
                    keep=introduces,
                )
            )
        elif isinstance(block, Heading):
            sub += 1
            style = styles["h2"] if block.level <= 2 else styles["h3"]
            units.append(_Unit([_Entry(block.text, style, key=f"{key}-{sub}", level=1)], True))
        elif isinstance(block, BulletList):
            units.append(_list_unit(block, styles, notes))
        elif isinstance(block, Quote):
            units.append(_Unit([RLParagraph(markup(block.text, notes), styles["quote"])]))
        elif isinstance(block, Table):
            indent = 0 if wide else NUMBER_INDENT
            units.append(
                _Unit(
                    [
                        Indenter(left=indent),
                        _grid(block, styles, text_width - indent, notes),
                        Indenter(left=-indent),
                        _Gap(1, 8),
                    ],
                    start=_table_start(block, styles, text_width - indent, notes)
                    if block.rows
                    else None,
                )
            )
        elif isinstance(block, Figure):
            units.append(_figure_unit(block, styles, text_width, 0 if wide else NUMBER_INDENT))
        else:  # pragma: no cover - the model's Block union is closed
            raise DocumentError(f"Unknown block type {type(block).__name__}.")
    frame = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    if wide:
        frame = landscape(A4)[1] - MARGIN_TOP - MARGIN_BOTTOM
    return _keep_runs(units, text_width, frame)


def _cover(document: Document, styles: dict[str, ParagraphStyle], text_width: float) -> list:
    landscape_doc = document.landscape
    story: list[Flowable] = [Spacer(1, 1.2 * cm if landscape_doc else 2.6 * cm)]
    lines = document.title_lines()
    if len(lines) > 1:
        story.append(RLParagraph(_text(lines[0]), styles["cover_kicker"]))
        lines = lines[1:]
    story.append(RLParagraph("<br/>".join(_text(line) for line in lines), styles["cover_title"]))
    story.append(Spacer(1, 0.3 * cm))
    story.append(HRFlowable(width="100%", thickness=1.5, color=ACCENT, spaceAfter=0.6 * cm))
    rows = [
        [
            RLParagraph(_text(label), styles["cover_label"]),
            RLParagraph(_text(value or "Not yet recorded"), styles["cover_value"]),
        ]
        for label, value in document.cover_details()
    ]
    details = RLTable(rows, colWidths=[5.6 * cm, text_width - 5.6 * cm], hAlign="LEFT")
    details.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4 if landscape_doc else 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if landscape_doc else 5),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
        ]
    )
    story.append(details)
    if document.cover_note:
        story.append(Spacer(1, 0.8 * cm if landscape_doc else 2.2 * cm))
        note = RLTable(
            [[RLParagraph(_text(document.cover_note), styles["cover_note"])]],
            colWidths=[text_width],
        )
        note.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
        story.append(note)
    story.append(PageBreak())
    return story


def _front_matter(
    document: Document, styles: dict[str, ParagraphStyle], text_width: float
) -> list[Flowable]:
    story: list[Flowable] = []
    if document.version_history:
        story.append(_Entry("Version control", styles["h1"], key="version-control", level=0))
        rows = [
            [row.version, format_date(row.date), row.author, row.change]
            for row in document.version_history
        ]
        story.append(
            _grid(
                Table(
                    ["Version", "Date", "Author", "Summary of changes"], rows, [1.7, 2.8, 3.0, 4.4]
                ),
                styles,
                text_width,
                {},
            )
        )
        story.append(Spacer(1, 0.9 * cm))
    if document.condolences:
        story.append(CondPageBreak(4 * cm))
        story.append(_Entry("Condolences", styles["h1"], key="condolences", level=0))
        for block in document.condolences:
            if isinstance(block, (Paragraph, Quote)):
                story.append(RLParagraph(markup(block.text), styles["condolence"]))
        story.append(Spacer(1, 0.6 * cm))
    if document.contents:
        style = styles["toc0"]
        heading = _Entry("Contents", styles["h1"], key="contents", level=0)
        lines = [_ContentsLine(e.text, e.key, style) for e in document.contents_entries()]
        # The contents have a page of their own, as in the DOCX, so no page carries a
        # lonely line of them.
        if story:
            story.append(PageBreak())
        story.append(heading)
        story += lines
    if story:
        story.append(PageBreak())
    return story


def story_for(document: Document) -> list[Flowable]:
    """The platypus story for a document (exposed for the benchmark)."""
    styles = _styles()
    base = LANDSCAPE_ID if document.landscape else PORTRAIT_ID
    text_width = page_geometry(base)[3]
    notes = document.endnote_numbers()
    story = _cover(document, styles, text_width) + _front_matter(document, styles, text_width)
    current = base
    for index, section in enumerate(document.parts()):
        wanted = LANDSCAPE_ID if (section.landscape or document.landscape) else PORTRAIT_ID
        if wanted != current:
            story += [NextPageTemplate(wanted), PageBreak()]
            current = wanted
        elif section.new_page and index > 0:
            story.append(PageBreak())
        width = page_geometry(current)[3]
        key = f"part-{index}"
        hang = section.number is not None and not section.label
        heading = _Entry(
            section.heading,
            styles["h1_numbered" if hang else "h1"],
            key=key,
            level=0,
            number=str(section.number) if hang else None,
            shown=section.title if hang else None,
        )
        story += _blocks(section, key, styles, width, notes, lead=[heading])
    return story


def _template(document: Document, buffer: io.BytesIO) -> _DocTemplate:
    meta = document.metadata
    base = LANDSCAPE_ID if document.landscape else PORTRAIT_ID
    width, height, margin, text_width = page_geometry(base)
    template = _DocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=meta.get("title", f"{document.reference} – {document.kind_label}"),
        author=meta.get("author", "DHR Desk"),
        subject=meta.get("subject", document.kind_label),
        keywords=meta.get("keywords", ""),
        creator="DHR Desk",
        lang="en-GB",
        displayDocTitle=True,
    )
    template.contents_width = text_width
    templates = []
    order = [base] + [o for o in (PORTRAIT_ID, LANDSCAPE_ID) if o != base]
    for orientation in order:
        page_w, page_h, page_margin, page_text = page_geometry(orientation)
        frame = Frame(
            page_margin,
            MARGIN_BOTTOM,
            page_text,
            page_h - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=f"body-{orientation}",
        )
        templates.append(
            PageTemplate(
                id=orientation,
                frames=[frame],
                onPageEnd=_furniture_painter(document, orientation),
                pagesize=(page_w, page_h),
            )
        )
    template.addPageTemplates(templates)
    return template


def render_pdf(document: Document) -> bytes:
    """Lay out ``document`` in one pass and return the PDF bytes (nothing touches the disk)."""
    buffer = io.BytesIO()
    template = _template(document, buffer)
    template._doSave = 0  # the number forms are defined before saving
    try:
        template.build(story_for(document))
    except LayoutError as exc:
        raise DocumentError(
            "The document could not be laid out: a table or paragraph is too large for a page.",
            hint=str(exc)[:200],
        ) from exc
    canv = template.canv
    pages = dict(template.entry_pages)
    for entry in document.contents_entries():
        pages.setdefault(entry.key, 0)
    _define_number_forms(canv, canv.getPageNumber() - 1, pages)
    canv.save()
    return buffer.getvalue()


def part_pages(document: Document) -> dict[str, int]:
    """The page each part heading starts on (part key -> page), from a full layout."""
    buffer = io.BytesIO()
    template = _template(document, buffer)
    template._doSave = 0  # nothing is written
    try:
        template.build(story_for(document))
    except LayoutError:
        return {}
    return {k: v for k, v in template.entry_pages.items() if k.startswith("part-")}


def write_pdf(document: Document, path: Path) -> Path:
    """Render and write atomically: an existing file is replaced only when rendering succeeded."""
    return write_atomic(Path(path), render_pdf(document), "document")
