"""Charts for the learning library and the regional themes report: one chart library.

The same ReportLab graphics code draws a chart for the PDF (a ``Drawing`` is a platypus
flowable) and for the GUI (the drawing rendered to SVG bytes with
``reportlab.graphics.renderSVG``, shown in a ``QSvgWidget``), so the chair sees on
screen exactly the chart the report prints. No Qt here: the documents layer never
imports PySide6.

Charts are drawn from a :class:`~dhrdesk.documents.model.Figure` (plain data), so every
word a chart shows (caption, labels, series names) is model text the publication gate
can substitute and scan. Text in a chart is text in the file: in the PDF the labels
are real, extractable text, and the read-back scan sees them.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from dhrdesk.documents import fonts
from dhrdesk.documents.model import FIGURE_BAR, FIGURE_TREND, Figure

BAR = colors.HexColor("#1f3a5f")
GRID = colors.HexColor("#d0d5dc")
INK = colors.HexColor("#1a1a1a")
SERIES = [
    colors.HexColor(c)
    for c in ("#1f3a5f", "#c2571a", "#2e7d32", "#7b1fa2", "#00838f", "#8d6e63", "#c62828")
]
FONT_SIZE = 8
BAR_HEIGHT = 16  # points per category in a bar chart
MAX_LABEL_WIDTH = 240  # points; longer labels wrap onto a second line (never cut)


def _font() -> str:
    return fonts.register_fonts()


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """``text`` broken into lines of at most ``width`` points at spaces (never cut: a
    chart label or legend shows the whole name, as the figure's data table does)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def _value_axis(axis: Any, largest: float, font: str) -> None:
    """Whole-number value axis from 0 to a round maximum, with grid lines."""
    top = _nice_max(largest)
    axis.valueMin = 0
    axis.valueMax = top
    axis.valueStep = _step(top)
    axis.labels.fontName = font
    axis.labels.fontSize = FONT_SIZE
    axis.labelTextFormat = "%d"
    axis.visibleGrid = True
    axis.gridStrokeColor = GRID
    axis.strokeColor = INK


def _nice_max(value: float) -> int:
    """An axis end a little above ``value`` with whole-number steps."""
    top = max(1, int(value))
    return top + 1 if top < 10 else int(top * 1.1) + 1


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if top / step <= 8:
            return step
    return max(1, top // 8)


def bar_chart(figure: Figure, width: float = 440) -> Drawing:
    """Horizontal bars, first label at the top (themes ranked by frequency)."""
    font = _font()
    values = list(figure.series[0][1]) if figure.series else [0.0] * len(figure.labels)
    labels = list(figure.labels)
    label_width = min(
        MAX_LABEL_WIDTH, max([stringWidth(t, font, FONT_SIZE) for t in labels] or [40]) + 6
    )
    wrapped = [_wrap(t, label_width - 6, font, FONT_SIZE) for t in labels]
    shown = ["\n".join(lines) for lines in wrapped]
    count = max(1, len(labels))
    lines_per_bar = max([len(lines) for lines in wrapped] or [1])
    plot_height = (BAR_HEIGHT + (lines_per_bar - 1) * (FONT_SIZE + 1)) * count
    bottom = 28 if figure.value_label else 18
    height = plot_height + bottom + 8
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = bottom
    chart.width = width - label_width - 24
    chart.height = plot_height
    # The category axis runs bottom-up: reverse so the first (largest) is at the top.
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(shown)) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = INK
    chart.categoryAxis.tickLeft = 0
    _value_axis(chart.valueAxis, max(values or [0]), font)
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 6
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = FONT_SIZE - 1
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if figure.value_label:
        drawing.add(
            String(
                label_width + chart.width / 2,
                2,
                figure.value_label,
                fontName=font,
                fontSize=FONT_SIZE,
                textAnchor="middle",
                fillColor=INK,
            )
        )
    return drawing


def trend_chart(figure: Figure, width: float = 440, height: float = 190) -> Drawing:
    """One line per series over the labels (years), with a legend above the plot."""
    font = _font()
    drawing = Drawing(width, height)
    # The legend: a short line and the whole name per series, in rows above the plot.
    rows: list[list[tuple[int, str, float]]] = [[]]
    x = 34.0
    for index, (name, _) in enumerate(figure.series):
        needed = 18 + stringWidth(name, font, FONT_SIZE) + 14
        if x + needed > width and rows[-1]:
            rows.append([])
            x = 34.0
        rows[-1].append((index, name, x))
        x += needed
    legend_height = (11 * len(rows) + 5) if figure.series else 0
    height += max(0, legend_height - 16)
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    chart.x = 34
    chart.y = 26
    chart.width = width - chart.x - 12
    chart.height = height - chart.y - 10 - legend_height
    chart.data = [list(values) or [0] for _, values in figure.series] or [[0]]
    chart.categoryAxis.categoryNames = list(figure.labels) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.strokeColor = INK
    _value_axis(
        chart.valueAxis, max([v for _, values in figure.series for v in values] or [0]), font
    )
    for index in range(len(chart.data)):
        colour = SERIES[index % len(SERIES)]
        chart.lines[index].strokeColor = colour
        chart.lines[index].strokeWidth = 1.6
        chart.lines[index].symbol = makeMarker("FilledCircle", size=4, fillColor=colour)
    drawing.add(chart)
    if figure.value_label:
        # The axis title reads bottom-up: a String cannot rotate, its group can.
        label = String(0, 0, figure.value_label, fontName=font, fontSize=FONT_SIZE)
        label.textAnchor = "middle"
        group = Group(label)
        group.transform = (0, 1, -1, 0, 8, chart.y + chart.height / 2)
        drawing.add(group)
    y = height - 9
    for row in rows:
        for index, name, x in row:
            colour = SERIES[index % len(SERIES)]
            drawing.add(Line(x, y + 3, x + 12, y + 3, strokeColor=colour, strokeWidth=1.6))
            drawing.add(String(x + 16, y, name, fontName=font, fontSize=FONT_SIZE, fillColor=INK))
        y -= 11
    return drawing


def drawing_for(figure: Figure, width: float = 440) -> Drawing:
    """The drawing of ``figure``, ``width`` points wide."""
    if figure.kind == FIGURE_BAR:
        return bar_chart(figure, width)
    if figure.kind == FIGURE_TREND:
        return trend_chart(figure, width)
    raise ValueError(f"Unknown figure kind {figure.kind!r}.")  # pragma: no cover


def to_svg(drawing: Drawing, background: str | None = "#ffffff") -> bytes:
    """SVG bytes of a drawing, for the GUI's QSvgWidget (on a white ground by default:
    a transparent SVG shows black in some widget styles)."""
    if background:
        copy = Drawing(drawing.width, drawing.height)
        copy.add(
            Rect(
                0,
                0,
                drawing.width,
                drawing.height,
                fillColor=colors.HexColor(background),
                strokeColor=None,
            )
        )
        for shape in drawing.contents:
            copy.add(shape)
        drawing = copy
    text = renderSVG.drawToString(drawing)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    # renderSVG leaves an open line's fill to the viewer, and SVG's default is black.
    # and writes "fill: None", which Qt's SVG renderer does not read as none.
    text = text.replace("fill: None", "fill: none")
    for tag in ("<polyline ", "<path "):  # a fill in the style attribute still wins
        text = text.replace(tag, f'{tag}fill="none" ')
    return text.encode("utf-8")


def figure_svg(figure: Figure, width: float = 440) -> bytes:
    return to_svg(drawing_for(figure, width))


def themes_bar(names: list[str], counts: list[int], caption: str = "") -> Figure:
    """Themes by number of reviews, in the given (ranked) order."""
    return Figure(
        FIGURE_BAR,
        caption or "Themes by number of reviews",
        list(names),
        [("Reviews", [float(c) for c in counts])],
        value_label="Number of reviews",
    )


def theme_trend(years: list[str], series: list[tuple[str, list[int]]], caption: str = "") -> Figure:
    """Reviews carrying each theme, by year of death."""
    return Figure(
        FIGURE_TREND,
        caption or "Reviews carrying the theme, by year of death",
        list(years),
        [(name, [float(v) for v in values]) for name, values in series],
        value_label="Reviews",
    )
