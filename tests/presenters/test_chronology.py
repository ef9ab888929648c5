"""Combined chronology presenter: loading, the chair's edits, merge/unmerge, the chair's own
rows, the texts of the side panels and the Excel export (read back)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from dhrdesk.core import model as m
from dhrdesk.core.dates import PartialDate
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.chronology import (
    CHAIR_SOURCES,
    NEW_SOURCE,
    ChronologyPresenter,
    neighbours_text,
    safe_file_name,
    status_text,
)


@pytest.fixture
def presenter(store) -> ChronologyPresenter:
    review_id = store.repos.reviews.create("DHR 2026/07", "Adult P (fictional)")
    ai = store.repos.agency_input
    police = ai.ensure_agency(review_id, "Westmoor Police").id
    housing = ai.ensure_agency(review_id, "Westmoor Homes").id
    ai.add_entries(
        [
            m.ChronologyEntry(review_id, police, "2020-03-04", "Call log", "Neighbour called 999"),
            m.ChronologyEntry(
                review_id, housing, "2020-03-04", "Tenancy file", "Neighbour called the police"
            ),
            m.ChronologyEntry(review_id, housing, "2020-05", "Tenancy file", "Rent arrears"),
        ]
    )
    return ChronologyPresenter(store, review_id)


def test_load_merge_keep_both_and_unmerge(presenter, store) -> None:
    rows, subjects = presenter.load()
    assert len(rows) == 3 and subjects == []
    first, second = sorted(r.entry.id for r in rows if r.duplicate_candidates)
    assert presenter.merge(first, second)
    assert [r.text for r in presenter.merged_rows()] == [
        "2020-03-04 · Westmoor Homes: Neighbour called the police (merged into Westmoor "
        "Police's row)"
    ]
    assert len(presenter.load()[0]) == 2
    assert presenter.unmerge(second) and presenter.merged_rows() == []
    assert presenter.keep_both(first, second)
    assert not any(r.duplicate_candidates for r in presenter.load()[0])


def test_chair_fields_saved(presenter, store) -> None:
    entry = presenter.load()[0][0].entry
    saved = presenter.save_chair_fields(entry, "  Missed chance to ask.  ", True, ["housing"])
    stored = store.repos.agency_input.entry(entry.id)
    assert (stored.significance, stored.key_event, stored.themes) == (
        "Missed chance to ask.",
        True,
        ["housing"],
    )
    assert saved.significance == "Missed chance to ask."


def test_chair_row_creates_the_chair_sources_once(presenter, store) -> None:
    assert presenter.source_choices()[NEW_SOURCE] == CHAIR_SOURCES
    row = presenter.new_row()
    row.date, row.time = PartialDate(2020, 4), " 9:05 "
    row.source, row.event = "Sister, interview", "Adult P was afraid."
    entry_id = presenter.save_row(row)
    stored = store.repos.agency_input.entry(entry_id)
    assert (stored.date, stored.time) == ("2020-04", "09:05")
    agency = store.repos.records.get(m.Agency, stored.agency_id)
    assert agency.name == CHAIR_SOURCES and not agency.in_scope
    assert NEW_SOURCE not in presenter.source_choices()
    again = presenter.new_row()
    again.date, again.source, again.event = "2020-06", "Friend", "Moved out."
    assert store.repos.agency_input.entry(presenter.save_row(again)).agency_id == agency.id
    bad = presenter.new_row()
    bad.date, bad.time, bad.source, bad.event = "2020-06-01", "25:99", "Friend", "Call"
    count = len(store.repos.agency_input.entries(presenter.review_id))
    with pytest.raises(ValidationError):
        presenter.save_row(bad)
    assert len(store.repos.agency_input.entries(presenter.review_id)) == count


def test_texts() -> None:
    assert status_text(8, 8, 3, 1) == "8 rows · 3 flagged · 1 possible duplicate"
    assert status_text(8, 2, 0, 2) == "2 of 8 rows shown · 0 flagged · 2 possible duplicates"
    assert neighbours_text([]) == ""
    text = neighbours_text([("Before", "1 May 2020", "A&B", "x" * 300)])
    assert "A&amp;B" in text and "…" in text and "x" * 240 not in text
    assert safe_file_name('DHR 2026/03: "A"') == "DHR 2026-03- -A-"
    assert safe_file_name(" . ") == "review"


def test_export_reads_back(presenter, tmp_path) -> None:
    rows, _ = presenter.load()
    assert presenter.export_file_name() == "DHR 2026-07 chronology.xlsx"
    out = presenter.export(rows, tmp_path / "chronology")
    assert out == tmp_path / "chronology.xlsx"
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Date", "Time", "Agency"] and len(values) == 4
    assert "DHR 2026/07 Adult P (fictional)" in sheet.oddHeader.center.text
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
