"""The idle countdown, without Qt: how long since the user last touched the app.

The clock is injected (``now`` returns seconds, ``time.monotonic`` by default), so
tests move time forward themselves instead of waiting on real timers.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class IdleCountdown:
    """Counts down ``interval_ms`` from the last user input while running."""

    def __init__(self, interval_ms: int, now: Callable[[], float] = time.monotonic) -> None:
        self.interval_ms = interval_ms
        self._now = now
        self._last_input: float | None = None

    @property
    def running(self) -> bool:
        return self._last_input is not None

    def start(self) -> None:
        self._last_input = self._now()

    def stop(self) -> None:
        self._last_input = None

    def touch(self) -> None:
        """User input: start counting again (only while running)."""
        if self._last_input is not None:
            self._last_input = self._now()

    def set_interval(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms

    def remaining_ms(self) -> int | None:
        """Milliseconds left before the lock (0 when due), or None when stopped."""
        if self._last_input is None:
            return None
        elapsed_ms = (self._now() - self._last_input) * 1000
        return max(0, round(self.interval_ms - elapsed_ms))

    def due(self) -> bool:
        return self.remaining_ms() == 0
