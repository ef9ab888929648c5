"""Export -> import into an empty store -> export gives the same file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from dhrdesk.core import model as m
from dhrdesk.exchange import dumps, export_review, export_to_file, import_review
from dhrdesk.exchange.review_json import FORMAT, FORMAT_VERSION
from tests.exchange.builders import CHRONOLOGY_WORD, build_rich_review, dump_store

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
            "chronology_pairs",
            "attachments",
            "report_sections",
            "checklist_responses",
            "drafts",
            "distributions",
            "section_comments",
            "learning_points",
            "recommendations",
            "qa_rounds",
            "publication_acceptances",
            "publication_log",
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
        "chronology_pairs": 2,
        "attachments": 2,
        "report_sections": 2,
        "checklist_responses": 2,
        "drafts": 2,
        "distributions": 2,
        "section_comments": 2,
        "learning_points": 2,
        "recommendations": 2,
        "qa_rounds": 1,
        "publication_acceptances": 1,
        "publication_log": 1,
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
    per_agency = [
        (
            len(a["chronology"]),
            len(a["imr_sections"]),
            len(a["imr_analysis"]),
            len(a["imr_quality"]),
        )
        for a in review["agencies"]
    ]
    assert per_agency == [(3, 2, 2, 2), (2, 0, 1, 0), (0, 0, 0, 0)]
    assert [a["request"] is not None for a in review["agencies"]] == [True, True, False]
    assert review["anonymisation"]["allow_list"] == ["Heron", "Northbridge"]


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
        allowed = ("stage_id", "theme_id", "item_id")  # ids of profile/taxonomy items
        assert key != "id" and not key.endswith("_id") or key in allowed, path
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
    minimal = {
        "format": "dhrdesk-review",
        "version": FORMAT_VERSION,
        "review": {
            "reference": "DHR 2025/02",
            "agencies": [
                {
                    "name": "Eastvale Housing",
                    "chronology": [
                        {"date": "2020", "source": "Tenancy file", "event": "Rent arrears letter"}
                    ],
                }
            ],
        },
    }
    import_review(store, minimal)
    exported = export_review(store, "DHR 2025/02")["review"]
    row = exported["agencies"][0]["chronology"][0]
    assert (row["key"], row["date"], row["subjects"], row["duplicate_of"]) == (
        "chronology-1",
        "2020",
        [],
        None,
    )
    assert exported["recommendations"] == [] and exported["anonymisation"] is None


# ------------------------------------------------------------------------ version 2 parts
def _row(review: dict, key: str) -> dict:
    return next(r for a in review["agencies"] for r in a["chronology"] if r["key"] == key)


def test_agency_input_links_survive(store, other_store) -> None:
    build_rich_review(store)
    import_review(other_store, export_review(store, REF))
    review = export_review(other_store, REF)["review"]
    police, icb, housing = review["agencies"]
    assert police["request"]["chases"] == ["2025-10-07", "2025-10-21"]
    assert police["request"]["signoff_name"] == "Ch Supt Elżbieta Marsh"
    assert icb["request"]["request_type"] == "summary"
    assert housing["request"] is None  # no request row is not the same as an empty one
    assert [a["line"] for a in police["imr_analysis"]] == ["line-1", "line-2"]
    assert [line["key"] for line in review["lines_of_enquiry"]] == ["line-1", "line-2", "line-3"]
    assert police["imr_quality"][1] == {
        "item": "analysis_each_line",
        "note": "Line 3 is not addressed.",
        "score": "partly",
    }
    # partial dates kept partial, rows by date within their agency, keys across the review
    assert [r["date"] for r in police["chronology"]] == ["2019-03", "2019-04-03", "2021"]
    assert [r["key"] for r in icb["chronology"]] == ["chronology-4", "chronology-5"]
    call = _row(review, "chronology-2")
    assert (call["subjects"], call["themes"], call["time"]) == (
        ["subject-1", "subject-2"],
        ["coercive_control"],
        "23:40",
    )
    assert call["external_key"] == "CAD-1904-0112"
    assert _row(review, "chronology-5")["duplicate_of"] == "chronology-2"
    assert review["chronology_pairs"] == [
        {"decision": "distinct", "first": "chronology-1", "second": "chronology-4"},
        {"decision": "merged", "first": "chronology-2", "second": "chronology-5"},
    ]
    # the store of the import really holds the merge and the distinct pair
    rid = other_store.repos.reviews.get(REF).id
    entries = other_store.repos.agency_input.entries(rid)
    assert len(other_store.repos.agency_input.distinct_pairs(rid)) == 1
    merged = [e for e in entries if e.duplicate_of is not None]
    assert len(merged) == 1 and merged[0].source == "GP record"
    assert other_store.repos.agency_input.entry(merged[0].duplicate_of).time == "23:40"


def test_attachments_keep_their_content_and_receipt(store, other_store) -> None:
    build_rich_review(store)
    rid = store.repos.reviews.get(REF).id
    originals = store.repos.agency_input.attachments(rid)
    import_review(other_store, export_review(store, REF))
    new_rid = other_store.repos.reviews.get(REF).id
    copies = other_store.repos.agency_input.attachments(new_rid)
    assert [(a.filename, a.sha256, a.size, a.received_at, a.received_by) for a in copies] == [
        (a.filename, a.sha256, a.size, a.received_at, a.received_by) for a in originals
    ]
    assert copies[0].received_by == "Test Chair"  # not re-stamped with "Second Chair"
    for original, copy in zip(originals, copies, strict=True):
        content = other_store.repos.agency_input.attachment_content(copy.id)
        assert content == store.repos.agency_input.attachment_content(original.id)
    assert other_store.repos.agency_input.attachment_content(copies[1].id) == bytes(range(256)) * 3
    police = other_store.repos.agency_input.agency_by_name(new_rid, "Northbridge Constabulary")
    assert (copies[0].agency_id, copies[1].agency_id) == (police.id, None)


def test_drafting_recommendations_qa_and_publication_survive(store, other_store) -> None:
    build_rich_review(store)
    import_review(other_store, export_review(store, REF))
    review = export_review(other_store, REF)["review"]
    overview = next(s for s in review["report_sections"] if s["document"] == "overview")
    reference = overview["content"][1]["runs"][1]
    assert reference == {"chronology": "chronology-2", "label": "3 April 2019"}
    # in the store the reference holds the new row id of that same row
    rid = other_store.repos.reviews.get(REF).id
    section = other_store.repos.drafting.section(rid, "overview", "analysis")
    row_id = section.content[1]["runs"][1]["chronology"]
    assert other_store.repos.agency_input.entry(row_id).external_key == "CAD-1904-0112"
    assert (
        section.updated_at
        == store.repos.drafting.section(
            store.repos.reviews.get(REF).id, "overview", "analysis"
        ).updated_at
    )

    assert [(d["version"], d["frozen_by"]) for d in review["drafts"]] == [
        ("0.1", "Test Chair"),
        ("0.2", "Test Chair"),
    ]
    assert review["drafts"][0]["snapshot"]["documents"]["overview"][0]["paragraphs"] == ["1.1 Zoë"]
    assert [d["draft"] for d in review["distributions"]] == ["0.1", "0.2"]
    assert [c["resolved"] for c in review["section_comments"]] == [False, True]
    assert [p["key"] for p in review["learning_points"]] == ["learning-1", "learning-2"]
    lesson = next(p for p in review["learning_points"] if p["kind"] == "lesson")
    assert lesson["agency"] == "agency-1"
    first = review["recommendations"][0]
    assert sorted(first["sources"]) == ["learning-1", "learning-2"]
    assert first["clear"] == {"assign": False, "case_for_change": True}
    assert [a["text"] for a in first["actions"]] == [
        "Agree an information-sharing protocol",
        "Brief call handlers",
    ]
    updates = first["actions"][0]["updates"]
    assert [(u["evidence_attachment"], u["source"]) for u in updates] == [
        ("attachment-2", "gui"),
        (None, "sheet"),
    ]
    assert (updates[0]["recorded_by"], updates[0]["recorded_at"]) == (
        "Gwenllian Harcourt",
        "2025-12-10T09:15:00+00:00",
    )
    qa = review["qa_rounds"][0]
    assert (qa["draft"], [a["draft"] for a in qa["areas"]]) == ("0.2", ["0.2", None])
    assert review["anonymisation"] == {
        "allow_list": ["Heron", "Northbridge"],
        "date_policy": "relative",
        "require_signoff": False,
    }
    accepted = review["publication_acceptances"][0]
    assert (accepted["category"], accepted["accepted_by"]) == ("postcode", "Test Chair")
    assert review["publication_log"][0]["draft_version"] == "0.2"


def test_search_is_right_after_an_import_without_reindex(store, other_store) -> None:
    from dhrdesk.store import search

    build_rich_review(store)
    doc = export_review(store, REF)
    import_review(other_store, doc)
    hits = search.search(other_store, CHRONOLOGY_WORD)
    assert [(h.reference, h.kind, h.agency) for h in hits] == [
        (REF, "chronology", "Northbridge Constabulary")
    ]
    assert search.search(other_store, "Protocol drafted")[0].kind == "action_update"
    assert search.search(other_store, "refuge kept")[0].kind == "learning"
    # the index after the import is exactly what a full rebuild makes of the tables
    incremental = search.rows(other_store)
    assert len(incremental) > 15
    search.rebuild(other_store)
    assert search.rows(other_store) == incremental
    # replace: the old review's rows go, the new ones are there, nothing doubled
    import_review(other_store, doc, "replace")
    assert len(search.search(other_store, CHRONOLOGY_WORD)) == 1
    after_replace = search.rows(other_store)
    search.rebuild(other_store)
    assert search.rows(other_store) == after_replace


def test_a_file_too_large_to_import_is_not_written(store, tmp_path: Path, monkeypatch) -> None:
    """Attachments travel inside the file, so an export could outgrow the import limit:
    it is refused rather than written as a file no DHR Desk would read."""
    from dhrdesk.core.errors import DhrDeskError
    from dhrdesk.exchange import review_json

    build_rich_review(store)
    size = len(dumps(export_review(store, REF, timestamp=False)).encode("utf-8"))
    monkeypatch.setattr(review_json, "MAX_FILE_BYTES", size - 1)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "big.json"
    try:
        export_to_file(store, REF, out, timestamp=False)
    except DhrDeskError as exc:
        assert "imports review files of up to" in exc.message
        assert "backup" in exc.hint
    else:
        raise AssertionError("a file over the import limit must not be written")
    assert list(folder.iterdir()) == []
    monkeypatch.setattr(review_json, "MAX_FILE_BYTES", size)
    assert export_to_file(store, REF, out, timestamp=False).stat().st_size == size
