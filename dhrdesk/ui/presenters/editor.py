"""The editors, without Qt: the section editor's word count and clipboard blocks, and
the IMR editor's sections, their guidance, and the one-transaction save."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import validate_blocks
from dhrdesk.ui.presenters.review import ReviewPresenter

if TYPE_CHECKING:
    from dhrdesk.store import Store

_WORDS = re.compile(r"\S+")
NAV_TITLE_LIMIT = 70

#: What the guidance asks of each IMR section (domain.md "IMR"), shown beside its editor.
SECTION_GUIDANCE: dict[str, str] = {
    "introduction": (
        "Name the agency and its role. State the author's name and role and that the author "
        "had no involvement with the family or the practitioners' line management. Give the "
        "date of the request and the date the records were secured."
    ),
    "terms_of_reference": (
        "Set out the review's terms of reference as they apply to this agency: the review "
        "period and the key lines of enquiry this IMR answers."
    ),
    "methodology": (
        "Which records were read (systems, case files, dates covered) and which staff were "
        "interviewed (by role, never by name). Say what could not be obtained and why."
    ),
    "context": (
        "The conditions practitioners worked in at the time: workload and caseloads, staff "
        "turnover and vacancies, supervision, training, and any organisational change "
        "(restructures, new systems, lockdowns)."
    ),
    "summary_of_involvement": (
        "A short narrative of the agency's contact with the victim, the perpetrator and the "
        "family, in date order. Details belong in the chronology; this is the overview."
    ),
    "equality_diversity": (
        "Consider each protected characteristic (age, disability, race, religion, sex, "
        "sexual orientation, gender reassignment, pregnancy, marriage) and other barriers "
        "(language, immigration status, rurality). Say how they affected access to help. "
        "The Home Office panel most often returns reviews for a thin section here."
    ),
    "good_practice": (
        "Practice that went beyond what was expected and should be shared, with the "
        "evidence for it."
    ),
    "lessons": (
        "What the agency has learned: specific to what happened, not general statements. "
        "Link each lesson to the analysis that led to it."
    ),
    "conclusions": (
        "The agency's conclusions: could the death have been predicted or prevented from "
        "what this agency knew? Draw them from the analysis, not new material."
    ),
    "recommendations": (
        "Single-agency recommendations, each specific, measurable and owned, with an action "
        "plan: action, lead (role), target date and how completion will be evidenced."
    ),
}
ANALYSIS_GUIDANCE = (
    "Analyse the agency's involvement against this line of enquiry: what was known, what "
    "was done, what should have been done under the policy of the time, and why practice "
    "was as it was. Refer to chronology entries by date."
)

# A page of the IMR editor: ("section", section key) or ("analysis", line of enquiry id).
PageKey = tuple[str, Any]


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def words_text(count: int) -> str:
    """ "1 word", "1,204 words"."""
    return f"{count:,} word{'s' if count != 1 else ''}"


def clipboard_blocks(data: bytes) -> list[dict] | None:
    """Blocks copied from a section editor, or None when they are not valid blocks."""
    try:
        blocks = json.loads(data.decode("utf-8"))
        validate_blocks(blocks)
    except (ValueError, ValidationError):
        return None
    return blocks


def clipboard_data(blocks: list[dict]) -> bytes:
    return json.dumps(blocks).encode("utf-8")


def nav_title(title: str) -> str:
    """A page title short enough for the list of sections."""
    return title if len(title) < NAV_TITLE_LIMIT else title[: NAV_TITLE_LIMIT - 1] + "…"


def imr_summary(words: int, changed: int) -> str:
    text = f"{words:,} words in all"
    if changed:
        text += f" · {changed} section{'s' if changed != 1 else ''} not saved yet"
    return text


@dataclass
class ImrPage:
    """One page of the IMR editor: its key, title, guidance and the text as stored."""

    key: PageKey
    title: str
    guidance: str
    text: str


@dataclass
class ImrContent:
    pages: list[ImrPage] = field(default_factory=list)
    has_lines: bool = False


class ImrPresenter(ReviewPresenter):
    """Reads and writes one agency's IMR sections and analysis (no Qt)."""

    def __init__(self, store: Store, review_id: int, agency_id: int) -> None:
        super().__init__(store, review_id)
        self.agency_id = agency_id

    @staticmethod
    def empty() -> ImrContent:
        """The sections without text (when the store could not be read)."""
        return ImrContent(
            [ImrPage(("section", k), t, SECTION_GUIDANCE.get(k, ""), "") for k, t in m.IMR_SECTIONS]
        )

    def load(self) -> ImrContent:
        """Every IMR section, then one analysis page per key line of enquiry."""
        repo = self.store.repos.agency_input
        sections = repo.imr_sections(self.agency_id)
        analysis = repo.imr_analysis(self.agency_id)
        lines = self.store.repos.records.list(m.LineOfEnquiry, self.review_id)
        lines = sorted(lines, key=lambda line: (line.sort, line.id or 0))
        pages = [
            ImrPage(("section", key), title, SECTION_GUIDANCE.get(key, ""), sections.get(key, ""))
            for key, title in m.IMR_SECTIONS
        ]
        pages += [
            ImrPage(
                ("analysis", line.id),
                f"Analysis {number}: {line.text}",
                ANALYSIS_GUIDANCE,
                analysis.get(line.id, ""),
            )
            for number, line in enumerate(lines, start=1)
        ]
        return ImrContent(pages, bool(lines))

    def save(self, changed: dict[PageKey, str]) -> int:
        """Write every changed section and analysis in one transaction; return how many."""
        if not changed:
            return 0
        repo = self.store.repos.agency_input
        with self.store.write("imr.save", f"agency:{self.agency_id}"):
            for (kind, key), text in changed.items():
                if kind == "section":
                    repo.save_imr_section(self.agency_id, key, text)
                else:
                    repo.save_imr_analysis(self.agency_id, key, text)
        return len(changed)
