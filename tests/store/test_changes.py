"""The store's change feed: one ChangeSet per committed transaction, none on rollback."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store.changes import Change, ChangeSet


@pytest.fixture
def seen(store):
    got: list[ChangeSet] = []
    store.changes.subscribe(got.append)
    return got


def test_a_create_tells_the_kind_record_table_and_review(store, seen):
    review_id = store.repos.reviews.create("DHR 2026/01", "Test")
    assert len(seen) == 1
    cs = seen[0]
    assert cs.complete
    assert cs.changes[0].kind == "review.create"
    assert "review" in cs.tables
    assert review_id in cs.review_ids
    assert cs.touches(["review"], review_id)
    assert not cs.touches(["recommendation"], review_id)


def test_a_record_in_one_review_does_not_touch_another(store, seen):
    first = store.repos.reviews.create("DHR 2026/01", "One")
    second = store.repos.reviews.create("DHR 2026/02", "Two")
    seen.clear()
    store.repos.records.save(m.Subject(review_id=first, role="victim", pseudonym="Adult A"))
    assert len(seen) == 1
    assert seen[0].touches(review_id=first)
    assert not seen[0].touches(review_id=second)
    assert seen[0].changes[0].record_kind == "subject"


def test_nested_writes_are_one_changeset_after_the_commit(store, seen):
    review_id = store.repos.reviews.create("DHR 2026/01", "One")
    seen.clear()
    with store.write("test.outer", "review:x"):
        store.repos.reviews.rename(review_id, "Renamed")
        assert seen == []  # nothing is told before the commit
    assert len(seen) == 1
    assert [c.kind for c in seen[0].changes][-1] == "test.outer"
    assert len(seen[0].changes) == 2


def test_a_rolled_back_write_tells_nobody(store, seen):
    review_id = store.repos.reviews.create("DHR 2026/01", "One")
    seen.clear()
    with pytest.raises(RuntimeError):
        with store.write("test.fail", f"review:{review_id}") as cur:
            cur.execute("UPDATE review SET title = 'x' WHERE id = ?", (review_id,))
            raise RuntimeError("boom")
    with pytest.raises(DhrDeskError):
        store.repos.reviews.create("DHR 2026/01", "Duplicate")
    assert seen == []


def test_a_listener_error_never_undoes_the_save(store):
    def broken(_cs: ChangeSet) -> None:
        raise ValueError("a screen's bug")

    store.changes.subscribe(broken)
    review_id = store.repos.reviews.create("DHR 2026/01", "One")
    assert store.repos.reviews.by_id(review_id).title == "One"
    assert isinstance(store.changes.errors[0], ValueError)


def test_unsubscribe_stops_the_listener(store):
    got: list[ChangeSet] = []
    stop = store.changes.subscribe(got.append)
    stop()
    store.repos.reviews.create("DHR 2026/01", "One")
    assert got == []


def test_an_incomplete_changeset_touches_everything():
    cs = ChangeSet((Change("x.update", "x:1"),), complete=False)
    assert cs.touches(["anything"], 99)
    assert Change("x.update", "x:1").record_id == 1
    assert Change("store.backup", "store").record_id is None
