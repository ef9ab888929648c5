"""Shared fixtures: offscreen Qt, an isolated data dir, a fresh encrypted store per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DHRDESK_PASSPHRASE", None)

# The shared page context of the GUI tests (the fixtures `context`, `threaded_context`).
pytest_plugins = ("tests.ui.contexts",)

PASSPHRASE = "correct horse battery staple"
DISPLAY_NAME = "Test Chair"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test ever touches the real user data dir or a real passphrase variable."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("DHRDESK_DATA_DIR", str(data))
    monkeypatch.delenv("DHRDESK_PASSPHRASE", raising=False)
    yield data


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.dhrdesk"


@pytest.fixture
def store(store_path: Path):
    """A new encrypted store with production KDF settings, closed after the test."""
    from dhrdesk.store import Store

    s = Store.create(store_path, PASSPHRASE, DISPLAY_NAME)
    yield s
    s.close()
