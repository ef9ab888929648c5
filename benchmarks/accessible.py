"""Benchmark: the accessible publication backends against the ReportLab PDF, same document.

Run: ``.venv/bin/python benchmarks/accessible.py`` (``--quick`` for a smaller review).

The large fictional review of benchmarks/documents.py (about 150 pages of overview:
2,000 key chronology rows, 40 recommendations) is built once, then rendered by:

* **ReportLab** ``render_pdf`` (the restricted edition's backend, the baseline);
* **tagged PDF** ``render_tagged_pdf`` (Typst, PDF/UA-1: structure tree, artifacts,
  embedded fonts);
* **HTML** ``render_html``.

Two figures per backend: the first call in the process (imports, fonts, nothing
cached) and the best of ``--repeat`` later calls on a changed document (a new version
number, so every page footer differs: Typst memoises layout within a process, and
re-rendering the identical document would only measure its cache). The combined
chronology (one table of every row) is measured too. The Typst library's size on disk
is printed: it is what the bundle grows by.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.documents import REF, seed  # noqa: E402
from dhrdesk.documents.builders import build_document  # noqa: E402
from dhrdesk.documents.html import render_html  # noqa: E402
from dhrdesk.documents.pdf import render_pdf  # noqa: E402
from dhrdesk.documents.pdf_tagged import render_tagged_pdf  # noqa: E402
from dhrdesk.store import Store  # noqa: E402


def best(fn, repeat: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _changed(document, run: int):
    """The same document with a different version: every page footer changes, so Typst's
    memoised layout of the previous run cannot simply be replayed."""
    copy = dataclasses.replace(document, version=f"9.{run}")
    return copy


def measure(label: str, document, repeat: int) -> None:
    from pypdf import PdfReader

    # Cold: the first call in this process (imports, font loading, nothing memoised).
    cold_rl, pdf = best(lambda: render_pdf(document), 1)
    cold_typst, tagged_pdf = best(lambda: render_tagged_pdf(document), 1)
    cold_html, html = best(lambda: render_html(document), 1)
    # Warm: later calls with a changed document (as when a chair regenerates).
    counter = iter(range(1000))
    warm_rl, _ = best(lambda: render_pdf(_changed(document, next(counter))), repeat)
    warm_typst, _ = best(lambda: render_tagged_pdf(_changed(document, next(counter))), repeat)
    warm_html, _ = best(lambda: render_html(_changed(document, next(counter))), repeat)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    tagged_pages = len(PdfReader(io.BytesIO(tagged_pdf)).pages)
    print(f"\n{label}")
    print("                      first call   later call (changed)   pages    size")
    print(
        f"ReportLab PDF         {cold_rl:7.2f} s      {warm_rl:7.2f} s            "
        f"{pages:5d}  {len(pdf) / 1e6:5.2f} MB"
    )
    print(
        f"tagged PDF (Typst)    {cold_typst:7.2f} s      {warm_typst:7.2f} s            "
        f"{tagged_pages:5d}  {len(tagged_pdf) / 1e6:5.2f} MB"
    )
    print(
        f"HTML                  {cold_html:7.2f} s      {warm_html:7.2f} s                   "
        f"{len(html) / 1e6:5.2f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller review")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    rows, prose, recs = (200, 90, 10) if args.quick else (2000, 280, 40)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.dhrdesk", "benchmark passphrase only", "Bench")
        try:
            seed(store, rows=rows, prose=prose, recommendations=recs)
            overview = build_document(store, REF, "overview", marking=None)
            chronology = build_document(store, REF, "chronology", marking=None)
        finally:
            store.close()
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
    print(f"review: {rows} key chronology rows, {recs} recommendations, {prose} chair paragraphs")
    measure("overview report", overview, args.repeat)
    measure(f"combined chronology ({rows} rows in one table)", chronology, args.repeat)
    spec = importlib.util.find_spec("typst")
    typst_dir = Path(spec.origin).parent if spec and spec.origin else None
    if typst_dir is not None:
        print(f"\ntypst package on disk: {folder_size(typst_dir) / 1e6:.1f} MB ({typst_dir})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
