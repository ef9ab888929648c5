"""Home Office QA tab: rounds with the submitted draft, the letter kept encrypted, and numbered
areas for final development linked to a draft and an overview section; resubmissions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.review.qa import QaTab


def fill_dialog(monkeypatch, values: dict, outcome: list) -> None:  # noqa: ANN001
    def fake_exec(self: RecordDialog) -> int:
        for name, value in values.items():
            self.set_value(name, value)
        outcome.append((self.try_save(), self.error_label.text()))
        return self.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)


def snapshot(text: str) -> dict:
    return {"documents": {"overview": [{"key": "equality", "heading": "E", "paragraphs": [text]}]}}


def test_round_areas_linked_to_draft_and_section(context, qtbot, monkeypatch, messages, tmp_path):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR Q/1", "")
    drafting = store.repos.drafting
    v1 = drafting.freeze(review_id, snapshot("First text"), "Submitted to the Home Office")
    v2 = drafting.freeze(review_id, snapshot("Fuller equality section"), "QA amendments")
    tab = QaTab(context, review_id)
    qtbot.addWidget(tab)

    # a new round proposes the latest draft; the chair picks v0.1 (what was sent)
    assert tab._new_round().draft_id == v2.id
    outcome: list = []
    fill_dialog(
        monkeypatch,
        {
            "submitted_on": dt.date(2025, 11, 3),
            "draft_id": v1.id,
            "panel_date": dt.date(2026, 1, 14),
            "letter_date": dt.date(2026, 1, 28),
            "outcome": "resubmit",
            "letter_summary": "Equality section thin; coercive control not defined.",
        },
        outcome,
    )
    tab.rounds.add()
    assert outcome[-1] == (True, "")
    (first,) = store.repos.records.list(m.QaRound, review_id)
    assert (first.number, first.draft_id, first.outcome) == (1, v1.id, "resubmit")

    # the draft list offers the review's frozen drafts
    draft_spec = next(s for s in tab.rounds.specs if s.name == "draft_id")
    labels = draft_spec.choice_map()
    assert labels[v1.id].startswith("v0.1") and labels[v2.id].startswith("v0.2")

    tab.rounds.select_id(first.id)
    assert tab.areas.add_button.isEnabled()
    section = get_profile("dhr-2016").overview_sections[10]
    section_spec = next(s for s in tab.areas.specs if s.name == "section_key")
    assert section_spec.choice_map()[section.id] == section.heading

    fill_dialog(monkeypatch, {"text": "Expand the equality and diversity analysis."}, outcome)
    tab.areas.add()
    fill_dialog(monkeypatch, {"text": "Define coercive control and apply it."}, outcome)
    tab.areas.add()
    areas = store.repos.records.list(m.QaArea, first.id)
    assert [a.number for a in areas] == [1, 2]
    assert tab.count_label.text() == "2 of 2 not yet addressed"

    tab.areas.select_id(areas[0].id)
    fill_dialog(
        monkeypatch,
        {
            "response": "Section rewritten with the family's account of barriers.",
            "draft_id": v2.id,
            "section_key": section.id,
            "addressed_on": dt.date(2026, 2, 10),
        },
        outcome,
    )
    tab.areas.edit_selected()
    assert outcome[-1] == (True, "")
    saved = store.repos.records.get(m.QaArea, areas[0].id)
    assert (saved.draft_id, saved.section_key, saved.addressed_on) == (
        v2.id,
        section.id,
        dt.date(2026, 2, 10),
    )
    assert tab.count_label.text() == "1 of 2 not yet addressed"
    assert tab.unaddressed_count(first.id) == 1
    model = tab.rounds.model
    assert model.data(model.index(0, model.columnCount() - 1)) == "1 of 2"

    # a resubmission is round 2, with its own (empty) areas
    fill_dialog(monkeypatch, {"submitted_on": dt.date(2026, 2, 12)}, outcome)
    tab.rounds.add()
    rounds = store.repos.records.list(m.QaRound, review_id)
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[1].draft_id == v2.id
    assert tab.rounds.selected().number == 2
    assert tab.areas.records() == []
    assert "resubmission" in tab.round_title.text()


def test_letter_is_kept_encrypted_and_tied_to_its_round(context, qtbot, messages, tmp_path):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR Q/2", "")
    one = store.repos.records.save(m.QaRound(review_id, 1))
    two = store.repos.records.save(m.QaRound(review_id, 2))
    tab = QaTab(context, review_id)
    qtbot.addWidget(tab)
    letter = tmp_path / "HO letter.pdf"
    letter.write_bytes(b"%PDF-1.4 fictional letter")

    tab.rounds.select_id(one)
    attachment = tab.attach_letter(letter)
    assert attachment is not None
    assert store.repos.agency_input.attachment_content(attachment.id) == letter.read_bytes()
    assert [a.id for a in tab.letters_of(one)] == [attachment.id]
    assert tab.letters_of(two) == []
    assert tab.letters.item(0).text().startswith("HO letter.pdf")

    tab.rounds.select_id(two)
    assert tab.letters.item(0).data(Qt.ItemDataRole.UserRole) is None  # "No letter" line

    copy = tmp_path / "copy.pdf"
    assert tab.save_letter_copy(attachment.id, copy) == copy
    assert copy.read_bytes() == letter.read_bytes()

    missing = tab.attach_letter(tmp_path / "nope.pdf")
    assert missing is None
    assert any("could not be read" in t for t in messages.texts("warning"))


def test_letter_date_before_submission_is_refused(context, qtbot, monkeypatch, messages):  # noqa: ANN001
    store = context.store
    review_id = store.repos.reviews.create("DHR Q/3", "")
    tab = QaTab(context, review_id)
    qtbot.addWidget(tab)
    outcome: list = []
    fill_dialog(
        monkeypatch,
        {"submitted_on": dt.date(2026, 1, 10), "letter_date": dt.date(2026, 1, 2)},
        outcome,
    )
    tab.rounds.add()
    assert outcome[-1][0] is False
    assert "before the submission" in outcome[-1][1]
    assert store.repos.records.list(m.QaRound, review_id) == []
