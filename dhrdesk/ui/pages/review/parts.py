"""Small widgets the review tabs share: the explanatory note and the scrolling body."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

NOTE_STYLE = (
    "QLabel { color: #444; background: #f4f6f8; border-left: 3px solid #4a6b8a; padding: 6px; }"
)


def note_label(text: str, name: str = "") -> QLabel:
    """The word-wrapped note at the top of a tab that says what it feeds and why."""
    note = QLabel(text)
    if name:
        note.setObjectName(name)
    note.setWordWrap(True)
    note.setStyleSheet(NOTE_STYLE)
    return note


def scrolled(body: QWidget) -> QScrollArea:
    """``body`` in a frameless scroll area that resizes it to the width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll
