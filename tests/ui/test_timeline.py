"""Timeline: the data it draws, the staggering of labels, PNG and PDF exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from dhrdesk.core import model as m
from dhrdesk.core.timeline import stagger
from dhrdesk.ui.pages.review import timeline as timeline_module
from dhrdesk.ui.pages.review.timeline import TimelineTab
from dhrdesk.ui.presenters.timeline import timeline_data
from dhrdesk.ui.timeline_paint import LOGICAL_SIZE, render_image


def _days_ago(n: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=n)


@pytest.fixture
def review_id(store) -> int:
    review_id = store.repos.reviews.create("DHR 2024/11", "Adult K")
    lifecycle = store.repos.lifecycle
    for stage, days in (("notification", 700), ("decision", 680), ("home_office_notified", 670)):
        lifecycle.complete_stage(review_id, stage, _days_ago(days))
    store.repos.records.save(
        m.Pause(review_id, "criminal_trial", _days_ago(600), _days_ago(300), "Crown Court trial")
    )
    store.repos.records.save(m.Meeting(review_id, _days_ago(650), title="First panel"))
    store.repos.records.save(m.Meeting(review_id, _days_ago(200), title="Second panel"))
    return review_id


def test_data_collects_milestones_pauses_meetings_and_flags(store, review_id) -> None:
    data = timeline_data(store, review_id)
    assert [name for _, name in data.milestones] == [
        "Notification",
        "Decision to hold a review",
        "Home Office notified",
    ]
    assert data.pauses[0][2] == "Criminal trial" and data.pauses[0][3] is False
    assert len(data.meetings) == 2
    labels = {(f.label, f.state) for f in data.flags}
    # The six-month target moved by the trial: original and adjusted dates, overdue.
    assert ("Six-month target (review complete) (original)", "original") in labels
    assert ("Six-month target (review complete) (adjusted)", "overdue") in labels
    assert (data.active_days, data.paused_days) == (379, 301)
    assert data.start <= _days_ago(700) and data.end >= dt.date.today()
    assert data.title == "Adult K"  # the title, never a name from the register


def test_labels_never_overlap_on_a_level() -> None:
    items = [(100.0, 150.0), (120.0, 150.0), (140.0, 80.0), (400.0, 50.0), (990.0, 100.0)]
    placed = stagger(items, 10, 1000)
    spans: dict[int, list[tuple[float, float]]] = {}
    for (_x, width), (level, left) in zip(items, placed, strict=True):
        spans.setdefault(level, []).append((left, left + width))
    for level_spans in spans.values():
        level_spans.sort()
        for (_a, end), (start, _b) in zip(level_spans, level_spans[1:], strict=False):
            assert start >= end + 10
    assert placed[-1][1] + 100 <= 1000 + 4  # near the right edge the label runs left


def test_exports_png_and_pdf(
    context, review_id, qtbot, monkeypatch, messages, tmp_path: Path
) -> None:
    tab = TimelineTab(context, review_id)
    qtbot.addWidget(tab)
    png = tmp_path / "out" / "timeline"
    png.parent.mkdir()
    monkeypatch.setattr(timeline_module, "choose_path", lambda *a: png)
    written = tab.export_png()
    assert written == png.with_suffix(".png") and written.stat().st_size > 20_000
    image = QImage(str(written))
    assert (image.width(), image.height()) == (
        int(LOGICAL_SIZE.width() * 2),
        int(LOGICAL_SIZE.height() * 2),
    )
    pdf = tmp_path / "out" / "timeline.pdf"
    monkeypatch.setattr(timeline_module, "choose_path", lambda *a: pdf)
    assert tab.export_pdf() == pdf
    assert pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = " ".join(page.extract_text().split())  # pypdf puts tabs between words
    assert "DHR 2024/11" in text and "Domestic Homicide Review" in text
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["timeline.pdf", "timeline.png"]


def test_export_to_missing_folder_is_a_message(
    context, review_id, qtbot, monkeypatch, messages, tmp_path
) -> None:
    tab = TimelineTab(context, review_id)
    qtbot.addWidget(tab)
    monkeypatch.setattr(timeline_module, "choose_path", lambda *a: tmp_path / "no" / "x.png")
    assert tab.export_png() is None
    missing = str(tmp_path / "no")
    assert any(f"The folder {missing} does not exist" in t for t in messages.texts("warning"))
    assert not (tmp_path / "no").exists()


def test_widget_paints_like_the_export(context, review_id, qtbot, store) -> None:
    tab = TimelineTab(context, review_id)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    grabbed = tab.canvas.grab().toImage()
    assert not grabbed.isNull() and grabbed.width() >= 960
    image = render_image(timeline_data(store, review_id), scale=1.0)
    # Something beyond the white background was drawn (the pause band colour, bars).
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 17)
    }
    assert len(colours) > 5


def _type_date(qtbot, date_field, text: str) -> None:
    """Select what is in the field and type over it, as a person would."""
    date_field.edit.setFocus()
    date_field.edit.selectAll()
    qtbot.keyClick(date_field.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(date_field.edit, text)
    qtbot.keyClick(date_field.edit, Qt.Key.Key_Tab)


def test_timeline_and_clocks_follow_stage_dates_typed_on_the_overview(
    unlocked, qtbot, messages
) -> None:
    store = unlocked.store
    review_id = store.repos.reviews.create("DHR 2026/09", "Adult J")
    store.repos.lifecycle.complete_stage(review_id, "notification", _days_ago(100))
    workspace = unlocked.main_window.open_review(review_id, "Timeline")
    timeline = workspace.tab("Timeline")
    assert timeline.data is not None and timeline.data.decision is None
    workspace.show_tab("Overview")
    overview = workspace.tab("Overview")
    assert "no decision recorded yet" in overview.clocks.split_label.text()

    # The decision date typed into the lifecycle grid and saved with the button.
    decided = _days_ago(90)
    row = next(r for r in overview._stage_rows if r.stage.id == "decision")
    _type_date(qtbot, row.completed, decided.strftime("%d/%m/%Y"))
    assert overview.save_dates_button.isEnabled()
    qtbot.mouseClick(overview.save_dates_button, Qt.MouseButton.LeftButton)
    assert {s.stage_id: s.completed for s in store.repos.lifecycle.stages(review_id)} == {
        "notification": _days_ago(100),
        "decision": decided,
    }

    # The Overview's clocks follow at once.
    def clock_text() -> str:  # the labels replaced are deleted when the event loop runs
        return " ".join(w.text() for w in overview.findChildren(QLabel, "clock_decision"))

    qtbot.waitUntil(lambda: "done" in clock_text() and "overdue" not in clock_text())
    assert "<b>90 days</b> since the decision" in overview.clocks.split_label.text()

    # The hidden Timeline was told; it shows the decision when it is next shown.
    assert timeline.stale
    workspace.show_tab("Timeline")
    assert timeline.data.decision == decided
    assert "Decision to hold a review" in [name for _, name in timeline.data.milestones]

    # A pause recorded elsewhere reaches the visible Timeline and, later, the Overview.
    store.repos.records.save(m.Pause(review_id, "inquest", _days_ago(30), None, "Inquest"))
    qtbot.waitUntil(lambda: bool(timeline.data.pauses), timeout=3000)
    assert timeline.data.paused_days == 31  # both ends of the pause count
    workspace.show_tab("Overview")
    assert "Paused now: Inquest" in overview.clocks.split_label.text()
