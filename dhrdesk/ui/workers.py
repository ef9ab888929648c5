"""Run slow store work (backup, restore, verify, later documents) off the GUI thread.

A :class:`TaskRunner` lives in the GUI thread and hands callables to the global
QThreadPool. Results come back through a queued signal, so callbacks always run in
the GUI thread and may touch widgets. The store serialises access with its own
lock, so a background task and the GUI never use the connection at the same time.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from dhrdesk.core.errors import DhrDeskError


class _TaskSignals(QObject):
    finished = Signal(int, bool, object)  # task id, ok, result or error


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._signals = signals

    def run(self) -> None:  # runs in a pool thread
        try:
            result = self._fn()
        except DhrDeskError as exc:
            self._signals.finished.emit(self._id, False, exc)
        except Exception as exc:  # a bug: keep the traceback for the developer, not the user
            traceback.print_exc(file=sys.stderr)
            self._signals.finished.emit(
                self._id,
                False,
                DhrDeskError(
                    f"The operation failed unexpectedly ({type(exc).__name__}).",
                    hint="Nothing else was changed. Run File > Verify store to check it.",
                ),
            )
        else:
            self._signals.finished.emit(self._id, True, result)


class TaskRunner(QObject):
    """Starts background tasks and calls back in the GUI thread when each ends."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _TaskSignals()
        self._signals.finished.connect(self._on_finished)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[DhrDeskError], None]]
        ] = {}
        self._next_id = 0

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def start(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[DhrDeskError], None],
    ) -> int:
        """Run ``fn`` in the thread pool; exactly one of the callbacks runs afterwards."""
        self._next_id += 1
        self._callbacks[self._next_id] = (on_success, on_failure)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        QThreadPool.globalInstance().start(_Task(self._next_id, fn, self._signals))
        return self._next_id

    @Slot(int, bool, object)
    def _on_finished(self, task_id: int, ok: bool, payload: object) -> None:
        on_success, on_failure = self._callbacks.pop(task_id)
        try:
            if ok:
                on_success(payload)
            else:
                on_failure(payload)  # type: ignore[arg-type]
        finally:
            if not self._callbacks:
                self.busy_changed.emit(False)

    def wait_for_all(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (used when quitting so no write is cut short)."""
        return QThreadPool.globalInstance().waitForDone(msecs)
