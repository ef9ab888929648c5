"""The Search page's reads and wording, without Qt.

The query runs through :func:`dhrdesk.store.search.search` (the same function as
``dhrdesk search``). Snippets mark the matching words with « »:
:func:`snippet_html` escapes everything before it bolds them, so nothing typed in a
review can ever be read as HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import search as store_search
from dhrdesk.store.search import KIND_LABELS, MARK_CLOSE, MARK_OPEN, Hit

RESULT_LIMIT = 200
BACKGROUND_AFTER_S = 0.15  # a search slower than this runs the next ones in the background

# Which workspace tab holds each kind of record.
TAB_FOR_KIND: dict[str, str] = {
    "section": "Drafting",
    "imr": "Agencies and IMRs",
    "imr_analysis": "Agencies and IMRs",
    "chronology": "Combined chronology",
    "recommendation": "Findings and recommendations",
    "learning": "Findings and recommendations",
    "action": "Findings and recommendations",
    "action_update": "Findings and recommendations",
    "meeting": "Panel and meetings",
    "family_contact": "Family",
}

# Hits that can hold real names (family contacts name the people they were with).
RESTRICTED_KINDS = frozenset({"family_contact"})

EMPTY_TEXT = (
    "Search every review: sections of the report, IMRs, chronology rows, findings, "
    "recommendations, actions and their updates, minutes and family contacts.\n"
    'Type words (all must match), "a phrase" in quotes, or a prefix ending in * (safeguard*).'
)
NOTHING_TEXT = "Nothing matches. Try fewer words, a prefix (safeguard*) or fewer filters."

_MARKED = re.compile(re.escape(MARK_OPEN) + "([^" + MARK_OPEN + MARK_CLOSE + "]*)" + MARK_CLOSE)


def snippet_html(snippet: str) -> str:
    """Rich text for a snippet: everything escaped first, only «marked» words in bold.
    An unpaired « or » stays as a plain character."""
    out: list[str] = []
    cursor = 0
    for match in _MARKED.finditer(snippet):
        out.append(html.escape(snippet[cursor : match.start()]))
        out.append(f"<b>{html.escape(match.group(1))}</b>")
        cursor = match.end()
    out.append(html.escape(snippet[cursor:]))
    return "".join(out)


def plain_snippet(snippet: str) -> str:
    """The snippet without its marks (for copying and screen readers)."""
    return _MARKED.sub(lambda mt: mt.group(1), snippet)


def kind_text(hit: Hit) -> str:
    label = KIND_LABELS.get(hit.kind, hit.kind)
    return f"⚠ {label} (restricted)" if hit.kind in RESTRICTED_KINDS else label


def record_id(hit: Hit) -> int | None:
    """The record's id from the hit's key ('chronology:12' -> 12)."""
    tail = hit.record_key.split(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def count_text(hits: list[Hit]) -> str:
    if not hits:
        return "0 results"
    more = " (the best shown; narrow the search to see others)" if len(hits) >= RESULT_LIMIT else ""
    return (
        f"{len(hits)} result{'s' if len(hits) != 1 else ''}, best first{more}. "
        "Double-click or press Return to open one in its review."
    )


def error_text(error: DhrDeskError) -> str:
    return error.message + (f"\n{error.hint}" if error.hint else "")


@dataclass(frozen=True)
class Query:
    """Everything one search asks for (compared to skip repeating the same search)."""

    text: str
    review_id: int | None = None
    agency: str | None = None
    theme: str | None = None
    date_from: str = ""
    date_to: str = ""
    kind: str | None = None

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    def run(self, store: Any) -> list[Hit]:
        return store_search.search(
            store,
            self.text,
            review_ids=[self.review_id] if self.review_id is not None else None,
            agency=self.agency,
            theme=self.theme,
            date_from=self.date_from or None,
            date_to=self.date_to or None,
            kinds=[self.kind] if self.kind else None,
            limit=RESULT_LIMIT,
        )


Choice = tuple[str, Any]  # (text shown, value)


@dataclass
class SearchChoices:
    """The filters' choices: reviews, agencies (by name, across reviews) and themes."""

    reviews: list[Choice] = field(default_factory=list)
    agencies: list[Choice] = field(default_factory=list)
    themes: list[Choice] = field(default_factory=list)


class SearchPresenter:
    """Reads for the Search page (run by the page through ``context.run_op``)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def choices(self) -> SearchChoices:
        repos = self.store.repos
        reviews = repos.reviews.list()
        agencies = {a.name for r in reviews for a in repos.records.list(m.Agency, r.id)}
        return SearchChoices(
            reviews=[(r.reference, r.id) for r in reviews],
            agencies=[(a, a) for a in sorted(agencies, key=str.casefold)],
            themes=[
                (t.name + (" (retired)" if t.retired else ""), t.id)
                for t in repos.learning.themes()
            ],
        )

    def search(self, query: Query) -> list[Hit]:
        return query.run(self.store)
