"""Backup and restore temporaries left by a crash are cleaned up on the next start,
never losing a newer state (issue 14, defect 5). The kills themselves are in crash.py;
here each state a kill can leave is built by hand and the next start is checked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dhrdesk.store import Store, leftovers
from dhrdesk.store.database import restore_backup
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.reliability.common import logical_dump


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "stores"
    path.mkdir()
    return path


def _store(path: Path, reference: str) -> str:
    with Store.create(path, PASSPHRASE, DISPLAY_NAME) as store:
        store.repos.reviews.create(reference, "Fictional review")
        return logical_dump(store)


def _content(path: Path) -> list[str]:
    with Store.open(path, PASSPHRASE) as store:
        return [r.reference for r in store.repos.reviews.list()]


def test_backup_temporaries_are_removed_on_next_open(folder: Path) -> None:
    store = folder / "case.dhrdesk"
    _store(store, "DHR 2026/01")
    backup = folder / "old.dhrdesk"
    with Store.open(store, PASSPHRASE) as opened:
        opened.backup(backup, PASSPHRASE)
    # What a kill during a backup leaves: the half-built copy and its journal.
    tmp = folder / ".case-backup.dhrdesk.0a1b2c3d.tmp"
    shutil.copy(backup, tmp)
    Path(f"{tmp}-journal").write_bytes(os.urandom(4096))
    orphan = folder / ".other.dhrdesk.deadbeef.tmp-wal"
    orphan.write_bytes(os.urandom(4096))
    manifest = folder / ".case-backup.dhrdesk.manifest.json.0a1b2c3d.tmp"
    manifest.write_text('{"format": ')
    assert _content(store) == ["DHR 2026/01"]
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_a_temporary_in_use_and_files_that_are_not_ours_are_left_alone(folder: Path) -> None:
    store = folder / "case.dhrdesk"
    _store(store, "DHR 2026/02")
    busy = folder / ".running.dhrdesk.0badcafe.tmp"
    plaintext = folder / ".notes.txt.12345678.tmp"
    plaintext.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    odd_size = folder / ".someone-else.abcdef12.tmp"
    odd_size.write_bytes(b"not a page" * 7)
    with leftovers.held_temporary(busy):
        assert _content(store) == ["DHR 2026/02"]
        assert busy.exists()
    assert plaintext.exists() and odd_size.exists()
    Store.open(store, PASSPHRASE).close()
    assert not busy.exists()


def _half_restored(folder: Path, *, renamed: bool) -> tuple[Path, str, str]:
    """A restore killed after the old store was kept aside: before (renamed=False) or
    after (renamed=True) the new store took its place."""
    store = folder / "case.dhrdesk"
    old = _store(store, "DHR 2026/03")
    other = folder / "restore-source.dhrdesk"
    new = _store(other, "DHR 2026/04")
    names = leftovers.restore_names(store, "00c0ffee")
    os.link(store, names["before"])
    names["intent"].write_bytes(b"")
    if renamed:
        os.replace(other, store)
    else:
        os.replace(other, names["tmp"])
    return store, old, new


def test_restore_killed_before_the_swap_puts_the_old_store_back(folder: Path) -> None:
    store, old, _new = _half_restored(folder, renamed=False)
    with Store.open(store, PASSPHRASE) as opened:
        assert logical_dump(opened) == old
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_restore_killed_after_the_swap_keeps_the_restored_store(folder: Path) -> None:
    store, _old, new = _half_restored(folder, renamed=True)
    with Store.open(store, PASSPHRASE) as opened:
        assert logical_dump(opened) == new
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_restore_leaves_no_temporary_and_the_store_never_missing(folder: Path) -> None:
    store = folder / "case.dhrdesk"
    _store(store, "DHR 2026/05")
    backup = folder / "b.dhrdesk"
    with Store.open(store, PASSPHRASE) as opened:
        opened.backup(backup, PASSPHRASE)
        opened.repos.reviews.create("DHR 2026/06", "after the backup")
    restore_backup(store, backup, PASSPHRASE, PASSPHRASE)
    assert _content(store) == ["DHR 2026/05"]
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
