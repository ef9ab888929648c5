"""The Timeline tab's reads: one review's stages, pauses and meetings as TimelineData."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.profiles import get_profile
from dhrdesk.core.timeline import TimelineData, build_timeline

if TYPE_CHECKING:
    from dhrdesk.store import Store

#: The tables the timeline draws from: the review (reference, title, profile),
#: stage dates, pauses and panel meetings.
TIMELINE_TABLES = ("review", "stage_record", "pause", "meeting")


def timeline_data(store: Store, review_id: int, now: dt.date | None = None) -> TimelineData:
    """Collect what the timeline shows for one review (pseudonymised: no register data)."""
    review = store.repos.reviews.by_id(review_id)
    return build_timeline(
        review,
        get_profile(review.profile),
        store.repos.lifecycle.stages(review_id),
        store.repos.records.list(m.Pause, review_id),
        store.repos.records.list(m.Meeting, review_id),
        now or dt.date.today(),
    )


def export_name(reference: str, suffix: str) -> str:
    """'DHR-2024-11-timeline.png': the default file name of an export."""
    cleaned = "".join(c if c.isalnum() else "-" for c in reference).strip("-")
    while "--" in cleaned:
        cleaned = cleaned.replace("--", "-")
    return f"{cleaned or 'review'}-timeline.{suffix}"
