"""New review: reference, title, profile, CSP and the first dates, typed; the review opens."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QWidget

from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.dashboard import DashboardPage


def _run_dialog(script) -> list:
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


def test_new_review_asks_everything_and_opens_it(unlocked, qtbot) -> None:
    window = unlocked.main_window
    store = unlocked.store
    window.show_dashboard()
    dashboard = window.stack.currentWidget()
    assert isinstance(dashboard, DashboardPage)

    def fill(dialog: QDialog) -> None:
        reference = dialog.findChild(QLineEdit, "field_reference")
        qtbot.keyClicks(reference, "DHR 2026/44" + "X" * 60)  # pasted junk cannot take over
        assert len(reference.text()) == 40
        reference.selectAll()
        qtbot.keyClicks(reference, "DHR 2026/44")
        qtbot.keyClicks(dialog.findChild(QWidget, "field_title"), "Adult N (fictional)")
        qtbot.keyClicks(
            dialog.findChild(QWidget, "field_csp"), "Westvale Community Safety Partnership"
        )
        decided = dialog.findChild(DateField, "field_decided_on")
        qtbot.keyClicks(decided.edit, "20/1/26")
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # a decision needs the notification date too
        assert store.repos.reviews.list() == []  # nothing was created
        notified = dialog.findChild(DateField, "field_notified_on")
        qtbot.keyClicks(notified.edit, "6 Jan 2026")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    errors = _run_dialog(fill)
    review_id = dashboard.new_review()
    assert errors == []
    review = store.repos.reviews.by_id(review_id)
    assert (review.reference, review.title, review.csp) == (
        "DHR 2026/44",
        "Adult N (fictional)",
        "Westvale Community Safety Partnership",
    )
    stages = {s.stage_id: s.completed for s in store.repos.lifecycle.stages(review_id)}
    assert stages["notification"] == dt.date(2026, 1, 6)
    assert stages["decision"] == dt.date(2026, 1, 20)
    # The new review is open, at its current stage.
    workspace = window.review_page().workspace
    assert workspace.review_id == review_id
    assert window.stack.currentWidget() is window.review_page()
