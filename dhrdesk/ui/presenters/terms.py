"""The Terms of reference tab without Qt: the terms, their versions, and the words shown.

The terms are versioned: agreeing them with the panel freezes what is stored now
as the next numbered version (a snapshot). The presenter says when the current
terms differ from the last agreed version, and in which parts, so a chair knows
to take them back to the panel. The store refuses a period without a rationale
and an agreement without a line of enquiry (ValidationError, nothing written).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from dhrdesk.core import model as m
from dhrdesk.core import taxonomy
from dhrdesk.core.dates import format_date
from dhrdesk.ui.presenters.review import ReviewPresenter
from dhrdesk.ui.presenters.subjects import subject_label

#: The terms, their agreed versions, and what they list: subjects, agencies, lines.
TERMS_TABLES = ("terms_of_reference", "tor_version", "subject", "agency", "line_of_enquiry")

SNAPSHOT_PARTS = [
    ("period", "review period"),
    ("sections", "other sections"),
    ("subjects", "subjects"),
    ("agencies", "agencies"),
    ("lines_of_enquiry", "key lines of enquiry"),
]
PERIOD_KEYS = ("period_start", "period_end", "period_rationale")


def theme_choices() -> dict[str, str]:
    return {"": "— none —", **{t.id: f"{t.number}. {t.name}" for t in taxonomy.load_themes()}}


def changed_parts(current: dict, agreed: dict) -> list[str]:
    """Which parts of the terms differ between two snapshots, in words."""
    changed = []
    for key, words in SNAPSHOT_PARTS:
        if key == "period":
            if any(current.get(k) != agreed.get(k) for k in PERIOD_KEYS):
                changed.append(words)
        elif current.get(key) != agreed.get(key):
            changed.append(words)
    return changed


def _snapshot_date(value: str | None) -> str:
    return format_date(dt.date.fromisoformat(value) if value else None, missing="not set")


def _items(tag: str, rows: list[str]) -> str:
    return f"<{tag}>" + "".join(f"<li>{row}</li>" for row in rows) + f"</{tag}>"


def snapshot_html(snapshot: dict, title: str = "") -> str:
    """A read-only rendering of an agreed version (or of the current terms)."""
    esc = html.escape
    parts = [f"<h2>{esc(title)}</h2>"] if title else []
    parts.append("<h3>Review period</h3>")
    parts.append(
        f"<p>{_snapshot_date(snapshot.get('period_start'))} to "
        f"{_snapshot_date(snapshot.get('period_end'))}</p>"
    )
    if snapshot.get("period_rationale"):
        parts.append(f"<p><i>{esc(snapshot['period_rationale'])}</i></p>")
    subjects = [
        f"{esc(s['pseudonym'])} ({esc(m.SUBJECT_ROLE_LABELS.get(s['role'], s['role']))})"
        for s in snapshot.get("subjects", [])
    ]
    agencies = snapshot.get("agencies", [])
    parts.append("<h3>Subjects</h3>" + _items("ul", subjects))
    parts.append(
        "<h3>Agencies in scope</h3>"
        + _items("ul", [esc(a["name"]) for a in agencies if a["in_scope"]])
    )
    excluded = [a for a in agencies if not a["in_scope"]]
    if excluded:
        rows = [f"{esc(a['name'])}: {esc(a['exclusion_reason'])}" for a in excluded]
        parts.append("<h3>Agencies excluded</h3>" + _items("ul", rows))
    lines = [esc(line["text"]) for line in snapshot.get("lines_of_enquiry", [])]
    parts.append("<h3>Key lines of enquiry</h3>" + _items("ol", lines))
    sections = snapshot.get("sections", {})
    for key, label in m.TOR_SECTIONS:
        if sections.get(key):
            body = esc(sections[key]).replace("\n", "<br>")
            parts.append(f"<h3>{esc(label)}</h3><p>{body}</p>")
    return "".join(parts)


def version_heading(version: m.TorVersion) -> str:
    heading = f"Version {version.number}, agreed {format_date(version.agreed_on)}"
    return heading + (f" — {version.note}" if version.note else "")


def version_item_text(version: m.TorVersion) -> str:
    text = f"Version {version.number} — agreed {format_date(version.agreed_on)}"
    return text + (f"\n{version.note}" if version.note else "")


@dataclass(frozen=True)
class VersionState:
    """The line about agreement: ``state`` is "none", "changed" or "agreed"."""

    state: str
    text: str


def version_state(versions: Sequence[m.TorVersion], now: dict, dirty: bool) -> VersionState:
    if not versions:
        return VersionState("none", "Not yet agreed with the panel.")
    last = versions[-1]
    changed = changed_parts(now, last.snapshot)
    if changed or dirty:
        parts = changed + (["unsaved edits"] if dirty else [])
        return VersionState(
            "changed",
            f"⚠ Changed since version {last.number}: {', '.join(parts)}. "
            "Agree the terms with the panel again.",
        )
    return VersionState(
        "agreed", f"✓ As agreed: version {last.number}, {format_date(last.agreed_on)}."
    )


def edited_terms(
    tor: m.TermsOfReference,
    start: dt.date | None,
    end: dt.date | None,
    rationale: str,
    sections: dict[str, str],
) -> m.TermsOfReference:
    """The terms as edited: text stripped, empty sections removed."""
    merged = dict(tor.sections)
    for key, text in sections.items():
        if text.strip():
            merged[key] = text.strip()
        else:
            merged.pop(key, None)
    return dataclasses.replace(
        tor,
        period_start=start,
        period_end=end,
        period_rationale=rationale.strip(),
        sections=merged,
    )


def next_sort(lines: Sequence[m.LineOfEnquiry]) -> int:
    return max((line.sort for line in lines), default=0) + 1


class TermsPresenter(ReviewPresenter):
    """Reads and writes of one review's terms of reference."""

    def terms(self) -> m.TermsOfReference:
        return self.store.repos.lifecycle.terms(self.review_id)

    def subjects_html(self) -> str:
        subjects = self.store.repos.records.list(m.Subject, self.review_id)
        if not subjects:
            return "<i>No subjects yet.</i>"
        return " · ".join(html.escape(subject_label(s)) for s in subjects)

    def agencies(self) -> list[m.Agency]:
        return self.store.repos.records.list(m.Agency, self.review_id)

    def new_agency(self) -> m.Agency:
        return m.Agency(review_id=self.review_id, name="")

    def lines(self) -> list[m.LineOfEnquiry]:
        return self.store.repos.records.list(m.LineOfEnquiry, self.review_id)

    def new_line(self, existing: Sequence[m.LineOfEnquiry]) -> m.LineOfEnquiry:
        return m.LineOfEnquiry(review_id=self.review_id, text="", sort=next_sort(existing))

    def save_terms(self, tor: m.TermsOfReference) -> None:
        self.store.repos.lifecycle.save_terms(tor)

    def versions(self) -> list[m.TorVersion]:
        return self.store.repos.lifecycle.versions(self.review_id)

    def state(self, versions: Sequence[m.TorVersion], dirty: bool) -> VersionState:
        now = self.store.repos.lifecycle.snapshot(self.review_id) if versions else {}
        return version_state(versions, now, dirty)

    def agree(self, agreed_on: dt.date, note: str) -> int:
        return self.store.repos.lifecycle.agree_terms(self.review_id, agreed_on, note)

    def add_lines(
        self, chosen: Sequence[taxonomy.LineOfEnquiry], existing: Sequence[m.LineOfEnquiry]
    ) -> int:
        """Add library lines after the existing ones, each with its first theme."""
        start = next_sort(existing) - 1
        for offset, line in enumerate(chosen, start=1):
            self.store.repos.records.save(
                m.LineOfEnquiry(
                    review_id=self.review_id,
                    text=line.text,
                    theme_id=line.theme_ids[0] if line.theme_ids else "",
                    sort=start + offset,
                )
            )
        return len(chosen)
