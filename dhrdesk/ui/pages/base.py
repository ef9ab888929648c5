"""What every page in the main window's workspace is, and what it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from dhrdesk.store import Store

T = TypeVar("T")


@dataclass
class PageContext:
    """Everything a page may use. Pages reach the store only through ``run_op`` for writes."""

    store: Store
    run_op: Callable[..., Any]  # run_op(fn, success_message=None) -> result | None
    run_in_background: Callable[..., Any]  # (fn, on_success, busy_text) -> None


class Page(QWidget):
    """A workspace page. Pages that show case data are destroyed when the app locks.

    Subclasses override :meth:`refresh` (reload from the store) and
    :meth:`save_pending` (write any edit in progress; called before locking, so
    nothing typed is lost when the idle timer fires).
    """

    shows_case_data = True

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

    def refresh(self) -> None:
        """Reload what the page shows from the store."""

    def save_pending(self) -> None:
        """Save edits in progress. Raise DhrDeskError if they cannot be saved."""
