"""Helpers for CLI tests: run `python main.py ...` as a real subprocess.

Each subprocess costs about half a second, so tests create stores in-process
through the store API where the command under test is not `init` itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DISPLAY_NAME, PASSPHRASE

REPO = Path(__file__).resolve().parents[2]

Runner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    """A passphrase file holding the test passphrase (with a trailing newline)."""
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def cli() -> Runner:
    """Run the CLI; stdin is /dev/null so a forgotten prompt fails instead of hanging."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        full_env = dict(os.environ)  # carries the per-test DHRDESK_DATA_DIR
        full_env["QT_QPA_PLATFORM"] = "offscreen"
        full_env.pop("DHRDESK_PASSPHRASE", None)
        full_env.pop("DHRDESK_DEBUG", None)
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "main.py", *map(str, args)],
            cwd=REPO,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


def make_store(path: Path, passphrase: str = PASSPHRASE) -> Path:
    """Create a store through the store API (cheaper than an `init` subprocess)."""
    from dhrdesk.store import Store

    Store.create(path, passphrase, DISPLAY_NAME).close()
    return path


def assert_clean_error(result: subprocess.CompletedProcess, code: int) -> None:
    """The exit code is as expected and stderr is a user message, not internals."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert "hmac check failed" not in result.stderr.lower()
    assert result.stderr.startswith("dhrdesk"), result.stderr
