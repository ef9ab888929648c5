"""Commands for after a review: search, monitoring reports, update sheets, the
aggregate export and the learning report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhrdesk.cli import base
from dhrdesk.cli.base import (
    GROUPS,
    MARKING_ARG,
    OVERWRITE_ARG,
    Context,
    _out,
    _print_blocked,
    _read_received_file,
    _refuse_existing,
    arg,
    command,
    file_arg,
    new_out_file,
    out_arg,
)
from dhrdesk.core.errors import (
    EXIT_OK,
    UsageError,
)
from dhrdesk.core.ids import id_of


@command(
    "search",
    "search every text of every review (restricted text: for the chair only)",
    arg("query", metavar="QUERY", help='words (all must match), "a phrase", or a prefix*'),
    arg("--review", metavar="REF", action="append", help="only this review (repeatable)"),
    arg("--agency", metavar="NAME", help="only texts of this agency (exact name, any case)"),
    arg("--theme", metavar="ID", help="only texts tagged with this theme id"),
    arg("--from", dest="date_from", metavar="DATE", help="dated texts on or after (2024-03)"),
    arg("--to", dest="date_to", metavar="DATE", help="dated texts on or before (2024-12-31)"),
    arg("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)"),
    description=(
        "Search the whole store (report sections, IMRs, chronology rows, recommendations, "
        "learning, actions, minutes, family contacts) and print the best hits: reference, "
        "kind, title and a snippet with the matching words marked \u00ablike this\u00bb. "
        "The text shown is restricted (real names): this is the chair's own view."
    ),
)
def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.store import search

    review_ids = None
    if args.review:
        review_ids = [id_of(ctx.store.repos.reviews.get(ref)) for ref in args.review]
    hits = search.search(
        ctx.store,
        args.query,
        review_ids=review_ids,
        agency=args.agency,
        theme=args.theme,
        date_from=args.date_from,
        date_to=args.date_to,
        limit=args.limit,
    )
    for hit in hits:
        label = search.KIND_LABELS.get(hit.kind, hit.kind)
        _out(f"{hit.reference}\t{label}\t{hit.title}")
        _out(f"    {hit.snippet}")
    if not hits:
        print("No texts match.", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- monitoring
GROUPS.setdefault("update-sheet", "action update sheets for lead agencies (docs/interchange.md)")


def _today_arg(text: str | None) -> Any:
    from dhrdesk.core.dates import parse_date

    return parse_date(text) if text else None


@command(
    "monitoring-report",
    "write the quarterly action-plan monitoring report for the CSP board (PDF or DOCX)",
    arg("--quarter", required=True, metavar="YYYYQN", help="the quarter, e.g. 2026Q4"),
    out_arg("FILE.pdf or FILE.docx"),
    arg("--today", metavar="DATE", help="position as at DATE (default: today or quarter end)"),
    MARKING_ARG,
    description=(
        "Progress per review and per lead agency, overdue actions, actions closed in the "
        "quarter, themes of open actions and the RAG summary, over every review in the "
        "store. A restricted board paper: review references are shown as stored. FILE is "
        "written atomically."
    ),
)
def cmd_monitoring_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.monitoring import parse_quarter
    from dhrdesk.documents import monitoring_report as mr

    quarter = parse_quarter(args.quarter)
    out = Path(args.out).expanduser()
    mr.format_for(out)  # a wrong suffix fails before the store is opened
    today = _today_arg(args.today)
    written = mr.write_monitoring_report(
        ctx.store, quarter, out, today=today, marking=args.marking or mr.DEFAULT_MARKING
    )
    _out(f"Wrote the monitoring report for {quarter.code} to {written}")
    return EXIT_OK


@command(
    "update-sheet export",
    "write an XLSX action update sheet for one lead agency",
    arg("--agency", required=True, metavar="NAME", help="the lead agency"),
    out_arg("the .xlsx file to write"),
    OVERWRITE_ARG,
    description=(
        "List the agency's open actions across every review, with shaded columns for the "
        "new status, the update and its date. Everything else is locked and checked on "
        "import (HMAC per row), so a sheet changed outside the shaded columns is refused."
    ),
)
def cmd_update_sheet_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.files import write_atomic
    from dhrdesk.exchange import update_sheet

    out = new_out_file(args)
    data = update_sheet.export_sheet(ctx.store, args.agency)
    write_atomic(out, data, "document")
    _out(f"Wrote the action update sheet for {' '.join(args.agency.split())} to {out}")
    return EXIT_OK


@command(
    "update-sheet import",
    "check a filled action update sheet, show what it changes, then apply it",
    file_arg("the filled .xlsx sheet"),
    arg("--agency", metavar="NAME", help="refuse the sheet unless it is this agency's"),
    arg("--yes", action="store_true", help="apply without asking after the preview"),
    description=(
        "Refuses (exit 4, nothing changed) a file that is not the sheet this store made, "
        "a sheet changed outside its shaded columns, with rows added or removed, for "
        "another agency, with an unknown status or a date in the future, or one already "
        "imported. Otherwise prints the updates and applies them all in one transaction."
    ),
)
def cmd_update_sheet_import(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import update_sheet

    path = Path(args.file).expanduser()
    content = _read_received_file(path)
    preview = update_sheet.read_sheet(ctx.store, path.name, content, agency=args.agency)
    for line in preview.lines():
        _out(line)
    if not preview.changes:
        _out("The sheet has no updates filled in: nothing was imported.")
        return EXIT_OK
    if not args.yes and not base.confirm(
        "Apply these updates?",
        "Nothing was imported: confirm in a terminal, or add --yes to apply without asking.",
    ):
        _out("Nothing was imported.")
        return EXIT_OK
    count = update_sheet.apply_sheet(ctx.store, preview)
    _out(f"Recorded {count} update(s) from {preview.agency}.")
    return EXIT_OK


@command(
    "aggregate-export",
    "write the anonymised aggregate export (themes, descriptors, statuses) as JSON or CSV",
    out_arg("FILE.json or FILE.csv"),
    OVERWRITE_ARG,
    description=(
        "For a regional analyst: per review a random stable id, the CSP, the year of "
        "death, the case descriptors, and per recommendation and learning point only "
        "closed-vocabulary values. No names, no free text, no references, no day dates; "
        "checked against every review's register before writing (exit 5 if a value "
        "matches). Format: docs/interchange.md."
    ),
)
def cmd_aggregate_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.files import write_atomic
    from dhrdesk.exchange import aggregate

    out = Path(args.out).expanduser()
    aggregate.render({"reviews": []}, out)  # a wrong suffix fails before the store opens
    _refuse_existing(out, args.overwrite)
    export = aggregate.build_aggregate(ctx.store)
    write_atomic(out, aggregate.render(export, out), "document")
    _out(f"Wrote the aggregate export of {len(export['reviews'])} review(s) to {out}")
    return EXIT_OK


# --------------------------------------------------------------------------- learning report
@command(
    "learning-report",
    "write the regional themes report over several reviews (publication edition, PDF/DOCX)",
    arg("--reviews", metavar="REF,REF,...", help="the reviews to include (at least two)"),
    arg("--all", dest="all_reviews", action="store_true", help="include every review"),
    arg("--from", dest="date_from", metavar="DATE", help="deaths from this month (2023-04)"),
    arg("--to", dest="date_to", metavar="DATE", help="deaths up to this month (2024-12)"),
    out_arg("FILE.pdf or FILE.docx"),
    description=(
        "Themes across the chosen reviews: introduction and method, the reviews by "
        "descriptors (labels Review A, B ... only), themes ranked by frequency with charts, "
        "the lessons and recommendations of each main theme, recommendations at regional "
        "or national level, and good practice. Built in the publication edition through "
        "the anonymisation check with every included review's register (exit 5 with the "
        "findings, nothing written, while anything blocks). Fewer than two reviews in the "
        "period is refused: one review alone would be identified."
    ),
)
def cmd_learning_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents import learning_report as lr

    if bool(args.reviews) == bool(args.all_reviews):
        raise UsageError("Choose the reviews with --reviews REF,REF,... or --all (not both).")
    out = Path(args.out).expanduser()
    lr.format_for(out)  # a wrong suffix fails before the store is opened
    store = ctx.store
    if args.all_reviews:
        ids = [id_of(r) for r in store.repos.reviews.list()]
    else:
        ids = lr.review_ids_for(store, args.reviews.split(","))
    try:
        written = lr.write_learning_report(store, ids, out, args.date_from, args.date_to)
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(
        f"Wrote the regional themes report (publication edition, checked before and after "
        f"writing) to {written.path}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- parser
