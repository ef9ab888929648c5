"""Chronology imports from real CSV, XLSX and DOCX files made here with csv/openpyxl/python-docx.

Every malformed file must give a message a chair understands (InputFileError) and leave
the store exactly as it was (compared with a dump of every table).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError, ValidationError
from dhrdesk.exchange import chronology_import as ci
from dhrdesk.exchange.chronology_import import (
    apply_import,
    guess_mapping,
    normalise_cell,
    preview,
    read_table,
)

HEADERS = [
    "Date",
    "Time",
    "Source of information",
    "Event/contact",
    "Action taken/outcome",
    "Agency comment",
]
ROWS = [
    [
        "03/04/2019",
        "14:30",
        "GP record",
        "Consultation: low mood, says she is 'fine'",
        "Referred",
        "",
    ],
    [
        "March 2019",
        "",
        "Call handler log",
        "Neighbour called police, raised voices",
        "Attended",
        "ok",
    ],
    ["2019", "", "Housing officer", "Tenancy review, rent arrears £250", "", "Missed cue"],
    ["12/05/2019 09:05", "", "Health visitor", "Home visit to Zoë, Child A present", "None", ""],
]


# ----------------------------------------------------------------------------- helpers
def dump_store(store: Any) -> dict[str, list[tuple]]:
    tables = [
        r[0]
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        t: sorted((tuple(r) for r in store.query(f"SELECT * FROM {t}")), key=repr) for t in tables
    }


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], *, title: str = "Chronology", extra: dict | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, sheet_rows in (extra or {}).items():
        other = wb.create_sheet(name, 0)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_bytes(tables: list[list[list[str]]], *, picture: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("Chronology of Northshire Police (fictional)")
    if picture:
        document.add_picture(io.BytesIO(PNG))
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def review(store) -> int:
    review_id = store.repos.reviews.create("DHR 2026/07", "Fictional review")
    store.repos.records.save(m.Subject(review_id=review_id, role="victim", pseudonym="Zoë"))
    return review_id


def _import(store, review_id: int, filename: str, content: bytes, agency: str = "Northshire GP"):
    raw = read_table(filename, content)
    mapping = guess_mapping(raw.headers)
    found = store.repos.agency_input.agency_by_name(review_id, agency)
    result = preview(raw, mapping, review_id, found.id if found else None)
    return apply_import(store, review_id, agency, filename, content, result)


def _refused(store, filename: str, content: bytes, *words: str) -> str:
    before = dump_store(store)
    with pytest.raises(InputFileError) as caught:
        read_table(filename, content)
    assert dump_store(store) == before
    message = str(caught.value)
    for word in words:
        assert word.lower() in message.lower(), message
    assert "Traceback" not in message
    return message


# ----------------------------------------------------------------------------- happy paths
def test_csv_happy_path_with_british_dates_times_and_partial_dates() -> None:
    raw = read_table("gp.csv", csv_bytes([HEADERS, *ROWS]))
    assert raw.kind == "csv" and raw.headers == HEADERS
    mapping = guess_mapping(raw.headers)
    assert mapping.is_unambiguous
    result = preview(raw, mapping, 1, 2)
    assert result.error_count == 0 and result.ok_count == 4
    entries = [row.entry for row in result.rows]
    assert [(e.date, e.time) for e in entries] == [
        ("2019-04-03", "14:30"),  # 3 April, never 4 March
        ("2019-03", ""),
        ("2019", ""),
        ("2019-05-12", "09:05"),  # the time in the date cell
    ]
    assert entries[2].event == "Tenancy review, rent arrears £250"
    assert [row.line_no for row in result.rows] == [2, 3, 4, 5]


def test_semicolon_and_tab_csv_and_utf16_and_bom_are_read() -> None:
    for content in (
        csv_bytes([HEADERS, *ROWS], delimiter=";"),
        csv_bytes([HEADERS, *ROWS], delimiter="\t"),
        b"\xef\xbb\xbf" + csv_bytes([HEADERS, *ROWS]),
        csv_bytes([HEADERS, *ROWS], encoding="utf-16"),
    ):
        raw = read_table("gp.csv", content)
        assert raw.headers == HEADERS
        assert raw.rows[3][3] == "Home visit to Zoë, Child A present"
        assert not raw.notes


def test_xlsx_happy_path_with_date_cells_and_title_row_above_header() -> None:
    rows: list[list[Any]] = [
        ["Northshire Police chronology (fictional)"],
        [],
        HEADERS,
        [dt.datetime(2019, 4, 3, 14, 30), None, "Call handler log", "999 call", "Attended", None],
        [dt.date(2019, 4, 5), dt.time(9, 5), "Officer", "Follow-up, DASH", "", ""],
        ["March 2019", None, "PNC", "Warning marker", "", 17.5],
    ]
    raw = read_table("police.xlsx", xlsx_bytes(rows))
    assert raw.kind == "xlsx" and raw.source == "sheet 'Chronology'"
    assert raw.headers == HEADERS
    assert raw.rows[0][0] == "03/04/2019 14:30" and raw.rows[1][:2] == ["05/04/2019", "09:05"]
    assert raw.line_numbers == [4, 5, 6]
    result = preview(raw, guess_mapping(raw.headers), 1, 1)
    assert result.error_count == 0
    assert [(r.entry.date, r.entry.time) for r in result.rows] == [
        ("2019-04-03", "14:30"),
        ("2019-04-05", "09:05"),
        ("2019-03", ""),
    ]
    assert result.rows[2].entry.agency_comment == "17.5"


def test_xlsx_picks_the_sheet_with_the_chronology_or_the_one_asked_for() -> None:
    content = xlsx_bytes(
        [HEADERS, ROWS[0]], extra={"Cover": [["Agency", "Northshire GP"], ["Author", "IMR author"]]}
    )
    raw = read_table("gp.xlsx", content)
    assert raw.source == "sheet 'Chronology'" and raw.choices == ["Cover", "Chronology"]
    assert any("2 sheets" in note for note in raw.notes)
    cover = read_table("gp.xlsx", content, sheet="Cover")
    assert cover.headers == ["Agency", "Northshire GP"]
    with pytest.raises(InputFileError, match="no sheet called 'Nope'.*'Cover', 'Chronology'"):
        read_table("gp.xlsx", content, sheet="Nope")


def test_docx_happy_path_picks_the_chronology_table() -> None:
    content = docx_bytes(
        [
            [["Agency", "Northshire GP"], ["Author role", "Practice manager"]],
            [["Only a header row"]],
            [HEADERS, *ROWS],
        ]
    )
    raw = read_table("gp.docx", content)
    assert raw.kind == "docx" and raw.headers == HEADERS
    assert raw.source == "table 2 of 2"
    assert any("fewer than 2 rows" in n for n in raw.notes)
    assert raw.rows[0][3] == ROWS[0][3]
    assert read_table("gp.docx", content, table=1).headers == ["Agency", "Northshire GP"]


def test_docx_merged_cells_are_filled_and_reported() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Date", "Source", "Event", "Outcome"], strict=True):
        cell.text = text
    for r, values in enumerate(
        [["01/02/2019", "GP record", "Visit", "None"], ["02/02/2019", "", "Call", "Advice"]],
        start=1,
    ):
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            cell.text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # one source for two rows
    table.cell(3, 0).text = "03/02/2019"
    table.cell(3, 1).text = "Nurse"
    merged = table.cell(3, 2).merge(table.cell(3, 3))  # event and outcome as one cell
    merged.text = "Phone call"
    buffer = io.BytesIO()
    document.save(buffer)
    raw = read_table("merged.docx", buffer.getvalue())
    assert raw.rows[1][1] == "GP record"
    assert raw.rows[2][2:] == ["Phone call", "Phone call"]
    assert any("merged cell" in note for note in raw.notes)


# ----------------------------------------------------------------------------- mapping
def test_guess_mapping_synonyms_and_ambiguity() -> None:
    mapping = guess_mapping(
        [
            "No.",
            "Date of contact",
            "Record type",
            "Details of contact",
            "Action/Outcome",
            "Comments",
        ]
    )
    assert dict(mapping) == {
        "date": 1,
        "time": None,
        "sequence": 0,
        "source": 2,
        "event": 3,
        "action": 4,
        "agency_comment": 5,
        "subjects": None,
        "themes": None,
    }
    assert mapping.is_unambiguous
    both = guess_mapping(["Date/Time", "Author role", "Source of information", "Event", "Action"])
    assert both["date"] == 0 and both["time"] is None
    assert both.ambiguous == {"source": [1, 2]}
    assert not both.is_unambiguous
    missing = guess_mapping(["When it happened", "Who"])
    assert missing["source"] is None
    assert "Source of information" in " ".join(ci.mapping_problems(missing))


# ----------------------------------------------------------------------------- preview
def test_preview_reports_problems_per_row_with_the_reason() -> None:
    rows = [
        HEADERS,
        ["31/02/2020", "", "GP record", "Visit", "", ""],
        ["04/13/2019", "", "GP record", "Visit", "", ""],
        ["01/01/2020", "", "", "Visit", "", ""],
        ["", "", "", "", "", ""],
        ["01/01/2020", "25:00", "GP record", "Visit", "", ""],
        ["", "", "GP record", "Visit", "", ""],
        ["01/01/2020", "", "GP record", "", "", "comment only"],
    ]
    result = preview(read_table("bad.csv", csv_bytes(rows)), guess_mapping(HEADERS), 1, 1)
    lines = result.problem_lines()
    assert lines == [
        "row 2: 31/02/2020 is not a date: February 2020 has 29 days",
        "row 3: 04/13/2019 is not a date: there is no month 13",
        "row 4: the source of information is missing",
        "row 6: 25:00 is not a time: hours run 0-23 and minutes 0-59",
        "row 7: the date is missing",
        "row 8: neither the event nor the action taken is filled in",
    ]
    assert result.error_count == 6 and result.ok_count == 0  # the empty row 5 is skipped


def test_external_key_is_stable_and_identical_rows_stay_distinct() -> None:
    rows = [HEADERS, ROWS[0], ["3 April 2019", "14:30", "gp  RECORD", ROWS[0][3], "", ""]]
    result = preview(read_table("a.csv", csv_bytes(rows)), guess_mapping(HEADERS), 1, 1)
    first, second = (r.entry.external_key for r in result.rows)
    assert first == ci.external_key("2019-04-03", "14:30", "GP record", ROWS[0][3])
    assert second != first  # same date, time, source (case/space ignored), event: 2nd copy
    assert second == ci.external_key("2019-04-03", "14:30", "GP record", ROWS[0][3], 2)
    assert "row 2" in result.rows[1].warnings[0]
    again = preview(read_table("a.csv", csv_bytes(rows)), guess_mapping(HEADERS), 1, 1)
    assert [r.entry.external_key for r in again.rows] == [first, second]
    other = ci.external_key("2019-04-03", "14:31", "GP record", ROWS[0][3])
    assert other != first


def test_subjects_and_themes_columns_link_known_names_only() -> None:
    rows = [
        ["Date", "Source", "Event", "Subjects", "Themes"],
        ["01/01/2020", "GP record", "Visit", "zoë, Mr X", "Mental health; Nonsense"],
    ]
    raw = read_table("s.csv", csv_bytes(rows))
    result = preview(raw, guess_mapping(raw.headers), 1, 1, subjects={"Zoë": 7})
    row = result.rows[0]
    assert row.entry.subject_ids == [7]
    assert row.entry.themes == ["mental_health"]
    assert any("'Mr X' is not a pseudonym" in w for w in row.warnings)
    assert any("'Nonsense' is not a theme" in w for w in row.warnings)


def test_preview_refuses_a_mapping_outside_the_table() -> None:
    raw = read_table("a.csv", csv_bytes([HEADERS, ROWS[0]]))
    with pytest.raises(ValidationError):
        preview(raw, {"date": 17, "source": 2}, 1, 1)


# ----------------------------------------------------------------------------- apply
def test_apply_import_adds_agency_rows_and_attachment_and_twice_adds_nothing(store, review) -> None:
    content = xlsx_bytes([HEADERS, *ROWS])
    result = _import(store, review, "gp.xlsx", content)
    assert (result.added, result.updated, result.agency_added) == (4, 0, True)
    agency = store.repos.agency_input.agency_by_name(review, "Northshire GP")
    entries = store.repos.agency_input.entries(review, agency.id)
    assert len(entries) == 4 and {e.source for e in entries} >= {"GP record", "Housing officer"}
    (attachment,) = store.repos.agency_input.attachments(review)
    assert attachment.kind == "chronology_import" and attachment.received_by == "Test Chair"
    assert store.repos.agency_input.attachment_content(attachment.id) == content
    import hashlib

    assert attachment.sha256 == hashlib.sha256(content).hexdigest()

    # The chair annotates a row; a second import of the same file changes nothing.
    first = next(e for e in entries if e.source == "GP record")
    first.significance = "Missed opportunity"
    first.key_event = True
    store.repos.agency_input.save_entry(first)
    before = dump_store(store)
    again = _import(store, review, "gp.xlsx", content)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert dump_store(store) == before

    # The same rows with one comment changed: updated in place, annotation kept.
    changed = [HEADERS, *ROWS]
    changed[1] = [*ROWS[0][:5], "New comment"]
    third = _import(store, review, "gp-v2.csv", csv_bytes(changed))
    assert (third.added, third.updated, third.unchanged) == (0, 1, 3)
    rows = store.repos.agency_input.entries(review, agency.id)
    assert len(rows) == 4
    kept = store.repos.agency_input.entry(first.id)
    assert kept.agency_comment == "New comment" and kept.key_event
    assert kept.significance == "Missed opportunity"


def test_apply_import_refuses_rows_with_problems_unless_skipping_is_chosen(store, review) -> None:
    content = csv_bytes([HEADERS, ROWS[0], ["31/02/2020", "", "GP record", "Visit", "", ""]])
    raw = read_table("gp.csv", content)
    result = preview(raw, guess_mapping(raw.headers), review, None)
    before = dump_store(store)
    with pytest.raises(InputFileError, match="1 row.*have problems, so nothing was imported"):
        apply_import(store, review, "Northshire GP", "gp.csv", content, result)
    with pytest.raises(InputFileError, match="not the file that was previewed"):
        apply_import(store, review, "Northshire GP", "gp.csv", content + b"\n", result)
    assert dump_store(store) == before
    done = apply_import(store, review, "Northshire GP", "gp.csv", content, result, skip_errors=True)
    assert (done.added, done.skipped) == (1, 1)
    assert "1 skipped" in done.summary()


def test_apply_import_is_all_or_nothing(store, review, monkeypatch) -> None:
    content = csv_bytes([HEADERS, *ROWS])
    raw = read_table("gp.csv", content)
    result = preview(raw, guess_mapping(raw.headers), review, None)
    before = dump_store(store)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValidationError("disk trouble (simulated)")

    monkeypatch.setattr(type(store.repos.agency_input), "add_attachment", broken)
    with pytest.raises(ValidationError):
        apply_import(store, review, "Northshire GP", "gp.csv", content, result)
    assert dump_store(store) == before  # no agency, no rows


# ----------------------------------------------------------------------------- malformed
def test_text_file_named_xlsx_is_not_really_an_excel_workbook(store) -> None:
    _refused(store, "chronology.xlsx", b"Date,Source\n01/01/2020,GP\n", "not really an Excel")
    _refused(store, "chronology.docx", b"Date,Source\n", "not really a Word document")


def test_password_protected_or_old_office_file(store) -> None:
    ole2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600
    for name in ("chronology.xlsx", "chronology.xls", "chronology.doc", "chronology.csv"):
        _refused(store, name, ole2, "password-protected", "without a password")


def test_empty_files_and_files_without_a_table(store) -> None:
    _refused(store, "empty.csv", b"", "empty")
    _refused(store, "blank.csv", b"\n\n  \n", "empty")
    _refused(store, "header.csv", csv_bytes([HEADERS]), "header row but no data rows")
    _refused(store, "header.xlsx", xlsx_bytes([HEADERS, [None, None]]), "header row but no data")
    _refused(store, "empty.xlsx", xlsx_bytes([]), "no table", "every sheet is empty")
    document = docx.Document()
    document.add_paragraph("We had no contact with the family.")
    buffer = io.BytesIO()
    document.save(buffer)
    _refused(store, "letter.docx", buffer.getvalue(), "no table")
    _refused(store, "notes.zip", _zip({"a.txt": b"hello"}), "ZIP archive")
    _refused(store, "report.pdf", b"%PDF-1.7\n...", "PDF")
    _refused(store, "broken.xlsx", b"PK\x03\x04" + b"\x00" * 100, "damaged")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_it_is_opened(store) -> None:
    bomb = _zip({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\x00" * 210_000_000})
    assert len(bomb) < 1_000_000
    _refused(store, "bomb.xlsx", bomb, "would expand", "200 MB")


def test_100000_rows_are_refused_with_the_count(store) -> None:
    line = b"01/01/2020,GP record,Visit\n"
    content = b"Date,Source,Event\n" + line * 100_000
    message = _refused(store, "big.csv", content, "100,000 rows", "50,000", "split")
    assert message.startswith("big.csv has 100,000 rows")
    too_big = b"Date,Source\n" + b"x" * (ci.MAX_FILE_BYTES + 1)
    _refused(store, "huge.csv", too_big, "MB", "limit")


def test_100000_rows_in_xlsx_are_refused_from_the_declared_size(store) -> None:
    small = xlsx_bytes([["Date", "Source", "Event"], ["01/01/2020", "GP", "x"]])
    # The sheet declares 100,001 rows (as a real one would): refused before reading them.
    declared = _rewrite_sheet(
        small, lambda xml: re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:C100001"/>', xml)
    )
    _refused(store, "big.xlsx", declared, "100,000 rows", "the limit is 50,000")


def _rewrite_sheet(content: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(info, data)
    return out.getvalue()


def test_formulas_use_saved_results_and_missing_results_are_row_problems() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Source", "Event", "Seq"])
    ws.append(["01/01/2020", "GP record", "Visit", "=1+1"])  # openpyxl saves no result
    ws.append(["02/01/2020", "GP record", "Call", 3])
    buffer = io.BytesIO()
    wb.save(buffer)
    # Give the second formula a cached value, as Excel would have saved it.
    with_cache = _add_cached_formula(buffer.getvalue())
    raw = read_table("formulas.xlsx", with_cache)
    result = preview(raw, guess_mapping(raw.headers), 1, 1)
    problems = result.problem_lines()
    assert problems == [
        "row 2: cell D2 has a formula (=1+1) with no saved result: open the file in Excel, "
        "save it, and import it again"
    ]
    assert result.rows[1].entry.sequence == 3
    assert any("formulas" in note and "results Excel saved" in note for note in raw.notes)


def _add_cached_formula(content: bytes) -> bytes:
    """Rewrite D3 (the number 3) as a formula =1+2 with the saved result 3."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                old = '<c r="D3" t="n"><v>3</v></c>'
                assert old in text, text
                text = text.replace(old, '<c r="D3"><f>1+2</f><v>3</v></c>')
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_xlsx_merged_cells_are_filled_from_the_top_left() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Source of information", "Event"])
    ws.append(["01/01/2020", "Police log", "Call"])
    ws.append(["02/01/2020", None, "Visit"])
    ws.merge_cells("B2:B3")
    buffer = io.BytesIO()
    wb.save(buffer)
    raw = read_table("merged.xlsx", buffer.getvalue())
    assert [r[1] for r in raw.rows] == ["Police log", "Police log"]
    assert any("B2:B3" in note for note in raw.notes)


def test_embedded_objects_are_ignored_with_a_note() -> None:
    raw = read_table("picture.docx", docx_bytes([[HEADERS, ROWS[0]]], picture=True))
    assert raw.rows[0][0] == "03/04/2019"
    assert any("embedded object" in note for note in raw.notes)


def test_cp1252_csv_is_read_with_a_note() -> None:
    content = "Date,Source,Event\n01/01/2020,Café nurse,Paid £20\n".encode("cp1252")
    raw = read_table("legacy.csv", content)
    assert raw.rows == [["01/01/2020", "Café nurse", "Paid £20"]]
    assert any("Windows-1252" in note for note in raw.notes)


def test_binary_data_named_csv_is_refused(store) -> None:
    _refused(store, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text")


def test_kind_comes_from_content_not_the_name() -> None:
    raw = read_table("chronology.csv", xlsx_bytes([HEADERS, ROWS[0]]))
    assert raw.kind == "xlsx"
    assert any("name ends in .csv" in note for note in raw.notes)


# ----------------------------------------------------------------------------- properties
CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
) | st.sampled_from(["a,b", 'say "hi"', "line\nbreak", "£5, é", "  ", "31/02/2020", "2019"])
DATES = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1)).map(lambda d: f"{d:%d/%m/%Y}"),
    st.sampled_from(["March 2019", "2019", "31/02/2021", "13/13/2013", "", "03/04/2019 14:30"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=12,
    ),
)


def _row_strategy(width: int):
    return st.lists(CELL_TEXT, min_size=width, max_size=width)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(DATES, _row_strategy(3)).map(lambda t: [t[0], *t[1]]), min_size=1, max_size=8
    )
)
def test_csv_cells_read_back_as_written(rows: list[list[str]]) -> None:
    header = ["Date", "Source of information", "Event/contact", "Agency comment"]
    content = csv_bytes([header, *rows])
    expected = [[normalise_cell(c) for c in r] for r in rows]
    expected_rows = [r for r in expected if any(r)]
    try:
        raw = read_table("random.csv", content)
    except InputFileError:
        assert not expected_rows  # only refused when nothing but blank rows
        return
    assert raw.headers == header
    assert raw.rows == expected_rows
    _preview_is_safe(raw)


_XLSX_ILLEGAL = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(DATES, _row_strategy(3)).map(lambda t: [t[0], *t[1]]), min_size=1, max_size=6
    )
)
def test_xlsx_cells_read_back_as_written(rows: list[list[str]]) -> None:
    header = ["Date", "Source of information", "Event/contact", "Agency comment"]
    clean = [[_XLSX_ILLEGAL.sub("", c) for c in r] for r in rows]
    # A cell beginning with '=' would be a formula; Excel users type "'=" for text.
    clean = [[("'" + c) if c.startswith("=") else c for c in r] for r in clean]
    content = xlsx_bytes([header, *[[c or None for c in r] for r in clean]])
    expected = [[normalise_cell(c) for c in r] for r in clean]
    expected_rows = [r for r in expected if any(r)]
    try:
        raw = read_table("random.xlsx", content)
    except InputFileError:
        assert not expected_rows
        return
    assert raw.rows == expected_rows
    _preview_is_safe(raw)


def _preview_is_safe(raw: ci.RawTable) -> None:
    try:
        result = preview(raw, guess_mapping(raw.headers), 1, 1)
    except (InputFileError, ValidationError):
        return
    for row in result.rows:
        assert row.ok == (not row.problems)
        if row.entry is not None:
            PartialDateCheck.check(row.entry.date)


class PartialDateCheck:
    @staticmethod
    def check(text: str) -> None:
        from dhrdesk.core.chronology import parse_partial_iso

        parse_partial_iso(text)  # every accepted date can be stored
