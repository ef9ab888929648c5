"""Benchmark: the publication gate on the large review of the documents benchmark.

Run: ``.venv/bin/python benchmarks/gate.py`` (``--quick`` for a smaller review).

Reuses :func:`benchmarks.documents.seed` (2,000 key chronology rows, 40
recommendations, about 150 pages) and adds a register of twelve people, places
and dates. Prints, for the overview report:

* **restricted PDF**: build the model + ``render_pdf`` (what a restricted export costs);
* **gate before writing**: substitution over the whole model + the scan;
* **publication PDF, total**: substitution, scan, render, write, read back (pypdf and
  pdftotext) and the second scan: what ``dhrdesk report --edition publication`` costs;

and the ratio of the publication export to the restricted one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.documents import REF, seed  # noqa: E402
from dhrdesk.core import model as m  # noqa: E402
from dhrdesk.documents import gate  # noqa: E402
from dhrdesk.documents.builders import build_document  # noqa: E402
from dhrdesk.documents.pdf import render_pdf  # noqa: E402
from dhrdesk.store import Store  # noqa: E402

REGISTER = [
    ("full_name", "Siobhán Ní Bhriain", "Adult A", ["Shiv"]),
    ("full_name", "Pádraig O'Sullivan", "Adult B", ["Paddy"]),
    ("full_name", "Łukasz Wiśniewski", "Friend 1", []),
    ("full_name", "Nguyễn Thị Hương", "Friend 2", []),
    ("professional", "Muhammad Asif Chaudhry", "Police Officer 1", []),
    ("professional", "Hodan Warsame", "Health Visitor 1", []),
    ("full_name", "Hope Carter", "Child A", []),
    ("full_name", "Will Ashby", "Adult C", []),
    ("place", "Bath", "a city", []),
    ("address", "14 Larkspur Close", "Adult A's home", ["Larkspur Close"]),
    ("date_of_birth", "07/04/1989", "aged 34", []),
    ("date_of_death", "18/03/2024", "March 2024", []),
]


def timed(fn):
    began = time.perf_counter()
    value = fn()
    return time.perf_counter() - began, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller review (CI smoke run)")
    args = parser.parse_args(argv)
    rows, prose, recs = (200, 90, 10) if args.quick else (2000, 280, 40)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.dhrdesk", "benchmark passphrase only", "Bench")
        try:
            rid = seed(store, rows=rows, prose=prose, recommendations=recs)
            for kind, value, replacement, variants in REGISTER:
                store.repos.records.save(
                    m.RegisterEntry(rid, kind, value, replacement, None, variants)
                )
            render_pdf(build_document(store, REF, "executive-summary"))  # warm up
            restricted, _ = timed(lambda: render_pdf(build_document(store, REF, "overview")))
            document = build_document(store, REF, "overview", marking=None)
            anon = gate.anonymiser_for(store, rid)
            before, published = timed(lambda: gate.prepare(anon, document))
            out = Path(folder) / "published.pdf"
            total, written = timed(
                lambda: gate.export_publication(store, REF, "overview", out, "pdf")
            )
        finally:
            store.close()
    print(f"review: {rows} key chronology rows, {recs} recommendations, {prose} chair paragraphs")
    print(f"restricted PDF (model + render):          {restricted:6.2f} s")
    print(f"gate before writing (substitute + scan):  {before:6.2f} s")
    print(f"publication PDF total (+ read-back scan): {total:6.2f} s   {written.size} bytes")
    print(f"ratio publication/restricted: {total / restricted:4.2f}")
    print(
        f"blocking findings: {len(published.report.blocking)}, "
        f"warnings: {len(published.report.warnings)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
