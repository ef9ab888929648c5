"""Commands that write documents: reports, letters, the publication edition and
pack, and the submission check and pack."""

from __future__ import annotations

import argparse
from pathlib import Path

from dhrdesk.cli.base import (
    GROUPS,
    MARKING_ARG,
    REFERENCE_ARG,
    Context,
    _out,
    _print_blocked,
    _print_findings,
    arg,
    command,
    out_arg,
)
from dhrdesk.core.errors import (
    EXIT_OK,
    EXIT_PUBLICATION_BLOCKED,
    DhrDeskError,
    UsageError,
)
from dhrdesk.core.ids import id_of

_REPORT_DOCUMENTS = (
    "overview",
    "executive-summary",
    "action-plan",
    "chronology",
    "terms-of-reference",
    "imr",
)


@command(
    "report",
    "generate a document of a review (overview, executive summary, action plan ...)",
    REFERENCE_ARG,
    arg("--document", required=True, choices=_REPORT_DOCUMENTS, help="which document"),
    arg("--agency", metavar="NAME", help="the agency whose IMR to print (--document imr)"),
    arg("--edition", choices=("restricted", "publication"), default="restricted"),
    arg(
        "--format",
        dest="format",
        choices=("pdf", "docx", "html"),
        default="pdf",
        help="pdf, docx, or html (one self-contained, accessible HTML file)",
    ),
    out_arg("the file to write"),
    MARKING_ARG,
    arg("--group-by-theme", action="store_true", help="group the action plan by theme"),
    arg("--key-events", action="store_true", help="chronology: key events only"),
    description=(
        "Write one document of the review, built from the store in the Home Office format. "
        "The restricted edition carries the protective marking on every page; the "
        "publication edition goes through the anonymisation check (exit 5 with the findings, "
        "nothing written, while anything blocks; see check-publication). FILE "
        "is written atomically: an existing file is replaced only when generation succeeded."
    ),
)
def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.files import write_atomic
    from dhrdesk.documents.build import DEFAULT_MARKING
    from dhrdesk.documents.builders import build_document, check_edition

    if args.document == "imr" and not (args.agency or "").strip():
        raise UsageError("An IMR belongs to one agency: name it with --agency NAME.")
    check_edition(args.document, args.edition)  # before the store is opened or a file touched
    if args.edition == "publication":  # through the anonymisation gate (issue 6)
        return _report_publication(args, ctx)
    document = build_document(
        ctx.store,
        args.reference,
        args.document,
        edition=args.edition,
        marking=args.marking or DEFAULT_MARKING,
        agency=args.agency,
        group_by_theme=args.group_by_theme,
        key_events_only=args.key_events,
    )
    if args.format == "docx":
        from dhrdesk.documents import docx as docx_backend

        data = docx_backend.render_docx(document)
    elif args.format == "html":
        from dhrdesk.documents.html import render_html

        data = render_html(document)
    else:
        from dhrdesk.documents.pdf import render_pdf

        data = render_pdf(document)
    written = write_atomic(Path(args.out).expanduser(), data, "document")
    _out(f"Wrote the {document.kind_label.lower()} ({args.edition} edition) to {written}")
    return EXIT_OK


_LETTER_KINDS = ("home-office-notification", "agency-request", "family-first-letter")


@command(
    "letter",
    "write a standard letter of a review (Home Office, agency request, first family letter)",
    REFERENCE_ARG,
    arg("--kind", required=True, choices=_LETTER_KINDS, help="which letter"),
    arg("--agency", metavar="NAME", help="the agency written to (--kind agency-request)"),
    arg(
        "--family-member",
        metavar="NAME",
        help="the family member written to (--kind family-first-letter)",
    ),
    arg("--format", dest="format", choices=("pdf", "docx"), default="pdf"),
    out_arg("the file to write"),
    description=(
        "Write one of the standard letters from its editable template in resources/letters "
        "(placeholders filled from the review; a value not recorded prints as "
        "[not recorded]). The letter carries the protective marking in its header and "
        "footer; the file's properties never hold a name. FILE is written atomically."
    ),
)
def cmd_letter(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.letters import build_letter, family_member_by_name, write_letter

    if args.kind == "agency-request" and not (args.agency or "").strip():
        raise UsageError("An agency letter goes to one agency: name it with --agency NAME.")
    if args.kind == "family-first-letter" and not (args.family_member or "").strip():
        raise UsageError(
            "The first family letter goes to one person: name them with --family-member NAME."
        )
    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    review_id = id_of(review)
    member_id = None
    if (args.family_member or "").strip():
        member_id = family_member_by_name(store, review_id, args.family_member).id
    letter = build_letter(
        store, review_id, args.kind, agency=args.agency, family_member_id=member_id
    )
    written = write_letter(letter, Path(args.out).expanduser(), args.format)
    _out(f"Wrote the {letter.kind_label.lower()} ({args.format.upper()}) to {written}")
    return EXIT_OK


# --------------------------------------------------------------------------- publication
def _report_publication(args: argparse.Namespace, ctx: Context) -> int:
    """`report --edition publication`: substitute, scan, write, read back, or exit 5."""
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents.gate import export_publication

    try:
        written = export_publication(
            ctx.store,
            args.reference,
            args.document,
            Path(args.out).expanduser(),
            args.format,
            group_by_theme=args.group_by_theme,
            key_events_only=args.key_events,
        )
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(
        f"Wrote the {written.document.lower()} (publication edition, checked before and "
        f"after writing; {written.accepted} accepted finding(s)) to {written.path}"
    )
    return EXIT_OK


@command(
    "check-publication",
    "scan the publication edition for identifiers; exit 5 while anything blocks",
    REFERENCE_ARG,
    arg(
        "--document",
        action="append",
        choices=(
            "overview",
            "executive-summary",
            "action-plan",
            "chronology",
            "terms-of-reference",
        ),
        help="a document to check (repeatable; default: overview, executive summary, action plan)",
    ),
    arg("--accept", metavar="FINGERPRINT", help="keep this finding as written (chair)"),
    arg(
        "--replace",
        metavar="FINGERPRINT",
        help="this finding IS the registered identifier: replace it in that place",
    ),
    arg("--reason", metavar="TEXT", help="why (required with --accept/--replace, audited)"),
    arg("--withdraw", metavar="FINGERPRINT", help="withdraw an earlier resolution"),
    arg(
        "--sign-off",
        metavar="NAME",
        help="a second person (not the chair) signs off the current resolutions",
    ),
    arg("--sign-off-role", metavar="ROLE", default="", help="their role, e.g. CSP manager"),
    arg("--sign-off-date", metavar="DATE", help="the date they signed (default today)"),
    description=(
        "Build each document's publication edition (substituted from the restricted "
        "register) and scan it for register identifiers, dates to the day, postcodes, "
        "phone numbers, e-mail, NHS and NI numbers, street addresses and unconfirmed "
        "ordinary-word names, name parts shared with other people, misspellings of "
        "registered names, and names not in the register. Prints the unresolved findings "
        "and then the resolved ones, each with its place, context and fingerprint. Exit 5 "
        "while any finding is unresolved, 0 when every finding is resolved. --accept "
        "FINGERPRINT --reason TEXT keeps it as written; --replace FINGERPRINT --reason TEXT "
        "says it is the registered identifier (replaced in that place); both are recorded "
        "in the audit log. --sign-off NAME records a second person's sign-off of the "
        "current resolutions (required before a pack when the CSP asks for it). Nothing is "
        "written to disk."
    ),
)
def cmd_check_publication(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.gate import PACK_DOCUMENTS, check_publication, finding_by_fingerprint

    if args.accept and args.replace:
        raise UsageError("Give either --accept or --replace, not both.")
    chosen = args.accept or args.replace
    if chosen and not (args.reason or "").strip():
        raise UsageError("Give the reason for your decision with --reason TEXT.")
    if args.reason and not chosen:
        raise UsageError("--reason goes with --accept or --replace FINGERPRINT.")
    kinds = tuple(dict.fromkeys(args.document or PACK_DOCUMENTS))
    store = ctx.store
    review_id = id_of(store.repos.reviews.get(args.reference))
    if args.withdraw:
        if args.withdraw not in store.repos.publication.acceptances(review_id):
            raise UsageError("No accepted finding has that fingerprint.")
        store.repos.publication.withdraw(review_id, args.withdraw)
        _out(f"Withdrew the acceptance of {args.withdraw}")
    if args.sign_off:
        import datetime as dt

        from dhrdesk.core.dates import parse_date

        day = parse_date(args.sign_off_date) if args.sign_off_date else dt.date.today()
        signoff = store.repos.publication.sign_off(
            review_id, args.sign_off, day, args.sign_off_role
        )
        _out(f"Signed off by {signoff.name} on {signoff.signed_on:%d/%m/%Y} (audited)")
    reports = check_publication(store, args.reference, kinds)
    if chosen:
        finding = finding_by_fingerprint(reports, chosen)
        if finding is None:
            raise UsageError(
                "No current finding has that fingerprint.",
                hint="Run check-publication without --accept and copy the fingerprint shown.",
            )
        decision = "replace" if args.replace else "keep"
        store.repos.publication.accept(review_id, finding, args.reason, decision=decision)
        verb = "Accepted" if decision == "keep" else "Marked for replacement"
        _out(f"{verb}: {chosen} (recorded in the audit log)")
        reports = check_publication(store, args.reference, kinds)
    _print_findings(reports)
    unresolved = sum(len(r.unresolved) for r in reports)
    resolved = sum(len(r.resolved) for r in reports)
    _out(f"Resolved: {resolved}. Unresolved: {unresolved}.")
    if unresolved:
        _out(f"Publication blocked: {unresolved} finding(s) to fix, register or accept.")
        return EXIT_PUBLICATION_BLOCKED
    _out("Every finding is resolved: nothing blocks publication.")
    return EXIT_OK


@command(
    "publication-pack",
    "write the publication pack (overview, executive summary, action plan, manifest)",
    REFERENCE_ARG,
    out_arg("an existing folder", "DIR"),
    description=(
        "Write the overview report, executive summary and action plan in the publication "
        "edition (PDF, and DOCX when available), each checked before writing and read back "
        "after, plus manifest.json and manifest.txt (files, SHA-256, sizes, draft version, "
        "check result) for the Community Safety Partnership. All or nothing: if any "
        "document blocks, nothing is left in DIR (exit 5, findings printed)."
    ),
)
def cmd_publication_pack(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents.gate import publication_pack

    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    try:
        manifest = publication_pack(store, id_of(review), Path(args.out).expanduser())
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(manifest.text().rstrip())
    _out(f"Wrote the publication pack to {manifest.folder}")
    return EXIT_OK


# --------------------------------------------------------------------------- submission
@command(
    "submission-check",
    "pre-flight and QA Board readiness of a review; exit 5 while anything fails",
    REFERENCE_ARG,
    description=(
        "The pre-flight lists gaps that would leave a hole in the submitted documents "
        "(sections not written, exclusions without a reason, acronyms the glossary cannot "
        "explain). The readiness check tests the review against the Home Office QA Board's "
        "three tests and the common returns, with the evidence from the records."
    ),
)
def cmd_submission_check(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import EXIT_PUBLICATION_BLOCKED
    from dhrdesk.documents.readiness import assess

    assessment = assess(ctx.store, args.reference)
    _out(assessment.text())
    if assessment.preflight.ok and assessment.readiness.ok:
        return EXIT_OK
    return EXIT_PUBLICATION_BLOCKED


@command(
    "submission-pack",
    "write the Home Office submission pack (overview, summary, action plan, chronology)",
    REFERENCE_ARG,
    out_arg("an empty folder for the pack", "DIR"),
    arg(
        "--justification-file",
        type=Path,
        metavar="FILE",
        help="the chair's justification for failing readiness checks (printed in the cover note)",
    ),
    description=(
        "Writes the overview report, executive summary, action plan and combined chronology "
        "(restricted edition, PDF and DOCX) and a cover note with the readiness evidence. "
        "Refused (exit 5, nothing written) while the pre-flight fails, or while a readiness "
        "check fails and no justification is given."
    ),
)
def cmd_submission_pack(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.submission import SubmissionBlockedError, submission_pack

    justification = ""
    if args.justification_file is not None:
        try:
            justification = Path(args.justification_file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DhrDeskError(
                f"The justification file {args.justification_file} could not be read.",
                hint="Give a UTF-8 text file.",
            ) from exc
    try:
        pack = submission_pack(
            ctx.store, args.reference, Path(args.out).expanduser(), justification=justification
        )
    except SubmissionBlockedError as err:
        _out(err.report.text())
        raise
    _out(pack.text().rstrip())
    _out(f"Wrote the submission pack to {pack.folder}")
    return EXIT_OK


# --------------------------------------------------------------------------- agency packages
GROUPS.setdefault("package", "exchange encrypted IMR packages with agencies (docs/packages.md)")
