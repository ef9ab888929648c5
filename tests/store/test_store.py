"""The encrypted store: confidentiality, clear failures that change nothing, rekey, backup."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from dhrdesk.core.errors import (
    CorruptStoreError,
    InputFileError,
    NewerStoreError,
    NotAStoreError,
    PlainSqliteError,
    StoreExistsError,
    StoreNotFoundError,
    StoreWriteError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from dhrdesk.store import SCHEMA_VERSION, Store, restore_backup

from ..conftest import PASSPHRASE

MARKER = "Zoë-MARKER-Łukasz-7731"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_store_with_marker(path: Path) -> None:
    s = Store.create(path, PASSPHRASE, "Test Chair")
    s.repos.reviews.create("DHR 2026/01", f"Review of {MARKER}")
    s.close()


def test_store_bytes_and_wal_never_contain_plaintext(store: Store, store_path: Path) -> None:
    for i in range(30):
        store.repos.reviews.create(f"DHR 2026/{i:02}", f"{MARKER} number {i}")
    wal = Path(str(store_path) + "-wal")
    assert wal.exists(), "WAL mode keeps a -wal file while the store is open"
    for path in (store_path, wal):
        data = path.read_bytes()
        assert MARKER.encode("utf-8") not in data
        assert b"DHR 2026" not in data
        assert b"SQLite format 3" not in data
    store.close()
    assert MARKER.encode("utf-8") not in store_path.read_bytes()


def test_pragmas_and_file_mode(store: Store, store_path: Path) -> None:
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    assert store.query_one("PRAGMA foreign_keys")[0] == 1
    assert store.query_one("PRAGMA journal_mode")[0] == "wal"
    assert store.query_one("PRAGMA synchronous")[0] == 2  # FULL
    assert store.query_one("PRAGMA secure_delete")[0] == 1
    assert store.query_one("PRAGMA trusted_schema")[0] == 0
    assert store.query_one("PRAGMA temp_store")[0] == 2  # MEMORY
    info = store.info()
    assert info["kdf_iterations"] == 256000
    assert info["sqlcipher_version"].startswith("4.")


def test_plain_sqlite_cannot_read_a_store(store_path: Path) -> None:
    make_store_with_marker(store_path)
    conn = sqlite3.connect(store_path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_passphrase_clear_error_file_untouched(store_path: Path) -> None:
    make_store_with_marker(store_path)
    before, names = digest(store_path), siblings(store_path)
    with pytest.raises(WrongPassphraseError) as err:
        Store.open(store_path, "not the right passphrase")
    assert err.value.message == "The passphrase is wrong, or this is not a DHR Desk store."
    assert digest(store_path) == before
    assert siblings(store_path) == names


def test_sqlcipher_noise_never_reaches_stderr(store_path: Path) -> None:
    make_store_with_marker(store_path)
    code = (
        "import sys; from dhrdesk.store import Store\n"
        "from dhrdesk.core.errors import DhrDeskError\n"
        f"try: Store.open({str(store_path)!r}, 'wrong passphrase here')\n"
        "except DhrDeskError as e: print(e.message)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2]
    )
    assert "The passphrase is wrong" in result.stdout
    assert "hmac" not in result.stderr.lower()
    assert result.stderr == ""


@pytest.mark.parametrize(
    "case, error, words",
    [
        ("random", NotAStoreError, "not a DHR Desk store"),
        ("plain", PlainSqliteError, "unencrypted SQLite database"),
        ("truncated", CorruptStoreError, "truncated"),
        ("corrupted", CorruptStoreError, "damaged"),
        ("empty", NotAStoreError, "empty file"),
    ],
)
def test_broken_files_each_have_their_message_and_stay_identical(
    tmp_path: Path, case: str, error: type, words: str
) -> None:
    path = tmp_path / f"{case}.dhrdesk"
    if case == "random":
        path.write_bytes(os.urandom(10_000))
    elif case == "plain":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t(x)")
        conn.commit()
        conn.close()
    elif case == "empty":
        path.write_bytes(b"")
    else:
        make_store_with_marker(path)
        for i in range(40):  # grow it past a few pages
            s = Store.open(path, PASSPHRASE)
            s.repos.reviews.create(f"DHR 2025/{i:02}", "x" * 500)
            s.close()
        data = bytearray(path.read_bytes())
        if case == "truncated":
            data = data[: len(data) - 1000]
        else:
            middle = (len(data) // 4096 // 2) * 4096 + 2000
            data[middle] ^= 0xFF
        path.write_bytes(bytes(data))
    before, names = digest(path), siblings(path)
    with pytest.raises(error) as err:
        Store.open(path, PASSPHRASE)
    assert words in err.value.message
    assert digest(path) == before
    assert siblings(path) == names


def test_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError):
        Store.open(tmp_path / "nothing.dhrdesk", PASSPHRASE)
    assert not (tmp_path / "nothing.dhrdesk").exists()


def test_newer_store_refused_and_untouched(store_path: Path) -> None:
    make_store_with_marker(store_path)
    conn = sqlcipher3.connect(str(store_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(store_path)
    with pytest.raises(NewerStoreError) as err:
        Store.open(store_path, PASSPHRASE)
    assert "newer version of DHR Desk" in err.value.message
    assert digest(store_path) == before


def test_encrypted_database_that_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStoreError, match="not a DHR Desk store"):
        Store.open(path, PASSPHRASE)


def test_create_refuses_weak_passphrase_and_existing_file(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphraseError, match="at least 12"):
        Store.create(tmp_path / "a.dhrdesk", "short", "Chair")
    assert not (tmp_path / "a.dhrdesk").exists()
    (tmp_path / "b.dhrdesk").write_text("keep me")
    with pytest.raises(StoreExistsError):
        Store.create(tmp_path / "b.dhrdesk", PASSPHRASE, "Chair")
    assert (tmp_path / "b.dhrdesk").read_text() == "keep me"


def test_rekey(store: Store, store_path: Path) -> None:
    store.repos.reviews.create("DHR 2026/05", MARKER)
    with pytest.raises(WrongPassphraseError):
        store.change_passphrase("wrong current passphrase", "a brand new passphrase")
    with pytest.raises(WeakPassphraseError):
        store.change_passphrase(PASSPHRASE, "short")
    store.change_passphrase(PASSPHRASE, "a brand new passphrase")
    store.close()
    with pytest.raises(WrongPassphraseError):
        Store.open(store_path, PASSPHRASE)
    reopened = Store.open(store_path, "a brand new passphrase")
    assert reopened.repos.reviews.get("DHR 2026/05").title == MARKER
    assert reopened.verify().ok
    reopened.close()


def test_backup_and_restore_round_trip(store: Store, store_path: Path, tmp_path: Path) -> None:
    for i in range(5):
        store.repos.reviews.create(f"DHR 2026/{i:02}", f"{MARKER} {i}")
    before = [(r.reference, r.title) for r in store.repos.reviews.list()]
    backup = store.backup(tmp_path / "backups" / "b.dhrbak", "backup passphrase 2026")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert MARKER.encode() not in backup.read_bytes()
    with pytest.raises(WrongPassphraseError):
        Store.open(backup, PASSPHRASE)
    store.repos.reviews.create("DHR 2026/99", "added after the backup")
    store.close()

    restore_backup(store_path, backup, "backup passphrase 2026", "store passphrase after")
    restored = Store.open(store_path, "store passphrase after")
    assert [(r.reference, r.title) for r in restored.repos.reviews.list()] == before
    assert restored.verify().ok
    kinds = [e.kind for e in restored.audit_entries()]
    assert kinds[0] == "store.restore"
    restored.close()
    leftovers = [p.name for p in store_path.parent.iterdir() if "before-restore" in p.name]
    assert leftovers == []


def test_restore_of_tampered_backup_changes_nothing(
    store: Store, store_path: Path, tmp_path: Path
) -> None:
    store.repos.reviews.create("DHR 2026/01", MARKER)
    backup = store.backup(tmp_path / "b.dhrbak", "backup passphrase 2026")
    store.close()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    backup.write_bytes(bytes(data))
    before, names = digest(store_path), siblings(store_path)
    with pytest.raises((InputFileError, CorruptStoreError)):
        restore_backup(store_path, backup, "backup passphrase 2026", PASSPHRASE)
    assert digest(store_path) == before
    assert siblings(store_path) == names
    with pytest.raises(InputFileError):
        restore_backup(store_path, tmp_path / "b.dhrbak", "wrong backup passphrase", PASSPHRASE)
    assert digest(store_path) == before


def test_backup_failure_keeps_existing_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "existing.bak"
    target.write_bytes(b"previous backup")
    readonly = tmp_path / "ro"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(StoreWriteError):
                store.backup(readonly / "x.bak", "backup passphrase 2026")
    finally:
        os.chmod(readonly, 0o700)
    with pytest.raises(WeakPassphraseError):
        store.backup(target, "weak")
    assert target.read_bytes() == b"previous backup"


def test_audit_chain_detects_edited_entry(store: Store, store_path: Path) -> None:
    for i in range(3):
        store.repos.reviews.create(f"DHR 2026/{i:02}", "title")
    assert store.verify().ok
    entries = store.audit_entries()
    assert all(MARKER not in e.record for e in entries)
    assert {e.actor for e in entries} == {"Test Chair"}
    # The application cannot edit the log ...
    with pytest.raises(Exception, match="append-only"):
        with store.write("test.tamper", "audit"):
            store._connection().execute("UPDATE audit SET actor = 'x' WHERE seq = 2")
    store.close()
    # ... and someone who bypasses the triggers is caught by the chain.
    conn = sqlcipher3.connect(str(store_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET kind = 'review.delete' WHERE seq = 3")
    conn.commit()
    conn.close()
    s = Store.open(store_path, PASSPHRASE)
    report = s.verify()
    assert not report.ok
    assert any("entry 3" in line and "altered" in line for line in report.lines())
    s.close()


def test_audit_chain_detects_deleted_entry(store: Store, store_path: Path) -> None:
    for i in range(3):
        store.repos.reviews.create(f"DHR 2026/{i:02}", "title")
    store.close()
    conn = sqlcipher3.connect(str(store_path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = 2")
    conn.commit()
    conn.close()
    s = Store.open(store_path, PASSPHRASE)
    assert any("missing" in line for line in s.verify().lines())
    s.close()


def test_write_is_all_or_nothing(store: Store) -> None:
    audit_before = len(store.audit_entries())
    with pytest.raises(RuntimeError):
        with store.write("review.create", "reference:x") as cur:
            cur.execute(
                "INSERT INTO review(reference, title, created_at, updated_at) "
                "VALUES ('DHR X', 't', 'now', 'now')"
            )
            raise RuntimeError("crash half-way")
    assert store.repos.reviews.find("DHR X") is None
    assert len(store.audit_entries()) == audit_before


def test_disk_full_gives_clear_message_and_changes_nothing(store: Store) -> None:
    store.repos.reviews.create("DHR 2026/01", "before")
    pages = store.query_one("PRAGMA page_count")[0]
    store._connection().execute(f"PRAGMA max_page_count = {pages}")
    audit_before = len(store.audit_entries())
    with pytest.raises(StoreWriteError, match="disk is full"):
        for i in range(200):
            store.repos.reviews.create(f"DHR 2027/{i:03}", "y" * 2000)
    titles = [r.reference for r in store.repos.reviews.list()]
    # Every successful create is complete; the failing one left nothing behind.
    assert len(store.audit_entries()) - audit_before == len(titles) - 1
    assert store.verify().ok


def test_migration_fixtures_upgrade(tmp_path: Path) -> None:
    from tests.fixtures.make_fixture import FIXTURE_PASSPHRASE

    fixtures = sorted(Path(__file__).parents[1].joinpath("fixtures").glob("store-v*.dhrdesk"))
    assert fixtures, "a fixture store is committed for every schema version"
    versions = {int(p.stem.split("-v")[1]) for p in fixtures}
    assert versions == set(range(1, SCHEMA_VERSION + 1)), "one fixture per schema version"
    for fixture in fixtures:
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        s = Store.open(copy, FIXTURE_PASSPHRASE)
        assert s.schema_version == SCHEMA_VERSION
        assert s.repos.reviews.get("DHR 2024/07").title == "Fixture review (fictional)"
        assert s.verify().ok
        s.close()
        version = int(fixture.stem.split("-v")[1])
        backups = list(tmp_path.glob(f"{fixture.name}.before-upgrade-v{version}-*.bak"))
        assert (len(backups) == 1) == (version < SCHEMA_VERSION)
        for b in backups:
            old = Store.open(b, FIXTURE_PASSPHRASE, migrate=False)
            assert old.schema_version == version
            old.close()
