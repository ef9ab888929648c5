"""Reading a written file back, for the second scan of the publication gate.

The first scan reads the document model; this one reads the *file*, as a reader
of the published report would: so anything a backend adds on its own (a footer,
a file property, an outline title, a stray XML part) is checked as well.

* PDF: the text of every page through PDFium (pypdf if PDFium fails) and, when the ``pdftotext`` binary
  is installed, through ``pdftotext -layout``; the outline (bookmarks); the
  document information dictionary; the XMP packet if there is one.
* DOCX: through python-docx (body paragraphs, tables, headers and footers, core
  properties) and, to catch anything python-docx does not expose, the text of
  every XML part of the zip with the tags removed.

Extraction may break a word across lines ("Siob-\\nhán") or put a line break in
the middle of a name, so each text is also given with line breaks joined and
with hyphen-newline removed.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from dhrdesk.core.anonymise import TextUnit


def variants(text: str) -> list[str]:
    """The text as extracted, with line breaks joined, and with hyphenation undone."""
    joined = " ".join(text.split())
    dehyphenated = re.sub(r"[-\u00ad\u2010\u2011]\s*\n\s*", "", text)
    dehyphenated = " ".join(dehyphenated.split())
    out = [text]
    for extra in (joined, dehyphenated):
        if extra not in out:
            out.append(extra)
    return out


JOINED = " (lines joined)"
DEHYPHENATED = " (hyphenation undone)"


def _units(where: str, text: str) -> list[TextUnit]:
    """The raw text, then the joined and de-hyphenated versions (their place says so:
    the gate looks only for names in those, since joining table cells can make a
    number and a month look like a date)."""
    if not text or not text.strip():
        return []
    out = variants(text)
    units = [TextUnit(where, out[0])]
    joined = " ".join(text.split())
    for version in out[1:]:
        units.append(TextUnit(where + (JOINED if version == joined else DEHYPHENATED), version))
    return units


# ---------------------------------------------------------------------------------- PDF
def _outline_titles(outline, out: list[str]) -> None:
    for item in outline:
        if isinstance(item, list):
            _outline_titles(item, out)
        else:
            title = getattr(item, "title", None)
            if title:
                out.append(str(title))


def _page_texts(data: bytes, reader) -> list[str]:  # a pypdf reader
    """Each page's text through PDFium (an extractor independent of the writer, fast, and
    bundled on every platform for the preview); pypdf when PDFium cannot read the file."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            texts = []
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                # One line per text segment: table cells and layout columns are not
                # run together (a version "0.1" beside "December 2026" is no date).
                segments = [
                    textpage.get_text_bounded(*textpage.get_rect(i))
                    for i in range(textpage.count_rects())
                ]
                texts.append("\n".join(segments))
                textpage.close()
                page.close()
            return texts
        finally:
            document.close()
    except Exception:  # fall back to the second extractor, never skip
        return [page.extract_text() or "" for page in reader.pages]


def pdf_units(path: Path, label: str) -> list[TextUnit]:
    """Every text a reader (or a search engine) can get out of the PDF at ``path``."""
    from pypdf import PdfReader

    data = Path(path).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    units: list[TextUnit] = []
    for number, text in enumerate(_page_texts(data, reader), start=1):
        units += _units(f"{label} (written PDF) › page {number}", text)
    titles: list[str] = []
    try:
        _outline_titles(reader.outline, titles)
    except Exception:  # a damaged outline must not hide the other texts
        titles.append("")
    units += _units(f"{label} (written PDF) › bookmarks", "\n".join(titles))
    for key, value in (reader.metadata or {}).items():
        units += _units(f"{label} (written PDF) › file properties › {key.lstrip('/')}", str(value))
    root: Any = reader.trailer["/Root"]
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
        units += _units(f"{label} (written PDF) › XMP metadata", _strip_tags(xmp))
    binary = shutil.which("pdftotext")
    if binary:
        done = subprocess.run(  # fixed binary, our own file
            [binary, "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=False,
            timeout=300,
        )
        if done.returncode == 0:
            pages = done.stdout.decode("utf-8", "replace").split("\f")
            for number, text in enumerate(pages, start=1):
                units += _units(f"{label} (written PDF, layout) › page {number}", text)
    return units


# --------------------------------------------------------------------------------- DOCX
_TIMESTAMPS = re.compile(
    r"<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*>.*?</\1>", re.DOTALL
)
_LABEL_ATTRIBUTES = re.compile(r'\s(?:\w+:)?(?:descr|title|name|alias|tag)="([^"]*)"')


def _strip_tags(xml: str) -> str:
    """The text of an XML part: element text, plus the attributes that carry words a
    reader can see (alternative text, titles, names); the file's own timestamps left
    out (they are when the file was made, not a fact of the case)."""
    xml = _TIMESTAMPS.sub("", xml)
    labels = " \n".join(html.unescape(v) for v in _LABEL_ATTRIBUTES.findall(xml) if v.strip())
    xml = re.sub(r"</w:p>|<w:br\s*/>|<w:tab\s*/>|</a:p>|</dc:[^>]*>|</cp:[^>]*>", "\n", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml)) + ("\n" + labels if labels else "")


def _docx_table_text(table) -> list[str]:
    out: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            out.append(cell.text)
            for inner in cell.tables:
                out += _docx_table_text(inner)
    return out


def docx_units(path: Path, label: str) -> list[TextUnit]:
    """Every text of the DOCX at ``path``: python-docx's view, then every XML part raw."""
    import docx

    units: list[TextUnit] = []
    document = docx.Document(str(path))
    body = [p.text for p in document.paragraphs]
    for table in document.tables:
        body += _docx_table_text(table)
    units += _units(f"{label} (written DOCX) › body", "\n".join(body))
    for index, section in enumerate(document.sections, start=1):
        for part_name in (
            "header",
            "footer",
            "first_page_header",
            "first_page_footer",
            "even_page_header",
            "even_page_footer",
        ):
            part = getattr(section, part_name)
            if part.is_linked_to_previous and index > 1:
                continue
            texts = [p.text for p in part.paragraphs]
            for table in part.tables:
                texts += _docx_table_text(table)
            units += _units(
                f"{label} (written DOCX) › section {index} {part_name.replace('_', ' ')}",
                "\n".join(texts),
            )
    props = document.core_properties
    for name in (
        "title",
        "subject",
        "author",
        "keywords",
        "comments",
        "category",
        "last_modified_by",
        "content_status",
        "identifier",
        "description" if hasattr(props, "description") else "version",
    ):
        value = getattr(props, name, None)
        if value:
            units += _units(f"{label} (written DOCX) › file properties › {name}", str(value))
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            xml = archive.read(info).decode("utf-8", "replace")
            units += _units(f"{label} (written DOCX) › part {info.filename}", _strip_tags(xml))
    return units


def file_units(path: Path, fmt: str, label: str) -> list[TextUnit]:
    """The read-back texts of a written file (``fmt`` "pdf" or "docx")."""
    if fmt == "pdf":
        return pdf_units(path, label)
    if fmt == "docx":
        return docx_units(path, label)
    raise ValueError(f"unknown format {fmt!r}")
