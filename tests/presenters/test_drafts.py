"""Drafts presenter: freeze (refused without a summary), rows, comparison, comments."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import paragraph
from dhrdesk.ui.presenters.drafts import DraftsPresenter, draft_row, frozen_when


@pytest.fixture
def presenter(store) -> DraftsPresenter:  # noqa: ANN001
    return DraftsPresenter(store, store.repos.reviews.create("DHR 2025/11", "Death of Adult D"))


def write(store, review_id: int, text: str) -> None:  # noqa: ANN001
    store.repos.drafting.save_section(
        m.ReportSection(review_id, "overview", "introduction", [paragraph(text)])
    )


def test_freeze_needs_a_summary_and_writes_nothing_without(presenter, store) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="what changed"):
        presenter.freeze("   ")
    assert store.repos.drafting.drafts(presenter.review_id) == []


def test_freeze_list_and_compare(presenter, store) -> None:  # noqa: ANN001
    write(store, presenter.review_id, "The panel met four times.")
    assert presenter.load_drafts() == [] and presenter.next_version() == "v0.1"
    first = presenter.freeze("First draft")
    write(store, presenter.review_id, "The panel met six times.")
    second = presenter.freeze("Meetings corrected")
    drafts = presenter.load_drafts()
    assert [d.version for d in drafts] == ["0.1", "0.2"] and presenter.next_version() == "v0.3"
    row = draft_row(drafts[-1])
    assert row[0] == "v0.2" and row[2] == "Test Chair" and row[3] == "Meetings corrected"
    assert presenter.draft_choices() == {first.id: "v0.1", second.id: "v0.2"}
    html = presenter.comparison(first.id, second.id)
    assert "Changes from v0.1 to v0.2" in html and "line-through" in html and "six" in html
    assert "Unchanged:" in html
    assert "Unchanged:" not in presenter.comparison(first.id, second.id, show_unchanged=True)
    final = presenter.freeze("Final", final=True)
    assert final.version == "1.0" and draft_row(final)[0] == "v1.0 (final)"


def test_frozen_when_is_local_long_date_or_as_stored() -> None:
    stamp = dt.datetime(2025, 6, 4, 14, 5, tzinfo=dt.UTC)
    assert frozen_when(stamp.isoformat()).startswith(f"{stamp.astimezone().day} June 2025 ")
    assert frozen_when("not a time") == "not a time"


def test_comments_are_filed_under_their_document(presenter, store) -> None:  # noqa: ANN001
    store.repos.records.save(m.PanelMember(presenter.review_id, "Dr Amara Osei", "Health lead"))
    assert presenter.panel_names() == ["Dr Amara Osei"]
    assert presenter.section_choices()["es_tor"].startswith("Executive summary: ")
    comment = presenter.new_comment()
    assert comment.section_key == "introduction"
    comment.section_key, comment.author, comment.text = "es_tor", "Dr Amara Osei", "Add GP"
    presenter.save_comment(comment)
    (stored,) = store.repos.records.list(m.SectionComment, presenter.review_id)
    assert stored.document == "executive_summary"
    stored.resolved = True
    with pytest.raises(ValidationError, match="resolved"):
        presenter.save_comment(stored)
    assert not store.repos.records.list(m.SectionComment, presenter.review_id)[0].resolved
    stored.resolution = "Added at 4.3"
    presenter.save_comment(stored)
    assert presenter.load_comments(unresolved_only=True) == []
    assert presenter.load_comments()[0].resolution == "Added at 4.3"


def test_distribution_defaults_to_the_latest_draft(presenter) -> None:  # noqa: ANN001
    presenter.freeze("First draft")
    presenter.load_drafts()
    sent = presenter.new_distribution()
    assert sent.draft_id == presenter.drafts[-1].id and sent.recipient_kind == "panel"
    assert presenter.load_distribution() == []
