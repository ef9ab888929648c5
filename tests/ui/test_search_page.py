"""The Search page: search as you type, filters, error states, and opening a hit in place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.pages import PAGES
from dhrdesk.ui.pages.search import SearchPage, plain_snippet, snippet_html


@dataclass
class Seeded:
    first: int
    second: int
    entry: int
    rec: int
    action: int


def _para(text: str) -> list[dict]:
    return [{"type": "paragraph", "runs": [{"text": text}]}]


def seed(store) -> Seeded:
    """Two fictional reviews whose texts share the word 'eggshells' in different places."""
    repos = store.repos
    first = repos.reviews.create("DHR 2024/02", title="Fictional review one")
    second = repos.reviews.create("DHR 2025/06", title="Fictional review two")
    police = repos.agency_input.ensure_agency(first, "Westvale Police")
    gp = repos.agency_input.ensure_agency(second, "Harbour Lane Surgery")
    repos.agency_input.save_entry(
        m.ChronologyEntry(
            first,
            police.id,
            "2023-01-05",
            "Police IMR",
            event="Officers attended after a 999 call. Adult A said she was walking on "
            "eggshells at home; no DASH risk assessment was completed.",
            themes=["risk_assessment"],
        )
    )
    entry = repos.agency_input.entries(first)[0].id
    repos.agency_input.save_entry(
        m.ChronologyEntry(
            second,
            gp.id,
            "2024-09-12",
            "GP records",
            event="Consultation for low mood; she described eggshells and sleeplessness.",
            themes=["health_services"],
        )
    )
    repos.drafting.save_section(
        m.ReportSection(
            first,
            "overview",
            "analysis",
            _para(
                "The panel found that the words walking on eggshells were recorded "
                "three times and never explored by any agency."
            ),
        )
    )
    rec = repos.records.save(
        m.Recommendation(
            second,
            1,
            "Harbour Lane Surgery to audit routine enquiry where a patient describes eggshells.",
            lead_agency="Harbour Lane Surgery",
            themes=["professional_curiosity"],
        )
    )
    action = repos.records.save(
        m.Action(
            rec, "Run the routine enquiry audit and report to the board.", "Harbour Lane Surgery"
        )
    )
    return Seeded(first, second, entry, rec, action)


def _search_page(window) -> SearchPage:
    titles = [spec.title for spec in window.page_specs]
    window.nav.setCurrentRow(titles.index("Search"))
    page = window.stack.currentWidget()
    assert isinstance(page, SearchPage)
    return page


def _search(page: SearchPage, text: str) -> list:
    page.query_edit.setText(text)
    page.search_now()
    return page.model.hits()


def test_search_is_a_top_level_page() -> None:
    assert "Search" in [spec.title for spec in PAGES]


def test_snippet_marks_become_bold_only_after_escaping() -> None:
    marked = "<b>x</b> & «eggshells» <script>alert(1)</script> « lone"
    rich = snippet_html(marked)
    assert "<b>eggshells</b>" in rich
    assert "&lt;b&gt;x&lt;/b&gt;" in rich and "&lt;script&gt;" in rich and "<script>" not in rich
    assert rich.endswith("« lone")  # an unpaired mark stays a character
    assert plain_snippet("a «b» c") == "a b c"


def test_search_as_you_type_filters_and_errors(unlocked, qtbot) -> None:
    seeded = seed(unlocked.store)
    page = _search_page(unlocked.main_window)
    assert page.message.isVisible() and not page.model.hits()

    # Typing searches after a pause (debounced), without pressing anything.
    page.query_edit.setText("eggshells")
    assert page.model.rowCount() == 0  # not yet: the debounce timer is running
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=3000)
    hits = page.model.hits()
    assert {h.kind for h in hits} == {"chronology", "section", "recommendation"}
    assert "4 results" in page.count_label.text()
    snippet = page.model.index(0, 3).data(Qt.ItemDataRole.UserRole + 1)
    assert "«eggshells»" in snippet.replace("«Eggshells»", "«eggshells»")
    assert "«" not in page.model.index(0, 3).data()  # the displayed text has no marks

    # Review filter.
    assert page.set_filter("review", seeded.second)
    page.search_now()
    assert {h.reference for h in page.model.hits()} == {"DHR 2025/06"}
    # Theme filter (from the taxonomy) within that review.
    assert page.set_filter("theme", "professional_curiosity")
    page.search_now()
    assert [h.kind for h in page.model.hits()] == ["recommendation"]
    page.clear_filters()
    # Agency and kind filters.
    assert page.set_filter("agency", "Westvale Police")
    page.search_now()
    assert [h.record_key for h in page.model.hits()] == [f"chronology:{seeded.entry}"]
    page.clear_filters()
    assert page.set_filter("kind", "section")
    page.search_now()
    assert [h.kind for h in page.model.hits()] == ["section"]
    page.clear_filters()
    # Date range keeps dated records that overlap it.
    page.from_edit.setText("2024")
    page.search_now()
    assert [h.reference for h in page.model.hits()] == ["DHR 2025/06"]
    assert page.model.hits()[0].kind == "chronology"

    # An invalid date and a query without words give the store's clear message.
    page.from_edit.setText("last spring")
    page.search_now()
    assert page.showing_error and "is not a date" in page.message.text()
    assert page.model.rowCount() == 0 and not page.view.isVisible()
    page.from_edit.clear()
    _search(page, '"" *** ()')
    assert page.showing_error and "Type at least one word" in page.message.text()
    # No match: a friendly empty state, not an error.
    assert _search(page, "zebra") == []
    assert not page.showing_error and "Nothing matches" in page.message.text()
    assert page.count_label.text() == "0 results"


def test_double_click_chronology_hit_opens_the_row(unlocked, qtbot) -> None:
    seeded = seed(unlocked.store)
    window = unlocked.main_window
    page = _search_page(window)
    page.set_filter("kind", "chronology")
    hits = _search(page, "DASH eggshells")
    assert [h.record_key for h in hits] == [f"chronology:{seeded.entry}"]
    index = page.model.index(0, 2)
    page.view.scrollTo(index)
    rect = page.view.visualRect(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    workspace = window.review_page().workspace
    assert workspace is not None and workspace.review_id == seeded.first
    assert window.stack.currentWidget() is window.review_page()
    assert workspace.current_tab_title() == "Combined chronology"
    tab = workspace.tab("Combined chronology")
    qtbot.waitUntil(lambda: not tab.loading, timeout=5000)
    qtbot.waitUntil(lambda: tab.current_entry() is not None, timeout=3000)
    assert tab.current_entry().id == seeded.entry
    selected = tab.view.selectionModel().selectedRows()
    assert len(selected) == 1


def test_return_on_a_section_hit_opens_drafting_at_that_section(unlocked, qtbot) -> None:
    seeded = seed(unlocked.store)
    window = unlocked.main_window
    page = _search_page(window)
    page.set_filter("kind", "section")
    hits = _search(page, "explored")
    assert [h.record_key for h in hits] == ["section:overview/analysis"]
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    workspace = window.review_page().workspace
    assert workspace.review_id == seeded.first
    assert workspace.current_tab_title() == "Drafting"
    drafting = workspace.tab("Drafting")
    assert drafting.document == "overview" and drafting.current_key == "analysis"


def test_recommendation_and_action_hits_select_their_rows(unlocked, qtbot) -> None:
    seeded = seed(unlocked.store)
    window = unlocked.main_window
    page = _search_page(window)
    page.set_filter("kind", "recommendation")
    (rec_hit,) = _search(page, "routine enquiry")
    workspace = page.open_hit(rec_hit)
    assert workspace.current_tab_title() == "Findings and recommendations"
    tab = workspace.tab("Findings and recommendations")
    assert tab.recommendations.selected().id == seeded.rec

    page = _search_page(window)
    page.set_filter("kind", "action")
    (action_hit,) = _search(page, "audit board")
    workspace = page.open_hit(action_hit)
    tab = workspace.tab("Findings and recommendations")
    assert tab.recommendations.selected().id == seeded.rec
    assert tab.actions.selected().id == seeded.action
