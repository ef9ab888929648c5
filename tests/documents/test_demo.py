"""The demo: a dozen fictional reviews in an encrypted store (three worked in depth, nine
more for the learning library and action-plan monitoring), and the restricted overview
PDF built from the store's own facts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from pypdf import PdfReader

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError
from dhrdesk.core.lifecycle import validate_pauses, validate_stage_dates
from dhrdesk.core.profiles import get_profile
from dhrdesk.demo import (
    DEMO_REFERENCE,
    EASTWICK_REFERENCE,
    LIBRARY_REFERENCES,
    OVERVIEW_RESTRICTED_FILE,
    SOUTHMERE_REFERENCE,
    run_demo,
)
from dhrdesk.documents import build_overview_skeleton
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import demo_dump
from tests.documents.helpers import nonblank_lines, pages_text

# Nothing in the demo may lie after this date (the demo must be valid whenever it runs).
LATEST_DEMO_DATE = dt.date(2026, 11, 20)
# The dashboard as a chair would see it on that day.
DASHBOARD_DAY = dt.date(2026, 11, 20)

CHILD_KINDS = [
    m.Subject,
    m.RegisterEntry,
    m.ReviewPerson,
    m.ParallelProcess,
    m.Pause,
    m.PanelMember,
    m.Meeting,
    m.Agency,
    m.LineOfEnquiry,
    m.FamilyMember,
    m.Cost,
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    """One demo store, filled and rendered once for the whole module."""
    folder = tmp_path_factory.mktemp("demo")
    store = Store.create(folder / "demo.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    out = folder / "demo-output"
    paths = run_demo(store, out)
    yield store, out, paths
    store.close()


def _review(store: Store, reference: str = DEMO_REFERENCE) -> m.Review:
    return store.repos.reviews.get(reference)


def _counts(store: Store) -> dict[str, int]:
    """Every kind of record in the store (and the audit trail), counted via the repositories."""
    records = store.repos.records
    counts: dict[str, int] = {"audit": len(store.audit_entries(100_000))}
    for review in store.repos.reviews.list():
        rid = review.id
        counts["review"] = counts.get("review", 0) + 1
        for cls in CHILD_KINDS:
            counts[cls.__name__] = counts.get(cls.__name__, 0) + len(records.list(cls, rid))
        for meeting in records.list(m.Meeting, rid):
            counts["action"] = counts.get("action", 0) + len(
                records.list(m.MeetingAction, meeting.id)
            )
            counts["attendance"] = counts.get("attendance", 0) + len(records.attendance(meeting.id))
        for member in records.list(m.FamilyMember, rid):
            counts["contact"] = counts.get("contact", 0) + len(
                records.list(m.FamilyContact, member.id)
            )
        counts["stage"] = counts.get("stage", 0) + len(store.repos.lifecycle.stages(rid))
        counts["tor_version"] = counts.get("tor_version", 0) + len(
            store.repos.lifecycle.versions(rid)
        )
        for cls in (m.LearningPoint, m.Recommendation):
            counts[cls.__name__] = counts.get(cls.__name__, 0) + len(records.list(cls, rid))
        for rec in records.list(m.Recommendation, rid):
            for action in records.list(m.Action, rec.id):
                counts["plan_action"] = counts.get("plan_action", 0) + 1
                counts["update"] = counts.get("update", 0) + len(
                    records.list(m.ActionUpdate, action.id)
                )
        counts["chronology"] = counts.get("chronology", 0) + len(
            store.repos.agency_input.entries(rid)
        )
        counts["section"] = counts.get("section", 0) + len(
            store.repos.drafting.sections(rid, "overview")
        )
    return counts


def _register_values(store: Store) -> list[str]:
    values: list[str] = []
    for review in store.repos.reviews.list():
        for entry in store.repos.records.list(m.RegisterEntry, review.id):
            values.append(entry.value)
            values.extend(entry.variants)
    return values


# ------------------------------------------------------------------ the main demo review
def test_demo_review_has_every_part_of_running_a_review(demo):
    store, _, _ = demo
    review = _review(store)
    rid = review.id
    records = store.repos.records
    assert review.csp == "Northmoor Community Safety Partnership"
    assert review.police_force_area == "Northmoor Constabulary"
    assert review.month_of_death == "2026-03" and review.profile == "dhr-2016"
    assert review.stage == "imrs"
    assert review.descriptors["relationship_type"] == "intimate_partner"
    assert {"coercive_control", "separation", "children_present"} <= set(
        review.descriptors["flags"]
    )
    assert review.descriptors["court_outcome"] == "pending"

    subjects = records.list(m.Subject, rid)
    assert [(s.role, s.pseudonym) for s in subjects] == [
        ("victim", "Adult A"),
        ("perpetrator", "Adult B"),
        ("child", "Child A"),
        ("child", "Child B"),
        ("family", "Adult C"),
        ("other", "Friend 1"),
    ]
    assert len(records.list(m.RegisterEntry, rid)) == 17
    assert records.person(rid, "chair").name == "Dr Helen Marsh"
    author = records.person(rid, "author")
    assert author.name == "Samuel Okafor"
    for person in (records.person(rid, "chair"), author):
        assert all(
            getattr(person, f).strip()
            for f in ("career_history", "relevant_experience", "agency_links", "training")
        )

    panel = records.list(m.PanelMember, rid)
    assert len(panel) == 7 and all(p.declared_not_involved and p.declaration_date for p in panel)
    assert len({p.agency for p in panel}) == 7

    meetings = records.list(m.Meeting, rid)
    assert len(meetings) == 3
    assert all(m_.minutes and m_.decisions and m_.agenda for m_ in meetings)
    assert all(len(records.attendance(mt.id)) >= 6 for mt in meetings)
    actions = [a for mt in meetings for a in records.list(m.MeetingAction, mt.id)]
    done = [a for a in actions if a.done_on]
    still_open = [a for a in actions if a.done_on is None]
    assert len(done) == 6 and len(still_open) == 1
    assert still_open[0].due < DASHBOARD_DAY  # open and overdue
    assert DEMO_REFERENCE in [ref for ref, _ in records.open_actions()]


def test_demo_pause_is_linked_to_the_criminal_trial(demo):
    store, _, _ = demo
    records = store.repos.records
    rid = _review(store).id
    processes = {p.id: p for p in records.list(m.ParallelProcess, rid)}
    assert {p.kind for p in processes.values()} == {"criminal_trial", "inquest", "cspr"}
    (pause,) = records.list(m.Pause, rid)
    assert pause.kind == "criminal_trial" and pause.end is None and pause.reason
    trial = processes[pause.parallel_process_id]
    assert trial.kind == "criminal_trial" and trial.blocks_publication
    inquest = next(p for p in processes.values() if p.kind == "inquest")
    assert not inquest.blocks_publication


def test_demo_agencies_and_terms_of_reference(demo):
    store, _, _ = demo
    records = store.repos.records
    rid = _review(store).id
    agencies = records.list(m.Agency, rid)
    excluded = [a for a in agencies if not a.in_scope]
    assert len(agencies) == 11
    assert [a.name for a in excluded] == ["Northmoor Fire and Rescue Service"]
    assert "No contact" in excluded[0].exclusion_reason

    tor = store.repos.lifecycle.terms(rid)
    assert (tor.period_start, tor.period_end) == (dt.date(2021, 3, 1), dt.date(2026, 3, 14))
    assert "March 2021" in tor.period_rationale
    assert set(tor.sections) == {key for key, _ in m.TOR_SECTIONS}
    lines = records.list(m.LineOfEnquiry, rid)
    assert 6 <= len(lines) <= 8 and all(line.theme_id for line in lines)

    (version,) = store.repos.lifecycle.versions(rid)
    assert version.number == 1 and version.agreed_on == dt.date(2026, 6, 16)
    # Edits made after agreement: the frozen version differs from the current terms.
    current = store.repos.lifecycle.snapshot(rid)
    assert len(version.snapshot["lines_of_enquiry"]) == len(lines) - 1
    assert (
        version.snapshot["sections"]["parallel_processes"]
        != (current["sections"]["parallel_processes"])
    )
    assert any(not a["in_scope"] and a["exclusion_reason"] for a in version.snapshot["agencies"])


def test_demo_family_and_costs(demo):
    store, _, _ = demo
    records = store.repos.records
    rid = _review(store).id
    family = {f.name: f for f in records.list(m.FamilyMember, rid)}
    assert set(family) == {"Bríd O'Neill", "Halina Nowak", "Nguyễn Thị Mai"}
    mother = family["Bríd O'Neill"]
    assert mother.advocate and "AAFDA" in mother.advocate_org
    assert mother.consent_pseudonyms and len(mother.tribute) > 200
    modes = {c.mode for c in records.list(m.FamilyContact, mother.id)}
    assert {"letter", "in person", "phone"} <= modes
    assert records.list(m.FamilyContact, family["Halina Nowak"].id)

    costs = records.list(m.Cost, rid)
    chair = [c for c in costs if c.category == "chair"]
    assert chair and all(c.rate_pence == 60_000 for c in chair)
    assert all(round(c.days * c.rate_pence) == c.amount_pence for c in costs if c.days)
    totals = records.cost_totals(rid)
    assert {k for k, v in totals.items() if v} == {
        "chair",
        "author",
        "advocacy",
        "translation",
        "admin",
    }
    assert any("Polish" in c.description for c in costs if c.category == "translation")
    assert records.cost_totals()["chair"] > totals["chair"]  # other reviews add theirs


def test_register_holds_the_unicode_real_names(demo):
    store, _, _ = demo
    rid = _review(store).id
    entries = store.repos.records.list(m.RegisterEntry, rid)
    by_value = {e.value: e for e in entries}
    for name in ("Siobhán O'Neill-Nowak", "Łukasz Nowak", "Zoë Nowak", "Oskar Nowak"):
        assert name in by_value
    assert "Nguyễn Thị Mai" in by_value
    victim = by_value["Siobhán O'Neill-Nowak"]
    assert {"Shiv", "Siobhan O'Neill", "Mrs Nowak"} <= set(victim.variants)
    assert victim.replacement == "Adult A"
    assert {"Lukasz", "Luke"} <= set(by_value["Łukasz Nowak"].variants)
    assert by_value["Dr Rhys Pritchard"].replacement == "GP1"
    assert by_value["14/02/1992"].kind == "date_of_birth"
    assert by_value["12 Acacia Road, Northmoor NM4 7QT"].kind == "address"
    assert any(e.kind == "workplace" for e in entries)


# ------------------------------------------------------------------ all twelve reviews
def test_a_dozen_reviews_with_valid_dates_and_a_dashboard_worth_looking_at(demo):
    store, _, _ = demo
    assert [r.reference for r in store.repos.reviews.list()] == sorted(
        [*LIBRARY_REFERENCES, EASTWICK_REFERENCE, DEMO_REFERENCE, SOUTHMERE_REFERENCE]
    )
    records = store.repos.records
    for review in store.repos.reviews.list():
        profile = get_profile(review.profile)
        stages = store.repos.lifecycle.stages(review.id)
        pauses = records.list(m.Pause, review.id)
        assert validate_stage_dates(profile, stages, dt.date.today()) == []
        assert validate_pauses(pauses, dt.date.today()) == []
        assert records.list(m.Subject, review.id) and records.list(m.RegisterEntry, review.id)
        dates = [d for s in stages for d in (s.started, s.completed) if d]
        dates += [d for p in pauses for d in (p.start, p.end) if d]
        dates += [p.declaration_date for p in records.list(m.PanelMember, review.id)]
        dates += [c.date for c in records.list(m.Cost, review.id) if c.date]
        for meeting in records.list(m.Meeting, review.id):
            dates.append(meeting.date)
            dates += [
                d
                for a in records.list(m.MeetingAction, meeting.id)
                for d in (a.due, a.done_on)
                if d
            ]
        for member in records.list(m.FamilyMember, review.id):
            dates += [c.date for c in records.list(m.FamilyContact, member.id)]
        dates += [v.agreed_on for v in store.repos.lifecycle.versions(review.id)]
        for rec in records.list(m.Recommendation, review.id):
            for action in records.list(m.Action, rec.id):
                dates += [action.completed_on] if action.completed_on else []
                dates += [u.date for u in records.list(m.ActionUpdate, action.id)]
        dates += [
            dt.date.fromisoformat(e.date)
            for e in store.repos.agency_input.entries(review.id)
            if len(e.date) == 10
        ]
        assert dates and max(dates) <= LATEST_DEMO_DATE, review.reference

    rows = {row.reference: row for row in store.repos.reviews.dashboard(DASHBOARD_DAY)}
    northmoor, eastwick, southmere = (
        rows[DEMO_REFERENCE],
        rows[EASTWICK_REFERENCE],
        rows[SOUTHMERE_REFERENCE],
    )
    assert northmoor.paused_now and northmoor.paused_days > 0 and northmoor.open_actions == 1
    assert eastwick.stage_id == "drafting" and eastwick.paused_days == 42
    assert any(o.label.startswith("Six-month target") for o in eastwick.overdue)
    assert southmere.stage_id == "decision"
    assert [o.label for o in southmere.overdue] == ["Decision due"]


def test_demo_is_idempotent(demo):
    store, out, paths = demo
    before = _counts(store)
    assert before["review"] == 12 and before["Subject"] == 28 and before["action"] == 9
    assert before["plan_action"] >= 20 and before["update"] >= 10 and before["chronology"] >= 30
    assert before["LearningPoint"] >= 30 and before["section"] >= 6
    audit_before = len(store.audit_entries(limit=100_000))
    again = run_demo(store, out)
    assert again == paths
    after = _counts(store)
    # Nothing added; the audit trail only records the publication and submission packs
    # written again.
    new = store.audit_entries(limit=100_000)[
        : len(store.audit_entries(limit=100_000)) - audit_before
    ]
    assert {e.kind for e in new} <= {"publication.write", "publication.pack", "submission.pack"}
    after.pop("audit"), before.pop("audit")
    after.pop("publication_log", None), before.pop("publication_log", None)
    assert after == before


def test_demo_holds_what_the_record_by_record_code_built(store):
    """The demo loaded from resources/demo/ holds the same content as the store the old
    code built record by record (captured in tests/fixtures/demo-before.json): the same
    rows in every table, and per review the same key texts, parts and whole content."""
    from dhrdesk.demo import ensure_demo_reviews

    ensure_demo_reviews(store)
    before = json.loads(demo_dump.BEFORE.read_text(encoding="utf-8"))
    now = demo_dump.dump(store)
    assert {t: now["counts"].get(t) for t in before["counts"]} == before["counts"]
    assert not {t: n for t, n in now["counts"].items() if t not in before["counts"] and n}
    assert list(now["reviews"]) == list(before["reviews"])
    for reference, review in before["reviews"].items():
        assert now["reviews"][reference] == review, reference


def test_a_review_already_there_is_left_alone_and_a_missing_one_comes_back(store):
    from dhrdesk.demo import ensure_demo_reviews, ensure_southmere

    ensure_southmere(store)
    review = _review(store, SOUTHMERE_REFERENCE)
    review.summary = "The chair's own summary, written after the demo was loaded."
    store.repos.reviews.update(review)
    ensure_demo_reviews(store)
    assert _review(store, SOUTHMERE_REFERENCE).summary == review.summary
    assert len(store.repos.reviews.list()) == 12
    store.repos.reviews.delete(_review(store, EASTWICK_REFERENCE).id)
    ensure_demo_reviews(store)
    assert _review(store, EASTWICK_REFERENCE).title.endswith("(fictional demo)")
    assert len(store.repos.reviews.list()) == 12


def test_demo_files_are_interchange_files_the_importer_reads():
    """Each demo review is one interchange file named after its reference, and nothing
    else lies in the folder."""
    from dhrdesk.demo import DEMO_REFERENCES, review_file
    from dhrdesk.exchange import review_json

    references = [*DEMO_REFERENCES, *LIBRARY_REFERENCES]
    files = {review_file(r) for r in references}
    assert files == set(review_file(DEMO_REFERENCE).parent.iterdir())
    for reference in references:
        data = review_json.load_review_file(review_file(reference), dt.date(2026, 11, 20))
        assert data["review"]["reference"] == reference
        assert data["exported_at"] is None


def test_demo_text_is_not_filler(demo):
    store, _, _ = demo
    texts = []
    for review in store.repos.reviews.list():
        texts.append(review.summary)
        for meeting in store.repos.records.list(m.Meeting, review.id):
            texts += [meeting.minutes, meeting.decisions]
        texts += [p.text for p in store.repos.records.list(m.LearningPoint, review.id)]
        for rec in store.repos.records.list(m.Recommendation, review.id):
            texts.append(rec.text)
            texts += [a.text for a in store.repos.records.list(m.Action, rec.id)]
        texts += [e.event for e in store.repos.agency_input.entries(review.id)]
    joined = " ".join(texts).lower()
    assert "lorem" not in joined and "ipsum" not in joined and "todo" not in joined
    assert all(len(t.split()) >= 8 for t in texts)  # sentences, not placeholders


# ------------------------------------------------------------------ the learning library
def test_library_spans_years_csps_and_stages(demo):
    store, _, _ = demo
    reviews = store.repos.reviews.list()
    years = {int(r.month_of_death[:4]) for r in reviews}
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}
    assert {r.csp.split()[0] for r in reviews} >= {"Northmoor", "Eastwick", "Southmere", "Westvale"}
    stages = [r.stage for r in reviews]
    assert stages.count("monitoring") >= 4 and "closed" in stages
    assert {"qa_feedback", "drafting", "imrs", "decision"} <= set(stages)
    relationships = {r.descriptors["relationship_type"] for r in reviews}
    assert len(relationships) >= 5
    assert {r.descriptors["victim_sex"] for r in reviews} == {"female", "male"}
    assert len({r.descriptors["court_outcome"] for r in reviews}) >= 7


def test_actions_in_every_status_with_overdue_and_future_targets(demo):
    store, _, _ = demo
    actions = store.repos.monitoring.actions()
    assert {a.status for a in actions} == set(m.STATUSES)
    open_ = [a for a in actions if a.status in ("not_started", "in_progress")]
    assert any(a.target_date and a.target_date < DASHBOARD_DAY for a in open_)  # overdue
    assert any(a.target_date and a.target_date > DASHBOARD_DAY for a in open_)  # future
    assert sum(1 for a in actions if a.latest_update is not None) >= 8
    for action in actions:  # an action's status is its latest update's
        if action.latest_update is not None:
            assert action.latest_update.status == action.status, action.text
        if action.status == "completed":
            assert action.completed_on is not None
    recs = [
        r
        for review in store.repos.reviews.list()
        for r in store.repos.records.list(m.Recommendation, review.id)
    ]
    assert {r.scope for r in recs} >= {"single_agency", "local", "national"}
    assert {r.rec_type for r in recs} == set(m.RECOMMENDATION_TYPES)
    assert all(r.themes and r.sector and r.clear for r in recs)


def test_themes_recur_across_reviews(demo):
    store, _, _ = demo
    known = {t.id for t in store.repos.learning.themes()}
    reviews_with: dict[str, set[str]] = {}
    tagged_reviews = set()
    for review in store.repos.reviews.list():
        for point in store.repos.records.list(m.LearningPoint, review.id):
            assert point.themes and set(point.themes) <= known, point.text
            tagged_reviews.add(review.reference)
            for theme in point.themes:
                reviews_with.setdefault(theme, set()).add(review.reference)
        for entry in store.repos.agency_input.entries(review.id):
            assert set(entry.themes) <= known
    assert len(tagged_reviews) == 11  # all but the review still awaiting its decision
    for common in ("risk_assessment", "professional_curiosity", "coercive_control"):
        assert len(reviews_with[common]) >= 5, common
    assert len(reviews_with["information_sharing"]) >= 4
    assert len(reviews_with) >= 15


def test_search_finds_the_demo_across_reviews(demo):
    from dhrdesk.store import search

    store, _, _ = demo
    hits = search.search(store, "routine enquiry", limit=100)
    assert len({h.reference for h in hits}) >= 4
    assert {"chronology", "recommendation"} <= {h.kind for h in hits}
    sections = search.search(store, "professional curiosity", kinds=["section"])
    assert sections and all(h.kind == "section" for h in sections)


# ------------------------------------------------------------------ the overview PDF
def test_demo_writes_the_restricted_overview_from_store_facts(demo):
    store, out, paths = demo
    assert paths[0] == out / OVERVIEW_RESTRICTED_FILE
    names = [p.name for p in paths]
    for kind in ("executive-summary", "action-plan", "chronology", "terms-of-reference", "imr-"):
        assert any(kind in name and name.endswith("-restricted.pdf") for name in names), kind
    assert (out.stat().st_mode & 0o777) == 0o700
    pages = pages_text(paths[0])
    total = len(PdfReader(paths[0]).pages)
    assert "Page 1 of" in pages[0] and re.search(rf"Page {total} of {total}", pages[-1])
    assert all(page.count("OFFICIAL-SENSITIVE") >= 2 for page in pages)
    cover = " ".join(pages[0].split())
    for expected in (
        "Domestic Homicide Review",
        "Adult A",
        "Northmoor Community Safety Partnership",
        "March 2026",
        "Dr Helen Marsh",
        "Samuel Okafor",
        DEMO_REFERENCE,
    ):
        assert expected in cover, expected
    text = " ".join(" ".join(pages).split())
    for expected in ("Contents", "1 Introduction", "13 Background information", "Timescales"):
        assert expected in text
    assert "walking on eggshells" in text  # the review's summary from the store
    assert "lorem" not in text.lower()


def test_no_real_name_in_pdf_metadata_or_footer(demo):
    store, _, paths = demo
    identifiers = [v for v in _register_values(store) if len(v) >= 3]
    assert "Siobhán O'Neill-Nowak" in identifiers and "Nguyễn Thị Mai" in identifiers
    reader = PdfReader(paths[0])
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert "Adult A" in meta["/Title"] and DEMO_REFERENCE in meta["/Title"]
    xmp = reader.xmp_metadata
    blob = " ".join(meta.values()) + (xmp.stream.get_data().decode("utf-8") if xmp else "")
    footers = [nonblank_lines(page)[-1] for page in pages_text(paths[0])]
    for ident in identifiers:
        pattern = r"(?<!\w)" + re.escape(ident.casefold()) + r"(?!\w)"
        assert not re.search(pattern, blob.casefold()), ident
        assert not any(re.search(pattern, f.casefold()) for f in footers), ident


# ------------------------------------------------------------------ the builder, briefly
def test_builder_reports_an_unknown_review(store):
    with pytest.raises(NotFoundError):
        build_overview_skeleton(store, "DHR 1999/01")


def test_builder_without_records_says_not_yet_recorded(store):
    store.repos.reviews.create("DHR 2026/07", title="Fictional test review")
    doc = build_overview_skeleton(store, "DHR 2026/07", marking=None)
    assert doc.csp == doc.month_year_of_death == doc.chair == "Not yet recorded"
    assert doc.title.endswith("the death of the subject of the review")
    assert doc.cover_note is None and doc.marking is None
    assert [s.heading for s in doc.sections] == ["1 Introduction", "2 Summary"]
    assert "DHR 2026/07" in doc.metadata["title"]


def test_demo_writes_a_submission_pack_that_passes_every_check(demo):
    """The Eastwick review is ready for the QA Board: the pack is written with no
    justification, and what the Board reads has none of issue 11's returns."""
    _, out, paths = demo
    folder = out / "submission"
    names = sorted(p.name for p in folder.iterdir())
    for kind in ("overview", "executive-summary", "action-plan", "chronology"):
        for fmt in ("pdf", "docx"):
            assert f"DHR-2025-11-{kind}.{fmt}" in names
            assert folder / f"DHR-2025-11-{kind}.{fmt}" in paths
    readiness = (folder / "readiness.txt").read_text(encoding="utf-8")
    assert "[FAIL]" not in readiness and "7 of 7 checks passed." in readiness
    cover = " ".join(" ".join(pages_text(folder / "DHR-2025-11-submission-cover-note.pdf")).split())
    assert "The chair's justification" not in cover and "Not met" not in cover
    overview = " ".join(" ".join(pages_text(folder / "DHR-2025-11-overview.pdf")).split())
    assert "This section has not been written yet." not in overview
    assert "(continued)" not in " ".join(pages_text(folder / "DHR-2025-11-action-plan.pdf"))
