"""A new kind of record costs one declaration plus its migration: export, import, the
schema and meaning checks, the upgrade of older files and search handle it with no
other code. The kind and its table live in this test only."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError
from dhrdesk.core.records import RecordKind, Ref, declared
from dhrdesk.exchange import dumps, export_review, import_review
from dhrdesk.store import search

REF = "DHR 2026/77"
TODAY = dt.date(2026, 12, 1)


@dataclass
class Visit:
    """A toy kind: a home visit, about a subject."""

    review_id: int
    date: dt.date
    note: str = ""
    subject_id: int | None = None
    id: int | None = None


VISITS = RecordKind(
    "home_visits",
    Visit,
    "toy_home_visit",
    audit="home_visit",
    order=("date", "id"),
    since=2,
    refs=(Ref("subject_id", "subject", "subjects", "subject"),),
    search="home_visit",
    search_label="Home visit",
    search_fields=("note",),
)
TABLE = (
    "CREATE TABLE toy_home_visit (id INTEGER PRIMARY KEY, review_id INTEGER NOT NULL "
    "REFERENCES review(id) ON DELETE CASCADE, date TEXT NOT NULL, note TEXT NOT NULL, "
    "subject_id INTEGER REFERENCES subject(id))"
)


@pytest.fixture
def visits(store, other_store):
    """The kind's migration (its table, in both stores) and its declaration."""
    for s in (store, other_store):
        with s.write("test.table", "toy_home_visit") as cur:
            cur.execute(TABLE)
    with declared(VISITS):
        yield


def _review_with_visits(store) -> None:
    rid = store.repos.reviews.create(REF, "A toy review (fictional)")
    subject = m.Subject(rid, "victim", "Adult V")
    store.repos.records.save(subject)
    with store.write("test.visits", "toy") as cur:
        ix = store.repos.interchange
        ix.insert(
            Visit(rid, dt.date(2024, 5, 2), "Second visit: the kitchen door", subject.id), cur
        )
        ix.insert(Visit(rid, dt.date(2024, 3, 1), "First visit: quince jam on the table"), cur)


def test_a_declared_kind_is_exported_imported_and_searched(visits, store, other_store) -> None:
    _review_with_visits(store)
    data = export_review(store, REF, timestamp=False)
    assert data["review"]["home_visits"] == [
        {"date": "2024-03-01", "note": "First visit: quince jam on the table", "subject": None},
        {"date": "2024-05-02", "note": "Second visit: the kitchen door", "subject": "subject-1"},
    ]
    text = dumps(data)
    assert import_review(other_store, json.loads(text), today=TODAY) == REF
    assert dumps(export_review(other_store, REF, timestamp=False)) == text
    hits = search.search(other_store, "quince")
    assert [(h.kind, h.title) for h in hits] == [("home_visit", "Home visit")]


def test_a_declared_kind_is_saved_listed_and_searched(visits, store) -> None:
    """The records repository saves it (audited, indexed) and lists it in its order."""
    _review_with_visits(store)
    rid = store.repos.reviews.get(REF).id
    visit = Visit(rid, dt.date(2024, 1, 9), "Earliest visit: a medlar tree")
    store.repos.records.save(visit)
    assert [v.date.month for v in store.repos.records.list(Visit, rid)] == [1, 3, 5]
    assert [h.record_key for h in search.search(store, "medlar")] == [f"home_visit:{visit.id}"]
    store.repos.records.delete(Visit, visit.id)
    assert search.search(store, "medlar") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"subject": "subject-9"},
            "review.home_visits[0].subject: there is no subject with the key 'subject-9'",
        ),
        ({"date": "2024-02-30"}, "review.home_visits[0].date: 2024-02-30 is not a date"),
    ],
)
def test_a_declared_kind_is_checked(visits, store, other_store, change, message) -> None:
    _review_with_visits(store)
    data = export_review(store, REF, timestamp=False)
    data["review"]["home_visits"][0].update(change)
    with pytest.raises(InputFileError) as caught:
        import_review(other_store, data, today=TODAY)
    assert caught.value.message.startswith(message)
    assert other_store.repos.reviews.find(REF) is None


def test_the_schema_describes_the_declared_kind(visits, store, other_store) -> None:
    """The schema part comes from the declaration: an unknown field, a wrong type or
    a missing date are refused with the schema's own messages."""
    _review_with_visits(store)
    for change, message in (
        ({"mood": "calm"}, "review.home_visits[0].mood: unknown field"),
        ({"note": 5}, "review.home_visits[0].note: expected text, found 5"),
    ):
        data = export_review(store, REF, timestamp=False)
        data["review"]["home_visits"][0].update(change)
        with pytest.raises(InputFileError) as caught:
            import_review(other_store, data, today=TODAY)
        assert caught.value.message.startswith(message)
    data = export_review(store, REF, timestamp=False)
    del data["review"]["home_visits"][0]["date"]
    with pytest.raises(InputFileError) as caught:
        import_review(other_store, data, today=TODAY)
    assert caught.value.message.startswith("review.home_visits[0].date: this field is missing.")


def test_an_older_file_gets_the_kind_empty(visits, store, other_store) -> None:
    """A version-1 file has no visits: the upgrade adds the list, empty."""
    from dhrdesk.exchange.review_json import upgrade

    doc = {"format": "dhrdesk-review", "version": 1, "review": {"reference": REF}}
    assert upgrade(doc)["review"]["home_visits"] == []
