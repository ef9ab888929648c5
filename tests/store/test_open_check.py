"""Opening a large store does not read every page; a damaged page is still refused
with a clear message the moment it is read, and `verify` finds it (issue 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dhrdesk.core.errors import CorruptStoreError
from dhrdesk.store import Store
from dhrdesk.store import database as db
from tests.conftest import DISPLAY_NAME, PASSPHRASE


def _large_store(path: Path) -> int:
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    review = store.repos.reviews.create("DHR 2026/01", "Large")
    for i in range(18):
        store.repos.agency_input.add_attachment(review, f"f{i}.pdf", os.urandom(1 << 20), "other")
    store.close()
    assert path.stat().st_size > db.FULL_CHECK_BELOW
    return review


def _damage_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // db.PAGE_SIZE // 2) * db.PAGE_SIZE + 2000
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_large_store_opens_without_a_full_check_and_damage_is_met_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "large.dhrdesk"
    review = _large_store(path)
    _damage_middle(path)
    store = Store.open(path, PASSPHRASE)  # no page-by-page check at open
    try:
        assert store.repos.reviews.by_id(review).title == "Large"
        tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")]
        with pytest.raises(CorruptStoreError) as err:
            for table in tables:  # somewhere in the store, the damaged page is met
                store.query(f'SELECT * FROM "{table}"')
        assert "damaged" in err.value.message and "Verify" in err.value.hint
        assert not store.verify(baseline=False, settings=False).ok
    finally:
        store.close()


def test_a_store_left_open_by_a_crash_is_checked_at_open(tmp_path: Path) -> None:
    path = tmp_path / "large.dhrdesk"
    _large_store(path)
    _damage_middle(path)
    (tmp_path / "large.dhrdesk-wal").write_bytes(b"\0" * 32)  # what a crash leaves
    assert db._needs_check_at_open(path)
    (tmp_path / "large.dhrdesk-wal").unlink()
    assert not db._needs_check_at_open(path)
    small = tmp_path / "small.dhrdesk"
    Store.create(small, PASSPHRASE, DISPLAY_NAME).close()
    assert db._needs_check_at_open(small)  # small stores: every open
