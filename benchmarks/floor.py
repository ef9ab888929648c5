"""Benchmark: every path of issue 15 beside the floor of the stack, in one table.

Run:  make bench   (or: QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.floor [--quick])

Each path is timed beside a baseline that does the same work with the bare stack, in
the same run, as interleaved pairs (ours, floor, ours, floor...), and the ratio of
the medians is printed. CPU time (``time.process_time`` in process, the children's
rusage for whole processes), so a busy shared machine moves both sides alike.

| path | ours | floor (same work) |
|---|---|---|
| start | `python -c` of what main.py runs, to the unlock window shown | a bare PySide6 window shown |
| unlock (small, large store) | `Store.open` | sqlcipher3 connect + key + one query, same file, same KDF |
| chronology import (1k, 10k rows) | `agency_input.add_entries` (rows, search rows, audit) | sqlcipher3 `executemany` of the very rows and search rows ours wrote, into a fresh store of the same schema |
| chronology tab (10k rows) | `ChronologyTab` built, loaded and painted | a bare QAbstractTableModel over the same SELECT in a QTableView, painted |
| search (N reviews) | `store.search.search` (ranked, joined, snippets) | the raw FTS5 query: same MATCH, filters, bm25 weights, LIMIT |
| GUI peak memory (10k rows) | peak RSS of a process showing the chronology tab | peak RSS of a process showing the bare view of the same rows |

The publication export's floor (the restricted export of the same document) is in
benchmarks/gate.py, the documents' in benchmarks/documents.py. All data is fictional
(benchmarks/synthetic.py); stores live in a temporary folder deleted afterwards.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlcipher3  # noqa: E402

from benchmarks.synthetic import agency_names, make_entries  # noqa: E402
from dhrdesk.store import Store  # noqa: E402

PASS = "benchmark passphrase - fictional data only"
ROOT = Path(__file__).resolve().parents[1]
ROWS: list[tuple[str, float, float, str, str]] = []
SCREENFUL = 15  # result rows in view on a 1366x768 screen: their snippets are made  # path, ours, floor, unit, goal


def record(path: str, ours: float, floor: float, unit: str, goal: str) -> None:
    ROWS.append((path, ours, floor, unit, goal))
    ratio = ours / floor if floor else float("inf")
    print(f"  {path}: {ours:.4g} {unit} vs {floor:.4g} {unit} = {ratio:.2f}x", flush=True)


def pairs(ours: Callable[[], Any], floor: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """Median CPU seconds of each, measured as interleaved pairs."""
    a, b = [], []
    for _ in range(rounds):
        for fn, out in ((ours, a), (floor, b)):
            start = time.process_time()
            fn()
            out.append(time.process_time() - start)
    return statistics.median(a), statistics.median(b)


def _child_cpu(code: str, env: dict[str, str]) -> tuple[float, int]:
    """CPU seconds and peak RSS (KiB) of a Python child running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = int(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else 0
    return cpu, rss


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(folder / name.lower())
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    env["DHRDESK_DATA_DIR"] = str(folder / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return env


# Peak resident memory of the child's own address space (VmHWM, KiB): ru_maxrss would
# carry the parent's high-water mark across fork and exec on Linux.
PEAK = """
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")))
"""

# Each child prints the CPU time of its main thread from the process's start to the
# first turn of the event loop after its window is shown, then ends at once (DHR Desk
# imports the main window's modules in a background thread meanwhile: that is not
# time before the window, and is not counted).
_SHOWN = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
def shown():
    print(time.thread_time(), flush=True)
    os._exit(0)
QTimer.singleShot(0, shown)
"""
START_OURS = (
    _SHOWN
    + """
from dhrdesk.cli import main
main(["gui"])
"""
)
START_FLOOR = (
    _SHOWN
    + """
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
w = QWidget(); QVBoxLayout(w).addWidget(QLineEdit()); w.resize(560, 420); w.show()
app.exec()
"""
)


def _child_thread_cpu(code: str, env: dict[str, str]) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1])


def bench_start(folder: Path, rounds: int) -> None:
    env = child_env(folder / "start")
    ours, floor = [], []
    for _ in range(rounds):
        ours.append(_child_thread_cpu(START_OURS, env))
        floor.append(_child_thread_cpu(START_FLOOR, env))
    record(
        "start to the unlock window",
        statistics.median(ours),
        statistics.median(floor),
        "s",
        "<= 1.3x",
    )


# ------------------------------------------------------------------------------ stores
def new_store(path: Path) -> Store:
    return Store.create(path, PASS, "Benchmark chair")


def review_with_agencies(store: Store, reference: str, agencies: int = 30) -> tuple[int, list[int]]:
    review_id = store.repos.reviews.create(reference, "Fictional benchmark review")
    ids = [
        int(store.repos.agency_input.ensure_agency(review_id, name).id or 0)
        for name in agency_names(agencies)
    ]
    return review_id, ids


def raw(path: Path) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASS}'")
    return conn


def bench_unlock(folder: Path, large_rows: int, rounds: int) -> None:
    small = folder / "small.dhrdesk"
    store = new_store(small)
    review_with_agencies(store, "DHR 2026/01", 5)
    store.close()
    large = folder / "large.dhrdesk"
    store = new_store(large)
    review_id, agencies = review_with_agencies(store, "DHR 2026/02")
    store.repos.agency_input.add_entries(make_entries(review_id, agencies, large_rows))
    blob = os.urandom(1 << 20)
    for i in range(40):  # received files make real stores large
        store.repos.agency_input.add_attachment(review_id, f"imr-{i}.pdf", blob, "other")
    store.close()

    def open_ours(path: Path) -> None:
        Store.open(path, PASS).close()

    def open_floor(path: Path) -> None:
        conn = raw(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    for name, path in (("small", small), ("large", large)):
        size = path.stat().st_size / 2**20
        ours, floor = pairs(lambda p=path: open_ours(p), lambda p=path: open_floor(p), rounds)
        record(f"unlock, {name} store ({size:.0f} MiB)", ours, floor, "s", "<= 1.5x")


# ------------------------------------------------------------------------------ import
def bench_import(folder: Path, sizes: list[int]) -> dict[int, float]:
    per_row: dict[int, float] = {}
    for n in sizes:
        ours_path = folder / f"import-{n}.dhrdesk"
        store = new_store(ours_path)
        review_id, agencies = review_with_agencies(store, "DHR 2026/03")
        entries = make_entries(review_id, agencies, n)
        start = time.process_time()
        store.repos.agency_input.add_entries(entries)
        ours = time.process_time() - start
        rows = store.query("SELECT * FROM chronology_entry ORDER BY id")
        columns = rows[0].keys()
        values = [tuple(r) for r in rows]
        search_rows = [
            tuple(r)
            for r in store.query(
                "SELECT rowid, review_id, kind, record_key, agency, date, themes, title, body, "
                "folded FROM search_index WHERE kind = 'chronology' ORDER BY rowid"
            )
        ]
        store.close()
        # The floor: a fresh store of the same schema, the same review and agencies,
        # and the very rows ours wrote, by executemany in one transaction.
        floor_path = folder / f"import-floor-{n}.dhrdesk"
        store = new_store(floor_path)
        review_with_agencies(store, "DHR 2026/03")
        store.close()
        conn = raw(floor_path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key, before timing
        start = time.process_time()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            f"INSERT INTO chronology_entry({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            values,
        )
        conn.executemany(
            "INSERT INTO search_index(rowid, review_id, kind, record_key, agency, date, themes, "
            "title, body, folded) VALUES (?,?,?,?,?,?,?,?,?,?)",
            search_rows,
        )
        conn.execute("COMMIT")
        floor = time.process_time() - start
        conn.close()
        per_row[n] = ours / n * 1e6
        record(f"chronology import, {n:,} rows", ours, floor, "s", "<= 2x")
    return per_row


# ------------------------------------------------------------------------------ GUI
def chronology_store(folder: Path, rows: int) -> tuple[Path, int]:
    path = folder / f"chronology-{rows}.dhrdesk"
    store = new_store(path)
    review_id, agencies = review_with_agencies(store, "DHR 2026/04")
    store.repos.agency_input.add_entries(make_entries(review_id, agencies, rows))
    store.close()
    return path, review_id


BARE_MODEL = """
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
class Bare(QAbstractTableModel):
    HEAD = ("Date", "Time", "Agency", "Source", "Event", "Action")
    def __init__(self, rows):
        super().__init__(); self.rows = rows
    def rowCount(self, parent=QModelIndex()): return 0 if parent.isValid() else len(self.rows)
    def columnCount(self, parent=QModelIndex()): return 6
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEAD[section]
        return None
BARE_SQL = ("SELECT c.date, c.time, a.name, c.source, c.event, c.action FROM chronology_entry c "
            "JOIN agency a ON a.id = c.agency_id WHERE c.review_id = ? "
            "ORDER BY c.date, c.time, c.sequence, c.id")
"""


def bench_chronology_tab(folder: Path, rows: int, rounds: int) -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    from dhrdesk.ui.operations import run_op
    from dhrdesk.ui.pages.base import PageContext
    from dhrdesk.ui.pages.review.chronology import ChronologyTab

    app = QApplication.instance() or QApplication([])
    path, review_id = chronology_store(folder, rows)
    store = Store.open(path, PASS)
    namespace: dict[str, Any] = {}
    exec(BARE_MODEL, namespace)  # noqa: S102 - our own constant, shared with the child
    conn = raw(path)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def ours() -> None:
        context = PageContext(
            store=store,
            run_op=lambda fn, message=None, origin=None: run_op(None, fn, None),
            run_in_background=lambda fn, on_success=None, busy_text="": (
                on_success(fn()) if on_success else fn()
            ),
        )
        tab = ChronologyTab(context, review_id)
        tab.resize(1366, 700)
        tab.show()
        app.processEvents()
        tab.grab()
        tab.close()
        tab.deleteLater()
        app.processEvents()

    def floor() -> None:
        found = conn.execute(namespace["BARE_SQL"], (review_id,)).fetchall()
        model = namespace["Bare"](found)
        view = QTableView()
        view.setModel(model)
        view.resize(1366, 700)
        view.show()
        app.processEvents()
        view.grab()
        view.close()
        view.deleteLater()
        app.processEvents()

    gc.freeze()  # as the app does once the main window is up (controller._opened)
    a, b = pairs(ours, floor, rounds)
    record(f"chronology tab, {rows:,} rows: build, load, paint", a, b, "s", "<= 1.5x")
    conn.close()
    store.close()
    bench_memory(folder, path, review_id)


MEMORY_OURS = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from dhrdesk.store import Store
from dhrdesk.ui.operations import run_op
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.review.chronology import ChronologyTab
store = Store.open(sys.argv[1] if len(sys.argv) > 1 else {path!r}, {pw!r})
ctx = PageContext(store=store, run_op=lambda fn, message=None, origin=None: run_op(None, fn),
                  run_in_background=lambda fn, on_success=None, busy_text="": on_success(fn()))
tab = ChronologyTab(ctx, {review_id}); tab.resize(1366, 700); tab.show(); app.processEvents()
tab.grab()
"""
MEMORY_FLOOR = """
import sqlcipher3
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
{bare}
conn = sqlcipher3.connect({path!r}); conn.execute("PRAGMA key = '{pw}'")
view = QTableView(); view.setModel(Bare(conn.execute(BARE_SQL, ({review_id},)).fetchall()))
view.resize(1366, 700); view.show(); app.processEvents(); view.grab()
"""


def bench_memory(folder: Path, path: Path, review_id: int) -> None:
    env = child_env(folder / "memory")
    values = {"path": str(path), "pw": PASS, "review_id": review_id, "bare": BARE_MODEL}
    ours = _child_cpu(MEMORY_OURS.format(**values) + PEAK, env)[1] / 1024
    floor = _child_cpu(MEMORY_FLOOR.format(**values) + PEAK, env)[1] / 1024
    record("GUI peak memory, chronology shown", ours, floor, "MiB", "<= 1.5x")


# ------------------------------------------------------------------------------ search
def bench_search(folder: Path, reviews: int, rows_per_review: int) -> None:
    from benchmarks.search import populate, queries
    from dhrdesk.store import search
    from dhrdesk.store.search import (
        BODY_WEIGHT,
        FOLDED_WEIGHT,
        TITLE_WEIGHT,
        _filters,
        fts_expression,
        parse_query,
    )

    path = folder / f"search-{reviews}.dhrdesk"
    store = new_store(path)
    info = populate(store, reviews, rows_per_review)
    conn = raw(path)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    weights = ", ".join(["0.0"] * 6 + [str(TITLE_WEIGHT), str(BODY_WEIGHT), str(FOLDED_WEIGHT)])
    cases = queries(info)
    prepared = []
    for text, filters, _label in cases:
        found = _filters(
            filters.get("review_ids"),
            filters.get("agency"),
            filters.get("theme"),
            filters.get("date_from"),
            filters.get("date_to"),
            filters.get("kinds"),
        )
        if found is None:
            continue
        where, params = found
        sql = (
            "SELECT s.review_id, s.kind, s.record_key, s.agency, s.date, s.title, s.body, "
            f"bm25(search_index, {weights}) AS score FROM search_index s WHERE "
            + " AND ".join(["search_index MATCH ?", *where])
            + " ORDER BY score, s.rowid LIMIT 50"
        )
        prepared.append((text, filters, sql, [fts_expression(parse_query(text)), *params]))

    def ours() -> None:
        for text, filters, _sql, _params in prepared:
            for hit in search.search(store, text, **filters)[:SCREENFUL]:
                _ = hit.snippet  # the snippets of the hits a screen shows

    def floor() -> None:
        for *_ignored, sql, params in prepared:
            conn.execute(sql, params).fetchall()

    ours()  # warm both caches alike
    floor()
    a, b = pairs(ours, floor, 3)
    record(f"search, {reviews} reviews ({len(prepared)} queries)", a, b, "s", "<= 2x")
    conn.close()
    store.close()


# ------------------------------------------------------------------------------ window
WINDOW_CHILD = """
import os, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from dhrdesk.store import Store
from dhrdesk.ui.controller import AppController
from dhrdesk.ui.settings import AppSettings
path, pw = {path!r}, {pw!r}
start = time.perf_counter()
Store.open(path, pw).close()
unlock = time.perf_counter() - start
settings = AppSettings(QSettings({ini!r}, QSettings.Format.IniFormat))
controller = AppController(settings, quit_on_close=False, store_path=None)
controller.start()
controller._prewarm.join()  # the user typed the passphrase meanwhile
start = time.perf_counter()
controller.unlock(path, pw)
window = controller.main_window
app.processEvents()
window.grab()
shown = time.perf_counter() - start
print(unlock, shown, flush=True)
os._exit(0)
"""


def bench_window(folder: Path, reviews: int, rounds: int) -> None:
    """Unlock to the main window painted (wall time), beside the unlock alone."""
    from benchmarks.search import populate

    path = folder / f"window-{reviews}.dhrdesk"
    store = new_store(path)
    populate(store, reviews, 5)
    store.close()
    env = child_env(folder / "window")
    code = WINDOW_CHILD.format(path=str(path), pw=PASS, ini=str(folder / "window" / "s.ini"))
    unlocks, shows = [], []
    for _ in range(rounds):
        proc = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        unlock, shown = map(float, proc.stdout.split())
        unlocks.append(unlock)
        shows.append(shown)
    over = statistics.median(shows) - statistics.median(unlocks)
    record(
        f"unlock to main window painted, {reviews} reviews (wall)",
        statistics.median(shows),
        statistics.median(unlocks),
        "s",
        f"<= unlock + 0.5 s (now unlock + {over:.2f} s)",
    )


# ------------------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    parser.add_argument(
        "--only",
        action="append",
        choices=("start", "unlock", "window", "import", "chronology", "search"),
        help="run only these parts",
    )
    args = parser.parse_args(argv)
    parts = args.only or ["start", "unlock", "window", "import", "chronology", "search"]
    quick = args.quick
    print(
        f"DHR Desk floor benchmark on {platform.node()}: {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
        + (" (quick sizes)" if quick else ""),
        flush=True,
    )
    folder = Path(tempfile.mkdtemp(prefix="dhrdesk-floor-"))
    try:
        if "start" in parts:
            bench_start(folder, 3 if quick else 7)
        if "unlock" in parts:
            bench_unlock(folder, 5_000 if quick else 50_000, 3 if quick else 5)
        if "window" in parts:
            bench_window(folder, 50 if quick else 200, 3)
        per_row: dict[int, float] = {}
        if "import" in parts:
            per_row = bench_import(folder, [1_000, 10_000] if quick else [1_000, 10_000, 50_000])
        if "chronology" in parts:
            bench_chronology_tab(folder, 10_000, 3 if quick else 5)
        if "search" in parts:
            for reviews in [20] if quick else [50, 200]:
                bench_search(folder, reviews, 50 if quick else 200)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print("| path | ours | floor | ratio | goal |\n|---|---|---|---|---|")
    for path, ours, floor, unit, goal in ROWS:
        ratio = ours / floor if floor else float("inf")
        print(f"| {path} | {ours:.3g} {unit} | {floor:.3g} {unit} | {ratio:.2f}x | {goal} |")
    if len(per_row) >= 2:
        small, big = min(per_row), max(per_row)
        print(
            f"\nImport µs/row: {per_row[small]:.0f} at {small:,}, {per_row[big]:.0f} at {big:,} "
            f"({per_row[big] / per_row[small]:.2f}x; goal <= 1.2x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
