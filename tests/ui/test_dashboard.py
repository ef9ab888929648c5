"""Dashboard: overdue first, filters, details, open actions, new review, opening a review."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.dashboard import DashboardPage, days_text


def _days_ago(n: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=n)


def make_reviews(store) -> dict[str, int]:
    """Three fictional reviews: one overdue decision, one paused, one fresh."""
    reviews, lifecycle, records = store.repos.reviews, store.repos.lifecycle, store.repos.records
    ids = {
        "fresh": reviews.create("DHR 2026/09", "Adult F"),
        "late": reviews.create("DHR 2026/01", "Adult L"),
        "paused": reviews.create("DHR 2025/04", "Adult P"),
    }
    lifecycle.complete_stage(ids["late"], "notification", _days_ago(80))  # decision overdue
    lifecycle.complete_stage(ids["paused"], "notification", _days_ago(400))
    lifecycle.complete_stage(ids["paused"], "decision", _days_ago(390))
    lifecycle.complete_stage(ids["paused"], "home_office_notified", _days_ago(380))
    records.save(
        m.Pause(ids["paused"], "criminal_trial", _days_ago(200), reason="Awaiting the trial")
    )
    meeting = m.Meeting(ids["paused"], _days_ago(30), title="Panel meeting 3")
    records.save(meeting)
    records.save(m.MeetingAction(meeting.id, "Chase the GP practice IMR", "Chair", _days_ago(3)))
    records.save(m.Cost(ids["paused"], "chair", 350000, "Chair's fee"))
    return ids


def _page(context, qtbot) -> DashboardPage:
    page = DashboardPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


def _column(page: DashboardPage, column: int) -> list[str]:
    return [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]


def test_rows_overdue_first_with_days_and_costs(context, qtbot) -> None:
    make_reviews(context.store)
    page = _page(context, qtbot)
    refs = _column(page, 0)
    # Overdue first: the late decision and the paused review (its six-month target
    # and an overdue action), then the fresh review with no clock running.
    assert refs[-1] == "DHR 2026/09"
    assert set(refs[:2]) == {"DHR 2026/01", "DHR 2025/04"}
    paused_row = next(r for r in page.model.rows() if r.reference == "DHR 2025/04")
    assert days_text(paused_row) == "390 (189 active, 201 paused)"
    assert paused_row.paused_now
    assert "Paused" in _column(page, 4)
    late = next(r for r in page.model.rows() if r.reference == "DHR 2026/01")
    assert late.overdue[0].label == "Decision due"
    assert "£3,500.00" in page.summary_label.text()
    assert page.actions_table.rowCount() == 1
    assert page.actions_table.item(0, 2).text() == "Chase the GP practice IMR"
    assert "1 overdue" in page.lower_tabs.tabText(1)


def test_sort_filter_stage_and_overdue_only(context, qtbot) -> None:
    make_reviews(context.store)
    page = _page(context, qtbot)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _column(page, 0) == ["DHR 2025/04", "DHR 2026/01", "DHR 2026/09"]
    page.overdue_check.setChecked(True)
    assert "DHR 2026/09" not in _column(page, 0)
    page.overdue_check.setChecked(False)
    page.stage_combo.setCurrentIndex(page.stage_combo.findData("Notification"))
    assert _column(page, 0) == ["DHR 2026/09"]
    page.stage_combo.setCurrentIndex(0)
    page.filter_edit.setText("adult l")
    assert _column(page, 0) == ["DHR 2026/01"]
    page.filter_edit.setText("nothing like this")
    assert page.empty_label.isVisible()


def test_details_list_overdue_items(context, qtbot) -> None:
    ids = make_reviews(context.store)
    page = _page(context, qtbot)
    assert page.select_review(ids["late"])
    text = page.details.toPlainText()
    assert "Decision due" in text and "overdue" in text


def test_new_review_through_dialog_and_validation(context, qtbot, monkeypatch, messages) -> None:
    make_reviews(context.store)
    page = _page(context, qtbot)
    attempts: list[tuple[bool, str]] = []

    def fill(reference: str):
        def fake_exec(dialog: RecordDialog) -> int:
            dialog.set_value("reference", reference)
            dialog.set_value("title", "Adult N")
            dialog.set_value("profile", "wales-susr")
            attempts.append((dialog.try_save(), dialog.error_label.text()))
            return dialog.result()

        return fake_exec

    monkeypatch.setattr(RecordDialog, "exec", fill("DHR 2026/01"))
    assert page.new_review() is None
    assert attempts[-1][0] is False and "already exists" in attempts[-1][1]
    monkeypatch.setattr(RecordDialog, "exec", fill("SUSR 2026/02"))
    new_id = page.new_review()
    assert new_id is not None
    review = context.store.repos.reviews.by_id(new_id)
    assert (review.profile, review.title) == ("wales-susr", "Adult N")
    assert "SUSR 2026/02" in _column(page, 0)
