"""Benchmark: the overview report of a large review, against a bare ReportLab floor.

Run: ``.venv/bin/python benchmarks/documents.py`` (``--quick`` for a smaller review).

A large review is generated through the repositories (fictional text only):
about 150 pages of overview with 2,000 key chronology rows and 40
recommendations with their actions. Then:

* **ours**: ``render_pdf`` of the overview (cover, marking in header and footer,
  version control, contents with page numbers, bookmarks, Page X of Y,
  numbered paragraphs, endnotes, glossary, landscape action plan);
* **floor**: a bare ReportLab ``SimpleDocTemplate`` build of the same paragraphs
  and tables (same font, same cell paragraphs, LongTable with a repeated
  header) without any of those features.

The ratio ours/floor must stay under 2.5 (issue 5). The time to build the
document model from the store is printed separately.

DOCX hook: the DOCX backend's helper adds its timing in :func:`bench_docx`
(same document, ratio against the same floor); until ``dhrdesk.documents.docx``
exists it prints "DOCX: not available yet".
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import Paragraph as RLParagraph  # noqa: E402
from reportlab.platypus import SimpleDocTemplate  # noqa: E402
from reportlab.platypus.tables import LongTable  # noqa: E402

from dhrdesk.core import model as m  # noqa: E402
from dhrdesk.documents import fonts  # noqa: E402
from dhrdesk.documents.builders import build_document  # noqa: E402
from dhrdesk.documents.model import (  # noqa: E402
    BulletList,
    Document,
    Heading,
    Paragraph,
    Quote,
    Table,
    plain,  # noqa: E402
)
from dhrdesk.documents.pdf import render_pdf  # noqa: E402
from dhrdesk.store import Store  # noqa: E402

REF = "DHR 2099/01"
LIMIT = 2.5
SENTENCES = [
    "The panel read the records of each agency in turn and compared them with the family's account.",
    "Practitioners recorded the contact but did not ask the routine enquiry questions about abuse.",
    "The DASH risk checklist was completed by telephone and scored as standard risk.",
    "No referral was made to MARAC, although the number of incidents met the escalation criteria.",
    "The GP practice held information about the injuries that other agencies did not know.",
    "Supervision records show that the worker raised concerns that were not followed up.",
    "An IDVA offered support twice; the second offer was declined after the perpetrator returned.",
    "Information sharing between the housing provider and the police relied on e-mail.",
]
SECTIONS_WITH_PROSE = (
    "introduction",
    "methodology",
    "family_involvement",
    "equality_diversity",
    "background",
    "overview",
    "analysis",
    "conclusions",
    "lessons",
)


def paragraph(i: int) -> dict:
    text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(5))
    runs: list[dict] = [{"text": text}]
    if i % 9 == 0:
        runs.append({"endnote": f"Fictional source document number {i}, page {i % 40 + 1}."})
    return {"type": "paragraph", "runs": runs}


def seed(store: Store, *, rows: int, prose: int, recommendations: int) -> int:
    """A large fictional review, written through the repositories."""
    rid = store.repos.reviews.create(
        REF,
        title="Benchmark review",
        csp="Benchmark Community Safety Partnership",
        month_of_death="2024-03",
    )
    records = store.repos.records
    records.save(m.Subject(rid, "victim", "Adult A"))
    records.save(m.Subject(rid, "perpetrator", "Adult B"))
    records.save(m.ReviewPerson(rid, "chair", "Benchmark Chair"))
    agencies = []
    for n in range(12):
        agency = m.Agency(rid, f"Benchmark Agency {n + 1}")
        records.save(agency)
        agencies.append(agency.id)
    for n in range(10):
        records.save(m.PanelMember(rid, f"Panel Member {n + 1}", "Lead", f"Agency {n + 1}"))
    start = dt.date(2019, 1, 1)
    entries = [
        m.ChronologyEntry(
            rid,
            agencies[i % len(agencies)],
            (start + dt.timedelta(days=i)).isoformat(),
            "Case record",
            event=f"Contact {i + 1}: {SENTENCES[i % len(SENTENCES)]}",
            key_event=True,
        )
        for i in range(rows)
    ]
    store.repos.agency_input.add_entries(entries)
    for n in range(1, recommendations + 1):
        rec = m.Recommendation(
            rid,
            n,
            f"Recommendation text {n}: " + SENTENCES[n % len(SENTENCES)],
            lead_agency=f"Benchmark Agency {n % 12 + 1}",
        )
        records.save(rec)
        for a in range(2):
            records.save(m.Action(rec.id, f"Action {a + 1}: {SENTENCES[(n + a) % 8]}", sort=a))
    per_section = prose // len(SECTIONS_WITH_PROSE)
    for s, key in enumerate(SECTIONS_WITH_PROSE):
        blocks = [paragraph(s * per_section + i) for i in range(per_section)]
        store.repos.drafting.save_section(m.ReportSection(rid, "overview", key, blocks))
    return rid


def floor(document: Document) -> bytes:
    """The same paragraphs and tables with bare ReportLab: no features at all."""
    fonts.register_fonts()
    body = ParagraphStyle("b", fontName=fonts.FAMILY, fontSize=10.5, leading=15, spaceAfter=8)
    head = ParagraphStyle("h", fontName=fonts.BOLD, fontSize=15, leading=20, spaceAfter=10)
    cell = ParagraphStyle("c", fontName=fonts.FAMILY, fontSize=8.5, leading=11)
    story = []
    width = A4[0] - 5 * cm
    for part in document.parts():
        story.append(RLParagraph(escape(part.heading), head))
        for block in part.blocks:
            if isinstance(block, (Paragraph, Quote)):
                story.append(RLParagraph(escape(plain(block.text)), body))
            elif isinstance(block, Heading):
                story.append(RLParagraph(escape(block.text), head))
            elif isinstance(block, BulletList):
                story += [RLParagraph(escape(plain(item)), body) for item in block.items]
            elif isinstance(block, Table):
                data = [[RLParagraph(escape(h), cell) for h in block.header]]
                data += [[RLParagraph(escape(plain(c)), cell) for c in row] for row in block.rows]
                story.append(
                    LongTable(
                        data,
                        colWidths=[width / len(block.header)] * len(block.header),
                        repeatRows=1,
                    )
                )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def timed(fn):
    began = time.perf_counter()
    value = fn()
    return time.perf_counter() - began, value


def bench_docx(document: Document, floor_seconds: float) -> float | None:
    """DOCX HOOK: time the DOCX backend on the same document, against the same floor.

    The DOCX backend writes the body as WordprocessingML text parsed once (not
    python-docx's per-paragraph API), so it is usually faster than the floor;
    the ratio is printed with the same limit. Returns the ratio (None if absent).
    """
    if importlib.util.find_spec("dhrdesk.documents.docx") is None:
        print("DOCX: not available yet")
        return None
    from dhrdesk.documents import docx as docx_backend

    docx_backend.render_docx(document)  # warm up: imports, the Word template
    runs = [timed(lambda: docx_backend.render_docx(document)) for _ in range(3)]
    seconds, data = min(runs, key=lambda run: run[0])
    import docx as python_docx

    paragraphs = len(python_docx.Document(io.BytesIO(data)).paragraphs)
    ratio = seconds / floor_seconds
    print(
        f"DOCX ours: {seconds:6.2f} s   {len(data) / 1024:.0f} KiB, {paragraphs} body paragraphs "
        f"(best of 3)"
    )
    print(f"ratio DOCX/floor: {ratio:4.2f} (limit {LIMIT})")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller review (CI smoke run)")
    args = parser.parse_args(argv)
    rows, prose, recs = (200, 90, 10) if args.quick else (2000, 280, 40)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.create(Path(folder) / "bench.dhrdesk", "benchmark passphrase only", "Bench")
        try:
            seeded, _ = timed(lambda: seed(store, rows=rows, prose=prose, recommendations=recs))
            built, document = timed(lambda: build_document(store, REF, "overview"))
        finally:
            store.close()
    render_pdf(document)  # warm up: font registration, imports
    floor(document)
    ours, pdf = timed(lambda: render_pdf(document))
    bare, floor_pdf = timed(lambda: floor(document))
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    floor_pages = len(PdfReader(io.BytesIO(floor_pdf)).pages)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    print(
        f"review: {rows} key chronology rows, {recs} recommendations, {prose} chair paragraphs "
        f"(seeded in {seeded:.2f} s)"
    )
    print(f"model from the store: {built:6.2f} s")
    print(f"PDF ours:  {ours:6.2f} s   {pages} pages")
    print(f"PDF floor: {bare:6.2f} s   {floor_pages} pages")
    ratio = ours / bare
    print(f"ratio ours/floor: {ratio:4.2f} (limit {LIMIT})")
    docx_ratio = bench_docx(document, bare)
    ok = ratio < LIMIT and (docx_ratio is None or docx_ratio < LIMIT)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
