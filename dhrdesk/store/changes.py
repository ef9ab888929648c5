"""What a committed write changed, told to whoever listens (screens, caches, tests).

Every write goes through :meth:`Store.write`, which already knows the change's kind
and record for the audit entry and, from format 7, every row it touched (for the
record hashes). After the transaction commits, the store hands one
:class:`ChangeSet` to each subscriber: the entries written (kind, record) and the
tables and reviews they touched. A rolled-back write tells nobody.

This module is Qt-free; the GUI bridges it to a Qt signal in ``ui/changes.py``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """One audit entry's worth of change: e.g. ("recommendation.update", "recommendation:4")."""

    kind: str
    record: str

    @property
    def record_kind(self) -> str:
        """'recommendation' for 'recommendation.update'."""
        return self.kind.split(".", 1)[0]

    @property
    def record_id(self) -> int | None:
        """4 for 'recommendation:4' (None when the record names no number)."""
        _, _, tail = self.record.partition(":")
        return int(tail) if tail.isdigit() else None


@dataclass(frozen=True)
class ChangeSet:
    """Everything one committed transaction changed.

    ``tables`` and ``review_ids`` come from the rows the write touched. When they
    could not be known (a store older than format 7 has no row tracking),
    ``complete`` is False and listeners must assume anything may have changed.
    """

    changes: tuple[Change, ...]
    tables: frozenset[str] = frozenset()
    review_ids: frozenset[int] = frozenset()
    complete: bool = True
    # Who started the write (an opaque token set by the GUI's op wrapper), so the
    # screen that made a change can skip reloading what it already shows.
    origin: object | None = field(default=None, compare=False)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(c.kind for c in self.changes)

    def touches(self, tables: Iterable[str] = (), review_id: int | None = None) -> bool:
        """Did this change touch any of ``tables`` (any table when empty) of ``review_id``
        (any review when None)? Changes to store-wide rows (no review) touch every review."""
        if not self.complete:
            return True
        wanted = frozenset(tables)
        if wanted and not (wanted & self.tables):
            return False
        if review_id is None or not self.review_ids:
            return True
        return review_id in self.review_ids

    def with_origin(self, origin: object | None) -> ChangeSet:
        return ChangeSet(self.changes, self.tables, self.review_ids, self.complete, origin)


Listener = Callable[[ChangeSet], None]


class ChangeFeed:
    """Subscribers of one store. Listeners run on the thread that committed the write,
    after the commit and outside the store's lock; a listener's error never undoes it."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self.errors: list[BaseException] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Start telling ``listener``; returns the call that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, changeset: ChangeSet) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changeset)
            except Exception as exc:  # a screen's bug must not fail the save
                self.errors.append(exc)


class PendingChanges:
    """Collects the entries and touched rows of one transaction (nested writes included)."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.tables: set[str] = set()
        self.review_ids: set[int] = set()
        self.complete = True

    def note_entry(
        self, kind: str, record: str, touched: list[tuple[str, int | None]] | None
    ) -> None:
        self.changes.append(Change(kind, record))
        if touched is None:
            self.complete = False
            return
        for table, review in touched:
            self.tables.add(table)
            if review is not None:
                self.review_ids.add(int(review))

    def changeset(self) -> ChangeSet:
        return ChangeSet(
            tuple(self.changes),
            frozenset(self.tables),
            frozenset(self.review_ids),
            self.complete,
        )
