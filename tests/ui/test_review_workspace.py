"""The review workspace in the main window: open from the dashboard, overview, lock/unlock.

Includes the issue's GUI test: create a review, add a panel member, complete a
stage, add a pause and see the dashboard change.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from dhrdesk.core import model as m
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.dashboard import DashboardPage
from dhrdesk.ui.pages.review import overview as overview_module
from dhrdesk.ui.pages.review.workspace import ReviewWorkspace, workspace_of
from dhrdesk.ui.pages.reviews import ReviewsPage


def _days_ago(n: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=n)


def fill_dialog(monkeypatch, values: dict) -> list:  # noqa: ANN001
    outcome: list = []

    def fake_exec(self: RecordDialog) -> int:
        for name, value in values.items():
            self.set_value(name, value)
        outcome.append((self.try_save(), self.error_label.text()))
        return self.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)
    return outcome


def _dashboard(window) -> DashboardPage:  # noqa: ANN001
    window.show_dashboard()
    page = window.stack.currentWidget()
    assert isinstance(page, DashboardPage)
    return page


def _row(page: DashboardPage, reference: str):  # noqa: ANN202
    return next(r for r in page.model.rows() if r.reference == reference)


def test_create_member_stage_pause_and_dashboard_changes(unlocked, qtbot, monkeypatch, messages):  # noqa: ANN001
    window = unlocked.main_window
    store = unlocked.store
    dashboard = _dashboard(window)
    assert dashboard.empty_label.isVisible()

    # Create a review from the dashboard: it opens in the workspace.
    fill_dialog(monkeypatch, {"reference": "DHR 2026/05", "title": "Adult E"})
    review_id = dashboard.new_review()
    workspace = window.review_page().workspace
    assert isinstance(workspace, ReviewWorkspace) and workspace.review_id == review_id
    assert window.stack.currentWidget() is window.review_page()
    assert "DHR 2026/05" in window.nav.currentItem().text()
    assert workspace.stage_label.text() == "Notification"

    # Add a panel member through the Panel tab.
    workspace.show_tab("Panel and meetings")
    panel = workspace.tab("Panel and meetings")
    fill_dialog(monkeypatch, {"name": "Detective Inspector K. Osei", "agency": "Police"})
    panel.members.add()
    assert [p.name for p in store.repos.records.list(m.PanelMember, review_id)] == [
        "Detective Inspector K. Osei"
    ]

    # Complete notification (80 days ago) then the decision (70 days ago) on the Overview.
    workspace.show_tab("Overview")
    overview = workspace.tab("Overview")
    dates = iter([_days_ago(80), _days_ago(70)])
    monkeypatch.setattr(overview_module, "ask_date", lambda *a, **k: next(dates))
    assert overview.complete_current_stage()
    assert overview.complete_current_stage()
    assert workspace.stage_label.text() == "Home Office notified"
    dashboard = _dashboard(window)
    row = _row(dashboard, "DHR 2026/05")
    assert row.stage_name == "Home Office notified"
    assert row.overdue and row.overdue[0].label == "Home Office notification due"
    assert days_cell(dashboard) == "70 (all active)"

    # Add a pause (the Parallel tab uses the same record table): the dashboard shows it.
    window.open_review(review_id, "Parallel processes and pauses")
    parallel = workspace_of(window.review_page().workspace.tab("Parallel processes and pauses"))
    assert parallel is window.review_page().workspace
    tab = parallel.tab("Parallel processes and pauses")
    fill_dialog(
        monkeypatch,
        {"kind": "criminal_trial", "start": _days_ago(20), "reason": "Awaiting the trial"},
    )
    tab.pauses.add()
    assert len(store.repos.records.list(m.Pause, review_id)) == 1
    dashboard = _dashboard(window)
    row = _row(dashboard, "DHR 2026/05")
    assert row.paused_now
    assert days_cell(dashboard) == "70 (49 active, 21 paused)"


def days_cell(page: DashboardPage) -> str:
    return page.proxy.index(0, 3).data()


def test_open_from_dashboard_and_reviews_rows(unlocked, qtbot):  # noqa: ANN001
    store = unlocked.store
    first = store.repos.reviews.create("DHR 2026/01", "Adult A")
    second = store.repos.reviews.create("DHR 2026/02", "Adult B")
    window = unlocked.main_window
    dashboard = _dashboard(window)
    dashboard.refresh()
    dashboard.select_review(second)
    qtbot.keyClick(dashboard.table, Qt.Key.Key_Return)
    assert window.review_page().workspace.review_id == second
    assert window.review_page().workspace.reference_label.text() == "DHR 2026/02"
    window.review_page().workspace.back_button.click()
    assert window.stack.currentWidget() is dashboard

    window.nav.setCurrentRow(window._titles().index("Reviews"))
    reviews = window.stack.currentWidget()
    assert isinstance(reviews, ReviewsPage)
    reviews.refresh()
    reviews.table.activated.emit(reviews.proxy.index(0, 0))  # DHR 2026/01, sorted
    assert window.review_page().workspace.review_id == first
    assert window.stack.currentWidget() is window.review_page()


def test_lock_unlock_returns_to_the_same_review_and_tab(unlocked, qtbot, passphrase, store_path):  # noqa: ANN001
    review_id = unlocked.store.repos.reviews.create("DHR 2026/03", "Adult C")
    window = unlocked.main_window
    window.open_review(review_id, "Timeline")
    overview_edit = window.review_page().workspace.tab("Overview").record.title_edit
    overview_edit.setText("Adult C (edited before lock)")
    window.review_page().workspace.tab("Overview")._mark_dirty()
    assert unlocked.lock()
    assert unlocked.main_window is None
    assert not any(isinstance(w, ReviewWorkspace) for w in qtbot_live_widgets())
    unlocked.unlock(store_path, passphrase)
    window = unlocked.main_window
    workspace = window.review_page().workspace
    assert workspace.review_id == review_id
    assert workspace.current_tab_title() == "Timeline"
    assert window.stack.currentWidget() is window.review_page()
    # The unsaved title was saved when locking.
    assert unlocked.store.repos.reviews.by_id(review_id).title == "Adult C (edited before lock)"


def qtbot_live_widgets() -> list:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.allWidgets() if w.isVisible()]


def test_profile_change_changes_stage_names_and_words(unlocked, qtbot, messages):  # noqa: ANN001
    review_id = unlocked.store.repos.reviews.create("SUSR 2026/01", "Adult W")
    window = unlocked.main_window
    workspace = window.open_review(review_id)
    overview = workspace.tab("Overview")
    assert "Practitioner learning event" not in overview.stage_names()
    assert overview.csp_label.text() == "Community Safety Partnership"
    overview.profile_combo.setCurrentIndex(overview.profile_combo.findData("wales-susr"))
    assert "Practitioner learning event" in overview.stage_names()
    assert "Board and CSP sign-off" in overview.stage_names()
    assert "Regional Safeguarding Board" in overview.csp_label.text()
    assert overview.record_dirty
    assert overview.save_record()
    assert unlocked.store.repos.reviews.by_id(review_id).profile == "wales-susr"
    assert "Single Unified Safeguarding Review" in workspace.type_label.text()


def test_stage_date_errors_keep_input(unlocked, qtbot, messages):  # noqa: ANN001
    review_id = unlocked.store.repos.reviews.create("DHR 2026/06", "Adult D")
    workspace = unlocked.main_window.open_review(review_id)
    overview = workspace.tab("Overview")
    rows = {row.stage.id: row for row in overview._stage_rows}
    rows["decision"].completed.setDate(_days_ago(5))  # decision with no notification
    assert overview.stages_dirty()
    assert not overview.save_stage_dates()
    assert "Notification is not" in overview.stage_error.text() or "notification" in (
        overview.stage_error.text().lower()
    )
    rows = {row.stage.id: row for row in overview._stage_rows}
    assert rows["decision"].completed.date() == _days_ago(5)  # still there
    rows["notification"].completed.setDate(_days_ago(10))
    assert overview.save_stage_dates()
    stages = {s.stage_id: s for s in unlocked.store.repos.lifecycle.stages(review_id)}
    assert stages["decision"].completed == _days_ago(5)
    clock_labels = [
        w.text() for w in overview.findChildren(QLabel) if w.objectName() == "clock_decision"
    ]
    assert clock_labels and "done" in clock_labels[0]


def test_restricted_tab_is_marked(unlocked, qtbot):  # noqa: ANN001
    review_id = unlocked.store.repos.reviews.create("DHR 2026/08", "Adult H")
    workspace = unlocked.main_window.open_review(review_id)
    index = workspace.tab_titles().index("Restricted register")
    assert workspace.tabs.tabText(index).startswith("⚠")
    assert "RESTRICTED" in workspace.tabs.tabToolTip(index)
    workspace.show_tab("Restricted register")
    banner = workspace.tabs.currentWidget().findChild(QLabel, "restrictedBanner")
    assert banner is not None and "RESTRICTED – real identities" in banner.text()
    # Every tab of the registry builds (none is "not available" any more).
    for title in workspace.tab_titles():
        workspace.show_tab(title)
        assert workspace.tabs.currentWidget().findChild(QLabel, "tabNotAvailable") is None, title
