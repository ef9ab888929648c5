"""Drafting in the store: sections, checklist, frozen drafts, recommendations and actions."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import paragraph
from dhrdesk.store import Store
from dhrdesk.store.repositories.drafting import next_version


def test_next_version() -> None:
    assert next_version([]) == "0.1"
    assert next_version(["0.1", "0.2"]) == "0.3"
    assert next_version(["0.1", "0.9"]) == "0.10"
    assert next_version(["0.1", "0.10"]) == "0.11"
    assert next_version(["0.3"], final=True) == "1.0"
    assert next_version(["0.3", "1.0"]) == "1.1"


def test_sections_checklist_and_drafts(store: Store) -> None:
    review_id = store.repos.reviews.create("DHR 2026/03")
    drafting = store.repos.drafting
    section = drafting.section(review_id, "overview", "introduction")
    assert section.content == []
    section.content = [paragraph("Adult A was 34.")]
    drafting.save_section(section)
    assert drafting.sections(review_id, "overview")["introduction"].content == section.content
    section.content = [{"type": "html", "text": "<script>"}]
    with pytest.raises(ValidationError):
        drafting.save_section(section)
    assert drafting.section(review_id, "overview", "introduction").content[0]["type"] == "paragraph"

    with pytest.raises(ValidationError, match="explain"):
        drafting.save_checklist(m.ChecklistResponse(review_id, "overview", "analysis", "x"))
    drafting.save_checklist(
        m.ChecklistResponse(review_id, "overview", "analysis", "x", explanation="Not relevant")
    )
    drafting.save_checklist(m.ChecklistResponse(review_id, "overview", "analysis", "x", True))
    assert drafting.checklist(review_id, "overview")[("analysis", "x")].ticked

    with pytest.raises(ValidationError, match="what changed"):
        drafting.freeze(review_id, {}, "  ")
    d1 = drafting.freeze(review_id, {"documents": {}}, "First draft for the panel")
    d2 = drafting.freeze(review_id, {"documents": {}}, "Family comments")
    final = drafting.freeze(review_id, {"documents": {}}, "Final", final=True)
    assert [d.version for d in (d1, d2, final)] == ["0.1", "0.2", "1.0"]
    assert drafting.draft_by_version(review_id, "v0.2").change_summary == "Family comments"
    assert drafting.drafts(review_id)[0].frozen_by == "Test Chair"


def test_recommendations_and_actions(store: Store) -> None:
    review_id = store.repos.reviews.create("DHR 2026/03")
    records = store.repos.records
    lesson = m.LearningPoint(review_id, "lesson", "Risk was not reassessed after separation.")
    records.save(lesson)
    rec = m.Recommendation(
        review_id,
        1,
        "Northmoor Police to review DASH re-assessment after separation.",
        scope="single_agency",
        lead_agency="Northmoor Police",
        themes=["risk_assessment"],
        source_ids=[lesson.id],
        clear={"case_for_change": True},
    )
    records.save(rec)
    with pytest.raises(ValidationError, match="date of completion"):
        records.save(m.Action(rec.id, "Audit 50 cases", status="completed"))
    action = m.Action(rec.id, "Audit 50 cases", target_date=dt.date(2027, 3, 31))
    records.save(action)
    assert records.list(m.Action, rec.id)[0].text == "Audit 50 cases"
    with pytest.raises(ValidationError, match="scope"):
        records.save(m.Recommendation(review_id, 2, "x", scope="global"))
