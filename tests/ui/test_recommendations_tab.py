"""Findings and recommendations tab: learning points with themes, recommendations with the
CLEAR checklist and their sources, the action plan per recommendation, and renumbering."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from dhrdesk.core import model as m
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.review.recommendations import (
    MANY_RECOMMENDATIONS,
    RecommendationsTab,
    RichRecordDialog,
)


def fill_dialog(monkeypatch, values: dict, outcome: list) -> None:  # noqa: ANN001
    """The record dialog fills the fields and presses Save instead of running modally."""

    def fake_exec(self: RecordDialog) -> int:
        for name, value in values.items():
            self.set_value(name, value)
        outcome.append((self.try_save(), self.error_label.text()))
        return self.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)


@pytest.fixture
def say_yes(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )


def make_tab(qtbot, context, review_id: int) -> RecommendationsTab:  # noqa: ANN001
    tab = RecommendationsTab(context, review_id)
    qtbot.addWidget(tab)
    return tab


def numbers_and_texts(store, review_id: int) -> list[tuple[int, str]]:  # noqa: ANN001
    return [(r.number, r.text) for r in store.repos.records.list(m.Recommendation, review_id)]


def test_learning_point_and_recommendation_with_clear_themes_and_sources(
    context, qtbot, monkeypatch, messages
):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR R/1", "")
    agency_id = store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    tab = make_tab(qtbot, context, review_id)

    outcome: list = []
    fill_dialog(
        monkeypatch,
        {
            "kind": "lesson",
            "text": "DASH risk assessments were not repeated after separation.",
            "themes": ["risk_assessment", "information_sharing"],
            "agency_id": agency_id,
        },
        outcome,
    )
    tab.learning.add()
    assert outcome[-1] == (True, "")
    (point,) = store.repos.records.list(m.LearningPoint, review_id)
    assert point.kind == "lesson"
    assert point.themes == ["risk_assessment", "information_sharing"]
    assert point.agency_id == agency_id

    fill_dialog(
        monkeypatch,
        {
            "text": "Police review DASH repeat assessment on separation.",
            "scope": "single_agency",
            "lead_agency": "Northmoor Police",
            "themes": ["risk_assessment"],
            "source_ids": [point.id],
            "clear": {"case_for_change": True, "evidence": True, "assign": True},
        },
        outcome,
    )
    tab.recommendations.add()
    assert outcome[-1] == (True, "")
    (rec,) = store.repos.records.list(m.Recommendation, review_id)
    assert rec.number == 1
    assert rec.scope == "single_agency"
    assert rec.lead_agency == "Northmoor Police"
    assert rec.themes == ["risk_assessment"]
    assert rec.source_ids == [point.id]
    assert {k for k, v in rec.clear.items() if v} == {"case_for_change", "evidence", "assign"}

    model = tab.recommendations.model
    headers = [model.headerData(c, m_orientation()) for c in range(model.columnCount())]
    column = headers.index("CLEAR")
    assert model.data(model.index(0, column)) == "CLEAR: 3/5"
    # no action yet: the warning names the recommendation
    assert not tab.warning_label.isHidden()
    assert "Recommendation 1 has no action" in tab.warning_label.text()


def m_orientation():  # noqa: ANN201
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_dialog_lead_agency_offers_review_agencies_and_free_text(context, qtbot):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR R/2", "")
    store.repos.records.save(m.Agency(review_id, "Northmoor Council"))
    tab = make_tab(qtbot, context, review_id)
    dialog = tab.recommendations.make_dialog(tab._new_recommendation(), "Add")
    qtbot.addWidget(dialog)
    assert isinstance(dialog, RichRecordDialog)
    combo = dialog.editor("lead_agency")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Northmoor Council"]
    combo.setCurrentText("Community Safety Partnership")
    dialog.set_value("text", "Write a local coercive control pathway.")
    assert dialog.value().lead_agency == "Community Safety Partnership"


def test_actions_belong_to_the_selected_recommendation(context, qtbot, monkeypatch, messages):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR R/3", "")
    for n, text in enumerate(["First rec", "Second rec"], start=1):
        store.repos.records.save(m.Recommendation(review_id, n, text))
    tab = make_tab(qtbot, context, review_id)
    first, second = store.repos.records.list(m.Recommendation, review_id)
    assert "Recommendations 1, 2 have no action" in tab.warning_label.text()

    assert tab.actions.add_button.isEnabled() is False  # nothing selected yet
    tab.recommendations.select_id(second.id)
    outcome: list = []
    fill_dialog(
        monkeypatch,
        {
            "text": "Deliver refresher training on DASH.",
            "lead_agency": "Northmoor Police",
            "milestones": "Course written",
            "target_date": dt.date(2026, 6, 30),
            "status": "in_progress",
        },
        outcome,
    )
    tab.actions.add()
    assert outcome[-1] == (True, "")
    assert store.repos.records.list(m.Action, first.id) == []
    (action,) = store.repos.records.list(m.Action, second.id)
    assert action.target_date == dt.date(2026, 6, 30)
    assert action.status == "in_progress"
    assert "Recommendation 1 has no action" in tab.warning_label.text()
    assert "Recommendations" not in tab.warning_label.text()  # only 1 is left without one

    # a completed action needs its completion date: the dialog refuses and keeps the input
    fill_dialog(monkeypatch, {"text": "Audit", "status": "completed"}, outcome)
    tab.actions.add()
    assert outcome[-1][0] is False and "date of completion" in outcome[-1][1]
    assert len(store.repos.records.list(m.Action, second.id)) == 1

    tab.recommendations.select_id(first.id)
    assert tab.actions.records() == []
    assert "recommendation 1" in tab.plan_title.text()


def test_moving_and_deleting_keeps_numbers_contiguous(
    context, qtbot, monkeypatch, messages, say_yes
):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR R/4", "")
    for n, text in enumerate(["A", "B", "C", "D"], start=1):
        store.repos.records.save(m.Recommendation(review_id, n, text))
    tab = make_tab(qtbot, context, review_id)
    ids = {r.text: r.id for r in store.repos.records.list(m.Recommendation, review_id)}

    tab.recommendations.select_id(ids["C"])
    assert tab.move_selected(-1)
    assert numbers_and_texts(store, review_id) == [(1, "A"), (2, "C"), (3, "B"), (4, "D")]
    assert tab.recommendations.selected().text == "C"
    assert tab.move_selected(-1)
    assert not tab.move_selected(-1)  # already first
    assert not tab.up_button.isEnabled()
    assert numbers_and_texts(store, review_id) == [(1, "C"), (2, "A"), (3, "B"), (4, "D")]

    # the number in the editor is a place in the list: 4 -> 1 moves D first
    tab.recommendations.select_id(ids["D"])
    outcome: list = []
    fill_dialog(monkeypatch, {"number": 1}, outcome)
    tab.recommendations.edit_selected()
    assert outcome[-1] == (True, "")
    assert numbers_and_texts(store, review_id) == [(1, "D"), (2, "C"), (3, "A"), (4, "B")]

    tab.recommendations.select_id(ids["C"])
    assert tab.recommendations.delete_selected()
    assert numbers_and_texts(store, review_id) == [(1, "D"), (2, "A"), (3, "B")]

    # a new one comes last
    fill_dialog(monkeypatch, {"text": "E"}, outcome)
    tab.recommendations.add()
    assert numbers_and_texts(store, review_id)[-1] == (4, "E")


def test_many_recommendations_hint(context, qtbot):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR R/5", "")
    for n in range(1, MANY_RECOMMENDATIONS + 2):
        store.repos.records.save(m.Recommendation(review_id, n, f"Recommendation text {n}"))
    tab = make_tab(qtbot, context, review_id)
    assert "few and CLEAR" in tab.hint_label.text()
    fewer = store.repos.reviews.create("DHR R/6", "")
    store.repos.records.save(m.Recommendation(fewer, 1, "Only one"))
    small = make_tab(qtbot, context, fewer)
    assert "few and CLEAR" not in small.hint_label.text()
    assert "not yet fully CLEAR: 1" in small.hint_label.text()
