"""The user guide's pages and its search, without Qt (the view is ui/user_guide.py).

Why the guide is read from docs/guide at run time: the same Markdown files are the
guide on the project's web pages and inside the app, so the two cannot drift, and
the screenshots they show (docs/images, made by docs/make_screenshots.py from the
real windows) stay current. In the PyInstaller bundle the files sit under
``docs/guide`` and ``docs/images`` beside the program (sys._MEIPASS).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

GUIDE_ENV = "DHRDESK_GUIDE_DIR"


@dataclass(frozen=True)
class Topic:
    """One page of the guide: a task, in the order a chair meets it."""

    slug: str
    title: str
    markdown: str
    path: Path

    @property
    def plain(self) -> str:
        """The words of the page, for searching (no Markdown marks, no image links)."""
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", self.markdown)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        return re.sub(r"[*_`#|>]", " ", text)


def guide_folder() -> Path | None:
    """docs/guide: from DHRDESK_GUIDE_DIR, the bundle, or the source tree."""
    candidates = []
    if os.environ.get(GUIDE_ENV):
        candidates.append(Path(os.environ[GUIDE_ENV]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "docs" / "guide")
    candidates.append(Path(__file__).resolve().parents[2] / "docs" / "guide")
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.md")):
            return folder
    return None


def load_topics(folder: Path | None = None) -> list[Topic]:
    """Every page, in file-name order ("01-getting-started.md" first)."""
    folder = folder if folder is not None else guide_folder()
    if folder is None:
        return []
    topics = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        title = match.group(1).strip() if match else path.stem
        slug = re.sub(r"^\d+-", "", path.stem)
        topics.append(Topic(slug, title, text, path))
    return topics


def search(topics: list[Topic], query: str) -> list[Topic]:
    """Pages holding every word of ``query`` (any case), most mentions first."""
    words = [w for w in re.split(r"\s+", query.casefold().strip()) if w]
    if not words:
        return list(topics)
    scored = []
    for order, topic in enumerate(topics):
        text = (topic.title + " " + topic.plain).casefold()
        if all(word in text for word in words):
            hits = sum(text.count(word) for word in words)
            title_bonus = 100 if all(w in topic.title.casefold() for w in words) else 0
            scored.append((-(hits + title_bonus), order, topic))
    return [topic for _, _, topic in sorted(scored, key=lambda s: (s[0], s[1]))]
