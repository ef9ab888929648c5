"""The document model: what a generated document says, independent of its file format.

Every backend (PDF with ReportLab, DOCX with python-docx) renders the same
:class:`Document`, so the content and above all the numbers the Home Office and
the panel cite are decided here once and can never drift between formats:

* paragraph numbers ``<section>.<n>`` (:meth:`Section.numbered_blocks`), running
  through generated and chair paragraphs of the same section alike;
* endnote numbers 1..n in reading order (:meth:`Document.endnote_numbers`),
  printed in an "Endnotes" part placed before the appendices (:meth:`Document.parts`);
* the wording of a reference to a chronology row (:attr:`ChronologyRef.text`).

The model is plain data: no ReportLab, no python-docx, no store access.

Text
----
Text is plain Unicode (never markup); backends escape it. Where formatting is
needed a text is a list of *runs* instead of a ``str``:

* :class:`Run` - text, optionally bold and/or italic;
* :class:`Note` - an endnote (the source); the backend prints its number as a
  superscript where it stands and the text in the Endnotes part;
* :class:`ChronologyRef` - a reference to a row of the combined chronology,
  printed as "(chronology: 3 April 2024, Northmoor Police)".

Use :func:`runs_of` to read any text as runs and :func:`plain` for its plain text.

Blocks
------
:class:`Paragraph` (numbered unless ``numbered=False``), :class:`Heading`
(within a section, never numbered), :class:`BulletList` (``ordered=True`` for a
numbered list), :class:`Quote`, :class:`Table` (header row, relative column
widths, header repeated on every page), :class:`Figure` (a chart as plain data).
Each block carries ``origin``:
``"generated"`` (facts from the store, rebuilt every time) or ``"chair"`` (the
chair's own prose, which generation never rewrites).

Writing a backend (e.g. DOCX)
-----------------------------
1. Front matter: :meth:`Document.title_lines` and :meth:`Document.cover_details`
   for the cover, ``cover_note``, ``version_history`` (:class:`VersionRow`),
   ``condolences`` (blocks, no numbers), ``contents`` (whether to print one:
   :meth:`Document.contents_entries` gives the lines).
2. Body: ``for section in document.parts():`` print ``section.heading``; if
   ``section.landscape`` (or ``document.orientation == "landscape"``) put it on
   landscape pages; then ``for number, block in section.numbered_blocks():``
   where ``number`` is "7.3" for a numbered paragraph, else None.
3. Runs: ``numbers = document.endnote_numbers()`` once, then for a :class:`Note`
   run print ``numbers[id(run)]`` as a superscript.
4. ``document.marking`` in header and footer of every page (None: none),
   "Page X of Y", ``document.metadata`` as the file properties (never a real name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from dhrdesk.core.dates import format_date

# Kinds of document (the --document values of `dhrdesk report`).
KIND_OVERVIEW = "overview"
KIND_EXECUTIVE_SUMMARY = "executive-summary"
KIND_ACTION_PLAN = "action-plan"
KIND_CHRONOLOGY = "chronology"
KIND_TERMS = "terms-of-reference"
KIND_IMR = "imr"
KINDS = (
    KIND_OVERVIEW,
    KIND_EXECUTIVE_SUMMARY,
    KIND_ACTION_PLAN,
    KIND_CHRONOLOGY,
    KIND_TERMS,
    KIND_IMR,
)

KIND_LABELS = {
    KIND_OVERVIEW: "Overview report",
    KIND_EXECUTIVE_SUMMARY: "Executive summary",
    KIND_ACTION_PLAN: "Action plan",
    KIND_CHRONOLOGY: "Combined chronology",
    KIND_TERMS: "Terms of reference",
    KIND_IMR: "Individual management review",
}

EDITION_RESTRICTED = "restricted"
EDITION_PUBLICATION = "publication"
EDITIONS = (EDITION_RESTRICTED, EDITION_PUBLICATION)

ORIGIN_GENERATED = "generated"
ORIGIN_CHAIR = "chair"

PORTRAIT = "portrait"
LANDSCAPE = "landscape"


# ----------------------------------------------------------------------------- runs
@dataclass
class Run:
    """A piece of text, optionally bold and/or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(eq=False)
class Note:
    """An endnote: the source of a statement. Numbered by the document (1..n), not here.

    ``eq=False`` so two notes with the same text are still two notes (numbers are
    looked up by identity).
    """

    text: str


@dataclass
class ChronologyRef:
    """A reference to a row of the combined chronology, resolved by the builder.

    ``date`` and ``agency`` are the row's; if the row no longer exists the builder
    passes the label the chair saw and leaves ``agency`` empty.
    """

    row_id: int
    date: str
    agency: str = ""

    @property
    def text(self) -> str:
        inner = ", ".join(part for part in (self.date, self.agency) if part)
        return f"(chronology: {inner or f'row {self.row_id}'})"


Inline = Run | Note | ChronologyRef
Text = str | list[Inline]


def runs_of(text: Text) -> list[Inline]:
    """Any text as a list of runs (a plain string becomes one :class:`Run`)."""
    if isinstance(text, str):
        return [Run(text)] if text else []
    return text


def plain(text: Text, *, notes: bool = False) -> str:
    """The readable text (chronology references spelled out; endnotes left out unless
    ``notes``, in which case their text follows in brackets)."""
    if isinstance(text, str):
        return text
    out: list[str] = []
    for run in text:
        if isinstance(run, Run):
            out.append(run.text)
        elif isinstance(run, ChronologyRef):
            out.append(run.text)
        elif notes:
            out.append(f" [{run.text}]")
    return "".join(out)


# --------------------------------------------------------------------------- blocks
@dataclass
class Paragraph:
    """A body paragraph. Numbered paragraphs get ``<section>.<n>`` from the model."""

    text: Text
    numbered: bool = True
    origin: str = ORIGIN_GENERATED


@dataclass
class Heading:
    """A heading inside a section (level 2 = first level below the section title).

    Never numbered: the Home Office numbers paragraphs, not sub-headings.
    """

    text: str
    level: int = 2
    origin: str = ORIGIN_GENERATED


@dataclass
class BulletList:
    """A bulleted list, or a numbered one (``ordered=True``, items numbered 1, 2 …)."""

    items: Sequence[Text]
    ordered: bool = False
    origin: str = ORIGIN_GENERATED


@dataclass
class Quote:
    """A quotation (e.g. the family's words), set apart and never numbered."""

    text: Text
    origin: str = ORIGIN_GENERATED


@dataclass
class Table:
    """A grid with a header row. ``col_widths`` are relative (backends scale them to the
    page); ``repeat_header`` repeats the header row on every page the table spans;
    ``compact`` asks for a smaller type (long chronologies and action plans)."""

    header: list[str]
    rows: Sequence[Sequence[Text]]
    col_widths: list[float] | None = None
    repeat_header: bool = True
    compact: bool = False
    origin: str = ORIGIN_GENERATED
    group_rows: list[int] = field(default_factory=list)  # rows that are theme sub-headings
    #: merged cells: (row, column, rows) - the cell at (row, column) spans ``rows`` rows
    #: (the cells it covers are empty); a recommendation spans all its action rows.
    row_spans: list[tuple[int, int, int]] = field(default_factory=list)
    #: per column "left" or "right" (numbers); None: all left.
    align: list[str] | None = None
    #: column -> {cell text: fill colour "RRGGBB"}: RAG cells are coloured, the word kept.
    fills: dict[int, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        width = len(self.header)
        for row in self.rows:
            if len(row) != width:
                raise ValueError(f"Table row has {len(row)} cells, header has {width}.")
        if self.col_widths is not None and len(self.col_widths) != width:
            raise ValueError("col_widths must give one width per column.")
        if self.align is not None and len(self.align) != width:
            raise ValueError("align must give one alignment per column.")
        for first, column, count in self.row_spans:
            if not (0 <= first < len(self.rows) and 0 <= column < width and count >= 1):
                raise ValueError(f"Row span ({first}, {column}, {count}) is outside the table.")
            if first + count > len(self.rows):
                raise ValueError(f"Row span ({first}, {column}, {count}) runs past the last row.")

    def covered(self) -> set[tuple[int, int]]:
        """The (row, column) cells hidden under a merged cell above them."""
        return {
            (row + offset, column)
            for row, column, count in self.row_spans
            for offset in range(1, count)
        }

    def fill_for(self, column: int, text: str) -> str | None:
        return self.fills.get(column, {}).get(text.strip()) if self.fills else None


FIGURE_BAR = "bar"  # horizontal bars: one value per label (themes by number of reviews)
FIGURE_TREND = "trend"  # lines over the labels (years), one line per series


@dataclass
class Figure:
    """A chart, kept as plain data: ``labels`` (categories: theme names, years) and
    ``series`` (name, one value per label). dhrdesk.documents.charts draws it (the PDF
    backend as a ReportLab drawing; the DOCX backend prints :meth:`as_table` under the
    caption), so every word a chart shows is model text that the publication gate
    substitutes and scans like a table's."""

    kind: str
    caption: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    value_label: str = ""
    origin: str = ORIGIN_GENERATED

    def __post_init__(self) -> None:
        if self.kind not in (FIGURE_BAR, FIGURE_TREND):
            raise ValueError(f"Unknown figure kind {self.kind!r}.")
        for name, values in self.series:
            if len(values) != len(self.labels):
                raise ValueError(
                    f"Series {name!r} has {len(values)} values for {len(self.labels)} labels."
                )

    def texts(self) -> list[str]:
        """Every word the drawn chart carries (caption, axis title, labels, series)."""
        return [self.caption, self.value_label, *self.labels, *(n for n, _ in self.series)]

    def as_table(self) -> Table:
        """The chart's data as a table (DOCX, and readers who cannot see the chart)."""
        header = [self.value_label or "Label", *(n for n, _ in self.series)]
        if self.kind == FIGURE_BAR and len(self.series) == 1:
            header = ["", self.series[0][0] or self.value_label or "Value"]
        rows = [
            [label, *(_number(values[i]) for _, values in self.series)]
            for i, label in enumerate(self.labels)
        ]
        return Table(
            header,
            rows,
            [4.0] + [1.2] * len(self.series),
            compact=True,
            align=["left"] + ["right"] * len(self.series),
        )


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 lesson", "3 lessons" (never "lesson(s)"): ``many`` for irregular plurals."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


Block = Paragraph | Heading | BulletList | Quote | Table | Figure


def block_texts(block: Block) -> Iterator[Text]:
    """Every text of a block (for the glossary scan, snapshots and tests)."""
    if isinstance(block, (Paragraph, Quote)):
        yield block.text
    elif isinstance(block, Heading):
        yield block.text
    elif isinstance(block, BulletList):
        yield from block.items
    elif isinstance(block, Table):
        yield from block.header
        for row in block.rows:
            yield from row
    elif isinstance(block, Figure):
        yield from block.texts()


def block_runs(block: Block) -> Iterator[Inline]:
    for text in block_texts(block):
        if not isinstance(text, str):
            yield from text


# -------------------------------------------------------------------------- sections
@dataclass
class Section:
    """A numbered section (``number`` 1, 2 …) or an unnumbered/appendix one.

    ``number`` prefixes the title and the paragraph numbers: an int for the main
    sections, a letter such as "A" for appendices, ``None`` for none. ``label`` is
    printed before the number ("Appendix"). ``key`` is the profile's section id
    (used by snapshots and the chair's content). ``landscape`` puts the section on
    landscape pages (an action plan appendix).
    """

    number: int | str | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False
    key: str = ""
    label: str = ""
    appendix: bool = False
    landscape: bool = False

    @property
    def heading(self) -> str:
        """The title as shown in the body, the contents and the bookmarks."""
        prefix = f"{self.label} " if self.label else ""
        if self.number is None:
            return f"{prefix}{self.title}"
        return f"{prefix}{self.number} {self.title}"

    @property
    def number_text(self) -> str | None:
        """What hangs in the number column of the heading ("7", "Appendix A")."""
        if self.number is None:
            return None
        return f"{self.label} {self.number}" if self.label else str(self.number)

    def numbered_blocks(self) -> Iterator[tuple[str | None, Block]]:
        """Each block with its paragraph number (None for unnumbered blocks).

        Numbering runs through the whole section, across headings, lists, tables
        and the boundary between generated and chair paragraphs, and skips
        paragraphs marked ``numbered=False``. In a section without a number,
        paragraphs are numbered 1, 2 …
        """
        count = 0
        prefix = f"{self.number}." if self.number is not None else ""
        for block in self.blocks:
            if isinstance(block, Paragraph) and block.numbered:
                count += 1
                yield f"{prefix}{count}", block
            else:
                yield None, block

    def chair_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.origin == ORIGIN_CHAIR]

    def generated_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.origin == ORIGIN_GENERATED]


@dataclass
class VersionRow:
    """One row of the version-control table in the front matter."""

    version: str
    date: dt.date
    author: str
    change: str


@dataclass
class ContentsEntry:
    level: int
    text: str
    key: str


@dataclass
class Document:
    """A complete document: front matter (cover, version control, condolences, contents),
    sections, an Endnotes part (made from the notes in the text) and appendices.

    ``marking`` is the protective marking printed in the header and footer of
    every page (e.g. "OFFICIAL-SENSITIVE"); ``None`` for the published edition.
    ``metadata`` feeds the file's properties (title, author, subject, keywords).
    It must never hold a real name or a file path: builders fill it from the
    review reference and the pseudonym only.
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
    edition: str = EDITION_RESTRICTED
    orientation: str = PORTRAIT
    condolences: list[Block] = field(default_factory=list)
    cover_extra: list[tuple[str, str]] = field(default_factory=list)  # e.g. ("Agency", ...)
    #: the whole cover table instead of the review's (an IMR's front sheet)
    cover_override: list[tuple[str, str]] | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("-", " ").capitalize())

    @property
    def landscape(self) -> bool:
        return self.orientation == LANDSCAPE

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
        if self.cover_override is not None:
            return list(self.cover_override)
        return [
            *self.cover_extra,
            ("Community Safety Partnership", self.csp),
            ("Month and year of death", self.month_year_of_death),
            ("Independent chair and author", self.chair),
            ("Review reference", self.reference),
            ("Version", self.version),
            ("Date", format_date(self.date)),
        ]

    # -------------------------------------------------------------- reading order
    def endnotes(self) -> list[Note]:
        """Every endnote in reading order (main sections, then appendices)."""
        found: list[Note] = []
        for section in self.sections:
            for block in section.blocks:
                found.extend(run for run in block_runs(block) if isinstance(run, Note))
        return found

    def endnote_numbers(self) -> dict[int, int]:
        """``id(note) -> number`` (1..n) for every endnote of the document."""
        return {id(note): index for index, note in enumerate(self.endnotes(), start=1)}

    def endnotes_section(self) -> Section | None:
        """The "Endnotes" part, or None when the text has no endnotes."""
        notes = self.endnotes()
        if not notes:
            return None
        return Section(
            None,
            "Endnotes",
            [BulletList([note.text for note in notes], ordered=True)],
            key="endnotes",
        )

    def parts(self) -> list[Section]:
        """The body in print order: main sections, the Endnotes part, then appendices."""
        main = [s for s in self.sections if not s.appendix]
        appendices = [s for s in self.sections if s.appendix]
        notes = self.endnotes_section()
        return main + ([notes] if notes else []) + appendices

    def contents_entries(self) -> list[ContentsEntry]:
        """The lines of the contents (and the PDF bookmarks): one per part."""
        return [
            ContentsEntry(0, part.heading, f"part-{index}")
            for index, part in enumerate(self.parts())
        ]

    def paragraph_numbers(self) -> list[str]:
        """Every paragraph number in document order (what tests and backends compare)."""
        return [num for s in self.parts() for num, _ in s.numbered_blocks() if num is not None]

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def all_text(self, *, include_appendix_keys: Iterable[str] = ()) -> str:
        """The plain text of the body (glossary scan). Appendices are included only when
        their key is listed, so a glossary never reads itself."""
        wanted = set(include_appendix_keys)
        parts: list[str] = [self.title]
        for section in self.sections:
            if section.appendix and section.key not in wanted:
                continue
            parts.append(section.title)
            for block in section.blocks:
                parts.extend(plain(text, notes=True) for text in block_texts(block))
        for block in self.condolences:
            parts.extend(plain(text) for text in block_texts(block))
        return "\n".join(parts)
