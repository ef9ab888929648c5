"""The tagged publication PDF read back with pypdf and pdftotext: a structure tree with
headings in order, figures with alternative text, tables with header cells; /Lang,
the title shown, PDF/UA identification, every font embedded, bookmarks; and the same
numbering and font as the restricted (ReportLab) PDF of the same document."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from dhrdesk.documents import pdf_tagged
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pdf_tagged import render_tagged_pdf, write_tagged_pdf
from dhrdesk.documents.readback_a11y import structure_texts, tagged_pdf_units
from tests.documents.a11y_fixture import HOSTILE, UNICODE, sample_document
from tests.documents.helpers import pages_text

MARKING = "OFFICIAL-SENSITIVE"
BASE14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfReader]:
    folder = tmp_path_factory.mktemp("tagged")
    path = write_tagged_pdf(sample_document(marking=MARKING), folder / "overview.pdf")
    return path, PdfReader(io.BytesIO(path.read_bytes()))


def _elements(reader: PdfReader) -> list[DictionaryObject]:
    """Structure elements in reading order (depth first)."""
    out: list[DictionaryObject] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                out.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def test_catalog_language_title_and_pdfua_identification(tagged) -> None:
    _, reader = tagged
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == "DHR 2025/11 – Overview report"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "en-GB" in xmp


def test_headings_in_order_in_the_structure_tree(tagged) -> None:
    _, reader = tagged
    headings = [
        (int(str(e["/S"])[2]), str(e.get("/T", "")))
        for e in _elements(reader)
        if re.fullmatch(r"/H[1-6]", str(e["/S"]))
    ]
    assert headings[0] == (1, "Overview Report into the death of Adult A")
    levels = [level for level, _ in headings]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"
    titles = [title for level, title in headings if level == 2]
    assert titles == [
        "Version control",
        "Condolences",
        "Contents",
        "1 Introduction",
        "2 Contributors to the review",
        "3 Themes",
        "Endnotes",
        "Appendix A Action plan",
    ]
    assert (3, "Deep heading first") in headings


def test_every_figure_has_alternative_text(tagged) -> None:
    _, reader = tagged
    figures = [e for e in _elements(reader) if e["/S"] == "/Figure"]
    assert len(figures) == 2
    for figure in figures:
        assert str(figure.get("/Alt", "")).startswith(("Bar chart:", "Line chart:"))
    alts = structure_texts(reader)["/Alt"]
    assert any("Information sharing: 5" in alt for alt in alts)


def test_every_table_has_header_cells(tagged) -> None:
    _, reader = tagged
    elements = _elements(reader)
    tables = [e for e in elements if e["/S"] == "/Table"]
    assert len(tables) == 3  # version control, contributors, action plan

    def kinds(node) -> list[str]:
        found = [str(e["/S"]) for e in _elements_under(node)]
        return found

    for table in tables:
        inside = kinds(table)
        assert "/TH" in inside and "/TD" in inside and "/TR" in inside


def _elements_under(node) -> list[DictionaryObject]:
    out: list[DictionaryObject] = []

    def walk(item) -> None:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            for child in item:
                walk(child)
        elif isinstance(item, DictionaryObject) and "/S" in item:
            out.append(item)
            if "/K" in item:
                walk(item["/K"])

    walk(node.get("/K"))
    return out


def test_lists_paragraphs_and_quote_are_tagged(tagged) -> None:
    _, reader = tagged
    kinds = {str(e["/S"]) for e in _elements(reader)}
    assert {"/P", "/L", "/LI", "/BlockQuote", "/TOC", "/TOCI", "/Document"} <= kinds


def _fonts(resources, seen: set[int]) -> list[DictionaryObject]:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return []
    out = [f.get_object() for f in resources.get("/Font", DictionaryObject()).values()]
    for xobject in resources.get("/XObject", DictionaryObject()).values():
        ref = getattr(xobject, "idnum", None)
        if ref in seen:
            continue
        seen.add(ref)
        out += _fonts(xobject.get_object().get("/Resources"), seen)
    return out


def test_every_font_is_embedded_and_none_is_base14(tagged) -> None:
    _, reader = tagged
    seen: set[int] = set()
    fonts = []
    for page in reader.pages:
        fonts += _fonts(page.get("/Resources"), seen)
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
        assert base not in BASE14
        descriptor_owner = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descriptor_owner["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base


def test_bookmarks_follow_the_headings(tagged) -> None:
    _, reader = tagged
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "Version control",
        "Condolences",
        "Contents",
        "1 Introduction",
        "2 Contributors to the review",
        "3 Themes",
        "Endnotes",
        "Appendix A Action plan",
    ]


def test_text_numbers_marking_and_landscape(tagged) -> None:
    path, reader = tagged
    pages = pages_text(path, layout=False)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert page.count(MARKING) == 2, f"page {number}: marking not in header and footer"
        assert f"Page {number} of {total}" in page
    text = "\n".join(pages)
    for number in sample_document().paragraph_numbers():
        assert re.search(rf"^{re.escape(number)}\s", text, re.MULTILINE), number
    assert UNICODE in text
    assert HOSTILE in " ".join(text.split())
    last = reader.pages[-1].mediabox
    assert last.width > last.height  # the action plan appendix is landscape


def test_readback_units_include_structure_texts(tagged) -> None:
    path, _ = tagged
    units = tagged_pdf_units(path, "Overview")
    places = {u.where for u in units}
    assert "Overview (written PDF) › structure tree alternative text" in places
    assert "Overview (written PDF) › bookmarks" in places
    everything = "\n".join(u.text for u in units)
    assert "Bar chart: Themes by number of reviews." in everything
    assert "Eastbrook Community Safety Partnership" in everything  # author property


def test_publication_edition_without_marking() -> None:
    data = render_tagged_pdf(sample_document())
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert MARKING not in text
    assert "Page 1 of" in text


def test_same_numbering_and_font_as_the_restricted_pdf(tagged, tmp_path: Path) -> None:
    from dhrdesk.documents.pdf import write_pdf

    document = sample_document(marking=MARKING)
    restricted = write_pdf(document, tmp_path / "restricted.pdf")
    path, reader = tagged

    def numbers(pdf: Path) -> list[str]:
        text = "\n".join(pages_text(pdf, layout=False))
        wanted = document.paragraph_numbers()
        return [n for n in wanted if re.search(rf"^{re.escape(n)}\s", text, re.MULTILINE)]

    assert numbers(restricted) == numbers(path) == document.paragraph_numbers()

    def faces(pdf: PdfReader) -> set[str]:
        found: set[str] = set()
        for page in pdf.pages:
            for font in _fonts(page.get("/Resources"), set()):
                found.add(str(font["/BaseFont"]).split("+")[-1].split("-")[0])
        return found

    # ReportLab's canvas also names an unused Helvetica; the tagged PDF names none.
    assert faces(PdfReader(str(restricted))) - {"/Helvetica"} == faces(reader)


def test_a_typst_failure_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    original = pdf_tagged.document_json

    def broken(document, family="x"):
        data = original(document, family)
        data["groups"][0]["parts"][0]["blocks"].append({"t": "table", "header": ["x"]})
        return data

    monkeypatch.setattr(pdf_tagged, "document_json", broken)
    with pytest.raises(DocumentError, match="tagged PDF could not be written"):
        render_tagged_pdf(sample_document())


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "overview.pdf"
    target.write_bytes(b"yesterday")
    monkeypatch.setattr(pdf_tagged, "TEMPLATE", ("typst", "missing.typ"))
    with pytest.raises(Exception, match="missing"):
        write_tagged_pdf(sample_document(), target)
    assert target.read_bytes() == b"yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["overview.pdf"]


def test_merged_cells_are_spans_in_the_structure_tree(tagged) -> None:
    _, reader = tagged
    spans = []
    for element in _elements(reader):
        if element["/S"] == "/TD" and "/A" in element:
            attributes = element["/A"].get_object()
            items = attributes if isinstance(attributes, ArrayObject) else [attributes]
            for item in items:
                item = item.get_object()
                if isinstance(item, DictionaryObject) and "/RowSpan" in item:
                    spans.append(int(item["/RowSpan"]))
    assert 2 in spans


def test_reproducible_and_safe_from_worker_threads() -> None:
    """The same document gives the same bytes (the manifest's hash is stable), also when
    the GUI renders it off the main thread."""
    import threading

    expected = render_tagged_pdf(sample_document())
    results: list[bytes] = []
    errors: list[BaseException] = []

    def job() -> None:
        try:
            results.append(render_tagged_pdf(sample_document()))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [expected, expected]


def test_readback_dispatch_and_an_untagged_pdf(tagged, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from dhrdesk.documents.readback_a11y import file_units

    path, _ = tagged
    assert file_units(path, "pdf", "Overview") == tagged_pdf_units(path, "Overview")
    plain_pdf = tmp_path / "plain.pdf"
    drawing = canvas.Canvas(str(plain_pdf))
    drawing.drawString(72, 720, "No structure here")
    drawing.save()
    texts = structure_texts(PdfReader(str(plain_pdf)))
    assert all(values == [] for values in texts.values())
    units = file_units(plain_pdf, "pdf", "Plain")
    assert any("No structure here" in u.text for u in units)
    with pytest.raises(ValueError):
        file_units(plain_pdf, "odt", "Plain")


def test_page_text_reads_table_cells_one_by_one(tagged) -> None:
    """pypdf joins a row's cells with a space ("1.0 6 March 2026 Chair"); the gate's
    read-back takes the cells one by one, as a screen reader does, and loses no word."""
    from dhrdesk.documents.readback_a11y import page_texts

    _, reader = tagged
    texts = page_texts(reader)
    assert len(texts) == len(reader.pages)
    for page, text in zip(reader.pages, texts, strict=True):
        # The same characters (pypdf sometimes glues two cells: "Complete1").
        assert "".join(text.split()) == "".join((page.extract_text() or "").split())
    everything = "\n".join(texts)
    assert "\n1.0\n6 March 2026\nChair\nFirst draft" in everything
    assert "Eastbrook Police\nIMR" in everything
    units = tagged_pdf_units(tagged[0], "Overview")
    page_units = [u for u in units if u.where == "Overview (written PDF) › page 2"]
    assert page_units and "1.0\n6 March 2026" in page_units[0].text


def test_the_template_loads_nothing_from_outside() -> None:
    """Typst fetches a package only for an `#import "@preview/..."` and reads files only
    when the template names them: ours does neither (the document arrives as data)."""
    from dhrdesk.core.resources import required_resource

    template = required_resource(*pdf_tagged.TEMPLATE).read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in template.splitlines())
    assert "@preview" not in code and "#import" not in code and "#include" not in code
    assert re.search(r"\b(read|image|json|csv|xml|yaml|toml|cbor)\(\s*\"", code) is None


def test_no_blank_page_before_a_landscape_part(tmp_path: Path) -> None:
    """A landscape appendix that starts a new page (as the overview's action plan does)
    left a blank page before it."""
    document = sample_document(marking=MARKING)
    for section in document.sections:
        if section.landscape:
            section.new_page = True
    path = write_tagged_pdf(document, tmp_path / "overview.pdf")
    for number, page in enumerate(pages_text(path, layout=False), start=1):
        words = [
            line
            for line in page.splitlines()
            if line.strip() and MARKING not in line and "Page " not in line and "·" not in line
        ]
        assert words, f"page {number} is blank"
