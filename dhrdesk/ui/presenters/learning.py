"""The Learning library's reads, counts, wording and theme writes, without Qt.

Counting is dhrdesk.core.learning's (through ``store.repos.learning``), so the page,
the regional themes report and the tests count the same way. Charts are
dhrdesk.documents.charts figures rendered to SVG: the chart on screen is the
chart the report prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dhrdesk.core import learning as core
from dhrdesk.core.errors import NotFoundError
from dhrdesk.core.taxonomy import load_descriptors
from dhrdesk.documents import charts

BAR_THEMES = 12
RETIRED_TIP = "Retired: no longer offered for new tags; old tags count."
HISTORY_WORDS = {
    "theme.add": "added",
    "theme.rename": "renamed",
    "theme.retire": "retired",
    "theme.restore": "restored",
}


@dataclass
class Counted:
    """One count of the library under the chosen filters."""

    counts: list[core.ThemeCount] = field(default_factory=list)
    selected: list[Any] = field(default_factory=list)  # the reviews the filters keep
    total: int = 0

    @property
    def summary(self) -> str:
        return f"{len(self.selected)} of {self.total} reviews"

    def charted(self) -> list[core.ThemeCount]:
        """The themes the bar chart shows: the most reviews first, at most BAR_THEMES."""
        return [c for c in self.counts if c.reviews > 0][:BAR_THEMES]

    def first_theme(self) -> str:
        charted = self.charted()
        return charted[0].theme_id if charted else ""

    def count(self, theme_id: str) -> core.ThemeCount | None:
        return next((c for c in self.counts if c.theme_id == theme_id), None)

    def bar_svg(self) -> bytes:
        carried = self.charted()
        figure = charts.themes_bar([c.name for c in carried], [c.reviews for c in carried])
        return charts.figure_svg(figure, 420)

    def trend_svg(self, count: core.ThemeCount) -> bytes:
        years = sorted({r.year for r in self.selected})
        figure = charts.theme_trend(years, [(count.name, [count.by_year.get(y, 0) for y in years])])
        return charts.figure_svg(figure, 360)


def theme_name(count: core.ThemeCount) -> str:
    return count.name + (" (retired)" if count.retired else "")


def theme_title(count: core.ThemeCount) -> str:
    return f"{count.name}: {count.reviews} review(s)" + (" · retired" if count.retired else "")


def count_cells(count: core.ThemeCount) -> list[int]:
    """Reviews, lessons, findings, good practice, recommendations."""
    return [
        count.reviews,
        count.lessons,
        count.findings,
        count.good_practice,
        count.recommendations,
    ]


def csp_names(data: core.LearningData) -> list[str]:
    return sorted({r.csp for r in data.reviews if r.csp}, key=str.casefold)


def history_text(entries: Iterable[Any], theme_id: str) -> str:
    """What the store's audit log says happened to a theme."""
    mine = [e for e in entries if e.record == f"theme:{theme_id}"]
    if not mine:
        return "Shipped theme, unchanged in this store."
    parts = [
        f"{HISTORY_WORDS.get(e.kind, e.kind)} {str(e.at)[:10]}".strip()
        for e in sorted(mine, key=lambda e: str(e.at))
    ]
    return "History: " + "; ".join(parts)


class LearningPresenter:
    """Reads and theme writes for the Learning library (the page runs them through
    ``context.run_op``)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.descriptors = load_descriptors()
        self.data: core.LearningData | None = None
        self.triples: list[tuple[str, str, bool]] = []

    @property
    def repo(self) -> Any:
        return self.store.repos.learning

    def load(self) -> core.LearningData:
        self.data = self.repo.data()
        self.triples = self.repo.theme_triples()
        return self.data

    def recount(self, filters: core.Filters) -> Counted:
        """Raises core.ValidationError for a filter that cannot be read (a bad date)."""
        assert self.data is not None, "load() first"
        return Counted(
            counts=core.aggregate(self.data, self.triples, filters),
            selected=core.select_reviews(self.data.reviews, filters),
            total=len(self.data.reviews),
        )

    def relationship(self, value: str) -> str:
        try:
            return self.descriptors["relationship_type"].label_for(value)
        except NotFoundError:  # "unknown" and ids nobody knows stay as they are
            return value

    def breakdown(self, count: core.ThemeCount) -> list[tuple[str, str, int]]:
        """(caption, value, count) rows: by year, CSP, relationship, sector."""
        rows: list[tuple[str, str, int]] = []
        for caption, values in (
            ("Year", count.by_year),
            ("CSP", count.by_csp),
            ("Relationship", {self.relationship(k): v for k, v in count.by_relationship.items()}),
            ("Sector (recs)", count.by_sector),
        ):
            rows += [(caption, str(key), value) for key, value in values.items()]
        return rows

    def item_lines(
        self, theme_id: str, filters: core.Filters, counted: Counted, pseudonymised: bool
    ) -> tuple[list[str], list[str]]:
        """The theme's lessons/findings and its recommendations, one line each."""
        if not theme_id or self.data is None:
            return [], []
        items = core.theme_items(self.data, theme_id, "", filters)
        labels = core.review_labels(counted.selected) if pseudonymised else {}

        def source(reference: str, item: core.TaggedItem) -> str:
            return labels.get(item.review_id, reference)

        lessons = [
            f"{source(ref, item)} · {item.kind.replace('_', ' ').capitalize()}: {item.text}"
            for ref, item in items.learning
        ]
        recommendations = [
            f"{source(ref, item)} · Recommendation {item.number}"
            f"{f' ({item.scope})' if item.scope else ''}: {item.text}"
            for ref, item in items.recommendations
        ]
        return lessons, recommendations

    def history(self, theme_id: str) -> str:
        return history_text(self.store.audit_entries(2000), theme_id)

    # ----------------------------------------------------------- theme writes
    def add_theme(self, name: str) -> str:
        return self.repo.add_theme(name)

    def rename_theme(self, theme_id: str, name: str) -> bool:
        self.repo.rename_theme(theme_id, name)
        return True

    def retire_theme(self, theme_id: str) -> bool:
        self.repo.retire_theme(theme_id)
        return True

    def restore_theme(self, theme_id: str) -> bool:
        self.repo.restore_theme(theme_id)
        return True
