"""PDF backend: renders a :class:`~dhrdesk.documents.model.Document` with ReportLab platypus.

What the Home Office format and the chair need, and how it is done here:

* A4, DejaVu Sans embedded (fonts.py) so every name renders and stays searchable.
* The protective marking in the header and the footer of every page, the cover
  included, and "Page X of Y" everywhere: a canvas that keeps each page until
  the end of the build, then draws the page furniture once the total is known.
* Contents with real page numbers and a PDF outline: ``multiBuild`` runs the
  layout until the TableOfContents is stable; each section heading registers
  its contents entry and bookmark in ``afterFlowable``.
* Paragraph numbers come from the model (``Section.numbered_blocks``), never
  from here, so the DOCX backend prints the same numbers.
* Metadata (title, author, subject) comes from ``Document.metadata`` only; the
  PDF is built in memory, so no file path can leak into it, and is then written
  atomically (output.py).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Indenter,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import IndexingFlowable, LayoutError
from reportlab.platypus.flowables import HRFlowable
from reportlab.platypus.tableofcontents import TableOfContents

from dhrdesk.documents import fonts
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
    format_date,
)
from dhrdesk.documents.output import DocumentError, atomic_write_bytes

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 2.5 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.8 * cm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
NUMBER_INDENT = 1.2 * cm  # the text column of numbered paragraphs

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#b8b8b8")
TABLE_HEAD = colors.HexColor("#e6ebf2")


def _styles() -> dict[str, ParagraphStyle]:
    font = fonts.register_fonts()
    bold = fonts.BOLD
    base = ParagraphStyle("base", fontName=font, fontSize=10.5, leading=15, textColor=INK)
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
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            leftIndent=NUMBER_INDENT + 0.6 * cm,
            bulletIndent=NUMBER_INDENT + 0.1 * cm,
            spaceAfter=4,
            bulletFontName=font,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=20,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h1_numbered": ParagraphStyle(
            "h1_numbered",
            parent=base,
            fontName=bold,
            fontSize=15,
            leading=20,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=10,
            keepWithNext=1,
            leftIndent=NUMBER_INDENT,
            bulletIndent=0,
            bulletFontName=bold,
            bulletFontSize=15,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=bold,
            fontSize=11.5,
            leading=16,
            textColor=ACCENT,
            leftIndent=NUMBER_INDENT,
            spaceBefore=8,
            spaceAfter=6,
            keepWithNext=1,
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
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12.5),
        "cell_head": ParagraphStyle(
            "cell_head", parent=base, fontName=bold, fontSize=9.5, leading=12.5
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
        "toc0": ParagraphStyle(
            "toc0",
            parent=base,
            fontSize=10.5,
            leading=15,
            leftIndent=0.9 * cm,
            firstLineIndent=-0.9 * cm,
            spaceBefore=3,
            rightIndent=1 * cm,
        ),
        "toc1": ParagraphStyle(
            "toc1",
            parent=base,
            fontSize=9.5,
            leading=13,
            leftIndent=1.8 * cm,
            firstLineIndent=-0.9 * cm,
            rightIndent=1 * cm,
        ),
        "marking": ParagraphStyle("marking", parent=base, fontName=bold, alignment=TA_CENTER),
    }


def _text(value: str) -> str:
    """Plain model text -> ReportLab paragraph markup (escaped, line breaks kept)."""
    return escape(value).replace("\n", "<br/>")


class _Entry(RLParagraph):
    """A heading that registers a bookmark (outline) entry and optionally a contents line."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        key: str,
        level: int,
        toc: bool,
        number: str | None = None,
    ) -> None:
        self.entry_text = text
        self.entry_key = key
        self.entry_level = level
        self.entry_toc = toc
        shown = text
        if number is not None and text.startswith(f"{number} "):
            # The number hangs in the paragraph-number column; the title aligns with the text.
            shown = text[len(number) + 1 :]
        else:
            number = None
        super().__init__(f'<a name="{key}"/>{_text(shown)}', style, bulletText=number)


class _DocTemplate(BaseDocTemplate):
    """Registers contents entries and bookmarks; knows the page total from the last pass."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_total: int | None = None  # the total the current pass prints

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab API)
        if isinstance(flowable, _Entry):
            self.canv.addOutlineEntry(
                flowable.entry_text, flowable.entry_key, level=flowable.entry_level, closed=False
            )
            if flowable.entry_toc:
                entry = (flowable.entry_level, _text(flowable.entry_text), self.page)
                self.notify("TOCEntry", (*entry, flowable.entry_key))


class _PageTotal(IndexingFlowable):
    """An invisible indexing flowable: multiBuild repeats the layout until the page total
    printed in "Page X of Y" equals the number of pages the pass produced.

    (A canvas that holds pages back until the end would also know the total, but it
    breaks bookmarks and links, which ReportLab binds to the page being drawn.)
    """

    def __init__(self, doc: _DocTemplate) -> None:
        super().__init__()
        self._doc = doc
        self._seen: int | None = None

    def beforeBuild(self) -> None:  # noqa: N802
        self._seen = None

    def afterBuild(self) -> None:  # noqa: N802
        self._seen = self._doc.page

    def isSatisfied(self) -> bool:  # noqa: N802
        if self._seen == self._doc.page_total:
            return True
        self._doc.page_total = self._seen
        return False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def _furniture_painter(document: Document):
    """onPageEnd callback: marking in header and footer, running title, Page X of Y."""
    marking = document.marking
    running = document.running_title

    def paint(canv: rl_canvas.Canvas, doc: _DocTemplate) -> None:
        total = doc.page_total or doc.page
        canv.saveState()
        top_rule = PAGE_HEIGHT - MARGIN_TOP + 0.55 * cm
        bottom_rule = MARGIN_BOTTOM - 0.6 * cm
        if marking:
            canv.setFont(fonts.BOLD, 10)
            canv.setFillColor(INK)
            canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 1.35 * cm, marking)
            canv.drawCentredString(PAGE_WIDTH / 2, bottom_rule - 0.55 * cm, marking)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_LEFT, top_rule, PAGE_WIDTH - MARGIN_RIGHT, top_rule)
        canv.line(MARGIN_LEFT, bottom_rule, PAGE_WIDTH - MARGIN_RIGHT, bottom_rule)
        canv.setFont(fonts.FAMILY, 8)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_LEFT, 1.0 * cm, running)
        canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 1.0 * cm, f"Page {doc.page} of {total}")
        canv.restoreState()
        if doc.page == 1:
            canv.showOutline()  # open the bookmarks pane in viewers

    return paint


def _grid(
    header: list[str],
    rows: list[list[str]],
    widths: list[float] | None,
    styles: dict[str, ParagraphStyle],
    available: float,
) -> RLTable:
    """A table with wrapped cells, a shaded header row repeated on every page."""
    count = len(header)
    relative = widths or [1.0] * count
    scale = available / sum(relative)
    data = [[RLParagraph(_text(h), styles["cell_head"]) for h in header]]
    data += [[RLParagraph(_text(c), styles["cell"]) for c in row] for row in rows]
    table = RLTable(data, colWidths=[w * scale for w in relative], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
    )
    return table


def _cover(document: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 2.6 * cm)]
    lines = document.title_lines()
    if len(lines) > 1:
        story.append(RLParagraph(_text(lines[0]), styles["cover_kicker"]))
        lines = lines[1:]
    story.append(RLParagraph("<br/>".join(_text(line) for line in lines), styles["cover_title"]))
    story.append(Spacer(1, 0.4 * cm))
    story.append(HRFlowable(width="100%", thickness=1.5, color=ACCENT, spaceAfter=0.7 * cm))
    rows = [
        [
            RLParagraph(_text(label), styles["cover_label"]),
            RLParagraph(_text(value or "Not yet recorded"), styles["cover_value"]),
        ]
        for label, value in document.cover_details()
    ]
    details = RLTable(rows, colWidths=[5.6 * cm, TEXT_WIDTH - 5.6 * cm], hAlign="LEFT")
    details.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
        ]
    )
    story.append(details)
    if document.cover_note:
        story.append(Spacer(1, 2.2 * cm))
        note = RLTable(
            [[RLParagraph(_text(document.cover_note), styles["cover_note"])]],
            colWidths=[TEXT_WIDTH],
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


def _front_matter(document: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    if document.version_history:
        story.append(
            _Entry("Version control", styles["h1"], key="version-control", level=0, toc=False)
        )
        rows = [
            [row.version, format_date(row.date), row.author, row.change]
            for row in document.version_history
        ]
        story.append(
            _grid(
                ["Version", "Date", "Author", "Summary of changes"],
                rows,
                [1.5, 2.2, 3.0, 4.8],
                styles,
                TEXT_WIDTH,
            )
        )
        story.append(Spacer(1, 0.9 * cm))
    if document.contents:
        story.append(_Entry("Contents", styles["h1"], key="contents", level=0, toc=False))
        toc = TableOfContents(levelStyles=[styles["toc0"], styles["toc1"]], dotsMinLevel=0)
        story.append(toc)
        story.append(PageBreak())
    return story


def _section(section: Section, index: int, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    if section.new_page and index > 0:
        story.append(PageBreak())
    key = f"section-{index}"
    story.append(
        _Entry(
            section.heading,
            styles["h1_numbered"],
            key=key,
            level=0,
            toc=True,
            number=None if section.number is None else str(section.number),
        )
    )
    sub = 0
    for number, block in section.numbered_blocks():
        if isinstance(block, Paragraph):
            story.append(RLParagraph(_text(block.text), styles["body"], bulletText=number))
        elif isinstance(block, Heading):
            sub += 1
            style = styles["h2"] if block.level <= 2 else styles["h3"]
            story.append(_Entry(block.text, style, key=f"{key}-{sub}", level=1, toc=False))
        elif isinstance(block, BulletList):
            items = [
                RLParagraph(_text(item), styles["bullet"], bulletText="•") for item in block.items
            ]
            # Short lists stay together; long ones may break across pages.
            if len(items) <= 4:
                story.append(KeepTogether(items))
            else:
                story += items
            story.append(Spacer(1, 4))
        elif isinstance(block, Table):
            story += [
                Indenter(left=NUMBER_INDENT),
                _grid(
                    block.header, block.rows, block.col_widths, styles, TEXT_WIDTH - NUMBER_INDENT
                ),
                Indenter(left=-NUMBER_INDENT),
                Spacer(1, 8),
            ]
        else:  # pragma: no cover - the model's Block union is closed
            raise DocumentError(f"Unknown block type {type(block).__name__}.")
    return story


def story_for(document: Document) -> list[Flowable]:
    """The platypus story for a document (exposed for the benchmark's floor comparison)."""
    styles = _styles()
    story = _cover(document, styles) + _front_matter(document, styles)
    for index, section in enumerate(document.sections):
        story += _section(section, index, styles)
    return story


def render_pdf(document: Document) -> bytes:
    """Lay out ``document`` and return the PDF bytes (nothing touches the disk)."""
    buffer = io.BytesIO()
    meta = document.metadata
    template = _DocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
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
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    painter = _furniture_painter(document)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=painter)])
    story = [_PageTotal(template), *story_for(document)]
    try:
        template.multiBuild(story)
    except LayoutError as exc:
        raise DocumentError(
            "The document could not be laid out: a table or paragraph is too large for a page.",
            hint=str(exc)[:200],
        ) from exc
    return buffer.getvalue()


def write_pdf(document: Document, path: Path) -> Path:
    """Render and write atomically: an existing file is replaced only when rendering succeeded."""
    return atomic_write_bytes(Path(path), render_pdf(document))
