"""Publication tab: the anonymisation settings, the check, acceptances and the pack.

The chair sets how exact dates are published (month and year, or relative to
the death) and the words the name warning may ignore; runs the check (in the
background) and reads every finding with its place and context; accepts a
blocking finding with a reason (audited) or withdraws an acceptance; and writes
the publication pack into a folder, all or nothing, with its manifest.

Layout and wiring only; the rules, rows and writes are
:class:`dhrdesk.ui.presenters.publication.PublicationPresenter`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import Finding
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.documents.gate import GateReport, Manifest
from dhrdesk.ui.changes import origin
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.background import BackgroundJobs
from dhrdesk.ui.pages.review.controls import button, label, wrapped
from dhrdesk.ui.pages.review.parts import STRETCH, add_items, row, splitter
from dhrdesk.ui.presenters import publication as p
from dhrdesk.ui.presenters.publication import PublicationPresenter
from dhrdesk.ui.widgets import ErrorLabel

T = TypeVar("T")
OK_STYLE = "QLabel { color: #2e6b30; }"
BLOCK_STYLE = "QLabel { color: #9b1c1c; font-weight: bold; }"
BUSY_STYLE = "QLabel { color: #1f3a5f; }"
STATUS_STYLES = {"ok": OK_STYLE, "blocked": BLOCK_STYLE, "neutral": BUSY_STYLE}
INTRO = (
    "The publication edition is made from the restricted text by substitution from the "
    "restricted register, then scanned before any file is written and read back after. "
    "A file is written only when every finding is resolved: fix the text or the register, "
    "keep it as written with a reason, or say it is the registered person (replaced there). "
    "Indirect identifiers (a job, a street, an event reported in the press) still need a "
    "careful human read."
)
COLUMNS = [
    "Document",
    "Place",
    "Category",
    "Matched text",
    "Context",
    "Status",
    "Resolved by / reason",
]


class _Progress(QObject):
    """Carries pack progress from the worker thread to the GUI thread (queued signal)."""

    step = Signal(int, int, str)


def _line(name: str, accessible: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(120)
    return edit


def findings_table() -> QTableWidget:
    table = QTableWidget(0, len(COLUMNS))
    table.setObjectName("findingsTable")
    table.setHorizontalHeaderLabels(COLUMNS)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(len(COLUMNS)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    for column, width in enumerate((130, 230, 160, 130, 0, 80, 220)):
        if width:
            table.setColumnWidth(column, width)
    return table


class SettingsBox(QGroupBox):
    """Date policy, allow-list, sign-off required, "Save settings"."""

    def __init__(self, on_edit: Callable[..., None], on_save: Callable[[], Any]) -> None:
        super().__init__("Anonymisation settings")
        self.setMaximumWidth(820)
        self.date_policy = QComboBox()
        self.date_policy.setObjectName("datePolicy")
        for key in m.DATE_POLICIES:
            self.date_policy.addItem(m.DATE_POLICY_LABELS[key], key)
        self.allow_edit = QPlainTextEdit()
        self.allow_edit.setObjectName("allowList")
        self.allow_edit.setPlaceholderText(
            "One per line: words or names that are not personal names (e.g. a local service)"
        )
        self.allow_edit.setFixedHeight(70)
        self.require_signoff = QCheckBox("The CSP requires a second person's sign-off")
        self.require_signoff.setObjectName("requireSignoff")
        self.require_signoff.setToolTip(
            "A pack is then written only after someone other than the chair has read the "
            "resolved findings and signed them off."
        )
        self.save_button = button("Save settings", "saveSettings", slot=on_save)
        form = QFormLayout(self)
        form.addRow("Exact dates are published as", self.date_policy)
        form.addRow("Allow-list (name checks)", self.allow_edit)
        form.addRow("Sign-off", self.require_signoff)
        form.addRow("", row(self.save_button, STRETCH))
        self.date_policy.currentIndexChanged.connect(on_edit)
        self.allow_edit.textChanged.connect(on_edit)
        self.require_signoff.toggled.connect(on_edit)

    def show_settings(self, settings: m.AnonymisationSettings) -> None:
        edits = (self.date_policy, self.allow_edit, self.require_signoff)
        for edit in edits:
            edit.blockSignals(True)
        self.date_policy.setCurrentIndex(max(self.date_policy.findData(settings.date_policy), 0))
        self.allow_edit.setPlainText("\n".join(settings.allow_list or []))
        self.require_signoff.setChecked(bool(settings.require_signoff))
        for edit in edits:
            edit.blockSignals(False)


class FindingsPanel(QWidget):
    """The findings table, the decision buttons and the second sign-off row."""

    def __init__(self, tab: PublicationTab) -> None:
        super().__init__()
        self.table = findings_table()
        self.accept_button = button(
            "Keep as written…",
            "acceptFinding",
            "The selected finding is not an identifier (or may stay): keep it, with a reason",
            tab.accept_selected,
        )
        self.replace_button = button(
            "It is the registered person: replace…",
            "replaceFinding",
            "The selected name is the registered person: replace it in this place",
            tab.replace_selected,
        )
        self.withdraw_button = button(
            "Withdraw decision", "withdrawAcceptance", slot=tab.withdraw_selected
        )
        self.signoff_name = _line(
            "signoffName", "Name of the person signing off", "Name (not the chair)"
        )
        self.signoff_role = _line(
            "signoffRole", "Role of the person signing off", "Role, e.g. CSP manager"
        )
        self.signoff_date = DateField(
            None, optional=False, not_future=True, what="Date of the sign-off", compact=True
        )
        self.signoff_button = button("Record sign-off", "recordSignoff", slot=tab.record_signoff)
        self.signoff_status = label("signoffStatus", wrap=True)
        finding_buttons = row(
            self.accept_button, self.replace_button, self.withdraw_button, STRETCH
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(finding_buttons)
        layout.addLayout(
            row(
                label(text="Second sign-off:"),
                (self.signoff_name, 2),
                (self.signoff_role, 2),
                (self.signoff_date, 1),
                self.signoff_button,
                (self.signoff_status, 3),
            )
        )


class ActionsBar(QWidget):
    """ "Check publication", "Write publication pack…", the progress and the status line."""

    def __init__(self, check: Callable[[], Any], write_pack: Callable[[], Any]) -> None:
        super().__init__()
        self.check_button = button("Check publication", "checkPublication", slot=check)
        self.pack_button = button("Write publication pack…", "writePack", slot=write_pack)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.status_label = label("statusLabel", wrap=True)
        bar = row(self.check_button, self.pack_button, self.progress, (self.status_label, 1))
        bar.setContentsMargins(0, 0, 0, 0)
        self.setLayout(bar)

    def set_status(self, text: str, style: str = BUSY_STYLE) -> None:
        self.status_label.setStyleSheet(style)
        self.status_label.setText(text)


class PublicationTab(ReviewTab):
    """Date policy, allow-list, the check with its findings, acceptances, the pack."""

    watches = ("anonymisation_settings", "publication_acceptance", "publication_signoff")
    object_name = "publicationTab"
    presenter_class = PublicationPresenter

    def build(self) -> None:
        self.reference = ""
        self.rows: list[p.FindingRow] = []
        self.manifest: Manifest | None = None
        self._settings_dirty = False
        self.jobs = BackgroundJobs(self, self.context.run_in_background, self._busy_changed)
        self._lay_out()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def _lay_out(self) -> None:
        intro = wrapped(INTRO)
        self.settings_box = SettingsBox(self._mark_dirty, self.save_settings)
        self.findings = FindingsPanel(self)
        self.actions_bar = ActionsBar(self.run_check, self.write_pack_dialog)
        for part in (self.settings_box, self.findings, self.actions_bar):
            for name, value in vars(part).items():
                if isinstance(value, QWidget):
                    setattr(self, name, value)
        self.manifest_view = QPlainTextEdit()
        self.manifest_view.setObjectName("manifestView")
        self.manifest_view.setReadOnly(True)
        self.manifest_view.setPlaceholderText("The manifest of the last publication pack.")
        split = splitter(Qt.Orientation.Vertical, self.findings, self.manifest_view, stretch=(3, 1))
        self.error_label = ErrorLabel()
        body = (intro, self.settings_box, self.actions_bar, self.error_label, (split, 1))
        add_items(QVBoxLayout(self), body)

    # ---------------------------------------------------------------- state
    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def refresh(self) -> None:
        """Reload from the store; settings being edited (not saved yet) are kept."""
        self.reference = self.presenter.reference()
        if not self._settings_dirty:
            self.settings_box.show_settings(self.presenter.settings())
        self._show_signoff()
        self._update_buttons()

    def save_pending(self) -> None:
        if self._settings_dirty:
            self.save_settings()

    def _mark_dirty(self, *_args: Any) -> None:
        self._settings_dirty = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.jobs.busy
        finding = self.selected()
        accepted = self.presenter.acceptance(finding) is not None
        self.check_button.setEnabled(idle)
        self.pack_button.setEnabled(idle)
        self.save_button.setEnabled(self._settings_dirty and idle)
        self.accept_button.setEnabled(bool(finding and not accepted and idle))
        self.replace_button.setEnabled(p.can_replace(finding, accepted) and idle)
        self.withdraw_button.setEnabled(accepted and idle)
        self.signoff_button.setEnabled(idle)

    def _write(self, fn: Callable[[], T]) -> T | None:
        """Run a write; its error is shown in the tab (None), never as a traceback."""
        try:
            with origin(self):
                result = fn()
        except DhrDeskError as err:
            self.error_label.show_error(err)
            return None
        self.error_label.clear_error()
        return result

    def save_settings(self) -> bool:
        box = self.settings_box
        values = (
            box.date_policy.currentData(),
            box.allow_edit.toPlainText(),
            box.require_signoff.isChecked(),
        )
        if not self._write(lambda: self.presenter.save_settings(*values) or True):
            return False
        self._settings_dirty = False
        self.actions_bar.set_status(p.SETTINGS_SAVED, OK_STYLE)
        self._update_buttons()
        return True

    # ---------------------------------------------------------------- background
    def _start(self, work: Any, done: Any, busy_text: str, *, steps: int = 0) -> bool:
        if self.jobs.busy or (self._settings_dirty and not self.save_settings()):
            return False
        self.error_label.clear_error()
        self.actions_bar.set_status(busy_text)
        self.progress.setRange(0, steps)  # 0: indeterminate
        self.progress.setValue(0)
        return self.jobs.start(work, done, busy_text, self._failed)

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self._update_buttons()

    def _failed(self, error: DhrDeskError) -> None:
        self.actions_bar.set_status("")
        self.error_label.show_error(error)
        findings = getattr(error, "findings", None)
        if findings:
            self.presenter.reports = self.presenter.reports_of_error(findings)
            self._fill()

    # ---------------------------------------------------------------- the check
    def run_check(self) -> bool:
        return self._start(self.presenter.check, self._checked, "Checking publication…")

    def _checked(self, reports: list[GateReport]) -> None:
        self.presenter.reports = reports
        self._fill()
        kind, text = p.check_summary(reports)
        self.actions_bar.set_status(text, STATUS_STYLES[kind])
        self._show_signoff()

    def _fill(self) -> None:
        self.rows = p.finding_rows(self.presenter.reports)
        self.table.setRowCount(len(self.rows))
        for index, finding_row in enumerate(self.rows):
            for column, value in enumerate(finding_row.cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 5 and finding_row.unresolved:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def selected(self) -> Finding | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        picked = rows.pop()
        return self.rows[picked].finding if 0 <= picked < len(self.rows) else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    # ---------------------------------------------------------------- decisions
    def accept_selected(self, reason: str | None = None) -> bool:
        """Keep the selected finding as written, with a reason (audited)."""
        return self._resolve("keep", reason)

    def replace_selected(self, reason: str | None = None) -> bool:
        """The selected name is the registered person: replace it in that place."""
        return self._resolve("replace", reason)

    def _resolve(self, decision: str, reason: str | None) -> bool:
        finding = self.selected()
        if finding is None:
            return False
        if reason is None:
            title, question = p.resolve_question(finding, decision)
            reason, ok = QInputDialog.getMultiLineText(self, title, question)
            if not ok:
                return False
        if not self._write(lambda: self.presenter.resolve(finding, decision, reason) or True):
            return False
        if decision == "replace":
            self.run_check()  # the text changes: check again
        else:
            self._reload_acceptances()
        return True

    def withdraw_selected(self) -> bool:
        finding = self.selected()
        if finding is None or not self._write(lambda: self.presenter.withdraw(finding)):
            return False
        self._reload_acceptances()
        return True

    def _reload_acceptances(self) -> None:
        self.presenter.reload_acceptances()
        self._checked(self.presenter.reports)

    # ---------------------------------------------------------------- sign-off
    def _show_signoff(self) -> None:
        kind, text = self.presenter.signoff_status(self.require_signoff.isChecked())
        self.signoff_status.setText(text)
        self.signoff_status.setStyleSheet(STATUS_STYLES[kind])

    def record_signoff(self) -> bool:
        day = self.signoff_date.date()
        if day is None:
            self.signoff_date.show_error("Type the date of the sign-off, for example 12/03/2026.")
            self.signoff_date.setFocus()
            return False
        name, role = self.signoff_name.text(), self.signoff_role.text()
        if not self._write(lambda: self.presenter.sign_off(name, day, role) or True):
            self.signoff_name.setFocus()
            return False
        self._show_signoff()
        return True

    # ---------------------------------------------------------------- the pack
    def write_pack_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            "Folder for the publication pack",
            str(Path.home()),
            QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ShowDirsOnly,
        )
        if folder:
            self.write_pack(Path(folder))

    def write_pack(self, folder: Path) -> bool:
        signals = _Progress()
        signals.step.connect(self._progress)
        self._progress_signals = signals  # kept alive while the worker runs
        presenter = self.presenter

        def work() -> Manifest:
            return presenter.write_pack(
                folder, lambda done, total, what: signals.step.emit(done, total, what)
            )

        return self._start(work, self._packed, "Checking and writing the pack…", steps=p.PACK_STEPS)

    def _progress(self, done: int, total: int, what: str) -> None:
        if not self.jobs.alive():
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.actions_bar.set_status(f"Writing {what} ({done} of {total})…")

    def _packed(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self.manifest_view.setPlainText(manifest.text())
        self.actions_bar.set_status(p.pack_status(manifest), OK_STYLE)
