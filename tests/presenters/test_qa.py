"""QA presenter: rounds and areas, the open counts, letters kept in the store."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError
from dhrdesk.ui.presenters import qa as qa_presenter
from dhrdesk.ui.presenters.qa import QaPresenter, count_text, letter_row, round_title


@pytest.fixture
def presenter(store) -> QaPresenter:  # noqa: ANN001
    return QaPresenter(store, store.repos.reviews.create("DHR 2025/12", "Death of Adult E"))


def test_new_round_follows_the_latest_draft(presenter, store) -> None:  # noqa: ANN001
    assert presenter.new_round([]).number == 1 and presenter.new_round([]).draft_id is None
    draft = store.repos.drafting.freeze(presenter.review_id, {"documents": {}}, "First")
    choices = presenter.draft_choices()
    assert choices[None] == "—" and choices[draft.id] == "v0.1 – First"
    qa_round = presenter.new_round([1, 2])
    assert (qa_round.number, qa_round.draft_id) == (3, draft.id)
    assert round_title(qa_round) == "Round 3 (resubmission): areas for final development"
    assert presenter.section_choices()["introduction"] == "1 Introduction"


def test_open_counts(presenter, store) -> None:  # noqa: ANN001
    store.repos.records.save(m.QaRound(review_id=presenter.review_id, number=1))
    (qa_round,) = presenter.rounds()
    assert presenter.open_text(qa_round) == "—"
    first = presenter.new_area(qa_round.id, [])
    first.text = "Explain the delay"
    store.repos.records.save(first)
    second = presenter.new_area(qa_round.id, [1])
    second.text, second.addressed_on = "Add the GP's view", dt.date(2025, 6, 1)
    store.repos.records.save(second)
    presenter.count_open()
    assert presenter.open_text(qa_round) == "1 of 2"
    assert presenter.unaddressed_count(qa_round.id) == 1
    assert presenter.count_of(qa_round.id) == ("1 of 2 not yet addressed", "open")
    assert count_text(0, 2) == ("All 2 addressed", "done")
    assert count_text(0, 0) == ("No areas recorded", None)


def test_letter_is_kept_and_copied(presenter, store, tmp_path) -> None:  # noqa: ANN001
    store.repos.records.save(m.QaRound(review_id=presenter.review_id, number=1))
    (qa_round,) = presenter.rounds()
    letter = tmp_path / "feedback.pdf"
    letter.write_bytes(b"%PDF-1.4 letter")
    attachment = presenter.attach_letter(qa_round, letter)
    assert [a.id for a in presenter.letters_of(qa_round.id)] == [attachment.id]
    assert presenter.letters_of(qa_round.id + 1) == []
    assert letter_row(attachment)[0] == "feedback.pdf (1 KB)"
    out = tmp_path / "out"
    out.mkdir()
    assert presenter.save_letter_copy(attachment.id, out / "copy.pdf").read_bytes() == (
        b"%PDF-1.4 letter"
    )


def test_unreadable_or_huge_letter_is_refused(presenter, store, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    store.repos.records.save(m.QaRound(review_id=presenter.review_id, number=1))
    (qa_round,) = presenter.rounds()
    with pytest.raises(InputFileError, match="could not be read"):
        presenter.attach_letter(qa_round, tmp_path / "nope.pdf")
    big = tmp_path / "bundle.pdf"
    big.write_bytes(b"12345")
    monkeypatch.setattr(qa_presenter, "MAX_LETTER_BYTES", 4)
    with pytest.raises(InputFileError, match="larger than 25 MB"):
        presenter.attach_letter(qa_round, big)
    assert store.repos.agency_input.attachments(presenter.review_id) == []
