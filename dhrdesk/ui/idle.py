"""The idle lock: any key or mouse use anywhere in the app restarts the countdown;
when it runs out, :attr:`IdleLock.idle` fires (the controller locks).

The countdown itself (dhrdesk.ui.presenters.idle) reads an injected clock; the one
QTimer here only wakes the lock up to look at it. Tests give a fake clock, move it
forward and call :meth:`IdleLock.check`, never waiting on real time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from dhrdesk.ui.presenters.idle import IdleCountdown

USER_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Watches the whole application's input; emits :attr:`idle` once the interval passes."""

    idle = Signal()

    def __init__(
        self,
        interval_ms: int,
        now: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.countdown = IdleCountdown(interval_ms, now)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    @property
    def interval_ms(self) -> int:
        return self.countdown.interval_ms

    @property
    def running(self) -> bool:
        return self.countdown.running

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None, "create the QApplication before the idle lock"
        app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def start(self) -> None:
        self.countdown.start()
        self._timer.start(self.countdown.interval_ms)

    def stop(self) -> None:
        self.countdown.stop()
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        self.countdown.set_interval(interval_ms)
        if self.countdown.running:
            self.start()

    def check(self) -> bool:
        """Emit :attr:`idle` if the countdown has run out (True), else wait for the rest."""
        remaining = self.countdown.remaining_ms()
        if remaining is None:
            return False
        if remaining == 0:
            self.stop()
            self.idle.emit()
            return True
        self._timer.start(remaining)
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_INPUT:
            self.countdown.touch()
        return False
