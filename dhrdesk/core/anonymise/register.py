"""The register as anonymisation sees it: items, their forms, replacements, word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from dhrdesk.core.anonymise.daydates import find_day_dates
from dhrdesk.core.dates import MONTH_NAMES
from dhrdesk.core.textforms import HYPHENS, fold

PERSON_KINDS = {"full_name", "alias", "nickname", "maiden_name", "professional"}
STRUCTURED_KINDS = {"phone", "email", "nhs_number", "ni_number", "postcode"}
DATE_KINDS = {"date_of_birth", "date_of_death"}
_WORD = r"[^\W_]"
REMOVE = "\x00remove"  # the replacement of a number or e-mail address: taken out


# ------------------------------------------------------------------------- word lists
def _words(name: str, *, lower: bool = True) -> frozenset[str]:
    from dhrdesk.core.resources import resource_path

    path = resource_path(name)
    if not path.exists():
        return frozenset()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(fold(line) if lower else line)
    return frozenset(out)


@cache
def common_words() -> frozenset[str]:
    """Names that are also ordinary words: resources/common_words.txt plus every
    lower-case word of the English word list."""
    return _words("common_words.txt") | english_words()


@cache
def english_words() -> frozenset[str]:
    return _words("words/english.txt")


@cache
def proper_nouns() -> frozenset[str]:
    return _words("words/proper_nouns.txt")


@cache
def given_names() -> frozenset[str]:
    return _words("words/given_names.txt")


@cache
def titles() -> frozenset[str]:
    """Titles, ranks and honorifics (resources/words/titles.txt), folded, no full stop."""
    return _words("words/titles.txt")


def is_title(token: str) -> bool:
    return fold(token).strip(".") in titles()


def _is_initial(token: str) -> bool:
    letters = re.sub(r"[\W_]", "", token)
    return len(letters) == 1 and letters.isupper() if letters else False


# ------------------------------------------------------------------- the register
@dataclass(frozen=True)
class RegisterItem:
    """What anonymisation needs of a register entry (see dhrdesk.core.model.RegisterEntry)."""

    kind: str
    value: str
    replacement: str
    variants: tuple[str, ...] = ()
    entry_id: int | None = None


@dataclass(frozen=True)
class Form:
    """One written form of a real identifier and what replaces it."""

    text: str
    replacement: str
    entry_id: int | None = None
    kind: str = "full_name"
    derived: bool = False
    key: int = 0  # which register item (entries with no id are told apart by this)

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def single(self) -> bool:
        return " " not in self.folded and not any(h in self.folded for h in "-")

    @property
    def is_common_word(self) -> bool:
        return self.single and self.folded.replace("'", "") in common_words()

    @property
    def person(self) -> bool:
        return self.kind in PERSON_KINDS


def default_replacement(kind: str, pseudonym: str = "") -> str:
    """The replacement a register kind reads naturally with when none is given."""
    if kind in PERSON_KINDS:
        return pseudonym or "[name withheld]"
    return {
        "address": f"{pseudonym}'s home" if pseudonym else "the family home",
        "place": "the area",
        "workplace": "their workplace",
        "school": "a local school",
        "organisation": "an organisation",
        "phone": REMOVE,
        "email": REMOVE,
        "nhs_number": REMOVE,
        "ni_number": REMOVE,
        "date_of_birth": "[age withheld]",
        "date_of_death": "",
    }.get(kind, "[withheld]")


_PERSON_LABEL = re.compile(
    r"^(?:adult|child|victim|perpetrator|subject|person|friend|neighbour|sibling|relative|"
    r"family member|witness)\s*[a-z0-9]{0,3}$",
    re.IGNORECASE,
)
_AGE_WORDS = re.compile(
    r"\d|\baged?\b|\byears?\b|teen|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties|withheld|\bage band\b|\bover\b|\bunder\b|\bolder\b|\byounger\b",
    re.IGNORECASE,
)


def replacement_problem(kind: str, replacement: str, pseudonyms: Iterable[str] = ()) -> str:
    """Why ``replacement`` does not suit a register entry of ``kind`` ("" when it does).

    A date of birth must read as an age ("aged 34", "in her thirties"), never as a
    person ("Her date of birth was Adult B."); a number or an address must not read
    as a person either; a person must not be replaced by a date.
    """
    text = " ".join((replacement or "").split())
    if not text:
        return ""
    names = {fold(p) for p in pseudonyms if p}
    is_person = bool(_PERSON_LABEL.match(text)) or fold(text) in names
    if kind == "date_of_birth":
        if is_person or not _AGE_WORDS.search(text):
            return (
                "A date of birth is replaced by an age or an age band (for example "
                "'aged 34' or 'in her thirties'), not by a name."
            )
    elif kind == "date_of_death":
        if is_person or not re.search(r"\d{4}|death|" + "|".join(MONTH_NAMES), text, re.I):
            return "A date of death is replaced by its month and year (leave it empty)."
    elif kind in {"address", "phone", "email", "nhs_number", "ni_number", "postcode"}:
        if is_person:
            return (
                "An address or a number is replaced by a description ('the family home', "
                "'Adult A's home') or removed (leave it empty), not by a person's name."
            )
    elif kind in PERSON_KINDS and find_day_dates(text):
        return "A person is replaced by a pseudonym or a role, not by a date."
    return ""


def _strip_titles(tokens: list[str]) -> list[str]:
    return [t for t in tokens if not is_title(t) and not _is_initial(t)]


_POSTCODE_IN = re.compile(
    r"\b([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s*(\d[A-Z]{2})\b",
    re.IGNORECASE,
)


_STREET_TYPES = {
    "road": "rd",
    "street": "st",
    "close": "cl",
    "avenue": "ave",
    "drive": "dr",
    "lane": "ln",
    "crescent": "cres",
    "gardens": "gdns",
    "terrace": "terr",
    "court": "ct",
    "place": "pl",
    "square": "sq",
    "grove": "gr",
    "park": "pk",
    "parade": "pde",
}
_STREET_LONG = {short: long for long, short in _STREET_TYPES.items()}


def _street_abbreviation(street: str) -> str:
    """The same street with its type written the other way ("Larkspur Close" <->
    "Larkspur Cl"), or "" when the last word is not a street type."""
    words = street.rstrip(".").split()
    if len(words) < 2:
        return ""
    last = fold(words[-1])
    other = _STREET_TYPES.get(last) or _STREET_LONG.get(last)
    if not other:
        return ""
    return " ".join([*words[:-1], other.capitalize()])


def derive_forms(item: RegisterItem, key: int = 0) -> list[Form]:
    """The value, its variants, and the forms written on their own.

    People: the first-name-only and surname-only forms, the name without the first
    name, each part of a double-barrelled surname; titles, ranks and initials are
    never forms on their own. Addresses: the street without its number and the
    postcode. Derived forms are marked, so the rules for single name parts apply.
    """
    replacement = item.replacement.strip() or default_replacement(item.kind)
    texts: list[tuple[str, bool]] = [(item.value, False)] + [(v, False) for v in item.variants]
    if item.kind in PERSON_KINDS:
        for text in [item.value, *item.variants]:
            tokens = _strip_titles([t for t in re.split(r"\s+", text.strip()) if t])
            if len(tokens) >= 2:
                texts.append((" ".join(tokens), True))
                texts.append((tokens[0], True))
                texts.append((tokens[-1], True))
                texts.append((" ".join(tokens[1:]), True))
                parts = re.split("[" + re.escape(HYPHENS) + "]", tokens[-1])
                if len(parts) > 1:
                    texts.extend((p, True) for p in parts if len(fold(p)) > 1)
            elif len(tokens) == 1:
                texts.append((tokens[0], True))
    elif item.kind == "address":
        for text in [item.value, *item.variants]:
            for part in re.split(r"[,\n]", text):
                part = part.strip()
                street = re.sub(
                    r"^(?:flat|apartment|apt|unit)?\s*\d+[a-z]?\s*,?\s*", "", part, flags=re.I
                )
                for form in (street, part) if street != part else (part,):
                    if form and len(fold(form)) > 3:
                        if form == street:
                            texts.append((form, True))
                        other = _street_abbreviation(form)
                        if other:
                            texts.append((other, True))
            for match in _POSTCODE_IN.finditer(text):
                texts.append((match.group(0), True))
    seen: set[str] = set()
    forms: list[Form] = []
    for text, derived in texts:
        text = " ".join(text.split())
        folded = fold(text)
        letters = re.sub(r"[\W_]", "", folded)
        if folded in seen or len(letters) < 2:
            continue
        if derived and item.kind in PERSON_KINDS and folded.strip(".") in titles():
            continue
        seen.add(folded)
        kind = item.kind
        if derived and item.kind == "address" and _POSTCODE_IN.fullmatch(text):
            kind = "postcode"
        forms.append(Form(text, replacement, item.entry_id, kind, derived, key))
    return forms


# --------------------------------------------------------------- folded patterns
_SEP = r"(?:\s?-\s?|\s|\.\s?)?"  # between the tokens of a name: space, hyphen or nothing


def _canonical(kind: str, text: str) -> str:
    """The canonical characters of a structured identifier (letters and digits,
    folded; a UK phone number in its national form with the leading 0)."""
    chars = re.sub(r"[^0-9a-z]", "", fold(text))
    if kind == "phone":
        if chars.startswith("0044"):
            chars = "0" + chars[4:]
        elif chars.startswith("44") and len(chars) >= 12:
            chars = "0" + chars[2:]
        chars = re.sub(r"^00?", "0", chars) if chars.startswith("0") else chars
        if chars.startswith("0") and len(chars) > 11 and chars[1] == "0":
            chars = chars[1:]
    return chars


def _structured_pattern(kind: str, text: str) -> str:
    chars = _canonical(kind, text)
    if not chars:
        return ""
    gap = r"[\s.\-/()]{0,3}"
    if kind == "phone" and chars.startswith("0"):
        body = gap.join(re.escape(c) for c in chars[1:])
        prefix = r"(?:\(?(?:\+|00)\s?44\)?\s?(?:\(0\)\s?)?|\(?0)"
        return rf"(?<![0-9a-z+]){prefix}{gap}{body}(?![0-9a-z])"
    body = gap.join(re.escape(c) for c in chars)
    return rf"(?<![0-9a-z]){body}(?![0-9a-z])"


def _name_pattern(folded: str) -> str:
    out = []
    i = 0
    while i < len(folded):
        ch = folded[i]
        if ch == " " or ch == "-":
            out.append(_SEP)
        elif ch == "'":
            out.append(r"(?:'\s?|\s)?")
        elif ch == ".":
            out.append(r"\.?\s?" if i + 1 < len(folded) and folded[i + 1] == " " else r"\.?")
            if i + 1 < len(folded) and folded[i + 1] == " ":
                i += 1
        else:
            out.append(re.escape(ch))
        i += 1
    return rf"(?<!{_WORD}){''.join(out)}(?!{_WORD})"


def form_pattern(form: Form) -> str:
    if form.kind in STRUCTURED_KINDS:
        if form.kind == "email":
            return rf"(?<![\w.+-]){re.escape(form.folded)}(?![\w-])"
        return _structured_pattern(form.kind, form.text)
    return _name_pattern(form.folded)
