"""What is inside a package: the JSON of an IMR request and of an IMR response.

Whatever comes out of a package is untrusted (even authenticated, it was written by
another machine), so :func:`validate` checks every key, type, size and date before
anything reads it, and refuses unknown keys. The shapes are documented in
docs/packages.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.dates import PartialDate, parse_iso_date, parse_time
from dhrdesk.core.errors import InputFileError, ValidationError

FORMAT = "dhrdesk-package"
PAYLOAD_VERSION = 1
KINDS = ("imr_request", "imr_response")

MAX_NAME = 200
MAX_SHORT = 2_000
MAX_TEXT = 200_000
MAX_ROW_TEXT = 20_000
MAX_LINES = 200
MAX_SUBJECTS = 200
MAX_ROWS = 20_000

_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TIME = re.compile(r"^\d{2}:\d{2}$")

# Guidance shown beside each IMR section, in the package and in the agency workspace.
IMR_GUIDANCE = {
    "introduction": "Who your agency is, why it was asked for this IMR, and the period covered.",
    "terms_of_reference": "Restate the terms of reference you worked to (they are in this "
    "package); say if any line of enquiry did not apply to your agency.",
    "methodology": "Which records you read (systems, files, dates secured) and which staff "
    "you spoke to, by role only.",
    "context": "Workload, staff turnover, supervision, training and organisational change "
    "at the time, as far as they affected the case.",
    "summary_of_involvement": "A short narrative of your agency's contact with the people "
    "in this review, using their pseudonyms only.",
    "equality_diversity": "How protected characteristics and barriers to seeking help were "
    "considered, or why they were not.",
    "good_practice": "Practice that went beyond what was expected.",
    "lessons": "What your agency has learnt; be specific.",
    "conclusions": "Your conclusions about your agency's involvement.",
    "recommendations": "Single-agency recommendations, each with an action, an owner and a "
    "target date.",
}
CHRONOLOGY_GUIDANCE = (
    "One row per contact or event, in date order. The date is required (a month or a year "
    "alone is allowed when the day is not known), the time is optional, and the source of "
    "information (record type or author's role) is required. Refer to people by pseudonym "
    "or role, never by name."
)


def refuse(message: str) -> InputFileError:
    return InputFileError(
        f"The package content is not valid: {message}",
        hint="It was not made by a compatible DHR Desk. Nothing was changed.",
    )


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def decode(plaintext: bytes) -> dict[str, Any]:
    """Parse and validate the decrypted plaintext (either kind)."""
    try:
        data = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refuse("it is not UTF-8 JSON.") from None
    return validate(data)


# --------------------------------------------------------------------------- checkers
def _obj(
    value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise refuse(f"{where} must be an object.")
    missing = [k for k in required if k not in value]
    if missing:
        raise refuse(f"{where} lacks {', '.join(missing)}.")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise refuse(f"{where} has unknown entries ({', '.join(map(str, unknown[:5]))}).")
    return value


def _str(value: Any, where: str, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise refuse(f"{where} must be text.")
    if len(value) > limit:
        raise refuse(f"{where} is too long ({len(value):,} characters; at most {limit:,}).")
    if "\x00" in value:
        raise refuse(f"{where} contains a NUL character.")
    if required and not value.strip():
        raise refuse(f"{where} is empty.")
    return value


def _key(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _KEY.match(value):
        raise refuse(f"{where} is not a valid key.")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise refuse(f"{where} must be a whole number from {low} to {high}.")
    return value


def _date(value: Any, where: str) -> str | None:
    if value is None:
        return None
    try:
        parse_iso_date(value)
    except ValidationError as exc:
        raise refuse(f"{where}: {exc.message}") from None
    return value


def _uuid(value: Any, where: str) -> str:
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != value or parsed.version != 4:
        raise refuse(f"{where} is not a package identifier.")
    return value


def _list(value: Any, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise refuse(f"{where} must be a list.")
    if len(value) > limit:
        raise refuse(f"{where} has {len(value):,} entries; at most {limit:,} are allowed.")
    return value


def _unique(keys: list[str], where: str) -> None:
    if len(set(keys)) != len(keys):
        raise refuse(f"{where} repeats a key.")


def _keyed(
    items: list,
    each: str,
    fields: tuple[str, ...],
    what: str,
    check: Callable[[dict[str, Any], str], object],
) -> None:
    """A list of objects with a valid, unique "key" each ("<each> 1", "<each> 2", ...)."""
    keys = []
    for i, item in enumerate(items):
        where = f"{each} {i + 1}"
        _obj(item, where, fields)
        keys.append(_key(item["key"], where))
        check(item, where)
    _unique(keys, what)


def _check_subject(subject: dict[str, Any], where: str) -> None:
    if subject["role"] not in m.SUBJECT_ROLES:
        raise refuse(f"{where} has an unknown role.")
    _str(subject["pseudonym"], where, MAX_NAME, required=True)


def check_partial_date(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _PARTIAL_ISO.match(value):
        raise refuse(f"{where} must be a date written as YYYY, YYYY-MM or YYYY-MM-DD.")
    try:
        PartialDate(*(int(p) for p in value.split("-")))
    except ValidationError as exc:
        raise refuse(f"{where}: {exc.message}") from None
    return value


def check_time(value: Any, where: str) -> str:
    if value == "":
        return value
    if not isinstance(value, str) or not _TIME.match(value):
        raise refuse(f"{where} must be a time written as HH:MM, or empty.")
    try:
        parse_time(value)
    except ValidationError as exc:
        raise refuse(f"{where}: {exc.message}") from None
    return value


# --------------------------------------------------------------------------- validate
_COMMON = ("format", "format_version", "kind", "package_id", "created_at", "app_version")
# The sending store's audit chain head (issue 19): an anchor outside that store.
_OPTIONAL = ("audit_chain_head",)
_HASH = re.compile(r"^[0-9a-f]{64}$")


def _check_chain_head(data: dict[str, Any]) -> None:
    if "audit_chain_head" not in data:
        return
    head = _obj(
        data["audit_chain_head"],
        "The audit chain head",
        ("store_id", "entry", "hash", "recorded_at"),
    )
    _str(head["store_id"], "The audit chain head's store id", 64)
    _int(head["entry"], "The audit chain head's entry", 0, 2**53)
    if not isinstance(head["hash"], str) or not _HASH.match(head["hash"]):
        raise refuse("the audit chain head's hash is not a SHA-256 hash.")
    _str(head["recorded_at"], "The audit chain head's time", 40)


def validate(data: Any) -> dict[str, Any]:
    """Check a decoded payload completely; return it unchanged, or raise InputFileError."""
    if not isinstance(data, dict):
        raise refuse("the top level must be an object.")
    if data.get("format") != FORMAT:
        raise refuse("it is not a DHR Desk package payload.")
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PAYLOAD_VERSION:
        raise InputFileError(
            "This package was made by a newer version of DHR Desk.",
            hint="Install the newer DHR Desk to open it. Nothing was changed.",
        )
    if version != PAYLOAD_VERSION:
        raise refuse("its format version is not known.")
    kind = data.get("kind")
    if kind == "imr_request":
        _validate_request(data)
    elif kind == "imr_response":
        _validate_response(data)
    else:
        raise refuse("its kind is neither an IMR request nor an IMR response.")
    _uuid(data["package_id"], "The package id")
    created = _str(data["created_at"], "The creation time", 40, required=True)
    try:
        dt.datetime.fromisoformat(created)
    except ValueError:
        raise refuse("the creation time is not a date and time.") from None
    _str(data["app_version"], "The app version", 40)
    return data


def _validate_request(data: dict[str, Any]) -> None:
    _obj(
        data,
        "The request",
        (
            *_COMMON,
            "review",
            "agency",
            "request",
            "terms_of_reference",
            "subjects",
            "imr_sections",
            "chronology_guidance",
        ),
        _OPTIONAL,
    )
    _check_chain_head(data)
    review = _obj(data["review"], "The review", ("store_id", "reference", "review_token"))
    _str(review["store_id"], "The store id", 64, required=True)
    _str(review["reference"], "The review reference", 60, required=True)
    if not isinstance(review["review_token"], str) or not _TOKEN.match(review["review_token"]):
        raise refuse("the review token is not valid.")
    agency = _obj(data["agency"], "The agency", ("name", "sector", "contact_role"))
    _str(agency["name"], "The agency name", MAX_NAME, required=True)
    _str(agency["sector"], "The agency sector", MAX_NAME)
    _str(agency["contact_role"], "The agency contact role", MAX_NAME)
    request = _obj(data["request"], "The request details", ("type", "requested_on", "due_on"))
    if request["type"] not in m.REQUEST_TYPES:
        raise refuse("the kind of request is not known.")
    _date(request["requested_on"], "The request date")
    _date(request["due_on"], "The due date")
    tor = _obj(
        data["terms_of_reference"],
        "The terms of reference",
        ("period_start", "period_end", "period_rationale", "sections", "lines_of_enquiry"),
    )
    _date(tor["period_start"], "The start of the review period")
    _date(tor["period_end"], "The end of the review period")
    _str(tor["period_rationale"], "The rationale of the review period", MAX_TEXT)
    _keyed(
        _list(tor["sections"], "The sections", 50),
        "Terms of reference section",
        ("key", "title", "text"),
        "The terms of reference",
        lambda section, where: (
            _str(section["title"], where, MAX_NAME),
            _str(section["text"], where, MAX_TEXT),
        ),
    )
    _keyed(
        _list(tor["lines_of_enquiry"], "The lines of enquiry", MAX_LINES),
        "Line of enquiry",
        ("key", "text", "theme_id"),
        "The lines of enquiry",
        lambda line, where: (
            _str(line["text"], where, MAX_SHORT * 5, required=True),
            _str(line["theme_id"], where, 64),
        ),
    )
    _keyed(
        _list(data["subjects"], "The subjects", MAX_SUBJECTS),
        "Subject",
        ("key", "role", "pseudonym"),
        "The subjects",
        _check_subject,
    )
    known = dict(m.IMR_SECTIONS)
    keys = []
    for i, section in enumerate(_list(data["imr_sections"], "The IMR sections", 50)):
        where = f"IMR section {i + 1}"
        _obj(section, where, ("key", "title", "guidance"))
        if section["key"] not in known:
            raise refuse(f"{where} is not a section of an IMR.")
        keys.append(section["key"])
        _str(section["title"], where, MAX_NAME)
        _str(section["guidance"], where, MAX_SHORT)
    _unique(keys, "The IMR sections")
    _str(data["chronology_guidance"], "The chronology guidance", MAX_SHORT)


def _validate_response(data: dict[str, Any]) -> None:
    _obj(
        data,
        "The response",
        (
            *_COMMON,
            "review",
            "agency",
            "author",
            "signoff",
            "records_secured_on",
            "imr_sections",
            "analysis",
            "chronology",
        ),
        _OPTIONAL,
    )
    _check_chain_head(data)
    review = _obj(
        data["review"],
        "The review",
        ("store_id", "reference", "review_token", "request_package_id"),
    )
    _str(review["store_id"], "The store id", 64, required=True)
    _str(review["reference"], "The review reference", 60, required=True)
    if not isinstance(review["review_token"], str) or not _TOKEN.match(review["review_token"]):
        raise refuse("the review token is not valid.")
    _uuid(review["request_package_id"], "The request package id")
    agency = _obj(data["agency"], "The agency", ("name",))
    _str(agency["name"], "The agency name", MAX_NAME, required=True)
    author = _obj(data["author"], "The author", ("name", "role", "independence"))
    _str(author["name"], "The author's name", MAX_NAME)
    _str(author["role"], "The author's role", MAX_NAME)
    _str(author["independence"], "The independence statement", MAX_TEXT)
    signoff = _obj(data["signoff"], "The sign-off", ("name", "role", "on"))
    _str(signoff["name"], "The senior manager's name", MAX_NAME)
    _str(signoff["role"], "The senior manager's role", MAX_NAME)
    _date(signoff["on"], "The sign-off date")
    _date(data["records_secured_on"], "The date records were secured")
    _validate_imr_text(data["imr_sections"], data["analysis"])
    keys = [
        _validate_chronology_row(row, f"Chronology row {i + 1}")
        for i, row in enumerate(_list(data["chronology"], "The chronology", MAX_ROWS))
    ]
    _unique(keys, "The chronology")


def _validate_imr_text(sections: Any, analysis: Any) -> None:
    """The IMR sections (known keys only) and the analysis per line of enquiry."""
    if not isinstance(sections, dict):
        raise refuse("the IMR sections must be an object.")
    known = dict(m.IMR_SECTIONS)
    for key, text in sections.items():
        if key not in known:
            raise refuse(f"'{str(key)[:40]}' is not a section of an IMR.")
        _str(text, f"The IMR section {key}", MAX_TEXT)
    if not isinstance(analysis, dict) or len(analysis) > MAX_LINES:
        raise refuse("the analysis must be an object with one entry per line of enquiry.")
    for key, text in analysis.items():
        _key(key, "A line of enquiry of the analysis")
        _str(text, f"The analysis of {key}", MAX_TEXT)


def _validate_chronology_row(row: Any, where: str) -> str:
    """One chronology row of a response; returns its external key."""
    _obj(
        row,
        where,
        (
            "external_key",
            "date",
            "time",
            "sequence",
            "source",
            "event",
            "action",
            "agency_comment",
            "subjects",
        ),
    )
    key = _str(row["external_key"], f"{where} (its key)", 120, required=True)
    check_partial_date(row["date"], f"{where} (date)")
    check_time(row["time"], f"{where} (time)")
    _int(row["sequence"], f"{where} (sequence)", 0, 1_000_000)
    _str(row["source"], f"{where} (source of information)", MAX_SHORT, required=True)
    _str(row["event"], f"{where} (event)", MAX_ROW_TEXT)
    _str(row["action"], f"{where} (action)", MAX_ROW_TEXT)
    _str(row["agency_comment"], f"{where} (agency comment)", MAX_ROW_TEXT)
    if not (row["event"].strip() or row["action"].strip()):
        raise refuse(f"{where} records neither an event nor an action.")
    for subject in _list(row["subjects"], f"{where} (subjects)", MAX_SUBJECTS):
        _key(subject, f"{where} (a subject)")
    return key
