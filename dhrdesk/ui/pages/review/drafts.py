"""Frozen drafts, their comparison, the distribution log and panel comments.

Why: the report goes through numbered drafts (v0.1, v0.2 … v1.0 final) shared
with the panel, the family, the CSP and the Home Office. The chair needs to say
what changed, see it section by section, record who received which draft and
when, and track every panel comment on a section until it is resolved.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.drafts import SectionDiff, compare
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.profiles import get_profile
from dhrdesk.core.richtext import block_lines
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.drafting import DOCUMENT_LABELS, document_sections

FREEZE_PROVIDERS = [
    "dhrdesk.documents.drafts:freeze_draft",
    "dhrdesk.documents.snapshot:freeze_draft",
    "dhrdesk.documents:freeze_draft",
]
STATUS_COLORS = {
    "changed": ("#8a5a00", "#fff4d6"),
    "added": ("#1e6b32", "#e3f4e6"),
    "removed": ("#b3261e", "#fbe5e3"),
    "unchanged": ("#5f6368", "#f1f3f4"),
}
REMOVED_STYLE = "color:#b3261e; text-decoration:line-through; background:#fbe5e3;"
ADDED_STYLE = "color:#1e6b32; text-decoration:underline; background:#e3f4e6;"
_MARKS = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


# ------------------------------------------------------------------- snapshots
def build_snapshot(store: Any, review_id: int) -> dict:
    """The text of every section now, in the core.drafts snapshot format (used when
    dhrdesk.documents does not offer ``freeze_draft``)."""
    review = store.repos.reviews.by_id(review_id)
    profile = get_profile(review.profile)
    documents: dict[str, list[dict]] = {}
    for document in m.DOCUMENTS:
        stored = store.repos.drafting.sections(review_id, document)
        sections = []
        for spec in document_sections(profile, document):
            content = stored[spec.id].content if spec.id in stored else []
            lines = [line for block in content for line in block_lines(block) if line.strip()]
            sections.append({"key": spec.id, "heading": spec.heading, "paragraphs": lines})
        documents[document] = sections
    return {"documents": documents}


def freeze_provider() -> Callable[..., Any] | None:
    for target in FREEZE_PROVIDERS:
        module_name, _, name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, name, None)
        if callable(found):
            return found
    return None


def freeze(store: Any, review_id: int, change_summary: str, final: bool) -> m.Draft:
    """Freeze the next draft through dhrdesk.documents when it can, else from the sections."""
    provider = freeze_provider()
    if provider is not None:
        return provider(store, review_id, change_summary, final)
    if not change_summary.strip():
        raise ValidationError("Say in a line what changed in this draft.")
    snapshot = build_snapshot(store, review_id)
    return store.repos.drafting.freeze(review_id, snapshot, change_summary, final=final)


# ------------------------------------------------------------------ comparison
def marked_html(marked: str) -> str:
    """core.drafts' [-removed-] {+added+} marks as coloured HTML."""
    out, last = [], 0
    for match in _MARKS.finditer(marked):
        out.append(html.escape(marked[last : match.start()]))
        if match.group(1) is not None:
            out.append(f'<span style="{REMOVED_STYLE}">{html.escape(match.group(1))}</span>')
        else:
            out.append(f'<span style="{ADDED_STYLE}">{html.escape(match.group(2))}</span>')
        last = match.end()
    out.append(html.escape(marked[last:]))
    return "".join(out)


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
        color, background = STATUS_COLORS.get(diff.status, STATUS_COLORS["unchanged"])
        parts.append(
            f'<p style="margin-top:10px;"><b>{html.escape(diff.heading)}</b> '
            f'<span style="color:{color}; background:{background};">&nbsp;{diff.status}&nbsp;</span>'
            "</p>"
        )
        for change in diff.changes:
            if change.kind == "changed":
                body = marked_html(change.marked)
            elif change.kind == "added":
                body = f'<span style="{ADDED_STYLE}">{html.escape(change.after)}</span>'
            else:
                body = f'<span style="{REMOVED_STYLE}">{html.escape(change.before)}</span>'
            parts.append(f'<p style="margin-left:18px;">{body}</p>')
    flush_unchanged()
    return "\n".join(parts)


# ---------------------------------------------------------------------- dialogs
class FreezeDialog(QDialog):
    def __init__(self, next_version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Freeze draft")
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("changeSummary")
        self.summary.setPlaceholderText("e.g. Analysis revised after the panel meeting of 4 June")
        self.summary.setMinimumSize(420, 90)
        self.final = QCheckBox("This is the final report (v1.0)")
        self.final.setObjectName("finalDraft")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Freeze")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Freezing keeps the full text of every section as draft {next_version}. "
            "It never changes afterwards. Say what changed since the last draft:"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.final)
        layout.addWidget(buttons)


def ask_freeze(parent: QWidget | None, next_version: str) -> tuple[str, bool] | None:
    """(change summary, final) or None when cancelled (tests replace this)."""
    dialog = FreezeDialog(next_version, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.summary.toPlainText().strip(), dialog.final.isChecked()
    finally:
        dialog.deleteLater()


class CommentTable(RecordTable):
    """Comments whose author field suggests the review's panel members."""

    def __init__(self, *args: Any, names: Callable[[], list[str]], **kwargs: Any) -> None:
        self._names = names
        super().__init__(*args, **kwargs)

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = super().make_dialog(obj, title)
        author: QLineEdit = dialog.editor("author")  # type: ignore[assignment]
        completer = QCompleter(self._names(), dialog)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        author.setCompleter(completer)
        author.setPlaceholderText("A panel member (start typing), or any name")
        return dialog


# -------------------------------------------------------------------------- tab
class DraftsTab(ReviewTab):
    """Drafts (freeze, list, compare), distribution log and section comments."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("draftsTab")
        store = context.store
        self.profile = get_profile(store.repos.reviews.by_id(review_id).profile)
        self.drafts: list[m.Draft] = []

        # -- drafts
        self.freeze_button = QPushButton("Freeze draft…")
        self.freeze_button.setObjectName("freezeDraft")
        self.freeze_button.setToolTip("Keep the text of every section as the next numbered draft")
        self.freeze_button.clicked.connect(self.freeze_dialog)
        self.draft_table = QTableWidget(0, 4)
        self.draft_table.setObjectName("draftTable")
        self.draft_table.setHorizontalHeaderLabels(["Version", "Frozen", "By", "What changed"])
        self.draft_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.draft_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.draft_table.verticalHeader().hide()
        self.draft_table.setAlternatingRowColors(True)
        header = self.draft_table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.before_box = QComboBox()
        self.before_box.setObjectName("compareBefore")
        self.after_box = QComboBox()
        self.after_box.setObjectName("compareAfter")
        self.compare_button = QPushButton("Compare")
        self.compare_button.setObjectName("compareButton")
        self.compare_button.clicked.connect(self.show_comparison)
        self.show_unchanged = QCheckBox("Show unchanged sections")
        self.show_unchanged.setObjectName("showUnchanged")
        self.show_unchanged.toggled.connect(lambda _on: self.show_comparison())
        self.compare_view = QTextBrowser()
        self.compare_view.setObjectName("compareView")
        self.compare_view.setOpenLinks(False)
        self.compare_view.setPlaceholderText("Freeze two drafts, then compare them here.")

        drafts_top = QHBoxLayout()
        drafts_top.addWidget(QLabel("<b>Frozen drafts</b>"))
        drafts_top.addStretch(1)
        drafts_top.addWidget(self.freeze_button)
        compare_bar = QHBoxLayout()
        compare_bar.addWidget(QLabel("Compare"))
        compare_bar.addWidget(self.before_box)
        compare_bar.addWidget(QLabel("with"))
        compare_bar.addWidget(self.after_box)
        compare_bar.addWidget(self.compare_button)
        compare_bar.addSpacing(12)
        compare_bar.addWidget(self.show_unchanged)
        compare_bar.addStretch(1)
        drafts_page = QWidget()
        drafts_layout = QVBoxLayout(drafts_page)
        drafts_layout.addLayout(drafts_top)
        list_and_compare = QSplitter(Qt.Orientation.Vertical)
        list_and_compare.addWidget(self.draft_table)
        compare_box = QWidget()
        compare_layout = QVBoxLayout(compare_box)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.addLayout(compare_bar)
        compare_layout.addWidget(self.compare_view, 1)
        list_and_compare.addWidget(compare_box)
        list_and_compare.setSizes([180, 520])
        drafts_layout.addWidget(list_and_compare, 1)

        # -- distribution (rows can be added once a draft exists: see refresh_drafts)
        self.distribution = RecordTable(
            context,
            [
                FieldSpec("draft_id", "Draft", "choice", self._draft_choices, required=True),
                FieldSpec("recipient_kind", "To", "choice", m.DISTRIBUTION_KIND_LABELS),
                FieldSpec(
                    "recipient",
                    "Recipient",
                    required=True,
                    placeholder="e.g. Northmoor CSP manager",
                ),
                FieldSpec("sent_on", "Sent on", "date", not_future=True),
                FieldSpec("note", "Note", "multiline"),
            ],
            load=self._load_distribution,
            factory=None,
            noun="distribution",
            plural="distributions",
            title="Which draft went to whom",
            empty_text="No draft sent yet. Freeze a draft, then record here who received it.",
        )
        self.distribution.setObjectName("distributionTable")

        # -- comments
        self.unresolved_only = QCheckBox("Unresolved only")
        self.unresolved_only.setObjectName("unresolvedOnly")
        self.unresolved_only.toggled.connect(lambda _on: self.comments.refresh())
        self.comments = CommentTable(
            context,
            [
                FieldSpec("section_key", "Section", "choice", self._section_choices, required=True),
                FieldSpec("author", "From", required=True),
                FieldSpec("created_on", "Date", "date", not_future=True),
                FieldSpec("text", "Comment", "multiline", required=True),
                FieldSpec("resolved", "Resolved", "bool"),
                FieldSpec("resolution", "How it was resolved", "multiline"),
            ],
            load=self._load_comments,
            factory=lambda: m.SectionComment(
                review_id, "overview", self._first_section(), "", "", dt.date.today()
            ),
            noun="comment",
            title="Comments on sections",
            row_color=lambda c: None if c.resolved else "#fff4d6",
            names=self._panel_names,
            save=self._save_comment,
        )
        self.comments.setObjectName("commentTable")
        comments_page = QWidget()
        comments_layout = QVBoxLayout(comments_page)
        comments_layout.addWidget(self.unresolved_only)
        comments_layout.addWidget(self.comments, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("draftsTabs")
        self.tabs.addTab(drafts_page, "Drafts and compare")
        self.tabs.addTab(self.distribution, "Distribution log")
        self.tabs.addTab(comments_page, "Comments")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh_drafts()

    # ---------------------------------------------------------------- drafts
    def refresh_drafts(self) -> None:
        drafts = self.context.run_op(
            lambda: self.context.store.repos.drafting.drafts(self.review_id)
        )
        grew = len(drafts or []) != len(self.drafts)
        self.drafts = drafts or []
        self.draft_table.setRowCount(len(self.drafts))
        for row, draft in enumerate(reversed(self.drafts)):
            when = draft.frozen_at
            try:
                stamp = dt.datetime.fromisoformat(draft.frozen_at).astimezone()
                when = f"{format_date(stamp.date())} {stamp:%H:%M}"
            except ValueError:
                pass
            version = f"v{draft.version}" + (" (final)" if draft.final else "")
            for column, text in enumerate([version, when, draft.frozen_by, draft.change_summary]):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, draft.id)
                self.draft_table.setItem(row, column, item)
        for box, default in ((self.before_box, -2), (self.after_box, -1)):
            box.blockSignals(True)
            keep = None if grew else box.currentData()  # a new draft: compare it
            box.clear()
            for draft in self.drafts:
                box.addItem(f"v{draft.version}", draft.id)
            index = box.findData(keep) if keep is not None else -1
            if index < 0 and self.drafts:
                index = max(0, len(self.drafts) + default)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.compare_button.setEnabled(len(self.drafts) >= 2)
        self.distribution.set_source(
            self._load_distribution, self._new_distribution if self.drafts else None
        )

    def next_version(self) -> str:
        from dhrdesk.store.repositories.drafting import next_version

        return "v" + next_version([d.version for d in self.drafts])

    def freeze_dialog(self) -> m.Draft | None:
        answer = ask_freeze(self, self.next_version())
        if answer is None:
            return None
        summary, final = answer
        return self.freeze(summary, final)

    def freeze(self, summary: str, final: bool = False) -> m.Draft | None:
        """Save edits in progress in every tab, then freeze the next draft."""
        from dhrdesk.ui.pages.review.workspace import workspace_of

        workspace = workspace_of(self)

        def run() -> m.Draft:
            if workspace is not None:
                workspace.save_pending()
            return freeze(self.context.store, self.review_id, summary, final)

        draft = self.context.run_op(run)
        if draft is None:
            return None
        self.refresh_drafts()
        return draft

    def compare_ids(self, before_id: int, after_id: int) -> list[SectionDiff]:
        drafting = self.context.store.repos.drafting
        before, after = drafting.draft(before_id), drafting.draft(after_id)
        return compare(before.snapshot, after.snapshot)

    def show_comparison(self) -> None:
        before_id, after_id = self.before_box.currentData(), self.after_box.currentData()
        if before_id is None or after_id is None:
            return
        drafting = self.context.store.repos.drafting
        loaded = self.context.run_op(lambda: (drafting.draft(before_id), drafting.draft(after_id)))
        if loaded is None:
            return
        before, after = loaded
        diffs = compare(before.snapshot, after.snapshot)
        self.compare_view.setHtml(
            compare_html(
                diffs,
                before.version,
                after.version,
                show_unchanged=self.show_unchanged.isChecked(),
            )
        )

    # ---------------------------------------------------------- distribution
    def _draft_choices(self) -> dict[Any, str]:
        return {d.id: f"v{d.version}" for d in self.drafts}

    def _new_distribution(self) -> m.Distribution:
        return m.Distribution(self.review_id, self.drafts[-1].id, "panel", "", dt.date.today())

    def _load_distribution(self) -> list[m.Distribution]:
        return self.context.store.repos.records.list(m.Distribution, self.review_id)

    # --------------------------------------------------------------- comments
    def _section_choices(self) -> dict[Any, str]:
        choices: dict[Any, str] = {}
        for document in m.DOCUMENTS:
            prefix = "" if document == "overview" else "Executive summary: "
            for spec in document_sections(self.profile, document):
                choices.setdefault(spec.id, prefix + spec.heading)
        return choices

    def _first_section(self) -> str:
        sections = document_sections(self.profile, "overview")
        return sections[0].id if sections else ""

    def _panel_names(self) -> list[str]:
        members = self.context.run_op(
            lambda: self.context.store.repos.records.list(m.PanelMember, self.review_id)
        )
        return [p.name for p in members or []]

    def _load_comments(self) -> list[m.SectionComment]:
        comments = self.context.store.repos.records.list(m.SectionComment, self.review_id)
        if self.unresolved_only.isChecked():
            comments = [c for c in comments if not c.resolved]
        return comments

    def _save_comment(self, comment: m.SectionComment) -> int:
        overview = {s.id for s in document_sections(self.profile, "overview")}
        comment.document = "overview" if comment.section_key in overview else "executive_summary"
        if comment.resolved and not comment.resolution.strip():
            raise ValidationError("Say how the comment was resolved.")
        return self.context.store.repos.records.save(comment)

    # ------------------------------------------------------------------ page
    def refresh(self) -> None:
        self.refresh_drafts()
        self.comments.refresh()

    def save_pending(self) -> None:
        """Everything here is saved when its dialog closes; nothing is pending."""
