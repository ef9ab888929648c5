"""Small widgets and layouts the review tabs share: the explanatory note, the scrolling
body, a bare column, a row and a titled group of widgets, a splitter, a tab's note above its
body, and the detail table of a master-detail tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

NOTE_STYLE = (
    "QLabel { color: #444; background: #f4f6f8; border-left: 3px solid #4a6b8a; padding: 6px; }"
)

if TYPE_CHECKING:
    from dhrdesk.ui.forms import FieldSpec
    from dhrdesk.ui.pages.base import PageContext

T = TypeVar("T", bound=QWidget)

#: In a column or row: the spare room goes here (``addStretch(1)``).
STRETCH = None

Item = QWidget | QLayout | tuple[QWidget | QLayout, int] | int | None
L = TypeVar("L", bound=QBoxLayout)


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


def add_items(layout: L, items: tuple[Item, ...]) -> L:
    """Add widgets and layouts to ``layout``; ``(item, stretch)`` gives one a stretch, a
    number is a fixed spacing, :data:`STRETCH` the spare room."""
    for item in items:
        if item is STRETCH:
            layout.addStretch(1)
            continue
        if isinstance(item, int):
            layout.addSpacing(item)
            continue
        thing, stretch = item if isinstance(item, tuple) else (item, 0)
        if isinstance(thing, QLayout):
            layout.addLayout(thing, stretch)
        else:
            layout.addWidget(thing, stretch)
    return layout


def column(*items: Item, bare: bool = True) -> QWidget:
    """A widget holding ``items`` top to bottom: bare (no margins), to put in a splitter
    or a form, or with the usual margins (``bare=False``), a page of a tab widget."""
    box = QWidget()
    layout = add_items(QVBoxLayout(box), items)
    if bare:
        layout.setContentsMargins(0, 0, 0, 0)
    return box


def group(title: str, *items: Item) -> QGroupBox:
    """A titled group box holding ``items`` top to bottom."""
    box = QGroupBox(title)
    add_items(QVBoxLayout(box), items)
    return box


def row(*items: Item) -> QHBoxLayout:
    """A row of ``items``, left to right."""
    return add_items(QHBoxLayout(), items)


def stack(*items: Item) -> QVBoxLayout:
    """A stack of ``items``, top to bottom (a layout, to nest in a row)."""
    return add_items(QVBoxLayout(), items)


def splitter(
    orientation: Qt.Orientation,
    *widgets: QWidget,
    stretch: tuple[int, ...] = (),
    sizes: tuple[int, ...] = (),
    collapsible: bool = True,
) -> QSplitter:
    """A splitter holding ``widgets``, with their stretch factors and first sizes if given."""
    split = QSplitter(orientation)
    split.setChildrenCollapsible(collapsible)
    for widget in widgets:
        split.addWidget(widget)
    for index, factor in enumerate(stretch):
        split.setStretchFactor(index, factor)
    if sizes:
        split.setSizes(list(sizes))
    return split


def fill(owner: QWidget, *items: Item) -> QVBoxLayout:
    """``owner``'s layout: ``items`` top to bottom."""
    return add_items(QVBoxLayout(owner), items)


def note_over(owner: QWidget, note: QWidget, body: QWidget) -> QVBoxLayout:
    """``owner``'s layout: its note on top, its body below taking the rest of the height."""
    return fill(owner, note, (body, 1))


def detail_table(
    table_class: type[T], context: PageContext, specs: list[FieldSpec], name: str, **options: Any
) -> T:
    """The detail table of a master-detail tab: empty, with nothing to add, until a master
    row is chosen (its ``set_source`` then gives it the rows and the factory)."""
    table = table_class(context, specs, load=lambda: [], factory=None, **options)
    table.setObjectName(name)
    return table
