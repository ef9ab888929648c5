"""The Dashboard: every review in the store, what is overdue first, and open actions.

Why: a chair or CSP officer runs several reviews at once. The first thing they
need is which review needs them today (overdue clocks and actions), how long
each has run since the decision (and how much of that was paused for a trial
or inquest), and a way straight into the review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
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

from dhrdesk.core import model as m
from dhrdesk.core.dashboard import DashboardRow
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.profiles import DEFAULT_PROFILE_ID, shipped_profiles
from dhrdesk.ui.forms import FieldSpec, RecordDialog, money_text, op_saver, short_date
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.table_model import Column, TableModel, TableProxy
from dhrdesk.ui.widgets import heading_font

OVERDUE_COLOR = "#b3261e"
MUTED = "#5f6368"
PAUSED_COLOR = "#8a5a00"


def days_text(row: DashboardRow) -> str:
    """'412 (190 active, 222 paused)', or '—' before the decision."""
    if row.decision is None:
        return "—"
    total = row.days_since_decision
    if not row.paused_days:
        return f"{total} (all active)" if total else "0"
    return f"{total} ({row.active_days} active, {row.paused_days} paused)"


def _next_due(row: DashboardRow) -> str:
    if row.next_due is None:
        return row.next_due_label or "—"
    return f"{short_date(row.next_due)} · {row.next_due_label}"


def _overdue_tip(row: DashboardRow) -> str | None:
    if not row.overdue:
        return None
    return "\n".join(
        f"{o.label}: due {format_date(o.due)}, {o.days_overdue} days overdue" for o in row.overdue
    )


def _count(value: int) -> str:
    return str(value) if value else ""


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
            _next_due,
            tooltip=lambda r: r.next_due_text(),
            sort=lambda r: r.next_due or dt.date.max,
        ),
        Column(
            "Overdue",
            lambda r: _count(r.overdue_count if r.overdue else 0),
            align="right",
            tooltip=_overdue_tip,
            sort=lambda r: (
                r.overdue_count * 100000 + max((o.days_overdue for o in r.overdue), default=0)
            ),
            foreground=_red_if(lambda r: r.overdue),
            bold=lambda r: bool(r.overdue),
        ),
        Column(
            "Late returns",
            lambda r: _count(r.overdue_returns),
            align="right",
            sort=lambda r: r.overdue_returns,
            foreground=_red_if(lambda r: r.overdue_returns),
        ),
        Column(
            "Open actions",
            lambda r: _count(r.open_actions),
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


def _profile_choices() -> dict[str, str]:
    return {pid: f"{p.name} – {p.review_type}" for pid, p in shipped_profiles().items()}


@dataclass
class NewReviewForm:
    """What the New review window asks (Qt-free, so it can move to an operation)."""

    reference: str = ""
    title: str = ""
    profile: str = DEFAULT_PROFILE_ID
    csp: str = ""
    police_force_area: str = ""
    month_of_death: str = ""
    notified_on: dt.date | None = None
    decided_on: dt.date | None = None
    id: int | None = None

    def check(self) -> None:
        """The dates' order, before anything is written (nothing changes on a refusal)."""
        if self.decided_on is not None and self.notified_on is None:
            raise ValidationError(
                "Give the date the partnership was notified as well as the decision date."
            )
        if self.notified_on and self.decided_on and self.decided_on < self.notified_on:
            raise ValidationError("The decision cannot come before the notification.")

    def review(self) -> m.Review:
        return m.Review(
            reference=self.reference,
            title=self.title,
            profile=self.profile,
            csp=self.csp,
            police_force_area=self.police_force_area,
            month_of_death=self.month_of_death,
        )


def create_review(store: Any, form: NewReviewForm) -> int:
    """Create the review and record its first dates; undone as a whole if a date is refused."""
    form.check()
    review = form.review()
    store.repos.reviews.add(review)
    assert review.id is not None
    try:
        lifecycle = store.repos.lifecycle
        if form.notified_on is not None:
            lifecycle.set_stage_dates(review.id, "notification", None, form.notified_on)
        if form.decided_on is not None:
            lifecycle.set_stage_dates(review.id, "decision", None, form.decided_on)
    except DhrDeskError:
        store.repos.reviews.delete(review.id)
        raise
    form.id = review.id
    return review.id


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
        _profile_choices,
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


class DashboardPage(ShellPage):
    """All reviews: overdue first, sortable, filterable; open actions; costs."""

    today: Callable[[], dt.date] = staticmethod(dt.date.today)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("dashboardPage")
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

        self.table = QTableView()
        self.table.setObjectName("dashboardTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # overdue first, as computed
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(DashboardModel.columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # "Next due" can be a long action text: give it a fixed share (full text in the
        # tooltip and the details tab) so the title and the overdue count stay visible.
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 270)
        for column in (2, 3, 4, 6, 7, 8):  # a fixed, modest width; the title takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 170)
        header.resizeSection(3, 180)
        header.resizeSection(4, 80)
        for column in (6, 7, 8):
            header.resizeSection(column, 86)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setStyleSheet(f"QLabel {{ color: {MUTED}; padding: 8px; }}")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.details = QTextBrowser()
        self.details.setObjectName("dashboardDetails")
        self.details.setOpenLinks(False)
        self.actions_table = QTableWidget(0, 4)
        self.actions_table.setObjectName("openActions")
        self.actions_table.setHorizontalHeaderLabels(["Due", "Review", "Action", "Owner"])
        self.actions_table.verticalHeader().hide()
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setAlternatingRowColors(True)
        self.actions_table.setSortingEnabled(True)
        a_header = self.actions_table.horizontalHeader()
        a_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        a_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        a_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        a_header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.actions_table.cellDoubleClicked.connect(self._open_action_review)
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setObjectName("dashboardLowerTabs")
        self.lower_tabs.addTab(self.details, "Selected review")
        self.lower_tabs.addTab(self.actions_table, "Open actions")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(QLabel("Stage:"))
        filters.addWidget(self.stage_combo)
        filters.addWidget(self.overdue_check)
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

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        store = self.context.store
        today = self.today()
        selected = self.selected_review_id()
        rows = self.context.run_op(lambda: store.repos.reviews.dashboard(today)) or []
        self.model.set_rows(rows)
        self._fill_stage_filter(rows)
        actions = self.context.run_op(store.repos.records.open_actions) or []
        self._fill_actions(actions, today)
        totals = self.context.run_op(lambda: store.repos.records.cost_totals(None)) or {}
        self._fill_summary(rows, actions, totals)
        if selected is not None:
            self.select_review(selected)
        self._update_empty()
        self._show_details()

    def _fill_stage_filter(self, rows: list[DashboardRow]) -> None:
        current = self.stage_combo.currentData() or ""
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        self.stage_combo.addItem("All stages", "")
        for name in sorted({row.stage_name for row in rows}):
            self.stage_combo.addItem(name, name)
        index = self.stage_combo.findData(current)
        self.stage_combo.setCurrentIndex(max(0, index))
        self.stage_combo.blockSignals(False)
        self.proxy.set_stage(self.stage_combo.currentData() or "")

    def _fill_actions(self, actions: list[tuple[str, m.MeetingAction]], today: dt.date) -> None:
        table = self.actions_table
        table.setSortingEnabled(False)
        table.setRowCount(len(actions))
        for row, (reference, action) in enumerate(actions):
            due = QTableWidgetItem(short_date(action.due) if action.due else "no date")
            due.setData(Qt.ItemDataRole.UserRole, reference)
            overdue = action.due is not None and action.due < today
            cells = [due, QTableWidgetItem(reference), QTableWidgetItem(action.text)]
            cells.append(QTableWidgetItem(action.owner))
            for column, item in enumerate(cells):
                item.setToolTip(item.text())
                if overdue:
                    item.setForeground(QBrush(QColor(OVERDUE_COLOR)))
                table.setItem(row, column, item)
            # Sort dates as dates: keep an ISO key in the due cell's sort text.
            due.setData(Qt.ItemDataRole.UserRole + 1, action.due.isoformat() if action.due else "")
        table.setSortingEnabled(True)
        count = len(actions)
        late = sum(1 for _, a in actions if a.due is not None and a.due < today)
        label = f"Open actions ({count}{f', {late} overdue' if late else ''})"
        self.lower_tabs.setTabText(1, label)

    def _fill_summary(
        self,
        rows: list[DashboardRow],
        actions: list[tuple[str, m.MeetingAction]],
        totals: dict[str, int],
    ) -> None:
        overdue = sum(1 for row in rows if row.overdue)
        paused = sum(1 for row in rows if row.paused_now)
        total_cost = sum(totals.values())
        parts = [f"{len(rows)} review{'s' if len(rows) != 1 else ''}"]
        if overdue:
            parts.append(
                f"<span style='color:{OVERDUE_COLOR}'><b>{overdue} with overdue items</b></span>"
            )
        if paused:
            parts.append(f"{paused} paused now")
        parts.append(f"{len(actions)} open action{'s' if len(actions) != 1 else ''}")
        cost = f"Costs across the store: <b>{money_text(total_cost)}</b>"
        spent = [
            f"{m.COST_CATEGORY_LABELS[c].lower()} {money_text(v)}" for c, v in totals.items() if v
        ]
        if spent:
            cost += f" ({', '.join(spent)})"
        self.summary_label.setText(" · ".join(parts) + " &nbsp;|&nbsp; " + cost)

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

    def showEvent(self, event: QEvent) -> None:  # noqa: N802
        """Coming back from a review shows what changed there."""
        super().showEvent(event)
        if getattr(self, "_shown_once", False):
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
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, Qt.ItemDataRole.UserRole) == review_id:
                self.table.selectRow(row)
                return True
        return False

    def _show_details(self, *_args: Any) -> None:
        row = self.selected_row()
        self.open_button.setEnabled(row is not None)
        if row is None:
            self.details.setHtml(
                f"<p style='color:{MUTED}'>Select a review to see what is overdue and due next.</p>"
            )
            return
        html = [f"<h3 style='margin:0'>{_esc(row.reference)} – {_esc(row.title)}</h3>"]
        html.append(
            f"<p style='margin:2px 0'>{_esc(row.profile_name)} · stage: <b>{_esc(row.stage_name)}</b>"
        )
        if row.decision is not None:
            html.append(
                f" · decision {format_date(row.decision)}: {row.days_since_decision} days "
                f"({row.active_days} active, {row.paused_days} paused)"
            )
        if row.paused_now:
            html.append(f" · <span style='color:{PAUSED_COLOR}'><b>paused now</b></span>")
        html.append("</p>")
        if row.overdue:
            html.append(
                f"<p style='margin:6px 0 2px 0;color:{OVERDUE_COLOR}'><b>Overdue</b></p><ul>"
            )
            for item in row.overdue:
                html.append(
                    f"<li style='color:{OVERDUE_COLOR}'>{_esc(item.label)} – due "
                    f"{format_date(item.due)}, {item.days_overdue} "
                    f"day{'s' if item.days_overdue != 1 else ''} overdue</li>"
                )
            html.append("</ul>")
        else:
            html.append("<p style='margin:6px 0'>Nothing overdue.</p>")
        html.append(f"<p style='margin:2px 0'>Next due: {_esc(row.next_due_text())}</p>")
        self.details.setHtml("".join(html))

    # --------------------------------------------------------------- actions
    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
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
        review = self.context.run_op(lambda: self.context.store.repos.reviews.get(reference))
        if review is not None:
            self.request_review(review.id, "Panel and meetings")

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


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
