"""Small widget makers the review tabs share: a named button, a named styled label."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton


def button(
    text: str, name: str, tooltip: str = "", slot: Callable[[], Any] | None = None
) -> QPushButton:
    """A push button with an object name (tests and styles find it), a tooltip, a slot."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    if tooltip:
        widget.setToolTip(tooltip)
    if slot is not None:
        widget.clicked.connect(lambda: slot())  # the slot never receives "checked"
    return widget


def styled_label(name: str, style: str, text: str = "") -> QLabel:
    """A word-wrapped label with an object name and a style sheet."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label
