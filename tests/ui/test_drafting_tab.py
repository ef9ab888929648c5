"""The drafting tab: typing is saved by the autosave timer, on save_pending and on switching
section; checklist ticks and explanations are stored; the profile's sections are listed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.pages.review.drafting import DraftingTab


@pytest.fixture
def review_id(store) -> int:  # noqa: ANN001
    return store.repos.reviews.create("DHR 2025/09", "Death of Adult C")


@pytest.fixture
def tab(context, review_id, qtbot, messages):  # noqa: ANN001
    widget = DraftingTab(context, review_id)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def stored_text(store, review_id: int, key: str, document: str = "overview") -> list:  # noqa: ANN001
    return store.repos.drafting.section(review_id, document, key).content


def test_sections_follow_the_profile(tab: DraftingTab) -> None:
    first = tab.section_list.item(0).text()
    assert first.startswith("1 Introduction")
    assert tab.section_list.count() == 19 + 4
    assert tab.current_key == "introduction"
    assert "condolences" in tab.guidance.text().lower() or tab.guidance.text()
    assert tab.select_document("executive_summary")
    assert tab.sections[0].id == "es_process"


def test_autosave_timer_saves_typing(tab: DraftingTab, store, review_id, qtbot) -> None:  # noqa: ANN001
    tab.autosave_timer.setInterval(50)
    qtbot.keyClicks(tab.editor.text, "The review began in May.")
    assert tab.dirty
    assert tab.status_label.text() == "Unsaved changes"
    qtbot.waitUntil(lambda: not tab.dirty, timeout=3000)
    assert stored_text(store, review_id, "introduction") == [
        {"type": "paragraph", "runs": [{"text": "The review began in May."}]}
    ]
    assert tab.status_label.text().startswith("Saved ")
    assert "5 words" in tab.section_list.item(0).text()
    assert "5 words in total" in tab.total_label.text()


def test_save_pending_and_switching_section_save(tab: DraftingTab, store, review_id, qtbot) -> None:  # noqa: ANN001
    qtbot.keyClicks(tab.editor.text, "Before locking")
    assert tab.autosave_timer.isActive()
    tab.save_pending()
    assert not tab.dirty and not tab.autosave_timer.isActive()
    assert stored_text(store, review_id, "introduction")[0]["runs"][0]["text"] == "Before locking"
    tab.editor.actions_by_name["bold"].trigger()
    qtbot.keyClicks(tab.editor.text, " and bold")
    assert tab.select_section("timescales")
    runs = stored_text(store, review_id, "introduction")[0]["runs"]
    assert runs[-1] == {"text": " and bold", "bold": True}
    assert tab.editor.blocks() == []
    assert tab.select_section("introduction")
    assert tab.editor.blocks()[0]["runs"] == runs


def test_checklist_tick_and_explanation_are_stored(tab: DraftingTab, store, review_id) -> None:  # noqa: ANN001
    assert tab.select_section("timescales")
    (row,) = tab._check_rows
    assert row.item.qa_common and row.findChild(QWidget, "qaCommonFlag") is not None
    row.box.setChecked(True)
    saved = store.repos.drafting.checklist(review_id, "overview")
    assert saved[("timescales", "time_delay_explained")].ticked
    assert "✓" in tab.section_list.item(1).text()
    row.box.setChecked(False)  # unticked without a reason: not saved, and said so
    assert not row.note.isHidden()
    row.explanation.setText("Completed within six months")
    row.explanation.editingFinished.emit()
    saved = store.repos.drafting.checklist(review_id, "overview")
    response = saved[("timescales", "time_delay_explained")]
    assert not response.ticked and response.explanation == "Completed within six months"
    assert "✓" in tab.section_list.item(1).text()


def test_unresolved_comment_dot_and_generated_facts(context, store, review_id, qtbot) -> None:  # noqa: ANN001
    store.repos.records.save(
        m.SectionComment(review_id, "overview", "contributors", "Panel", "Add GP", dt.date.today())
    )
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    tab = DraftingTab(context, review_id)
    qtbot.addWidget(tab)
    contributors = tab.section_list.item(6).text()
    assert contributors.startswith("7 Contributors") and "●" in contributors
    assert tab.select_section("contributors")
    assert "Northmoor Police" in tab.generated.toPlainText()


def test_failed_save_keeps_the_text_and_says_so(tab: DraftingTab, monkeypatch, qtbot) -> None:  # noqa: ANN001
    from dhrdesk.core.errors import StoreWriteError

    def fail(section):  # noqa: ANN001, ANN202
        raise StoreWriteError("The disk is full.")

    monkeypatch.setattr(tab.context.store.repos.drafting, "save_section", fail)
    qtbot.keyClicks(tab.editor.text, "precious words")
    assert not tab.save_current()
    assert tab.dirty and "The disk is full." in tab.status_label.text()
    with pytest.raises(StoreWriteError):
        tab.save_pending()
    assert tab.editor.blocks()[0]["runs"][0]["text"] == "precious words"
