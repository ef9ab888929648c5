"""The DOCX backend read back with python-docx (and the PDF of the same document with pypdf):
the same headings, the same paragraph numbers, marking in every section, fields, tables,
landscape sections, clean properties, exact Unicode names."""

from __future__ import annotations

import copy
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from pypdf import PdfReader

from dhrdesk import cli
from dhrdesk.core import model as m
from dhrdesk.core.profiles import get_profile
from dhrdesk.documents.builders import build_document
from dhrdesk.documents.docx import render_docx, write_docx
from dhrdesk.documents.model import Document, Paragraph, Section
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pdf import write_pdf
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import fixture_review as fx
from tests.documents.helpers import docx_numbers

MARKING = "OFFICIAL-SENSITIVE"
REAL_NAME = "Marguerite Kowalczyk-Ó Dálaigh"
FAMILY_TEXT = (
    "Family and friends who spoke to the panel: Zoë's brother Łukasz, her friend "
    "Nguyễn Thị Lan and her sister Siobhán O'Neill-Nowak."
)
UNICODE_NAMES = ("Zoë", "Łukasz", "Nguyễn Thị Lan", "Siobhán O'Neill-Nowak", fx.UNICODE_AGENCY)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """One store with the fictional review (a real name in its register); the overview and
    the action plan built once and written as DOCX and PDF."""
    folder = tmp_path_factory.mktemp("docx")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    try:
        rid = fx.populate(store)
        store.repos.records.save(
            m.RegisterEntry(rid, "full_name", REAL_NAME, replacement="Adult A")
        )
        store.repos.records.save(m.FamilyMember(rid, REAL_NAME, relationship="mother"))
        store.repos.drafting.save_section(
            m.ReportSection(rid, "overview", "family_involvement", [fx.para(FAMILY_TEXT)])
        )
        out = {"folder": folder, "store_path": path}
        for kind in ("overview", "action-plan"):
            document = build_document(store, fx.REF, kind)
            out[kind] = (
                document,
                write_docx(document, folder / f"{kind}.docx"),
                write_pdf(document, folder / f"{kind}.pdf"),
            )
    finally:
        store.close()
    return out


def _word(path: Path):
    return docx.Document(str(path))


def _styled(word, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style.name == style]


def _all_text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


# ------------------------------------------------------------------------ structure
def test_section_headings_match_the_model_and_the_profile_order(built):
    document, path, _ = built["overview"]
    headings = [
        " ".join(f"{number} {text}".split())
        for number, style, text in docx_numbers(path)
        if style == "Heading1"
    ]
    assert headings == [part.heading for part in document.parts()]
    titles = [spec.title for spec in get_profile("dhr-2016").overview_sections]
    numbered = [h.split(" ", 1)[1] for h in headings if h[0].isdigit()]
    assert numbered == titles
    assert "Endnotes" in headings
    assert headings.index("Endnotes") < headings.index("Appendix A Terms of reference")


def test_paragraph_numbers_are_the_models_and_the_pdfs(built):
    document, path, pdf_path = built["overview"]
    listed = docx_numbers(path)
    numbers = [number for number, style, _ in listed if style == "DHRNumbered"]
    assert numbers == document.paragraph_numbers()
    # real Word list numbering: numPr on the numbered paragraphs or their style, no text
    assert not any(re.match(r"^\d+\.\d+\t", text) for _, _, text in listed)
    assert len(numbers) > 20
    pages = [page.extract_text() for page in PdfReader(pdf_path).pages]
    first_body = next(i for i, page in enumerate(pages) if "Contents" in page) + 1
    text = "\n".join(pages[first_body:])  # after the version table and the contents
    pattern = re.compile(r"(?m)^\s*([0-9A-Z]{1,2}\.\d{1,3})\s")
    assert set(pattern.findall(text)) == set(numbers)


def test_chair_and_generated_paragraphs_share_the_numbering(built):
    document, path, _ = built["overview"]
    chair = next(n for n, _, t in docx_numbers(path) if fx.CHAIR_TIMESCALES in t)
    section = document.section("timescales")
    expected = next(n for n, b in section.numbered_blocks() if getattr(b, "origin", "") == "chair")
    assert chair == expected


def test_marking_in_every_section_header_and_footer(built):
    for kind in ("overview", "action-plan"):
        _, path, _ = built[kind]
        word = _word(path)
        assert len(word.sections) >= 1
        for index, section in enumerate(word.sections):
            assert not section.header.is_linked_to_previous
            header = [p.text for p in section.header.paragraphs]
            footer = [p.text for p in section.footer.paragraphs]
            assert MARKING in header, f"{kind} section {index}: no marking in the header"
            assert MARKING in footer, f"{kind} section {index}: no marking in the footer"


def test_no_marking_without_one(built):
    document, _, _ = built["overview"]
    public = copy.copy(document)
    public.marking = None
    word = docx.Document(io.BytesIO(render_docx(public)))
    for section in word.sections:
        furniture = [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        assert not any(MARKING in text for text in furniture)
        assert any("Page" in text for text in furniture), "page numbers stay"


def test_page_x_of_y_fields_in_every_footer(built):
    _, path, _ = built["overview"]
    for section in _word(path).sections:
        xml = section.footer._element.xml
        instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
        assert [i.strip() for i in instructions] == ["PAGE", "NUMPAGES"]
        assert "Page 1 of 1" in "".join(p.text for p in section.footer.paragraphs)


def test_action_plan_appendix_is_a_landscape_section(built):
    _, path, _ = built["overview"]
    word = _word(path)
    orientations = [s.orientation for s in word.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = word.sections[1]
    assert landscape.page_width > landscape.page_height
    # The landscape section ends right after the action plan: the next heading is the glossary.
    body = word.element.body
    breaks = [
        p for p in body.iter(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None
    ]
    assert len(breaks) == 2
    # the break sits in the last paragraph of the section it ends (no empty paragraph
    # that could spill onto a page of its own); the next heading is the glossary
    following = breaks[1].getnext()
    assert "Glossary" in "".join(following.itertext())
    numbers = {text: n for n, style, text in docx_numbers(path) if style == "Heading1"}
    assert numbers["Glossary"] == "Appendix C"
    plan, plan_path, _ = built["action-plan"]
    assert [s.orientation for s in _word(plan_path).sections] == [WD_ORIENT.LANDSCAPE]


def test_tables_repeat_their_header_row_and_have_borders(built):
    _, path, _ = built["action-plan"]
    word = _word(path)
    body_tables = word.tables[1:]  # the first is the cover's facts
    plan = next(t for t in body_tables if t.rows[0].cells[0].text == "Recommendation")
    assert len(plan.rows) > fx.RECOMMENDATIONS
    for table in body_tables:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
        # rows never split across pages; only the first repeats as a header
        for row in table.rows:
            assert row._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
        assert all(
            r._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None for r in table.rows[1:]
        )


def test_contents_is_a_toc_field_prefilled_from_the_model(built):
    document, path, _ = built["overview"]
    word = _word(path)
    xml = word.element.body.xml
    assert re.search(r'TOC \\o "1-1" \\h', xml)
    entries = [e.split("\t")[0] for e in _styled(word, "toc 1")]
    assert entries == [e.text for e in document.contents_entries()]
    # page numbers are there when the file is first opened, and Word refreshes them
    pages = [e.split("\t")[1] for e in _styled(word, "toc 1")]
    assert all(p.isdigit() for p in pages) and pages == sorted(pages, key=int)
    assert re.search(r"PAGEREF _TocDhrPart0 \\h", xml)
    assert word.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert not _styled(word, "DHR Note")  # no instruction text in the body
    anchors = re.findall(r'w:anchor="([^"]+)"', xml)
    bookmarks = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert anchors and set(anchors) <= bookmarks


def test_cover_has_the_same_facts_as_the_pdf_cover(built):
    document, path, _ = built["overview"]
    word = _word(path)
    cover = word.tables[0]
    rows = [(r.cells[0].text, r.cells[1].text) for r in cover.rows]
    assert rows == [
        (label, value or "Not yet recorded") for label, value in document.cover_details()
    ]
    title = "\n".join(_styled(word, "DHR Cover Kicker") + _styled(word, "DHR Cover Title"))
    assert title == "\n".join(document.title_lines())
    version = next(t for t in word.tables if t.rows[0].cells[0].text == "Version")
    assert len(version.rows) == len(document.version_history) + 1


# ----------------------------------------------------------------------------- text
def test_unicode_names_are_exact(built):
    _, path, _ = built["overview"]
    text = _all_text(_word(path))
    for name in UNICODE_NAMES:
        assert name in text, name
        assert unicodedata.normalize("NFC", name) in text


def test_runs_endnotes_and_markup_as_typed(built):
    document, path, _ = built["overview"]
    word = _word(path)
    listed = docx_numbers(path)
    endnotes = [f"{n}\t{t}" for n, style, t in listed if style == "DHROrdered"]
    assert f"1.\t{fx.NOTE_1}" in endnotes and f"2.\t{fx.NOTE_2}" in endnotes
    analysis = next(p for p in word.paragraphs if "completed a DASH risk assessment" in p.text)
    supers = [r.text for r in analysis.runs if r.font.superscript]
    assert supers == ["1"]
    assert any(r.bold and "DASH" in r.text for r in analysis.runs)
    assert "(chronology: 3 April 2024, Northmoor Police)" in analysis.text
    second = next(p for p in word.paragraphs if "No IDVA was allocated" in p.text)
    assert [r.text for r in second.runs if r.font.superscript] == ["2"]
    assert any(r.italic and "IDVA" in r.text for r in second.runs)
    assert "Markup such as <b>this</b> & that prints as typed." in second.text
    quote = _styled(word, "DHR Quotation")
    assert quote == ["She was walking on eggshells."]
    assert word.styles["DHR Quotation"].font.italic
    assert any(
        n == "•" and t.startswith("First point.") for n, style, t in listed if style == "DHRBullet"
    )
    bullet = next(p for p in word.paragraphs if p.text.startswith("First point."))
    assert bullet._p.find(qn("w:pPr") + "/" + qn("w:numPr")) is not None  # a Word list


def test_headings_use_builtin_styles_with_outline_levels(built):
    _, path, _ = built["overview"]
    word = _word(path)
    assert "Risk identification" in _styled(word, "Heading 2")
    for name in ("Heading 1", "Heading 2"):
        outline = word.styles[name].element.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
        assert outline is not None


def test_font_is_the_pdfs_embedded_with_a_windows_and_mac_substitute(built):
    from dhrdesk.documents import fonts
    from dhrdesk.documents.docx_styles import obfuscate_font

    _, path, pdf_path = built["overview"]
    archive = zipfile.ZipFile(path)
    styles = archive.read("word/styles.xml").decode()
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)[0]
    assert 'w:ascii="Liberation Sans"' in defaults and "asciiTheme" not in defaults
    assert b"LiberationSans" in pdf_path.read_bytes()  # the PDF embeds the same face
    table = archive.read("word/fontTable.xml").decode()
    assert '<w:altName w:val="Arial"/>' in table
    keys = dict(re.findall(r'<w:(embed\w+) r:id="[^"]+" w:fontKey="([^"]+)"', table))
    assert set(keys) == {"embedRegular", "embedBold", "embedItalic", "embedBoldItalic"}
    # the embedded file, de-obfuscated with its key, is the shipped font
    regular = archive.read("word/fonts/font1.odttf")
    assert (
        obfuscate_font(regular, keys["embedRegular"]) == fonts.font_path(fonts.FAMILY).read_bytes()
    )
    settings = archive.read("word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings
    assert re.search(r'compatibilityMode" [^>]*w:val="15"', settings)  # not compatibility mode


def test_properties_hold_no_names_paths_or_template_leftovers(built):
    folder = built["folder"]
    for kind in ("overview", "action-plan"):
        document, path, _ = built[kind]
        props = _word(path).core_properties
        assert props.author == "DHR Desk"
        assert props.last_modified_by == "DHR Desk"
        assert props.comments == ""
        assert props.title == document.metadata["title"] and fx.REF in props.title
        for value in (
            props.title,
            props.subject,
            props.keywords,
            props.author,
            props.last_modified_by,
            props.comments,
            props.category,
        ):
            assert REAL_NAME.casefold() not in (value or "").casefold()
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert not any("thumbnail" in n for n in names)
            for name in names:
                data = archive.read(name)
                assert str(folder).encode() not in data, name
                if name.startswith("docProps/"):
                    assert b"python-docx" not in data and b"Microsoft" not in data
                    assert REAL_NAME.encode() not in data


def test_hostile_text_is_text(tmp_path):
    document = Document(
        title="Domestic Homicide Review – Test <w:p/> & co into the death of A <b> & C",
        kind="overview",
        review_type="Domestic Homicide Review",
        reference="DHR 2099/99",
        subject_pseudonym="A <b> & C",
        csp="CSP",
        month_year_of_death="March 2026",
        chair="Chair",
        version="0.1",
        date=__import__("datetime").date(2026, 3, 6),
        marking=MARKING,
        sections=[
            Section(1, "Odd text", [Paragraph('</w:t></w:r><w:r>"x" \x01bell\x0b and tab\there')])
        ],
    )
    word = docx.Document(io.BytesIO(render_docx(document)))
    numbered = _styled(word, "DHR Numbered Paragraph")
    assert numbered == ['</w:t></w:r><w:r>"x" bell and tab\there']
    cover_title = "\n".join(_styled(word, "DHR Cover Title"))
    assert cover_title == "Test <w:p/> & co into the death of\nA <b> & C"


def test_write_is_atomic(built, tmp_path, monkeypatch):
    document, _, _ = built["overview"]
    target = tmp_path / "report.docx"
    target.write_bytes(b"yesterday's copy")
    import dhrdesk.documents.docx as backend

    def broken(_document):
        raise DocumentError("boom")

    monkeypatch.setattr(backend, "render_docx", broken)
    with pytest.raises(DocumentError):
        backend.write_docx(document, target)
    assert target.read_bytes() == b"yesterday's copy"
    assert list(tmp_path.iterdir()) == [target]
    with pytest.raises(DocumentError):
        write_docx(document, tmp_path / "missing" / "x.docx")


def test_cli_report_docx(built, capsys):
    secret = built["folder"] / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    out = built["folder"] / "cli.docx"
    code = cli.main(
        [
            "--store",
            str(built["store_path"]),
            "--passphrase-file",
            str(secret),
            "report",
            fx.REF,
            "--document",
            "executive-summary",
            "--format",
            "docx",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr()
    word = _word(out)
    assert "Executive summary" in word.sections[0].footer.paragraphs[1].text
    assert _styled(word, "DHR Numbered Paragraph")
