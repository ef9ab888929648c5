"""Painting the timeline of one review: one QPainter routine for screen, PNG and PDF.

Why one routine: the picture a chair sees is exactly the picture they take to a
CSP meeting. :func:`paint_timeline` draws in logical pixels into any painter
(widget, a 2x QImage, an A4 landscape QPdfWriter page scaled to fit); fonts use
pixel sizes so they scale with the painter's transform. What is shown and where
(lanes, ticks, staggered labels, pause bands) is computed without Qt in
:mod:`dhrdesk.core.timeline`; this module only draws it, in small functions, one
per part of the picture. Exports are written by :func:`dhrdesk.core.files.write_atomic`.

Only pseudonymised facts are drawn: the reference, the title, the review type,
stage names, pause kinds, meeting titles and due dates — never a real name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.timeline import (
    BAR_THICKNESS,
    GUTTER,
    MARGIN,
    TimelineData,
    TimelineLayout,
    axis_ticks,
    bar_pauses,
    heading,
    lay_out,
    meetings_count,
    pause_band,
    since_decision_text,
    subtitle,
)

MARKING = "OFFICIAL-SENSITIVE"

# Muted palette: readable on paper and on a projector.
INK = QColor("#1f2933")
MUTED = QColor("#6b7280")
GRID = QColor("#e5e7eb")
AXIS = QColor("#374151")
MILESTONE = QColor("#1f4e79")
MEETING = QColor("#3d7a5a")
PAUSE_FILL = QColor(214, 158, 46, 48)
PAUSE_EDGE = QColor("#b7791f")
PAUSE_BAR = QColor("#d69e2e")
ACTIVE_BAR = QColor("#4a6fa5")
OVERDUE = QColor("#b3261e")
DONE = QColor("#6b8f71")
DUE = QColor("#374151")
TODAY = QColor("#9b2c2c")

LOGICAL_SIZE = QSizeF(1400, 820)  # export size in logical pixels (PNG is 2x this)


_FONT_FAMILY: str | None = None


def font_family() -> str:
    """DejaVu Sans from the bundled resources (same look everywhere), else the default."""
    global _FONT_FAMILY
    if _FONT_FAMILY is None:
        from dhrdesk.core.resources import resource_path

        family = ""
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            try:
                font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            except Exception:  # a missing font only changes the look
                font_id = -1
            if font_id >= 0 and not family:
                families = QFontDatabase.applicationFontFamilies(font_id)
                family = families[0] if families else ""
        _FONT_FAMILY = family
    return _FONT_FAMILY


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont(font_family()) if font_family() else QFont()
    font.setPixelSize(max(1, round(px)))
    font.setBold(bold)
    return font


def _measure(font: QFont) -> Callable[[str], float]:
    return QFontMetricsF(font).horizontalAdvance


LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LABEL_BACKGROUND = QColor(255, 255, 255, 235)
FLAG_COLOURS = {"overdue": OVERDUE, "done": DONE, "due": DUE, "original": MUTED}


def paint_timeline(painter: QPainter, width: float, height: float, data: TimelineData) -> None:
    """Draw the whole timeline into (0, 0, width, height) logical pixels."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    base = max(11.0, min(14.0, width / 100))
    top = _paint_title(painter, width, data, base)
    label_font = _font(base * 0.9)
    line_h = QFontMetricsF(label_font).height() + 3
    layout = lay_out(data, width, height, top, line_h, _measure(label_font))
    _paint_lane_names(painter, layout, base)
    _paint_pauses(painter, layout, base)
    _paint_ticks(painter, layout, base)
    _paint_today(painter, layout, base)
    _paint_milestones(painter, layout, label_font)
    _paint_meetings(painter, layout, base)
    _paint_flags(painter, layout, label_font, _font(base * 0.9, True))
    _paint_decision_bar(painter, layout, base)
    _paint_legend(painter, layout, base)
    if data.empty:
        painter.setFont(_font(base * 1.1))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(layout.x0, top, layout.x1 - layout.x0, layout.chart_bottom - top),
            Qt.AlignmentFlag.AlignCenter,
            "Nothing to show yet: record the notification date on the Overview tab.",
        )
    painter.restore()


def _paint_title(painter: QPainter, width: float, data: TimelineData, base: float) -> float:
    """The reference, the marking and the subtitle; returns the y where the chart starts."""
    margin = MARGIN
    painter.setPen(INK)
    painter.setFont(_font(base * 1.6, True))
    title_h = QFontMetricsF(painter.font()).height()
    painter.drawText(
        QRectF(margin, margin - 6, width - 2 * margin - 170, title_h), LEFT, heading(data)
    )
    painter.setFont(_font(base * 0.85, True))
    painter.setPen(OVERDUE.darker(120))
    painter.drawText(QRectF(width - margin - 260, margin - 6, 260, title_h), RIGHT, MARKING)
    painter.setPen(MUTED)
    painter.setFont(_font(base))
    sub_y = margin - 6 + title_h + 2
    sub_h = QFontMetricsF(painter.font()).height()
    painter.drawText(QRectF(margin, sub_y, width - 2 * margin, sub_h), LEFT, subtitle(data))
    return sub_y + sub_h + 14


def _paint_lane_names(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    painter.setFont(_font(base * 0.9, True))
    painter.setPen(MUTED)
    line_h = layout.line_h
    for text, y in layout.lane_names():
        painter.drawText(QRectF(MARGIN, y - line_h / 2, GUTTER - 12, line_h), LEFT, text)


def _paint_pauses(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    """Pauses: shaded bands behind everything, captioned at the bottom."""
    band_top = layout.top - 4
    bottom = layout.chart_bottom
    font = _font(base * 0.85, True)
    for span in layout.data.pauses:
        band = pause_band(span, layout.data, layout.x_of, layout.x1, _measure(font))
        left, right = band.left, band.right
        painter.fillRect(QRectF(left, band_top, right - left, bottom - band_top), PAUSE_FILL)
        painter.setPen(QPen(PAUSE_EDGE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(left, band_top), QPointF(left, bottom))
        if not band.is_open:
            painter.drawLine(QPointF(right, band_top), QPointF(right, bottom))
        painter.setPen(PAUSE_EDGE.darker(130))
        painter.setFont(font)
        text_rect = QRectF(
            band.text_left, bottom - layout.line_h - 2, band.text_width, layout.line_h
        )
        painter.drawText(text_rect, LEFT, band.text)


def _paint_ticks(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    """Month ticks, grid lines at labelled months, labels under the axis, the axis."""
    painter.setFont(_font(base * 0.8))
    metrics = QFontMetricsF(painter.font())
    axis_y = layout.axis_y
    data = layout.data
    for tick in axis_ticks(data.start, data.end, layout.x_of, metrics.horizontalAdvance):
        x = tick.x
        painter.setPen(QPen(GRID, 1))
        if tick.labelled:
            painter.drawLine(QPointF(x, layout.top), QPointF(x, layout.chart_bottom))
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + (6 if tick.labelled else 3)))
        if tick.text:
            w = metrics.horizontalAdvance(tick.text)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x - w / 2 - 2, axis_y + 8, w + 4, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                tick.text,
            )
    painter.setPen(QPen(AXIS, 2))
    painter.drawLine(QPointF(layout.x0, axis_y), QPointF(layout.x1, axis_y))


def _paint_today(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    data = layout.data
    if not data.start <= data.today <= data.end:
        return
    tx = layout.x_of(data.today)
    painter.setPen(QPen(TODAY, 1.2, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(tx, layout.top), QPointF(tx, layout.chart_bottom))
    painter.setFont(_font(base * 0.8, True))
    painter.setPen(TODAY)
    line_h = layout.line_h
    painter.drawText(QRectF(tx - 60, layout.top - line_h - 2, 56, line_h), RIGHT, "Today")


def _paint_label(painter: QPainter, left: float, y: float, line_h: float, text: str) -> None:
    """A label on a white patch (the pen and font are set by the caller)."""
    width_text = QFontMetricsF(painter.font()).horizontalAdvance(text) + 8
    painter.fillRect(QRectF(left, y, width_text, line_h - 2), LABEL_BACKGROUND)
    painter.drawText(QRectF(left + 2, y, width_text, line_h - 2), LEFT, text)


def _paint_milestones(painter: QPainter, layout: TimelineLayout, font: QFont) -> None:
    """Stage completions above the axis, staggered. Leader lines first, then labels
    on white, then markers: no line crosses a label."""
    axis_y, line_h = layout.axis_y, layout.line_h
    for label in layout.milestones:
        painter.setPen(QPen(MILESTONE.lighter(150), 1))
        y = layout.milestone_y(label.level)
        painter.drawLine(QPointF(label.x, axis_y - 6), QPointF(label.x, y + line_h - 2))
    painter.setFont(font)
    for label in layout.milestones:
        painter.setPen(INK)
        _paint_label(painter, label.left, layout.milestone_y(label.level), line_h, label.text)
    for label in layout.milestones:
        x = label.x
        diamond = QPainterPath()
        diamond.moveTo(x, axis_y - 7)
        diamond.lineTo(x + 7, axis_y)
        diamond.lineTo(x, axis_y + 7)
        diamond.lineTo(x - 7, axis_y)
        diamond.closeSubpath()
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QBrush(MILESTONE))
        painter.drawPath(diamond)
        painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_meetings(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    """Meetings: markers on their lane, and how many (titles would crowd)."""
    meet_y = layout.meet_y
    painter.setPen(QPen(MEETING.lighter(160), 1))
    painter.drawLine(QPointF(layout.x0, meet_y), QPointF(layout.x1, meet_y))
    meetings = layout.meetings()
    for x, _title in meetings:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QBrush(MEETING))
        painter.drawEllipse(QPointF(x, meet_y), 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    if meetings:
        painter.setFont(_font(base * 0.8))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(MARGIN, meet_y + 6, GUTTER - 12, layout.line_h),
            LEFT,
            meetings_count(len(meetings)),
        )


def _paint_flags(painter: QPainter, layout: TimelineLayout, font: QFont, bold: QFont) -> None:
    """Clock flags below the meetings, staggered; overdue ones in bold red."""
    flag_top, line_h = layout.flag_top, layout.line_h
    for flag in layout.flags:
        colour = FLAG_COLOURS.get(flag.state, DUE)
        style = Qt.PenStyle.DotLine if flag.state == "original" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(colour, 1.4, style))
        y = layout.flag_y(flag.level)
        painter.drawLine(QPointF(flag.x, flag_top), QPointF(flag.x, y + line_h / 2))
    for flag in layout.flags:
        painter.setFont(bold if flag.state == "overdue" else font)
        painter.setPen(FLAG_COLOURS.get(flag.state, DUE))
        _paint_label(painter, flag.left, layout.flag_y(flag.level), line_h, flag.text)
    for flag in layout.flags:
        x = flag.x
        colour = FLAG_COLOURS.get(flag.state, DUE)
        pennant = QPainterPath()
        pennant.moveTo(x, flag_top)
        pennant.lineTo(x + 11, flag_top + 4.5)
        pennant.lineTo(x, flag_top + 9)
        pennant.closeSubpath()
        painter.setBrush(QBrush(QColor("white") if flag.state == "original" else colour))
        painter.setPen(QPen(colour, 1.2))
        painter.drawPath(pennant)
        painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_decision_bar(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    """The decision-to-today bar, split active / paused, with the day counts."""
    data = layout.data
    if data.decision is None or data.bar_end is None:
        return
    bar_top = layout.bar_top
    painter.setFont(_font(base * 0.9, True))
    painter.setPen(MUTED)
    painter.drawText(QRectF(MARGIN, bar_top, GUTTER - 12, BAR_THICKNESS), LEFT, "Since decision")
    left = layout.x_of(max(data.decision, data.start))
    right = layout.x_of(min(data.bar_end, data.end))
    bar = QRectF(left, bar_top, max(2.0, right - left), BAR_THICKNESS)
    painter.fillRect(bar, ACTIVE_BAR)
    for s, e in bar_pauses(data):
        x_s = layout.x_of(s)
        segment = QRectF(x_s, bar_top, max(1.5, layout.x_of(e) - x_s), BAR_THICKNESS)
        painter.fillRect(segment, PAUSE_BAR)
    text = since_decision_text(data)
    painter.setFont(_font(base * 0.95, True))
    text_w = QFontMetricsF(painter.font()).horizontalAdvance(text) + 16
    if text_w <= bar.width():
        painter.setPen(QColor("white"))
        painter.drawText(bar.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignCenter, text)
    else:
        painter.setPen(INK)
        painter.drawText(QRectF(bar.left(), bar.bottom() + 2, max(text_w, 400), 22), LEFT, text)


LEGEND = [
    ("diamond", MILESTONE, "Stage completed"),
    ("circle", MEETING, "Panel meeting"),
    ("band", PAUSE_FILL, "Paused (trial, inquest…)"),
    ("flag", DUE, "Due date"),
    ("open_flag", MUTED, "Original target before pauses"),
    ("flag", OVERDUE, "Overdue"),
    ("flag", DONE, "Met"),
    ("bar", ACTIVE_BAR, "Active time"),
]


def _paint_symbol(painter: QPainter, shape: str, colour: QColor, x: float, cy: float) -> None:
    """One legend symbol, 14 px wide, centred on ``cy``."""
    painter.setPen(Qt.PenStyle.NoPen)
    if shape == "diamond":
        path = QPainterPath()
        path.moveTo(x + 6, cy - 6)
        path.lineTo(x + 12, cy)
        path.lineTo(x + 6, cy + 6)
        path.lineTo(x, cy)
        path.closeSubpath()
        painter.setBrush(QBrush(colour))
        painter.drawPath(path)
    elif shape == "circle":
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(QPointF(x + 6, cy), 5.5, 5.5)
    elif shape in ("band", "bar"):
        painter.fillRect(QRectF(x, cy - 6, 14, 12), colour)
        if shape == "band":
            painter.setPen(QPen(PAUSE_EDGE, 1, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(x, cy - 6, 14, 12))
    else:
        path = QPainterPath()
        path.moveTo(x + 2, cy - 6)
        path.lineTo(x + 13, cy - 1.5)
        path.lineTo(x + 2, cy + 3)
        path.closeSubpath()
        painter.setPen(QPen(colour, 1.2))
        painter.setBrush(QBrush(QColor("white") if shape == "open_flag" else colour))
        painter.drawPath(path)
        painter.drawLine(QPointF(x + 2, cy - 6), QPointF(x + 2, cy + 7))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_legend(painter: QPainter, layout: TimelineLayout, base: float) -> None:
    legend_y = layout.legend_y
    painter.setFont(_font(base * 0.85))
    metrics = QFontMetricsF(painter.font())
    x = MARGIN
    for shape, colour, text in LEGEND:
        cy = legend_y + 8
        _paint_symbol(painter, shape, colour, x, cy)
        painter.setPen(INK)
        painter.drawText(
            QRectF(x + 18, cy - 9, metrics.horizontalAdvance(text) + 4, 18), LEFT, text
        )
        x += 18 + metrics.horizontalAdvance(text) + 20
    # Paused part of the bar (same colour as the bar segment).
    painter.fillRect(QRectF(x, legend_y + 2, 14, 12), PAUSE_BAR)
    painter.setPen(INK)
    painter.drawText(QRectF(x + 18, legend_y - 1, 120, 18), LEFT, "Paused time")


# ----------------------------------------------------------------- exports
class ExportError(DhrDeskError):
    """The picture could not be drawn (the file itself is written by core.files)."""


def render_image(data: TimelineData, size: QSizeF = LOGICAL_SIZE, scale: float = 2.0) -> QImage:
    image = QImage(
        round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_RGB32
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        paint_timeline(painter, size.width(), size.height(), data)
    finally:
        painter.end()
    return image


def _buffer() -> QBuffer:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def png_bytes(data: TimelineData, size: QSizeF = LOGICAL_SIZE) -> bytes:
    """The timeline as PNG at twice the logical size (sharp when printed)."""
    buffer = _buffer()
    if not render_image(data, size).save(buffer, "PNG"):
        raise ExportError("Could not encode the timeline as PNG.")
    return bytes(buffer.data())


def pdf_bytes(data: TimelineData) -> bytes:
    """The timeline on one A4 landscape page, with searchable text."""
    buffer = _buffer()
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{data.reference} – timeline")
    writer.setCreator("DHR Desk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("Could not start the timeline PDF.")
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = page.width() / LOGICAL_SIZE.width()
        painter.scale(scale, scale)
        paint_timeline(painter, LOGICAL_SIZE.width(), page.height() / scale, data)
    finally:
        painter.end()
    del writer
    return bytes(buffer.data())


def export_png(data: TimelineData, path: Path | str, size: QSizeF = LOGICAL_SIZE) -> Path:
    """Write the timeline as a PNG, atomically (core.files)."""
    return write_atomic(path, png_bytes(data, size), "timeline picture")


def export_pdf(data: TimelineData, path: Path | str) -> Path:
    """Write the timeline as a one-page PDF, atomically (core.files)."""
    return write_atomic(path, pdf_bytes(data), "timeline PDF")


def default_export_dir() -> Path:
    home = Path(os.path.expanduser("~"))
    documents = home / "Documents"
    return documents if documents.is_dir() else home
