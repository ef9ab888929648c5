"""The Reviews list presenter without a window: names, stage names, review-file round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dhrdesk.exchange.review_json import ReviewExistsError
from dhrdesk.ui.presenters.reviews import (
    ReviewsPresenter,
    exported_message,
    review_file_name,
    stage_name,
)


def test_names() -> None:
    assert review_file_name("DHR 2026/04") == "DHR-2026-04.json"
    assert stage_name("closed") == "Closed"
    assert stage_name("some_new-stage") == "Some new stage"
    assert stage_name("decision") != "decision"  # the profile's own name
    assert "plaintext" in exported_message("DHR 2026/04", Path("x.json"))


def test_create_export_and_import_back(store, tmp_path: Path) -> None:
    presenter = ReviewsPresenter(store)
    review_id = presenter.create("DHR 2026/04", "Fictional")
    assert [r.reference for r in presenter.reviews()] == ["DHR 2026/04"]
    assert presenter.reference(review_id) == "DHR 2026/04"
    path = presenter.export("DHR 2026/04", tmp_path / review_file_name("DHR 2026/04"))
    assert json.loads(path.read_text(encoding="utf-8"))  # a JSON file, read back
    with pytest.raises(ReviewExistsError):
        presenter.import_file(path)
    assert presenter.import_file(path, "as_new", "DHR 2026/05") == "DHR 2026/05"
    assert sorted(r.reference for r in presenter.reviews()) == ["DHR 2026/04", "DHR 2026/05"]
