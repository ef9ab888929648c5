"""The Timeline tab: one review on one time axis, exportable as PNG or PDF.

Why: a review that has run three years must explain itself at a glance. The
picture shows the stages completed, the pauses (trial, inquest...) as shaded
bands, the panel meetings, every clock's due date (the original target and the
date adjusted for pauses, overdue in red) and the time since the decision split
into active and paused. The same painting code draws the screen, the PNG and
the PDF (dhrdesk.ui.timeline_paint); the data comes from the presenter
(dhrdesk.ui.presenters.timeline) and the layout from dhrdesk.core.timeline. The tab
follows changes to stage dates, pauses, meetings and the review record made on any
other tab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.timeline import TimelineData
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.presenters.timeline import TIMELINE_TABLES, export_name, timeline_data
from dhrdesk.ui.timeline_paint import default_export_dir, export_pdf, export_png, paint_timeline
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS


def choose_path(parent: QWidget, caption: str, default: Path, file_filter: str) -> Path | None:
    """Ask where to save (a seam for tests)."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, caption, str(default), file_filter, options=FILE_DIALOG_OPTIONS
    )
    return Path(chosen) if chosen else None


class TimelineCanvas(QWidget):
    """Paints the timeline at the widget's size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.data: TimelineData | None = None
        self.setMinimumSize(960, 560)

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(1300, 760)

    def set_data(self, data: TimelineData | None) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt override
        if self.data is None:
            return
        painter = QPainter(self)
        try:
            paint_timeline(painter, self.width(), self.height(), self.data)
        finally:
            painter.end()


class TimelineTab(ReviewTab):
    """The timeline of one review, with PNG and PDF export."""

    watches = TIMELINE_TABLES

    object_name = "timelineTab"

    def build(self) -> None:
        self.data: TimelineData | None = None
        self.canvas = TimelineCanvas()
        self.png_button = QPushButton("Export PNG…")
        self.png_button.setObjectName("exportPng")
        self.png_button.clicked.connect(self.export_png)
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        note = QLabel(
            "Pseudonymised: reference, title and stage names only. Marked OFFICIAL-SENSITIVE."
        )
        note.setStyleSheet("QLabel { color: #5f6368; }")
        top = QHBoxLayout()
        top.addWidget(note, 1)
        top.addWidget(self.png_button)
        top.addWidget(self.pdf_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.refresh()

    def refresh(self) -> None:
        self.data = self.context.run_op(lambda: timeline_data(self.context.store, self.review_id))
        self.canvas.set_data(self.data)

    def save_pending(self) -> None:
        """Nothing is edited here."""

    def _export(
        self, suffix: str, caption: str, file_filter: str, writer: Callable[..., Path]
    ) -> Path | None:
        if self.data is None:
            return None
        default = default_export_dir() / export_name(self.data.reference, suffix)
        path = choose_path(self, caption, default, file_filter)
        if path is None:
            return None
        if path.suffix.lower() != f".{suffix}":
            path = path.with_suffix(f".{suffix}")
        data = self.data
        return self.context.run_op(lambda: writer(data, path), f"Timeline saved as {path.name}.")

    def export_png(self) -> Path | None:
        return self._export("png", "Export timeline as PNG", "PNG image (*.png)", export_png)

    def export_pdf(self) -> Path | None:
        return self._export("pdf", "Export timeline as PDF", "PDF document (*.pdf)", export_pdf)
