"""Every place that shows real names carries the restricted marking, as the Register does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from dhrdesk.store.search import Hit
from dhrdesk.ui.pages.review.tabs import TABS
from dhrdesk.ui.pages.search import HitTableModel

# Tabs that show real identities: the register, family members (by name), publication.
REAL_NAMES = {"Restricted register", "Family", "Publication"}


def test_tabs_with_real_names_are_marked(unlocked, qtbot) -> None:
    assert {spec.title for spec in TABS if spec.restricted} == REAL_NAMES
    review_id = unlocked.store.repos.reviews.create("DHR 2026/51", "Adult P (fictional)")
    workspace = unlocked.main_window.open_review(review_id)
    for title in REAL_NAMES:
        index = workspace.tab_titles().index(title)
        assert workspace.tabs.tabText(index).startswith("⚠"), title
        assert "RESTRICTED" in workspace.tabs.tabToolTip(index)
        # Chosen with the keyboard from the side list, as a chair would.
        workspace.tabs.nav.setFocus()
        workspace.show_tab(title)
        banner = workspace.tabs.currentWidget().findChild(QLabel, "restrictedBanner")
        assert banner is not None and banner.isVisibleTo(workspace), title
        assert "RESTRICTED – real identities" in banner.text()
    for title in REAL_NAMES:
        assert f"⚠ {title}" in workspace.banner.text()


def test_family_contacts_in_search_results_are_marked(qtbot) -> None:
    model = HitTableModel()
    hits = [
        Hit(1, "DHR 1", "family_contact", "family_contact:1", "Family contact", "met «x»", 1.0),
        Hit(1, "DHR 1", "chronology", "chronology:2", "Row", "«x»", 1.0),
    ]
    model.set_hits(hits)
    family = model.index(0, 1)
    assert model.data(family, Qt.ItemDataRole.DisplayRole).startswith("⚠")
    assert "restricted" in model.data(family, Qt.ItemDataRole.DisplayRole)
    assert model.data(family, Qt.ItemDataRole.ForegroundRole) is not None
    assert not model.data(model.index(1, 1), Qt.ItemDataRole.DisplayRole).startswith("⚠")
