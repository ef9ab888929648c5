"""Drafting: the chair's section content, checklists, frozen drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


def next_version(existing: list[str], final: bool = False) -> str:
    """v0.1, v0.2 … while drafting; the final is the next whole number (1.0), then 1.1 …"""
    parsed = []
    for version in existing:
        major, _, minor = version.partition(".")
        try:
            parsed.append((int(major), int(minor or 0)))
        except ValueError:
            continue
    if not parsed:
        return "1.0" if final else "0.1"
    last_major, last_minor = max(parsed)
    if final and last_major == 0:
        return "1.0"
    return f"{last_major}.{last_minor + 1}"


class DraftingRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._sections = TableRepository(store, "report_section", m.ReportSection, "section")
        self._checklist = TableRepository(
            store, "checklist_response", m.ChecklistResponse, "checklist"
        )
        self._drafts = TableRepository(store, "draft", m.Draft, "draft")

    # ------------------------------------------------------------------ sections
    def section(self, review_id: int, document: str, key: str) -> m.ReportSection:
        return self._sections.one(
            "review_id = ? AND document = ? AND key = ?", (review_id, document, key)
        ) or m.ReportSection(review_id, document, key)

    def sections(self, review_id: int, document: str) -> dict[str, m.ReportSection]:
        rows = self._sections.select("review_id = ? AND document = ?", (review_id, document), "key")
        return {r.key: r for r in rows}

    def save_section(self, section: m.ReportSection) -> None:
        """Save the chair's content of one section (validated structured blocks)."""
        from dhrdesk.core.richtext import validate_blocks

        if section.document not in m.DOCUMENTS:
            raise ValidationError(f"'{section.document}' is not a document that is drafted.")
        validate_blocks(section.content)
        section.updated_at = utc_now()
        exists = (
            self._sections.one(
                "review_id = ? AND document = ? AND key = ?",
                (section.review_id, section.document, section.key),
            )
            is not None
        )
        with self._store.write(
            "section.update", f"review:{section.review_id}/{section.document}/{section.key}"
        ) as cur:
            if exists:
                self._sections.update(section, cur, key=("review_id", "document", "key"))
            else:
                self._sections.insert(section, cur)
            search.index_section(cur, section)

    # ----------------------------------------------------------------- checklist
    def checklist(
        self, review_id: int, document: str
    ) -> dict[tuple[str, str], m.ChecklistResponse]:
        rows = self._checklist.select(
            "review_id = ? AND document = ?", (review_id, document), "section_key, item_id"
        )
        return {(r.section_key, r.item_id): r for r in rows}

    def save_checklist(self, response: m.ChecklistResponse) -> None:
        if not response.ticked and not response.explanation.strip():
            raise ValidationError(
                "Tick the item, or explain why it does not apply or is not yet done."
            )
        key = ("review_id", "document", "section_key", "item_id")
        response_key = (
            response.review_id,
            response.document,
            response.section_key,
            response.item_id,
        )
        exists = (
            self._checklist.one(
                "review_id = ? AND document = ? AND section_key = ? AND item_id = ?", response_key
            )
            is not None
        )
        with self._store.write(
            "checklist.update", f"review:{response.review_id}/{response.section_key}"
        ) as cur:
            if exists:
                self._checklist.update(response, cur, key=key)
            else:
                self._checklist.insert(response, cur)

    # -------------------------------------------------------------------- drafts
    def drafts(self, review_id: int) -> list[m.Draft]:
        return self._drafts.select("review_id = ?", (review_id,), "id")

    def draft(self, draft_id: int) -> m.Draft:
        found = self._drafts.one("id = ?", (draft_id,))
        if found is None:
            raise NotFoundError("That draft no longer exists.")
        return found

    def draft_by_version(self, review_id: int, version: str) -> m.Draft:
        found = self._drafts.one(
            "review_id = ? AND version = ?", (review_id, version.removeprefix("v"))
        )
        if found is None:
            raise NotFoundError(f"There is no draft v{version.removeprefix('v')}.")
        return found

    def freeze(
        self, review_id: int, snapshot: dict, change_summary: str, *, final: bool = False
    ) -> m.Draft:
        """Freeze the next numbered draft. The snapshot (built by dhrdesk.documents) is the
        full text of every section at this moment; it never changes afterwards."""
        if not change_summary.strip():
            raise ValidationError("Say in a line what changed in this draft.")
        version = next_version([d.version for d in self.drafts(review_id)], final)
        draft = m.Draft(
            review_id=review_id,
            version=version,
            frozen_at=utc_now(),
            frozen_by=self._store.display_name,
            change_summary=change_summary.strip(),
            final=final,
            snapshot=snapshot,
        )
        with self._store.write("draft.freeze", f"review:{review_id}/v{version}") as cur:
            draft.id = self._drafts.insert(draft, cur)
        return draft
