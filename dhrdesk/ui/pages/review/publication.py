"""Publication tab: the anonymisation settings, the check, acceptances and the pack.

The chair sets how exact dates are published (month and year, or relative to
the death) and the words the name warning may ignore; runs the check (in the
background) and reads every finding with its place and context; accepts a
blocking finding with a reason (audited) or withdraws an acceptance; and writes
the publication pack into a folder, all or nothing, with its manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import CATEGORY_LABELS, Finding
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.widgets import ErrorLabel

try:  # a widget deleted while its background work ran must not be touched
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover

    def _alive(_obj: Any) -> bool:
        return True


OK_STYLE = "QLabel { color: #2e6b30; }"
BLOCK_STYLE = "QLabel { color: #9b1c1c; font-weight: bold; }"
BUSY_STYLE = "QLabel { color: #1f3a5f; }"
INTRO = (
    "The publication edition is made from the restricted text by substitution from the "
    "restricted register, then scanned before any file is written and read back after. "
    "A file is written only when every finding is resolved: fix the text or the register, "
    "keep it as written with a reason, or say it is the registered person (replaced there). "
    "Indirect identifiers (a job, a street, an event reported in the press) still need a "
    "careful human read."
)
SHORT_LABELS = {
    "identifier": "Register identifier",
    "ambiguous_name": "Name or ordinary word?",
    "shared_name_part": "Shared name part",
    "near_match": "Misspelt name?",
    "register_date": "Registered date",
    "day_date": "Date to the day",
    "possible_name": "Possible name",
}
REPLACEABLE = {"ambiguous_name", "shared_name_part", "identifier"}
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


class PublicationTab(ReviewTab):
    """Date policy, allow-list, the check with its findings, acceptances, the pack."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("publicationTab")
        self.reference = ""
        self.reports: list = []
        self.rows: list[tuple[str, Finding]] = []
        self.manifest = None
        self._busy = False
        self._settings_dirty = False

        intro = QLabel(INTRO)
        intro.setWordWrap(True)

        # -- settings
        self.date_policy = QComboBox()
        self.date_policy.setObjectName("datePolicy")
        for key in m.DATE_POLICIES:
            self.date_policy.addItem(m.DATE_POLICY_LABELS[key], key)
        self.date_policy.currentIndexChanged.connect(self._mark_dirty)
        self.allow_edit = QPlainTextEdit()
        self.allow_edit.setObjectName("allowList")
        self.allow_edit.setPlaceholderText(
            "One per line: words or names that are not personal names (e.g. a local service)"
        )
        self.allow_edit.setFixedHeight(70)
        self.allow_edit.textChanged.connect(self._mark_dirty)
        self.save_button = QPushButton("Save settings")
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save_settings)
        settings_box = QGroupBox("Anonymisation settings")
        settings_box.setMaximumWidth(820)
        form = QFormLayout(settings_box)
        form.addRow("Exact dates are published as", self.date_policy)
        form.addRow("Allow-list (name checks)", self.allow_edit)
        self.require_signoff = QCheckBox("The CSP requires a second person's sign-off")
        self.require_signoff.setObjectName("requireSignoff")
        self.require_signoff.setToolTip(
            "A pack is then written only after someone other than the chair has read the "
            "resolved findings and signed them off."
        )
        self.require_signoff.toggled.connect(self._mark_dirty)
        form.addRow("Sign-off", self.require_signoff)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        # -- actions
        self.check_button = QPushButton("Check publication")
        self.check_button.setObjectName("checkPublication")
        self.check_button.clicked.connect(self.run_check)
        self.pack_button = QPushButton("Write publication pack…")
        self.pack_button.setObjectName("writePack")
        self.pack_button.clicked.connect(self.write_pack_dialog)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.pack_button)
        actions.addWidget(self.progress)
        actions.addWidget(self.status_label, 1)

        # -- findings
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("findingsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((130, 230, 160, 130, 0, 80, 220)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.accept_button = QPushButton("Keep as written…")
        self.accept_button.setObjectName("acceptFinding")
        self.accept_button.setToolTip(
            "The selected finding is not an identifier (or may stay): keep it, with a reason"
        )
        self.accept_button.clicked.connect(lambda: self.accept_selected())
        self.replace_button = QPushButton("It is the registered person: replace…")
        self.replace_button.setObjectName("replaceFinding")
        self.replace_button.setToolTip(
            "The selected name is the registered person: replace it in this place"
        )
        self.replace_button.clicked.connect(lambda: self.replace_selected())
        self.withdraw_button = QPushButton("Withdraw decision")
        self.withdraw_button.setObjectName("withdrawAcceptance")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        finding_buttons = QHBoxLayout()
        finding_buttons.addWidget(self.accept_button)
        finding_buttons.addWidget(self.replace_button)
        finding_buttons.addWidget(self.withdraw_button)
        finding_buttons.addStretch(1)
        # -- second person's sign-off
        self.signoff_name = QLineEdit()
        self.signoff_name.setObjectName("signoffName")
        self.signoff_name.setAccessibleName("Name of the person signing off")
        self.signoff_name.setPlaceholderText("Name (not the chair)")
        self.signoff_name.setMaxLength(120)
        self.signoff_role = QLineEdit()
        self.signoff_role.setObjectName("signoffRole")
        self.signoff_role.setAccessibleName("Role of the person signing off")
        self.signoff_role.setPlaceholderText("Role, e.g. CSP manager")
        self.signoff_role.setMaxLength(120)
        self.signoff_date = DateField(
            None, optional=False, not_future=True, what="Date of the sign-off", compact=True
        )
        self.signoff_button = QPushButton("Record sign-off")
        self.signoff_button.setObjectName("recordSignoff")
        self.signoff_button.clicked.connect(lambda: self.record_signoff())
        self.signoff_status = QLabel("")
        self.signoff_status.setObjectName("signoffStatus")
        self.signoff_status.setWordWrap(True)
        signoff_row = QHBoxLayout()
        signoff_row.addWidget(QLabel("Second sign-off:"))
        signoff_row.addWidget(self.signoff_name, 2)
        signoff_row.addWidget(self.signoff_role, 2)
        signoff_row.addWidget(self.signoff_date, 1)
        signoff_row.addWidget(self.signoff_button)
        signoff_row.addWidget(self.signoff_status, 3)
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.table, 1)
        findings_layout.addLayout(finding_buttons)
        findings_layout.addLayout(signoff_row)

        self.manifest_view = QPlainTextEdit()
        self.manifest_view.setObjectName("manifestView")
        self.manifest_view.setReadOnly(True)
        self.manifest_view.setPlaceholderText("The manifest of the last publication pack.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(findings_box)
        splitter.addWidget(self.manifest_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.error_label = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(settings_box)
        layout.addLayout(actions)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        self.refresh()

    # ---------------------------------------------------------------- state
    @property
    def busy(self) -> bool:
        return self._busy

    def refresh(self) -> None:
        store = self.context.store
        self.reference = store.repos.reviews.by_id(self.review_id).reference
        settings = store.repos.publication.settings(self.review_id)
        self.date_policy.blockSignals(True)
        self.allow_edit.blockSignals(True)
        self.require_signoff.blockSignals(True)
        index = self.date_policy.findData(settings.date_policy)
        self.date_policy.setCurrentIndex(max(index, 0))
        self.allow_edit.setPlainText("\n".join(settings.allow_list or []))
        self.require_signoff.setChecked(bool(settings.require_signoff))
        self.date_policy.blockSignals(False)
        self.allow_edit.blockSignals(False)
        self.require_signoff.blockSignals(False)
        self._show_signoff()
        self._settings_dirty = False
        self._update_buttons()

    def save_pending(self) -> None:
        if self._settings_dirty:
            self.save_settings()

    def _mark_dirty(self, *_args: Any) -> None:
        self._settings_dirty = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.selected()
        accepted = self._acceptance(finding) is not None if finding else False
        self.check_button.setEnabled(not self._busy)
        self.pack_button.setEnabled(not self._busy)
        self.save_button.setEnabled(self._settings_dirty and not self._busy)
        self.accept_button.setEnabled(bool(finding and not accepted and not self._busy))
        self.replace_button.setEnabled(
            bool(
                finding
                and finding.category in REPLACEABLE
                and not accepted
                and not self._busy
                and " (written" not in finding.where
            )
        )
        self.withdraw_button.setEnabled(bool(accepted and not self._busy))
        self.signoff_button.setEnabled(not self._busy)

    def save_settings(self) -> bool:
        words = [w.strip() for w in self.allow_edit.toPlainText().splitlines() if w.strip()]
        settings = m.AnonymisationSettings(
            self.review_id,
            self.date_policy.currentData(),
            list(dict.fromkeys(words)),
            self.require_signoff.isChecked(),
        )
        try:
            self.context.store.repos.publication.save_settings(settings)
        except DhrDeskError as err:
            self.error_label.show_error(err)
            return False
        self._settings_dirty = False
        self.error_label.clear_error()
        self._set_status("Settings saved. Run the check again to see their effect.", OK_STYLE)
        self._update_buttons()
        return True

    def _set_status(self, text: str, style: str = BUSY_STYLE) -> None:
        self.status_label.setStyleSheet(style)
        self.status_label.setText(text)

    # ---------------------------------------------------------------- background
    def _start(self, work: Any, done: Any, busy_text: str, *, steps: int = 0) -> bool:
        if self._busy:
            return False
        if self._settings_dirty and not self.save_settings():
            return False
        self._busy = True
        self.error_label.clear_error()
        self._set_status(busy_text)
        self.progress.setRange(0, steps)  # 0: indeterminate
        self.progress.setValue(0)
        self.progress.show()
        self._update_buttons()

        def finish() -> bool:
            if not _alive(self):
                return False
            self._busy = False
            self.progress.hide()
            self._update_buttons()
            return True

        def succeeded(result: Any) -> None:
            if finish():
                done(result)

        def failed(error: DhrDeskError) -> None:
            if finish():
                self._set_status("")
                self.error_label.show_error(error)
                findings = getattr(error, "findings", None)
                if findings:
                    self._show_findings_of_error(findings)

        self.context.run_in_background(work, succeeded, busy_text, on_failure=failed)
        return True

    # ---------------------------------------------------------------- the check
    def run_check(self) -> bool:
        from dhrdesk.documents.gate import check_publication

        store, reference = self.context.store, self.reference
        return self._start(
            lambda: check_publication(store, reference), self._checked, "Checking publication…"
        )

    def _checked(self, reports: list) -> None:
        self.reports = reports
        self._fill()
        unresolved = sum(len(r.unresolved) for r in reports)
        identifying = sum(len(r.blocking) for r in reports)
        resolved = sum(len(r.resolved) for r in reports)
        if unresolved:
            self._set_status(
                f"Publication blocked: {unresolved} unresolved finding(s) ({identifying} "
                f"identifying, {unresolved - identifying} to check); {resolved} resolved.",
                BLOCK_STYLE,
            )
        else:
            self._set_status(
                f"Every finding is resolved ({resolved} resolved): nothing blocks publication.",
                OK_STYLE,
            )
        self._show_signoff()

    def _acceptances(self) -> dict:
        return self.context.store.repos.publication.acceptances(self.review_id)

    def _acceptance(self, finding: Finding | None):
        if finding is None:
            return None
        for report in self.reports:
            if finding.fingerprint in report.accepted:
                return report.accepted[finding.fingerprint]
        return None

    def _fill(self) -> None:
        self.rows = [(r.document, f) for r in self.reports for f in r.findings]
        # unresolved identifying first, then unresolved checks, then resolved
        self.rows.sort(
            key=lambda row: (2 if self._acceptance(row[1]) else (0 if row[1].blocking else 1),)
        )
        self.table.setRowCount(len(self.rows))
        for index, (document, finding) in enumerate(self.rows):
            acceptance = self._acceptance(finding)
            if acceptance is not None:
                status = "Kept" if acceptance.decision == "keep" else "Replaced"
                by = f"{acceptance.accepted_by or 'the chair'}: {acceptance.reason}"
            else:
                status = "Blocks" if finding.blocking else "Check"
                by = ""
            place = finding.where
            if place.startswith(document + " › "):
                place = place[len(document) + 3 :]
            values = [
                document,
                place,
                SHORT_LABELS.get(finding.category)
                or CATEGORY_LABELS.get(finding.category, finding.category),
                finding.matched,
                finding.context,
                status,
                by,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 5 and status in ("Blocks", "Check"):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        self._update_buttons()

    def _show_findings_of_error(self, findings: list[Finding]) -> None:
        from dhrdesk.documents.gate import GateReport

        accepted = self._acceptances()
        by_document: dict[str, list[Finding]] = {}
        for finding in findings:
            document = finding.where.split(" › ", 1)[0].split(" (written", 1)[0]
            by_document.setdefault(document, []).append(finding)
        self.reports = [GateReport(d, f, accepted) for d, f in by_document.items()]
        self._fill()

    def selected(self) -> Finding | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.rows[row][1] if 0 <= row < len(self.rows) else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    # ---------------------------------------------------------------- acceptances
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
            question = (
                f"Why may '{finding.matched}' ({CATEGORY_LABELS[finding.category].lower()}) "
                "stay in the published text?"
                if decision == "keep"
                else f"Why is '{finding.matched}' the registered person here? It will be "
                "replaced in this place."
            )
            reason, ok = QInputDialog.getMultiLineText(
                self,
                "Keep as written" if decision == "keep" else "Replace as the registered person",
                question + " The reason is recorded in the audit log.",
            )
            if not ok:
                return False
        if not reason.strip():
            self.error_label.show_error(
                ValidationError("Give the reason for your decision: it is audited.")
            )
            return False
        try:
            self.context.store.repos.publication.accept(
                self.review_id, finding, reason, decision=decision
            )
        except DhrDeskError as err:
            self.error_label.show_error(err)
            return False
        self.error_label.clear_error()
        if decision == "replace":
            self.run_check()  # the text changes: check again
        else:
            self._reload_acceptances()
        return True

    # ---------------------------------------------------------------- sign-off
    def _show_signoff(self) -> None:
        repo = self.context.store.repos.publication
        current = repo.current_signoff(self.review_id)
        if current is not None:
            role = f", {current.role}" if current.role else ""
            self.signoff_status.setText(
                f"Signed off by {current.name}{role} on {current.signed_on:%d/%m/%Y}."
            )
            self.signoff_status.setStyleSheet(OK_STYLE)
        elif repo.signoffs(self.review_id):
            self.signoff_status.setText(
                "The last sign-off no longer covers the resolutions (they changed): sign off again."
            )
            self.signoff_status.setStyleSheet(BLOCK_STYLE)
        elif self.require_signoff.isChecked():
            self.signoff_status.setText("Required before the pack is written: none yet.")
            self.signoff_status.setStyleSheet(BLOCK_STYLE)
        else:
            self.signoff_status.setText("Not required by the CSP.")
            self.signoff_status.setStyleSheet(BUSY_STYLE)

    def record_signoff(self) -> bool:
        day = self.signoff_date.date()
        if day is None:
            self.signoff_date.show_error("Type the date of the sign-off, for example 12/03/2026.")
            self.signoff_date.setFocus()
            return False
        try:
            self.context.store.repos.publication.sign_off(
                self.review_id, self.signoff_name.text(), day, self.signoff_role.text()
            )
        except DhrDeskError as err:
            self.error_label.show_error(err)
            self.signoff_name.setFocus()
            return False
        self.error_label.clear_error()
        self._show_signoff()
        return True

    def withdraw_selected(self) -> bool:
        finding = self.selected()
        if finding is None or self._acceptance(finding) is None:
            return False
        try:
            self.context.store.repos.publication.withdraw(self.review_id, finding.fingerprint)
        except DhrDeskError as err:
            self.error_label.show_error(err)
            return False
        self._reload_acceptances()
        return True

    def _reload_acceptances(self) -> None:
        accepted = self._acceptances()
        for report in self.reports:
            report.accepted = accepted
        self._checked(self.reports)

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
        from dhrdesk.documents.gate import PACK_DOCUMENTS, docx_available, publication_pack

        store, review_id = self.context.store, self.review_id
        signals = _Progress()
        steps = len(PACK_DOCUMENTS) * (2 if docx_available() else 1)
        signals.step.connect(self._progress)
        self._progress_signals = signals  # kept alive while the worker runs

        def work():
            return publication_pack(
                store,
                review_id,
                folder,
                progress=lambda done, total, what: signals.step.emit(done, total, what),
            )

        return self._start(work, self._packed, "Checking and writing the pack…", steps=steps)

    def _progress(self, done: int, total: int, what: str) -> None:
        if not _alive(self):
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._set_status(f"Writing {what} ({done} of {total})…")

    def _packed(self, manifest) -> None:
        self.manifest = manifest
        self.manifest_view.setPlainText(manifest.text())
        self._set_status(
            f"Publication pack written to {manifest.folder} ({len(manifest.files)} files "
            "and the manifest).",
            OK_STYLE,
        )
