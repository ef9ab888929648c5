"""`dhrdesk verify --against` and `dhrdesk info`: the audit chain head, in-process (issue 19)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from dhrdesk import cli
from dhrdesk.core.errors import EXIT_ERROR, EXIT_INPUT, EXIT_OK
from dhrdesk.store import Store, anchors
from tests.conftest import DISPLAY_NAME, PASSPHRASE

BACKUP_PASSPHRASE = "another long backup passphrase"


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A store with a few changes and a backup (with its manifest), and passphrase files."""
    store_path = tmp_path / "s.dhrdesk"
    store = Store.create(store_path, PASSPHRASE, DISPLAY_NAME)
    for i in range(3):
        store.repos.reviews.create(f"DHR 2026/{i:02}", "Fictional review")
    backup = store.backup(tmp_path / "s.bak", BACKUP_PASSPHRASE)
    store.close()
    pass_file = tmp_path / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    backup_pass = tmp_path / "backup-pass.txt"
    backup_pass.write_text(BACKUP_PASSPHRASE + "\n", encoding="utf-8")
    return {"store": store_path, "backup": backup, "pass": pass_file, "backup_pass": backup_pass}


def _run(files: dict[str, Path], *argv: str | Path) -> int:
    return cli.main(
        ["--store", str(files["store"]), "--passphrase-file", str(files["pass"])]
        + [str(a) for a in argv]
    )


def test_info_and_verify_show_the_head_and_match_the_backup(files, capsys) -> None:
    manifest = anchors.read_anchor_file(files["backup"])
    assert _run(files, "info") == EXIT_OK
    out = capsys.readouterr().out
    assert f"Audit chain head: entry {manifest.entry}, hash {manifest.hash}" in out
    assert _run(files, "verify", "--against", files["backup"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "ok    audit chain against anchors outside the store" in out
    assert "The chain matches a backup taken on " in out
    assert f"Audit chain head: entry {manifest.entry}, hash {manifest.hash}" in out
    # Without its manifest, the backup itself is opened with its own passphrase.
    anchors.manifest_path_for(files["backup"]).unlink()
    argv = ["verify", "--against", files["backup"]]
    assert _run(files, *argv, "--against-passphrase-file", files["backup_pass"]) == EXIT_OK
    assert "matches a backup taken on" in capsys.readouterr().out
    assert _run(files, *argv) == 2  # no passphrase for it, no terminal: a usage error
    assert "--against-passphrase-file" in capsys.readouterr().err


def test_bad_against_file_is_refused_and_changes_nothing(files, tmp_path: Path, capsys) -> None:
    junk = tmp_path / "manifest.json"
    junk.write_text('{"files": []}', encoding="utf-8")
    before = files["store"].read_bytes()
    assert _run(files, "verify", "--against", junk) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "manifest.json holds no audit chain head" in err
    assert _run(files, "verify", "--against", tmp_path / "missing.json") == EXIT_INPUT
    assert files["store"].read_bytes() == before


def test_truncation_after_the_backup_fails_verify_in_words(files, capsys) -> None:
    taken = anchors.read_anchor_file(files["backup"]).entry
    anchors.settings_path().unlink()  # this computer's anchor is gone too
    conn = sqlcipher3.connect(str(files["store"]), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq > ?", (taken - 2,))
    conn.close()
    assert _run(files, "verify", "--against", files["backup"]) == EXIT_ERROR
    out = capsys.readouterr().out
    assert "FAIL  audit chain against anchors outside the store" in out
    assert f"the chain ends at entry {taken - 2} but a backup taken on " in out
    assert f"(s.bak) recorded entry {taken}" in out
    assert "The store FAILED verification." in out
