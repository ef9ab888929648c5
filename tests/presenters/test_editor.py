"""Editor presenters: word counts, clipboard blocks, and the IMR's load and one-transaction save."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.ui.presenters.editor import (
    ANALYSIS_GUIDANCE,
    ImrPresenter,
    clipboard_blocks,
    clipboard_data,
    imr_summary,
    nav_title,
    word_count,
    words_text,
)

BLOCKS = [{"type": "paragraph", "runs": [{"text": "The panel met.", "bold": True}]}]


def test_words() -> None:
    assert word_count("  The panel  met\nfour times. ") == 5
    assert words_text(1) == "1 word" and words_text(1204) == "1,204 words"


def test_clipboard_round_trip_and_refusal() -> None:
    assert clipboard_blocks(clipboard_data(BLOCKS)) == BLOCKS
    assert clipboard_blocks(b"not json") is None
    assert clipboard_blocks(b'[{"type": "script", "text": "x"}]') is None


def test_titles_and_summary() -> None:
    assert nav_title("Short") == "Short"
    long = "Analysis 1: " + "x" * 100
    assert len(nav_title(long)) == 70 and nav_title(long).endswith("…")
    assert imr_summary(1500, 0) == "1,500 words in all"
    assert imr_summary(3, 2) == "3 words in all · 2 sections not saved yet"


@pytest.fixture
def imr(store) -> ImrPresenter:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/14", "Death of Adult G")
    agency_id = store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    store.repos.records.save(m.LineOfEnquiry(review_id, "What was known about the risk?"))
    return ImrPresenter(store, review_id, agency_id)


def test_imr_load_lists_sections_then_analysis(imr: ImrPresenter) -> None:
    content = imr.load()
    keys = [page.key for page in content.pages]
    assert keys[: len(m.IMR_SECTIONS)] == [("section", k) for k, _ in m.IMR_SECTIONS]
    analysis = content.pages[-1]
    assert analysis.key[0] == "analysis" and analysis.guidance == ANALYSIS_GUIDANCE
    assert analysis.title == "Analysis 1: What was known about the risk?"
    assert content.has_lines and all(page.text == "" for page in content.pages)
    assert len(ImrPresenter.empty().pages) == len(m.IMR_SECTIONS)


def test_imr_save_writes_sections_and_analysis(imr: ImrPresenter, store) -> None:  # noqa: ANN001
    analysis_key = imr.load().pages[-1].key
    assert imr.save({}) == 0
    assert imr.save({("section", "methodology"): "Case files read.", analysis_key: "Known."}) == 2
    assert store.repos.agency_input.imr_sections(imr.agency_id)["methodology"] == "Case files read."
    assert store.repos.agency_input.imr_analysis(imr.agency_id)[analysis_key[1]] == "Known."
    reloaded = {page.key: page.text for page in imr.load().pages}
    assert reloaded[("section", "methodology")] == "Case files read."
