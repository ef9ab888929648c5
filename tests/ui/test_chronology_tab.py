"""Combined chronology tab: filters (agency, subject, theme, key events, text), chair's edits
saved to the store, duplicates merged / kept / unmerged, flags and partial dates shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.chronology_model import COL_DATE, COL_FLAGS, COL_KEY, COL_SIGNIFICANCE
from dhrdesk.ui.pages.review.chronology import ChronologyTab


@pytest.fixture
def review(context):
    """Three agencies, 8 rows: one partial date, one pair of duplicates, one after the death."""
    store = context.store
    review_id = store.repos.reviews.create("DHR-CH-1", "Chronology test")
    rev = store.repos.reviews.by_id(review_id)
    rev.month_of_death = "2021-06"
    store.repos.reviews.update(rev)
    tor = store.repos.lifecycle.terms(review_id)
    tor.period_start, tor.period_end = dt.date(2019, 1, 1), dt.date(2021, 6, 30)
    tor.period_rationale = "From the first known contact to the death."
    store.repos.lifecycle.save_terms(tor)
    victim = m.Subject(review_id, "victim", "Adult A")
    other = m.Subject(review_id, "perpetrator", "Adult B")
    store.repos.records.save(victim)
    store.repos.records.save(other)
    ai = store.repos.agency_input
    police = ai.ensure_agency(review_id, "Eastmere Police").id
    health = ai.ensure_agency(review_id, "Eastmere Hospital").id
    housing = ai.ensure_agency(review_id, "Corrow Housing").id

    def row(agency: int, date: str, event: str, **kw) -> m.ChronologyEntry:
        return m.ChronologyEntry(review_id, agency, date, "Case record", event, **kw)

    ai.add_entries(
        [
            row(
                police,
                "2019-03-04",
                "Adult A reported a threat by text message",
                themes=["coercive_control"],
                subject_ids=[victim.id],
            ),
            row(health, "2019-03", "Adult A seen for anxiety; no routine enquiry"),
            row(
                police,
                "2019-08-10",
                "Neighbour called police about shouting at the flat",
                subject_ids=[other.id],
            ),
            row(housing, "2019-08-10", "Neighbour called the police about shouting at the flat"),
            row(health, "2020-01-15", "Adult A attended A&E with a bruised wrist", key_event=True),
            row(housing, "2020-05-02", "Rent arrears letter sent to the tenancy"),
            row(police, "2021-02-01", "Adult B arrested and bailed with conditions"),
            row(housing, "2021-09-01", "Tenancy ended after the death"),
        ]
    )
    return review_id, {
        "police": police,
        "health": health,
        "housing": housing,
        "victim": victim.id,
        "other": other.id,
    }


def _tab(context, qtbot, review_id: int) -> ChronologyTab:
    tab = ChronologyTab(context, review_id)
    qtbot.addWidget(tab)
    return tab


def _texts(tab: ChronologyTab, column: int) -> list[str]:
    return [tab.proxy.index(r, column).data() for r in range(tab.proxy.rowCount())]


def test_rows_flags_partial_dates_and_status(context, qtbot, review, messages) -> None:
    review_id, _ = review
    tab = _tab(context, qtbot, review_id)
    assert tab.proxy.rowCount() == 8
    dates = _texts(tab, COL_DATE)
    assert dates[0] == "March 2019 ~"  # partial month sorts first in its month, marked
    assert tab.proxy.index(0, COL_DATE).data(Qt.ItemDataRole.ToolTipRole).startswith("partial date")
    assert dates[1] == "4 March 2019"
    flags = _texts(tab, COL_FLAGS)
    assert "after death" in flags[-1] and "outside period" in flags[-1]
    assert sum("duplicate?" in f for f in flags) == 2
    assert tab.status.text() == "8 rows · 3 flagged · 1 possible duplicate"


def test_filters(context, qtbot, review, messages) -> None:
    review_id, ids = review
    tab = _tab(context, qtbot, review_id)
    tab.filters.agency_filter.set_chosen({"Eastmere Police"})
    assert tab.proxy.rowCount() == 3
    tab.filters.agency_filter.set_chosen({"Eastmere Police", "Corrow Housing"})
    assert tab.proxy.rowCount() == 6
    assert tab.filters.agency_filter.text() == "2 agencies"
    tab.filters.agency_filter.clear()
    assert tab.proxy.rowCount() == 8

    tab.filters.theme_filter.setCurrentIndex(tab.filters.theme_filter.findData("coercive_control"))
    assert tab.proxy.rowCount() == 1
    tab.filters.theme_filter.setCurrentIndex(0)

    tab.filters.subject_filter.setCurrentIndex(tab.filters.subject_filter.findData(ids["other"]))
    assert _texts(tab, COL_DATE) == ["10 August 2019"]
    tab.filters.subject_filter.setCurrentIndex(0)

    tab.filters.key_only.setChecked(True)
    assert tab.proxy.rowCount() == 1
    tab.filters.key_only.setChecked(False)
    tab.filters.flagged_only.setChecked(True)
    assert tab.proxy.rowCount() == 3
    tab.filters.flagged_only.setChecked(False)

    # Free text is debounced: nothing changes until the timer fires.
    tab.filters.search.setText("shouting FLAT")
    assert tab.proxy.rowCount() == 8
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 2, timeout=2000)
    assert "2 of 8 rows shown" in tab.status.text()
    tab.set_search_now("no such words")
    assert tab.proxy.rowCount() == 0
    tab.set_search_now("")
    assert tab.proxy.rowCount() == 8


def test_key_event_and_significance_are_stored(context, qtbot, review, messages) -> None:
    review_id, ids = review
    tab = _tab(context, qtbot, review_id)
    ai = context.store.repos.agency_input
    target = next(e for e in ai.entries(review_id) if e.event.startswith("Rent arrears"))
    assert tab.set_key_event(target.id, True)
    assert ai.entry(target.id).key_event is True
    row = tab.proxy.mapFromSource(tab.model.index(tab.model.row_of(target.id), COL_KEY)).row()
    assert tab.proxy.index(row, COL_KEY).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    # Significance edited in place (as the table's editor does).
    index = tab.proxy.index(row, COL_SIGNIFICANCE)
    assert tab.proxy.setData(
        index, "Arrears began after Adult B moved in.", Qt.ItemDataRole.EditRole
    )
    assert ai.entry(target.id).significance == "Arrears began after Adult B moved in."
    # Themes through the side panel.
    assert tab.select_entry(target.id)
    tab.row_panel.set_themes(["housing", "coercive_control"])
    assert tab.row_panel.save_row_button.isEnabled()
    assert tab.save_panel()
    assert sorted(ai.entry(target.id).themes) == ["coercive_control", "housing"]
    assert "Housing" in tab.proxy.index(row, 11).data()
    # Key events only now shows the new key event beside the one already flagged.
    tab.filters.key_only.setChecked(True)
    assert tab.proxy.rowCount() == 2


def test_merge_keep_both_and_unmerge(context, qtbot, review, messages) -> None:
    review_id, ids = review
    tab = _tab(context, qtbot, review_id)
    ai = context.store.repos.agency_input
    assert tab.duplicates.pair_list.count() == 1
    keep, merged = tab.selected_pair()
    assert (
        "shouting" in tab.duplicates.left_label.text()
        and "shouting" in tab.duplicates.right_label.text()
    )
    assert tab.merge_selected_pair()
    assert ai.entry(merged).duplicate_of == keep
    assert tab.proxy.rowCount() == 7
    assert tab.model.row_of(merged) is None  # the merged row disappeared
    assert tab.duplicates.pair_list.count() == 0
    tab.side.setCurrentIndex(2)
    assert tab.merged.merged_list.count() == 1
    tab.merged.merged_list.setCurrentRow(0)
    assert tab.unmerge_selected()
    assert ai.entry(merged).duplicate_of is None
    assert tab.proxy.rowCount() == 8
    assert tab.duplicates.pair_list.count() == 1
    assert tab.keep_both_selected_pair()
    assert tab.duplicates.pair_list.count() == 0
    assert tab.proxy.rowCount() == 8
    assert "0 possible duplicates" in tab.status.text()


def test_save_pending_writes_panel_edits(context, qtbot, review, messages) -> None:
    review_id, _ = review
    tab = _tab(context, qtbot, review_id)
    entry_id = tab.proxy.index(2, 0).data(Qt.ItemDataRole.UserRole)
    assert tab.select_entry(entry_id)
    tab.row_panel.significance_edit.setPlainText("Typed just before the lock.")
    tab.save_pending()
    assert context.store.repos.agency_input.entry(entry_id).significance == (
        "Typed just before the lock."
    )
