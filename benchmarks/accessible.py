"""Benchmark: the accessible publication backends against the ReportLab PDF, same document.

Run: ``.venv/bin/python benchmarks/accessible.py`` (``--quick`` for a smaller review).

The large fictional review of benchmarks/documents.py (about 150 pages of overview:
2,000 key chronology rows, 40 recommendations) is built once, then rendered by:

* **ReportLab** ``render_pdf`` (the restricted edition's backend, the baseline);
* **tagged PDF** ``render_tagged_pdf`` (Typst, PDF/UA-1: structure tree, artifacts,
  embedded fonts);
* **HTML** ``render_html``.

Each figure is the best of ``--repeat`` runs (default 2), after one warm-up run of each
backend (imports, font loading). The Typst library's size on disk is printed too: it
is what the bundle grows by.
"""

from __future__ import annotations

import argparse
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
            document = build_document(store, REF, "overview", marking=None)
        finally:
            store.close()
    for fn in (render_pdf, render_tagged_pdf, render_html):
        fn(document)  # warm up
    reportlab, pdf = best(lambda: render_pdf(document), args.repeat)
    tagged, tagged_pdf = best(lambda: render_tagged_pdf(document), args.repeat)
    html_time, html = best(lambda: render_html(document), args.repeat)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    tagged_pages = len(PdfReader(io.BytesIO(tagged_pdf)).pages)
    spec = importlib.util.find_spec("typst")
    typst_dir = Path(spec.origin).parent if spec and spec.origin else None
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )
    print(f"review: {rows} key chronology rows, {recs} recommendations, {prose} chair paragraphs")
    print(f"ReportLab PDF:        {reportlab:6.2f} s  {pages:4d} pages  {len(pdf) / 1e6:6.2f} MB")
    print(
        f"tagged PDF (Typst):   {tagged:6.2f} s  {tagged_pages:4d} pages  "
        f"{len(tagged_pdf) / 1e6:6.2f} MB  ({tagged / reportlab:.2f} x ReportLab)"
    )
    print(f"HTML:                 {html_time:6.2f} s         {len(html) / 1e6:6.2f} MB")
    if typst_dir is not None:
        print(f"typst package on disk: {folder_size(typst_dir) / 1e6:.1f} MB ({typst_dir})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
