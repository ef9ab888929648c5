"""Tagged PDF backend (PDF/UA-1) for the publication edition, through Typst.

ReportLab's open-source edition cannot write a structure tree, so the accessible
publication PDF is laid out by Typst (the ``typst`` wheel: the Typst compiler in one
native library, no external program, same on Windows, macOS and Linux) with its
PDF/UA-1 export. docs/decisions.md records why Typst and not WeasyPrint or others, and
what it costs.

What the file carries (and tests/documents/test_tagged_pdf.py reads back):

* a structure tree: the title as H1, the parts as H2 and the headings inside them one
  level below (a11y.heading_levels), P, L/LI, Table/THead/TR/TH/TD (header cells with
  scope), BlockQuote, Figure with /Alt (a11y.figure_alt), TOC/TOCI for the contents;
* the marking, the rules, the running title and "Page X of Y" as artifacts (Typst
  draws page header, footer and background outside the structure tree);
* /Lang en-GB, the title in the metadata and shown in the window (DisplayDocTitle),
  PDF/UA identification in the XMP metadata;
* only embedded fonts: the font of the restricted edition (fonts.py), loaded by file,
  with system fonts and Typst's own fonts switched off, so no base-14 reference and the
  same type as the ReportLab PDF;
* bookmarks from the headings.

Typst refuses to write a PDF/UA-1 file that breaks a rule it can check (an image
without alternative text, a missing title): that is a :class:`DocumentError` here,
never a silently inaccessible file.

The document is handed to the template (resources/typst/publication.typ) as JSON:
every text is a JSON string shown as content, never Typst markup, so no escaping can
go wrong. The layout (A4, margins, cover, contents, hanging paragraph numbers, tables
with a repeated header row, landscape parts) follows pdf.py.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from dhrdesk.core.dates import format_date
from dhrdesk.core.files import write_atomic
from dhrdesk.core.resources import required_resource
from dhrdesk.documents import a11y
from dhrdesk.documents import model as dm
from dhrdesk.documents.output import DocumentError

PDF_STANDARD = "ua-1"
TEMPLATE = ("typst", "publication.typ")

# Text width in points of a portrait and a landscape page (pdf.py's page geometry).
_CM = 72 / 2.54
_PORTRAIT_TEXT = 595.2756 - 2 * 2.5 * _CM
_LANDSCAPE_TEXT = 841.8898 - 2 * 1.8 * _CM
_NUMBER_INDENT = 1.2 * _CM

_lock = threading.Lock()
_fonts: Any = None
_family: str | None = None


def font_files() -> list[Path]:
    """The font files of the restricted edition, from the one list in fonts.py (so a
    change of font there changes both PDFs)."""
    from dhrdesk.documents import fonts

    files = fonts.FILES
    return [required_resource("fonts", name) for name in files.values()]


def _typst():
    try:
        import typst
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise DocumentError(
            "The tagged PDF cannot be written: the Typst library is not installed.",
            hint="Reinstall DHR Desk (the 'typst' package is one of its dependencies).",
        ) from exc
    return typst


def _font_set() -> tuple[Any, str]:
    """Typst's font book with only our font files (loaded once), and the family name
    read from the files themselves."""
    global _fonts, _family
    with _lock:
        if _fonts is None:
            typst = _typst()
            files = font_files()
            # Typst loads fonts by folder; the family is the one our first file holds.
            folders = sorted({str(path.parent) for path in files})
            fonts = typst.Fonts(
                include_system_fonts=False, include_embedded_fonts=False, font_paths=folders
            )
            wanted = files[0].resolve() if files else None
            families = [
                info.family
                for info in fonts.fonts()
                if info.path and wanted and Path(info.path).resolve() == wanted
            ]
            if not families:
                raise DocumentError(
                    "The tagged PDF cannot be written: its font files could not be read.",
                    hint="The installation is incomplete; reinstall DHR Desk.",
                )
            _fonts, _family = fonts, families[0]
    assert _family is not None
    return _fonts, _family


# ----------------------------------------------------------------------- the JSON
def _runs(text: dm.Text, notes: dict[int, int]) -> list[dict[str, Any]]:
    if isinstance(text, str):
        return [{"s": text}] if text else []
    out: list[dict[str, Any]] = []
    for run in text:
        if isinstance(run, dm.Run):
            out.append({"s": run.text, "b": run.bold, "i": run.italic})
        elif isinstance(run, dm.Note):
            number = notes.get(id(run))
            if number:
                out.append({"n": number})
        elif isinstance(run, dm.ChronologyRef):
            out.append({"s": run.text})
    return out


def _table(block: dm.Table, notes: dict[int, int], *, wide: bool) -> dict[str, Any]:
    widths = block.col_widths or [1.0] * len(block.header)
    return {
        "t": "table",
        "header": list(block.header),
        "rows": [[_runs(cell, notes) for cell in row] for row in block.rows],
        "widths": [float(w) for w in widths],
        "compact": block.compact,
        "groups": list(block.group_rows),
        "repeat": block.repeat_header,
        "wide": wide,
        "spans": [[row, column, count] for row, column, count in block.row_spans],
        "align": list(block.align or ["left"] * len(block.header)),
        "fills": [
            [index, column, "#" + fill]
            for index, row in enumerate(block.rows)
            for column, cell in enumerate(row)
            if block.fills
            and (fill := block.fill_for(column, dm.plain(cell)))
            and re.fullmatch(r"[0-9A-Fa-f]{6}", fill)
        ],
    }


def _figure(block: dm.Figure, text_width: float, *, wide: bool, family: str) -> dict[str, Any]:
    from dhrdesk.documents.charts import drawing_for, to_svg

    width = text_width - (0 if wide else _NUMBER_INDENT)
    svg = to_svg(drawing_for(block, width)).decode("utf-8")
    # ReportLab names the font by its PostScript name; Typst looks fonts up by family.
    from dhrdesk.documents import fonts

    svg = svg.replace(f"font-family: {fonts.FAMILY}", f"font-family: {family}")
    return {
        "t": "figure",
        "svg": svg,
        "alt": a11y.figure_alt(block),
        "caption": block.caption,
        "width": width,
        "wide": wide,
    }


def _blocks(
    section: dm.Section, notes: dict[int, int], text_width: float, *, wide: bool, family: str
) -> list[dict[str, Any]]:
    levels = a11y.heading_levels(section)
    endnotes = section.key == "endnotes" and section.number is None
    out: list[dict[str, Any]] = []
    for number, block in section.numbered_blocks():
        if isinstance(block, dm.Paragraph):
            out.append({"t": "p", "num": number, "runs": _runs(block.text, notes)})
        elif isinstance(block, dm.Heading):
            out.append({"t": "h", "level": levels[id(block)], "text": block.text})
        elif isinstance(block, dm.BulletList):
            out.append(
                {
                    "t": "list",
                    "ordered": block.ordered,
                    "endnotes": endnotes,
                    "items": [_runs(item, notes) for item in block.items],
                }
            )
        elif isinstance(block, dm.Quote):
            out.append({"t": "quote", "runs": _runs(block.text, notes)})
        elif isinstance(block, dm.Table):
            out.append(_table(block, notes, wide=wide))
        elif isinstance(block, dm.Figure):
            out.append(_figure(block, text_width, wide=wide, family=family))
        else:  # pragma: no cover - the model's Block union is closed
            raise DocumentError(f"Unknown block type {type(block).__name__}.")
    return out


def document_json(document: dm.Document, family: str = "DejaVu Sans") -> dict[str, Any]:
    """The document as the plain data the Typst template lays out."""
    notes = document.endnote_numbers()
    meta = document.metadata
    lines = document.title_lines()
    kicker = lines[0] if len(lines) > 1 else None
    title_lines = lines[1:] if len(lines) > 1 else lines
    groups: list[dict[str, Any]] = []
    for part in document.parts():
        landscape = part.landscape or document.landscape
        text_width = _LANDSCAPE_TEXT if landscape else _PORTRAIT_TEXT
        hang = part.number is not None and not part.label
        entry = {
            "number": str(part.number) if part.number is not None else "",
            "title": part.title,
            "heading": part.heading,
            "hang": hang,
            "new_page": part.new_page,
            "landscape": landscape,
            "blocks": _blocks(part, notes, text_width, wide=landscape, family=family),
        }
        if groups and groups[-1]["landscape"] == landscape:
            groups[-1]["parts"].append(entry)
        else:
            groups.append({"landscape": landscape, "parts": [entry]})
    return {
        "title": a11y.document_title(document),
        "author": meta.get("author", "DHR Desk"),
        "description": meta.get("subject", document.kind_label),
        "keywords": [k.strip() for k in meta.get("keywords", "").split(",") if k.strip()],
        "kicker": kicker,
        "title_lines": title_lines,
        "details": [
            [label, value or "Not yet recorded"] for label, value in document.cover_details()
        ],
        "cover_note": document.cover_note,
        "marking": document.marking,
        "running": document.running_title,
        "landscape": document.landscape,
        "version_rows": [
            [row.version, format_date(row.date), row.author, row.change]
            for row in document.version_history
        ],
        "condolences": [
            _runs(block.text, {})
            for block in document.condolences
            if isinstance(block, (dm.Paragraph, dm.Quote))
        ],
        "contents": document.contents,
        "groups": groups,
    }


def render_tagged_pdf(document: dm.Document) -> bytes:
    """The tagged PDF/UA-1 publication PDF of ``document`` as bytes (nothing touches the
    disk). Raises :class:`DocumentError` if Typst cannot lay it out or refuses it."""
    typst = _typst()
    fonts, family = _font_set()
    data = json.dumps(document_json(document, family), ensure_ascii=False)
    template = required_resource(*TEMPLATE)
    try:
        compiler = typst.Compiler(
            template,
            root=template.parent,
            font_paths=fonts,
            ignore_system_fonts=True,
            sys_inputs={"document": data, "font": family},
        )
        pdf = compiler.compile(format="pdf", pdf_standards=[PDF_STANDARD], timestamp=0)
    except typst.TypstError as exc:
        hints = "; ".join(getattr(exc, "hints", []) or [])
        raise DocumentError(
            f"The tagged PDF could not be written: {getattr(exc, 'message', exc)}.",
            hint=hints or "Write the PDF of the restricted edition, and report this.",
        ) from exc
    if not isinstance(pdf, bytes):  # pragma: no cover - compile() returns bytes here
        raise DocumentError("The tagged PDF could not be written: Typst returned no file.")
    return pdf


def write_tagged_pdf(document: dm.Document, path: Path) -> Path:
    """Render and write atomically (an existing file is replaced only on success)."""
    return write_atomic(Path(path), render_tagged_pdf(document), "document")
