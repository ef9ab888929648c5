"""The Action plans page: filtering the monitoring view and adding an update."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from dhrdesk.core import model as m
from dhrdesk.ui.pages import PAGES
from dhrdesk.ui.pages.monitoring import AddUpdateDialog, MonitoringPage
from tests.store.test_monitoring import POLICE, TODAY, seed
from tests.ui.contexts import page_context


def _page(store, qtbot) -> MonitoringPage:
    page = MonitoringPage(page_context(store, show_success=False))
    qtbot.addWidget(page)
    page.today = TODAY
    page.refresh()
    return page


def _shown(page: MonitoringPage) -> list[str]:
    return [page.proxy.index(r, 2).data() for r in range(page.proxy.rowCount())]


def test_action_plans_is_a_top_level_page() -> None:
    assert "Action plans" in [spec.title for spec in PAGES]


def test_filtering_the_monitoring_view(store, qtbot, messages) -> None:
    seeded = seed(store)
    page = _page(store, qtbot)
    assert page.proxy.rowCount() == 7
    page.agency_combo.setCurrentIndex(page.agency_combo.findData(POLICE))
    assert len(_shown(page)) == 3  # includes the " northmoor  police " spelling
    page.overdue_check.setChecked(True)
    assert _shown(page) == ["Deliver routine-enquiry training to response officers."]
    page.agency_combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 2 and "2 of 7 actions shown" in page.count_label.text()
    page.overdue_check.setChecked(False)
    page.theme_combo.setCurrentIndex(page.theme_combo.findData("housing"))
    assert page.proxy.rowCount() == 3
    page.theme_combo.setCurrentIndex(0)
    page.review_combo.setCurrentIndex(page.review_combo.findData(seeded.reviews["r2"]))
    page.status_combo.setCurrentIndex(page.status_combo.findData("open"))
    assert _shown(page) == ["Carers' assessment prompt in the trust's records."]
    # the RAG column is coloured and says why
    rag = page.proxy.index(0, page.model.RAG_COLUMN)
    assert rag.data() == "Red (overdue by 138 days)"
    assert rag.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#c62828"
    # sorting by RAG puts the longest overdue first
    page.review_combo.setCurrentIndex(0)
    page.status_combo.setCurrentIndex(0)
    page.table.sortByColumn(page.model.RAG_COLUMN, Qt.SortOrder.AscendingOrder)
    assert page.proxy.index(0, 2).data().startswith("Carers' assessment")


def test_adding_an_update_with_evidence(
    store, qtbot, messages, monkeypatch, tmp_path: Path
) -> None:  # noqa: E501
    seeded = seed(store)
    page = _page(store, qtbot)
    aid = seeded.actions["a2"]
    page.select_action(aid)
    evidence = tmp_path / "audit.pdf"
    evidence.write_bytes(b"%PDF-1.4 audit results")

    def fill(dialog: AddUpdateDialog) -> int:
        qtbot.keyClicks(dialog.date_edit.edit, "", delay=-1)
        dialog.date_edit.edit.selectAll()
        three_days_ago = TODAY - dt.timedelta(days=3)
        qtbot.keyClicks(dialog.date_edit.edit, f"{three_days_ago:%d/%m/%Y}")
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("completed"))
        dialog.text_edit.setPlainText("Audit completed: 94% of DASH forms complete.")
        dialog.set_evidence(evidence)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddUpdateDialog, "exec", fill)
    page.add_update()
    assert messages.texts("warning") == []
    action = store.repos.records.get(m.Action, aid)
    assert action.status == "completed"
    assert action.completed_on == TODAY - dt.timedelta(days=3)
    row = next(
        r
        for r in range(page.proxy.rowCount())
        if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == aid
    )
    assert page.proxy.index(row, 5).data() == "Completed"
    assert page.proxy.index(row, 6).data() == "Done"
    assert page.proxy.index(row, 8).data() == "audit.pdf"
    assert "Audit completed" in page.proxy.index(row, 7).data()
    update = store.repos.monitoring.updates(aid)[-1]
    assert store.repos.agency_input.attachment_content(update.evidence_attachment_id) == (
        b"%PDF-1.4 audit results"
    )


def test_update_without_text_is_refused_with_a_message(store, qtbot, messages, monkeypatch) -> None:  # noqa: E501
    seeded = seed(store)
    page = _page(store, qtbot)
    page.select_action(seeded.actions["a2"])
    monkeypatch.setattr(AddUpdateDialog, "exec", lambda d: QDialog.DialogCode.Accepted)
    page.add_update()
    assert messages.texts("warning")
    assert store.repos.monitoring.updates(seeded.actions["a2"]) == []


def test_quarterly_report_and_sheet_export(store, qtbot, messages, tmp_path: Path) -> None:
    seed(store)
    page = _page(store, qtbot)
    out = tmp_path / "q4.pdf"
    page.write_report("2026Q4", out)
    assert out.read_bytes().startswith(b"%PDF")
    sheet = tmp_path / "police.xlsx"
    assert page.export_sheet(POLICE, sheet)
    assert sheet.read_bytes().startswith(b"PK")
