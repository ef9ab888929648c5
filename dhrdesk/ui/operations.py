"""The one write path of the GUI: every store operation a widget starts goes through here.

Widgets never show tracebacks and never write SQL. They call :func:`run_op` with a
callable that uses the store's repositories; a DhrDeskError becomes a message box
with the error's message and hint, and the status bar's "Last saved" is refreshed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from dhrdesk.core.errors import DhrDeskError

T = TypeVar("T")


def error_text(error: DhrDeskError) -> str:
    """The user-facing text of an error: its message, then its hint on a new line."""
    return f"{error.message}\n\n{error.hint}" if error.hint else error.message


def show_error(parent: QWidget | None, error: DhrDeskError, title: str = "DHR Desk") -> None:
    QMessageBox.warning(parent, title, error_text(error))


def _refresh_status(parent: QWidget | None) -> None:
    window = parent.window() if parent is not None else None
    refresh = getattr(window, "refresh_status", None)
    if callable(refresh):
        refresh()


def run_op(
    parent: QWidget | None,
    fn: Callable[[], T],
    success_message: str | None = None,
    *,
    error_title: str = "DHR Desk",
) -> T | None:
    """Run a (quick) store operation; return its result, or None when it failed.

    Failures are shown to the user; the status bar is refreshed either way, since
    a failed operation may still have saved earlier steps.
    """
    try:
        result = fn()
    except DhrDeskError as exc:
        _refresh_status(parent)
        show_error(parent, exc, error_title)
        return None
    _refresh_status(parent)
    if success_message:
        window: Any = parent.window() if parent is not None else None
        show_message = getattr(window, "show_status_message", None)
        if callable(show_message):
            show_message(success_message)
        else:
            QMessageBox.information(parent, "DHR Desk", success_message)
    return result
