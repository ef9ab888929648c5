"""The learning library's store side: the store's themes and the data the counts need.

Themes: the shipped taxonomy (resources/themes.json) merged with this store's own
changes (table theme_change: added themes, renames, retirements). Ids never change and
rows are never deleted, so every old tag stays readable; a retired theme is only no
longer offered for new tags. Every change is one audited write.

Aggregation itself is pure (dhrdesk.core.learning); this repository only gathers the
reviews, learning points and recommendations it needs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dhrdesk.core import learning as core
from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.taxonomy import ThemeInfo, load_themes, merge_themes, theme_id_for
from dhrdesk.store.repositories.base import TableRepository, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

MAX_NAME = 120


def _clean(name: str) -> str:
    return " ".join(str(name or "").split())


class LearningRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._changes = TableRepository(store, "theme_change", m.ThemeChange, "theme")

    # -------------------------------------------------------------------- themes
    def themes(self, include_retired: bool = True) -> list[ThemeInfo]:
        """Shipped themes (number order) with this store's changes, then added themes.
        ``include_retired=False`` gives the themes offered for new tags."""
        merged = merge_themes(load_themes(), self._changes.select(order="created_at, theme_id"))
        return [t for t in merged if include_retired or not t.retired]

    def theme(self, theme_id: str) -> ThemeInfo:
        for theme in self.themes():
            if theme.id == theme_id:
                return theme
        raise NotFoundError(f"There is no theme '{theme_id}'.")

    def theme_name(self, theme_id: str) -> str:
        """The current name of a tag's theme (retired ones too); an id nobody knows is
        shown as it is, so an old tag is never hidden."""
        for theme in self.themes():
            if theme.id == theme_id:
                return theme.name
        return theme_id

    def _check_name(self, name: str, *, except_id: str | None = None) -> str:
        name = _clean(name)
        if not name:
            raise ValidationError("A theme needs a name.")
        if len(name) > MAX_NAME:
            raise ValidationError(f"A theme name can be at most {MAX_NAME} characters.")
        for theme in self.themes():
            if theme.id != except_id and theme.name.casefold() == name.casefold():
                state = " (retired; restore it instead)" if theme.retired else ""
                raise ValidationError(f"There is already a theme called '{theme.name}'{state}.")
        return name

    def add_theme(self, name: str, description: str = "", parent: str = "") -> str:
        """Add a theme of this store's own; returns its new id."""
        name = self._check_name(name)
        known = {t.id: t for t in self.themes()}
        parent = parent.strip()
        if parent:
            if parent not in known:
                raise NotFoundError(f"There is no theme '{parent}' to put it under.")
            if known[parent].retired:
                raise ValidationError("A new theme cannot go under a retired theme.")
        shipped_subs = {sub.id for theme in load_themes() for sub in theme.sub_themes}
        theme_id = theme_id_for(name, set(known) | shipped_subs)
        change = m.ThemeChange(
            theme_id=theme_id,
            name=name,
            description=" ".join(description.split()),
            parent=parent,
            created_at=utc_now(),
        )
        with self._store.write("theme.add", f"theme:{theme_id}") as cur:
            self._changes.insert(change, cur)
        return theme_id

    def _change_for(self, theme_id: str) -> tuple[m.ThemeChange, bool]:
        """The theme's change row (made from the shipped theme if it has none yet)."""
        theme = self.theme(theme_id)
        row = self._changes.one("theme_id = ?", (theme_id,))
        if row is not None:
            return row, True
        return (
            m.ThemeChange(
                theme_id=theme.id,
                name=theme.name,
                description="",
                parent=theme.parent,
                retired=theme.retired,
                created_at=utc_now(),
            ),
            False,
        )

    def _save(self, change: m.ThemeChange, exists: bool, kind: str) -> None:
        with self._store.write(kind, f"theme:{change.theme_id}") as cur:
            if exists:
                self._changes.update(change, cur, key=("theme_id",))
            else:
                self._changes.insert(change, cur)

    def rename_theme(self, theme_id: str, name: str) -> None:
        """Rename a shipped or added theme; its id (and so every tag) stays."""
        change, exists = self._change_for(theme_id)
        change.name = self._check_name(name, except_id=theme_id)
        self._save(change, exists, "theme.rename")

    def retire_theme(self, theme_id: str) -> None:
        """Stop offering a theme for new tags; records tagged with it keep the tag."""
        change, exists = self._change_for(theme_id)
        if change.retired:
            raise ValidationError(f"The theme '{change.name}' is already retired.")
        change.retired = True
        self._save(change, exists, "theme.retire")

    def restore_theme(self, theme_id: str) -> None:
        change, exists = self._change_for(theme_id)
        if not change.retired:
            raise ValidationError(f"The theme '{change.name}' is not retired.")
        for theme in self.themes():
            if theme.id != theme_id and theme.name.casefold() == change.name.casefold():
                raise ValidationError(
                    f"Another theme is now called '{theme.name}'; rename one of them first."
                )
        change.retired = False
        self._save(change, exists, "theme.restore")

    def theme_triples(self) -> list[tuple[str, str, bool]]:
        return [(t.id, t.name, t.retired) for t in self.themes()]

    # ---------------------------------------------------------------------- data
    def data(self) -> core.LearningData:
        """Every review with its descriptors, and every tagged learning point and
        recommendation (with the sector of its agency when it has none of its own)."""
        reviews = tuple(
            core.CaseRecord(
                review_id=r["id"],
                reference=r["reference"],
                csp=r["csp"] or "",
                month_of_death=r["month_of_death"] or "",
                descriptors=json.loads(r["descriptors"] or "{}"),
            )
            for r in self._store.query(
                "SELECT id, reference, csp, month_of_death, descriptors FROM review "
                "ORDER BY reference"
            )
        )
        sectors = {
            (r["review_id"], r["name"].casefold()): r["sector"] or ""
            for r in self._store.query("SELECT review_id, name, sector FROM agency")
        }
        items: list[core.TaggedItem] = []
        for r in self._store.query(
            "SELECT p.id, p.review_id, p.kind, p.text, p.themes, a.name AS agency, "
            "a.sector FROM learning_point p LEFT JOIN agency a ON a.id = p.agency_id "
            "ORDER BY p.review_id, p.kind, p.sort, p.id"
        ):
            items.append(
                core.TaggedItem(
                    review_id=r["review_id"],
                    kind=r["kind"],
                    text=r["text"],
                    themes=tuple(json.loads(r["themes"] or "[]")),
                    item_id=r["id"],
                    sector=r["sector"] or "",
                    agency=r["agency"] or "",
                )
            )
        for r in self._store.query(
            "SELECT id, review_id, number, text, themes, sector, lead_agency, scope, status "
            "FROM recommendation ORDER BY review_id, number, id"
        ):
            lead = r["lead_agency"] or ""
            sector = r["sector"] or sectors.get((r["review_id"], lead.casefold()), "")
            items.append(
                core.TaggedItem(
                    review_id=r["review_id"],
                    kind="recommendation",
                    text=r["text"],
                    themes=tuple(json.loads(r["themes"] or "[]")),
                    item_id=r["id"],
                    sector=sector,
                    agency=lead,
                    number=r["number"],
                    scope=r["scope"] or "",
                    status=r["status"] or "",
                )
            )
        return core.LearningData(reviews, tuple(items))

    def summary(self, filters: core.Filters | None = None) -> list[core.ThemeCount]:
        """Counts per theme (most reviews first) over the reviews ``filters`` selects."""
        return core.aggregate(self.data(), self.theme_triples(), filters)

    def theme_items(self, theme_id: str, filters: core.Filters | None = None) -> core.ThemeItems:
        """The tagged learning and recommendations of one theme with review references."""
        return core.theme_items(self.data(), theme_id, self.theme_name(theme_id), filters)

    def review_labels(self, review_ids: list[int] | None = None) -> dict[int, str]:
        """Deterministic pseudonymous labels ("Review A" …) for the chosen reviews."""
        reviews = self.data().reviews
        if review_ids is not None:
            wanted = set(review_ids)
            reviews = tuple(r for r in reviews if r.review_id in wanted)
        return core.review_labels(reviews)
