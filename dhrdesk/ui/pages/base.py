"""What every page in the main window's workspace is, and what it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from dhrdesk.ui.changes import ChangeHub, FollowsChanges
from dhrdesk.ui.presenters.people import section_heading

if TYPE_CHECKING:
    from dhrdesk.store import Store

T = TypeVar("T")


@dataclass
class PageContext:
    """Everything a page may use. Pages reach the store only through ``run_op`` for writes.

    ``run_op(fn, message=None, origin=None)`` runs a write and shows its error;
    ``changes`` tells every screen what a committed write touched.
    """

    store: Store
    run_op: Callable[..., Any]  # run_op(fn, success_message=None, origin=None) -> result | None
    run_in_background: Callable[..., Any]  # (fn, on_success, busy_text) -> None
    changes: ChangeHub | None = None


class Page(FollowsChanges, QWidget):
    """A workspace page. Pages that show case data are destroyed when the app locks.

    Subclasses override :meth:`refresh` (reload from the store) and
    :meth:`save_pending` (write any edit in progress; called before locking, so
    nothing typed is lost when the idle timer fires). A page follows the store's
    changes: set ``watches`` to the tables it shows; a change touching them reloads
    it now if visible, or when next shown.
    """

    shows_case_data = True

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.follow_changes(context.changes)

    def refresh(self) -> None:
        """Reload what the page shows from the store."""

    def save_pending(self) -> None:
        """Save edits in progress. Raise DhrDeskError if they cannot be saved."""

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self.refresh_if_stale()


class ReviewTab(Page):
    """A tab of the review workspace: a page about one review.

    A subclass names itself (``object_name``, what tests and styles find), names the
    presenter that reads and writes for it (``presenter_class``, built here with the
    store and the review id as ``self.presenter``) and lays out its widgets in
    :meth:`build`, called last, when ``context``, ``review_id`` and ``presenter`` are set.
    """

    object_name: ClassVar[str] = ""
    presenter_class: ClassVar[Callable[[Store, int], Any] | None] = None

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        self.review_id = review_id
        self.watched_review = review_id
        super().__init__(context, parent)
        if self.object_name:
            self.setObjectName(self.object_name)
        if self.presenter_class is not None:
            self.presenter = self.presenter_class(context.store, review_id)
        self.build()

    def build(self) -> None:
        """Lay out the tab's widgets and wire them (subclasses)."""

    def section_heading(self, section_id: str, fallback: str) -> str:
        """The numbered heading of an overview section in this review's profile
        ("9 Author of …"): a tab's note says which section it feeds."""
        return section_heading(self.context.store, self.review_id, section_id, fallback)
