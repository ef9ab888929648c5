"""The main window's "Review" page: a note until a review is opened, then its workspace.

Kept apart from the workspace so that starting the main window does not import the
workspace's tabs (and the documents they use): they load when a review is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from dhrdesk.ui.pages.base import Page, PageContext

if TYPE_CHECKING:
    from dhrdesk.ui.pages.review.workspace import ReviewWorkspace

EMPTY_STYLE = "QLabel { color: #5f6368; padding: 24px; }"


class ReviewPage(Page):
    """The main window's "Review" slot: a note until a review is opened, then its workspace."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("reviewPage")
        self.workspace: ReviewWorkspace | None = None
        self.stack = QStackedWidget()
        self.empty = QLabel(
            "No review is open. Open one from the Dashboard or the Reviews list "
            "(double-click a row, or select it and press Return)."
        )
        self.empty.setObjectName("noReviewOpen")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(EMPTY_STYLE)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    @property
    def review_id(self) -> int | None:
        return self.workspace.review_id if self.workspace is not None else None

    def open_review(self, review_id: int, tab: str | None = None) -> ReviewWorkspace | None:
        """Show ``review_id``; saves edits in the review being left first.

        Returns None (and stays on the current review) when those edits cannot be saved.
        """
        if self.workspace is not None:
            if self.workspace.review_id == review_id:
                if tab:
                    self.workspace.show_tab(tab)
                return self.workspace
            leaving = self.workspace

            def save() -> bool:
                leaving.save_pending()
                return True

            if self.context.run_op(save) is None:
                return None
            self.close_review()
        # The workspace and its eighteen tabs are imported when a review is first opened,
        # not when the main window starts.
        from dhrdesk.ui.pages.review.workspace import ReviewWorkspace

        workspace = ReviewWorkspace(self.context, review_id, tab)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        return workspace

    def close_review(self) -> None:
        if self.workspace is None:
            return
        workspace = self.workspace
        self.workspace = None
        self.stack.removeWidget(workspace)
        workspace.hide()
        workspace.setParent(None)
        workspace.deleteLater()
        self.stack.setCurrentWidget(self.empty)

    def state(self) -> tuple[int, str] | None:
        """(review id, tab title) to come back to after unlocking."""
        if self.workspace is None:
            return None
        return self.workspace.review_id, self.workspace.current_tab_title()

    def refresh(self) -> None:
        if self.workspace is not None:
            self.workspace.refresh()

    def save_pending(self) -> None:
        if self.workspace is not None:
            self.workspace.save_pending()
