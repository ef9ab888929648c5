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
  ``family-1``, ``line-1``, ``chronology-1``, ``attachment-1``, ``learning-1``;
  drafts are named by their version), numbered in the order they are exported.
* Version 2 adds what an agency sent (request, IMR, quality checklist, chronology
  rows nested under their agency), attachments with their content (base64), the
  chair's drafting, frozen drafts, recommendations and actions, QA rounds and the
  publication records. A version-1 file is upgraded by :data:`UPGRADES` ``[1]``.
* Deterministic: sorted keys, stable order, 2-space indent, UTF-8, trailing
  newline. Export -> import into an empty store -> export gives the same text;
  only ``exported_at`` differs, and it is ``null`` with ``timestamp=False``.
* Versioned: :data:`UPGRADES` maps N to a function turning a version-N document
  into version N+1; files newer than :data:`FORMAT_VERSION` are refused.
* All or nothing: the whole file is checked (schema, then meaning) before one
  transaction writes everything; any failure rolls back.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import dataclasses
import datetime as dt
import hashlib
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
FORMAT_VERSION = 2
MAX_FILE_BYTES = 50 * 1024 * 1024
_CHECK_FILE = "Check that you chose a file written by 'export-review'. Nothing was imported."
IMPORT_MODES = ("fail", "replace", "as_new")

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

# The parts version 2 added: review-level lists, the anonymisation settings (an object
# or null), and per agency its request (object or null), IMR and chronology.
V2_REVIEW_LISTS = (
    "chronology_pairs",
    "attachments",
    "report_sections",
    "checklist_responses",
    "drafts",
    "distributions",
    "section_comments",
    "learning_points",
    "recommendations",
    "qa_rounds",
    "publication_acceptances",
    "publication_log",
)
V2_AGENCY_PARTS: dict[str, Callable[[], Any]] = {
    "request": lambda: None,
    "imr_sections": dict,
    "imr_analysis": list,
    "imr_quality": list,
    "chronology": list,
}


def _upgrade_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no agency input, drafting, recommendations or publication records:
    a version-1 file gets each new part empty (no request, no rows, no drafts), which is
    what a store holds for a review whose chair has not reached those stages yet.
    Anything malformed is left as it is for the schema to name."""
    review = doc.get("review")
    if not isinstance(review, dict):
        return doc
    agencies = review.get("agencies")
    if isinstance(agencies, list):
        for agency in agencies:
            if isinstance(agency, dict):
                for name, empty in V2_AGENCY_PARTS.items():
                    agency.setdefault(name, empty())
    for name in V2_REVIEW_LISTS:
        review.setdefault(name, [])
    review.setdefault("anonymisation", None)
    return doc


# version N -> function turning a version-N document into version N+1 (see docs).
UPGRADES: dict[int, Upgrade] = {1: _upgrade_1_to_2}


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


# Never in the file: database ids and the links to parents (nesting says it all) or
# to other records (written as local keys under another name by the exporter).
_INTERNAL = {
    "id",
    "review_id",
    "meeting_id",
    "family_member_id",
    "agency_id",
    "recommendation_id",
    "action_id",
    "qa_round_id",
    "draft_id",
    "evidence_attachment_id",
    "line_of_enquiry_id",
    "subject_ids",
    "source_ids",
}


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
    lines = records.list(m.LineOfEnquiry, rid)
    subject_keys = _keyed(subjects, "subject")
    agency_keys = _keyed(agencies, "agency")
    line_keys = _keyed(lines, "line")
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
        agencies=[with_key(a, agency_keys[a.id]) for a in agencies],
        terms_of_reference=_to_json(lifecycle.terms(rid)),
        tor_versions=[_to_json(v) for v in lifecycle.versions(rid)],
        lines_of_enquiry=[with_key(line, line_keys[line.id]) for line in lines],
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
    _export_v2(store, rid, out, subject_keys, agency_keys, line_keys)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if timestamp else None,
        "app_version": __version__,
        "review": out,
    }


def _map_references(
    blocks: Any, change: Callable[[list[Any], dict[str, Any]], dict[str, Any]]
) -> Any:
    """A copy of structured blocks with every chronology reference run replaced by
    ``change(path, run)`` (``path`` relative to the blocks). Chronology references hold
    row ids in the store and row keys in the file; anything malformed is left for
    :func:`dhrdesk.core.richtext.validate_blocks` to name."""
    out = copy.deepcopy(blocks)
    if not isinstance(out, list):
        return out
    for i, block in enumerate(out):
        if not isinstance(block, dict):
            continue
        groups: list[tuple[list[Any], Any]] = [([i, "runs"], block.get("runs"))]
        items = block.get("items")
        if isinstance(items, list):
            groups += [([i, "items", k], item) for k, item in enumerate(items)]
        for where, runs in groups:
            if not isinstance(runs, list):
                continue
            for j, run in enumerate(runs):
                if isinstance(run, dict) and "chronology" in run:
                    runs[j] = change([*where, j], run)
    return out


def _export_v2(
    store: Store,
    rid: int,
    out: dict[str, Any],
    subject_keys: dict[int, str],
    agency_keys: dict[int, str],
    line_keys: dict[int, str],
) -> None:
    """Add the parts of format version 2 to the exported review ``out`` (in place)."""
    ai = store.repos.agency_input
    ix = store.repos.interchange

    # --- agencies: request, IMR, quality checklist, chronology (rows keyed review-wide)
    entries = {aid: ai.entries(rid, aid) for aid in agency_keys}
    row_order = [e.id for aid in agency_keys for e in entries[aid]]
    row_keys = {eid: f"chronology-{i}" for i, eid in enumerate(row_order, start=1)}
    position = {eid: i for i, eid in enumerate(row_order)}
    quality_order = {item: i for i, (item, _) in enumerate(m.IMR_QUALITY_ITEMS)}

    def row_json(entry: m.ChronologyEntry) -> dict[str, Any]:
        return {
            **_to_json(entry, ("duplicate_of",)),
            "key": row_keys[entry.id],
            "subjects": [subject_keys[s] for s in entry.subject_ids if s in subject_keys],
            "duplicate_of": row_keys.get(entry.duplicate_of) if entry.duplicate_of else None,
        }

    for agency, aid in zip(out["agencies"], agency_keys, strict=True):
        request = ix.request(aid)
        analysis = ai.imr_analysis(aid)
        agency.update(
            request=_to_json(request) if request is not None else None,
            imr_sections=ai.imr_sections(aid),
            imr_analysis=[
                {"line": key, "text": analysis[lid]}
                for lid, key in line_keys.items()
                if lid in analysis
            ],
            imr_quality=[
                _to_json(q)
                for q in sorted(
                    ix.imr_quality(aid), key=lambda q: (quality_order.get(q.item, 99), q.item)
                )
            ],
            chronology=[row_json(e) for e in entries[aid]],
        )
    pairs = []
    for first, second, decision in ix.chronology_pairs(rid):
        if first in position and second in position:
            a, b = sorted((first, second), key=position.__getitem__)
            pairs.append((position[a], position[b], decision))
    out["chronology_pairs"] = [
        {"first": row_keys[row_order[a]], "second": row_keys[row_order[b]], "decision": d}
        for a, b, d in sorted(pairs)
    ]

    # --- attachments (the received files themselves, base64)
    attachments = ix.attachments(rid)
    attachment_keys = {a.id: f"attachment-{i}" for i, (a, _) in enumerate(attachments, start=1)}
    out["attachments"] = [
        {
            **_to_json(a),
            "key": attachment_keys[a.id],
            "agency": agency_keys.get(a.agency_id) if a.agency_id else None,
            "content": base64.b64encode(content).decode("ascii"),
        }
        for a, content in attachments
    ]

    # --- drafting
    def reference_out(_where: list[Any], run: dict[str, Any]) -> dict[str, Any]:
        key = row_keys.get(run["chronology"]) if isinstance(run["chronology"], int) else None
        if key is None:  # the row was deleted: keep what the reader saw
            return {"text": str(run.get("label", ""))}
        return {**run, "chronology": key}

    out["report_sections"] = [
        {**_to_json(s, ("content",)), "content": _map_references(s.content, reference_out)}
        for s in ix.report_sections(rid)
    ]
    out["checklist_responses"] = [_to_json(c) for c in ix.checklist(rid)]
    drafts = ix.ordered(m.Draft, "review_id = ?", (rid,), "id")
    versions = {d.id: d.version for d in drafts}
    out["drafts"] = [_to_json(d) for d in drafts]
    out["distributions"] = [
        {**_to_json(d), "draft": versions.get(d.draft_id)}
        for d in ix.ordered(m.Distribution, "review_id = ?", (rid,), "sent_on, id")
        if d.draft_id in versions
    ]
    out["section_comments"] = [
        _to_json(c)
        for c in ix.ordered(m.SectionComment, "review_id = ?", (rid,), "resolved, created_on, id")
    ]

    # --- learning, recommendations, the action plan
    points = ix.ordered(m.LearningPoint, "review_id = ?", (rid,), "kind, sort, id")
    point_keys = _keyed(points, "learning")
    out["learning_points"] = [
        {
            **_to_json(p),
            "key": point_keys[p.id],
            "agency": agency_keys.get(p.agency_id) if p.agency_id else None,
        }
        for p in points
    ]

    def action_json(action: m.Action) -> dict[str, Any]:
        updates = ix.ordered(m.ActionUpdate, "action_id = ?", (action.id,), "date, id")
        return {
            **_to_json(action),
            "updates": [
                {
                    **_to_json(u),
                    "evidence_attachment": attachment_keys.get(u.evidence_attachment_id)
                    if u.evidence_attachment_id
                    else None,
                }
                for u in updates
            ],
        }

    out["recommendations"] = [
        {
            **_to_json(r),
            "sources": [point_keys[i] for i in r.source_ids if i in point_keys],
            "actions": [
                action_json(a)
                for a in ix.ordered(m.Action, "recommendation_id = ?", (r.id,), "sort, id")
            ],
        }
        for r in ix.ordered(m.Recommendation, "review_id = ?", (rid,), "number, id")
    ]

    # --- QA rounds
    out["qa_rounds"] = [
        {
            **_to_json(q),
            "draft": versions.get(q.draft_id) if q.draft_id else None,
            "areas": [
                {**_to_json(a), "draft": versions.get(a.draft_id) if a.draft_id else None}
                for a in ix.ordered(m.QaArea, "qa_round_id = ?", (q.id,), "number, id")
            ],
        }
        for q in ix.ordered(m.QaRound, "review_id = ?", (rid,), "number, id")
    ]

    # --- publication
    settings = ix.anonymisation(rid)
    out["anonymisation"] = _to_json(settings) if settings is not None else None
    out["publication_acceptances"] = [_to_json(a) for a in ix.acceptances(rid)]
    out["publication_signoffs"] = [_to_json(s) for s in ix.signoffs(rid)]
    out["publication_log"] = ix.publication_log(rid)


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
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:  # attachments travel inside the file (base64)
        raise DhrDeskError(
            f"The review file would be {len(data) / 1024 / 1024:,.0f} MB, and DHR Desk imports "
            f"review files of up to {MAX_FILE_BYTES // 1024 // 1024} MB, so it was not written.",
            hint="The received files (attachments) make it this large. To move the whole "
            "store, use 'dhrdesk backup' and 'dhrdesk restore' instead.",
        )
    folder = path.parent
    if not folder.is_dir():
        raise DhrDeskError(f"The folder {folder} does not exist.")
    tmp = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
    _check_v2_meaning(data["review"], today)
    validate.check_records(_records_for_checks(data["review"]), today)
    return data


_REQUEST_DATES = (
    "requested_on",
    "records_secured_on",
    "due_on",
    "received_on",
    "quality_checked_on",
    "accepted_on",
    "signoff_on",
)


def _check_v2_meaning(review: dict[str, Any], today: dt.date | None = None) -> None:
    """What the schema cannot say about the parts of format version 2: real dates,
    unique keys, references to keys that exist, attachments whose content matches
    their size and SHA-256, well-formed section content, and the rules the agency-input
    and drafting repositories apply when a chair types the record in. Assumes the
    schema passed."""
    from dhrdesk.core.chronology import parse_partial_iso
    from dhrdesk.core.richtext import validate_blocks
    from dhrdesk.store.repositories.agency_input import check_entry, check_request

    today = today or dt.date.today()
    problems = validate._Problems()
    add = problems.add
    base = ["review"]
    agencies = review.get("agencies", [])

    # --- dates (later checks build records from them)
    for i, agency in enumerate(agencies):
        request = agency.get("request")
        if request is not None:
            here = [*base, "agencies", i, "request"]
            for name in _REQUEST_DATES:
                validate.parse_date_at(problems, [*here, name], request.get(name))
            for j, chase in enumerate(request.get("chases", [])):
                validate.parse_date_at(problems, [*here, "chases", j], chase)
        for j, row in enumerate(agency.get("chronology", [])):
            try:
                parse_partial_iso(row["date"])
            except ValidationError as exc:
                add([*base, "agencies", i, "chronology", j, "date"], exc.message)
    for name, fields in (
        ("distributions", ("sent_on",)),
        ("section_comments", ("created_on",)),
        ("qa_rounds", ("submitted_on", "panel_date", "letter_date")),
    ):
        for i, item in enumerate(review.get(name, [])):
            for field_name in fields:
                validate.parse_date_at(problems, [*base, name, i, field_name], item.get(field_name))
    for i, rec in enumerate(review.get("recommendations", [])):
        for j, action in enumerate(rec.get("actions", [])):
            here = [*base, "recommendations", i, "actions", j]
            for field_name in ("target_date", "completed_on"):
                validate.parse_date_at(problems, [*here, field_name], action.get(field_name))
            for k, update in enumerate(action.get("updates", [])):
                validate.parse_date_at(problems, [*here, "updates", k, "date"], update.get("date"))
    for i, qa in enumerate(review.get("qa_rounds", [])):
        for j, area in enumerate(qa.get("areas", [])):
            here = [*base, "qa_rounds", i, "areas", j, "addressed_on"]
            validate.parse_date_at(problems, here, area.get("addressed_on"))
    problems.raise_if_any()

    # --- keys
    def keys_of(items: list[tuple[list[Any], Any]], words: str) -> set[str]:
        seen: set[str] = set()
        for path, value in items:
            if value is None:
                continue
            if value in seen:
                add(path, f"the {words} {validate.describe(value)} is used twice.")
            seen.add(value)
        return seen

    def listed(name: str, field_name: str = "key") -> list[tuple[list[Any], Any]]:
        return [
            ([*base, name, i, field_name], item.get(field_name))
            for i, item in enumerate(review.get(name, []))
        ]

    subjects = {s["key"] for s in review.get("subjects", [])}
    agency_keys = {a["key"] for a in agencies if a.get("key") is not None}
    lines = keys_of(listed("lines_of_enquiry"), "key")
    rows = keys_of(
        [
            ([*base, "agencies", i, "chronology", j, "key"], row.get("key"))
            for i, agency in enumerate(agencies)
            for j, row in enumerate(agency.get("chronology", []))
        ],
        "key",
    )
    attachments = keys_of(listed("attachments"), "key")
    points = keys_of(listed("learning_points"), "key")
    drafts = keys_of(listed("drafts", "version"), "draft version")
    keys_of(listed("publication_acceptances", "fingerprint"), "fingerprint")

    def ref(path: list[Any], value: Any, known: set[str], words: str) -> None:
        if value is not None and value not in known:
            add(path, f"there is no {words} with the key '{value}' in this file.")

    # --- agencies: request, IMR, quality checklist, chronology
    sections = dict(m.IMR_SECTIONS)
    for i, agency in enumerate(agencies):
        here = [*base, "agencies", i]
        for key in agency.get("imr_sections", {}):
            if key not in sections:
                add(
                    [*here, "imr_sections", key],
                    f"'{key}' is not a section of an IMR (known: {', '.join(sections)}).",
                )
        analysed: set[str] = set()
        for j, item in enumerate(agency.get("imr_analysis", [])):
            path = [*here, "imr_analysis", j, "line"]
            ref(path, item["line"], lines, "line of enquiry")
            if item["line"] in analysed:
                add(path, f"the line of enquiry '{item['line']}' is analysed twice.")
            analysed.add(item["line"])
        scored: set[str] = set()
        for j, item in enumerate(agency.get("imr_quality", [])):
            path = [*here, "imr_quality", j]
            if item["item"] in scored:
                add([*path, "item"], f"the checklist item '{item['item']}' is scored twice.")
            scored.add(item["item"])
            if item.get("score") in ("partly", "not_met") and not item.get("note", "").strip():
                add([*path, "note"], "say what is missing, so it can go in the chase letter.")
        external: set[str] = set()
        for j, row in enumerate(agency.get("chronology", [])):
            path = [*here, "chronology", j]
            for k, key in enumerate(row.get("subjects", [])):
                ref([*path, "subjects", k], key, subjects, "subject")
            ref([*path, "duplicate_of"], row.get("duplicate_of"), rows, "chronology row")
            if row.get("duplicate_of") is not None and row.get("duplicate_of") == row.get("key"):
                add([*path, "duplicate_of"], "a row cannot be a duplicate of itself.")
            key = row.get("external_key", "")
            if key and key in external:
                add(
                    [*path, "external_key"],
                    f"the external key {validate.describe(key)} is used twice in this "
                    "agency's chronology.",
                )
            external.add(key)
    paired: set[frozenset[str]] = set()
    for i, pair in enumerate(review.get("chronology_pairs", [])):
        path = [*base, "chronology_pairs", i]
        ref([*path, "first"], pair["first"], rows, "chronology row")
        ref([*path, "second"], pair["second"], rows, "chronology row")
        if pair["first"] == pair["second"]:
            add([*path, "second"], "a row cannot be paired with itself.")
        both = frozenset((pair["first"], pair["second"]))
        if both in paired:
            add(path, f"the rows '{pair['first']}' and '{pair['second']}' are paired twice.")
        paired.add(both)

    # --- attachments: the content must be the file the receipt log describes
    for i, item in enumerate(review.get("attachments", [])):
        path = [*base, "attachments", i]
        ref([*path, "agency"], item.get("agency"), agency_keys, "agency")
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError):
            add([*path, "content"], "is not base64 text.")
            continue
        if len(content) != item["size"]:
            add([*path, "size"], f"{item['size']} is not the size of the content ({len(content)}).")
        if hashlib.sha256(content).hexdigest() != item["sha256"].lower():
            add([*path, "sha256"], "does not match the content (the file is damaged or edited).")

    # --- drafting
    def reference_check(where: list[Any]) -> Callable[[list[Any], dict[str, Any]], dict]:
        def check(inner: list[Any], run: dict[str, Any]) -> dict[str, Any]:
            value = run["chronology"]
            if not isinstance(value, str):
                add(
                    [*where, *inner, "chronology"],
                    f"expected the key of a chronology row, found {validate.describe(value)}.",
                )
            else:
                ref([*where, *inner, "chronology"], value, rows, "chronology row")
            return {**run, "chronology": 1}

        return check

    seen_sections: set[tuple[str, str]] = set()
    for i, item in enumerate(review.get("report_sections", [])):
        path = [*base, "report_sections", i]
        pair_key = (item["document"], item["key"])
        if pair_key in seen_sections:
            add(
                [*path, "key"],
                f"the section '{item['key']}' of the {item['document']} appears twice.",
            )
        seen_sections.add(pair_key)
        before = len(problems.messages)
        mapped = _map_references(item.get("content", []), reference_check([*path, "content"]))
        if len(problems.messages) == before:
            try:
                validate_blocks(mapped, validate.json_path([*path, "content"]))
            except ValidationError as exc:
                problems.messages.append(exc.message)
    seen_items: set[tuple[str, str, str]] = set()
    for i, item in enumerate(review.get("checklist_responses", [])):
        path = [*base, "checklist_responses", i]
        triple = (item["document"], item["section_key"], item["item_id"])
        if triple in seen_items:
            add([*path, "item_id"], f"the checklist item '{item['item_id']}' appears twice.")
        seen_items.add(triple)
        if not item.get("ticked") and not item.get("explanation", "").strip():
            add(path, "tick the item, or explain why it does not apply or is not yet done.")
    for i, item in enumerate(review.get("distributions", [])):
        ref([*base, "distributions", i, "draft"], item["draft"], drafts, "draft")

    # --- learning, recommendations, QA rounds
    for i, item in enumerate(review.get("learning_points", [])):
        ref([*base, "learning_points", i, "agency"], item.get("agency"), agency_keys, "agency")
    for i, rec in enumerate(review.get("recommendations", [])):
        path = [*base, "recommendations", i]
        for j, key in enumerate(rec.get("sources", [])):
            ref([*path, "sources", j], key, points, "learning point")
        for j, action in enumerate(rec.get("actions", [])):
            for k, update in enumerate(action.get("updates", [])):
                where = [*path, "actions", j, "updates", k, "evidence_attachment"]
                ref(where, update.get("evidence_attachment"), attachments, "attachment")
    for i, qa in enumerate(review.get("qa_rounds", [])):
        path = [*base, "qa_rounds", i]
        ref([*path, "draft"], qa.get("draft"), drafts, "draft")
        for j, area in enumerate(qa.get("areas", [])):
            ref([*path, "areas", j, "draft"], area.get("draft"), drafts, "draft")
    problems.raise_if_any()

    # --- the agency-input repository's own rules
    for i, agency in enumerate(agencies):
        request = agency.get("request")
        checks: list[tuple[list[Any], Callable[[], None]]] = []
        if request is not None:
            built = _from_json(m.AgencyRequest, request, agency_id=0)
            checks.append(
                ([*base, "agencies", i, "request"], lambda r=built: check_request(r, today))
            )
        for j, row in enumerate(agency.get("chronology", [])):
            entry = _from_json(
                m.ChronologyEntry, _strip(row), review_id=0, agency_id=0, duplicate_of=None
            )
            checks.append(([*base, "agencies", i, "chronology", j], lambda e=entry: check_entry(e)))
        for path, check in checks:
            try:
                check()
            except ValidationError as exc:
                add(path, exc.message)
    problems.raise_if_any()


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
    # version 2: the records dhrdesk.core.validation knows
    for name, cls in (
        ("distributions", m.Distribution),
        ("section_comments", m.SectionComment),
        ("learning_points", m.LearningPoint),
    ):
        for i, item in enumerate(review.get(name, [])):
            out.append((["review", name, i], _from_json(cls, _strip(item))))
    for i, rec in enumerate(review.get("recommendations", [])):
        path = ["review", "recommendations", i]
        out.append((path, _from_json(m.Recommendation, _strip(rec))))
        for j, action in enumerate(rec.get("actions", [])):
            out.append(([*path, "actions", j], _from_json(m.Action, _strip(action))))
            for k, update in enumerate(action.get("updates", [])):
                where = [*path, "actions", j, "updates", k]
                out.append((where, _from_json(m.ActionUpdate, _strip(update))))
    for i, qa in enumerate(review.get("qa_rounds", [])):
        out.append((["review", "qa_rounds", i], _from_json(m.QaRound, _strip(qa))))
        for j, area in enumerate(qa.get("areas", [])):
            where = ["review", "qa_rounds", i, "areas", j]
            out.append((where, _from_json(m.QaArea, _strip(area))))
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

# Fields of the file that are references or nested lists, not columns. Not "agency":
# it is a text column of a panel member (learning points and attachments name their
# agency's key under that name, and have no column of that name).
_NOT_COLUMNS = {
    "key",
    "subject",
    "parallel_process",
    "attendees",
    "actions",
    "contacts",
    "draft",
    "line",
    "sources",
    "subjects",
    "updates",
    "areas",
    "evidence_attachment",
    *V2_AGENCY_PARTS,
}


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
        ids = _write_children(ix, cur, rid, doc)
        _write_v2(ix, cur, rid, doc, ids)
        ix.index_review(rid, cur)  # verbatim inserts bypass the search write path
    return review.reference


def _write_children(ix: Any, cur: Any, rid: int, doc: dict[str, Any]) -> dict[str, Any]:
    """Write the parts of format version 1; returns key -> new id per keyed list, and
    the agencies' new ids in file order (an agency's key is optional)."""
    ids: dict[str, Any] = {}

    def add_keyed(name: str, cls: type, **links: Any) -> list[int]:
        ids[name] = {}
        new_ids = []
        for item in doc.get(name, []):
            record = _from_json(cls, _strip(item), review_id=rid, **links)
            new_id = ix.insert(record, cur)
            new_ids.append(new_id)
            if item.get("key") is not None:
                ids[name][item["key"]] = new_id
        return new_ids

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
    ids["agency_ids"] = add_keyed("agencies", m.Agency)
    tor = doc.get("terms_of_reference")
    if tor:
        terms = _from_json(m.TermsOfReference, _strip(tor), review_id=rid)
        if terms != m.TermsOfReference(review_id=rid):
            ix.insert(terms, cur)
    for item in doc.get("tor_versions", []):
        ix.insert(_from_json(m.TorVersion, _strip(item), review_id=rid), cur)
    add_keyed("lines_of_enquiry", m.LineOfEnquiry)
    for item in doc.get("family_members", []):
        subject_id = ref("subjects", item.get("subject"))
        member = _from_json(m.FamilyMember, _strip(item), review_id=rid, subject_id=subject_id)
        member_id = ix.insert(member, cur)
        for contact in item.get("contacts", []):
            ix.insert(_from_json(m.FamilyContact, _strip(contact), family_member_id=member_id), cur)
    for item in doc.get("costs", []):
        ix.insert(_from_json(m.Cost, _strip(item), review_id=rid), cur)
    return ids


def _write_v2(ix: Any, cur: Any, rid: int, doc: dict[str, Any], ids: dict[str, Any]) -> None:
    """Write the parts of format version 2, after those of version 1 (they point at
    subjects, agencies and lines of enquiry)."""

    def ref(kind: str, key: str | None) -> int | None:
        return ids[kind][key] if key is not None else None

    # --- agencies: request, IMR, quality checklist, chronology rows
    rows: dict[str, int] = {}
    duplicates: list[tuple[int, str]] = []
    for agency_id, agency in zip(ids["agency_ids"], doc.get("agencies", []), strict=True):
        request = agency.get("request")
        if request is not None:
            ix.insert(_from_json(m.AgencyRequest, request, agency_id=agency_id), cur)
        for key, text in agency.get("imr_sections", {}).items():
            ix.insert(m.ImrSection(agency_id, key, text), cur)
        for item in agency.get("imr_analysis", []):
            line_id = ids["lines_of_enquiry"][item["line"]]
            ix.insert(m.ImrAnalysis(agency_id, line_id, item.get("text", "")), cur)
        for item in agency.get("imr_quality", []):
            ix.insert(_from_json(m.ImrQuality, item, agency_id=agency_id), cur)
        for item in agency.get("chronology", []):
            entry = _from_json(
                m.ChronologyEntry,
                _strip(item),
                review_id=rid,
                agency_id=agency_id,
                duplicate_of=None,
                subject_ids=[ids["subjects"][k] for k in item.get("subjects", [])],
            )
            entry_id = ix.insert(entry, cur)
            if item.get("key") is not None:
                rows[item["key"]] = entry_id
            if item.get("duplicate_of") is not None:
                duplicates.append((entry_id, item["duplicate_of"]))
    for entry_id, key in duplicates:  # second pass: the row kept may come later
        ix.set_duplicate_of(entry_id, rows[key], cur)
    for pair in doc.get("chronology_pairs", []):
        ix.add_pair(rows[pair["first"]], rows[pair["second"]], pair["decision"], cur)

    # --- attachments
    attachments: dict[str, int] = {}
    for item in doc.get("attachments", []):
        record = _from_json(
            m.Attachment, _strip(item), review_id=rid, agency_id=ref("agencies", item.get("agency"))
        )
        new_id = ix.insert_attachment(record, base64.b64decode(item["content"]), cur)
        if item.get("key") is not None:
            attachments[item["key"]] = new_id

    # --- drafting
    def reference_in(_where: list[Any], run: dict[str, Any]) -> dict[str, Any]:
        return {**run, "chronology": rows[run["chronology"]]}

    for item in doc.get("report_sections", []):
        content = _map_references(item.get("content", []), reference_in)
        ix.insert(_from_json(m.ReportSection, item, review_id=rid, content=content), cur)
    for item in doc.get("checklist_responses", []):
        ix.insert(_from_json(m.ChecklistResponse, item, review_id=rid), cur)
    drafts: dict[str, int] = {}
    for item in doc.get("drafts", []):
        drafts[item["version"]] = ix.insert(_from_json(m.Draft, item, review_id=rid), cur)
    for item in doc.get("distributions", []):
        record = _from_json(
            m.Distribution, _strip(item), review_id=rid, draft_id=drafts[item["draft"]]
        )
        ix.insert(record, cur)
    for item in doc.get("section_comments", []):
        ix.insert(_from_json(m.SectionComment, item, review_id=rid), cur)

    # --- learning, recommendations, the action plan
    points: dict[str, int] = {}
    for item in doc.get("learning_points", []):
        record = _from_json(
            m.LearningPoint,
            _strip(item),
            review_id=rid,
            agency_id=ref("agencies", item.get("agency")),
        )
        new_id = ix.insert(record, cur)
        if item.get("key") is not None:
            points[item["key"]] = new_id
    for item in doc.get("recommendations", []):
        record = _from_json(
            m.Recommendation,
            _strip(item),
            review_id=rid,
            source_ids=[points[k] for k in item.get("sources", [])],
        )
        rec_id = ix.insert(record, cur)
        for action in item.get("actions", []):
            action_id = ix.insert(
                _from_json(m.Action, _strip(action), recommendation_id=rec_id), cur
            )
            for update in action.get("updates", []):
                evidence = update.get("evidence_attachment")
                record = _from_json(
                    m.ActionUpdate,
                    _strip(update),
                    action_id=action_id,
                    evidence_attachment_id=attachments[evidence] if evidence else None,
                )
                ix.insert(record, cur)

    # --- QA rounds
    def draft_ref(version: str | None) -> int | None:
        return drafts[version] if version is not None else None

    for item in doc.get("qa_rounds", []):
        record = _from_json(
            m.QaRound, _strip(item), review_id=rid, draft_id=draft_ref(item.get("draft"))
        )
        round_id = ix.insert(record, cur)
        for area in item.get("areas", []):
            record = _from_json(
                m.QaArea, _strip(area), qa_round_id=round_id, draft_id=draft_ref(area.get("draft"))
            )
            ix.insert(record, cur)

    # --- publication
    settings = doc.get("anonymisation")
    if settings is not None:
        ix.insert(_from_json(m.AnonymisationSettings, settings, review_id=rid), cur)
    for item in doc.get("publication_acceptances", []):
        ix.insert(_from_json(m.PublicationAcceptance, item, review_id=rid), cur)
    for item in doc.get("publication_signoffs", []):
        ix.insert(_from_json(m.PublicationSignoff, item, review_id=rid), cur)
    for item in doc.get("publication_log", []):
        ix.add_publication_log(rid, item, cur)


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
    rows = sum(len(a.get("chronology", [])) for a in review.get("agencies", []))
    parts.append(f"{rows} chronology rows")
    for name, words in (
        ("attachments", "attachments"),
        ("drafts", "frozen drafts"),
        ("recommendations", "recommendations"),
    ):
        parts.append(f"{len(review.get(name, []))} {words}")
    return ", ".join(parts)
