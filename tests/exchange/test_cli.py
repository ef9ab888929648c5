"""export-review / import-review run as a user would (subprocess), with exit codes."""

from __future__ import annotations

import copy
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from dhrdesk.exchange import dumps, export_review
from dhrdesk.exchange.review_json import FORMAT_VERSION, MAX_FILE_BYTES
from tests.cli.conftest import Runner, assert_clean_error, make_store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.exchange.builders import build_rich_review, dump_store

REF = "DHR 2026/03"


def _open(path: Path):
    from dhrdesk.store import Store

    return Store.open(path, PASSPHRASE)


def _dump(path: Path) -> dict:
    with _open(path) as store:
        return dump_store(store)


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A store holding the rich review, closed; and an export of it."""
    from dhrdesk.store import Store

    path = tmp_path / "seeded.dhrdesk"
    with Store.create(path, PASSPHRASE, DISPLAY_NAME) as store:
        build_rich_review(store)
        doc = export_review(store, REF, timestamp=False)
    return path, doc


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_export_then_import_into_empty_store_is_identical(
    cli: Runner, seeded, pass_file: Path, home: Path, tmp_path: Path
) -> None:
    store_a, _ = seeded
    first = home / "review.json"
    env = {"HOME": str(home)}
    result = cli(
        "export-review",
        REF,
        "--out",
        first,
        "--no-timestamp",
        "--store",
        store_a,
        "--passphrase-file",
        pass_file,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "PLAINTEXT" in result.stdout and "restricted identity register" in result.stdout
    assert "3 subjects, 5 register entries" in result.stdout
    assert "outside your home folder" not in result.stderr
    assert stat.S_IMODE(first.stat().st_mode) == 0o600

    store_b = make_store(tmp_path / "b.dhrdesk")
    result = cli("import-review", first, "--store", store_b, "--passphrase-file", pass_file)
    assert result.returncode == 0, result.stderr
    assert f"Imported review '{REF}'" in result.stdout

    second = home / "again.json"
    result = cli(
        "export-review",
        REF,
        "--out",
        second,
        "--no-timestamp",
        "--store",
        store_b,
        "--passphrase-file",
        pass_file,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert second.read_bytes() == first.read_bytes()
    assert "Siobhán O'Neill-Nowak" in second.read_text(encoding="utf-8")


def test_export_warns_outside_home_and_stamps_time(
    cli: Runner, seeded, pass_file: Path, home: Path, tmp_path: Path
) -> None:
    store_a, _ = seeded
    out = tmp_path / "shared" / "review.json"
    out.parent.mkdir()
    result = cli(
        "export-review",
        REF,
        "--out",
        out,
        "--store",
        store_a,
        "--passphrase-file",
        pass_file,
        env={"HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    assert "dhrdesk: warning:" in result.stderr and "outside your home folder" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["exported_at"]


def test_export_unknown_reference(cli: Runner, seeded, pass_file: Path, tmp_path: Path) -> None:
    store_a, _ = seeded
    out = tmp_path / "x.json"
    result = cli(
        "export-review",
        "DHR 1999/01",
        "--out",
        out,
        "--store",
        store_a,
        "--passphrase-file",
        pass_file,
    )
    assert_clean_error(result, 1)
    assert "no review with the reference 'DHR 1999/01'" in result.stderr
    assert not out.exists()


def _bad(doc: dict, change) -> bytes:  # noqa: ANN001
    doc = copy.deepcopy(doc)
    change(doc)
    return dumps(doc).encode("utf-8")


def _huge(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1024)


INVALID = {
    "wrong type": (
        lambda d: d["review"]["meetings"][0].__setitem__("date", 20250724),
        "review.meetings[0].date: expected text, found 20250724.",
    ),
    "missing field": (
        lambda d: d["review"]["register"][2].pop("value"),
        "review.register[2].value: this field is missing.",
    ),
    "bad date": (
        lambda d: d["review"]["stages"][1].__setitem__("completed", "2025-02-30"),
        "review.stages[1].completed: 2025-02-30 is not a date: February 2025 has 28 days.",
    ),
    "unknown version": (
        lambda d: d.__setitem__("version", 99),
        "This file was written by a newer DHR Desk (format version 99); this app reads up to "
        f"{FORMAT_VERSION}.",
    ),
    "unknown key": (
        lambda d: d["review"]["family_members"][1].__setitem__("subject", "subject-9"),
        "review.family_members[1].subject: there is no subject with the key 'subject-9'",
    ),
    "unknown format": (
        lambda d: d.__setitem__("format", "other-app"),
        "not a DHR Desk review file: 'format' is 'other-app'",
    ),
    "truncated": (None, "is not valid JSON: the file ends too early at line"),
    "not utf-8": (None, "is not UTF-8 text"),
    "top-level list": (None, "the top level is a list, not an object"),
    "huge": (None, "is too large to be a review file"),
}


@pytest.mark.parametrize("kind", list(INVALID))
def test_invalid_file_exits_4_and_changes_nothing(
    cli: Runner, seeded, pass_file: Path, tmp_path: Path, kind: str
) -> None:
    store_a, doc = seeded
    change, expected = INVALID[kind]
    bad = tmp_path / "bad.json"
    if change is not None:
        bad.write_bytes(_bad(doc, change))
    elif kind == "truncated":
        bad.write_bytes(dumps(doc).encode("utf-8")[:5000])
    elif kind == "not utf-8":
        bad.write_bytes(dumps(doc).replace("Zoë", "Zo\udceb").encode("utf-8", "surrogateescape"))
    elif kind == "top-level list":
        bad.write_text(json.dumps([doc]), encoding="utf-8")
    else:
        _huge(bad)
    before = _dump(store_a)
    result = cli(
        "import-review", bad, "--replace", "--store", store_a, "--passphrase-file", pass_file
    )
    assert_clean_error(result, 4)
    assert expected in result.stderr, result.stderr
    assert "Nothing was imported" in result.stderr
    assert _dump(store_a) == before


def test_existing_reference_needs_replace_or_as_new(
    cli: Runner, seeded, pass_file: Path, tmp_path: Path
) -> None:
    store_a, doc = seeded
    doc = copy.deepcopy(doc)
    doc["review"]["title"] = "Imported title"
    file = tmp_path / "r.json"
    file.write_text(dumps(doc), encoding="utf-8")
    common = ("--store", store_a, "--passphrase-file", pass_file)

    before = _dump(store_a)
    result = cli("import-review", file, *common)
    assert_clean_error(result, 1)
    assert result.stderr.strip() == (
        f"dhrdesk: error: A review with the reference '{REF}' already exists: "
        "use --replace or --as-new NEW-REF."
    )
    result = cli("import-review", file, "--replace", "--as-new", "X 1", *common)
    assert_clean_error(result, 2)
    assert _dump(store_a) == before

    result = cli("import-review", file, "--as-new", "DHR 2026/04", *common)
    assert result.returncode == 0, result.stderr
    result = cli("import-review", file, "--as-new", "DHR 2026/04", *common)
    assert_clean_error(result, 1)
    assert "'DHR 2026/04' already exists" in result.stderr

    result = cli("import-review", file, "--replace", *common)
    assert result.returncode == 0, result.stderr
    with _open(store_a) as store:
        titles = {r.reference: r.title for r in store.repos.reviews.list()}
        assert titles == {REF: "Imported title", "DHR 2026/04": "Imported title"}
        replaced = export_review(store, REF, timestamp=False)
    assert replaced == doc
