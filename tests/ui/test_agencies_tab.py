"""Agencies and IMRs tab: request status and overdue, reminders, quality checklist, IMR editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.imr_editor import ImrEditor, ImrEditorDialog, word_count
from dhrdesk.ui.pages.review.agencies import OVERDUE_COLOR, AgenciesTab

TODAY = dt.date.today()


def _review(store) -> tuple[int, dict[str, int]]:
    review_id = store.repos.reviews.create("DHR-AG-1", "Agencies test")
    records = store.repos.records
    ids = {}
    for name, in_scope in [
        ("Eastmere Police", True),
        ("Eastmere GP Practice", True),
        ("Corrow Housing", True),
        ("Job Centre", False),
    ]:
        agency = m.Agency(review_id, name, in_scope=in_scope, exclusion_reason="No contact")
        records.save(agency)
        ids[name] = agency.id
    ai = store.repos.agency_input
    ai.save_request(
        m.AgencyRequest(
            ids["Eastmere Police"],
            requested_on=TODAY - dt.timedelta(days=40),
            due_on=TODAY - dt.timedelta(days=5),
        )
    )
    ai.save_request(
        m.AgencyRequest(
            ids["Eastmere GP Practice"],
            request_type="summary",
            requested_on=TODAY - dt.timedelta(days=40),
            due_on=TODAY - dt.timedelta(days=10),
            received_on=TODAY - dt.timedelta(days=12),
        )
    )
    return review_id, ids


def _cell(tab: AgenciesTab, name: str, header: str, role=Qt.ItemDataRole.DisplayRole):
    view = tab.table.table
    model = view.model()
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return model.index(row, columns.index(header)).data(role)
    raise AssertionError(f"{name} not listed")


def test_status_and_overdue_shown(context, qtbot, messages) -> None:
    review_id, _ids = _review(context.store)
    tab = AgenciesTab(context, review_id)
    qtbot.addWidget(tab)
    assert _cell(tab, "Eastmere Police", "Status") == "Overdue by 5 days"
    color = _cell(tab, "Eastmere Police", "Status", Qt.ItemDataRole.ForegroundRole)
    assert color.color() == OVERDUE_COLOR
    assert _cell(tab, "Corrow Housing", "Status", Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(tab, "Eastmere GP Practice", "Status") == "Received"  # not overdue once in
    assert _cell(tab, "Eastmere GP Practice", "Request") == "Summary"
    assert _cell(tab, "Corrow Housing", "Status") == "Not requested"
    assert _cell(tab, "Job Centre", "Status") == "Excluded"
    assert tab.select_agency("Eastmere Police")
    assert tab.detail.status_label.text() == "Overdue by 5 days"
    assert "b3261e" in tab.detail.status_label.styleSheet()


def test_edit_request_and_record_chase(context, qtbot, messages) -> None:
    review_id, ids = _review(context.store)
    tab = AgenciesTab(context, review_id)
    qtbot.addWidget(tab)
    assert tab.select_agency("Corrow Housing")
    tab.date_edits["requested_on"].setDate(TODAY - dt.timedelta(days=3))
    tab.date_edits["due_on"].setDate(TODAY + dt.timedelta(days=25))
    tab.detail.author_box.author_name.setText("P. Mensah")
    tab.detail.author_box.independence.setPlainText(
        "No involvement with the family or the staff involved."
    )
    assert tab.save_button.isEnabled()
    assert tab.save_request()
    stored = context.store.repos.agency_input.request(ids["Corrow Housing"])
    assert stored.due_on == TODAY + dt.timedelta(days=25)
    assert stored.author_name == "P. Mensah"
    assert _cell(tab, "Corrow Housing", "Status") == "Requested"
    assert tab.record_chase()
    assert context.store.repos.agency_input.request(ids["Corrow Housing"]).chases == [
        TODAY.isoformat()
    ]
    assert "1 reminder" in tab.detail.request_box.chases_label.text()
    assert _cell(tab, "Corrow Housing", "Chases") == "1"
    # A due date before the request is refused and the typed value stays on screen.
    tab.date_edits["due_on"].setDate(TODAY - dt.timedelta(days=10))
    assert not tab.save_request()
    assert "due before it was requested" in tab.request_error.text()
    assert tab.date_edits["due_on"].date() == TODAY - dt.timedelta(days=10)


def test_quality_checklist_needs_note_and_lists_gaps(context, qtbot, messages) -> None:
    review_id, ids = _review(context.store)
    tab = AgenciesTab(context, review_id)
    qtbot.addWidget(tab)
    tab.select_agency("Eastmere Police")
    police = ids["Eastmere Police"]
    tab.detail.quality_box.set_score("independence", "met")
    tab.detail.quality_box.set_score("equality_diversity", "not_met", "")
    assert (
        "fdecea" in tab.detail.quality_box.note_edits["equality_diversity"].styleSheet()
    )  # highlighted
    assert not tab.save_quality()
    assert "say what is missing" in tab.detail.quality_box.error.text()
    assert context.store.repos.agency_input.quality(police)["independence"].score == ""
    tab.detail.quality_box.set_score(
        "equality_diversity", "not_met", "Section is blank for Adult A's disability."
    )
    assert tab.save_quality()
    quality = context.store.repos.agency_input.quality(police)
    assert quality["independence"].score == "met"
    assert quality["equality_diversity"].score == "not_met"
    gaps = tab.gaps()
    assert "Equality and diversity addressed: Section is blank for Adult A's disability." in gaps
    assert "Author independence stated" not in gaps
    assert "not yet checked" in gaps
    tab.detail.gaps_box.copy()
    from PySide6.QtGui import QGuiApplication

    assert "Section is blank" in QGuiApplication.clipboard().text()


def test_imr_editor_saves_sections_and_analysis(context, qtbot, messages) -> None:
    review_id, ids = _review(context.store)
    records = context.store.repos.records
    line = m.LineOfEnquiry(review_id, "What did each agency know about the abuse?", sort=1)
    records.save(line)
    police = ids["Eastmere Police"]
    editor = ImrEditor(context, review_id, police)
    qtbot.addWidget(editor)
    assert ("analysis", line.id) in editor.pages
    editor.set_text(("section", "methodology"), "Records read: incident logs 2019 to 2021.")
    editor.show_key(("section", "lessons"))  # switching sections keeps what was typed
    editor.set_text(("analysis", line.id), "Officers knew of three incidents.")
    editor.show_key(("section", "methodology"))
    assert editor.text(("section", "methodology")) == "Records read: incident logs 2019 to 2021."
    assert editor.is_dirty()
    assert editor.save()
    ai = context.store.repos.agency_input
    assert ai.imr_sections(police)["methodology"].startswith("Records read")
    assert ai.imr_analysis(police)[line.id] == "Officers knew of three incidents."
    assert not editor.is_dirty()
    # save_pending (before locking) writes what was typed since.
    editor.set_text(("section", "conclusions"), "Risk was not assessed.")
    editor.save_pending()
    assert ai.imr_sections(police)["conclusions"] == "Risk was not assessed."
    assert word_count("one two  three\nfour") == 4


def test_imr_dialog_from_tab_saved_on_lock(context, qtbot, messages) -> None:
    review_id, ids = _review(context.store)
    tab = AgenciesTab(context, review_id)
    qtbot.addWidget(tab)
    tab.select_agency("Eastmere Police")
    dialog = tab.open_imr()
    assert isinstance(dialog, ImrEditorDialog)
    dialog.editor.set_text(("section", "introduction"), "Typed but not saved.")
    tab.save_pending()
    sections = context.store.repos.agency_input.imr_sections(ids["Eastmere Police"])
    assert sections["introduction"] == "Typed but not saved."
    dialog.close()
