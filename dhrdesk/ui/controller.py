"""The application controller: which window is showing, the open store, locking.

Everything tests drive lives here as plain methods (unlock, create_store, lock,
start_backup, start_restore, ...), so the windows stay thin. The controller is
the only owner of the open :class:`~dhrdesk.store.Store`; locking closes it and
destroys the main window with every page that showed case data.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import Store, paths
from dhrdesk.ui.idle import IdleLock
from dhrdesk.ui.operations import show_error
from dhrdesk.ui.presenters import shell
from dhrdesk.ui.settings import AppSettings
from dhrdesk.ui.store_commands import StoreCommands
from dhrdesk.ui.unlock import UnlockWindow
from dhrdesk.ui.workers import TaskRunner

if TYPE_CHECKING:
    from dhrdesk.ui.main_window import MainWindow


def _prewarm_imports() -> None:
    """Import what the main window needs while the user types the passphrase.

    The unlock window needs little; the main window needs the documents, their
    builders and the presenters (reportlab, python-docx, PDFium: about a second).
    Only Qt-free modules are imported here (a worker thread must not create Qt
    objects); the main thread waits for this thread before it imports the window,
    so two threads never import the same modules at once.
    """
    try:
        import pypdfium2  # noqa: F401

        import dhrdesk.documents.builders  # noqa: F401
        import dhrdesk.documents.gate  # noqa: F401
        import dhrdesk.ui.presenters.documents  # noqa: F401
        import dhrdesk.ui.presenters.learning  # noqa: F401
        import dhrdesk.ui.presenters.publication  # noqa: F401
    except Exception:  # the main thread imports them again and reports the error
        return


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class AppController(StoreCommands, QObject):
    """Owns the open store, the unlock window, the main window and the idle lock.

    ``clock`` (seconds, monotonic) and ``now`` (wall time) are injectable: tests
    give fake ones and move idle time forward with ``controller.idle.check()``."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        idle_ms: int | None = None,
        store_path: Path | None = None,
        quit_on_close: bool = True,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        if idle_ms is None:
            idle_ms = self.settings.auto_lock_minutes() * 60_000
        self.now = now
        self.quit_on_close = quit_on_close
        self.store: Store | None = None
        self.main_window: MainWindow | None = None
        self.last_page: str | None = None
        self.store_path = shell.initial_store_path(
            store_path, self.settings.last_store(), paths.default_store_path()
        )
        self.tasks = TaskRunner(self)
        self._lock_after_tasks = False
        self.restore_progress: QProgressDialog | None = None

        self.idle = IdleLock(idle_ms, clock, self)
        self.idle.idle.connect(self._on_idle)
        self.idle.install()
        self.unlock_window = UnlockWindow(self)
        self._prewarm: threading.Thread | None = None

    @property
    def idle_ms(self) -> int:
        return self.idle.interval_ms

    # --------------------------------------------------------------- starting
    def start(self) -> None:
        """Show the unlock window on the last store (or the invitation to create one),
        and import the main window's modules in the background meanwhile."""
        self._show_unlock_window(None)
        self._prewarm = threading.Thread(target=_prewarm_imports, name="prewarm", daemon=True)
        self._prewarm.start()

    def _show_unlock_window(self, notice: str | None) -> None:
        window = self.unlock_window
        demo = paths.demo_store_path()
        window.set_stores(
            self.settings.recent_stores(),
            self.store_path,
            opened=self.settings.last_opened(),
            demo=demo if demo.exists() else None,
        )
        window.set_notice(notice)
        window.error.clear_error()
        window.show()
        window.raise_()
        window.activateWindow()
        window.prepare()

    # ----------------------------------------------------------------- unlock
    def unlock(self, path: Path, passphrase: str) -> Store:
        """Open the store; raises the StoreOpenError family (the unlock window shows it)."""
        with _WaitCursor():
            store = Store.open(path, passphrase)
        self._opened(store)
        # Set only when Store.open upgraded the schema (dhrdesk/store/database.py).
        upgrade = getattr(store, "upgrade_backup", None)
        if upgrade is not None and self.main_window is not None:
            self.main_window.show_status_message(
                f"The store was upgraded; a backup of the old version is at {upgrade}.", 20_000
            )
        return store

    def create_store(self, path: Path, passphrase: str, display_name: str) -> Store:
        """Create and open a new store; raises DhrDeskError (the create dialog shows it)."""
        with _WaitCursor():
            store = Store.create(path, passphrase, display_name)
        self.last_page = None
        self._opened(store)
        return store

    def _opened(self, store: Store) -> None:
        if store.repos.workspace.is_workspace:
            self.settings.remember_store(store.path)
            self._open_workspace(store)
            return
        self.store = store
        self.store_path = store.path
        self.settings.remember_store(store.path)
        if self._prewarm is not None:
            self._prewarm.join()
        from dhrdesk.ui.main_window import MainWindow  # after the unlock: start is quick

        window = MainWindow(self, store, start_page=self.last_page)
        geometry = self.settings.main_window_geometry()
        if geometry is not None:
            window.restoreGeometry(geometry)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        self.unlock_window.hide()
        self.unlock_window.prepare()
        self.idle.start()
        self.unlocked.emit()
        # The modules and the window built so far live as long as the app: moved out of
        # the collector's view, so later collections (while a 10,000-row chronology
        # loads, say) do not walk them again and again.
        gc.freeze()

    # ------------------------------------------------------------------- lock
    @property
    def is_locked(self) -> bool:
        return self.store is None

    def lock(self, notice: str | None = None) -> bool:
        """Save pending edits, drop every case-data view, close the store, show unlock.

        Returns False (and stays unlocked) when a page cannot save its pending
        edits, so nothing typed is lost; a running background operation defers the
        lock until it finishes.
        """
        if self.store is None:
            return True
        if self.tasks.busy:
            self._lock_after_tasks = True
            if self.main_window is not None:
                self.main_window.show_status_message("Locking when the current operation ends…")
            return False
        if not self._save_pending():
            return False
        self._close_case_views()
        self._show_unlock_window(notice or shell.LOCKED_NOTICE)
        self.locked.emit()
        return True

    def _save_pending(self) -> bool:
        window = self.main_window
        if window is None:
            return True
        try:
            window.save_pending()
        except DhrDeskError as exc:
            self.idle.start()
            show_error(window, exc, "Could not lock: unsaved changes")
            return False
        return True

    def _close_case_views(self) -> None:
        """Close dialogs, delete the main window and its pages, close the store."""
        self.idle.stop()
        self._lock_after_tasks = False
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QDialog)
                and widget.isVisible()
                and widget is not self.restore_progress
            ):
                widget.reject()
        window = self.main_window
        self.main_window = None
        if window is not None:
            self.last_page = window.current_page_title() or self.last_page
            self.settings.set_main_window_geometry(window.saveGeometry())
            window.drop_pages()
            window.hide()
            window.deleteLater()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _on_idle(self) -> None:
        self.lock(shell.idle_notice(self.idle_ms))

    # --------------------------------------------------------------- quitting
    def quit(self) -> bool:
        """Finish background work, save pending edits, close the store and quit."""
        if self.tasks.busy:
            with _WaitCursor():
                self.tasks.wait_for_all()
            QApplication.processEvents()
        if not self._save_pending():
            return False
        self._close_case_views()
        self.unlock_window.hide()
        if self.quit_on_close:
            QApplication.quit()
        return True

    def shutdown(self) -> None:
        """Release everything (tests call this; quitting the app does the same)."""
        self.tasks.wait_for_all()
        QApplication.processEvents()
        self.idle.uninstall()
        self._close_case_views()
        if self.restore_progress is not None:
            self.restore_progress.deleteLater()
            self.restore_progress = None
        self.unlock_window.hide()
        self.unlock_window.deleteLater()

    # ------------------------------------------------------------- background
    def run_in_background(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        busy_text: str = "Working…",
        on_failure: Callable[[DhrDeskError], None] | None = None,
    ) -> None:
        """Run ``fn`` in the thread pool with a busy indicator; errors become a message box."""
        window = self.main_window
        if window is not None:
            window.set_busy(busy_text)

        def finished() -> None:
            current = self.main_window
            if current is not None:
                current.set_busy(None)
                current.refresh_status()

        def succeeded(result: Any) -> None:
            finished()
            if on_success is not None:
                on_success(result)
            self._after_task()

        def failed(error: DhrDeskError) -> None:
            finished()
            if on_failure is not None:
                on_failure(error)
            else:
                show_error(self.main_window or self.unlock_window, error)
            self._after_task()

        self.tasks.start(fn, succeeded, failed)

    def _after_task(self) -> None:
        if self._lock_after_tasks and not self.tasks.busy:
            self.lock()
