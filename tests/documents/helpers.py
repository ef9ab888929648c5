"""Reading generated PDFs back, the way a reader or a search tool would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PDFTOTEXT = shutil.which("pdftotext")


def require_pdftotext() -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (Debian package poppler-utils) is not installed")
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
