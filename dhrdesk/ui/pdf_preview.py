"""An in-app PDF preview (QtPdf) that never needs the PDF on disk.

Why: a generated report is case data. Opening it in an outside viewer would
leave copies in that viewer's caches and recent-file lists, and a temporary
file could outlive a crash. So the preview loads the PDF bytes from memory
(:meth:`PdfPreview.load_bytes`, a QBuffer read by QPdfDocument) and forgets
them in :meth:`PdfPreview.clear`, which the owner calls when it closes or the
app locks. :class:`PrivateScratch` is the fallback for the rare case a file is
unavoidable: a private folder (0700) deleted with its contents on cleanup.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

try:
    from shiboken6 import isValid as _alive
except ImportError:  # pragma: no cover

    def _alive(_obj: object) -> bool:
        return True


ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
EMPTY_STYLE = "QLabel { color: #5f6368; padding: 24px; }"


class PrivateScratch:
    """A private temporary folder (mode 0700) made on first use and removed by ``cleanup``."""

    def __init__(self, prefix: str = "dhrdesk-preview-") -> None:
        self._prefix = prefix
        self._path: Path | None = None

    @property
    def path(self) -> Path | None:
        return self._path

    def folder(self) -> Path:
        if self._path is None or not self._path.exists():
            self._path = Path(tempfile.mkdtemp(prefix=self._prefix))
            os.chmod(self._path, 0o700)
        return self._path

    def cleanup(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None


class PdfPreview(QWidget):
    """A multi-page PDF view with zoom in/out, fit width, previous/next and "Page x of y"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.view = QPdfView()
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a8f96; }")

        def button(text: str, tip: str, slot) -> QToolButton:  # noqa: ANN001
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            return b

        self.previous_button = button("◀", "Previous page (Page Up)", self.previous_page)
        self.next_button = button("▶", "Next page (Page Down)", self.next_page)
        self.zoom_out_button = button("−", "Zoom out (Ctrl+-)", self.zoom_out)
        self.zoom_in_button = button("+", "Zoom in (Ctrl++)", self.zoom_in)
        self.fit_button = button(
            "Fit width", "Fit the page to the width of the view", self.fit_width
        )
        self.fit_page_button = button("Whole page", "Show whole pages", self.fit_page)
        self.previous_button.setShortcut("PgUp")
        self.next_button.setShortcut("PgDown")
        self.zoom_in_button.setShortcut("Ctrl++")
        self.zoom_out_button.setShortcut("Ctrl+-")
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setStyleSheet("QLabel { color: #5f6368; }")

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.fit_page_button)

        self.empty_label = QLabel("No preview yet.")
        self.empty_label.setObjectName("previewEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(EMPTY_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)

        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._update)
        self.view.zoomFactorChanged.connect(self._update)
        self.view.zoomModeChanged.connect(self._update)
        self.document.pageCountChanged.connect(self._update)
        self._update()

    # ---------------------------------------------------------------- content
    def set_empty_text(self, text: str) -> None:
        self.empty_label.setText(text)

    def load_bytes(self, data: bytes) -> bool:
        """Show the PDF in ``data``; True when it could be read."""
        self.clear()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        if not ok:
            self.clear()
        self._update()
        return ok

    def load_file(self, path: Path) -> bool:
        """Show a PDF file (the fallback path; prefer :meth:`load_bytes`)."""
        self.clear()
        self.document.load(str(path))
        ok = self.document.status() == QPdfDocument.Status.Ready
        self._update()
        return ok

    def clear(self) -> None:
        """Forget the document and its bytes."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None
        self._update()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    # ----------------------------------------------------------- navigation
    def go_to_page(self, page: int) -> None:
        count = self.page_count()
        if count:
            page = max(0, min(page, count - 1))
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
            self._update()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _set_zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = self._effective_zoom() * (factor / max(self.view.zoomFactor(), 0.01))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))

    def _effective_zoom(self) -> float:
        """The zoom that "fit width" currently shows (so zooming from it does not jump)."""
        if not self.page_count():
            return 1.0
        points = self.document.pagePointSize(0).width()
        if points <= 0:
            return 1.0
        pixels = points / 72 * self.logicalDpiX()
        width = self.view.viewport().width() - 2 * 6
        return max(ZOOM_MIN, min(ZOOM_MAX, width / pixels))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _update(self, *_args: object) -> None:
        # Signals still arrive while the widget tree is being destroyed (e.g. on lock).
        if not (_alive(self) and _alive(self.document) and _alive(self.view)):
            return
        count = self.page_count()
        has = count > 0
        self.view.setVisible(has)
        self.empty_label.setVisible(not has)
        self.page_label.setText(f"Page {self.current_page() + 1} of {count}" if has else "")
        for b in (self.zoom_in_button, self.zoom_out_button, self.fit_button, self.fit_page_button):
            b.setEnabled(has)
        self.previous_button.setEnabled(has and self.current_page() > 0)
        self.next_button.setEnabled(has and self.current_page() < count - 1)
        mode = self.view.zoomMode()
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(has and mode == QPdfView.ZoomMode.FitToWidth)
        self.fit_page_button.setCheckable(True)
        self.fit_page_button.setChecked(has and mode == QPdfView.ZoomMode.FitInView)
        if not has or mode != QPdfView.ZoomMode.Custom:
            self.zoom_label.setText("")
        else:
            self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)}%")
