"""Small widget makers the review tabs share: a named button, a named or wrapped label,
a paragraph box, any widget named, the ticked values of a check list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton, QWidget


def button(
    text: str, name: str, tooltip: str = "", slot: Callable[[], Any] | None = None
) -> QPushButton:
    """A push button with an object name (tests and styles find it), a tooltip, a slot."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    if tooltip:
        widget.setToolTip(tooltip)
    if slot is not None:
        widget.clicked.connect(lambda: slot())  # the slot never receives "checked"
    return widget


def styled_label(name: str, style: str, text: str = "") -> QLabel:
    """A word-wrapped label with an object name and a style sheet."""
    return label(name, style, wrap=True, text=text)


def label(name: str = "", style: str = "", *, wrap: bool = False, text: str = "") -> QLabel:
    """A label with an object name and a style sheet if given, word-wrapped if asked."""
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    if wrap:
        widget.setWordWrap(True)
    if style:
        widget.setStyleSheet(style)
    return widget


def wrapped(text: str) -> QLabel:
    """A plain word-wrapped label (an intro or explanation)."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    return widget


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with an object name (tests and styles find it by it)."""
    widget.setObjectName(name)
    return widget


def text_box(name: str, placeholder: str = "") -> QPlainTextEdit:
    """A named plain-text box for a paragraph; Tab moves on to the next field."""
    widget = QPlainTextEdit()
    widget.setObjectName(name)
    if placeholder:
        widget.setPlaceholderText(placeholder)
    widget.setTabChangesFocus(True)
    return widget


def checked_values(widget: QListWidget) -> list[Any]:
    """The data (``UserRole``) of the ticked items of a check list, top to bottom."""
    items = (widget.item(i) for i in range(widget.count()))
    return [
        item.data(Qt.ItemDataRole.UserRole)
        for item in items
        if item.checkState() == Qt.CheckState.Checked
    ]
