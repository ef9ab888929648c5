"""The File and Help menu commands of the application controller.

:class:`StoreCommands` is the part of :class:`~dhrdesk.ui.controller.AppController`
that answers the menus: new and other stores, passphrase, backup and restore,
verify, preferences, the audit log, About and agency packages. The controller keeps
the store's lifecycle (unlock, lock, quit, background work). Names, labels and
wording come from dhrdesk.ui.presenters.shell.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from dhrdesk import APP_NAME, __version__
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import restore_backup
from dhrdesk.ui import dialogs
from dhrdesk.ui.operations import run_op
from dhrdesk.ui.presenters import shell
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS

if TYPE_CHECKING:
    from collections.abc import Callable

    from dhrdesk.store import Store
    from dhrdesk.ui.idle import IdleLock
    from dhrdesk.ui.main_window import MainWindow
    from dhrdesk.ui.settings import AppSettings
    from dhrdesk.ui.unlock import UnlockWindow
    from dhrdesk.ui.workers import TaskRunner


class StoreCommands:
    """Menu commands; mixed into the controller, whose state they use."""

    settings: AppSettings
    store: Store | None
    store_path: Path | None
    main_window: MainWindow | None
    unlock_window: UnlockWindow
    idle: IdleLock
    tasks: TaskRunner
    restore_progress: QProgressDialog | None
    now: Callable[[], dt.datetime]

    if TYPE_CHECKING:  # the controller's own methods

        def lock(self, notice: str | None = None) -> bool: ...
        def unlock(self, path: Path, passphrase: str) -> Store: ...
        def create_store(self, path: Path, passphrase: str, display_name: str) -> Store: ...
        def run_in_background(self, fn: Callable[[], Any], *args: Any) -> None: ...
        def _save_pending(self) -> bool: ...
        def _close_case_views(self) -> None: ...
        def _show_unlock_window(self, notice: str | None) -> None: ...

    def _parent(self) -> QWidget:
        return self.main_window or self.unlock_window

    # ------------------------------------------------------------------ stores
    def default_new_store_path(self) -> Path:
        """A free name in the Documents folder (shown in the create window, changeable)."""
        return shell.free_store_path(self.settings.documents_folder())

    def make_create_dialog(self) -> dialogs.CreateStoreDialog:
        return dialogs.CreateStoreDialog(
            self.create_store, self.default_new_store_path(), self._parent()
        )

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
        start = str(self.store_path.parent) if self.store_path else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self._parent(),
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

    # ------------------------------------------------------- backup, restore
    def backup(self) -> None:
        store, window = self.store, self.main_window
        if store is None or window is None:
            return
        default = shell.backup_path(store.path, self.now())
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
        self.restore_progress = _restore_progress(self.unlock_window)

        def succeeded(_: Any) -> None:
            self._restore_finished()
            try:
                self.unlock(store_path, new_passphrase)
            except DhrDeskError as exc:
                self._show_unlock_window(None)
                self.unlock_window.error.show_error(exc)
                return
            if self.main_window is not None:
                self.main_window.show_status_message(f"Restored from {backup_file.name}.", 15_000)

        def failed(error: DhrDeskError) -> None:
            self._restore_finished()
            self._show_unlock_window("The restore did not happen; the store was not changed.")
            self.unlock_window.error.show_error(error)

        self.tasks.start(
            lambda: restore_backup(store_path, backup_file, backup_passphrase, new_passphrase),
            succeeded,
            failed,
        )
        return True

    def _restore_finished(self) -> None:
        self.unlock_window.setEnabled(True)
        if self.restore_progress is not None:
            self.restore_progress.close()
            self.restore_progress.deleteLater()
            self.restore_progress = None

    # -------------------------------------------------------- agency packages
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

    # ------------------------------------------------------- checks and help
    def verify(self) -> None:
        store = self.store
        if store is None:
            return

        def report(result: Any) -> None:
            lines = "\n".join(result.lines())
            show = QMessageBox.information if result.ok else QMessageBox.warning
            show(self._parent(), "Verify store", lines)

        self.run_in_background(store.verify, report, "Verifying the store…")

    def preferences(self) -> None:
        dialog = dialogs.PreferencesDialog(self.settings.auto_lock_minutes(), self.main_window)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.set_auto_lock_minutes(dialog.minutes.value())
        finally:
            dialog.deleteLater()

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self.settings.set_auto_lock_minutes(minutes)
        self.idle.set_interval(self.settings.auto_lock_minutes() * 60_000)

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
        from PySide6 import __version__ as pyside_version

        cipher = "unknown"
        if self.store is not None:
            try:
                cipher = str(self.store.info()["sqlcipher_version"])
            except DhrDeskError:
                pass
        return shell.about_html(APP_NAME, __version__, cipher, pyside_version)

    def about(self) -> None:
        QMessageBox.about(self._parent(), f"About {APP_NAME}", self.about_text())


def _restore_progress(parent: QWidget) -> QProgressDialog:
    progress = QProgressDialog("Restoring from the backup…", "", 0, 0, parent)
    progress.setWindowTitle(APP_NAME)
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setWindowModality(Qt.WindowModality.NonModal)
    progress.show()
    return progress
