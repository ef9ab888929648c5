"""Painting the timeline of one review: one QPainter routine for screen, PNG and PDF.

Why one routine: the picture a chair sees is exactly the picture they take to a
CSP meeting. :func:`paint_timeline` draws in logical pixels into any painter
(widget, a 2x QImage, an A4 landscape QPdfWriter page scaled to fit); fonts use
pixel sizes so they scale with the painter's transform.

Only pseudonymised facts are drawn: the reference, the title, the review type,
stage names, pause kinds, meeting titles and due dates — never a real name.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSaveFile, QSizeF, Qt
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

from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import DhrDeskError

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


@dataclass
class Flag:
    day: dt.date
    label: str
    state: str  # "overdue", "done", "due", "original"


@dataclass
class TimelineData:
    """Everything the picture shows, already pseudonymised."""

    reference: str
    title: str
    review_type: str
    profile_name: str
    today: dt.date
    start: dt.date
    end: dt.date
    milestones: list[tuple[dt.date, str]] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date, str, bool]] = field(default_factory=list)  # open?
    meetings: list[tuple[dt.date, str]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    decision: dt.date | None = None
    active_days: int = 0
    paused_days: int = 0
    bar_end: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not (self.milestones or self.pauses or self.meetings or self.flags)


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
            except Exception:  # noqa: BLE001 - a missing font only changes the look
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


def short(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _month_ticks(start: dt.date, end: dt.date) -> tuple[list[dt.date], int]:
    """First-of-month ticks and the labelling step (1, 3, 6 or 12 months)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 15 else 3 if months <= 40 else 6 if months <= 80 else 12
    ticks = []
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        ticks.append(dt.date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks, step


def _stagger(items: list[tuple[float, float]], gap: float, right: float) -> list[tuple[int, float]]:
    """Give each (x, width) label a level and a left edge so no two labels overlap.

    Labels start at their marker and run right; near the right edge they run left.
    Returns (level, left) per item, in the same order.
    """
    ends: list[float] = []  # right edge of the last label on each level
    placed: list[tuple[int, float]] = []
    for x, width in items:
        left = x - 4 if x + width <= right else x - width + 4
        for level, last in enumerate(ends):
            if left >= last + gap:
                ends[level] = left + width
                placed.append((level, left))
                break
        else:
            ends.append(left + width)
            placed.append((len(ends) - 1, left))
    return placed


def paint_timeline(painter: QPainter, width: float, height: float, data: TimelineData) -> None:
    """Draw the whole timeline into (0, 0, width, height) logical pixels."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    margin = 28.0
    gutter = 118.0
    x0, x1 = margin + gutter, width - margin - 8
    base = max(11.0, min(14.0, width / 100))

    # ---- title block
    painter.setPen(INK)
    painter.setFont(_font(base * 1.6, True))
    title_h = QFontMetricsF(painter.font()).height()
    painter.drawText(
        QRectF(margin, margin - 6, width - 2 * margin - 170, title_h),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        f"{data.reference} · {data.review_type}",
    )
    painter.setFont(_font(base * 0.85, True))
    painter.setPen(OVERDUE.darker(120))
    painter.drawText(
        QRectF(width - margin - 260, margin - 6, 260, title_h),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        MARKING,
    )
    painter.setPen(MUTED)
    painter.setFont(_font(base))
    sub_y = margin - 6 + title_h + 2
    subtitle = f"{data.title} · " if data.title else ""
    subtitle += f"Timeline as at {format_date(data.today)} · guidance profile {data.profile_name}"
    sub_h = QFontMetricsF(painter.font()).height()
    painter.drawText(
        QRectF(margin, sub_y, width - 2 * margin, sub_h),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        subtitle,
    )
    top = sub_y + sub_h + 14

    span_days = max(1, (data.end - data.start).days)

    def x_of(day: dt.date) -> float:
        return x0 + (x1 - x0) * ((day - data.start).days / span_days)

    # ---- measure staggered labels to lay out the lanes
    label_font = _font(base * 0.9)
    label_bold = _font(base * 0.9, True)
    fm = QFontMetricsF(label_font)
    line_h = fm.height() + 3
    mile_items = sorted(data.milestones)
    mile_texts = [f"{name} · {short(day)}" for day, name in mile_items]
    mile_place = _stagger(
        [
            (x_of(day), fm.horizontalAdvance(text) + 8)
            for (day, _), text in zip(mile_items, mile_texts, strict=True)
        ],
        10,
        x1,
    )
    mile_levels = max((lvl for lvl, _ in mile_place), default=-1) + 1
    flag_items = sorted(data.flags, key=lambda f: f.day)
    flag_texts = [f"{f.label} · {short(f.day)}" for f in flag_items]
    flag_place = _stagger(
        [
            (x_of(f.day), fm.horizontalAdvance(t) + 8)
            for f, t in zip(flag_items, flag_texts, strict=True)
        ],
        10,
        x1,
    )
    flag_levels = max((lvl for lvl, _ in flag_place), default=-1) + 1
    meet_items = sorted(data.meetings)

    legend_h = 30.0
    bar_h = 60.0 if data.decision is not None else 0.0
    meet_h = 34.0
    tick_h = line_h * 2 + 6
    mile_h = max(1, mile_levels) * line_h + 16
    flag_h = max(1, flag_levels) * line_h + 22
    available = height - top - margin - legend_h - bar_h
    needed = mile_h + tick_h + meet_h + flag_h
    extra = max(0.0, available - needed)
    mile_h += extra * 0.3
    flag_h += extra * 0.3
    meet_h += extra * 0.4

    axis_y = top + mile_h
    meet_y = axis_y + tick_h + meet_h / 2
    flag_top = axis_y + tick_h + meet_h
    chart_bottom = flag_top + flag_h
    bar_top = chart_bottom + 8

    # ---- lane labels
    painter.setFont(_font(base * 0.9, True))
    painter.setPen(MUTED)
    for text, y in (
        ("Stages", axis_y - mile_h / 2),
        ("Meetings", meet_y),
        ("Due dates", flag_top + min(flag_h, line_h * 2) / 2 + 6),
    ):
        painter.drawText(
            QRectF(margin, y - line_h / 2, gutter - 12, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    # ---- pauses: shaded bands behind everything
    band_top = top - 4
    for start, end, label, is_open in data.pauses:
        left, right = x_of(max(start, data.start)), x_of(min(end, data.end))
        right = max(right, left + 2)
        painter.fillRect(QRectF(left, band_top, right - left, chart_bottom - band_top), PAUSE_FILL)
        pen = QPen(PAUSE_EDGE, 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(left, band_top), QPointF(left, chart_bottom))
        if not is_open:
            painter.drawLine(QPointF(right, band_top), QPointF(right, chart_bottom))
        painter.setPen(PAUSE_EDGE.darker(130))
        painter.setFont(_font(base * 0.85, True))
        days = (min(end, data.end) - start).days + 1
        text = f"Paused: {label} ({days} days{', ongoing' if is_open else ''})"
        text_w = QFontMetricsF(painter.font()).horizontalAdvance(text) + 8
        if text_w > right - left - 4:
            text = label
            text_w = QFontMetricsF(painter.font()).horizontalAdvance(text) + 8
        tx = left + 4 if left + text_w < x1 else right - text_w
        painter.drawText(
            QRectF(tx, chart_bottom - line_h - 2, text_w, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    # ---- ticks and grid
    ticks, step = _month_ticks(data.start, data.end)
    painter.setFont(_font(base * 0.8))
    tick_fm = QFontMetricsF(painter.font())
    last_label_right = -1e9
    for tick in ticks:
        if tick < data.start:
            continue
        x = x_of(tick)
        labelled = (tick.month - 1) % step == 0
        painter.setPen(QPen(GRID, 1))
        if labelled:
            painter.drawLine(QPointF(x, top), QPointF(x, chart_bottom))
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + (6 if labelled else 3)))
        if labelled:
            text = tick.strftime("%b")
            if tick.month == 1 or step == 12 or last_label_right < 0:
                text = tick.strftime("%b %Y") if step < 12 else str(tick.year)
            w = tick_fm.horizontalAdvance(text)
            if x - w / 2 > last_label_right + 6:
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(x - w / 2 - 2, axis_y + 8, w + 4, tick_fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
                last_label_right = x + w / 2
    painter.setPen(QPen(AXIS, 2))
    painter.drawLine(QPointF(x0, axis_y), QPointF(x1, axis_y))

    # ---- today marker
    if data.start <= data.today <= data.end:
        tx = x_of(data.today)
        painter.setPen(QPen(TODAY, 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(tx, top), QPointF(tx, chart_bottom))
        painter.setFont(_font(base * 0.8, True))
        painter.setPen(TODAY)
        painter.drawText(
            QRectF(tx - 60, top - line_h - 2, 56, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            "Today",
        )

    # ---- milestones (stage completions) above the axis, staggered.
    # Leader lines first, then labels on white, then markers: no line crosses a label.
    for (day, _name), (level, _left) in zip(mile_items, mile_place, strict=True):
        x = x_of(day)
        label_y = axis_y - 14 - (level + 1) * line_h
        painter.setPen(QPen(MILESTONE.lighter(150), 1))
        painter.drawLine(QPointF(x, axis_y - 6), QPointF(x, label_y + line_h - 2))
    painter.setFont(label_font)
    for text, (level, left) in zip(mile_texts, mile_place, strict=True):
        label_y = axis_y - 14 - (level + 1) * line_h
        width_text = fm.horizontalAdvance(text) + 8
        painter.fillRect(QRectF(left, label_y, width_text, line_h - 2), QColor(255, 255, 255, 235))
        painter.setPen(INK)
        painter.drawText(
            QRectF(left + 2, label_y, width_text, line_h - 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
    for day, _name in mile_items:
        x = x_of(day)
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

    # ---- meetings: markers on their lane, numbered; titles in the legend would crowd
    painter.setPen(QPen(MEETING.lighter(160), 1))
    painter.drawLine(QPointF(x0, meet_y), QPointF(x1, meet_y))
    for day, _title in meet_items:
        x = x_of(day)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QBrush(MEETING))
        painter.drawEllipse(QPointF(x, meet_y), 6, 6)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    if meet_items:
        painter.setFont(_font(base * 0.8))
        painter.setPen(MUTED)
        count = f"{len(meet_items)} meeting{'s' if len(meet_items) != 1 else ''}"
        painter.drawText(
            QRectF(margin, meet_y + 6, gutter - 12, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            count,
        )

    # ---- clock flags below the meetings, staggered
    colours = {"overdue": OVERDUE, "done": DONE, "due": DUE, "original": MUTED}
    for flag, (level, _left) in zip(flag_items, flag_place, strict=True):
        x = x_of(flag.day)
        colour = colours.get(flag.state, DUE)
        label_y = flag_top + 16 + level * line_h
        style = Qt.PenStyle.DotLine if flag.state == "original" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(colour, 1.4, style))
        painter.drawLine(QPointF(x, flag_top), QPointF(x, label_y + line_h / 2))
    for flag, text, (level, left) in zip(flag_items, flag_texts, flag_place, strict=True):
        colour = colours.get(flag.state, DUE)
        label_y = flag_top + 16 + level * line_h
        painter.setFont(label_bold if flag.state == "overdue" else label_font)
        width_text = QFontMetricsF(painter.font()).horizontalAdvance(text) + 8
        painter.fillRect(QRectF(left, label_y, width_text, line_h - 2), QColor(255, 255, 255, 235))
        painter.setPen(colour)
        painter.drawText(
            QRectF(left + 2, label_y, width_text, line_h - 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
    for flag in flag_items:
        x = x_of(flag.day)
        colour = colours.get(flag.state, DUE)
        pennant = QPainterPath()
        pennant.moveTo(x, flag_top)
        pennant.lineTo(x + 11, flag_top + 4.5)
        pennant.lineTo(x, flag_top + 9)
        pennant.closeSubpath()
        painter.setBrush(QBrush(QColor("white") if flag.state == "original" else colour))
        painter.setPen(QPen(colour, 1.2))
        painter.drawPath(pennant)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # ---- decision-to-today bar, split active / paused
    if data.decision is not None and data.bar_end is not None:
        painter.setFont(_font(base * 0.9, True))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(margin, bar_top, gutter - 12, 26),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Since decision",
        )
        left = x_of(max(data.decision, data.start))
        right = x_of(min(data.bar_end, data.end))
        bar = QRectF(left, bar_top, max(2.0, right - left), 26)
        painter.fillRect(bar, ACTIVE_BAR)
        for start, end, _label, _open in data.pauses:
            s = max(start, data.decision + dt.timedelta(days=1))
            e = min(end, data.bar_end)
            if e >= s:
                painter.fillRect(
                    QRectF(x_of(s), bar_top, max(1.5, x_of(e) - x_of(s)), 26), PAUSE_BAR
                )
        total = data.active_days + data.paused_days
        text = (
            f"{total} days since the decision: {data.active_days} active · "
            f"{data.paused_days} paused"
        )
        painter.setFont(_font(base * 0.95, True))
        text_w = QFontMetricsF(painter.font()).horizontalAdvance(text) + 16
        if text_w <= bar.width():
            painter.setPen(QColor("white"))
            painter.drawText(bar.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignCenter, text)
        else:
            painter.setPen(INK)
            painter.drawText(
                QRectF(bar.left(), bar.bottom() + 2, max(text_w, 400), 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    # ---- legend
    legend_y = height - margin - legend_h + 8
    painter.setFont(_font(base * 0.85))
    x = margin
    entries = [
        ("diamond", MILESTONE, "Stage completed"),
        ("circle", MEETING, "Panel meeting"),
        ("band", PAUSE_FILL, "Paused (trial, inquest…)"),
        ("flag", DUE, "Due date"),
        ("open_flag", MUTED, "Original target before pauses"),
        ("flag", OVERDUE, "Overdue"),
        ("flag", DONE, "Met"),
        ("bar", ACTIVE_BAR, "Active time"),
    ]
    metrics = QFontMetricsF(painter.font())
    for shape, colour, text in entries:
        cy = legend_y + 8
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
        painter.setPen(INK)
        painter.drawText(
            QRectF(x + 18, cy - 9, metrics.horizontalAdvance(text) + 4, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        x += 18 + metrics.horizontalAdvance(text) + 20
    # Paused part of the bar (same colour as the bar segment).
    painter.fillRect(QRectF(x, legend_y + 2, 14, 12), PAUSE_BAR)
    painter.setPen(INK)
    painter.drawText(
        QRectF(x + 18, legend_y - 1, 120, 18),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        "Paused time",
    )

    if data.empty:
        painter.setFont(_font(base * 1.1))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(x0, top, x1 - x0, chart_bottom - top),
            Qt.AlignmentFlag.AlignCenter,
            "Nothing to show yet: record the notification date on the Overview tab.",
        )
    painter.restore()


# ----------------------------------------------------------------- exports
class ExportError(DhrDeskError):
    """The picture could not be written (folder missing, disk full, no permission)."""


def _open_save(path: Path) -> QSaveFile:
    target = QSaveFile(str(path))
    if not target.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise ExportError(
            f"Could not write {path.name}: {target.errorString()}.",
            hint="Choose a folder you can write to.",
        )
    return target


def _commit(target: QSaveFile, path: Path) -> Path:
    if not target.commit():
        raise ExportError(
            f"Could not finish writing {path.name}: {target.errorString()}.",
            hint="Check there is space on the disk; nothing was left half-written.",
        )
    return path


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


def export_png(data: TimelineData, path: Path | str, size: QSizeF = LOGICAL_SIZE) -> Path:
    """Write the timeline as a PNG at twice the logical size (sharp when printed), atomically."""
    path = Path(path)
    image = render_image(data, size)
    target = _open_save(path)
    if not image.save(target, "PNG"):
        target.cancelWriting()
        raise ExportError(f"Could not encode the timeline as PNG for {path.name}.")
    return _commit(target, path)


def export_pdf(data: TimelineData, path: Path | str) -> Path:
    """Write the timeline on one A4 landscape page, atomically, with searchable text."""
    path = Path(path)
    target = _open_save(path)
    writer = QPdfWriter(target)
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
        target.cancelWriting()
        raise ExportError(f"Could not start the PDF {path.name}.")
    try:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = page.width() / LOGICAL_SIZE.width()
        painter.scale(scale, scale)
        paint_timeline(painter, LOGICAL_SIZE.width(), page.height() / scale, data)
    finally:
        painter.end()
    del writer
    return _commit(target, path)


def safe_file_stem(reference: str) -> str:
    """'DHR 2026/03' -> 'DHR-2026-03' for a default file name."""
    cleaned = "".join(c if c.isalnum() else "-" for c in reference).strip("-")
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return cleaned or "review"


def default_export_dir() -> Path:
    home = Path(os.path.expanduser("~"))
    documents = home / "Documents"
    return documents if documents.is_dir() else home
