"""Frozen drafts, their comparison, the distribution log and panel comments.

Why: the report goes through numbered drafts (v0.1, v0.2 … v1.0 final) shared
with the panel, the family, the CSP and the Home Office. The chair needs to say
what changed, see it section by section, record who received which draft and
when, and track every panel comment on a section until it is resolved.

Layout and wiring only; reads, rules and writes are
:class:`dhrdesk.ui.presenters.drafts.DraftsPresenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.modal import ask, ok_cancel
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import button, named, wrapped
from dhrdesk.ui.pages.review.parts import STRETCH, column, fill, row, splitter
from dhrdesk.ui.presenters.drafts import DraftsPresenter, compare_html, draft_row, marked_html

__all__ = ["DraftsTab", "FreezeDialog", "ask_freeze", "compare_html", "marked_html"]


def draft_table() -> QTableWidget:
    """The frozen drafts, newest first: version, frozen, by, what changed."""
    table = QTableWidget(0, 4)
    table.setObjectName("draftTable")
    table.setHorizontalHeaderLabels(["Version", "Frozen", "By", "What changed"])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    for index in range(3):
        header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
    return table


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
        buttons = ok_cancel(self, "Freeze")
        intro = wrapped(
            f"Freezing keeps the full text of every section as draft {next_version}. "
            "It never changes afterwards. Say what changed since the last draft:"
        )
        fill(self, intro, self.summary, self.final, buttons)


def ask_freeze(parent: QWidget | None, next_version: str) -> tuple[str, bool] | None:
    """(change summary, final) or None when cancelled (tests replace this)."""
    return ask(
        FreezeDialog(next_version, parent),
        lambda dialog: (dialog.summary.toPlainText().strip(), dialog.final.isChecked()),
    )


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

    watches = ("draft", "distribution", "section_comment", "panel_member")
    object_name = "draftsTab"
    presenter_class = DraftsPresenter

    def build(self) -> None:
        self.profile = self.presenter.profile
        self.tabs = named(QTabWidget(), "draftsTabs")
        self.tabs.addTab(self._drafts_page(), "Drafts and compare")
        self.tabs.addTab(self._distribution_table(), "Distribution log")
        self.tabs.addTab(self._comments_page(), "Comments")
        fill(self, self.tabs)
        self.refresh_drafts()

    # ----------------------------------------------------------------- layout
    def _drafts_page(self) -> QWidget:
        self.freeze_button = button(
            "Freeze draft…",
            "freezeDraft",
            "Keep the text of every section as the next numbered draft",
            self.freeze_dialog,
        )
        self.draft_table = draft_table()
        drafts_top = row(QLabel("<b>Frozen drafts</b>"), STRETCH, self.freeze_button)
        list_and_compare = splitter(
            Qt.Orientation.Vertical, self.draft_table, self._compare_box(), sizes=(180, 520)
        )
        return column(drafts_top, (list_and_compare, 1), bare=False)

    def _compare_box(self) -> QWidget:
        self.before_box = named(QComboBox(), "compareBefore")
        self.after_box = named(QComboBox(), "compareAfter")
        self.compare_button = button("Compare", "compareButton", slot=self.show_comparison)
        self.show_unchanged = named(QCheckBox("Show unchanged sections"), "showUnchanged")
        self.show_unchanged.toggled.connect(lambda _on: self.show_comparison())
        self.compare_view = QTextBrowser()
        self.compare_view.setObjectName("compareView")
        self.compare_view.setOpenLinks(False)
        self.compare_view.setPlaceholderText("Freeze two drafts, then compare them here.")
        compare_bar = row(
            QLabel("Compare"),
            self.before_box,
            QLabel("with"),
            self.after_box,
            self.compare_button,
            12,
            self.show_unchanged,
            STRETCH,
        )
        return column(compare_bar, (self.compare_view, 1))

    def _distribution_table(self) -> RecordTable:
        """Which draft went to whom (rows can be added once a draft exists)."""
        presenter = self.presenter
        self.distribution = RecordTable(
            self.context,
            [
                FieldSpec("draft_id", "Draft", "choice", presenter.draft_choices, required=True),
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
            load=presenter.load_distribution,
            factory=None,
            noun="distribution",
            plural="distributions",
            title="Which draft went to whom",
            empty_text="No draft sent yet. Freeze a draft, then record here who received it.",
        )
        self.distribution.setObjectName("distributionTable")
        return self.distribution

    def _comments_page(self) -> QWidget:
        presenter = self.presenter
        self.unresolved_only = named(QCheckBox("Unresolved only"), "unresolvedOnly")
        self.unresolved_only.toggled.connect(lambda _on: self.comments.refresh())
        self.comments = CommentTable(
            self.context,
            [
                FieldSpec(
                    "section_key", "Section", "choice", presenter.section_choices, required=True
                ),
                FieldSpec("author", "From", required=True),
                FieldSpec("created_on", "Date", "date", not_future=True),
                FieldSpec("text", "Comment", "multiline", required=True),
                FieldSpec("resolved", "Resolved", "bool"),
                FieldSpec("resolution", "How it was resolved", "multiline"),
            ],
            load=lambda: presenter.load_comments(self.unresolved_only.isChecked()),
            factory=presenter.new_comment,
            noun="comment",
            title="Comments on sections",
            row_color=lambda c: None if c.resolved else "#fff4d6",
            names=self._panel_names,
            save=presenter.save_comment,
        )
        self.comments.setObjectName("commentTable")
        return column(self.unresolved_only, (self.comments, 1), bare=False)

    # ---------------------------------------------------------------- drafts
    @property
    def drafts(self) -> list[m.Draft]:
        return self.presenter.drafts

    def refresh_drafts(self) -> None:
        before = len(self.drafts)
        drafts = self.context.run_op(self.presenter.load_drafts) or []
        grew = len(drafts) != before
        self.draft_table.setRowCount(len(drafts))
        for line, draft in enumerate(reversed(drafts)):
            for cell, text in enumerate(draft_row(draft)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, draft.id)
                self.draft_table.setItem(line, cell, item)
        for box, default in ((self.before_box, -2), (self.after_box, -1)):
            box.blockSignals(True)
            keep = None if grew else box.currentData()  # a new draft: compare it
            box.clear()
            for draft in drafts:
                box.addItem(f"v{draft.version}", draft.id)
            index = box.findData(keep) if keep is not None else -1
            if index < 0 and drafts:
                index = max(0, len(drafts) + default)
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.compare_button.setEnabled(len(drafts) >= 2)
        self.distribution.set_source(
            self.presenter.load_distribution,
            self.presenter.new_distribution if drafts else None,
        )

    def next_version(self) -> str:
        return self.presenter.next_version()

    def freeze_dialog(self) -> m.Draft | None:
        answer = ask_freeze(self, self.next_version())
        if answer is None:
            return None
        summary, final = answer
        return self.freeze(summary, final)

    def freeze(self, summary: str, final: bool = False) -> m.Draft | None:
        """Save edits in progress in every tab, then freeze the next draft."""
        from dhrdesk.ui.pages.review.workspace import workspace_of  # it imports this module

        workspace = workspace_of(self)

        def run() -> m.Draft:
            if workspace is not None:
                workspace.save_pending()
            return self.presenter.freeze(summary, final)

        draft = self.context.run_op(run)
        if draft is None:
            return None
        self.refresh_drafts()
        return draft

    def show_comparison(self) -> None:
        before_id, after_id = self.before_box.currentData(), self.after_box.currentData()
        if before_id is None or after_id is None:
            return
        unchanged = self.show_unchanged.isChecked()
        text = self.context.run_op(
            lambda: self.presenter.comparison(before_id, after_id, unchanged)
        )
        if text is not None:
            self.compare_view.setHtml(text)

    # --------------------------------------------------------------- comments
    def _panel_names(self) -> list[str]:
        return self.context.run_op(self.presenter.panel_names) or []

    def _save_comment(self, comment: m.SectionComment) -> int:
        return self.presenter.save_comment(comment)

    # ------------------------------------------------------------------ page
    def refresh(self) -> None:
        self.refresh_drafts()
        self.comments.refresh()

    def save_pending(self) -> None:
        """Everything here is saved when its dialog closes; nothing is pending."""
