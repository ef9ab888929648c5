"""The learning library's store side: themes (shipped + the store's changes) and counts
gathered from real records (four small fictional reviews, counts worked out by hand)."""

from __future__ import annotations

import pytest

from dhrdesk.core import learning as L
from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.store import Store


@pytest.fixture
def four(store: Store) -> dict[str, int]:
    reviews, records = store.repos.reviews, store.repos.records
    ids = {
        "r1": reviews.create(
            "DHR-N-1",
            csp="Northvale",
            month_of_death="2021-06",
            descriptors={"relationship_type": "intimate_partner", "flags": ["coercive_control"]},
        ),
        "r2": reviews.create(
            "DHR-N-2",
            csp="Northvale",
            month_of_death="2022-03",
            descriptors={"relationship_type": "familial", "flags": ["coercive_control"]},
        ),
        "r3": reviews.create(
            "DHR-A-1",
            csp="Ashby",
            month_of_death="2022-11",
            descriptors={"relationship_type": "intimate_partner", "flags": ["separation"]},
        ),
        "r4": reviews.create("DHR-A-2", csp="Ashby", descriptors={"relationship_type": "familial"}),
    }
    police = m.Agency(ids["r1"], "Northvale Police", sector="police")
    records.save(police)
    ids["police"] = police.id
    for rid, kind, text, themes, agency in [
        (ids["r1"], "lesson", "Risk was not reassessed.", ["risk_assessment"], police.id),
        (ids["r1"], "lesson", "Nobody shared the bail date.", ["information_sharing"], None),
        (ids["r1"], "finding", "Control was not named.", ["coercive_control"], None),
        (ids["r2"], "good_practice", "The IDVA stayed in touch.", ["specialist_da_services"], None),
        (ids["r3"], "lesson", "Separation raised the risk.", ["risk_assessment"], None),
        (ids["r4"], "lesson", "Carer stress was missed.", ["adult_family_older_carers"], None),
    ]:
        records.save(m.LearningPoint(rid, kind, text, themes=themes, agency_id=agency))
    for rid, number, themes, sector, lead in [
        (ids["r1"], 1, ["risk_assessment"], "", "Northvale Police"),  # sector from the agency
        (ids["r2"], 1, ["risk_assessment", "information_sharing"], "health", ""),
        (ids["r3"], 1, ["risk_assessment"], "police", ""),
        (ids["r3"], 2, ["housing"], "", ""),
    ]:
        records.save(
            m.Recommendation(
                rid, number, f"Recommendation {number}", themes=themes, sector=sector,
                lead_agency=lead,
            )
        )  # fmt: skip
    return ids


def test_counts_from_the_store(store: Store, four) -> None:
    counts = {c.theme_id: c for c in store.repos.learning.summary()}
    risk = counts["risk_assessment"]
    assert (risk.reviews, risk.lessons, risk.recommendations) == (3, 2, 3)
    assert risk.by_year == {"2021": 1, "2022": 2}
    assert risk.by_csp == {"Ashby": 1, "Northvale": 2}
    assert risk.by_relationship == {"familial": 1, "intimate_partner": 2}
    assert risk.by_sector == {"health": 1, "police": 2}  # one via Northvale Police's sector
    assert (counts["information_sharing"].reviews, counts["information_sharing"].lessons) == (2, 1)
    assert counts["housing"].by_sector == {"unspecified": 1}
    assert counts["adult_family_older_carers"].by_year == {"unknown": 1}
    assert counts["coercive_control"].findings == 1
    assert counts["specialist_da_services"].good_practice == 1
    ranked = store.repos.learning.summary(L.Filters(csps=frozenset({"Northvale"})))
    assert [(c.theme_id, c.reviews) for c in ranked[:2]] == [
        ("risk_assessment", 2),
        ("information_sharing", 2),
    ]
    items = store.repos.learning.theme_items("risk_assessment")
    assert [(ref, i.kind, i.agency) for ref, i in items.learning] == [
        ("DHR-A-1", "lesson", ""),
        ("DHR-N-1", "lesson", "Northvale Police"),
    ]
    assert [(ref, i.number, i.sector) for ref, i in items.recommendations] == [
        ("DHR-A-1", 1, "police"),
        ("DHR-N-1", 1, "police"),
        ("DHR-N-2", 1, "health"),
    ]
    labels = store.repos.learning.review_labels()
    assert labels == {
        four["r1"]: "Review A",
        four["r2"]: "Review B",
        four["r3"]: "Review C",
        four["r4"]: "Review D",
    }
    assert store.repos.learning.review_labels([four["r3"], four["r2"]]) == {
        four["r2"]: "Review A",
        four["r3"]: "Review B",
    }


def test_shipped_themes_are_listed_in_order(store: Store) -> None:
    themes = store.repos.learning.themes()
    assert len(themes) == 23
    assert themes[0].id == "risk_assessment" and themes[0].shipped and not themes[0].retired
    assert themes[-1].number == 23 and all(t.parent == "" for t in themes)


def test_add_rename_retire_restore_keep_old_tags_and_are_audited(store: Store, four) -> None:
    repo = store.repos.learning
    new_id = repo.add_theme(
        "Online abuse", "Abuse through phones and apps.", parent="coercive_control"
    )
    assert new_id == "online_abuse"
    added = repo.theme(new_id)
    assert (added.name, added.parent, added.shipped, added.number) == (
        "Online abuse", "coercive_control", False, 24,
    )  # fmt: skip
    store.repos.records.save(
        m.LearningPoint(four["r2"], "lesson", "Tracking app not spotted.", themes=[new_id])
    )
    repo.rename_theme("risk_assessment", "Risk assessment and escalation")
    assert repo.theme("risk_assessment").name == "Risk assessment and escalation"
    assert repo.theme("risk_assessment").shipped
    repo.retire_theme("risk_assessment")
    repo.retire_theme(new_id)
    offered = [t.id for t in repo.themes(include_retired=False)]
    assert "risk_assessment" not in offered and new_id not in offered
    everything = {t.id: t for t in repo.themes()}
    assert everything["risk_assessment"].retired and everything[new_id].retired
    # Old tags stay readable and counted under the (renamed) theme.
    assert repo.theme_name("risk_assessment") == "Risk assessment and escalation"
    counts = {c.theme_id: c for c in repo.summary()}
    assert counts["risk_assessment"].reviews == 3 and counts["risk_assessment"].retired
    assert counts[new_id].lessons == 1 and counts[new_id].name == "Online abuse"
    assert len(repo.theme_items(new_id).learning) == 1
    repo.restore_theme("risk_assessment")
    assert "risk_assessment" in [t.id for t in repo.themes(include_retired=False)]
    kinds = [(e.kind, e.record) for e in store.audit_entries(50)]
    for expected in [
        ("theme.add", "theme:online_abuse"),
        ("theme.rename", "theme:risk_assessment"),
        ("theme.retire", "theme:risk_assessment"),
        ("theme.retire", "theme:online_abuse"),
        ("theme.restore", "theme:risk_assessment"),
    ]:
        assert expected in kinds
    assert store.verify().ok


def test_theme_changes_are_validated(store: Store) -> None:
    repo = store.repos.learning
    with pytest.raises(ValidationError, match="needs a name"):
        repo.add_theme("   ")
    with pytest.raises(ValidationError, match="already a theme"):
        repo.add_theme("information SHARING")
    with pytest.raises(NotFoundError):
        repo.add_theme("Gaming", parent="no_such_theme")
    with pytest.raises(NotFoundError):
        repo.retire_theme("no_such_theme")
    with pytest.raises(NotFoundError):
        repo.rename_theme("no_such_theme", "Anything")
    with pytest.raises(ValidationError, match="already a theme"):
        repo.rename_theme("housing", "Mental health")
    with pytest.raises(ValidationError, match="needs a name"):
        repo.rename_theme("housing", "")
    with pytest.raises(ValidationError, match="not retired"):
        repo.restore_theme("housing")
    repo.retire_theme("housing")
    with pytest.raises(ValidationError, match="already retired"):
        repo.retire_theme("housing")
    with pytest.raises(ValidationError, match="retired; restore it"):
        repo.add_theme("Housing")
    with pytest.raises(ValidationError, match="retired theme"):
        repo.add_theme("Temporary accommodation", parent="housing")
    # Same-looking names get distinct ids.
    first = repo.add_theme("Gaming & online")
    second = repo.add_theme("Gaming online")
    assert (first, second) == ("gaming_online", "gaming_online_2")
    assert repo.theme_name("never_existed") == "never_existed"
    # Renaming keeps the case-only change possible on the same theme.
    repo.rename_theme("mental_health", "MENTAL HEALTH")
    assert repo.theme("mental_health").name == "MENTAL HEALTH"
