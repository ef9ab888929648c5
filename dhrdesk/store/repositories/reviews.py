"""Reviews: the top-level record of the store, and everything that hangs on one."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any

from dhrdesk.core import validation
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.model import Review
from dhrdesk.store.repositories.base import TableRepository, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

# Kept for callers written against the first schema: a Review has the same fields.
ReviewSummary = Review


def normalise_reference(reference: str) -> str:
    return " ".join(reference.split())


class ReviewRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._table = TableRepository(store, "review", Review, "review")

    def create(
        self, reference: str, title: str = "", profile: str = "dhr-2016", **fields: object
    ) -> int:
        review = Review(
            reference=normalise_reference(reference), title=title.strip(), profile=profile
        )
        for name, value in fields.items():
            if not hasattr(review, name) or name in ("id", "created_at", "updated_at"):
                raise ValidationError(f"A review has no field '{name}'.")
            setattr(review, name, value)
        return self.add(review)

    def add(self, review: Review) -> int:
        review.reference = normalise_reference(review.reference)
        validation.check_review(review)
        if self.find(review.reference) is not None:
            raise ValidationError(
                f"A review with the reference '{review.reference}' already exists."
            )
        review.created_at = review.created_at or utc_now()
        review.updated_at = review.updated_at or review.created_at
        with self._store.write("review.create", f"reference:{review.reference}") as cur:
            review.id = self._table.insert(review, cur)
        return review.id

    def update(self, review: Review) -> None:
        if review.id is None:
            raise ValidationError("Save the review before updating it.")
        review.reference = normalise_reference(review.reference)
        validation.check_review(review)
        other = self.find(review.reference)
        if other is not None and other.id != review.id:
            raise ValidationError(
                f"A review with the reference '{review.reference}' already exists."
            )
        review.updated_at = utc_now()
        with self._store.write("review.update", f"review:{review.id}") as cur:
            if self._table.update(review, cur) == 0:
                raise NotFoundError("That review no longer exists.")

    def touch(self, review_id: int, cur: Any) -> None:
        cur.execute("UPDATE review SET updated_at = ? WHERE id = ?", (utc_now(), review_id))

    def list(self) -> list[Review]:
        return self._table.select(order="reference")

    def find(self, reference: str) -> Review | None:
        return self._table.one("reference = ?", (normalise_reference(reference),))

    def get(self, reference: str) -> Review:
        found = self.find(reference)
        if found is None:
            raise NotFoundError(f"There is no review with the reference '{reference}'.")
        return found

    def by_id(self, review_id: int) -> Review:
        found = self._table.one("id = ?", (review_id,))
        if found is None:
            raise NotFoundError("That review no longer exists.")
        return found

    def rename(self, review_id: int, title: str) -> None:
        review = self.by_id(review_id)
        review.title = title.strip()
        self.update(review)

    def dashboard(self, today: dt.date | None = None) -> builtins.list[Any]:
        return dashboard_rows(self._store, today)

    def delete(self, review_id: int) -> None:
        """Remove a review and everything that belongs to it (one transaction)."""
        with self._store.write("review.delete", f"review:{review_id}") as cur:
            cur.execute("DELETE FROM review WHERE id = ?", (review_id,))
            if cur.rowcount == 0:
                raise NotFoundError("That review no longer exists.")
            from dhrdesk.store import search

            search.forget_review(cur, review_id)


def dashboard_rows(store: Store, today: dt.date | None = None) -> list:
    """One DashboardRow per review, overdue first (see dhrdesk.core.dashboard)."""
    from dhrdesk.core import model as m
    from dhrdesk.core.dashboard import OverdueThing, build_row
    from dhrdesk.core.profiles import get_profile

    today = today or dt.date.today()
    records = store.repos.records
    rows = []
    for review in store.repos.reviews.list():
        review_id = id_of(review)
        actions = [
            action
            for meeting in records.list(m.Meeting, review_id)
            for action in records.list(m.MeetingAction, id_of(meeting))
        ]
        rows.append(
            build_row(
                review,
                get_profile(review.profile),
                store.repos.lifecycle.stages(review_id),
                records.list(m.Pause, review_id),
                actions,
                today,
            )
        )
        # Late IMR returns count as overdue items too, so the chair sees who to chase.
        row = rows[-1]
        for agency, status in store.repos.agency_input.overdue_returns(review_id, today):
            due = store.repos.agency_input.request(id_of(agency)).due_on
            if due is None:
                continue  # overdue_returns names only requests with a due date
            row.overdue.append(
                OverdueThing(
                    f"Return overdue: {agency.name} ({status.lower()})", due, (today - due).days
                )
            )
            row.overdue_returns += 1
        row.overdue.sort(key=lambda o: -o.days_overdue)
    rows.sort(key=lambda row: row.sort_key())
    return rows
