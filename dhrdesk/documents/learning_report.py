"""The regional themes report: what a set of reviews teaches, read side by side.

Why: regions pay researchers to read a dozen published DHRs together and find the
common themes. The store holds every review's tagged learning and recommendations, so
the same study can be generated: introduction and method, the reviews by descriptors,
themes ranked by frequency (with the bar chart, and the trend of the main themes by
year), the lessons and recommendations of each main theme, the recommendations that
need regional or national policy change, and good practice.

It is a published document, built only in the **publication edition**:

* reviews are named by deterministic labels ("Review A" …, by month of death), never
  by their reference; every included review's reference is added to the register as
  "other" identifier replaced by its label, so a reference quoted in a lesson is
  substituted and a leftover one blocks;
* the substitution uses the union of every included review's restricted register
  (names, places, dates of birth and death), dates go to the month and year, and the
  gate's scan runs before writing and again on the file read back (gate.py). The
  chairs' acceptances of findings in a review's own documents are tied to places in
  those documents and do not carry over: a finding here is fixed in the text or the
  register;
* the selection rule (:data:`MIN_REVIEWS`): a report needs at least two reviews
  after the period is applied. One review alone would be identified by its
  descriptors, so it is refused. The descriptors table gives the year of death only
  (never the month) and never a review's CSP (the partnerships covered are listed
  together), so no CSP + month combination points at one death.

Figures are :class:`~dhrdesk.documents.model.Figure` blocks (plain data); the gate
passes blocks it does not know through unchanged, so their caption, labels and series
names are substituted and scanned here, with the same anonymiser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core import learning as core
from dhrdesk.core.anonymise import RegisterItem, TextUnit
from dhrdesk.core.dates import month_year
from dhrdesk.core.errors import UsageError, ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.model import RECOMMENDATION_SCOPE_LABELS
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.documents import charts
from dhrdesk.documents.gate import (
    SEP,
    Anonymiser,
    GateReport,
    PublicationDocument,
    WrittenFile,
    anonymiser_for,
    check_model,
    scan_units,
    substitute_document,
    write_publication,
)
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Section,
    Table,
    plural,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

KIND = "learning-report"
TITLE = "Regional Themes Report – Learning from Domestic Homicide Reviews"
MIN_REVIEWS = 2
MAX_MAIN_THEMES = 8
CHART_THEMES = 15
SINGLE_REVIEW = (
    "A themes report over a single review would identify it; choose at least two reviews."
)
LEARNING_KIND_LABELS = {
    "lesson": "Lesson",
    "finding": "Finding",
    "key_issue": "Key issue",
    "good_practice": "Good practice",
}


class ThemesReport(PublicationDocument):
    """A document about several reviews: its cover names the period, not one review."""

    @property
    def kind_label(self) -> str:
        return "Regional themes report"

    @property
    def running_title(self) -> str:
        return f"Regional themes report · {self.reference}"

    def cover_details(self) -> list[tuple[str, str]]:
        return [*self.cover_extra, ("Date", month_year(self.date))]


@dataclass(frozen=True)
class Selection:
    """The reviews a report covers (after the period), with their labels."""

    reviews: tuple[core.CaseRecord, ...]
    labels: dict[int, str]
    period: str


# ------------------------------------------------------------------------------ helpers
def _label(list_id: str, value: object) -> str:
    if not value:
        return "Not recorded"
    try:
        return load_descriptors()[list_id].label_for(str(value))
    except Exception:  # an id nobody knows is shown as it is
        return str(value).replace("_", " ")


def _labels(list_id: str, values: Any) -> str:
    if isinstance(values, str):
        values = [values] if values else []
    return ", ".join(_label(list_id, v) for v in (values or [])) or "None recorded"


def _month_words(month: str) -> str:
    """ "2023-04" -> "April 2023", "2023" -> "2023"."""
    if re.fullmatch(r"\d{4}-\d{2}", month or ""):
        return month_year(dt.date(int(month[:4]), int(month[5:]), 1))
    return month or ""


def _bound(value: str | dt.date | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:7]
    return str(value).strip()[:7]


def select(
    store: Store,
    review_ids: Iterable[int],
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> Selection:
    """The chosen reviews within the period; refuses a selection that would identify."""
    data = store.repos.learning.data()
    wanted = frozenset(review_ids)
    known = {r.review_id for r in data.reviews}
    missing = wanted - known
    if missing:
        raise ValidationError(f"There is no review with id {sorted(missing)[0]}.")
    if len(wanted) < MIN_REVIEWS:
        raise ValidationError(SINGLE_REVIEW)
    filters = core.Filters(review_ids=wanted, date_from=date_from, date_to=date_to)
    chosen = core.select_reviews(data.reviews, filters)
    if len(chosen) < MIN_REVIEWS:
        raise ValidationError(
            f"Only {len(chosen)} of the chosen reviews fall in the period: " + SINGLE_REVIEW,
            hint="Widen the period or choose more reviews.",
        )
    start, end = _bound(date_from), _bound(date_to)
    months = sorted(r.month_of_death for r in chosen if r.month_of_death)
    if start or end:
        period = f"{_month_words(start) or 'the first review'} to {_month_words(end) or 'date'}"
    elif months:
        first, last = months[0][:4], months[-1][:4]
        period = first if first == last else f"{first} to {last}"
    else:
        period = "all dates"
    return Selection(tuple(chosen), core.review_labels(chosen), period)


# ---------------------------------------------------------------------------- building
def _person(d: dict, who: str) -> str:
    sex, band = d.get(f"{who}_sex"), d.get(f"{who}_age_band")
    if not sex and not band:
        return "Not recorded"
    return f"{_label('sex', sex)}, {_label('age_band', band)}"


def _reviews_table(selection: Selection) -> Table:
    rows = []
    for review in sorted(selection.reviews, key=lambda r: selection.labels[r.review_id]):
        d = review.descriptors or {}
        flags = [_label("flags", f) for f in d.get("flags") or []]
        flags += [_label("vulnerabilities", v) for v in d.get("vulnerabilities") or []]
        rows.append(
            [
                selection.labels[review.review_id],
                review.year if review.year != core.UNKNOWN else "Not recorded",
                _label("relationship_type", d.get("relationship_type")),
                _person(d, "victim"),
                _person(d, "perpetrator"),
                ", ".join(flags) or "None recorded",
            ]
        )
    return Table(
        ["Review", "Year", "Relationship", "Victim", "Perpetrator", "Flags and vulnerabilities"],
        rows,
        [1.5, 1.0, 2.3, 1.9, 1.9, 3.2],
        compact=True,
    )


def main_themes(counts: list[core.ThemeCount]) -> list[core.ThemeCount]:
    """Themes carried by at least two reviews (at most :data:`MAX_MAIN_THEMES`); when no
    theme is shared, the three most frequent."""
    carried = [c for c in counts if c.reviews > 0]
    shared = [c for c in carried if c.reviews >= 2]
    return (shared or carried[:3])[:MAX_MAIN_THEMES]


#: How a person is named beside a review's label: a label and a pseudonym side by side
#: would tie the pseudonym (often in the press) back to the label.
ROLE_WORDS = {
    "victim": "the victim",
    "perpetrator": "the perpetrator",
    "child": "a child",
    "family": "a family member",
    "other": "another person",
}


class _Neutral:
    """Replaces each included review's pseudonyms by the person's role in its own text."""

    def __init__(self, store: Store, review_ids: Iterable[int]) -> None:
        import re

        from dhrdesk.core import model as m

        self._patterns: dict[int, list[tuple[re.Pattern[str], str]]] = {}
        for review_id in review_ids:
            pairs = []
            for subject in store.repos.records.list(m.Subject, review_id):
                name = subject.pseudonym.strip()
                if len(name) < 2:
                    continue
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                pairs.append((pattern, ROLE_WORDS.get(subject.role, "another person")))
            pairs.sort(key=lambda p: -len(p[0].pattern))
            self._patterns[review_id] = pairs

    def __call__(self, review_id: int, text: str) -> str:
        import re

        text = " ".join(text.split())
        for pattern, words in self._patterns.get(review_id, []):
            text = pattern.sub(words, text)
        # a role at the start of a sentence takes a capital letter
        return re.sub(
            r"(^|[.!?]\s+)(the |a |another )",
            lambda m_: m_.group(1) + m_.group(2).capitalize(),
            text,
        )


def _identity(_review_id: int, text: str) -> str:
    return " ".join(text.split())


def _item_line(label: str, item: core.TaggedItem, neutral=_identity) -> str:
    kind = LEARNING_KIND_LABELS.get(item.kind, item.kind)
    return f"{label} ({kind.lower()}): {neutral(item.review_id, item.text)}"


def _rec_line(label: str, item: core.TaggedItem, neutral=_identity) -> str:
    scope = RECOMMENDATION_SCOPE_LABELS.get(item.scope, item.scope or "scope not recorded")
    lead = f"; lead: {item.agency}" if item.agency else ""
    text = neutral(item.review_id, item.text)
    return f"{label}, recommendation {item.number or '?'} ({scope}{lead}): {text}"


@dataclass
class _Inputs:
    """What every section of the report reads: the selection, the learning data of the
    library (already rewritten), the theme counts and the review labels."""

    selection: Selection
    data: Any
    themes: list
    filters: core.Filters
    counts: list
    neutral: Callable[[int, str], str]

    @property
    def labels(self) -> dict[int, str]:
        return self.selection.labels

    @property
    def total(self) -> int:
        return len(self.selection.reviews)

    @property
    def carried(self) -> list:
        return [c for c in self.counts if c.reviews > 0]

    @property
    def csps(self) -> list[str]:
        return sorted({r.csp for r in self.selection.reviews if r.csp}, key=str.casefold)

    @property
    def ordered_labels(self) -> list[str]:
        return sorted(self.labels.values(), key=lambda t: (len(t), t))

    @property
    def items(self) -> list:
        return [i for i in self.data.items if i.review_id in self.labels]


def _introduction(x: _Inputs) -> Section:
    intro = Section(1, "Introduction", key="introduction")
    intro.blocks += [
        Paragraph(
            f"This report brings together the learning of {x.total} domestic homicide reviews "
            f"({', '.join(x.ordered_labels)}) with deaths in the period {x.selection.period}"
            + (f", commissioned by {', '.join(x.csps)}." if x.csps else ".")
        ),
        Paragraph(
            "Its purpose is to find the themes that recur across reviews, so that the "
            "partnership can act on them together rather than review by review: the "
            "lessons to be learnt, the recommendations made, the recommendations that "
            "need a change of policy at regional or national level, and good practice."
        ),
    ]
    return intro


def _method() -> Section:
    method = Section(2, "Method", key="method")
    method.blocks += [
        Paragraph(
            "Each review's chair tagged its findings, lessons to be learnt, key issues, "
            "good practice and recommendations with one or more themes of the DHR Desk "
            "taxonomy (aligned with the common themes of published reviews). A review "
            "carries a theme when at least one of its learning points or recommendations "
            "is tagged with it; lessons and recommendations are counted one per tagged item."
        ),
        Paragraph(
            "Reviews are named by labels (Review A, Review B …) given in order of the month "
            "of death. Names, places and other identifiers have been replaced as in each "
            "review's published edition, and dates are given to the month and year. The "
            "descriptors give the year of death only and no review's partnership, and a "
            f"report is made only over at least {MIN_REVIEWS} reviews, so that no single "
            "review can be identified from this report."
        ),
    ]
    return method


def _the_reviews(x: _Inputs) -> Section:
    reviews_section = Section(3, "The reviews", key="reviews")
    reviews_section.blocks += [
        Paragraph(f"The {x.total} reviews are described below by their case descriptors."),
        _reviews_table(x.selection),
    ]
    return reviews_section


def _ranked_table(carried: list) -> Table:
    return Table(
        ["Theme (ranked)", "Reviews", "Lessons", "Findings", "Good practice", "Recs."],
        [
            [
                f"{rank}. {c.name}",
                str(c.reviews),
                str(c.lessons),
                str(c.findings),
                str(c.good_practice),
                str(c.recommendations),
            ]
            for rank, c in enumerate(carried, start=1)
        ],
        [4.6, 1.5, 1.5, 1.5, 1.7, 1.2],
        compact=True,
        align=["left"] + ["right"] * 5,
    )


def _ranked(x: _Inputs) -> Section:
    ranked = Section(4, "Themes ranked by frequency", key="themes")
    carried, total = x.carried, x.total
    if not carried:
        ranked.blocks.append(Paragraph("No learning or recommendation of these reviews is tagged."))
        return ranked
    top = carried[0]
    ranked.blocks.append(
        Paragraph(
            f"{len(carried)} themes were identified. The most frequent, {top.name}, was "
            f"found in {top.reviews} of the {total} reviews. The table counts, for each "
            "theme, the reviews carrying it and the items tagged with it."
        )
    )
    shown = carried[:CHART_THEMES]
    ranked.blocks.append(
        charts.themes_bar(
            [c.name for c in shown],
            [c.reviews for c in shown],
            f"Figure 1: Themes by number of reviews (of {total})",
        )
    )
    ranked.blocks.append(_ranked_table(carried))
    years = sorted({r.year for r in x.selection.reviews if r.year != core.UNKNOWN})
    if len(years) >= 2:
        trend = main_themes(x.counts)[:4]
        ranked.blocks.append(
            charts.theme_trend(
                years,
                [(c.name, [c.by_year.get(y, 0) for y in years]) for c in trend],
                "Figure 2: Reviews carrying the main themes, by year of death",
            )
        )
    return ranked


def _theme_blocks(x: _Inputs, count: Any) -> list:
    labels, neutral = x.labels, x.neutral
    ti = core.theme_items(x.data, count.theme_id, count.name, x.filters)
    carriers = sorted({labels[i.review_id] for _, i in ti.learning + ti.recommendations},
                      key=lambda t: (len(t), t))  # fmt: skip
    blocks: list = [
        Heading(count.name),
        Paragraph(
            f"Found in {count.reviews} of the {x.total} reviews ({', '.join(carriers)}): "
            f"{plural(count.lessons, 'lesson')}, {plural(count.findings, 'finding')}, "
            f"{plural(count.recommendations, 'recommendation')}."
        ),
    ]
    learning = [(labels[i.review_id], i) for _, i in ti.learning if i.kind != "good_practice"]
    learning.sort(key=lambda e: (len(e[0]), e[0], e[1].item_id))
    if learning:
        blocks.append(Heading("Lessons to be learnt", level=3))
        blocks.append(BulletList([_item_line(lab, i, neutral) for lab, i in learning]))
    recs = sorted(
        ((labels[i.review_id], i) for _, i in ti.recommendations),
        key=lambda e: (len(e[0]), e[0], e[1].number or 0),
    )
    if recs:
        blocks.append(Heading("Recommendations made", level=3))
        blocks.append(BulletList([_rec_line(lab, i, neutral) for lab, i in recs]))
    return blocks


def _main_themes(x: _Inputs) -> Section:
    main = Section(5, "The main themes", key="main-themes")
    chosen = main_themes(x.counts)
    main.blocks.append(
        Paragraph(
            "The themes carried by at least two reviews"
            + (f" (at most {MAX_MAIN_THEMES})" if len(chosen) == MAX_MAIN_THEMES else "")
            + ", with the lessons and the recommendations tagged with each."
        )
    )
    for count in chosen:
        main.blocks += _theme_blocks(x, count)
    return main


def _policy(x: _Inputs) -> Section:
    labels = x.labels
    policy = Section(6, "Recommendations for regional or national policy change", key="policy")
    wide = sorted(
        (i for i in x.items if i.kind == "recommendation" and i.scope in ("regional", "national")),
        key=lambda i: (len(labels[i.review_id]), labels[i.review_id], i.number or 0),
    )
    names = {t[0]: t[1] for t in x.themes}
    if not wide:
        policy.blocks.append(
            Paragraph("None of these reviews made a recommendation at regional or national level.")
        )
        return policy
    policy.blocks.append(
        Table(
            ["Review", "No.", "Scope", "Recommendation", "Themes"],
            [
                [
                    labels[i.review_id],
                    str(i.number or ""),
                    RECOMMENDATION_SCOPE_LABELS.get(i.scope, i.scope),
                    x.neutral(i.review_id, i.text),
                    ", ".join(names.get(t, t) for t in i.themes) or "None",
                ]
                for i in wide
            ],
            [1.2, 0.7, 1.3, 6.0, 2.6],
            compact=True,
        )
    )
    return policy


def _good_practice(x: _Inputs) -> Section:
    labels = x.labels
    good = Section(7, "Good practice", key="good-practice")
    practice = sorted(
        (i for i in x.items if i.kind == "good_practice"),
        key=lambda i: (len(labels[i.review_id]), labels[i.review_id], i.item_id),
    )
    if not practice:
        good.blocks.append(Paragraph("No good practice is recorded in these reviews."))
        return good
    good.blocks.append(
        BulletList(
            [
                f"{labels[i.review_id]}"
                + (f" ({i.agency})" if i.agency else "")
                + f": {x.neutral(i.review_id, i.text)}"
                for i in practice
            ]
        )
    )
    return good


def _inputs(
    store: Store,
    selection: Selection,
    rewrite: Callable[[int, str], str] | None,
) -> _Inputs:
    data = store.repos.learning.data()
    if rewrite is not None:
        data = dataclasses.replace(
            data,
            items=tuple(
                dataclasses.replace(item, text=rewrite(item.review_id, item.text))
                for item in data.items
            ),
        )
    themes = store.repos.learning.theme_triples()
    filters = core.Filters(review_ids=frozenset(selection.labels))
    counts = core.aggregate(data, themes, filters)
    neutral = _Neutral(store, selection.labels)
    return _Inputs(selection, data, themes, filters, counts, neutral)


def build_learning_report(
    store: Store,
    review_ids: Iterable[int],
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    *,
    today: dt.date | None = None,
    rewrite: Callable[[int, str], str] | None = None,
) -> Document:
    """The report's model in plain words, before the gate (see :func:`publication_report`).

    ``rewrite(review_id, text)``: applied to every lesson and recommendation text first
    (the publication edition passes each review's own substitution, see
    :func:`review_rewriter`).

    References never enter it: reviews are "Review A" … from the start, so the gate's
    substitution of references is a second line of defence, not the first.
    """
    selection = select(store, review_ids, date_from, date_to)
    x = _inputs(store, selection, rewrite)
    sections = [
        _introduction(x),
        _method(),
        _the_reviews(x),
        _ranked(x),
        _main_themes(x),
        _policy(x),
        _good_practice(x),
    ]
    csps = x.csps
    return Document(
        title=TITLE,
        kind=KIND,
        review_type="Regional themes report",
        reference=selection.period,
        subject_pseudonym="",
        csp=", ".join(csps),
        month_year_of_death="",
        chair="",
        version="1.0",
        date=today or dt.date.today(),
        marking=None,
        metadata={
            "title": f"Regional themes report {selection.period}",
            "author": "DHR Desk",
            "subject": "Themes across domestic homicide reviews",
            "keywords": "DHR, themes, learning",
        },
        contents=True,
        sections=sections,
        cover_extra=[
            ("Period (deaths)", selection.period),
            ("Reviews included", f"{x.total} ({', '.join(x.ordered_labels)})"),
            ("Community Safety Partnerships", ", ".join(csps) or "Not recorded"),
        ],
    )


# --------------------------------------------------------------------------------- gate
def combined_anonymiser(store: Store, selection: Selection) -> Anonymiser:
    """The anonymiser of the themes report as a whole (issue 10, class 12).

    Each review's own texts are substituted with that review's register before they
    enter the report (:func:`review_rewriter`): a first name registered in one review
    must not rewrite, or block, the text of another. This anonymiser substitutes only
    the references (each replaced by its label) and dates to the month, and *scans*
    the result with every included review's register, so a leak from any of them is
    still found."""
    scan_items: list[RegisterItem] = []
    allow: set[str] = set()
    references: list[RegisterItem] = []
    for review in selection.reviews:
        anon = anonymiser_for(store, review.review_id)
        scan_items += anon.items
        allow.update(anon.allow)
        label = selection.labels[review.review_id]
        references.append(RegisterItem("other", review.reference, label))
    scan_items += references
    allow.update(["Review", "Regional", "Themes", "Figure", "Lesson", "Finding", "Rank"])
    return Anonymiser(references, "month_year", None, {}, sorted(allow), {}, scan_items=scan_items)


def review_rewriter(store: Store, selection: Selection) -> Callable[[int, str], str]:
    """Each review's text through its own register (pseudonyms, dates to the month)."""
    anonymisers = {
        review.review_id: anonymiser_for(store, review.review_id) for review in selection.reviews
    }

    for anon in anonymisers.values():
        anon.substituter.date_policy = "month_year"  # one death cannot anchor many reviews

    def rewrite(review_id: int, text: str) -> str:
        anon = anonymisers.get(review_id)
        return text if anon is None else anon.text(text)

    return rewrite


def _figure(anon: Anonymiser, figure: Figure) -> Figure:
    t = anon.text
    return Figure(
        figure.kind,
        t(figure.caption, heading=True),
        [t(label, heading=True) for label in figure.labels],
        [(t(name, heading=True), list(values)) for name, values in figure.series],
        t(figure.value_label, heading=True),
        figure.origin,
    )


def figure_units(document: Document) -> list[TextUnit]:
    """Every word of every chart, with its place (the gate's own scan skips figures)."""
    units = []
    for part in document.parts():
        for index, block in enumerate(part.blocks, start=1):
            if isinstance(block, Figure):
                where = f"{document.kind_label}{SEP}{part.heading}{SEP}figure {index}"
                units += [TextUnit(where, text, heading=True) for text in block.texts() if text]
    return units


def publication_report(anon: Anonymiser, document: Document) -> ThemesReport:
    """Substitute (text and figures) and scan; the report is attached to the result."""
    published, ambiguous = substitute_document(anon, document)
    values = {f.name: getattr(published, f.name) for f in dataclasses.fields(PublicationDocument)}
    report = ThemesReport(**values)
    for section in report.sections:
        section.blocks = [_figure(anon, b) if isinstance(b, Figure) else b for b in section.blocks]
    checked = check_model(anon, report, ambiguous)
    extra = scan_units(anon.scanner, figure_units(report))
    seen = {f.fingerprint for f in checked.findings}
    findings = checked.findings + [f for f in extra if f.fingerprint not in seen]
    report.report = GateReport(report.kind_label, findings, anon.accepted)
    return report


def format_for(path: Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("pdf", "docx", "html"):
        raise UsageError(f"Name the report .pdf, .docx or .html, not '{Path(path).name}'.")
    return suffix


def write_learning_report(
    store: Store,
    review_ids: Iterable[int],
    out: Path,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> WrittenFile:
    """Build, gate (substitute, scan), write, read back and scan again; or raise
    GateBlockedError (exit 5) with the findings and write nothing."""
    fmt = format_for(Path(out))
    review_ids = list(review_ids)
    selection = select(store, review_ids, date_from, date_to)
    document = build_learning_report(
        store,
        review_ids,
        date_from,
        date_to,
        today=today,
        rewrite=review_rewriter(store, selection),
    )
    anon = combined_anonymiser(store, selection)
    published = publication_report(anon, document)
    return write_publication(anon, published, Path(out), fmt)


def review_ids_for(store: Store, references: Iterable[str]) -> list[int]:
    """Review ids for references as typed (each must exist)."""
    return [id_of(store.repos.reviews.get(ref.strip())) for ref in references if ref.strip()]
