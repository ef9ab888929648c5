"""The shell's decisions without a window: store choices, labels, names, wording, page state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dhrdesk.ui.presenters import shell
from dhrdesk.ui.presenters.idle import IdleCountdown


def test_initial_store_path_prefers_given_then_last_then_existing_default(tmp_path: Path) -> None:
    default = tmp_path / "reviews.dhrdesk"
    last = tmp_path / "last.dhrdesk"
    assert shell.initial_store_path(tmp_path / "x.dhrdesk", last, default) == tmp_path / "x.dhrdesk"
    assert shell.initial_store_path(None, last, default) == last
    assert shell.initial_store_path(None, None, default) is None
    default.write_bytes(b"")
    assert shell.initial_store_path(None, None, default) == default


def test_store_choices_put_current_first_then_recent_then_demo_once(tmp_path: Path) -> None:
    a, b, demo = tmp_path / "a.dhrdesk", tmp_path / "b.dhrdesk", tmp_path / "demo.dhrdesk"
    assert shell.store_choices([a, b, demo], b, demo) == [b, a, demo]
    assert shell.store_choices([], None, None) == []


def test_store_label_says_when_it_was_opened() -> None:
    path = Path("chair.dhrdesk")
    today = dt.date(2026, 3, 12)
    at = dt.datetime(2026, 3, 12, 9, 5)
    assert shell.store_label(path, at, today=today) == "chair.dhrdesk — opened today at 09:05"
    yesterday = dt.datetime(2026, 3, 11, 17, 30)
    assert "opened yesterday at 17:30" in shell.store_label(path, yesterday, today=today)
    earlier = dt.datetime(2026, 1, 2, 8, 0)
    assert "opened 2 January 2026 at 08:00" in shell.store_label(path, earlier, today=today)
    assert shell.store_label(path, None).endswith("not opened on this computer yet")
    assert shell.store_label(path, None, demo=True) == "chair.dhrdesk (demo: fictional)"


def test_free_store_path_and_backup_name(tmp_path: Path, store) -> None:
    assert shell.free_store_path(tmp_path).name == "reviews.dhrdesk"
    (tmp_path / "reviews.dhrdesk").write_bytes(b"")
    (tmp_path / "reviews-2.dhrdesk").write_bytes(b"")
    assert shell.free_store_path(tmp_path).name == "reviews-3.dhrdesk"
    backup = shell.backup_path(store.path, dt.datetime(2026, 4, 3, 14, 7))
    assert backup.parent == store.path.parent
    assert backup.name == f"{store.path.stem}-backup-20260403-1407.dhrdesk-backup"


def test_idle_wording() -> None:
    assert shell.idle_notice(5 * 60_000) == (
        "Locked after 5 minutes without activity. Nothing was lost."
    )
    assert shell.idle_span(200) == "0.2 seconds"
    assert "Locks after 1 min idle" in shell.banner_text(200)
    assert "Locks after 15 min idle" in shell.banner_text(15 * 60_000)


def test_status_and_about(store) -> None:
    assert shell.saved_text(None) == "No changes since unlocking"
    assert shell.saved_text(dt.datetime(2026, 1, 1, 9, 3, 7)) == "Last saved 09:03:07"
    about = shell.about_html("DHR Desk", "1.2", "4.6.1", "6.9")
    assert "DHR Desk 1.2" in about and "SQLCipher 4.6.1" in about and "never connects" in about


def test_page_state_round_trip() -> None:
    text = shell.page_state_text("Review", (7, "Drafting"))
    assert text == "Review|7|Drafting"
    assert shell.parse_page_state(text) == ("Review", (7, "Drafting"))
    assert shell.parse_page_state("Dashboard") == ("Dashboard", None)
    assert shell.page_state_text("Search", None) == "Search"
    assert shell.page_state_text(None, (1, "x")) is None


def test_first_size_fits_the_screen() -> None:
    assert shell.first_size(None, None) == (1280, 800)
    assert shell.first_size(1366, 728) == (1280, 688)
    assert shell.first_size(640, 480) == (800, 520)


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_idle_countdown_runs_from_the_last_input() -> None:
    clock = Clock()
    idle = IdleCountdown(1000, clock)
    assert idle.remaining_ms() is None and not idle.due()
    idle.touch()  # input while stopped starts nothing
    assert not idle.running
    idle.start()
    clock.now += 0.6
    assert idle.remaining_ms() == 400
    idle.touch()
    clock.now += 0.9
    assert idle.remaining_ms() == 100 and not idle.due()
    clock.now += 0.1
    assert idle.due()
    idle.set_interval(5000)
    assert idle.remaining_ms() == 4000
    idle.stop()
    assert not idle.running and not idle.due()
