"""Benchmark: a combined chronology of 10,000 rows from 30 agencies.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.chronology [--rows N]

Each of our operations is timed beside a baseline measured in the same run, and
the ratio printed, so the figures mean something on any machine:

(a) import        agency_input.add_entries into the encrypted store
                  vs sqlite3 executemany of the same rows into a plain temp table
(b) merge         agency_input.combined(review_id) (merge, ages, flags, duplicates)
                  vs sqlite3 "SELECT ... ORDER BY date" fetchall on the plain table
(c) first display ChronologyTableModel + proxy + QTableView shown and painted
                  vs QStandardItemModel with the same rows in a QTableView
(d) filter key    a free-text filter on our proxy
                  vs QSortFilterProxyModel.setFilterFixedString on the QStandardItemModel

All data is fictional (benchmarks/synthetic.py). The store lives in a temporary
folder that is deleted afterwards. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtCore import QSortFilterProxyModel, Qt, qVersion  # noqa: E402
from PySide6.QtGui import QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from benchmarks.synthetic import agency_names, make_entries  # noqa: E402
from dhrdesk.store import Store  # noqa: E402
from dhrdesk.ui.chronology_model import (  # noqa: E402
    COLUMNS,
    ChronologyFilterProxy,
    ChronologyTableModel,
)

PASSPHRASE = "benchmark passphrase, fictional data only"
FILTER_TEXT = "marac"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def paint(app: QApplication, view: QTableView) -> None:
    """Show the view and process events until it has painted (grab forces a full paint)."""
    view.resize(1400, 800)
    view.show()
    app.processEvents()
    view.viewport().grab()
    app.processEvents()


def plain_rows(entries: list) -> list[tuple]:
    return [
        (
            e.agency_id,
            e.date,
            e.time,
            e.sequence,
            e.source,
            e.event,
            e.action,
            e.agency_comment,
            e.significance,
            int(e.key_event),
            ",".join(e.themes),
            e.external_key,
        )
        for e in entries
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=30)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: list[tuple[str, float, str, float]] = []

    with tempfile.TemporaryDirectory(prefix="dhrdesk-bench-") as folder:
        store = Store.create(Path(folder) / "bench.dhrdesk", PASSPHRASE, "Benchmark")
        try:
            review_id = store.repos.reviews.create("DHR-BENCH-1", "Benchmark (fictional)")
            ai = store.repos.agency_input
            agency_ids = [ai.ensure_agency(review_id, n).id for n in agency_names(args.agencies)]
            entries = make_entries(review_id, agency_ids, args.rows)
            rows = plain_rows(entries)

            # (a) import
            ours, _ = timed(lambda: ai.add_entries(entries))
            plain = sqlite3.connect(Path(folder) / "plain.sqlite")
            plain.execute(
                "CREATE TABLE chronology (id INTEGER PRIMARY KEY, agency_id INT, date TEXT, "
                "time TEXT, sequence INT, source TEXT, event TEXT, action TEXT, comment TEXT, "
                "significance TEXT, key_event INT, themes TEXT, external_key TEXT)"
            )

            def plain_import() -> None:
                with plain:
                    plain.executemany(
                        "INSERT INTO chronology (agency_id, date, time, sequence, source, event, "
                        "action, comment, significance, key_event, themes, external_key) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )

            base, _ = timed(plain_import)
            results.append(("(a) import", ours, "sqlite3 executemany (plain file)", base))

            # (b) merge
            ours, combined = timed(lambda: ai.combined(review_id))
            base, _ = timed(
                lambda: plain.execute(
                    "SELECT * FROM chronology ORDER BY date, time, sequence, id"
                ).fetchall()
            )
            results.append(("(b) merge (combined)", ours, "sqlite3 SELECT ORDER BY date", base))

            # (c) first display
            def our_display() -> tuple:
                model = ChronologyTableModel()
                model.set_rows(combined)
                proxy = ChronologyFilterProxy()
                proxy.setSourceModel(model)
                view = QTableView()
                view.verticalHeader().setDefaultSectionSize(24)
                view.setModel(proxy)
                paint(app, view)
                return model, proxy, view

            ours, (model, proxy, view) = timed(our_display)
            display_rows = [r.cells for r in model.rows()]

            def standard_display() -> tuple:
                # setData on a pre-sized model: PySide6 6.12 on Python 3.11 corrupts None's
                # refcount in setItem/appendRow with QStandardItem objects (crashes at 10k rows).
                standard = QStandardItemModel(len(display_rows), len(COLUMNS))
                index, set_data = standard.index, standard.setData
                for r, cells in enumerate(display_rows):
                    for c, text in enumerate(cells):
                        set_data(index(r, c), text)
                standard_proxy = QSortFilterProxyModel()
                standard_proxy.setSourceModel(standard)
                standard_proxy.setFilterKeyColumn(-1)
                standard_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                standard_view = QTableView()
                standard_view.verticalHeader().setDefaultSectionSize(24)
                standard_view.setModel(standard_proxy)
                paint(app, standard_view)
                return standard, standard_proxy, standard_view

            base, (standard, standard_proxy, standard_view) = timed(standard_display)
            results.append(("(c) first display", ours, "QStandardItemModel + QTableView", base))

            # (d) a filter keystroke
            def our_filter() -> int:
                proxy.set_filters(text=FILTER_TEXT)
                app.processEvents()
                return proxy.rowCount()

            def standard_filter() -> int:
                standard_proxy.setFilterFixedString(FILTER_TEXT)
                app.processEvents()
                return standard_proxy.rowCount()

            ours, ours_count = timed(our_filter)
            base, base_count = timed(standard_filter)
            results.append(
                (
                    f"(d) filter '{FILTER_TEXT}' ({ours_count} rows)",
                    ours,
                    f"setFilterFixedString ({base_count} rows)",
                    base,
                )
            )
            shown = len(combined)
            flagged = model.flagged_count()
            pairs = len(model.duplicate_pairs())
            view.close()
            standard_view.close()
            plain.close()
        finally:
            store.close()

    print(f"Combined chronology benchmark: {args.rows:,} rows from {args.agencies} agencies")
    print(f"  ({shown:,} rows shown · {flagged:,} flagged · {pairs:,} possible duplicates)")
    print(
        f"Machine: {platform.platform()} · processor '{platform.processor() or 'unknown'}' · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"PySide6 {pyside_version} / Qt {qVersion()}"
    )
    print()
    print(f"{'operation':<34} {'ours (s)':>9}  {'baseline':<36} {'base (s)':>9} {'ratio':>7}")
    print("-" * 100)
    for name, ours, base_name, base in results:
        ratio = ours / base if base > 0 else float("inf")
        print(f"{name:<34} {ours:>9.3f}  {base_name:<36} {base:>9.3f} {ratio:>6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
