"""Dialogs. Each is small: it collects input, validates it live, and hands it to a
callable from the controller, showing any DhrDeskError inside the dialog itself."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import paths
from dhrdesk.ui.table_model import Column, TableModel
from dhrdesk.ui.widgets import AskBeforeDiscard, ErrorLabel, PassphrasePair, PathField

BACKUP_FILTER = "DHR Desk backups (*.dhrdesk-backup *.dhrdesk);;All files (*)"


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _FormDialog(AskBeforeDiscard, QDialog):
    """A dialog with an intro text, a form, an error label and OK/Cancel buttons."""

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _on_ok(self) -> None:
        self.accept()


class CreateStoreDialog(_FormDialog):
    """Create a new encrypted store: where, who (for the audit log), and the passphrase."""

    def __init__(
        self,
        create: Callable[[Path, str, str], Any],
        default_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Create a new DHR Desk store",
            "A store is one encrypted file that holds your reviews. Your name is recorded "
            "in its audit log beside each change. Keep the passphrase safe: without it "
            "nobody, including you, can open the store again.",
            "Create",
            parent,
        )
        self._create = create
        self.result_value: Any = None
        self.path_field = PathField(
            default_path or paths.default_store_path(),
            save=True,
            caption="Where should the new store be saved?",
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("displayName")
        self.name_edit.setPlaceholderText("e.g. Independent Chair")
        self.passphrases = PassphrasePair(parent=self)
        self.form.addRow("Store file:", self.path_field)
        self.form.addRow("Your name:", self.name_edit)
        self.name_edit.setToolTip("Recorded in the store's audit log beside each change.")
        self.passphrases.add_to(self.form)
        for signal in (
            self.path_field.changed,
            self.name_edit.textChanged,
            self.passphrases.changed,
        ):
            signal.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(
            self.path_field.path() is not None
            and bool(self.name_edit.text().strip())
            and self.passphrases.acceptable
        )

    def _on_ok(self) -> None:
        path = self.path_field.path()
        if path is None or not self.ok_button.isEnabled():
            return
        self.error.clear_error()
        try:
            self.result_value = self._create(
                path, self.passphrases.passphrase(), self.name_edit.text().strip()
            )
        except DhrDeskError as exc:
            self.error.show_error(exc)
            return
        self.passphrases.clear()
        self.accept()


class ChangePassphraseDialog(_FormDialog):
    def __init__(self, change: Callable[[str, str], None], parent: QWidget | None = None) -> None:
        super().__init__(
            "Change passphrase",
            "The whole store is re-encrypted under the new passphrase. Backups keep "
            "their own passphrases.",
            "Change passphrase",
            parent,
        )
        self._change = change
        self.current = _password_edit("currentPassphrase")
        self.passphrases = PassphrasePair("New passphrase:", self)
        self.form.addRow("Current passphrase:", self.current)
        self.passphrases.add_to(self.form)
        self.current.textChanged.connect(self._update)
        self.passphrases.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.current.text()) and self.passphrases.acceptable)

    def _on_ok(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self._change(self.current.text(), self.passphrases.passphrase())
        except DhrDeskError as exc:
            self.current.clear()
            self.error.show_error(exc)
            return
        self.accept()


@dataclass
class BackupRequest:
    target: Path
    passphrase: str


def same_disk(first: Path, second: Path) -> bool:
    """True when both paths (or their nearest existing folders) are on one device.

    A backup on the store's own disk is lost with it when the disk fails or the
    laptop is stolen, so the backup window says so."""

    def device(path: Path) -> int | None:
        for candidate in (path, *path.parents):
            try:
                return os.stat(candidate).st_dev
            except OSError:
                continue
        return None

    one, other = device(Path(first).expanduser()), device(Path(second).expanduser())
    return one is not None and one == other


SAME_DISK_WARNING = (
    "⚠ This is the same disk as the store: if the disk fails or the laptop is lost, the "
    "backup goes with it. Choose a USB stick or a network folder (Browse…)."
)


class BackupDialog(_FormDialog):
    def __init__(
        self, default_target: Path, parent: QWidget | None = None, store_path: Path | None = None
    ) -> None:
        super().__init__(
            "Back up the store",
            "The backup is a separate encrypted file with its own passphrase. Keep it "
            "somewhere safe, away from this computer, and keep its passphrase apart from it.",
            "Back up",
            parent,
        )
        self.target = PathField(
            default_target, save=True, caption="Save the backup as", file_filter=BACKUP_FILTER
        )
        self.store_path = store_path
        self.disk_warning = QLabel(SAME_DISK_WARNING)
        self.disk_warning.setObjectName("sameDiskWarning")
        self.disk_warning.setWordWrap(True)
        self.disk_warning.setStyleSheet("QLabel { color: #8a5a00; }")
        self.passphrases = PassphrasePair("Backup passphrase:", self)
        self.form.addRow("Backup file:", self.target)
        self.form.addRow("", self.disk_warning)
        self.passphrases.add_to(self.form)
        self.target.changed.connect(self._update)
        self.passphrases.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        target = self.target.path()
        self.disk_warning.setVisible(
            target is not None
            and self.store_path is not None
            and same_disk(target.parent, self.store_path)
        )
        self.ok_button.setEnabled(target is not None and self.passphrases.acceptable)

    def request(self) -> BackupRequest:
        target = self.target.path()
        assert target is not None
        return BackupRequest(target, self.passphrases.passphrase())


@dataclass
class RestoreRequest:
    backup_file: Path
    backup_passphrase: str
    new_passphrase: str


class RestoreDialog(_FormDialog):
    def __init__(self, store_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "Restore from a backup",
            f"The store {store_path.name} will be replaced by the backup's content. The "
            "backup is checked first; if anything fails, the current store is kept as it is.",
            "Restore",
            parent,
        )
        self.backup_file = PathField(
            None, save=False, caption="Choose the backup file", file_filter=BACKUP_FILTER
        )
        self.backup_passphrase = _password_edit("backupPassphrase")
        self.passphrases = PassphrasePair("Store passphrase:", self)
        note = QLabel(
            "After the restore the store opens with this passphrase: type your current "
            "one to keep it, or choose a new one."
        )
        note.setWordWrap(True)
        self.form.addRow("Backup file:", self.backup_file)
        self.form.addRow("Backup passphrase:", self.backup_passphrase)
        self.form.addRow("", note)
        self.passphrases.add_to(self.form)
        for signal in (
            self.backup_file.changed,
            self.backup_passphrase.textChanged,
            self.passphrases.changed,
        ):
            signal.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(
            self.backup_file.path() is not None
            and bool(self.backup_passphrase.text())
            and self.passphrases.acceptable
        )

    def request(self) -> RestoreRequest:
        backup = self.backup_file.path()
        assert backup is not None
        return RestoreRequest(backup, self.backup_passphrase.text(), self.passphrases.passphrase())


class NewReviewDialog(_FormDialog):
    """Reference and title of a new review; the repository validates and may refuse."""

    def __init__(self, create: Callable[[str, str], Any], parent: QWidget | None = None) -> None:
        super().__init__(
            "New review",
            "Start a review with its reference. Use a reference and title that do not "
            "name the victim: both appear in the navigation and in file names.",
            "Create review",
            parent,
        )
        self.setMinimumWidth(460)
        self._create = create
        self.result_value: Any = None
        self.reference = QLineEdit()
        self.reference.setObjectName("reviewReference")
        self.reference.setPlaceholderText("e.g. DHR 2026/03")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("reviewTitle")
        self.title_edit.setPlaceholderText("e.g. Review concerning Adult A")
        self.form.addRow("Reference:", self.reference)
        self.form.addRow("Title:", self.title_edit)
        self.reference.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reference.text().strip()))

    def _on_ok(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self.result_value = self._create(self.reference.text(), self.title_edit.text())
        except DhrDeskError as exc:
            self.error.show_error(exc)
            return
        self.accept()


class PreferencesDialog(_FormDialog):
    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(
            "Preferences",
            "DHR Desk locks itself after this many minutes without keyboard or mouse use.",
            "Save",
            parent,
        )
        self.setMinimumWidth(420)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 120)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(minutes)
        self.form.addRow("Lock after:", self.minutes)


def _audit_time(entry: Any) -> str:
    try:
        return dt.datetime.fromisoformat(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return entry.at


class AuditTableModel(TableModel[Any]):
    columns = (
        Column("#", lambda e: str(e.seq), tooltip=False),
        Column("When (UTC)", _audit_time, tooltip=False),
        Column("Who", lambda e: str(e.actor), tooltip=False),
        Column("Change", lambda e: str(e.kind), tooltip=False),
        Column("Record", lambda e: str(e.record), tooltip=False),
    )

    def __init__(self, entries: list[Any]) -> None:
        super().__init__()
        self.set_rows(entries)


class AuditLogDialog(QDialog):
    """Read-only view of the hash-chained audit log (never holds case text)."""

    def __init__(self, entries: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.resize(760, 460)
        self.model = AuditTableModel(entries)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"The most recent {len(entries)} entries, newest first. Each entry holds the "
            "hash of the one before it, so File > Verify store can tell if any was edited."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def ask_backup(
    parent: QWidget | None, default_target: Path, store_path: Path | None = None
) -> BackupRequest | None:
    """The backup prompt: where, and the backup's passphrase (tests replace this function)."""
    dialog = BackupDialog(default_target, parent, store_path)
    try:
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.passphrases.clear()
        dialog.deleteLater()


def ask_restore(parent: QWidget | None, store_path: Path) -> RestoreRequest | None:
    """The restore prompt (tests replace this function)."""
    dialog = RestoreDialog(store_path, parent)
    try:
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.passphrases.clear()
        dialog.backup_passphrase.clear()
        dialog.deleteLater()
