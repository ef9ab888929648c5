"""The publication gate: no published file carries a real identifier (issue 6).

Three steps, each distrusting the one before:

1. **Substitution** (:func:`substitute_document`): the restricted document model
   is copied, and every text place (section titles, paragraph runs, list items,
   quotes, table headers and cells, endnotes, glossary, cover fields, version
   table, document metadata; contents and bookmarks derive from the headings) is
   passed through a :class:`~dhrdesk.core.anonymise.Substituter` built from the
   review's restricted register and date policy. Dates of birth become the
   register's replacement (an age or age band), the date of death month and
   year, every other exact date month/year or relative to the death. The
   restricted text in the store is never altered. No marking.
2. **The scan before writing** (:func:`check_model`): every text of the *final*
   model, with its place ("Overview report › 13 Background information › 13.4"),
   is scanned by :class:`~dhrdesk.core.anonymise.Scanner`; ambiguous forms the
   substitution could not decide are added. Blocking findings the chair has not
   accepted stop the export (:class:`PublicationBlockedError`, exit 5) before a
   byte is written.
3. **The scan after writing** (:func:`write_publication`): the file is written to
   a hidden temporary name in the target folder, read back from disk
   (readback.py) and scanned again. If anything blocking remains, the file is
   deleted and the export fails loudly; only a clean file is renamed into place.

Acceptances are per finding (fingerprint: category, folded text, place) and are
audited by the store. :func:`publication_pack` writes the overview report,
executive summary and action plan (PDF, and DOCX when that backend exists) with
a manifest, all or nothing.

Where the code lives: gate_anonymiser.py (the review's register and the findings
report), gate_substitution.py (steps 1 and 2), gate_write.py (step 3, through the
one atomic writer), gate_pack.py (the pack and its manifest). This module holds the
two operations that drive a publication file, :func:`export_publication` and
:func:`publication_pack`: the document functions above only write files, and the
operation records what was written in the store's publication log, through
:class:`~dhrdesk.store.repositories.publication.PublicationRepository`. Every
public name of those modules is importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core.ids import id_of
from dhrdesk.documents.gate_anonymiser import (
    PACK_DOCUMENTS,
    ROLE_WORDS,
    SEP,
    Anonymiser,
    GateBlockedError,
    GateReport,
    anonymiser_for,
    blocked_error,
    scan_units,
)
from dhrdesk.documents.gate_pack import (
    STAGING_PREFIX,
    Manifest,
    _remove_stale_staging,
    write_publication_pack,
)
from dhrdesk.documents.gate_substitution import (
    PublicationDocument,
    check_model,
    check_publication,
    document_units,
    finding_by_fingerprint,
    prepare,
    publication_edition,
    substitute_document,
)
from dhrdesk.documents.gate_write import (
    FORMATS,
    READBACK_FAILED,
    WrittenFile,
    draft_version,
    render,
    write_publication,
)
from dhrdesk.documents.model import Document
from dhrdesk.documents.output import DocumentError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

__all__ = [
    "FORMATS",
    "PACK_DOCUMENTS",
    "READBACK_FAILED",
    "ROLE_WORDS",
    "SEP",
    "STAGING_PREFIX",
    "Anonymiser",
    "DocumentError",
    "GateBlockedError",
    "GateReport",
    "Manifest",
    "PublicationDocument",
    "WrittenFile",
    "_remove_stale_staging",
    "anonymiser_for",
    "blocked_error",
    "check_model",
    "check_publication",
    "document_units",
    "draft_version",
    "export_publication",
    "finding_by_fingerprint",
    "prepare",
    "publication_edition",
    "publication_pack",
    "render",
    "scan_units",
    "substitute_document",
    "write_publication",
    "write_publication_pack",
]


def export_publication(
    store: Store,
    reference: str,
    kind: str,
    path: Path,
    fmt: str = "pdf",
    *,
    renderer: Callable[[Document, str], bytes] | None = None,
    **build_options,
) -> WrittenFile:
    """The operation: build, gate, write and read back one publication document, then
    record it in the store's publication log."""
    from dhrdesk.documents.builders import build_document

    review = store.repos.reviews.get(reference)
    anon = anonymiser_for(store, id_of(review))
    restricted = build_document(store, reference, kind, marking=None, **build_options)
    published = prepare(anon, restricted)
    written = write_publication(anon, published, path, fmt, renderer=renderer)
    store.repos.publication.log(
        id_of(review),
        kind,
        fmt,
        written.path.name,
        written.sha256,
        draft_version(store, id_of(review)),
        f"clean ({written.accepted} accepted finding(s))",
    )
    return written


def publication_pack(store: Store, review_id: int, out_dir: Path, **options: Any) -> Manifest:
    """The operation: write the publication pack (:func:`write_publication_pack`, which
    takes the same ``options``: progress, renderer; one folder
    ``out_dir/<reference> publication pack/``, whole or not at all), then record each
    file in the store's publication log."""
    manifest = write_publication_pack(store, review_id, out_dir, **options)
    store.repos.publication.log_files(review_id, manifest.log_entries(), manifest.draft_version)
    return manifest
