"""Drafting presenter: sections and marks, generated facts, checklist rules, section writes."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.richtext import paragraph
from dhrdesk.ui.presenters.drafting import CHECK_NEEDED, DraftingPresenter, saved_text


@pytest.fixture
def presenter(store) -> DraftingPresenter:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/09", "Death of Adult C")
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    presenter = DraftingPresenter(store, review_id)
    presenter.load_document("overview")
    return presenter


def test_load_lists_the_profile_sections_with_marks(presenter: DraftingPresenter) -> None:
    assert presenter.sections[0].id == "introduction"
    marks = presenter.marks()
    assert marks[0].text == "1 Introduction\n      0 words"
    assert presenter.total_text() == "Overview report: 0 words in total"
    assert presenter.load_document("executive_summary")[0].id == "es_process"


def test_save_section_counts_words_and_is_stored(presenter: DraftingPresenter, store) -> None:  # noqa: ANN001
    assert presenter.save_section("introduction", [paragraph("The review began in May.")]) == 5
    stored = store.repos.drafting.section(presenter.review_id, "overview", "introduction")
    assert stored.content[0]["runs"][0]["text"] == "The review began in May."
    assert presenter.section_content("introduction") == stored.content
    assert "5 words" in presenter.marks()[0].text
    assert presenter.total_text().endswith("5 words in total")


def test_unresolved_comment_is_marked(presenter: DraftingPresenter, store) -> None:  # noqa: ANN001
    store.repos.records.save(
        m.SectionComment(
            presenter.review_id, "overview", "contributors", "Panel", "Add GP", dt.date.today()
        )
    )
    mark = presenter.marks()[presenter.index_of("contributors")]
    assert "●" in mark.text and mark.unresolved and "unresolved" in mark.tooltip


def test_generated_facts_come_from_the_records(presenter: DraftingPresenter) -> None:
    blocks, note = presenter.generated("contributors")
    assert "Northmoor Police" in str(blocks) and "Kept in sync" in note


def test_checklist_needs_a_tick_or_a_reason(presenter: DraftingPresenter, store) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="Tick it, or explain"):
        presenter.checklist_response("timescales", "time_delay_explained", False, "  ")
    assert store.repos.drafting.checklist(presenter.review_id, "overview") == {}
    assert CHECK_NEEDED.startswith("Tick it")
    response = presenter.checklist_response("timescales", "time_delay_explained", True, "")
    assert presenter.save_checklist(response)
    saved = store.repos.drafting.checklist(presenter.review_id, "overview")
    assert saved[("timescales", "time_delay_explained")].ticked
    # the same answer again is not written twice
    assert presenter.checklist_response("timescales", "time_delay_explained", True, "") is None
    presenter.marks()
    assert presenter.checklist_complete(presenter.spec("timescales"))


def test_saved_text() -> None:
    assert saved_text(dt.datetime(2025, 3, 4, 9, 5, 7)) == "Saved 09:05:07"
