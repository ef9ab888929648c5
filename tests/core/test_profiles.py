"""Guidance profiles: the shipped files load, and broken files say where they are broken."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dhrdesk.core import resources
from dhrdesk.core.errors import InputFileError, NotFoundError
from dhrdesk.core.profiles import (
    DEFAULT_PROFILE_ID,
    REQUIRED_TERMS,
    STANDARD_STAGE_IDS,
    default_profile,
    get_profile,
    load_profile,
    load_profiles,
)
from dhrdesk.core.resources import resource_path

SHIPPED = resource_path("profiles")

OVERVIEW_2016 = [
    "Introduction",
    "Timescales",
    "Confidentiality",
    "Terms of reference",
    "Methodology",
    "Involvement of family, friends, work colleagues, neighbours and wider community",
    "Contributors to the review",
    "The review panel members",
    "Author of the overview report",
    "Parallel reviews",
    "Equality and diversity",
    "Dissemination",
    "Background information (the facts)",
    "Chronology",
    "Overview",
    "Analysis",
    "Conclusions",
    "Lessons to be learnt",
    "Recommendations",
]

EXEC_2016 = [
    "The review process",
    "Contributors to the review",
    "The review panel members",
    "Author of the overview report",
    "Terms of reference",
    "Summary of chronology",
    "Key issues arising",
    "Conclusions",
    "Lessons to be learnt",
    "Recommendations",
]


# --- the shipped profiles -----------------------------------------------------------------


def test_three_profiles_ship_with_dhr_2016_as_default() -> None:
    profiles = load_profiles()
    assert list(profiles) == ["dhr-2016", "dardr-2024-draft", "wales-susr"]
    assert default_profile().id == DEFAULT_PROFILE_ID == "dhr-2016"
    assert [p.is_default for p in profiles.values()] == [True, False, False]


@pytest.mark.parametrize(
    ("profile_id", "review_type", "short"),
    [
        ("dhr-2016", "Domestic Homicide Review", "DHR"),
        ("dardr-2024-draft", "Domestic Abuse Related Death Review", "DARDR"),
        ("wales-susr", "Single Unified Safeguarding Review", "SUSR"),
    ],
)
def test_each_profile_names_its_review_type(profile_id: str, review_type: str, short: str) -> None:
    profile = get_profile(profile_id)
    assert profile.review_type == review_type
    assert profile.review_type_short == short
    assert profile.term("review_short") == short
    assert set(REQUIRED_TERMS) <= set(profile.terminology)
    assert profile.title("overview_report", "Zoë").startswith(review_type)
    assert profile.title("overview_report", "Zoë").endswith("the death of Zoë")


def test_dhr_2016_has_the_19_overview_sections_in_order() -> None:
    profile = get_profile("dhr-2016")
    assert [s.title for s in profile.overview_sections] == OVERVIEW_2016
    assert [s.number for s in profile.overview_sections] == [str(n) for n in range(1, 20)]
    assert [s.title for s in profile.overview_appendices] == [
        "Terms of reference",
        "Action plan",
        "Glossary",
        "Bibliography",
    ]
    assert [s.title for s in profile.executive_summary_sections] == EXEC_2016
    assert all(s.guidance for s in profile.all_sections())


def test_checklists_carry_the_qa_panels_common_points() -> None:
    profile = get_profile("dhr-2016")
    by_id = {s.id: s for s in profile.overview_sections}
    equality = [c.text for c in by_id["equality_diversity"].checklist]
    assert any("Unconscious bias" in text for text in equality)
    analysis = by_id["analysis"].checklist
    assert any("Coercive control" in c.text and c.qa_common for c in analysis)
    assert any("Economic abuse" in c.text for c in analysis)
    assert any("excluded" in c.text for c in by_id["terms_of_reference"].checklist)
    assert any("system" in c.text for c in by_id["recommendations"].checklist)
    assert any("tribute" in c.text.lower() for c in by_id["family_involvement"].checklist)


def test_stage_ids_are_shared_and_clocks_match_the_guidance() -> None:
    for profile in load_profiles().values():
        shared = [s for s in profile.stage_ids if s in STANDARD_STAGE_IDS]
        # Shared stages appear in the standard order (profiles may add or omit).
        assert shared == [s for s in STANDARD_STAGE_IDS if s in shared]
        clocks = {stage.id: clock for stage, clock in profile.clocks()}
        assert (clocks["decision"].anchor, clocks["decision"].months) == ("notification", 1)
        assert not clocks["decision"].extends_for_pauses
        assert clocks["home_office_notified"].anchor == "decision"
        assert "confirm" in clocks["home_office_notified"].note
        target = clocks["csp_signoff"]
        assert (target.anchor, target.months, target.kind) == ("decision", 6, "target")
        assert target.extends_for_pauses
    assert get_profile("dhr-2016").stage_ids == STANDARD_STAGE_IDS


def test_recipients_by_profile() -> None:
    ids = {pid: [r.id for r in p.recipients] for pid, p in load_profiles().items()}
    assert ids["dhr-2016"] == ["home_office_qa", "domestic_abuse_commissioner"]
    assert "secretary_of_state" in ids["dardr-2024-draft"]
    assert "welsh_government" in ids["wales-susr"]
    welsh = next(r for r in get_profile("wales-susr").recipients if r.id == "welsh_government")
    assert "onfirm" in welsh.note


def test_wales_renames_and_adds_stages() -> None:
    wales = get_profile("wales-susr")
    dhr = get_profile("dhr-2016")
    assert wales.stage("csp_signoff").name != dhr.stage("csp_signoff").name
    assert "learning_event" in wales.stage_ids
    assert wales.term("csp") != dhr.term("csp")


def test_unknown_profile_and_stage() -> None:
    with pytest.raises(NotFoundError, match="no guidance profile 'nope'"):
        get_profile("nope")
    with pytest.raises(NotFoundError, match="no stage 'nope'"):
        get_profile("dhr-2016").stage("nope")
    with pytest.raises(KeyError):
        get_profile("dhr-2016").term("no-such-term")
    assert get_profile("dhr-2016").term("no-such-term", "fallback") == "fallback"


def test_resource_path_prefers_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "profiles").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("profiles") == tmp_path / "resources" / "profiles"
    # Missing in the bundle: fall back to the source tree.
    assert resources.resource_path("themes.json") == SHIPPED.parent / "themes.json"


# --- malformed profiles -------------------------------------------------------------------


def _broken(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads((SHIPPED / "dhr-2016.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "dhr-2016.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def _message(path: Path) -> str:
    with pytest.raises(InputFileError) as info:
        load_profile(path)
    assert info.value.exit_code == 4
    return info.value.message


def _set_clock_months(data: dict[str, Any]) -> None:
    data["stages"][3]["clock"] = {
        "anchor": "decision",
        "months": "one",
        "label": "Chair due",
        "kind": "guidance",
    }


def _duplicate_stage(data: dict[str, Any]) -> None:
    data["stages"][4]["id"] = "chair_appointed"


def _unknown_anchor(data: dict[str, Any]) -> None:
    data["stages"][1]["clock"]["anchor"] = "notifcation"


def _later_anchor(data: dict[str, Any]) -> None:
    data["stages"][1]["clock"]["anchor"] = "csp_signoff"


def _missing_name(data: dict[str, Any]) -> None:
    del data["stages"][2]["name"]


def _misspelt_field(data: dict[str, Any]) -> None:
    data["stages"][0]["clok"] = {}


def _bad_section_number(data: dict[str, Any]) -> None:
    data["overview_sections"][4]["number"] = 6


def _missing_term(data: dict[str, Any]) -> None:
    del data["terminology"]["victim"]


def _bad_title(data: dict[str, Any]) -> None:
    data["titles"]["overview_report"] = "{review_type} into the death of {victm}"


def _wrong_id(data: dict[str, Any]) -> None:
    data["id"] = "dhr2016"


def _bool_months(data: dict[str, Any]) -> None:
    data["stages"][1]["clock"]["months"] = True


def _unknown_follows(data: dict[str, Any]) -> None:
    data["stages"][1]["follows"] = ["publication"]


def _stages_not_a_list(data: dict[str, Any]) -> None:
    data["stages"] = {"notification": {}}


def _bad_kind(data: dict[str, Any]) -> None:
    data["stages"][1]["clock"]["kind"] = "deadline"


def _duplicate_checklist(data: dict[str, Any]) -> None:
    data["overview_sections"][0]["checklist"][1]["id"] = "intro_condolences"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set_clock_months,
            "dhr-2016.json: stages[3].clock.months: expected a whole number, got 'one'",
        ),
        (_bool_months, "dhr-2016.json: stages[1].clock.months: expected a whole number, got true"),
        (
            _duplicate_stage,
            "dhr-2016.json: stages[4].id: duplicate stage id 'chair_appointed' (also stages[3])",
        ),
        (_unknown_anchor, "dhr-2016.json: stages[1].clock.anchor: unknown stage 'notifcation'"),
        (_later_anchor, "dhr-2016.json: stages[1].clock.anchor: stage 'csp_signoff' does not come"),
        (_missing_name, "dhr-2016.json: stages[2].name: required field is missing"),
        (_misspelt_field, "dhr-2016.json: stages[0].clok: unknown field"),
        (
            _bad_section_number,
            "dhr-2016.json: overview_sections[4].number: expected section number 5, got 6",
        ),
        (_missing_term, "dhr-2016.json: terminology.victim: required field is missing"),
        (_bad_title, "dhr-2016.json: titles.overview_report: unknown placeholder {victm}"),
        (_wrong_id, "dhr-2016.json: id: 'dhr2016' does not match the file name"),
        (_unknown_follows, "dhr-2016.json: stages[1].follows[0]: 'publication' is not a stage"),
        (_stages_not_a_list, "dhr-2016.json: stages: expected a list, got an object"),
        (_bad_kind, "dhr-2016.json: stages[1].clock.kind: expected one of statutory"),
        (
            _duplicate_checklist,
            "dhr-2016.json: overview_sections[0].checklist[1].id: duplicate checklist id",
        ),
    ],
)
def test_malformed_profile_names_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    assert _message(_broken(tmp_path, change)).startswith(expected)


def test_invalid_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "dhr-2016.json"
    text = (SHIPPED / "dhr-2016.json").read_text(encoding="utf-8")
    path.write_text(text.replace('"name": "DHR 2016",', '"name": "DHR 2016"', 1), encoding="utf-8")
    message = _message(path)
    assert message.startswith("dhr-2016.json: is not valid JSON: Expecting ',' delimiter at line ")
    assert "column" in message


def test_truncated_and_non_utf8_files(tmp_path: Path) -> None:
    path = tmp_path / "dhr-2016.json"
    path.write_bytes((SHIPPED / "dhr-2016.json").read_bytes()[:500])
    assert "is not valid JSON" in _message(path)
    path.write_bytes(b'{"name": "\xff"}')
    assert _message(path).startswith("dhr-2016.json: is not UTF-8 text")
    path.write_text("[]", encoding="utf-8")
    assert _message(path) == "dhr-2016.json: expected an object, got a list"
    assert "does not exist" in _message(tmp_path / "missing.json")


def test_a_directory_needs_exactly_one_default(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "dardr-2024-draft.json", tmp_path)
    with pytest.raises(InputFileError, match="Exactly one profile must be marked"):
        load_profiles(tmp_path)
    shutil.copy(SHIPPED / "dhr-2016.json", tmp_path)
    (tmp_path / "notes.txt").write_text("not a profile", encoding="utf-8")
    assert list(load_profiles(tmp_path)) == ["dhr-2016", "dardr-2024-draft"]
    assert get_profile("dardr-2024-draft", tmp_path).name == "DARDR (draft 2024)"


def test_a_broken_file_in_a_directory_names_that_file(tmp_path: Path) -> None:
    shutil.copy(SHIPPED / "dhr-2016.json", tmp_path)
    (tmp_path / "wales-susr.json").write_text('{"id": "wales-susr"', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"^wales-susr.json: is not valid JSON"):
        load_profiles(tmp_path)
