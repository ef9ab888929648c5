"""The Dashboard: every review in the store, what is overdue first, and open actions.

Why: a chair or CSP officer runs several reviews at once. The first thing they
need is which review needs them today (overdue clocks and actions), how long
each has run since the decision (and how much of that was paused for a trial
or inquest), and a way straight into the review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.dashboard import DashboardRow
from dhrdesk.core.dates import format_date
from dhrdesk.ui.forms import FieldSpec, RecordDialog, op_saver
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.presenters.dashboard import (
    MUTED,
    OVERDUE_COLOR,
    PAUSED_COLOR,
    DashboardData,
    DashboardPresenter,
    NewReviewForm,
    action_cells,
    action_overdue,
    count_text,
    create_review,
    days_text,
    details_html,
    next_due_text,
    overdue_sort_key,
    overdue_tooltip,
    profile_choices,
)
from dhrdesk.ui.table_model import ID_ROLE, Column, TableModel, TableProxy
from dhrdesk.ui.widgets import heading_font, record_list_view

__all__ = ["DashboardPage", "NewReviewForm", "create_review", "days_text"]


def _red_if(flag: Callable[[DashboardRow], Any]) -> Callable[[DashboardRow], str | None]:
    return lambda row: OVERDUE_COLOR if flag(row) else None


class DashboardModel(TableModel[DashboardRow]):
    """One row a review, in the order the store computed (overdue first)."""

    columns = (
        Column("Reference", lambda r: r.reference, bold=lambda r: True),
        Column("Title", lambda r: r.title),
        Column("Stage", lambda r: r.stage_name),
        Column(
            "Days since decision",
            days_text,
            align="right",
            tooltip=lambda r: f"Decision {format_date(r.decision)}" if r.decision else days_text(r),
            sort=lambda r: r.days_since_decision if r.decision else -1,
        ),
        Column(
            "Paused now",
            lambda r: "Paused" if r.paused_now else "",
            sort=lambda r: int(r.paused_now),
            foreground=lambda r: PAUSED_COLOR if r.paused_now else None,
        ),
        Column(
            "Next due",
            next_due_text,
            tooltip=lambda r: r.next_due_text(),
            sort=lambda r: r.next_due or dt.date.max,
        ),
        Column(
            "Overdue",
            lambda r: count_text(r.overdue_count if r.overdue else 0),
            align="right",
            tooltip=overdue_tooltip,
            sort=overdue_sort_key,
            foreground=_red_if(lambda r: r.overdue),
            bold=lambda r: bool(r.overdue),
        ),
        Column(
            "Late returns",
            lambda r: count_text(r.overdue_returns),
            align="right",
            sort=lambda r: r.overdue_returns,
            foreground=_red_if(lambda r: r.overdue_returns),
        ),
        Column(
            "Open actions",
            lambda r: count_text(r.open_actions),
            align="right",
            sort=lambda r: r.open_actions,
        ),
    )
    OVERDUE_COLUMN = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(row_id=lambda r: r.review_id, parent=parent)


class DashboardProxy(TableProxy):
    """Free-text filter plus a stage filter and "overdue only"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = ""
        self.overdue_only = False

    def set_stage(self, stage: str) -> None:
        self.refilter(lambda: setattr(self, "stage", stage))

    def set_overdue_only(self, on: bool) -> None:
        self.refilter(lambda: setattr(self, "overdue_only", on))

    def accepts(self, row: DashboardRow) -> bool:
        if self.stage and row.stage_name != self.stage:
            return False
        return not (self.overdue_only and not row.overdue)


NEW_REVIEW_SPECS = [
    FieldSpec(
        "reference",
        "Reference",
        required=True,
        placeholder="e.g. DHR 2026/03",
        max_length=40,
        help="Used in file names and the navigation: no names.",
    ),
    FieldSpec(
        "title",
        "Title",
        placeholder="e.g. Review into the death of Adult A",
        max_length=200,
    ),
    FieldSpec(
        "profile",
        "Guidance profile",
        "choice",
        profile_choices,
        help="Sets the review type, its stages and clocks, and the report sections.",
    ),
    FieldSpec("csp", "Community Safety Partnership", max_length=200),
    FieldSpec("police_force_area", "Police force area", max_length=200),
    FieldSpec("month_of_death", "Month of death", "month", not_future=True),
    FieldSpec("notified_on", "Notified on", "optional_date", not_future=True),
    FieldSpec(
        "decided_on",
        "Decision to review",
        "optional_date",
        not_future=True,
        help="The partnership's decision to hold a review; the statutory clocks start here.",
    ),
]


class DashboardLowerTabs(QTabWidget):
    """The selected review's details, and every open meeting action."""

    def __init__(self, open_action_review: Callable[[int, int], None]) -> None:
        super().__init__()
        self.setObjectName("dashboardLowerTabs")
        self.details = QTextBrowser()
        self.details.setObjectName("dashboardDetails")
        self.details.setOpenLinks(False)
        self.actions_table = table = QTableWidget(0, 4)
        table.setObjectName("openActions")
        table.setHorizontalHeaderLabels(["Due", "Review", "Action", "Owner"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(True)
        header = table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.cellDoubleClicked.connect(open_action_review)
        self.addTab(self.details, "Selected review")
        self.addTab(table, "Open actions")

    def show_review(self, row: DashboardRow | None) -> None:
        self.details.setHtml(details_html(row))

    def show_actions(self, data: DashboardData) -> None:
        table = self.actions_table
        table.setSortingEnabled(False)
        table.setRowCount(len(data.actions))
        for row, (reference, action) in enumerate(data.actions):
            overdue = action_overdue(action, data.today)
            for column, text in enumerate(action_cells(reference, action)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if overdue:
                    item.setForeground(QBrush(QColor(OVERDUE_COLOR)))
                table.setItem(row, column, item)
        table.setSortingEnabled(True)
        self.setTabText(1, data.actions_tab_title())


class DashboardPage(ShellPage):
    """All reviews: overdue first, sortable, filterable; open actions; costs."""

    # Rows (stages, pauses, IMR returns, meeting actions), open actions and costs.
    watches = (
        "review",
        "stage_record",
        "pause",
        "meeting",
        "meeting_action",
        "agency",
        "agency_request",
        "cost",
    )
    today: Callable[[], dt.date] = staticmethod(dt.date.today)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("dashboardPage")
        self.presenter = DashboardPresenter(context.store)
        self._shown_once = False
        title = QLabel("Dashboard")
        title.setFont(heading_font(self.font(), 1.4))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("dashboardSummary")
        self.summary_label.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
        self.new_button = QPushButton("New review…")
        self.new_button.setObjectName("newReviewButton")
        self.new_button.clicked.connect(self.new_review)
        self.open_button = QPushButton("Open")
        self.open_button.setObjectName("openReviewButton")
        self.open_button.setToolTip("Open the selected review (Return or double-click)")
        self.open_button.clicked.connect(self.open_selected)
        filters = self._build_filters()
        self._build_table()
        self.lower_tabs = DashboardLowerTabs(self._open_action_review)
        self.details = self.lower_tabs.details
        self.actions_table = self.lower_tabs.actions_table

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(filters)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.empty_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.lower_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        self.refresh()

    # ---------------------------------------------------------------- layout
    def _build_filters(self) -> QHBoxLayout:
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("dashboardFilter")
        self.filter_edit.setPlaceholderText("Filter by reference, title, stage or due item…")
        self.filter_edit.setClearButtonEnabled(True)
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("stageFilter")
        self.stage_combo.setMinimumWidth(200)
        self.overdue_check = QCheckBox("Overdue only")
        self.overdue_check.setObjectName("overdueOnly")
        self.model = DashboardModel(self)
        self.proxy = DashboardProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self._filter_text)
        self.stage_combo.currentIndexChanged.connect(
            lambda _i: self._apply(self.proxy.set_stage, self.stage_combo.currentData() or "")
        )
        self.overdue_check.toggled.connect(lambda on: self._apply(self.proxy.set_overdue_only, on))
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(QLabel("Stage:"))
        filters.addWidget(self.stage_combo)
        filters.addWidget(self.overdue_check)
        return filters

    def _build_table(self) -> None:
        self.table = record_list_view(QTableView(), self.proxy, "dashboardTable", wrap=False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # overdue first, as computed
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(DashboardModel.columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # "Next due" can be a long action text: give it a fixed share (full text in the
        # tooltip and the details tab) so the title and the overdue count stay visible;
        # the other columns get a fixed, modest width and the title takes the rest.
        for column, width in ((2, 170), (3, 180), (4, 80), (5, 270), (6, 86), (7, 86), (8, 86)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setStyleSheet(f"QLabel {{ color: {MUTED}; padding: 8px; }}")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        today = self.today()
        selected = self.selected_review_id()
        data = self.context.run_op(lambda: self.presenter.load(today)) or DashboardData(today=today)
        self.model.set_rows(data.rows)
        self._fill_stage_filter(data.stage_names())
        self.lower_tabs.show_actions(data)
        self.summary_label.setText(data.summary_html())
        if selected is not None:
            self.select_review(selected)
        self._update_empty()
        self._show_details()

    def _fill_stage_filter(self, names: list[str]) -> None:
        current = self.stage_combo.currentData() or ""
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        self.stage_combo.addItem("All stages", "")
        for name in names:
            self.stage_combo.addItem(name, name)
        index = self.stage_combo.findData(current)
        self.stage_combo.setCurrentIndex(max(0, index))
        self.stage_combo.blockSignals(False)
        self.proxy.set_stage(self.stage_combo.currentData() or "")

    def _update_empty(self) -> None:
        if self.model.rowCount() == 0:
            self.empty_label.setText("No reviews yet. Start one with “New review…”.")
            self.empty_label.show()
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText("No review matches the filters.")
            self.empty_label.show()
        else:
            self.empty_label.hide()

    def _apply(self, setter: Callable[[Any], None], value: Any) -> None:
        setter(value)
        self._update_empty()

    def _filter_text(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_empty()

    def showEvent(self, event: QEvent) -> None:
        """Coming back from a review shows what changed there."""
        super().showEvent(event)
        if self._shown_once:
            self.refresh()
        self._shown_once = True

    # ------------------------------------------------------------- selection
    def selected_row(self) -> DashboardRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def selected_review_id(self) -> int | None:
        row = self.selected_row()
        return row.review_id if row else None

    def select_review(self, review_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == review_id:
                self.table.selectRow(row)
                return True
        return False

    def _show_details(self, *_args: Any) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        self.lower_tabs.show_review(row)

    # --------------------------------------------------------------- actions
    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def open_selected(self) -> bool:
        review_id = self.selected_review_id()
        if review_id is None:
            return False
        return self.request_review(review_id) is not None

    def _open_action_review(self, row: int, _column: int) -> None:
        reference = self.actions_table.item(row, 1).text()
        review_id = self.context.run_op(lambda: self.presenter.review_id(reference))
        if review_id is not None:
            self.request_review(review_id, "Panel and meetings")

    def new_review(self) -> int | None:
        """Ask for the review record; create it through run_op, then open it."""
        form = NewReviewForm()
        store = self.context.store
        save = op_saver(self.context, lambda f: create_review(store, f))
        dialog = RecordDialog(NEW_REVIEW_SPECS, form, self, title="New review", save=save)
        try:
            if dialog.exec() != RecordDialog.DialogCode.Accepted or dialog.result_obj is None:
                return None
            created = dialog.result_obj
        finally:
            dialog.deleteLater()
        self.refresh()
        if created.id is not None:
            self.select_review(created.id)
            self.request_review(created.id)
        return created.id
