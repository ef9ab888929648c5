"""Comparing two frozen drafts section by section, in words a chair can read.

A draft snapshot (built by dhrdesk.documents when a draft is frozen) is::

    {"documents": {"overview": [{"key": "introduction", "heading": "1 Introduction",
                                 "paragraphs": ["1.1 ...", "1.2 ..."]}, ...],
                   "executive_summary": [...]}}

The comparison lists, per section, whether it is unchanged, changed, added or
removed, and for changed sections the paragraphs removed and added, with the
changed words marked [-like this-] and {+like this+}.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class ParagraphChange:
    kind: str  # "added" | "removed" | "changed"
    before: str = ""
    after: str = ""
    marked: str = ""  # word-level diff of a changed paragraph


@dataclass
class SectionDiff:
    document: str
    key: str
    heading: str
    status: str  # "unchanged" | "changed" | "added" | "removed"
    changes: list[ParagraphChange] = field(default_factory=list)


def mark_words(before: str, after: str) -> str:
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def _strip_number(paragraph: str) -> str:
    """Paragraph numbers shift when a paragraph is inserted; compare the words only."""
    return re.sub(r"^\d+(\.\d+)+\s+", "", paragraph)


def _pair_similar(old: list[str], new: list[str]) -> list[ParagraphChange]:
    """Within a replaced run, a new paragraph that resembles an old one is a change of it;
    the rest are additions and removals. Order follows the new text."""
    used: set[int] = set()
    out: list[ParagraphChange] = []
    for paragraph in new:
        best, best_ratio = None, 0.5
        for index, candidate in enumerate(old):
            if index in used:
                continue
            ratio = difflib.SequenceMatcher(None, candidate, paragraph, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = index, ratio
        if best is None:
            out.append(ParagraphChange("added", after=paragraph))
        else:
            used.add(best)
            out.append(
                ParagraphChange("changed", old[best], paragraph, mark_words(old[best], paragraph))
            )
    out += [ParagraphChange("removed", before=p) for i, p in enumerate(old) if i not in used]
    return out


def _paragraph_changes(before: list[str], after: list[str]) -> list[ParagraphChange]:
    a = [_strip_number(p) for p in before]
    b = [_strip_number(p) for p in after]
    changes: list[ParagraphChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            changes += _pair_similar(a[i1:i2], b[j1:j2])
        elif op == "delete":
            changes += [ParagraphChange("removed", before=p) for p in a[i1:i2]]
        elif op == "insert":
            changes += [ParagraphChange("added", after=p) for p in b[j1:j2]]
    return changes


def compare(before: dict, after: dict) -> list[SectionDiff]:
    """Section-by-section differences between two snapshots, in document order."""
    diffs: list[SectionDiff] = []
    docs_before = before.get("documents", {})
    docs_after = after.get("documents", {})
    for document in list(dict.fromkeys([*docs_before, *docs_after])):
        old = {s["key"]: s for s in docs_before.get(document, [])}
        new = {s["key"]: s for s in docs_after.get(document, [])}
        order = [s["key"] for s in docs_after.get(document, [])]
        order += [k for k in old if k not in new]
        for key in order:
            if key not in old:
                diffs.append(
                    SectionDiff(
                        document,
                        key,
                        new[key]["heading"],
                        "added",
                        [ParagraphChange("added", after=p) for p in new[key]["paragraphs"]],
                    )
                )
            elif key not in new:
                diffs.append(SectionDiff(document, key, old[key]["heading"], "removed"))
            else:
                changes = _paragraph_changes(old[key]["paragraphs"], new[key]["paragraphs"])
                status = "changed" if changes else "unchanged"
                diffs.append(SectionDiff(document, key, new[key]["heading"], status, changes))
    return diffs


def render_text(diffs: list[SectionDiff], *, include_unchanged: bool = False) -> str:
    """The comparison as plain text (CLI and the GUI's compare view)."""
    lines: list[str] = []
    for diff in diffs:
        if diff.status == "unchanged" and not include_unchanged:
            continue
        lines.append(f"== {diff.heading} ({diff.status})")
        for change in diff.changes:
            if change.kind == "changed":
                lines.append(f"  ~ {change.marked}")
            elif change.kind == "added":
                lines.append(f"  + {change.after}")
            else:
                lines.append(f"  - {change.before}")
    return "\n".join(lines) if lines else "The two drafts are the same."
