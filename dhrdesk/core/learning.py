"""Learning across reviews: counts per theme, breakdowns and the items behind them.

Pure functions over plain data (the store side, LearningRepository, gathers it), so
the learning library page, the regional themes report and the tests all count the
same way. What is counted:

* a review *carries* a theme when any of its learning points or recommendations is
  tagged with it (chronology tags are the chair's working notes and are not counted);
* lessons, findings, good practice, key issues and recommendations are counted
  separately, one per tagged item;
* breakdowns by year of death, CSP and relationship type count reviews; the
  breakdown by sector counts recommendations (the recommendation's own sector, else
  the sector of its lead agency in that review, else "unspecified").

Filters select reviews (by id, month of death, and case descriptors); the items of a
review follow it. Pseudonymising references for anything that leaves the store is the
report's job; :func:`review_labels` gives the deterministic "Review A" mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dhrdesk.core.errors import ValidationError

UNKNOWN = "unknown"
UNSPECIFIED = "unspecified"
LEARNING_KINDS = ("lesson", "finding", "good_practice", "key_issue")
_MONTH = re.compile(r"^\d{4}(-\d{2})?$")


@dataclass(frozen=True)
class CaseRecord:
    """One review as the library sees it: reference, CSP, month of death, descriptors."""

    review_id: int
    reference: str
    csp: str = ""
    month_of_death: str = ""  # "YYYY-MM" or ""
    descriptors: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def year(self) -> str:
        return self.month_of_death[:4] if self.month_of_death[:4].isdigit() else UNKNOWN

    @property
    def relationship_type(self) -> str:
        return str(self.descriptors.get("relationship_type") or UNKNOWN)


@dataclass(frozen=True)
class TaggedItem:
    """A learning point (kind lesson/finding/good_practice/key_issue) or a
    recommendation (kind "recommendation"), with its themes and sector."""

    review_id: int
    kind: str
    text: str
    themes: tuple[str, ...]
    item_id: int = 0
    sector: str = ""  # recommendation sector or lead agency sector; agency sector for lessons
    agency: str = ""  # lead agency (recommendation) or contributing agency (learning point)
    number: int | None = None  # recommendation number
    scope: str = ""
    status: str = ""


@dataclass(frozen=True)
class LearningData:
    reviews: tuple[CaseRecord, ...]
    items: tuple[TaggedItem, ...]


@dataclass(frozen=True)
class Filters:
    """Which reviews count. Empty fields do not filter.

    Sets mean "any of" (relationship types, CSPs, age bands, sex); ``flags`` and
    ``vulnerabilities`` mean "all of". ``date_from``/``date_to`` bound the month of death
    ("2023", "2023-04" or a date); a review without a month of death is then left out.
    """

    review_ids: frozenset[int] | None = None
    date_from: str | dt.date | None = None
    date_to: str | dt.date | None = None
    csps: frozenset[str] = frozenset()
    relationship_types: frozenset[str] = frozenset()
    victim_age_bands: frozenset[str] = frozenset()
    perpetrator_age_bands: frozenset[str] = frozenset()
    victim_sex: frozenset[str] = frozenset()
    perpetrator_sex: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    vulnerabilities: frozenset[str] = frozenset()


@dataclass
class ThemeCount:
    theme_id: str
    name: str
    retired: bool = False
    reviews: int = 0
    lessons: int = 0
    findings: int = 0
    good_practice: int = 0
    key_issues: int = 0
    recommendations: int = 0
    by_year: dict[str, int] = field(default_factory=dict)  # reviews per year of death
    by_csp: dict[str, int] = field(default_factory=dict)  # reviews per CSP
    by_relationship: dict[str, int] = field(default_factory=dict)  # reviews per type
    by_sector: dict[str, int] = field(default_factory=dict)  # recommendations per sector


@dataclass(frozen=True)
class ThemeItems:
    """The tagged learning and recommendations of one theme, side by side."""

    theme_id: str
    name: str
    learning: tuple[tuple[str, TaggedItem], ...]  # (review reference, item)
    recommendations: tuple[tuple[str, TaggedItem], ...]


def _month_bound(value: str | dt.date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:7]
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        text = text[:7]
    if not _MONTH.match(text):
        raise ValidationError(f"The {name} date '{text}' is not a year or a month (2023-04).")
    return text


def _as_list(value: object) -> list[str]:
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v) for v in value]
    return [str(value)] if value else []


def select_reviews(reviews: Iterable[CaseRecord], filters: Filters | None) -> list[CaseRecord]:
    """The reviews that pass ``filters`` (all of them when None), in the given order."""
    if filters is None:
        return list(reviews)
    start = _month_bound(filters.date_from, "from")
    end = _month_bound(filters.date_to, "to")
    if start and end and start[: min(len(start), len(end))] > end[: min(len(start), len(end))]:
        raise ValidationError("The 'from' date is after the 'to' date.")
    chosen = []
    for review in reviews:
        d = review.descriptors or {}
        month = review.month_of_death if _MONTH.match(review.month_of_death or "") else ""
        if filters.review_ids is not None and review.review_id not in filters.review_ids:
            continue
        if start and (not month or month[: len(start)] < start[: len(month)]):
            continue
        if end and (not month or month[: len(end)] > end):
            continue
        if filters.csps and review.csp not in filters.csps:
            continue
        if filters.relationship_types and d.get("relationship_type") not in (
            filters.relationship_types
        ):
            continue
        if filters.victim_age_bands and d.get("victim_age_band") not in filters.victim_age_bands:
            continue
        if filters.perpetrator_age_bands and (
            d.get("perpetrator_age_band") not in filters.perpetrator_age_bands
        ):
            continue
        if filters.victim_sex and d.get("victim_sex") not in filters.victim_sex:
            continue
        if filters.perpetrator_sex and d.get("perpetrator_sex") not in filters.perpetrator_sex:
            continue
        if not filters.flags <= set(_as_list(d.get("flags"))):
            continue
        if not filters.vulnerabilities <= set(_as_list(d.get("vulnerabilities"))):
            continue
        chosen.append(review)
    return chosen


def aggregate(
    data: LearningData,
    themes: Iterable[tuple[str, str, bool]],
    filters: Filters | None = None,
    *,
    include_unknown_themes: bool = True,
) -> list[ThemeCount]:
    """One ThemeCount per theme, most reviews first (then most items, then name).

    ``themes`` is (id, name, retired) for each known theme (retired ones included, so old
    tags stay counted). Tags with an id not in ``themes`` are counted under that id
    unless ``include_unknown_themes`` is False. Themes nobody carries are kept (count 0)
    so the library can show them.
    """
    reviews = {r.review_id: r for r in select_reviews(data.reviews, filters)}
    counts: dict[str, ThemeCount] = {}
    for theme_id, name, retired in themes:
        counts[theme_id] = ThemeCount(theme_id, name, retired)
    carriers: dict[str, set[int]] = {}
    sectors: dict[str, Counter] = {}
    for item in data.items:
        if item.review_id not in reviews:
            continue
        for theme_id in dict.fromkeys(item.themes):
            if theme_id not in counts:
                if not include_unknown_themes:
                    continue
                counts[theme_id] = ThemeCount(theme_id, theme_id)
            count = counts[theme_id]
            carriers.setdefault(theme_id, set()).add(item.review_id)
            if item.kind == "recommendation":
                count.recommendations += 1
                sectors.setdefault(theme_id, Counter())[item.sector or UNSPECIFIED] += 1
            elif item.kind == "lesson":
                count.lessons += 1
            elif item.kind == "finding":
                count.findings += 1
            elif item.kind == "good_practice":
                count.good_practice += 1
            elif item.kind == "key_issue":
                count.key_issues += 1
    for theme_id, review_ids in carriers.items():
        count = counts[theme_id]
        count.reviews = len(review_ids)
        carried = [reviews[i] for i in review_ids]
        count.by_year = dict(sorted(Counter(r.year for r in carried).items()))
        count.by_csp = dict(sorted(Counter(r.csp or UNSPECIFIED for r in carried).items()))
        count.by_relationship = dict(sorted(Counter(r.relationship_type for r in carried).items()))
        count.by_sector = dict(sorted(sectors.get(theme_id, Counter()).items()))
    return sorted(
        counts.values(),
        key=lambda c: (
            -c.reviews,
            -(c.lessons + c.recommendations),
            -(c.findings + c.good_practice + c.key_issues),
            c.name.casefold(),
        ),
    )


def reviews_by(data: LearningData, filters: Filters | None, key: str) -> dict[str, int]:
    """All selected reviews counted by 'year', 'csp' or 'relationship' (the denominators
    for trends: a theme in 3 of 4 reviews of 2023 says more than 3 of 40)."""
    chosen = select_reviews(data.reviews, filters)
    pick = {
        "year": lambda r: r.year,
        "csp": lambda r: r.csp or UNSPECIFIED,
        "relationship": lambda r: r.relationship_type,
    }
    if key not in pick:
        raise ValidationError(f"Reviews cannot be counted by '{key}'.")
    return dict(sorted(Counter(pick[key](r) for r in chosen).items()))


def theme_items(
    data: LearningData, theme_id: str, name: str = "", filters: Filters | None = None
) -> ThemeItems:
    """The learning points and recommendations tagged ``theme_id`` in the selected
    reviews, each with its review reference, ordered by reference then position."""
    reviews = {r.review_id: r for r in select_reviews(data.reviews, filters)}
    learning: list[tuple[str, TaggedItem]] = []
    recommendations: list[tuple[str, TaggedItem]] = []
    for item in data.items:
        if item.review_id not in reviews or theme_id not in item.themes:
            continue
        entry = (reviews[item.review_id].reference, item)
        (recommendations if item.kind == "recommendation" else learning).append(entry)
    kind_order = {k: i for i, k in enumerate(LEARNING_KINDS)}
    learning.sort(key=lambda e: (e[0], kind_order.get(e[1].kind, 9), e[1].item_id))
    recommendations.sort(key=lambda e: (e[0], e[1].number or 0, e[1].item_id))
    return ThemeItems(theme_id, name or theme_id, tuple(learning), tuple(recommendations))


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB … (spreadsheet columns)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def review_labels(reviews: Iterable[CaseRecord]) -> dict[int, str]:
    """{review_id: "Review A", …} ordered by month of death, then reference; reviews
    without a month of death come last. Deterministic, so a report regenerated from the
    same reviews uses the same labels."""
    ordered = sorted(
        reviews,
        key=lambda r: (
            0 if _MONTH.match(r.month_of_death or "") else 1,
            r.month_of_death or "",
            r.reference,
            r.review_id,
        ),
    )
    return {review.review_id: f"Review {_letters(i)}" for i, review in enumerate(ordered)}
