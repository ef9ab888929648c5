"""The one write path of the GUI: every store operation a widget starts goes through here.

Widgets never show tracebacks and never write SQL. They call :func:`run_op` (or
``context.run_op`` on a page) with a callable that uses the store's repositories.
A DhrDeskError becomes a message box with the error's message and hint. The writes
the callable commits are announced by the store's change feed (``ui/changes.py``),
stamped with ``origin`` so the screen that made them is not told twice; the main
window's status bar and every other screen follow from that one signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.changes import origin as change_origin

T = TypeVar("T")


def error_text(error: DhrDeskError) -> str:
    """The user-facing text of an error: its message, then its hint on a new line."""
    return f"{error.message}\n\n{error.hint}" if error.hint else error.message


def show_error(parent: QWidget | None, error: DhrDeskError, title: str = "DHR Desk") -> None:
    QMessageBox.warning(parent, title, error_text(error))


def run_op(
    parent: QWidget | None,
    fn: Callable[[], T],
    success_message: str | None = None,
    *,
    error_title: str = "DHR Desk",
    origin: object | None = None,
    show_message: Callable[[str], None] | None = None,
) -> T | None:
    """Run a (quick) store operation; return its result, or None when it failed.

    Failures are shown to the user. ``origin`` stamps the change notices of the
    writes (the screen that started them); ``show_message`` shows the success
    message (the main window's status bar), else a message box.
    """
    try:
        with change_origin(origin):
            result = fn()
    except DhrDeskError as exc:
        show_error(parent, exc, error_title)
        return None
    if success_message:
        if show_message is not None:
            show_message(success_message)
        else:
            QMessageBox.information(parent, "DHR Desk", success_message)
    return result
