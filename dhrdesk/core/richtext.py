"""The chair's text, stored as structured blocks (never arbitrary HTML).

Why: the same content must render identically to PDF and DOCX, survive export
and import, and be safe to store (no scripts, no remote images). A section is a
list of blocks; a block is one of:

``{"type": "paragraph", "runs": [Run, ...]}``
``{"type": "heading", "text": "..."}``                 (a heading within a section)
``{"type": "bullets", "items": [[Run, ...], ...]}``
``{"type": "numbered", "items": [[Run, ...], ...]}``
``{"type": "quote", "runs": [Run, ...]}``
``{"type": "table", "header": ["..."], "rows": [["...", ...], ...]}``

A run is ``{"text": "...", "bold": bool?, "italic": bool?}``, or an endnote
``{"endnote": "source text"}``, or a reference to a chronology row
``{"chronology": <row id>, "label": "3 April 2019"}``.
"""

from __future__ import annotations

import re
from typing import Any

from dhrdesk.core.errors import ValidationError

BLOCK_TYPES = ("paragraph", "heading", "bullets", "numbered", "quote", "table")
MAX_TEXT = 200_000
MAX_BLOCKS = 5_000
_WORD = re.compile(r"\b[\w’'-]+\b", re.UNICODE)


def _fail(where: str, why: str) -> None:
    raise ValidationError(f"{where}: {why}")


def _check_text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        _fail(where, "expected text")
    if len(value) > MAX_TEXT:
        _fail(where, "text is too long")


def validate_runs(runs: Any, where: str) -> None:
    if not isinstance(runs, list):
        _fail(where, "expected a list of runs")
    for i, run in enumerate(runs):
        here = f"{where}[{i}]"
        if not isinstance(run, dict):
            _fail(here, "expected a run")
        if "text" in run:
            _check_text(run["text"], here + ".text")
            extra = set(run) - {"text", "bold", "italic"}
            if extra:
                _fail(here, f"unknown field {sorted(extra)[0]!r}")
            for flag in ("bold", "italic"):
                if flag in run and not isinstance(run[flag], bool):
                    _fail(f"{here}.{flag}", "expected true or false")
        elif "endnote" in run:
            _check_text(run["endnote"], here + ".endnote")
            if set(run) - {"endnote"}:
                _fail(here, "an endnote has only its text")
        elif "chronology" in run:
            if not isinstance(run["chronology"], int) or isinstance(run["chronology"], bool):
                _fail(here + ".chronology", "expected a chronology row number")
            _check_text(run.get("label", ""), here + ".label")
            if set(run) - {"chronology", "label"}:
                _fail(here, "unknown field in a chronology reference")
        else:
            _fail(here, "a run needs text, an endnote or a chronology reference")


def validate_blocks(blocks: Any, where: str = "content") -> None:
    """Raise ValidationError naming the place when ``blocks`` is not well-formed."""
    if not isinstance(blocks, list):
        _fail(where, "expected a list of blocks")
    if len(blocks) > MAX_BLOCKS:
        _fail(where, "too many blocks")
    for i, block in enumerate(blocks):
        here = f"{where}[{i}]"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            _fail(here, f"a block must have a type among {', '.join(BLOCK_TYPES)}")
        kind = block["type"]
        if kind in ("paragraph", "quote"):
            validate_runs(block.get("runs"), here + ".runs")
        elif kind == "heading":
            _check_text(block.get("text"), here + ".text")
        elif kind in ("bullets", "numbered"):
            items = block.get("items")
            if not isinstance(items, list):
                _fail(here + ".items", "expected a list")
            for j, item in enumerate(items):
                validate_runs(item, f"{here}.items[{j}]")
        elif kind == "table":
            header = block.get("header", [])
            rows = block.get("rows")
            if not isinstance(header, list) or not isinstance(rows, list):
                _fail(here, "a table needs a header list and rows")
            for j, cell in enumerate(header):
                _check_text(cell, f"{here}.header[{j}]")
            width = len(header) if header else None
            for j, row in enumerate(rows):
                if not isinstance(row, list):
                    _fail(f"{here}.rows[{j}]", "expected a list of cells")
                if width is not None and len(row) != width:
                    _fail(f"{here}.rows[{j}]", f"expected {width} cells, found {len(row)}")
                for k, cell in enumerate(row):
                    _check_text(cell, f"{here}.rows[{j}][{k}]")


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "runs": [{"text": text}]}


def from_plain_text(text: str) -> list[dict]:
    """Paragraphs from text with blank lines between them (for simple callers and imports)."""
    return [paragraph(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip()]


def runs_text(runs: list[dict], *, endnote_marker: str = "") -> str:
    out = []
    for run in runs:
        if "text" in run:
            out.append(run["text"])
        elif "chronology" in run:
            out.append(run.get("label") or f"[chronology row {run['chronology']}]")
        elif "endnote" in run and endnote_marker:
            out.append(endnote_marker)
    return "".join(out)


def block_lines(block: dict) -> list[str]:
    """A block as plain lines (for diffs, word counts and the anonymisation scan)."""
    kind = block["type"]
    if kind in ("paragraph", "quote"):
        return [runs_text(block["runs"])]
    if kind == "heading":
        return [block["text"]]
    if kind in ("bullets", "numbered"):
        marker = "•" if kind == "bullets" else None
        return [
            f"{marker or str(i + 1) + '.'} {runs_text(item)}"
            for i, item in enumerate(block["items"])
        ]
    if kind == "table":
        lines = [" | ".join(block.get("header", []))] if block.get("header") else []
        lines += [" | ".join(row) for row in block["rows"]]
        return lines
    return []


def plain_text(blocks: list[dict]) -> str:
    return "\n".join(line for block in blocks for line in block_lines(block))


def endnotes(blocks: list[dict]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        run_lists = [block.get("runs", [])] + list(block.get("items", []))
        for runs in run_lists:
            found.extend(run["endnote"] for run in runs if "endnote" in run)
    return found


def word_count(blocks: list[dict]) -> int:
    """Words the chair wrote (list markers and table rules are not words)."""
    texts: list[str] = []
    for block in blocks:
        if block["type"] in ("paragraph", "quote"):
            texts.append(runs_text(block["runs"]))
        elif block["type"] == "heading":
            texts.append(block["text"])
        elif block["type"] in ("bullets", "numbered"):
            texts.extend(runs_text(item) for item in block["items"])
        elif block["type"] == "table":
            texts.extend(block.get("header", []))
            texts.extend(cell for row in block["rows"] for cell in row)
    return sum(len(_WORD.findall(text)) for text in texts)
