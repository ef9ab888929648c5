"""What every reliability trial needs: a tally, a logical dump, a time limit, fixtures.

The harness measures the real code paths (the encrypted store, the import functions
the CLI and the GUI call, real files read back); nothing here is a stand-in.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FAILURES_DIR = REPO / "tests" / "reliability" / "failures"
"""A failing case is saved here (by seed and kind) so it can be replayed and kept as a fixture."""
PASSPHRASE = "correct horse battery staple"
HANG_SECONDS = 30


@dataclass
class Tally:
    """One line of the summary table."""

    name: str
    trials: int = 0
    failures: int = 0
    tracebacks: int = 0
    hangs: int = 0
    lost_writes: int = 0
    leftovers: int = 0
    plaintext_hits: int = 0
    network: int = 0
    changed_after_refusal: int = 0
    tamper_detected: int | None = None
    tamper_total: int | None = None
    peak_mb: float = 0.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def fail(self, why: str) -> None:
        self.failures += 1
        if len(self.notes) < 20:
            self.notes.append(why)

    @property
    def ok(self) -> bool:
        return self.failures == 0 and (
            self.tamper_total is None or self.tamper_detected == self.tamper_total
        )

    def tamper_rate(self) -> str:
        if not self.tamper_total:
            return "-"
        return f"{100 * (self.tamper_detected or 0) / self.tamper_total:.1f}%"


COLUMNS = (
    ("trial", 30),
    ("trials", 7),
    ("fail", 5),
    ("tb", 4),
    ("hang", 5),
    ("lost", 5),
    ("left", 5),
    ("plain", 6),
    ("net", 4),
    ("chg", 4),
    ("tamper", 7),
    ("MB", 6),
    ("secs", 7),
)


def table(tallies: list[Tally], elapsed: float, scale: str) -> str:
    """The one summary table `make reliability` prints."""
    head = " ".join(
        f"{name:>{width}}" if i else f"{name:<{width}}" for i, (name, width) in enumerate(COLUMNS)
    )
    lines = [head, "-" * len(head)]
    for t in tallies:
        values = (
            t.name,
            t.trials,
            t.failures,
            t.tracebacks,
            t.hangs,
            t.lost_writes,
            t.leftovers,
            t.plaintext_hits,
            t.network,
            t.changed_after_refusal,
            t.tamper_rate(),
            f"{t.peak_mb:.0f}",
            f"{t.seconds:.0f}",
        )
        lines.append(
            " ".join(
                f"{v!s:>{w}}" if i else f"{v!s:<{w}}"
                for i, (v, (_, w)) in enumerate(zip(values, COLUMNS, strict=True))
            )
        )
    lines.append("-" * len(head))
    failures = sum(t.failures for t in tallies) + sum(
        1 for t in tallies if t.tamper_total is not None and t.tamper_detected != t.tamper_total
    )
    verdict = "ALL PASSED" if failures == 0 else f"{failures} FAILURE(S)"
    lines.append(
        f"{verdict} — scale {scale}, {sum(t.trials for t in tallies):,} trials in "
        f"{elapsed / 60:.1f} min on {os.cpu_count()} CPU(s)"
    )
    for t in tallies:
        lines.extend(f"  {t.name}: {note}" for note in t.notes)
    return "\n".join(lines)


def peak_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Hang(Exception):
    """A case ran past the time limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after ``seconds`` (SIGALRM; POSIX only)."""

    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def logical_dump(store: Any) -> str:
    """A digest of the store's full logical content: schema, user_version and every
    row of every table (audit, FTS shadow tables and attachments included)."""
    digest = hashlib.sha256()
    digest.update(str(store.query_one("PRAGMA user_version")[0]).encode())
    schema = store.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    for row in schema:
        digest.update(repr(tuple(row)).encode())
    for (name,) in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        rows = store.query(f'SELECT * FROM "{name}"')
        digest.update(name.encode())
        for text in sorted(repr(tuple(r)) for r in rows):
            digest.update(text.encode())
    return digest.hexdigest()


def save_failure(kind: str, seed: int, content: bytes, why: str) -> Path:
    """Keep a failing case as a fixture (replay: the seed and kind name it)."""
    FAILURES_DIR.mkdir(parents=True, exist_ok=True)
    path = FAILURES_DIR / f"{kind}-{seed}.bin"
    path.write_bytes(content)
    path.with_suffix(".txt").write_text(why + "\n", encoding="utf-8")
    return path


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The real CLI as a child process (`python main.py ...`)."""
    full = dict(os.environ)
    full["QT_QPA_PLATFORM"] = "offscreen"
    full.pop("DHRDESK_DEBUG", None)
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)],
        cwd=REPO,
        env=full,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def timed(tally: Tally, run: Callable[[], None]) -> Tally:
    started = time.perf_counter()
    try:
        run()
    finally:
        tally.seconds += time.perf_counter() - started
        tally.peak_mb = max(tally.peak_mb, peak_mb())
    return tally
