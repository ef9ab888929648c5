"""What the window's small dialogs share: OK and Cancel buttons, the filter field of a
pick list, and asking modally."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit

from dhrdesk.core.errors import ValidationError

D = TypeVar("D", bound=QDialog)
T = TypeVar("T")


def ok_cancel(
    dialog: QDialog, ok_text: str = "", accept: Callable[[], Any] | None = None
) -> QDialogButtonBox:
    """OK and Cancel for ``dialog``: OK (renamed ``ok_text`` if given) runs ``accept``,
    by default the dialog's own; Cancel rejects it."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def accept_when_read(dialog: QDialog, read: Callable[[], object]) -> Callable[[], None]:
    """An OK handler that accepts ``dialog`` only when ``read()`` (of a date, say) raises
    no ValidationError; the field that could not be read shows why and has the focus."""

    def accept() -> None:
        try:
            read()
        except ValidationError:
            return
        dialog.accept()

    return accept


def filter_edit(placeholder: str) -> QLineEdit:
    """The filter field above a dialog's pick list, with a button that clears it."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def ask(dialog: D, answer: Callable[[D], T]) -> T | None:
    """Run ``dialog`` modally: ``answer(dialog)`` when accepted, None when cancelled.
    The dialog is deleted afterwards either way."""
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return answer(dialog)
    finally:
        dialog.deleteLater()
