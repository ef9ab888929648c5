"""Substitution: restricted text rewritten into the publication edition."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dhrdesk.core.anonymise.daydates import (
    DayDate,
    day_month_pattern,
    find_day_dates,
    relative_to_death,
)
from dhrdesk.core.anonymise.matcher import Hit, Matcher, _extend, _merge, _remove_structured, decide
from dhrdesk.core.anonymise.register import REMOVE, Form, RegisterItem
from dhrdesk.core.dates import MONTH_NAMES, month_year
from dhrdesk.core.textforms import fold


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
                words = month_year(day)
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
