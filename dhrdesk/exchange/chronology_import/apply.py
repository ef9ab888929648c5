"""Writing the previewed rows, the agency and the received file in one transaction."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core.errors import InputFileError, ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.model import Agency, Attachment, ChronologyEntry
from dhrdesk.exchange.chronology_import.base import ImportProgress, _display_name
from dhrdesk.exchange.chronology_import.previewing import ImportPreview

if TYPE_CHECKING:
    from dhrdesk.store.database import Store
    from dhrdesk.store.repositories.agency_input import AgencyInputRepository


# ----------------------------------------------------------------------------- apply
@dataclass
class ImportResult:
    """What an import did. ``unchanged`` rows were already in the store from an earlier
    import of the same rows; ``skipped`` rows had problems and were left out on request."""

    added: int
    updated: int
    attachment_id: int | None
    unchanged: int = 0
    skipped: int = 0
    agency_id: int = 0
    agency_added: bool = False

    def summary(self) -> str:
        parts = [f"{self.added} row(s) added", f"{self.updated} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged} already there")
        if self.skipped:
            parts.append(f"{self.skipped} skipped because of problems")
        return ", ".join(parts) + "."


_CONTENT_FIELDS = ("date", "time", "sequence", "source", "event", "action", "agency_comment")


def apply_import(
    store: Store,
    review_id: int,
    agency_name: str,
    filename: str,
    content: bytes,
    preview: ImportPreview,
    *,
    skip_errors: bool = False,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Write the previewed rows, the agency (if new) and the received file, all or nothing.

    Refuses (InputFileError, nothing written) when the preview has problems, unless
    the chair explicitly chose ``skip_errors``: then only the good rows are imported
    and the result says how many were skipped. Rows already imported earlier (same
    external key) keep what the chair added (significance, key event, themes,
    subjects, duplicate decisions); identical rows are left alone, so importing the
    same file twice changes nothing. The file is kept as an attachment of kind
    "chronology_import" (SHA-256, who, when), once per file and agency.

    ``progress`` reports the rows written and carries the chair's Cancel: a cancel
    raises :class:`ImportCancelledError` inside the transaction, so nothing is kept.
    Time grows in proportion to the rows (each duplicate check is one index lookup).
    """
    name = _display_name(filename)
    good = _importable_rows(name, content, preview, review_id, agency_name, skip_errors)
    skipped = preview.error_count
    repo = store.repos.agency_input
    existing_agency = repo.agency_by_name(review_id, agency_name)
    previous, kept = _earlier_import(repo, review_id, existing_agency, content)
    planned, added, updated, unchanged = _plan(good, previous, review_id)
    if not planned and kept is not None and existing_agency is not None:
        # The same file again (kept only for a known agency): nothing to add, nothing to record.
        return ImportResult(0, 0, kept.id, unchanged, skipped, id_of(existing_agency), False)
    with store.write("chronology.import", f"review:{review_id}"):
        agency_id = id_of(existing_agency or repo.ensure_agency(review_id, agency_name))
        for entry in planned:
            entry.agency_id = agency_id
        if planned:
            on_row = None
            if progress is not None:

                def on_row(done: int, total: int) -> None:
                    progress.step("Importing", done, total)

            repo.add_entries(planned, on_row=on_row)
        if progress is not None:
            progress.check()
        if kept is None:
            note = f"Chronology import: {len(good)} row(s) from {preview.source or 'the file'}"
            if skipped:
                note += f", {skipped} row(s) with problems skipped"
            kept = repo.add_attachment(
                review_id, name, content, "chronology_import", agency_id=agency_id, note=note
            )
    return ImportResult(
        added=added,
        updated=updated,
        attachment_id=kept.id,
        unchanged=unchanged,
        skipped=skipped,
        agency_id=agency_id,
        agency_added=existing_agency is None,
    )


def _earlier_import(
    repo: AgencyInputRepository, review_id: int, agency: Agency | None, content: bytes
) -> tuple[dict[str, ChronologyEntry], Attachment | None]:
    """The agency's rows already imported (by external key), and the attachment of this
    very file if it was imported before (None for a new agency or file)."""
    if agency is None:
        return {}, None
    previous = {e.external_key: e for e in repo.entries(review_id, agency.id) if e.external_key}
    digest = hashlib.sha256(content).hexdigest()
    kept = next(
        (
            a
            for a in repo.attachments(review_id)
            if a.sha256 == digest and a.kind == "chronology_import" and a.agency_id == agency.id
        ),
        None,
    )
    return previous, kept


def _importable_rows(
    name: str,
    content: bytes,
    preview: ImportPreview,
    review_id: int,
    agency_name: str,
    skip_errors: bool,
) -> list[ChronologyEntry]:
    """The rows to import; InputFileError/ValidationError when the import must not run."""
    if preview.mapping_problems:
        raise InputFileError(
            "The columns are not mapped well enough to import: "
            + " ".join(preview.mapping_problems)
        )
    if preview.sha256 and hashlib.sha256(content).hexdigest() != preview.sha256:
        raise InputFileError(
            f"{name} is not the file that was previewed; preview it again before importing."
        )
    if preview.review_id and preview.review_id != review_id:
        raise ValidationError("This preview was made for another review; preview it again.")
    skipped = preview.error_count
    if skipped and not skip_errors:
        raise InputFileError(
            f"{skipped} row(s) of {name} have problems, so nothing was imported.",
            hint=f"Correct them in the file and import it again, or choose to import only "
            f"the {preview.ok_count} good row(s).",
        )
    good = preview.good_entries()
    if not good:
        raise InputFileError(f"{name} has no row that can be imported.")
    if not agency_name.strip():
        raise ValidationError("Give the name of the agency the chronology comes from.")
    return good


def _plan(
    good: list[ChronologyEntry], previous: dict[str, ChronologyEntry], review_id: int
) -> tuple[list[ChronologyEntry], int, int, int]:
    """The entries to write (new ones, and changed ones keeping what the chair added),
    with the counts added, updated and unchanged."""
    planned: list[ChronologyEntry] = []
    added = updated = unchanged = 0
    for entry in good:
        fresh = dataclasses.replace(entry, review_id=review_id, id=None)
        old = previous.get(fresh.external_key)
        if old is None:
            added += 1
            planned.append(fresh)
            continue
        fresh.significance = old.significance
        fresh.key_event = old.key_event
        fresh.duplicate_of = old.duplicate_of
        fresh.themes = sorted({*old.themes, *fresh.themes})
        fresh.subject_ids = sorted({*old.subject_ids, *fresh.subject_ids})
        same = all(getattr(old, f) == getattr(fresh, f) for f in _CONTENT_FIELDS) and (
            old.themes == fresh.themes and old.subject_ids == fresh.subject_ids
        )
        if same:
            unchanged += 1
        else:
            updated += 1
            planned.append(fresh)
    return planned, added, updated, unchanged
