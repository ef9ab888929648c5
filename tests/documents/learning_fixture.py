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

The reviews are data (tests/fixtures/review-learning-r1.json to -r4.json, loaded by the
importer, see tests/review_files.py): each has its victim's name in the restricted
register, the learning points and one recommendation tagged as counted above; R1 also
has the agency Northvale Police.
"""

from __future__ import annotations

from dhrdesk.store import Store
from tests.review_files import load_review

REFS = {"r1": "DHR 2026/01", "r2": "DHR 2026/02", "r3": "DHR 2026/03", "r4": "DHR 2026/04"}
EXPECTED_RANKING = [
    ("Risk identification and assessment", 3),
    ("Information sharing", 2),
    ("Housing", 2),
    ("Coercive control, economic abuse and stalking", 1),
    ("Mental health", 1),
]


def seed_learning(store: Store) -> dict[str, int]:
    """Load the four reviews (tests/fixtures/review-learning-r1.json to -r4.json); their
    ids by key."""
    return {key: load_review(store, f"learning-{key}") for key in REFS}
