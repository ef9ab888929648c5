"""Checking a review interchange file before anything is written.

Two passes, both before the import opens a transaction:

1. **Structure**: the JSON Schema in ``resources/schemas/review.schema.json``
   (draft 2020-12, checked with ``jsonschema``). Its messages are rewritten for
   people: ``review.pauses[0].start: expected text, found 5``.
2. **Meaning**: what a schema cannot say. Real calendar dates
   (``review.stages[3].completed: 2026-02-30 is not a date: February 2026 has
   28 days.``), references to keys that exist, no duplicates where the store
   wants one record, and the same rules the app applies when a chair types the
   record in (:mod:`dhrdesk.core.validation`).

Every problem is an :class:`InputFileError` (exit code 4) whose message starts
with the JSON path of the offending value.
"""

from __future__ import annotations

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


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


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


# Fields holding a date, per list of the review (None = the review's own fields).
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "stages": ("started", "completed"),
    "pauses": ("start", "end"),
    "panel_members": ("declaration_date",),
    "meetings": ("date",),
    "tor_versions": ("agreed_on",),
    "family_members": ("draft_shared_on",),
    "costs": ("date",),
}


def check_meaning(data: dict[str, Any], today: dt.date | None = None) -> None:
    """Everything beyond the schema; assumes :func:`check_schema` passed."""
    from dhrdesk.core.profiles import shipped_profiles

    today = today or dt.date.today()
    problems = _Problems()
    review = data["review"]
    base = ["review"]

    # --- dates everywhere
    for name, fields in DATE_FIELDS.items():
        for i, item in enumerate(review.get(name, [])):
            for field_name in fields:
                parse_date_at(problems, [*base, name, i, field_name], item.get(field_name))
    for i, meeting in enumerate(review.get("meetings", [])):
        for j, action in enumerate(meeting.get("actions", [])):
            for field_name in ("due", "done_on"):
                parse_date_at(
                    problems,
                    [*base, "meetings", i, "actions", j, field_name],
                    action.get(field_name),
                )
    for i, member in enumerate(review.get("family_members", [])):
        for j, contact in enumerate(member.get("contacts", [])):
            parse_date_at(
                problems, [*base, "family_members", i, "contacts", j, "date"], contact.get("date")
            )
    tor = review.get("terms_of_reference") or {}
    for field_name in ("period_start", "period_end"):
        parse_date_at(problems, [*base, "terms_of_reference", field_name], tor.get(field_name))
    for field_name in ("created_at", "updated_at"):
        value = review.get(field_name)
        if value:
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                problems.add(
                    [*base, field_name],
                    f"{describe(value)} is not a date and time (expected ISO 8601, "
                    "e.g. 2026-03-01T09:30:00+00:00).",
                )
    problems.raise_if_any()  # later checks build records from these dates

    # --- profile and stages
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

    # --- keys and references
    keys: dict[str, set[str]] = {}
    for name in (
        "subjects",
        "parallel_processes",
        "panel_members",
        "meetings",
        "agencies",
        "family_members",
    ):
        seen: set[str] = set()
        for i, item in enumerate(review.get(name, [])):
            key = item.get("key")
            if key is None:
                continue
            if key in seen:
                problems.add([*base, name, i, "key"], f"the key '{key}' is used twice.")
            seen.add(key)
        keys[name] = seen

    def ref(path: list[Any], value: Any, kind: str, words: str) -> None:
        if value is not None and value not in keys[kind]:
            problems.add(path, f"there is no {words} with the key '{value}' in this file.")

    for i, entry in enumerate(review.get("register", [])):
        ref([*base, "register", i, "subject"], entry.get("subject"), "subjects", "subject")
    for i, member in enumerate(review.get("family_members", [])):
        ref([*base, "family_members", i, "subject"], member.get("subject"), "subjects", "subject")
    for i, pause in enumerate(review.get("pauses", [])):
        ref(
            [*base, "pauses", i, "parallel_process"],
            pause.get("parallel_process"),
            "parallel_processes",
            "parallel process",
        )
    for i, meeting in enumerate(review.get("meetings", [])):
        attended: set[str] = set()
        for j, key in enumerate(meeting.get("attendees", [])):
            path = [*base, "meetings", i, "attendees", j]
            ref(path, key, "panel_members", "panel member")
            if key in attended:
                problems.add(path, f"the panel member '{key}' is listed twice.")
            attended.add(key)

    # --- one record where the store keeps one
    for name, field_name, words in (
        ("subjects", "pseudonym", "pseudonym"),
        ("agencies", "name", "agency name"),
        ("people", "role", "role"),
        ("tor_versions", "number", "version number"),
    ):
        seen_values: set[Any] = set()
        for i, item in enumerate(review.get(name, [])):
            value = item[field_name]
            if value in seen_values:
                problems.add(
                    [*base, name, i, field_name], f"the {words} {describe(value)} appears twice."
                )
            seen_values.add(value)

    # --- terms of reference (the rules of LifecycleRepository.save_terms)
    start, end = tor.get("period_start"), tor.get("period_end")
    if start and end and end < start:
        problems.add(
            [*base, "terms_of_reference", "period_end"],
            f"the review period ends ({end}) before it starts ({start}).",
        )
    if (start or end) and not str(tor.get("period_rationale", "")).strip():
        problems.add(
            [*base, "terms_of_reference", "period_rationale"],
            "give the rationale for the review period.",
        )
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
