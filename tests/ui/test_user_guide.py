"""Help > User guide: offline, task-based, searchable, from docs/guide, with screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from dhrdesk.ui.guide import guide_folder, load_topics, search

ROOT = Path(__file__).resolve().parents[2]
TASKS = (
    "Getting started",
    "Your first review, from notification to publication",
    "Bringing in an agency's chronology",
    "Producing the publication edition",
    "Monitoring an action plan",
)


def test_the_guide_is_the_files_in_docs() -> None:
    assert guide_folder() == ROOT / "docs" / "guide"
    topics = load_topics()
    assert [t.title for t in topics] == list(TASKS)
    for topic in topics:  # every screenshot it shows exists in docs/images
        for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", topic.markdown):
            assert (topic.path.parent / image).resolve().is_file(), image


def test_search_finds_the_task() -> None:
    topics = load_topics()
    assert [t.title for t in search(topics, "backup")][:1] == ["Getting started"]
    assert search(topics, "Import chronology")[0].title == "Bringing in an agency's chronology"
    assert search(topics, "zebra crossing") == []


def test_f1_opens_the_guide_and_typing_searches_it(unlocked, qtbot) -> None:
    window = unlocked.main_window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = getattr(window, "_guide", None)
    assert guide is not None and guide.isVisible()
    assert guide.pages.count() == len(TASKS)
    assert "Open your store" in guide.browser.toPlainText()
    qtbot.keyClicks(guide.search_edit, "publication pack")
    assert guide.current_title() == "Producing the publication edition"
    assert guide.browser.textCursor().selectedText().lower() == "publication"
    assert "1 page" in guide.status.text()
    # Its screenshots are loaded from docs/images (offline).
    assert "<img" in guide.browser.toHtml()
    guide.search_edit.clear()
    qtbot.keyClicks(guide.search_edit, "no such words here")
    assert guide.pages.count() == 0 and "No page mentions" in guide.status.text()
