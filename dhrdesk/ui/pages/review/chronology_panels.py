"""The parts of the combined chronology tab: the filter bar, the table and the side panels.

Layout and wiring only: each part shows what the tab gives it and says through a
signal or callback what the chair asked for. Reads, writes and texts are in
dhrdesk.ui.presenters.chronology.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.ui.chronology_model import (
    COL_ACTION,
    COL_AGE,
    COL_AGENCY,
    COL_COMMENT,
    COL_DATE,
    COL_EVENT,
    COL_FLAGS,
    COL_INTERVAL,
    COL_KEY,
    COL_SIGNIFICANCE,
    COL_SOURCE,
    COL_THEMES,
    COL_TIME,
    ChronologyTableModel,
)
from dhrdesk.ui.pages.review.controls import button
from dhrdesk.ui.pages.review.people import NOTE_STYLE
from dhrdesk.ui.panes import row_table, side_by_side
from dhrdesk.ui.presenters import chronology as cp
from dhrdesk.ui.presenters.chronology import MergedRow

FILTER_DELAY_MS = 150
COLUMN_WIDTHS = {
    COL_DATE: 150,  # "30 September 2020 ~" in full: dates never truncate
    COL_TIME: 46,
    COL_AGENCY: 140,
    COL_AGE: 44,
    COL_INTERVAL: 96,
    COL_SOURCE: 120,
    COL_EVENT: 250,
    COL_ACTION: 170,
    COL_COMMENT: 120,
    COL_SIGNIFICANCE: 170,
    COL_KEY: 70,
    COL_THEMES: 150,
    COL_FLAGS: 130,
}
PAIR_STYLE = (
    "QLabel { background: #fafafa; border: 1px solid #ddd; border-radius: 4px; padding: 6px; }"
)
EMPTY_ROW_TEXT = "Select a row to add significance, key event and themes."
STATUS_STYLE = "QLabel { color: #333; padding: 2px 4px; }"
LEGEND_TIP = (
    "~ partial date (month or year only). Flags: red after the death, yellow outside "
    "the review period, blue possible duplicate. Double-click Significance to edit."
)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _button_row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in buttons:
        row.addWidget(widget)
    return row


def chronology_table(model: QAbstractItemModel) -> QTableView:
    """The table of the combined chronology: one row selected at a time, columns wide
    enough that dates never truncate, significance edited in place."""
    widths = [COLUMN_WIDTHS[column] for column in sorted(COLUMN_WIDTHS)]
    view = row_table(model, "chronologyTable", widths)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.setAlternatingRowColors(True)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


class AgencyPicker(QToolButton):
    """A drop-down of checkable agencies: none ticked means all agencies."""

    def __init__(self, on_change: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencyFilter")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self._on_change = on_change
        self._actions: dict[str, QAction] = {}
        self.set_agencies([])

    def set_agencies(self, names: list[str]) -> None:
        keep = self.chosen() or set()
        menu = self.menu()
        menu.clear()
        self._actions = {}
        menu.addAction("All agencies").triggered.connect(self.clear)
        menu.addSeparator()
        for name in names:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in keep)
            action.toggled.connect(lambda _on: self._changed())
            self._actions[name] = action
        self._update_text()

    def chosen(self) -> set[str] | None:
        picked = {name for name, action in self._actions.items() if action.isChecked()}
        return picked or None

    def set_chosen(self, names: set[str] | None) -> None:
        for name, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(bool(names) and name in names)
            action.blockSignals(False)
        self._changed()

    def clear(self) -> None:
        self.set_chosen(None)

    def _update_text(self) -> None:
        picked = self.chosen()
        if not picked:
            self.setText("All agencies")
        elif len(picked) == 1:
            self.setText(next(iter(picked)))
        else:
            self.setText(f"{len(picked)} agencies")

    def _changed(self) -> None:
        self._update_text()
        self._on_change()


class ChronologyFilters(QWidget):
    """The filter bar: agencies, subject, theme, key events, flagged rows, free text.

    ``changed`` fires when a filter changes (the free text after a short pause).
    """

    changed = Signal()

    def __init__(self, themes: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agency_filter = AgencyPicker(self.apply_now)
        self.subject_filter = QComboBox()
        self.subject_filter.setObjectName("subjectFilter")
        self.theme_filter = QComboBox()
        self.theme_filter.setObjectName("themeFilter")
        self.theme_filter.addItem("All themes", None)
        # Long theme names must not push the search box off a laptop screen.
        self.theme_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.theme_filter.setMinimumContentsLength(16)
        for theme in themes:
            self.theme_filter.addItem(f"{theme.number}. {theme.name}", theme.id)
        self.key_only = QCheckBox("Key events only")
        self.key_only.setObjectName("keyOnly")
        self.flagged_only = QCheckBox("Flagged only")
        self.flagged_only.setObjectName("flaggedOnly")
        self.search = QLineEdit()
        self.search.setObjectName("chronologySearch")
        self.search.setPlaceholderText("Search every row… (Ctrl+F)")
        self.search.setMinimumWidth(180)
        self.search.setProperty("findBox", True)  # Ctrl+F lands here
        self.search.setAccessibleName("Search the chronology")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_now)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.subject_filter, self.theme_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_now())
        for box in (self.key_only, self.flagged_only):
            box.toggled.connect(lambda _on: self.apply_now())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Show:"))
        for widget in (self.agency_filter, self.subject_filter, self.theme_filter):
            layout.addWidget(widget)
        layout.addWidget(self.key_only)
        layout.addWidget(self.flagged_only)
        layout.addWidget(self.search, 1)

    def apply_now(self) -> None:
        self._timer.stop()
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """The filters as ChronologyFilterProxy.set_filters takes them."""
        picked = self.agency_filter.chosen()
        return {
            "agencies": frozenset(picked) if picked else None,
            "subject_id": self.subject_filter.currentData(),
            "theme": self.theme_filter.currentData(),
            "key_only": self.key_only.isChecked(),
            "flagged_only": self.flagged_only.isChecked(),
            "text": self.search.text(),
        }

    def set_choices(self, agencies: list[str], subjects: list[m.Subject]) -> None:
        """The agencies and subjects to choose from (the current choice is kept)."""
        self.agency_filter.set_agencies(agencies)
        current = self.subject_filter.currentData()
        self.subject_filter.blockSignals(True)
        self.subject_filter.clear()
        self.subject_filter.addItem("All subjects", None)
        for subject in subjects:
            self.subject_filter.addItem(subject.pseudonym, subject.id)
        self.subject_filter.setCurrentIndex(max(self.subject_filter.findData(current), 0))
        self.subject_filter.blockSignals(False)


class RowPanel(QWidget):
    """The selected row in full, with the chair's significance, key-event box and themes."""

    edited = Signal()

    def __init__(self, themes: Sequence[Any], on_save: Callable[[], Any]) -> None:
        super().__init__()
        self.loading = False
        self.row_summary = QLabel(EMPTY_ROW_TEXT)
        self.row_summary.setObjectName("rowSummary")
        self.row_summary.setWordWrap(True)
        self.row_summary.setTextFormat(Qt.TextFormat.RichText)
        self.row_summary.setStyleSheet(PAIR_STYLE)
        self.row_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.row_summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.significance_edit = QPlainTextEdit()
        self.significance_edit.setObjectName("significanceEdit")
        self.significance_edit.setPlaceholderText(
            "Why this matters for the review: what was known, missed opportunities…"
        )
        self.significance_edit.setMinimumHeight(60)
        self.significance_edit.setMaximumHeight(110)
        self.key_edit = QCheckBox("Key event")
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setToolTip("An event the overview report must discuss")
        self.themes_edit = QListWidget()
        self.themes_edit.setObjectName("themesEdit")
        for theme in themes:
            item = QListWidgetItem(f"{theme.number}. {theme.name}")
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setToolTip(theme.description)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.themes_edit.addItem(item)
        self.save_row_button = button("Save row", "saveRowButton", slot=on_save)
        self.significance_edit.textChanged.connect(self._edited)
        self.key_edit.toggled.connect(lambda _on: self._edited())
        self.themes_edit.itemChanged.connect(lambda _item: self._edited())
        form = QFormLayout()
        form.addRow("Significance", self.significance_edit)
        form.addRow("", self.key_edit)
        form.addRow("Themes", self.themes_edit)
        # The whole event and outcome, with the rows either side: scrolls when long.
        reading = QScrollArea()
        reading.setObjectName("readingPane")
        reading.setWidgetResizable(True)
        reading.setFrameShape(QScrollArea.Shape.NoFrame)
        reading.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        reading.setWidget(self.row_summary)
        reading.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.addWidget(reading, 2)
        layout.addLayout(form, 1)
        layout.addLayout(_button_row(self.save_row_button))
        self._set_enabled(False)

    def _edited(self) -> None:
        if not self.loading and self.significance_edit.isEnabled():
            self.save_row_button.setEnabled(True)
            self.edited.emit()

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.significance_edit, self.key_edit, self.themes_edit):
            widget.setEnabled(on)
        self.save_row_button.setEnabled(False)

    def show_row(self, summary: str | None, entry: m.ChronologyEntry | None) -> None:
        """Show a row (summary text and the chair's fields), or nothing selected."""
        self.loading = True
        try:
            self.row_summary.setText(summary if entry is not None else EMPTY_ROW_TEXT)
            self.significance_edit.setPlainText(entry.significance if entry else "")
            self.key_edit.setChecked(bool(entry and entry.key_event))
            self.set_themes(list(entry.themes) if entry else [])
            self._set_enabled(entry is not None)
        finally:
            self.loading = False

    def show_entry(self, model: ChronologyTableModel, shown: list[int], entry_id: int) -> None:
        """Show one row of ``model`` with the rows before and after it in ``shown`` (ids)."""
        data = model.row_data(model.row_of(entry_id))
        when = data.cells[COL_DATE]
        summary = cp.row_summary(data.entry, data.row.agency, when, data.tips.get(COL_FLAGS))
        neighbours = []
        at = shown.index(entry_id) if entry_id in shown else None
        for label, other in (("Before", -1), ("After", 1)):
            if at is None or not 0 <= at + other < len(shown):
                continue
            source_row = model.row_of(shown[at + other])
            if source_row is not None:
                near = model.row_data(source_row)
                neighbours.append((label, near.cells[COL_DATE], near.row.agency, near.entry.event))
        self.show_row(summary + cp.neighbours_text(neighbours), data.entry)

    def saved(self) -> None:
        self.save_row_button.setEnabled(False)

    def themes(self) -> list[str]:
        items = [self.themes_edit.item(i) for i in range(self.themes_edit.count())]
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_themes(self, theme_ids: list[str]) -> None:
        for i in range(self.themes_edit.count()):
            item = self.themes_edit.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in theme_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def values(self) -> tuple[str, bool, list[str]]:
        """Significance, key event, themes as typed."""
        return self.significance_edit.toPlainText(), self.key_edit.isChecked(), self.themes()


class DuplicatesPanel(QWidget):
    """Possible duplicates, one pair at a time side by side: merge or keep both."""

    def __init__(self, on_merge: Callable[[], Any], on_keep_both: Callable[[], Any]) -> None:
        super().__init__()
        self._pairs: list[tuple[int, int]] = []
        self._model: Any = None
        self.pair_list = QListWidget()
        self.pair_list.setObjectName("pairList")
        self.pair_list.currentRowChanged.connect(self._pair_changed)
        self.left_label = QLabel()
        self.right_label = QLabel()
        pair = QHBoxLayout()
        for label in (self.left_label, self.right_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setStyleSheet(PAIR_STYLE)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            pair.addWidget(label, 1)
        self.merge_button = button("Merge (keep left)", "mergeButton", slot=on_merge)
        self.keep_both_button = button("Keep both", "keepBothButton", slot=on_keep_both)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                "Rows from two agencies on the same date with similar text. Merge to keep one "
                "(the other is kept in the store and can be unmerged), or keep both."
            )
        )
        layout.addWidget(self.pair_list, 1)
        layout.addLayout(pair, 1)
        layout.addLayout(_button_row(self.keep_both_button, self.merge_button))

    def show_pairs(self, model: ChronologyTableModel) -> None:
        """The possible duplicates among the rows of ``model`` (a pair's two rows are
        described when it is chosen)."""
        self._model = model
        self._pairs = model.duplicate_pairs()
        texts = []
        for ids in self._pairs:
            a, b = (model.row_data(model.row_of(i)) for i in ids)
            texts.append(cp.pair_text(a.date_text(), a.row.agency, b.row.agency, a.entry))
        self.pair_list.blockSignals(True)
        self.pair_list.clear()
        self.pair_list.addItems(texts)
        self.pair_list.blockSignals(False)
        if self._pairs:
            self.pair_list.setCurrentRow(0)
        self._pair_changed(self.pair_list.currentRow())

    def _describe(self, entry_id: int) -> str:
        row = self._model.row_data(self._model.row_of(entry_id))
        return cp.describe_entry(row.entry, row.row.agency, row.date_text())

    def _pair_changed(self, row: int) -> None:
        valid = 0 <= row < len(self._pairs)
        self.merge_button.setEnabled(valid)
        self.keep_both_button.setEnabled(valid)
        if not valid:
            self.left_label.setText("No possible duplicates." if not self._pairs else "")
            self.right_label.setText("")
            return
        first, second = self._pairs[row]
        self.left_label.setText(self._describe(first))
        self.right_label.setText(self._describe(second))

    def selected(self) -> tuple[int, int] | None:
        row = self.pair_list.currentRow()
        return self._pairs[row] if 0 <= row < len(self._pairs) else None


class MergedPanel(QWidget):
    """Rows merged into another row, each of which can be shown again."""

    def __init__(self, on_unmerge: Callable[[], Any]) -> None:
        super().__init__()
        self.merged_list = QListWidget()
        self.merged_list.setObjectName("mergedList")
        self.merged_list.setWordWrap(True)
        self.unmerge_button = button("Unmerge", "unmergeButton", slot=on_unmerge)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("Rows merged into another row. Unmerge to show a row again."))
        layout.addWidget(self.merged_list, 1)
        layout.addLayout(_button_row(self.unmerge_button))

    def set_rows(self, rows: list[MergedRow]) -> None:
        self.merged_list.clear()
        for row in rows:
            item = QListWidgetItem(row.text)
            item.setData(Qt.ItemDataRole.UserRole, row.entry_id)
            self.merged_list.addItem(item)
        self.unmerge_button.setEnabled(bool(rows))

    def selected_id(self) -> int | None:
        item = self.merged_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class StatusBar(QWidget):
    """Under the table: the counts, the legend, and the add, correct and export buttons."""

    def __init__(
        self, add: Callable[[], Any], correct: Callable[[], Any], export: Callable[[], Any]
    ) -> None:
        super().__init__()
        self.status = QLabel()
        self.status.setObjectName("chronologyStatus")
        self.status.setStyleSheet(STATUS_STYLE)
        legend = QLabel("~ partial date · point at a flag for its meaning")
        legend.setToolTip(LEGEND_TIP)
        legend.setStyleSheet("QLabel { color: #5f6368; }")
        self.add_row_button = button(
            "Add row…",
            "addChronologyRow",
            "Add an event the agencies did not report: from the family, friends or another "
            "source (Insert)",
            slot=add,
        )
        self.correct_row_button = button(
            "Correct row…",
            "correctChronologyRow",
            "Correct the date or text of the selected row (audited)",
            slot=correct,
        )
        self.export_button = button(
            "Export to Excel…",
            "exportChronology",
            "Save the combined chronology as an .xlsx workbook",
            slot=export,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(legend, 1)
        for widget in (self.add_row_button, self.correct_row_button, self.export_button):
            layout.addWidget(widget)


def side_tabs(*pages: tuple[QWidget, str]) -> QTabWidget:
    """The side panel beside the table: one tab per page."""
    side = QTabWidget()
    side.setObjectName("chronologySide")
    for page, title in pages:
        side.addTab(page, title)
    side.setMinimumWidth(320)
    side.setMaximumWidth(380)
    return side


def table_and_side(view: QWidget, side: QWidget) -> QSplitter:
    return side_by_side(view, side, (4, 1), (1000, 360))
