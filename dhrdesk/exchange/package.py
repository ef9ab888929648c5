"""Secure exchange with agencies that use DHR Desk: IMR request and response packages.

The chair exports, for one agency, an encrypted *request package* holding only what
that agency needs (its request, the terms of reference, the pseudonyms, blank IMR
sections with guidance). The agency's author opens it as a small *agency workspace*
(a new encrypted store of its own), fills in the IMR and chronology, and exports a
*response package*. The chair imports the response: authenticated, validated,
matched to exactly the request this store sent, previewed, then applied in one
transaction. Format and threat model: docs/packages.md.

Never imports Qt; never writes a decrypted package to disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk import __version__
from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date, format_timestamp
from dhrdesk.core.errors import (
    DhrDeskError,
    InputFileError,
    NotFoundError,
    ValidationError,
)
from dhrdesk.core.files import FileWriteError, write_atomic
from dhrdesk.core.ids import id_of
from dhrdesk.core.passphrase import check_passphrase
from dhrdesk.exchange import package_format as fmt
from dhrdesk.exchange.package_crypto import MAX_PACKAGE_BYTES, seal, unseal
from dhrdesk.store import anchors

if TYPE_CHECKING:
    from dhrdesk.store import Store

SUFFIX = ".dhrpkg"
PASSPHRASE_ADVICE = (
    "Give the package passphrase to the recipient separately, by phone: never in the "
    "same e-mail or on the same USB stick as the package."
)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --------------------------------------------------------------------------- files
def read_package(path: str | Path) -> bytes:
    """Read a package file into memory, with clear errors (exit 4)."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputFileError(f"{path} is a folder, not a package file.")
        if size > MAX_PACKAGE_BYTES:
            raise InputFileError(f"{path.name} is too large to be a DHR Desk package.")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"There is no package file at {path}.") from None
    except OSError as exc:
        raise InputFileError(f"The package {path} cannot be read: {exc.strerror}.") from None


def write_package(path: str | Path, content: bytes) -> Path:
    """Write atomically (core.files: temporary file in the same folder, then rename),
    mode 0600; FileWriteError, with nothing written, when it cannot be."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise FileWriteError(f"{path} is a folder: give a file name ending in {SUFFIX}.")
    return write_atomic(path, content, "package")


# --------------------------------------------------------------------------- chair: request
def _agency_of(store: Store, review: m.Review, agency_name: str) -> m.Agency:
    agency = store.repos.agency_input.agency_by_name(id_of(review), agency_name)
    if agency is None:
        names = [a.name for a in store.repos.records.list(m.Agency, id_of(review))]
        known = ", ".join(names) if names else "none yet"
        raise NotFoundError(
            f"There is no agency '{agency_name}' in review '{review.reference}'.",
            hint=f"Agencies of this review: {known}.",
        )
    if not agency.in_scope:
        raise ValidationError(
            f"{agency.name} is excluded from the scope of review '{review.reference}', "
            "so no IMR can be requested from it."
        )
    return agency


def _envelope(kind: str) -> dict[str, Any]:
    """What every payload starts with: format, version, kind, a new id, when, by what."""
    return {
        "format": fmt.FORMAT,
        "format_version": fmt.PAYLOAD_VERSION,
        "kind": kind,
        "package_id": str(uuid.uuid4()),
        "created_at": fmt.now_text(),
        "app_version": __version__,
    }


def build_request(
    store: Store, review: m.Review, agency: m.Agency, request: m.AgencyRequest, token: str
) -> dict[str, Any]:
    """The request payload: this agency, the terms, pseudonyms and blank sections only.

    Deliberately left out: the restricted register, subjects' descriptions, other
    agencies (names, requests, IMRs, chronologies), panel, family, costs, other reviews.
    """
    records = store.repos.records
    review_id = id_of(review)
    tor = store.repos.lifecycle.terms(review_id)
    return {
        **_envelope("imr_request"),
        "review": {
            "store_id": store.store_id,
            "reference": review.reference,
            "review_token": token,
        },
        "agency": {
            "name": agency.name,
            "sector": agency.sector,
            "contact_role": agency.contact_role,
        },
        "request": {
            "type": request.request_type,
            "requested_on": _iso(request.requested_on),
            "due_on": _iso(request.due_on),
        },
        "terms_of_reference": {
            "period_start": _iso(tor.period_start),
            "period_end": _iso(tor.period_end),
            "period_rationale": tor.period_rationale,
            "sections": [
                {"key": key, "title": title, "text": str(tor.sections.get(key, ""))}
                for key, title in m.TOR_SECTIONS
            ],
            "lines_of_enquiry": [
                {"key": f"line-{line.id}", "text": line.text, "theme_id": line.theme_id}
                for line in records.list(m.LineOfEnquiry, review_id)
            ],
        },
        "subjects": [
            {"key": f"subject-{s.id}", "role": s.role, "pseudonym": s.pseudonym}
            for s in records.list(m.Subject, review_id)
        ],
        "imr_sections": [
            {"key": key, "title": title, "guidance": fmt.IMR_GUIDANCE.get(key, "")}
            for key, title in m.IMR_SECTIONS
        ],
        "chronology_guidance": fmt.CHRONOLOGY_GUIDANCE,
        # The chair's chain head travels with the package: an anchor outside this store.
        anchors.ANCHOR_KEY: anchors.anchor_dict(store),
    }


def export_request(
    store: Store,
    reference: str,
    agency_name: str,
    passphrase: str,
    *,
    out: str | Path | None = None,
    today: dt.date | None = None,
) -> bytes:
    """Encrypt the IMR request for one agency; with ``out``, write it there atomically.

    The package is recorded as sent (receipt + the hash of its review token) only
    after the file was written, in one transaction with setting the request date.
    """
    check_passphrase(passphrase)
    today = today or dt.date.today()
    review = store.repos.reviews.get(reference)
    agency = _agency_of(store, review, agency_name)
    review_id, agency_id = id_of(review), id_of(agency)
    request = store.repos.agency_input.request(agency_id)
    if request.requested_on is None:
        request.requested_on = today
    token = secrets.token_urlsafe(32)
    payload = build_request(store, review, agency, request, token)
    content = seal(fmt.encode(payload), passphrase)
    if out is not None:
        write_package(out, content)
    with store.write("package.export", f"review:{review_id}/agency:{agency_id}"):
        store.repos.agency_input.save_request(request, today=today)
        store.repos.workspace.remember_request(
            payload["package_id"], review_id, agency_id, _token_hash(token)
        )
        store.repos.agency_input.record_package(
            payload["package_id"], review_id, agency_id, "request_sent", _sha256(content)
        )
    return content


# --------------------------------------------------------------------------- chair: response
@dataclass
class ResponsePreview:
    """What importing a response would add or change; nothing is written yet."""

    package_id: str
    created_at: str
    review_id: int
    reference: str
    agency_id: int
    agency_name: str
    author: str
    request_changes: list[str] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_changed: list[str] = field(default_factory=list)
    analysis_added: list[str] = field(default_factory=list)
    analysis_changed: list[str] = field(default_factory=list)
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    filename: str = "response.dhrpkg"
    content: bytes = field(default=b"", repr=False)
    request: m.AgencyRequest | None = field(default=None, repr=False)
    sections: dict[str, str] = field(default_factory=dict, repr=False)
    analysis: dict[int, str] = field(default_factory=dict, repr=False)
    entries: list[m.ChronologyEntry] = field(default_factory=list, repr=False)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.request_changes
            or self.sections
            or self.analysis
            or self.rows_new
            or self.rows_updated
        )

    def lines(self) -> list[str]:
        """The preview in words, for the CLI and the confirmation dialog."""
        labels = dict(m.IMR_SECTIONS)
        out = [
            f"IMR response from {self.agency_name} for review '{self.reference}'",
            f"  made {format_timestamp(self.created_at)} by {self.author or 'an unnamed author'}",
        ]
        out += [f"  request: {change}" for change in self.request_changes]
        for title, keys in (("add", self.sections_added), ("change", self.sections_changed)):
            if keys:
                names = "; ".join(labels.get(k, k) for k in keys)
                out.append(f"  IMR sections to {title} ({len(keys)}): {names}")
        if self.analysis_added or self.analysis_changed:
            out.append(
                f"  analysis: {len(self.analysis_added)} line(s) of enquiry to add, "
                f"{len(self.analysis_changed)} to change"
            )
        out.append(
            f"  chronology: {self.rows_new} new row(s), {self.rows_updated} updated, "
            f"{self.rows_unchanged} unchanged"
        )
        out += [f"  warning: {w}" for w in self.warnings]
        if not self.has_changes:
            out.append("  Nothing new: the store already holds everything in this response.")
        return out


def _refuse(message: str, hint: str = "Nothing was imported.") -> InputFileError:
    return InputFileError(message, hint=hint)


def _match_request(store: Store, payload: dict[str, Any]) -> tuple[m.Review, m.Agency]:
    """The review and agency of the request this response answers, or a clear refusal."""
    identity = payload["review"]
    reference = identity["reference"]
    if identity["store_id"] != store.store_id:
        raise _refuse(
            f"This response answers a request for review '{reference}' that was sent from "
            "another DHR Desk store, not this one.",
            hint="Import it into the store that sent the request. Nothing was imported.",
        )
    sent = store.repos.workspace.sent_request(identity["request_package_id"])
    review = store.repos.reviews.find(reference)
    if sent is None or review is None or review.id != sent.get("review_id"):
        raise _refuse(
            f"This response is for review '{reference}', but it does not answer any request "
            "sent for that review from this store.",
        )
    expected = str(sent.get("token_sha256", ""))
    if not hmac.compare_digest(expected, _token_hash(identity["review_token"])):
        raise _refuse(
            f"This response does not match the request sent for review '{reference}' "
            "(its review token is different).",
        )
    try:
        agency = store.repos.records.get(m.Agency, int(sent["agency_id"]))
    except (NotFoundError, KeyError, TypeError, ValueError):
        raise _refuse("The agency this request was sent to is no longer in the review.") from None
    if agency.review_id != review.id:
        raise _refuse("The agency this request was sent to is no longer in the review.")
    return review, agency


def _refuse_replay(store: Store, package_id: str) -> None:
    receipt = store.repos.workspace.receipt(package_id)
    if receipt is not None:
        raise _refuse(
            f"This response was already imported on {format_timestamp(receipt['at'])}.",
            hint="Importing it again would change nothing. Nothing was imported.",
        )


def _row_fields(entry: m.ChronologyEntry) -> tuple:
    return (
        entry.date,
        entry.time,
        entry.sequence,
        entry.source,
        entry.event,
        entry.action,
        entry.agency_comment,
        sorted(entry.subject_ids),
    )


def import_response(
    store: Store,
    content: bytes,
    passphrase: str,
    *,
    filename: str = "response.dhrpkg",
    today: dt.date | None = None,
) -> ResponsePreview:
    """Decrypt, authenticate, validate and match a response; return what it would change."""
    today = today or dt.date.today()
    payload = _payload(
        content,
        passphrase,
        "imr_response",
        "This is an IMR request package, not a response.",
        "The agency's author opens it (File > Open agency package…). Nothing was imported.",
    )
    _refuse_replay(store, payload["package_id"])
    review, agency = _match_request(store, payload)
    review_id, agency_id = id_of(review), id_of(agency)
    repo = store.repos.agency_input
    preview = ResponsePreview(
        package_id=payload["package_id"],
        created_at=payload["created_at"],
        review_id=review_id,
        reference=review.reference,
        agency_id=agency_id,
        agency_name=agency.name,
        author=payload["author"]["name"].strip(),
        filename=Path(filename).name or "response.dhrpkg",
        content=content,
    )
    if payload["agency"]["name"].casefold() != agency.name.casefold():
        preview.warnings.append(
            f"The response names the agency '{payload['agency']['name']}'; it answers the "
            f"request sent to {agency.name}."
        )

    _request_changes(preview, repo.request(agency_id), payload, today)
    _section_changes(preview, repo.imr_sections(agency_id), payload)
    lines = {
        f"line-{line.id}": line for line in store.repos.records.list(m.LineOfEnquiry, review_id)
    }
    _analysis_changes(preview, lines, repo.imr_analysis(agency_id), payload)
    subjects = {f"subject-{s.id}": id_of(s) for s in store.repos.records.list(m.Subject, review_id)}
    by_key = {e.external_key: e for e in repo.entries(review_id, agency_id) if e.external_key}
    _chronology_changes(preview, subjects, by_key, payload)
    return preview


def _request_changes(
    preview: ResponsePreview, current: m.AgencyRequest, payload: dict[str, Any], today: dt.date
) -> None:
    """The request: received today, author, independence, sign-off."""
    from dhrdesk.store.repositories.agency_input import check_request

    request = m.AgencyRequest(**{**current.__dict__})
    request.received_on = today
    author, signoff = payload["author"], payload["signoff"]
    updates = {
        "author_name": author["name"].strip(),
        "author_role": author["role"].strip(),
        "author_independence": author["independence"].strip(),
        "signoff_name": signoff["name"].strip(),
        "signoff_role": signoff["role"].strip(),
        "signoff_on": _date(signoff["on"]),
        "records_secured_on": _date(payload["records_secured_on"]),
    }
    for name, value in updates.items():
        if value not in ("", None) and getattr(request, name) != value:
            setattr(request, name, value)
            preview.request_changes.append(f"{name.replace('_', ' ')} set")
    preview.request_changes.insert(0, f"received on {format_date(today)}")
    try:
        check_request(request, today)
    except ValidationError as exc:
        raise _refuse(f"The response cannot be recorded: {exc.message}") from None
    preview.request = request


def _section_changes(
    preview: ResponsePreview, existing: dict[str, str], payload: dict[str, Any]
) -> None:
    """IMR sections (an empty section never clears text the chair already holds)."""
    for key, _ in m.IMR_SECTIONS:
        text = payload["imr_sections"].get(key, "")
        if not text.strip() or existing.get(key, "") == text:
            continue
        target = (
            preview.sections_changed if existing.get(key, "").strip() else preview.sections_added
        )
        target.append(key)
        preview.sections[key] = text


def _analysis_changes(
    preview: ResponsePreview,
    lines: dict[str, m.LineOfEnquiry],
    current_analysis: dict[int, str],
    payload: dict[str, Any],
) -> None:
    """The analysis per line of enquiry, by key."""
    for key, text in payload["analysis"].items():
        line = lines.get(key)
        if line is None:
            preview.warnings.append(
                "The analysis of a line of enquiry that is no longer in the terms of "
                "reference was left out."
            )
            continue
        line_id = id_of(line)
        if not text.strip() or current_analysis.get(line_id, "") == text:
            continue
        had = current_analysis.get(line_id, "").strip()
        (preview.analysis_changed if had else preview.analysis_added).append(line.text[:80])
        preview.analysis[line_id] = text


def _chronology_changes(
    preview: ResponsePreview,
    subjects: dict[str, int],
    by_key: dict[str, m.ChronologyEntry],
    payload: dict[str, Any],
) -> None:
    """Chronology rows, idempotent by external_key; the chair's own fields are kept."""
    from dhrdesk.store.repositories.agency_input import check_entry

    dropped_subjects = 0
    for row in payload["chronology"]:
        subject_ids = [subjects[k] for k in row["subjects"] if k in subjects]
        dropped_subjects += len(row["subjects"]) - len(subject_ids)
        entry = m.ChronologyEntry(
            review_id=preview.review_id,
            agency_id=preview.agency_id,
            date=row["date"],
            source=row["source"].strip(),
            event=row["event"].strip(),
            time=row["time"],
            sequence=row["sequence"],
            action=row["action"].strip(),
            agency_comment=row["agency_comment"].strip(),
            subject_ids=subject_ids,
            external_key=row["external_key"],
        )
        old = by_key.get(entry.external_key)
        if old is not None:
            if _row_fields(old) == _row_fields(entry):
                preview.rows_unchanged += 1
                continue
            entry.significance, entry.key_event = old.significance, old.key_event
            entry.themes, entry.duplicate_of = old.themes, old.duplicate_of
            preview.rows_updated += 1
        else:
            preview.rows_new += 1
        preview.entries.append(entry)
    if dropped_subjects:
        preview.warnings.append(
            f"{dropped_subjects} link(s) from chronology rows to people no longer in the "
            "review were left out."
        )
    try:
        for entry in preview.entries:
            check_entry(entry)
    except ValidationError as exc:
        raise _refuse(f"A chronology row cannot be imported: {exc.message}") from None


def apply_response(store: Store, preview: ResponsePreview) -> None:
    """Apply a previewed response in one transaction: all of it, or nothing."""
    repo = store.repos.agency_input
    _refuse_replay(store, preview.package_id)
    with store.write("package.import", f"review:{preview.review_id}/agency:{preview.agency_id}"):
        if preview.request is not None:
            repo.save_request(preview.request, today=preview.request.received_on)
        for key, text in preview.sections.items():
            repo.save_imr_section(preview.agency_id, key, text)
        for line_id, text in preview.analysis.items():
            repo.save_imr_analysis(preview.agency_id, line_id, text)
        if preview.entries:
            repo.add_entries(preview.entries, kind="chronology.package")
        repo.add_attachment(
            preview.review_id,
            preview.filename,
            preview.content,
            "package",
            agency_id=preview.agency_id,
            note=f"IMR response package {preview.package_id}",
        )
        repo.record_package(
            preview.package_id,
            preview.review_id,
            preview.agency_id,
            "response_received",
            _sha256(preview.content),
        )


# --------------------------------------------------------------------------- agency side
def package_anchor(path: str | Path, passphrase: str) -> anchors.Anchor:
    """The audit chain head a package carries (for `verify --against PACKAGE`)."""
    path = Path(path).expanduser()
    payload = fmt.decode(unseal(read_package(path), passphrase))
    head = payload.get(anchors.ANCHOR_KEY)
    if not isinstance(head, dict):
        raise InputFileError(
            f"The package {path.name} carries no audit chain head (it was made before "
            "DHR Desk recorded one).",
            hint="Compare with a backup or a publication pack manifest instead.",
        )
    what = "request" if payload["kind"] == "imr_request" else "response"
    return anchors.Anchor(
        head["entry"],
        head["hash"],
        head["recorded_at"],
        f"the IMR {what} package {path.name} made on {format_timestamp(payload['created_at'])}",
        head["store_id"],
    )


def read_request(content: bytes, passphrase: str) -> dict[str, Any]:
    """Decrypt and validate a request package (before creating a workspace for it)."""
    return _payload(
        content,
        passphrase,
        "imr_request",
        "This is an IMR response package, not a request.",
        "The chair imports it into the review (dhrdesk package import). Nothing was changed.",
    )


def _payload(
    content: bytes, passphrase: str, kind: str, wrong_kind: str, hint: str
) -> dict[str, Any]:
    """The decrypted, validated payload of a package of ``kind``; InputFileError
    (``wrong_kind``, ``hint``) for a package of the other kind."""
    payload = fmt.decode(unseal(content, passphrase))
    if payload["kind"] != kind:
        raise InputFileError(wrong_kind, hint=hint)
    return payload


def open_request(
    content: bytes,
    passphrase: str,
    workspace_path: str | Path,
    workspace_passphrase: str,
    author_name: str,
) -> Store:
    """Create a new encrypted agency workspace holding just this request; return it open.

    The workspace has its own passphrase (chosen by the author, not the package
    passphrase, which has travelled by phone and may be known to others).
    """
    from dhrdesk.store import Store
    from dhrdesk.store.database import remove_store_files

    payload = read_request(content, passphrase)
    check_passphrase(workspace_passphrase)
    workspace_path = Path(workspace_path).expanduser()
    store = Store.create(workspace_path, workspace_passphrase, author_name or "Agency author")
    try:
        _fill_workspace(store, payload, content)
    except BaseException:
        store.close()
        remove_store_files(workspace_path)
        raise
    return store


def _fill_workspace(store: Store, payload: dict[str, Any], content: bytes) -> None:
    records, repo = store.repos.records, store.repos.agency_input
    identity, tor_data = payload["review"], payload["terms_of_reference"]
    with store.write("workspace.create", "store"):
        review_id = store.repos.reviews.create(
            identity["reference"], title=f"IMR for {payload['agency']['name']}"
        )
        subjects = []
        for sort, item in enumerate(payload["subjects"]):
            subject = m.Subject(review_id, item["role"], item["pseudonym"], sort=sort)
            records.save(subject)
            subjects.append({**item, "id": subject.id})
        lines = []
        for sort, item in enumerate(tor_data["lines_of_enquiry"]):
            line = m.LineOfEnquiry(review_id, item["text"], item["theme_id"], sort=sort)
            records.save(line)
            lines.append({**item, "id": line.id})
        tor = m.TermsOfReference(
            review_id,
            _date(tor_data["period_start"]),
            _date(tor_data["period_end"]),
            tor_data["period_rationale"] or "",
            {s["key"]: s["text"] for s in tor_data["sections"] if s["text"]},
        )
        if tor.period_start or tor.period_end or tor.sections:
            if not tor.period_rationale.strip():
                tor.period_rationale = "(not given in the request)"
            store.repos.lifecycle.save_terms(tor)
        agency = m.Agency(
            review_id,
            payload["agency"]["name"],
            sector=payload["agency"]["sector"],
            contact_role=payload["agency"]["contact_role"],
        )
        records.save(agency)
        store.repos.workspace.mark_workspace(
            {
                "request_package_id": payload["package_id"],
                "store_id": identity["store_id"],
                "reference": identity["reference"],
                "review_token": identity["review_token"],
                "review_id": review_id,
                "agency_id": agency.id,
                "agency_name": agency.name,
                "request": payload["request"],
                "lines": lines,
                "subjects": subjects,
                "imr_sections": payload["imr_sections"],
                "chronology_guidance": payload["chronology_guidance"],
                "opened_at": fmt.now_text(),
            }
        )
        repo.record_package(
            payload["package_id"], review_id, agency.id, "request_received", _sha256(content)
        )


def workspace_details(store: Store) -> dict[str, Any]:
    """The request an agency workspace answers; refuses an ordinary store."""
    details = store.repos.workspace.workspace()
    if details is None:
        raise DhrDeskError(
            f"'{store.path.name}' is not an agency workspace.",
            hint="An agency workspace is created by opening an IMR request package.",
        )
    return details


def new_row_key() -> str:
    """A stable key for a chronology row written in a workspace (no duplicates on re-import)."""
    return f"pkg-{uuid.uuid4().hex}"


def save_workspace_row(store: Store, entry: m.ChronologyEntry) -> int:
    """Save a chronology row of the workspace, giving it its stable external key."""
    details = workspace_details(store)
    entry.review_id, entry.agency_id = details["review_id"], details["agency_id"]
    if not entry.external_key:
        entry.external_key = new_row_key()
    return store.repos.agency_input.save_entry(entry)


def build_response(store: Store) -> dict[str, Any]:
    """The response payload from an agency workspace."""
    details = workspace_details(store)
    repo = store.repos.agency_input
    agency_id, review_id = details["agency_id"], details["review_id"]
    request = repo.request(agency_id)
    sections = repo.imr_sections(agency_id)
    analysis = repo.imr_analysis(agency_id)
    line_keys = {line["id"]: line["key"] for line in details["lines"]}
    subject_keys = {s["id"]: s["key"] for s in details["subjects"]}
    rows = []
    for entry in repo.entries(review_id, agency_id):
        rows.append(
            {
                "external_key": entry.external_key or f"ws-{store.store_id}-{entry.id}",
                "date": entry.date,
                "time": entry.time,
                "sequence": entry.sequence,
                "source": entry.source,
                "event": entry.event,
                "action": entry.action,
                "agency_comment": entry.agency_comment,
                "subjects": [subject_keys[i] for i in entry.subject_ids if i in subject_keys],
            }
        )
    return {
        **_envelope("imr_response"),
        # The workspace's chain head: an anchor of the agency's store, held by the chair.
        anchors.ANCHOR_KEY: anchors.anchor_dict(store),
        "review": {
            "store_id": details["store_id"],
            "reference": details["reference"],
            "review_token": details["review_token"],
            "request_package_id": details["request_package_id"],
        },
        "agency": {"name": details["agency_name"]},
        "author": {
            "name": request.author_name,
            "role": request.author_role,
            "independence": request.author_independence,
        },
        "signoff": {
            "name": request.signoff_name,
            "role": request.signoff_role,
            "on": _iso(request.signoff_on),
        },
        "records_secured_on": _iso(request.records_secured_on),
        "imr_sections": {key: sections.get(key, "") for key, _ in m.IMR_SECTIONS},
        "analysis": {
            line_keys[line_id]: text
            for line_id, text in analysis.items()
            if line_id in line_keys and text.strip()
        },
        "chronology": rows,
    }


def export_response(store: Store, passphrase: str, *, out: str | Path | None = None) -> bytes:
    """Encrypt the workspace's IMR as a response package; with ``out``, write it there."""
    check_passphrase(passphrase)
    payload = build_response(store)
    fmt.validate(payload)  # never send what the chair's side would refuse
    content = seal(fmt.encode(payload), passphrase)
    if out is not None:
        write_package(out, content)
    details = workspace_details(store)
    store.repos.agency_input.record_package(
        payload["package_id"],
        details["review_id"],
        details["agency_id"],
        "response_sent",
        _sha256(content),
    )
    return content
