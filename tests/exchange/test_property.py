"""Property: any review the repositories accept survives export -> import -> export unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dhrdesk.core import model as m
from dhrdesk.exchange import dumps, export_review, import_review
from tests.conftest import DISPLAY_NAME, PASSPHRASE

REF = "DHR 2031/07"

TODAY = dt.date.today()
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=25,
)
name = text.filter(lambda s: bool(s.strip()))
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
maybe_dates = st.none() | dates
partial_dates = st.tuples(dates, st.sampled_from([4, 7, 10])).map(
    lambda d: d[0].isoformat()[: d[1]]
)
themes = st.lists(st.sampled_from(["coercive_control", "stalking", "mental_health"]), max_size=2)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    """One store for every example (a store costs ~0.2 s); each example cleans up."""
    from dhrdesk.store import Store

    path: Path = tmp_path_factory.mktemp("prop") / "prop.dhrdesk"
    s = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    yield s
    s.close()


@st.composite
def reviews(draw: st.DrawFn) -> dict:
    """A plan for a review: a few records of several kinds with random text and dates."""
    pseudonyms = draw(st.lists(name, max_size=3, unique=True))
    subjects = [
        {
            "role": draw(st.sampled_from(m.SUBJECT_ROLES)),
            "pseudonym": p,
            "description": draw(text),
            "sort": draw(st.integers(-5, 5)),
        }
        for p in pseudonyms
    ]
    register = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(m.REGISTER_KINDS))
        value = draw(dates).isoformat() if kind.startswith("date_of") else draw(name)
        register.append(
            {
                "kind": kind,
                "value": value,
                "variants": draw(st.lists(text, max_size=2)),
                "subject": draw(st.none() | st.integers(0, 2)),
            }
        )
    processes = [draw(st.sampled_from(m.PARALLEL_KINDS)) for _ in range(draw(st.integers(0, 2)))]
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(dates)
        end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2040, 1, 1)))
        pauses.append(
            {
                "kind": draw(st.sampled_from(m.PAUSE_KINDS)),
                "start": start,
                "end": end,
                "reason": draw(name),
                "process": draw(st.none() | st.integers(0, 1)),
            }
        )
    panel = draw(st.lists(name, max_size=3))
    meetings = [
        {
            "date": draw(dates),
            "minutes": draw(text),
            "attend": draw(st.lists(st.integers(0, 2), max_size=3, unique=True)),
            "actions": draw(st.lists(st.tuples(name, maybe_dates, maybe_dates), max_size=2)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    agencies = draw(
        st.lists(st.tuples(name, st.booleans(), name), max_size=3, unique_by=lambda a: a[0])
    )
    family = [
        {
            "name": draw(name),
            "subject": draw(st.none() | st.integers(0, 2)),
            "contacts": draw(st.lists(st.tuples(dates, text), max_size=2)),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    costs = [
        (
            draw(st.sampled_from(m.COST_CATEGORIES)),
            draw(st.integers(0, 10**9)),
            draw(st.none() | st.floats(0, 365, allow_nan=False)),
            draw(maybe_dates),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    rows = [
        {
            "agency": draw(st.integers(0, 2)),
            "date": draw(partial_dates),
            "source": draw(name),
            "event": draw(name),
            "subjects": draw(st.lists(st.integers(0, 2), max_size=2, unique=True)),
            "themes": draw(themes),
            "key_event": draw(st.booleans()),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    decisions = draw(
        st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.booleans()), max_size=2)
    )
    attachments = draw(
        st.lists(st.tuples(st.binary(max_size=40), st.none() | st.integers(0, 2)), max_size=2)
    )
    points = draw(st.lists(st.tuples(st.sampled_from(m.LEARNING_KINDS), name, themes), max_size=3))
    recommendations = [
        {
            "text": draw(name),
            "sources": draw(st.lists(st.integers(0, 2), max_size=2, unique=True)),
            "actions": draw(
                st.lists(
                    st.tuples(
                        name,
                        st.sampled_from(["not_started", "in_progress"]),
                        st.lists(st.tuples(dates, name, st.none() | st.integers(0, 1)), max_size=2),
                    ),
                    max_size=2,
                )
            ),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    drafts = draw(st.lists(st.tuples(name, st.lists(dates, max_size=1)), max_size=2))
    return {
        "rows": rows,
        "decisions": decisions,
        "attachments": attachments,
        "points": points,
        "recommendations": recommendations,
        "drafts": drafts,
        "reference_row": draw(st.none() | st.integers(0, 3)),
        "title": draw(text),
        "descriptors": draw(st.dictionaries(name, text, max_size=2)),
        "subjects": subjects,
        "register": register,
        "processes": processes,
        "pauses": pauses,
        "panel": panel,
        "meetings": meetings,
        "agencies": agencies,
        "family": family,
        "costs": costs,
        "notification": draw(maybe_dates),
        "lines": draw(st.lists(name, max_size=2)),
    }


def _build(store, plan: dict) -> None:  # noqa: ANN001
    repos = store.repos
    save = repos.records.save
    rid = repos.reviews.create(REF, plan["title"], descriptors=plan["descriptors"])
    subjects = [
        m.Subject(rid, s["role"], s["pseudonym"], description=s["description"], sort=s["sort"])
        for s in plan["subjects"]
    ]
    for s in subjects:
        save(s)

    def pick(items: list, index: int | None) -> int | None:
        return items[index].id if index is not None and index < len(items) else None

    for e in plan["register"]:
        save(
            m.RegisterEntry(
                rid,
                e["kind"],
                e["value"],
                subject_id=pick(subjects, e["subject"]),
                variants=e["variants"],
            )
        )
    processes = [m.ParallelProcess(rid, kind) for kind in plan["processes"]]
    for p in processes:
        save(p)
    for p in plan["pauses"]:
        save(
            m.Pause(
                rid, p["kind"], p["start"], p["end"], p["reason"], pick(processes, p["process"])
            )
        )
    panel = [m.PanelMember(rid, n) for n in plan["panel"]]
    for p in panel:
        save(p)
    for mt in plan["meetings"]:
        meeting = m.Meeting(rid, mt["date"], minutes=mt["minutes"])
        save(meeting)
        repos.records.set_attendance(
            meeting.id, [panel[i].id for i in mt["attend"] if i < len(panel)]
        )
        for text_, due, done in mt["actions"]:
            save(m.MeetingAction(meeting.id, text_, due=due, done_on=done))
    for agency_name, in_scope, reason in plan["agencies"]:
        save(m.Agency(rid, agency_name, in_scope=in_scope, exclusion_reason=reason))
    for f in plan["family"]:
        member = m.FamilyMember(rid, f["name"], subject_id=pick(subjects, f["subject"]))
        save(member)
        for day, summary in f["contacts"]:
            save(m.FamilyContact(member.id, day, summary=summary))
    for category, pence, days, day in plan["costs"]:
        save(m.Cost(rid, category, pence, days=days, date=day))
    for i, line in enumerate(plan["lines"]):
        save(m.LineOfEnquiry(rid, line, sort=i))
    if plan["notification"]:
        repos.lifecycle.set_stage_dates(rid, "notification", None, plan["notification"])
    if plan["lines"]:
        repos.lifecycle.agree_terms(rid, TODAY)
    _build_v2(store, rid, plan, subjects)


def _build_v2(store, rid: int, plan: dict, subjects: list) -> None:  # noqa: ANN001
    """The records format version 2 added: chronology rows with merges and distinct
    pairs, attachments, learning points, recommendations with actions and updates,
    frozen drafts with distributions, and a section that refers to a chronology row."""
    repos = store.repos
    ai = repos.agency_input
    agencies = repos.records.list(m.Agency, rid)

    def pick(items: list, index: int | None) -> int | None:
        return items[index].id if index is not None and index < len(items) else None

    rows = [
        m.ChronologyEntry(
            rid,
            agencies[r["agency"] % len(agencies)].id,
            r["date"],
            r["source"],
            r["event"],
            key_event=r["key_event"],
            themes=r["themes"],
            subject_ids=[subjects[i].id for i in r["subjects"] if i < len(subjects)],
        )
        for r in (plan["rows"] if agencies else [])
    ]
    ids = ai.add_entries(rows) if rows else []
    for a, b, merge in plan["decisions"]:
        if a < len(ids) and b < len(ids) and a != b:
            if merge:
                ai.merge_duplicate(ids[a], ids[b])
            else:
                ai.keep_both(ids[a], ids[b])
    files = [
        ai.add_attachment(rid, f"file-{i}.bin", content, "other", agency_id=pick(agencies, agency))
        for i, (content, agency) in enumerate(plan["attachments"])
    ]
    points = []
    for kind, words, tags in plan["points"]:
        point = m.LearningPoint(rid, kind, words, tags, pick(agencies, 0))
        repos.records.save(point)
        points.append(point)
    for number, r in enumerate(plan["recommendations"], start=1):
        sources = [points[i].id for i in r["sources"] if i < len(points)]
        rec = m.Recommendation(rid, number, r["text"], source_ids=sources)
        repos.records.save(rec)
        for words, status, updates in r["actions"]:
            action = m.Action(rec.id, words, status=status)
            repos.records.save(action)
            for day, update_text, evidence in updates:
                update = m.ActionUpdate(action.id, day, update_text, status, pick(files, evidence))
                repos.records.save(update)
    for summary, sent in plan["drafts"]:
        draft = repos.drafting.freeze(rid, {"documents": {}}, summary)
        for day in sent:
            repos.records.save(m.Distribution(rid, draft.id, "panel", "Panel", day))
    if plan["reference_row"] is not None and plan["reference_row"] < len(ids):
        run = {"chronology": ids[plan["reference_row"]], "label": "row"}
        content = [{"type": "paragraph", "runs": [{"text": "See "}, run]}]
        repos.drafting.save_section(m.ReportSection(rid, "overview", "chronology", content))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(plan=reviews())
def test_generated_reviews_round_trip(shared_store, plan: dict) -> None:
    store = shared_store
    try:
        _build(store, plan)
        first = export_review(store, REF, timestamp=False)
        store.repos.reviews.delete(store.repos.reviews.get(REF).id)
        assert store.repos.reviews.list() == []  # the import goes into an empty store
        import_review(store, first)
        second = export_review(store, REF, timestamp=False)
        assert dumps(second) == dumps(first)
        assert len(second["review"]["subjects"]) == len(plan["subjects"])
        assert len(second["review"]["register"]) == len(plan["register"])
        rows = [r for a in second["review"]["agencies"] for r in a["chronology"]]
        assert len(rows) == (len(plan["rows"]) if plan["agencies"] else 0)
        assert len(second["review"]["attachments"]) == len(plan["attachments"])
        assert len(second["review"]["recommendations"]) == len(plan["recommendations"])
    finally:
        found = store.repos.reviews.find(REF)
        if found is not None:
            store.repos.reviews.delete(found.id)
