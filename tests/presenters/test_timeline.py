"""The Timeline presenter with a real store and no window."""

from __future__ import annotations

import datetime as dt

from dhrdesk.core import model as m
from dhrdesk.ui.presenters.timeline import export_name, timeline_data

NOW = dt.date(2026, 3, 15)


def test_timeline_data_reads_stages_pauses_and_meetings(store) -> None:
    review_id = store.repos.reviews.create("DHR 2025/07", "Adult G")
    store.repos.lifecycle.complete_stage(review_id, "notification", dt.date(2025, 6, 2), today=NOW)
    store.repos.records.save(m.Meeting(review_id, dt.date(2025, 7, 1), title="Panel 1"))
    store.repos.records.save(
        m.Pause(review_id, "inquest", dt.date(2025, 8, 1), None, "Inquest"), now=NOW
    )
    data = timeline_data(store, review_id, NOW)
    assert (data.reference, data.title, data.today) == ("DHR 2025/07", "Adult G", NOW)
    assert data.milestones == [(dt.date(2025, 6, 2), "Notification")]
    assert data.meetings == [(dt.date(2025, 7, 1), "Panel 1")]
    assert data.pauses == [(dt.date(2025, 8, 1), NOW, "Inquest", True)]
    assert data.decision is None and data.bar_end == NOW


def test_export_name() -> None:
    assert export_name("DHR 2026/03", "png") == "DHR-2026-03-timeline.png"
    assert export_name("//", "pdf") == "review-timeline.pdf"
