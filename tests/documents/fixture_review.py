"""A fictional review with every fact the documents print (shared by the document tests).

The review is data: tests/fixtures/review-documents.json, loaded by the importer (see
tests/review_files.py). The constants below are the facts the tests look for in it:
Zoë and Adult B; three stages to the Home Office notification; a criminal-trial pause;
three meetings; three panel members; three agencies in scope with requests (two IMRs,
one summary) and one excluded; terms of reference with three lines of enquiry; 31
chronology rows (one with a time and an agency comment, referenced from the analysis);
24 recommendations (the last without actions); the chair's own text for timescales,
contributors, the analysis (with two endnotes) and the executive summary's process.
"""

from __future__ import annotations

from dhrdesk.store import Store
from tests.review_files import load_review

REF = "DHR 2024/07"
VICTIM = "Zoë"
UNICODE_AGENCY = "Łódź Support Service"
POLICE = "Northmoor Police"
EXCLUDED = "Eastfield Housing"
RECOMMENDATIONS = 24
NOTE_1 = "Northmoor Police, domestic abuse policy, version 4 (2022)."
NOTE_2 = "SafeLives, the Dash risk checklist guidance (2015)."
CHAIR_TIMESCALES = "The chair's own note on timescales: the trial delayed interviews."
CHAIR_CONTRIBUTORS = "The chair thanks every contributor for candid reports."


def para(text: str) -> dict:
    return {"type": "paragraph", "runs": [{"text": text}]}


def populate(store: Store) -> int:
    """Load the fictional review (tests/fixtures/review-documents.json) into ``store``;
    returns its id."""
    return load_review(store, "documents")
