"""One background job at a time for a tab, its result dropped if the tab is gone.

The Documents and Publication tabs build and write files off the GUI thread. While
a job runs the tab is busy (its buttons disabled); when it ends, its result or error
reaches the tab only if the tab still exists (locking destroys tabs while a job may
still be running) and no later job replaced it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid as _alive

from dhrdesk.core.errors import DhrDeskError


class BackgroundJobs:
    """Runs ``work`` through the page context's ``run_in_background``, one at a time."""

    def __init__(
        self,
        owner: QWidget,
        run_in_background: Callable[..., Any],
        busy_changed: Callable[[bool], None],
    ) -> None:
        self._owner = owner
        self._run = run_in_background
        self._busy_changed = busy_changed
        self._token = 0
        self.busy = False

    def alive(self) -> bool:
        return _alive(self._owner)

    def start(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        busy_text: str,
        failed: Callable[[DhrDeskError], None],
    ) -> bool:
        """Start ``work``; ``done(result)`` or ``failed(error)`` follow on the GUI thread.
        False (nothing started) while another job runs."""
        if self.busy:
            return False
        self.busy = True
        self._token += 1
        token = self._token
        self._busy_changed(True)

        def finish() -> bool:
            if not _alive(self._owner) or token != self._token:
                return False
            self.busy = False
            self._busy_changed(False)
            return True

        def succeeded(result: Any) -> None:
            if finish():
                done(result)

        def on_failure(error: DhrDeskError) -> None:
            if finish():
                failed(error)

        self._run(work, succeeded, busy_text, on_failure=on_failure)
        return True
