"""A bulk import (add_entries, batched) writes what one row at a time would (issue 15).

The same rows go into two stores: one by ``add_entries``, one a row at a time by
``save_entry`` (insert, then the search rows made from the tables). The chronology rows,
their ids and the search index rows must be the same, and ``search.rebuild`` (which
makes every index row from the tables) must not change the imported store's index.
"""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.store import Store, search


def _review(store: Store) -> tuple[int, int, int]:
    review_id = store.repos.reviews.create("DHR 2026/09", month_of_death="2026-03")
    police = store.repos.agency_input.ensure_agency(review_id, "Northmoor Police")
    gp = store.repos.agency_input.ensure_agency(review_id, "Łódź Road GP — Practice")
    return review_id, police.id, gp.id


def _rows(review_id: int, police: int, gp: int) -> list[m.ChronologyEntry]:
    rows = []
    for i in range(2600):  # more than two batches
        rows.append(
            m.ChronologyEntry(
                review_id,
                police if i % 3 else gp,
                ["2021", "2021-05", f"2021-05-{1 + i % 28:02d}"][i % 3],
                "STORM log",
                event=[
                    f"Call {i} about Adult A — welfare check",
                    "Cafe\u0301 visit; Łukasz present",
                    "",
                    "Adult B's `car` ﬁned",
                ][i % 4],
                time="14:30" if i % 5 == 0 else "",
                sequence=i,
                action="" if i % 4 == 3 else f"Officer {i} attended",
                agency_comment="Comment" if i % 7 == 0 else "",
                themes=["coercive_control"] if i % 6 == 0 else [],
                subject_ids=[],
                external_key=f"k{i % 2400}" if i % 2 == 0 else "",
            )
        )
    return rows


def _copy(rows: list[m.ChronologyEntry]) -> list[m.ChronologyEntry]:
    return [m.ChronologyEntry(**{**r.__dict__, "id": None}) for r in rows]


def _table(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.query("SELECT * FROM chronology_entry ORDER BY id")]


def test_bulk_import_writes_what_one_row_at_a_time_writes(tmp_path) -> None:
    stores = []
    for name in ("bulk", "single"):
        store = Store.create(tmp_path / f"{name}.dhrdesk", "correct horse battery staple 42", "C")
        stores.append((store, _review(store)))
    (bulk, ids), (single, same) = stores
    assert ids == same
    rows = _rows(*ids)
    # A first import (a few keys twice: the later row updates the earlier), then a
    # replay of part of it (same keys: updated, not duplicated).
    first = rows[:2000] + rows[2400:2450]
    got = bulk.repos.agency_input.add_entries(_copy(first))
    again = bulk.repos.agency_input.add_entries(_copy(rows[1000:]))
    assert len(set(got)) < len(got)
    expected = []
    for part in (first, rows[1000:]):
        for entry in _copy(part):
            found = None
            if entry.external_key:
                found = single.query_one(
                    "SELECT id FROM chronology_entry WHERE agency_id = ? AND external_key = ?",
                    (entry.agency_id, entry.external_key),
                )
            entry.id = found[0] if found else None
            expected.append(single.repos.agency_input.save_entry(entry))
    assert got + again == expected
    assert _table(bulk) == _table(single)
    assert search.rows(bulk) == search.rows(single)
    before = search.rows(bulk)
    search.rebuild(bulk)
    assert search.rows(bulk) == before
    for store, _ in stores:
        store.close()


def test_bulk_import_progress_and_cancel(store: Store) -> None:
    review_id, police, gp = _review(store)
    rows = _rows(review_id, police, gp)[:1500]
    calls: list[tuple[int, int]] = []
    store.repos.agency_input.add_entries(_copy(rows), on_row=lambda d, t: calls.append((d, t)))
    assert calls == [(d, 3000) for d in range(1, 3001)]
    before = (_table(store), search.rows(store))

    for stop in (2200, 4000):  # while writing (the second batch), while indexing

        def cancel(done: int, total: int, stop: int = stop) -> None:
            if done == stop:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            store.repos.agency_input.add_entries(_copy(_rows(review_id, police, gp)), on_row=cancel)
        assert (_table(store), search.rows(store)) == before
    bad = m.ChronologyEntry(review_id, police, "2021-13", "Log", "Bad date")
    with pytest.raises(ValidationError):
        store.repos.agency_input.add_entries([*_copy(rows[:5]), bad])
    assert (_table(store), search.rows(store)) == before


def test_entries_read_as_from_row_reads_them(store: Store) -> None:
    from dhrdesk.store.repositories.base import from_row

    review_id, police, gp = _review(store)
    rows = _rows(review_id, police, gp)[:300]
    rows[0].key_event, rows[1].subject_ids, rows[2].duplicate_of = True, [3, 1], None
    store.repos.agency_input.add_entries(_copy(rows))
    expected = [
        from_row(m.ChronologyEntry, r)
        for r in store.query(
            "SELECT * FROM chronology_entry WHERE review_id = ? ORDER BY date, time, sequence, id",
            (review_id,),
        )
    ]
    assert store.repos.agency_input.entries(review_id) == expected
    assert store.repos.agency_input.entries(review_id, gp) == [
        e for e in expected if e.agency_id == gp
    ]


def test_bulk_import_of_nothing_and_of_a_row_without_agency(store: Store) -> None:
    from dhrdesk.core.errors import DhrDeskError

    review_id, police, gp = _review(store)
    assert store.repos.agency_input.add_entries([]) == []
    before = (_table(store), search.rows(store))
    stray = m.ChronologyEntry(review_id, 9999, "2021-05-04", "Log", "Call")
    with pytest.raises(DhrDeskError):
        store.repos.agency_input.add_entries([*_copy(_rows(review_id, police, gp)[:3]), stray])
    assert (_table(store), search.rows(store)) == before
