"""Where things live on disk. Only platformdirs; no Qt."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "DHRDesk"
STORE_SUFFIX = ".dhrdesk"


def data_dir() -> Path:
    """The per-user data folder (created 0700 when missing)."""
    override = os.environ.get("DHRDESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def settings_dir() -> Path:
    """The per-user settings folder (platform config folder), created 0700 when missing.

    Holds only non-sensitive settings (e.g. the audit chain anchors), never case data.
    DHRDESK_CONFIG_DIR overrides it; with only DHRDESK_DATA_DIR set (tests, portable
    use) it is a "settings" folder inside the data folder.
    """
    override = os.environ.get("DHRDESK_CONFIG_DIR")
    if override:
        path = Path(override)
    elif os.environ.get("DHRDESK_DATA_DIR"):
        path = data_dir() / "settings"
    else:
        path = Path(platformdirs.user_config_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_store_path() -> Path:
    return data_dir() / f"store{STORE_SUFFIX}"


def demo_store_path() -> Path:
    return data_dir() / f"demo{STORE_SUFFIX}"


def restrict_umask() -> None:
    """Everything the app writes is readable by the user only."""
    os.umask(0o077)
