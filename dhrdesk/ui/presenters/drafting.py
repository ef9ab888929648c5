"""Drafting tab, without Qt: the sections of a document, their marks, the generated
facts beside each, the checklist rules, and the writes of sections and checklist answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.profiles import Profile, SectionSpec, get_profile
from dhrdesk.core.richtext import word_count
from dhrdesk.documents.builders.overview import generated_blocks
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

DOCUMENT_LABELS = {"overview": "Overview report", "executive_summary": "Executive summary"}
TICK, DOT = "✓", "●"
GENERATED_NOTE = "Kept in sync with the records; edit the records to change it."
CHECK_NEEDED = "Tick it, or explain why it does not apply or is not yet done."


def document_sections(profile: Profile, document: str) -> list[SectionSpec]:
    """The sections of ``document`` in the profile's order (appendices last)."""
    if document == "executive_summary":
        return list(profile.executive_summary_sections)
    return list(profile.overview_sections) + list(profile.overview_appendices)


def chronology_label(row: Any) -> str:
    """How a chronology reference reads: "3 April 2024, Northmoor Police"."""
    return f"{row.when.display()}, {row.agency}"


def words_line(heading: str, words: int) -> str:
    return f"{heading}\n      {words:,} words"


def saved_text(now: dt.datetime | None = None) -> str:
    return f"Saved {(now or dt.datetime.now()):%H:%M:%S}"


@dataclass(frozen=True)
class SectionMark:
    """How one section reads in the list: heading, marks, words, and why."""

    text: str
    tooltip: str
    unresolved: bool


class DraftingPresenter(ReviewPresenter):
    """Reads and writes for the Drafting tab of one review (no Qt)."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.profile = get_profile(store.repos.reviews.by_id(review_id).profile)
        self.document = "overview"
        self.sections: list[SectionSpec] = []
        self.words: dict[str, int] = {}
        self.checklist: dict[tuple[str, str], m.ChecklistResponse] = {}

    # ------------------------------------------------------------------ reads
    def load_document(self, document: str) -> list[SectionSpec]:
        """Choose ``document``: its sections, with the words of each as stored."""
        stored = self.store.repos.drafting.sections(self.review_id, document)
        self.document = document
        self.sections = document_sections(self.profile, document)
        self.words = {key: word_count(s.content) for key, s in stored.items()}
        return self.sections

    def marks(self) -> list[SectionMark]:
        """Words, ticks and comment dots for every section (reloads the checklist)."""
        self.checklist = self.store.repos.drafting.checklist(self.review_id, self.document)
        comments = self.store.repos.records.list(m.SectionComment, self.review_id)
        unresolved = {
            c.section_key for c in comments if c.document == self.document and not c.resolved
        }
        out = []
        for spec in self.sections:
            complete = self.checklist_complete(spec)
            marks = (f"  {TICK}" if complete else "") + (
                f"  {DOT}" if spec.id in unresolved else ""
            )
            tips = []
            if spec.checklist:
                tips.append("Checklist complete" if complete else "Checklist not complete")
            if spec.id in unresolved:
                tips.append("Has unresolved comments")
            text = words_line(f"{spec.heading}{marks}", self.words.get(spec.id, 0))
            out.append(SectionMark(text, "; ".join(tips), spec.id in unresolved))
        return out

    def checklist_complete(self, spec: SectionSpec) -> bool:
        if not spec.checklist:
            return False
        for item in spec.checklist:
            response = self.checklist.get((spec.id, item.id))
            if response is None or not (response.ticked or response.explanation.strip()):
                return False
        return True

    def total_text(self) -> str:
        label = DOCUMENT_LABELS.get(self.document, self.document)
        return f"{label}: {sum(self.words.values()):,} words in total"

    def section_content(self, key: str) -> list[dict]:
        return self.store.repos.drafting.section(self.review_id, self.document, key).content

    def generated(self, key: str) -> tuple[list[dict], str]:
        """The generated part of a section and the note above it (an error, said)."""
        try:
            return generated_blocks(self.store, self.review_id, self.document, key), GENERATED_NOTE
        except DhrDeskError as exc:
            return [], f"{exc.message}\n\n{exc.hint}" if exc.hint else exc.message

    def spec(self, key: str | None) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == key), None)

    def index_of(self, key: str) -> int:
        return [s.id for s in self.sections].index(key)

    def chronology_rows(self) -> list[tuple[int, str, str]]:
        rows = self.store.repos.agency_input.combined(self.review_id)
        return [
            (r.entry.id, chronology_label(r), r.entry.event) for r in rows if r.entry.id is not None
        ]

    # ----------------------------------------------------------------- writes
    def checklist_response(
        self, key: str, item_id: str, ticked: bool, explanation: str
    ) -> m.ChecklistResponse | None:
        """The answer to store, or None when it is the one already stored.

        Raises ValueError(CHECK_NEEDED) when neither ticked nor explained."""
        explanation = explanation.strip()
        if not ticked and not explanation:
            raise ValueError(CHECK_NEEDED)
        existing = self.checklist.get((key, item_id))
        if existing is not None and (existing.ticked, existing.explanation) == (
            ticked,
            explanation,
        ):
            return None
        return m.ChecklistResponse(self.review_id, self.document, key, item_id, ticked, explanation)

    def save_checklist(self, response: m.ChecklistResponse) -> bool:
        self.store.repos.drafting.save_checklist(response)
        self.checklist[(response.section_key, response.item_id)] = response
        return True

    def save_section(self, key: str, blocks: list[dict]) -> int:
        """Write one section's text; return its word count."""
        section = m.ReportSection(self.review_id, self.document, key, blocks)
        self.store.repos.drafting.save_section(section)
        self.words[key] = word_count(blocks)
        return self.words[key]
