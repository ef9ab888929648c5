"""Anonymisation: substitution for the publication edition, and the scan that proves it clean.

Two mechanisms on purpose. :class:`Substituter` rewrites restricted text into
publication text (real identifiers -> pseudonyms, roles or kind-appropriate
words; exact dates -> month and year or relative to the death). :class:`Scanner`
reads the *final* text and reports anything that still looks identifying. The
scan does not trust the substitution: it is what the publication gate relies on.

Both find register identifiers the same way (:class:`Matcher`), on the canonical
folded text (dhrdesk.core.textforms): every Unicode normal form, accents or none,
look-alike spaces, apostrophes and hyphens, zero-width characters and soft
hyphens, any case. Structured identifiers (phone, NHS, National Insurance,
postcode) are matched on their canonical characters in any grouping. A match is
mapped back to the original text, so nothing around it changes.

Each match is then *decided* (docs/anonymisation.md has the full rules):

* ``replace``: the identifier is replaced; a run of matches of one register entry
  ("Doe, Jane", "Siobhán (Shiv)", "Jane K. Doe") becomes one replacement; the
  replaced span takes the title or rank, initials, house or flat number written
  before it; a possessive keeps its own case ("O'SULLIVAN'S" -> "Adult B's").
* ``keep``: an ordinary English word that is also a registered name, used as a
  word ("a baker's shop", "we hope that"): left alone, no finding.
* ``finding``: the substitution cannot know, so it leaves the text as written and
  the scan reports it for the chair (a single name part inside another person's
  name; an ordinary-word name at a sentence start followed by a name or a verb of
  speech; a lower-case ordinary-word name in a person's context).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dhrdesk.core.dates import MONTH_NAMES
from dhrdesk.core.textforms import APOSTROPHES, HYPHENS, fold, fold_map, original_span

__all__ = [
    "APOSTROPHES",
    "BLOCKING",
    "CATEGORY_LABELS",
    "DATE_KINDS",
    "HYPHENS",
    "PERSON_KINDS",
    "Ambiguity",
    "Finding",
    "Form",
    "RegisterItem",
    "Scanner",
    "Substituter",
    "TextUnit",
    "default_replacement",
    "derive_forms",
    "find_day_dates",
    "fold",
    "nhs_number_valid",
    "relative_to_death",
    "replacement_problem",
]

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


# ------------------------------------------------------------------------------ dates
_MONTHS = "|".join(
    sorted({m for name in MONTH_NAMES for m in (name, name[:3], "Sept")}, key=len, reverse=True)
)
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
DAY_DATE_PATTERNS = [
    # 14/03/2021, 14-03-21, 14.03.2021
    r"(?<!\d)(?<![\d][/.-])(?P<d1>[0-3]?\d)\s?[/.-]\s?(?P<m1>[01]?\d)\s?[/.-]\s?(?P<y1>(?:19|20)?\d\d)(?!\d|[/.-]\d)",
    # 2021-03-14
    r"(?<![\d-])(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d|-\d)",
    # (Monday) 14(th) (of) March (2021), 14-Mar-2021, 14 Mar 89., 14 June '89
    rf"\b{_WEEKDAY}(?P<d3>[0-3]?\d){_ORD}(?:\s+(?:of\s+)?|\s*[-./]\s*)(?P<mn3>{_MONTHS})\.?"
    rf"(?:(?:,?\s+|\s*[-./]\s*)(?P<y3>(?:19|20)\d\d)\b|(?:\s*[-./]\s*|\s+')(?P<y3s>\d\d)\b"
    rf"|\s+(?P<y3t>\d\d)(?=[.,;:)]|\s*$))?\b",
    # March 14(th)(,) (2021)
    rf"\b{_WEEKDAY}(?P<mn4>{_MONTHS})\.?\s+(?:the\s+)?(?P<d4>[0-3]?\d){_ORD}\b(?:,?\s+(?P<y4>(?:19|20)\d\d))?",
]
_DAY_DATE_RE = re.compile("|".join(f"(?:{p})" for p in DAY_DATE_PATTERNS), re.IGNORECASE)
_MONTH_LOOKUP: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_LOOKUP[_name.lower()] = _i
    _MONTH_LOOKUP[_name[:3].lower()] = _i
_MONTH_LOOKUP["sept"] = 9
_DIGITS = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{
            c: " "
            for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
            "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x85\x0b\x0c\x1c\x1d\x1e\x1f"
        },
    }
)
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class DayDate:
    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None

    def as_date(self) -> dt.date | None:
        if self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


def _plain_digits(text: str) -> str:
    """Full-width digits as ASCII and look-alike spaces as spaces, keeping offsets."""
    if text.isascii():
        return text
    return text.translate(_DIGITS)


def find_day_dates(text: str) -> list[DayDate]:
    """Every date precise to the day in ``text`` (valid calendar days only)."""
    found: list[DayDate] = []
    plain = _plain_digits(text)
    for match in _DAY_DATE_RE.finditer(plain):
        g = match.groupdict()
        day = g["d1"] or g["d2"] or g["d3"] or g["d4"]
        month_text = g["m1"] or g["m2"] or g["mn3"] or g["mn4"]
        year = g["y1"] or g["y2"] or g["y3"] or g["y3s"] or g["y3t"] or g["y4"]
        month = int(month_text) if month_text.isdigit() else _MONTH_LOOKUP[month_text.lower()[:3]]
        if year is not None and len(year) == 2:
            year = ("20" if int(year) < 50 else "19") + year
        y = int(year) if year else None
        d = int(day)
        try:
            dt.date(y or 2000, month, d)
        except ValueError:
            continue
        found.append(
            DayDate(match.start(), match.end(), text[match.start() : match.end()], d, month, y)
        )
    return found


def day_month_pattern(day: dt.date) -> re.Pattern:
    """A registered date written without its year: "17/06", "17-6", "17.6", "17 June",
    "17th of June", "June 17th" (a year after it is part of the full-date scan).

    A dotted form is a paragraph number far more often than a date ("see 14.2"): it
    counts only where nothing says it is a reference (paragraph, section, recommendation,
    at the start of a line)."""
    d, mth = day.day, day.month
    month_names = "|".join(
        {MONTH_NAMES[mth - 1], MONTH_NAMES[mth - 1][:3]} | ({"Sept"} if mth == 9 else set())
    )
    numeric = rf"(?<![\d./-])0?{d}\s?[/-]\s?0?{mth}(?![\d]|[/.-]\d)"
    dotted = (
        rf"(?<![\d./-])(?P<dotted>0?{d}\.0?{mth})"
        r"(?![\d%]|\.\d|\s?(?:%|per\b|mg\b|kg\b|km\b|miles?\b|hours?\b|points?\b))"
    )
    written = (
        rf"\b0?{d}{_ORD}\s+(?:of\s+)?(?:{month_names})\b\.?"
        rf"|\b(?:{month_names})\.?\s+(?:the\s+)?0?{d}{_ORD}\b"
    )
    return re.compile(f"{numeric}|{dotted}|{written}", re.IGNORECASE)


_REFERENCE_BEFORE = re.compile(
    r"(?:paragraphs?|paras?|sections?|recommendations?|appendix|at|see|and|to|in|§|version|"
    r"v|table|figure|page|pages|pp?|step|item|point)\.?\s*$",
    re.IGNORECASE,
)


def is_reference(text: str, match: re.Match) -> bool:
    """Whether a dotted day-month match is a paragraph or section number instead: at the
    start of a line, or after 'paragraph', 'section', 'see', 'at' …"""
    if not match.groupdict().get("dotted"):
        return False
    line = text[: match.start()].rsplit("\n", 1)[-1]
    if not line.strip():
        return True
    return bool(_REFERENCE_BEFORE.search(line[-20:]))


_SMALL = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _count(n: int, unit: str) -> str:
    words = _SMALL[n] if n < len(_SMALL) else str(n)
    return f"{words} {unit}{'s' if n != 1 else ''}"


def relative_to_death(day: dt.date, death: dt.date) -> str:
    delta = (day - death).days
    if delta == 0:
        return "on the day of the death"
    when = "before" if delta < 0 else "after"
    days = abs(delta)
    if days < 14:
        return f"{_count(days, 'day')} {when} the death"
    if days < 63:
        return f"{_count(round(days / 7), 'week')} {when} the death"
    months = round(days / 30.44)
    if months < 24:
        return f"{_count(months, 'month')} {when} the death"
    return f"{_count(round(days / 365.25), 'year')} {when} the death"


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
            if match.end() == match.start():
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
    index = hit.start
    for _ in range(4):
        before = _token_before(text, index)
        if before is None:
            break
        token, at = before
        if _is_initial(token) or is_title(token):
            index = at
            continue
        if not any(h.start <= at < h.end for h in same):
            out.append((token, at))
        break
    index = hit.end
    for _ in range(4):
        after = _token_after(text, index)
        if after is None:
            break
        token, at = after
        if _is_initial(token):
            index = at + len(token)
            continue
        if not any(h.start <= at < h.end for h in same):
            out.append((token, at))
        break
    return out


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
        colon = re.search(r"\s*:?\s*$", before)
        return colon.start(), end, ""
    return start, end, _WITHHELD.get(kind, "[removed]")


_WITHHELD = {
    "phone": "a withheld number",
    "email": "a withheld e-mail address",
    "nhs_number": "a withheld NHS number",
    "ni_number": "a withheld National Insurance number",
}


# ---------------------------------------------------------------------- substitution
@dataclass
class Ambiguity:
    """A form the substitution left as written for the chair to decide."""

    text: str
    start: int
    context: str
    replacement: str
    category: str = "ambiguous_name"


@dataclass
class Substituter:
    """Rewrites restricted text into the publication edition."""

    items: list[RegisterItem]
    date_policy: str = "month_year"  # or "relative"
    death: dt.date | None = None
    births: dict[dt.date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.matcher = Matcher(self.items)
        self._day_months: list[tuple[re.Pattern, str]] = []
        for day, words in self.births.items():
            self._day_months.append((day_month_pattern(day), "birthday:" + words))
        if self.death is not None:
            self._day_months.append(
                (day_month_pattern(self.death), "death:" + MONTH_NAMES[self.death.month - 1])
            )

    @property
    def forms(self) -> list[Form]:
        return list(self.matcher.forms)

    def analyse(self, text: str, *, heading: bool = False) -> list[Hit]:
        hits = decide(text, self.matcher.find(text), heading=heading)
        shared = self.matcher.shared
        for hit in hits:
            if hit.decision == "replace" and hit.form.folded in shared:
                hit.decision, hit.category = "finding", "ambiguous_name"
        hits = _merge(text, hits)
        for hit in hits:
            if hit.decision == "replace":
                _extend(text, hit)
        return hits

    def apply(
        self,
        text: str,
        *,
        heading: bool = False,
        replace_here: Iterable[str] = (),
    ) -> str:
        """The publication form of ``text``. ``replace_here``: folded texts of findings the
        chair said are the registered identifier in this place (they are replaced)."""
        text = self.replace_register_dates(text)
        text = self.replace_identifiers(text, heading=heading, replace_here=replace_here)
        text = self.replace_day_months(text)
        return self.replace_dates(text)

    def replace_register_dates(self, text: str) -> str:
        """A date of birth -> its replacement (an age); the date of death -> month/year."""
        if not (self.births or self.death) or not text:
            return text
        found = [d for d in find_day_dates(text) if d.as_date() is not None]
        found = [d for d in found if d.as_date() in self.births or d.as_date() == self.death]
        if not found:
            return text
        out, last = [], 0
        for item in found:
            day = item.as_date()
            before = text[last : item.start]
            if day in self.births:
                words = self.births[day]
                label = _DOB_LABEL.search(before)
                if label:
                    # "Her date of birth was 17/06/1989" -> "Her age at the time of the
                    # death was 35" (a date of birth is never printed, and never "was aged")
                    age = re.search(r"\d+", words)
                    words = age.group(0) if age else re.sub(r"^aged\s+", "", words)
                    before = before[: label.start()] + "age at the time of the death was "
                else:
                    # "was born on 7 April 1989" -> "was aged 34"
                    before = re.sub(r"\b(?:[Bb]orn\s+)?(?:on\s+(?:the\s+)?)?$", "", before)
            else:
                words = f"{MONTH_NAMES[day.month - 1]} {day.year}"
                on = re.search(r"\b(on|On)(\s+the)?\s+$", before)
                if on:
                    before = before[: on.start()] + ("In " if on.group(1) == "On" else "in ")
            out += [before, words]
            last = item.end
        out.append(text[last:])
        return "".join(out)

    def replace_identifiers(
        self, text: str, *, heading: bool = False, replace_here: Iterable[str] = ()
    ) -> str:
        if not text:
            return text
        hits = self.analyse(text, heading=heading)
        if not hits:
            return text
        forced = set(replace_here)
        out, last = [], 0
        for hit in hits:
            if hit.decision == "keep":
                continue
            if hit.decision == "finding" and fold(text[hit.start : hit.end]) not in forced:
                continue
            start, end = hit.start, hit.end
            if start < last:
                continue
            replacement = hit.form.replacement
            if replacement == REMOVE:
                start, end, replacement = _remove_structured(text, start, end, hit.form.kind)
                if start < last:
                    start = last
            else:
                replacement += hit.possessive
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        return "".join(out)

    def replace_day_months(self, text: str) -> str:
        """A registered date written without its year ("every year on 17/06")."""
        if not self._day_months or not text:
            return text
        for pattern, what in self._day_months:
            if not pattern.search(text):
                continue

            def swap(match: re.Match, what: str = what, text: str = text) -> str:
                if match.groupdict().get("dotted"):
                    return match.group(0)  # "17.6" may be a number: the scan asks the chair
                rest = text[match.end() : match.end() + 12]
                if re.match(r"\s*[/.,-]?\s*(?:19|20)?\d\d\b", rest):
                    return match.group(0)  # a full date: the date rules handle it
                kind, words = what.split(":", 1)
                if kind == "death":
                    return words
                return "their birthday"

            text = pattern.sub(swap, text)
        return text

    def ambiguities(self, text: str, *, heading: bool = False) -> list[Ambiguity]:
        """Forms the substitution left as written for the chair (findings)."""
        found = []
        for hit in self.analyse(text, heading=heading):
            if hit.decision != "finding":
                continue
            options = self.matcher.replacements.get(hit.form.folded, [hit.form.replacement])
            found.append(
                Ambiguity(
                    text[hit.start : hit.end],
                    hit.start,
                    _context(text, hit.start, hit.end),
                    " or ".join(o for o in options if o != REMOVE),
                    hit.category,
                )
            )
        return found

    def replace_dates(self, text: str) -> str:
        dates = find_day_dates(text)
        if not dates:
            return text
        out, last = [], 0
        for found in dates:
            before = text[last : found.start]
            words = self._date_words(found)
            # "on 14 March 2021" -> "in March 2021" / "three weeks before the death"
            on = re.search(r"\b(on|On)(\s+the)?\s+$", before)
            if on:
                relative = words.endswith("the death")
                keep = before[: on.start()]
                if relative:
                    before = keep
                else:
                    before = keep + ("In " if on.group(1) == "On" else "in ")
            out.append(before)
            out.append(words)
            last = found.end
        out.append(text[last:])
        return "".join(out)

    def _date_words(self, found: DayDate) -> str:
        full = found.as_date()
        if self.date_policy == "relative" and full is not None and self.death is not None:
            return relative_to_death(full, self.death)
        month = MONTH_NAMES[found.month - 1]
        return f"{month} {found.year}" if found.year else month


_DOB_LABEL = re.compile(r"\b(?:date\s+of\s+birth|d\.?o\.?b\.?)\s*(?:was|is|:)?\s*$", re.IGNORECASE)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


# ------------------------------------------------------------------------------ the scan
BLOCKING = {
    "identifier",
    "day_date",
    "register_date",
    "postcode",
    "phone",
    "email",
    "nhs_number",
    "ni_number",
    "street_address",
    "ambiguous_name",
    "shared_name_part",
    "near_match",
}
CATEGORY_LABELS = {
    "identifier": "Identifier from the restricted register",
    "ambiguous_name": "Possible registered name (also an ordinary word, or shared): confirm",
    "shared_name_part": "Registered name part inside another name: confirm who this is",
    "near_match": "Possible misspelling of a registered name: confirm",
    "day_date": "Date precise to the day",
    "register_date": "Day and month of a registered date",
    "postcode": "UK postcode",
    "phone": "Phone number",
    "email": "E-mail address",
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
    "street_address": "Street address",
    "possible_name": "Looks like a personal name not in the register",
}

_POSTCODE = re.compile(
    r"(?<![0-9A-Za-z])(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)[\s-]?\d[ABD-HJLNP-UW-Z]{2})(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+])(?:\(?(?:\+|00)\s?44\)?\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?(?:[\s.-]?\d){6,8}(?!\w)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NHS = re.compile(r"(?<![\d])(\d{3})[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)")
_NI = re.compile(
    r"(?<![0-9A-Za-z])[A-Z]{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?[A-D](?![0-9A-Za-z])"
    r"|(?<![0-9A-Za-z])[A-Z]{2}\s\d{2}\s\d{2}\s\d{2}(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|"
    "Gardens|Terrace|Grove|Hill|Park|Rise|View|Walk|Square|Mews|Row|Parade|Green|Vale|Boulevard"
)
_STREET = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?"
)
_SURNAME_FIRST = re.compile(r"(?<![\w'’])([A-Z][\w'’\-]+),\s([A-Z][a-z\-]+)\b")
_CAP_TOKEN = re.compile(r"(?<![\w'’])([^\W\d_][\w'’\-]*\.?)")
_PARTICLES = {
    "ap",
    "ab",
    "de",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "bint",
    "ibn",
    "al",
    "el",
    "ni",
    "nic",
    "mac",
    "o",
    "da",
    "di",
    "du",
    "le",
    "la",
    "ter",
    "ten",
    "del",
    "della",
    "dos",
    "das",
    "ó",
    "ui",
    "y",
}


def nhs_number_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@dataclass(frozen=True)
class TextUnit:
    """A piece of final document text and where it is (document, section, paragraph)."""

    where: str
    text: str
    heading: bool = False
    safe: tuple[str, ...] = ()  # generated spans known safe (agency names, titles)


@dataclass(frozen=True)
class Finding:
    category: str
    matched: str
    where: str
    context: str

    @property
    def blocking(self) -> bool:
        """An identifier or pattern; a 'looks like a name' finding is a check, but must
        be resolved before a pack is written as well."""
        return self.category in BLOCKING

    @property
    def fingerprint(self) -> str:
        """Stable across regenerations: category, folded text and place."""
        return f"{self.category}|{fold(self.matched)}|{self.where}"

    def describe(self) -> str:
        flag = "BLOCKS" if self.blocking else "check"
        return f"[{flag}] {CATEGORY_LABELS[self.category]}: '{self.matched}' at {self.where}: {self.context}"


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Edits between ``a`` and ``b`` (insertion, deletion, substitution, and a swap of
    two neighbouring letters counting as one), or ``limit + 1`` once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        rows.append(row)
    return rows[-1][-1]


@dataclass
class Scanner:
    """Looks for anything identifying in final text. Used by the publication gate.

    ``allow``: words and phrases that are not identifiers (agencies, pseudonyms, the
    review's own people, the chair's allow-list); they soften only the 'looks like a
    name' and misspelling checks. ``safe``: phrases the product generates from known
    records (agency names, section titles), masked before the pattern scans.
    """

    items: list[RegisterItem]
    allow: Iterable[str] = ()
    births: dict[dt.date, str] = field(default_factory=dict)
    death: dt.date | None = None
    safe: Iterable[str] = ()
    name_checks: bool = True  # the near-match and looks-like-a-name checks

    def __post_init__(self) -> None:
        self.matcher = Matcher(self.items)
        self._allowed = {fold(a) for a in self.allow if a}
        self._allowed_words = {w for a in self._allowed for w in re.split(r"[\s,;:()/]+", a) if w}
        registered = {f.folded for f in self.matcher.forms}
        self._allowed -= registered
        self._allowed_words -= registered
        self._dates: list[tuple[re.Pattern, str]] = []
        for item in self.items:
            if item.kind not in DATE_KINDS:
                continue
            from dhrdesk.core.dates import parse_date

            try:
                day = parse_date(item.value)
            except Exception:  # noqa: BLE001 - a malformed date is simply not scanned for
                continue
            self._dates.append((day_month_pattern(day), item.value))
            self._dates.append((re.compile(re.escape(item.value)), item.value))
        safe = sorted({s for s in self.safe if s and len(s) > 3}, key=len, reverse=True)
        self._safe = (
            re.compile("|".join(re.escape(s) for s in safe), re.IGNORECASE) if safe else None
        )
        self._near_cache: dict[str, bool] = {}

    def scan(self, units: Iterable[TextUnit]) -> list[Finding]:
        findings: list[Finding] = []
        for unit in units:
            findings.extend(self.scan_text(unit.text, unit.where, heading=unit.heading))
        return findings

    def _masked(self, text: str) -> str:
        """``text`` with the known-safe generated phrases blanked (same length)."""
        if self._safe is None:
            return text
        return self._safe.sub(lambda m: " " * len(m.group(0)), text)

    def scan_text(self, text: str, where: str, *, heading: bool = False) -> list[Finding]:
        findings: list[Finding] = []
        if not text or not text.strip():
            return findings
        taken: list[tuple[int, int]] = []
        named: list[tuple[int, int]] = []

        def add(category: str, start: int, end: int, *, take: bool = True) -> None:
            findings.append(Finding(category, text[start:end], where, _context(text, start, end)))
            (taken if take else named).append((start, end))

        hits = decide(text, self.matcher.find(text), heading=heading)
        for hit in hits:
            if hit.decision == "keep":
                named.append((hit.start, hit.end))
                continue
            category = hit.category if hit.decision == "finding" else "identifier"
            if hit.decision != "finding" and hit.form.folded in self.matcher.shared:
                category = "ambiguous_name"
            add(category, hit.start, hit.end - len(hit.possessive), take=False)
        for pattern, _value in self._dates:
            for match in pattern.finditer(text):
                if is_reference(text, match):
                    continue
                if not _overlaps(taken + named, match.start(), match.end()):
                    add(
                        "identifier"
                        if "/" in _value and match.group(0) == _value
                        else "register_date",
                        match.start(),
                        match.end(),
                    )
        for found in find_day_dates(text):
            if not _overlaps(taken, found.start, found.end):
                add("day_date", found.start, found.end)
        masked = self._masked(text)
        plain = _plain_digits(masked)
        for category, regex in (
            ("email", _EMAIL),
            ("postcode", _POSTCODE),
            ("ni_number", _NI),
            ("street_address", _STREET),
        ):
            for match in regex.finditer(plain):
                if not _overlaps(taken, match.start(), match.end()):
                    add(category, match.start(), match.end())
        for match in _NHS.finditer(plain):
            if nhs_number_valid("".join(match.groups())) and not _overlaps(
                taken, match.start(), match.end()
            ):
                add("nhs_number", match.start(), match.end())
        for match in _PHONE.finditer(plain):
            digits = re.sub(r"\D", "", match.group(0))
            if 10 <= len(digits) <= 13 and not _overlaps(taken, match.start(), match.end()):
                add("phone", match.start(), match.end())
        if self.name_checks:
            self._near_matches(masked, add, taken + named)
            self._possible_names(masked, heading, add, taken + named)
            self._surname_first(masked, add, taken + named)
        return findings

    # --------------------------------------------------------------- misspellings
    def _near(self, folded: str) -> bool:
        cached = self._near_cache.get(folded)
        if cached is not None:
            return cached
        result = False
        if (
            folded not in self._allowed_words
            and folded not in english_words()
            and folded not in _NOT_NAME_CAPS
            and folded not in self.matcher.name_tokens
        ):
            for name in self.matcher.name_tokens:
                limit = 1 if len(name) <= 7 else 2
                if (
                    abs(len(name) - len(folded)) > limit
                    or name[0] != folded[0]
                    and limit == 1
                    and name[-1] != folded[-1]
                ):
                    continue
                if _edit_distance(folded, name, limit) <= limit:
                    result = True
                    break
        self._near_cache[folded] = result
        return result

    def _near_matches(self, text: str, add, taken) -> None:  # noqa: ANN001
        if not self.matcher.name_tokens:
            return
        for match in _CAP_TOKEN.finditer(text):
            if not match.group(1)[:1].isupper():
                continue
            token = match.group(1).rstrip(".")
            token = re.sub(r"['’]s$", "", token)
            folded = fold(token)
            if len(folded) < 4 or not folded.isalpha() and "'" not in folded and "-" not in folded:
                continue
            if _overlaps(taken, match.start(), match.start() + len(token)):
                continue
            if self._near(folded):
                add("near_match", match.start(), match.start() + len(token))

    # ---------------------------------------------------------- looks like a name
    def _possible_names(self, text: str, heading: bool, add, taken) -> None:  # noqa: ANN001
        tokens = []
        found = list(_CAP_TOKEN.finditer(text))
        for index, m in enumerate(found):
            token = m.group(1)
            if token[:1].isupper():
                tokens.append((token, m.start()))
            elif (
                token in _PARTICLES
                and index + 1 < len(found)
                and found[index + 1].group(1)[:1].isupper()
                and tokens
                and text[tokens[-1][1] + len(tokens[-1][0]) : m.start()] == " "
            ):
                tokens.append((token, m.start()))  # "Leanne ap Gwilym", "Ana de Souza"
        i = 0
        while i < len(tokens):
            token, start = tokens[i]
            run = [(token, start)]
            j = i + 1
            while j < len(tokens):
                prev, pstart = run[-1]
                nxt, nstart = tokens[j]
                gap = text[pstart + len(prev) : nstart]
                if gap not in (" ", "-") and not (gap == " " and prev.endswith(".")):
                    break
                run.append((nxt, nstart))
                j += 1
            i = j if len(run) > 1 else i + 1
            self._judge_run(text, run, heading, add, taken)

    def _surname_first(self, text: str, add, taken) -> None:  # noqa: ANN001
        """ "Osei, Femi" as agency systems write it: a surname, a comma, a given name."""
        for match in _SURNAME_FIRST.finditer(text):
            surname, given = fold(match.group(1)), fold(match.group(2))
            if surname in self._allowed_words or given in self._allowed_words:
                continue
            unknown_given = given not in english_words() and given.isalpha()
            if given not in given_names() and not (
                unknown_given and surname not in english_words()
            ):
                continue
            if surname in _ROLE_WORDS or surname in _NOT_NAME_CAPS:
                continue
            if surname in english_words() and surname not in proper_nouns():
                continue
            if _overlaps(taken, match.start(), match.end()):
                continue
            add("possible_name", match.start(), match.end())

    def _judge_run(self, text: str, run, heading: bool, add, taken) -> None:  # noqa: ANN001
        """A run of capitalised tokens: report the part that reads as a person's name."""
        words = [(t.rstrip("."), s) for t, s in run]
        # Leading title: "Dr Okafor", "PC Lyons"
        has_title = False
        while (
            words
            and (is_title(words[0][0]) or fold(words[0][0]) in _KIN)
            and not words[0][0].islower()
        ):
            has_title = True
            words = words[1:]
        if not words:
            return
        if not has_title:
            # drop a sentence-start word that is an ordinary word ("When Sarah Jones")
            first, at = words[0]
            folded_first = fold(first)
            if (_sentence_start(text, at) or heading) and (
                folded_first in _NOT_NAME_CAPS
                or (folded_first in english_words() and folded_first not in given_names())
            ):
                words = words[1:]
        names = [(w, s) for w, s in words if not _is_initial(w) and w not in _PARTICLES]
        if not names:
            return
        folded = [fold(re.sub(r"['’]s$", "", w)) for w, _ in names]
        if all(f in self._allowed_words or f in _NOT_NAME_CAPS for f in folded):
            return
        if fold(" ".join(w for w, _ in names)) in self._allowed:
            return
        if any(w.isupper() and len(w) > 1 for w, _ in names):
            return  # acronyms and shouted headings
        if any(f in _ROLE_WORDS for f in folded):
            return
        given = [f in given_names() for f in folded]
        unknown = [
            f not in english_words()
            and f not in self._allowed_words
            and re.sub(r"['\-]", "", f).isalpha()
            for f in folded
        ]
        surname_like = [u or f in proper_nouns() for u, f in zip(unknown, folded, strict=True)]
        person = False
        if has_title and (len(names) >= 1):
            person = any(unknown) or any(given) or len(names) >= 1
        elif len(names) >= 2:
            person = given[0] or (unknown[0] and surname_like[-1])
            if not person and (unknown[-1] and (given[0] or fold(names[0][0]) in proper_nouns())):
                person = True
        elif len(names) == 1:
            return  # a single capitalised word is too weak on its own
        if not person:
            return
        start = (run[0][1]) if has_title else names[0][1]
        last_word, last_start = names[-1]
        end = last_start + len(last_word)
        if _overlaps(taken, start, end):
            return
        add("possible_name", start, end)


_KIN = {
    "aunt",
    "auntie",
    "aunty",
    "uncle",
    "nan",
    "nana",
    "nanna",
    "gran",
    "granny",
    "grandma",
    "grandad",
    "grandpa",
    "cousin",
    "mum",
    "dad",
}

# Capitalised words of job titles and document furniture that are never a name.
_ROLE_WORDS = {
    fold(w)
    for w in (
        "Executive Summary Overview Report Statutory Guidance Senior Investigating Officer "
        "Detective Chief Inspector Superintendent Sergeant Constable Designated Named Nurse "
        "Doctor Safeguarding Lead Manager Head Director Deputy Assistant Housing Options "
        "Adult Adults Child Children Social Care Worker Health Visitor Mental Probation "
        "Independent Chair Author Community Safety Partnership Domestic Abuse Homicide "
        "Review Panel Member Members Terms Reference Action Plan Appendix Glossary Contents "
        "Version Control Condolences Endnotes Recommendations Recommendation Conclusions "
        "Lessons Learned Learning Analysis Background Information Introduction Methodology "
        "Timescales Confidentiality Dissemination Equality Diversity Family Involvement "
        "Contributors Services Service Specialist Advocate Advisor Adviser Coordinator "
        "Commissioner Practice Practitioner Crown Prosecution Coroner Inquest Trial Police "
        "Council Trust Hospital Surgery Team Board Office Home Court Unit Centre Center "
        "University College School Academy Foundation Group Department Ministry Authority "
        "Agency Association Society Church Mosque Temple Street Road Avenue Lane Close Way "
        "Friend Neighbour GP IDVA Officer Practitioner Nurse Midwife Paramedic Clinician "
        "Psychiatrist Psychologist Therapist Counsellor Consultant Registrar Manager Chief "
        "Executive Ltd Limited Plc LLP NHS ICB MARAC MAPPA Law Act Scheme Order Syndrome "
        "Disease Parkinson Alzheimer Huntington Crohn Asperger Down Tourette Clare"
    ).split()
}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
