"""What a document knows of a review: :class:`ReviewFacts`, read once from the store,
and the chair's structured text as model blocks (dhrdesk/documents/generated.py builds
the generated parts of the sections from these facts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.profiles import Profile
from dhrdesk.documents.model import (
    ORIGIN_CHAIR,
    Block,
    BulletList,
    ChronologyRef,
    Heading,
    Inline,
    Note,
    Paragraph,
    Quote,
    Run,
    Table,
    plural,
)

if TYPE_CHECKING:
    from dhrdesk.core.chronology import CombinedRow
    from dhrdesk.store.database import Store


NOT_RECORDED = "Not yet recorded"
NOT_WRITTEN = "This section has not been written yet."


_plural = plural  # the shared rule (dhrdesk.documents.model.plural)


NUMBER_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def times(count: int) -> str:
    """'once', 'twice', 'three times'."""
    return {1: "once", 2: "twice"}.get(count) or count_words(count, "time")


def count_words(count: int, word: str, plural: str | None = None) -> str:
    """ "twelve recommendations": words up to twenty, digits beyond (Home Office style)."""
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{number} {word if count == 1 else (plural or word + 's')}"


@dataclass
class AgencyFacts:
    agency: m.Agency
    request: m.AgencyRequest | None

    @property
    def contribution(self) -> str:
        if self.request is None:
            return "Not requested"
        short = {"imr": "IMR", "summary": "Summary", "information": "Information"}
        return short.get(self.request.request_type, self.request.request_type)

    @property
    def status(self) -> str:
        request = self.request
        if request is None:
            return "Not requested"
        if request.accepted_on:
            return f"Accepted {format_date(request.accepted_on)}"
        if request.received_on:
            return f"Received {format_date(request.received_on)}"
        if request.requested_on:
            return f"Requested {format_date(request.requested_on)}"
        return "Not requested"

    @property
    def author(self) -> str:
        request = self.request
        if request is None or not request.author_name.strip():
            return NOT_RECORDED
        role = f", {request.author_role.strip()}" if request.author_role.strip() else ""
        return f"{request.author_name.strip()}{role}"

    @property
    def independence(self) -> str:
        request = self.request
        if request is None or not request.author_independence.strip():
            return "Independence not yet stated"
        return request.author_independence.strip()


@dataclass
class ReviewFacts:
    """Everything a document says about one review, read once from the store."""

    store: Store
    review: m.Review
    profile: Profile
    today: dt.date = field(default_factory=dt.date.today)

    # -- simple records ------------------------------------------------------------------
    @cached_property
    def review_id(self) -> int:
        return id_of(self.review)

    @cached_property
    def subjects(self) -> list[m.Subject]:
        return self.store.repos.records.list(m.Subject, self.review_id)

    @cached_property
    def victim_pseudonym(self) -> str:
        names = [s.pseudonym.strip() for s in self.subjects if s.role == "victim"]
        return " and ".join(n for n in names if n)

    @cached_property
    def stages(self) -> dict[str, m.StageDates]:
        return {s.stage_id: s for s in self.store.repos.lifecycle.stages(self.review_id)}

    def stage_done(self, stage_id: str) -> dt.date | None:
        record = self.stages.get(stage_id)
        return record.completed if record else None

    @cached_property
    def pauses(self) -> list[m.Pause]:
        return self.store.repos.records.list(m.Pause, self.review_id)

    @cached_property
    def meetings(self) -> list[m.Meeting]:
        return self.store.repos.records.list(m.Meeting, self.review_id)

    @cached_property
    def panel(self) -> list[m.PanelMember]:
        return self.store.repos.records.list(m.PanelMember, self.review_id)

    @cached_property
    def agencies(self) -> list[AgencyFacts]:
        repo = self.store.repos.agency_input
        out = []
        for agency in self.store.repos.records.list(m.Agency, self.review_id):
            asked = repo.request(id_of(agency))
            # the repository's blank default (nothing was asked yet) is no request
            request = (
                asked if asked.requested_on or asked.received_on or asked.author_name else None
            )
            out.append(AgencyFacts(agency, request))
        return out

    @cached_property
    def contributors(self) -> list[AgencyFacts]:
        return [a for a in self.agencies if a.agency.in_scope]

    @cached_property
    def excluded(self) -> list[AgencyFacts]:
        return [a for a in self.agencies if not a.agency.in_scope]

    @cached_property
    def terms(self) -> m.TermsOfReference:
        return self.store.repos.lifecycle.terms(self.review_id)

    @cached_property
    def lines_of_enquiry(self) -> list[m.LineOfEnquiry]:
        return self.store.repos.records.list(m.LineOfEnquiry, self.review_id)

    @cached_property
    def parallel(self) -> list[m.ParallelProcess]:
        return self.store.repos.records.list(m.ParallelProcess, self.review_id)

    @cached_property
    def family(self) -> list[m.FamilyMember]:
        return self.store.repos.records.list(m.FamilyMember, self.review_id)

    @cached_property
    def chair(self) -> m.ReviewPerson | None:
        return self.store.repos.records.person(self.review_id, "chair")

    @cached_property
    def author(self) -> m.ReviewPerson | None:
        return self.store.repos.records.person(self.review_id, "author")

    @cached_property
    def recommendations(self) -> list[m.Recommendation]:
        return self.store.repos.records.list(m.Recommendation, self.review_id)

    def actions(self, recommendation: m.Recommendation) -> list[m.Action]:
        return self.store.repos.records.list(m.Action, id_of(recommendation))

    @cached_property
    def learning(self) -> list[m.LearningPoint]:
        return self.store.repos.records.list(m.LearningPoint, self.review_id)

    def learning_of(self, kind: str) -> list[m.LearningPoint]:
        return [p for p in self.learning if p.kind == kind]

    @cached_property
    def drafts(self) -> list[m.Draft]:
        return self.store.repos.drafting.drafts(self.review_id)

    # -- chronology ----------------------------------------------------------------------
    @cached_property
    def combined(self) -> list[CombinedRow]:
        return self.store.repos.agency_input.combined(self.review_id)

    @cached_property
    def key_events(self) -> list[CombinedRow]:
        return [row for row in self.combined if row.entry.key_event]

    @cached_property
    def _entry_index(self) -> dict[int, tuple[str, str]]:
        names = {a.agency.id: a.agency.name for a in self.agencies}
        out: dict[int, tuple[str, str]] = {}
        for entry in self.store.repos.agency_input.entries(self.review_id):
            out[id_of(entry)] = (_partial_display(entry.date), names.get(entry.agency_id, ""))
        return out

    def chronology_ref(self, row_id: int, label: str = "") -> ChronologyRef:
        """A reference to a chronology row, spelled with the row's date and agency."""
        found = self._entry_index.get(row_id)
        if found is None:
            return ChronologyRef(row_id, label or f"row {row_id}", "")
        return ChronologyRef(row_id, found[0], found[1])

    # -- chair's content -----------------------------------------------------------------
    def chair_content(self, document: str, key: str) -> list[dict]:
        return self.store.repos.drafting.section(self.review_id, document, key).content

    def chair_blocks(self, document: str, key: str) -> list[Block]:
        return blocks_from_richtext(self.chair_content(document, key), self)


def _partial_display(iso: str) -> str:
    from dhrdesk.core.chronology import parse_partial_iso

    try:
        return parse_partial_iso(iso).display()
    except (ValidationError, ValueError):
        return iso


# ------------------------------------------------------------------- chair's content
def _runs(runs: list[dict], facts: ReviewFacts | None) -> list[Inline]:
    out: list[Inline] = []
    for run in runs:
        if "text" in run:
            out.append(Run(run["text"], bool(run.get("bold")), bool(run.get("italic"))))
        elif "endnote" in run:
            out.append(Note(run["endnote"]))
        elif "chronology" in run:
            if facts is None:
                out.append(ChronologyRef(run["chronology"], run.get("label", ""), ""))
            else:
                out.append(facts.chronology_ref(run["chronology"], run.get("label", "")))
    return out


def blocks_from_richtext(content: list[dict], facts: ReviewFacts | None = None) -> list[Block]:
    """The chair's stored blocks (dhrdesk.core.richtext) as model blocks marked ``chair``."""
    out: list[Block] = []
    for block in content:
        kind = block.get("type")
        if kind == "paragraph":
            out.append(Paragraph(_runs(block["runs"], facts), origin=ORIGIN_CHAIR))
        elif kind == "heading":
            out.append(Heading(block["text"], origin=ORIGIN_CHAIR))
        elif kind in ("bullets", "numbered"):
            items = [_runs(item, facts) for item in block["items"]]
            out.append(BulletList(items, ordered=kind == "numbered", origin=ORIGIN_CHAIR))
        elif kind == "quote":
            out.append(Quote(_runs(block["runs"], facts), origin=ORIGIN_CHAIR))
        elif kind == "table":
            header = list(block.get("header") or [])
            rows = [list(r) for r in block["rows"]]
            if not header and rows:
                header, rows = rows[0], rows[1:]
            if header:
                out.append(Table(header, rows, origin=ORIGIN_CHAIR))
    return out
