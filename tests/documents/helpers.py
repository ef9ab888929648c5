"""Reading generated PDFs back, the way a reader or a search tool would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def require_pdftotext() -> str:
    if PDFTOTEXT is None:  # `make test` installs it: a missing tool is a failure, not a skip
        pytest.fail("pdftotext (Debian package poppler-utils) is not installed: run make install")
    return PDFTOTEXT


def pages_text(path: Path, *, layout: bool = True) -> list[str]:
    """Text of each page via ``pdftotext`` (pages are separated by form feeds)."""
    exe = require_pdftotext()
    args = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, check=True, capture_output=True, timeout=60).stdout
    pages = out.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def nonblank_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip()]


# ------------------------------------------------------------------ DOCX list numbers
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fmt(value: int, kind: str) -> str:
    if kind == "upperLetter":
        return chr(ord("A") + value - 1)
    if kind == "bullet":
        return ""
    return str(value)


def docx_numbers(path: Path) -> list[tuple[str, str, str]]:
    """(number Word shows, style id, text) for every body paragraph of a DOCX, computed
    the way Word does from numbering.xml: numPr on the paragraph, else on its style;
    numId 0 switches numbering off. Paragraphs without a number give ""."""
    import docx

    word = docx.Document(str(path))
    numbering = word.part.numbering_part.element
    abstract = {}
    for item in numbering.findall(f"{W}abstractNum"):
        levels = {}
        for lvl in item.findall(f"{W}lvl"):
            levels[int(lvl.get(f"{W}ilvl"))] = (
                lvl.find(f"{W}numFmt").get(f"{W}val"),
                lvl.find(f"{W}lvlText").get(f"{W}val"),
            )
        abstract[item.get(f"{W}abstractNumId")] = levels
    nums = {
        n.get(f"{W}numId"): n.find(f"{W}abstractNumId").get(f"{W}val")
        for n in numbering.findall(f"{W}num")
    }
    style_num = {}
    for style in word.styles.element.findall(f"{W}style"):
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None and num.find(f"{W}numId") is not None:
            ilvl = num.find(f"{W}ilvl")
            style_num[style.get(f"{W}styleId")] = (
                num.find(f"{W}numId").get(f"{W}val"),
                int(ilvl.get(f"{W}val")) if ilvl is not None else 0,
            )
    counters: dict[str, list[int]] = {}
    out = []
    for paragraph in word.element.body.iter(f"{W}p"):
        style_el = paragraph.find(f"{W}pPr/{W}pStyle")
        style = style_el.get(f"{W}val") if style_el is not None else ""
        own = paragraph.find(f"{W}pPr/{W}numPr")
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        num_id, level = style_num.get(style, ("0", 0))
        if own is not None:
            nid = own.find(f"{W}numId")
            ilvl = own.find(f"{W}ilvl")
            num_id = nid.get(f"{W}val") if nid is not None else num_id
            level = int(ilvl.get(f"{W}val")) if ilvl is not None else level
        if num_id == "0" or num_id not in nums:
            out.append(("", style, text))
            continue
        key = nums[num_id]
        count = counters.setdefault(num_id if key not in ("1", "2") else key, [0] * 9)
        count[level] += 1
        for deeper in range(level + 1, 9):
            count[deeper] = 0
        kind, pattern = abstract[key][level]
        shown = pattern
        for i in range(level + 1):
            fmt_i = abstract[key][i][0]
            shown = shown.replace(f"%{i + 1}", _fmt(count[i], fmt_i))
        out.append((shown, style, text))
    return out
