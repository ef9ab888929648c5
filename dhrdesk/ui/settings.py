"""QSettings for window state, recent stores and preferences only, never case data."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

ORGANIZATION = "DHRDesk"
APPLICATION = "DHR Desk"
MAX_RECENT = 8
DEFAULT_AUTO_LOCK_MINUTES = 5


class AppSettings:
    """A thin typed wrapper so that nothing else reads QSettings keys directly.

    Tests pass their own QSettings (an ini file in a temporary folder), so a test
    run never writes into the real home folder.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    # -- recent stores ---------------------------------------------------
    def recent_stores(self) -> list[Path]:
        value = self._q.value("recentStores", [])
        if isinstance(value, str):  # QSettings returns a bare string for one-item lists
            value = [value]
        return [Path(v) for v in (value or []) if v]

    def remember_store(self, path: Path, when: dt.datetime | None = None) -> None:
        """Put ``path`` first in the recent list (the unlock window preselects it), with
        the time it was opened. Only the path and the time: never anything from inside."""
        path = Path(path).expanduser().absolute()
        opened = self.last_opened()
        opened[path] = (when or dt.datetime.now()).replace(microsecond=0)
        recent = [path, *(p for p in self.recent_stores() if p != path)][:MAX_RECENT]
        self._q.setValue("recentStores", [str(p) for p in recent])
        self._q.setValue(
            "recentOpened", [opened[p].isoformat() if p in opened else "" for p in recent]
        )
        self._q.sync()

    def last_opened(self) -> dict[Path, dt.datetime]:
        """When each recent store was last opened on this computer (as far as known)."""
        times = self._q.value("recentOpened", [])
        if isinstance(times, str):
            times = [times]
        result: dict[Path, dt.datetime] = {}
        for path, stamp in zip(self.recent_stores(), times or [], strict=False):
            try:
                result[path] = dt.datetime.fromisoformat(str(stamp))
            except ValueError:
                continue
        return result

    def last_store(self) -> Path | None:
        recent = self.recent_stores()
        return recent[0] if recent else None

    # -- preferences -----------------------------------------------------
    @staticmethod
    def documents_folder() -> Path:
        """Where new stores go by default: a "DHR Desk" folder in the user's Documents,
        where a chair will look for their work (not a hidden application folder).
        With DHRDESK_DATA_DIR set (tests, portable use) that folder is used instead."""
        override = os.environ.get("DHRDESK_DATA_DIR")
        if override:
            return Path(override)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents or Path.home()) / "DHR Desk"

    def auto_lock_minutes(self) -> int:
        try:
            minutes = int(self._q.value("autoLockMinutes", DEFAULT_AUTO_LOCK_MINUTES))
        except (TypeError, ValueError):
            minutes = DEFAULT_AUTO_LOCK_MINUTES
        return min(max(minutes, 1), 120)

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self._q.setValue("autoLockMinutes", int(minutes))
        self._q.sync()

    # -- window state ----------------------------------------------------
    def main_window_geometry(self) -> QByteArray | None:
        value = self._q.value("mainWindow/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_main_window_geometry(self, geometry: QByteArray) -> None:
        self._q.setValue("mainWindow/geometry", geometry)
