"""Full-text search: ranking, highlighting, filters, accent folding, safe query parsing,
and an index kept current by every write path (and equal to a rebuild)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from dhrdesk import cli
from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import from_plain_text
from dhrdesk.store import Store, search
from tests.conftest import PASSPHRASE

D = dt.date


def keys(hits: list[search.Hit]) -> list[str]:
    return [h.record_key for h in hits]


@pytest.fixture
def two_reviews(store: Store) -> dict[str, int]:
    """Two fictional reviews with texts of several kinds."""
    reviews, records, agency_input = (
        store.repos.reviews,
        store.repos.records,
        store.repos.agency_input,
    )
    a = reviews.create("DHR A", month_of_death="2023-05")
    b = reviews.create("DHR B", month_of_death="2024-02")
    police_a = agency_input.ensure_agency(a, "Northmoor Police")
    gp_a = agency_input.ensure_agency(a, "Riverside GP Practice")
    police_b = agency_input.ensure_agency(b, "Eastmere Police")
    ids = {"a": a, "b": b, "police_a": police_a.id, "gp_a": gp_a.id, "police_b": police_b.id}
    ids["row1"] = agency_input.save_entry(
        m.ChronologyEntry(
            a,
            police_a.id,
            "2023-01-10",
            "Police log",
            event="Officers attended after a report of strangulation by Łukasz.",
            themes=["risk_assessment"],
        )
    )
    ids["row2"] = agency_input.save_entry(
        m.ChronologyEntry(
            a,
            gp_a.id,
            "2022-11",
            "GP record",
            event="Zoë told the GP she felt anxious; no routine enquiry about abuse.",
            themes=["professional_curiosity", "health_services"],
        )
    )
    ids["row3"] = agency_input.save_entry(
        m.ChronologyEntry(
            b,
            police_b.id,
            "2024-01-05",
            "Police log",
            event="Lukasz was arrested for breach of bail.",
            themes=["perpetrator_management"],
        )
    )
    ids["meeting"] = records.save(
        m.Meeting(
            a,
            D(2023, 9, 1),
            title="Strangulation training panel",
            minutes="The panel discussed strangulation. Strangulation is a marker of "
            "escalating risk; non-fatal strangulation training was agreed.",
        )
    )
    ids["rec"] = records.save(
        m.Recommendation(
            a,
            1,
            "Commission routine enquiry training for GP practices.",
            lead_agency="Riverside GP Practice",
            themes=["training", "health_services"],
        )
    )
    ids["lesson"] = records.save(
        m.LearningPoint(
            b,
            "lesson",
            "Bail conditions were not shared with the victim's advocate.",
            themes=["information_sharing"],
        )
    )
    store.repos.drafting.save_section(
        m.ReportSection(
            a, "overview", "analysis", from_plain_text("Analysis of the safeguarding response.")
        )
    )
    return ids


# --------------------------------------------------------------------------- ranking
def test_title_and_repeated_words_rank_first_and_are_highlighted(store, two_reviews) -> None:
    hits = search.search(store, "strangulation")
    assert keys(hits) == [f"meeting:{two_reviews['meeting']}", f"chronology:{two_reviews['row1']}"]
    assert hits[0].rank > hits[1].rank
    assert hits[0].title == "Strangulation training panel, 1 September 2023"
    assert "«strangulation»" in hits[0].snippet.lower()
    assert hits[0].snippet.count("«") >= 3
    assert hits[1].snippet == ("Officers attended after a report of «strangulation» by Łukasz.")
    assert hits[1].title == "Chronology — Northmoor Police, 10 January 2023"
    assert hits[1].reference == "DHR A" and hits[1].kind == "chronology"


def test_all_words_must_match_and_phrases_keep_order(store, two_reviews) -> None:
    assert set(keys(search.search(store, "routine enquiry"))) == {
        f"recommendation:{two_reviews['rec']}",
        f"chronology:{two_reviews['row2']}",
    }
    assert keys(search.search(store, "routine bail")) == []
    assert keys(search.search(store, '"enquiry routine"')) == []
    assert len(search.search(store, '"routine enquiry"')) == 2
    prefix = search.search(store, "safeguard*")
    assert keys(prefix) == ["section:overview/analysis"]
    assert "«safeguarding»" in prefix[0].snippet
    assert prefix[0].title.startswith("Overview report — ")


# --------------------------------------------------------------------------- folding
@pytest.mark.parametrize("query", ["Lukasz", "lukasz", "Łukasz", "ŁUKASZ"])
def test_accent_folding_both_ways(store, two_reviews, query: str) -> None:
    hits = search.search(store, query)
    assert set(keys(hits)) == {
        f"chronology:{two_reviews['row1']}",  # written Łukasz
        f"chronology:{two_reviews['row3']}",  # written Lukasz
    }
    snippets = " ".join(h.snippet for h in hits)
    assert "«Łukasz»" in snippets and "«Lukasz»" in snippets


def test_diaeresis_folds(store, two_reviews) -> None:
    assert keys(search.search(store, "zoe")) == [f"chronology:{two_reviews['row2']}"]
    assert keys(search.search(store, "ZOË")) == [f"chronology:{two_reviews['row2']}"]


# --------------------------------------------------------------------------- filters
def test_filters(store, two_reviews) -> None:
    ids = two_reviews
    both = {f"chronology:{ids['row1']}", f"chronology:{ids['row3']}"}
    assert set(keys(search.search(store, "lukasz"))) == both
    assert keys(search.search(store, "lukasz", review_ids=[ids["b"]])) == [
        f"chronology:{ids['row3']}"
    ]
    assert search.search(store, "lukasz", review_ids=[]) == []
    assert keys(search.search(store, "lukasz", agency="northmoor police")) == [
        f"chronology:{ids['row1']}"
    ]
    assert search.search(store, "lukasz", agency="Northmoor") == []
    assert keys(search.search(store, "lukasz", theme="perpetrator_management")) == [
        f"chronology:{ids['row3']}"
    ]
    assert search.search(store, "lukasz", theme="perpetrator") == []  # whole ids only
    # Date range: partial dates overlap the range; undated texts drop out.
    assert keys(search.search(store, "lukasz", date_from="2024")) == [f"chronology:{ids['row3']}"]
    assert keys(search.search(store, "lukasz", date_to=D(2023, 12, 31))) == [
        f"chronology:{ids['row1']}"
    ]
    assert keys(search.search(store, "anxious", date_from="2022-11-20", date_to="2022-11-30")) == [
        f"chronology:{ids['row2']}"  # dated only "2022-11": the month overlaps
    ]
    assert search.search(store, "anxious", date_from="2022-12") == []
    assert search.search(store, "training", date_from="2000") != []  # the meeting is dated
    assert all(
        h.kind != "recommendation" for h in search.search(store, "training", date_from="2000")
    )
    assert keys(search.search(store, "training", kinds=["recommendation"])) == [
        f"recommendation:{ids['rec']}"
    ]
    with pytest.raises(ValidationError):
        search.search(store, "training", kinds=["nonsense"])
    with pytest.raises(ValidationError, match="not a date"):
        search.search(store, "training", date_from="last week")
    with pytest.raises(ValidationError, match="after"):
        search.search(store, "training", date_from="2024", date_to="2023")
    with pytest.raises(ValidationError):
        search.search(store, "training", limit=0)


# ----------------------------------------------------------------------- safe queries
UNSAFE = [
    '"',
    '""',
    "*",
    "**",
    "'",
    "(",
    ")",
    "()",
    "AND",
    "AND OR",
    "OR NOT",
    "NEAR(police bail)",
    "NEAR",
    "title:strangulation",
    "body:x OR folded:y",
    "^police",
    "police +",
    "{title body}:x",
    '"unterminated phrase',
    'bail"',
    "police*",
    "-police",
    "police AND (bail OR",
    "\\",
    "%",
    "_",
    "police; DROP TABLE review",
    "a" * 500,
    "ł",
    "\x00",
    "NOT police",
    "police NOT bail",
    "col:",
    ":",
    "* police",
    "\u200b",
    "🙂",
]


@pytest.mark.parametrize("query", UNSAFE)
def test_unsafe_query_syntax_never_escapes(store, two_reviews, query: str) -> None:
    try:
        hits = search.search(store, query)
    except ValidationError as err:
        assert err.message  # a clear message, not an FTS5 syntax error
        assert "fts5" not in err.message.lower() and "syntax" not in err.message.lower()
    else:
        assert isinstance(hits, list)


def test_operators_are_plain_words(store, two_reviews) -> None:
    # "title:strangulation" is the words "title" and "strangulation", not a column filter.
    assert search.search(store, "title:strangulation") == []
    assert len(search.search(store, "NEAR(police log)")) == 0
    for empty in ["", "   ", '"', "*", "()", "--"]:
        with pytest.raises(ValidationError, match="Type at least one word"):
            search.search(store, empty)
    assert search.parse_query('police "bail  conditions" strang* AND') == [
        search.Term(("police",)),
        search.Term(("bail", "conditions")),
        search.Term(("strang",), prefix=True),
        search.Term(("and",)),
    ]


# --------------------------------------------------------------------- write path
def test_chronology_save_edit_delete_keeps_index_current(store, two_reviews) -> None:
    repo = store.repos.agency_input
    rid, police = two_reviews["a"], two_reviews["police_a"]
    entry = m.ChronologyEntry(
        rid, police, "2023-02-01", "Police log", event="A quarrel about keys."
    )
    repo.save_entry(entry)
    key = f"chronology:{entry.id}"
    assert keys(search.search(store, "quarrel")) == [key]
    entry.event = "A dispute about the car."
    repo.save_entry(entry)
    assert search.search(store, "quarrel") == []
    assert keys(search.search(store, "dispute")) == [key]
    repo.delete_entry(entry.id)
    assert search.search(store, "dispute") == []
    # Imports (add_entries) are indexed too, and a re-import replaces, not duplicates.
    rows = [
        m.ChronologyEntry(
            rid, police, "2023-03-01", "Log", event="Welfare check", external_key="k1"
        )
    ]
    repo.add_entries(rows)
    rows[0].id, rows[0].event = None, "Welfare visit"
    repo.add_entries(rows)
    assert search.search(store, "check") == []
    assert len(search.search(store, "welfare")) == 1


def test_records_repository_keeps_index_current(store, two_reviews) -> None:
    records, rid = store.repos.records, two_reviews["a"]
    rec = records.get(m.Recommendation, two_reviews["rec"])
    action = m.Action(rec.id, "Deliver the enquiry course to every practice.", lead_agency="ICB")
    records.save(action)
    with store.write("action_update.create", "test") as cur:
        cur.execute(
            "INSERT INTO action_update(action_id, date, text, status) VALUES (?, ?, ?, ?)",
            (action.id, "2024-01-15", "Course piloted in three practices.", "in_progress"),
        )
        search.index(cur, "action_update", id=cur.lastrowid)
    member = m.FamilyMember(rid, "Sister")
    records.save(member)
    contact = m.FamilyContact(
        member.id, D(2023, 7, 1), mode="phone", summary="Spoke about the tribute."
    )
    records.save(contact)
    lesson = m.LearningPoint(
        rid, "good_practice", "The IDVA kept in weekly contact.", themes=["specialist_da_services"]
    )
    records.save(lesson)

    hit = search.search(store, "course piloted")[0]
    assert hit.kind == "action_update" and hit.agency == "ICB" and hit.date == "2024-01-15"
    assert keys(search.search(store, "deliver", theme="training")) == [f"action:{action.id}"]
    assert keys(search.search(store, "tribute")) == [f"family_contact:{contact.id}"]
    assert search.search(store, "weekly")[0].title == "Good practice"

    # Editing the recommendation's themes reaches its actions and updates.
    rec.themes = ["policies"]
    records.save(rec)
    assert search.search(store, "deliver", theme="training") == []
    assert len(search.search(store, "piloted", theme="policies")) == 1
    lesson.text = "The IDVA kept in daily contact."
    records.save(lesson)
    assert search.search(store, "weekly") == [] and len(search.search(store, "daily")) == 1

    # Deleting a recommendation cascades to its action and update: gone from search too.
    records.delete(m.Recommendation, rec.id)
    for word in ("commission", "deliver", "piloted"):
        assert search.search(store, word) == []
    records.delete(m.FamilyMember, member.id)
    assert search.search(store, "tribute") == []
    records.delete(m.LearningPoint, lesson.id)
    assert search.search(store, "daily") == []
    records.delete(m.Meeting, two_reviews["meeting"])
    assert keys(search.search(store, "strangulation")) == [f"chronology:{two_reviews['row1']}"]


def test_agency_rename_and_delete(store, two_reviews) -> None:
    records = store.repos.records
    agency = records.get(m.Agency, two_reviews["police_a"])
    lesson = m.LearningPoint(
        two_reviews["a"], "lesson", "Call handlers missed the risk.", agency_id=agency.id
    )
    records.save(lesson)
    store.repos.agency_input.save_imr_section(agency.id, "lessons", "Supervision of call handlers.")
    agency.name = "Northmoor Constabulary"
    records.save(agency)
    assert search.search(store, "strangulation", agency="Northmoor Constabulary") != []
    assert search.search(store, "handlers")[0].agency == "Northmoor Constabulary"
    records.delete(m.Agency, agency.id)
    assert search.search(store, "strangulation", kinds=["chronology"]) == []
    hits = search.search(store, "handlers")
    assert [(h.kind, h.agency, h.title) for h in hits] == [("learning", "", "Lesson to be learnt")]


def test_sections_and_imr_are_indexed_on_save(store, two_reviews) -> None:
    drafting, agency_input = store.repos.drafting, store.repos.agency_input
    rid = two_reviews["a"]
    drafting.save_section(
        m.ReportSection(rid, "overview", "analysis", from_plain_text("Nothing on housing."))
    )
    assert search.search(store, "safeguarding") == []
    assert keys(search.search(store, "housing")) == ["section:overview/analysis"]
    # The same section of another review is another record (same key, other review).
    drafting.save_section(
        m.ReportSection(two_reviews["b"], "overview", "analysis", from_plain_text("More housing."))
    )
    assert sorted(h.reference for h in search.search(store, "housing")) == ["DHR A", "DHR B"]
    drafting.save_section(
        m.ReportSection(two_reviews["b"], "overview", "analysis", from_plain_text("Gone."))
    )
    assert [h.reference for h in search.search(store, "housing")] == ["DHR A"]
    assert search.rebuild(store) == len(search.rows(store))
    agency_input.save_imr_section(
        two_reviews["gp_a"], "good_practice", "The practice nurse asked directly."
    )
    hit = search.search(store, "nurse")[0]
    assert hit.kind == "imr" and hit.title == "IMR — Riverside GP Practice: Good practice"
    line = m.LineOfEnquiry(
        rid, "What did agencies know about the abuse?", theme_id="risk_assessment"
    )
    store.repos.records.save(line)
    agency_input.save_imr_analysis(two_reviews["gp_a"], line.id, "Little was recorded about abuse.")
    hit = search.search(store, "recorded", theme="risk_assessment")[0]
    assert hit.kind == "imr_analysis" and hit.title.startswith(
        "IMR analysis — Riverside GP Practice"
    )
    agency_input.save_imr_analysis(two_reviews["gp_a"], line.id, "")
    assert search.search(store, "recorded") == []  # emptied text leaves the index


def test_rebuild_gives_the_same_index_and_results(store, two_reviews) -> None:
    before_rows = search.rows(store)
    before = [search.search(store, q) for q in ("lukasz", "training", "routine enquiry", "zoe")]
    report = store.verify(reindex=True)
    assert report.ok
    assert any("search index rebuilt (7 texts)" in line for line in report.lines())
    assert search.rows(store) == before_rows
    after = [search.search(store, q) for q in ("lukasz", "training", "routine enquiry", "zoe")]
    assert [keys(x) for x in after] == [keys(x) for x in before]
    assert [[h.snippet for h in x] for x in after] == [[h.snippet for h in x] for x in before]


def test_rebuild_restores_a_damaged_index_and_drops_deleted_reviews(store, two_reviews) -> None:
    with store.write("test.damage", "search") as cur:
        cur.execute("DELETE FROM search_index WHERE kind = 'chronology'")
    assert search.search(store, "lukasz") == []
    store.repos.reviews.delete(two_reviews["b"])
    assert search.rebuild(store) == 5
    assert keys(search.search(store, "lukasz")) == [f"chronology:{two_reviews['row1']}"]


def test_deleted_review_never_shows(store, two_reviews) -> None:
    store.repos.reviews.delete(two_reviews["b"])
    assert keys(search.search(store, "lukasz")) == [f"chronology:{two_reviews['row1']}"]


# ----------------------------------------------------------------------------- CLI
def test_cli_search_prints_hits(store, two_reviews, store_path: Path, capsys, monkeypatch) -> None:
    store.close()
    monkeypatch.setenv("DHRDESK_PASSPHRASE", PASSPHRASE)
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        code = cli.main(["--store", str(store_path), "search", "Lukasz", "--review", "DHR B"])
        out = capsys.readouterr()
        assert code == 0
        assert out.out.splitlines() == [
            "DHR B\tChronology\tChronology — Eastmere Police, 5 January 2024",
            "    «Lukasz» was arrested for breach of bail.",
        ]
        assert cli.main(["--store", str(store_path), "search", "()"]) == 1
        assert "Type at least one word" in capsys.readouterr().err
        assert cli.main(["--store", str(store_path), "search", "nothingmatches"]) == 0
        assert "No texts match." in capsys.readouterr().err
    finally:
        os.umask(umask)


def test_action_update_saved_through_records_is_indexed(store, two_reviews) -> None:
    records = store.repos.records
    action = m.Action(two_reviews["rec"], "Deliver the course.", lead_agency="ICB")
    records.save(action)
    update = m.ActionUpdate(action.id, D(2024, 1, 15), "Course piloted.", "in_progress")
    records.save(update)
    assert keys(search.search(store, "piloted")) == [f"action_update:{update.id}"]
    records.delete(m.ActionUpdate, update.id)
    assert search.search(store, "piloted") == []
