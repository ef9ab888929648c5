"""What every review tab's presenter holds: the store and the review it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dhrdesk.store import Store


class ReviewPresenter:
    """A presenter of one review's tab: reads and writes go through ``store.repos``."""

    def __init__(self, store: Store, review_id: int) -> None:
        self.store = store
        self.review_id = review_id
