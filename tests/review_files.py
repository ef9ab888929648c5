"""The fictional reviews the tests load, as data: interchange files read by the ordinary
importer (docs/interchange.md), never built record by record.

One set of files:

* the demo's twelve reviews in ``resources/demo/`` (the same files ``dhrdesk demo``
  loads; :func:`load_demo_review`);
* the reviews shaped for particular tests in ``tests/fixtures/review-<name>.json``
  (:func:`load_review`): ``documents`` (every fact the documents print, see
  tests/documents/fixture_review.py) and ``learning-r1`` to ``learning-r4`` (four small
  reviews with known theme tags, see tests/documents/learning_fixture.py).

The rich review of the exporter's tests is the exception, built through the repositories
(tests/exchange/builders.py, its file tests/fixtures/interchange-v2-rich.json).

To change one of these reviews, edit its file (or build the review in a store, then
``dhrdesk export-review`` it over the file) and update the constants beside it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dhrdesk.exchange import review_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def review_path(name: str) -> Path:
    return FIXTURES / f"review-{name}.json"


def load_review(store: Any, name: str, *, today: dt.date | None = None) -> int:
    """Import ``tests/fixtures/review-<name>.json`` into ``store``; the new review's id."""
    reference = review_json.import_review(store, review_path(name), today=today)
    return store.repos.reviews.get(reference).id


def load_demo_review(store: Any, reference: str) -> int:
    """One of the demo's reviews (``resources/demo/``), unless the store holds it; its id."""
    from dhrdesk.demo import ensure_review

    return ensure_review(store, reference)
