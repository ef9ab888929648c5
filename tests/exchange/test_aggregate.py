"""The anonymised aggregate export: no register identifier, no free text, no day date."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import RegisterItem, Scanner, TextUnit, fold
from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.core.taxonomy import load_descriptors, load_themes
from dhrdesk.exchange import aggregate as ag
from tests.store.test_monitoring import REGISTER, seed


def _vocabulary() -> set[str]:
    """Every string the export may contain apart from CSP names and its own review ids."""
    words = {t.id for t in load_themes()} | {s.id for t in load_themes() for s in t.sub_themes}
    descriptors = load_descriptors()
    for name in ("relationship_type", "flags", "age_band", "sex", "ethnicity"):
        words |= set(descriptors[name].ids)
    words |= set(descriptors["vulnerabilities"].ids) | set(descriptors["court_outcome"].ids)
    words |= set(m.RECOMMENDATION_SCOPES) | set(m.RECOMMENDATION_TYPES) | set(m.STATUSES)
    words |= set(m.LEARNING_KINDS) | set(ag.SECTORS) | {ag.OTHER, ag.UNSPECIFIED, ag.LOCAL_THEME}
    words |= {ag.FORMAT, "review", "recommendation", "learning"}
    # the field names of the format (docs/interchange.md)
    words |= set(ag.DESCRIPTOR_KEYS) | {
        "format",
        "version",
        "exported_year",
        "reviews",
        "id",
        "csp",
        "year_of_death",
        "descriptors",
        "recommendations",
        "learning",
        "scope",
        "sector",
        "type",
        "status",
        "themes",
        "actions",
        "kind",
    }
    return words


def _check_export_text(store, text: str, values: list[str]) -> None:
    # 1. no register identifier: the Scanner over every review's register, and a plain
    #    folded substring check
    items = [
        RegisterItem(e.kind, e.value, e.replacement)
        for _, e in store.repos.monitoring.register_items()
    ]
    assert len(items) == 4
    findings = Scanner(items).scan([TextUnit("export", text)])
    assert [f for f in findings if f.category in ("identifier", "ambiguous_name")] == []
    folded = fold(text).casefold()
    for entries in REGISTER.values():
        for _, value in entries:
            assert fold(value).casefold() not in folded
    for ref in REGISTER:  # no review reference either
        assert ref.casefold() not in folded
    # 2. no free text: every string is from the closed vocabulary, a CSP, an id or a year
    allowed = _vocabulary() | {"Northmoor CSP", "Eastvale CSP"}
    for value in values:
        assert value in allowed or re.fullmatch(r"r-[0-9a-f]{16}|\d{4}", value), value
    # 3. no day-precise date
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", text)
    assert not re.search(r"\d{4}-\d{2}\b", text)  # not even a month


def test_json_export_contents_and_cleanliness(store) -> None:
    seeded = seed(store)
    export = ag.build_aggregate(store)
    text = ag.to_json(export).decode()
    data = json.loads(text)
    assert data["format"] == "dhrdesk-aggregate" and data["version"] == 1
    reviews = {r["csp"]: r for r in data["reviews"]}
    north, east = reviews["Northmoor CSP"], reviews["Eastvale CSP"]
    assert north["year_of_death"] == 2025 and east["year_of_death"] == 2026
    assert north["descriptors"]["flags"] == ["coercive_control", "separation"]
    assert east["descriptors"]["vulnerabilities"] == ["disability"]  # the stray value dropped
    assert east["descriptors"]["perpetrator_sex"] is None
    rec2 = north["recommendations"][1]
    assert rec2 == {
        "scope": "single_agency",
        "sector": "housing",
        "type": "process",
        "status": "in_progress",
        "themes": ["housing", "information_sharing"],
        "actions": {"not_started": 1, "in_progress": 1, "completed": 1, "closed_not_achieved": 0},
    }
    assert east["recommendations"][0]["themes"] == ["adult_family_older_carers", "local"]
    assert east["recommendations"][0]["sector"] == "health"
    assert north["learning"] == [{"kind": "lesson", "themes": ["professional_curiosity"]}]
    # a stable random id per review, not the reference
    again = ag.build_aggregate(store)
    assert [r["id"] for r in again["reviews"]] == [r["id"] for r in export["reviews"]]
    assert north["id"] != ag.anonymous_review_id(b"other", store.store_id, seeded.reviews["r1"])
    values = [v for _, v in ag.strings_of(data)]
    _check_export_text(store, text, values)


def test_csv_export_is_clean_too(store) -> None:
    seed(store)
    text = ag.to_csv(ag.build_aggregate(store)).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["record"] for r in rows].count("recommendation") == 3
    assert [r["record"] for r in rows].count("learning") == 2
    values = [
        part
        for row in rows
        for key, cell in row.items()
        if key not in ("actions_total", "actions_completed")
        for part in (cell.split(";") if cell else [])
    ] + list(rows[0].keys())
    header = set(ag.CSV_COLUMNS)
    _check_export_text(store, text, [v for v in values if v not in header])


def test_export_refused_when_a_value_is_in_a_register(store) -> None:
    seeded = seed(store)
    store.repos.records.save(
        m.RegisterEntry(seeded.reviews["r2"], "place", "Eastvale", replacement="the area")
    )
    with pytest.raises(PublicationBlockedError, match="csp"):
        ag.build_aggregate(store)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Police", "police"),
        ("NHS trust", "health"),
        ("Children's services", "children_services"),
        ("Borough council", "local_authority"),
        ("", "unspecified"),
        ("Łukasz's bakery", "other"),
    ],
)
def test_sector_vocabulary(text: str, sector: str) -> None:
    assert ag.sector_id(text) == sector


def test_cli_aggregate_export_and_monitoring_report(
    store, store_path, passphrase, tmp_path, monkeypatch
) -> None:  # noqa: E501
    from dhrdesk.cli import main

    seed(store)
    store.close()
    monkeypatch.setenv("DHRDESK_PASSPHRASE", passphrase)
    base = ["--store", str(store_path)]
    out = tmp_path / "export.json"
    assert main([*base, "aggregate-export", "--out", str(out)]) == 0
    assert len(json.loads(out.read_text())["reviews"]) == 2
    assert main([*base, "aggregate-export", "--out", str(tmp_path / "x.txt")]) == 2
    assert main([*base, "aggregate-export", "--out", str(tmp_path / "a.csv")]) == 0
    report = tmp_path / "q4.pdf"
    args = ["monitoring-report", "--quarter", "2026Q4", "--out", str(report)]
    assert main([*base, *args, "--today", "15/11/2026"]) == 0
    assert report.read_bytes().startswith(b"%PDF")
    assert main([*base, "monitoring-report", "--quarter", "2026Q5", "--out", str(report)]) != 0
