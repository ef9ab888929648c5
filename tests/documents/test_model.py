"""The model decides paragraph numbers once, for every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.documents.model import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
    format_date,
)


def _doc(sections: list[Section]) -> Document:
    return Document(
        title="t",
        kind="overview",
        review_type="Domestic Homicide Review",
        reference="DHR 1",
        subject_pseudonym="Adult A",
        csp="CSP",
        month_year_of_death="March 2026",
        chair="Chair",
        version="0.1",
        date=dt.date(2026, 3, 6),
        marking=None,
        sections=sections,
    )


def test_numbering_runs_through_a_section_and_skips_unnumbered_blocks():
    section = Section(
        7,
        "Contributors",
        [
            Paragraph("a"),
            Heading("Agencies"),
            Paragraph("b"),
            Paragraph("note", numbered=False),
            BulletList(["x", "y"]),
            Table(["h"], [["c"]]),
            Paragraph("c"),
        ],
    )
    numbers = [n for n, _ in section.numbered_blocks()]
    assert numbers == ["7.1", None, "7.2", None, None, None, "7.3"]


def test_numbering_restarts_per_section_and_appendices_use_their_letter():
    doc = _doc(
        [
            Section(1, "Introduction", [Paragraph("a"), Paragraph("b")]),
            Section(2, "Timescales", [Paragraph("c")]),
            Section("A", "Terms of reference", [Paragraph("d")]),
            Section(None, "Glossary", [Paragraph("e"), Paragraph("f")]),
        ]
    )
    assert doc.paragraph_numbers() == ["1.1", "1.2", "2.1", "A.1", "1", "2"]
    assert [s.heading for s in doc.sections] == [
        "1 Introduction",
        "2 Timescales",
        "A Terms of reference",
        "Glossary",
    ]


def test_table_rows_must_match_the_header():
    with pytest.raises(ValueError):
        Table(["a", "b"], [["only one"]])
    with pytest.raises(ValueError):
        Table(["a", "b"], [["1", "2"]], col_widths=[1.0])


def test_dates_are_uk_long_form_without_locale():
    assert format_date(dt.date(2026, 3, 6)) == "6 March 2026"
    assert _doc([]).cover_details()[-1] == ("Date", "6 March 2026")


def test_running_title_names_reference_kind_and_version():
    assert _doc([]).running_title == "DHR 1 · Overview report · Version 0.1"


def test_cover_title_keeps_the_pseudonym_on_its_own_line():
    doc = _doc([])
    doc.title = "Domestic Homicide Review – Overview Report into the death of Adult A"
    assert doc.title_lines() == [
        "Domestic Homicide Review",
        "Overview Report into the death of",
        "Adult A",
    ]
    doc.title = "Action plan"
    assert doc.title_lines() == ["Action plan"]
