"""An in-app PDF preview that never needs the PDF on disk.

Why: a generated report is case data. Opening it in an outside viewer would
leave copies in that viewer's caches and recent-file lists, and a temporary
file could outlive a crash. So the preview renders the PDF bytes from memory
(:meth:`PdfPreview.load_bytes`) and forgets them in :meth:`PdfPreview.clear`,
which the owner calls when it closes or the app locks. :class:`PrivateScratch`
is the fallback for the rare case a file is unavoidable: a private folder
(0700) deleted with its contents on cleanup.

Pages are rendered with PDFium (pypdfium2) into QImages, lazily: only the
pages scrolled into view are rendered, at the current zoom. (QtPdf would do
the same job, but it ships only as PySide6-Pdf 6.12, and PySide6 6.12.0 loses a
reference to None on every void call under Python 3.11, which crashes the app;
see docs/architecture.md.)
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
PAGE_GAP = 12
EMPTY_STYLE = "QLabel { color: #5f6368; padding: 24px; }"
FIT_WIDTH, FIT_PAGE, CUSTOM = "fit_width", "fit_page", "custom"

# PDFium is not thread-safe; the GUI thread is the only renderer, but be explicit.
_PDFIUM = threading.Lock()


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


def fit_scale(
    mode: str,
    page_size: tuple[float, float],
    viewport: tuple[int, int],
    zoom: float,
    dpi: float,
) -> float:
    """Pixels per point: the page's width to the view (fit width), the whole page in the
    view (fit page), or the chosen zoom at the screen's resolution."""
    width_pt, height_pt = page_size
    avail_w = max(100, viewport[0] - 2 * PAGE_GAP - 4)
    avail_h = max(100, viewport[1] - 2 * PAGE_GAP - 4)
    if mode == FIT_WIDTH:
        return avail_w / max(width_pt, 1)
    if mode == FIT_PAGE:
        return min(avail_w / max(width_pt, 1), avail_h / max(height_pt, 1))
    return zoom * dpi / 72


def render_page(pdf: pypdfium2.PdfDocument, index: int, scale: float, ratio: float) -> QPixmap:
    """One page as a pixmap at ``scale`` pixels per point (sharp on high-DPI screens)."""
    with _PDFIUM:
        page = pdf[index]
        bitmap = page.render(scale=scale * ratio)
        image = QImage(
            bitmap.buffer,
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_BGR888 if bitmap.n_channels == 3 else QImage.Format.Format_RGB32,
        ).copy()
        page.close()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _tool_button(text: str, tip: str, slot: Callable[[], None], shortcut: str = "") -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    if shortcut:
        button.setShortcut(shortcut)
    return button


class PdfToolbar(QWidget):
    """Previous/next, "Page x of y", zoom out/in, fit width and whole page."""

    def __init__(self, preview: PdfPreview) -> None:
        super().__init__()
        self.previous_button = _tool_button(
            "◀", "Previous page (Page Up)", preview.previous_page, "PgUp"
        )
        self.next_button = _tool_button("▶", "Next page (Page Down)", preview.next_page, "PgDown")
        self.zoom_out_button = _tool_button("−", "Zoom out (Ctrl+-)", preview.zoom_out, "Ctrl+-")
        self.zoom_in_button = _tool_button("+", "Zoom in (Ctrl++)", preview.zoom_in, "Ctrl++")
        self.fit_button = _tool_button(
            "Fit width", "Fit the page to the width of the view", preview.fit_width
        )
        self.fit_page_button = _tool_button("Whole page", "Show whole pages", preview.fit_page)
        self.fit_button.setCheckable(True)
        self.fit_page_button.setCheckable(True)
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setStyleSheet("QLabel { color: #5f6368; }")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(4, 2, 4, 2)
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (
            self.zoom_label,
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.fit_page_button,
        ):
            bar.addWidget(widget)

    def show_state(self, count: int, current: int, mode: str, zoom: float) -> None:
        has = count > 0
        self.page_label.setText(f"Page {current + 1} of {count}" if has else "")
        for b in (self.zoom_in_button, self.zoom_out_button, self.fit_button, self.fit_page_button):
            b.setEnabled(has)
        self.previous_button.setEnabled(has and current > 0)
        self.next_button.setEnabled(has and current < count - 1)
        self.fit_button.setChecked(has and mode == FIT_WIDTH)
        self.fit_page_button.setChecked(has and mode == FIT_PAGE)
        self.zoom_label.setText(f"{round(zoom * 100)}%" if has and mode == CUSTOM else "")


class PdfPreview(QWidget):
    """A multi-page PDF view with zoom in/out, fit width, previous/next and "Page x of y"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self._pdf: pypdfium2.PdfDocument | None = None
        self._sizes: list[tuple[float, float]] = []  # page sizes in points
        self._labels: list[QLabel] = []
        self._rendered: dict[int, float] = {}  # page -> scale it was rendered at
        self._mode = FIT_WIDTH
        self._zoom = 1.0
        self._current = 0
        self._jumping = False

        self.view = QScrollArea()
        self.view.setObjectName("pdfView")
        self.view.setWidgetResizable(True)
        self.view.setStyleSheet("QScrollArea { background: #8a8f96; }")
        self._pages = QWidget()
        self._pages.setStyleSheet("background: #8a8f96;")
        self._column = QVBoxLayout(self._pages)
        self._column.setSpacing(PAGE_GAP)
        self._column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.view.setWidget(self._pages)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scroll)

        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(60)
        self._relayout_timer.timeout.connect(self._layout_pages)

        self.toolbar = PdfToolbar(self)
        self.previous_button = self.toolbar.previous_button
        self.next_button = self.toolbar.next_button
        self.zoom_out_button = self.toolbar.zoom_out_button
        self.zoom_in_button = self.toolbar.zoom_in_button
        self.fit_button = self.toolbar.fit_button
        self.fit_page_button = self.toolbar.fit_page_button
        self.page_label = self.toolbar.page_label
        self.zoom_label = self.toolbar.zoom_label

        self.empty_label = QLabel("No preview yet.")
        self.empty_label.setObjectName("previewEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(EMPTY_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        self._update()

    # ---------------------------------------------------------------- content
    def set_empty_text(self, text: str) -> None:
        self.empty_label.setText(text)

    def load_bytes(self, data: bytes) -> bool:
        """Show the PDF in ``data``; True when it could be read."""
        self.clear()
        try:
            with _PDFIUM:
                pdf = pypdfium2.PdfDocument(bytes(data))
                sizes = [pdf.get_page_size(i) for i in range(len(pdf))]
        except (pypdfium2.PdfiumError, ValueError, OSError):
            self._update()
            return False
        self._pdf, self._sizes = pdf, sizes
        for _ in sizes:
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; border: 1px solid #6b7078;")
            self._column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self._labels.append(label)
        self._update()
        self._layout_pages()
        return bool(sizes)

    def load_file(self, path: Path) -> bool:
        """Show a PDF file (the fallback path; prefer :meth:`load_bytes`)."""
        return self.load_bytes(Path(path).read_bytes())

    def clear(self) -> None:
        """Forget the document, its bytes and every rendered page."""
        for label in self._labels:
            label.deleteLater()
        self._labels = []
        self._rendered = {}
        self._sizes = []
        self._current = 0
        if self._pdf is not None:
            with _PDFIUM:
                self._pdf.close()
            self._pdf = None
        self._update()

    def page_count(self) -> int:
        return len(self._sizes)

    def current_page(self) -> int:
        return min(self._current, max(0, len(self._labels) - 1))

    def _page_at_scroll(self) -> int:
        top = self.view.verticalScrollBar().value() + PAGE_GAP
        for index, label in enumerate(self._labels):
            if label.y() + label.height() > top:
                return index
        return max(0, len(self._labels) - 1)

    # ------------------------------------------------------------- rendering
    def _scale(self) -> float:
        """Pixels per point for the current zoom mode."""
        if not self._sizes:
            return 1.0
        viewport = self.view.viewport().size()
        return fit_scale(
            self._mode,
            self._sizes[0],
            (viewport.width(), viewport.height()),
            self._zoom,
            self.logicalDpiX(),
        )

    def _layout_pages(self) -> None:
        scale = self._scale()
        for index, label in enumerate(self._labels):
            w, h = self._sizes[index]
            label.setFixedSize(QSize(max(1, round(w * scale)), max(1, round(h * scale))))
            if self._rendered.get(index) != scale:
                label.clear()
                self._rendered.pop(index, None)
        self._column.activate()
        self._pages.adjustSize()
        self._render_visible()
        self._update()

    def _render_visible(self) -> None:
        if self._pdf is None:
            return
        scale = self._scale()
        top = self.view.verticalScrollBar().value()
        bottom = top + self.view.viewport().height()
        for index, label in enumerate(self._labels):
            y = label.y()
            if y + label.height() < top - 400 or y > bottom + 400:
                continue
            if self._rendered.get(index) == scale:
                continue
            label.setPixmap(render_page(self._pdf, index, scale, self.devicePixelRatioF()))
            self._rendered[index] = scale

    def _on_scroll(self, _value: int) -> None:
        if not self._jumping:
            self._current = self._page_at_scroll()
        self._render_visible()
        self._update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._mode != CUSTOM:
            self._relayout_timer.start()

    # ----------------------------------------------------------- navigation
    def go_to_page(self, page: int) -> None:
        count = self.page_count()
        if count:
            page = max(0, min(page, count - 1))
            self._column.activate()
            self._pages.adjustSize()
            self._current = page
            self._jumping = True
            try:
                self.view.verticalScrollBar().setValue(self._labels[page].y() - PAGE_GAP)
            finally:
                self._jumping = False
            self._render_visible()
            self._update()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def zoom_in(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    def _effective_zoom(self) -> float:
        return self._scale() * 72 / max(self.logicalDpiX(), 1)

    def _set_zoom(self, factor: float) -> None:
        page = self.current_page()
        self._mode = CUSTOM
        self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, factor))
        self._layout_pages()
        self.go_to_page(page)

    def fit_width(self) -> None:
        self._mode = FIT_WIDTH
        self._layout_pages()

    def fit_page(self) -> None:
        self._mode = FIT_PAGE
        self._layout_pages()

    def _update(self, *_args: object) -> None:
        count = self.page_count()
        self.view.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        self.toolbar.show_state(count, self.current_page(), self._mode, self._zoom)


__all__ = ["PdfPreview", "PdfToolbar", "PrivateScratch", "fit_scale"]
