"""CLI: check-publication, report --edition publication through the gate, publication-pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dhrdesk import cli
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import publication_corpus as corpus


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("pubcli")
    path = folder / "store.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    try:
        corpus.populate(store)
        corpus.populate(store, corpus.REF_HELPLINE, helpline=True)
    finally:
        store.close()
    secret = folder / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    return {"folder": folder, "store": path, "secret": secret}


@pytest.fixture
def own_copy(setup: dict, tmp_path: Path) -> dict:
    """A copy of the module's store for a test that needs it as populated, whatever
    other tests accepted or signed off in the shared one."""
    path = tmp_path / "store.dhrdesk"
    for suffix in ("", "-wal"):
        source = Path(str(setup["store"]) + suffix)
        if source.exists():
            shutil.copy2(source, Path(str(path) + suffix))
    return {**setup, "store": path}


def run(setup: dict, *args: str) -> int:
    return cli.main(
        ["--store", str(setup["store"]), "--passphrase-file", str(setup["secret"]), *args]
    )


def test_check_publication_clean_review_exits_0(setup, capsys):
    assert run(setup, "check-publication", corpus.REF) == 0
    out = capsys.readouterr().out
    assert "Overview report: 0 unresolved" in out and "Action plan: 0 unresolved" in out
    assert "Resolved: 0. Unresolved: 0." in out
    assert "Every finding is resolved: nothing blocks publication." in out
    assert "Siobhán" not in out  # the check never prints the register's names it replaced


def test_check_block_accept_withdraw(setup, capsys, tmp_path):
    assert run(setup, "check-publication", corpus.REF_HELPLINE, "--document", "overview") == 5
    out = capsys.readouterr().out
    assert "[BLOCKS] Phone number: '0808 2000 247'" in out
    assert "at: Overview report › " in out and "context: …" in out
    fingerprint = next(
        line.split("fingerprint: ", 1)[1]
        for line in out.splitlines()
        if "fingerprint: phone|" in line
    )

    # report --edition publication: exit 5, the findings printed, no file
    target = tmp_path / "overview.pdf"
    code = run(
        setup,
        "report",
        corpus.REF_HELPLINE,
        "--document",
        "overview",
        "--edition",
        "publication",
        "--out",
        str(target),
    )
    captured = capsys.readouterr()
    assert code == 5 and not target.exists()
    assert "0808 2000 247" in captured.out and "fingerprint: " + fingerprint in captured.out
    assert "Publication blocked" in captured.err

    # accepting needs a reason; an unknown fingerprint is refused
    assert run(setup, "check-publication", corpus.REF_HELPLINE, "--accept", fingerprint) == 2
    assert (
        run(
            setup,
            "check-publication",
            corpus.REF_HELPLINE,
            "--accept",
            "phone|x|nowhere",
            "--reason",
            "r",
        )
        == 2
    )
    capsys.readouterr()
    assert (
        run(
            setup,
            "check-publication",
            corpus.REF_HELPLINE,
            "--document",
            "overview",
            "--accept",
            fingerprint,
            "--reason",
            "The national helpline number is public.",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "ACCEPTED by Test Chair on " in out
    assert ": The national helpline number is public." in out
    assert out.index(" Resolved:") > out.index("Overview report:")
    assert (
        run(
            setup,
            "report",
            corpus.REF_HELPLINE,
            "--document",
            "overview",
            "--edition",
            "publication",
            "--out",
            str(target),
        )
        == 0
    )
    assert target.read_bytes().startswith(b"%PDF")
    assert "1 accepted finding" in capsys.readouterr().out

    assert run(setup, "check-publication", corpus.REF_HELPLINE, "--withdraw", fingerprint) == 5
    assert "Withdrew the acceptance" in capsys.readouterr().out


def test_report_publication_writes_a_checked_file(setup, tmp_path, capsys):
    target = tmp_path / "summary.pdf"
    code = run(
        setup,
        "report",
        corpus.REF,
        "--document",
        "executive-summary",
        "--edition",
        "publication",
        "--out",
        str(target),
    )
    assert code == 0 and target.exists()
    assert "checked before and after writing" in capsys.readouterr().out


def test_publication_pack(setup, tmp_path, capsys):
    out = tmp_path / "pack"
    out.mkdir()
    assert run(setup, "publication-pack", corpus.REF, "--out", str(out)) == 0
    assert [p.name for p in out.iterdir()] == ["DHR-2099-06 publication pack"]
    out = out / "DHR-2099-06 publication pack"  # the whole pack appears with one rename
    names = sorted(p.name for p in out.iterdir())
    formats = ("pdf", "docx", "html")
    expected = sorted(
        [
            f"DHR-2099-06-{k}-publication.{f}"
            for k in ("overview", "executive-summary", "action-plan")
            for f in formats
        ]
        + ["manifest.json", "manifest.txt"]
    )
    assert names == expected
    manifest = json.loads((out / "manifest.json").read_text())
    import hashlib

    for entry in manifest["files"]:
        data = (out / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
    assert manifest["draft_version"] and manifest["check"].startswith("passed")
    assert "SHA-256" in capsys.readouterr().out


def test_pack_is_all_or_nothing(own_copy, tmp_path, capsys):
    """The helpline review blocks in the overview only; nothing of the pack is left."""
    out = tmp_path / "pack"
    out.mkdir()
    assert run(own_copy, "check-publication", corpus.REF_HELPLINE) == 5
    assert "ACCEPTED" not in capsys.readouterr().out
    assert run(own_copy, "publication-pack", corpus.REF_HELPLINE, "--out", str(out)) == 5
    assert list(out.iterdir()) == []
    assert "0808 2000 247" in capsys.readouterr().out


def test_pack_refuses_a_missing_folder(setup, tmp_path: Path, capsys):
    assert run(setup, "publication-pack", corpus.REF, "--out", str(tmp_path / "nope")) == 1
    assert "does not exist" in capsys.readouterr().err


def test_sign_off_from_the_command_line(setup, capsys):
    """--sign-off: the store's own user is refused (exit 1), another person is recorded."""
    assert run(setup, "check-publication", corpus.REF, "--sign-off", "Test Chair") == 1
    assert "second person" in capsys.readouterr().err
    code = run(
        setup,
        "check-publication",
        corpus.REF,
        "--sign-off",
        "Priya Natarajan",
        "--sign-off-role",
        "CSP manager",
        "--sign-off-date",
        "01/12/2026",
    )
    assert code == 0
    assert "Signed off by Priya Natarajan on 01/12/2026" in capsys.readouterr().out
