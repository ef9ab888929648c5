"""The full text of the overview and the executive summary at the moment a draft is frozen.

A frozen draft must say exactly what the numbered paragraphs said then, so the
snapshot is built from the same documents the PDF and DOCX print (generated facts
and the chair's prose, numbered by the model), in the format
dhrdesk.core.drafts.compare reads::

    {"documents": {"overview": [{"key", "heading", "paragraphs": ["1.1 ...", ...]}],
                   "executive_summary": [...]}}

Every block becomes one or more plain lines: numbered paragraphs keep their
number, list items their marker, table rows their cells joined by " | ".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.documents.builders import facts_for
from dhrdesk.documents.builders.overview import build_executive_summary, build_overview
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Quote,
    Table,
    plain,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


def _section_lines(section) -> list[str]:
    lines: list[str] = []
    for number, block in section.numbered_blocks():
        if isinstance(block, Paragraph):
            text = plain(block.text, notes=True)
            lines.append(f"{number} {text}" if number else text)
        elif isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Quote):
            lines.append(f"“{plain(block.text, notes=True)}”")
        elif isinstance(block, BulletList):
            for index, item in enumerate(block.items, start=1):
                marker = f"{index}." if block.ordered else "•"
                lines.append(f"{marker} {plain(item, notes=True)}")
        elif isinstance(block, Table):
            lines.append(" | ".join(block.header))
            lines += [" | ".join(plain(cell) for cell in row) for row in block.rows]
    return lines


def document_snapshot(document: Document) -> list[dict]:
    """One entry per part of ``document``: key, heading and its lines."""
    return [
        {
            "key": part.key or part.heading,
            "heading": part.heading,
            "paragraphs": _section_lines(part),
        }
        for part in document.parts()
    ]


def build_snapshot(store: Store, review_id: int) -> dict:
    """The overview and executive summary of ``review_id`` as frozen-draft text."""
    review = store.repos.reviews.by_id(review_id)
    facts = facts_for(store, review.reference)
    overview = build_overview(facts, marking=None)
    summary = build_executive_summary(facts, marking=None)
    return {
        "documents": {
            "overview": document_snapshot(overview),
            "executive_summary": document_snapshot(summary),
        }
    }


def freeze_draft(store: Store, review_id: int, change_summary: str, final: bool = False) -> m.Draft:
    """Freeze the next numbered draft (v0.1, v0.2 … v1.0) with its full text."""
    return store.repos.drafting.freeze(
        review_id, build_snapshot(store, review_id), change_summary, final=final
    )
