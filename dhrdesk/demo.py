"""The demo: fully fictional reviews, from the encrypted store to generated documents.

``dhrdesk demo`` and ``make demo`` call :func:`run_demo`. Every person, place
and organisation here is invented (Northmoor, Eastwick and Southmere do not
exist).

The reviews are data, not code: each is an interchange file (docs/interchange.md)
in ``resources/demo/``, named after its reference, loaded by the ordinary importer
(:func:`dhrdesk.exchange.review_json.import_review`). The tests load the same files.
The files carry everything the demo holds; only the audit trail differs from a
store filled record by record (one ``review.import`` entry per review).

Idempotent: a review already in the store (by reference) is left alone, so running
the demo twice never duplicates anything and a review a user has since changed is
kept as it is. Each import is all or nothing, so an interrupted run leaves whole
reviews only.

Dates are fixed calendar dates (never relative to today), all on or before
20 November 2026, so the demo is valid whenever it runs and the dashboard
shows the same overdue items.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.ids import id_of
from dhrdesk.core.resources import required_resource
from dhrdesk.documents.pdf import write_pdf
from dhrdesk.exchange import review_json

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

DEMO_REFERENCE = "DHR 2026/03"
DEMO_MARKING = "OFFICIAL-SENSITIVE"
OVERVIEW_RESTRICTED_FILE = "DHR-2026-03-overview-restricted.pdf"
EASTWICK_REFERENCE = "DHR 2025/11"
SOUTHMERE_REFERENCE = "DHR 2026/08"
DEMO_REFERENCES = (DEMO_REFERENCE, EASTWICK_REFERENCE, SOUTHMERE_REFERENCE)
# The nine older or later reviews of the learning library.
LIBRARY_REFERENCES = (
    "DHR 2021/04",
    "DHR 2021/09",
    "DHR 2022/02",
    "DHR 2022/07",
    "DHR 2023/01",
    "DHR 2023/08",
    "DHR 2024/05",
    "DHR 2024/11",
    "DHR 2025/06",
)
# The day the demo is set on: nothing in its files lies after it, and the importer
# checks the files against it, so the demo loads the same whenever it runs.
DEMO_DAY = dt.date(2026, 11, 20)


# ------------------------------------------------------------------ the reviews
def file_stem(reference: str) -> str:
    """A reference as it appears in file names: ``DHR 2026/03`` -> ``DHR-2026-03``."""
    return reference.replace(" ", "-").replace("/", "-")


def review_file(reference: str) -> Path:
    """The interchange file of one demo review (a missing file is a clear error)."""
    return required_resource("demo", f"{file_stem(reference)}.json")


def ensure_review(store: Store, reference: str) -> int:
    """Import one demo review from its file unless the store already holds it; its id."""
    found = store.repos.reviews.find(reference)
    if found is None:
        review_json.import_review(store, review_file(reference), today=DEMO_DAY)
        found = store.repos.reviews.get(reference)
    return id_of(found)


def ensure_northmoor(store: Store) -> int:
    """The main demo review (Northmoor, DHR 2026/03, at the IMR stage)."""
    return ensure_review(store, DEMO_REFERENCE)


def ensure_eastwick(store: Store) -> int:
    """The review ready for the QA Board (Eastwick, DHR 2025/11)."""
    return ensure_review(store, EASTWICK_REFERENCE)


def ensure_southmere(store: Store) -> int:
    """The review still awaiting its decision (Southmere, DHR 2026/08)."""
    return ensure_review(store, SOUTHMERE_REFERENCE)


def ensure_demo_reviews(store: Store) -> list[str]:
    """Load the demo reviews, or whichever of them are missing: the three worked in
    depth, then the nine of the learning library. Returns the first three references,
    the main demo review first."""
    for reference in (*DEMO_REFERENCES, *LIBRARY_REFERENCES):
        ensure_review(store, reference)
    return list(DEMO_REFERENCES)


# ------------------------------------------------------------------ the documents
@contextmanager
def _fresh_folder(out_dir: Path, name: str) -> Iterator[Path]:
    """A fresh folder ``out_dir/name`` each run: filled beside the old one, swapped in
    only when complete (the old one stays if filling it fails)."""
    fresh = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out_dir))
    try:
        yield fresh
        folder = out_dir / name
        if folder.exists():
            shutil.rmtree(folder)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _flatten(folder: Path) -> None:
    """Move what a pack wrote into its own folder up into the folder holding it."""
    for item in folder.iterdir():
        item.rename(folder.parent / item.name)
    folder.rmdir()


def write_overview(store: Store, out_dir: Path) -> Path:
    """The restricted overview report of the demo review, as PDF."""
    from dhrdesk.documents.builders import build_document

    document = build_document(store, DEMO_REFERENCE, "overview", marking=DEMO_MARKING)
    return write_pdf(document, out_dir / OVERVIEW_RESTRICTED_FILE)


def write_publication_pack(store: Store, out_dir: Path) -> list[Path]:
    """The publication edition of the demo review (overview, executive summary, action
    plan; PDF and DOCX) through the anonymisation gate, with its manifest."""
    from dhrdesk.documents.gate import publication_pack

    review_id = id_of(store.repos.reviews.get(DEMO_REFERENCE))
    with _fresh_folder(out_dir, "publication") as fresh:
        manifest = publication_pack(store, review_id, fresh)
        _flatten(manifest.folder)
    folder = out_dir / "publication"
    return [folder / f.path.name for f in manifest.files] + sorted(folder.glob("manifest.*"))


def write_submission_pack(store: Store, out_dir: Path) -> list[Path]:
    """The Home Office submission pack of the review that is ready for the QA Board
    (Eastwick, DHR 2025/11): every pre-flight and readiness check passes, so no
    justification is needed; the readiness report is written beside it."""
    from dhrdesk.documents.submission import submission_pack

    with _fresh_folder(out_dir, "submission") as fresh:
        pack = submission_pack(store, EASTWICK_REFERENCE, fresh, marking=DEMO_MARKING)
        _flatten(pack.folder)
        (fresh / "readiness.txt").write_text(pack.assessment.text() + "\n", encoding="utf-8")
    folder = out_dir / "submission"
    return [folder / f.path.name for f in pack.files] + [folder / "readiness.txt"]


def _requested_imrs(store: Store, review_id: int) -> list[m.Agency]:
    """The agencies in scope asked for an IMR; with none asked yet, the first in scope."""
    agency_input = store.repos.agency_input
    in_scope = [a for a in store.repos.records.list(m.Agency, review_id) if a.in_scope]
    requested = []
    for agency in in_scope:
        request = agency_input.request(id_of(agency))
        if request.request_type == "imr" and request.requested_on:
            requested.append(agency)
    return requested or in_scope[:1]


def write_restricted_documents(store: Store, out_dir: Path) -> list[Path]:
    """The other documents of the demo review (restricted edition), as PDF and DOCX:
    executive summary, action plan, combined chronology, terms of reference and each
    requested agency's IMR."""
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.docx import write_docx

    review_id = id_of(store.repos.reviews.get(DEMO_REFERENCE))
    stem = file_stem(DEMO_REFERENCE)
    jobs: list[tuple[str, str | None, str]] = [
        ("executive-summary", None, "executive-summary"),
        ("action-plan", None, "action-plan"),
        ("chronology", None, "chronology"),
        ("terms-of-reference", None, "terms-of-reference"),
    ]
    for agency in _requested_imrs(store, review_id):
        slug = "".join(c if c.isalnum() else "-" for c in agency.name).strip("-")
        jobs.append(("imr", agency.name, f"imr-{slug}"))
    written: list[Path] = []
    for kind, agency_name, name in jobs:
        document = build_document(
            store, DEMO_REFERENCE, kind, marking=DEMO_MARKING, agency=agency_name
        )
        written.append(write_pdf(document, out_dir / f"{stem}-{name}-restricted.pdf"))
        written.append(write_docx(document, out_dir / f"{stem}-{name}-restricted.docx"))
    return written


def write_demo_letters(store: Store, out_dir: Path) -> list[Path]:
    """The standard letters of the demo review, as PDF and DOCX: the Home Office
    notification, the request to the first agency asked for an IMR, and the first
    letter to the first family member recorded."""
    from dhrdesk.documents.letters import build_letter, write_letter

    review_id = id_of(store.repos.reviews.get(DEMO_REFERENCE))
    stem = file_stem(DEMO_REFERENCE)
    agencies = [a for a in store.repos.records.list(m.Agency, review_id) if a.in_scope]
    family = store.repos.records.list(m.FamilyMember, review_id)
    jobs: list[tuple[str, dict]] = [("home-office-notification", {})]
    if agencies:
        jobs.append(("agency-request", {"agency": agencies[0].name}))
    if family:
        jobs.append(("family-first-letter", {"family_member_id": family[0].id}))
    written: list[Path] = []
    for kind, options in jobs:
        letter = build_letter(store, review_id, kind, marking=DEMO_MARKING, **options)
        for fmt in ("pdf", "docx"):
            written.append(write_letter(letter, out_dir / f"{stem}-letter-{kind}.{fmt}", fmt))
    return written


def write_demo_documents(store: Store, out_dir: Path) -> list[Path]:
    """Every document of the demo review (the overview first, as PDF and DOCX), then the
    other restricted documents and the standard letters; later issues append theirs."""
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.docx import write_docx

    overview = write_overview(store, out_dir)
    document = build_document(store, DEMO_REFERENCE, "overview", marking=DEMO_MARKING)
    overview_docx = write_docx(document, overview.with_suffix(".docx"))
    return [
        overview,
        overview_docx,
        *write_restricted_documents(store, out_dir),
        *write_demo_letters(store, out_dir),
        *write_publication_pack(store, out_dir),
        *write_submission_pack(store, out_dir),
    ]


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the output folder readable by the user only (documents hold case data)."""
    out_dir = Path(out_dir)
    existed = out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not existed:
        os.chmod(out_dir, 0o700)  # mkdir's mode is reduced by the umask; be explicit
    return out_dir


def run_demo(store: Store, out_dir: Path) -> list[Path]:
    """Fill ``store`` with the fictional demo reviews (what is missing) and write documents."""
    out_dir = prepare_out_dir(out_dir)
    ensure_demo_reviews(store)
    return write_demo_documents(store, out_dir)
