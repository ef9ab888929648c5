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
* One declaration per kind of record (:mod:`dhrdesk.core.records`) drives the
  export (:mod:`.review_export`), the import (:mod:`.review_import`), the meaning
  checks (:mod:`.validate`, :mod:`.review_meaning`) and the upgrade: a new kind costs
  its declaration, its table and its part of the schema (docs/architecture-records.md).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk import __version__
from dhrdesk.core import model as m
from dhrdesk.core import records
from dhrdesk.core.errors import DhrDeskError, InputFileError, StoreWriteError, ValidationError
from dhrdesk.core.files import FileWriteError, write_atomic
from dhrdesk.core.ids import id_of
from dhrdesk.exchange import validate
from dhrdesk.exchange.review_export import export_records
from dhrdesk.exchange.review_fields import from_json
from dhrdesk.exchange.review_import import import_records
from dhrdesk.exchange.review_meaning import check_v2_meaning

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

FORMAT = "dhrdesk-review"
FORMAT_VERSION = 2
MAX_FILE_BYTES = 50 * 1024 * 1024
_CHECK_FILE = "Check that you chose a file written by 'export-review'. Nothing was imported."
IMPORT_MODES = ("fail", "replace", "as_new")

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def _added_in(version: int, parent: str) -> dict[str, Callable[[], Any]]:
    """The parts of the file under ``parent`` that format ``version`` added, each with
    its empty value: the declared kinds (dhrdesk.core.records) and the hand-written
    parts (an IMR's sections and analysis, the chronology pairs, the publication log)."""
    parts: dict[str, Callable[[], Any]] = {}
    for kind in records.children(parent):
        if kind.since == version and records.in_file(kind):
            parts[records.file_name(kind)] = (lambda: None) if kind.single else list
    return {**parts, **_HAND_WRITTEN.get((version, parent), {})}


_HAND_WRITTEN: dict[tuple[int, str], dict[str, Callable[[], Any]]] = {
    (2, "agencies"): {"imr_sections": dict, "imr_analysis": list},
    (2, records.REVIEW): {"chronology_pairs": list, "publication_log": list},
}

# The parts version 2 added: review-level lists, the anonymisation settings (an object
# or null), and per agency its request (object or null), IMR and chronology.
V2_REVIEW_LISTS = tuple(
    name for name, empty in _added_in(2, records.REVIEW).items() if empty is list
)
V2_AGENCY_PARTS: dict[str, Callable[[], Any]] = _added_in(2, "agencies")


def _add_parts(version: int, parent: str, container: dict[str, Any]) -> None:
    """Give ``container`` (the review, or a record of kind ``parent``) and the records
    under it that older versions had the parts ``version`` added, empty."""
    for name, empty in _added_in(version, parent).items():
        container.setdefault(name, empty())
    for kind in records.children(parent):
        items = container.get(records.file_name(kind))
        if kind.since < version and not kind.single and isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    _add_parts(version, kind.name, item)


def _upgrade_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no agency input, drafting, recommendations or publication records:
    a version-1 file gets each new part empty (no request, no rows, no drafts), which is
    what a store holds for a review whose chair has not reached those stages yet.
    Anything malformed is left as it is for the schema to name."""
    review = doc.get("review")
    if isinstance(review, dict):
        _add_parts(2, records.REVIEW, review)
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


# --------------------------------------------------------------------------- export
def export_review(store: Store, reference: str, *, timestamp: bool = True) -> dict[str, Any]:
    """Everything of one review as a JSON-ready dict (see docs/interchange.md).

    ``timestamp=False`` writes ``exported_at: null`` so two exports of the same
    review are byte-identical.
    """
    review = store.repos.reviews.get(reference)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds") if timestamp else None,
        "app_version": __version__,
        "review": export_records(store, review),
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
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:  # attachments travel inside the file (base64)
        raise DhrDeskError(
            f"The review file would be {len(data) / 1024 / 1024:,.0f} MB, and DHR Desk imports "
            f"review files of up to {MAX_FILE_BYTES // 1024 // 1024} MB, so it was not written.",
            hint="The received files (attachments) make it this large. To move the whole "
            "store, use 'dhrdesk backup' and 'dhrdesk restore' instead.",
        )
    if not path.parent.is_dir():
        raise DhrDeskError(f"The folder {path.parent} does not exist.")
    try:
        write_atomic(path, data, "review file")
    except FileWriteError as exc:
        raise StoreWriteError(exc.message, hint="Nothing was written.") from None
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
    check_v2_meaning(data["review"], today)
    validate.check_records(_records_for_checks(data["review"]), today)
    return data


def load_review_file(path: str | Path, today: dt.date | None = None) -> dict[str, Any]:
    """Read, upgrade and fully validate a review file without touching any store."""
    return check_document(read_file(path), today)


def _records_for_checks(review: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    """Every record built as the app would save it, with its JSON path."""
    out: list[tuple[list[Any], Any]] = [(["review"], _build_review(review))]
    for kind, path, item in validate.declared_nodes(review):
        out.append((path, from_json(kind.cls, item, kind.internal())))
    return out


def _build_review(review: dict[str, Any]) -> m.Review:
    from dhrdesk.store.repositories.reviews import normalise_reference

    built = from_json(m.Review, review)
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
            store.repos.reviews.delete(id_of(existing))
        rid = ix.insert(review, cur)
        import_records(ix, cur, rid, doc)
        ix.index_review(rid, cur)  # verbatim inserts bypass the search write path
    return review.reference


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
