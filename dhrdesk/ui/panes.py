"""Layout helpers shared by the chronology and agency screens: a table of one-line rows,
and two panes side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QWidget,
)

ROW_HEIGHT = 24


def row_table(model: QAbstractItemModel, name: str, widths: Sequence[int]) -> QTableView:
    """A table of whole-row selection with one-line rows of a fixed height (quick to
    scroll at 10,000 rows), no row numbers, and the last column stretched."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    vertical = view.verticalHeader()
    vertical.hide()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(ROW_HEIGHT)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def side_by_side(
    left: QWidget, right: QWidget, stretch: tuple[int, int], sizes: tuple[int, int]
) -> QSplitter:
    """Two panes the user can resize, ``left`` and ``right``."""
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, stretch[0])
    split.setStretchFactor(1, stretch[1])
    split.setSizes(list(sizes))
    return split
