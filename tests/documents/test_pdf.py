"""The overview PDF read back with pypdf and pdftotext: what a chair, the panel and the
Home Office would check on paper (marking, page numbers, contents, numbering, names)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk.documents import ReviewDetails, build_overview_skeleton, write_pdf
from dhrdesk.documents.model import BulletList, Heading, Paragraph, Section, Table
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents.helpers import nonblank_lines, pages_text

MARKING = "OFFICIAL-SENSITIVE"
UNICODE_NAMES = "Zoë Łukasz Nguyễn Siobhán"
# A "real name" typed into the free-text review title: it may appear in the
# restricted body but never in the file's metadata.
REAL_NAME = "Marguerite Kowalczyk-Ó Dálaigh"
REFERENCE = "DHR 2025/11"

FILLER = (
    "The panel read the records of each agency in turn and compared them with the account "
    "given by the family, noting where the agencies' understanding of the risk differed."
)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory):
    """One store, one overview with extra sections (several pages), rendered once."""
    folder = tmp_path_factory.mktemp("pdf")
    store = Store.create(folder / "s.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    try:
        store.repos.reviews.create(REFERENCE, title=f"Review concerning {REAL_NAME}")
        details = ReviewDetails(
            pseudonym="Adult C",
            csp="Eastbrook Community Safety Partnership",
            month_year_of_death="November 2025",
            chair="Independent chair (test)",
            introduction=[f"Family members who spoke to the panel: {UNICODE_NAMES}."],
        )
        document = build_overview_skeleton(store, REFERENCE, details=details)
    finally:
        store.close()
    document.sections += [
        Section(
            3,
            "Timescales",
            [Paragraph(FILLER) for _ in range(9)]
            + [Heading("Pauses"), Paragraph("This paragraph is not numbered.", numbered=False)]
            + [Paragraph(FILLER) for _ in range(6)],
        ),
        Section(
            4,
            "Contributors to the review",
            [
                Paragraph("Agencies that contributed:"),
                BulletList(["Eastbrook Police", "Eastbrook GP practice", "Housing & Support"]),
                Table(["Agency", "Contribution"], [["Eastbrook Police", "IMR"]] * 3, [2, 1]),
            ]
            + [Paragraph(FILLER) for _ in range(10)],
        ),
        Section(5, "Confidentiality", [Paragraph(FILLER) for _ in range(14)], new_page=True),
    ]
    path = write_pdf(document, folder / "overview.pdf")
    return document, path


def test_marking_in_header_and_footer_of_every_page(rich):
    _, path = rich
    pages = pages_text(path)
    assert len(pages) >= 5, "the fixture should span several pages"
    for number, page in enumerate(pages, start=1):
        lines = nonblank_lines(page)
        assert page.count(MARKING) >= 2, f"page {number}: marking not in header and footer"
        assert MARKING in lines[0], f"page {number}: first line is not the marking"
        assert any(MARKING in line for line in lines[-2:]), f"page {number}: no footer marking"


def test_page_x_of_y_on_every_page(rich):
    _, path = rich
    total = len(PdfReader(path).pages)
    pages = pages_text(path)
    assert len(pages) == total
    for number, page in enumerate(pages, start=1):
        assert re.findall(r"Page (\d+) of (\d+)", page) == [(str(number), str(total))]


def _contents_entries(pages: list[str]) -> tuple[int, dict[str, int]]:
    for index, page in enumerate(pages):
        if re.search(r"^\s*Contents\s*$", page, re.M):
            entries = {}
            for line in page.splitlines():
                m = re.match(r"^\s*(\d+ \S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", line)
                if m:
                    entries[m.group(1)] = int(m.group(2))
            return index + 1, entries
    raise AssertionError("no contents page")


def _pages_with_heading(pages: list[str], heading: str, skip: int) -> list[int]:
    number, title = heading.split(" ", 1)
    pattern = re.compile(rf"^\s*{re.escape(number)}\s+{re.escape(title)}\s*$", re.M)
    return [i for i, page in enumerate(pages, start=1) if i != skip and pattern.search(page)]


def test_contents_page_numbers_match_where_headings_are(rich):
    document, path = rich
    pages = pages_text(path)
    contents_page, entries = _contents_entries(pages)
    assert list(entries) == [s.heading for s in document.sections]
    for heading, listed in entries.items():
        found = _pages_with_heading(pages, heading, contents_page)
        assert found == [listed], f"{heading!r}: contents says {listed}, found on {found}"
    # the new_page section really starts a page, so its number differs from its predecessor's
    assert entries["5 Confidentiality"] > entries["4 Contributors to the review"]


def test_bookmarks_name_each_section_and_point_to_its_page(rich):
    document, path = rich
    reader = PdfReader(path)
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    for section in document.sections:
        assert section.heading in titles
    pages = pages_text(path)
    contents_page, entries = _contents_entries(pages)
    for item in top:
        if item.title in entries:
            assert reader.get_destination_page_number(item) + 1 == entries[item.title]


def test_metadata_has_reference_and_pseudonym_but_no_real_name_or_path(rich):
    _, path = rich
    meta = PdfReader(path).metadata
    assert meta.title == f"{REFERENCE} – Domestic Homicide Review – Overview report (Adult C)"
    assert meta.author == "DHR Desk"
    raw_meta = " ".join(str(v) for v in meta.values())
    for forbidden in (REAL_NAME, "Kowalczyk", str(path.parent), path.name, "/tmp"):
        assert forbidden not in raw_meta
    assert str(path.parent).encode() not in path.read_bytes()


def test_real_name_from_title_stays_in_the_restricted_body(rich):
    """The restricted edition is the chair's text as written: the title is there in full."""
    _, path = rich
    assert REAL_NAME in "".join(pages_text(path, layout=False)).replace("\n", " ")


def test_unicode_names_are_extracted_exactly(rich):
    _, path = rich
    assert UNICODE_NAMES in " ".join(pages_text(path, layout=False))
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert UNICODE_NAMES in text
    data = path.read_bytes()
    assert b"LiberationSans" in data and b"/FontFile2" in data  # embedded TrueType subset


def test_paragraph_numbers_in_the_pdf_are_the_models_and_continuous(rich):
    document, path = rich
    pages = pages_text(path)
    contents_page, _ = _contents_entries(pages)
    found = []
    for page in pages[contents_page:]:  # the body (front matter has a "0.1" version row)
        found += re.findall(r"^\s*(\d+\.\d+)\s{2,}\S", page, re.M)
    expected = document.paragraph_numbers()
    assert found == expected
    for section in document.sections:
        mine = [n for n in expected if n.split(".")[0] == str(section.number)]
        assert mine == [f"{section.number}.{i}" for i in range(1, len(mine) + 1)]
    assert "3.10" in found  # numbering continues past the heading and the unnumbered paragraph
    unnumbered = [p for p in pages if "This paragraph is not numbered." in p][0]
    assert re.search(r"^\s*This paragraph is not numbered\.", unnumbered, re.M)


def test_cover_shows_the_front_matter(rich):
    _, path = rich
    cover = pages_text(path)[0]
    for text in (
        "Overview Report into the death of",
        "Adult C",
        "Eastbrook Community Safety Partnership",
        "November 2025",
        "Independent chair (test)",
        REFERENCE,
    ):
        assert text in cover


def test_no_marking_when_marking_is_none(rich, tmp_path: Path):
    document, _ = rich
    published = copy.deepcopy(document)
    published.marking = None
    published.cover_note = None
    path = write_pdf(published, tmp_path / "published.pdf")
    pages = pages_text(path)
    assert not any("OFFICIAL" in page for page in pages)
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))


def test_marking_is_configurable(rich, tmp_path: Path):
    document, _ = rich
    other = copy.deepcopy(document)
    other.marking = "Restricted until publication"
    pages = pages_text(write_pdf(other, tmp_path / "r.pdf"))
    assert all(page.count("Restricted until publication") >= 2 for page in pages)
    assert not any(MARKING in page for page in pages)


def test_text_is_escaped_not_interpreted(rich, tmp_path: Path):
    document, _ = rich
    doc = copy.deepcopy(document)
    doc.sections = [Section(1, "Markup <b>", [Paragraph("A & B <i>not italic</i> 5 < 6")])]
    text = " ".join(pages_text(write_pdf(doc, tmp_path / "e.pdf"), layout=False))
    assert "A & B <i>not italic</i> 5 < 6" in text
    assert "Markup <b>" in text
