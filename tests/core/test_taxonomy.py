"""Descriptors, themes, lines of enquiry and age bands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dhrdesk.core.errors import InputFileError, NotFoundError, ValidationError
from dhrdesk.core.resources import resource_path
from dhrdesk.core.taxonomy import (
    age_band,
    lines_for_theme,
    load_descriptors,
    load_lines_of_enquiry,
    load_themes,
    theme_by_id,
)


def test_descriptor_lists_follow_the_domain() -> None:
    descriptors = load_descriptors()
    assert descriptors["age_band"].ids == (
        "under-16",
        "16-19",
        "20-24",
        "25-34",
        "35-44",
        "45-54",
        "55-64",
        "65+",
    )
    assert descriptors["age_band"].label_for("16-19") == "16–19"
    assert {"intimate_partner", "familial", "parricide", "homicide_suicide", "victim_suicide"} <= (
        set(descriptors["relationship_type"].ids)
    )
    assert descriptors["flags"].multiple and descriptors["vulnerabilities"].multiple
    assert not descriptors["sex"].multiple
    assert {"white", "asian", "black", "mixed", "other"} <= set(descriptors["ethnicity"].ids)
    outcomes = descriptors["court_outcome"]
    for outcome in (
        "murder",
        "manslaughter",
        "manslaughter_diminished_responsibility",
        "not_guilty",
        "perpetrator_deceased",
        "no_prosecution",
        "pending",
    ):
        assert outcome in outcomes.ids
    with pytest.raises(NotFoundError):
        outcomes.label_for("acquitted-ish")


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "under-16"), (15, "under-16"), (16, "16-19"), (19, "16-19"), (20, "20-24"),
     (24, "20-24"), (25, "25-34"), (44, "35-44"), (45, "45-54"), (64, "55-64"), (65, "65+"),
     (101, "65+")],
)  # fmt: skip
def test_age_band(age: int, band: str) -> None:
    assert age_band(age) == band


@pytest.mark.parametrize("bad", [-1, 200, 30.5, "30", True])
def test_age_band_rejects_nonsense(bad: Any) -> None:
    with pytest.raises(ValidationError):
        age_band(bad)


def test_23_themes_in_order_with_lines_of_enquiry() -> None:
    themes = load_themes()
    assert len(themes) == 23
    assert [t.number for t in themes] == list(range(1, 24))
    assert themes[0].name == "Risk identification and assessment"
    assert themes[-1].id == "context"
    equality = theme_by_id("equality_diversity")
    assert "Male victims" in [s.name for s in equality.sub_themes]
    lines = load_lines_of_enquiry()
    theme_ids = {t.id for t in themes}
    assert all(set(line.theme_ids) <= theme_ids for line in lines)
    assert 2 <= len(lines_for_theme("risk_assessment")) <= 4
    assert any("DASH" in line.text for line in lines_for_theme("risk_assessment"))
    assert len({line.id for line in lines}) == len(lines)
    with pytest.raises(NotFoundError):
        theme_by_id("astrology")


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _shipped(name: str) -> dict[str, Any]:
    return json.loads(resource_path(name).read_text(encoding="utf-8"))


def test_malformed_descriptors(tmp_path: Path) -> None:
    data = _shipped("descriptors.json")
    data["lists"]["age_band"]["options"][3]["min"] = 26
    with pytest.raises(InputFileError) as info:
        load_descriptors(_write(tmp_path, "descriptors.json", data))
    assert info.value.message.startswith(
        "descriptors.json: lists.age_band.options[3].min: expected 25"
    )
    data = _shipped("descriptors.json")
    del data["lists"]["court_outcome"]
    with pytest.raises(InputFileError, match=r"lists.court_outcome: required field is missing"):
        load_descriptors(_write(tmp_path, "descriptors.json", data))
    data = _shipped("descriptors.json")
    data["lists"]["flags"]["options"][1]["label"] = 7
    with pytest.raises(InputFileError, match=r"lists.flags.options\[1\].label: expected text"):
        load_descriptors(_write(tmp_path, "descriptors.json", data))


def test_malformed_themes_and_lines(tmp_path: Path) -> None:
    themes = _shipped("themes.json")
    themes["themes"][5]["id"] = themes["themes"][4]["id"]
    with pytest.raises(InputFileError, match=r"^themes.json: themes\[5\].id: duplicate theme id"):
        load_themes(_write(tmp_path, "themes.json", themes))
    lines = _shipped("lines_of_enquiry.json")
    lines["lines"][2]["theme_ids"] = ["risk_assessment", "horoscopes"]
    with pytest.raises(
        InputFileError,
        match=r"^lines_of_enquiry.json: lines\[2\].theme_ids\[1\]: unknown theme 'horoscopes'",
    ):
        load_lines_of_enquiry(_write(tmp_path, "lines_of_enquiry.json", lines))
    bad = tmp_path / "themes.json"
    bad.write_text('{"format": 1, "themes": [', encoding="utf-8")
    with pytest.raises(InputFileError, match="themes.json: is not valid JSON"):
        load_themes(bad)
