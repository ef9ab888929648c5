"""The store's change feed as a Qt signal, and the rule every screen follows on a change.

One :class:`ChangeHub` per open store relays each committed :class:`ChangeSet` to the
GUI thread (a queued signal when the write ran in a worker thread). A screen that
shows store data mixes in :class:`FollowsChanges`: it declares the tables it shows
(``watches``) and, for a review's tab, its review; on a change that touches them it
reloads at once when visible, or on its next show when hidden. The screen that made
the change (the op's ``origin``) is not told twice. Nobody calls a "notify" method.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from PySide6.QtCore import QObject, QTimer, Signal

from dhrdesk.store.changes import ChangeSet

_local = threading.local()


class ChangeHub(QObject):
    """Relays a store's change feed to the GUI thread as :attr:`changed`."""

    changed = Signal(object)  # ChangeSet, always delivered in the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = None

    def attach(self, store) -> None:  # noqa: ANN001 - dhrdesk.store.Store
        """Follow ``store``'s writes (and stop following any earlier store)."""
        self.detach()
        self._unsubscribe = store.changes.subscribe(self._relay)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _relay(self, changeset: ChangeSet) -> None:
        # Runs on the thread that committed; a signal to GUI-thread receivers is queued.
        self.changed.emit(changeset.with_origin(getattr(_local, "origin", None)))


@contextlib.contextmanager
def origin(source: object | None) -> Iterator[None]:
    """Stamp the writes made inside this block (on this thread) with ``source``."""
    previous = getattr(_local, "origin", None)
    _local.origin = source
    try:
        yield
    finally:
        _local.origin = previous


def screen_of(widget: object | None) -> FollowsChanges | None:
    """The screen (nearest :class:`FollowsChanges` ancestor) holding ``widget``.

    A write the user starts comes from the screen holding the keyboard focus (a
    button, a field, a dialog it opened); that screen refreshes itself after its
    own writes, so its changes are stamped with it as their origin.
    """
    while widget is not None:
        if isinstance(widget, FollowsChanges):
            return widget
        widget = widget.parentWidget()  # type: ignore[attr-defined]
    return None


class FollowsChanges:
    """Mixin for QWidgets showing store data: reload when a change touches what they show.

    Set ``watches`` to the tables the screen shows (empty: any change) and
    ``watched_review`` to its review id (None: every review). Call
    :meth:`follow_changes` once in ``__init__`` with the hub; implement ``refresh``.
    Override :meth:`wants` for a finer rule.
    """

    watches: tuple[str, ...] = ()
    watched_review: int | None = None
    _stale: bool = False
    _refresh_queued: bool = False

    def follow_changes(self, hub: ChangeHub | None) -> None:
        if hub is not None:
            hub.changed.connect(self._store_changed)

    def wants(self, changeset: ChangeSet) -> bool:
        return changeset.touches(self.watches, self.watched_review)

    def _store_changed(self, changeset: ChangeSet) -> None:
        if changeset.origin is self or not self.wants(changeset):
            return
        if self.isVisible():  # type: ignore[attr-defined]
            self._queue_refresh()
        else:
            self._stale = True

    def _queue_refresh(self) -> None:
        # Several writes in one event-loop turn make one reload.
        if self._refresh_queued:
            return
        self._refresh_queued = True
        QTimer.singleShot(0, self, self._run_queued_refresh)  # type: ignore[call-overload]

    def _run_queued_refresh(self) -> None:
        self._refresh_queued = False
        self._stale = False
        with contextlib.suppress(RuntimeError):  # the widget was deleted meanwhile
            self.refresh()  # type: ignore[attr-defined]

    def refresh_if_stale(self) -> None:
        """Call from ``showEvent``: reload if a change arrived while hidden."""
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]

    @property
    def stale(self) -> bool:
        return self._stale
