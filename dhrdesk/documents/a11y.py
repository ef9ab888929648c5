"""What the accessible backends (HTML edition, tagged PDF) decide once, so they agree.

* Heading levels: the document title is level 1, each part ("1 Introduction",
  "Contents") level 2, a heading inside a section one below that. A screen reader
  lists headings by level, so a level is never skipped (:func:`heading_levels`).
* Text alternatives: every chart (:class:`~dhrdesk.documents.model.Figure`) gets a
  description built from its own data (:func:`figure_alt`), so it holds only words the
  publication gate has already substituted and scanned: the caption, the axis title,
  the labels, the series names and the numbers.
* Table captions: the model's tables have none, so each is named after the heading it
  stands under (:func:`table_captions`).

No file format here: plain data for html.py and pdf_tagged.py.
"""

from __future__ import annotations

from dhrdesk.documents.model import (
    FIGURE_BAR,
    Document,
    Figure,
    Heading,
    Section,
    Table,
    _number,
)

TITLE_LEVEL = 1
PART_LEVEL = 2
MAX_LEVEL = 6


def heading_levels(section: Section) -> dict[int, int]:
    """``id(heading) -> level`` (3..6) for the headings inside ``section``, never more
    than one below the heading before it (the part heading is level 2)."""
    levels: dict[int, int] = {}
    previous = PART_LEVEL
    for block in section.blocks:
        if isinstance(block, Heading):
            wanted = max(PART_LEVEL + 1, min(MAX_LEVEL, block.level + 1))
            level = min(wanted, previous + 1)
            levels[id(block)] = level
            previous = level
    return levels


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def figure_alt(figure: Figure) -> str:
    """A text alternative for a chart: what kind of chart, what it shows, and its values.

    A bar chart lists every bar ("Risk identification 7, Information sharing 5"); a
    trend chart names its series and the range of labels, with each series' values.
    The same data is printed as a table after the chart in the HTML edition.
    """
    caption = figure.caption.strip().rstrip(".")
    measure = figure.value_label.strip()
    if figure.kind == FIGURE_BAR:
        values = figure.series[0][1] if figure.series else [0.0] * len(figure.labels)
        pairs = [f"{label}: {_number(v)}" for label, v in zip(figure.labels, values, strict=True)]
        head = f"Bar chart: {caption}."
        if measure:
            head += f" Bar length: {measure}."
        if not pairs:
            return head + " The chart has no data."
        return f"{head} {'; '.join(pairs)}."
    head = f"Line chart: {caption}."
    if figure.labels:
        head += f" From {figure.labels[0]} to {figure.labels[-1]}."
    if measure:
        head += f" Vertical axis: {measure}."
    parts = []
    for name, values in figure.series:
        listed = ", ".join(
            f"{label} {_number(v)}" for label, v in zip(figure.labels, values, strict=True)
        )
        parts.append(f"{name}: {listed}" if listed else name)
    if not parts:
        return head + " The chart has no data."
    return f"{head} {'; '.join(parts)}."


def data_table(figure: Figure) -> Table:
    """The chart's data as a table whose header cells all have text (an empty header
    cell tells a screen reader nothing)."""
    table = figure.as_table()
    header = [h or (figure.value_label or "Category") for h in table.header]
    if figure.kind == FIGURE_BAR and not table.header[0]:
        header[0] = "Category"
    return Table(header, table.rows, table.col_widths, compact=True)


def table_captions(document: Document) -> dict[int, str]:
    """``id(table) -> caption`` for every table of the body: "Table 3: <heading>", the
    heading being the nearest one above the table (a sub-heading, else the part's title)."""
    captions: dict[int, str] = {}
    count = 0
    for part in document.parts():
        context = part.title
        for block in part.blocks:
            if isinstance(block, Heading):
                context = block.text
            elif isinstance(block, Table):
                count += 1
                captions[id(block)] = f"Table {count}: {context}"
    return captions


def figure_numbers(document: Document) -> dict[int, int]:
    """``id(figure) -> number`` (1..n) in reading order."""
    found = [
        block for part in document.parts() for block in part.blocks if isinstance(block, Figure)
    ]
    return {id(figure): index for index, figure in enumerate(found, start=1)}


def document_title(document: Document) -> str:
    """The title shown in the window or tab: the file property if set, else the title."""
    return document.metadata.get("title") or document.title


__all__ = [
    "MAX_LEVEL",
    "PART_LEVEL",
    "TITLE_LEVEL",
    "data_table",
    "document_title",
    "figure_alt",
    "figure_numbers",
    "heading_levels",
    "table_captions",
]
