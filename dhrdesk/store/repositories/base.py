"""Mapping between the dataclasses of dhrdesk.core.model and their tables.

Field names are column names. Types drive the conversion: dates as ISO text,
bools as 0/1, dicts and lists as JSON. This keeps each repository a short list
of named operations instead of hand-written SQL for every column.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from dhrdesk.core.records import field_types
from dhrdesk.core.textforms import nfc, nfc_deep
from dhrdesk.store.stamps import utc_now  # noqa: F401 - re-exported for the repositories

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

T = TypeVar("T")


def _field_kinds(cls: type) -> dict[str, str]:
    # A plain function before the cache: mypy does not count ``type[T]`` as Hashable.
    return _cached_field_kinds(cls)


@cache
def _cached_field_kinds(cls: type) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for name, base in field_types(cls).items():
        if base is dt.date:
            kinds[name] = "date"
        elif base is bool:
            kinds[name] = "bool"
        elif base in (dict, list):
            kinds[name] = "json"
        else:
            kinds[name] = "plain"
    return kinds


def to_row(obj: Any) -> dict[str, Any]:
    kinds = _field_kinds(type(obj))
    row: dict[str, Any] = {}
    for name, kind in kinds.items():
        value = getattr(obj, name)
        if value is None:
            row[name] = None
        elif kind == "date":
            row[name] = value.isoformat()
        elif kind == "bool":
            row[name] = 1 if value else 0
        elif kind == "json":
            row[name] = json.dumps(nfc_deep(value), ensure_ascii=False, sort_keys=True)
        elif isinstance(value, str):
            # One byte sequence for one written text (composed accents), so a name pasted
            # in decomposed form is the same text as the one typed (issue 10).
            row[name] = nfc(value)
        else:
            row[name] = value
    return row


def from_row(cls: type[T], row: Any) -> T:
    kinds = _field_kinds(cls)
    values: dict[str, Any] = {}
    keys = row.keys()
    for name, kind in kinds.items():
        if name not in keys:
            continue
        value = row[name]
        if value is None:
            values[name] = None
        elif kind == "date":
            values[name] = dt.date.fromisoformat(value)
        elif kind == "bool":
            values[name] = bool(value)
        elif kind == "json":
            values[name] = json.loads(value)
        else:
            values[name] = value
    return cls(**values)


def order_sql(order: tuple[str, ...], written: str = "id") -> str:
    """A declared order (dhrdesk.core.records.RecordKind.order) as SQL: ``-field`` is
    descending, ``field?`` puts empty values last; none: ``written`` (the order the
    rows were written in: "id", or "rowid" for a table without ids)."""
    if not order:
        return written
    parts = []
    for name in order:
        if name.startswith("-"):
            parts.append(f"{name[1:]} DESC")
        elif name.endswith("?"):
            parts.append(f"{name[:-1]} IS NULL, {name[:-1]}")
        else:
            parts.append(name)
    return ", ".join(parts)


class TableRepository:
    """Generic insert/update/delete/list for one dataclass and its table."""

    def __init__(self, store: Store, table: str, cls: type, label: str) -> None:
        self._store = store
        self.table = table
        self.cls = cls
        self.label = label

    def insert(self, obj: Any, cur: Any) -> int:
        row = to_row(obj)
        row.pop("id", None)
        cols = ", ".join(row)
        marks = ", ".join(f":{c}" for c in row)
        cur.execute(f"INSERT INTO {self.table} ({cols}) VALUES ({marks})", row)
        return cur.lastrowid

    def update(self, obj: Any, cur: Any, key: tuple[str, ...] = ("id",)) -> int:
        row = to_row(obj)
        sets = ", ".join(f"{c} = :{c}" for c in row if c not in key)
        where = " AND ".join(f"{k} = :{k}" for k in key)
        cur.execute(f"UPDATE {self.table} SET {sets} WHERE {where}", row)
        return cur.rowcount

    def select(self, where: str = "", params: tuple = (), order: str = "id") -> list[Any]:
        sql = f"SELECT * FROM {self.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        return [from_row(self.cls, r) for r in self._store.query(sql, params)]

    def upsert(self, obj: Any, action: str, record: str, key: tuple[str, ...]) -> None:
        """Update the one row ``key`` names, or insert it, in one audited write."""
        where = " AND ".join(f"{k} = ?" for k in key)
        exists = self.one(where, tuple(getattr(obj, k) for k in key)) is not None
        with self._store.write(action, record) as cur:
            if exists:
                self.update(obj, cur, key=key)
            else:
                self.insert(obj, cur)

    def one(self, where: str, params: tuple) -> Any | None:
        row = self._store.query_one(f"SELECT * FROM {self.table} WHERE {where}", params)
        return from_row(self.cls, row) if row else None
