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
quick with 10,000 rows (see benchmarks/chronology.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
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
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.dates import PartialDate, parse_time
from dhrdesk.core.taxonomy import load_themes
from dhrdesk.ui.chronology_export import export_chronology_xlsx
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
    ENTRY_ID_ROLE,
    ChronologyFilterProxy,
    ChronologyTableModel,
)
from dhrdesk.ui.forms import FieldSpec, RecordDialog, op_saver
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS

CHAIR_SOURCES = "Family and other sources (added by the chair)"
CHAIR_SOURCES_REASON = (
    "Rows the chair added from the family and from sources outside the agencies; no IMR."
)
NEW_SOURCE = -1  # the choice that creates the CHAIR_SOURCES "agency" on first use

FILTER_DELAY_MS = 150
BACKGROUND_ROWS = 2000  # above this, the merge runs off the GUI thread
ROW_HEIGHT = 24
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
STATUS_STYLE = "QLabel { color: #333; padding: 2px 4px; }"
PAIR_STYLE = (
    "QLabel { background: #fafafa; border: 1px solid #ddd; border-radius: 4px; padding: 6px; }"
)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def describe_entry(entry: m.ChronologyEntry, agency: str, when: str) -> str:
    """A rich-text summary of one row for the side panel and the duplicates panel."""
    from html import escape

    parts = [f"<b>{escape(agency)}</b> · {escape(when)}{' ' + entry.time if entry.time else ''}"]
    parts.append(f"<i>Source:</i> {escape(entry.source)}")
    if entry.event:
        parts.append(escape(entry.event))
    if entry.action:
        parts.append(f"<i>Action/outcome:</i> {escape(entry.action)}")
    if entry.agency_comment:
        parts.append(f"<i>Agency comment:</i> {escape(entry.agency_comment)}")
    return "<br>".join(parts)


def safe_file_name(text: str) -> str:
    """A review reference usable in a file name ("DHR 2026/03" -> "DHR 2026-03")."""
    cleaned = "".join("-" if ch in '/\\:*?"<>|' else ch for ch in text).strip(" .")
    return cleaned[:80] or "review"


class AgencyPicker(QToolButton):
    """A drop-down of checkable agencies: none ticked means all agencies."""

    def __init__(self, on_change: Any, parent: QWidget | None = None) -> None:
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
        clear = menu.addAction("All agencies")
        clear.triggered.connect(self.clear)
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


class ChronologyTab(ReviewTab):
    """The combined chronology of a review with filters, chair's edits and duplicates."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("chronologyTab")
        self.repo = context.store.repos.agency_input
        self.themes = load_themes()
        self.theme_names = {t.id: t.name for t in self.themes}
        self._current_id: int | None = None
        self._panel_dirty = False
        self._loading_panel = False
        self._pairs: list[tuple[int, int]] = []
        self._merged: list[m.ChronologyEntry] = []
        self._loaded_at: Any = None
        self._last_count: int | None = None
        self.loading = False

        # -- filters
        self.agency_filter = AgencyPicker(self._apply_filters)
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
        for theme in self.themes:
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
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(FILTER_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.subject_filter, self.theme_filter):
            combo.currentIndexChanged.connect(lambda _i: self._apply_filters())
        for box in (self.key_only, self.flagged_only):
            box.toggled.connect(lambda _on: self._apply_filters())
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.agency_filter)
        filters.addWidget(self.subject_filter)
        filters.addWidget(self.theme_filter)
        filters.addWidget(self.key_only)
        filters.addWidget(self.flagged_only)
        filters.addWidget(self.search, 1)

        # -- table
        self.model = ChronologyTableModel(self)
        self.model.theme_names = self.theme_names
        self.model.on_edit = self._save_edit
        self.proxy = ChronologyFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("chronologyTable")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

        # -- side panel: the selected row, duplicates, merged rows
        self.side = QTabWidget()
        self.side.setObjectName("chronologySide")
        self.side.addTab(self._build_row_panel(), "Selected row")
        self.side.addTab(self._build_duplicates_panel(), "Possible duplicates")
        self.side.addTab(self._build_merged_panel(), "Merged rows")
        self.side.currentChanged.connect(self._side_changed)
        self.side.setMinimumWidth(320)
        self.side.setMaximumWidth(380)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 360])

        self.status = QLabel()
        self.status.setObjectName("chronologyStatus")
        self.status.setStyleSheet(STATUS_STYLE)
        legend = QLabel("~ partial date · point at a flag for its meaning")
        legend.setToolTip(
            "~ partial date (month or year only). Flags: red after the death, yellow outside "
            "the review period, blue possible duplicate. Double-click Significance to edit."
        )
        legend.setStyleSheet("QLabel { color: #5f6368; }")
        self.add_row_button = QPushButton("Add row…")
        self.add_row_button.setObjectName("addChronologyRow")
        self.add_row_button.setToolTip(
            "Add an event the agencies did not report: from the family, friends or another "
            "source (Insert)"
        )
        self.add_row_button.clicked.connect(self.add_row)
        self.correct_row_button = QPushButton("Correct row…")
        self.correct_row_button.setObjectName("correctChronologyRow")
        self.correct_row_button.setToolTip("Correct the date or text of the selected row (audited)")
        self.correct_row_button.clicked.connect(self.correct_row)
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.setObjectName("exportChronology")
        self.export_button.setToolTip("Save the combined chronology as an .xlsx workbook")
        self.export_button.clicked.connect(self.export_xlsx)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addWidget(legend, 1)
        bottom.addWidget(self.add_row_button)
        bottom.addWidget(self.correct_row_button)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.refresh()

    # ------------------------------------------------------------------ panels
    def _build_row_panel(self) -> QWidget:
        panel = QWidget()
        self.row_summary = QLabel("Select a row to add significance, key event and themes.")
        self.row_summary.setObjectName("rowSummary")
        self.row_summary.setWordWrap(True)
        self.row_summary.setTextFormat(Qt.TextFormat.RichText)
        self.row_summary.setStyleSheet(PAIR_STYLE)
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
        for theme in self.themes:
            item = QListWidgetItem(f"{theme.number}. {theme.name}")
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setToolTip(theme.description)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.themes_edit.addItem(item)
        self.save_row_button = QPushButton("Save row")
        self.save_row_button.setObjectName("saveRowButton")
        self.save_row_button.clicked.connect(self.save_panel)
        self.significance_edit.textChanged.connect(self._panel_edited)
        self.key_edit.toggled.connect(lambda _on: self._panel_edited())
        self.themes_edit.itemChanged.connect(lambda _item: self._panel_edited())
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
        self.row_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(panel)
        layout.addWidget(reading, 2)
        layout.addLayout(form, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_row_button)
        layout.addLayout(buttons)
        self._set_panel_enabled(False)
        return panel

    def _build_duplicates_panel(self) -> QWidget:
        panel = QWidget()
        note = QLabel(
            "Rows from two agencies on the same date with similar text. Merge to keep one "
            "(the other is kept in the store and can be unmerged), or keep both."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.pair_list = QListWidget()
        self.pair_list.setObjectName("pairList")
        self.pair_list.currentRowChanged.connect(self._pair_changed)
        self.left_label = QLabel()
        self.right_label = QLabel()
        for label in (self.left_label, self.right_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setStyleSheet(PAIR_STYLE)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        pair = QHBoxLayout()
        pair.addWidget(self.left_label, 1)
        pair.addWidget(self.right_label, 1)
        self.merge_button = QPushButton("Merge (keep left)")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge_selected_pair)
        self.keep_both_button = QPushButton("Keep both")
        self.keep_both_button.setObjectName("keepBothButton")
        self.keep_both_button.clicked.connect(self.keep_both_selected_pair)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_both_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(panel)
        layout.addWidget(note)
        layout.addWidget(self.pair_list, 1)
        layout.addLayout(pair, 1)
        layout.addLayout(buttons)
        return panel

    def _build_merged_panel(self) -> QWidget:
        panel = QWidget()
        note = QLabel("Rows merged into another row. Unmerge to show a row again.")
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.merged_list = QListWidget()
        self.merged_list.setObjectName("mergedList")
        self.merged_list.setWordWrap(True)
        self.unmerge_button = QPushButton("Unmerge")
        self.unmerge_button.setObjectName("unmergeButton")
        self.unmerge_button.clicked.connect(self.unmerge_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unmerge_button)
        layout = QVBoxLayout(panel)
        layout.addWidget(note)
        layout.addWidget(self.merged_list, 1)
        layout.addLayout(buttons)
        return panel

    # ------------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Reload when the store changed since the last load (the workspace calls this
        each time the tab is shown, so an unchanged 10,000-row chronology is not rebuilt)."""
        if self._loaded_at is not None and self.context.store.last_saved == self._loaded_at:
            return
        self.reload()

    def reload(self) -> None:
        """Reload the combined chronology (one store read, display strings built once).

        Merging a large chronology (duplicate detection compares texts) takes seconds
        at 10,000 rows, so unless the last load was small it runs off the GUI thread
        through ``run_in_background`` and the table is filled when it is done.
        """
        self._loaded_at = self.context.store.last_saved
        review_id = self.review_id
        repo, records = self.repo, self.context.store.repos.records

        def load() -> tuple[list, list[m.Subject]]:
            return repo.combined(review_id), records.list(m.Subject, review_id)

        if self._last_count is not None and self._last_count < BACKGROUND_ROWS:
            result = self.context.run_op(load)
            self._apply_loaded(result or ([], []))
        else:
            self.loading = True
            self.status.setText("Merging the agencies' chronologies…")
            self.context.run_in_background(load, self._apply_loaded, "Merging the chronology…")

    def _apply_loaded(self, result: tuple[list, list[m.Subject]]) -> None:
        if not shiboken6.isValid(self):  # the tab was closed while the merge ran
            return
        self.loading = False
        rows, subjects = result
        self._last_count = len(rows)
        keep = self._current_id
        self.subject_names = {s.id: s.pseudonym for s in subjects}
        self._current_id = None
        self.model.set_rows(rows, self.theme_names, self.subject_names)
        self._fill_filter_choices(subjects)
        self._fill_pairs()
        if self.side.currentIndex() == 2:
            self._fill_merged()
        if keep is not None:
            self.select_entry(keep)
        else:
            self._show_row(None)
        self._update_status()

    def _fill_filter_choices(self, subjects: list[m.Subject]) -> None:
        agencies = sorted({r.row.agency for r in self.model.rows()}, key=str.casefold)
        self.agency_filter.set_agencies(agencies)
        current = self.subject_filter.currentData()
        self.subject_filter.blockSignals(True)
        self.subject_filter.clear()
        self.subject_filter.addItem("All subjects", None)
        for subject in subjects:
            self.subject_filter.addItem(subject.pseudonym, subject.id)
        index = self.subject_filter.findData(current)
        self.subject_filter.setCurrentIndex(max(index, 0))
        self.subject_filter.blockSignals(False)
        self._apply_filters()

    def _update_status(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        pairs = self.pair_list.count()
        parts = [_plural(total, "row")]
        if shown != total:
            parts[0] = f"{shown:,} of {total:,} rows shown"
        parts.append(f"{self.model.flagged_count():,} flagged")
        parts.append(_plural(pairs, "possible duplicate"))
        self.status.setText(" · ".join(parts))
        self.side.setTabText(1, f"Possible duplicates ({pairs})")

    # ------------------------------------------------------------------ filters
    def _apply_filters(self) -> None:
        self._search_timer.stop()
        picked = self.agency_filter.chosen()
        self.proxy.set_filters(
            agencies=frozenset(picked) if picked else None,
            subject_id=self.subject_filter.currentData(),
            theme=self.theme_filter.currentData(),
            key_only=self.key_only.isChecked(),
            flagged_only=self.flagged_only.isChecked(),
            text=self.search.text(),
        )
        self._update_status()

    def set_search_now(self, text: str) -> None:
        """Type into the search box and filter at once (skips the keystroke delay)."""
        self.search.setText(text)
        self._apply_filters()

    # ------------------------------------------------------------------ selection
    def select_entry(self, entry_id: int) -> bool:
        if self.loading:  # the merge is still running: select the row when it lands
            self._current_id = entry_id
            return True
        source_row = self.model.row_of(entry_id)
        if source_row is None:
            self._show_row(None)
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            self._show_row(None)
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def current_entry(self) -> m.ChronologyEntry | None:
        if self._current_id is None:
            return None
        return self.model.entry_by_id(self._current_id)

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if self._panel_dirty:
            self.save_panel()
        entry_id = current.data(ENTRY_ID_ROLE) if current.isValid() else None
        self._show_row(entry_id)

    def _set_panel_enabled(self, on: bool) -> None:
        for widget in (self.significance_edit, self.key_edit, self.themes_edit):
            widget.setEnabled(on)
        self.save_row_button.setEnabled(False)

    def _show_row(self, entry_id: int | None) -> None:
        self._current_id = entry_id
        self._loading_panel = True
        try:
            source_row = None if entry_id is None else self.model.row_of(entry_id)
            if source_row is None:
                self._current_id = None
                self.row_summary.setText("Select a row to add significance, key event and themes.")
                self.significance_edit.setPlainText("")
                self.key_edit.setChecked(False)
                for i in range(self.themes_edit.count()):
                    self.themes_edit.item(i).setCheckState(Qt.CheckState.Unchecked)
                self._set_panel_enabled(False)
            else:
                data = self.model.row_data(source_row)
                entry = data.entry
                text = describe_entry(entry, data.row.agency, data.cells[COL_DATE])
                if data.flags:
                    text += f"<br><span style='color:#a4161a'>⚑ {data.tips[COL_FLAGS]}</span>"
                self.row_summary.setText(text + self._neighbours(entry.id))
                self.significance_edit.setPlainText(entry.significance)
                self.key_edit.setChecked(entry.key_event)
                chosen = set(entry.themes)
                for i in range(self.themes_edit.count()):
                    item = self.themes_edit.item(i)
                    on = item.data(Qt.ItemDataRole.UserRole) in chosen
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self._set_panel_enabled(True)
        finally:
            self._loading_panel = False
            self._panel_dirty = False

    def _neighbours(self, entry_id: int | None) -> str:
        """The rows just before and after in the order shown, to read the row in context."""
        from html import escape

        if entry_id is None:
            return ""
        rows = [self.proxy.index(r, 0).data(ENTRY_ID_ROLE) for r in range(self.proxy.rowCount())]
        if entry_id not in rows:
            return ""
        at = rows.index(entry_id)
        lines = []
        for label, other in (("Before", at - 1), ("After", at + 1)):
            if not 0 <= other < len(rows):
                continue
            source_row = self.model.row_of(rows[other])
            if source_row is None:
                continue
            data = self.model.row_data(source_row)
            event = " ".join(data.entry.event.split())
            if len(event) > 240:
                event = event[:239] + "…"
            lines.append(
                f"<i>{label}:</i> {escape(data.cells[COL_DATE])} · {escape(data.row.agency)} · "
                f"{escape(event)}"
            )
        if not lines:
            return ""
        return "<hr><span style='color:#5f6368'>" + "<br>".join(lines) + "</span>"

    def _panel_edited(self) -> None:
        if self._loading_panel or self._current_id is None:
            return
        self._panel_dirty = True
        self.save_row_button.setEnabled(True)

    def panel_themes(self) -> list[str]:
        return [
            self.themes_edit.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.themes_edit.count())
            if self.themes_edit.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_panel_themes(self, theme_ids: list[str]) -> None:
        for i in range(self.themes_edit.count()):
            item = self.themes_edit.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in theme_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------------ edits
    def _save_edit(
        self, entry: m.ChronologyEntry, _changes: dict[str, Any]
    ) -> m.ChronologyEntry | None:
        """The model's write path: one run_op per edit, the row changes only when saved."""
        saved = self.context.run_op(lambda: self.repo.save_entry(entry))
        return None if saved is None else entry

    def save_panel(self) -> bool:
        """Save the side panel's significance, key event and themes for the selected row."""
        entry_id = self._current_id
        if entry_id is None or not self._panel_dirty:
            return True
        source_row = self.model.row_of(entry_id)
        if source_row is None:
            return False
        changes = {
            "significance": self.significance_edit.toPlainText().strip(),
            "key_event": self.key_edit.isChecked(),
            "themes": self.panel_themes(),
        }
        ok = self.model.update_entry(source_row, changes)
        if ok:
            self._panel_dirty = False
            self.save_row_button.setEnabled(False)
        return ok

    def set_key_event(self, entry_id: int, on: bool) -> bool:
        """Tick or untick a row's key-event box in the table (as a click would)."""
        source_row = self.model.row_of(entry_id)
        if source_row is None:
            return False
        index = self.model.index(source_row, COL_KEY)
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return self.model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)

    # ------------------------------------------------------------------ duplicates
    def _fill_pairs(self) -> None:
        self._pairs = self.model.duplicate_pairs()
        self.pair_list.blockSignals(True)
        self.pair_list.clear()
        for first, second in self._pairs:
            a = self.model.entry_by_id(first)
            ra = self.model.row_data(self.model.row_of(first))
            rb = self.model.row_data(self.model.row_of(second))
            text = (
                f"{ra.cells[COL_DATE]} · {ra.row.agency} / {rb.row.agency}: "
                f"{(a.event or a.action)[:60]}"
            )
            self.pair_list.addItem(text)
        self.pair_list.blockSignals(False)
        if self._pairs:
            self.pair_list.setCurrentRow(0)
        self._pair_changed(self.pair_list.currentRow())

    def _pair_changed(self, row: int) -> None:
        valid = 0 <= row < len(self._pairs)
        self.merge_button.setEnabled(valid)
        self.keep_both_button.setEnabled(valid)
        if not valid:
            self.left_label.setText("No possible duplicates." if not self._pairs else "")
            self.right_label.setText("")
            return
        for label, entry_id in zip(
            (self.left_label, self.right_label), self._pairs[row], strict=True
        ):
            data = self.model.row_data(self.model.row_of(entry_id))
            label.setText(describe_entry(data.entry, data.row.agency, data.cells[COL_DATE]))

    def selected_pair(self) -> tuple[int, int] | None:
        row = self.pair_list.currentRow()
        return self._pairs[row] if 0 <= row < len(self._pairs) else None

    def merge_selected_pair(self) -> bool:
        pair = self.selected_pair()
        if pair is None:
            return False
        keep, merged = pair
        done = self.context.run_op(
            lambda: self.repo.merge_duplicate(keep, merged) or True,
            "Merged the two rows; the right-hand row is kept under “Merged rows”.",
        )
        if done is None:
            return False
        self.reload()
        return True

    def keep_both_selected_pair(self) -> bool:
        pair = self.selected_pair()
        if pair is None:
            return False
        done = self.context.run_op(
            lambda: self.repo.keep_both(*pair) or True, "Kept both rows as different events."
        )
        if done is None:
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ merged rows
    def _side_changed(self, index: int) -> None:
        if index == 2:
            self._fill_merged()

    def _fill_merged(self) -> None:
        entries = self.context.run_op(lambda: self.repo.entries(self.review_id)) or []
        agencies = {
            a.id: a.name for a in self.context.store.repos.records.list(m.Agency, self.review_id)
        }
        self._merged = [e for e in entries if e.duplicate_of is not None]
        self.merged_list.clear()
        for entry in self._merged:
            kept = self.model.entry_by_id(entry.duplicate_of)
            into = f" (merged into {agencies.get(kept.agency_id, '?')}'s row)" if kept else ""
            item = QListWidgetItem(
                f"{entry.date} · {agencies.get(entry.agency_id, '?')}: "
                f"{(entry.event or entry.action)[:80]}{into}"
            )
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            self.merged_list.addItem(item)
        self.unmerge_button.setEnabled(bool(self._merged))
        self.side.setTabText(2, f"Merged rows ({len(self._merged)})")

    def unmerge_selected(self) -> bool:
        item = self.merged_list.currentItem()
        if item is None:
            return False
        entry_id = item.data(Qt.ItemDataRole.UserRole)
        done = self.context.run_op(
            lambda: self.repo.unmerge(entry_id) or True, "The row is shown again."
        )
        if done is None:
            return False
        self.reload()
        self._fill_merged()
        return True

    # ------------------------------------------------------------------ page contract
    # ------------------------------------------------------------ chair's rows
    def row_specs(self) -> list[FieldSpec]:
        def sources() -> dict[int, str]:
            agencies = self.context.store.repos.records.list(m.Agency, self.review_id)
            choices = {a.id: a.name for a in agencies if a.id is not None}
            if CHAIR_SOURCES not in choices.values():
                choices[NEW_SOURCE] = CHAIR_SOURCES
            return choices

        return [
            FieldSpec(
                "date",
                "Date",
                "partial_date",
                required=True,
                help="A month or a year is enough when that is all that is known.",
            ),
            FieldSpec("time", "Time", placeholder="e.g. 14:30 (leave empty if not known)"),
            FieldSpec("agency_id", "Told by", "choice", sources, required=True),
            FieldSpec(
                "source",
                "Source",
                required=True,
                placeholder="e.g. Conversation with the victim's sister, 3 May 2025",
            ),
            FieldSpec("event", "What happened", "multiline", required=True),
            FieldSpec("action", "Action or outcome", "multiline"),
        ]

    def _chair_sources_agency(self) -> int:
        """The id of the "Family and other sources" entry, created the first time."""
        records = self.context.store.repos.records
        for agency in records.list(m.Agency, self.review_id):
            if agency.name == CHAIR_SOURCES and agency.id is not None:
                return agency.id
        agency = m.Agency(
            self.review_id, CHAIR_SOURCES, in_scope=False, exclusion_reason=CHAIR_SOURCES_REASON
        )
        records.save(agency)
        assert agency.id is not None
        return agency.id

    def _save_row(self, entry: m.ChronologyEntry) -> int:
        """Check and save one row the chair typed (through the repository: audited)."""
        when = entry.date
        if isinstance(when, PartialDate):
            entry.date = when.iso()
        time_text = entry.time.strip()
        if time_text:
            entry.time = parse_time(time_text).strftime("%H:%M")
        if entry.agency_id == NEW_SOURCE:
            entry.agency_id = self._chair_sources_agency()
        return self.repo.save_entry(entry)

    def _row_dialog(self, entry: m.ChronologyEntry, title: str, intro: str) -> int | None:
        dialog = RecordDialog(
            self.row_specs(),
            entry,
            self,
            title=title,
            save=op_saver(self.context, self._save_row),
            intro=intro,
        )
        dialog.setObjectName("chronologyRowDialog")
        try:
            if dialog.exec() != RecordDialog.DialogCode.Accepted or dialog.result_obj is None:
                return None
            return dialog.result_obj.id
        finally:
            dialog.deleteLater()

    def add_row(self) -> int | None:
        """Add an event from the family or another source outside the agencies."""
        entry = m.ChronologyEntry(
            review_id=self.review_id, agency_id=NEW_SOURCE, date="", source=""
        )
        saved = self._row_dialog(
            entry,
            "Add a chronology row",
            "For information the agencies did not give: from the family, friends, "
            "colleagues or another source. Say where it comes from.",
        )
        if saved is not None:
            self.reload()
            self.select_entry(saved)
        return saved

    def correct_row(self) -> int | None:
        """Correct the selected row's date or text; the change is recorded in the audit log."""
        entry = self.current_entry()
        if entry is None:
            return None
        saved = self._row_dialog(
            dataclasses.replace(entry),
            "Correct a chronology row",
            "Corrections are recorded in the store's audit log. Keep the agency's meaning; "
            "put your own view under Significance.",
        )
        if saved is not None:
            self.reload()
            self.select_entry(saved)
        return saved

    def export_xlsx(self, path: Any = None) -> Any:
        """Save the combined chronology as an Excel workbook (asks where; warns it is not
        encrypted)."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        if path is None:
            answer = QMessageBox.warning(
                self,
                "Export the chronology",
                "The workbook is not encrypted and holds case details (pseudonyms only). "
                "Save it only where your organisation's rules allow, and delete it when done.",
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Ok:
                return None
            review = self.context.store.repos.reviews.by_id(self.review_id)
            default = Path.home() / f"{safe_file_name(review.reference)} chronology.xlsx"
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Export the combined chronology",
                str(default),
                "Excel workbooks (*.xlsx)",
                options=FILE_DIALOG_OPTIONS,
            )
            if not chosen:
                return None
            path = Path(chosen)
        review = self.context.store.repos.reviews.by_id(self.review_id)
        rows = [r.row for r in self.model.rows()]
        return self.context.run_op(
            lambda: export_chronology_xlsx(
                rows,
                Path(path),
                title=f"{review.reference} {review.title}".strip(),
                theme_names=self.theme_names,
            ),
            "Chronology exported.",
        )

    def save_pending(self) -> None:
        """Save the side panel's edits for the selected row (called before locking)."""
        entry_id = self._current_id
        if entry_id is None or not self._panel_dirty:
            return
        entry = self.model.entry_by_id(entry_id)
        if entry is None:
            return
        changed = dataclasses.replace(
            entry,
            significance=self.significance_edit.toPlainText().strip(),
            key_event=self.key_edit.isChecked(),
            themes=self.panel_themes(),
        )
        self.repo.save_entry(changed)
        self._panel_dirty = False
