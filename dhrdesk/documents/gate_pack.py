"""The publication pack: the three documents in every format and the manifest, in
one folder that appears whole or not at all (dhrdesk/documents/pack_folder.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk import __version__
from dhrdesk.core import model as m
from dhrdesk.core.anonymise import (
    CATEGORY_LABELS,
)
from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.core.files import write_atomic
from dhrdesk.documents.gate_anonymiser import (
    PACK_DOCUMENTS,
    Anonymiser,
    anonymiser_for,
    blocked_error,
)
from dhrdesk.documents.gate_substitution import prepare
from dhrdesk.documents.gate_write import (
    FORMATS,
    WrittenFile,
    draft_version,
    write_publication,
)
from dhrdesk.documents.model import (
    KIND_LABELS,
    Document,
)
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pack_folder import StagedPack, remove_stale_staging, slug, staged_pack

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


# ------------------------------------------------------------------------ the pack
@dataclass
class Manifest:
    """What the CSP receives beside the files: hashes, the draft, every resolution."""

    reference: str
    draft_version: str
    generated_at: str
    app_version: str
    files: list[WrittenFile]
    folder: Path
    formats: list[str]
    resolutions: list[m.PublicationAcceptance] = field(default_factory=list)
    signoff: m.PublicationSignoff | None = None
    signoff_required: bool = False
    chain_head: dict | None = None

    @property
    def check(self) -> str:
        kept = sum(1 for r in self.resolutions if r.decision == "keep")
        replaced = len(self.resolutions) - kept
        if not self.resolutions:
            return (
                "passed: no finding before or after writing (scanned before writing and "
                "read back after writing)"
            )
        return (
            f"passed after resolution: {len(self.resolutions)} finding(s) resolved by the "
            f"chair ({kept} kept as written with a reason, {replaced} replaced as the "
            "registered identifier); none unresolved; read back after writing"
        )

    def _resolution(self, r: m.PublicationAcceptance) -> dict:
        return {
            "finding": CATEGORY_LABELS.get(r.category, r.category),
            "text": r.matched,
            "place": r.place or r.fingerprint.split("|", 2)[-1],
            "decision": "kept as written" if r.decision == "keep" else "replaced",
            "reason": r.reason,
            "by": r.accepted_by,
            "when": r.accepted_at,
        }

    def as_dict(self) -> dict:
        out = {
            "review": self.reference,
            "draft_version": self.draft_version,
            "generated_at": self.generated_at,
            "app": f"DHR Desk {self.app_version}",
            "check": self.check,
            "accepted_findings": len(self.resolutions),
            "resolutions": [self._resolution(r) for r in self.resolutions],
            "second_signoff": (
                {
                    "name": self.signoff.name,
                    "role": self.signoff.role,
                    "date": self.signoff.signed_on.isoformat(),
                    "recorded_by": self.signoff.recorded_by,
                }
                if self.signoff
                else ("required but missing" if self.signoff_required else "not required")
            ),
            "files": [
                {
                    "file": f.path.name,
                    "document": f.document,
                    "format": f.fmt,
                    "sha256": f.sha256,
                    "size": f.size,
                    "accepted_findings": f.accepted,
                }
                for f in self.files
            ],
        }
        if self.chain_head is not None:
            out["audit_chain_head"] = dict(self.chain_head)
        return out

    def log_entries(self) -> list[tuple[str, str, str, str, str]]:
        """What the store's publication log records of this pack, one row per file:
        (document kind, format, file name, SHA-256, result)."""
        return [
            (
                f.kind,
                f.fmt,
                f.path.name,
                f.sha256,
                f"publication pack: clean ({f.accepted} accepted finding(s))",
            )
            for f in self.files
        ]

    def text(self) -> str:
        lines = [
            f"Publication pack: {self.reference}",
            f"Draft version: {self.draft_version}",
            f"Generated: {self.generated_at} by DHR Desk {self.app_version}",
            f"Check: {self.check}",
        ]
        if self.signoff:
            role = f", {self.signoff.role}" if self.signoff.role else ""
            lines.append(
                f"Second sign-off: {self.signoff.name}{role}, on "
                f"{self.signoff.signed_on.isoformat()} (recorded by {self.signoff.recorded_by})"
            )
        else:
            lines.append(
                "Second sign-off: "
                + ("required but missing" if self.signoff_required else "not required by the CSP")
            )
        if self.chain_head is not None:
            lines.append(
                f"Audit chain head: entry {self.chain_head['entry']}, {self.chain_head['hash']}"
            )
        lines.append("")
        if self.resolutions:
            lines.append(f"Resolved findings ({len(self.resolutions)}):")
            for r in self.resolutions:
                item = self._resolution(r)
                lines.append(f"  - {item['finding']}: '{item['text']}' at {item['place']}")
                lines.append(
                    f"    {item['decision']} by {item['by'] or 'the chair'} on {item['when']}: "
                    f"{item['reason']}"
                )
            lines.append("")
        for f in self.files:
            lines.append(f"{f.path.name}  {f.size} bytes  SHA-256 {f.sha256}")
            lines.append(f"    {f.document}, {f.fmt.upper()}, {f.accepted} resolved finding(s)")
        if "docx" not in self.formats:
            lines += ["", "DOCX: not available in this build; PDF only."]
        return "\n".join(lines) + "\n"


def _chain_head(store: Store) -> dict:
    """The audit chain's head (store id, entry number, hash, when): an anchor outside the
    store, so a later rewrite of the store's history shows against this pack
    (``dhrdesk verify --against manifest.json``; docs/security.md)."""
    from dhrdesk.store.anchors import anchor_dict

    return anchor_dict(store)


def write_publication_pack(
    store: Store,
    review_id: int,
    out_dir: Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    renderer: Callable[[Document, str], bytes] | None = None,
) -> Manifest:
    """Overview, executive summary and action plan in the publication edition (PDF,
    and DOCX when available), each checked before and after writing, and a manifest.

    All or nothing: the files are written into a hidden, locked staging folder inside
    ``out_dir``, which becomes ``out_dir/<reference> publication pack/`` with one
    rename when every file passed (``... pack (2)/`` and so on when that folder
    exists already: a pack once written is never changed). If any document blocks, or
    the process dies half-way, no pack folder appears (see documents/pack_folder.py).
    Writes files only: the operation :func:`dhrdesk.documents.gate.publication_pack`
    logs them in the store.
    """
    from dhrdesk.documents.builders import build_document

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise DocumentError(f"The folder {out_dir} does not exist.", hint="Choose a folder.")
    review = store.repos.reviews.by_id(review_id)
    anon = anonymiser_for(store, review_id)
    formats = list(FORMATS)
    prepared = []
    for kind in PACK_DOCUMENTS:
        restricted = build_document(store, review.reference, kind, marking=None)
        prepared.append((kind, prepare(anon, restricted)))
    reports = [doc.scan for _, doc in prepared]
    if any(not r.ok for r in reports):
        raise blocked_error(reports)
    settings = store.repos.publication.settings(review_id)
    signoff = store.repos.publication.current_signoff(review_id)
    if settings.require_signoff and signoff is None:
        raise PublicationBlockedError(
            "The CSP requires a second person's sign-off of the resolved findings before a "
            "publication pack is written, and there is none for the current resolutions; "
            "nothing was written.",
            hint="Ask a second person (not the chair) to read the findings and record their "
            "sign-off on the Publication tab (or dhrdesk check-publication REF --sign-off NAME).",
        )
    used = {f.fingerprint for r in reports for f in r.resolved}
    acceptances = store.repos.publication.acceptances(review_id)
    resolutions = [a for fp, a in acceptances.items() if fp in used or a.decision == "replace"]
    final_name = f"{slug(review.reference)} publication pack"
    with staged_pack(out_dir, STAGING_PREFIX, final_name) as pack:
        return _write_pack(
            store,
            review,
            review_id,
            pack,
            prepared,
            formats,
            anon,
            resolutions,
            signoff,
            settings,
            progress,
            renderer,
        )


STAGING_PREFIX = ".publication-pack."


def _remove_stale_staging(out_dir: Path) -> None:
    """A pack killed half-way leaves its hidden staging folder: remove the ones no live
    process holds (the pack folder itself appears whole or not at all)."""
    remove_stale_staging(Path(out_dir), STAGING_PREFIX)


def _write_pack(
    store: Store,
    review: m.Review,
    review_id: int,
    pack: StagedPack,
    prepared: list,
    formats: list[str],
    anon: Anonymiser,
    resolutions: list,
    signoff: m.PublicationSignoff | None,
    settings: m.AnonymisationSettings,
    progress: Callable[[int, int, str], None] | None,
    renderer: Callable[[Document, str], bytes] | None,
) -> Manifest:
    total = len(prepared) * len(formats)
    step = 0
    staging = pack.staging
    written: list[WrittenFile] = []
    base = slug(review.reference)
    for kind, document in prepared:
        for fmt in formats:
            step += 1
            name = f"{base}-{kind}-publication.{fmt}"
            if progress:
                progress(step, total, f"{KIND_LABELS[kind]} ({fmt.upper()})")
            written.append(
                write_publication(anon, document, staging / name, fmt, renderer=renderer)
            )
    manifest = Manifest(
        review.reference,
        draft_version(store, review_id),
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        __version__,
        written,
        staging,
        formats,
        resolutions,
        signoff,
        settings.require_signoff,
        _chain_head(store),
    )
    write_atomic(
        staging / "manifest.json",
        json.dumps(manifest.as_dict(), indent=2, ensure_ascii=False) + "\n",
        "pack manifest",
    )
    write_atomic(staging / "manifest.txt", manifest.text(), "pack manifest")
    manifest.folder = pack.publish()
    for item in written:
        item.path = manifest.folder / item.path.name
    return manifest
