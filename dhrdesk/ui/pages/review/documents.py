"""Documents: choose a document, preview it inside the app, export it as PDF or DOCX.

Why inside the app: a generated report is case data. The preview is rendered
to bytes in a background thread and shown from memory (PDFium renders the bytes),
so no copy lands in a temp folder or an outside viewer's history; the bytes are
dropped when the tab closes or the app locks. Exports are written atomically to
a file the chair chooses. The publication edition goes through the
anonymisation gate; until that exists it is refused with the gate's own
message, shown in the tab, and nothing is written.

The document builders live in dhrdesk.documents (no Qt). This module adapts to
what that package offers (see :func:`build_document`), so a document kind that
is not built yet says so plainly instead of breaking the tab.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, PublicationBlockedError
from dhrdesk.documents.output import DocumentError, atomic_write_bytes
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.people import NOTE_STYLE
from dhrdesk.ui.pdf_preview import PdfPreview, PrivateScratch
from dhrdesk.ui.widgets import ErrorLabel

try:  # shiboken tells whether the C++ widget still exists when a task ends
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover

    def _alive(_obj: Any) -> bool:
        return True


DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
RESTRICTED = "restricted"
PUBLICATION = "publication"
PUBLICATION_BLOCKED = (
    "The publication edition needs the anonymisation check, which is not available yet; "
    "nothing was written."
)
LETTER = "letter"
DOCUMENT_LABELS = {
    "overview": "Overview report",
    "executive-summary": "Executive summary",
    "action-plan": "Action plan",
    "chronology": "Combined chronology",
    "terms-of-reference": "Terms of reference",
    "imr": "Individual management review (IMR)",
    LETTER: "Standard letter",
}
OK_STYLE = "QLabel { color: #2e6b30; }"
BUSY_STYLE = "QLabel { color: #1f3a5f; }"


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def gate_available() -> bool:
    """True once the anonymisation gate (issue 6) is part of this build."""
    return module_exists("dhrdesk.documents.gate")


def docx_available() -> bool:
    return module_exists("dhrdesk.documents.docx")


def consistency_available() -> bool:
    return module_exists("dhrdesk.documents.consistency")


def letters_available() -> bool:
    return module_exists("dhrdesk.documents.letters")


@dataclass(frozen=True)
class DocumentRequest:
    """What the chair asked for: which document, which edition, which marking, options."""

    document: str
    edition: str = RESTRICTED
    marking: str = DEFAULT_MARKING
    agency_id: int | None = None
    agency: str = ""
    group_by_theme: bool = False
    key_events_only: bool = False
    letter: str = ""

    @property
    def label(self) -> str:
        base = DOCUMENT_LABELS.get(self.document, self.document)
        if self.document == "imr" and self.agency:
            return f"IMR – {self.agency}"
        if self.document == LETTER and self.letter:
            return f"Letter – {self.letter.replace('-', ' ').replace('_', ' ')}"
        return base

    def file_stem(self, reference: str) -> str:
        """A safe default file name: reference, document and edition."""
        text = f"{reference} {self.label} {self.edition}"
        return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")


# --------------------------------------------------------------- the adapter
def _call(fn: Any, *args: Any, **options: Any) -> Any:
    """Call ``fn`` with the options its signature accepts (the builders grow over time)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn(*args, **options)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(*args, **options)
    return fn(*args, **{k: v for k, v in options.items() if k in params})


def _builder() -> Any:
    """``build_document`` from dhrdesk.documents (or its builders package), if present."""
    documents = importlib.import_module("dhrdesk.documents")
    found = getattr(documents, "build_document", None)
    if found is None and module_exists("dhrdesk.documents.builders"):
        found = getattr(
            importlib.import_module("dhrdesk.documents.builders"), "build_document", None
        )
    return found


def build_document(store: Any, review_id: int, request: DocumentRequest) -> Any:
    """The document model for ``request``, from whatever builder dhrdesk.documents offers.

    Runs in a worker thread: no Qt here. The publication edition is refused
    (PublicationBlockedError, nothing built) while the anonymisation gate does not exist.
    """
    review = store.repos.reviews.by_id(review_id)
    options = {
        "edition": request.edition,
        "marking": (request.marking or None) if request.edition == RESTRICTED else None,
        "agency": request.agency or None,
        "group_by_theme": request.group_by_theme,
        "key_events_only": request.key_events_only,
    }
    if request.document == LETTER:
        if request.edition == PUBLICATION:
            raise PublicationBlockedError("Letters are never published; nothing was written.")
        letters = importlib.import_module("dhrdesk.documents.letters")
        build_letter = getattr(letters, "build_letter", None)
        if build_letter is None:
            raise DocumentError("Letters cannot be generated in this version of DHR Desk yet.")
        return _call(build_letter, store, review.reference, request.letter, **options)
    builder = _builder()
    if builder is not None:
        return _call(builder, store, review.reference, request.document, **options)
    # The walking skeleton: only the overview, only restricted.
    if request.edition == PUBLICATION and not gate_available():
        raise PublicationBlockedError(PUBLICATION_BLOCKED)
    documents = importlib.import_module("dhrdesk.documents")
    if request.document != "overview" or not hasattr(documents, "build_overview_skeleton"):
        raise DocumentError(
            f"The {request.label.lower()} cannot be generated in this version of DHR Desk yet."
        )
    document = _call(documents.build_overview_skeleton, store, review.reference, **options)
    if request.marking:
        document.marking = request.marking
    return document


def render_pdf_bytes(store: Any, review_id: int, request: DocumentRequest) -> bytes:
    from dhrdesk.documents import render_pdf

    return render_pdf(build_document(store, review_id, request))


def render_docx_bytes(store: Any, review_id: int, request: DocumentRequest) -> bytes:
    if not docx_available():
        raise DocumentError("Word (DOCX) export is not available in this version yet.")
    docx = importlib.import_module("dhrdesk.documents.docx")
    document = build_document(store, review_id, request)
    render = getattr(docx, "render_docx", None)
    if render is not None:
        return render(document)
    raise DocumentError("Word (DOCX) export is not available in this version yet.")


def export_through_gate(
    store: Any, review_id: int, request: DocumentRequest, path: Path, fmt: str
) -> Path:
    """A publication file: built, checked, written, read back, checked again and logged by
    the gate (dhrdesk.documents.gate.export_publication). Runs in a worker thread."""
    if request.document == LETTER:
        raise PublicationBlockedError("Letters are never published; nothing was written.")
    from dhrdesk.documents.gate import export_publication

    options = {"group_by_theme": request.group_by_theme, "key_events_only": request.key_events_only}
    if request.agency:
        options["agency"] = request.agency
    review = store.repos.reviews.by_id(review_id)
    return export_publication(store, review.reference, request.document, path, fmt, **options).path


def consistency_lines(store: Any, review_id: int) -> list[str]:
    """The consistency check as readable lines (empty: everything agrees)."""
    module = importlib.import_module("dhrdesk.documents.consistency")
    found = module.check_consistency(store, review_id)
    lines = []
    for item in found or []:
        text = getattr(item, "message", None) or getattr(item, "text", None)
        lines.append(str(text) if text else str(item))
    return lines


# ----------------------------------------------------------------------- tab
class DocumentsTab(ReviewTab):
    """Pick a document, generate a preview off the GUI thread, export PDF or DOCX."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("documentsTab")
        self.reference = ""
        self._busy = False
        self._token = 0
        # What the preview shows, dropped on close (a dict so the cleanup closure below
        # can empty it without holding a reference to the widget).
        self._cache: dict[str, Any] = {}
        self.scratch = PrivateScratch()
        scratch, cache = self.scratch, self._cache

        def forget(*_args: Any) -> None:
            cache.clear()
            scratch.cleanup()

        self.destroyed.connect(forget)

        # -- the choice
        self.document_combo = QComboBox()
        self.document_combo.setObjectName("documentChoice")
        for key, label in DOCUMENT_LABELS.items():
            if key == LETTER and not letters_available():
                continue
            self.document_combo.addItem(label, key)
        self.document_combo.currentIndexChanged.connect(self._document_changed)
        self.agency_combo = QComboBox()
        self.agency_combo.setObjectName("agencyChoice")
        self.letter_combo = QComboBox()
        self.letter_combo.setObjectName("letterChoice")
        self.by_theme = QCheckBox("Group the actions by theme")
        self.by_theme.setObjectName("groupByTheme")
        self.all_rows = QRadioButton("All rows")
        self.all_rows.setObjectName("allRows")
        self.key_events = QRadioButton("Key events only")
        self.key_events.setObjectName("keyEventsOnly")
        self.key_events.setChecked(True)
        rows_group = QButtonGroup(self)
        rows_group.addButton(self.all_rows)
        rows_group.addButton(self.key_events)
        self.rows_box = QWidget()
        rows_layout = QHBoxLayout(self.rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(self.key_events)
        rows_layout.addWidget(self.all_rows)
        rows_layout.addStretch(1)

        self.restricted_radio = QRadioButton("Restricted (as written)")
        self.restricted_radio.setObjectName("editionRestricted")
        self.restricted_radio.setChecked(True)
        self.publication_radio = QRadioButton("Publication (anonymised)")
        self.publication_radio.setObjectName("editionPublication")
        edition_group = QButtonGroup(self)
        edition_group.addButton(self.restricted_radio)
        edition_group.addButton(self.publication_radio)
        self.publication_radio.toggled.connect(self._edition_changed)
        edition_box = QWidget()
        edition_layout = QVBoxLayout(edition_box)
        edition_layout.setContentsMargins(0, 0, 0, 0)
        edition_layout.setSpacing(2)
        edition_layout.addWidget(self.restricted_radio)
        edition_layout.addWidget(self.publication_radio)
        self.edition_note = QLabel()
        self.edition_note.setObjectName("editionNote")
        self.edition_note.setWordWrap(True)
        self.edition_note.setStyleSheet("QLabel { color: #5f6368; font-size: 90%; }")
        edition_layout.addWidget(self.edition_note)

        self.marking_edit = QLineEdit(DEFAULT_MARKING)
        self.marking_edit.setObjectName("markingEdit")
        self.marking_edit.setToolTip(
            "Printed in the header and footer of every page, e.g. OFFICIAL-SENSITIVE or "
            "“Restricted until publication”."
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Document", self.document_combo)
        self._agency_row = ("Agency", self.agency_combo)
        form.addRow(*self._agency_row)
        form.addRow("Letter", self.letter_combo)
        form.addRow("", self.by_theme)
        form.addRow("Rows", self.rows_box)
        form.addRow("Edition", edition_box)
        form.addRow("Marking", self.marking_edit)
        self.form = form
        choice_box = QGroupBox("Document")
        choice_box.setLayout(form)

        # -- generate, export
        self.generate_button = QPushButton("Generate preview")
        self.generate_button.setObjectName("generatePreview")
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip("Build the document and show it here (Ctrl+G)")
        self.generate_button.setShortcut("Ctrl+G")
        self.generate_button.clicked.connect(self.generate_preview)
        self.progress = QProgressBar()
        self.progress.setObjectName("generationProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("documentStatus")
        self.status_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("documentError")
        self.export_pdf_button = QPushButton("Export PDF…")
        self.export_pdf_button.setObjectName("exportPdf")
        self.export_pdf_button.clicked.connect(self.export_pdf_dialog)
        self.export_docx_button = QPushButton("Export DOCX…")
        self.export_docx_button.setObjectName("exportDocx")
        self.export_docx_button.clicked.connect(self.export_docx_dialog)
        if not docx_available():
            self.export_docx_button.setEnabled(False)
            self.export_docx_button.setToolTip(
                "Word (DOCX) export is not part of this version of DHR Desk yet."
            )
        else:
            self.export_docx_button.setToolTip("Write the document as a Word file (DOCX)")
        self.export_pdf_button.setToolTip("Write the document as a PDF file")
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_pdf_button)
        export_row.addWidget(self.export_docx_button)
        actions_box = QGroupBox("Generate and export")
        actions_layout = QVBoxLayout(actions_box)
        actions_layout.addWidget(self.generate_button)
        actions_layout.addWidget(self.progress)
        actions_layout.addWidget(self.status_label)
        actions_layout.addWidget(self.error_label)
        actions_layout.addLayout(export_row)

        # -- consistency
        self.consistency_button = QPushButton("Check consistency")
        self.consistency_button.setObjectName("checkConsistency")
        self.consistency_list = QListWidget()
        self.consistency_list.setObjectName("consistencyList")
        self.consistency_list.setWordWrap(True)
        self.consistency_list.setMinimumHeight(70)
        self.consistency_list.setMaximumHeight(180)
        if consistency_available():
            self.consistency_button.setToolTip(
                "List where the executive summary and the overview report disagree "
                "(dates, agencies, recommendations)"
            )
            self.consistency_button.clicked.connect(self.check_consistency)
            self.consistency_list.addItem(
                "Lists where the executive summary and the overview report disagree."
            )
        else:
            self.consistency_button.setEnabled(False)
            self.consistency_button.setToolTip(
                "The consistency check is not part of this version of DHR Desk yet."
            )
            self.consistency_list.addItem("The consistency check is not available yet.")
        consistency_box = QGroupBox("Overview and executive summary")
        consistency_layout = QVBoxLayout(consistency_box)
        consistency_layout.addWidget(self.consistency_button)
        consistency_layout.addWidget(self.consistency_list)

        # -- Home Office submission: pre-flight, QA Board readiness, the pack
        self.readiness_button = QPushButton("Check QA Board readiness")
        self.readiness_button.setObjectName("checkReadiness")
        self.readiness_button.setToolTip(
            "Test the review against the Home Office QA Board's three tests and the panel's "
            "common returns, with the evidence from the records"
        )
        self.readiness_button.clicked.connect(self.check_readiness)
        self.readiness_list = QListWidget()
        self.readiness_list.setObjectName("readinessList")
        self.readiness_list.setWordWrap(True)
        self.readiness_list.setMinimumHeight(90)
        self.readiness_list.addItem(
            "Checks the documents for gaps (pre-flight) and the review against the Board's tests."
        )
        self.justification_edit = QPlainTextEdit()
        self.justification_edit.setObjectName("submissionJustification")
        self.justification_edit.setPlaceholderText(
            "If a readiness check fails, explain why the review goes to the Board now; "
            "this is printed in the pack's cover note."
        )
        self.justification_edit.setTabChangesFocus(True)
        self.justification_edit.setMaximumHeight(90)
        self.submission_button = QPushButton("Export submission pack…")
        self.submission_button.setObjectName("exportSubmissionPack")
        self.submission_button.setToolTip(
            "Overview report, executive summary, action plan and combined chronology "
            "(restricted edition, PDF and DOCX) with a cover note, into an empty folder"
        )
        self.submission_button.clicked.connect(self.export_submission_dialog)
        submission_box = QGroupBox("Home Office submission")
        submission_layout = QVBoxLayout(submission_box)
        submission_layout.addWidget(self.readiness_button)
        submission_layout.addWidget(self.readiness_list)
        submission_layout.addWidget(QLabel("Chair's justification for the Board"))
        submission_layout.addWidget(self.justification_edit)
        submission_layout.addWidget(self.submission_button)

        note = QLabel(
            "The preview is generated from what the store holds now and kept only in memory. "
            "Exports are written to the file you choose; nothing else is saved."
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(choice_box)
        left_layout.addWidget(actions_box)
        left_layout.addWidget(consistency_box)
        left_layout.addWidget(submission_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(330)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.preview = PdfPreview()
        self.preview.set_empty_text(
            "Choose a document and press “Generate preview”.\n\n"
            "The preview is built in the background; you can keep working meanwhile."
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(scroll)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(split, 1)

        self.refresh()
        self._document_changed()
        self._edition_changed()

    # ------------------------------------------------------------ the choice
    def refresh(self) -> None:
        review = self.context.run_op(lambda: self.context.store.repos.reviews.by_id(self.review_id))
        self.reference = review.reference if review is not None else ""
        current = self.agency_combo.currentData()
        agencies = self.context.run_op(
            lambda: self.context.store.repos.records.list(m.Agency, self.review_id)
        )
        self.agency_combo.clear()
        for agency in agencies or []:
            if agency.in_scope:
                self.agency_combo.addItem(agency.name, agency.id)
        index = self.agency_combo.findData(current)
        if index >= 0:
            self.agency_combo.setCurrentIndex(index)
        if letters_available() and not self.letter_combo.count():
            try:
                letters = importlib.import_module("dhrdesk.documents.letters")
                kinds = getattr(letters, "LETTER_LABELS", None) or getattr(letters, "LETTERS", {})
                for key, label in dict(kinds).items():
                    self.letter_combo.addItem(str(label), key)
            except (ImportError, TypeError, ValueError):
                pass

    def save_pending(self) -> None:
        """Nothing is edited here; the preview is derived from the store."""

    def request(self) -> DocumentRequest:
        document = self.document_combo.currentData()
        return DocumentRequest(
            document=document,
            edition=PUBLICATION if self.publication_radio.isChecked() else RESTRICTED,
            marking=self.marking_edit.text().strip(),
            agency_id=self.agency_combo.currentData() if document == "imr" else None,
            agency=self.agency_combo.currentText() if document == "imr" else "",
            group_by_theme=document == "action-plan" and self.by_theme.isChecked(),
            key_events_only=document == "chronology" and self.key_events.isChecked(),
            letter=(self.letter_combo.currentData() or "") if document == LETTER else "",
        )

    def set_document(self, key: str) -> None:
        index = self.document_combo.findData(key)
        if index >= 0:
            self.document_combo.setCurrentIndex(index)

    def _document_changed(self, *_args: Any) -> None:
        document = self.document_combo.currentData()
        self.form.setRowVisible(self.agency_combo, document == "imr")
        self.form.setRowVisible(self.letter_combo, document == LETTER)
        self.form.setRowVisible(self.by_theme, document == "action-plan")
        self.form.setRowVisible(self.rows_box, document == "chronology")
        if document == "imr" and not self.agency_combo.count():
            self.status_label.setText("Add the agencies on “Terms of reference” first.")
        self._update_buttons()

    def _edition_changed(self, *_args: Any) -> None:
        publication = self.publication_radio.isChecked()
        self.marking_edit.setEnabled(not publication)
        if publication:
            self.edition_note.setText(
                "Pseudonyms only, checked by the anonymisation gate; no marking."
                + ("" if gate_available() else " Not available yet: the gate comes next.")
            )
        else:
            self.edition_note.setText(
                "Real details as written. Confidential: share only with the panel, the CSP "
                "and the Home Office."
            )

    def _update_buttons(self) -> None:
        idle = not self._busy
        self.generate_button.setEnabled(idle)
        self.export_pdf_button.setEnabled(idle)
        self.export_docx_button.setEnabled(idle and docx_available())
        self.consistency_button.setEnabled(idle and consistency_available())
        self.readiness_button.setEnabled(idle)
        self.submission_button.setEnabled(idle)

    # ------------------------------------------------------------ background
    def _start(self, work: Any, done: Any, busy_text: str) -> bool:
        """Run ``work`` off the GUI thread; ``done(result)`` runs afterwards if still shown."""
        if self._busy:
            return False
        self._busy = True
        self._token += 1
        token = self._token
        self.error_label.clear_error()
        self.status_label.setStyleSheet(BUSY_STYLE)
        self.status_label.setText(busy_text)
        self.progress.show()
        self._update_buttons()

        def finish() -> bool:
            if not _alive(self) or token != self._token:
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
                self.status_label.setText("")
                self.error_label.show_error(error)
                checks = getattr(error, "checks", None)
                if checks:  # a refused submission pack: the checks that stopped it
                    self._show_checks(checks)

        self.context.run_in_background(work, succeeded, busy_text, on_failure=failed)
        return True

    @property
    def busy(self) -> bool:
        return self._busy

    # --------------------------------------------------------------- preview
    def generate_preview(self) -> bool:
        """Build the chosen document in the background and show it when ready."""
        request = self.request()
        if request.document == "imr" and request.agency_id is None:
            self.error_label.show_error("Choose the agency whose IMR to generate.")
            return False
        store, review_id = self.context.store, self.review_id

        def work() -> bytes:
            return render_pdf_bytes(store, review_id, request)

        def done(data: bytes) -> None:
            self._cache["request"] = request
            self._cache["pdf"] = data
            if self.preview.load_bytes(data):
                pages = self.preview.page_count()
                self.status_label.setStyleSheet(OK_STYLE)
                self.status_label.setText(
                    f"{request.label}, {request.edition} edition: {pages} "
                    f"page{'s' if pages != 1 else ''}."
                )
            else:
                self.status_label.setText("")
                self.error_label.show_error("The generated PDF could not be shown.")

        return self._start(work, done, f"Generating the {request.label.lower()}…")

    def preview_bytes(self) -> bytes | None:
        return self._cache.get("pdf")

    # ---------------------------------------------------------------- export
    def export_pdf(self, path: Path) -> bool:
        """Write the chosen document as PDF (reusing the preview when it is the same)."""
        request = self.request()
        store, review_id = self.context.store, self.review_id
        cached = self._cache.get("pdf") if self._cache.get("request") == request else None
        path = Path(path)

        def work() -> Path:
            if request.edition == PUBLICATION:
                return export_through_gate(store, review_id, request, path, "pdf")
            data = cached if cached is not None else render_pdf_bytes(store, review_id, request)
            return atomic_write_bytes(path, data)

        return self._start(work, self._exported, f"Writing {path.name}…")

    def export_docx(self, path: Path) -> bool:
        request = self.request()
        store, review_id = self.context.store, self.review_id
        path = Path(path)

        def work() -> Path:
            if request.edition == PUBLICATION:
                return export_through_gate(store, review_id, request, path, "docx")
            return atomic_write_bytes(path, render_docx_bytes(store, review_id, request))

        return self._start(work, self._exported, f"Writing {path.name}…")

    def _exported(self, path: Path) -> None:
        self.status_label.setStyleSheet(OK_STYLE)
        self.status_label.setText(f"Exported to {path}.")
        window = self.window()
        show = getattr(window, "show_status_message", None)
        if callable(show):
            show(f"Exported {Path(path).name}.")

    def _ask_path(self, title: str, suffix: str, filter_text: str) -> Path | None:
        name = f"{self.request().file_stem(self.reference)}{suffix}"
        filename, _ = QFileDialog.getSaveFileName(
            self,
            title,
            str(Path.home() / name),
            filter_text,
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if not filename:
            return None
        path = Path(filename)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def export_pdf_dialog(self) -> None:
        if self.request().edition == PUBLICATION and not gate_available():
            self.error_label.show_error(PublicationBlockedError(PUBLICATION_BLOCKED))
            return
        path = self._ask_path("Export PDF", ".pdf", "PDF files (*.pdf)")
        if path is not None:
            self.export_pdf(path)

    def export_docx_dialog(self) -> None:
        if self.request().edition == PUBLICATION and not gate_available():
            self.error_label.show_error(PublicationBlockedError(PUBLICATION_BLOCKED))
            return
        path = self._ask_path("Export DOCX", ".docx", "Word documents (*.docx)")
        if path is not None:
            self.export_docx(path)

    # ----------------------------------------------------------- consistency
    def check_consistency(self) -> bool:
        store, review_id = self.context.store, self.review_id
        previous = (self.status_label.text(), self.status_label.styleSheet())

        def done(lines: list[str]) -> None:
            self.status_label.setText(previous[0])
            self.status_label.setStyleSheet(previous[1])
            self.consistency_list.clear()
            if lines:
                self.consistency_list.addItem(
                    f"{len(lines)} disagreement{'s' if len(lines) != 1 else ''}:"
                )
                self.consistency_list.addItems([f"⚠ {line}" for line in lines])
            else:
                self.consistency_list.addItem(
                    "✓ The executive summary and the overview report agree."
                )

        return self._start(
            lambda: consistency_lines(store, review_id), done, "Checking consistency…"
        )

    # ------------------------------------------------------------ submission
    def _show_checks(self, text_lines: list[tuple[bool, str, str]]) -> None:
        """Each check as "✓ Met" / "✗ Not met" with its title (never colour alone); the
        evidence and what to do in the tooltip."""
        self.readiness_list.clear()
        for passed, title, detail in text_lines:
            mark = "✓ Met" if passed else "✗ Not met"
            item = QListWidgetItem(f"{mark}: {title}")
            item.setToolTip(detail)
            self.readiness_list.addItem(item)

    def readiness_rows(self) -> list[str]:
        return [self.readiness_list.item(i).text() for i in range(self.readiness_list.count())]

    def check_readiness(self) -> bool:
        """Run the pre-flight and the readiness checks in the background and list them."""
        store, reference = self.context.store, self.reference

        def work() -> Any:
            from dhrdesk.documents.readiness import assess

            return assess(store, reference)

        def done(assessment: Any) -> None:
            rows = []
            for label, report in (
                ("Pre-flight", assessment.preflight),
                ("Readiness", assessment.readiness),
            ):
                for check in report.checks:
                    detail = "\n".join(check.evidence)
                    if not check.passed and check.action:
                        detail += f"\nTo do: {check.action}"
                    detail += f"\n({check.test}; rule: {check.source})"
                    rows.append((check.passed, f"{label}: {check.title}", detail))
            self._show_checks(rows)
            failed = len(assessment.preflight.failed) + len(assessment.readiness.failed)
            self.status_label.setStyleSheet(OK_STYLE if not failed else "")
            self.status_label.setText(
                "Every check passed: the review is ready for the Board."
                if not failed
                else f"{failed} check{'s' if failed != 1 else ''} not met (hover for the "
                "evidence and what to do)."
            )

        return self._start(work, done, "Checking readiness for the QA Board…")

    def export_submission_pack(self, folder: Path) -> bool:
        """Write the submission pack into ``folder`` (refused, with the checks listed,
        while the pre-flight fails or a readiness check fails without a justification)."""
        store, reference = self.context.store, self.reference
        justification = self.justification_edit.toPlainText()
        folder = Path(folder)

        def work() -> Any:
            from dhrdesk.documents.submission import SubmissionBlockedError, submission_pack

            try:
                return submission_pack(store, reference, folder, justification=justification)
            except SubmissionBlockedError as error:
                error.checks = [  # type: ignore[attr-defined]
                    (c.passed, c.title, "\n".join(c.evidence)) for c in error.report.checks
                ]
                raise

        def done(pack: Any) -> None:
            self.status_label.setStyleSheet(OK_STYLE)
            self.status_label.setText(
                f"Submission pack written to {pack.folder} ({len(pack.files)} files)."
            )

        started = self._start(work, done, f"Writing the submission pack to {folder}…")
        return started

    def export_submission_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            "Choose an empty folder for the submission pack",
            str(Path.home()),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if folder:
            self.export_submission_pack(Path(folder))
