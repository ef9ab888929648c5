"""Checking a review interchange file before anything is written.

Two passes, both before the import opens a transaction:

1. **Structure**: the JSON Schema in ``resources/schemas/review.schema.json``
   (draft 2020-12, checked with ``jsonschema``), plus a part made from the
   declaration of any declared kind it does not describe (:func:`declared_schema`).
   Its messages are rewritten for people: ``review.pauses[0].start: expected text,
   found 5``.
2. **Meaning**: what a schema cannot say. Real calendar dates
   (``review.stages[3].completed: 2026-02-30 is not a date: February 2026 has
   28 days.``), references to keys that exist, no duplicates where the store
   wants one record, and the same rules the app applies when a chair types the
   record in (:mod:`dhrdesk.core.validation`).

Every problem is an :class:`InputFileError` (exit code 4) whose message starts
with the JSON path of the offending value.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from typing import Any

from dhrdesk.core.errors import DhrDeskError, InputFileError, ValidationError
from dhrdesk.core.resources import describe_value

SCHEMA_FILE = "review.schema.json"
_MAX_LISTED = 5

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the current format version (shipped under resources/schemas/)."""
    from dhrdesk.core.resources import resource_path

    path = resource_path("schemas", SCHEMA_FILE)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # a broken installation, not a broken input file
        raise DhrDeskError(
            f"The interchange schema {path} could not be read ({exc}).",
            hint="Reinstall DHR Desk.",
        ) from None


_JSON_TYPES: dict[type, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
}


def _field_schema(kind: Any, name: str, base: type) -> dict[str, Any]:
    from dhrdesk.core.records import nullable_fields

    nullable = name in nullable_fields(kind.cls)
    if name in kind.partial_dates:
        return {"$ref": "#/$defs/partial_date"}
    if base is dt.date:
        return {"$ref": "#/$defs/date_or_null" if nullable else "#/$defs/date"}
    json_type = _JSON_TYPES.get(base, "string")
    return {"type": [json_type, "null"] if nullable else json_type}


def declared_schema(kind: Any) -> dict[str, Any]:
    """The schema part of a declared kind the shipped schema does not describe, made
    from its declaration: its fields by type, its key, its references as keys."""
    from dhrdesk.core.records import field_types, required_fields

    internal = kind.internal()
    props = {
        name: _field_schema(kind, name, base)
        for name, base in field_types(kind.cls).items()
        if name not in internal
    }
    if kind.key:
        props["key"] = {"$ref": "#/$defs/key"}
    for ref in kind.refs:
        many = {"type": "array", "items": {"$ref": "#/$defs/key"}}
        props[ref.name] = many if ref.many else {"$ref": "#/$defs/key_or_null"}
    item = {
        "type": ["object", "null"] if kind.single else "object",
        "additionalProperties": False,
        "required": [n for n in required_fields(kind.cls) if n not in internal],
        "properties": props,
    }
    return item if kind.single else {"type": "array", "items": item}


def _with_declared(shipped: dict[str, Any], kinds: tuple[Any, ...]) -> dict[str, Any]:
    """The shipped schema plus the parts of declared kinds it does not describe (a kind
    added by a declaration and its migration only)."""
    from dhrdesk.core.records import REVIEW, file_name, in_file

    full = copy.deepcopy(shipped)
    objects: dict[str, dict[str, Any]] = {REVIEW: full["properties"]["review"]}
    for kind in kinds:
        parent = objects.get(kind.parent)
        if not in_file(kind) or parent is None or "properties" not in parent:
            continue
        name = file_name(kind)
        if name not in parent["properties"]:
            parent["properties"][name] = declared_schema(kind)
        part = parent["properties"][name]
        objects[kind.name] = part.get("items", part) if isinstance(part, dict) else {}
    return full


def _validator() -> Any:
    from dhrdesk.core.records import kinds

    return _validator_for(kinds())


@cache
def _validator_for(kinds: tuple[Any, ...]) -> Any:
    from jsonschema import Draft202012Validator

    full = _with_declared(schema(), kinds)
    Draft202012Validator.check_schema(full)
    return Draft202012Validator(full)


def json_path(parts: Any) -> str:
    """``["review", "pauses", 0, "start"]`` -> ``review.pauses[0].start``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


describe = describe_value  # one wording for JSON values in every message


def _words(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types)
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _schema_message(error: Any) -> str:
    """One jsonschema error as ``path: reason`` in plain words."""
    path = list(error.absolute_path)
    where = json_path(path)
    kind = error.validator
    value = error.instance
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        name = missing[0] if missing else "?"
        return f"{json_path([*path, name])}: this field is missing."
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        name = extra[0] if extra else "?"
        return f"{json_path([*path, name])}: unknown field (this format has no '{name}')."
    if kind == "type":
        return f"{where}: expected {_words(error.validator_value)}, found {describe(value)}."
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where}: {describe(value)} is not one of: {allowed}."
    if kind == "const":
        return f"{where}: expected {describe(error.validator_value)}, found {describe(value)}."
    if kind == "minLength":
        if error.validator_value == 1:
            return f"{where}: must not be empty."
        return f"{where}: too short (at least {error.validator_value} characters)."
    if kind == "maxLength":
        return f"{where}: too long ({len(value)} characters; at most {error.validator_value})."
    if kind == "minimum":
        return f"{where}: {describe(value)} is too small (the least allowed is {error.validator_value})."
    if kind == "pattern":
        reason = error.schema.get("x-error", "does not have the expected form")
        return f"{where}: {describe(value)} {reason}."
    return f"{where}: {error.message}."


def check_schema(data: Any) -> None:
    """Raise InputFileError naming the first structural problems (by position in the file)."""
    errors = list(_validator().iter_errors(data))
    if not errors:
        return
    errors.sort(key=lambda e: [str(p).zfill(8) for p in e.absolute_path])
    messages = []
    for error in errors:
        text = _schema_message(error)
        if text not in messages:
            messages.append(text)
    _raise(messages)


def _raise(messages: list[str]) -> None:
    head = messages[0]
    rest = messages[1:_MAX_LISTED]
    more = len(messages) - 1 - len(rest)
    text = head
    if rest:
        text += "\n" + "\n".join(f"  also: {m}" for m in rest)
    if more > 0:
        text += f"\n  ... and {more} more problem{'s' if more != 1 else ''}."
    raise InputFileError(text, hint="Nothing was imported.")


# --------------------------------------------------------------------------- meaning
class _Problems:
    """Collects ``path: reason`` messages in file order."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, path: list[Any], reason: str) -> None:
        self.messages.append(f"{json_path(path)}: {reason}")

    def raise_if_any(self) -> None:
        if self.messages:
            _raise(self.messages)


def parse_date_at(problems: _Problems, path: list[Any], value: Any) -> dt.date | None:
    """A strict ISO date, or None after recording the problem."""
    from dhrdesk.core.dates import parse_iso_date

    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValidationError as exc:
        problems.add(path, exc.message)
        return None


Node = tuple[Any, list[Any], dict[str, Any]]  # (RecordKind, JSON path, the object)


def declared_nodes(review: dict[str, Any], since: int | None = None) -> list[Node]:
    """Every record object of the file's review, of the kinds added by format version
    ``since`` (all kinds when None), depth first in declaration order."""
    from dhrdesk.core.records import REVIEW
    from dhrdesk.exchange.review_fields import walk

    nodes = walk(REVIEW, review, ["review"])
    return [n for n in nodes if since is None or n[0].since == since]


def check_dates(problems: _Problems, nodes: list[Node]) -> None:
    """Real calendar dates in every date field, list of dates and partial date."""
    from dhrdesk.core.chronology import parse_partial_iso
    from dhrdesk.core.records import date_fields

    for kind, path, item in nodes:
        for name in date_fields(kind.cls):
            parse_date_at(problems, [*path, name], item.get(name))
        for name in kind.date_lists:
            for j, value in enumerate(item.get(name, [])):
                parse_date_at(problems, [*path, name, j], value)
        for name in kind.partial_dates:
            try:
                parse_partial_iso(item[name])
            except ValidationError as exc:
                problems.add([*path, name], exc.message)


def local_keys(problems: _Problems | None, nodes: list[Node]) -> dict[str, set[str]]:
    """Kind -> the local keys its records carry; a key used twice is a problem."""
    keys: dict[str, set[str]] = {}
    for kind, path, item in nodes:
        if not kind.keyed:
            continue
        name = kind.key_field or "key"
        value = item.get(name)
        seen = keys.setdefault(kind.name, set())
        if value is None:
            continue
        if value in seen and problems is not None:
            problems.add([*path, name], f"the {kind.key_words} {describe(value)} is used twice.")
        seen.add(value)
    return keys


def check_references(problems: _Problems, nodes: list[Node], keys: dict[str, set[str]]) -> None:
    """Every reference names a record of the file."""
    for kind, path, item in nodes:
        for ref in kind.refs:
            value = item.get(ref.name)
            found = (
                [([*path, ref.name, j], v) for j, v in enumerate(value or [])]
                if ref.many
                else [([*path, ref.name], value)]
            )
            for where, key in found:
                if key is not None and key not in keys.get(ref.target, set()):
                    problems.add(
                        where, f"there is no {ref.words} with the key '{key}' in this file."
                    )


def check_unique(problems: _Problems, nodes: list[Node]) -> None:
    """One record per value where the store keeps one (per list)."""
    seen: dict[tuple, set[Any]] = {}
    for kind, path, item in nodes:
        for name, words in kind.unique:
            values = seen.setdefault((kind.name, name, *path[:-1]), set())
            if item[name] in values:
                problems.add([*path, name], f"the {words} {describe(item[name])} appears twice.")
            values.add(item[name])


def _check_times(problems: _Problems, review: dict[str, Any]) -> None:
    for field_name in ("created_at", "updated_at"):
        value = review.get(field_name)
        if value:
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                problems.add(
                    ["review", field_name],
                    f"{describe(value)} is not a date and time (expected ISO 8601, "
                    "e.g. 2026-03-01T09:30:00+00:00).",
                )


def _check_stages(problems: _Problems, review: dict[str, Any], today: dt.date) -> None:
    """The profile, the stage, and each stage's record (the rules of the lifecycle)."""
    from dhrdesk.core.profiles import shipped_profiles

    base = ["review"]
    profiles = shipped_profiles()
    profile_id = review.get("profile", "dhr-2016")
    if profile_id not in profiles:
        problems.add(
            [*base, "profile"],
            f"{describe(profile_id)} is not a guidance profile of this DHR Desk "
            f"(known: {', '.join(profiles)}).",
        )
    every_stage = {s.id for p in profiles.values() for s in p.stages}
    stage = review.get("stage", "notification")
    if stage not in every_stage | {"closed"}:
        problems.add([*base, "stage"], f"{describe(stage)} is not a stage of any guidance profile.")
    seen_stage: set[str] = set()
    for i, record in enumerate(review.get("stages", [])):
        stage_id = record["stage_id"]
        if stage_id not in every_stage:
            problems.add(
                [*base, "stages", i, "stage_id"],
                f"{describe(stage_id)} is not a stage of any guidance profile.",
            )
        if stage_id in seen_stage:
            problems.add([*base, "stages", i, "stage_id"], f"the stage '{stage_id}' appears twice.")
        seen_stage.add(stage_id)
        started, completed = record.get("started"), record.get("completed")
        for field_name, value in (("started", started), ("completed", completed)):
            if value is not None and value > today.isoformat():
                problems.add(
                    [*base, "stages", i, field_name],
                    f"{value} is in the future (stage dates record what has happened).",
                )
        if started and completed and completed < started:
            problems.add(
                [*base, "stages", i, "completed"],
                f"{completed} is before the stage started ({started}).",
            )


def _check_attendees(problems: _Problems, review: dict[str, Any], keys: dict) -> None:
    panel = keys.get("panel_members", set())
    for i, meeting in enumerate(review.get("meetings", [])):
        attended: set[str] = set()
        for j, key in enumerate(meeting.get("attendees", [])):
            path = ["review", "meetings", i, "attendees", j]
            if key not in panel:
                problems.add(path, f"there is no panel member with the key '{key}' in this file.")
            if key in attended:
                problems.add(path, f"the panel member '{key}' is listed twice.")
            attended.add(key)


def _check_terms(problems: _Problems, review: dict[str, Any]) -> None:
    """The rules of LifecycleRepository.save_terms."""
    tor = review.get("terms_of_reference") or {}
    start, end = tor.get("period_start"), tor.get("period_end")
    if start and end and end < start:
        problems.add(
            ["review", "terms_of_reference", "period_end"],
            f"the review period ends ({end}) before it starts ({start}).",
        )
    if (start or end) and not str(tor.get("period_rationale", "")).strip():
        problems.add(
            ["review", "terms_of_reference", "period_rationale"],
            "give the rationale for the review period.",
        )


def check_meaning(data: dict[str, Any], today: dt.date | None = None) -> None:
    """Everything beyond the schema about the kinds of format version 1 (the declared
    dates, keys, references and unique values, and the review's own rules); assumes
    :func:`check_schema` passed. Version 2's kinds: dhrdesk.exchange.review_meaning."""
    today = today or dt.date.today()
    problems = _Problems()
    review = data["review"]
    nodes = declared_nodes(review, since=1)
    check_dates(problems, nodes)
    _check_times(problems, review)
    problems.raise_if_any()  # later checks build records from these dates
    _check_stages(problems, review, today)
    keys = local_keys(problems, nodes)
    check_references(problems, nodes, keys)
    _check_attendees(problems, review, keys)
    check_unique(problems, nodes)
    _check_terms(problems, review)
    problems.raise_if_any()


def check_records(records: list[tuple[list[Any], Any]], today: dt.date | None = None) -> None:
    """Run the app's own record rules (dhrdesk.core.validation) on built records."""
    from dhrdesk.core import validation

    problems = _Problems()
    for path, record in records:
        try:
            if path == ["review"]:
                validation.check_review(record)
            else:
                validation.check_record(record, today)
        except ValidationError as exc:
            problems.add(path, exc.message)
    problems.raise_if_any()
