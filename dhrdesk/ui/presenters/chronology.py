"""The combined chronology's presenter: reads, the chair's writes, and the text shown.

The view (dhrdesk.ui.pages.review.chronology) lays out the table, filters and side
panels; everything here runs without Qt: loading the merged rows, saving the chair's
edits, merging and unmerging duplicates, the chair's own rows (from the family and
other sources), the Excel export, and the summary texts of the side panels.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.dates import PartialDate, parse_time
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.ui.chronology_export import export_chronology_xlsx

CHAIR_SOURCES = "Family and other sources (added by the chair)"
CHAIR_SOURCES_REASON = (
    "Rows the chair added from the family and from sources outside the agencies; no IMR."
)
NEW_SOURCE = -1  # the choice that creates the CHAIR_SOURCES "agency" on first use
NEIGHBOUR_CHARS = 240


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """'1 row', '2,000 rows'."""
    return f"{n:,} {word if n == 1 else (plural_word or word + 's')}"


def one_line(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def describe_entry(entry: m.ChronologyEntry, agency: str, when: str) -> str:
    """A rich-text summary of one row for the side panel and the duplicates panel."""
    parts = [f"<b>{escape(agency)}</b> · {escape(when)}{' ' + entry.time if entry.time else ''}"]
    parts.append(f"<i>Source:</i> {escape(entry.source)}")
    if entry.event:
        parts.append(escape(entry.event))
    if entry.action:
        parts.append(f"<i>Action/outcome:</i> {escape(entry.action)}")
    if entry.agency_comment:
        parts.append(f"<i>Agency comment:</i> {escape(entry.agency_comment)}")
    return "<br>".join(parts)


def row_summary(entry: m.ChronologyEntry, agency: str, when: str, flags_tip: str | None) -> str:
    """The reading pane's text for a row, with its flags in red."""
    text = describe_entry(entry, agency, when)
    if flags_tip:
        text += f"<br><span style='color:#a4161a'>⚑ {flags_tip}</span>"
    return text


def neighbours_text(neighbours: Sequence[tuple[str, str, str, str]]) -> str:
    """The rows just before and after: (label, date text, agency, event) each."""
    lines = [
        f"<i>{label}:</i> {escape(when)} · {escape(agency)} · "
        f"{escape(one_line(event, NEIGHBOUR_CHARS))}"
        for label, when, agency, event in neighbours
    ]
    if not lines:
        return ""
    return "<hr><span style='color:#5f6368'>" + "<br>".join(lines) + "</span>"


def pair_text(when: str, first_agency: str, second_agency: str, entry: m.ChronologyEntry) -> str:
    """One line of the possible-duplicates list."""
    return f"{when} · {first_agency} / {second_agency}: {(entry.event or entry.action)[:60]}"


def status_text(total: int, shown: int, flagged: int, pairs: int) -> str:
    """The line under the table: rows (shown of total), flagged, possible duplicates."""
    first = plural(total, "row") if shown == total else f"{shown:,} of {total:,} rows shown"
    return " · ".join((first, f"{flagged:,} flagged", plural(pairs, "possible duplicate")))


def safe_file_name(text: str) -> str:
    """A review reference usable in a file name ("DHR 2026/03" -> "DHR 2026-03")."""
    cleaned = "".join("-" if ch in '/\\:*?"<>|' else ch for ch in text).strip(" .")
    return cleaned[:80] or "review"


@dataclasses.dataclass(frozen=True)
class MergedRow:
    """A row merged into another, as the "Merged rows" list shows it."""

    entry_id: int
    text: str


class ChronologyPresenter:
    """What the combined chronology tab reads and writes, for one review."""

    def __init__(self, store: Any, review_id: int) -> None:
        self.store = store
        self.review_id = review_id
        self.repo = store.repos.agency_input
        self.themes = load_themes()
        self.theme_names = {t.id: t.name for t in self.themes}

    # ------------------------------------------------------------------ reads
    def load(self) -> tuple[list[Any], list[m.Subject]]:
        """The merged rows (dhrdesk.core.chronology.CombinedRow) and the review's subjects."""
        return (
            self.repo.combined(self.review_id),
            self.store.repos.records.list(m.Subject, self.review_id),
        )

    def agency_names(self) -> dict[int, str]:
        agencies = self.store.repos.records.list(m.Agency, self.review_id)
        return {a.id: a.name for a in agencies if a.id is not None}

    def merged_rows(self) -> list[MergedRow]:
        """The rows merged into another row, with the agency they were merged into."""
        entries = self.repo.entries(self.review_id)
        by_id = {e.id: e for e in entries}
        agencies = self.agency_names()
        rows = []
        for entry in entries:
            if entry.duplicate_of is None:
                continue
            kept = by_id.get(entry.duplicate_of)
            into = f" (merged into {agencies.get(kept.agency_id, '?')}'s row)" if kept else ""
            text = (
                f"{entry.date} · {agencies.get(entry.agency_id, '?')}: "
                f"{(entry.event or entry.action)[:80]}{into}"
            )
            rows.append(MergedRow(entry.id, text))
        return rows

    def source_choices(self) -> dict[int, str]:
        """Who told the chair: the review's agencies, and the chair's own sources."""
        choices = self.agency_names()
        if CHAIR_SOURCES not in choices.values():
            choices[NEW_SOURCE] = CHAIR_SOURCES
        return choices

    def new_row(self) -> m.ChronologyEntry:
        return m.ChronologyEntry(review_id=self.review_id, agency_id=NEW_SOURCE, date="", source="")

    def export_title(self) -> str:
        review = self.store.repos.reviews.by_id(self.review_id)
        return f"{review.reference} {review.title}".strip()

    def export_file_name(self) -> str:
        review = self.store.repos.reviews.by_id(self.review_id)
        return f"{safe_file_name(review.reference)} chronology.xlsx"

    # ------------------------------------------------------------------ writes
    def save_entry(self, entry: m.ChronologyEntry) -> m.ChronologyEntry:
        """Save the chair's fields of one row (audited); return the row as saved."""
        self.repo.save_entry(entry)
        return entry

    def save_chair_fields(
        self, entry: m.ChronologyEntry, significance: str, key_event: bool, themes: list[str]
    ) -> m.ChronologyEntry:
        changed = dataclasses.replace(
            entry, significance=significance.strip(), key_event=key_event, themes=themes
        )
        return self.save_entry(changed)

    def merge(self, keep_id: int, merged_id: int) -> bool:
        self.repo.merge_duplicate(keep_id, merged_id)
        return True

    def keep_both(self, first_id: int, second_id: int) -> bool:
        self.repo.keep_both(first_id, second_id)
        return True

    def unmerge(self, entry_id: int) -> bool:
        self.repo.unmerge(entry_id)
        return True

    def chair_sources_agency(self) -> int:
        """The id of the "Family and other sources" entry, created the first time."""
        records = self.store.repos.records
        for agency in records.list(m.Agency, self.review_id):
            if agency.name == CHAIR_SOURCES and agency.id is not None:
                return agency.id
        agency = m.Agency(
            self.review_id, CHAIR_SOURCES, in_scope=False, exclusion_reason=CHAIR_SOURCES_REASON
        )
        records.save(agency)
        assert agency.id is not None
        return agency.id

    def save_row(self, entry: m.ChronologyEntry) -> int:
        """Check and save one row the chair typed (through the repository: audited)."""
        if isinstance(entry.date, PartialDate):
            entry.date = entry.date.iso()
        time_text = entry.time.strip()
        if time_text:
            entry.time = parse_time(time_text).strftime("%H:%M")
        if entry.agency_id == NEW_SOURCE:
            entry.agency_id = self.chair_sources_agency()
        return self.repo.save_entry(entry)

    def export(self, rows: Sequence[Any], path: Path) -> Path:
        """Write the combined rows (in the order shown) to an Excel workbook."""
        return export_chronology_xlsx(
            rows, Path(path), title=self.export_title(), theme_names=self.theme_names
        )
