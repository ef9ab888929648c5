"""`dhrdesk import-chronology` and `dhrdesk imr-template` run as a user would (subprocess)."""
# ruff: noqa: F811 - pytest fixtures imported from tests.cli.conftest are parameters here

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest

from dhrdesk.core import model as m
from tests.cli.conftest import Runner, assert_clean_error, cli, pass_file  # noqa: F401
from tests.conftest import DISPLAY_NAME, PASSPHRASE

REF = "DHR 2026/11"
HEADERS = ["Date", "Time", "Source of information", "Event/contact", "Action taken/outcome"]
GOOD = [
    HEADERS,
    ["03/04/2019", "14:30", "GP record", "Consultation, low mood", "Referred"],
    ["March 2019", "", "Practice nurse", "Missed appointment", "Letter sent"],
]


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _open(path: Path):
    from dhrdesk.store import Store

    return Store.open(path, PASSPHRASE)


def _dump(path: Path) -> dict:
    with _open(path) as store:
        tables = [
            r[0]
            for r in store.query(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: sorted((tuple(r) for r in store.query(f"SELECT * FROM {t}")), key=repr)
            for t in tables
        }


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    from dhrdesk.store import Store

    path = tmp_path / "store.dhrdesk"
    with Store.create(path, PASSPHRASE, DISPLAY_NAME) as store:
        review_id = store.repos.reviews.create(REF, "Fictional review")
        store.repos.records.save(m.LineOfEnquiry(review_id=review_id, text="What was known?"))
        store.repos.agency_input.ensure_agency(review_id, "Northshire Police")
    return path


def _run(cli: Runner, store: Path, pass_file: Path, *args: str | Path):
    return cli(*args, "--store", store, "--passphrase-file", pass_file)


def test_import_with_yes_then_again_adds_nothing(cli, seeded, pass_file, tmp_path) -> None:
    file = tmp_path / "gp.csv"
    file.write_bytes(_csv(GOOD))
    result = _run(
        cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "Northshire GP", "--yes"
    )
    assert result.returncode == 0, result.stderr
    assert 'Date                     <- "Date"' in result.stdout
    assert "2 row(s) added" in result.stdout
    assert "Added the agency 'Northshire GP'" in result.stdout
    with _open(seeded) as store:
        review = store.repos.reviews.get(REF)
        agency = store.repos.agency_input.agency_by_name(review.id, "northshire gp")
        assert agency is not None
        assert [e.date for e in store.repos.agency_input.entries(review.id, agency.id)] == [
            "2019-03",
            "2019-04-03",
        ]
        assert len(store.repos.agency_input.attachments(review.id)) == 1
    before = _dump(seeded)
    again = _run(
        cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "Northshire GP", "--yes"
    )
    assert again.returncode == 0, again.stderr
    assert "0 row(s) added, 0 updated, 2 already there" in again.stdout
    assert _dump(seeded) == before


def test_rows_with_problems_exit_4_and_change_nothing(cli, seeded, pass_file, tmp_path) -> None:
    file = tmp_path / "bad.csv"
    file.write_bytes(_csv([*GOOD, ["31/02/2020", "", "GP record", "Visit", ""]]))
    before = _dump(seeded)
    result = _run(cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "GP", "--yes")
    assert_clean_error(result, 4)
    assert "row 4: 31/02/2020 is not a date: February 2020 has 29 days" in result.stdout
    assert "1 row(s) have problems" in result.stderr
    assert _dump(seeded) == before


def test_ambiguous_mapping_is_not_imported_with_yes(cli, seeded, pass_file, tmp_path) -> None:
    file = tmp_path / "amb.csv"
    file.write_bytes(
        _csv([["Date", "Source", "Author role", "Event"], ["01/01/2020", "GP", "Nurse", "Visit"]])
    )
    before = _dump(seeded)
    result = _run(cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "GP", "--yes")
    assert_clean_error(result, 4)
    assert "ambiguous" in result.stderr and "source" in result.stderr
    assert "AMBIGUOUS" in result.stdout
    assert _dump(seeded) == before


def test_without_yes_and_without_a_terminal_nothing_is_imported(
    cli, seeded, pass_file, tmp_path
) -> None:
    file = tmp_path / "gp.csv"
    file.write_bytes(_csv(GOOD))
    before = _dump(seeded)
    result = _run(cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "GP")
    assert_clean_error(result, 2)
    assert "--yes" in result.stderr
    assert _dump(seeded) == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("fake.xlsx", b"Date,Source\n01/01/2020,GP\n", "not really an Excel workbook"),
        ("locked.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512, "password-protected"),
        ("empty.csv", b"", "empty"),
    ],
)
def test_refused_files_exit_4_and_change_nothing(
    cli, seeded, pass_file, tmp_path, name, content, words
) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    before = _dump(seeded)
    result = _run(cli, seeded, pass_file, "import-chronology", REF, file, "--agency", "GP", "--yes")
    assert_clean_error(result, 4)
    assert words in result.stderr
    assert _dump(seeded) == before


def test_imr_template_written_and_reimported(cli, seeded, pass_file, tmp_path) -> None:
    out = tmp_path / "police-imr.docx"
    result = _run(
        cli, seeded, pass_file, "imr-template", REF, "--agency", "northshire police", "--out", out
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o077 == 0  # written private (umask 077)
    document = docx.Document(out)
    table = document.tables[-1]
    for cell, value in zip(
        table.rows[1].cells,
        ["05/06/2019", "", "Custody record", "Arrest", "Charged", ""],
        strict=True,
    ):
        cell.text = value
    filled = tmp_path / "returned.docx"
    document.save(filled)
    imported = _run(
        cli,
        seeded,
        pass_file,
        "import-chronology",
        REF,
        filled,
        "--agency",
        "Northshire Police",
        "--yes",
    )
    assert imported.returncode == 0, imported.stderr
    assert "1 row(s) added" in imported.stdout
    missing = _run(cli, seeded, pass_file, "imr-template", REF, "--agency", "Nobody", "--out", out)
    assert_clean_error(missing, 1)
    assert "Northshire Police" in missing.stderr


def test_in_a_terminal_the_chair_is_asked(seeded, pass_file, tmp_path, monkeypatch, capsys) -> None:
    from dhrdesk import cli as cli_module

    file = tmp_path / "gp.csv"
    file.write_bytes(_csv(GOOD))
    monkeypatch.setattr(cli_module.base, "stdin_is_tty", lambda: True)
    questions: list[str] = []
    answers = iter(["n", "y"])

    def answer(prompt: str) -> str:
        questions.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    argv = [
        "import-chronology",
        REF,
        str(file),
        "--agency",
        "Northshire GP",
        "--store",
        str(seeded),
        "--passphrase-file",
        str(pass_file),
    ]
    before = _dump(seeded)
    assert cli_module.main(argv) == 0
    assert questions == [f"Import 2 row(s) from gp.csv into {REF} for Northshire GP? [y/N] "]
    assert "Nothing was imported." in capsys.readouterr().out
    assert _dump(seeded) == before
    assert cli_module.main(argv) == 0
    assert "2 row(s) added" in capsys.readouterr().out
    assert _dump(seeded) != before
