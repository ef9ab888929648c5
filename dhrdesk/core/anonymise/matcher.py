"""Finding register forms in text (:class:`Matcher`) and deciding each match."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dhrdesk.core.anonymise.daydates import _NOT_ALNUM
from dhrdesk.core.anonymise.register import (
    DATE_KINDS,
    PERSON_KINDS,
    STRUCTURED_KINDS,
    Form,
    RegisterItem,
    _canonical,
    _is_initial,
    derive_forms,
    english_words,
    form_pattern,
    is_title,
)
from dhrdesk.core.dates import MONTH_NAMES
from dhrdesk.core.textforms import APOSTROPHES, HYPHENS, fold, fold_map, original_span

# ----------------------------------------------------------------------- the matcher
_DETERMINERS = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "every",
    "each",
    "no",
    "any",
    "some",
    "one",
    "another",
    "as",
    "of",
    "very",
    "more",
    "most",
    "less",
    "with",
    "without",
    "in",
    "into",
    "local",
    "long",
    "short",
    "hot",
    "cold",
    "new",
    "old",
    "good",
    "bad",
    "great",
    "little",
    "small",
    "big",
    "real",
    "false",
    "much",
    "such",
    "own",
    "to",
    "we",
    "i",
    "they",
    "you",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
}
PERSON_VERBS = {
    "said",
    "says",
    "say",
    "told",
    "tells",
    "asked",
    "asks",
    "stated",
    "states",
    "reported",
    "reports",
    "explained",
    "explains",
    "recalled",
    "recalls",
    "described",
    "describes",
    "disclosed",
    "discloses",
    "called",
    "rang",
    "texted",
    "wrote",
    "writes",
    "attended",
    "visited",
    "moved",
    "lived",
    "lives",
    "returned",
    "left",
    "died",
    "worked",
    "works",
    "was",
    "is",
    "had",
    "has",
    "went",
    "came",
    "felt",
    "feels",
    "thought",
    "thinks",
    "knew",
    "saw",
    "met",
    "married",
    "agreed",
    "refused",
    "denied",
    "admitted",
    "confirmed",
    "contacted",
    "and",
    "who",
    "whose",
    "herself",
    "himself",
    "themselves",
}
_NOT_NAME_CAPS = (
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "when",
        "where",
        "while",
        "after",
        "before",
        "during",
        "following",
        "on",
        "in",
        "at",
        "and",
        "but",
        "or",
        "his",
        "her",
        "their",
        "it",
        "she",
        "he",
        "they",
        "we",
        "i",
        "if",
        "as",
        "by",
        "for",
        "from",
        "to",
        "of",
        "with",
        "although",
        "because",
        "however",
        "there",
        "both",
        "neither",
        "nor",
    }
    | {fold(m) for m in MONTH_NAMES}
    | {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
)

_TOKEN_BEFORE = re.compile(r"([^\W_][\w'’‘ʼ.\-]*)(\s+|[-‐‑–—]\s*)$")
_TOKEN_AFTER = re.compile(r"^(\s+|[-‐‑–—]\s*)([^\W_][\w'’‘ʼ\-]*\.?)")
_POSSESSIVE = re.compile(r"^([" + re.escape(APOSTROPHES) + r"])(s|S)?(?![^\W_])")


@dataclass
class Hit:
    """One register form found in a text, with the decision taken on it."""

    start: int
    end: int
    form: Form
    decision: str = "replace"  # replace | keep | finding
    category: str = "identifier"
    possessive: str = ""  # "'s" kept after the replacement (its own apostrophe)

    @property
    def entry(self) -> int:
        return self.form.key


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'‘“(\u00a0")
    if before == "":
        return True
    if before[-1] == ".":
        # "Dr. Lyons", "J. Baker": a full stop after a title or an initial ends no sentence
        last = re.search(r"([^\W_][\w'’]*)\.$", before)
        return not (last and (_is_initial(last.group(1)) or is_title(last.group(1))))
    return before[-1] in "!?:\n•;" or before.endswith(("\n", "–"))


def _token_before(text: str, index: int) -> tuple[str, int] | None:
    match = _TOKEN_BEFORE.search(text[max(0, index - 60) : index])
    if not match:
        return None
    token = match.group(1)
    if token.endswith(".") and not _is_initial(token) and not is_title(token):
        return None  # the end of a sentence, not a name before this one
    return token, index - len(match.group(0))


def _token_after(text: str, index: int) -> tuple[str, int] | None:
    match = _TOKEN_AFTER.match(text[index : index + 60])
    if not match:
        return None
    return match.group(2), index + match.start(2)


class Matcher:
    """Every register form, compiled once, found in folded text and mapped back."""

    def __init__(self, items: list[RegisterItem]) -> None:
        forms: list[Form] = []
        seen: dict[str, int] = {}
        self.by_folded: dict[str, set[int]] = {}
        for key, item in enumerate(items):
            if item.kind in DATE_KINDS:
                continue
            for form in derive_forms(item, key):
                folded = form.folded
                self.by_folded.setdefault(folded, set()).add(key)
                if folded in seen:
                    continue  # the first (most specific, non-derived) form wins
                seen[folded] = len(forms)
                forms.append(form)
        forms.sort(key=lambda f: (-len(f.folded), f.derived))
        self.forms = forms
        self.shared = {k for k, keys in self.by_folded.items() if len(keys) > 1}
        self.replacements: dict[str, list[str]] = {}
        for key, item in enumerate(items):
            for form in derive_forms(item, key) if item.kind not in DATE_KINDS else []:
                bucket = self.replacements.setdefault(form.folded, [])
                if form.replacement not in bucket:
                    bucket.append(form.replacement)
        self.regex = (
            re.compile("|".join(f"(?P<f{i}>{form_pattern(f)})" for i, f in enumerate(forms)))
            if forms
            else None
        )
        keys = set()
        for f in forms:
            if f.kind in STRUCTURED_KINDS and f.kind != "email":
                keys.add(_canonical(f.kind, f.text)[-4:])
            else:
                keys.add(re.sub(r"[\W_]", "", f.folded)[:6])
        self._keys = sorted(k for k in keys if k)
        self.name_tokens = self._name_tokens(items)

    @staticmethod
    def _name_tokens(items: list[RegisterItem]) -> dict[str, str]:
        """Folded name tokens of people and places (4 letters or more) -> their text, for
        the near-match (misspelling) check."""
        out: dict[str, str] = {}
        for item in items:
            if item.kind not in PERSON_KINDS | {"place", "workplace", "school", "address"}:
                continue
            for text in [item.value, *item.variants]:
                for token in re.split(r"[\s,]+|[" + re.escape(HYPHENS) + "]", text):
                    token = token.strip(".()")
                    folded = fold(token)
                    if len(re.sub(r"[^a-z]", "", folded)) >= 4 and not is_title(token):
                        out[folded] = token
        return out

    def may_match(self, folded_letters: str) -> bool:
        return any(k in folded_letters for k in self._keys)

    def find(self, text: str) -> list[Hit]:
        """The forms in ``text`` (original offsets), longest first, not overlapping."""
        if self.regex is None or not text:
            return []
        letters = _NOT_ALNUM.sub("", fold(text))
        if not letters or not self.may_match(letters):
            return []
        folded, origin = fold_map(text)
        hits = []
        for match in self.regex.finditer(folded):
            if match.end() == match.start() or match.lastgroup is None:
                continue
            form = self.forms[int(match.lastgroup[1:])]
            start, end = original_span(text, origin, match.start(), match.end())
            # a trailing space or separator the pattern allowed is not part of the form
            while end > start and text[end - 1].isspace():
                end -= 1
            if form.kind == "address" and re.match(r"\.\s+[a-z]", text[end : end + 3]):
                end += 1  # "Larkspur Cl. last year": the abbreviation's full stop goes too
            hit = Hit(start, end, form)
            poss = _POSSESSIVE.match(text[end:])
            if poss and form.kind not in STRUCTURED_KINDS:
                if poss.group(2) or form.folded.endswith("s"):
                    hit.possessive = poss.group(1) + "s"
                    hit.end = end + len(poss.group(0))
            hits.append(hit)
        return hits


# --------------------------------------------------------------------- the decisions
def _is_name_token(token: str, text: str, index: int, own_hits: list[Hit]) -> bool:
    """Whether ``token`` (at ``index``) reads as part of a person's or place's name."""
    if not token[:1].isupper():
        return False
    if is_title(token) or _is_initial(token):
        return False
    folded = fold(token).strip(".'")
    if folded in _NOT_NAME_CAPS:
        return False
    if token.isupper() and (len(token) <= 5 or folded in english_words()):
        return False  # an acronym (GP, IDVA, MARAC), a role, a word in a shouted heading
    if _sentence_start(text, index) and folded in english_words():
        return False
    return not any(h.start <= index < h.end for h in own_hits)


def _neighbours(text: str, hit: Hit, hits: list[Hit]) -> list[tuple[str, int]]:
    """The capitalised tokens right before and after a hit (skipping initials and titles
    before it), excluding those of the same register entry."""
    same = [h for h in hits if h.entry == hit.entry]
    out = []
    for found in (_next_token(text, hit.start, before=True), _next_token(text, hit.end)):
        if found is not None and not any(h.start <= found[1] < h.end for h in same):
            out.append(found)
    return out


def _next_token(text: str, index: int, *, before: bool = False) -> tuple[str, int] | None:
    """The first token after ``index`` (or before it) that is not an initial (nor, before
    it, a title), looking at most four tokens away."""
    for _ in range(4):
        found = _token_before(text, index) if before else _token_after(text, index)
        if found is None:
            return None
        token, at = found
        if _is_initial(token) or (before and is_title(token)):
            index = at if before else at + len(token)
            continue
        return found
    return None


def _joined_to_own_name(text: str, hit: Hit, hits: list[Hit]) -> bool:
    """Whether a hit sits next to another hit of the same register entry that is not an
    ordinary word (only spaces, commas, brackets, quotes or initials between)."""
    for other in hits:
        if other is hit or other.entry != hit.entry or other.form.is_common_word:
            continue
        if other.start >= hit.end:
            gap = text[hit.end : other.start]
        elif other.end <= hit.start:
            gap = text[other.end : hit.start]
        else:
            continue
        if len(gap) <= 12 and _GAP_SAME_NAME.match(gap):
            return True
    return False


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def decide(text: str, hits: list[Hit], *, heading: bool = False) -> list[Hit]:
    """Decide each hit: replace, keep (an ordinary word used as a word) or finding."""
    for hit in hits:
        form = hit.form
        word = text[hit.start : hit.end]
        if form.kind in STRUCTURED_KINDS or not form.single:
            continue
        capital = word[:1].isupper()
        if _joined_to_own_name(text, hit, hits):
            continue  # "MASON, Declan", "Mason Declan": part of the person's full name
        before = _token_before(text, hit.start)
        if capital and before is not None and is_title(before[0]) and not before[0].islower():
            continue  # "PC Baker", "Mrs Mason": a title makes it a person's name
        if capital and word.isupper() and len(word) > 2 and not heading and not _shouting(text):
            continue  # agency systems write surnames in capitals: "Declan MASON"
        start = _sentence_start(text, hit.start) or heading
        after = _token_after(text, hit.end)
        next_word = fold(after[0]).strip(".") if after else ""
        gap_after = text[hit.end : hit.end + 2]
        person_context = bool(hit.possessive) or next_word in PERSON_VERBS
        if form.is_common_word:
            if not capital:
                before = _token_before(text, hit.start)
                prev_word = fold(before[0]) if before else ""
                if prev_word in _DETERMINERS or prev_word.endswith("'s"):
                    hit.decision = "keep"
                elif person_context and not gap_after.startswith((",", ".", ";")):
                    hit.decision, hit.category = "finding", "ambiguous_name"
                elif hit.possessive:
                    hit.decision, hit.category = "finding", "ambiguous_name"
                else:
                    hit.decision = "keep"
                continue
            if start:
                next_is_name = after is not None and _is_name_token(after[0], text, after[1], [])
                alone = not text[: hit.start].strip(" \"'‘“(") and not text[hit.end :].strip(
                    " .:;!?\"'’”)"
                )
                if next_is_name or person_context or alone:
                    hit.decision, hit.category = "finding", "ambiguous_name"
                else:
                    hit.decision = "keep"
                continue
        if form.person or form.is_common_word:
            others = [
                t for t, at in _neighbours(text, hit, hits) if _is_name_token(t, text, at, [])
            ]
            if others:
                hit.decision, hit.category = "finding", "shared_name_part"
    return hits


_GAP_SAME_NAME = re.compile(r"^[\s,()\"“”'‘’\-]*(?:[A-Z]\.?[\s,]*)*[\s,()\"“”'‘’\-]*$")
_HOUSE = re.compile(
    r"(?:(?:[Ff]lat|[Aa]partment|[Aa]pt\.?|[Uu]nit|[Rr]oom|[Nn]o\.?|[Nn]umber)\s*\d+[A-Za-z]?\s*,?\s*)?"
    r"(?:\d+[A-Za-z]?(?:\s?[-–/]\s?\d+[A-Za-z]?)?\s*,?\s*)$"
)
_FLAT_ONLY = re.compile(
    r"(?:[Ff]lat|[Aa]partment|[Aa]pt\.?|[Uu]nit|[Rr]oom|[Nn]o\.?|[Nn]umber)\s*\d+[A-Za-z]?\s*,?\s*$"
)


def _extend(text: str, hit: Hit) -> None:
    """The replaced span takes what belongs to the identifier before it: a title or
    rank and initials before a name; a house or flat number before a street."""
    if hit.form.person:
        index = hit.start
        for _ in range(5):
            before = _token_before(text, index)
            if before is None:
                break
            token, at = before
            gap = text[at + len(token) : index]
            if gap.strip() not in ("", "-"):
                break
            if _is_initial(token) or (is_title(token) and not token.islower()):
                index = at
                continue
            break
        hit.start = index
    elif hit.form.kind in {"address", "place"}:
        window = text[max(0, hit.start - 40) : hit.start]
        match = _HOUSE.search(window) or _FLAT_ONLY.search(window)
        if match and (match.start() == 0 or not window[match.start() - 1].isalnum()):
            hit.start -= len(window) - match.start()


def _merge(text: str, hits: list[Hit]) -> list[Hit]:
    """A run of hits of one register entry, separated only by spaces, commas, brackets,
    quotes or initials, becomes one hit ("Doe, Jane", "Siobhán (Shiv)", "Jane K. Doe")."""
    out: list[Hit] = []
    for hit in hits:
        if out and hit.decision == "replace" and out[-1].decision == "replace":
            prev = out[-1]
            gap = text[prev.end : hit.start]
            if prev.entry == hit.entry and not prev.possessive and _GAP_SAME_NAME.match(gap):
                prev.end = hit.end
                prev.possessive = hit.possessive
                opened = gap.count("(") - gap.count(")")
                if opened > 0 and text[prev.end : prev.end + 1] == ")":
                    prev.end += 1
                continue
        out.append(hit)
    return out


def _remove_structured(text: str, start: int, end: int, kind: str = "") -> tuple[int, int, str]:
    """Take a number or e-mail address out so that the sentence still reads: with its
    brackets or the commas around it, or after a label ("NHS number 943…")."""
    if text[start] == "(" and ")" not in text[start:end]:
        start += 1
    before, after = text[:start], text[end:]
    bracket = re.search(r"\s*\(\s*(?:tel|tel\.|mob|mobile|phone|e-?mail)?:?\s*$", before, re.I)
    close = re.match(r"\s*\)", after)
    if bracket and close:
        return bracket.start(), end + close.end(), ""
    comma = re.search(r",\s*$", before)
    comma_after = re.match(r"\s*,", after)
    if comma and comma_after:
        return comma.start(), end + comma_after.end(), ""
    if re.search(r"\b(?:is|was|are|were)\s*:?\s*$", before, re.I):
        return start, end, "withheld"
    label = re.search(
        r"(?:number|no\.?|tel\.?|telephone|phone|mobile|e-?mail|address|nhs|ni|postcode|contact)"
        r"\s*(?:of)?\s*:?\s*$",
        before,
        re.I,
    )
    if label:
        colon = re.search(r"\s*:?\s*$", before)  # always matches (every part optional)
        return colon.start() if colon else len(before), end, ""
    return start, end, _WITHHELD.get(kind, "[removed]")


_WITHHELD = {
    "phone": "a withheld number",
    "email": "a withheld e-mail address",
    "nhs_number": "a withheld NHS number",
    "ni_number": "a withheld National Insurance number",
}
