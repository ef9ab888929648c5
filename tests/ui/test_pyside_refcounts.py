"""Guard against the PySide6 6.12.0 bug that crashes the app under Python 3.11.

PySide6 6.12.0 drops a reference to None on every call of a method returning
void and one to True/False on every Python-side emit; Python 3.11's None and
True are not immortal, so the interpreter aborts after a few thousand calls.
pyproject.toml pins PySide6-Essentials below 6.12; this test fails if a broken
version comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    changed = Signal(int)


def test_void_calls_keep_references_to_none(qapp) -> None:  # noqa: ANN001
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(2000):
        timer.setInterval(5)
    assert sys.getrefcount(None) - before > -100


def test_emits_keep_references_to_true(qapp) -> None:  # noqa: ANN001
    emitter = _Emitter()
    emitter.changed.connect(lambda _v: None)
    before = sys.getrefcount(True)
    for i in range(2000):
        emitter.changed.emit(i)
    assert sys.getrefcount(True) - before > -100
