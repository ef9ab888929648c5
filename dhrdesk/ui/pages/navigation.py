"""Top-level pages that lead somewhere: open a review, speak in the status bar.

The main window gives every :class:`ShellPage` itself as its :attr:`navigator`
when it builds the page; a page alone (in a test) has none and its requests do
nothing. No page looks up methods on ``self.window()``.
"""

from __future__ import annotations

from typing import Any, Protocol

from dhrdesk.ui.pages.base import Page


class Navigator(Protocol):
    """What the main window offers its pages."""

    def open_review(self, review_id: int, tab: str | None = None) -> Any: ...

    def show_status_message(self, text: str, msecs: int = 6000) -> None: ...

    def refresh_status(self) -> None: ...


class ShellPage(Page):
    """A page of the main window's navigation that may open reviews."""

    navigator: Navigator | None = None

    def request_review(self, review_id: int, tab: str | None = None) -> Any:
        """Show the review in the workspace (at ``tab``); its workspace, or None."""
        if self.navigator is None:
            return None
        return self.navigator.open_review(review_id, tab)

    def show_status(self, text: str, msecs: int = 6000) -> None:
        if self.navigator is not None:
            self.navigator.show_status_message(text, msecs)

    def status_changed(self) -> None:
        """The store's status (last saved) may have changed: let the window show it."""
        if self.navigator is not None:
            self.navigator.refresh_status()
