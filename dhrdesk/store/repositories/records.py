"""The child records of a review: one generic repository, one write path.

``save`` inserts or updates any record of dhrdesk.core.model, validates it
first, and records an audit entry naming the kind of record and its id.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from dhrdesk.core import model as m
from dhrdesk.core import records, validation
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.store import search
from dhrdesk.store.repositories.base import TableRepository, order_sql, to_row, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

T = TypeVar("T")


def tables() -> dict[type, tuple[str, str, str, str]]:
    """class -> (table, audit name, parent column, parent table) of every declared kind
    saved through :meth:`RecordRepository.save` (dhrdesk.core.records)."""
    out = {}
    for k in records.kinds():
        if k.audit:
            parent = "review" if k.parent == records.REVIEW else records.kind(k.parent).table
            out[k.cls] = (k.table, k.audit, k.parent_column, parent)
    return out


TABLES = tables()


class RecordRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._tables = {
            cls: TableRepository(store, spec[0], cls, spec[1]) for cls, spec in TABLES.items()
        }

    def _spec(self, cls: type) -> tuple[str, str, str, str]:
        try:
            return TABLES[cls]
        except KeyError:
            raise ValidationError(f"{cls.__name__} records are not kept in a review.") from None

    def _review_id_of(self, obj: Any) -> int | None:
        """The review a record belongs to, following parents (action -> recommendation -> review)."""
        if hasattr(obj, "review_id"):
            return obj.review_id
        _, _, parent_col, parent_table = self._spec(type(obj))
        parent_id = getattr(obj, parent_col)
        while True:
            row = self._store.query_one(f"SELECT * FROM {parent_table} WHERE id = ?", (parent_id,))
            if row is None:
                raise NotFoundError(
                    f"The {parent_table.replace('_', ' ')} this belongs to no longer exists."
                )
            if "review_id" in row.keys():  # noqa: SIM118 - sqlite Row: "in" tests values
                return row["review_id"]
            parent_cls = next(c for c, spec in TABLES.items() if spec[0] == parent_table)
            _, _, parent_col, parent_table = self._spec(parent_cls)
            parent_id = row[parent_col]

    def save(self, obj: T, *, now: dt.date | None = None) -> int:
        """Insert (id None) or update a record; returns its id."""
        table, name, _, _ = self._spec(type(obj))
        validation.check_record(obj, now)
        review_id = self._review_id_of(obj)
        repo = self._tables[type(obj)]
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
        table, name, _, _ = self._spec(cls)
        with self._store.write(f"{name}.delete", f"{name}:{record_id}") as cur:
            search.forget_object(cur, cls, record_id)  # before: it finds cascaded rows
            cur.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
            if cur.rowcount == 0:
                raise NotFoundError(f"That {name.replace('_', ' ')} no longer exists.")

    def list(self, cls: type[T], parent_id: int) -> list[T]:
        """All records of a kind under their parent (a review, meeting or family member)."""
        _, _, parent_col, _ = self._spec(cls)
        declared = records.kind_of(cls)
        order = order_sql(declared.order if declared is not None else ())
        return self._tables[cls].select(f"{parent_col} = ?", (parent_id,), order)

    def get(self, cls: type[T], record_id: int) -> T:
        found = self._tables[cls].one("id = ?", (record_id,))
        if found is None:
            raise NotFoundError(f"That {self._spec(cls)[1].replace('_', ' ')} no longer exists.")
        return found

    # ---------------------------------------------------------------- meetings
    def attendance(self, meeting_id: int) -> list[int]:
        rows = self._store.query(
            "SELECT panel_member_id FROM meeting_attendance WHERE meeting_id = ? ORDER BY 1",
            (meeting_id,),
        )
        return [r[0] for r in rows]

    def set_attendance(self, meeting_id: int, member_ids: list[int]) -> None:
        with self._store.write("meeting.attendance", f"meeting:{meeting_id}") as cur:
            cur.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", (meeting_id,))
            for member_id in sorted(set(member_ids)):
                cur.execute(
                    "INSERT INTO meeting_attendance(meeting_id, panel_member_id) VALUES (?, ?)",
                    (meeting_id, member_id),
                )

    def open_actions(self) -> list[tuple[str, m.MeetingAction]]:
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
        return self._tables[m.ReviewPerson].one("review_id = ? AND role = ?", (review_id, role))

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
