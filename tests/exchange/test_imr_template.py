"""The blank IMR template: content, marking, no register data, and a round trip through import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError
from dhrdesk.exchange.chronology_import import guess_mapping, preview, read_table
from dhrdesk.exchange.imr_template import CHRONOLOGY_HEADERS, MARKING, build_imr_template

REAL_NAME = "Jennifer Realname-Secret"
OTHER_AGENCY = "Hidden Other Agency Trust"


@pytest.fixture
def seeded(store):
    review_id = store.repos.reviews.create("DHR 2026/09", "Fictional review")
    victim = m.Subject(review_id=review_id, role="victim", pseudonym="Zoë")
    store.repos.records.save(victim)
    store.repos.records.save(m.Subject(review_id=review_id, role="perpetrator", pseudonym="Adam"))
    store.repos.records.save(
        m.RegisterEntry(
            review_id=review_id,
            kind="full_name",
            value=REAL_NAME,
            replacement="Zoë",
            subject_id=victim.id,
        )
    )
    for number, text in enumerate(
        ["What was known about the abuse?", "Was risk identified and assessed (DASH)?"], start=1
    ):
        store.repos.records.save(m.LineOfEnquiry(review_id=review_id, text=text, sort=number))
    agency = store.repos.agency_input.ensure_agency(review_id, "Northshire Police")
    store.repos.agency_input.ensure_agency(review_id, OTHER_AGENCY)
    request = store.repos.agency_input.request(agency.id)
    request.requested_on = dt.date(2026, 1, 5)
    request.records_secured_on = dt.date(2026, 1, 7)
    request.due_on = dt.date(2026, 3, 1)
    store.repos.agency_input.save_request(request, today=dt.date(2026, 2, 1))
    return store, review_id, agency.id


def _all_text(content: bytes) -> str:
    """Every XML part of the DOCX (body, headers, footers, metadata), as text."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def _body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_template_has_front_sheet_sections_lines_and_chronology(seeded) -> None:
    store, review_id, agency_id = seeded
    content = build_imr_template(store, review_id, agency_id)
    document = docx.Document(io.BytesIO(content))
    text = _body_text(document)
    for expected in (
        "Northshire Police",
        "DHR 2026/09",
        "Domestic Homicide Review",
        "Author name",
        "Author independence statement",
        "Senior manager sign-off",
        "5 January 2026",  # request date
        "7 January 2026",  # records secured
        "What was known about the abuse?",
        "Was risk identified and assessed (DASH)?",
        "Zoë",
        "Adam",
    ):
        assert expected in text, expected
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for _key, title in m.IMR_SECTIONS:
        assert any(title in heading for heading in headings), title
    assert "Agency chronology" in headings
    chronology = document.tables[-1]
    assert [c.text for c in chronology.rows[0].cells] == list(CHRONOLOGY_HEADERS)
    assert len(chronology.rows) >= 3 and all(
        c.text == "" for row in chronology.rows[1:] for c in row.cells
    )


def test_marking_in_every_header_and_footer(seeded) -> None:
    store, review_id, agency_id = seeded
    document = docx.Document(io.BytesIO(build_imr_template(store, review_id, agency_id)))
    assert len(document.sections) == 2
    for section in document.sections:
        assert MARKING in section.header.paragraphs[0].text
        assert MARKING in section.footer.paragraphs[0].text


def test_no_register_data_other_agencies_or_author_metadata(seeded) -> None:
    store, review_id, agency_id = seeded
    content = build_imr_template(store, review_id, agency_id)
    everything = _all_text(content)
    assert REAL_NAME not in everything
    assert "Realname" not in everything
    assert OTHER_AGENCY not in everything
    assert "Test Chair" not in everything  # the store's display name is not the author
    document = docx.Document(io.BytesIO(content))
    assert document.core_properties.author == ""


def test_agency_of_another_review_is_refused(seeded) -> None:
    store, review_id, _ = seeded
    other = store.repos.reviews.create("DHR 2026/10")
    stranger = store.repos.agency_input.ensure_agency(other, "Stranger Agency")
    with pytest.raises(NotFoundError):
        build_imr_template(store, review_id, stranger.id)


def test_filled_template_reads_back_exactly(seeded) -> None:
    store, review_id, agency_id = seeded
    document = docx.Document(io.BytesIO(build_imr_template(store, review_id, agency_id)))
    document.paragraphs[-1].text = "Some analysis written by the agency."
    rows = [
        [
            "03/04/2019",
            "14:30",
            "Call handler log",
            "999 call from Zoë, raised voices",
            "Attended",
            "",
        ],
        ["April 2019", "", "PNC record", "Warning marker added", "", "Should have been earlier"],
        ["2018", "", "Response officer", "Welfare check", "No further action", "Adam present"],
        ["05/04/2019", "", "DASH form", "DASH: medium risk", "Referral, MARAC; IDVA", "£0"],
    ]
    table = document.tables[-1]
    while len(table.rows) < len(rows) + 2:
        table.add_row()
    for row, values in zip(table.rows[1:], rows, strict=False):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)

    raw = read_table("returned-imr.docx", buffer.getvalue())
    assert raw.headers == list(CHRONOLOGY_HEADERS)
    mapping = guess_mapping(raw.headers)
    assert mapping.is_unambiguous
    result = preview(raw, mapping, review_id, agency_id, subjects={"Zoë": 1, "Adam": 2})
    assert result.error_count == 0 and result.ok_count == 4
    got = [
        (e.date, e.time, e.source, e.event, e.action, e.agency_comment)
        for e in (r.entry for r in result.rows)
    ]
    assert got == [
        ("2019-04-03", "14:30", *rows[0][2:]),
        ("2019-04", "", *rows[1][2:]),
        ("2018", "", *rows[2][2:]),
        ("2019-04-05", "", *rows[3][2:]),
    ]


def test_hostile_values_stay_plain_text_in_the_template(seeded) -> None:
    """Text that a spreadsheet would run as a formula (=, +, -, @ at the start) goes into
    the Word template as plain text: it reads back exactly, and the document holds no
    field code (Word's only way to compute or link), so nothing in it runs when opened."""
    store, review_id, _ = seeded
    hostile_agency = "=cmd|' /C calc'!A0"
    hostile_line = '+HYPERLINK("http://example.invalid","Click")'
    hostile_pseudonym = "@SUM(1,2)"
    agency = store.repos.agency_input.ensure_agency(review_id, hostile_agency)
    store.repos.records.save(m.LineOfEnquiry(review_id=review_id, text=hostile_line, sort=3))
    store.repos.records.save(
        m.Subject(review_id=review_id, role="family", pseudonym=hostile_pseudonym)
    )
    content = build_imr_template(store, review_id, agency.id)
    document = docx.Document(io.BytesIO(content))
    text = _body_text(document)
    assert hostile_agency in text.splitlines()  # the front sheet's agency cell, as written
    assert any(line.endswith(hostile_line) for line in text.splitlines())
    assert any(line.startswith(hostile_pseudonym) for line in text.splitlines())
    xml = _all_text(content)
    for field_code in ("<w:fldSimple", "<w:instrText", "<w:fldChar", "<w:hyperlink"):
        assert field_code not in xml
