"""Independent accessibility checks of the demo's publication documents.

Run through ``make check-accessibility`` (which installs what this needs), or:

    .venv/bin/python tools/check_accessibility.py [--out build/accessibility]

1. A fresh demo store (fictional data) and ``run_demo`` into OUT/demo: every demo
   document, the publication pack included.
2. The accessible editions of every publishable document, through the gate's
   substitution and scan (``gate.prepare``): the overview, executive summary and action
   plan of the demo review as HTML and tagged PDF, the restricted overview as HTML
   (with its marking), and the regional themes report (with charts) over the demo's
   learning library; into OUT/accessible.
3. axe-core (tools/axe_check.mjs, headless Debian Chromium) against every HTML file of
   OUT/accessible and OUT/demo/publication: WCAG 2.0/2.1 A and AA, 0 violations and no
   request leaving the file.
4. The ``pdfua`` checker (PDF/UA-1, machine-checkable subset, pikepdf) against every
   PDF of OUT/accessible and OUT/demo/publication: 0 errors.

Exit status 0 when everything passed, 1 when a check found a problem, 2 when a
checker could not run. Needs no network: the demo is fictional and local, the
browser is the system's, and the HTML may make no request (axe_check.mjs fails a file
that tries).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEMO_PASSPHRASE = "accessibility check passphrase (fictional demo)"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def build(out: Path) -> list[Path]:
    """The demo and the accessible editions; returns the folders to check."""
    from dhrdesk.core.errors import DhrDeskError
    from dhrdesk.demo import DEMO_REFERENCE, LIBRARY_REFERENCES, ensure_demo_reviews, run_demo
    from dhrdesk.documents import learning_report as lr
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.gate import PACK_DOCUMENTS, anonymiser_for, prepare
    from dhrdesk.documents.html import write_html
    from dhrdesk.documents.pdf_tagged import write_tagged_pdf
    from dhrdesk.store import Store

    if out.exists():
        shutil.rmtree(out)
    demo_dir = out / "demo"
    accessible = out / "accessible"
    demo_dir.mkdir(parents=True)
    accessible.mkdir()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "demo.dhrdesk", DEMO_PASSPHRASE, "Accessibility check")
        try:
            started = time.perf_counter()
            try:
                run_demo(store, demo_dir)
                print(f"demo written to {demo_dir} in {time.perf_counter() - started:.1f} s")
            except DhrDeskError as exc:
                # Not an accessibility finding: say so, and check what was written.
                print(f"WARNING the demo stopped before its end: {exc.message}")
                ensure_demo_reviews(store)
            review = store.repos.reviews.get(DEMO_REFERENCE)
            anon = anonymiser_for(store, review.id)
            stem = _slug(DEMO_REFERENCE)
            for kind in PACK_DOCUMENTS:
                published = prepare(anon, build_document(store, DEMO_REFERENCE, kind, marking=None))
                if published.report is not None and not published.report.ok:
                    print(f"  {kind}: the gate blocks the publication edition; skipped")
                    continue
                write_html(published, accessible / f"{stem}-{kind}-publication.html")
                write_tagged_pdf(published, accessible / f"{stem}-{kind}-publication.pdf")
            restricted = build_document(
                store, DEMO_REFERENCE, "overview", marking="OFFICIAL-SENSITIVE"
            )
            write_html(restricted, accessible / f"{stem}-overview-restricted.html")
            references = [r.reference for r in store.repos.reviews.list()]
            ids = lr.review_ids_for(
                store, [r for r in references if r in LIBRARY_REFERENCES or r == DEMO_REFERENCE]
            )
            if len(ids) >= 2:
                selection = lr.select(store, ids, None, None)
                themes = lr.build_learning_report(store, ids, None, None)
                published = lr.publication_report(lr.combined_anonymiser(store, selection), themes)
                write_html(published, accessible / "themes-report-publication.html")
                write_tagged_pdf(published, accessible / "themes-report-publication.pdf")
        finally:
            store.close()
    return [accessible, demo_dir / "publication"]


def files(folders: list[Path], suffix: str) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.rglob(f"*{suffix}") if not p.name.startswith("."))
    return found


def run_axe(html_files: list[Path], printed: Path) -> int:
    node = shutil.which("node")
    if node is None:
        print("axe: node is not installed (Debian package nodejs)")
        return 2
    script = ROOT / "tools" / "axe_check.mjs"
    printed.mkdir(parents=True, exist_ok=True)
    command = [node, str(script), "--print", str(printed), *map(str, html_files)]
    return subprocess.run(command, check=False).returncode  # noqa: S603


A4 = (595.3, 841.9)


def check_printed(html_files: list[Path], printed: Path) -> int:
    """Each HTML file as Chromium prints it with its own print style sheet: every page A4
    (portrait or landscape), "Page X of Y" on each, and the marking at the top and bottom
    of every page when the file has one."""
    import re

    from pypdf import PdfReader

    failed = 0
    for html in html_files:
        pdf = printed / html.name.replace(".html", ".printed.pdf")
        if not pdf.exists():
            print(f"FAIL {html.name}: not printed")
            failed += 1
            continue
        text = html.read_text(encoding="utf-8")
        found = re.search(r'<p class="marking">([^<]+)</p>', text)
        marking = found.group(1) if found else None
        reader = PdfReader(str(pdf))
        problems = []
        total = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
            if abs(size[0] - A4[0]) > 2 or abs(size[1] - A4[1]) > 2:
                problems.append(f"page {number} is {size[0]:.0f} x {size[1]:.0f} pt, not A4")
            words = page.extract_text() or ""
            if f"Page {number} of {total}" not in words:
                problems.append(f"page {number} has no 'Page {number} of {total}'")
            if marking and words.count(marking) < 2:
                problems.append(f"page {number} lacks the marking at top and bottom")
        status = "PASS" if not problems else "FAIL"
        what = f"marking '{marking}' top and bottom" if marking else "no marking"
        print(f"{status} {html.name}: {total} A4 pages printed, {what}")
        for line in problems[:5]:
            print(f"  {line}")
        failed += bool(problems)
    return 1 if failed else 0


def run_pdfua(pdf_files: list[Path]) -> int:
    try:
        from pdfua import __version__ as version  # noqa: F401
    except ImportError:
        version = "?"
    failed = 0
    for pdf in pdf_files:
        done = subprocess.run(  # noqa: S603 - our interpreter, our files
            [sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf)],
            capture_output=True,
            check=False,
            text=True,
        )
        try:
            result = json.loads(done.stdout)
        except json.JSONDecodeError:
            print(f"ERROR {pdf}: pdfua did not run: {done.stderr.strip()[:300]}")
            return 2
        reports = result if isinstance(result, list) else [result]
        errors: list[str] = []
        skipped: list[str] = []
        for report in reports:
            for finding in report.get("findings", []):
                if finding.get("severity") == "error":
                    errors.append(f"{finding.get('rule_id')}: {finding.get('message')}")
            for skip in report.get("skipped", []) or []:
                skipped.append(
                    str(skip.get("rule_id", skip)) if isinstance(skip, dict) else str(skip)
                )
        try:
            extra = supplementary_findings(pdf)
        except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
            extra = [f"the file could not be read: {exc}"]
        errors += [f"supplementary {line}" for line in extra]
        status = "PASS" if not errors else "FAIL"
        print(
            f"{status} {pdf}: {len(errors)} errors"
            + (f", skipped {', '.join(skipped)}" if skipped else "")
        )
        for line in errors[:10]:
            print(f"  {line}")
        failed += bool(errors)
    print(
        f"pdfua {version} and the supplementary checks: {len(pdf_files) - failed} of "
        f"{len(pdf_files)} PDF files with 0 errors"
    )
    return 1 if failed else 0


BASE14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
    "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
    "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip


def supplementary_findings(pdf: Path) -> list[str]:
    """Checks of PDF/UA-1 rules that pdfua 0.1.3 does not run (or skips), with pikepdf:

    * 7.4.2-1 / 7.4.4-1: every heading element marks real content (pdfua's UA-14-001
      raises on pikepdf 10 and is skipped);
    * 7.4.2: numbered headings start at H1 and never skip a level;
    * 7.21.4.1-1: every font used is embedded; no standard-14 font is referenced;
    * the file's syntax, through qpdf's own check (pikepdf ``Pdf.check_pdf_syntax``).
    """
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(pdf) as doc:
        root = doc.Root
        if "/StructTreeRoot" not in root:
            return ["no structure tree"]

        def marks_content(node) -> bool:
            kid = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if kid is None:
                return False
            if isinstance(kid, int):
                return True
            items = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
            for item in items:
                if isinstance(item, int):
                    return True
                if isinstance(item, pikepdf.Dictionary):
                    if item.get("/Type") == pikepdf.Name("/MCR") or marks_content(item):
                        return True
            return False

        levels: list[int] = []
        stack = [root.StructTreeRoot]
        seen: set[tuple[int, int]] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            role = str(node.get("/S", ""))
            if len(role) == 3 and role.startswith("/H") and role[2].isdigit():
                levels.append(int(role[2]))
                if not marks_content(node):
                    problems.append(f"7.4.4-1: empty heading element {role}")
            if "/K" in node:
                stack.append(node.K)
        if levels and levels[0] != 1:
            problems.append(f"7.4.2-1: the first heading is H{levels[0]}, not H1")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"7.4.2-1: heading level skips from H{before} to H{after}")
        checked: set[tuple[int, int]] = set()

        def fonts(resources) -> None:
            if not isinstance(resources, pikepdf.Dictionary):
                return
            for font in (resources.get("/Font") or pikepdf.Dictionary()).values():
                if font.objgen in checked:
                    continue
                checked.add(font.objgen)
                base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                owner = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = owner.get("/FontDescriptor")
                embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                if font.get("/Subtype") == pikepdf.Name("/Type3"):
                    embedded = True
                if base in BASE14:
                    problems.append(f"7.21.4.1-1: standard font {base} referenced")
                elif not embedded:
                    problems.append(f"7.21.4.1-1: font {base} is not embedded")
            for xobject in (resources.get("/XObject") or pikepdf.Dictionary()).values():
                if xobject.objgen not in checked:
                    checked.add(xobject.objgen)
                    fonts(xobject.get("/Resources"))

        for page in doc.pages:
            fonts(page.obj.get("/Resources"))
        problems += [f"qpdf: {problem}" for problem in doc.check_pdf_syntax()]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "accessibility"))
    parser.add_argument(
        "--check-only",
        nargs="*",
        metavar="FOLDER",
        help="check these folders (or files) as they are; build nothing",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # interleave with the node checker's output
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.check_only:
        folders = [Path(p) for p in args.check_only]
    else:
        folders = build(Path(args.out))
    html_files = files(folders, ".html") + [p for p in folders if p.suffix == ".html"]
    pdf_files = files(folders, ".pdf") + [p for p in folders if p.suffix == ".pdf"]
    if not html_files or not pdf_files:
        print(f"Nothing to check: {len(html_files)} HTML and {len(pdf_files)} PDF files.")
        return 2
    printed = Path(args.out) / "printed"
    print(f"\n== axe-core (WCAG 2.1 AA) on {len(html_files)} HTML files")
    axe = run_axe(html_files, printed)
    print("\n== print style: each HTML file printed by Chromium")
    prints = check_printed(html_files, printed) if axe != 2 else 2
    print(f"\n== PDF/UA-1 (pdfua, machine-checkable subset) on {len(pdf_files)} PDF files")
    pdfua = run_pdfua(pdf_files)
    worst = max(axe, prints, pdfua)
    print("\naccessibility checks: " + ("PASSED" if worst == 0 else "FAILED"))
    return worst


if __name__ == "__main__":
    sys.exit(main())
