"""Layout check of the DOCX files in a Word-like renderer (LibreOffice), outside the suite.

Run: ``.venv/bin/python benchmarks/docx_layout.py [FILE.docx ...]``

Without files it builds the demo store's documents (the main demo review's overview,
executive summary, action plan, chronology, terms of reference, an IMR and the
letters) into a temporary folder. Each DOCX is converted to PDF with
``soffice --headless --convert-to pdf`` and read back with pdftotext; the script
reports, per file:

* the page count in LibreOffice beside the page count of DHR Desk's own PDF of the
  same document (the same face and widths, so they should be close);
* blank pages: pages with nothing but the running header and footer (a stray page
  break or an empty section-break paragraph);
* pages whose last body line is a heading (a heading left alone at a page foot).

LibreOffice is not a dependency: without ``soffice`` on the PATH the script says so
and exits 0. Exit 1 when a blank page or a stranded heading is found.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FURNITURE = re.compile(
    r"^\s*(OFFICIAL[- ]SENSITIVE|OFFICIAL|Personal and confidential|.*Page \d+ of \d+)\s*$"
)


def pages_of(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def body_lines(page: str) -> list[str]:
    return [
        line.strip() for line in page.splitlines() if line.strip() and not FURNITURE.match(line)
    ]


def headings_of(docx_path: Path) -> set[str]:
    import docx

    word = docx.Document(str(docx_path))
    return {
        " ".join(p.text.split())
        for p in word.paragraphs
        if p.style.name.startswith("Heading") and p.text.strip()
    }


def check(docx_path: Path, out_dir: Path, own_pdf: Path | None = None) -> dict:
    started = time.perf_counter()
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    seconds = time.perf_counter() - started
    rendered = out_dir / (docx_path.stem + ".pdf")
    pages = pages_of(rendered)
    headings = headings_of(docx_path)
    blank = [i for i, page in enumerate(pages, start=1) if not body_lines(page)]
    stranded = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = body_lines(page)
        if lines:
            last = " ".join(lines[-1].split())
            if any(last == h or last.endswith(" " + h) or h.endswith(last) for h in headings):
                stranded.append((number, last))
    own = len(pages_of(own_pdf)) if own_pdf and own_pdf.exists() else None
    return {
        "file": docx_path.name,
        "pages": len(pages),
        "own_pdf_pages": own,
        "blank": blank,
        "stranded_headings": stranded,
        "seconds": seconds,
    }


def demo_documents(folder: Path) -> list[tuple[Path, Path | None]]:
    """The demo review's restricted documents and letters, DOCX beside DHR Desk's PDF
    (the publication pack is the gate's business and is left out)."""
    from dhrdesk.cli import DEMO_PASSPHRASE
    from dhrdesk.demo import (
        DEMO_MARKING,
        DEMO_REFERENCE,
        ensure_demo_reviews,
        prepare_out_dir,
        write_demo_letters,
        write_overview,
        write_restricted_documents,
    )
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.docx import write_docx
    from dhrdesk.store import Store

    store = Store.create(folder / "demo.dhrdesk", DEMO_PASSPHRASE, "Layout check")
    out = prepare_out_dir(folder / "out")
    try:
        ensure_demo_reviews(store)
        overview = write_overview(store, out)
        document = build_document(store, DEMO_REFERENCE, "overview", marking=DEMO_MARKING)
        written = [overview, write_docx(document, overview.with_suffix(".docx"))]
        written += write_restricted_documents(store, out)
        written += write_demo_letters(store, out)
    finally:
        store.close()
    docs = [p for p in written if p.suffix == ".docx"]
    return [(p, p.with_suffix(".pdf")) for p in docs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="DOCX files (default: the demo's)")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is not installed: nothing to check.")
        print("On Debian: apt-get install libreoffice-writer-nogui")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.files:
            targets = [(p, p.with_suffix(".pdf")) for p in args.files]
        else:
            targets = demo_documents(folder)
        rendered = folder / "rendered"
        rendered.mkdir()
        problems = 0
        print(f"{'file':<70} {'LO pages':>8} {'PDF pages':>9}  blank  stranded headings")
        for docx_path, pdf in targets:
            result = check(docx_path, rendered, pdf)
            problems += len(result["blank"]) + len(result["stranded_headings"])
            own = result["own_pdf_pages"]
            print(
                f"{result['file'][:70]:<70} {result['pages']:>8} "
                f"{own if own is not None else '-':>9}  "
                f"{','.join(map(str, result['blank'])) or '-':<5}  "
                + (
                    "; ".join(f"p{n}: {text[:40]}" for n, text in result["stranded_headings"])
                    or "-"
                )
            )
        print(f"{len(targets)} files; {problems} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
