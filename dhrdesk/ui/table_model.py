"""The one table model: columns declared once, rows a list of objects.

Every read-only table of the app is a :class:`TableModel` over a list of row
objects (dataclasses from the core or the store). A table declares its columns
once, as :class:`Column` values: the header, how to get the display text from a
row, the alignment, the tooltip and the sort key. Colours and bold text come
from per-column or per-row hooks. Sorting goes through :class:`TableProxy`,
which compares the columns' Python sort keys (tuples, dates, numbers) directly.

Roles, the same in every table:

* ``Qt.DisplayRole``: ``column.text(row)``.
* ``Qt.ToolTipRole``: ``column.tooltip(row)``, or the text itself (``tooltip=True``).
* :data:`ID_ROLE` (``Qt.UserRole``): ``row_id(row)`` (the record's id, for tests and
  for selecting a row by id).
* :data:`ROW_ROLE`: the row object itself.

Example::

    class ReviewTableModel(TableModel[ReviewSummary]):
        columns = (
            Column("Reference", lambda r: r.reference),
            Column("Title", lambda r: r.title),
        )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

R = TypeVar("R")

ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 20  # clear of the UserRole + n roles tables define

Color = QColor | str | None
Align = Literal["left", "right", "center"]

_ALIGN = {
    "left": int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
    "right": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    "center": int(Qt.AlignmentFlag.AlignCenter),
}


def _brush(color: Color) -> QBrush | None:
    return QBrush(QColor(color)) if color else None


def text_sort_key(text: str) -> tuple[int, str]:
    """Text in case-blind order, blanks last."""
    return (1, "") if not text else (0, text.casefold())


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, display text and (optionally) everything else.

    ``tooltip``: True shows the text (when not empty), False none, or a function.
    ``sort``: the sort key (default: the text, case-blind, blanks last).
    ``foreground``/``background``/``bold``: per-cell hooks, before the row's own.
    """

    header: str
    text: Callable[[R], str]
    align: Align | None = None
    tooltip: bool | Callable[[R], str | None] = True
    sort: Callable[[R], Any] | None = None
    foreground: Callable[[R], Color] | None = None
    background: Callable[[R], Color] | None = None
    bold: Callable[[R], bool] | None = None
    header_tooltip: str = ""

    def sort_key(self, row: R) -> Any:
        if self.sort is not None:
            return self.sort(row)
        return text_sort_key(self.text(row))

    def tooltip_text(self, row: R) -> str | None:
        if self.tooltip is True:
            return self.text(row) or None
        if self.tooltip is False:
            return None
        return self.tooltip(row)


class TableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of row objects with declared :class:`Column` s.

    Declare ``columns`` on the subclass or pass them in. Optional hooks:
    ``row_id`` (what :data:`ID_ROLE` returns), ``row_foreground``/``row_background``
    (a colour for every cell of a row) and ``row_bold``.
    """

    columns: Sequence[Column[R]] = ()

    def __init__(
        self,
        columns: Sequence[Column[R]] | None = None,
        *,
        row_id: Callable[[R], Any] | None = None,
        row_foreground: Callable[[R], Color] | None = None,
        row_background: Callable[[R], Color] | None = None,
        row_bold: Callable[[R], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)
        self.row_id = row_id
        self.row_foreground = row_foreground
        self.row_background = row_background
        self.row_bold = row_bold
        self._rows: list[R] = []

    # -- rows
    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace every row (views keep their sort and filter)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.rows_changed()
        self.endResetModel()

    def rows_changed(self) -> None:
        """Called inside :meth:`set_rows`, before views see the new rows (drop caches here)."""

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def text(self, row: int, column: int) -> str:
        return self.columns[column].text(self._rows[row])

    def sort_key(self, row: int, column: int) -> Any:
        return self.columns[column].sort_key(self._rows[row])

    # -- Qt
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip_text(row)
        if role == ID_ROLE:
            return self.row_id(row) if self.row_id is not None else None
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN[column.align] if column.align else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column.foreground, self.row_foreground)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colour(row, column.background, self.row_background)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row, column)
        return None

    @staticmethod
    def _colour(
        row: R, cell: Callable[[R], Color] | None, whole_row: Callable[[R], Color] | None
    ) -> QBrush | None:
        color = cell(row) if cell is not None else None
        if not color and whole_row is not None:
            color = whole_row(row)
        return _brush(color)

    def _font(self, row: R, column: Column[R]) -> QFont | None:
        hook = column.bold or self.row_bold
        if hook is None:
            return None
        font = QFont()
        font.setBold(bool(hook(row)))
        return font

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].header_tooltip or None
        return None


class TableProxy(QSortFilterProxyModel):
    """Sorts a :class:`TableModel` by its columns' sort keys; a free-text filter over
    every column, case-blind. Subclasses add rules in :meth:`accepts`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        model = self.sourceModel()
        if isinstance(model, TableModel):
            return bool(
                model.sort_key(left.row(), left.column())
                < model.sort_key(right.row(), right.column())
            )
        return super().lessThan(left, right)

    def refilter(self, change: Callable[[], None]) -> None:
        """Apply ``change`` (to this proxy's filter settings) and filter again."""
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: Any) -> bool:
        """A subclass's own rule for one row object (before the free-text filter)."""
        return True

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        if isinstance(model, TableModel) and not self.accepts(model.row_at(source_row)):
            return False
        return super().filterAcceptsRow(source_row, source_parent)
