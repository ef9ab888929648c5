"""Four small fictional reviews with known theme tags, shared by the learning report, the
chart and the learning library page tests.

Counts worked out by hand (reviews carrying each theme):

* risk_assessment: R1, R2, R3 -> 3 reviews (lessons 2, recommendations 3)
* information_sharing: R1, R2 -> 2 reviews (lessons 2, recommendations 1)
* housing: R3, R4 -> 2 reviews (lessons 1, recommendations 1, findings 1)
* coercive_control: R1 -> 1 review (findings 1)
* mental_health: R2 -> 1 review (good practice 1)

Ties on reviews rank by lessons + recommendations, then the other items, then name.

Labels by month of death: R1 (2021-06) Review A, R2 (2022-03) Review B, R3 (2023-01)
Review C, R4 (2023-09) Review D.
"""

from __future__ import annotations

from dhrdesk.core import model as m
from dhrdesk.store import Store

REFS = {"r1": "DHR 2026/01", "r2": "DHR 2026/02", "r3": "DHR 2026/03", "r4": "DHR 2026/04"}
EXPECTED_RANKING = [
    ("Risk identification and assessment", 3),
    ("Information sharing", 2),
    ("Housing", 2),
    ("Coercive control, economic abuse and stalking", 1),
    ("Mental health", 1),
]


def seed_learning(store: Store) -> dict[str, int]:
    reviews, records = store.repos.reviews, store.repos.records
    ids = {
        "r1": reviews.create(
            REFS["r1"],
            csp="Northvale",
            month_of_death="2021-06",
            descriptors={
                "relationship_type": "intimate_partner",
                "flags": ["coercive_control", "separation"],
                "victim_sex": "female",
                "victim_age_band": "35-44",
                "perpetrator_sex": "male",
                "perpetrator_age_band": "35-44",
            },
        ),
        "r2": reviews.create(
            REFS["r2"],
            csp="Northvale",
            month_of_death="2022-03",
            descriptors={"relationship_type": "familial", "vulnerabilities": ["mental_health"]},
        ),
        "r3": reviews.create(
            REFS["r3"],
            csp="Ashby",
            month_of_death="2023-01",
            descriptors={"relationship_type": "intimate_partner", "flags": ["separation"]},
        ),
        "r4": reviews.create(
            REFS["r4"],
            csp="Ashby",
            month_of_death="2023-09",
            descriptors={"relationship_type": "former_intimate_partner"},
        ),
    }
    police = m.Agency(ids["r1"], "Northvale Police", sector="police")
    records.save(police)
    # Each review's restricted register: the victim's name, replaced by a pseudonym.
    for key, name, pseudonym in [
        ("r1", "Marta Kowalczyk", "Anna"),
        ("r2", "Derek Hollins", "Bill"),
        ("r3", "Priya Raman", "Chloe"),
        ("r4", "Sian Pryce", "Dawn"),
    ]:
        records.save(m.RegisterEntry(ids[key], "full_name", name, pseudonym))
    for key, kind, text, themes in [
        ("r1", "lesson", "Risk was not reassessed after Marta Kowalczyk reported threats.",
         ["risk_assessment"]),
        ("r1", "lesson", "Nobody shared the bail conditions.", ["information_sharing"]),
        ("r1", "finding", "Control was not named as abuse.", ["coercive_control"]),
        ("r2", "lesson", "The GP did not see the police log.", ["information_sharing"]),
        ("r2", "good_practice", "The crisis team visited within a day.", ["mental_health"]),
        ("r3", "lesson", "Separation raised the risk; it was seen on 14 March 2023.",
         ["risk_assessment"]),
        ("r3", "finding", "Temporary housing moved her away from support.", ["housing"]),
        ("r4", "lesson", "Housing officers were not asked about abuse.", ["housing"]),
    ]:  # fmt: skip
        records.save(m.LearningPoint(ids[key], kind, text, themes=themes))
    for key, number, text, themes, scope in [
        ("r1", 1, "Police to reassess risk at every report.", ["risk_assessment"], "local"),
        ("r2", 1, "National guidance on sharing risk with GPs.",
         ["risk_assessment", "information_sharing"], "national"),
        ("r3", 1, "Regional risk training for housing staff.", ["risk_assessment"], "regional"),
        ("r4", 1, "Housing to ask about abuse at every tenancy review.", ["housing"], "local"),
    ]:  # fmt: skip
        records.save(m.Recommendation(ids[key], number, text, scope=scope, themes=themes))
    return ids
