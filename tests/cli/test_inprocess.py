"""CLI paths that need a terminal or a fault injected: run main() in-process.

Prompts are driven by replacing getpass; the GUI by a stand-in module, so no
window opens and Qt is never needed here.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from dhrdesk import cli
from dhrdesk.core.errors import InputFileError
from tests.cli.conftest import make_store
from tests.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    """main() sets umask 077 for the process; give the rest of the suite its own back."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch):
    """Pretend stdin is a terminal and answer prompts from a list, recording the prompts."""
    asked: list[str] = []

    def install(*answers: str) -> list[str]:
        queue = list(answers)

        def fake_getpass(prompt: str = "") -> str:
            asked.append(prompt)
            if not queue:
                raise AssertionError(f"unexpected prompt: {prompt!r}")
            return queue.pop(0)

        monkeypatch.setattr(cli.base, "stdin_is_tty", lambda: True)
        monkeypatch.setattr(cli.base.getpass, "getpass", fake_getpass)
        return asked

    return install


# ------------------------------------------------------------------ prompts
def test_init_prompts_twice_and_creates_the_store(tmp_path: Path, terminal) -> None:
    asked = terminal(PASSPHRASE, PASSPHRASE)
    store = tmp_path / "p.dhrdesk"
    assert cli.main(["--store", str(store), "init", "--name", "Prompted Chair"]) == 0
    assert len(asked) == 2
    assert store.exists()


def test_init_refuses_mismatched_prompts(tmp_path: Path, terminal, capsys) -> None:
    terminal(PASSPHRASE, PASSPHRASE + "x")
    store = tmp_path / "p.dhrdesk"
    assert cli.main(["--store", str(store), "init"]) == 2
    assert "do not match" in capsys.readouterr().err
    assert not store.exists()


def test_open_prompts_once_for_an_existing_store(tmp_path: Path, terminal, capsys) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    asked = terminal(PASSPHRASE)
    assert cli.main(["--store", str(store), "review", "list"]) == 0
    assert asked == [f"Passphrase for {store}: "]


def test_backup_prompts_twice_for_the_backup_passphrase(tmp_path: Path, terminal) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    asked = terminal(PASSPHRASE, "granite meadow lantern 552", "granite meadow lantern 552")
    out = tmp_path / "b.backup"
    assert cli.main(["--store", str(store), "backup", "--out", str(out)]) == 0
    assert len(asked) == 3 and out.exists()


def test_env_passphrase_is_used_without_prompting(
    tmp_path: Path, terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(tmp_path / "s.dhrdesk")
    asked = terminal()
    monkeypatch.setenv("DHRDESK_PASSPHRASE", PASSPHRASE)
    assert cli.main(["--store", str(store), "info"]) == 0
    assert asked == []


# ------------------------------------------------------------------ passphrase files
def test_passphrase_file_takes_the_first_line_only(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(b"first line with spaces \r\nsecond line\n")
    path.chmod(0o600)
    assert cli.read_passphrase_file(path) == "first line with spaces "


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\nsecond"])
def test_empty_passphrase_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match="is empty"):
        cli.read_passphrase_file(path)


def test_unreadable_passphrase_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a folder"):
        cli.read_passphrase_file(tmp_path)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"caf\xe9 caf\xe9 caf\xe9\n")
    with pytest.raises(InputFileError, match="not UTF-8"):
        cli.read_passphrase_file(bad)


def test_passphrase_file_readable_by_others_gives_a_warning(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.txt"
    path.write_text(PASSPHRASE + "\n")
    path.chmod(0o644)
    assert cli.read_passphrase_file(path) == PASSPHRASE
    assert "chmod 600" in capsys.readouterr().err


# ------------------------------------------------------------------ failure handling
def test_unexpected_error_is_short_and_has_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def boom(self):  # noqa: ANN001, ANN202
        raise RuntimeError("secret internals")

    monkeypatch.setattr(cli.Context, "store", property(boom))
    assert cli.main(["info"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error" in err
    assert "Traceback" not in err and "secret internals" not in err

    monkeypatch.setenv("DHRDESK_DEBUG", "1")
    assert cli.main(["info"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "secret internals" in err


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    def interrupted(self):  # noqa: ANN001, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Context, "store", property(interrupted))
    assert cli.main(["info"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_usage_error_and_help_return_codes_instead_of_exiting(capsys) -> None:
    assert cli.main(["--no-such-option"]) == 2
    assert cli.main(["--help"]) == 0
    assert "exit codes:" in capsys.readouterr().out


# ------------------------------------------------------------------ GUI dispatch
@pytest.fixture
def fake_gui(monkeypatch: pytest.MonkeyPatch) -> list:
    calls: list = []
    module = types.ModuleType("dhrdesk.ui.app")

    def run_gui(store_path: Path | None = None) -> int:
        calls.append(store_path)
        return 0

    module.run_gui = run_gui  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dhrdesk.ui.app", module)
    return calls


def test_no_arguments_starts_the_gui(fake_gui: list) -> None:
    assert cli.main([]) == 0
    assert fake_gui == [None]


def test_gui_command_passes_the_store(fake_gui: list, tmp_path: Path) -> None:
    assert cli.main(["gui", "--store", str(tmp_path / "x.dhrdesk")]) == 0
    assert cli.main(["gui"]) == 0
    assert fake_gui == [tmp_path / "x.dhrdesk", None]


# ------------------------------------------------------------------ registry and docs
def test_every_command_is_in_the_parser_and_documented() -> None:
    parser = cli.build_parser()
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.COMMANDS.items():
        # Fill every required positional and option with a dummy value, whatever the command.
        argv = name.split(" ")
        for spec in command.arguments:
            flags, kwargs = spec.flags, spec.kwargs
            if kwargs.get("choices"):
                value = str(next(iter(kwargs["choices"])))
                argv += [flags[0], value] if flags[0].startswith("-") else [value]
            elif flags[0].startswith("-"):
                if kwargs.get("required"):
                    argv += [flags[0], "x"]
            elif kwargs.get("nargs") not in ("?", "*"):
                argv.append("x")
        args = parser.parse_args(argv)
        assert args._command.name == name
        assert f"dhrdesk {name}" in docs, f"docs/cli.md does not describe '{name}'"
    for code in range(6):
        assert f"| {code} " in docs
