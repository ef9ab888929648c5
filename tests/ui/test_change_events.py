"""Every screen follows a committed write, wherever it was made (issue 12).

The main window is real; writes are made the ways the app makes them: through a
page's ``run_op`` (from another screen) and from a worker thread (as an import
does). Hidden screens reload when next shown; visible ones at once.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.pages.dashboard import DashboardPage
from dhrdesk.ui.pages.learning import LearningPage
from dhrdesk.ui.pages.search import SearchPage


def _page(window, title: str):
    titles = [spec.title for spec in window.page_specs]
    window.nav.setCurrentRow(titles.index(title))
    return window.stack.currentWidget()


def _theme_counts(page: LearningPage) -> dict[str, int]:
    table = page.theme_table
    out = {}
    for r in range(table.rowCount()):
        value = table.item(r, 1).data(Qt.ItemDataRole.DisplayRole)
        if value:
            out[table.item(r, 0).data(Qt.ItemDataRole.UserRole)] = value
    return out


def test_learning_library_shows_the_store_on_its_first_visit(unlocked, qtbot):
    store = unlocked.store
    review = store.repos.reviews.create("DHR 2026/11", "Visit")
    store.repos.records.save(
        m.LearningPoint(review_id=review, kind="lesson", text="Ask.", themes=["housing"])
    )
    page = _page(unlocked.main_window, "Learning library")
    assert isinstance(page, LearningPage)
    assert _theme_counts(page).get("housing") == 1


def test_learning_library_follows_a_lesson_added_elsewhere(unlocked, qtbot):
    window = unlocked.main_window
    store = unlocked.store
    review = store.repos.reviews.create("DHR 2026/12", "Lessons")
    learning = _page(window, "Learning library")
    assert "coercive_control" not in _theme_counts(learning)
    dashboard = _page(window, "Dashboard")  # the library is hidden now
    point = m.LearningPoint(
        review_id=review, kind="lesson", text="Ask again.", themes=["coercive_control"]
    )
    dashboard.context.run_op(lambda: store.repos.records.save(point))
    assert learning.stale
    _page(window, "Learning library")
    assert _theme_counts(learning).get("coercive_control") == 1
    # While it is visible, a write from a worker thread reaches it too.
    other = m.LearningPoint(review_id=review, kind="lesson", text="Share.", themes=["housing"])
    worker = threading.Thread(target=lambda: store.repos.records.save(other))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: _theme_counts(learning).get("housing") == 1, timeout=3000)


def test_dashboard_follows_a_review_created_anywhere(unlocked, qtbot):
    window = unlocked.main_window
    store = unlocked.store
    dashboard = _page(window, "Dashboard")
    assert isinstance(dashboard, DashboardPage)
    before = dashboard.model.rowCount()
    worker = threading.Thread(target=lambda: store.repos.reviews.create("DHR 2026/13", "New"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: dashboard.model.rowCount() == before + 1, timeout=3000)


def test_search_results_follow_a_change_made_elsewhere(unlocked, qtbot):
    window = unlocked.main_window
    store = unlocked.store
    review = store.repos.reviews.create("DHR 2026/14", "Search")
    search = _page(window, "Search")
    assert isinstance(search, SearchPage)
    qtbot.keyClicks(search.query_edit, "wheelbarrow")
    search.search_now()
    assert search.model.rowCount() == 0
    _page(window, "Dashboard")
    point = m.LearningPoint(
        review_id=review, kind="lesson", text="The wheelbarrow was seen.", themes=["housing"]
    )
    window.page_context().run_op(lambda: store.repos.records.save(point))
    _page(window, "Search")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1, timeout=3000)


def test_the_workspace_header_follows_a_write_from_another_screen(unlocked, qtbot):
    window = unlocked.main_window
    store = unlocked.store
    review = store.repos.reviews.create("DHR 2026/15", "Before")
    workspace = window.open_review(review)
    assert "Before" in workspace.title_label.text()
    store.repos.reviews.rename(review, "After")
    qtbot.waitUntil(lambda: "After" in workspace.title_label.text(), timeout=3000)
