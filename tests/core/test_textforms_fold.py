"""fold() is the one character at a time fold, only quicker (issue 15).

The reference below is the implementation fold() replaced, kept here word for word
(each character normalised on its own, then spaces collapsed); the property tests
compare the two on any text, and on texts made of the characters that fold specially.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from dhrdesk.core.textforms import APOSTROPHES, HYPHENS, IGNORABLE, fold, fold_map

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


def _old_fold_char(ch: str) -> str:
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


def old_fold(text: str) -> str:
    if not text:
        return ""
    return " ".join("".join(_old_fold_char(ch) for ch in text).split())


SPECIAL = (
    "AaZz09 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0`'-_.,;:!?\"()"
    + APOSTROPHES
    + HYPHENS
    + "".join(IGNORABLE)
    + "".join(_EXTRA_FOLDS)
    + "ŁØĐÐÞẞÆŒİĦŦĿ"
    + "éÉèçñÑüÜåÅ\u0301\u0308\u0327ﬁﬀ２３ＡＺ\u2002\u2003\u2009\u202f\u3000½²ǅǄ"
    + "ΣσςΑάİıĲĳ\u1fef\u1fed"
)


@settings(max_examples=2000, deadline=None)
@given(st.text())
def test_fold_is_the_old_fold_on_any_text(text: str) -> None:
    assert fold(text) == old_fold(text)
    assert fold_map(text)[0] == fold(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPECIAL), max_size=40))
def test_fold_is_the_old_fold_on_special_characters(text: str) -> None:
    assert fold(text) == old_fold(text)
    assert fold_map(text)[0] == fold(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_fold_is_the_old_fold_on_ascii(text: str) -> None:
    assert fold(text) == old_fold(text)


def test_fold_is_the_old_fold_on_every_character() -> None:
    for code in range(0x110000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"A{ch}b `{ch}"
        assert fold(text) == old_fold(text), hex(code)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPECIAL)) | st.text(), st.text())
def test_search_folds_title_and_body_apart_as_one_text(title: str, body: str) -> None:
    from dhrdesk.store.search import fold_lines

    assert fold_lines(title, body) == fold(f"{title}\n{body}") == old_fold(f"{title}\n{body}")
