"""The overview builder takes its cover facts from the review's records and its words
from the review's guidance profile; real names never reach the file's metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk.core import model as m
from dhrdesk.documents import ReviewDetails, build_overview_skeleton, write_pdf
from dhrdesk.documents.build import (
    NOT_RECORDED,
    chair_text,
    mentions_identifier,
    month_of_death_text,
    review_type_for,
)
from dhrdesk.documents.model import BulletList, Paragraph, Table
from tests.documents.helpers import pages_text

REF = "DHR 2025/02"


def _texts(section) -> str:
    parts = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts += block.items
        elif isinstance(block, Table):
            parts += [cell for row in block.rows for cell in row]
    return "\n".join(parts)


def _review_with_facts(store, *, profile: str = "dhr-2016", **fields) -> int:
    values = {
        "csp": "Westmere Community Safety Partnership",
        "month_of_death": "2025-02",
        "summary": "First paragraph of the summary.\n\nSecond\nparagraph, joined.",
    }
    values.update(fields)
    rid = store.repos.reviews.create(REF, title="Fictional builder test", profile=profile, **values)
    records = store.repos.records
    records.save(m.Subject(rid, "perpetrator", "Adult E", sort=2))
    records.save(m.Subject(rid, "victim", "Adult D", description="aged 52.", sort=1))
    records.save(m.ReviewPerson(rid, "chair", "Jane Fictional-Chair"))
    return rid


def test_cover_facts_come_from_the_store(store):
    _review_with_facts(store)
    doc = build_overview_skeleton(store, REF)
    assert doc.subject_pseudonym == "Adult D"
    assert doc.title == "Domestic Homicide Review – Overview Report into the death of Adult D"
    assert doc.csp == "Westmere Community Safety Partnership"
    assert doc.month_year_of_death == "February 2025"
    assert doc.chair == "Jane Fictional-Chair"
    assert doc.version_history[0].author == "Jane Fictional-Chair"
    assert doc.metadata["title"] == (
        f"{REF} – Domestic Homicide Review – Overview report (Adult D)"
    )
    intro, summary = (_texts(s) for s in doc.sections)
    assert "Adult D (victim): aged 52." in intro and "Adult E (perpetrator)" in intro
    assert intro.index("Adult D") < intro.index("Adult E")  # subjects in their sort order
    assert "Notification" in summary  # the current stage, named by the profile
    assert "First paragraph of the summary." in summary
    assert "Second paragraph, joined." in summary


def test_separate_author_and_stage_dates(store):
    rid = _review_with_facts(store)
    store.repos.records.save(m.ReviewPerson(rid, "author", "Sam Fictional-Author"))
    lifecycle = store.repos.lifecycle
    lifecycle.set_stage_dates(rid, "notification", None, dt.date(2025, 3, 3))
    lifecycle.set_stage_dates(rid, "decision", None, dt.date(2025, 3, 20))
    lifecycle.set_stage_dates(rid, "chair_appointed", None, dt.date(2025, 4, 30))
    lifecycle.set_stage_dates(rid, "scoping", None, dt.date(2025, 4, 1))
    doc = build_overview_skeleton(store, REF)
    assert "Jane Fictional-Chair" in doc.chair and "Sam Fictional-Author" in doc.chair
    assert doc.version_history[0].author == "Jane Fictional-Chair"
    table = next(b for b in doc.sections[0].blocks if isinstance(b, Table))
    assert [row[0] for row in table.rows] == [
        "Notification",
        "Decision to hold a review",
        "Scoping and records secured",  # 1 April, before the chair on 30 April
        "Independent chair appointed",
    ]
    assert table.rows[0][1] == "3 March 2025"
    summary = _texts(doc.sections[1])
    assert "“IMRs requested and received”" in summary  # after the last completed stage


@pytest.mark.parametrize(
    ("profile", "review_type"),
    [
        ("dardr-2024-draft", "Domestic Abuse Related Death Review"),
        ("wales-susr", "Single Unified Safeguarding Review"),
    ],
)
def test_review_type_follows_the_profile(store, profile, review_type):
    _review_with_facts(store, profile=profile)
    doc = build_overview_skeleton(store, REF)
    assert doc.review_type == review_type == review_type_for(profile)
    assert doc.title.startswith(review_type)
    assert review_type in doc.metadata["title"]
    assert "Domestic Homicide Review" not in doc.metadata["title"]


def test_an_unknown_profile_falls_back_to_the_default(store):
    _review_with_facts(store, profile="no-such-profile")
    doc = build_overview_skeleton(store, REF)
    assert doc.review_type == "Domestic Homicide Review"


def test_details_override_the_store(store):
    _review_with_facts(store)
    details = ReviewDetails(
        csp="Override CSP",
        chair="Override Chair",
        version="0.3",
        date=dt.date(2026, 1, 5),
        introduction=["The chair's own introduction."],
        summary=["The chair's own summary."],
    )
    doc = build_overview_skeleton(store, REF, details=details)
    assert (doc.csp, doc.chair, doc.version, doc.date) == (
        "Override CSP",
        "Override Chair",
        "0.3",
        dt.date(2026, 1, 5),
    )
    assert doc.month_year_of_death == "February 2025"  # not overridden: from the store
    assert _texts(doc.sections[0]).endswith("The chair's own introduction.")
    assert _texts(doc.sections[1]).endswith("The chair's own summary.")


def test_no_subjects_prints_not_yet_recorded(store, tmp_path: Path):
    store.repos.reviews.create(REF, title="Empty fictional review")
    doc = build_overview_skeleton(store, REF)
    assert doc.subject_pseudonym == ""
    assert doc.csp == doc.month_year_of_death == doc.chair == NOT_RECORDED
    assert "(" not in doc.metadata["title"]  # no pseudonym to name
    path = write_pdf(doc, tmp_path / "empty.pdf")
    pages = pages_text(path)
    assert pages[0].count(NOT_RECORDED) == 3  # CSP, month of death, chair on the cover
    body = " ".join(" ".join(pages).split())
    assert f"The people at the centre of the review: {NOT_RECORDED}." in body
    assert f"Dates of the stages of the review: {NOT_RECORDED}." in body


def test_real_names_stay_out_of_metadata(store, tmp_path: Path):
    real = "Anwen Ffion Prydderch-Ó Súilleabháin"
    rid = store.repos.reviews.create(REF, title=f"Review concerning {real}", csp="Test CSP")
    records = store.repos.records
    # Someone typed the real name as the pseudonym: the register says it is a real name.
    records.save(m.Subject(rid, "victim", real))
    records.save(m.RegisterEntry(rid, "full_name", real, "Adult F", variants=["Anwen"]))
    doc = build_overview_skeleton(store, REF)
    assert real in doc.title  # the restricted cover still says what was recorded
    path = write_pdf(doc, tmp_path / "leak.pdf")
    reader = PdfReader(path)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert REF in meta
    assert "Anwen" not in meta and "Review concerning" not in meta
    footers = [page.strip().splitlines()[-1] for page in pages_text(path)]
    assert all("Anwen" not in footer and REF in footer for footer in footers)


def test_helpers():
    assert month_of_death_text("2026-03") == "March 2026"
    assert month_of_death_text("2024-12") == "December 2024"
    for bad in ("", "2026-13", "March 2026", "2026-3"):
        assert month_of_death_text(bad) == ""
    chair = m.ReviewPerson(1, "chair", "A Chair")
    author = m.ReviewPerson(1, "author", "An Author")
    assert chair_text(None, None) == ""
    assert chair_text(chair, None) == "A Chair"
    assert chair_text(None, author) == "An Author (overview author)"
    assert chair_text(chair, m.ReviewPerson(1, "author", "A Chair")) == "A Chair"
    assert "An Author" in chair_text(chair, author)
    assert mentions_identifier("Report (Zoë)", ["zoë"])
    assert not mentions_identifier("Report (Zoëlle)", ["Zoë"])  # whole words only
    assert not mentions_identifier("Adult A", [])
