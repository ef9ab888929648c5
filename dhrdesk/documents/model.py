"""The document model: what a generated document says, independent of its file format.

Every backend (PDF now, DOCX later) renders the same :class:`Document`, so the
content and above all the paragraph numbers (1.1, 1.2 …, which the Home Office
and the panel cite) are decided here once and can never drift between formats.
The model is plain data: no ReportLab, no python-docx, no store access.

Text is plain Unicode (no markup); backends escape it. Inline formatting
(bold/italic, endnotes) will arrive as a list of runs in a later version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

# Kinds of document; the later issue adds executive-summary, action-plan, ...
KIND_OVERVIEW = "overview"

KIND_LABELS = {
    KIND_OVERVIEW: "Overview report",
    "executive-summary": "Executive summary",
    "action-plan": "Action plan",
    "chronology": "Combined chronology",
    "terms-of-reference": "Terms of reference",
    "imr": "Individual management review",
}


@dataclass
class Paragraph:
    """A body paragraph. Numbered paragraphs get ``<section>.<n>`` from the model."""

    text: str
    numbered: bool = True


@dataclass
class Heading:
    """A heading inside a section (level 2 = first level below the section title)."""

    text: str
    level: int = 2


@dataclass
class BulletList:
    items: list[str]


@dataclass
class Table:
    """A simple grid. ``col_widths`` are relative (any unit; backends scale to the page)."""

    header: list[str]
    rows: list[list[str]]
    col_widths: list[float] | None = None

    def __post_init__(self) -> None:
        width = len(self.header)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"Table row has {len(row)} cells, header has {width}.")
        if self.col_widths is not None and len(self.col_widths) != width:
            raise ValueError("col_widths must give one width per column.")


Block = Paragraph | Heading | BulletList | Table


@dataclass
class Section:
    """A numbered section (``number`` 1, 2 …) or an unnumbered/appendix one.

    ``number`` is what prefixes the title and the paragraph numbers: an int for
    the main sections, a letter such as "A" for appendices, ``None`` for none.
    """

    number: int | str | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False

    @property
    def heading(self) -> str:
        """The title as shown in the body, the contents and the bookmarks."""
        return f"{self.number} {self.title}" if self.number is not None else self.title

    def numbered_blocks(self) -> Iterator[tuple[str | None, Block]]:
        """Each block with its paragraph number (None for unnumbered blocks).

        Numbering runs through the whole section, across headings, lists and
        tables, and skips paragraphs marked ``numbered=False``. In a section
        without a number, paragraphs are numbered 1, 2 …
        """
        count = 0
        for block in self.blocks:
            if isinstance(block, Paragraph) and block.numbered:
                count += 1
                prefix = f"{self.number}." if self.number is not None else ""
                yield f"{prefix}{count}", block
            else:
                yield None, block


@dataclass
class VersionRow:
    """One row of the version-control table in the front matter."""

    version: str
    date: dt.date
    author: str
    change: str


@dataclass
class Document:
    """A complete document: front matter (cover, version control, contents) and sections.

    ``marking`` is the protective marking printed in the header and footer of
    every page (e.g. "OFFICIAL-SENSITIVE"); ``None`` for the published edition.
    ``metadata`` feeds the file's properties (title, author, subject,
    keywords). It must never hold a real name or a file path: builders fill it
    from the review reference and the pseudonym only.
    """

    title: str
    kind: str
    review_type: str
    reference: str
    subject_pseudonym: str
    csp: str
    month_year_of_death: str
    chair: str
    version: str
    date: dt.date
    marking: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    version_history: list[VersionRow] = field(default_factory=list)
    cover_note: str | None = None
    sections: list[Section] = field(default_factory=list)
    contents: bool = True

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("-", " ").capitalize())

    @property
    def running_title(self) -> str:
        """Short identification printed in every footer: reference, kind, version."""
        return f"{self.reference} · {self.kind_label} · Version {self.version}"

    def title_lines(self) -> list[str]:
        """The title broken where a reader expects it on a cover.

        "Domestic Homicide Review – Overview Report into the death of Adult A" becomes
        the review type, the document's own title, and the pseudonym on its own line,
        so the pseudonym is never split by an arbitrary wrap.
        """
        head, sep, rest = self.title.partition(" – ")
        lines = [head, rest] if sep else [self.title]
        pseudonym = self.subject_pseudonym.strip()
        if pseudonym and len(lines[-1]) > len(pseudonym) and lines[-1].endswith(" " + pseudonym):
            lines[-1:] = [lines[-1][: -len(pseudonym) - 1], pseudonym]
        return lines

    def cover_details(self) -> list[tuple[str, str]]:
        """The label/value pairs under the cover title, in order."""
        return [
            ("Community Safety Partnership", self.csp),
            ("Month and year of death", self.month_year_of_death),
            ("Independent chair and author", self.chair),
            ("Review reference", self.reference),
            ("Version", self.version),
            ("Date", format_date(self.date)),
        ]

    def paragraph_numbers(self) -> list[str]:
        """Every paragraph number in document order (what tests and backends compare)."""
        return [num for s in self.sections for num, _ in s.numbered_blocks() if num is not None]


def format_date(value: dt.date) -> str:
    """UK long date, e.g. '6 March 2026' (no leading zero, no locale dependence)."""
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return f"{value.day} {months[value.month - 1]} {value.year}"
