"""Action update sheets: the round trip, and every kind of tampering refused with the
store left exactly as it was."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError, ValidationError
from dhrdesk.exchange import update_sheet as us
from tests.exchange.builders import dump_store
from tests.store.test_monitoring import HOUSING, POLICE, TODAY, seed

D = dt.date


def _book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(sheet) -> dict[str, int]:
    """Action key -> row number."""
    return {
        sheet.cell(r, us.COL_KEY).value: r
        for r in range(us.FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, us.COL_KEY).value
    }


def _filled(store, seeded) -> bytes:
    book = _book(us.export_sheet(store, POLICE, today=TODAY))
    sheet = book[us.SHEET_NAME]
    rows = _rows(sheet)
    a1 = rows[us.action_key(seeded.actions["a1"])]
    sheet.cell(a1, us.COL_STATUS, "Completed")
    sheet.cell(a1, us.COL_TEXT, "All response officers trained (92%).")
    sheet.cell(a1, us.COL_DATE, dt.datetime(2026, 11, 2))
    a5 = rows[us.action_key(seeded.actions["a5"])]
    sheet.cell(a5, us.COL_TEXT, "Draft procedure out for consultation.")
    sheet.cell(a5, us.COL_DATE, "3/11/2026")
    return _save(book)


def test_export_lists_the_agency_open_actions_locked_and_hidden(store) -> None:
    seeded = seed(store)
    book = _book(us.export_sheet(store, "northmoor POLICE", today=TODAY))
    sheet = book[us.SHEET_NAME]
    assert set(_rows(sheet)) == {us.action_key(seeded.actions[k]) for k in ("a1", "a2", "a5")}
    assert sheet.protection.sheet
    assert sheet.column_dimensions["J"].hidden and sheet.column_dimensions["K"].hidden
    first = us.FIRST_ROW
    assert sheet.cell(first, 1).protection.locked
    assert not sheet.cell(first, us.COL_STATUS).protection.locked
    assert any(
        "Closed – not achieved" in dv.formula1 for dv in sheet.data_validations.dataValidation
    )
    assert book[us.CONTROL_NAME].sheet_state == "veryHidden"
    with pytest.raises(ValidationError):
        us.export_sheet(store, "Nobody's agency", today=TODAY)


def test_round_trip_applies_statuses_and_updates(store) -> None:
    seeded = seed(store)
    content = _filled(store, seeded)
    preview = us.read_sheet(store, "police.xlsx", content, agency=POLICE, today=TODAY)
    assert len(preview.changes) == 2 and preview.unchanged_rows == 1
    text = "\n".join(preview.lines())
    assert "In progress -> Completed" in text and "stays Not started" in text
    assert us.apply_sheet(store, preview, today=TODAY) == 2
    a1 = store.repos.records.get(m.Action, seeded.actions["a1"])
    assert (a1.status, a1.completed_on) == ("completed", D(2026, 11, 2))
    a5 = store.repos.monitoring.action(seeded.actions["a5"])
    assert a5.status == "not_started"
    assert a5.latest_update.text == "Draft procedure out for consultation."
    assert a5.latest_update.date == D(2026, 11, 3)
    assert a5.latest_update.source == "sheet"
    # the same sheet twice: refused, nothing changes
    before = dump_store(store)
    with pytest.raises(InputFileError, match="already imported"):
        us.read_sheet(store, "police.xlsx", content, today=TODAY)
    assert dump_store(store) == before


def _tampered(store, seeded, change) -> bytes:
    book = _book(_filled(store, seeded))
    change(book, book[us.SHEET_NAME], _rows(book[us.SHEET_NAME]))
    return _save(book)


def _first_row(rows: dict[str, int]) -> int:
    return min(rows.values())


CASES = {
    "locked cell": (
        lambda b, s, r: s.cell(_first_row(r), 4, "Something else entirely"),
        f"row {us.FIRST_ROW} was changed outside the shaded columns",
    ),
    "target date": (
        lambda b, s, r: s.cell(_first_row(r), 5, "31 December 2027"),
        f"row {us.FIRST_ROW} was changed",
    ),
    "row added": (
        lambda b, s, r: s.append(["DHR 2025/01", "1", "", "New action", "", "", "", "x"]),
        "was added to the sheet",
    ),
    "row removed": (
        lambda b, s, r: s.delete_rows(max(r.values())),
        "rows were removed, added or moved",
    ),
    "row duplicated": (
        lambda b, s, r: s.append([s.cell(_first_row(r), c).value for c in range(1, 12)]),
        "rows were removed, added or moved",
    ),
    "key changed": (
        lambda b, s, r: s.cell(_first_row(r), us.COL_KEY, "A999"),
        f"row {us.FIRST_ROW} was changed",
    ),
    "hmac changed": (
        lambda b, s, r: s.cell(_first_row(r), us.COL_MAC, "0" * 64),
        f"row {us.FIRST_ROW} was changed",
    ),
    "control agency changed": (
        lambda b, s, r: b[us.CONTROL_NAME].cell(5, 2, HOUSING),
        "rows were removed, added or moved",
    ),
    "future date": (
        lambda b, s, r: s.cell(_first_row(r), us.COL_DATE, dt.datetime(2026, 12, 25)),
        "is in the future",
    ),
    "unknown status": (
        lambda b, s, r: s.cell(_first_row(r), us.COL_STATUS, "Nearly there"),
        "is not a status",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampered_sheet_is_refused_and_store_unchanged(store, case: str) -> None:
    seeded = seed(store)
    change, message = CASES[case]
    content = _tampered(store, seeded, change)
    before = dump_store(store)
    with pytest.raises(InputFileError) as caught:
        us.read_sheet(store, "police.xlsx", content, agency=POLICE, today=TODAY)
    assert message in caught.value.message
    assert dump_store(store) == before


def test_sheet_for_another_agency_is_refused(store) -> None:
    seeded = seed(store)
    content = _filled(store, seeded)
    with pytest.raises(InputFileError, match="sheet for Northmoor Police, not for Northmoor Homes"):
        us.read_sheet(store, "police.xlsx", content, agency=HOUSING, today=TODAY)


def test_sheet_from_another_store_is_refused(store, other_store) -> None:
    seeded = seed(store)
    content = _filled(store, seeded)
    with pytest.raises(InputFileError, match="another DHR Desk store"):
        us.read_sheet(other_store, "police.xlsx", content, today=TODAY)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sheet.xlsx", b"Review,Action\nDHR 1,Train\n", "not really an Excel workbook"),
        ("sheet.csv", b"Review,Action\n", "not an Excel workbook"),
        ("sheet.xlsx", b"", "is empty"),
        ("sheet.xlsx", b"%PDF-1.7 not a sheet", "is a PDF"),
    ],
)
def test_not_a_sheet_is_refused(store, name: str, content: bytes, message: str) -> None:
    seed(store)
    before = dump_store(store)
    with pytest.raises(InputFileError, match=message):
        us.read_sheet(store, name, content, today=TODAY)
    assert dump_store(store) == before


def test_other_workbook_and_zip_bomb_refused(store) -> None:
    plain = openpyxl.Workbook()
    plain.active["A1"] = "Hello"
    with pytest.raises(InputFileError, match="not an action update sheet"):
        us.read_sheet(store, "other.xlsx", _save(plain), today=TODAY)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(InputFileError, match="would expand"):
        us.read_sheet(store, "bomb.xlsx", buffer.getvalue(), today=TODAY)


def test_missing_text_refused_with_row(store) -> None:
    seeded = seed(store)

    def change(b, s, r) -> None:
        s.cell(_first_row(r), us.COL_TEXT).value = None

    content = _tampered(store, seeded, change)
    with pytest.raises(InputFileError, match=f"Row {us.FIRST_ROW} .*say what has been done"):
        us.read_sheet(store, "police.xlsx", content, today=TODAY)


def test_cli_export_and_import(
    store, store_path, passphrase, tmp_path, monkeypatch, capsys
) -> None:  # noqa: E501
    from dhrdesk.cli import main

    seeded = seed(store)
    store.close()
    monkeypatch.setenv("DHRDESK_PASSPHRASE", passphrase)
    out = tmp_path / "police.xlsx"
    base = ["--store", str(store_path)]
    assert main([*base, "update-sheet", "export", "--agency", POLICE, "--out", str(out)]) == 0
    book = _book(out.read_bytes())
    sheet = book[us.SHEET_NAME]
    row = _rows(sheet)[us.action_key(seeded.actions["a2"])]
    sheet.cell(row, us.COL_STATUS, "In progress")
    sheet.cell(row, us.COL_TEXT, "Audit started.")
    sheet.cell(row, us.COL_DATE, dt.datetime(2026, 11, 20))
    out.write_bytes(_save(book))
    assert main([*base, "update-sheet", "import", str(out), "--agency", HOUSING, "--yes"]) == 4
    assert main([*base, "update-sheet", "import", str(out), "--yes"]) == 0
    assert "Not started -> In progress" in capsys.readouterr().out
    assert main([*base, "update-sheet", "import", str(out), "--yes"]) == 4  # twice: refused
    from dhrdesk.store import Store

    with Store.open(store_path, passphrase) as reopened:
        assert reopened.repos.records.get(m.Action, seeded.actions["a2"]).status == "in_progress"


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://example.invalid","Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\t=1+1 after a tab",
        "\r=1+1 after a carriage return",
    ],
)
def test_hostile_action_text_is_written_as_text_not_a_formula(store, hostile: str) -> None:
    """An action's wording that Excel would run as a formula (=, +, -, @, tab, CR at the
    start) is stored as a quoted text cell: the file read back holds the same text, as
    text, never a formula; and the sheet still imports (row checks unchanged)."""
    seeded = seed(store)
    action = store.repos.records.get(m.Action, seeded.actions["a1"])
    action.text = hostile
    store.repos.records.save(action)
    hostile = store.repos.records.get(m.Action, seeded.actions["a1"]).text  # as stored
    assert hostile[:1] in "=+-@\t\r"
    content = us.export_sheet(store, POLICE, today=TODAY)
    sheet = _book(content)[us.SHEET_NAME]
    row = _rows(sheet)[us.action_key(seeded.actions["a1"])]
    cell = sheet.cell(row, 4)  # the Action column
    assert cell.value == hostile
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml
    # the agency fills the row in; the hostile wording still matches its row check
    book = _book(content)
    sheet = book[us.SHEET_NAME]
    sheet.cell(row, us.COL_TEXT, "Done.")
    sheet.cell(row, us.COL_DATE, dt.datetime(2026, 11, 2))
    preview = us.read_sheet(store, "police.xlsx", _save(book), agency=POLICE, today=TODAY)
    assert [c.action.text for c in preview.changes] == [hostile]
