"""Guidance profiles: the words, stages, clocks and document sections of a kind of review.

Why profiles are data
---------------------
The same work is called a Domestic Homicide Review (England, 2016 guidance), a
Domestic Abuse Related Death Review (the 2024 draft) or runs inside a Single
Unified Safeguarding Review (Wales). Guidance changes more often than software
is released, so everything that differs lives in ``resources/profiles/*.json``
and changing a review's profile changes what a chair sees with no code change.

Rules enforced when a profile is loaded (each failure is an ``InputFileError``
naming the file and the field path, e.g.
``dhr-2016.json: stages[3].clock.months: expected a whole number, got 'one'``):

* the file's ``id`` equals the file name without ``.json``;
* stage ids are unique; a ``clock.anchor`` and every ``follows`` entry name a
  stage that comes *earlier* in the same profile;
* overview sections are numbered 1..n in order; section and checklist ids are unique;
* titles use only the placeholders ``{review_type}``, ``{review_type_short}``, ``{victim}``;
* unknown fields are refused (a misspelt ``"clok"`` must not be silently ignored).

Stage ids are shared between profiles where the stage is the same
(:data:`STANDARD_STAGE_IDS`), so a review can switch profile and keep its dates.
A profile may rename, omit or add stages.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dhrdesk.core.errors import InputFileError, NotFoundError
from dhrdesk.core.resources import Node, describe_value, read_data_file, resource_path

FORMAT_VERSION = 1
DEFAULT_PROFILE_ID = "dhr-2016"

STANDARD_STAGE_IDS: tuple[str, ...] = (
    "notification",
    "decision",
    "home_office_notified",
    "chair_appointed",
    "panel_established",
    "terms_of_reference",
    "scoping",
    "imrs",
    "family_involvement",
    "drafting",
    "panel_agreement",
    "csp_signoff",
    "submitted_home_office",
    "qa_feedback",
    "publication",
    "monitoring",
)

#: statutory: set by law or statutory guidance; guidance: expected practice
#: (e.g. "promptly"); target: an aim such as the six-month review target.
CLOCK_KINDS = ("statutory", "guidance", "target")

#: Words every profile must define, so the UI can always ask for them.
REQUIRED_TERMS: tuple[str, ...] = (
    "review",
    "reviews",
    "review_short",
    "victim",
    "victims",
    "perpetrator",
    "perpetrators",
    "csp",
    "csp_short",
    "chair",
    "panel",
    "overview_report",
    "executive_summary",
    "imr",
    "imr_short",
    "action_plan",
)

TITLE_PLACEHOLDERS = frozenset({"review_type", "review_type_short", "victim"})


@dataclass(frozen=True)
class Clock:
    """A due date counted from the completion date of an earlier (anchor) stage.

    ``extends_for_pauses``: whether recorded pauses push the date out (see
    :mod:`dhrdesk.core.lifecycle`). Defaults to true for targets only: a statutory
    deadline does not stop for a criminal trial in law.
    """

    anchor: str
    months: int
    days: int
    label: str
    kind: str
    extends_for_pauses: bool
    note: str = ""


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    description: str
    records: tuple[str, ...]
    date_label: str
    follows: tuple[str, ...] = ()
    clock: Clock | None = None
    note: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    """One pre-submission check. ``qa_common`` marks points the Home Office QA panel
    raises most often, so the UI can highlight them."""

    id: str
    text: str
    qa_common: bool = False


@dataclass(frozen=True)
class SectionSpec:
    id: str
    number: str
    title: str
    guidance: str
    checklist: tuple[ChecklistItem, ...] = ()
    appendix: bool = False

    @property
    def heading(self) -> str:
        prefix = "Appendix " if self.appendix else ""
        return f"{prefix}{self.number} {self.title}"


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    when: str
    note: str = ""


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    review_type: str
    review_type_short: str
    jurisdiction: str
    description: str
    source: str
    is_default: bool
    stages: tuple[Stage, ...]
    overview_sections: tuple[SectionSpec, ...]
    overview_appendices: tuple[SectionSpec, ...]
    executive_summary_sections: tuple[SectionSpec, ...]
    recipients: tuple[Recipient, ...]
    terminology: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    note: str = ""
    path: Path | None = None

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(stage.id for stage in self.stages)

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise NotFoundError(f"The {self.name} profile has no stage '{stage_id}'.")

    def has_stage(self, stage_id: str) -> bool:
        return stage_id in self.stage_ids

    def stage_index(self, stage_id: str) -> int:
        return self.stage_ids.index(stage_id)

    def clocks(self) -> list[tuple[Stage, Clock]]:
        """Each stage that has a clock, in stage order."""
        return [(stage, stage.clock) for stage in self.stages if stage.clock is not None]

    def term(self, key: str, default: str | None = None) -> str:
        """The profile's word for ``key`` ('review', 'victim', ...)."""
        if key in self.terminology:
            return self.terminology[key]
        if default is not None:
            return default
        raise KeyError(f"profile {self.id} defines no term '{key}'")

    def title(self, document: str, victim: str) -> str:
        """Front-page title, e.g. 'Domestic Homicide Review – Overview Report into the
        death of Zoë'."""
        return self.titles[document].format(
            review_type=self.review_type, review_type_short=self.review_type_short, victim=victim
        )

    def all_sections(self) -> tuple[SectionSpec, ...]:
        return self.overview_sections + self.overview_appendices


# --- parsing ------------------------------------------------------------------------------


def _clock(node: Node) -> Clock:
    node.obj(
        ("anchor", "label", "kind"),
        ("months", "days", "extends_for_pauses", "note"),
    )
    months = node["months"].whole(minimum=0, maximum=120) if node.has("months") else 0
    days = node["days"].whole(minimum=0, maximum=3650) if node.has("days") else 0
    if months == 0 and days == 0:
        node.fail("a clock needs 'months' or 'days' greater than 0")
    kind = node["kind"].text()
    if kind not in CLOCK_KINDS:
        node["kind"].fail(f"expected one of {', '.join(CLOCK_KINDS)}, got {kind!r}")
    extends = node["extends_for_pauses"].boolean() if node.has("extends_for_pauses") else None
    return Clock(
        anchor=node["anchor"].identifier(),
        months=months,
        days=days,
        label=node["label"].text(),
        kind=kind,
        extends_for_pauses=(kind == "target") if extends is None else extends,
        note=node["note"].text(allow_empty=True) if node.has("note") else "",
    )


def _stages(node: Node) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    seen: dict[str, int] = {}
    nodes = list(node.items(min_items=1))
    for index, item in enumerate(nodes):
        item.obj(
            ("id", "name", "description", "records"),
            ("date_label", "follows", "clock", "note"),
        )
        stage_id = item["id"].identifier()
        if stage_id in seen:
            item["id"].fail(f"duplicate stage id '{stage_id}' (also stages[{seen[stage_id]}])")
        seen[stage_id] = index
        follows = item["follows"].text_list() if item.has("follows") else ()
        for position, other in enumerate(follows):
            if other not in seen or other == stage_id:
                item["follows"][position].fail(
                    f"'{other}' is not a stage before '{stage_id}' in this profile"
                )
        clock = _clock(item["clock"]) if item.has("clock") else None
        if clock is not None and (clock.anchor not in seen or clock.anchor == stage_id):
            where = Node(clock.anchor, item.file, f"{item.path}.clock.anchor")
            all_ids = [n.value.get("id") for n in nodes if isinstance(n.value, dict)]
            if clock.anchor in all_ids:
                where.fail(
                    f"stage '{clock.anchor}' does not come before '{stage_id}'; "
                    "a clock runs from an earlier stage"
                )
            where.fail(f"unknown stage '{clock.anchor}'")
        stages.append(
            Stage(
                id=stage_id,
                name=item["name"].text(),
                description=item["description"].text(),
                records=item["records"].text_list(),
                date_label=item["date_label"].text() if item.has("date_label") else "Completed",
                follows=follows,
                clock=clock,
                note=item["note"].text(allow_empty=True) if item.has("note") else "",
            )
        )
    return tuple(stages)


def _checklist(node: Node, seen: set[str]) -> tuple[ChecklistItem, ...]:
    items: list[ChecklistItem] = []
    for item in node.items():
        item.obj(("id", "text"), ("qa_common",))
        item_id = item["id"].identifier()
        if item_id in seen:
            item["id"].fail(f"duplicate checklist id '{item_id}'")
        seen.add(item_id)
        qa = item["qa_common"].boolean() if item.has("qa_common") else False
        items.append(ChecklistItem(item_id, item["text"].text(), qa))
    return tuple(items)


def _sections(
    node: Node, *, numbered: bool, appendix: bool, seen_ids: set[str], seen_checks: set[str]
) -> tuple[SectionSpec, ...]:
    sections: list[SectionSpec] = []
    for index, item in enumerate(node.items(min_items=0 if appendix else 1)):
        item.obj(("id", "number", "title", "guidance"), ("checklist",))
        section_id = item["id"].identifier()
        if section_id in seen_ids:
            item["id"].fail(f"duplicate section id '{section_id}'")
        seen_ids.add(section_id)
        if numbered:
            number = item["number"].whole(minimum=1)
            if number != index + 1:
                item["number"].fail(f"expected section number {index + 1}, got {number}")
            number_text = str(number)
        else:
            number_text = item["number"].text()
        checklist = _checklist(item["checklist"], seen_checks) if item.has("checklist") else ()
        sections.append(
            SectionSpec(
                id=section_id,
                number=number_text,
                title=item["title"].text(),
                guidance=item["guidance"].text(),
                checklist=checklist,
                appendix=appendix,
            )
        )
    return tuple(sections)


def _recipients(node: Node) -> tuple[Recipient, ...]:
    recipients: list[Recipient] = []
    seen: set[str] = set()
    for item in node.items(min_items=1):
        item.obj(("id", "name", "when"), ("note",))
        rid = item["id"].identifier()
        if rid in seen:
            item["id"].fail(f"duplicate recipient id '{rid}'")
        seen.add(rid)
        recipients.append(
            Recipient(
                id=rid,
                name=item["name"].text(),
                when=item["when"].text(),
                note=item["note"].text(allow_empty=True) if item.has("note") else "",
            )
        )
    return tuple(recipients)


def _text_map(node: Node, required: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(node.value, dict):
        node.fail(f"expected an object, got {describe_value(node.value)}")
    result = {key: child.text() for key, child in node.entries()}
    for key in required:
        if key not in result:
            Node(None, node.file, f"{node.path}.{key}").fail("required field is missing")
    return result


def _titles(node: Node) -> dict[str, str]:
    titles = _text_map(node, ("overview_report", "executive_summary"))
    for key, template in titles.items():
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as exc:
            node[key].fail(f"bad placeholder: {exc}")
        unknown = names - TITLE_PLACEHOLDERS
        if unknown:
            node[key].fail(
                f"unknown placeholder {{{sorted(unknown)[0]}}} "
                f"(allowed: {', '.join('{' + n + '}' for n in sorted(TITLE_PLACEHOLDERS))})"
            )
    return titles


def parse_profile(root: Node, path: Path | None = None) -> Profile:
    """Validate a parsed profile document and build the :class:`Profile`."""
    root.obj(
        (
            "format",
            "id",
            "name",
            "review_type",
            "review_type_short",
            "jurisdiction",
            "description",
            "stages",
            "overview_sections",
            "executive_summary_sections",
            "recipients",
            "terminology",
            "titles",
        ),
        ("default", "source", "note", "overview_appendices"),
    )
    version = root["format"].whole()
    if version != FORMAT_VERSION:
        root["format"].fail(
            f"this version of DHR Desk reads profile format {FORMAT_VERSION}, got {version}"
        )
    profile_id = root["id"].identifier()
    if path is not None and path.stem != profile_id:
        root["id"].fail(f"'{profile_id}' does not match the file name (expected '{path.stem}')")
    section_ids: set[str] = set()
    check_ids: set[str] = set()
    overview = _sections(
        root["overview_sections"],
        numbered=True,
        appendix=False,
        seen_ids=section_ids,
        seen_checks=check_ids,
    )
    appendices = (
        _sections(
            root["overview_appendices"],
            numbered=False,
            appendix=True,
            seen_ids=section_ids,
            seen_checks=check_ids,
        )
        if root.has("overview_appendices")
        else ()
    )
    executive = _sections(
        root["executive_summary_sections"],
        numbered=True,
        appendix=False,
        seen_ids=set(),
        seen_checks=check_ids,
    )
    return Profile(
        id=profile_id,
        name=root["name"].text(),
        review_type=root["review_type"].text(),
        review_type_short=root["review_type_short"].text(),
        jurisdiction=root["jurisdiction"].text(),
        description=root["description"].text(),
        source=root["source"].text() if root.has("source") else "",
        is_default=root["default"].boolean() if root.has("default") else False,
        stages=_stages(root["stages"]),
        overview_sections=overview,
        overview_appendices=appendices,
        executive_summary_sections=executive,
        recipients=_recipients(root["recipients"]),
        terminology=_text_map(root["terminology"], REQUIRED_TERMS),
        titles=_titles(root["titles"]),
        note=root["note"].text(allow_empty=True) if root.has("note") else "",
        path=path,
    )


def load_profile(path: Path | str) -> Profile:
    """Read and validate one profile file. Raises InputFileError naming file and field."""
    path = Path(path)
    return parse_profile(read_data_file(path), path)


def default_profiles_dir() -> Path:
    return resource_path("profiles")


def load_profiles(directory: Path | str | None = None) -> dict[str, Profile]:
    """Every ``*.json`` profile in ``directory`` (default: the shipped profiles).

    The result is ordered default first, then by name. Exactly one profile must
    be marked ``"default": true``.
    """
    folder = Path(directory) if directory is not None else default_profiles_dir()
    if not folder.is_dir():
        raise InputFileError(f"The profiles folder {folder} does not exist.")
    profiles = [
        load_profile(path)
        for path in sorted(folder.glob("*.json"))
        if not path.name.startswith((".", "_"))
    ]
    if not profiles:
        raise InputFileError(f"The profiles folder {folder} holds no profile (*.json) files.")
    defaults = [p for p in profiles if p.is_default]
    if len(defaults) != 1:
        names = ", ".join(f"{p.id}.json" for p in defaults) or "none"
        raise InputFileError(
            f'Exactly one profile must be marked "default": true; found {names}.',
        )
    profiles.sort(key=lambda p: (not p.is_default, p.name.lower()))
    return {profile.id: profile for profile in profiles}


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Profile]:
    return load_profiles()


def shipped_profiles() -> dict[str, Profile]:
    """The profiles shipped with the application (loaded once, then cached)."""
    return dict(_shipped())


def get_profile(profile_id: str, directory: Path | str | None = None) -> Profile:
    """The profile with this id; NotFoundError (listing the known ids) if there is none."""
    profiles = load_profiles(directory) if directory is not None else _shipped()
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(profiles)
        raise NotFoundError(
            f"There is no guidance profile '{profile_id}'.", hint=f"Known profiles: {known}."
        ) from None


def default_profile(directory: Path | str | None = None) -> Profile:
    profiles = load_profiles(directory) if directory is not None else _shipped()
    return next(p for p in profiles.values() if p.is_default)
