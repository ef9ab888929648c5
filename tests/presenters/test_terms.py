"""The Terms of reference presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core import taxonomy
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.terms import (
    TermsPresenter,
    changed_parts,
    edited_terms,
    snapshot_html,
    version_item_text,
    version_state,
)


@pytest.fixture
def presenter(store) -> TermsPresenter:
    review_id = store.repos.reviews.create("DHR 2026/02", "Adult B")
    store.repos.records.save(m.Subject(review_id, "victim", "Adult B"))
    return TermsPresenter(store, review_id)


def _period(presenter: TermsPresenter, rationale: str) -> m.TermsOfReference:
    return edited_terms(
        presenter.terms(),
        dt.date(2019, 9, 1),
        dt.date(2025, 3, 14),
        rationale,
        {"purpose": "  To learn lessons. ", "media": "   "},
    )


def test_a_period_without_rationale_is_refused_and_nothing_written(presenter) -> None:
    with pytest.raises(ValidationError, match="rationale"):
        presenter.save_terms(_period(presenter, "  "))
    assert presenter.terms().period_start is None


def test_save_terms_strips_text_and_drops_empty_sections(presenter) -> None:
    presenter.save_terms(_period(presenter, " From the relationship to the death. "))
    tor = presenter.terms()
    assert (tor.period_start, tor.period_rationale, tor.sections) == (
        dt.date(2019, 9, 1),
        "From the relationship to the death.",
        {"purpose": "To learn lessons."},
    )


def test_subjects_in_words(presenter, store) -> None:
    assert presenter.subjects_html() == "Adult B (Victim)"
    store.repos.records.save(m.Subject(presenter.review_id, "perpetrator", "Adult <C>"))
    assert presenter.subjects_html() == "Adult B (Victim) · Adult &lt;C&gt; (Perpetrator)"


def test_library_lines_follow_the_existing_ones(presenter) -> None:
    mine = presenter.new_line([])
    mine.text = "Was the housing transfer acted on?"
    presenter.store.repos.records.save(mine)
    chosen = taxonomy.load_lines_of_enquiry()[:2]
    assert presenter.add_lines(chosen, presenter.lines()) == 2
    lines = presenter.lines()
    assert [line.sort for line in lines] == [1, 2, 3]
    assert lines[1].text == chosen[0].text and lines[1].theme_id == chosen[0].theme_ids[0]
    assert presenter.new_line(lines).sort == 4


def test_agreeing_needs_a_line_then_versions_and_state(presenter) -> None:
    presenter.save_terms(_period(presenter, "Why."))
    with pytest.raises(ValidationError):
        presenter.agree(dt.date(2025, 4, 1), "Panel 1")
    assert presenter.versions() == []
    assert presenter.state([], dirty=False).state == "none"
    presenter.add_lines(taxonomy.load_lines_of_enquiry()[:1], [])
    assert presenter.agree(dt.date(2025, 4, 1), "Panel 1") == 1
    versions = presenter.versions()
    assert version_item_text(versions[0]) == "Version 1 — agreed 1 April 2025\nPanel 1"
    agreed = presenter.state(versions, dirty=False)
    assert (agreed.state, agreed.text) == ("agreed", "✓ As agreed: version 1, 1 April 2025.")
    assert "unsaved edits" in presenter.state(versions, dirty=True).text
    presenter.store.repos.records.save(m.Agency(presenter.review_id, "Police"))
    changed = presenter.state(presenter.versions(), dirty=False)
    assert changed.state == "changed" and "Changed since version 1: agencies." in changed.text


def test_changed_parts_and_snapshot_html() -> None:
    agreed = {"period_start": "2019-09-01", "sections": {}, "agencies": []}
    now = {"period_start": "2019-10-01", "sections": {"media": "x"}, "agencies": []}
    assert changed_parts(now, agreed) == ["review period", "other sections"]
    assert changed_parts(agreed, agreed) == []
    text = snapshot_html(
        {
            "period_start": "2019-09-01",
            "subjects": [{"pseudonym": "Adult A", "role": "victim"}],
            "agencies": [
                {"name": "Police", "in_scope": True, "exclusion_reason": ""},
                {"name": "Ambulance", "in_scope": False, "exclusion_reason": "After the death"},
            ],
            "lines_of_enquiry": [{"text": "Risk?"}],
        },
        "Version 1",
    )
    assert "<p>1 September 2019 to not set</p>" in text
    assert "<li>Adult A (Victim)</li>" in text and "<li>Police</li>" in text
    assert "<li>Ambulance: After the death</li>" in text and "<ol><li>Risk?</li></ol>" in text


def test_version_state_words() -> None:
    assert version_state([], {}, dirty=True).text == "Not yet agreed with the panel."
