"""The shell's decisions, without Qt: which store to offer, how stores and the status
read, the names of new stores and backups, the idle-lock wording, the page kept
across a lock.

The controller (dhrdesk/ui/controller.py), the unlock window and the main window
only show what these functions return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from dhrdesk.core.dates import format_date
from dhrdesk.store import paths

NO_STORE_NOTICE = "There is no store here yet. Create a new store to begin."
LOCKED_NOTICE = "Locked. Type the passphrase to carry on where you left off."


# ------------------------------------------------------------------ stores
def initial_store_path(given: Path | None, last: Path | None, default: Path) -> Path | None:
    """The store the unlock window offers first: the one asked for, else the last one
    opened, else the default store if it exists."""
    if given is not None:
        return Path(given).expanduser()
    if last is not None:
        return last
    return default if default.exists() else None


def store_label(
    path: Path, opened: dt.datetime | None, demo: bool = False, today: dt.date | None = None
) -> str:
    """How a store reads in the list: its name, and when it was last opened here."""
    name = f"{path.name} (demo: fictional)" if demo else path.name
    if opened is None:
        return name if demo else f"{name} — not opened on this computer yet"
    today = today or dt.date.today()
    day = opened.date()
    if day == today:
        when = "today"
    elif day == today - dt.timedelta(days=1):
        when = "yesterday"
    else:
        when = format_date(day)
    return f"{name} — opened {when} at {opened.hour:02d}:{opened.minute:02d}"


def store_choices(stores: Iterable[Path], current: Path | None, demo: Path | None) -> list[Path]:
    """The unlock window's list: ``current`` first, then recent stores, then the demo
    store; each once."""
    seen: list[Path] = []
    for path in [*([current] if current else []), *stores, *([demo] if demo else [])]:
        if path not in seen:
            seen.append(path)
    return seen


def free_store_path(folder: Path) -> Path:
    """A free name for a new store in ``folder``: reviews.dhrdesk, reviews-2.dhrdesk, ..."""
    candidate = folder / f"reviews{paths.STORE_SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"reviews-{n}{paths.STORE_SUFFIX}"
        n += 1
    return candidate


def backup_path(store_path: Path, now: dt.datetime) -> Path:
    """The suggested backup file: beside the store, named with the minute it was made."""
    stamp = f"{now:%Y%m%d-%H%M}"
    return store_path.with_name(f"{store_path.stem}-backup-{stamp}.dhrdesk-backup")


# -------------------------------------------------------------------- idle
def idle_span(idle_ms: int) -> str:
    """'5 minutes', or '0.2 seconds' for the short intervals tests use."""
    minutes = idle_ms / 60_000
    return f"{minutes:g} minutes" if minutes >= 1 else f"{idle_ms / 1000:g} seconds"


def idle_notice(idle_ms: int) -> str:
    return f"Locked after {idle_span(idle_ms)} without activity. Nothing was lost."


def banner_text(idle_ms: int) -> str:
    minutes = max(1, round(idle_ms / 60000))
    return (
        "Personal data about victims, families and perpetrators. "
        f"Locks after {minutes} min idle; Ctrl+L locks now."
    )


# ------------------------------------------------------------------ status
def saved_text(saved: dt.datetime | None) -> str:
    if saved is None:
        return "No changes since unlocking"
    return f"Last saved {saved.hour:02d}:{saved.minute:02d}:{saved.second:02d}"


def about_html(app_name: str, version: str, cipher: str, pyside_version: str) -> str:
    return (
        f"<h3>{app_name} {version}</h3>"
        "<p>An offline, encrypted workspace for chairs and panels of Domestic "
        "Homicide Reviews. It never connects to a network.</p>"
        f"<p>SQLCipher {cipher}<br>Qt for Python (PySide6) {pyside_version}</p>"
    )


# ------------------------------------------------------------- page state
def page_state_text(title: str | None, review: tuple[int, str] | None) -> str | None:
    """ "Title|review id|tab" when a review is open, else the title (kept across locks)."""
    if title is not None and review is not None:
        return f"{title}|{review[0]}|{review[1]}"
    return title


def parse_page_state(text: str) -> tuple[str, tuple[int, str] | None]:
    """Split "Title|review id|tab" (see :func:`page_state_text`)."""
    title, _, rest = text.partition("|")
    review_id, _, tab = rest.partition("|")
    if review_id.isdigit():
        return title, (int(review_id), tab)
    return title, None


def first_size(available_width: int | None, available_height: int | None) -> tuple[int, int]:
    """The main window's first size: 1280×800 at most, and always inside the screen's
    free area (a 1366×768 laptop has about 1366×728 once the task bar is counted)."""
    width, height = 1280, 800
    if available_width is not None and available_height is not None:
        width = min(width, max(800, available_width - 16))
        height = min(height, max(520, available_height - 40))
    return width, height
