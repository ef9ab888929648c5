"""Commands that move a review in and out: review JSON, chronology imports, IMR
templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhrdesk.cli import base
from dhrdesk.cli.base import (
    REFERENCE_ARG,
    Context,
    _out,
    _print_limited,
    _read_received_file,
    _warn,
    arg,
    command,
    file_arg,
    out_arg,
)
from dhrdesk.core.errors import (
    EXIT_OK,
    DhrDeskError,
    InputFileError,
    UsageError,
)
from dhrdesk.core.ids import id_of

PLAINTEXT_NOTICE = (
    "This file is PLAINTEXT by design: it holds the whole review, including the "
    "restricted identity register, unencrypted. Keep it only on storage you control "
    "and delete it once it has been imported."
)


def _outside_home(path: Path) -> bool:
    try:
        home = Path.home().resolve()
    except (RuntimeError, OSError):
        return True
    return not path.resolve().is_relative_to(home)


@command(
    "export-review",
    "write one review (with its restricted register) to a plaintext JSON file",
    REFERENCE_ARG,
    out_arg("the JSON file to write"),
    arg(
        "--no-timestamp",
        action="store_true",
        help="write exported_at as null, so exporting the same review twice gives identical files",
    ),
    description=(
        "Write everything of one review to FILE in the documented interchange format "
        "(docs/interchange.md). The file is written atomically with mode 0600 and replaces "
        "FILE if it exists. It is PLAINTEXT by design, for moving a review between stores "
        "you control: it holds the restricted identity register unencrypted."
    ),
)
def cmd_export_review(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import review_json

    out = Path(args.out).expanduser()
    data = review_json.export_review(ctx.store, args.reference, timestamp=not args.no_timestamp)
    written = review_json.write_file(out, review_json.dumps(data))
    _out(f"Exported review '{data['review']['reference']}' to {written}")
    _out(f"  {review_json.summary(data)}")
    _out(PLAINTEXT_NOTICE)
    if _outside_home(written):
        _warn(
            f"{written} is outside your home folder: make sure this place is private to "
            "you (not a shared, removable or synced drive)."
        )
    return EXIT_OK


@command(
    "import-review",
    "import a review from a JSON file written by export-review",
    file_arg("the JSON file to import"),
    arg("--replace", action="store_true", help="replace a review with the same reference"),
    arg("--as-new", metavar="NEW-REF", help="import under a new reference"),
    description=(
        "Check FILE completely (format version, JSON Schema, dates, references), then "
        "import it in one transaction: an invalid file changes nothing (exit code 4). "
        "When the store already holds the reference, give --replace (the existing review "
        "is deleted in the same transaction) or --as-new NEW-REF; otherwise exit code 1."
    ),
)
def cmd_import_review(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import review_json

    if args.replace and args.as_new is not None:
        raise UsageError("Give either --replace or --as-new, not both.")
    data = review_json.load_review_file(args.file)  # before the passphrase: bad files fail fast
    mode = "replace" if args.replace else "as_new" if args.as_new is not None else "fail"
    try:
        reference = review_json.import_review(ctx.store, data, mode, args.as_new)
    except review_json.ReviewExistsError as exc:
        raise DhrDeskError(
            f"A review with the reference '{exc.reference}' already exists: "
            "use --replace or --as-new NEW-REF."
        ) from None
    _out(f"Imported review '{reference}' from {args.file}")
    _out(f"  {review_json.summary(data)}")
    return EXIT_OK


# --------------------------------------------------------------------------- agency chronologies
def _import_progress() -> Any:
    """Progress of a large import on a terminal ("Importing 12,000 of 40,000 rows"), on
    stderr so that output stays clean; Ctrl+C cancels (the transaction rolls back)."""
    from dhrdesk.exchange.chronology_import import ImportProgress

    if not sys.stderr.isatty():
        return None

    def report(stage: str, done: int, total: int) -> None:
        if total >= 2000:
            end = "\n" if done >= total else ""
            print(f"\r{stage} {done:,} of {total:,} rows", end=end, file=sys.stderr, flush=True)

    return ImportProgress(report, every=1000)


@command(
    "import-chronology",
    "import an agency's chronology from a CSV, XLSX or DOCX file",
    REFERENCE_ARG,
    file_arg("the chronology file the agency sent"),
    arg("--agency", required=True, metavar="NAME", help="the agency (added if new)"),
    arg("--sheet", metavar="NAME", help="the worksheet to read (default: the best match)"),
    arg("--table", type=int, metavar="N", help="the Word table to read, 1 = first"),
    arg(
        "--yes",
        action="store_true",
        help="import without asking (only when the mapping is unambiguous and no row has "
        "a problem)",
    ),
    description=(
        "Read FILE (the kind is found from its content), show how its columns map to the "
        "chronology fields and the problems found per row, then ask before importing. "
        "The file is kept, encrypted, in the store with its SHA-256 (the receipt log). "
        "Importing the same file again adds no duplicate rows. A refused file changes "
        "nothing (exit code 4)."
    ),
)
def cmd_import_chronology(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core import model
    from dhrdesk.exchange import chronology_import as ci

    path = Path(args.file).expanduser()
    content = _read_received_file(path)
    progress = _import_progress()
    raw = ci.read_table(
        path.name, content, sheet=args.sheet, table=args.table, progress=progress
    )  # fail fast
    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    review_id = id_of(review)
    agency = store.repos.agency_input.agency_by_name(review_id, args.agency)
    subjects = {s.pseudonym: id_of(s) for s in store.repos.records.list(model.Subject, review_id)}
    mapping = ci.guess_mapping(raw.headers)
    preview = ci.preview(
        raw, mapping, review_id, agency.id if agency else None, subjects=subjects, progress=progress
    )

    _out(f"Read {path.name} ({raw.source}): {len(preview.rows)} row(s).")
    _print_limited("Notes:", raw.notes)
    _print_limited("Columns (field <- column header):", ci.describe_mapping(mapping, raw.headers))
    _print_limited("Problems (these rows cannot be imported):", preview.problem_lines())
    _print_limited("Warnings:", preview.warning_lines())
    if agency is None:
        _out(
            f"'{' '.join(args.agency.split())}' is not an agency of {review.reference} yet; "
            "it will be added."
        )

    reasons = list(preview.mapping_problems)
    if preview.error_count:
        reasons.append(f"{preview.error_count} row(s) have problems (listed above)")
    if reasons:
        raise InputFileError(
            "Nothing was imported: " + "; ".join(r.rstrip(".") for r in reasons) + ".",
            hint="Correct the file and import it again.",
        )
    if args.yes:
        if mapping.ambiguous:
            fields = ", ".join(sorted(mapping.ambiguous))
            raise InputFileError(
                f"Nothing was imported: the columns for {fields} are ambiguous, so --yes "
                "cannot decide.",
                hint="Rename the column headers in the file, or run without --yes in a "
                "terminal to confirm.",
            )
    elif not base.confirm(
        f"Import {preview.ok_count} row(s) from {path.name} into {review.reference} "
        f"for {' '.join(args.agency.split())}?"
    ):
        _out("Nothing was imported.")
        return EXIT_OK
    result = ci.apply_import(
        store, review_id, args.agency, path.name, content, preview, progress=progress
    )
    _out(f"Imported into {review.reference}: {result.summary()}")
    if result.agency_added:
        _out(f"Added the agency '{' '.join(args.agency.split())}' to the review.")
    return EXIT_OK


@command(
    "imr-template",
    "write a blank IMR template (DOCX) for one agency of a review",
    REFERENCE_ARG,
    arg("--agency", required=True, metavar="NAME", help="an agency of the review"),
    out_arg("the .docx file to write"),
    description=(
        "Write a Word template for an agency that does not use DHR Desk: front sheet, IMR "
        "sections with guidance, analysis headings per key line of enquiry, and a "
        "chronology table that 'dhrdesk import-chronology' reads back. It holds pseudonyms "
        "only, never the restricted register. FILE is written atomically (replaced if it "
        "exists)."
    ),
)
def cmd_imr_template(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import NotFoundError
    from dhrdesk.core.files import write_atomic
    from dhrdesk.exchange.imr_template import build_imr_template

    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    review_id = id_of(review)
    agency = store.repos.agency_input.agency_by_name(review_id, args.agency)
    if agency is None:
        from dhrdesk.core import model

        known = ", ".join(a.name for a in store.repos.records.list(model.Agency, review_id))
        raise NotFoundError(
            f"'{args.agency}' is not an agency of {review.reference}.",
            hint=f"Its agencies are: {known}." if known else "It has no agencies yet.",
        )
    out = Path(args.out).expanduser()
    written = write_atomic(out, build_imr_template(store, review_id, id_of(agency)), "document")
    _out(f"Wrote the IMR template for {agency.name} to {written}")
    if out.suffix.lower() != ".docx":
        _warn(f"{out.name} does not end in .docx; Word may not recognise it.")
    return EXIT_OK


# --------------------------------------------------------------------------- documents
