"""A whole review as one versioned JSON file (docs/interchange.md).

Why a file format at all: a chair moves a review between stores they control
(a new laptop, a colleague taking over). The file is **plaintext by design** and
holds the restricted identity register; the encrypted packages for agencies are
a different format.

Design points
-------------
* ``{"format": "dhrdesk-review", "version": N, "exported_at", "app_version", "review"}``.
* No database ids: records that others point at carry local keys
  (``subject-1``, ``parallel-1``, ``panel-1``, ``meeting-1``, ``agency-1``,
  ``family-1``), numbered in the order they are exported.
* Deterministic: sorted keys, stable order, 2-space indent, UTF-8, trailing
  newline. Export -> import into an empty store -> export gives the same text;
  only ``exported_at`` differs, and it is ``null`` with ``timestamp=False``.
* Versioned: :data:`UPGRADES` maps N to a function turning a version-N document
  into version N+1; files newer than :data:`FORMAT_VERSION` are refused.
* All or nothing: the whole file is checked (schema, then meaning) before one
  transaction writes everything; any failure rolls back.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import json
import os
import types
import typing
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk import __version__
from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError, InputFileError, StoreWriteError, ValidationError
from dhrdesk.exchange import validate

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

FORMAT = "dhrdesk-review"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024
_CHECK_FILE = "Check that you chose a file written by 'export-review'. Nothing was imported."
IMPORT_MODES = ("fail", "replace", "as_new")

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

# version N -> function turning a version-N document into version N+1 (see docs).
UPGRADES: dict[int, Upgrade] = {}


class ReviewExistsError(DhrDeskError):
    """The store already holds the file's reference; the caller chooses replace or as-new."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"A review with the reference '{reference}' already exists in this store.",
            hint="Replace it, or import the file under a new reference.",
        )
        self.reference = reference


# --------------------------------------------------------------------------- records
@cache
def _date_fields(cls: type) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    out = set()
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        if dt.date in args:
            out.add(f.name)
    return frozenset(out)


# Never in the file: database ids and the links to parents (nesting says it all).
_INTERNAL = {"id", "review_id", "meeting_id", "family_member_id"}


def _to_json(obj: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    dates = _date_fields(type(obj))
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in _INTERNAL or f.name in drop:
            continue
        value = getattr(obj, f.name)
        if f.name in dates and value is not None:
            value = value.isoformat()
        out[f.name] = copy.deepcopy(value)
    return out


def _from_json(cls: type, data: dict[str, Any], **given: Any) -> Any:
    """Build a record from its (validated) JSON object; absent fields take their defaults."""
    from dhrdesk.core.dates import parse_iso_date

    dates = _date_fields(cls)
    values: dict[str, Any] = dict(given)
    for f in dataclasses.fields(cls):
        if f.name in values or f.name == "id" or f.name not in data:
            continue
        value = copy.deepcopy(data[f.name])
        if f.name in dates and value is not None:
            value = parse_iso_date(value)
        values[f.name] = value
    for f in dataclasses.fields(cls):  # required parent links not known yet
        if (
            f.name not in values
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ):
            values[f.name] = 0
    return cls(**values)


def _keyed(records: list[Any], prefix: str) -> dict[int, str]:
    return {r.id: f"{prefix}-{i}" for i, r in enumerate(records, start=1)}


# --------------------------------------------------------------------------- export
def export_review(store: Store, reference: str, *, timestamp: bool = True) -> dict[str, Any]:
    """Everything of one review as a JSON-ready dict (see docs/interchange.md).

    ``timestamp=False`` writes ``exported_at: null`` so two exports of the same
    review are byte-identical.
    """
    from dhrdesk.core.profiles import shipped_profiles

    review = store.repos.reviews.get(reference)
    rid = review.id
    records = store.repos.records
    lifecycle = store.repos.lifecycle

    subjects = records.list(m.Subject, rid)
    parallel = records.list(m.ParallelProcess, rid)
    panel = records.list(m.PanelMember, rid)
    meetings = records.list(m.Meeting, rid)
    agencies = records.list(m.Agency, rid)
    family = records.list(m.FamilyMember, rid)
    subject_keys = _keyed(subjects, "subject")
    parallel_keys = _keyed(parallel, "parallel")
    panel_keys = _keyed(panel, "panel")
    panel_order = {r.id: i for i, r in enumerate(panel)}

    profile = shipped_profiles().get(review.profile)
    order = {sid: i for i, sid in enumerate(profile.stage_ids)} if profile else {}
    stages = sorted(
        lifecycle.stages(rid), key=lambda s: (order.get(s.stage_id, len(order)), s.stage_id)
    )

    def with_key(obj: Any, key: str, drop: tuple[str, ...] = ()) -> dict[str, Any]:
        return {"key": key, **_to_json(obj, drop)}

    out = _to_json(review)
    out.update(
        subjects=[with_key(s, subject_keys[s.id]) for s in subjects],
        register=[
            {
                **_to_json(e, ("subject_id",)),
                "subject": subject_keys.get(e.subject_id) if e.subject_id else None,
            }
            for e in records.list(m.RegisterEntry, rid)
        ],
        people=sorted(
            (_to_json(p) for p in records.list(m.ReviewPerson, rid)),
            key=lambda p: m.PERSON_ROLES.index(p["role"]) if p["role"] in m.PERSON_ROLES else 99,
        ),
        stages=[_to_json(s) for s in stages],
        parallel_processes=[with_key(p, parallel_keys[p.id]) for p in parallel],
        pauses=[
            {
                **_to_json(p, ("parallel_process_id",)),
                "parallel_process": parallel_keys.get(p.parallel_process_id)
                if p.parallel_process_id
                else None,
            }
            for p in records.list(m.Pause, rid)
        ],
        panel_members=[with_key(p, panel_keys[p.id]) for p in panel],
        meetings=[
            {
                **with_key(mt, f"meeting-{i}"),
                "attendees": [
                    panel_keys[pid]
                    for pid in sorted(
                        (p for p in records.attendance(mt.id) if p in panel_keys),
                        key=panel_order.__getitem__,
                    )
                ],
                "actions": [_to_json(a) for a in records.list(m.MeetingAction, mt.id)],
            }
            for i, mt in enumerate(meetings, start=1)
        ],
        agencies=[with_key(a, f"agency-{i}") for i, a in enumerate(agencies, start=1)],
        terms_of_reference=_to_json(lifecycle.terms(rid)),
        tor_versions=[_to_json(v) for v in lifecycle.versions(rid)],
        lines_of_enquiry=[_to_json(line) for line in records.list(m.LineOfEnquiry, rid)],
        family_members=[
            {
                **with_key(f, f"family-{i}", ("subject_id",)),
                "subject": subject_keys.get(f.subject_id) if f.subject_id else None,
                "contacts": [_to_json(c) for c in records.list(m.FamilyContact, f.id)],
            }
            for i, f in enumerate(family, start=1)
        ],
        costs=[_to_json(c) for c in records.list(m.Cost, rid)],
    )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if timestamp else None,
        "app_version": __version__,
        "review": out,
    }


def dumps(data: dict[str, Any]) -> str:
    """The canonical text of a document: sorted keys, 2-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def write_file(path: str | Path, text: str) -> Path:
    """Write atomically (temporary file in the same folder, then rename), mode 0600.

    An existing file is replaced only once the new one is complete, so a failure
    (disk full) leaves it as it was.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise DhrDeskError(f"{path} is a folder: give a file name such as review.json.")
    folder = path.parent
    if not folder.is_dir():
        raise DhrDeskError(f"The folder {folder} does not exist.")
    tmp = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise StoreWriteError(
            f"The file {path} could not be written: {exc.strerror or exc}.",
            hint="Nothing was written.",
        ) from None
    return path


def export_to_file(
    store: Store, reference: str, out: str | Path, *, timestamp: bool = True
) -> Path:
    """Export a review and write it atomically to ``out`` (plaintext, mode 0600)."""
    return write_file(out, dumps(export_review(store, reference, timestamp=timestamp)))


# --------------------------------------------------------------------------- reading
def read_file(path: str | Path) -> Any:
    """Read and parse a file with clear messages for each way it can be unusable."""
    path = Path(path).expanduser()
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFileError(f"There is no file at {name}.", hint=_CHECK_FILE) from None
    except OSError as exc:
        raise InputFileError(
            f"The file {name} cannot be read: {exc.strerror}.", hint=_CHECK_FILE
        ) from None
    if path.is_dir():
        raise InputFileError(f"{name} is a folder, not a review file.", hint=_CHECK_FILE)
    if size > MAX_FILE_BYTES:
        raise InputFileError(
            f"The file {name} is too large to be a review file ({size / 1024 / 1024:,.0f} MB; "
            f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB). It was not read.",
            hint=_CHECK_FILE,
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(
            f"The file {name} cannot be read: {exc.strerror}.", hint=_CHECK_FILE
        ) from None
    return parse_bytes(raw, name)


def parse_bytes(raw: bytes, name: str = "the file") -> Any:
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(f"{name} is too large to be a review file.", hint=_CHECK_FILE)
    if not raw.strip():
        raise InputFileError(f"{name} is empty: it does not hold a review.", hint=_CHECK_FILE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}): "
            "review files are written in UTF-8.",
            hint=_CHECK_FILE,
        ) from None

    def refuse_constant(token: str) -> None:
        raise ValueError(token)

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        truncated = exc.pos >= len(body) or (
            exc.msg.startswith("Unterminated string") and "\n" not in body[exc.pos :]
        )
        if truncated:
            line = body.count("\n") + 1
            column = len(body) - (body.rfind("\n") + 1) + 1
            reason = f"the file ends too early at line {line}, column {column} (it looks truncated)"
        else:
            reason = f"{exc.msg.lower()} at line {exc.lineno}, column {exc.colno}"
        raise InputFileError(
            f"{name} is not valid JSON: {reason}.", hint="Nothing was imported."
        ) from None
    except ValueError as exc:
        raise InputFileError(
            f"{name} is not valid JSON: {exc} is not a number JSON allows.",
            hint="Nothing was imported.",
        ) from None
    except RecursionError:
        raise InputFileError(
            f"{name} is nested too deeply to be a review file.", hint=_CHECK_FILE
        ) from None


# --------------------------------------------------------------------------- versions
def upgrade(
    data: dict[str, Any],
    *,
    upgrades: dict[int, Upgrade] | None = None,
    current: int = FORMAT_VERSION,
) -> dict[str, Any]:
    """Bring a document of any supported version up to ``current``, one step at a time."""
    upgrades = UPGRADES if upgrades is None else upgrades
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputFileError(
            f"version: expected a whole number, found {validate.describe(version)}.",
            hint="Nothing was imported.",
        )
    if version > current:
        raise InputFileError(
            f"This file was written by a newer DHR Desk (format version {version}); "
            f"this app reads up to {current}.",
            hint="Install the newer DHR Desk to import it. Nothing was imported.",
        )
    if version < 1:
        raise InputFileError(
            f"version: {version} is not a format version (they start at 1).",
            hint="Nothing was imported.",
        )
    while version < current:
        step = upgrades.get(version)
        if step is None:  # a release without a step for an old version is a bug
            raise DhrDeskError(f"There is no upgrade from format version {version}.")
        data = step(copy.deepcopy(data))
        version += 1
        data["version"] = version
    return data


def check_document(data: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Validate a parsed document of any supported version; returns it upgraded to current."""
    if not isinstance(data, dict):
        raise InputFileError(
            f"This is not a DHR Desk review file: the top level is {validate.describe(data)}, "
            "not an object.",
            hint="Nothing was imported.",
        )
    if data.get("format") != FORMAT:
        found = validate.describe(data.get("format")) if "format" in data else "missing"
        raise InputFileError(
            f"This is not a DHR Desk review file: 'format' is {found}, not '{FORMAT}'.",
            hint="Nothing was imported.",
        )
    data = upgrade(data)
    validate.check_schema(data)
    validate.check_meaning(data, today)
    validate.check_records(_records_for_checks(data["review"]), today)
    return data


def load_review_file(path: str | Path, today: dt.date | None = None) -> dict[str, Any]:
    """Read, upgrade and fully validate a review file without touching any store."""
    return check_document(read_file(path), today)


def _records_for_checks(review: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    """Every record built as the app would save it, with its JSON path."""
    out: list[tuple[list[Any], Any]] = [(["review"], _build_review(review))]
    for name, cls in _LISTS.items():
        for i, item in enumerate(review.get(name, [])):
            out.append((["review", name, i], _from_json(cls, _strip(item))))
    for i, meeting in enumerate(review.get("meetings", [])):
        for j, action in enumerate(meeting.get("actions", [])):
            out.append(
                (["review", "meetings", i, "actions", j], _from_json(m.MeetingAction, action))
            )
    for i, member in enumerate(review.get("family_members", [])):
        for j, contact in enumerate(member.get("contacts", [])):
            path = ["review", "family_members", i, "contacts", j]
            out.append((path, _from_json(m.FamilyContact, contact)))
    return out


# JSON list -> record class, for the lists whose items map field by field.
_LISTS: dict[str, type] = {
    "subjects": m.Subject,
    "register": m.RegisterEntry,
    "people": m.ReviewPerson,
    "parallel_processes": m.ParallelProcess,
    "pauses": m.Pause,
    "panel_members": m.PanelMember,
    "meetings": m.Meeting,
    "agencies": m.Agency,
    "lines_of_enquiry": m.LineOfEnquiry,
    "family_members": m.FamilyMember,
    "costs": m.Cost,
}

# Fields of the file that are references or nested lists, not columns.
_NOT_COLUMNS = {"key", "subject", "parallel_process", "attendees", "actions", "contacts"}


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in item.items() if k not in _NOT_COLUMNS}
    if "days" in out and out["days"] is not None:
        out["days"] = float(out["days"])
    for name in ("amount_pence", "rate_pence", "sort", "number"):
        if out.get(name) is not None:
            out[name] = int(out[name])
    return out


def _review_fields(review: dict[str, Any]) -> dict[str, Any]:
    columns = {f.name for f in dataclasses.fields(m.Review)}
    return {k: v for k, v in review.items() if k in columns and k != "id"}


def _build_review(review: dict[str, Any]) -> m.Review:
    from dhrdesk.store.repositories.reviews import normalise_reference

    built = _from_json(m.Review, _review_fields(review))
    built.reference = normalise_reference(built.reference)
    return built


# --------------------------------------------------------------------------- import
def import_review(
    store: Store,
    data_or_path: dict[str, Any] | str | Path,
    mode: str = "fail",
    new_reference: str | None = None,
    *,
    today: dt.date | None = None,
) -> str:
    """Import a review file (or parsed document) into ``store``; returns the reference used.

    ``mode``: "fail" raises :class:`ReviewExistsError` when the reference exists;
    "replace" deletes the existing review in the same transaction; "as_new"
    imports under ``new_reference``. Everything is checked first, then written
    in one transaction: on any failure the store is unchanged.
    """
    from dhrdesk.store.repositories.reviews import normalise_reference

    if mode not in IMPORT_MODES:
        raise ValidationError(
            f"Unknown import mode '{mode}' (use one of: {', '.join(IMPORT_MODES)})."
        )
    if isinstance(data_or_path, str | os.PathLike):
        data = load_review_file(data_or_path, today)
    else:  # an already parsed document (of any supported version)
        data = check_document(copy.deepcopy(data_or_path), today)
    doc = data["review"]
    review = _build_review(doc)
    if mode == "as_new":
        if not new_reference or not normalise_reference(new_reference):
            raise ValidationError("Give the new reference to import the review under.")
        review.reference = normalise_reference(new_reference)
        from dhrdesk.core import validation

        validation.check_review(review)
    review.created_at = review.created_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    review.updated_at = review.updated_at or review.created_at

    ix = store.repos.interchange
    with store.write("review.import", f"reference:{review.reference}") as cur:
        existing = store.repos.reviews.find(review.reference)
        if existing is not None:
            if mode != "replace":
                raise ReviewExistsError(review.reference)
            store.repos.reviews.delete(existing.id)
        rid = ix.insert(review, cur)
        _write_children(ix, cur, rid, doc)
    return review.reference


def _write_children(ix: Any, cur: Any, rid: int, doc: dict[str, Any]) -> None:
    ids: dict[str, dict[str, int]] = {}

    def add_keyed(name: str, cls: type, **links: Any) -> None:
        ids[name] = {}
        for item in doc.get(name, []):
            record = _from_json(cls, _strip(item), review_id=rid, **links)
            new_id = ix.insert(record, cur)
            if item.get("key") is not None:
                ids[name][item["key"]] = new_id

    def ref(kind: str, key: str | None) -> int | None:
        return ids[kind][key] if key is not None else None

    add_keyed("subjects", m.Subject)
    for item in doc.get("register", []):
        record = _from_json(
            m.RegisterEntry,
            _strip(item),
            review_id=rid,
            subject_id=ref("subjects", item.get("subject")),
        )
        ix.insert(record, cur)
    for item in doc.get("people", []):
        ix.insert(_from_json(m.ReviewPerson, _strip(item), review_id=rid), cur)
    for item in doc.get("stages", []):
        ix.insert(_from_json(m.StageDates, _strip(item), review_id=rid), cur)
    add_keyed("parallel_processes", m.ParallelProcess)
    for item in doc.get("pauses", []):
        pp = ref("parallel_processes", item.get("parallel_process"))
        ix.insert(_from_json(m.Pause, _strip(item), review_id=rid, parallel_process_id=pp), cur)
    add_keyed("panel_members", m.PanelMember)
    for item in doc.get("meetings", []):
        meeting_id = ix.insert(_from_json(m.Meeting, _strip(item), review_id=rid), cur)
        members = [ids["panel_members"][key] for key in item.get("attendees", [])]
        ix.add_attendance(meeting_id, sorted(members), cur)
        for action in item.get("actions", []):
            ix.insert(_from_json(m.MeetingAction, _strip(action), meeting_id=meeting_id), cur)
    add_keyed("agencies", m.Agency)
    tor = doc.get("terms_of_reference")
    if tor:
        terms = _from_json(m.TermsOfReference, _strip(tor), review_id=rid)
        if terms != m.TermsOfReference(review_id=rid):
            ix.insert(terms, cur)
    for item in doc.get("tor_versions", []):
        ix.insert(_from_json(m.TorVersion, _strip(item), review_id=rid), cur)
    for item in doc.get("lines_of_enquiry", []):
        ix.insert(_from_json(m.LineOfEnquiry, _strip(item), review_id=rid), cur)
    for item in doc.get("family_members", []):
        subject_id = ref("subjects", item.get("subject"))
        member = _from_json(m.FamilyMember, _strip(item), review_id=rid, subject_id=subject_id)
        member_id = ix.insert(member, cur)
        for contact in item.get("contacts", []):
            ix.insert(_from_json(m.FamilyContact, _strip(contact), family_member_id=member_id), cur)
    for item in doc.get("costs", []):
        ix.insert(_from_json(m.Cost, _strip(item), review_id=rid), cur)


def summary(data: dict[str, Any]) -> str:
    """A one-line count of what a document holds, for messages."""
    review = data["review"]
    parts = []
    for name, words in (
        ("subjects", "subjects"),
        ("register", "register entries"),
        ("meetings", "meetings"),
        ("panel_members", "panel members"),
        ("family_members", "family members"),
        ("costs", "costs"),
    ):
        parts.append(f"{len(review.get(name, []))} {words}")
    return ", ".join(parts)
