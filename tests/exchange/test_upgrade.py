"""The upgrade path: a committed version-1 file imports and re-exports as the current version.

tests/fixtures/interchange-v1.json was written by the version-1 exporter (before
format version 2 existed) from the rich fictional review of builders.py, so it is a
real old file, not one made up to fit the upgrade.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange import dumps, export_review, import_review, review_json, upgrade
from dhrdesk.exchange.review_json import FORMAT_VERSION, UPGRADES, V2_AGENCY_PARTS, V2_REVIEW_LISTS
from tests.exchange.builders import build_rich_review

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "interchange-v1.json"
REF = "DHR 2026/03"


def _fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _without_v2(review: dict) -> dict:
    """A version-2 review reduced to what version 1 held."""
    out = copy.deepcopy(review)
    for name in V2_REVIEW_LISTS:
        out.pop(name)
    out.pop("anonymisation")
    for agency in out["agencies"]:
        for name in V2_AGENCY_PARTS:
            agency.pop(name)
    for line in out["lines_of_enquiry"]:
        line.pop("key")
    # fields added to records since version 1 (store format 9: letters), empty by default
    out.pop("csp_signatory", None)
    out.pop("publication_signoffs", None)  # a list added in store format 8 (issue 10)
    for person in out["people"]:
        person.pop("email", None)
        person.pop("phone", None)
    for member in out["family_members"]:
        member.pop("title", None)
        member.pop("surname", None)
    return out


def test_fixture_is_a_version_1_file() -> None:
    raw = _fixture()
    assert raw["version"] == 1 and raw["format"] == "dhrdesk-review"
    assert "chronology_pairs" not in raw["review"]
    assert "chronology" not in raw["review"]["agencies"][0]
    assert FORMAT_VERSION == 2


def test_upgrade_1_to_2_adds_empty_parts_and_leaves_the_input_alone() -> None:
    raw = _fixture()
    original = copy.deepcopy(raw)
    upgraded = upgrade(raw)
    assert raw == original  # pure: works on a copy
    assert upgraded["version"] == 2
    review = upgraded["review"]
    assert all(review[name] == [] for name in V2_REVIEW_LISTS)
    assert review["anonymisation"] is None
    for agency in review["agencies"]:
        assert (agency["request"], agency["imr_sections"], agency["chronology"]) == (None, {}, [])
        assert agency["imr_analysis"] == [] and agency["imr_quality"] == []
    # nothing of version 1 changed
    kept = {k: copy.deepcopy(v) for k, v in review.items() if k in original["review"]}
    for agency in kept["agencies"]:
        for name in V2_AGENCY_PARTS:
            del agency[name]
    assert kept == original["review"]


def test_upgrade_step_tolerates_malformed_input_for_the_schema_to_name() -> None:
    step = UPGRADES[1]
    assert step({"format": "dhrdesk-review", "version": 1}) == {
        "format": "dhrdesk-review",
        "version": 1,
    }
    doc = step({"review": {"reference": "X", "agencies": {"not": "a list"}}})
    assert doc["review"]["agencies"] == {"not": "a list"}
    with pytest.raises(InputFileError, match=r"^review\.agencies: expected a list"):
        review_json.check_document(
            {"format": "dhrdesk-review", "version": 1, "review": {"reference": "X", "agencies": 5}}
        )


def test_version_1_file_imports_and_re_exports_as_version_2(other_store) -> None:
    data = review_json.load_review_file(FIXTURE)  # read + upgrade + validate, no store
    assert data["version"] == 2
    assert import_review(other_store, FIXTURE) == REF
    exported = export_review(other_store, REF, timestamp=False)
    assert (exported["format"], exported["version"]) == ("dhrdesk-review", 2)
    review = exported["review"]
    # everything the old file held is there, unchanged (timestamps and stage included)
    assert _without_v2(review) == _fixture()["review"]
    assert [line["key"] for line in review["lines_of_enquiry"]] == ["line-1", "line-2", "line-3"]
    assert review["recommendations"] == [] and review["agencies"][0]["chronology"] == []
    # and the version-2 file it became round-trips byte for byte
    text = dumps(exported)
    other_store.repos.reviews.delete(other_store.repos.reviews.get(REF).id)
    import_review(other_store, json.loads(text))
    assert dumps(export_review(other_store, REF, timestamp=False)) == text


def test_version_1_fixture_matches_what_the_builder_makes_today(store) -> None:
    """The committed file and builders.build_rich_review(v2=False) describe the same review,
    so the fixture stays meaningful if the builder changes."""
    build_rich_review(store, v2=False)
    today = _without_v2(export_review(store, REF)["review"])
    old = _fixture()["review"]
    for review in (today, old):  # stamped at build time
        review.pop("created_at")
        review.pop("updated_at")
        for stage in review["stages"]:
            stage.pop("recorded_at")
    assert today == old


def test_version_1_file_with_a_bad_value_names_the_place(tmp_path: Path) -> None:
    raw = _fixture()
    raw["review"]["stages"][1]["completed"] = "2025-02-30"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"^review\.stages\[1\]\.completed: 2025-02-30"):
        review_json.load_review_file(path)
