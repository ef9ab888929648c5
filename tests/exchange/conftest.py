"""Fixtures for the interchange tests: a second, empty store to import into."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import cli, pass_file  # noqa: F401 - the CLI fixtures, shared
from tests.conftest import PASSPHRASE


@pytest.fixture
def other_store(tmp_path: Path):
    """An empty store under another display name (to show that nothing is re-stamped)."""
    from dhrdesk.store import Store

    s = Store.create(tmp_path / "other.dhrdesk", PASSPHRASE, "Second Chair")
    yield s
    s.close()
