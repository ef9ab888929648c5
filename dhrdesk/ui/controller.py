"""The application controller: which window is showing, the open store, locking.

Everything tests drive lives here as plain methods (unlock, create_store, lock,
start_backup, start_restore, ...), so the windows stay thin. The controller is
the only owner of the open :class:`~dhrdesk.store.Store`; locking closes it and
destroys the main window with every page that showed case data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from dhrdesk import APP_NAME, __version__
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import Store, paths, restore_backup
from dhrdesk.ui import dialogs
from dhrdesk.ui.main_window import MainWindow
from dhrdesk.ui.operations import run_op, show_error
from dhrdesk.ui.settings import AppSettings
from dhrdesk.ui.unlock import UnlockWindow
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS
from dhrdesk.ui.workers import TaskRunner

_USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class AppController(QObject):
    """Owns the open store, the unlock window, the main window and the idle timer."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        idle_ms: int | None = None,
        store_path: Path | None = None,
        quit_on_close: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.idle_ms = (
            idle_ms if idle_ms is not None else self.settings.auto_lock_minutes() * 60_000
        )
        self.quit_on_close = quit_on_close
        self.store: Store | None = None
        self.main_window: MainWindow | None = None
        self.last_page: str | None = None
        self.store_path: Path | None = self._initial_store_path(store_path)
        self.tasks = TaskRunner(self)
        self._lock_after_tasks = False
        self.restore_progress: QProgressDialog | None = None

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle)
        self.unlock_window = UnlockWindow(self)
        app = QApplication.instance()
        assert app is not None, "create the QApplication before the controller"
        app.installEventFilter(self)

    def _initial_store_path(self, given: Path | None) -> Path | None:
        if given is not None:
            return Path(given).expanduser()
        last = self.settings.last_store()
        if last is not None:
            return last
        default = paths.default_store_path()
        return default if default.exists() else None

    # --------------------------------------------------------------- starting
    def start(self) -> None:
        """Show the unlock window on the last store (or the invitation to create one)."""
        self._show_unlock_window(None)

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
        self.idle_timer.start(self.idle_ms)
        self.unlocked.emit()

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
        self._show_unlock_window(
            notice or "Locked. Type the passphrase to carry on where you left off."
        )
        self.locked.emit()
        return True

    def _save_pending(self) -> bool:
        window = self.main_window
        if window is None:
            return True
        try:
            window.save_pending()
        except DhrDeskError as exc:
            self.idle_timer.start(self.idle_ms)
            show_error(window, exc, "Could not lock: unsaved changes")
            return False
        return True

    def _close_case_views(self) -> None:
        """Close dialogs, delete the main window and its pages, close the store."""
        self.idle_timer.stop()
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
        minutes = self.idle_ms / 60_000
        span = f"{minutes:g} minutes" if minutes >= 1 else f"{self.idle_ms / 1000:g} seconds"
        self.lock(f"Locked after {span} without activity. Nothing was lost.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Any key or mouse use anywhere in the app restarts the idle countdown."""
        if event.type() in _USER_INPUT and self.idle_timer.isActive():
            self.idle_timer.start(self.idle_ms)
        return False

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
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
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

    # ---------------------------------------------------------- file commands
    def default_new_store_path(self) -> Path:
        """A free name in the Documents folder (shown in the create window, changeable)."""
        folder = self.settings.documents_folder()
        candidate = folder / f"reviews{paths.STORE_SUFFIX}"
        n = 2
        while candidate.exists():
            candidate = folder / f"reviews-{n}{paths.STORE_SUFFIX}"
            n += 1
        return candidate

    def make_create_dialog(self) -> dialogs.CreateStoreDialog:
        parent: QWidget = self.main_window or self.unlock_window
        return dialogs.CreateStoreDialog(self.create_store, self.default_new_store_path(), parent)

    def new_store(self) -> None:
        """Lock the open store (if any), then ask for the new store's details."""
        if self.store is not None and not self.lock():
            return
        dialog = self.make_create_dialog()
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def open_other_store(self) -> None:
        parent = self.main_window or self.unlock_window
        start = str(self.store_path.parent) if self.store_path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            "Open a DHR Desk store",
            start,
            "DHR Desk stores (*.dhrdesk);;All files (*)",
            options=FILE_DIALOG_OPTIONS,
        )
        if not chosen:
            return
        if self.store is not None and not self.lock():
            return
        self.store_path = Path(chosen)
        self.unlock_window.select_store(Path(chosen))
        self.unlock_window.set_notice(f"Type the passphrase of {Path(chosen).name}.")

    def change_passphrase(self) -> None:
        store, window = self.store, self.main_window
        if store is None or window is None:
            return
        dialog = dialogs.ChangePassphraseDialog(store.change_passphrase, window)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and self.main_window is window:
                window.refresh_status()
                window.show_status_message("The passphrase was changed.")
        finally:
            dialog.deleteLater()

    def backup(self) -> None:
        store, window = self.store, self.main_window
        if store is None or window is None:
            return
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        default = store.path.with_name(f"{store.path.stem}-backup-{stamp}.dhrdesk-backup")
        request = dialogs.ask_backup(window, default, store.path)
        if request is None or self.store is not store:
            return
        self.start_backup(request.target, request.passphrase)

    def start_backup(self, target: Path, backup_passphrase: str) -> None:
        """Write an encrypted backup in the background; the status bar shows progress."""
        store = self.store
        if store is None:
            raise DhrDeskError("Unlock a store before backing it up.")

        def done(path: Path) -> None:
            if self.main_window is not None:
                self.main_window.show_status_message(f"Backup written to {path}", 15_000)

        self.run_in_background(
            lambda: store.backup(target, backup_passphrase), done, "Writing encrypted backup…"
        )

    def restore(self) -> None:
        store, window = self.store, self.main_window
        if store is None or window is None:
            return
        request = dialogs.ask_restore(window, store.path)
        if request is None or self.store is not store:
            return
        self.start_restore(request.backup_file, request.backup_passphrase, request.new_passphrase)

    def start_restore(self, backup_file: Path, backup_passphrase: str, new_passphrase: str) -> bool:
        """Close the store, restore the backup in the background, then reopen it.

        If the restore fails the store on disk is unchanged; the unlock window
        shows why, ready to unlock the store as it was.
        """
        if self.store is None or self.tasks.busy or not self._save_pending():
            return False
        store_path = self.store.path
        self._close_case_views()
        self._show_unlock_window("Restoring from the backup…")
        self.unlock_window.setEnabled(False)
        progress = QProgressDialog("Restoring from the backup…", "", 0, 0, self.unlock_window)
        progress.setWindowTitle(APP_NAME)
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.show()
        self.restore_progress = progress

        def finished() -> None:
            self.unlock_window.setEnabled(True)
            if self.restore_progress is not None:
                self.restore_progress.close()
                self.restore_progress.deleteLater()
                self.restore_progress = None

        def succeeded(_: Any) -> None:
            finished()
            try:
                self.unlock(store_path, new_passphrase)
            except DhrDeskError as exc:
                self._show_unlock_window(None)
                self.unlock_window.error.show_error(exc)
                return
            if self.main_window is not None:
                self.main_window.show_status_message(f"Restored from {backup_file.name}.", 15_000)

        def failed(error: DhrDeskError) -> None:
            finished()
            self._show_unlock_window("The restore did not happen; the store was not changed.")
            self.unlock_window.error.show_error(error)

        self.tasks.start(
            lambda: restore_backup(store_path, backup_file, backup_passphrase, new_passphrase),
            succeeded,
            failed,
        )
        return True

    def open_agency_package_unlocked(self) -> Any:
        """From the unlock window: an agency author opens a request package (or their IMR
        workspace) without any store of their own."""
        from dhrdesk.ui.package_dialogs import open_agency_package

        return open_agency_package(self.unlock_window, None)

    def _open_workspace(self, store: Store) -> None:
        """A store that is an agency's IMR workspace opens in its own limited window."""
        from dhrdesk.ui.package_dialogs import _show_workspace

        window = _show_workspace(None, store)
        self.unlock_window.hide()
        window.finished.connect(lambda _result=0: self._show_unlock_window(None))

    def open_agency_package(self) -> Any:
        """File > Open agency package…: a request (new agency workspace) or a response."""
        from dhrdesk.ui.package_dialogs import open_agency_package

        return open_agency_package(self.main_window, self.store)

    def verify(self) -> None:
        store = self.store
        if store is None:
            return

        def report(result: Any) -> None:
            lines = "\n".join(result.lines())
            parent = self.main_window or self.unlock_window
            if result.ok:
                QMessageBox.information(parent, "Verify store", lines)
            else:
                QMessageBox.warning(parent, "Verify store", lines)

        self.run_in_background(store.verify, report, "Verifying the store…")

    def preferences(self) -> None:
        window = self.main_window
        dialog = dialogs.PreferencesDialog(self.settings.auto_lock_minutes(), window)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.set_auto_lock_minutes(dialog.minutes.value())
        finally:
            dialog.deleteLater()

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.settings.set_auto_lock_minutes(minutes)
        self.idle_ms = self.settings.auto_lock_minutes() * 60_000
        if self.idle_timer.isActive():
            self.idle_timer.start(self.idle_ms)

    def show_audit_log(self) -> dialogs.AuditLogDialog | None:
        store, window = self.store, self.main_window
        if store is None or window is None:
            return None
        entries = run_op(window, lambda: store.audit_entries(500))
        if entries is None:
            return None
        dialog = dialogs.AuditLogDialog(entries, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about_text(self) -> str:
        cipher = "unknown"
        if self.store is not None:
            try:
                cipher = str(self.store.info()["sqlcipher_version"])
            except DhrDeskError:
                pass
        from PySide6 import __version__ as pyside_version

        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>An offline, encrypted workspace for chairs and panels of Domestic "
            "Homicide Reviews. It never connects to a network.</p>"
            f"<p>SQLCipher {cipher}<br>Qt for Python (PySide6) {pyside_version}</p>"
        )

    def about(self) -> None:
        QMessageBox.about(
            self.main_window or self.unlock_window, f"About {APP_NAME}", self.about_text()
        )
