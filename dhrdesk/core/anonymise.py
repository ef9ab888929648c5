"""Anonymisation: substitution for the publication edition, and the scan that proves it clean.

Two separate mechanisms on purpose. :class:`Substituter` rewrites restricted
text into publication text (real identifiers -> pseudonyms/roles, exact dates ->
month and year or relative to the death). :class:`Scanner` then reads the
*final* text, as extracted from what will be written, and reports anything that
still looks identifying. The scan does not trust the substitution: it is what
the publication gate relies on.

Matching rules (both mechanisms)
--------------------------------
* Case-insensitive, on word boundaries (Unicode letters and digits).
* Accented and unaccented forms match each other (Zoë / Zoe, Łukasz / Lukasz,
  Nguyễn / Nguyen): every letter of an identifier matches any letter that folds
  to the same base letter.
* Apostrophes match each other (' ’ ‘ ʼ), hyphens and dashes match each other,
  and any run of whitespace (including a line break) matches a space, so a name
  broken across lines or hyphenated at a line end ("O'Neill-\\nNowak") is found.
* Possessives need nothing special: "O'Neill's" contains "O'Neill" on a word
  boundary and becomes "Adult A's".
* Identifiers that are also ordinary English words (resources/common_words.txt:
  Hope, Rose, Mark, Will, Bath …) match only when capitalised, and a capitalised
  occurrence at the start of a sentence or in a heading is *ambiguous*: it is not
  substituted, it is reported for the chair to confirm.
* Longer forms win over shorter ones ("Siobhán O'Neill-Nowak" before "Siobhán").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dhrdesk.core.dates import MONTH_NAMES

PERSON_KINDS = {"full_name", "alias", "nickname", "maiden_name", "professional"}
TEXT_KINDS = PERSON_KINDS | {
    "address",
    "place",
    "workplace",
    "school",
    "organisation",
    "phone",
    "email",
    "nhs_number",
    "ni_number",
    "other",
}
DATE_KINDS = {"date_of_birth", "date_of_death"}

_EXTRA_FOLDS = {
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
}
APOSTROPHES = "'’‘ʼ`´"
HYPHENS = "-‐‑‒–—"
_WORDCHAR = r"[^\W_]"


def fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes and hyphens unified, spaces collapsed."""
    out = []
    for ch in text:
        if ch in _EXTRA_FOLDS:
            out.append(_EXTRA_FOLDS[ch])
            continue
        if ch in APOSTROPHES:
            out.append("'")
            continue
        if ch in HYPHENS:
            out.append("-")
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return " ".join("".join(out).lower().split())


@cache
def _letter_classes() -> dict[str, str]:
    """base letter -> every Latin letter that folds to it (for character classes)."""
    groups: dict[str, set[str]] = {}
    ranges = [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
    for lo, hi in ranges:
        for code in range(lo, hi + 1):
            ch = chr(code)
            if not ch.isalpha():
                continue
            base = fold(ch)
            if len(base) == 1 and base.isascii():
                groups.setdefault(base, set()).update({ch, ch.lower(), ch.upper()})
    return {base: "".join(sorted(chars)) for base, chars in groups.items()}


def _char_pattern(ch: str) -> str:
    if ch in APOSTROPHES:
        return "[" + re.escape(APOSTROPHES) + "]"
    if ch in HYPHENS:
        return "[" + re.escape(HYPHENS) + r"]\s*"
    if ch.isspace():
        return r"\s+"
    base = fold(ch)
    if len(base) == 1 and base in _letter_classes():
        return "[" + re.escape(_letter_classes()[base]) + "]"
    if len(base) > 1:  # ß, æ, þ: accept the letter itself or its spelled-out form
        return "(?:" + re.escape(ch) + "|" + re.escape(base) + ")"
    return re.escape(ch)


def identifier_pattern(text: str) -> str:
    """A regex source matching ``text`` with the folding rules of this module."""
    text = " ".join(text.split())
    body = "".join(_char_pattern(ch) for ch in text)
    return rf"(?<!{_WORDCHAR}){body}(?!{_WORDCHAR})"


@cache
def common_words() -> frozenset[str]:
    """Names that are also ordinary English words (resources/common_words.txt)."""
    from dhrdesk.core.resources import resource_path

    path = resource_path("common_words.txt")
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold(line))
    return frozenset(words)


@dataclass(frozen=True)
class Form:
    """One written form of a real identifier and what replaces it."""

    text: str
    replacement: str
    entry_id: int | None = None
    kind: str = "full_name"
    derived: bool = False

    @property
    def is_common_word(self) -> bool:
        return " " not in self.text and fold(self.text) in common_words()


@dataclass(frozen=True)
class RegisterItem:
    """What anonymisation needs of a register entry (see dhrdesk.core.model.RegisterEntry)."""

    kind: str
    value: str
    replacement: str
    variants: tuple[str, ...] = ()
    entry_id: int | None = None


def derive_forms(item: RegisterItem) -> list[Form]:
    """The value, its variants, and for people's names the first-name-only and
    surname-only forms (and each part of a double-barrelled surname)."""
    replacement = item.replacement.strip() or "[redacted]"
    texts: list[tuple[str, bool]] = [(item.value, False)] + [(v, False) for v in item.variants]
    if item.kind in PERSON_KINDS:
        for text in [item.value, *item.variants]:
            tokens = [t for t in re.split(r"\s+", text.strip()) if t]
            tokens = [t for t in tokens if fold(t).rstrip(".") not in _HONORIFICS]
            if len(tokens) >= 2:
                texts.append((tokens[0], True))
                texts.append((tokens[-1], True))
                texts.append((" ".join(tokens[1:]), True))
                parts = re.split("[" + re.escape(HYPHENS) + "]", tokens[-1])
                if len(parts) > 1:
                    texts.extend((p, True) for p in parts if len(fold(p)) > 1)
    seen: set[str] = set()
    forms: list[Form] = []
    for text, derived in texts:
        text = " ".join(text.split())
        key = fold(text)
        # A derived single letter or initial ("S." of "S. O'S.") would match any "s."
        if key in seen or len(key.strip(".")) < 2:
            continue
        seen.add(key)
        forms.append(Form(text, replacement, item.entry_id, item.kind, derived))
    return forms


_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"}
_HONORIFIC_PREFIX = r"(?:(?<!\w)(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+)?"

# ------------------------------------------------------------------------------ dates
_MONTHS = "|".join(
    sorted({m for name in MONTH_NAMES for m in (name, name[:3], "Sept")}, key=len, reverse=True)
)
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
DAY_DATE_PATTERNS = [
    # 14/03/2021, 14-03-21, 14.03.2021
    r"(?<!\d)(?<![\d][/.-])(?P<d1>[0-3]?\d)[/.-](?P<m1>[01]?\d)[/.-](?P<y1>(?:19|20)?\d\d)(?!\d|[/.-]\d)",
    # 2021-03-14
    r"(?<![\d-])(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?!\d|-\d)",
    # (Monday) 14(th) (of) March (2021)
    rf"\b{_WEEKDAY}(?P<d3>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<mn3>{_MONTHS})\.?(?:,?\s+(?P<y3>(?:19|20)\d\d))?\b",
    # March 14(th)(,) (2021)
    rf"\b{_WEEKDAY}(?P<mn4>{_MONTHS})\.?\s+(?P<d4>[0-3]?\d){_ORD}\b(?:,?\s+(?P<y4>(?:19|20)\d\d))?",
]
_DAY_DATE_RE = re.compile("|".join(f"(?:{p})" for p in DAY_DATE_PATTERNS), re.IGNORECASE)
_MONTH_LOOKUP = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_LOOKUP[_name.lower()] = _i
    _MONTH_LOOKUP[_name[:3].lower()] = _i
_MONTH_LOOKUP["sept"] = 9


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


def find_day_dates(text: str) -> list[DayDate]:
    """Every date precise to the day in ``text`` (valid calendar days only)."""
    found: list[DayDate] = []
    for match in _DAY_DATE_RE.finditer(text):
        g = match.groupdict()
        day = g["d1"] or g["d2"] or g["d3"] or g["d4"]
        month_text = g["m1"] or g["m2"] or g["mn3"] or g["mn4"]
        year = g["y1"] or g["y2"] or g["y3"] or g["y4"]
        month = int(month_text) if month_text.isdigit() else _MONTH_LOOKUP[month_text.lower()[:3]]
        if year is not None and len(year) == 2:
            year = ("20" if int(year) < 50 else "19") + year
        y = int(year) if year else None
        d = int(day)
        try:
            dt.date(y or 2000, month, d)
        except ValueError:
            continue
        found.append(DayDate(match.start(), match.end(), match.group(0), d, month, y))
    return found


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


# ------------------------------------------------------------------------- substitution
@dataclass
class Ambiguity:
    """A capitalised ordinary word that is also a name, where it may just be the word."""

    text: str
    start: int
    context: str
    replacement: str


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'‘“(")
    return before == "" or before[-1] in ".!?:\n"


@dataclass
class Substituter:
    """Rewrites restricted text into the publication edition."""

    items: list[RegisterItem]
    date_policy: str = "month_year"  # or "relative"
    death: dt.date | None = None
    _forms: list[Form] = field(init=False, repr=False)
    _regex: re.Pattern | None = field(init=False, repr=False)
    _shared: dict[str, list[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        forms: list[Form] = []
        seen: set[str] = set()
        for item in self.items:
            if item.kind in DATE_KINDS:
                continue
            for form in derive_forms(item):
                key = fold(form.text)
                if key in seen:
                    continue  # the first (most specific, non-derived) form wins
                seen.add(key)
                forms.append(form)
        forms.sort(key=lambda f: (-len(fold(f.text)), f.derived))
        self._forms = forms
        if forms:
            alternatives = [
                f"(?P<f{i}>{_HONORIFIC_PREFIX if f.kind in PERSON_KINDS else ''}"
                f"{identifier_pattern(f.text)})"
                for i, f in enumerate(forms)
            ]
            self._regex = re.compile("|".join(alternatives), re.IGNORECASE)
        else:
            self._regex = None
        by_text: dict[str, set[str]] = {}
        for item in self.items:
            if item.kind in DATE_KINDS:
                continue
            for form in derive_forms(item):
                by_text.setdefault(fold(form.text), set()).add(form.replacement)
        self._shared = {text: sorted(r) for text, r in by_text.items() if len(r) > 1}

    @property
    def forms(self) -> list[Form]:
        return list(self._forms)

    def _form_of(self, match: re.Match) -> Form:
        return self._forms[int(match.lastgroup[1:])]

    def apply(self, text: str, *, heading: bool = False) -> str:
        """The publication form of ``text``; ambiguous common-word names are left as they are."""
        text = self.replace_identifiers(text, heading=heading)
        return self.replace_dates(text)

    def replace_identifiers(self, text: str, *, heading: bool = False) -> str:
        if self._regex is None or not text:
            return text

        def swap(match: re.Match) -> str:
            form = self._form_of(match)
            if form.is_common_word and not self._is_name_use(text, match, heading):
                return match.group(0)
            return form.replacement

        return self._regex.sub(swap, text)

    @staticmethod
    def _is_name_use(text: str, match: re.Match, heading: bool) -> bool:
        word = match.group(0)
        if not word[:1].isupper():
            return False
        return not (heading or _sentence_start(text, match.start()))

    def ambiguities(self, text: str, *, heading: bool = False) -> list[Ambiguity]:
        """Capitalised common-word names at a sentence start or in a heading, and forms
        (such as a shared surname) that belong to more than one person."""
        if self._regex is None:
            return []
        found = []
        for match in self._regex.finditer(text):
            form = self._form_of(match)
            word = match.group(0)
            shared = self._shared.get(fold(form.text))
            if shared:
                found.append(
                    Ambiguity(
                        word,
                        match.start(),
                        _context(text, match.start(), match.end()),
                        " or ".join(shared),
                    )
                )
                continue
            if form.is_common_word and word[:1].isupper():
                if heading or _sentence_start(text, match.start()):
                    found.append(
                        Ambiguity(
                            word,
                            match.start(),
                            _context(text, match.start(), match.end()),
                            form.replacement,
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


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


# ------------------------------------------------------------------------------ the scan
BLOCKING = {
    "identifier",
    "day_date",
    "postcode",
    "phone",
    "email",
    "nhs_number",
    "ni_number",
    "street_address",
    "ambiguous_name",
}
CATEGORY_LABELS = {
    "identifier": "Identifier from the restricted register",
    "ambiguous_name": "Possible name (also an ordinary word): confirm",
    "day_date": "Date precise to the day",
    "postcode": "UK postcode",
    "phone": "Phone number",
    "email": "E-mail address",
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
    "street_address": "Street address",
    "possible_name": "Looks like a personal name not in the register (warning)",
}

_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\w)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NHS = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?!\d)")
_NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)
_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Court|Ct|Place|Pl|"
    "Gardens|Terrace|Grove|Hill|Park|Rise|View|Walk|Square|Mews|Row|Parade|Green|Vale|Boulevard"
)
_STREET = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]+\s+){{1,3}}(?:{_STREET_WORDS})\b\.?"
)
_NAME_SEQ = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z][\w'’-]+|[A-Z][a-zà-ÿ'’-]+\s+[A-Z][a-zà-ÿ'’-]{2,})\b"
)


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


@dataclass(frozen=True)
class Finding:
    category: str
    matched: str
    where: str
    context: str

    @property
    def blocking(self) -> bool:
        return self.category in BLOCKING

    @property
    def fingerprint(self) -> str:
        """Stable across regenerations: category, folded text and place."""
        return f"{self.category}|{fold(self.matched)}|{self.where}"

    def describe(self) -> str:
        flag = "BLOCKS" if self.blocking else "warning"
        return f"[{flag}] {CATEGORY_LABELS[self.category]}: '{self.matched}' at {self.where}: {self.context}"


@dataclass
class Scanner:
    """Looks for anything identifying in final text. Used by the publication gate."""

    items: list[RegisterItem]
    allow: Iterable[str] = ()
    _forms: list[Form] = field(init=False, repr=False)
    _regex: re.Pattern | None = field(init=False, repr=False)
    _allowed: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        forms: list[Form] = []
        seen: set[str] = set()
        for item in self.items:
            if item.kind in DATE_KINDS:
                # A date of birth/death may appear in any written form; the day-date scan
                # finds every one, so only add the value in its own form here as well.
                forms.append(Form(item.value, item.replacement, item.entry_id, item.kind))
                continue
            for form in derive_forms(item):
                key = fold(form.text)
                if key not in seen:
                    seen.add(key)
                    forms.append(form)
        forms.sort(key=lambda f: -len(fold(f.text)))
        self._forms = forms
        self._regex = (
            re.compile(
                "|".join(f"(?P<f{i}>{identifier_pattern(f.text)})" for i, f in enumerate(forms)),
                re.IGNORECASE,
            )
            if forms
            else None
        )
        self._allowed = {fold(a) for a in self.allow}
        for form in forms:
            self._allowed.discard(fold(form.text))

    def scan(self, units: Iterable[TextUnit]) -> list[Finding]:
        findings: list[Finding] = []
        for unit in units:
            findings.extend(self.scan_text(unit.text, unit.where, heading=unit.heading))
        return findings

    def scan_text(self, text: str, where: str, *, heading: bool = False) -> list[Finding]:
        findings: list[Finding] = []
        if not text:
            return findings
        taken: list[tuple[int, int]] = []
        named: list[tuple[int, int]] = []

        def add(category: str, start: int, end: int, *, take: bool = True) -> None:
            findings.append(Finding(category, text[start:end], where, _context(text, start, end)))
            if take:
                taken.append((start, end))
            else:
                named.append((start, end))

        if self._regex is not None:
            for match in self._regex.finditer(text):
                form = self._forms[int(match.lastgroup[1:])]
                word = match.group(0)
                if form.is_common_word:
                    if not word[:1].isupper():
                        continue
                    if heading or _sentence_start(text, match.start()):
                        add("ambiguous_name", match.start(), match.end(), take=False)
                        continue
                add("identifier", match.start(), match.end(), take=False)
        for found in find_day_dates(text):
            add("day_date", found.start, found.end)
        for category, regex in (
            ("email", _EMAIL),
            ("postcode", _POSTCODE),
            ("ni_number", _NI),
            ("street_address", _STREET),
        ):
            for match in regex.finditer(text):
                if not _overlaps(taken, match.start(), match.end()):
                    add(category, match.start(), match.end())
        for match in _NHS.finditer(text):
            if nhs_number_valid("".join(match.groups())) and not _overlaps(
                taken, match.start(), match.end()
            ):
                add("nhs_number", match.start(), match.end())
        for match in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if 10 <= len(digits) <= 13 and not _overlaps(taken, match.start(), match.end()):
                add("phone", match.start(), match.end())
        for match in _NAME_SEQ.finditer(text):
            if _overlaps(taken + named, match.start(), match.end()):
                continue
            words = match.group(0).replace(".", " ").split()
            if all(fold(w) in self._allowed for w in words if fold(w) not in _HONORIFICS):
                continue
            if fold(match.group(0)) in self._allowed:
                continue
            if any(fold(w) in _NOT_NAMES for w in words):
                continue
            add("possible_name", match.start(), match.end())
        return findings


_NOT_NAMES = {fold(m) for m in MONTH_NAMES} | {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "adult",
    "child",
    "the",
    "this",
    "that",
    "these",
    "there",
    "when",
    "where",
    "after",
    "before",
    "during",
    "following",
    "in",
    "on",
    "at",
    "an",
    "a",
    "and",
    "but",
    "his",
    "her",
    "their",
    "it",
    "she",
    "he",
    "they",
    "we",
    "page",
    "section",
    "appendix",
    "paragraph",
    "review",
    "report",
    "panel",
    "home",
    "office",
    "police",
    "council",
    "service",
    "services",
    "trust",
    "practice",
    "partnership",
    "community",
    "safety",
    "domestic",
    "homicide",
    "abuse",
    "team",
    "court",
    "crown",
    "magistrates",
    "hospital",
    "board",
    "quality",
    "assurance",
}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
