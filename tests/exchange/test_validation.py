"""Invalid documents: each is refused with `path: reason`, and the store is unchanged."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import EXIT_INPUT, InputFileError
from dhrdesk.exchange import export_review, import_review, review_json, upgrade
from dhrdesk.exchange.validate import schema
from tests.exchange.builders import build_rich_review, dump_store

REF = "DHR 2026/03"


@pytest.fixture
def rich(store) -> dict[str, Any]:
    """The store holds the rich review; returns an export of it (to mutate)."""
    build_rich_review(store)
    return export_review(store, REF)


@pytest.fixture(scope="module")
def shared_rich(tmp_path_factory: pytest.TempPathFactory):
    """One store holding the rich review for the many refused-file cases (a refused
    import changes nothing, and each case checks exactly that, so they can share it)."""
    from dhrdesk.store import Store
    from tests.conftest import DISPLAY_NAME, PASSPHRASE

    s = Store.create(tmp_path_factory.mktemp("rich") / "rich.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    build_rich_review(s)
    doc = export_review(s, REF)
    yield s, doc, dump_store(s)
    s.close()


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        *parents, last = _parts(path)
        target = doc
        for part in parents:
            target = target[part]
        target[last] = value

    return change


def _delete(path: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        *parents, last = _parts(path)
        target = doc
        for part in parents:
            target = target[part]
        del target[last]

    return change


def _parts(path: str) -> list[Any]:
    out: list[Any] = []
    for chunk in path.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        out.append(name)
        out.extend(int(i) for i in indexes)
    return out


CASES = [
    # wrong types
    ("review.pauses[0].start", 5, "review.pauses[0].start: expected text, found 5."),
    (
        "review.subjects[1].sort",
        "2",
        "review.subjects[1].sort: expected a whole number, found '2'.",
    ),
    ("review.costs[0].amount_pence", 1.5, "review.costs[0].amount_pence: expected a whole number"),
    (
        "review.panel_members[0].declared_not_involved",
        "yes",
        "review.panel_members[0].declared_not_involved: expected true or false, found 'yes'.",
    ),
    ("review.meetings", {}, "review.meetings: expected a list, found an object."),
    ("review.register[0].variants[1]", None, "review.register[0].variants[1]: expected text"),
    # bad dates
    (
        "review.stages[1].completed",
        "2025-02-30",
        "review.stages[1].completed: 2025-02-30 is not a date: February 2025 has 28 days.",
    ),
    ("review.pauses[0].start", "2026-13-01", "review.pauses[0].start: 2026-13-01 is not a date"),
    (
        "review.meetings[1].actions[0].due",
        "1/8/2025",
        "review.meetings[1].actions[0].due: '1/8/2025' is not a date: expected YYYY-MM-DD.",
    ),
    (
        "review.family_members[0].contacts[1].date",
        "2025-08-32",
        "review.family_members[0].contacts[1].date: 2025-08-32 is not a date",
    ),
    ("review.month_of_death", "2025-13", "review.month_of_death: '2025-13' is not a month"),
    ("review.created_at", "yesterday", "review.created_at: 'yesterday' is not a date and time"),
    (
        "review.stages[1].completed",
        "2099-01-01",
        "review.stages[1].completed: 2099-01-01 is in the future",
    ),
    # enums
    (
        "review.pauses[1].kind",
        "holiday",
        "review.pauses[1].kind: 'holiday' is not one of: criminal_trial",
    ),
    ("review.costs[2].category", "lunch", "review.costs[2].category: 'lunch' is not one of"),
    ("review.stages[0].stage_id", "party", "review.stages[0].stage_id: 'party' is not a stage"),
    ("review.profile", "dhr-1999", "review.profile: 'dhr-1999' is not a guidance profile"),
    # references to unknown keys, duplicates
    (
        "review.pauses[1].parallel_process",
        "parallel-9",
        "review.pauses[1].parallel_process: there is no parallel process with the key 'parallel-9'",
    ),
    (
        "review.meetings[0].attendees[2]",
        "panel-7",
        "review.meetings[0].attendees[2]: there is no panel member with the key 'panel-7'",
    ),
    (
        "review.register[1].subject",
        "subject-42",
        "review.register[1].subject: there is no subject with the key 'subject-42'",
    ),
    (
        "review.subjects[2].key",
        "subject-1",
        "review.subjects[2].key: the key 'subject-1' is used twice.",
    ),
    (
        "review.subjects[2].pseudonym",
        "Adult A",
        "review.subjects[2].pseudonym: the pseudonym 'Adult A' appears twice.",
    ),
    # the app's own record rules
    ("review.agencies[2].exclusion_reason", "", "review.agencies[2]: Give the reason why Eastvale"),
    (
        "review.pauses[1].end",
        "2025-07-01",
        "review.pauses[1]: A pause cannot end before it starts.",
    ),
    (
        "review.terms_of_reference.period_rationale",
        " ",
        "review.terms_of_reference.period_rationale: give the rationale",
    ),
    ("review.reference", "", "review.reference: must not be empty."),
    # unknown field (a typo must not be dropped silently)
    ("review.subjects[0].pseudonymm", "x", "review.subjects[0].pseudonymm: unknown field"),
    ("extra", 1, "extra: unknown field"),
    # ---- version 2: agency input
    (
        "review.agencies[1].chronology[1].date",
        "2019-02-30",
        "review.agencies[1].chronology[1].date: 2019-02-30 is not a date: February 2019 has 28 days.",
    ),
    (
        "review.agencies[0].chronology[0].date",
        "March 2019",
        "review.agencies[0].chronology[0].date: 'March 2019' is not a chronology date",
    ),
    (
        "review.agencies[0].chronology[2].date",
        "2021-13",
        "review.agencies[0].chronology[2].date: 2021-13 is not a date: there is no month 13.",
    ),
    (
        "review.agencies[0].chronology[1].source",
        "",
        "review.agencies[0].chronology[1].source: must",
    ),
    (
        "review.agencies[0].chronology[0].event",
        " ",
        "review.agencies[0].chronology[0]: A chronology row needs the event",
    ),
    (
        "review.agencies[0].chronology[1].subjects[1]",
        "subject-9",
        "review.agencies[0].chronology[1].subjects[1]: there is no subject with the key 'subject-9'",
    ),
    (
        "review.agencies[1].chronology[1].duplicate_of",
        "chronology-99",
        "review.agencies[1].chronology[1].duplicate_of: there is no chronology row with the key",
    ),
    (
        "review.agencies[1].chronology[1].duplicate_of",
        "chronology-5",
        "review.agencies[1].chronology[1].duplicate_of: a row cannot be a duplicate of itself.",
    ),
    (
        "review.agencies[1].chronology[0].key",
        "chronology-1",
        "review.agencies[1].chronology[0].key: the key 'chronology-1' is used twice.",
    ),
    (
        "review.agencies[0].chronology[0].external_key",
        "CAD-1904-0112",
        "review.agencies[0].chronology[1].external_key: the external key 'CAD-1904-0112' is used",
    ),
    (
        "review.agencies[0].request.due_on",
        "2025-07-01",
        "review.agencies[0].request: The return cannot be due before it was requested.",
    ),
    (
        "review.agencies[0].request.chases[1]",
        "2025-10-32",
        "review.agencies[0].request.chases[1]: 2025-10-32 is not a date",
    ),
    (
        "review.agencies[0].request.request_type",
        "fax",
        "review.agencies[0].request.request_type: 'fax' is not one of: imr, summary, information.",
    ),
    (
        "review.agencies[0].request.received_on",
        "2099-01-01",
        "review.agencies[0].request: The date the return was received (01 January 2099) cannot",
    ),
    (
        "review.agencies[0].imr_analysis[1].line",
        "line-9",
        "review.agencies[0].imr_analysis[1].line: there is no line of enquiry with the key 'line-9'",
    ),
    (
        "review.agencies[0].imr_sections.hobbies",
        "x",
        "review.agencies[0].imr_sections.hobbies: 'hobbies' is not a section of an IMR",
    ),
    (
        "review.agencies[0].imr_quality[1].note",
        "",
        "review.agencies[0].imr_quality[1].note: say what is missing",
    ),
    (
        "review.agencies[0].imr_quality[1].score",
        "good",
        "review.agencies[0].imr_quality[1].score: 'good' is not one of",
    ),
    (
        "review.chronology_pairs[1].second",
        "chronology-42",
        "review.chronology_pairs[1].second: there is no chronology row with the key 'chronology-42'",
    ),
    (
        "review.chronology_pairs[1].decision",
        "maybe",
        "review.chronology_pairs[1].decision: 'maybe' is not one of: merged, distinct.",
    ),
    # attachments
    (
        "review.attachments[0].content",
        "not base64!",
        "review.attachments[0].content: is not base64",
    ),
    ("review.attachments[1].sha256", "0" * 64, "review.attachments[1].sha256: does not match"),
    ("review.attachments[1].sha256", "ABC", "review.attachments[1].sha256: 'ABC' is not a SHA-256"),
    ("review.attachments[0].size", 3, "review.attachments[0].size: 3 is not the size of the"),
    (
        "review.attachments[0].agency",
        "agency-7",
        "review.attachments[0].agency: there is no agency with the key 'agency-7'",
    ),
    # drafting
    (
        "review.report_sections[1].content[1].runs[1].chronology",
        "chronology-99",
        "review.report_sections[1].content[1].runs[1].chronology: there is no chronology row",
    ),
    (
        "review.report_sections[1].content[1].runs[1].chronology",
        7,
        "review.report_sections[1].content[1].runs[1].chronology: expected the key of a chronology",
    ),
    (
        "review.report_sections[1].content[0].type",
        "video",
        "review.report_sections[1].content[0]: a block must have a type among paragraph",
    ),
    (
        "review.report_sections[1].content[3].rows[0]",
        ["one cell"],
        "review.report_sections[1].content[3].rows[0]: expected 2 cells, found 1",
    ),
    (
        "review.report_sections[1].document",
        "novel",
        "review.report_sections[1].document: 'novel' is not one of: overview, executive_summary.",
    ),
    (
        "review.checklist_responses[0].explanation",
        " ",
        "review.checklist_responses[0]: tick the item, or explain why",
    ),
    (
        "review.drafts[1].version",
        "0.1",
        "review.drafts[1].version: the draft version '0.1' is used",
    ),
    ("review.drafts[0].version", "v1", "review.drafts[0].version: 'v1' is not a draft version"),
    (
        "review.distributions[0].draft",
        "9.9",
        "review.distributions[0].draft: there is no draft with the key '9.9'",
    ),
    (
        "review.distributions[1].sent_on",
        "2099-12-01",
        "review.distributions[1]: The date a draft was sent (01 December 2099) cannot be in",
    ),
    (
        "review.section_comments[0].created_on",
        "2025-02-29",
        "review.section_comments[0].created_on: 2025-02-29 is not a date",
    ),
    # learning, recommendations, actions, QA, publication
    ("review.learning_points[0].kind", "idea", "review.learning_points[0].kind: 'idea' is not one"),
    (
        "review.learning_points[1].agency",
        "agency-8",
        "review.learning_points[1].agency: there is no agency with the key 'agency-8'",
    ),
    (
        "review.recommendations[0].sources[0]",
        "learning-9",
        "review.recommendations[0].sources[0]: there is no learning point with the key",
    ),
    (
        "review.recommendations[0].clear.magic",
        True,
        "review.recommendations[0].clear: 'magic' is not one of: case_for_change",
    ),
    ("review.recommendations[1].number", 0, "review.recommendations[1].number: 0 is too small"),
    (
        "review.recommendations[0].actions[1].completed_on",
        None,
        "review.recommendations[0].actions[1]: Give the date of completion",
    ),
    (
        "review.recommendations[0].actions[0].target_date",
        "2026-02-30",
        "review.recommendations[0].actions[0].target_date: 2026-02-30 is not a date",
    ),
    (
        "review.recommendations[0].actions[0].updates[0].evidence_attachment",
        "attachment-9",
        "review.recommendations[0].actions[0].updates[0].evidence_attachment: there is no attach",
    ),
    (
        "review.recommendations[0].actions[0].updates[1].status",
        "done",
        "review.recommendations[0].actions[0].updates[1].status: 'done' is not one of",
    ),
    (
        "review.qa_rounds[0].areas[0].draft",
        "7.0",
        "review.qa_rounds[0].areas[0].draft: there is no draft with the key '7.0'",
    ),
    (
        "review.qa_rounds[0].letter_date",
        "2026-01-01",
        "review.qa_rounds[0]: The feedback letter cannot be dated before the submission.",
    ),
    (
        "review.anonymisation.date_policy",
        "exact",
        "review.anonymisation.date_policy: 'exact' is not",
    ),
    (
        "review.publication_acceptances[0].reason",
        "",
        "review.publication_acceptances[0].reason: must not be empty.",
    ),
    ("review.publication_log[0].printer", "x", "review.publication_log[0].printer: unknown field"),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"), CASES, ids=[c[0] + "=" + repr(c[1]) for c in CASES]
)
def test_invalid_value_is_named_and_changes_nothing(shared_rich, path, value, expected) -> None:
    store, rich, before = shared_rich
    doc = copy.deepcopy(rich)
    _set(path, value)(doc)
    with pytest.raises(InputFileError) as caught:
        import_review(store, doc, "replace")
    assert caught.value.message.startswith(expected) or expected in caught.value.message, (
        caught.value.message
    )
    assert caught.value.exit_code == EXIT_INPUT
    assert dump_store(store) == before


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("review.subjects[0].pseudonym", "review.subjects[0].pseudonym: this field is missing."),
        ("review.pauses[0].start", "review.pauses[0].start: this field is missing."),
        (
            "review.tor_versions[0].snapshot",
            "review.tor_versions[0].snapshot: this field is missing.",
        ),
        ("review.reference", "review.reference: this field is missing."),
        ("review", "review: this field is missing."),
        (
            "review.agencies[0].chronology[2].source",
            "review.agencies[0].chronology[2].source: this field is missing.",
        ),
        ("review.attachments[1].content", "review.attachments[1].content: this field is missing."),
        ("review.distributions[0].draft", "review.distributions[0].draft: this field is missing."),
    ],
)
def test_missing_field_is_named(shared_rich, path, expected) -> None:
    store, rich, before = shared_rich
    doc = copy.deepcopy(rich)
    _delete(path)(doc)
    with pytest.raises(
        InputFileError, match=r"^" + expected.replace("[", r"\[").replace(".", r"\.")
    ):
        import_review(store, doc, "replace")
    assert dump_store(store) == before


def test_several_problems_are_listed_in_file_order(store, rich) -> None:
    doc = copy.deepcopy(rich)
    doc["review"]["pauses"][0]["start"] = 1
    doc["review"]["costs"][0]["category"] = 2
    doc["review"]["subjects"][0]["role"] = "villain"
    with pytest.raises(InputFileError) as caught:
        import_review(store, doc)
    lines = caught.value.message.splitlines()
    assert lines[0].startswith("review.costs[0].category")
    assert any("review.pauses[0].start" in line for line in lines[1:])
    assert any("review.subjects[0].role" in line for line in lines[1:])


def test_top_level_format_and_version(store) -> None:
    cases = [
        ([1, 2], "the top level is a list, not an object"),
        ({"format": "something-else", "version": 1}, "'format' is 'something-else'"),
        ({"version": 1, "review": {}}, "'format' is missing"),
        ({"format": "dhrdesk-review", "version": "1", "review": {}}, "version: expected a whole"),
        ({"format": "dhrdesk-review", "version": 0, "review": {}}, "version: 0 is not a format"),
    ]
    for doc, expected in cases:
        with pytest.raises(InputFileError, match=expected):
            import_review(store, doc)
    with pytest.raises(InputFileError) as caught:
        import_review(store, {"format": "dhrdesk-review", "version": 3, "review": {}})
    assert caught.value.message == (
        "This file was written by a newer DHR Desk (format version 3); this app reads up to 2."
    )
    assert review_json.FORMAT_VERSION == 2


def test_upgrade_path_runs_each_step_in_order() -> None:
    def one_to_two(doc: dict) -> dict:
        doc["review"]["agencies"] = doc["review"].pop("organisations")
        return doc

    def two_to_three(doc: dict) -> dict:
        for agency in doc["review"]["agencies"]:
            agency["imr"] = None
        return doc

    old = {"format": "dhrdesk-review", "version": 1, "review": {"organisations": [{"name": "X"}]}}
    new = upgrade(old, upgrades={1: one_to_two, 2: two_to_three}, current=3)
    assert new == {
        "format": "dhrdesk-review",
        "version": 3,
        "review": {"agencies": [{"name": "X", "imr": None}]},
    }
    assert old["version"] == 1 and "organisations" in old["review"]  # input untouched
    assert upgrade(new, upgrades={}, current=3) == new


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"format": "dhrdesk-review", "version": 1, "review": {"refer',
            r"is not valid JSON: the file ends too early at line 1, column 61 \(it looks truncated\)",
        ),
        (
            b'{\n  "format": "dhrdesk-review",\n  "version": 1,,\n}',
            r"is not valid JSON: expecting property name .* at line 3, column 16",
        ),
        (b"\xff\xfe{\x00}\x00", r"is not UTF-8 text \(byte 0xff at line 1\)"),
        (b"   \n", "is empty"),
        (b'{"format": "dhrdesk-review", "version": NaN}', "NaN is not a number JSON allows"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=expected):
        review_json.load_review_file(path)


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(review_json.MAX_FILE_BYTES + 1)  # sparse: instant

    def no_reading(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(
        InputFileError, match=r"too large to be a review file \(50 MB; the limit is 50 MB\)"
    ):
        review_json.load_review_file(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="There is no file at"):
        review_json.load_review_file(tmp_path / "nope.json")
    with pytest.raises(InputFileError, match="is a folder"):
        review_json.load_review_file(tmp_path)


def test_failure_while_writing_rolls_everything_back(store, rich, monkeypatch) -> None:
    """A failure half-way through the transaction (here: the 3rd meeting action) leaves no trace."""
    before = dump_store(store)
    real_insert = store.repos.interchange.insert
    calls = {"n": 0}

    def failing_insert(obj, cur):  # noqa: ANN001
        if isinstance(obj, m.MeetingAction):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError("simulated disk failure")
        return real_insert(obj, cur)

    monkeypatch.setattr(store.repos.interchange, "insert", failing_insert)
    with pytest.raises(OSError):
        import_review(store, rich, "replace")  # replace: even the delete is undone
    assert calls["n"] == 3
    assert dump_store(store) == before


def test_failure_late_in_the_import_rolls_back_search_rows_too(store, rich, monkeypatch) -> None:
    """A failure after the chronology rows, attachments and recommendations were written
    (at the publication log) leaves the tables and the search index as they were."""
    from dhrdesk.store import search

    before = dump_store(store)
    index_before = search.rows(store)

    def failing_log(*args, **kwargs):  # noqa: ANN002, ANN003
        raise OSError("simulated disk failure")

    monkeypatch.setattr(store.repos.interchange, "add_publication_log", failing_log)
    with pytest.raises(OSError):
        import_review(store, rich, "as_new", "DHR 2026/77")
    assert dump_store(store) == before
    assert search.rows(store) == index_before
    assert store.repos.reviews.find("DHR 2026/77") is None


# ------------------------------------------------------------------ schema stays honest
_LIST_CLASSES = {
    "subjects": m.Subject,
    "register": m.RegisterEntry,
    "people": m.ReviewPerson,
    "stages": m.StageDates,
    "parallel_processes": m.ParallelProcess,
    "pauses": m.Pause,
    "panel_members": m.PanelMember,
    "meetings": m.Meeting,
    "agencies": m.Agency,
    "tor_versions": m.TorVersion,
    "lines_of_enquiry": m.LineOfEnquiry,
    "family_members": m.FamilyMember,
    "costs": m.Cost,
}
_LINKS = {
    "subject_id": "subject",
    "parallel_process_id": "parallel_process",
    "subject_ids": "subjects",
    "source_ids": "sources",
    "evidence_attachment_id": "evidence_attachment",
    "line_of_enquiry_id": "line",
}
_INTERNAL = {
    "id",
    "review_id",
    "meeting_id",
    "family_member_id",
    "recommendation_id",
    "action_id",
    "qa_round_id",
}
# version 2: JSON list -> (class, nested lists not in the class, parent link names)
_V2_LISTS = {
    "chronology_pairs": None,
    "attachments": m.Attachment,
    "report_sections": m.ReportSection,
    "checklist_responses": m.ChecklistResponse,
    "drafts": m.Draft,
    "distributions": m.Distribution,
    "section_comments": m.SectionComment,
    "learning_points": m.LearningPoint,
    "recommendations": m.Recommendation,
    "qa_rounds": m.QaRound,
    "publication_acceptances": m.PublicationAcceptance,
    "publication_log": None,
}


def _columns(cls: type, links: dict[str, str] | None = None) -> set[str]:
    links = {**_LINKS, **(links or {})}
    return {links.get(f.name, f.name) for f in dataclasses.fields(cls)} - _INTERNAL


def test_schema_covers_every_field_of_the_model() -> None:
    """A field added to the model must be added to the format (and schema) too."""
    review = schema()["properties"]["review"]["properties"]
    assert _columns(m.Review) <= set(review)
    for name, cls in _LIST_CLASSES.items():
        props = set(review[name]["items"]["properties"]) - {
            "key",
            "attendees",
            "actions",
            "contacts",
            *review_json.V2_AGENCY_PARTS,
        }
        assert props == _columns(cls), name
    meeting = review["meetings"]["items"]["properties"]
    assert set(meeting["actions"]["items"]["properties"]) == _columns(m.MeetingAction)
    family = review["family_members"]["items"]["properties"]
    assert set(family["contacts"]["items"]["properties"]) == _columns(m.FamilyContact)
    assert set(review["terms_of_reference"]["properties"]) == _columns(m.TermsOfReference)


def test_schema_covers_every_field_of_the_version_2_model() -> None:
    review = schema()["properties"]["review"]["properties"]
    agency = review["agencies"]["items"]["properties"]
    assert set(agency["request"]["properties"]) == _columns(m.AgencyRequest) - {"agency_id"}
    assert set(agency["imr_quality"]["items"]["properties"]) == _columns(m.ImrQuality) - {
        "agency_id"
    }
    assert set(agency["imr_analysis"]["items"]["properties"]) == _columns(m.ImrAnalysis) - {
        "agency_id"
    }
    row = set(agency["chronology"]["items"]["properties"])
    assert row - {"key"} == _columns(m.ChronologyEntry) - {"agency_id"}
    links = {"agency_id": "agency", "draft_id": "draft"}
    for name, cls in _V2_LISTS.items():
        if cls is None:
            continue
        props = set(review[name]["items"]["properties"]) - {"actions", "areas"}
        extra = {"attachments": {"key", "content"}, "learning_points": {"key"}}.get(name, set())
        assert props == _columns(cls, links) | extra, name
    rec = review["recommendations"]["items"]["properties"]
    action = rec["actions"]["items"]["properties"]
    assert set(action) - {"updates"} == _columns(m.Action)
    assert set(action["updates"]["items"]["properties"]) == _columns(m.ActionUpdate)
    areas = review["qa_rounds"]["items"]["properties"]["areas"]["items"]["properties"]
    assert set(areas) == _columns(m.QaArea, links)
    assert set(review["anonymisation"]["properties"]) == _columns(m.AnonymisationSettings)
    from dhrdesk.store.repositories.interchange import PUBLICATION_LOG_FIELDS

    assert set(review["publication_log"]["items"]["properties"]) == set(PUBLICATION_LOG_FIELDS)


def test_schema_enums_match_the_model() -> None:
    review = schema()["properties"]["review"]["properties"]

    def enum(name: str, field: str) -> list[str]:
        return review[name]["items"]["properties"][field]["enum"]

    assert enum("subjects", "role") == m.SUBJECT_ROLES
    assert enum("register", "kind") == m.REGISTER_KINDS
    assert enum("people", "role") == m.PERSON_ROLES
    assert enum("pauses", "kind") == m.PAUSE_KINDS
    assert enum("parallel_processes", "kind") == m.PARALLEL_KINDS
    assert enum("parallel_processes", "status") == m.PARALLEL_STATUSES
    assert enum("costs", "category") == m.COST_CATEGORIES
    assert enum("learning_points", "kind") == m.LEARNING_KINDS
    assert enum("recommendations", "scope") == m.RECOMMENDATION_SCOPES
    assert enum("recommendations", "rec_type") == m.RECOMMENDATION_TYPES
    assert enum("recommendations", "status") == m.STATUSES
    assert enum("distributions", "recipient_kind") == m.DISTRIBUTION_KINDS
    assert enum("qa_rounds", "outcome") == m.QA_OUTCOMES
    assert enum("attachments", "kind") == m.ATTACHMENT_KINDS
    assert enum("report_sections", "document") == m.DOCUMENTS
    agency = review["agencies"]["items"]["properties"]
    assert agency["request"]["properties"]["request_type"]["enum"] == m.REQUEST_TYPES
    quality = agency["imr_quality"]["items"]["properties"]
    assert quality["item"]["enum"] == [item for item, _ in m.IMR_QUALITY_ITEMS]
    assert quality["score"]["enum"] == ["", *m.QUALITY_SCORES]
    assert review["anonymisation"]["properties"]["date_policy"]["enum"] == m.DATE_POLICIES


def test_exported_files_validate_against_the_shipped_schema(store, rich) -> None:
    from jsonschema import Draft202012Validator

    path = Path(__file__).resolve().parents[2] / "resources" / "schemas" / "review.schema.json"
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert shipped["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(shipped)
    assert list(Draft202012Validator(shipped).iter_errors(rich)) == []
    broken = copy.deepcopy(rich)
    broken["review"]["subjects"][0]["role"] = "villain"
    assert list(Draft202012Validator(shipped).iter_errors(broken))
