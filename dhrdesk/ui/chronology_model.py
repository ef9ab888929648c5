"""Qt models for the combined chronology: a table model and a filtering proxy.

Why they look like this: a combined chronology can hold 10,000 rows from 30
agencies and must load, scroll and filter without visible lag. So a load builds
only each row's flags and colour; the display strings, tooltips and the lower-case
text the free-text filter searches are made for a row when first asked for (the
rows in sight, or every row once a text filter runs) and then kept, so ``data()``
mostly indexes a tuple. Filtering happens in
:meth:`ChronologyFilterProxy.filterAcceptsRow` over those values, never by building
QModelIndex objects or calling ``data()``. There are no per-row widgets: the key-event checkbox is a check
state, the flags are a coloured cell with a tooltip.

Edits (significance, key event) go through an ``on_edit`` callback that the tab
points at ``run_op(agency_input.save_entry)``; the row is updated in place only
when the save worked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from dhrdesk.core.chronology import FLAG_AFTER_DEATH, FLAG_OUTSIDE_PERIOD, FLAG_PARTIAL
from dhrdesk.core.model import ChronologyEntry
from dhrdesk.ui.table_model import ID_ROLE, ROW_ROLE, Column, TableModel

COLUMNS = [
    "Date",
    "Time",
    "Agency",
    "Age",
    "Interval (days)",
    "Source",
    "Event / contact",
    "Action / outcome",
    "Agency comment",
    "Significance",
    "Key event",
    "Themes",
    "Flags",
]
(
    COL_DATE,
    COL_TIME,
    COL_AGENCY,
    COL_AGE,
    COL_INTERVAL,
    COL_SOURCE,
    COL_EVENT,
    COL_ACTION,
    COL_COMMENT,
    COL_SIGNIFICANCE,
    COL_KEY,
    COL_THEMES,
    COL_FLAGS,
) = range(len(COLUMNS))

FLAG_DUPLICATE = "possible duplicate"
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole
PARTIAL_MARK = " ~"

FLAG_COLORS = {
    FLAG_AFTER_DEATH: QColor("#fde2e1"),
    FLAG_OUTSIDE_PERIOD: QColor("#fff3cd"),
    FLAG_DUPLICATE: QColor("#e3ecfa"),
}
FLAG_SYMBOLS = {
    FLAG_AFTER_DEATH: "after death",
    FLAG_OUTSIDE_PERIOD: "outside period",
    FLAG_DUPLICATE: "duplicate?",
}
PARTIAL_COLOR = QColor("#5f4b00")


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Names:
    """The theme and subject names the display text of every row uses (shared)."""

    __slots__ = ("themes", "subjects")

    def __init__(self, themes: dict[str, str], subjects: dict[int, str]) -> None:
        self.themes = themes
        self.subjects = subjects


class _Row:
    """One row: the flags the filter tests at once; the display text, tooltips and the
    filter's lower-case text only when first asked for (the view asks for the rows in
    sight), so a 10,000-row load builds no strings for the rows nobody scrolls to."""

    __slots__ = ("entry", "row", "names", "flags", "background", "_cells", "_tips", "_search")

    def __init__(self, row: Any, names: _Names) -> None:
        self.entry: ChronologyEntry = row.entry
        self.row = row
        self.names = names
        self.recompute()

    def recompute(self) -> None:
        """Forget the text built so far (after an edit or new names); flags at once."""
        row = self.row
        flags = tuple(f for f in row.flags if f != FLAG_PARTIAL)
        if row.duplicate_candidates:
            flags += (FLAG_DUPLICATE,)
        self.flags = flags
        self.background = FLAG_COLORS[flags[0]] if flags else None
        self._cells: tuple[str, ...] | None = None
        self._tips: dict[int, str] | None = None
        self._search: str | None = None

    @property
    def subject_ids(self) -> list[int]:
        return self.entry.subject_ids

    @property
    def themes(self) -> list[str]:
        return self.entry.themes

    def date_text(self) -> str:
        return self.row.when.display() + (PARTIAL_MARK if self.row.is_partial else "")

    def _theme_text(self) -> str:
        return ", ".join(self.names.themes.get(t, t) for t in self.entry.themes)

    @property
    def cells(self) -> tuple[str, ...]:
        if self._cells is None:
            entry, row = self.entry, self.row
            self._cells = (
                self.date_text(),
                entry.time,
                row.agency,
                row.age,
                "" if row.interval_days is None else f"{row.interval_days:,}",
                _one_line(entry.source, 80),
                _one_line(entry.event),
                _one_line(entry.action),
                _one_line(entry.agency_comment),
                _one_line(entry.significance),
                "",
                self._theme_text(),
                " · ".join(FLAG_SYMBOLS.get(f, f) for f in self.flags),
            )
        return self._cells

    @property
    def tips(self) -> dict[int, str]:
        if self._tips is None:
            self._tips = self._make_tips()
        return self._tips

    def _make_tips(self) -> dict[int, str]:
        entry, row = self.entry, self.row
        tips: dict[int, str] = {}
        if row.is_partial:
            tips[COL_DATE] = "partial date: only the month or year is known"
        for column, text in (
            (COL_EVENT, entry.event),
            (COL_ACTION, entry.action),
            (COL_COMMENT, entry.agency_comment),
            (COL_SIGNIFICANCE, entry.significance),
            (COL_SOURCE, entry.source),
        ):
            if len(text) > 60 or "\n" in text:
                tips[column] = text
        if self.flags:
            words = []
            for flag in self.flags:
                if flag == FLAG_DUPLICATE:
                    count = len(row.duplicate_candidates)
                    words.append(
                        f"possible duplicate of {count} row{'s' if count != 1 else ''} "
                        "from another agency"
                    )
                else:
                    words.append(flag)
            tips[COL_FLAGS] = "; ".join(words)
        if entry.subject_ids:
            names = [self.names.subjects.get(s, "?") for s in entry.subject_ids]
            tips[COL_AGENCY] = f"{row.agency} · about {', '.join(names)}"
        themes = self._theme_text()
        if themes:
            tips[COL_THEMES] = themes
        return tips

    @property
    def search(self) -> str:
        """The lower-case text the free-text filter searches (kept once made: a filter
        runs again at every keystroke)."""
        if self._search is None:
            entry = self.entry
            self._search = " ".join(
                (
                    self.row.agency,
                    entry.source,
                    entry.event,
                    entry.action,
                    entry.agency_comment,
                    entry.significance,
                    self._theme_text(),
                    self.date_text(),
                )
            ).lower()
        return self._search


def _cell(column: int) -> Callable[[_Row], str]:
    return lambda row: row.cells[column]


def _tip(column: int) -> Callable[[_Row], str | None]:
    return lambda row: row.tips.get(column)


def _flag_background(row: _Row) -> QColor | None:
    return row.background


HEADER_TIPS = {
    COL_SIGNIFICANCE: "The chair's view of why this matters (double-click to edit)",
    COL_KEY: "Tick the events the overview report must discuss",
    COL_DATE: "Dates marked ~ are partial: only the month or year is known",
}
ALIGNS: dict[int, Any] = {COL_AGE: "right", COL_INTERVAL: "right", COL_KEY: "center"}


def _column(index: int, header: str) -> Column[_Row]:
    return Column(
        header,
        _cell(index),
        align=ALIGNS.get(index),
        tooltip=_tip(index),
        background=_flag_background if index in (COL_DATE, COL_FLAGS) else None,
        foreground=(lambda row: PARTIAL_COLOR if row.row.is_partial else None)
        if index == COL_DATE
        else None,
        header_tooltip=HEADER_TIPS.get(index, ""),
    )


_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        ID_ROLE,
        ROW_ROLE,
    )
)


class ChronologyTableModel(TableModel[_Row]):
    """The combined chronology rows (dhrdesk.core.chronology.CombinedRow), read fast.

    A :class:`TableModel` over precomputed rows, plus the key-event check box and the
    editable significance (saved through ``on_edit``).
    """

    columns = tuple(_column(index, header) for index, header in enumerate(COLUMNS))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(row_id=lambda row: row.entry.id, parent=parent)
        self._by_id: dict[int, int] = {}
        self.theme_names: dict[str, str] = {}
        self.subject_names: dict[int, str] = {}
        # (entry, changes) -> saved entry or None; set by the tab to run_op(save_entry).
        self.on_edit: Callable[[ChronologyEntry, dict[str, Any]], ChronologyEntry | None] | None = (
            None
        )

    # -- loading
    def set_rows(  # type: ignore[override]
        self,
        rows: Iterable[Any],
        theme_names: dict[str, str] | None = None,
        subject_names: dict[int, str] | None = None,
    ) -> None:
        """Replace everything shown; display strings are built when first shown."""
        if theme_names is not None:
            self.theme_names = theme_names
        if subject_names is not None:
            self.subject_names = subject_names
        names = _Names(self.theme_names, self.subject_names)
        super().set_rows(_Row(r, names) for r in rows)

    def rows_changed(self) -> None:
        self._by_id = {r.entry.id: i for i, r in enumerate(self._rows)}

    # -- access for the tab and the proxy
    def row_data(self, row: int) -> _Row:
        return self._rows[row]

    def combined_row(self, row: int) -> Any:
        return self._rows[row].row

    def entry_at(self, row: int) -> ChronologyEntry:
        return self._rows[row].entry

    def row_of(self, entry_id: int) -> int | None:
        return self._by_id.get(entry_id)

    def entry_by_id(self, entry_id: int) -> ChronologyEntry | None:
        index = self._by_id.get(entry_id)
        return None if index is None else self._rows[index].entry

    def flagged_count(self) -> int:
        return sum(1 for r in self._rows if r.flags)

    def duplicate_pairs(self) -> list[tuple[int, int]]:
        pairs = set()
        for r in self._rows:
            for other in r.row.duplicate_candidates:
                pairs.add((min(r.entry.id, other), max(r.entry.id, other)))
        return sorted(pairs, key=lambda p: (self._by_id.get(p[0], 0), p))

    # -- Qt: the check box and the editable significance
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if index.column() != COL_KEY:
                return None
            key = self._rows[index.row()].entry.key_event
            return Qt.CheckState.Checked if key else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole:
            if index.column() != COL_SIGNIFICANCE:
                return None
            return self._rows[index.row()].entry.significance
        if role not in _ROLES:  # the view asks for many roles no column gives
            return None
        return super().data(index, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_KEY:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COL_SIGNIFICANCE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not index.isValid():
            return False
        column = index.column()
        if column == COL_KEY and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.update_entry(index.row(), {"key_event": checked})
        if column == COL_SIGNIFICANCE and role == Qt.ItemDataRole.EditRole:
            return self.update_entry(index.row(), {"significance": str(value).strip()})
        return False

    def update_entry(self, row: int, changes: dict[str, Any]) -> bool:
        """Save changed chair fields of one row (through ``on_edit``) and show them."""
        current = self._rows[row]
        if all(getattr(current.entry, k) == v for k, v in changes.items()):
            return True
        edited = dataclasses.replace(current.entry, **changes)
        if self.on_edit is not None:
            saved = self.on_edit(edited, changes)
            if saved is None:
                return False
            edited = saved
        current.entry = edited
        current.row.entry = edited
        current.recompute()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        return True


class ChronologyFilterProxy(QSortFilterProxyModel):
    """Filters by agency (several), subject, theme, key events, flags and free text.

    Reads the source model's precomputed rows directly, so one filter pass over
    10,000 rows is a plain Python loop with set look-ups and one substring test.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.agencies: frozenset[str] | None = None  # agency names; None = all
        self.subject_id: int | None = None
        self.theme: str | None = None
        self.key_only = False
        self.flagged_only = False
        self.words: tuple[str, ...] = ()
        self._model: ChronologyTableModel | None = None

    def setSourceModel(self, model: Any) -> None:
        self._model = model  # read its rows directly: no QModelIndex per filtered row
        super().setSourceModel(model)

    def set_filters(self, **values: Any) -> None:
        """Change one or more filters (agencies, subject_id, theme, key_only, flagged_only, text)."""
        if "text" in values:
            values["words"] = tuple(str(values.pop("text")).lower().split())
        changed = {k: v for k, v in values.items() if getattr(self, k) != v}
        if not changed:
            return
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:
            begin()
        for key, value in changed.items():
            setattr(self, key, value)
        if begin is not None:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.invalidateFilter()

    @property
    def active(self) -> bool:
        return bool(
            self.agencies is not None
            or self.subject_id is not None
            or self.theme
            or self.key_only
            or self.flagged_only
            or self.words
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        row = self._model.row_at(source_row)  # type: ignore[union-attr]
        if self.agencies is not None and row.row.agency not in self.agencies:
            return False
        if self.key_only and not row.entry.key_event:
            return False
        if self.flagged_only and not row.flags:
            return False
        if self.subject_id is not None and self.subject_id not in row.subject_ids:
            return False
        if self.theme and self.theme not in row.themes:
            return False
        if self.words:
            text = row.search
            for word in self.words:
                if word not in text:
                    return False
        return True
