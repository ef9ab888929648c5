"""Learning aggregation against a hand-computed fixture of four fictional reviews.

R1 DHR-N-1  Northvale  2021-06  intimate_partner  coercive_control+separation  25-34 F  alcohol
R2 DHR-N-2  Northvale  2022-03  familial          coercive_control             65+   F  mental_health
R3 DHR-A-1  Ashby      2022-11  intimate_partner  separation                   35-44 M
R4 DHR-A-2  Ashby      (none)   victim_suicide    -                            20-24 F

Tags (kind: themes, sector for recommendations):
R1 lesson: risk, info · lesson: risk · finding: coercive · rec 1: risk (police) · rec 2: training ()
R2 lesson: info · good practice: specialist · rec 1: info, risk (health)
R3 lesson: risk · rec 1: risk (police) · rec 2: housing (housing)
R4 finding: mental health · key issue: risk · rec 1: mental health, suicide (health)
"""

from __future__ import annotations

import pytest

from dhrdesk.core import learning as L
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.taxonomy import load_themes

R1, R2, R3, R4 = 1, 2, 3, 4


def fixture() -> L.LearningData:
    reviews = (
        L.CaseRecord(R1, "DHR-N-1", "Northvale", "2021-06", {
            "relationship_type": "intimate_partner", "flags": ["coercive_control", "separation"],
            "victim_age_band": "25-34", "victim_sex": "female", "vulnerabilities": ["alcohol"],
        }),
        L.CaseRecord(R2, "DHR-N-2", "Northvale", "2022-03", {
            "relationship_type": "familial", "flags": ["coercive_control"],
            "victim_age_band": "65+", "victim_sex": "female", "vulnerabilities": ["mental_health"],
        }),
        L.CaseRecord(R3, "DHR-A-1", "Ashby", "2022-11", {
            "relationship_type": "intimate_partner", "flags": ["separation"],
            "victim_age_band": "35-44", "victim_sex": "male",
        }),
        L.CaseRecord(R4, "DHR-A-2", "Ashby", "", {
            "relationship_type": "victim_suicide", "victim_age_band": "20-24",
            "victim_sex": "female",
        }),
    )  # fmt: skip
    T = L.TaggedItem
    items = (
        T(R1, "lesson", "Risk and sharing.", ("risk_assessment", "information_sharing"), 11),
        T(R1, "lesson", "Risk again.", ("risk_assessment",), 12),
        T(R1, "finding", "Control.", ("coercive_control",), 13),
        T(R1, "recommendation", "R1 rec 1", ("risk_assessment",), 14, "police", number=1),
        T(R1, "recommendation", "R1 rec 2", ("training",), 15, "", number=2),
        T(R2, "lesson", "Sharing.", ("information_sharing",), 21),
        T(R2, "good_practice", "IDVA.", ("specialist_da_services",), 22),
        T(R2, "recommendation", "R2 rec 1", ("information_sharing", "risk_assessment"), 23,
          "health", number=1),
        T(R3, "lesson", "Risk.", ("risk_assessment",), 31),
        T(R3, "recommendation", "R3 rec 1", ("risk_assessment",), 32, "police", number=1),
        T(R3, "recommendation", "R3 rec 2", ("housing",), 33, "housing", number=2),
        T(R4, "finding", "MH.", ("mental_health",), 41),
        T(R4, "key_issue", "Risk issue.", ("risk_assessment",), 42),
        T(R4, "recommendation", "R4 rec 1", ("mental_health", "suicide_self_harm"), 43, "health",
          number=1),
    )  # fmt: skip
    return L.LearningData(reviews, items)


THEMES = [(t.id, t.name, False) for t in load_themes()]


def by_id(counts: list[L.ThemeCount]) -> dict[str, L.ThemeCount]:
    return {c.theme_id: c for c in counts}


def test_counts_by_theme_against_hand_computed_fixture() -> None:
    counts = L.aggregate(fixture(), THEMES)
    c = by_id(counts)
    risk = c["risk_assessment"]
    assert (risk.reviews, risk.lessons, risk.findings, risk.key_issues, risk.recommendations) == (
        4, 3, 0, 1, 3,
    )  # fmt: skip
    assert risk.by_year == {"2021": 1, "2022": 2, "unknown": 1}
    assert risk.by_csp == {"Ashby": 2, "Northvale": 2}
    assert risk.by_relationship == {"familial": 1, "intimate_partner": 2, "victim_suicide": 1}
    assert risk.by_sector == {"health": 1, "police": 2}
    info = c["information_sharing"]
    assert (info.reviews, info.lessons, info.recommendations) == (2, 2, 1)
    assert info.by_year == {"2021": 1, "2022": 1}
    assert info.by_csp == {"Northvale": 2}
    assert info.by_relationship == {"familial": 1, "intimate_partner": 1}
    assert info.by_sector == {"health": 1}
    assert (c["coercive_control"].reviews, c["coercive_control"].findings) == (1, 1)
    assert (c["specialist_da_services"].reviews, c["specialist_da_services"].good_practice) == (
        1,
        1,
    )
    mh = c["mental_health"]
    assert (mh.reviews, mh.findings, mh.recommendations, mh.by_year) == (1, 1, 1, {"unknown": 1})
    assert c["training"].by_sector == {"unspecified": 1}
    assert c["housing"].by_sector == {"housing": 1}
    assert c["suicide_self_harm"].recommendations == 1
    # Every theme is listed, carried or not; most reviews first, then most items.
    assert len(counts) == 23
    assert [x.theme_id for x in counts[:3]] == [
        "risk_assessment", "information_sharing", "mental_health",
    ]  # fmt: skip
    assert c["recording"].reviews == 0 and c["recording"].by_year == {}
    assert sum(x.reviews > 0 for x in counts) == 8


@pytest.mark.parametrize(
    ("filters", "reviews", "lessons", "recs"),
    [
        (L.Filters(relationship_types=frozenset({"intimate_partner"})), 2, 3, 2),
        (L.Filters(flags=frozenset({"coercive_control"})), 2, 2, 2),
        (L.Filters(flags=frozenset({"coercive_control", "separation"})), 1, 2, 1),
        (L.Filters(date_from="2022"), 2, 1, 2),  # R2, R3 (R4 has no month of death)
        (L.Filters(date_to="2021-12"), 1, 2, 1),
        (L.Filters(date_from="2022-03", date_to="2022-03-31"), 1, 0, 1),
        (L.Filters(victim_age_bands=frozenset({"65+"})), 1, 0, 1),
        (L.Filters(victim_sex=frozenset({"male"})), 1, 1, 1),
        (L.Filters(vulnerabilities=frozenset({"alcohol"})), 1, 2, 1),
        (L.Filters(review_ids=frozenset({R3, R4})), 2, 1, 1),
        (L.Filters(csps=frozenset({"Ashby"})), 2, 1, 1),
        (L.Filters(relationship_types=frozenset({"parricide"})), 0, 0, 0),
    ],
)
def test_filters_select_reviews(filters: L.Filters, reviews: int, lessons: int, recs: int) -> None:
    risk = by_id(L.aggregate(fixture(), THEMES, filters))["risk_assessment"]
    assert (risk.reviews, risk.lessons, risk.recommendations) == (reviews, lessons, recs)


def test_bad_dates_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a year or a month"):
        L.aggregate(fixture(), THEMES, L.Filters(date_from="June"))
    with pytest.raises(ValidationError, match="after"):
        L.select_reviews(fixture().reviews, L.Filters(date_from="2023", date_to="2022-05"))


def test_unknown_tags_are_counted_under_their_id_unless_asked_not_to() -> None:
    data = L.LearningData(fixture().reviews, (L.TaggedItem(R1, "lesson", "x", ("old_theme",), 1),))
    assert by_id(L.aggregate(data, THEMES))["old_theme"].lessons == 1
    assert "old_theme" not in by_id(L.aggregate(data, THEMES, include_unknown_themes=False))


def test_reviews_by_gives_denominators() -> None:
    data = fixture()
    assert L.reviews_by(data, None, "year") == {"2021": 1, "2022": 2, "unknown": 1}
    assert L.reviews_by(data, None, "csp") == {"Ashby": 2, "Northvale": 2}
    assert L.reviews_by(data, L.Filters(csps=frozenset({"Ashby"})), "relationship") == {
        "intimate_partner": 1,
        "victim_suicide": 1,
    }


def test_theme_items_side_by_side_with_references() -> None:
    found = L.theme_items(fixture(), "risk_assessment", "Risk")
    assert found.name == "Risk"
    assert [(ref, item.item_id) for ref, item in found.learning] == [
        ("DHR-A-1", 31), ("DHR-A-2", 42), ("DHR-N-1", 11), ("DHR-N-1", 12),
    ]  # fmt: skip
    assert [(ref, item.number) for ref, item in found.recommendations] == [
        ("DHR-A-1", 1), ("DHR-N-1", 1), ("DHR-N-2", 1),
    ]  # fmt: skip
    only_ashby = L.theme_items(
        fixture(), "risk_assessment", filters=L.Filters(csps=frozenset({"Ashby"}))
    )
    assert len(only_ashby.learning) == 2 and len(only_ashby.recommendations) == 1


def test_review_labels_follow_month_of_death_then_reference() -> None:
    reviews = fixture().reviews
    assert L.review_labels(reversed(reviews)) == {
        R1: "Review A", R2: "Review B", R3: "Review C", R4: "Review D",
    }  # fmt: skip
    same_month = [L.CaseRecord(9, "ZZ", "", "2020-01"), L.CaseRecord(8, "AA", "", "2020-01")]
    assert L.review_labels(same_month) == {8: "Review A", 9: "Review B"}
    many = [L.CaseRecord(i, f"R{i:03d}", "", "2020-01") for i in range(28)]
    labels = L.review_labels(many)
    assert labels[25] == "Review Z" and labels[26] == "Review AA" and labels[27] == "Review AB"
