"""The "Learning library" page: themes across every review of the store.

Counting is dhrdesk.core.learning's (through ``store.repos.learning``), so the page,
the regional themes report and the tests count the same way. Charts come from
dhrdesk.documents.charts (ReportLab graphics rendered to SVG for a QSvgWidget): the
chart on screen is the chart the report prints.

Inside the chair's store the real review reference is shown; "Show pseudonymised
labels" switches to the "Review A" labels a published report uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import learning as core
from dhrdesk.ui.pages.base import Page, PageContext
from dhrdesk.ui.presenters.learning import (
    RETIRED_TIP,
    Counted,
    LearningPresenter,
    count_cells,
    csp_names,
    theme_name,
    theme_title,
)
from dhrdesk.ui.widgets import heading_font

RETIRED = QColor("#8a8a8a")
COUNT_COLUMNS = ("Reviews", "Lessons", "Findings", "Good practice", "Recs.")


class _Number(QTableWidgetItem):
    """A cell that sorts by its number, not its text."""

    def __init__(self, value: int) -> None:
        super().__init__()
        self.setData(Qt.ItemDataRole.DisplayRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _fit_svg(widget: QSvgWidget) -> None:
    size = widget.renderer().defaultSize()
    if size.height() > 0:
        widget.setMinimumHeight(min(size.height() + 4, 320))


def _column(caption: str, view: QWidget) -> QVBoxLayout:
    column = QVBoxLayout()
    column.addWidget(QLabel(caption))
    column.addWidget(view)
    return column


class ThemeDetails(QWidget):
    """The selected theme: title, trend chart, breakdown, its lessons and recommendations."""

    def __init__(self, show_items: Callable[..., None]) -> None:
        super().__init__()
        self.selected_label = QLabel()
        self.selected_label.setFont(heading_font(self.font(), 1.15))
        self.trend_chart = QSvgWidget()
        self.trend_chart.setMinimumHeight(150)
        self.breakdown = _table(["Breakdown", "Value", "Count"])
        self.breakdown.setSortingEnabled(False)
        header = self.breakdown.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.labels_check = QCheckBox("Show pseudonymised labels")
        self.labels_check.toggled.connect(show_items)
        self.lessons = QListWidget()
        self.recommendations = QListWidget()
        for view in (self.lessons, self.recommendations):
            view.setWordWrap(True)
            view.setAlternatingRowColors(True)
        right_layout = QVBoxLayout(self)
        right_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.selected_label, 1)
        head.addWidget(self.labels_check)
        right_layout.addLayout(head)
        charts_row = QHBoxLayout()
        charts_row.addWidget(self.trend_chart, 3)
        charts_row.addWidget(self.breakdown, 2)
        right_layout.addLayout(charts_row, 2)
        items = QHBoxLayout()
        items.addLayout(_column("Lessons, findings and good practice", self.lessons))
        items.addLayout(_column("Recommendations", self.recommendations))
        right_layout.addLayout(items, 3)

    def clear(self) -> None:
        self.selected_label.setText("Select a theme")
        self.breakdown.setRowCount(0)
        self.lessons.clear()
        self.recommendations.clear()

    def show_theme(self, title: str, trend_svg: bytes, rows: list[tuple[str, str, int]]) -> None:
        self.selected_label.setText(title)
        self.trend_chart.load(trend_svg)
        self.breakdown.setRowCount(len(rows))
        for row, (caption, key, value) in enumerate(rows):
            self.breakdown.setItem(row, 0, QTableWidgetItem(caption))
            self.breakdown.setItem(row, 1, QTableWidgetItem(key))
            self.breakdown.setItem(row, 2, _Number(value))

    def show_items(self, lessons: list[str], recommendations: list[str]) -> None:
        self.lessons.clear()
        self.recommendations.clear()
        self.lessons.addItems(lessons)
        self.recommendations.addItems(recommendations)


class LearningFilters(QGroupBox):
    """Reviews, month of death, partnership and the victims' descriptors."""

    def __init__(self, descriptors: Any, changed: Callable[..., None]) -> None:
        super().__init__("Filters")
        self.descriptors = descriptors
        self._changed = changed
        self.review_list = QListWidget()
        self.review_list.setMaximumHeight(92)
        self.review_list.itemChanged.connect(changed)
        self.from_edit = QLineEdit(placeholderText="from 2021 or 2021-04")
        self.to_edit = QLineEdit(placeholderText="to 2024-12")
        for edit in (self.from_edit, self.to_edit):
            edit.setMaximumWidth(150)
            edit.editingFinished.connect(changed)
        self.csp_combo = QComboBox()
        self.relationship_combo = self._descriptor_combo("relationship_type", "Any relationship")
        self.age_combo = self._descriptor_combo("age_band", "Any victim age")
        self.sex_combo = self._descriptor_combo("sex", "Any victim sex")
        self.flag_combo = self._descriptor_combo("flags", "Any flags")
        self.vulnerability_combo = self._descriptor_combo("vulnerabilities", "Any vulnerability")
        self.csp_combo.currentIndexChanged.connect(changed)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Reviews"), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.review_list, 0, 1, 3, 1)
        grid.addWidget(QLabel("Month of death"), 0, 2)
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(self.to_edit)
        grid.addLayout(dates, 0, 3, 1, 2)
        grid.addWidget(self.csp_combo, 1, 2)
        grid.addWidget(self.relationship_combo, 1, 3)
        grid.addWidget(self.age_combo, 1, 4)
        grid.addWidget(self.sex_combo, 2, 2)
        grid.addWidget(self.flag_combo, 2, 3)
        grid.addWidget(self.vulnerability_combo, 2, 4)
        grid.setColumnStretch(1, 2)

    def _descriptor_combo(self, list_id: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for option in self.descriptors[list_id].options:
            combo.addItem(option.label, option.id)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def set_data(self, data: core.LearningData) -> None:
        """List the store's reviews (keeping the ticks) and partnerships (keeping the choice)."""
        checked = self.checked_reviews()
        self.review_list.clear()
        for review in data.reviews:
            item = QListWidgetItem(review.reference)
            item.setData(Qt.ItemDataRole.UserRole, review.review_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = checked is None or review.review_id in checked
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)
            self.review_list.addItem(item)
        csp = self.csp_combo.currentData()
        self.csp_combo.clear()
        self.csp_combo.addItem("All partnerships", None)
        for name in csp_names(data):
            self.csp_combo.addItem(name, name)
        self.csp_combo.setCurrentIndex(max(0, self.csp_combo.findData(csp)))

    def checked_reviews(self) -> set[int] | None:
        if self.review_list.count() == 0:
            return None
        return {
            self.review_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.review_list.count())
            if self.review_list.item(i).checkState() == Qt.CheckState.Checked
        }

    def value(self) -> core.Filters:
        """The filters as chosen on screen."""

        def one(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset({value}) if value else frozenset()

        checked = self.checked_reviews()
        return core.Filters(
            review_ids=frozenset(checked) if checked is not None else None,
            date_from=self.from_edit.text().strip() or None,
            date_to=self.to_edit.text().strip() or None,
            csps=one(self.csp_combo),
            relationship_types=one(self.relationship_combo),
            victim_age_bands=one(self.age_combo),
            victim_sex=one(self.sex_combo),
            flags=one(self.flag_combo),
            vulnerabilities=one(self.vulnerability_combo),
        )


class LearningPage(Page):
    """Themes across every review: counts, charts, the selected theme's items."""

    watches = ("review", "learning_point", "recommendation", "theme_change")

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.presenter = LearningPresenter(context.store)
        self.descriptors = self.presenter.descriptors
        self.counted = Counted()
        self._loading = False

        title = QLabel("Learning library")
        title.setFont(heading_font(self.font(), 1.4))
        self.count_label = QLabel()
        filters = self.filter_box = LearningFilters(self.descriptors, self._filters_changed)
        self.review_list = filters.review_list
        self.from_edit, self.to_edit = filters.from_edit, filters.to_edit
        self.csp_combo = filters.csp_combo
        self.relationship_combo = filters.relationship_combo
        self.age_combo, self.sex_combo = filters.age_combo, filters.sex_combo
        self.flag_combo = filters.flag_combo
        self.vulnerability_combo = filters.vulnerability_combo
        left = self._build_themes()
        right = self.details = ThemeDetails(self._show_items)
        self.selected_label = right.selected_label
        self.trend_chart = right.trend_chart
        self.breakdown = right.breakdown
        self.labels_check = right.labels_check
        self.lessons = right.lessons
        self.recommendations = right.recommendations
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.count_label)
        layout.addLayout(header)
        layout.addWidget(filters)
        layout.addWidget(splitter, 1)
        self.refresh()  # the library shows what the store holds on its first visit

    def _build_themes(self) -> QWidget:
        self.theme_table = _table(["Theme", *COUNT_COLUMNS])
        self.theme_table.setSortingEnabled(True)
        self.theme_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # most reviews first
        self.theme_table.itemSelectionChanged.connect(self._theme_selected)
        self.bar_chart = QSvgWidget()
        self.bar_chart.setMinimumHeight(160)
        self.add_button = QPushButton("Add theme…")
        self.rename_button = QPushButton("Rename…")
        self.retire_button = QPushButton("Retire")
        self.restore_button = QPushButton("Restore")
        self.add_button.clicked.connect(self.add_theme)
        self.rename_button.clicked.connect(self.rename_theme)
        self.retire_button.clicked.connect(self.retire_theme)
        self.restore_button.clicked.connect(self.restore_theme)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.rename_button,
            self.retire_button,
            self.restore_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.report_button = QPushButton("Regional themes report…")
        self.report_button.clicked.connect(self.open_report_wizard)
        buttons.addWidget(self.report_button)
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        self.history_label.setStyleSheet("color: #5a5a5a")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.theme_table, 3)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.history_label)
        left_layout.addWidget(QLabel("Themes by number of reviews"))
        left_layout.addWidget(self.bar_chart, 2)
        return left

    # --------------------------------------------------------------------- data
    @property
    def data(self) -> core.LearningData | None:
        return self.presenter.data

    def refresh(self) -> None:
        data = self.context.run_op(self.presenter.load)
        if data is None:
            return
        self._loading = True
        self.filter_box.set_data(data)
        self._loading = False
        self._recount()

    def filters(self) -> core.Filters:
        """The filters as chosen on screen."""
        return self.filter_box.value()

    def _filters_changed(self, *_args: object) -> None:
        if not self._loading:
            self._recount()

    def _recount(self) -> None:
        if self.data is None:
            return
        try:
            counted = self.presenter.recount(self.filters())
        except core.ValidationError as err:
            self.count_label.setText(err.message)
            return
        self.counted = counted
        self.count_label.setText(counted.summary)
        current = self.selected_theme()
        self._fill_themes(counted.counts)
        self.bar_chart.load(counted.bar_svg())
        _fit_svg(self.bar_chart)
        self.select_theme(current or counted.first_theme())

    def _fill_themes(self, counts: list[core.ThemeCount]) -> None:
        table = self.theme_table
        table.setSortingEnabled(False)
        table.setRowCount(len(counts))
        for row, count in enumerate(counts):
            name = QTableWidgetItem(theme_name(count))
            name.setData(Qt.ItemDataRole.UserRole, count.theme_id)
            cells = [name, *(_Number(value) for value in count_cells(count))]
            for column, cell in enumerate(cells):
                if count.retired:
                    cell.setForeground(QBrush(RETIRED))
                    cell.setToolTip(RETIRED_TIP)
                table.setItem(row, column, cell)
        table.setSortingEnabled(True)

    # ------------------------------------------------------------ the theme
    def selected_theme(self) -> str:
        rows = self.theme_table.selectionModel().selectedRows()
        if not rows:
            return ""
        return self.theme_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select_theme(self, theme_id: str) -> None:
        for row in range(self.theme_table.rowCount()):
            if self.theme_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == theme_id:
                self.theme_table.selectRow(row)
                break
        self._theme_selected()

    def _theme_selected(self) -> None:
        theme_id = self.selected_theme()
        count = self.counted.count(theme_id)
        self.retire_button.setEnabled(bool(count) and not count.retired)
        self.restore_button.setEnabled(bool(count) and count.retired)
        self.rename_button.setEnabled(bool(count))
        if count is None:
            self.details.clear()
            self.history_label.setText("")
            return
        self.details.show_theme(
            theme_title(count), self.counted.trend_svg(count), self.presenter.breakdown(count)
        )
        self._show_items()
        history = self.context.run_op(lambda: self.presenter.history(theme_id))
        self.history_label.setText(history or "")

    def _show_items(self, *_args: object) -> None:
        lines = self.presenter.item_lines(
            self.selected_theme(), self.filters(), self.counted, self.labels_check.isChecked()
        )
        self.details.show_items(*lines)

    # ------------------------------------------------------------ management
    def _after_change(self, theme_id: str) -> None:
        self.refresh()
        self.select_theme(theme_id)

    def add_theme(self) -> None:
        name, ok = QInputDialog.getText(self, "Add theme", "Name of the new theme:")
        if not ok or not name.strip():
            return
        theme_id = self.context.run_op(lambda: self.presenter.add_theme(name), "Theme added.")
        if theme_id:
            self._after_change(theme_id)

    def rename_theme(self) -> None:
        theme_id = self.selected_theme()
        count = self.counted.count(theme_id)
        if count is None:
            return
        name, ok = QInputDialog.getText(self, "Rename theme", "New name:", text=count.name)
        if not ok or not name.strip():
            return
        rename = self.presenter.rename_theme
        if self.context.run_op(lambda: rename(theme_id, name), "Renamed."):
            self._after_change(theme_id)

    def retire_theme(self) -> None:
        theme_id = self.selected_theme()
        if theme_id and self.context.run_op(lambda: self.presenter.retire_theme(theme_id)):
            self._after_change(theme_id)

    def restore_theme(self) -> None:
        theme_id = self.selected_theme()
        if theme_id and self.context.run_op(lambda: self.presenter.restore_theme(theme_id)):
            self._after_change(theme_id)

    def open_report_wizard(self) -> None:
        from dhrdesk.ui.learning_wizard import LearningReportWizard

        wizard = LearningReportWizard(self.context, self)
        wizard.open()
