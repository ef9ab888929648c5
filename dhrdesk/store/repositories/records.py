"""The child records of a review: one generic repository, one write path.

``save`` inserts or updates any record of dhrdesk.core.model, validates it
first, and records an audit entry naming the kind of record and its id.
"""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from dhrdesk.core import model as m
from dhrdesk.core import records, validation
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.records import RecordKind
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, order_sql, to_row, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

T = TypeVar("T")


class RecordRepository:
    """Every declared kind with an audit name (dhrdesk.core.records) is saved here."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _kind(self, cls: type) -> RecordKind:
        found = records.kind_of(cls)
        if found is None or not found.audit:
            raise ValidationError(f"{cls.__name__} records are not kept in a review.")
        return found

    def _table(self, cls: type) -> TableRepository:
        kind = self._kind(cls)
        return TableRepository(self._store, kind.table, cls, kind.audit)

    def _review_id_of(self, obj: Any) -> int | None:
        """The review a record belongs to, following parents (action -> recommendation -> review)."""
        if hasattr(obj, "review_id"):
            return obj.review_id
        kind = self._kind(type(obj))
        parent_id = getattr(obj, kind.parent_column)
        while True:
            parent = records.kind(kind.parent)
            row = self._store.query_one(f"SELECT * FROM {parent.table} WHERE id = ?", (parent_id,))
            if row is None:
                raise NotFoundError(
                    f"The {parent.table.replace('_', ' ')} this belongs to no longer exists."
                )
            if "review_id" in row.keys():  # noqa: SIM118 - sqlite Row: "in" tests values
                return row["review_id"]
            kind, parent_id = parent, row[parent.parent_column]

    def save(self, obj: m.Record, *, now: dt.date | None = None) -> int:
        """Insert (id None) or update a record; returns its id."""
        name = self._kind(type(obj)).audit
        validation.check_record(obj, now)
        review_id = self._review_id_of(obj)
        repo = self._table(type(obj))
        if obj.id is None:
            with self._store.write(f"{name}.create", f"review:{review_id}") as cur:
                obj.id = repo.insert(obj, cur)
                cur.execute("UPDATE review SET updated_at = ? WHERE id = ?", (utc_now(), review_id))
                search.index_object(cur, obj)
        else:
            with self._store.write(f"{name}.update", f"{name}:{obj.id}") as cur:
                if repo.update(obj, cur) == 0:
                    raise NotFoundError(f"That {name.replace('_', ' ')} no longer exists.")
                cur.execute("UPDATE review SET updated_at = ? WHERE id = ?", (utc_now(), review_id))
                search.index_object(cur, obj)
        return obj.id

    def delete(self, cls: type, record_id: int) -> None:
        kind = self._kind(cls)
        name = kind.audit
        with self._store.write(f"{name}.delete", f"{name}:{record_id}") as cur:
            search.forget_object(cur, cls, record_id)  # before: it finds cascaded rows
            cur.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record_id,))
            if cur.rowcount == 0:
                raise NotFoundError(f"That {name.replace('_', ' ')} no longer exists.")

    def list(self, cls: type[T], parent_id: int) -> builtins.list[T]:
        """All records of a kind under their parent (a review, meeting or family member)."""
        kind = self._kind(cls)
        return self._table(cls).select(
            f"{kind.parent_column} = ?", (parent_id,), order_sql(kind.order)
        )

    def get(self, cls: type[T], record_id: int) -> T:
        found = self._table(cls).one("id = ?", (record_id,))
        if found is None:
            raise NotFoundError(f"That {self._kind(cls).audit.replace('_', ' ')} no longer exists.")
        return found

    # ---------------------------------------------------------------- meetings
    def attendance(self, meeting_id: int) -> builtins.list[int]:
        rows = self._store.query(
            "SELECT panel_member_id FROM meeting_attendance WHERE meeting_id = ? ORDER BY 1",
            (meeting_id,),
        )
        return [r[0] for r in rows]

    def set_attendance(self, meeting_id: int, member_ids: builtins.list[int]) -> None:
        with self._store.write("meeting.attendance", f"meeting:{meeting_id}") as cur:
            cur.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", (meeting_id,))
            for member_id in sorted(set(member_ids)):
                cur.execute(
                    "INSERT INTO meeting_attendance(meeting_id, panel_member_id) VALUES (?, ?)",
                    (meeting_id, member_id),
                )

    def open_actions(self) -> builtins.list[tuple[str, m.MeetingAction]]:
        """Every meeting action not yet done, across all reviews, with its review reference."""
        rows = self._store.query(
            "SELECT r.reference, a.* FROM meeting_action a JOIN meeting mt ON mt.id = a.meeting_id "
            "JOIN review r ON r.id = mt.review_id WHERE a.done_on IS NULL "
            "ORDER BY a.due IS NULL, a.due, a.id"
        )
        from dhrdesk.store.repositories.base import from_row

        return [(r["reference"], from_row(m.MeetingAction, r)) for r in rows]

    # ------------------------------------------------------------------ people
    def person(self, review_id: int, role: str) -> m.ReviewPerson | None:
        return self._table(m.ReviewPerson).one("review_id = ? AND role = ?", (review_id, role))

    # ------------------------------------------------------------------- costs
    def cost_totals(self, review_id: int | None = None) -> dict[str, int]:
        """Pence per category for one review, or across the store when review_id is None."""
        where, params = ("WHERE review_id = ?", (review_id,)) if review_id is not None else ("", ())
        rows = self._store.query(
            f"SELECT category, SUM(amount_pence) FROM cost {where} GROUP BY category", params
        )
        totals = {c: 0 for c in m.COST_CATEGORIES}
        for category, amount in rows:
            totals[category] = int(amount or 0)
        return totals

    def as_rows(self, obj: Any) -> dict[str, Any]:
        return to_row(obj)
