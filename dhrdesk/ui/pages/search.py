"""The "Search" page: full-text search over every text of every review, opening a hit in place.

Why it is built this way:

* The query runs through :func:`dhrdesk.store.search.search`, the same function as
  ``dhrdesk search``, so ranking, filters and the clear "type a word" messages are the
  store's, never a traceback.
* Search as you type, debounced (:data:`DEBOUNCE_MS`): one query per pause in typing.
  A search that took longer than :data:`BACKGROUND_AFTER_S` moves the next ones to the
  background worker (a large store), with at most one query in flight; the newest text
  always wins.
* Snippets mark the matching words with « ». The table shows them in bold through
  :class:`SnippetDelegate`, which escapes the text before it becomes rich text, so
  nothing typed in a review can ever be read as HTML.
* Opening a hit (double-click or Return) shows the review in the workspace at the tab
  that holds the record, with the record selected (:func:`select_hit`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store.search import KIND_LABELS, Hit
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.presenters.search import (
    BACKGROUND_AFTER_S,
    EMPTY_TEXT,
    NOTHING_TEXT,
    RESTRICTED_KINDS,
    TAB_FOR_KIND,
    Query,
    SearchChoices,
    SearchPresenter,
    count_text,
    error_text,
    kind_text,
    plain_snippet,
    record_id,
    snippet_html,
)
from dhrdesk.ui.table_model import Column, TableModel
from dhrdesk.ui.widgets import heading_font, record_list_view, refill_combo

__all__ = ["HitTableModel", "SearchPage", "plain_snippet", "select_hit", "snippet_html"]

DEBOUNCE_MS = 250
MARKED_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
RESTRICTED_COLOR = "#b3261e"
NOTE_STYLE = "QLabel { color: #5f6368; padding: 16px; }"
ERROR_STYLE = "QLabel { color: #b3261e; padding: 16px; }"


# ----------------------------------------------------------------------------- model
def _restricted_colour(hit: Hit) -> str | None:
    return RESTRICTED_COLOR if hit.kind in RESTRICTED_KINDS else None


class HitTableModel(TableModel[Hit]):
    """Search hits in rank order (best first); the snippet column carries its marks."""

    columns = (
        Column(
            "Review",
            lambda h: h.reference,
            tooltip=lambda h: "Double-click or press Return to open it in the review",
        ),
        Column(
            "Kind",
            kind_text,
            tooltip=lambda h: (
                "RESTRICTED: may hold real names of family members and friends."
                if h.kind in RESTRICTED_KINDS
                else None
            ),
        ),
        Column("Title", lambda h: h.title, tooltip=lambda h: h.title),
        Column(
            "Match", lambda h: plain_snippet(h.snippet), tooltip=lambda h: plain_snippet(h.snippet)
        ),
    )
    SNIPPET_COLUMN = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(row_foreground=_restricted_colour, parent=parent)

    def set_hits(self, hits: list[Hit]) -> None:
        self.set_rows(hits)

    def hits(self) -> list[Hit]:
        return self.rows()

    def hit_at(self, row: int) -> Hit | None:
        return self.row_at(row) if 0 <= row < self.rowCount() else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == HIT_ROLE and index.isValid():
            return self.row_at(index.row())
        if role == MARKED_ROLE and index.isValid():
            return (
                self.row_at(index.row()).snippet if index.column() == self.SNIPPET_COLUMN else None
            )
        return super().data(index, role)


class SnippetDelegate(QStyledItemDelegate):
    """Paints a marked snippet with the matching words in bold (escaped rich text)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, font: Any, marked: str, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDocumentMargin(3)
        doc.setDefaultFont(font)
        doc.setHtml(snippet_html(marked))
        doc.setTextWidth(max(80, width))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        marked = index.data(MARKED_ROLE)
        if not marked:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt.font, marked, opt.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = max(0, (opt.rect.height() - int(doc.size().height())) // 2)
        painter.translate(opt.rect.left(), opt.rect.top() + top)
        painter.setClipRect(0, -top, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        marked = index.data(MARKED_ROLE)
        if not marked:
            return super().sizeHint(option, index)
        width = self._view.columnWidth(index.column())
        doc = self._document(option.font, marked, width)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class HitView(QTableView):
    """The results table; Return opens the current hit like a double-click does."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


# ----------------------------------------------------------------------- opening a hit
def select_hit(workspace: Any, store: Any, hit: Hit) -> bool:
    """Show the hit's tab in an open review workspace and select its record there.

    Returns True when the record itself is selected (False: the tab is shown but the
    record could not be found, for example hidden by the tab's own filter)."""
    title = TAB_FOR_KIND.get(hit.kind)
    if title is None or not workspace.show_tab(title):
        return False
    tab = workspace.tab(title)
    records = store.repos.records
    key = hit.record_key.split(":", 1)[-1]
    found_id = record_id(hit)
    if hit.kind == "section":
        document, _, section = key.partition("/")
        return bool(tab.select_document(document) and tab.select_section(section))
    if hit.kind == "chronology" and found_id is not None:
        return bool(tab.select_entry(found_id))
    if hit.kind == "recommendation" and found_id is not None:
        return bool(tab.recommendations.select_id(found_id))
    if hit.kind == "learning" and found_id is not None:
        return bool(tab.learning.select_id(found_id))
    if hit.kind in ("action", "action_update") and found_id is not None:
        if hit.kind == "action_update":
            found_id = records.get(m.ActionUpdate, found_id).action_id
        action = records.get(m.Action, found_id)
        if not tab.recommendations.select_id(action.recommendation_id):
            return False
        return bool(tab.actions.select_id(action.id))
    if hit.kind in ("imr", "imr_analysis"):
        agency_id = key.split("/", 1)[0]
        if not agency_id.isdigit():
            return False
        return bool(tab.select_agency(records.get(m.Agency, int(agency_id)).name))
    if hit.kind == "meeting" and found_id is not None:
        return bool(tab.meetings.select_id(found_id))
    if hit.kind == "family_contact" and found_id is not None:
        contact = records.get(m.FamilyContact, found_id)
        if not tab.people.select_id(contact.family_member_id):
            return False
        return bool(tab.contacts.select_id(found_id))
    return False


class SearchFilters(QWidget):
    """Review, agency, theme, kind and dates; ``changed`` is called on every change."""

    @staticmethod
    def _combo(name: str, wide: bool = False) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        if wide:
            box.setMinimumContentsLength(18)
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        return box

    def __init__(self, changed: Callable[..., None]) -> None:
        super().__init__()
        self.review_box = self._combo("searchReview")
        self.agency_box = self._combo("searchAgency", wide=True)
        self.theme_box = self._combo("searchTheme", wide=True)
        self.kind_box = self._combo("searchKind")
        self.kind_box.addItem("All kinds of text", None)
        for kind, label in KIND_LABELS.items():
            self.kind_box.addItem(label, kind)
        self.from_edit = QLineEdit()
        self.from_edit.setObjectName("searchFrom")
        self.to_edit = QLineEdit()
        self.to_edit.setObjectName("searchTo")
        for edit, hint in ((self.from_edit, "from"), (self.to_edit, "to")):
            edit.setPlaceholderText(f"{hint} (2021-03)")
            edit.setMaximumWidth(150)
            edit.setToolTip(
                "A year, a month (2021-03) or a day (2021-03-15). Records without a date "
                "(sections, recommendations) are left out when a date is given."
            )
            edit.textChanged.connect(changed)
        for box in self._boxes().values():
            box.currentIndexChanged.connect(changed)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearSearchFilters")
        self.clear_button.clicked.connect(self.clear)

        filters = QGridLayout(self)
        filters.setContentsMargins(0, 0, 0, 0)
        for column, (label, box) in enumerate(
            (("Review", self.review_box), ("Agency", self.agency_box), ("Theme", self.theme_box))
        ):
            filters.addWidget(QLabel(label), 0, 2 * column)
            filters.addWidget(box, 0, 2 * column + 1)
        filters.addWidget(QLabel("Kind"), 1, 0)
        filters.addWidget(self.kind_box, 1, 1)
        filters.addWidget(QLabel("Dates"), 1, 2)
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        filters.addLayout(dates, 1, 3)
        filters.addWidget(self.clear_button, 1, 5, Qt.AlignmentFlag.AlignRight)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 2)
        filters.setColumnStretch(5, 2)

    def _boxes(self) -> dict[str, QComboBox]:
        return {
            "review": self.review_box,
            "agency": self.agency_box,
            "theme": self.theme_box,
            "kind": self.kind_box,
        }

    def fill(self, choices: SearchChoices) -> None:
        refill_combo(self.review_box, "All reviews", choices.reviews)
        refill_combo(self.agency_box, "All agencies", choices.agencies)
        refill_combo(self.theme_box, "All themes", choices.themes)

    def clear(self) -> None:
        for box in self._boxes().values():
            box.setCurrentIndex(0)
        self.from_edit.clear()
        self.to_edit.clear()

    def choose(self, name: str, value: Any) -> bool:
        box = self._boxes()[name]
        index = box.findData(value)
        if index < 0:
            return False
        box.setCurrentIndex(index)
        return True

    def query(self, text: str) -> Query:
        return Query(
            text=text,
            review_id=self.review_box.currentData(),
            agency=self.agency_box.currentData(),
            theme=self.theme_box.currentData(),
            date_from=self.from_edit.text().strip(),
            date_to=self.to_edit.text().strip(),
            kind=self.kind_box.currentData(),
        )


# ------------------------------------------------------------------------------ page
class SearchPage(ShellPage):
    """Search every review; open a hit in its review at the right tab."""

    # Filters list reviews, agencies and themes; hits come from every text table.
    watches = (
        "review",
        "agency",
        "theme_change",
        "report_section",
        "imr_section",
        "imr_analysis",
        "chronology_entry",
        "recommendation",
        "learning_point",
        "action",
        "action_update",
        "meeting",
        "family_contact",
    )

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("searchPage")
        self.presenter = SearchPresenter(context.store)
        self._slow = False
        self._running = False
        self._pending: Query | None = None
        self._last: Query | None = None

        title = QLabel("Search")
        title.setFont(heading_font(self.font(), 1.4))
        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setPlaceholderText(
            'Words to find, e.g. professional curiosity, "risk assessment", safeguard*'
        )
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.textChanged.connect(self._schedule)
        self.query_edit.returnPressed.connect(self.search_now)
        self.filters = SearchFilters(self._schedule)
        self.review_box = self.filters.review_box
        self.agency_box = self.filters.agency_box
        self.theme_box = self.filters.theme_box
        self.kind_box = self.filters.kind_box
        self.from_edit = self.filters.from_edit
        self.to_edit = self.filters.to_edit
        self.clear_button = self.filters.clear_button
        self._build_results()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.query_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._fill_choices()
        self._show_message(EMPTY_TEXT)

    def _fill_choices(self) -> None:
        self.filters.fill(self.context.run_op(self.presenter.choices) or SearchChoices())

    def clear_filters(self) -> None:
        self.filters.clear()

    def set_filter(self, name: str, value: Any) -> bool:
        """Choose a filter value by its data (tests and other pages: review id, agency
        name, theme id, kind)."""
        return self.filters.choose(name, value)

    def current_query(self) -> Query:
        return self.filters.query(self.query_edit.text())

    def _build_results(self) -> None:
        self.model = HitTableModel(self)
        self.view = record_list_view(HitView(), self.model, "searchResults", sortable=False)
        self.view.setItemDelegateForColumn(HitTableModel.SNIPPET_COLUMN, SnippetDelegate(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(2, 260)
        header.sectionResized.connect(self._columns_resized)
        self.view.doubleClicked.connect(self.open_index)
        self.view.open_requested.connect(self.open_index)
        self.message = QLabel(EMPTY_TEXT)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet(NOTE_STYLE)
        self.count_label = QLabel()
        self.count_label.setObjectName("searchCount")

    # ------------------------------------------------------------------ searching
    def _schedule(self, *_args: Any) -> None:
        self._timer.start()

    def search_now(self) -> None:
        """Run the search for what the page shows now (skips the typing delay)."""
        self._timer.stop()
        query = self.current_query()
        if query.empty:
            self._last = None
            self.model.set_hits([])
            self._show_message(EMPTY_TEXT)
            self.count_label.setText("")
            return
        if self._running:
            self._pending = query  # the newest text wins once the running search ends
            return
        if not self._slow:
            started = time.perf_counter()
            try:
                hits = self.presenter.search(query)
            except DhrDeskError as error:
                self._failed(error)
                return
            self._slow = time.perf_counter() - started > BACKGROUND_AFTER_S
            self._show_hits(query, hits)
            return
        self._search_in_background(query)

    def _search_in_background(self, query: Query) -> None:
        self._running = True
        self.count_label.setText("Searching…")

        def done(hits: list[Hit]) -> None:
            if shiboken6.isValid(self):
                self._running = False
                self._show_hits(query, hits)
                self._run_pending()

        def failed(error: DhrDeskError) -> None:
            if shiboken6.isValid(self):
                self._running = False
                self._failed(error)
                self._run_pending()

        presenter = self.presenter
        self.context.run_in_background(
            lambda: presenter.search(query), done, "Searching…", on_failure=failed
        )

    def _columns_resized(self, column: int, _old: int, _new: int) -> None:
        if column == HitTableModel.SNIPPET_COLUMN:  # wrapped snippets need new heights
            self.view.resizeRowsToContents()

    def _run_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending == self.current_query():
            self.search_now()

    def _show_hits(self, query: Query, hits: list[Hit]) -> None:
        self._last = query
        self.model.set_hits(hits)
        self.view.resizeRowsToContents()
        self.count_label.setText(count_text(hits))
        if hits:
            self.message.hide()
            self.view.show()
            self.view.selectRow(0)
        else:
            self._show_message(NOTHING_TEXT)

    def _failed(self, error: DhrDeskError) -> None:
        self.model.set_hits([])
        self._show_message(error_text(error), error=True)
        self.count_label.setText("")

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.message.setProperty("error", error)
        self.message.show()
        self.view.setVisible(self.model.rowCount() > 0)

    @property
    def showing_error(self) -> bool:
        return bool(self.message.isVisibleTo(self) and self.message.property("error"))

    # ------------------------------------------------------------------ opening
    def open_index(self, index: QModelIndex) -> Any:
        hit = self.model.hit_at(index.row()) if index.isValid() else None
        return self.open_hit(hit) if hit is not None else None

    def open_hit(self, hit: Hit) -> Any:
        """Open the hit's review in the workspace, at its tab, with the record selected.
        Returns the workspace (None when there is no main window to show it in)."""
        workspace = self.request_review(hit.review_id, TAB_FOR_KIND.get(hit.kind))
        if workspace is None:
            return None
        found = self.context.run_op(lambda: select_hit(workspace, self.context.store, hit))
        if not found:
            self.show_status(
                f"Opened {hit.reference}; the record itself could not be selected there."
            )
        return workspace

    # ------------------------------------------------------------------ Page API
    def refresh(self) -> None:
        """New reviews, agencies or themes appear in the filters; the search runs again."""
        self._fill_choices()
        if self.query_edit.text().strip():
            self.search_now()
