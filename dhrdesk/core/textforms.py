"""Canonical text forms: the folding every comparison of names and identifiers uses.

Text reaches DHR Desk pasted from Word, exported from case-management systems
and typed on phones, so one name arrives in many byte sequences: composed or
decomposed accents (``é`` or ``e`` + U+0301), non-breaking, narrow and
zero-width spaces, soft hyphens, typographic apostrophes and dashes, full-width
digits. :func:`fold` turns each into one canonical form (lower case, accents
removed, look-alikes unified, ignorable characters dropped, spaces collapsed);
:func:`fold_map` does the same and says where each folded character came from,
so a match found in the folded text can be replaced in the original without
touching anything around it.

:func:`nfc` is what the store applies to every text on the way in.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Characters that carry no letter: zero-width spaces and joiners, the word joiner,
# the byte-order mark, the soft hyphen, the Mongolian vowel separator.
IGNORABLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")
APOSTROPHES = "'’‘ʼ`´′‛＇"
HYPHENS = "-‐‑‒–—―−﹣－⁃"
_EXTRA_FOLDS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
}


def _fold_char(ch: str) -> str:
    if ch in IGNORABLE:
        return ""
    if ch.isspace():
        return " "
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    out = []
    for c in decomposed:
        if unicodedata.combining(c):
            continue
        if c.isspace():
            out.append(" ")
        elif c in APOSTROPHES:
            out.append("'")
        elif c in HYPHENS:
            out.append("-")
        else:
            out.append(_EXTRA_FOLDS.get(c, c))
    return "".join(out).lower()


class _FoldTable(dict):
    """A ``str.translate`` table that computes each character's fold once."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower case, accents removed, look-alikes unified, ignorables dropped, spaces
    collapsed: the form in which two spellings of one identifier are equal."""
    if not text:
        return ""
    if text.isascii():
        return " ".join(_fold_ascii(text).split())
    # The ASCII runs (most of any English text) the quick way, the rest by the table.
    parts: list[str] = []
    position = 0
    for found in _NON_ASCII.finditer(text):
        parts.append(_fold_ascii(text[position : found.start()]))
        parts.append(found.group().translate(_TABLE))
        position = found.end()
    parts.append(_fold_ascii(text[position:]))
    return " ".join("".join(parts).split())


def _fold_ascii(text: str) -> str:
    """The table's fold of an ASCII text: every ASCII character folds to itself in lower
    case, except the backquote (an apostrophe); spaces are collapsed by the caller."""
    return text.lower().replace("`", "'")


def fold_char(ch: str) -> str:
    return _TABLE[ord(ch)]


def fold_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index in ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    space = True  # no leading space
    for index, ch in enumerate(text):
        folded = _TABLE[ord(ch)]
        if not folded:
            continue
        for c in folded:
            if c == " ":
                if space:
                    continue
                space = True
            else:
                space = False
            out.append(c)
            origin.append(index)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` that folded characters ``start:end`` came from, including
    the combining marks and ignorable characters that belong to its last letter."""
    first = origin[start]
    last = origin[end - 1] + 1
    while last < len(text) and not _TABLE[ord(text[last])] and not text[last].isspace():
        last += 1
    return first, last


def nfc(text: str) -> str:
    """The composed (NFC) form: one byte sequence for one written text."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """NFC applied to every string inside a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, tuple):
        return tuple(nfc_deep(v) for v in value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    return value
