"""Every CLI command and exit code, run as a subprocess like a user would."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from dhrdesk import __version__
from dhrdesk.store import SCHEMA_VERSION
from tests.cli.conftest import Runner, assert_clean_error, make_store
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "violet harbour kettle 1987"
BACKUP_PASSPHRASE = "granite meadow lantern 552"


def write_secret(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


# ------------------------------------------------------------------ basics, exit 2
def test_version(cli: Runner) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"dhrdesk {__version__}" == "dhrdesk 0.1.0"


def test_help_documents_exit_codes_and_commands(cli: Runner) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for line in (
        "0  ok",
        "1  other error",
        "2  usage error",
        "3  cannot open the store",
        "4  an input file is invalid",
        "5  publication blocked",
    ):
        assert line in result.stdout
    for name in ("init", "info", "verify", "change-passphrase", "backup", "restore", "demo"):
        assert name in result.stdout


def test_unknown_command_and_missing_subcommand_are_usage_errors(cli: Runner) -> None:
    unknown = cli("frobnicate")
    assert unknown.returncode == 2
    assert "invalid choice" in unknown.stderr
    bare_group = cli("review")
    assert bare_group.returncode == 2


def test_no_passphrase_and_no_terminal_is_a_clear_usage_error(cli: Runner, tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    result = cli("--store", store, "info")
    assert_clean_error(result, 2)
    assert (
        "No passphrase given: use --passphrase-file, DHRDESK_PASSPHRASE, or run in a terminal."
        in result.stderr
    )


def test_passphrase_file_problems_are_input_errors(cli: Runner, tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    missing = cli("--store", store, "--passphrase-file", tmp_path / "nope.txt", "info")
    assert_clean_error(missing, 4)
    assert "does not exist" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    result = cli("--store", store, "--passphrase-file", empty, "info")
    assert_clean_error(result, 4)
    assert "is empty" in result.stderr


# ------------------------------------------------------------------ init / info
def test_init_info_and_refusing_an_existing_file(
    cli: Runner, tmp_path: Path, pass_file: Path
) -> None:
    store = tmp_path / "new.dhrdesk"
    created = cli("--store", store, "--passphrase-file", pass_file, "init", "--name", "Ann Chair")
    assert created.returncode == 0, created.stderr
    assert str(store) in created.stdout
    assert store.exists() and (store.stat().st_mode & 0o777) == 0o600

    # Global options also work after the command name; passphrase from the environment.
    info = cli("info", "--store", store, env={"DHRDESK_PASSPHRASE": PASSPHRASE})
    assert info.returncode == 0, info.stderr
    assert (
        f"Store format:     {SCHEMA_VERSION} (this app reads up to {SCHEMA_VERSION})" in info.stdout
    )
    assert "SQLCipher:        4." in info.stdout
    assert "Audit chain head: entry 1, hash " in info.stdout
    assert "256,000" in info.stdout
    assert "Ann Chair" in info.stdout
    assert "audit:" in info.stdout and "review:" in info.stdout

    as_json = cli("--store", store, "--passphrase-file", pass_file, "info", "--json")
    data = json.loads(as_json.stdout)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["kdf_iterations"] == 256_000
    assert data["counts"]["review"] == 0
    assert data["display_name"] == "Ann Chair"

    before = store.read_bytes()
    again = cli("--store", store, "--passphrase-file", pass_file, "init")
    assert_clean_error(again, 1)
    assert "already exists" in again.stderr
    assert store.read_bytes() == before


def test_init_refuses_a_weak_passphrase_with_the_rule(cli: Runner, tmp_path: Path) -> None:
    store = tmp_path / "weak.dhrdesk"
    result = cli("--store", store, "init", env={"DHRDESK_PASSPHRASE": "short"})
    assert_clean_error(result, 2)
    assert "too weak" in result.stderr
    assert "at least 12 characters" in result.stderr
    assert not store.exists()


def test_commands_on_a_missing_store_exit_3(cli: Runner, tmp_path: Path, pass_file: Path) -> None:
    result = cli("--store", tmp_path / "none.dhrdesk", "--passphrase-file", pass_file, "info")
    assert_clean_error(result, 3)
    assert "There is no store" in result.stderr and "dhrdesk init" in result.stderr


# ------------------------------------------------------------------ opening failures, exit 3
def test_wrong_passphrase(cli: Runner, tmp_path: Path) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    before = store.read_bytes()
    result = cli("--store", store, "info", env={"DHRDESK_PASSPHRASE": "not the passphrase at all"})
    assert_clean_error(result, 3)
    assert "The passphrase is wrong, or this is not a DHR Desk store" in result.stderr
    assert store.read_bytes() == before


def _random_file(path: Path) -> None:
    path.write_bytes(os.urandom(5000))


def _plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()


def _truncated_store(path: Path) -> None:
    make_store(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 1500])


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_random_file, "is not a DHR Desk store"),
        (_plain_sqlite, "unencrypted SQLite database"),
        (_truncated_store, "truncated"),
    ],
    ids=["random", "plain-sqlite", "truncated"],
)
def test_broken_files_have_their_own_message_and_stay_unchanged(
    cli: Runner, tmp_path: Path, pass_file: Path, make, expected: str
) -> None:
    path = tmp_path / "broken.dhrdesk"
    make(path)
    before = path.read_bytes()
    result = cli("--store", path, "--passphrase-file", pass_file, "verify")
    assert_clean_error(result, 3)
    assert expected in result.stderr
    assert "The passphrase is wrong" not in result.stderr
    assert path.read_bytes() == before


# ------------------------------------------------------------------ verify
def test_verify_passes_then_names_a_tampered_audit_entry(
    cli: Runner, tmp_path: Path, pass_file: Path
) -> None:
    import sqlcipher3

    store = make_store(tmp_path / "s.dhrdesk")
    ok = cli("--store", store, "--passphrase-file", pass_file, "verify")
    assert ok.returncode == 0, ok.stderr
    assert "audit log hash chain" in ok.stdout
    assert "passed every check" in ok.stdout

    conn = sqlcipher3.connect(str(store))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'Someone Else' WHERE seq = 1")
    conn.commit()
    conn.close()

    bad = cli("--store", store, "--passphrase-file", pass_file, "verify")
    assert bad.returncode == 1
    assert "FAIL  audit log hash chain" in bad.stdout
    assert "entry 1 (store.create) was altered" in bad.stdout
    assert "FAILED verification" in bad.stdout


# ------------------------------------------------------------------ change-passphrase
def test_change_passphrase_then_old_fails_and_new_works(
    cli: Runner, tmp_path: Path, pass_file: Path
) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    changed = cli(
        "--store",
        store,
        "--passphrase-file",
        pass_file,
        "change-passphrase",
        "--new-passphrase-file",
        new_file,
    )
    assert changed.returncode == 0, changed.stderr
    assert "was changed" in changed.stdout

    old = cli("--store", store, "--passphrase-file", pass_file, "info")
    assert_clean_error(old, 3)
    assert "The passphrase is wrong" in old.stderr
    new = cli("--store", store, "--passphrase-file", new_file, "info")
    assert new.returncode == 0, new.stderr


# ------------------------------------------------------------------ backup / restore
def test_backup_and_restore_round_trip(cli: Runner, tmp_path: Path, pass_file: Path) -> None:
    from dhrdesk.store import Store

    store_path = tmp_path / "s.dhrdesk"
    with Store.create(store_path, PASSPHRASE, "Test Chair") as store:
        store.repos.reviews.create("DHR Fictional 1", title="Invented review")
    backup_pass = write_secret(tmp_path / "backup-pass.txt", BACKUP_PASSPHRASE)
    backup = tmp_path / "out" / "s.backup"

    made = cli(
        "--store",
        store_path,
        "--passphrase-file",
        pass_file,
        "backup",
        "--out",
        backup,
        "--backup-passphrase-file",
        backup_pass,
    )
    assert made.returncode == 0, made.stderr
    assert str(backup) in made.stdout
    assert "backup passphrase" in made.stdout
    assert backup.exists()

    # An existing backup is not silently overwritten.
    again = cli(
        "--store",
        store_path,
        "--passphrase-file",
        pass_file,
        "backup",
        "--out",
        backup,
        "--backup-passphrase-file",
        backup_pass,
    )
    assert_clean_error(again, 1)
    assert "--overwrite" in again.stderr

    # Restore into a new location under a new store passphrase.
    restored_path = tmp_path / "restored.dhrdesk"
    new_file = write_secret(tmp_path / "new.txt", NEW_PASSPHRASE)
    restored = cli(
        "--store",
        restored_path,
        "--passphrase-file",
        new_file,
        "restore",
        backup,
        "--backup-passphrase-file",
        backup_pass,
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    listing = cli("--store", restored_path, "--passphrase-file", new_file, "review", "list")
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout == "DHR Fictional 1\tnotification\tInvented review\n"


def test_restore_of_a_tampered_backup_exits_4_and_changes_nothing(
    cli: Runner, tmp_path: Path, pass_file: Path
) -> None:
    from dhrdesk.store import Store

    store_path = make_store(tmp_path / "s.dhrdesk")
    backup = tmp_path / "s.backup"
    with Store.open(store_path, PASSPHRASE) as store:
        store.backup(backup, BACKUP_PASSPHRASE)
    data = bytearray(backup.read_bytes())
    assert len(data) >= 3 * 4096  # the middle byte is not on page 1
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    before = store_path.read_bytes()

    backup_pass = write_secret(tmp_path / "backup-pass.txt", BACKUP_PASSPHRASE)
    result = cli(
        "--store",
        store_path,
        "--passphrase-file",
        pass_file,
        "restore",
        backup,
        "--backup-passphrase-file",
        backup_pass,
    )
    assert_clean_error(result, 4)
    assert "backup" in result.stderr.lower()
    assert "Nothing was changed" in result.stderr
    assert store_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "s.dhrdesk" in p.name) == ["s.dhrdesk"]


# ------------------------------------------------------------------ review list
def test_review_list_is_tab_separated_and_keeps_spaces(
    cli: Runner, tmp_path: Path, pass_file: Path
) -> None:
    from dhrdesk.store import Store

    store_path = tmp_path / "s.dhrdesk"
    with Store.create(store_path, PASSPHRASE, "Test Chair") as store:
        store.repos.reviews.create("DHR 2026 07", title="Review of a fictional town")
        store.repos.reviews.create("ALPHA-1")
    result = cli("review", "list", "--store", store_path, "--passphrase-file", pass_file)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows == [
        ["ALPHA-1", "notification", ""],
        ["DHR 2026 07", "notification", "Review of a fictional town"],
    ]


# ------------------------------------------------------------------ demo
def test_demo_writes_a_pdf_and_reuses_its_store(cli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    first = cli("demo", "--out", out)
    assert first.returncode == 0, first.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs, first.stdout
    assert pdfs[0].read_bytes().startswith(b"%PDF")
    assert str(pdfs[0]) in first.stdout
    assert "Created the demo store" in first.stdout
    demo_store = Path(os.environ["DHRDESK_DATA_DIR"]) / "demo.dhrdesk"
    assert demo_store.exists()

    second = cli("demo", "--out", out)
    assert second.returncode == 0, second.stderr
    assert "Using the demo store" in second.stdout


# ------------------------------------------------------------------ layering
def test_cli_commands_never_import_qt(tmp_path: Path, cli: Runner) -> None:
    """Running a command must not load PySide6 (only the GUI branch may)."""
    import subprocess
    import sys

    from tests.cli.conftest import REPO

    script = (
        "import sys\n"
        "from dhrdesk.cli import main\n"
        "codes = [main(['--version']), main(['--store', sys.argv[1], 'info'])]\n"
        "assert 'PySide6' not in sys.modules, 'PySide6 was imported'\n"
        "print(codes)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "missing.dhrdesk")],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[0, 3]"
