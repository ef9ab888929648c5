"""Reviews: the top-level record of the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


@dataclass
class ReviewSummary:
    id: int
    reference: str
    title: str
    profile: str
    stage: str
    created_at: str
    updated_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ReviewRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, reference: str, title: str = "", profile: str = "dhr-2016") -> int:
        reference = " ".join(reference.split())
        if not reference:
            raise ValidationError("A review needs a reference, for example 'DHR 2026/03'.")
        if self.find(reference) is not None:
            raise ValidationError(f"A review with the reference '{reference}' already exists.")
        now = _now()
        with self._store.write("review.create", f"reference:{reference}") as cur:
            cur.execute(
                "INSERT INTO review(reference, title, profile, stage, created_at, updated_at) "
                "VALUES (?, ?, ?, 'notification', ?, ?)",
                (reference, title.strip(), profile, now, now),
            )
            return cur.lastrowid

    def list(self) -> list[ReviewSummary]:
        rows = self._store.query(
            "SELECT id, reference, title, profile, stage, created_at, updated_at "
            "FROM review ORDER BY reference"
        )
        return [ReviewSummary(*tuple(r)) for r in rows]

    def find(self, reference: str) -> ReviewSummary | None:
        reference = " ".join(reference.split())
        row = self._store.query_one(
            "SELECT id, reference, title, profile, stage, created_at, updated_at "
            "FROM review WHERE reference = ?",
            (reference,),
        )
        return ReviewSummary(*tuple(row)) if row else None

    def get(self, reference: str) -> ReviewSummary:
        found = self.find(reference)
        if found is None:
            raise NotFoundError(f"There is no review with the reference '{reference}'.")
        return found

    def rename(self, review_id: int, title: str) -> None:
        with self._store.write("review.update", f"review:{review_id}") as cur:
            cur.execute(
                "UPDATE review SET title = ?, updated_at = ? WHERE id = ?",
                (title.strip(), _now(), review_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError("That review no longer exists.")
