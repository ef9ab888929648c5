"""Drafts tab, without Qt: frozen drafts as rows, their comparison as HTML, the
distribution log's and the comments' reads, rules and writes."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.drafts import SectionDiff, compare
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.profiles import get_profile
from dhrdesk.documents.snapshot import freeze_draft
from dhrdesk.store.repositories.drafting import next_version
from dhrdesk.ui.presenters.drafting import DOCUMENT_LABELS, document_sections
from dhrdesk.ui.presenters.review import ReviewPresenter
from dhrdesk.ui.presenters.when import local_when

if TYPE_CHECKING:
    from dhrdesk.store import Store

STATUS_COLORS = {
    "changed": ("#8a5a00", "#fff4d6"),
    "added": ("#1e6b32", "#e3f4e6"),
    "removed": ("#b3261e", "#fbe5e3"),
    "unchanged": ("#5f6368", "#f1f3f4"),
}
REMOVED_STYLE = "color:#b3261e; text-decoration:line-through; background:#fbe5e3;"
ADDED_STYLE = "color:#1e6b32; text-decoration:underline; background:#e3f4e6;"
NO_SUMMARY = "Say in a line what changed in this draft."
NO_RESOLUTION = "Say how the comment was resolved."
_MARKS = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


# ------------------------------------------------------------------ comparison
def _span(style: str, text: str) -> str:
    return f'<span style="{style}">{html.escape(text)}</span>'


def marked_html(marked: str) -> str:
    """core.drafts' [-removed-] {+added+} marks as coloured HTML."""
    out, last = [], 0
    for match in _MARKS.finditer(marked):
        out.append(html.escape(marked[last : match.start()]))
        if match.group(1) is not None:
            out.append(_span(REMOVED_STYLE, match.group(1)))
        else:
            out.append(_span(ADDED_STYLE, match.group(2)))
        last = match.end()
    out.append(html.escape(marked[last:]))
    return "".join(out)


def _diff_html(diff: SectionDiff) -> list[str]:
    color, background = STATUS_COLORS.get(diff.status, STATUS_COLORS["unchanged"])
    parts = [
        f'<p style="margin-top:10px;"><b>{html.escape(diff.heading)}</b> '
        f'<span style="color:{color}; background:{background};">&nbsp;{diff.status}&nbsp;</span>'
        "</p>"
    ]
    for change in diff.changes:
        if change.kind == "changed":
            body = marked_html(change.marked)
        elif change.kind == "added":
            body = _span(ADDED_STYLE, change.after)
        else:
            body = _span(REMOVED_STYLE, change.before)
        parts.append(f'<p style="margin-left:18px;">{body}</p>')
    return parts


def compare_html(
    diffs: list[SectionDiff], before: str, after: str, *, show_unchanged: bool = False
) -> str:
    """A readable comparison: each section with its status, removed text struck
    through in red, added text underlined in green; unchanged sections collapsed
    into one line unless ``show_unchanged``."""
    parts = [f"<h3>Changes from v{html.escape(before)} to v{html.escape(after)}</h3>"]
    counts = {s: sum(1 for d in diffs if d.status == s) for s in STATUS_COLORS}
    parts.append("<p>" + " · ".join(f"{n} {status}" for status, n in counts.items() if n) + "</p>")
    current_document = None
    unchanged: list[str] = []

    def flush_unchanged() -> None:
        if unchanged and not show_unchanged:
            parts.append(
                f'<p style="color:#5f6368;">Unchanged: {html.escape(", ".join(unchanged))}</p>'
            )
        unchanged.clear()

    for diff in diffs:
        if diff.document != current_document:
            flush_unchanged()
            current_document = diff.document
            label = DOCUMENT_LABELS.get(diff.document, diff.document)
            parts.append(f'<h2 style="color:#1f3a5f;">{html.escape(label)}</h2>')
        if diff.status == "unchanged" and not show_unchanged:
            unchanged.append(diff.heading)
            continue
        flush_unchanged()
        parts.extend(_diff_html(diff))
    flush_unchanged()
    return "\n".join(parts)


def frozen_when(frozen_at: str) -> str:
    """When a draft was frozen, in local time: "4 June 2025 14:05" (as stored if unreadable)."""
    return local_when(frozen_at)


def draft_row(draft: m.Draft) -> list[str]:
    """A draft's cells: version, frozen, by, what changed."""
    version = f"v{draft.version}" + (" (final)" if draft.final else "")
    return [version, frozen_when(draft.frozen_at), draft.frozen_by, draft.change_summary]


class DraftsPresenter(ReviewPresenter):
    """Reads, rules and writes for the Drafts tab of one review (no Qt)."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.profile = get_profile(store.repos.reviews.by_id(review_id).profile)
        self.drafts: list[m.Draft] = []

    # ----------------------------------------------------------------- drafts
    def load_drafts(self) -> list[m.Draft]:
        self.drafts = self.store.repos.drafting.drafts(self.review_id)
        return self.drafts

    def next_version(self) -> str:
        return "v" + next_version([d.version for d in self.drafts])

    def freeze(self, change_summary: str, final: bool = False) -> m.Draft:
        """Freeze the next draft with the text of every section (refused without a summary)."""
        if not change_summary.strip():
            raise ValidationError(NO_SUMMARY)
        return freeze_draft(self.store, self.review_id, change_summary, final)

    def comparison(self, before_id: int, after_id: int, show_unchanged: bool = False) -> str:
        drafting = self.store.repos.drafting
        before, after = drafting.draft(before_id), drafting.draft(after_id)
        diffs = compare(before.snapshot, after.snapshot)
        return compare_html(diffs, before.version, after.version, show_unchanged=show_unchanged)

    # ----------------------------------------------------------- distribution
    def draft_choices(self) -> dict[Any, str]:
        return {d.id: f"v{d.version}" for d in self.drafts}

    def new_distribution(self) -> m.Distribution:
        return m.Distribution(self.review_id, self.drafts[-1].id, "panel", "", dt.date.today())

    def load_distribution(self) -> list[m.Distribution]:
        return self.store.repos.records.list(m.Distribution, self.review_id)

    # --------------------------------------------------------------- comments
    def section_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {}
        for document in m.DOCUMENTS:
            prefix = "" if document == "overview" else "Executive summary: "
            for spec in document_sections(self.profile, document):
                choices.setdefault(spec.id, prefix + spec.heading)
        return choices

    def new_comment(self) -> m.SectionComment:
        sections = document_sections(self.profile, "overview")
        first = sections[0].id if sections else ""
        return m.SectionComment(self.review_id, "overview", first, "", "", dt.date.today())

    def panel_names(self) -> list[str]:
        return [p.name for p in self.store.repos.records.list(m.PanelMember, self.review_id)]

    def load_comments(self, unresolved_only: bool = False) -> list[m.SectionComment]:
        comments = self.store.repos.records.list(m.SectionComment, self.review_id)
        return [c for c in comments if not c.resolved] if unresolved_only else comments

    def save_comment(self, comment: m.SectionComment) -> int:
        """Store a comment on the document its section belongs to (resolved needs a how)."""
        if comment.resolved and not comment.resolution.strip():
            raise ValidationError(NO_RESOLUTION)
        overview = {s.id for s in document_sections(self.profile, "overview")}
        comment.document = "overview" if comment.section_key in overview else "executive_summary"
        return self.store.repos.records.save(comment)
