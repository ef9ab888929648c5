"""Do the executive summary and the overview report agree?

Both documents print their dates, agencies and recommendations from the same
facts (dhrdesk.documents.generated), so those parts cannot disagree. What can
is the chair's own prose, written twice. This check reads the chair's blocks of
both documents, sentence by sentence, and reports, in words a chair can act on:

* a date in a sentence about the death, the decision to hold the review, the
  Home Office notification or the review period that is not the recorded date
  (e.g. "Adult A died in February 2026" when the month of death is March 2026);
  if the store has no date, the two documents' mentions must agree with each other;
* "Recommendation 14" when there are only twelve;
* "twelve recommendations" / "12 recommendations" when the real count differs;
* in the executive summary, an agency named as contributing that is not among
  the contributors (an excluded agency, or a name that matches none of them).

Each finding is a :class:`Disagreement` naming the field, what the overview
says, what the summary says, and where (document, section, paragraph number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core.dates import MONTH_NAMES, format_date
from dhrdesk.documents.build import month_of_death_text
from dhrdesk.documents.builders import facts_for
from dhrdesk.documents.builders.overview import build_executive_summary, build_overview
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Paragraph,
    Quote,
    plain,
)
from dhrdesk.documents.review_facts import NUMBER_WORDS, ReviewFacts

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

OVERVIEW_LABEL = "overview report"
SUMMARY_LABEL = "executive summary"
_MONTH = "|".join(MONTH_NAMES)
_DATE = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
_REC_NUMBER = re.compile(r"\bRecommendations?\s+(\d+)\b")
_REC_COUNT = re.compile(
    r"\b(\d+|" + "|".join(NUMBER_WORDS[1:]) + r")\s+(?:\w+\s+)?recommendations\b", re.IGNORECASE
)
_AGENCY = re.compile(
    r"\b((?:[A-Z][\w’'&-]*\s+){0,4}(?:Police|Council|Trust|Service|Services|Hospital|Practice|"
    r"Probation|Housing|Surgery|Centre|Agency|Team|Board|Partnership))\b"
)
FIELDS = {
    "home_office": (re.compile(r"Home Office", re.I), "date the Home Office was notified"),
    "decision": (re.compile(r"\bdecision\b|\bdecided\b", re.I), "date of the decision"),
    "period": (re.compile(r"\bperiod\b", re.I), "review period"),
    "death": (re.compile(r"\bdied\b|\bdeath\b|\bkilled\b", re.I), "month of death"),
}


@dataclass(frozen=True)
class Disagreement:
    """One point where the two documents (or a document and the record) disagree."""

    field: str
    overview_value: str
    summary_value: str
    where: str

    def __str__(self) -> str:
        return (
            f"{self.field}: the overview report says {self.overview_value!r}, the executive "
            f"summary says {self.summary_value!r} ({self.where})"
        )


@dataclass
class _Sentence:
    text: str
    where: str


def _chair_sentences(document: Document, label: str) -> list[_Sentence]:
    """The chair's prose of ``document``, split into sentences with their place."""
    out: list[_Sentence] = []
    for section in document.parts():
        for number, block in section.numbered_blocks():
            if getattr(block, "origin", "") != "chair":
                continue
            if isinstance(block, (Paragraph, Quote)):
                texts = [plain(block.text)]
            elif isinstance(block, BulletList):
                texts = [plain(item) for item in block.items]
            else:
                continue
            where = f"{label}, {section.heading}" + (f", paragraph {number}" if number else "")
            for text in texts:
                out += [_Sentence(s, where) for s in _SENTENCE.split(text) if s.strip()]
    return out


def _mentioned_date(match: re.Match) -> tuple[str, bool]:
    day, month, year = match.groups()
    return (f"{int(day)} {month} {year}" if day else f"{month} {year}"), bool(day)


def _recorded(facts: ReviewFacts) -> dict[str, list[str]]:
    """The recorded value(s) of each dated field, as printed (full date and month form)."""
    tor = facts.terms
    values: dict[str, list[str]] = {}
    for key, day in (
        ("home_office", facts.stage_done("home_office_notified")),
        ("decision", facts.stage_done("decision")),
    ):
        if day:
            values[key] = [format_date(day)]
    period = [d for d in (tor.period_start, tor.period_end) if d]
    if period:
        values["period"] = [format_date(d) for d in period]
    death = month_of_death_text(facts.review.month_of_death)
    if death:
        values["death"] = [death]
    return values


def _matches(mentioned: str, full: bool, recorded: list[str]) -> bool:
    for value in recorded:
        if mentioned == value:
            return True
        if not full and value.split(" ", 1)[-1] == mentioned:  # "April 2026" vs "2 April 2026"
            return True
        if full and len(value.split()) == 2 and mentioned.split(" ", 1)[1] == value:
            return True  # a full date within the recorded month of death
    return False


def _date_findings(facts: ReviewFacts, sentences: dict[str, list[_Sentence]]) -> list[Disagreement]:
    recorded = _recorded(facts)
    found: list[Disagreement] = []
    mentions: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for label, items in sentences.items():
        for sentence in items:
            dates = list(_DATE.finditer(sentence.text))
            if not dates:
                continue
            keywords = [
                (k, hit.start(), hit.end())
                for k, (pattern, _) in FIELDS.items()
                for hit in pattern.finditer(sentence.text)
            ]
            if not keywords:
                continue
            for match in dates:
                value, full = _mentioned_date(match)
                # A date belongs to the nearest keyword: "died in March …; the decision … on 5 April".
                key = _nearest_keyword(keywords, match.start(), match.end())
                mentions.setdefault(key, {}).setdefault(label, []).append((value, sentence.where))
                if key in recorded and not _matches(value, full, recorded[key]):
                    record = " to ".join(recorded[key])
                    over, summ = (value, record) if label == OVERVIEW_LABEL else (record, value)
                    found.append(Disagreement(FIELDS[key][1], over, summ, sentence.where))
    for key, per_doc in mentions.items():
        if key in recorded or len(per_doc) < 2:
            continue
        in_overview = {v for v, _ in per_doc[OVERVIEW_LABEL]}
        in_summary = {v for v, _ in per_doc[SUMMARY_LABEL]}
        if in_overview != in_summary:
            where = per_doc[SUMMARY_LABEL][0][1]
            found.append(
                Disagreement(
                    FIELDS[key][1],
                    ", ".join(sorted(in_overview)),
                    ", ".join(sorted(in_summary)),
                    where,
                )
            )
    return found


def _nearest_keyword(keywords: list[tuple[str, int, int]], start: int, end: int) -> str:
    """The field whose keyword is nearest the date at start..end."""
    return min(keywords, key=lambda kw: min(abs(start - kw[2]), abs(kw[1] - end)))[0]


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    lowered = text.lower()
    return NUMBER_WORDS.index(lowered) if lowered in NUMBER_WORDS else None


def _recommendation_findings(
    facts: ReviewFacts, sentences: dict[str, list[_Sentence]]
) -> list[Disagreement]:
    count = len(facts.recommendations)
    numbers = {r.number for r in facts.recommendations}
    real = f"{count} recommendation{'s' if count != 1 else ''}"
    found: list[Disagreement] = []
    for label, items in sentences.items():
        for sentence in items:
            for match in _REC_NUMBER.finditer(sentence.text):
                if int(match.group(1)) not in numbers:
                    said = f"Recommendation {match.group(1)}"
                    over, summ = (said, real) if label == OVERVIEW_LABEL else (real, said)
                    found.append(Disagreement("recommendation number", over, summ, sentence.where))
            for match in _REC_COUNT.finditer(sentence.text):
                stated = _number(match.group(1))
                if stated is not None and stated != count:
                    said = match.group(0)
                    over, summ = (said, real) if label == OVERVIEW_LABEL else (real, said)
                    found.append(
                        Disagreement("number of recommendations", over, summ, sentence.where)
                    )
    return found


def _agency_findings(facts: ReviewFacts, sentences: list[_Sentence]) -> list[Disagreement]:
    contributors = [a.agency.name for a in facts.contributors]
    folded = [name.casefold() for name in contributors]
    excluded = [a.agency.name for a in facts.excluded]
    csp = facts.review.csp.strip().casefold()
    listed = ", ".join(contributors) or "no contributors recorded"
    found: list[Disagreement] = []
    for sentence in sentences:
        names = {name for name in excluded if name.casefold() in sentence.text.casefold()}
        names |= {m.group(1).strip() for m in _AGENCY.finditer(sentence.text)}
        for name in sorted(names):
            key = name.casefold()
            if key == csp or key.startswith(("the ", "review ")) and key.endswith("partnership"):
                continue
            if any(key in c or c in key for c in folded):
                continue
            found.append(Disagreement("contributing agencies", listed, name, sentence.where))
    return found


def check_documents(
    facts: ReviewFacts, overview: Document, summary: Document
) -> list[Disagreement]:
    """The disagreements between two built documents (see the module docstring)."""
    sentences = {
        OVERVIEW_LABEL: _chair_sentences(overview, OVERVIEW_LABEL),
        SUMMARY_LABEL: _chair_sentences(summary, SUMMARY_LABEL),
    }
    return (
        _date_findings(facts, sentences)
        + _recommendation_findings(facts, sentences)
        + _agency_findings(facts, sentences[SUMMARY_LABEL])
    )


def check_consistency(store: Store, review_id: int) -> list[Disagreement]:
    """Disagreements between the executive summary and the overview report of a review."""
    review = store.repos.reviews.by_id(review_id)
    facts = facts_for(store, review.reference)
    overview = build_overview(facts, marking=None)
    summary = build_executive_summary(facts, marking=None)
    return check_documents(facts, overview, summary)
