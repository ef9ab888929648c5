"""A logical dump of a demo store: what it holds, independent of database ids and of the
moment it was built, so the demo loaded from resources/demo/ can be compared with the
demo the old record-by-record code built (tests/fixtures/demo-before.json)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from dhrdesk.exchange import review_json

BEFORE = Path(__file__).resolve().parents[1] / "fixtures" / "demo-before.json"

# Stamps of the moment a record was written, not content.
STAMPS = frozenset({"created_at", "updated_at", "recorded_at"})
# The audit trail, the store's own metadata and the search index's internal b-tree
# pages depend on how the store was filled (one write per record, or one import per
# review), not on what it holds; the index's rows themselves are counted.
NOT_CONTENT = ("audit", "meta", "search_index_data", "search_index_idx", "sqlite_")


def _without_stamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: None if k in STAMPS else _without_stamps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_stamps(v) for v in value]
    return value


def _counts(store: Any) -> dict[str, int]:
    tables = [
        r[0]
        for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return {
        t: store.query(f'SELECT count(*) FROM "{t}"')[0][0]
        for t in tables
        if not t.startswith(NOT_CONTENT)
    }


def _review(store: Any, reference: str) -> dict[str, Any]:
    data = review_json.export_review(store, reference, timestamp=False)
    doc = _without_stamps(data["review"])
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    rows = [e for a in doc["agencies"] for e in a["chronology"]]
    return {
        "title": doc["title"],
        "stage": doc["stage"],
        "summary": doc["summary"],
        "parts": {k: len(v) for k, v in sorted(doc.items()) if isinstance(v, list)},
        "first_chronology_event": rows[0]["event"] if rows else None,
        "first_learning_point": doc["learning_points"][0]["text"]
        if doc["learning_points"]
        else None,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def dump(store: Any) -> dict[str, Any]:
    """Counts per table and, per review (in store order), its key texts, how many of each
    part it has and a digest of its whole content (export without stamps)."""
    return {
        "counts": _counts(store),
        "reviews": {r.reference: _review(store, r.reference) for r in store.repos.reviews.list()},
    }
