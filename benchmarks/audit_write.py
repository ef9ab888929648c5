"""Benchmark: the cost of the write path (Store.write) with record hashes in the audit chain.

Run:  .venv/bin/python -m benchmarks.audit_write [--rows N] [--against DIR]

A write stream on a fresh store, each change its own transaction as in the GUI:
N chronology rows created one by one, N updated one by one, then one bulk write of
5*N rows in a single transaction (an import). Each is timed as shipped
(``synchronous=FULL``: every commit waits for the disk) and with ``synchronous=OFF``
to show the CPU cost alone. With ``--against DIR`` the same stream runs in a
subprocess on the code in DIR (e.g. ``git archive <commit> dhrdesk | tar -x -C DIR``),
so "before" and "after" are measured side by side on the same machine.

All data is invented; the stores live in a temporary folder deleted afterwards.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "benchmark passphrase - fictional data only"


def stream(rows: int, synchronous: str) -> dict[str, float]:
    from dhrdesk.core import model as m
    from dhrdesk.store import Store

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DHRDESK_DATA_DIR"] = folder
        store = Store.create(Path(folder) / "bench.dhrdesk", PASSPHRASE, "Benchmark Chair")
        try:
            store._connection().execute(f"PRAGMA synchronous = {synchronous}")
            review_id = store.repos.reviews.create("DHR 2026/BENCH", "Fictional benchmark review")
            agency_id = store.repos.records.save(
                m.Agency(id=None, review_id=review_id, name="Northmoor Police")
            )
            repo = store.repos.agency_input
            creates, updates = [], []
            ids = []
            for i in range(rows):
                entry = m.ChronologyEntry(
                    review_id,
                    agency_id,
                    f"2024-{1 + i % 12:02}-{1 + i % 28:02}",
                    "Crime record",
                    f"Fictional event number {i} at the address on record",
                )
                start = time.perf_counter()
                ids.append(repo.save_entry(entry))
                creates.append(time.perf_counter() - start)
            for entry_id in ids:
                entry = repo.entry(entry_id)
                entry.action = "Fictional follow-up recorded"
                start = time.perf_counter()
                repo.save_entry(entry)
                updates.append(time.perf_counter() - start)
            start = time.perf_counter()
            with store.write("bench.bulk", f"review:{review_id}") as cur:
                cur.executemany(
                    "INSERT INTO chronology_entry(review_id, agency_id, date, source, event) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (review_id, agency_id, "2025-01-01", "Crime record", f"Bulk row {i}")
                        for i in range(rows * 5)
                    ],
                )
            bulk = time.perf_counter() - start
        finally:
            store.close()
    return {
        "create_median_ms": statistics.median(creates) * 1000,
        "update_median_ms": statistics.median(updates) * 1000,
        "stream_total_s": sum(creates) + sum(updates),
        "bulk_s": bulk,
    }


def run_here(rows: int) -> dict[str, dict[str, float]]:
    return {mode: stream(rows, mode) for mode in ("FULL", "OFF")}


def run_in(folder: Path, rows: int) -> dict[str, dict[str, float]]:
    env = dict(os.environ, PYTHONPATH=str(folder))
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "sys.path.insert(1, sys.argv[2]); "
        "from benchmarks.audit_write import run_here; "
        "print(json.dumps(run_here(int(sys.argv[3]))))"
    )
    here = str(Path(__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), here, str(rows)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--against", type=Path, help="folder holding the 'before' dhrdesk")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list] = {"after": [], "before": []}
    for _ in range(args.rounds):
        results["after"].append(run_in(Path(__file__).resolve().parents[1], args.rows))
        if args.against:
            results["before"].append(run_in(args.against, args.rows))
    print(f"rows={args.rows} (then {args.rows * 5} in one bulk write); median of {args.rounds}")
    for mode in ("FULL", "OFF"):
        for metric in ("create_median_ms", "update_median_ms", "stream_total_s", "bulk_s"):
            after = statistics.median(r[mode][metric] for r in results["after"])
            line = f"synchronous={mode:<4} {metric:<17} after {after:9.3f}"
            if results["before"]:
                before = statistics.median(r[mode][metric] for r in results["before"])
                line += f"   before {before:9.3f}   ratio {after / before:5.2f}"
            print(line)


if __name__ == "__main__":
    main()
