"""The chronology as a working document: the chair adds and corrects rows (typed into the
real dialog, audited), reads a row with its neighbours, and exports to Excel safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.chronology_export import safe_cell
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.review.chronology import CHAIR_SOURCES


def _review(store) -> int:
    review_id = store.repos.reviews.create("DHR 2026/31", "Adult M (fictional)")
    ai = store.repos.agency_input
    police = ai.ensure_agency(review_id, "Northmoor Police").id
    ai.add_entries(
        [
            m.ChronologyEntry(review_id, police, "2020-05-02", "Call log", "Neighbour called 999"),
            m.ChronologyEntry(
                review_id, police, "2020-06-10", "Case record", '=HYPERLINK("http://x")'
            ),
        ]
    )
    return review_id


def _in_dialog(script) -> list:
    errors: list = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        try:
            script(dialog)
        except Exception as exc:
            errors.append(exc)
        finally:
            if dialog.isVisible():
                errors.append("dialog left open")
                dialog.done(0)

    QTimer.singleShot(0, run)
    return errors


def _save(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_chair_adds_and_corrects_rows(unlocked, qtbot, tmp_path) -> None:
    store = unlocked.store
    review_id = _review(store)
    window = unlocked.main_window
    window.open_review(review_id, "Combined chronology")
    tab = window.review_page().workspace.tab("Combined chronology")
    before = {(e.kind, e.record) for e in store.audit_entries(limit=1000)}

    def add(dialog: QDialog) -> None:
        date = dialog.findChild(DateField, "field_date")
        qtbot.keyClicks(date.edit, "31 Apr 2020")  # impossible: refused at the field
        qtbot.keyClicks(dialog.findChild(QWidget, "field_source"), "Sister, interview 3/5/25")
        qtbot.keyClicks(
            dialog.findChild(QWidget, "field_event"), "Adult M told her sister she was afraid."
        )
        _save(qtbot, dialog)
        assert dialog.isVisible() and "April 2020 has 30 days" in date.message.text()
        date.edit.selectAll()
        qtbot.keyClicks(date.edit, "April 2020")  # a month is enough here
        told_by = dialog.findChild(QComboBox, "field_agency_id")
        assert told_by.currentText() == CHAIR_SOURCES
        _save(qtbot, dialog)

    errors = _in_dialog(add)
    added = tab.add_row()
    assert errors == [] and added is not None
    entry = next(e for e in store.repos.agency_input.entries(review_id) if e.id == added)
    assert (entry.date, entry.source) == ("2020-04", "Sister, interview 3/5/25")
    agency = store.repos.records.get(m.Agency, entry.agency_id)
    assert agency.name == CHAIR_SOURCES and not agency.in_scope
    assert tab.current_entry().id == added
    # The reading pane shows the whole row and the row after it.
    assert (
        "afraid" in tab.row_panel.row_summary.text()
        and "After:" in tab.row_panel.row_summary.text()
    )

    # Correct the police row's date: typed, saved through the repository.
    police_row = next(
        e for e in store.repos.agency_input.entries(review_id) if e.source == "Call log"
    )
    assert tab.select_entry(police_row.id)

    def correct(dialog: QDialog) -> None:
        date = dialog.findChild(DateField, "field_date")
        assert date.edit.text() == "2 May 2020"
        date.edit.selectAll()
        qtbot.keyClicks(date.edit, "3/5/20")
        _save(qtbot, dialog)

    errors = _in_dialog(correct)
    assert tab.correct_row() == police_row.id and errors == []
    corrected = next(
        e for e in store.repos.agency_input.entries(review_id) if e.id == police_row.id
    )
    assert corrected.date == "2020-05-03"
    after = {(e.kind, e.record) for e in store.audit_entries(limit=1000)} - before
    assert ("chronology.update", f"chronology:{police_row.id}") in after
    assert ("chronology.create", f"review:{review_id}") in after

    # Export: formula-looking text is made literal; the marking is on every page.
    out = tmp_path / "chronology.xlsx"
    assert tab.export_xlsx(out) == out
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Date", "Time", "Agency"]
    events = [row[6] for row in values[1:]]
    assert '\'=HYPERLINK("http://x")' in events
    assert all(not str(v).startswith("=") for row in values for v in row if v is not None)
    assert "OFFICIAL-SENSITIVE" in sheet.oddHeader.center.text
    assert not list(Path(tmp_path).glob("*.tmp*"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1632 960000", "'+44 1632 960000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text", "Plain text"),
        (12, 12),
        (None, ""),
        (True, "Yes"),
    ],
)
def test_cells_that_could_be_formulas_are_made_literal(value, expected) -> None:
    assert safe_cell(value) == expected
