"""The scan of final text: anything that still looks identifying (the gate relies on it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dhrdesk.core.anonymise.daydates import (
    _plain_digits,
    day_month_pattern,
    find_day_dates,
    is_reference,
)
from dhrdesk.core.anonymise.matcher import _NOT_NAME_CAPS, Matcher, _sentence_start, decide
from dhrdesk.core.anonymise.register import (
    DATE_KINDS,
    RegisterItem,
    _is_initial,
    english_words,
    given_names,
    is_title,
    proper_nouns,
)
from dhrdesk.core.anonymise.substitute import _context
from dhrdesk.core.textforms import fold

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


_Spans = list[tuple[int, int]]  # (start, end) of text already reported or known
_Add = Callable[..., None]  # add(category, start, end, *, take=True): report a finding


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
            except Exception:  # a malformed date is simply not scanned for
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

    def _near_matches(self, text: str, add: _Add, taken: _Spans) -> None:
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
    def _possible_names(self, text: str, heading: bool, add: _Add, taken: _Spans) -> None:
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

    def _surname_first(self, text: str, add: _Add, taken: _Spans) -> None:
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

    def _judge_run(
        self, text: str, run: list[tuple[str, int]], heading: bool, add: _Add, taken: _Spans
    ) -> None:
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
