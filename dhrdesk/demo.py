"""The demo: a fully fictional review, from the encrypted store to generated documents.

``dhrdesk demo`` and ``make demo`` call :func:`run_demo`. Every person, place
and organisation here is invented (Northmoor does not exist). The work is split
into one function per part so later issues can add theirs (agencies,
chronology, panel, recommendations, more documents) without touching the rest:
``ensure_demo_reviews`` fills the store, ``write_demo_documents`` writes files.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk.documents.build import ReviewDetails, build_overview_skeleton
from dhrdesk.documents.pdf import write_pdf

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

DEMO_REFERENCE = "DHR 2026/03"
DEMO_TITLE = "Death of Adult A, March 2026 (fictional demo)"
DEMO_MARKING = "OFFICIAL-SENSITIVE"
OVERVIEW_RESTRICTED_FILE = "DHR-2026-03-overview-restricted.pdf"

DEMO_DETAILS = ReviewDetails(
    pseudonym="Adult A",
    csp="Northmoor Community Safety Partnership",
    month_year_of_death="March 2026",
    chair="Dr Helen Marsh, Independent Chair and Author (fictional)",
    version="0.1",
    date=dt.date(2026, 6, 15),
    introduction=[
        "Northmoor Community Safety Partnership commissioned this review after the death of "
        "Adult A, a woman aged 34, at her home in Northmoor in March 2026. Her former partner, "
        "referred to in this report as Adult B, has been charged in connection with her death.",
        "The Partnership was notified by Northmoor Police two days after Adult A died. Having "
        "considered the circumstances, its chair decided that the criteria for a Domestic "
        "Homicide Review were met and informed the Home Office of that decision.",
        "The purpose of the review is to establish what lessons are to be learned about the way "
        "in which local professionals and organisations worked, individually and together, to "
        "safeguard Adult A, and to apply those lessons to service responses in future. It is "
        "not an inquiry into how Adult A died or into who is culpable; that is a matter for the "
        "coroner and the criminal courts.",
        "The panel offers its sincere condolences to Adult A's family and friends, and thanks "
        "them for the time they have given and the memories of Adult A they have shared. Her "
        "family chose the pseudonym used throughout this report.",
    ],
    summary=[
        "Adult A was known to her GP practice, to Northmoor Police and to the local specialist "
        "domestic abuse service in the two years before her death. The review will consider "
        "how each agency identified and responded to the risk she faced, how information was "
        "shared between them, and what prevented Adult A from seeking further help.",
    ],
)


def ensure_demo_reviews(store: Store) -> str:
    """Create the fictional demo review unless the store already has it; return its reference.

    Reusing an existing one keeps ``demo`` idempotent (running it twice never fails).
    """
    if store.repos.reviews.find(DEMO_REFERENCE) is None:
        store.repos.reviews.create(DEMO_REFERENCE, title=DEMO_TITLE, profile="dhr-2016")
    return DEMO_REFERENCE


def write_overview(store: Store, out_dir: Path) -> Path:
    """The restricted overview report of the demo review, as PDF."""
    document = build_overview_skeleton(
        store, DEMO_REFERENCE, details=DEMO_DETAILS, marking=DEMO_MARKING
    )
    return write_pdf(document, out_dir / OVERVIEW_RESTRICTED_FILE)


def write_demo_documents(store: Store, out_dir: Path) -> list[Path]:
    """Every document of the demo review; later issues append theirs here."""
    return [write_overview(store, out_dir)]


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the output folder readable by the user only (documents hold case data)."""
    out_dir = Path(out_dir)
    existed = out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not existed:
        os.chmod(out_dir, 0o700)  # mkdir's mode is reduced by the umask; be explicit
    return out_dir


def run_demo(store: Store, out_dir: Path) -> list[Path]:
    """Fill ``store`` with the fictional demo review (if absent) and write its documents."""
    out_dir = prepare_out_dir(out_dir)
    ensure_demo_reviews(store)
    return write_demo_documents(store, out_dir)
