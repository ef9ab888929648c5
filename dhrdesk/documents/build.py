"""Building documents from the store.

The cover facts come from the review's own records: the victim's pseudonym
from its subjects, the Community Safety Partnership and the month of death
from the review, the chair (and any separate author) from the people recorded
for it, and the review type, guidance and stage names from its guidance
profile (``resources/profiles``), so a change of profile changes the words
with no code change. A fact the review has not recorded yet prints as
"Not yet recorded" rather than being invented.

:class:`ReviewDetails` is optional: it carries what the store does not hold
(the chair's own introduction paragraphs, the document version and date) and
may override a cover fact for a one-off document.

Privacy rule kept here: the review's free-text title may contain a real name,
so it goes into the restricted body text only, never into the PDF metadata or
the running footer, which use the reference and the pseudonym. The pseudonym
itself is left out of the metadata if it matches anything in the review's
restricted identity register (someone typed a real name as a pseudonym).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date, month_year
from dhrdesk.core.errors import NotFoundError
from dhrdesk.core.ids import id_of
from dhrdesk.core.profiles import DEFAULT_PROFILE_ID, Profile, get_profile
from dhrdesk.documents.model import (
    KIND_OVERVIEW,
    Block,
    BulletList,
    Document,
    Paragraph,
    Section,
    Table,
    VersionRow,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
NOT_RECORDED = "Not yet recorded"
NO_SUBJECT = "the subject of the review"

RESTRICTED_NOTE = (
    "This report is confidential until it is published. It contains personal and sensitive "
    "information and must not be shared beyond the review panel, the Community Safety "
    "Partnership and the Home Office Quality Assurance Panel without the chair's agreement."
)


@dataclass
class ReviewDetails:
    """Optional additions and overrides for one generated document.

    Empty texts mean "use what the store holds". ``introduction`` and
    ``summary`` are the chair's own paragraphs, printed after the generated
    ones (the review's summary text from the store comes first in the summary).
    """

    pseudonym: str = ""
    csp: str = ""
    month_year_of_death: str = ""
    chair: str = ""
    version: str = "0.1"
    date: dt.date | None = None
    introduction: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


@dataclass
class CoverFacts:
    """What the front matter says about a review, taken from its records.

    Empty strings mean "not recorded"; the builder prints NOT_RECORDED for them.
    """

    pseudonym: str
    csp: str
    month_year_of_death: str
    chair: str
    chair_name: str
    subjects: list[m.Subject]
    identifiers: list[str]


def profile_for(review: m.Review) -> Profile:
    """The review's guidance profile, or the default one if its file is missing.

    A document must still build when a review imported from elsewhere names a
    profile this installation does not ship.
    """
    try:
        return get_profile(review.profile)
    except NotFoundError:
        return get_profile(DEFAULT_PROFILE_ID)


def review_type_for(profile_id: str) -> str:
    """The review type as users see it ("Domestic Homicide Review", ...), from the profile."""
    try:
        return get_profile(profile_id).review_type
    except NotFoundError:
        return get_profile(DEFAULT_PROFILE_ID).review_type


def month_of_death_text(month_of_death: str) -> str:
    """'2026-03' -> 'March 2026'; anything else (empty, malformed) -> ''."""
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", (month_of_death or "").strip())
    if not match:
        return ""
    return month_year(dt.date(int(match[1]), int(match[2]), 1))


def chair_text(chair: m.ReviewPerson | None, author: m.ReviewPerson | None) -> str:
    """The cover's chair line: the chair, and a separate overview author if there is one."""
    chair_name = chair.name.strip() if chair else ""
    author_name = author.name.strip() if author else ""
    if chair_name and author_name and author_name != chair_name:
        return f"{chair_name} (independent chair); {author_name} (overview author)"
    if chair_name:
        return chair_name
    if author_name:
        return f"{author_name} (overview author)"
    return ""


def cover_facts(store: Store, review: m.Review) -> CoverFacts:
    """Read the cover facts of ``review`` from its records (no override applied)."""
    records = store.repos.records
    chair = records.person(id_of(review), "chair")
    author = records.person(id_of(review), "author")
    subjects = records.list(m.Subject, id_of(review))
    victims = [s.pseudonym.strip() for s in subjects if s.role == "victim" and s.pseudonym.strip()]
    identifiers: list[str] = []
    for entry in records.list(m.RegisterEntry, id_of(review)):
        identifiers.append(entry.value)
        identifiers.extend(v for v in entry.variants if isinstance(v, str))
    return CoverFacts(
        pseudonym=" and ".join(victims),
        csp=review.csp.strip(),
        month_year_of_death=month_of_death_text(review.month_of_death),
        chair=chair_text(chair, author),
        chair_name=(chair.name if chair else author.name if author else "").strip(),
        subjects=subjects,
        identifiers=[i.strip() for i in identifiers if i and i.strip()],
    )


def mentions_identifier(text: str, identifiers: list[str]) -> bool:
    """Whether ``text`` contains any identifier as a whole word (case-insensitive)."""
    folded = text.casefold()
    for ident in identifiers:
        pattern = r"(?<!\w)" + re.escape(ident.casefold()) + r"(?!\w)"
        if re.search(pattern, folded):
            return True
    return False


def _paragraphs(text: str) -> list[str]:
    """Free text split into paragraphs at blank lines (single line breaks are joined)."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


def _stage_table(store: Store, review: m.Review, profile: Profile) -> list[Block]:
    """Completed stages in date order (profile order for the same day): stages may
    finish out of profile order, e.g. scoping before the terms of reference."""
    done = {s.stage_id: s.completed for s in store.repos.lifecycle.stages(id_of(review))}
    finished = [
        (done[stage.id], index, stage.name)
        for index, stage in enumerate(profile.stages)
        if done.get(stage.id) is not None
    ]
    rows = [[name, format_date(day)] for day, _, name in sorted(finished)]
    if not rows:
        return [Paragraph(f"Dates of the stages of the review: {NOT_RECORDED}.")]
    return [
        Paragraph("The review has recorded these stages so far:"),
        Table(["Stage", "Completed on"], rows, [3, 1]),
    ]


def subject_blocks(subjects: list[m.Subject]) -> list[Block]:
    """The people at the centre of the review, by pseudonym and role."""
    if not subjects:
        return [Paragraph(f"The people at the centre of the review: {NOT_RECORDED}.")]
    items = []
    for subject in subjects:
        label = m.SUBJECT_ROLE_LABELS.get(subject.role, subject.role)
        text = f"{subject.pseudonym} ({label.lower()})"
        if subject.description.strip():
            text += f": {subject.description.strip()}"
        items.append(text)
    return [
        Paragraph(
            "The people at the centre of the review are referred to by pseudonyms or roles "
            "throughout this report:"
        ),
        BulletList(items),
    ]


def _stage_sentence(review: m.Review, profile: Profile) -> str:
    if profile.has_stage(review.stage):
        stage = profile.stage(review.stage)
        return f"The review is at the stage “{stage.name}”: {stage.description}"
    if review.stage == "closed":
        return "Every stage of the review has been completed."
    return f"The review is at the stage “{review.stage.replace('_', ' ')}”."


def _skeleton_metadata(
    review: m.Review, review_type: str, pseudonym: str, identifiers: list[str]
) -> dict[str, str]:
    """File properties: the pseudonym only when it carries no registered identifier."""
    safe_pseudonym = (
        pseudonym if pseudonym and not mentions_identifier(pseudonym, identifiers) else ""
    )
    return {
        "title": f"{review.reference} – {review_type} – Overview report"
        + (f" ({safe_pseudonym})" if safe_pseudonym else ""),
        "author": "DHR Desk",
        "subject": f"{review_type} overview report",
        "keywords": f"{review.reference}, overview report",
    }


def build_overview_skeleton(
    store: Store,
    reference: str,
    *,
    details: ReviewDetails | None = None,
    marking: str | None = DEFAULT_MARKING,
) -> Document:
    """The first slice of the overview report: cover, version control, contents,
    an Introduction and a Summary, from what the store holds about ``reference``.

    Raises NotFoundError (from the repository) when the review does not exist.
    """
    review = store.repos.reviews.get(reference)
    details = details or ReviewDetails()
    profile = profile_for(review)
    facts = cover_facts(store, review)
    review_type = profile.review_type
    pseudonym = details.pseudonym.strip() or facts.pseudonym
    csp = details.csp.strip() or facts.csp
    month = details.month_year_of_death.strip() or facts.month_year_of_death
    chair = details.chair.strip() or facts.chair
    date = details.date or dt.date.today()

    intro: list[Block] = [
        Paragraph(
            f"This overview report sets out the findings of the {review_type.lower()} "
            f"{review.reference}"
            + (f", “{review.title}”" if review.title else "")
            + f". It follows the {profile.name} guidance: {profile.source}."
        ),
        *_stage_table(store, review, profile),
        *subject_blocks(facts.subjects),
        *[Paragraph(text) for text in details.introduction],
    ]
    summary: list[Block] = [
        Paragraph(
            f"{_stage_sentence(review, profile)} This document was generated by DHR Desk as "
            f"version {details.version} on {format_date(date)}; later versions will add the "
            "timescales, terms of reference, contributors, chronology, analysis and "
            "recommendations as the review records them."
        ),
        *[Paragraph(text) for text in _paragraphs(review.summary)],
        *[Paragraph(text) for text in details.summary],
    ]
    return Document(
        title=profile.title("overview_report", pseudonym or NO_SUBJECT),
        kind=KIND_OVERVIEW,
        review_type=review_type,
        reference=review.reference,
        subject_pseudonym=pseudonym,
        csp=csp or NOT_RECORDED,
        month_year_of_death=month or NOT_RECORDED,
        chair=chair or NOT_RECORDED,
        version=details.version,
        date=date,
        marking=marking,
        metadata=_skeleton_metadata(review, review_type, pseudonym, facts.identifiers),
        version_history=[
            VersionRow(
                details.version,
                date,
                details.chair.strip() or facts.chair_name or "DHR Desk",
                "First draft generated by DHR Desk from the review record.",
            )
        ],
        cover_note=RESTRICTED_NOTE if marking else None,
        sections=[
            Section(1, "Introduction", intro),
            Section(2, "Summary", summary),
        ],
    )
