"""The chronology import dialog: real XLSX made with openpyxl, mapping guessed and shown,
a bad-date row reported, nothing imported until the chair confirms, read errors shown."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from dhrdesk.ui.import_dialog import AMBIGUOUS_STYLE, ImportChronologyDialog

HEADERS = ["Date of contact", "Time", "Source of information", "Details of contact", "Outcome"]
ROWS = [
    [
        "03/04/2019",
        "10:30",
        "GP record",
        "Adult A seen about low mood",
        "Referred to talking therapy",
    ],
    ["March 2019", "", "Practice nurse notes", "Blood pressure check", "No further action"],
    ["31/02/2019", "", "GP record", "Telephone consultation", "Prescription issued"],
    ["12/05/2019", "", "", "Adult A missed an appointment", "Letter sent"],
]


def dump_store(store) -> dict:
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        t: sorted((tuple(r) for r in store.query(f"SELECT * FROM {t}")), key=repr)
        for t in tables
        if not t.startswith("sqlite_")
    }


def xlsx_bytes(headers: list[str], rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def review_id(context) -> int:
    return context.store.repos.reviews.create("DHR-IMP-1", "Import test")


def _dialog(context, qtbot, monkeypatch, path: Path) -> ImportChronologyDialog:
    review_id = context.store.repos.reviews.find("DHR-IMP-1").id
    calls = []

    def fake_open(parent, caption, folder, file_filter, **kwargs):
        calls.append(kwargs.get("options"))
        return str(path), file_filter

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    dialog = ImportChronologyDialog(context, review_id, "Ashby GP Practice")
    qtbot.addWidget(dialog)
    assert dialog.choose_file()
    assert calls and calls[0] & QFileDialog.Option.DontUseNativeDialog
    return dialog


def test_maps_columns_previews_problems_and_imports_only_when_confirmed(
    context,
    review_id,
    qtbot,
    monkeypatch,
    tmp_path,
    messages,
) -> None:
    path = tmp_path / "ashby-gp.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, ROWS))
    before = dump_store(context.store)
    dialog = _dialog(context, qtbot, monkeypatch, path)
    mapping = dialog.mapping()
    assert mapping["date"] == 0 and mapping["time"] == 1 and mapping["source"] == 2
    assert mapping["event"] == 3 and mapping["action"] == 4
    assert dialog.combos["date"].currentText() == "Date of contact"
    model = dialog.preview_model
    assert model.rowCount() == 4
    assert "not a date" in model.problems_at(2) or "31" in model.problems_at(2)
    assert "source of information is missing" in model.problems_at(3)
    assert model.problems_at(0) == "" and model.problems_at(1) == ""
    red = model.index(2, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#a4161a"
    assert model.index(1, 2).data() == "March 2019"  # partial date kept as partial
    assert "2 rows ready" in dialog.counts_label.text()
    assert "2 with problems" in dialog.counts_label.text()
    # Rows with errors: Import is off; skipping them is a separate, explicit choice.
    assert not dialog.import_button.isEnabled()
    assert dialog.skip_button.isVisibleTo(dialog)
    assert dialog.skip_button.text() == "Import the 2 good rows and skip 2"
    assert dump_store(context.store) == before  # nothing imported yet
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert dialog.result_info is not None and dialog.result_info.added == 2
    ai = context.store.repos.agency_input
    agency = ai.agency_by_name(dialog.review_id, "Ashby GP Practice")
    entries = ai.entries(dialog.review_id, agency.id)
    assert sorted(e.date for e in entries) == ["2019-03", "2019-04-03"]
    attachments = ai.attachments(dialog.review_id)
    assert [a.filename for a in attachments] == ["ashby-gp.xlsx"]
    assert ai.attachment_content(attachments[0].id) == path.read_bytes()


def test_unmapped_required_field_disables_import(
    context, review_id, qtbot, monkeypatch, tmp_path, messages
) -> None:
    path = tmp_path / "clean.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, ROWS[:2]))
    before = dump_store(context.store)
    dialog = _dialog(context, qtbot, monkeypatch, path)
    assert dialog.import_button.isEnabled()
    dialog.set_field("source", None)
    assert not dialog.import_button.isEnabled()
    assert not dialog.skip_button.isVisibleTo(dialog)
    assert "Source of information" in dialog.mapping_problems_label.text()
    dialog.set_field("source", "Source of information")
    assert dialog.import_button.isEnabled()
    assert dump_store(context.store) == before
    dialog.cancel_button.click()
    assert dump_store(context.store) == before
    assert dialog.result_info is None


def test_ambiguous_guess_highlighted(
    context, review_id, qtbot, monkeypatch, tmp_path, messages
) -> None:
    path = tmp_path / "two-actions.xlsx"
    headers = ["Date", "Source", "Event", "Action", "Outcome"]
    path.write_bytes(xlsx_bytes(headers, [["01/02/2020", "Log", "Call", "Advice", "Closed"]]))
    dialog = _dialog(context, qtbot, monkeypatch, path)
    assert dialog.combos["action"].styleSheet() == AMBIGUOUS_STYLE
    assert "Outcome" in dialog.combos["action"].toolTip()
    assert dialog.combos["date"].styleSheet() == ""


def test_read_error_shown_in_dialog(
    context, review_id, qtbot, monkeypatch, tmp_path, messages
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    before = dump_store(context.store)
    dialog = _dialog(context, qtbot, monkeypatch, path)
    assert dialog.error_label.isVisibleTo(dialog)
    assert "broken.xlsx" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert dump_store(context.store) == before


def big_csv(path: Path, rows: int) -> Path:
    """A large, fictional agency chronology as CSV."""
    lines = ["Date,Time,Source of information,Details of contact,Outcome"]
    for i in range(rows):
        lines.append(
            f"{1 + i % 28}/{1 + i % 12}/2019,,Case record,"
            f"Contact {i} with Adult Z (fictional),No further action"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _entry_count(store) -> int:
    return store.query("SELECT COUNT(*) FROM chronology_entry")[0][0]


def test_large_import_shows_progress_and_cancel_changes_nothing(
    context, review_id, qtbot, monkeypatch, tmp_path, messages
) -> None:
    path = big_csv(tmp_path / "big-police.csv", 20_000)
    before = dump_store(context.store)
    dialog = _dialog(context, qtbot, monkeypatch, path)
    # A large file is read and checked in a worker: the progress row shows meanwhile.
    assert dialog.progress.isVisibleTo(dialog)
    assert not dialog.choose_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.worker.busy, timeout=120_000)
    assert not dialog.progress.isVisibleTo(dialog)
    assert dialog.preview_model.rowCount() == 20_000
    assert "20,000 rows ready to import" in dialog.counts_label.text()
    assert dialog.import_button.isEnabled()

    seen: list[tuple[str, int, int]] = []
    dialog.progress.report.connect(lambda stage, done, total: seen.append((stage, done, total)))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(s == "Importing" and d > 0 for s, d, _t in seen), timeout=60_000)
    assert dialog.progress.isVisibleTo(dialog)
    assert "of 20,000 rows" in dialog.progress.label.text()
    assert dialog.progress.bar.value() > 0
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.worker.busy, timeout=60_000)
    assert "cancelled" in dialog.error_label.text() and "nothing was changed" in (
        dialog.error_label.text()
    )
    assert dialog.result_info is None
    assert _entry_count(context.store) == 0
    assert dump_store(context.store) == before
    # The chair can still import (or close) after cancelling.
    assert dialog.import_button.isEnabled()


def test_large_file_reading_can_be_cancelled(
    context, review_id, qtbot, monkeypatch, tmp_path, messages
) -> None:
    path = big_csv(tmp_path / "big-housing.csv", 20_000)
    before = dump_store(context.store)
    dialog = _dialog(context, qtbot, monkeypatch, path)
    assert dialog.progress.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # stops, does not close
    qtbot.waitUntil(lambda: not dialog.worker.busy, timeout=60_000)
    assert "Reading the file was stopped; nothing was imported." in dialog.error_label.text()
    assert dialog.preview_model.rowCount() == 0 and not dialog.import_button.isEnabled()
    assert dialog.choose_button.isEnabled() and dialog.result() == 0
    assert dump_store(context.store) == before


def test_import_from_agencies_tab_shows_on_combined_chronology(
    unlocked, qtbot, monkeypatch, tmp_path
) -> None:
    """Clicking through a normal import on "Agencies and IMRs"; the combined chronology,
    built earlier and hidden, shows the new rows when next shown (change events)."""
    from dhrdesk.core import model as m

    store = unlocked.store
    review_id = store.repos.reviews.create("DHR-IMP-2", "Import end to end (fictional)")
    store.repos.records.save(m.Agency(review_id, "Ashby GP Practice"))
    path = tmp_path / "ashby.xlsx"
    path.write_bytes(xlsx_bytes(HEADERS, ROWS[:2]))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window = unlocked.main_window
    workspace = window.open_review(review_id, "Combined chronology")
    chronology = workspace.tab("Combined chronology")
    qtbot.waitUntil(lambda: not chronology.loading, timeout=10_000)
    assert chronology.model.rowCount() == 0
    workspace.show_tab("Agencies and IMRs")
    agencies = workspace.tab("Agencies and IMRs")
    assert agencies.select_agency("Ashby GP Practice")
    errors: list = []

    def confirm() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, confirm)
            return
        try:
            assert dialog.import_button.isEnabled()
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        except Exception as exc:
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, confirm)
    qtbot.mouseClick(agencies.detail.import_button, Qt.MouseButton.LeftButton)
    assert errors == []
    ai = store.repos.agency_input
    assert len(ai.entries(review_id)) == 2
    assert [a.filename for a in ai.attachments(review_id)] == ["ashby.xlsx"]
    assert "Imported the chronology from ashby.xlsx" in window.statusBar().currentMessage()
    assert chronology.stale  # hidden: reloads when shown, nobody called it
    workspace.show_tab("Combined chronology")
    qtbot.waitUntil(lambda: chronology.model.rowCount() == 2, timeout=10_000)
    assert "2 rows" in chronology.status.text()
