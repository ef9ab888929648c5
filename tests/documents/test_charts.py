"""Charts: one ReportLab drawing per figure, rendered to SVG (GUI) and PDF (reports)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart

from dhrdesk.documents import charts
from dhrdesk.documents.model import Figure

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Risk identification and assessment", "Information sharing", "Housing"]


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def test_bar_chart_has_one_bar_per_theme_first_on_top() -> None:
    figure = charts.themes_bar(NAMES, [5, 3, 1])
    drawing = charts.drawing_for(figure)
    chart = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))
    assert chart.data == [[1.0, 3.0, 5.0]]  # drawn bottom-up: the largest is on top
    assert chart.categoryAxis.categoryNames == list(reversed(NAMES))
    texts = _svg_texts(charts.to_svg(drawing))
    for name in NAMES:
        assert name in texts
    assert {"5", "3", "1"} <= set(texts) and "Number of reviews" in texts
    # the same drawing in a PDF carries the labels as real text
    pdf = PdfReader(io.BytesIO(renderPDF.drawToString(drawing)))
    text = pdf.pages[0].extract_text()
    assert all(name in text for name in NAMES)


def test_long_labels_wrap_and_are_never_cut() -> None:
    long = "A very long theme name " * 6
    drawing = charts.drawing_for(charts.themes_bar([long, "Housing"], [2, 1]))
    texts = _svg_texts(charts.to_svg(drawing))
    assert not any(t.endswith("…") for t in texts)
    shown = " ".join(t for t in texts if "theme" in t or "long" in t)
    assert " ".join(shown.split()) == long.strip()  # every word, over several lines
    legend = charts.drawing_for(
        charts.theme_trend(["2021", "2022"], [(long.strip(), [1, 2]), ("Housing", [0, 1])])
    )
    assert long.strip() in _svg_texts(charts.to_svg(legend))  # a legend is never cut
    shipped = "Family, friends, community and workplace awareness"
    assert shipped in _svg_texts(charts.figure_svg(charts.themes_bar([shipped], [1])))


def test_trend_chart_has_a_line_per_series_and_the_years() -> None:
    figure = charts.theme_trend(
        ["2021", "2022", "2023"], [("Housing", [1, 0, 2]), ("Risk", [2, 3, 1])]
    )
    drawing = charts.drawing_for(figure)
    texts = _svg_texts(charts.to_svg(drawing))
    assert {"2021", "2022", "2023", "Housing", "Risk", "Reviews"} <= set(texts)
    svg = charts.to_svg(drawing).decode()
    assert svg.count("<polyline") + svg.count("<path") >= 2


def test_figure_checks_its_data_and_gives_a_table() -> None:
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        Figure("bar", "x", NAMES, [("Reviews", [1, 2])])
    table = charts.themes_bar(NAMES, [5, 3, 1]).as_table()
    assert table.header == ["", "Reviews"] and table.rows[0] == [NAMES[0], "5"]
