"""Show what a tagged PDF gives assistive technology: its bookmarks and structure tree.

    .venv/bin/python tools/pdf_outline.py FILE.pdf OUT.html

Reads the file with pypdf (nothing of DHR Desk's renderer) and writes one HTML page:
the document's language, title and PDF/UA identification, the bookmarks (outline) as
a viewer's bookmarks pane shows them, and the structure tree in reading order
(headings with their text, lists, tables with their header cells, figures with their
alternative text). ``node tools/screenshot.mjs OUT.html PICTURE.png`` makes the
picture in docs/images.
"""

from __future__ import annotations

import html
import sys
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def _outline(items, depth: int = 0) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out += _outline(item, depth + 1)
        else:
            out.append(f'<li style="margin-left:{depth * 1.4}rem">{html.escape(item.title)}</li>')
    return out


SHOWN = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Figure", "/Table", "/L", "/TOC"}


def _tree(reader: PdfReader) -> tuple[list[str], Counter]:
    lines: list[str] = []
    counts: Counter = Counter()

    def walk(node, depth: int) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child, depth)
            return
        if not isinstance(node, DictionaryObject):
            return
        if "/S" not in node:  # the tree's root
            if "/K" in node:
                walk(node["/K"], depth)
            return
        role = str(node["/S"])
        counts[role] += 1
        if role in SHOWN:
            text = str(node.get("/T", "") or node.get("/Alt", ""))
            if role == "/Table":
                kinds = Counter()

                def cells(item) -> None:
                    item = item.get_object() if hasattr(item, "get_object") else item
                    if isinstance(item, ArrayObject):
                        for child in item:
                            cells(child)
                    elif isinstance(item, DictionaryObject) and "/S" in item:
                        kinds[str(item["/S"])] += 1
                        if "/K" in item:
                            cells(item["/K"])

                cells(node.get("/K"))
                text = (
                    f"{kinds['/TR']} rows, {kinds['/TH']} header cells, {kinds['/TD']} data cells"
                )
            elif role in ("/L", "/TOC"):
                text = "list" if role == "/L" else "contents"
            label = html.escape(role.lstrip("/"))
            detail = html.escape(text[:160] + ("…" if len(text) > 160 else ""))
            key = "alt" if role == "/Figure" else ""
            lines.append(
                f'<li style="margin-left:{depth * 1.2}rem"><b>{label}</b> '
                f'<span class="{key}">{detail}</span></li>'
            )
            if role in ("/Table", "/TOC", "/L"):
                return
        if "/K" in node:
            walk(node["/K"], depth + (1 if role in SHOWN else 0))

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return lines, counts


def page(path: Path) -> str:
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    facts = [
        ("File", path.name),
        ("Pages", str(len(reader.pages))),
        ("Language (/Lang)", str(root.get("/Lang", "none"))),
        ("Title shown (DisplayDocTitle)", str(reader.metadata.title if reader.metadata else "")),
        ("Tagged (/MarkInfo /Marked)", str(root.get("/MarkInfo", {}).get("/Marked", False))),
        ("PDF/UA identification (XMP)", "part 1" if "<pdfuaid:part>1<" in xmp else "none"),
    ]
    tree, counts = _tree(reader)
    summary = ", ".join(f"{n} {r.lstrip('/')}" for r, n in sorted(counts.items()))
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts
    )
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Outline of {html.escape(path.name)}</title><style>
body {{ font-family: "Liberation Sans", Arial, sans-serif; margin: 1.2rem; color: #1a1a1a; }}
h1 {{ font-size: 1.2rem; color: #1f3a5f; margin: 0 0 .6rem; }} h2 {{ font-size: 1rem; color: #1f3a5f; }}
table {{ border-collapse: collapse; font-size: .85rem; }} th, td {{ text-align: left; padding: .15rem .6rem; border-bottom: 1px solid #ddd; }}
.cols {{ display: grid; grid-template-columns: 1fr 1.6fr; gap: 1.5rem; }}
ul {{ list-style: none; padding: 0; margin: 0; font-size: .8rem; line-height: 1.45; }}
.pane {{ border: 1px solid #b8b8b8; padding: .6rem; background: #fafbfc; }} .alt {{ color: #2e5d2e; font-style: italic; }}
.summary {{ font-size: .75rem; color: #5a5a5a; }}
</style></head><body><h1>Tagged publication PDF: what assistive technology reads</h1>
<table>{rows}</table>
<div class="cols"><section><h2>Bookmarks (outline)</h2><div class="pane"><ul>{"".join(_outline(reader.outline))}</ul></div></section>
<section><h2>Structure tree (headings, lists, tables, figures)</h2><div class="pane"><ul>{"".join(tree)}</ul></div>
<p class="summary">All elements: {html.escape(summary)}</p></section></div></body></html>"""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    Path(argv[1]).write_text(page(Path(argv[0])), encoding="utf-8")
    print(f"wrote {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
