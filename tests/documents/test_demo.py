"""The walking skeleton: encrypted store -> document model -> PDF on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk.core.errors import NotFoundError
from dhrdesk.demo import DEMO_REFERENCE, OVERVIEW_RESTRICTED_FILE, run_demo
from dhrdesk.documents import build_overview_skeleton
from tests.documents.helpers import pages_text


def test_demo_writes_the_restricted_overview_and_is_repeatable(store, tmp_path: Path):
    out = tmp_path / "demo-output"
    paths = run_demo(store, out)
    assert paths == [out / OVERVIEW_RESTRICTED_FILE]
    assert (out.stat().st_mode & 0o777) == 0o700
    pages = pages_text(paths[0])
    total = len(PdfReader(paths[0]).pages)
    assert "Page 1 of" in pages[0] and re.search(rf"Page {total} of {total}", pages[-1])
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)
    text = " ".join(pages)
    for expected in (
        "Contents",
        "1 Introduction",
        "2 Summary",
        "Northmoor Community Safety",
        "Adult A",
        DEMO_REFERENCE,
    ):
        assert expected in text
    assert "lorem" not in text.lower()

    first = paths[0].read_bytes()
    again = run_demo(store, out)  # reuses the review instead of failing on the duplicate
    assert again == paths
    assert [r.reference for r in store.repos.reviews.list()] == [DEMO_REFERENCE]
    assert again[0].read_bytes()[:8] == first[:8]


def test_builder_reports_an_unknown_review(store):
    with pytest.raises(NotFoundError):
        build_overview_skeleton(store, "DHR 1999/01")


def test_builder_without_details_says_not_yet_recorded(store):
    store.repos.reviews.create("DHR 2026/07", title="Fictional test review")
    doc = build_overview_skeleton(store, "DHR 2026/07", marking=None)
    assert doc.csp == "Not yet recorded"
    assert doc.title.endswith("the death of the subject of the review")
    assert doc.cover_note is None and doc.marking is None
    assert [s.heading for s in doc.sections] == ["1 Introduction", "2 Summary"]
    assert "DHR 2026/07" in doc.metadata["title"]
