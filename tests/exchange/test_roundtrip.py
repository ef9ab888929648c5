"""Export -> import into an empty store -> export gives the same file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from dhrdesk.core import model as m
from dhrdesk.exchange import dumps, export_review, export_to_file, import_review
from dhrdesk.exchange.review_json import FORMAT, FORMAT_VERSION
from tests.exchange.builders import build_rich_review, dump_store

REF = "DHR 2026/03"


def _walk_keys(value, path=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield f"{path}.{key}", key
            yield from _walk_keys(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _walk_keys(inner, f"{path}[{i}]")


def test_rich_review_round_trips_identically(store, other_store) -> None:
    build_rich_review(store)
    first = dumps(export_review(store, REF, timestamp=False))
    assert import_review(other_store, json.loads(first)) == REF
    second = dumps(export_review(other_store, REF, timestamp=False))
    assert second == first
    # and the re-imported review is really complete, not two empty exports
    review = json.loads(second)["review"]
    counts = {
        name: len(review[name])
        for name in (
            "subjects",
            "register",
            "people",
            "stages",
            "parallel_processes",
            "pauses",
            "panel_members",
            "meetings",
            "agencies",
            "tor_versions",
            "lines_of_enquiry",
            "family_members",
            "costs",
        )
    }
    assert counts == {
        "subjects": 3,
        "register": 5,
        "people": 2,
        "stages": 2,
        "parallel_processes": 2,
        "pauses": 2,
        "panel_members": 3,
        "meetings": 2,
        "agencies": 3,
        "tor_versions": 1,
        "lines_of_enquiry": 3,
        "family_members": 2,
        "costs": 3,
    }


def test_links_and_restricted_register_survive(store, other_store) -> None:
    build_rich_review(store)
    import_review(other_store, export_review(store, REF))
    doc = export_review(other_store, REF)["review"]
    names = {e["value"]: e["subject"] for e in doc["register"]}
    assert names["Siobhán O'Neill-Nowak"] == "subject-1"
    assert names["Łukasz Wiśniewski"] == "subject-2"
    assert names["14 Heron Walk, Northbridge"] is None
    assert doc["subjects"][0]["pseudonym"] == "Adult A"
    assert doc["register"][0]["variants"] == ["Siobhan O'Neill", "S. Nowak"]
    trial_pause = next(p for p in doc["pauses"] if p["kind"] == "criminal_trial")
    assert trial_pause["parallel_process"] == "parallel-1"
    assert doc["parallel_processes"][0]["reference"] == "T2025/0412"
    first, second = doc["meetings"]
    assert first["attendees"] == ["panel-1", "panel-2", "panel-3"]
    assert second["attendees"] == ["panel-1", "panel-3"]
    assert [a["text"] for a in first["actions"]] == ["Write to the family", "Request GP records"]
    assert doc["family_members"][0]["subject"] == "subject-1"
    assert len(doc["family_members"][0]["contacts"]) == 2
    assert doc["tor_versions"][0]["snapshot"]["lines_of_enquiry"][0]["theme_id"] == (
        "coercive_control"
    )
    excluded = [a for a in doc["agencies"] if not a["in_scope"]]
    assert excluded[0]["exclusion_reason"] == "No contact with either subject"
    chair = doc["people"][0]
    assert (chair["role"], chair["training"]) == ("chair", "Home Office DHR chair training 2019")
    # who completed a stage and when is kept, not re-stamped with the importing user
    decision = next(s for s in doc["stages"] if s["stage_id"] == "decision")
    assert decision["completed_by"] == "Test Chair"
    assert decision["recorded_at"]
    assert doc["costs"][1]["days"] == 10.5


def test_review_timestamps_and_stage_are_preserved(store, other_store) -> None:
    build_rich_review(store)
    original = store.repos.reviews.get(REF)
    import_review(other_store, export_review(store, REF))
    copy = other_store.repos.reviews.get(REF)
    assert (copy.created_at, copy.updated_at, copy.stage) == (
        original.created_at,
        original.updated_at,
        original.stage,
    )
    assert copy.stage == "home_office_notified"


def test_no_database_ids_and_stable_keys(store) -> None:
    build_rich_review(store)
    doc = export_review(store, REF)
    for path, key in _walk_keys(doc["review"]):
        if ".snapshot" in path or ".descriptors" in path:
            continue
        assert key != "id" and not key.endswith("_id") or key in ("stage_id", "theme_id"), path
    review = doc["review"]
    assert [s["key"] for s in review["subjects"]] == ["subject-1", "subject-2", "subject-3"]
    assert [p["key"] for p in review["panel_members"]] == ["panel-1", "panel-2", "panel-3"]
    assert [s["stage_id"] for s in review["stages"]] == ["notification", "decision"]
    assert (doc["format"], doc["version"]) == (FORMAT, FORMAT_VERSION)
    assert doc["exported_at"]


def test_file_text_is_canonical(store, tmp_path: Path) -> None:
    build_rich_review(store)
    out = export_to_file(store, REF, tmp_path / "review.json", timestamp=False)
    raw = out.read_bytes()
    text = raw.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "Siobhán O'Neill-Nowak" in text and "\\u" not in text  # UTF-8, not escapes
    assert text.startswith('{\n  "app_version"')  # sorted keys, 2-space indent
    assert text == dumps(json.loads(text))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # exporting twice gives the same bytes; the temp file is gone
    export_to_file(store, REF, out, timestamp=False)
    assert out.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".review")] == []


def test_import_from_path_replace_and_as_new(store, tmp_path: Path) -> None:
    from dhrdesk.exchange import ReviewExistsError

    build_rich_review(store)
    path = export_to_file(store, REF, tmp_path / "r.json")
    before = dump_store(store)
    try:
        import_review(store, path)
    except ReviewExistsError as exc:
        assert exc.reference == REF
    else:
        raise AssertionError("importing an existing reference must not pass silently")
    assert dump_store(store) == before

    assert import_review(store, path, "as_new", "  DHR   2026/99 ") == "DHR 2026/99"
    copy = export_review(store, "DHR 2026/99", timestamp=False)["review"]
    original = export_review(store, REF, timestamp=False)["review"]
    assert copy.pop("reference") == "DHR 2026/99"
    original.pop("reference")
    assert copy == original

    # replace: the review is swapped in one transaction, and only one copy remains
    store.repos.records.save(m.Subject(store.repos.reviews.get(REF).id, "other", "Adult Z"))
    import_review(store, path, "replace")
    assert [r.reference for r in store.repos.reviews.list()] == [REF, "DHR 2026/99"]
    pseudonyms = [s["pseudonym"] for s in export_review(store, REF)["review"]["subjects"]]
    assert pseudonyms == ["Adult A", "Adult B", "Child C"]


def test_minimal_hand_written_file_imports_with_defaults(store) -> None:
    ref = import_review(
        store,
        {"format": "dhrdesk-review", "version": 1, "review": {"reference": "DHR 2025/01"}},
    )
    review = store.repos.reviews.get(ref)
    assert (review.profile, review.stage) == ("dhr-2016", "notification")
    assert review.created_at and review.updated_at == review.created_at
