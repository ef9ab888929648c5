"""The main window: navigation on the left, the workspace in the middle, the store's
name and last save time in the status bar, and the File and Help menus.

The window holds case data, so the controller builds a fresh one after each unlock
and destroys it when locking; it never outlives the open store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from dhrdesk import APP_NAME
from dhrdesk.core.dates import InvalidDateError
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.changes import ChangeHub, screen_of
from dhrdesk.ui.menus import SHORTCUTS, build_menus, find_box
from dhrdesk.ui.operations import run_op, show_error
from dhrdesk.ui.pages import PAGES, Page, PageContext, PageSpec
from dhrdesk.ui.pages.navigation import ShellPage
from dhrdesk.ui.pages.review_page import ReviewPage
from dhrdesk.ui.presenters import shell
from dhrdesk.ui.widgets import SensitivityBanner, no_tab_trap

if TYPE_CHECKING:
    from dhrdesk.store import Store
    from dhrdesk.ui.controller import AppController
    from dhrdesk.ui.pages.review.workspace import ReviewWorkspace
    from dhrdesk.ui.user_guide import UserGuideWindow

__all__ = ["SHORTCUTS", "MainWindow"]

REVIEW_PAGE = "Review"
DASHBOARD_PAGE = "Dashboard"


def _navigation(titles: list[str]) -> QListWidget:
    nav = QListWidget()
    nav.setObjectName("navigation")
    nav.setAccessibleName("Pages")
    nav.setMinimumWidth(150)
    nav.setMaximumWidth(220)
    # The review's reference wraps rather than being cut off (its full text is the tooltip).
    nav.setWordWrap(True)
    nav.setTextElideMode(Qt.TextElideMode.ElideNone)
    nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    nav.setStyleSheet("QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 5px; }")
    nav.addItems(titles)
    return nav


def _status_widgets(status: QStatusBar) -> tuple[QLabel, QLabel, QProgressBar]:
    """The store's name (left), a busy indicator and the last save time (right)."""
    store_label = QLabel()
    store_label.setObjectName("storeLabel")
    saved_label = QLabel()
    saved_label.setObjectName("savedLabel")
    progress = QProgressBar()
    progress.setRange(0, 0)
    progress.setMaximumWidth(160)
    progress.hide()
    status.addWidget(store_label)
    status.addPermanentWidget(progress)
    status.addPermanentWidget(saved_label)
    return store_label, saved_label, progress


class MainWindow(QMainWindow):
    """Navigation, the workspace of pages, the menus and the status bar."""

    def __init__(
        self,
        controller: AppController,
        store: Store,
        start_page: str | None = None,
        pages: list[PageSpec] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.controller = controller
        self.store = store
        # Every committed write, from any screen or worker, is announced here once.
        self.changes = hub = ChangeHub(self)
        hub.attach(store)
        hub.changed.connect(lambda _changeset: self.refresh_status())
        self.destroyed.connect(lambda *_: hub.detach())
        self.page_specs = list(pages if pages is not None else PAGES)
        self._pages: dict[int, Page] = {}
        self._guide: UserGuideWindow | None = None
        self.setWindowTitle(f"{store.path.name} — {APP_NAME}")
        self.setMinimumSize(800, 520)
        free = self.screen().availableGeometry().size() if self.screen() else None
        self.resize(*shell.first_size(free and free.width(), free and free.height()))

        self.nav = _navigation([spec.title for spec in self.page_specs])
        self.stack = QStackedWidget()
        self.stack.setObjectName("workspace")
        for _ in self.page_specs:
            self.stack.addWidget(QWidget())  # placeholders; pages are built when first shown
        self.nav.currentRowChanged.connect(self.show_page_at)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 1000])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(SensitivityBanner(shell.banner_text(controller.idle_ms)))
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.store_label, self.saved_label, self.progress = _status_widgets(self.statusBar())
        self.actions: dict[str, QAction] = build_menus(
            self,
            controller,
            save=self.save_current,
            find=self.find_in_page,
            user_guide=self.show_user_guide,
        )
        self.refresh_status()
        self._show_start_page(start_page)

    def _show_start_page(self, start_page: str | None) -> None:
        """The page (and review tab) showing when the app was locked, else the first."""
        index = 0
        review_state: tuple[int, str] | None = None
        if start_page is not None:
            start_page, review_state = shell.parse_page_state(start_page)
            titles = self._titles()
            index = titles.index(start_page) if start_page in titles else 0
        if review_state is not None and REVIEW_PAGE in self._titles():
            self.open_review(*review_state)
            if start_page == REVIEW_PAGE:
                return
        self.nav.setCurrentRow(index)
        self.show_page_at(index)

    # ----------------------------------------------------------------- pages
    def page_context(self) -> PageContext:
        return PageContext(
            store=self.store,
            run_op=lambda fn, message=None, origin=None: run_op(
                self,
                fn,
                message,
                origin=origin if origin is not None else screen_of(QApplication.focusWidget()),
                show_message=self.show_status_message,
            ),
            run_in_background=self.controller.run_in_background,
            changes=self.changes,
        )

    def show_page_at(self, index: int) -> None:
        if not 0 <= index < len(self.page_specs):
            return
        if index not in self._pages:
            page = self.page_specs[index].factory(self.page_context())
            placeholder = self.stack.widget(index)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.insertWidget(index, page)
            no_tab_trap(page)
            self._pages[index] = page
            if isinstance(page, ShellPage):
                page.navigator = self
        self.stack.setCurrentIndex(index)

    def current_page_title(self) -> str | None:
        """The page showing, plus "|review id|tab" when a review is open (kept across locks)."""
        row = self.nav.currentRow()
        title = self.page_specs[row].title if 0 <= row < len(self.page_specs) else None
        return shell.page_state_text(title, self.review_state())

    # ---------------------------------------------------------------- review
    def _titles(self) -> list[str]:
        return [spec.title for spec in self.page_specs]

    def review_page(self) -> ReviewPage | None:
        """The "Review" slot page if it has been built, else None."""
        if REVIEW_PAGE not in self._titles():
            return None
        page = self._pages.get(self._titles().index(REVIEW_PAGE))
        return page if isinstance(page, ReviewPage) else None

    def review_state(self) -> tuple[int, str] | None:
        page = self.review_page()
        return page.state() if page is not None else None

    def open_review(self, review_id: int, tab: str | None = None) -> ReviewWorkspace | None:
        """Show one review in the "Review" slot (from the dashboard or the reviews list)."""
        if REVIEW_PAGE not in self._titles():
            return None
        index = self._titles().index(REVIEW_PAGE)
        self.show_page_at(index)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        page = self.review_page()
        workspace = page.open_review(review_id, tab) if page is not None else None
        reference = workspace.reference if workspace is not None else None
        item = self.nav.item(index)
        if reference:
            item.setText(f"{REVIEW_PAGE}: {reference}")
            item.setToolTip(f"{REVIEW_PAGE}: {reference}")
            self.setWindowTitle(f"{reference} — {self.store.path.name} — {APP_NAME}")
        return workspace

    def show_dashboard(self) -> None:
        titles = self._titles()
        if DASHBOARD_PAGE in titles:
            self.nav.setCurrentRow(titles.index(DASHBOARD_PAGE))

    def pages(self) -> list[Page]:
        return list(self._pages.values())

    def save_pending(self) -> None:
        """Ask every page to save edits in progress (raises DhrDeskError if one cannot)."""
        for page in self.pages():
            page.save_pending()

    def show_user_guide(self) -> Any:
        """Help > User guide (F1): the offline guide, beside the work."""
        from dhrdesk.ui.user_guide import UserGuideWindow

        guide = self._guide
        if guide is None:
            guide = self._guide = UserGuideWindow(self)
        guide.show()
        guide.raise_()
        guide.search_edit.setFocus()
        return guide

    def save_current(self) -> bool:
        """Ctrl+S: save what is being edited on the page showing.

        A date or value that cannot be read is shown at its field (which takes the
        focus); a message box only for errors that belong to no field."""
        page = self.stack.currentWidget()
        if not isinstance(page, Page):
            return True
        try:
            page.save_pending()
        except InvalidDateError as exc:
            self.show_status_message(f"Not saved: {exc.message}")
            return False
        except DhrDeskError as exc:
            show_error(self, exc, "Not saved")
            return False
        self.refresh_status()
        self.show_status_message("Saved.")
        return True

    def find_in_page(self) -> bool:
        """Ctrl+F: put the cursor in the filter or find box of the page (or tab) showing."""
        page = self.stack.currentWidget()
        box = find_box(page) if page is not None else None
        if box is None:
            self.show_status_message("Nothing to find on this page.")
            return False
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()
        return True

    def refresh_pages(self) -> None:
        for page in self.pages():
            page.refresh()

    def drop_pages(self) -> None:
        """Remove every page that shows case data, so nothing of it stays in widgets."""
        for index, page in list(self._pages.items()):
            if page.shows_case_data:
                self.stack.removeWidget(page)
                page.hide()
                page.setParent(None)
                page.deleteLater()
                del self._pages[index]

    # ---------------------------------------------------------------- status
    def refresh_status(self) -> None:
        if not self.store.is_open:
            self.store_label.setText("Store locked")
            self.saved_label.setText("")
            return
        self.store_label.setText(f"Store: {self.store.path.name}")
        self.store_label.setToolTip(str(self.store.path))
        self.saved_label.setText(shell.saved_text(self.store.last_saved))

    def show_status_message(self, text: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(text, msecs)

    def set_busy(self, text: str | None) -> None:
        """Show or hide the status-bar progress indicator of a background operation."""
        if text:
            self.progress.show()
            self.statusBar().showMessage(text)
        else:
            self.progress.hide()
            self.statusBar().clearMessage()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller.main_window is self and not self.controller.quit():
            event.ignore()
            return
        event.accept()
