"""Documents: choose a document, preview it inside the app, export it as PDF or DOCX.

Why inside the app: a generated report is case data. The preview is rendered
to bytes in a background thread and shown from memory (PDFium renders the bytes),
so no copy lands in a temp folder or an outside viewer's history; the bytes are
dropped when the tab closes or the app locks. Exports are written atomically to
a file the chair chooses. The publication edition goes through the anonymisation
gate; a refusal is shown in the tab and nothing is written.

This module lays out the tab; what it builds, checks and writes is
:class:`dhrdesk.ui.presenters.documents.DocumentsPresenter` (no Qt).
"""

from __future__ import annotations

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
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.background import BackgroundJobs
from dhrdesk.ui.pages.review.controls import button, label, named, styled_label, text_box
from dhrdesk.ui.pages.review.parts import (
    STRETCH,
    column,
    group,
    note_label,
    note_over,
    row,
    scrolled,
    splitter,
)
from dhrdesk.ui.pdf_preview import PdfPreview, PrivateScratch
from dhrdesk.ui.presenters import documents as p
from dhrdesk.ui.presenters.documents import (
    DEFAULT_MARKING,
    DOCUMENT_LABELS,
    LETTER,
    PUBLICATION,
    RESTRICTED,
    DocumentRequest,
    DocumentsPresenter,
)
from dhrdesk.ui.widgets import ErrorLabel

__all__ = ["DocumentRequest", "DocumentsTab"]

OK_STYLE = "QLabel { color: #2e6b30; }"
BUSY_STYLE = "QLabel { color: #1f3a5f; }"
#: The panel's controls, also reachable as the tab's attributes.
PANEL_WIDGETS = (
    "document_combo",
    "agency_combo",
    "letter_combo",
    "by_theme",
    "all_rows",
    "key_events",
    "restricted_radio",
    "publication_radio",
    "edition_note",
    "marking_edit",
    "generate_button",
    "progress",
    "status_label",
    "error_label",
    "export_pdf_button",
    "export_docx_button",
    "consistency_button",
    "consistency_list",
    "readiness_button",
    "readiness_list",
    "justification_edit",
    "submission_button",
)


def _list(name: str, minimum: int, first_row: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setMinimumHeight(minimum)
    widget.addItem(first_row)
    return widget


def _radio(text: str, name: str, buttons: QButtonGroup, checked: bool = False) -> QRadioButton:
    radio = QRadioButton(text)
    radio.setObjectName(name)
    radio.setChecked(checked)
    buttons.addButton(radio)
    return radio


class DocumentsPanel(QWidget):
    """The left side of the tab: the choice, the buttons, the check lists (layout only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self._choice_box())
        layout.addWidget(self._actions_box())
        layout.addWidget(self._consistency_box())
        layout.addWidget(self._submission_box())
        layout.addStretch(1)
        self.document_combo.currentIndexChanged.connect(self.document_changed)
        self.publication_radio.toggled.connect(self.edition_changed)

    def _choice_box(self) -> QGroupBox:
        self.document_combo = named(QComboBox(), "documentChoice")
        for key, caption in DOCUMENT_LABELS.items():
            self.document_combo.addItem(caption, key)
        self.agency_combo = named(QComboBox(), "agencyChoice")
        self.letter_combo = named(QComboBox(), "letterChoice")
        self.by_theme = named(QCheckBox("Group the actions by theme"), "groupByTheme")
        self.marking_edit = named(QLineEdit(DEFAULT_MARKING), "markingEdit")
        self.marking_edit.setToolTip(
            "Printed in the header and footer of every page, e.g. OFFICIAL-SENSITIVE or "
            "“Restricted until publication”."
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Document", self.document_combo)
        form.addRow("Agency", self.agency_combo)
        form.addRow("Letter", self.letter_combo)
        form.addRow("", self.by_theme)
        form.addRow("Rows", self._rows_box())
        form.addRow("Edition", self._edition_box())
        form.addRow("Marking", self.marking_edit)
        self.form = form
        choice_box = QGroupBox("Document")
        choice_box.setLayout(form)
        return choice_box

    def _rows_box(self) -> QWidget:
        rows_group = QButtonGroup(self)
        self.all_rows = _radio("All rows", "allRows", rows_group)
        self.key_events = _radio("Key events only", "keyEventsOnly", rows_group, checked=True)
        rows_layout = row(self.key_events, self.all_rows, STRETCH)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_box = QWidget()
        self.rows_box.setLayout(rows_layout)
        return self.rows_box

    def _edition_box(self) -> QWidget:
        edition_group = QButtonGroup(self)
        self.restricted_radio = _radio(
            "Restricted (as written)", "editionRestricted", edition_group, checked=True
        )
        self.publication_radio = _radio(
            "Publication (anonymised)", "editionPublication", edition_group
        )
        self.edition_note = styled_label(
            "editionNote", "QLabel { color: #5f6368; font-size: 90%; }"
        )
        edition_box = column(self.restricted_radio, self.publication_radio, self.edition_note)
        edition_box.layout().setSpacing(2)
        return edition_box

    def _actions_box(self) -> QGroupBox:
        self.generate_button = button(
            "Generate preview", "generatePreview", "Build the document and show it here (Ctrl+G)"
        )
        self.generate_button.setDefault(True)
        self.generate_button.setShortcut("Ctrl+G")
        self.progress = QProgressBar()
        self.progress.setObjectName("generationProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = label("documentStatus", wrap=True)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("documentError")
        self.export_pdf_button = button(
            "Export PDF…", "exportPdf", "Write the document as a PDF file"
        )
        self.export_docx_button = button(
            "Export DOCX…", "exportDocx", "Write the document as a Word file (DOCX)"
        )
        export_row = row(self.export_pdf_button, self.export_docx_button)
        return group(
            "Generate and export",
            self.generate_button,
            self.progress,
            self.status_label,
            self.error_label,
            export_row,
        )

    def _consistency_box(self) -> QGroupBox:
        self.consistency_button = button(
            "Check consistency",
            "checkConsistency",
            "List where the executive summary and the overview report disagree "
            "(dates, agencies, recommendations)",
        )
        self.consistency_list = _list(
            "consistencyList",
            70,
            "Lists where the executive summary and the overview report disagree.",
        )
        self.consistency_list.setMaximumHeight(180)
        return group(
            "Overview and executive summary", self.consistency_button, self.consistency_list
        )

    def _submission_box(self) -> QGroupBox:
        self.readiness_button = button(
            "Check QA Board readiness",
            "checkReadiness",
            "Test the review against the Home Office QA Board's three tests and the panel's "
            "common returns, with the evidence from the records",
        )
        self.readiness_list = _list(
            "readinessList",
            90,
            "Checks the documents for gaps (pre-flight) and the review against the Board's tests.",
        )
        self.justification_edit = text_box(
            "submissionJustification",
            "If a readiness check fails, explain why the review goes to the Board now; "
            "this is printed in the pack's cover note.",
        )
        self.justification_edit.setMaximumHeight(90)
        self.submission_button = button(
            "Export submission pack…",
            "exportSubmissionPack",
            "Overview report, executive summary, action plan and combined chronology "
            "(restricted edition, PDF and DOCX) with a cover note, into an empty folder",
        )
        return group(
            "Home Office submission",
            self.readiness_button,
            self.readiness_list,
            label(text="Chair's justification for the Board"),
            self.justification_edit,
            self.submission_button,
        )

    # ------------------------------------------------------------ the choice
    def set_choices(self, choices: p.DocumentChoices) -> None:
        current = self.agency_combo.currentData()
        self.agency_combo.clear()
        for name, agency_id in choices.agencies:
            self.agency_combo.addItem(name, agency_id)
        index = self.agency_combo.findData(current)
        if index >= 0:
            self.agency_combo.setCurrentIndex(index)
        if not self.letter_combo.count():
            for caption, kind in choices.letters:
                self.letter_combo.addItem(caption, kind)

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

    def document_changed(self, *_args: Any) -> None:
        document = self.document_combo.currentData()
        self.form.setRowVisible(self.agency_combo, document == "imr")
        self.form.setRowVisible(self.letter_combo, document == LETTER)
        self.form.setRowVisible(self.by_theme, document == "action-plan")
        self.form.setRowVisible(self.rows_box, document == "chronology")
        if document == "imr" and not self.agency_combo.count():
            self.status_label.setText("Add the agencies on “Terms of reference” first.")

    def edition_changed(self, *_args: Any) -> None:
        publication = self.publication_radio.isChecked()
        self.marking_edit.setEnabled(not publication)
        self.edition_note.setText(p.edition_note(publication))

    def set_busy(self, busy: bool) -> None:
        for widget in (
            self.generate_button,
            self.export_pdf_button,
            self.export_docx_button,
            self.consistency_button,
            self.readiness_button,
            self.submission_button,
        ):
            widget.setEnabled(not busy)

    # ------------------------------------------------------------ background
    def set_status(self, text: str, style: str | None = None) -> None:
        if style is not None:
            self.status_label.setStyleSheet(style)
        self.status_label.setText(text)

    def show_checks(self, text_lines: list[p.CheckRow]) -> None:
        """Each check as "✓ Met" / "✗ Not met" with its title (never colour alone); the
        evidence and what to do in the tooltip."""
        self.readiness_list.clear()
        for text, detail in p.check_rows(text_lines):
            item = QListWidgetItem(text)
            item.setToolTip(detail)
            self.readiness_list.addItem(item)

    def readiness_rows(self) -> list[str]:
        return [self.readiness_list.item(i).text() for i in range(self.readiness_list.count())]


class DocumentsTab(ReviewTab):
    """Pick a document, generate a preview off the GUI thread, export PDF or DOCX."""

    watches = ("agency",)
    object_name = "documentsTab"
    presenter_class = DocumentsPresenter

    def build(self) -> None:
        self.reference = ""
        self.jobs = BackgroundJobs(self, self.context.run_in_background, self._busy_changed)
        # What the preview shows, dropped on close (a dict so the cleanup closure below
        # can empty it without holding a reference to the widget).
        self._cache: dict[str, Any] = {}
        self.scratch = PrivateScratch()
        scratch, cache = self.scratch, self._cache

        def forget(*_args: Any) -> None:
            cache.clear()
            scratch.cleanup()

        self.destroyed.connect(forget)
        self.panel = DocumentsPanel()
        for name in PANEL_WIDGETS:  # the tab's controls are the panel's
            setattr(self, name, getattr(self.panel, name))
        self._lay_out()
        self._wire()
        self.refresh()
        self.panel.document_changed()
        self.panel.edition_changed()

    def _lay_out(self) -> None:
        note = note_label(
            "The preview is generated from what the store holds now and kept only in memory. "
            "Exports are written to the file you choose; nothing else is saved."
        )
        scroll = scrolled(self.panel)
        scroll.setMinimumWidth(330)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = PdfPreview()
        self.preview.set_empty_text(
            "Choose a document and press “Generate preview”.\n\n"
            "The preview is built in the background; you can keep working meanwhile."
        )
        split = splitter(
            Qt.Orientation.Horizontal,
            scroll,
            self.preview,
            stretch=(0, 1),
            sizes=(360, 900),
            collapsible=False,
        )
        note_over(self, note, split)

    def _wire(self) -> None:
        panel = self.panel
        panel.generate_button.clicked.connect(self.generate_preview)
        panel.export_pdf_button.clicked.connect(self.export_pdf_dialog)
        panel.export_docx_button.clicked.connect(self.export_docx_dialog)
        panel.consistency_button.clicked.connect(self.check_consistency)
        panel.readiness_button.clicked.connect(self.check_readiness)
        panel.submission_button.clicked.connect(self.export_submission_dialog)

    # ------------------------------------------------------------ the choice
    def refresh(self) -> None:
        choices = self.context.run_op(self.presenter.load)
        if choices is not None:
            self.reference = choices.reference
            self.panel.set_choices(choices)

    def save_pending(self) -> None:
        """Nothing is edited here; the preview is derived from the store."""

    def request(self) -> DocumentRequest:
        return self.panel.request()

    def set_document(self, key: str) -> None:
        self.panel.set_document(key)

    def readiness_rows(self) -> list[str]:
        return self.panel.readiness_rows()

    # ------------------------------------------------------------ background
    def _start(self, work: Any, done: Any, busy_text: str) -> bool:
        """Run ``work`` off the GUI thread; ``done(result)`` runs afterwards if still shown."""
        if self.jobs.busy:
            return False
        self.error_label.clear_error()
        self.panel.set_status(busy_text, BUSY_STYLE)
        return self.jobs.start(work, done, busy_text, self._failed)

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.panel.set_busy(busy)

    def _failed(self, error: DhrDeskError) -> None:
        self.status_label.setText("")
        self.error_label.show_error(error)
        checks = getattr(error, "checks", None)
        if checks:  # a refused submission pack: the checks that stopped it
            self.panel.show_checks(checks)

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    # --------------------------------------------------------------- preview
    def generate_preview(self) -> bool:
        """Build the chosen document in the background and show it when ready."""
        request = self.request()
        problem = self.presenter.check_request(request)
        if problem:
            self.error_label.show_error(problem)
            return False
        presenter = self.presenter

        def done(data: bytes) -> None:
            self._cache["request"] = request
            self._cache["pdf"] = data
            if self.preview.load_bytes(data):
                self.panel.set_status(
                    p.preview_status(request, self.preview.page_count()), OK_STYLE
                )
            else:
                self.status_label.setText("")
                self.error_label.show_error("The generated PDF could not be shown.")

        return self._start(
            lambda: presenter.pdf_bytes(request), done, f"Generating the {request.label.lower()}…"
        )

    def preview_bytes(self) -> bytes | None:
        return self._cache.get("pdf")

    # ---------------------------------------------------------------- export
    def export_pdf(self, path: Path) -> bool:
        """Write the chosen document as PDF (reusing the preview when it is the same)."""
        request = self.request()
        cached = self._cache.get("pdf") if self._cache.get("request") == request else None
        return self._export(request, Path(path), "pdf", cached)

    def export_docx(self, path: Path) -> bool:
        return self._export(self.request(), Path(path), "docx", None)

    def _export(self, request: DocumentRequest, path: Path, fmt: str, cached: Any) -> bool:
        presenter = self.presenter
        return self._start(
            lambda: presenter.export(request, path, fmt, cached),
            self._exported,
            f"Writing {path.name}…",
        )

    def _exported(self, path: Path) -> None:
        self.panel.set_status(f"Exported to {path}.", OK_STYLE)
        show = getattr(self.window(), "show_status_message", None)
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
        return p.with_suffix(Path(filename), suffix) if filename else None

    def export_pdf_dialog(self) -> None:
        path = self._ask_path("Export PDF", ".pdf", "PDF files (*.pdf)")
        if path is not None:
            self.export_pdf(path)

    def export_docx_dialog(self) -> None:
        path = self._ask_path("Export DOCX", ".docx", "Word documents (*.docx)")
        if path is not None:
            self.export_docx(path)

    # ----------------------------------------------------------- consistency
    def check_consistency(self) -> bool:
        previous = (self.status_label.text(), self.status_label.styleSheet())
        presenter = self.presenter

        def done(lines: list[str]) -> None:
            self.panel.set_status(previous[0], previous[1])
            self.consistency_list.clear()
            self.consistency_list.addItems(p.consistency_rows(lines))

        return self._start(lambda: presenter.consistency_lines(), done, "Checking consistency…")

    # ------------------------------------------------------------ submission
    def check_readiness(self) -> bool:
        """Run the pre-flight and the readiness checks in the background and list them."""

        def done(assessment: Any) -> None:
            self.panel.show_checks(p.readiness_rows(assessment))
            passed, text = p.readiness_status(assessment)
            self.panel.set_status(text, OK_STYLE if passed else "")

        return self._start(self.presenter.assess, done, "Checking readiness for the QA Board…")

    def export_submission_pack(self, folder: Path) -> bool:
        """Write the submission pack into ``folder`` (refused, with the checks listed,
        while the pre-flight fails or a readiness check fails without a justification)."""
        presenter = self.presenter
        justification = self.justification_edit.toPlainText()
        folder = Path(folder)
        return self._start(
            lambda: presenter.submission_pack(folder, justification),
            lambda pack: self.panel.set_status(p.pack_status(pack), OK_STYLE),
            f"Writing the submission pack to {folder}…",
        )

    def export_submission_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            "Choose an empty folder for the submission pack",
            str(Path.home()),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if folder:
            self.export_submission_pack(Path(folder))
