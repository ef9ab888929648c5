"""Tampering from outside, as an attacker would: a raw SQLCipher connection and the passphrase.

Issue 19: the chain alone missed a cut-off tail, an entry edited with the chain
recomputed after it, and case data edited without touching the log. Each case
here goes through ``sqlcipher3.connect`` + ``PRAGMA key``, never through DHR Desk.
One seeded store (the three demo reviews plus a row in every other table) is
shared by the content tests, which undo each edit; the chain tests get their own.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from dhrdesk.store import SCHEMA_VERSION, Store, anchors, audit, restore_backup
from tests.conftest import DISPLAY_NAME, PASSPHRASE

FIXTURES = Path(__file__).parents[1] / "fixtures"
BACKUP_PASSPHRASE = "another long backup passphrase"


def attacker(path: Path) -> sqlcipher3.Connection:
    """What someone at this computer who knows the passphrase can open."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    return conn


def _seed_every_table(store: Store) -> None:
    """One fictional row, through the write path, in every record table the demo left empty."""
    conn = store._connection()
    specs = audit.table_specs(conn)
    done: set[str] = set()

    def fill(name: str) -> None:
        if name in done:
            return
        done.add(name)
        fks = {fk[3]: fk[2] for fk in conn.execute(f'PRAGMA foreign_key_list("{name}")')}
        for parent in fks.values():
            if parent != name:
                fill(parent)
        if conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]:
            return
        columns, values = [], []
        for _cid, column, kind, notnull, default, pk in conn.execute(
            f'PRAGMA table_info("{name}")'
        ).fetchall():
            if column in fks:
                value: Any = conn.execute(f'SELECT id FROM "{fks[column]}" LIMIT 1').fetchone()[0]
            elif pk and kind.upper() == "INTEGER" and specs[name].key_columns == (column,):
                continue
            elif not notnull or default is not None:
                continue
            elif kind.upper() == "INTEGER":
                value = 1
            elif kind.upper() == "REAL":
                value = 1.5
            elif kind.upper() == "BLOB":
                value = b"fictional attachment bytes"
            else:
                value = f"fictional {column}"
            columns.append(f'"{column}"')
            values.append(value)
        marks = ", ".join("?" for _ in values)
        with store.write("test.seed", name) as cur:
            cur.execute(f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', values)

    for name in specs:
        fill(name)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    from dhrdesk import demo

    path = tmp_path_factory.mktemp("tamper") / "seeded.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    demo.ensure_demo_reviews(store)
    _seed_every_table(store)
    yield store, path
    store.close()


@pytest.fixture(scope="module")
def raw(seeded: tuple[Store, Path]) -> Iterator[sqlcipher3.Connection]:
    conn = attacker(seeded[1])
    yield conn
    conn.close()


def _problems(report: Any, check: str) -> list[str]:
    return report.checks.get(check, [])


CONTENT = "record content against the audit log"
ANCHORS = "audit chain against anchors outside the store"
CHAIN = "audit log hash chain"


def _editable_column(conn: sqlcipher3.Connection, spec: audit.TableSpec) -> tuple[str, str]:
    """A column an attacker would change: text first, else a number; never a key or link."""
    links = {fk[3] for fk in conn.execute(f'PRAGMA foreign_key_list("{spec.name}")')}
    candidates = [
        (column, kind.upper())
        for _cid, column, kind, _nn, _d, _pk in conn.execute(f'PRAGMA table_info("{spec.name}")')
        if column not in spec.key_columns and column not in links
    ]
    candidates.sort(key=lambda c: c[1] != "TEXT")
    return candidates[0] if candidates else ("", "")


# --------------------------------------------------------------------------- record content
def test_seeded_store_verifies_and_covers_every_record_table(seeded) -> None:
    store, _ = seeded
    report = store.verify(settings=False)
    assert report.ok, report.lines()
    specs = audit.table_specs(store._connection())
    assert len(specs) >= 40
    for name in specs:
        assert store.query_one(f'SELECT count(*) FROM "{name}"')[0] > 0, name
    # Every entry since creation carries content lines: hashes only, never the text.
    marker = store.query_one("SELECT pseudonym FROM subject LIMIT 1")[0]
    for entry in store.audit_entries(5000):
        assert entry.content is not None
        assert marker not in entry.content


def test_content_edit_of_every_record_kind_is_named(seeded, raw) -> None:
    store, _ = seeded
    references = dict(store.query("SELECT id, reference FROM review"))
    specs = audit.table_specs(store._connection())
    for name, spec in specs.items():
        column, kind = _editable_column(raw, spec)
        if not column:  # only key columns (meeting attendance): the edit is a removal
            first = spec.key_columns[0]
            value = raw.execute(f'SELECT "{first}" FROM "{name}" LIMIT 1').fetchone()[0]
            rows = raw.execute(f'SELECT * FROM "{name}" WHERE "{first}" = ?', (value,)).fetchall()
            raw.execute(f'DELETE FROM "{name}" WHERE "{first}" = ?', (value,))
            try:
                problems = _problems(store.verify(settings=False), CONTENT)
                assert len(problems) == len(rows), problems
                assert all(
                    p.startswith(f"{spec.label} {value}/") and "deleted outside" in p
                    for p in problems
                ), problems
            finally:
                marks = ",".join("?" * len(rows[0]))
                raw.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
            assert store.verify(settings=False).ok, name
            continue
        rowid, before = raw.execute(f'SELECT rowid, "{column}" FROM "{name}" LIMIT 1').fetchone()
        if kind == "TEXT":
            after: Any = f"{before or ''} (edited outside)"
        elif kind == "BLOB":
            after = b"replaced bytes"
        else:
            after = (before or 0) + 1
        raw.execute(f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = ?', (after, rowid))
        try:
            row = (
                store._connection()
                .execute(f'SELECT * FROM "{name}" WHERE rowid = ?', (rowid,))
                .fetchone()
            )
            values = dict(zip(row.keys(), tuple(row), strict=True))
            values["rowid"] = rowid
            key = spec.key_of(values)
            review = audit.review_of(store._connection(), spec, values)
            report = store.verify(settings=False)
            assert not report.ok, name
            problems = _problems(report, CONTENT)
            assert len(problems) == 1, (name, problems)
            text = problems[0]
            assert text.startswith(f"{spec.label} {key}"), text
            assert "was changed outside DHR Desk" in text
            assert "no longer matches entry " in text and f"by {DISPLAY_NAME}" in text
            if review is not None:
                assert f"in review {references[review]}" in text, text
            # Nothing else is blamed: the chain itself is intact.
            assert not _problems(report, CHAIN)
        finally:
            raw.execute(f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = ?', (before, rowid))
        assert store.verify(settings=False).ok, name


def test_record_deleted_or_added_outside_is_named(seeded, raw) -> None:
    store, _ = seeded
    row = raw.execute("SELECT * FROM cost ORDER BY id LIMIT 1").fetchone()
    cost_id = row[0]
    raw.execute("DELETE FROM cost WHERE id = ?", (cost_id,))
    try:
        problems = _problems(store.verify(settings=False), CONTENT)
        assert len(problems) == 1
        assert problems[0].startswith(f"cost {cost_id} in review ")
        assert "was deleted outside DHR Desk: it was last recorded in entry" in problems[0]
    finally:
        raw.execute(f"INSERT INTO cost VALUES ({','.join('?' * len(row))})", tuple(row))
    assert store.verify(settings=False).ok

    review_id = raw.execute("SELECT review_id FROM cost LIMIT 1").fetchone()[0]
    raw.execute(
        "INSERT INTO cost(review_id, category, amount_pence) VALUES (?, 'chair', 70000)",
        (review_id,),
    )
    added = raw.execute("SELECT max(id) FROM cost").fetchone()[0]
    try:
        problems = _problems(store.verify(settings=False), CONTENT)
        assert problems == [
            f"cost {added} in review "
            f"{store.query_one('SELECT reference FROM review WHERE id = ?', (review_id,))[0]} "
            "is not in the audit log at all: it was added outside DHR Desk"
        ]
    finally:
        raw.execute("DELETE FROM cost WHERE id = ?", (added,))
    assert store.verify(settings=False).ok


def test_record_deleted_in_app_and_put_back_outside_is_named(seeded, raw) -> None:
    from dhrdesk.core import model as m

    store, _ = seeded
    row = raw.execute("SELECT * FROM cost ORDER BY id DESC LIMIT 1").fetchone()
    store.repos.records.delete(m.Cost, row[0])
    assert store.verify(settings=False).ok
    raw.execute(f"INSERT INTO cost VALUES ({','.join('?' * len(row))})", tuple(row))
    problems = _problems(store.verify(settings=False), CONTENT)
    assert len(problems) == 1 and "is present again" in problems[0]
    assert "was deleted in entry" in problems[0]
    raw.execute("DELETE FROM cost WHERE id = ?", (row[0],))
    assert store.verify(settings=False).ok


def test_failed_check_records_no_baseline_and_a_passing_one_changes_nothing(seeded) -> None:
    store, _ = seeded
    head = store.chain_head()
    assert store.verify(settings=False).ok
    assert store.chain_head() == head  # verify of a covered store writes nothing


# --------------------------------------------------------------------------- the chain itself
def _small_store(path: Path) -> Store:
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    for i in range(6):
        store.repos.reviews.create(f"DHR 2026/{i:02}", f"Fictional review {i}")
    return store


def test_deleting_the_newest_entries_is_reported_as_truncation(tmp_path: Path) -> None:
    path = tmp_path / "tail.dhrdesk"
    store = _small_store(path)
    last, _ = store.chain_head()
    store.close()  # the session ends: its head is anchored in this computer's settings
    conn = attacker(path)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 2,))
    conn.close()
    store = Store.open(path, PASSPHRASE)
    try:
        report = store.verify()
        assert not report.ok
        assert not _problems(report, CHAIN)  # the chain alone cannot see a cut tail ...
        (truncated,) = _problems(report, ANCHORS)  # ... the anchor can
        assert truncated.startswith(
            f"the chain ends at entry {last - 2} but the settings on this computer (session ending "
        )
        assert f"recorded entry {last}" in truncated
        assert "the 2 newest entries were removed from the log" in truncated
        # The two reviews those entries created are now unknown to the log as well.
        added = _problems(report, CONTENT)
        assert len(added) == 2 and all("is not in the audit log at all" in p for p in added)
    finally:
        store.close()


def test_edited_entry_with_recomputed_chain_is_caught_by_the_anchor(tmp_path: Path) -> None:
    path = tmp_path / "recomputed.dhrdesk"
    store = _small_store(path)
    last, _ = store.chain_head()
    store.close()
    conn = attacker(path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'Someone Else' WHERE seq = 3")
    prev = conn.execute("SELECT hash FROM audit WHERE seq = 2").fetchone()[0]
    for seq, at, actor, kind, record, content in conn.execute(
        "SELECT seq, at, actor, kind, record, content FROM audit WHERE seq >= 3 ORDER BY seq"
    ).fetchall():
        digest = audit.entry_hash(prev, seq, at, actor, kind, record, content)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    conn.close()
    store = Store.open(path, PASSPHRASE)
    try:
        report = store.verify()
        assert not _problems(report, CHAIN)  # recomputed: the chain is consistent again
        assert not _problems(report, CONTENT)  # and no record changed
        (rewritten,) = _problems(report, ANCHORS)
        assert f"the chain ends at entry {last} but the settings on this computer" in rewritten
        assert f"recorded entry {last} with another hash" in rewritten
        assert "the log was rewritten" in rewritten
        assert not report.ok
    finally:
        store.close()


def test_edit_then_forged_entry_with_correct_content_hash_breaks_the_chain(
    tmp_path: Path,
) -> None:
    path = tmp_path / "forged.dhrdesk"
    store = _small_store(path)
    store.close()
    conn = attacker(path)
    conn.execute("UPDATE review SET title = 'Changed quietly' WHERE id = 2")
    # A careful forger computes the right content hash the way DHR Desk does ...
    spec = audit.table_specs(conn)["review"]
    cursor = conn.execute("SELECT rowid, * FROM review WHERE id = 2")
    values = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    content = json.dumps([["review", "2", 2, spec.row_hash(values)]], separators=(",", ":"))
    seq, prev = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    # ... but cannot chain it without rewriting every hash, so links it to a guess.
    at = "2026-05-02T10:15:00.000000+00:00"
    digest = audit.entry_hash("f" * 64, seq + 1, at, DISPLAY_NAME, "review.update", "review:2")
    conn.execute(
        "INSERT INTO audit VALUES (?,?,?,?,?,?,?,?)",
        (seq + 1, at, DISPLAY_NAME, "review.update", "review:2", "f" * 64, digest, content),
    )
    conn.close()
    store = Store.open(path, PASSPHRASE)
    try:
        report = store.verify()
        assert not _problems(report, CONTENT)  # the forged entry covers the record ...
        chain = _problems(report, CHAIN)  # ... but not the chain
        assert f"entry {seq + 1} does not follow the entry before it" in chain
        assert f"entry {seq + 1} (review.update) was altered after it was written" in chain
        assert not report.ok
    finally:
        store.close()


def test_truncation_after_a_backup_is_named_against_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "cut.dhrdesk"
    store = _small_store(path)
    backup = store.backup(tmp_path / "cut.bak", BACKUP_PASSPHRASE)
    taken, taken_hash = store.chain_head()
    manifest = json.loads(anchors.manifest_path_for(backup).read_text(encoding="utf-8"))
    assert manifest[anchors.ANCHOR_KEY]["entry"] == taken
    assert manifest[anchors.ANCHOR_KEY]["hash"] == taken_hash
    store.repos.reviews.create("DHR 2026/99", "After the backup")
    store.close()
    anchors.settings_path().unlink()  # the insider also removed this computer's anchor
    conn = attacker(path)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > ?", (taken - 3,))
    conn.close()
    store = Store.open(path, PASSPHRASE)
    try:
        report = store.verify(against=[anchors.read_anchor_file(backup)])
        (cut,) = _problems(report, ANCHORS)
        assert cut.startswith(f"the chain ends at entry {taken - 3} but a backup taken on ")
        assert f"(cut.bak) recorded entry {taken}" in cut
        # Without --against: the backup's manifest lies beside the store and is found.
        assert _problems(store.verify(), ANCHORS) == [cut]
        # The same through the backup itself (its own chain ends with the backup entry).
        again = store.verify(against=[anchors.backup_anchor(backup, BACKUP_PASSPHRASE)])
        assert _problems(again, ANCHORS) == [cut]
        # Cut back and written again: the entry number exists, with another hash.
        for i in range(5):
            store.repos.reviews.create(f"DHR 2027/{i:02}", "Written after the cut")
        (rewritten,) = _problems(store.verify(against=[anchors.read_anchor_file(backup)]), ANCHORS)
        assert "a backup taken on " in rewritten
        assert f"recorded entry {taken} with another hash" in rewritten
    finally:
        store.close()


def test_restored_older_backup_is_older_not_altered(tmp_path: Path) -> None:
    path = tmp_path / "restored.dhrdesk"
    store = _small_store(path)
    backup = store.backup(tmp_path / "older.bak", BACKUP_PASSPHRASE)
    for i in range(4):
        store.repos.reviews.create(f"DHR 2027/{i:02}", "After the backup")
    newest, _ = store.chain_head()
    store.close()  # this computer's settings now hold the newest head
    # The backup itself, opened as it is: an older copy, not altered.
    copy = Store.open(backup, BACKUP_PASSPHRASE, migrate=False)
    try:
        report = copy.verify()
        assert report.ok, report.lines()
        assert any("is an older copy (that backup), not altered" in n for n in report.notes)
        assert any(f"recorded entry {newest}" in n for n in report.notes)
    finally:
        copy.close()
    restore_backup(path, backup, BACKUP_PASSPHRASE, PASSPHRASE)
    store = Store.open(path, PASSPHRASE)
    try:
        report = store.verify()
        assert report.ok, report.lines()
        (older,) = [n for n in report.notes if "older, not altered" in n]
        assert "replaced by an older backup" in older and f"recorded entry {newest}" in older
        # Work goes on after the restore: entry numbers pass the old anchor, still not altered.
        for i in range(6):
            store.repos.reviews.create(f"DHR 2028/{i:02}", "After the restore")
        assert store.chain_head()[0] > newest
        report = store.verify(against=[anchors.read_anchor_file(backup)])
        assert report.ok, report.lines()
        assert any("older, not altered" in n for n in report.notes)
    finally:
        store.close()


# --------------------------------------------------------------------------- anchors
def test_anchors_hold_no_case_data(tmp_path: Path) -> None:
    marker = "Zebedee-Quartermaine-4417"
    path = tmp_path / f"{marker}.dhrdesk"  # even a telling file name stays out
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    store.repos.reviews.create("DHR 2026/01", marker)
    backup = store.backup(tmp_path / "b.bak", BACKUP_PASSPHRASE)
    head = store.chain_head()
    store.close()
    settings = anchors.settings_path()
    assert settings.stat().st_mode & 0o077 == 0
    text = settings.read_text(encoding="utf-8")
    assert marker not in text and str(tmp_path) not in text
    data = json.loads(text)
    (heads,) = data["stores"].values()
    assert {k for h in heads for k in h} == {"entry", "hash", "recorded_at"}
    assert (heads[-1]["entry"], heads[-1]["hash"]) == head
    manifest = anchors.manifest_path_for(backup).read_text(encoding="utf-8")
    assert marker not in manifest
    assert anchors.read_anchor_file(backup).entry == head[0]


def test_bad_anchor_files_are_refused_clearly(tmp_path: Path, seeded) -> None:
    from dhrdesk.core.errors import InputFileError

    store, _ = seeded
    head = store.chain_head()
    (tmp_path / "empty.json").write_text("{}", encoding="utf-8")
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "lonely.bak").write_bytes(b"\x00" * 4096)
    with pytest.raises(InputFileError, match="holds no audit chain head"):
        anchors.read_anchor_file(tmp_path / "empty.json")
    with pytest.raises(InputFileError, match="is not a JSON manifest"):
        anchors.read_anchor_file(tmp_path / "junk.json")
    with pytest.raises(InputFileError, match="has no manifest beside it"):
        anchors.read_anchor_file(tmp_path / "lonely.bak")
    with pytest.raises(InputFileError, match="There is no file"):
        anchors.read_anchor_file(tmp_path / "missing.json")
    # A backup swapped under its manifest is refused, not trusted.
    backup = tmp_path / "swapped.bak"
    backup.write_bytes(b"\x01" * 4096)
    anchors.manifest_path_for(backup).write_text(
        json.dumps(
            {
                "format": anchors.BACKUP_MANIFEST_FORMAT,
                "sha256": "0" * 64,
                "taken_at": "2026-05-02T10:00:00+00:00",
                anchors.ANCHOR_KEY: {"entry": 1, "hash": "a" * 64},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="does not match its manifest"):
        anchors.read_anchor_file(backup)
    assert store.chain_head() == head


def test_publication_pack_manifest_is_an_anchor(tmp_path: Path, seeded) -> None:
    store, _ = seeded
    pack = tmp_path / "manifest.json"
    pack.write_text(
        json.dumps(
            {"files": [], "draft_version": "v3", anchors.ANCHOR_KEY: anchors.anchor_dict(store)}
        ),
        encoding="utf-8",
    )
    anchor = anchors.read_anchor_file(pack)
    assert anchor.source.startswith("the publication pack manifest written on ")
    # As the publication gate writes it: entry and hash, the time beside them.
    gate_style = tmp_path / "gate-manifest.json"
    entry, digest = store.chain_head()
    gate_style.write_text(
        json.dumps(
            {
                "review": "DHR 2026/01",
                "draft_version": "0.3",
                "generated_at": "2026-05-02T10:15:00+00:00",
                "files": [],
                anchors.ANCHOR_KEY: {"entry": entry, "hash": digest},
            }
        ),
        encoding="utf-8",
    )
    from_gate = anchors.read_anchor_file(gate_style)
    assert from_gate.source == (
        "the publication pack manifest for DHR 2026/01 written on 2 May 2026 at 10:15 UTC"
    )
    assert store.verify(against=[from_gate], settings=False).ok
    report = store.verify(against=[anchor], settings=False)
    assert report.ok
    assert any(
        n.startswith("The chain matches the publication pack manifest") for n in report.notes
    )
    other = tmp_path / "other.json"
    head = {**anchors.anchor_dict(store), "store_id": "another-store"}
    other.write_text(json.dumps({anchors.ANCHOR_KEY: head}), encoding="utf-8")
    report = store.verify(against=[anchors.read_anchor_file(other)], settings=False)
    assert report.ok and any("belongs to another store" in n for n in report.notes)


# --------------------------------------------------------------------------- migration
def test_upgrade_to_v7_records_a_baseline_at_the_first_verify(tmp_path: Path) -> None:
    from tests.fixtures.make_fixture import FIXTURE_PASSPHRASE

    copy = tmp_path / "store-v6.dhrdesk"
    shutil.copy(FIXTURES / "store-v6.dhrdesk", copy)
    store = Store.open(copy, FIXTURE_PASSPHRASE)
    try:
        assert store.schema_version == SCHEMA_VERSION >= audit.TRACKING_VERSION
        entries = sorted(store.audit_entries(), key=lambda e: e.seq)
        before = [e for e in entries if e.content is None]
        assert before and before[0].kind == "store.create"  # old entries: no content hash
        assert entries[-1].kind == "store.migrate" and entries[-1].content == "[]"
        report = store.verify(settings=False)
        assert report.ok, report.lines()
        (note,) = [n for n in report.notes if "baseline" in n]
        baseline, _ = store.chain_head()
        assert note.startswith("First check since the upgrade that added record hashes")
        assert f"as the baseline (entry {baseline})" in note
        assert store.audit_entries(1)[0].kind == audit.BASELINE_KIND
        # The second check says from where records are covered, and records nothing new.
        report = store.verify(settings=False)
        assert store.chain_head()[0] == baseline
        assert any(f"covered from entry {baseline}" in n for n in report.notes)
    finally:
        store.close()
    conn = sqlcipher3.connect(str(copy), isolation_level=None)
    conn.execute(f"PRAGMA key = '{FIXTURE_PASSPHRASE}'")
    conn.execute("UPDATE review SET title = 'Quietly changed'")
    conn.close()
    store = Store.open(copy, FIXTURE_PASSPHRASE)
    try:
        (problem,) = _problems(store.verify(settings=False), CONTENT)
        assert problem.startswith("review 1 in review DHR 2024/07 was changed outside DHR Desk")
        assert f"matches entry {baseline} (audit.baseline" in problem
    finally:
        store.close()


def test_upgraded_store_with_a_broken_chain_gets_no_baseline(tmp_path: Path) -> None:
    from tests.fixtures.make_fixture import FIXTURE_PASSPHRASE

    copy = tmp_path / "store-v6.dhrdesk"
    shutil.copy(FIXTURES / "store-v6.dhrdesk", copy)
    conn = sqlcipher3.connect(str(copy), isolation_level=None)
    conn.execute(f"PRAGMA key = '{FIXTURE_PASSPHRASE}'")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'Someone Else' WHERE seq = 1")
    conn.close()
    store = Store.open(copy, FIXTURE_PASSPHRASE)
    try:
        head = store.chain_head()
        report = store.verify(settings=False)
        assert not report.ok
        assert store.chain_head() == head  # a tampered store is not blessed with a baseline
        assert any("No baseline of record hashes yet" in n for n in report.notes)
    finally:
        store.close()


def test_v7_fixture_opens_and_is_covered_from_creation(tmp_path: Path) -> None:
    from tests.fixtures.make_fixture import FIXTURE_PASSPHRASE

    copy = tmp_path / "store-v7.dhrdesk"
    shutil.copy(FIXTURES / "store-v7.dhrdesk", copy)
    store = Store.open(copy, FIXTURE_PASSPHRASE)
    try:
        head = store.chain_head()
        report = store.verify(settings=False)
        assert report.ok and not any("baseline" in n for n in report.notes)
        assert store.chain_head() == head
        assert all(e.content is not None for e in store.audit_entries())
    finally:
        store.close()


def test_statements_with_their_own_conflict_clause_are_recorded(seeded) -> None:
    """A statement's OR IGNORE / OR FAIL overrides a trigger's: the notes must not conflict."""
    store, _ = seeded
    title = store.query_one("SELECT title FROM review WHERE id = 1")[0]
    with store.write("test.conflict_clauses", "review:1") as cur:
        for _ in range(2):
            cur.execute("UPDATE OR FAIL review SET title = ? WHERE id = 1", (title + " (again)",))
            cur.execute(
                "INSERT OR IGNORE INTO theme_change(theme_id, name) VALUES ('test-theme', 'Test')"
            )
        cur.execute("UPDATE OR IGNORE review SET title = ? WHERE id = 1", (title,))
    content = json.loads(store.audit_entries(1)[0].content)
    assert [line[:2] for line in content] == [["review", "1"], ["theme_change", "test-theme"]]
    assert store.verify(settings=False).ok


def test_evidence_of_a_cut_is_not_rotated_out_of_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "rotated.dhrdesk"
    store = _small_store(path)
    last, _ = store.chain_head()
    store.close()
    conn = attacker(path)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > ?", (last - 2,))
    conn.close()
    store = Store.open(path, PASSPHRASE)
    try:
        # Many sessions later (each recording a head that agrees with the cut chain) ...
        heads = [(e.seq, e.hash) for e in store.audit_entries(2)]
        for i in range(anchors.KEEP_PER_STORE + 5):
            entry, digest = heads[i % 2]
            anchors.record_settings_anchor(store.store_id, entry, digest, store._disagrees)
        kept = anchors.settings_anchors(store.store_id)
        assert len(kept) == anchors.KEEP_PER_STORE + 1
        # ... the head the cut contradicts is still there, and still reported.
        (cut,) = _problems(store.verify(), ANCHORS)
        assert f"the chain ends at entry {last - 2}" in cut and f"recorded entry {last}" in cut
    finally:
        store.close()
