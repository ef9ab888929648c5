"""Case descriptors, the theme taxonomy and the library of key lines of enquiry.

All three are data in ``resources/`` so they can follow the Home Office DHR
Library's tags and new thematic analyses without a code change:

* ``descriptors.json``: the lists a review is described by (relationship type,
  flags, age bands, sex, ethnicity, vulnerabilities, court outcome). Ids are
  stored; labels are shown.
* ``themes.json``: the 23 themes (with sub-themes) used to tag learning,
  recommendations and lines of enquiry.
* ``lines_of_enquiry.json``: suggested key lines of enquiry, each keyed to one or
  more theme ids, offered when a chair writes the terms of reference.

A malformed file raises ``InputFileError`` naming the file and field, as for
profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.resources import Node, read_data_file, resource_path

FORMAT_VERSION = 1

#: The descriptor lists every descriptors.json must define.
REQUIRED_LISTS: tuple[str, ...] = (
    "relationship_type",
    "flags",
    "age_band",
    "sex",
    "ethnicity",
    "vulnerabilities",
    "court_outcome",
)


@dataclass(frozen=True)
class DescriptorOption:
    id: str
    label: str
    description: str = ""
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class DescriptorList:
    """One list, e.g. 'flags'. ``multiple``: a review may carry several values."""

    id: str
    label: str
    multiple: bool
    options: tuple[DescriptorOption, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def label_for(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        raise NotFoundError(f"'{option_id}' is not one of the {self.label.lower()} values.")


@dataclass(frozen=True)
class Descriptors:
    lists: dict[str, DescriptorList]
    source: str = ""

    def __getitem__(self, list_id: str) -> DescriptorList:
        return self.lists[list_id]

    def age_band(self, age: int) -> str:
        """The id of the age band containing ``age`` (e.g. 37 -> '35-44')."""
        if isinstance(age, bool) or not isinstance(age, int):
            raise ValidationError(f"An age must be a whole number of years, got {age!r}.")
        if age < 0 or age > 130:
            raise ValidationError(f"{age} is not a plausible age.")
        for option in self.lists["age_band"].options:
            low = option.min_age if option.min_age is not None else 0
            if age >= low and (option.max_age is None or age <= option.max_age):
                return option.id
        raise ValidationError(f"No age band covers age {age}.")


@dataclass(frozen=True)
class SubTheme:
    id: str
    name: str


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    name: str
    sub_themes: tuple[SubTheme, ...]
    description: str


@dataclass(frozen=True)
class LineOfEnquiry:
    id: str
    theme_ids: tuple[str, ...]
    text: str


def _check_format(root: Node) -> None:
    version = root["format"].whole()
    if version != FORMAT_VERSION:
        root["format"].fail(
            f"this version of DHR Desk reads format {FORMAT_VERSION}, got {version}"
        )


def _parse_descriptors(root: Node) -> Descriptors:
    root.obj(("format", "lists"), ("source",))
    _check_format(root)
    lists: dict[str, DescriptorList] = {}
    for list_id, node in root["lists"].entries():
        node.obj(("label", "options"), ("multiple",))
        options: list[DescriptorOption] = []
        seen: set[str] = set()
        for item in node["options"].items(min_items=1):
            item.obj(("id", "label"), ("description", "min", "max"))
            option_id = item["id"].identifier()
            if option_id in seen:
                item["id"].fail(f"duplicate id '{option_id}'")
            seen.add(option_id)
            min_age = item["min"].whole(minimum=0) if item.has("min") else None
            max_age = item["max"].whole(minimum=0) if item.has("max") else None
            if min_age is not None and max_age is not None and max_age < min_age:
                item["max"].fail(f"must not be below min ({min_age}), got {max_age}")
            options.append(
                DescriptorOption(
                    id=option_id,
                    label=item["label"].text(),
                    description=item["description"].text() if item.has("description") else "",
                    min_age=min_age,
                    max_age=max_age,
                )
            )
        lists[list_id] = DescriptorList(
            id=list_id,
            label=node["label"].text(),
            multiple=node["multiple"].boolean() if node.has("multiple") else False,
            options=tuple(options),
        )
    for list_id in REQUIRED_LISTS:
        if list_id not in lists:
            Node(None, root.file, f"lists.{list_id}").fail("required field is missing")
    _check_age_bands(root["lists"]["age_band"], lists["age_band"])
    source = root["source"].text() if root.has("source") else ""
    return Descriptors(lists=lists, source=source)


def _check_age_bands(node: Node, bands: DescriptorList) -> None:
    """Bands must run upward without gaps or overlaps, the last one open-ended."""
    expected = None
    for index, option in enumerate(bands.options):
        where = node["options"][index]
        if option.min_age is None:
            where.fail("an age band needs 'min'")
        if expected is not None and option.min_age != expected:
            where["min"].fail(f"expected {expected} (bands must not overlap or leave gaps)")
        last = index == len(bands.options) - 1
        if option.max_age is None and not last:
            where.fail("only the last age band may leave out 'max'")
        if last and option.max_age is not None:
            where.fail("the last age band must leave out 'max' (open-ended, e.g. 65+)")
        expected = None if option.max_age is None else option.max_age + 1


def _parse_themes(root: Node) -> tuple[Theme, ...]:
    root.obj(("format", "themes"))
    _check_format(root)
    themes: list[Theme] = []
    seen: set[str] = set()
    for index, item in enumerate(root["themes"].items(min_items=1)):
        item.obj(("id", "number", "name", "description"), ("sub_themes",))
        theme_id = item["id"].identifier()
        if theme_id in seen:
            item["id"].fail(f"duplicate theme id '{theme_id}'")
        seen.add(theme_id)
        number = item["number"].whole(minimum=1)
        if number != index + 1:
            item["number"].fail(f"expected theme number {index + 1}, got {number}")
        subs: list[SubTheme] = []
        sub_seen: set[str] = set()
        for sub in item["sub_themes"].items() if item.has("sub_themes") else ():
            sub.obj(("id", "name"))
            sub_id = sub["id"].identifier()
            if sub_id in sub_seen:
                sub["id"].fail(f"duplicate sub-theme id '{sub_id}'")
            sub_seen.add(sub_id)
            subs.append(SubTheme(sub_id, sub["name"].text()))
        themes.append(
            Theme(
                id=theme_id,
                number=number,
                name=item["name"].text(),
                sub_themes=tuple(subs),
                description=item["description"].text(),
            )
        )
    return tuple(themes)


def _parse_lines(root: Node, theme_ids: set[str]) -> tuple[LineOfEnquiry, ...]:
    root.obj(("format", "lines"))
    _check_format(root)
    lines: list[LineOfEnquiry] = []
    seen: set[str] = set()
    for item in root["lines"].items(min_items=1):
        item.obj(("id", "theme_ids", "text"))
        line_id = item["id"].identifier()
        if line_id in seen:
            item["id"].fail(f"duplicate id '{line_id}'")
        seen.add(line_id)
        themes = item["theme_ids"].text_list(min_items=1)
        for position, theme_id in enumerate(themes):
            if theme_id not in theme_ids:
                item["theme_ids"][position].fail(f"unknown theme '{theme_id}'")
        lines.append(LineOfEnquiry(line_id, themes, item["text"].text()))
    return tuple(lines)


# --- public loaders ---------------------------------------------------------------------


def load_descriptors(path: Path | str | None = None) -> Descriptors:
    """The case descriptor lists (shipped file by default)."""
    if path is None:
        return _shipped_descriptors()
    return _parse_descriptors(read_data_file(Path(path)))


def load_themes(path: Path | str | None = None) -> tuple[Theme, ...]:
    """The theme taxonomy, in number order."""
    if path is None:
        return _shipped_themes()
    return _parse_themes(read_data_file(Path(path)))


def load_lines_of_enquiry(
    path: Path | str | None = None, themes: tuple[Theme, ...] | None = None
) -> tuple[LineOfEnquiry, ...]:
    """The library of key lines of enquiry; every theme id must exist in ``themes``."""
    if path is None and themes is None:
        return _shipped_lines()
    known = {theme.id for theme in (themes if themes is not None else load_themes())}
    file = Path(path) if path is not None else resource_path("lines_of_enquiry.json")
    return _parse_lines(read_data_file(file), known)


@lru_cache(maxsize=1)
def _shipped_descriptors() -> Descriptors:
    return _parse_descriptors(read_data_file(resource_path("descriptors.json")))


@lru_cache(maxsize=1)
def _shipped_themes() -> tuple[Theme, ...]:
    return _parse_themes(read_data_file(resource_path("themes.json")))


@lru_cache(maxsize=1)
def _shipped_lines() -> tuple[LineOfEnquiry, ...]:
    known = {theme.id for theme in _shipped_themes()}
    return _parse_lines(read_data_file(resource_path("lines_of_enquiry.json")), known)


def theme_by_id(theme_id: str, themes: tuple[Theme, ...] | None = None) -> Theme:
    for theme in themes if themes is not None else load_themes():
        if theme.id == theme_id:
            return theme
    raise NotFoundError(f"There is no theme '{theme_id}'.")


def lines_for_theme(
    theme_id: str, lines: tuple[LineOfEnquiry, ...] | None = None
) -> list[LineOfEnquiry]:
    """The suggested lines of enquiry for one theme, in library order."""
    return [line for line in (lines or load_lines_of_enquiry()) if theme_id in line.theme_ids]


def age_band(age: int) -> str:
    """Age band id for an age in years, from the shipped bands: 16 -> '16-19', 70 -> '65+'.

    Ages under 16 give 'under-16' (possible for a perpetrator or other subject; a
    review itself concerns a death of someone aged 16 or over).
    """
    return load_descriptors().age_band(age)


# --- the store's own extensions (ThemeChange rows) -------------------------------------


@dataclass(frozen=True)
class ThemeInfo:
    """A theme as a store sees it: the shipped taxonomy merged with its own changes.

    ``shipped``: from resources/themes.json (the id never changes). ``retired``: still
    shown on records already tagged with it, not offered for new tags.
    """

    id: str
    name: str
    description: str
    parent: str
    retired: bool
    shipped: bool
    number: int = 0


def merge_themes(shipped: tuple[Theme, ...], changes: list) -> list[ThemeInfo]:
    """Shipped themes in number order with any rename/retirement applied, then the
    store's added themes in the order they were added. ``changes`` are ThemeChange
    objects (dhrdesk.core.model)."""
    by_id = {change.theme_id: change for change in changes}
    merged: list[ThemeInfo] = []
    for theme in shipped:
        change = by_id.pop(theme.id, None)
        merged.append(
            ThemeInfo(
                id=theme.id,
                name=change.name if change and change.name.strip() else theme.name,
                description=(
                    change.description if change and change.description else theme.description
                ),
                parent="",
                retired=bool(change.retired) if change else False,
                shipped=True,
                number=theme.number,
            )
        )
    added = sorted(by_id.values(), key=lambda c: (c.created_at, c.theme_id))
    for offset, change in enumerate(added, start=len(shipped) + 1):
        merged.append(
            ThemeInfo(
                id=change.theme_id,
                name=change.name,
                description=change.description,
                parent=change.parent,
                retired=bool(change.retired),
                shipped=False,
                number=offset,
            )
        )
    return merged


def theme_id_for(name: str, taken: set[str]) -> str:
    """A new theme's id from its name ('Online abuse' -> 'online_abuse'), unique in
    ``taken`` (a suffix _2, _3 … when needed)."""
    import re
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:40] or "theme"
    if not base[0].isalpha():
        base = f"theme_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
