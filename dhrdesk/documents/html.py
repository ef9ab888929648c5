"""HTML backend: one self-contained, accessible HTML file of a :class:`Document`.

GOV.UK prefers HTML to PDF for published documents, and a CSP's website must meet
WCAG 2.1 AA. What this backend guarantees, and the tests and ``make
check-accessibility`` (axe-core in headless Chromium) check:

* one file: the style sheet is inline, charts are inline SVG; no script, no font,
  image or style sheet fetched from anywhere (opening the file makes no request);
* ``<html lang="en-GB">``, a ``<title>``, one ``<h1>`` (the document title), the parts
  as ``<h2>`` and headings inside them one level below, never skipping a level
  (a11y.heading_levels);
* paragraph numbers visible and part of the paragraph's text ("7.3 The panel ..."),
  each paragraph reachable as ``#para-7.3``;
* tables with a ``<caption>`` and header cells with ``scope``; charts as SVG with
  ``<title>`` and ``<desc>`` (role="img") followed by their data as a table;
* a contents list of links to the parts;
* print styles: A4 pages (landscape parts on landscape pages), the protective marking
  at the top and bottom of every printed page and "Page X of Y".

Every text is escaped (``html.escape``); text placed in the style sheet (the marking
and running title in the page margins) is escaped for CSS. The numbering, endnote
numbers and part headings come from the model, as in the PDF and DOCX backends.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from dhrdesk.core.dates import format_date
from dhrdesk.core.files import write_atomic
from dhrdesk.documents import a11y
from dhrdesk.documents import model as dm
from dhrdesk.documents.output import DocumentError

LANG = "en-GB"


def _e(text: str) -> str:
    """Escape text for element content or a quoted attribute; keep line breaks."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def _attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string, the rule or the
    ``<style>`` element (every character outside plain letters, digits and spaces is a
    CSS hex escape)."""
    out = []
    for char in " ".join(text.split()):
        if char.isalnum() and char.isascii() or char in " .,-:()/":
            out.append(char)
        else:
            # Six hex digits and a space: CSS always consumes one space after an escape.
            out.append(f"\\{ord(char):06x} ")
    return '"' + "".join(out) + '"'


def font_stack() -> str:
    """The restricted edition's face first (fonts.py), then common equivalents: the
    HTML file embeds no font (it would be several megabytes), so a reader's browser
    uses the face if installed, else a close sans-serif."""
    from dhrdesk.documents import fonts

    face = fonts.FACE
    return ", ".join([css_string(face), "Arial", "Helvetica", "sans-serif"])


def _id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


class _Html:
    def __init__(self, document: dm.Document) -> None:
        self.document = document
        self.notes = document.endnote_numbers()
        self.captions = a11y.table_captions(document)
        self.figures = a11y.figure_numbers(document)
        self.out: list[str] = []
        self.note_refs: set[int] = set()

    # ------------------------------------------------------------------- inline text
    def runs(self, text: dm.Text) -> str:
        if isinstance(text, str):
            return _e(text)
        out: list[str] = []
        for run in text:
            if isinstance(run, dm.Run):
                piece = _e(run.text)
                if run.bold:
                    piece = f"<strong>{piece}</strong>"
                if run.italic:
                    piece = f"<em>{piece}</em>"
                out.append(piece)
            elif isinstance(run, dm.Note):
                number = self.notes.get(id(run))
                if number:
                    anchor = "" if number in self.note_refs else f' id="noteref-{number}"'
                    self.note_refs.add(number)
                    out.append(
                        f'<sup class="noteref"><a href="#endnote-{number}"{anchor}>'
                        f"{number}</a></sup>"
                    )
            elif isinstance(run, dm.ChronologyRef):
                out.append(_e(run.text))
        return "".join(out)

    # ------------------------------------------------------------------------ blocks
    def table(self, block: dm.Table, caption: str, *, extra_class: str = "") -> None:
        classes = " ".join(
            c for c in ("grid", "compact" if block.compact else "", extra_class) if c
        )
        # A short table is kept on one printed page; a long one breaks between rows.
        wrap = "table-wrap short" if len(block.rows) <= 12 else "table-wrap"
        self.out.append(f'<div class="{wrap}"><table class="{classes}">')
        self.out.append(f"<caption>{_e(caption)}</caption>")
        self.out.append("<thead><tr>")
        for cell in block.header:
            text = cell or "Item"
            shown = _e(text) if cell else f'<span class="visually-hidden">{_e(text)}</span>'
            self.out.append(f'<th scope="col">{shown}</th>')
        self.out.append("</tr></thead>")
        groups = set(block.group_rows)
        width = len(block.header)
        covered = block.covered()
        spans = {(row, column): count for row, column, count in block.row_spans}
        aligns = block.align or ["left"] * width
        self.out.append("<tbody>")
        for index, row in enumerate(block.rows):
            if index in groups:
                if index > 0:
                    self.out.append("</tbody><tbody>")
                self.out.append(
                    f'<tr class="group"><th scope="rowgroup" colspan="{width}">'
                    f"{self.runs(row[0])}</th></tr>"
                )
                continue
            cells = []
            for column, value in enumerate(row):
                if (index, column) in covered:
                    continue
                attrs = ""
                if spans.get((index, column), 1) > 1:
                    attrs += f' rowspan="{spans[(index, column)]}"'
                if aligns[column] == "right":
                    attrs += ' class="num"'
                fill = block.fill_for(column, dm.plain(value)) if block.fills else None
                if fill and re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
                    attrs += f' style="background-color: #{fill}"'
                cells.append(f"<td{attrs}>{self.runs(value)}</td>")
            self.out.append(f"<tr>{''.join(cells)}</tr>")
        self.out.append("</tbody></table></div>")

    def figure(self, block: dm.Figure) -> None:
        from dhrdesk.documents.charts import figure_svg

        number = self.figures.get(id(block), 0)
        fid = f"figure-{number}"
        alt = a11y.figure_alt(block)
        svg = figure_svg(block).decode("utf-8")
        svg = svg[svg.index("<svg") :]
        # ReportLab writes placeholder <title>/<desc> ("..."): replace them with ours.
        svg = re.sub(r"\s*<title>.*?</title>", "", svg, count=1, flags=re.DOTALL)
        svg = re.sub(r"\s*<desc>.*?</desc>", "", svg, count=1, flags=re.DOTALL)
        # Ids must be unique in the page: ReportLab names every chart's clip path "clip",
        # so a second chart would be clipped to the first one's box.
        for ident in dict.fromkeys(re.findall(r'\sid="([^"]+)"', svg)):
            svg = svg.replace(f'id="{ident}"', f'id="{fid}-{ident}"')
            svg = svg.replace(f"url(#{ident})", f"url(#{fid}-{ident})")
            svg = svg.replace(f'href="#{ident}"', f'href="#{fid}-{ident}"')
        head_end = svg.index(">") + 1
        opening = svg[:head_end]
        opening = re.sub(r'\swidth="[^"]*"', "", opening, count=1)
        opening = re.sub(r'\sheight="[^"]*"', "", opening, count=1)
        opening = opening.replace(
            "<svg ",
            f'<svg role="img" aria-labelledby="{fid}-title {fid}-desc" class="chart" ',
            1,
        )
        svg = (
            opening
            + f'<title id="{fid}-title">{_e(block.caption)}</title>'
            + f'<desc id="{fid}-desc">{_e(alt)}</desc>'
            + svg[head_end:]
        )
        self.out.append(f'<figure id="{fid}">{svg}')
        self.out.append(f"<figcaption>Figure {number}: {_e(block.caption)}</figcaption></figure>")
        self.table(
            a11y.data_table(block),
            f"Data for figure {number}: {block.caption}",
            extra_class="figure-data",
        )

    def blocks(self, section: dm.Section, *, endnotes: bool = False) -> None:
        levels = a11y.heading_levels(section)
        for number, block in section.numbered_blocks():
            if isinstance(block, dm.Paragraph):
                if number is not None:
                    self.out.append(
                        f'<p class="numbered" id="para-{_id(number)}">'
                        f'<span class="pnum">{_e(number)}</span> {self.runs(block.text)}</p>'
                    )
                else:
                    self.out.append(f"<p>{self.runs(block.text)}</p>")
            elif isinstance(block, dm.Heading):
                level = levels[id(block)]
                self.out.append(f"<h{level}>{_e(block.text)}</h{level}>")
            elif isinstance(block, dm.BulletList):
                tag = "ol" if block.ordered else "ul"
                items = []
                for index, item in enumerate(block.items, start=1):
                    ident = f' id="endnote-{index}"' if endnotes else ""
                    back = ""
                    if endnotes and index in self.note_refs:
                        back = (
                            f' <a class="back" href="#noteref-{index}">'
                            f"Back to the text of endnote {index}</a>"
                        )
                    items.append(f"<li{ident}>{self.runs(item)}{back}</li>")
                self.out.append(f"<{tag}>{''.join(items)}</{tag}>")
            elif isinstance(block, dm.Quote):
                self.out.append(f"<blockquote><p>{self.runs(block.text)}</p></blockquote>")
            elif isinstance(block, dm.Table):
                self.table(block, self.captions.get(id(block), "Table"))
            elif isinstance(block, dm.Figure):
                self.figure(block)
            else:  # pragma: no cover - the model's Block union is closed
                raise DocumentError(f"Unknown block type {type(block).__name__}.")

    # ------------------------------------------------------------------------- parts
    def cover(self) -> None:
        document = self.document
        lines = document.title_lines()
        self.out.append('<div class="cover">')
        if len(lines) > 1:
            self.out.append(f'<p class="kicker">{_e(lines[0])}</p>')
            lines = lines[1:]
        title = " <br>".join(_e(line) for line in lines)
        self.out.append(f'<h1 id="title">{title}</h1>')
        self.out.append('<dl class="details">')
        for label, value in document.cover_details():
            self.out.append(
                f"<div><dt>{_e(label)}</dt><dd>{_e(value or 'Not yet recorded')}</dd></div>"
            )
        self.out.append("</dl>")
        if document.cover_note:
            self.out.append(f'<p class="cover-note">{_e(document.cover_note)}</p>')
        self.out.append("</div>")

    def front_matter(self) -> None:
        document = self.document
        if document.version_history:
            self.out.append('<section class="front" aria-labelledby="version-control">')
            self.out.append('<h2 id="version-control">Version control</h2>')
            rows = [
                [row.version, format_date(row.date), row.author, row.change]
                for row in document.version_history
            ]
            self.table(
                dm.Table(["Version", "Date", "Author", "Summary of changes"], rows),
                "Versions of this document",
            )
            self.out.append("</section>")
        if document.condolences:
            self.out.append('<section class="front" aria-labelledby="condolences">')
            self.out.append('<h2 id="condolences">Condolences</h2>')
            for block in document.condolences:
                if isinstance(block, (dm.Paragraph, dm.Quote)):
                    self.out.append(f'<p class="condolence">{self.runs(block.text)}</p>')
            self.out.append("</section>")
        if document.contents:
            self.out.append('<nav class="contents" aria-labelledby="contents">')
            self.out.append('<h2 id="contents">Contents</h2><ol>')
            for entry in document.contents_entries():
                self.out.append(f'<li><a href="#{entry.key}">{_e(entry.text)}</a></li>')
            self.out.append("</ol></nav>")

    def body(self) -> None:
        document = self.document
        for index, part in enumerate(document.parts()):
            key = f"part-{index}"
            classes = ["part"]
            if part.landscape or document.landscape:
                classes.append("landscape")
            if part.new_page:
                classes.append("new-page")
            self.out.append(f'<section class="{" ".join(classes)}" aria-labelledby="{key}">')
            hang = part.number is not None and not part.label
            if hang:
                heading = f'<span class="snum">{_e(str(part.number))}</span> {_e(part.title)}'
            else:
                heading = _e(part.heading)
            self.out.append(f'<h2 id="{key}">{heading}</h2>')
            self.blocks(part, endnotes=part.key == "endnotes" and part.number is None)
            self.out.append("</section>")

    # ---------------------------------------------------------------------- the page
    def style(self) -> str:
        document = self.document
        marking = document.marking
        margin_boxes = ""
        if marking:
            margin_boxes += (
                f"@top-center {{ content: {css_string(marking)}; font-weight: bold; "
                "font-size: 10pt; color: #1a1a1a; }\n"
                f"  @bottom-center {{ content: {css_string(marking)}; font-weight: bold; "
                "font-size: 10pt; color: #1a1a1a; }\n"
            )
        margin_boxes += (
            f"  @bottom-left {{ content: {css_string(document.running_title)}; "
            "font-size: 8pt; color: #5a5a5a; }\n"
            '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
            "font-size: 8pt; color: #5a5a5a; }\n"
        )
        base = "A4 landscape" if document.landscape else "A4"
        return (
            STYLE.replace("/*PAGE_SIZE*/", base)
            .replace("/*MARGIN_BOXES*/", margin_boxes)
            .replace("/*FACE*/", font_stack())
        )

    def render(self) -> str:
        document = self.document
        title = a11y.document_title(document)
        meta = document.metadata
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{LANG}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            # No request may leave the file: a browser honours this even if a later
            # edit slips an external reference in.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            f"<title>{_e(title)}</title>",
            '<meta name="generator" content="DHR Desk">',
        ]
        if meta.get("subject"):
            head.append(f'<meta name="description" content="{_attr(meta["subject"])}">')
        if meta.get("author"):
            head.append(f'<meta name="author" content="{_attr(meta["author"])}">')
        if meta.get("keywords"):
            head.append(f'<meta name="keywords" content="{_attr(meta["keywords"])}">')
        head += [f"<style>{self.style()}</style>", "</head>", "<body>"]
        self.out = head
        self.out.append('<a class="skip-link" href="#main">Skip to the document</a>')
        if document.marking:
            self.out.append(f'<header><p class="marking">{_e(document.marking)}</p></header>')
        self.out.append('<main id="main">')
        self.cover()
        self.front_matter()
        self.body()
        self.out.append("</main>")
        self.out.append('<footer><p class="running">')
        self.out.append(_e(document.running_title))
        self.out.append("</p>")
        if document.marking:
            self.out.append(f'<p class="marking">{_e(document.marking)}</p>')
        self.out.append("</footer></body></html>")
        return "\n".join(self.out) + "\n"


STYLE = """
:root { color-scheme: light; }
html { font-family: /*FACE*/; font-size: 100%;
  color: #1a1a1a; background: #ffffff; line-height: 1.5; }
body { margin: 0 auto; max-width: 48rem; padding: 1rem 1.25rem 2rem; overflow-wrap: break-word; }
a { color: #1d4f91; }
a:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
.skip-link { position: absolute; left: -999em; }
.skip-link:focus { position: static; left: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.marking { text-align: center; font-weight: bold; margin: 0.5rem 0; letter-spacing: 0.02em; }
.running { color: #5a5a5a; font-size: 0.8rem; border-top: 1px solid #b8b8b8;
  padding-top: 0.5rem; margin-top: 2rem; }
.cover { padding: 2rem 0 1.5rem; border-bottom: 1px solid #b8b8b8; margin-bottom: 1.5rem; }
.kicker { font-weight: bold; font-size: 1.3rem; color: #5a5a5a; margin: 0 0 0.5rem; }
h1 { font-size: 2rem; line-height: 1.3; color: #1f3a5f; margin: 0 0 1rem;
  padding-bottom: 0.6rem; border-bottom: 2px solid #1f3a5f; }
h2 { font-size: 1.45rem; color: #1f3a5f; margin: 2rem 0 0.8rem; line-height: 1.35; }
h3 { font-size: 1.1rem; color: #1f3a5f; margin: 1.2rem 0 0.5rem; }
h4, h5, h6 { font-size: 1rem; font-style: italic; margin: 1rem 0 0.4rem; }
.details { margin: 0; }
.details div { display: grid; grid-template-columns: 14rem 1fr; gap: 1rem;
  border-bottom: 1px solid #d5d5d5; padding: 0.35rem 0; }
.details dt { color: #5a5a5a; font-size: 0.9rem; }
.details dd { margin: 0; }
.cover-note { font-style: italic; border: 1px solid #1f3a5f; padding: 0.6rem 0.8rem;
  margin-top: 1.5rem; font-size: 0.95rem; }
.snum { display: inline-block; min-width: calc(3.5rem - 0.28em); }
p { margin: 0 0 0.7rem; }
p.numbered { padding-left: 3.5rem; text-indent: -3.5rem; }
/* The number's box plus the space after it make exactly the hanging indent. */
.pnum { display: inline-block; width: calc(3.5rem - 0.28em); text-indent: 0;
  font-variant-numeric: tabular-nums; }
ul, ol { padding-left: 5.5rem; }
.contents ol { list-style: none; padding-left: 0; }
.contents li { margin: 0.25rem 0; }
blockquote { margin: 0.5rem 2rem 1rem 5rem; font-style: italic; color: #333333; }
.condolence { font-style: italic; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.compact { font-size: 0.82rem; }
caption { text-align: left; font-size: 0.85rem; color: #5a5a5a; padding-bottom: 0.3rem;
  caption-side: top; }
th, td { border: 1px solid #b8b8b8; padding: 0.3rem 0.4rem; vertical-align: top; text-align: left; }
thead th { background: #e6ebf2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.group th { background: #f3f5f8; }
figure { margin: 1rem 0 0.5rem; }
svg.chart { width: 100%; max-width: 40rem; height: auto; display: block; }
svg.chart text { font-family: /*FACE*/ !important; }
figcaption { font-style: italic; font-size: 0.95rem; margin-top: 0.3rem; }
.noteref a { text-decoration: none; }
.back { font-size: 0.85rem; }
/* Narrow screens (WCAG 1.4.10 reflow at 320 CSS pixels): one column, smaller indents. */
@media screen and (max-width: 40rem) {
  body { padding: 0.75rem; }
  h1 { font-size: 1.6rem; }
  .details div { grid-template-columns: 1fr; gap: 0; }
  p.numbered { padding-left: 2.8rem; text-indent: -2.8rem; }
  .pnum { width: calc(2.8rem - 0.28em); }
  ul, ol { padding-left: 3.6rem; }
  blockquote { margin-left: 2.8rem; margin-right: 0.5rem; }
}
@page { size: /*PAGE_SIZE*/; margin: 2.6cm 2.5cm 2.8cm 2.5cm;
  /*MARGIN_BOXES*/
}
@page landscape { size: A4 landscape; margin: 2.6cm 1.8cm 2.8cm 1.8cm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  header, footer, .skip-link { display: none; }
  .cover { break-after: page; border-bottom: none; }
  .contents { break-after: page; break-inside: avoid; }
  .table-wrap { overflow: visible; }
  .table-wrap.short, figure { break-inside: avoid; }
  caption { break-after: avoid; }
  section.new-page { break-before: page; }
  section.landscape { page: landscape; break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .back { display: none; }
}
"""


def render_html(document: dm.Document) -> bytes:
    """The HTML edition of ``document`` as UTF-8 bytes (nothing touches the disk)."""
    return _Html(document).render().encode("utf-8")


def write_html(document: dm.Document, path: Path) -> Path:
    """Render and write atomically (an existing file is replaced only on success)."""
    return write_atomic(Path(path), render_html(document), "document")
