"""The combined chronology: every agency's rows merged by date, for the chair to analyse.

What the chair does here: read across agencies in date order (partial dates are
marked "~"), filter to an agency, subject, theme, key events or flagged rows,
search the text, add significance, key-event flags and themes, and decide the
possible duplicates (the same event reported by two agencies): merge them
(keep one, the other stays in the store, hidden, and can be unmerged) or keep
both (stop suggesting the pair). Flags (outside the review period, after the
death, possible duplicate) are shown, never silently dropped.

The table is a QTableView over :class:`ChronologyTableModel` and
:class:`ChronologyFilterProxy` (dhrdesk.ui.chronology_model), built to stay
quick with 10,000 rows (see benchmarks/chronology.py). The parts of the tab are in
chronology_panels; reads, writes and texts in dhrdesk.ui.presenters.chronology.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QVBoxLayout

from dhrdesk.core import model as m
from dhrdesk.ui.chronology_model import (
    COL_KEY,
    ENTRY_ID_ROLE,
    ChronologyFilterProxy,
    ChronologyTableModel,
)
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review import chronology_rows
from dhrdesk.ui.pages.review.chronology_panels import (
    AgencyPicker,
    ChronologyFilters,
    DuplicatesPanel,
    MergedPanel,
    RowPanel,
    StatusBar,
    chronology_table,
    side_tabs,
    table_and_side,
)
from dhrdesk.ui.presenters import chronology as cp
from dhrdesk.ui.presenters.chronology import CHAIR_SOURCES, ChronologyPresenter

__all__ = ["CHAIR_SOURCES", "AgencyPicker", "ChronologyTab"]

BACKGROUND_ROWS = 2000  # above this, the merge runs off the GUI thread
MERGED_TAB = 2
# The merged rows, and what their flags and ages come from (period, death, births).
SHOWS = (
    "chronology_entry",
    "chronology_pair",
    "agency",
    "subject",
    "review",
    "terms_of_reference",
    "register_entry",
)


class ChronologyTab(ReviewTab):
    """The combined chronology of a review with filters, chair's edits and duplicates."""

    watches = SHOWS
    object_name = "chronologyTab"
    presenter_class = ChronologyPresenter

    def build(self) -> None:
        self.theme_names = self.presenter.theme_names
        self._current_id: int | None = None
        self._panel_dirty = False
        self._loaded_at: Any = None
        self._last_count: int | None = None
        self.loading = False
        self.filters = ChronologyFilters(self.presenter.themes)
        self.filters.changed.connect(self._apply_filters)
        self.model = ChronologyTableModel(self)
        self.model.theme_names = self.theme_names
        self.model.on_edit = self._save_edit
        self.proxy = ChronologyFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = chronology_table(self.proxy)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.row_panel = RowPanel(self.presenter.themes, self.save_panel)
        self.row_panel.edited.connect(self._panel_edited)
        self.duplicates = DuplicatesPanel(self.merge_selected_pair, self.keep_both_selected_pair)
        self.merged = MergedPanel(self.unmerge_selected)
        self.side = side_tabs(
            (self.row_panel, "Selected row"),
            (self.duplicates, "Possible duplicates"),
            (self.merged, "Merged rows"),
        )
        self.side.currentChanged.connect(lambda i: i == MERGED_TAB and self._fill_merged())
        self.bar = StatusBar(self.add_row, self.correct_row, self.export_xlsx)
        self.status = self.bar.status
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(table_and_side(self.view, self.side), 1)
        layout.addWidget(self.bar)
        self.refresh()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Reload when the store changed since the last load (an unchanged 10,000-row
        chronology is not rebuilt)."""
        if self._loaded_at is not None and self.context.store.last_saved == self._loaded_at:
            return
        self.reload()

    def reload(self) -> None:
        """Reload the combined chronology (one store read; display text built for the
        rows shown, when shown).

        Merging a large chronology takes seconds at 10,000 rows, so unless the last
        load was small it runs off the GUI thread and the table is filled when done.
        """
        self._loaded_at = self.context.store.last_saved
        if self._last_count is not None and self._last_count < BACKGROUND_ROWS:
            self._apply_loaded(self.context.run_op(self.presenter.load) or ([], []))
        else:
            self.loading = True
            self.status.setText("Merging the agencies' chronologies…")
            self.context.run_in_background(
                self.presenter.load, self._apply_loaded, "Merging the chronology…"
            )

    def _apply_loaded(self, result: tuple[list, list[m.Subject]]) -> None:
        if not shiboken6.isValid(self):  # the tab was closed while the merge ran
            return
        self.loading = False
        rows, subjects = result
        self._last_count = len(rows)
        keep, self._current_id = self._current_id, None
        subject_names = {s.id: s.pseudonym for s in subjects}
        self.model.set_rows(rows, self.theme_names, subject_names)
        agencies = sorted({r.row.agency for r in self.model.rows()}, key=str.casefold)
        self.filters.set_choices(agencies, subjects)
        self._apply_filters()
        self._fill_pairs()
        if self.side.currentIndex() == MERGED_TAB:
            self._fill_merged()
        if keep is None or not self.select_entry(keep):
            self._show_row(None)
        self._update_status()

    def _update_status(self) -> None:
        pairs = self.duplicates.pair_list.count()
        self.status.setText(
            cp.status_text(
                self.model.rowCount(), self.proxy.rowCount(), self.model.flagged_count(), pairs
            )
        )
        self.side.setTabText(1, f"Possible duplicates ({pairs})")

    def _apply_filters(self) -> None:
        self.proxy.set_filters(**self.filters.values())
        self._update_status()

    def set_search_now(self, text: str) -> None:
        """Type into the search box and filter at once (skips the keystroke delay)."""
        self.filters.search.setText(text)
        self.filters.apply_now()

    # ------------------------------------------------------------------ selection
    def select_entry(self, entry_id: int) -> bool:
        if self.loading:  # the merge is still running: select the row when it lands
            self._current_id = entry_id
            return True
        source_row = self.model.row_of(entry_id)
        index = (
            None
            if source_row is None
            else self.proxy.mapFromSource(self.model.index(source_row, 0))
        )
        if index is None or not index.isValid():
            self._show_row(None)
            return False
        flags = QItemSelectionModel.SelectionFlag
        self.view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.view.scrollTo(index)
        return True

    def current_entry(self) -> m.ChronologyEntry | None:
        return None if self._current_id is None else self.model.entry_by_id(self._current_id)

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if self._panel_dirty:
            self.save_panel()
        self._show_row(current.data(ENTRY_ID_ROLE) if current.isValid() else None)

    def _show_row(self, entry_id: int | None) -> None:
        found = entry_id is not None and self.model.row_of(entry_id) is not None
        self._current_id = entry_id if found else None
        self._panel_dirty = False
        if entry_id is None or not found:
            self.row_panel.show_row(None, None)
            return
        shown = [self.proxy.index(r, 0).data(ENTRY_ID_ROLE) for r in range(self.proxy.rowCount())]
        self.row_panel.show_entry(self.model, shown, entry_id)

    def _panel_edited(self) -> None:
        self._panel_dirty = self._current_id is not None

    # ------------------------------------------------------------------ edits
    def _save_edit(
        self, entry: m.ChronologyEntry, _changes: dict[str, Any]
    ) -> m.ChronologyEntry | None:
        """The model's write path: one run_op per edit, the row changes only when saved."""
        return self.context.run_op(lambda: self.presenter.save_entry(entry))

    def save_panel(self) -> bool:
        """Save the side panel's significance, key event and themes for the selected row."""
        entry_id = self._current_id
        if entry_id is None or not self._panel_dirty:
            return True
        source_row = self.model.row_of(entry_id)
        if source_row is None:
            return False
        significance, key_event, themes = self.row_panel.values()
        changes = {"significance": significance.strip(), "key_event": key_event, "themes": themes}
        ok = self.model.update_entry(source_row, changes)
        if ok:
            self._panel_dirty = False
            self.row_panel.saved()
        return ok

    def set_key_event(self, entry_id: int, on: bool) -> bool:
        """Tick or untick a row's key-event box in the table (as a click would)."""
        source_row = self.model.row_of(entry_id)
        if source_row is None:
            return False
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        index = self.model.index(source_row, COL_KEY)
        return self.model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)

    # ------------------------------------------------------------------ duplicates
    def _fill_pairs(self) -> None:
        self.duplicates.show_pairs(self.model)

    def selected_pair(self) -> tuple[int, int] | None:
        return self.duplicates.selected()

    def _decide(self, write: Any, message: str) -> bool:
        if self.context.run_op(write, message) is None:
            return False
        self.reload()
        if self.side.currentIndex() == MERGED_TAB:
            self._fill_merged()
        return True

    def merge_selected_pair(self) -> bool:
        pair = self.selected_pair()
        return pair is not None and self._decide(
            lambda: self.presenter.merge(*pair),
            "Merged the two rows; the right-hand row is kept under “Merged rows”.",
        )

    def keep_both_selected_pair(self) -> bool:
        pair = self.selected_pair()
        return pair is not None and self._decide(
            lambda: self.presenter.keep_both(*pair), "Kept both rows as different events."
        )

    def _fill_merged(self) -> None:
        rows = self.context.run_op(self.presenter.merged_rows) or []
        self.merged.set_rows(rows)
        self.side.setTabText(MERGED_TAB, f"Merged rows ({len(rows)})")

    def unmerge_selected(self) -> bool:
        entry_id = self.merged.selected_id()
        return entry_id is not None and self._decide(
            lambda: self.presenter.unmerge(entry_id), "The row is shown again."
        )

    # ------------------------------------------------------------------ chair's rows
    def _edit_row(self, entry: m.ChronologyEntry, *, correct: bool) -> int | None:
        saved = chronology_rows.edit_row(self, self.context, self.presenter, entry, correct=correct)
        if saved is not None:
            self.reload()
            self.select_entry(saved)
        return saved

    def add_row(self) -> int | None:
        """Add an event from the family or another source outside the agencies."""
        return self._edit_row(self.presenter.new_row(), correct=False)

    def correct_row(self) -> int | None:
        """Correct the selected row's date or text; the change is recorded in the audit log."""
        entry = self.current_entry()
        return None if entry is None else self._edit_row(dataclasses.replace(entry), correct=True)

    def export_xlsx(self, path: Path | None = None) -> Path | None:
        """Save the combined chronology as an Excel workbook (asks where; warns it is not
        encrypted)."""
        if path is None:
            path = chronology_rows.ask_export_path(self, self.presenter.export_file_name())
            if path is None:
                return None
        rows = [r.row for r in self.model.rows()]
        return self.context.run_op(
            lambda: self.presenter.export(rows, Path(path)), "Chronology exported."
        )

    def save_pending(self) -> None:
        """Save the side panel's edits for the selected row (called before locking)."""
        entry = self.current_entry()
        if entry is None or not self._panel_dirty:
            return
        self.presenter.save_chair_fields(entry, *self.row_panel.values())
        self._panel_dirty = False
