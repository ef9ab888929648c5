"""The Timeline tab: one review on one time axis, exportable as PNG or PDF.

Why: a review that has run three years must explain itself at a glance. The
picture shows the stages completed, the pauses (trial, inquest...) as shaded
bands, the panel meetings, every clock's due date (the original target and the
date adjusted for pauses, overdue in red) and the time since the decision split
into active and paused. The same painting code draws the screen, the PNG and
the PDF (dhrdesk.ui.timeline_paint).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

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

from dhrdesk.core import model as m
from dhrdesk.core.lifecycle import due_items, stage_date, time_split
from dhrdesk.core.profiles import get_profile
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.timeline_paint import (
    Flag,
    TimelineData,
    default_export_dir,
    export_pdf,
    export_png,
    paint_timeline,
    safe_file_stem,
)
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS

if TYPE_CHECKING:
    from dhrdesk.store import Store


def today() -> dt.date:
    return dt.date.today()


def timeline_data(store: Store, review_id: int, now: dt.date | None = None) -> TimelineData:
    """Collect what the timeline shows for one review (pseudonymised: no register data)."""
    now = now or today()
    review = store.repos.reviews.by_id(review_id)
    profile = get_profile(review.profile)
    stages = store.repos.lifecycle.stages(review_id)
    pauses = store.repos.records.list(m.Pause, review_id)
    meetings = store.repos.records.list(m.Meeting, review_id)
    by_id = {s.stage_id: s for s in stages}

    milestones = [
        (by_id[stage.id].completed, stage.name)
        for stage in profile.stages
        if stage.id in by_id and by_id[stage.id].completed is not None
    ]
    published = stage_date(stages, "publication")
    end = published or now
    pause_spans = [
        (
            p.start,
            min(p.end, end) if p.end is not None else end,
            m.PAUSE_KIND_LABELS.get(p.kind, p.kind),
            p.end is None or p.end > end,
        )
        for p in pauses
        if p.start <= end
    ]
    flags: list[Flag] = []
    for item in due_items(profile, stages, pauses, now):
        state = "overdue" if item.overdue else "done" if item.done else "due"
        if item.adjusted_due != item.due:
            flags.append(Flag(item.due, f"{item.label} (original)", "original"))
            flags.append(Flag(item.adjusted_due, f"{item.label} (adjusted)", state))
        else:
            flags.append(Flag(item.due, item.label, state))

    dates = [d for d, _ in milestones] + [p[0] for p in pause_spans] + [mt.date for mt in meetings]
    dates += [f.day for f in flags]
    dates += [s.started for s in stages if s.started is not None]
    notification = stage_date(stages, "notification")
    start = notification or (min(dates) if dates else now - dt.timedelta(days=90))
    start = min([start, *dates]) if dates else start
    last = max([end, *[f.day for f in flags]])
    span = max(30, (last - start).days)
    pad = dt.timedelta(days=max(7, span // 40))
    decision = stage_date(stages, "decision")
    active = paused = 0
    if decision is not None:
        active, paused = time_split(decision, pauses, end)
    return TimelineData(
        reference=review.reference,
        title=review.title,
        review_type=profile.review_type,
        profile_name=profile.name,
        today=now,
        start=start - pad,
        end=last + pad,
        milestones=milestones,
        pauses=pause_spans,
        meetings=[(mt.date, mt.title) for mt in meetings],
        flags=flags,
        decision=decision,
        active_days=active,
        paused_days=paused,
        bar_end=end,
    )


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

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1300, 760)

    def set_data(self, data: TimelineData | None) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self.data is None:
            return
        painter = QPainter(self)
        try:
            paint_timeline(painter, self.width(), self.height(), self.data)
        finally:
            painter.end()


class TimelineTab(ReviewTab):
    """The timeline of one review, with PNG and PDF export."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("timelineTab")
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

    def _export(self, suffix: str, caption: str, file_filter: str, writer: object) -> Path | None:
        if self.data is None:
            return None
        default = default_export_dir() / f"{safe_file_stem(self.data.reference)}-timeline.{suffix}"
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
