"""Dialogs of the agency package exchange, and File > Open agency package….

Opening a package decides by its content: a *request* becomes a new agency
workspace (its own encrypted store, its own passphrase) shown in the limited
window of :mod:`dhrdesk.ui.package_workspace`; a *response* is previewed and, once
the chair confirms, imported into the open store in one transaction. An existing
workspace store can be reopened from the same menu item.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.passphrase import RULE_TEXT, passphrase_problems
from dhrdesk.exchange import package as pkg
from dhrdesk.exchange import package_format as fmt
from dhrdesk.exchange.package_crypto import MAGIC, unseal
from dhrdesk.ui.forms import clear_field_error, mark_field_error
from dhrdesk.ui.modal import ask, ok_cancel
from dhrdesk.ui.operations import run_op, show_error
from dhrdesk.ui.presenters.package_workspace import RowFieldError, read_row
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS, AskBeforeDiscard, ErrorLabel, PassphrasePair

if TYPE_CHECKING:
    from dhrdesk.store import Store

PACKAGE_FILTER = "DHR Desk packages (*.dhrpkg);;Agency workspaces (*.dhrdesk);;All files (*)"
PHONE_NOTE = (
    "The package passphrase travels separately from the package: by phone, never in the "
    "same e-mail or on the same USB stick."
)

# Open workspace windows, so they are not garbage-collected while shown.
_OPEN_WINDOWS: list[QWidget] = []


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _error_and_buttons(
    dialog: QDialog, layout: QVBoxLayout, on_ok: Callable[[], None]
) -> ErrorLabel:
    """The dialog's error line and its OK and Cancel buttons (OK checks first)."""
    error = ErrorLabel()
    layout.addWidget(error)
    layout.addWidget(ok_cancel(dialog, accept=on_ok))
    return error


class PackagePassphraseDialog(QDialog):
    """Ask for a package passphrase; with ``confirm``, twice and checked for strength."""

    def __init__(self, parent: QWidget | None, *, confirm: bool, intro: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Package passphrase")
        self.confirm = confirm
        layout = QVBoxLayout(self)
        label = QLabel(f"{intro}\n\n{PHONE_NOTE}")
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.first = _password_edit("packagePassphrase")
        form.addRow("Package passphrase:", self.first)
        self.second = _password_edit("packagePassphraseAgain")
        if confirm:
            form.addRow("Type it again:", self.second)
            hint = QLabel(RULE_TEXT)
            hint.setWordWrap(True)
            form.addRow(hint)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout, self._on_ok)

    def passphrase(self) -> str:
        return self.first.text()

    def _on_ok(self) -> None:
        text = self.first.text()
        if not text:
            self.error.show_error("Type the package passphrase.")
            return
        if self.confirm:
            if text != self.second.text():
                self.error.show_error("The two passphrases do not match.")
                return
            problems = passphrase_problems(text)
            if problems:
                self.error.show_error(" ".join(problems))
                return
        self.accept()


def ask_package_passphrase(parent: QWidget | None, *, confirm: bool, intro: str) -> str | None:
    """The package passphrase, or None when cancelled (tests replace this function)."""
    dialog = PackagePassphraseDialog(parent, confirm=confirm, intro=intro)
    return ask(dialog, lambda dialog: dialog.passphrase())


class NewWorkspaceDialog(QDialog):
    """Where to keep the agency workspace, the author's name and its own passphrase."""

    def __init__(self, parent: QWidget | None, default_path: Path, agency: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("New agency workspace")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"The request for {agency} will be kept in a new encrypted workspace of its own. "
            "Choose a passphrase for it: it is not the package passphrase, which others "
            "know. You will need it each time you open the workspace."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path_edit = _field(
            form, QLineEdit(str(default_path)), "workspacePath", "Workspace file:"
        )
        self.name_edit = _field(form, QLineEdit(), "authorName", "Your name:")
        self.pair = PassphrasePair("Workspace passphrase:", self)
        self.pair.add_to(form)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout, self._on_ok)

    def _on_ok(self) -> None:
        if not self.name_edit.text().strip():
            self.error.show_error("Give your name: it is recorded in the workspace's audit log.")
            return
        if not self.pair.acceptable:
            problems = self.pair.problems() or ["Type the passphrase twice."]
            self.error.show_error(" ".join(problems))
            return
        self.accept()

    def values(self) -> tuple[Path, str, str]:
        """(workspace path, author name, workspace passphrase)."""
        return (
            Path(self.path_edit.text()).expanduser(),
            self.name_edit.text().strip(),
            self.pair.passphrase(),
        )


def ask_new_workspace(
    parent: QWidget | None, default_path: Path, agency: str
) -> tuple[Path, str, str] | None:
    """(workspace path, author name, workspace passphrase), or None when cancelled."""
    dialog = NewWorkspaceDialog(parent, default_path, agency)
    return ask(dialog, lambda dialog: dialog.values())


F = TypeVar("F", bound=QWidget)


def _field(form: QFormLayout, widget: F, name: str, label: str) -> F:
    widget.setObjectName(name)
    form.addRow(label, widget)
    return widget


class ChronologyRowDialog(AskBeforeDiscard, QDialog):
    """One row of the agency's chronology: date (British, partial allowed), time, source…"""

    def __init__(
        self,
        parent: QWidget | None,
        subjects: list[dict[str, Any]],
        entry: m.ChronologyEntry | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chronology row")
        self.entry = entry or m.ChronologyEntry(0, 0, "", "")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        from dhrdesk.core.chronology import parse_partial_iso

        shown = parse_partial_iso(self.entry.date).display() if self.entry.date else ""
        self.date_edit = _field(form, QLineEdit(shown), "rowDate", "Date (required):")
        self.date_edit.setPlaceholderText("3/4/2019, April 2019 or 2019")
        self.time_edit = _field(form, QLineEdit(self.entry.time), "rowTime", "Time:")
        self.time_edit.setPlaceholderText("14:30 (optional)")
        self.source_edit = _field(
            form, QLineEdit(self.entry.source), "rowSource", "Source of information (required):"
        )
        self.event_edit = _field(
            form, QPlainTextEdit(self.entry.event), "rowEvent", "Event or contact:"
        )
        self.action_edit = _field(
            form, QPlainTextEdit(self.entry.action), "rowAction", "Action taken / outcome:"
        )
        self.comment_edit = _field(
            form, QPlainTextEdit(self.entry.agency_comment), "rowComment", "Agency comment:"
        )
        self.subject_boxes: list[tuple[int, QCheckBox]] = []
        for subject in subjects:
            label = f"{subject['pseudonym']} ({m.SUBJECT_ROLE_LABELS.get(subject['role'], '')})"
            box = QCheckBox(label)
            box.setChecked(subject["id"] in self.entry.subject_ids)
            self.subject_boxes.append((subject["id"], box))
            form.addRow("" if len(self.subject_boxes) > 1 else "People:", box)
        layout.addLayout(form)
        self.error = _error_and_buttons(self, layout, self._on_ok)

    def read(self) -> m.ChronologyEntry:
        """The row as typed; raises ValidationError with a message for the author (shown
        at its field: outlined and focused)."""
        fields = {"date": self.date_edit, "time": self.time_edit, "source": self.source_edit}
        for field in fields.values():
            clear_field_error(field)
        try:
            return read_row(
                self.entry,
                date=self.date_edit.text(),
                time=self.time_edit.text(),
                source=self.source_edit.text(),
                event=self.event_edit.toPlainText(),
                action=self.action_edit.toPlainText(),
                comment=self.comment_edit.toPlainText(),
                subject_ids=[sid for sid, box in self.subject_boxes if box.isChecked()],
            )
        except RowFieldError as exc:
            mark_field_error(fields[exc.field], exc.message)
            fields[exc.field].setFocus()
            raise

    def _on_ok(self) -> None:
        try:
            self.read()
        except DhrDeskError as exc:
            self.error.show_error(exc)
            return
        self.accept()


# --------------------------------------------------------------------------- File menu
def _choose_package(parent: QWidget | None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(
        parent,
        "Open an agency package",
        str(Path.home()),
        PACKAGE_FILTER,
        options=FILE_DIALOG_OPTIONS,
    )
    return Path(chosen) if chosen else None


def _show_workspace(parent: QWidget | None, store: Store) -> QWidget:
    from dhrdesk.ui.package_workspace import PackageWorkspaceWindow

    window = PackageWorkspaceWindow(store, parent)
    _OPEN_WINDOWS.append(window)
    window.finished.connect(
        lambda _=0: _OPEN_WINDOWS.remove(window) if window in _OPEN_WINDOWS else None
    )
    window.show()
    return window


def _open_existing_workspace(parent: QWidget | None, path: Path) -> QWidget | None:
    from PySide6.QtWidgets import QInputDialog

    from dhrdesk.store import Store

    text, ok = QInputDialog.getText(
        parent, "Agency workspace", f"Passphrase of {path.name}:", QLineEdit.EchoMode.Password
    )
    if not ok:
        return None
    store = run_op(parent, lambda: Store.open(path, text))
    if store is None:
        return None
    try:
        pkg.workspace_details(store)
    except DhrDeskError as exc:
        store.close()
        show_error(parent, exc)
        return None
    return _show_workspace(parent, store)


def open_agency_package(parent: QWidget | None, store: Store | None) -> Any:
    """File > Open agency package…: a request, a response, or an existing workspace.

    Returns the workspace window, True after importing a response, or None.
    """
    path = _choose_package(parent)
    if path is None:
        return None
    try:
        content = pkg.read_package(path)
    except DhrDeskError as exc:
        show_error(parent, exc)
        return None
    if not content.startswith(MAGIC[:6]) and path.suffix == ".dhrdesk":
        return _open_existing_workspace(parent, path)
    passphrase = ask_package_passphrase(
        parent, confirm=False, intro=f"Type the passphrase of the package {path.name}."
    )
    if passphrase is None:
        return None
    payload = run_op(parent, lambda: fmt.decode(unseal(content, passphrase)))
    if payload is None:
        return None
    if payload["kind"] == "imr_request":
        agency = payload["agency"]["name"]
        answer = ask_new_workspace(parent, path.with_suffix(".dhrdesk"), agency)
        if answer is None:
            return None
        target, author, ws_passphrase = answer
        workspace = run_op(
            parent, lambda: pkg.open_request(content, passphrase, target, ws_passphrase, author)
        )
        return None if workspace is None else _show_workspace(parent, workspace)
    if store is None:
        show_error(parent, DhrDeskError("Unlock the review's store before importing a response."))
        return None
    preview = run_op(
        parent, lambda: pkg.import_response(store, content, passphrase, filename=path.name)
    )
    if preview is None:
        return None
    if not confirm_import(parent, preview):
        return None

    def apply() -> bool:
        pkg.apply_response(store, preview)
        return True

    return run_op(parent, apply, f"Imported the response from {preview.agency_name}.")


def confirm_import(parent: QWidget | None, preview: pkg.ResponsePreview) -> bool:
    """Show what the response adds or changes; True when the chair says import."""
    answer = QMessageBox.question(
        parent,
        "Import IMR response",
        "\n".join(preview.lines()) + "\n\nImport this response?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
