"""The combined chronology: merge by date, flag problems, find duplicates, ages and intervals.

Pure functions over :class:`dhrdesk.core.model.ChronologyEntry` rows already loaded.

Rules
-----
* Order: partial date sort key (a partial date sorts at the start of its period,
  see dhrdesk.core.dates), then time (rows without a time first), then the
  agency's own sequence, then agency name, then id. Partial rows are marked.
* Age at event: from a date of birth in the restricted register for the subject(s)
  a row is linked to, else for the victim; whole years on the first day of the
  row's period, shown as "34" or "33–34" when the period spans a birthday.
* Interval: days since the previous row that has a full date (partial rows have
  no interval, since their day is unknown).
* Flags (never silently dropped): outside the review period (when the terms of
  reference give one), after the death (later than the date of death if the
  register holds it, else after the month of death), out of order within the
  agency's own sequence.
* Duplicates: two rows from different agencies on the same date whose event texts
  are similar after normalising: word overlap (Jaccard) ≥ 0.5, or overlap ≥ 0.3 and
  character sequence ratio ≥ 0.72 (which catches rewordings and typos),
  unless the chair already decided the pair is distinct or merged one into the other.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dhrdesk.core.dates import PartialDate, parse_date
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.model import ChronologyEntry

FLAG_OUTSIDE_PERIOD = "outside the review period"
FLAG_AFTER_DEATH = "after the death"
FLAG_PARTIAL = "partial date"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    "a an and the of to in on at by for with was were is be been her his she he they it "
    "this that from as had has have who which not no".split()
)


def partial(entry: ChronologyEntry) -> PartialDate:
    return parse_partial_iso(entry.date)


def parse_partial_iso(text: str) -> PartialDate:
    """A stored date ('2019', '2019-04', '2019-04-03'); read once per distinct text
    (PartialDate is immutable, so the rows of one date share it)."""
    if isinstance(text, str):
        return _parse_stored(text)
    return _parse_partial(text)


@functools.lru_cache(maxsize=65536)
def _parse_stored(text: str) -> PartialDate:
    return _parse_partial(text)


_DateInfo = tuple[PartialDate, tuple[int, int, int, int], dt.date, dt.date, dt.date | None]


@functools.lru_cache(maxsize=65536)
def _date_info(text: str) -> _DateInfo:
    """(date, sort key, first day, last day, the day or None when partial) of a stored
    date, worked out once per distinct text."""
    when = parse_partial_iso(text)
    day = None if when.is_partial else when.to_date()
    return when, when.sort_key, when.first_day(), when.last_day(), day


def _parse_partial(text: str) -> PartialDate:
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValidationError(f"{text} is not a stored chronology date.") from None
    return PartialDate(*numbers)


def sort_key(entry: ChronologyEntry, agency_name: str = "") -> tuple:
    return (
        _date_info(entry.date)[1],
        entry.time or "",
        entry.sequence,
        agency_name,
        entry.id or 0,
    )


@dataclass(slots=True)
class CombinedRow:
    entry: ChronologyEntry
    agency: str
    when: PartialDate
    age: str = ""
    interval_days: int | None = None
    flags: list[str] = field(default_factory=list)
    duplicate_candidates: list[int] = field(default_factory=list)

    @property
    def is_partial(self) -> bool:
        return self.when.is_partial


@dataclass
class ChronologyContext:
    """What the combined chronology needs from the review besides the rows."""

    agencies: dict[int, str]
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    death: PartialDate | None = None  # exact date, or month of death
    dates_of_birth: dict[int, dt.date] = field(default_factory=dict)  # subject id -> DOB
    victim_subject_id: int | None = None
    distinct_pairs: set[tuple[int, int]] = field(default_factory=set)


def age_text(born: dt.date, when: PartialDate) -> str:
    def years(on: dt.date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    low, high = years(when.first_day()), years(when.last_day())
    if high < 0:
        return ""
    low = max(low, 0)
    return str(low) if low == high else f"{low}–{high}"


def death_from(month_of_death: str, date_of_death_text: str | None) -> PartialDate | None:
    if date_of_death_text:
        try:
            return PartialDate.from_date(parse_date(date_of_death_text))
        except ValidationError:
            pass
    if month_of_death:
        year, month = month_of_death.split("-")
        return PartialDate(int(year), int(month))
    return None


def normalise_text(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def similar(a: str, b: str) -> bool:
    wa, wb = normalise_text(a), normalise_text(b)
    if not wa or not wb:
        return False
    sa, sb = set(wa), set(wb)
    overlap = len(sa & sb) / len(sa | sb)
    if overlap >= 0.5:
        return True
    if overlap < 0.3:
        return False
    return difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio() >= 0.72


def find_duplicates(
    entries: Iterable[ChronologyEntry], distinct_pairs: set[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Pairs (lower id, higher id) that look like the same event reported by two agencies.

    Same rule as :func:`similar`, made cheap for 10,000 rows: rows are compared only
    with rows of the same date, and the pairs of a date are kept (in memory, by the
    ids, agencies and texts of its rows), so a reload compares again only the dates
    whose rows changed. The chair's distinct pairs are left out afterwards.
    """
    distinct_pairs = distinct_pairs or set()
    by_date: dict[str, list[ChronologyEntry]] = defaultdict(list)
    for entry in entries:
        if entry.duplicate_of is None and entry.id is not None:
            by_date[entry.date].append(entry)
    pairs: list[tuple[int, int]] = []
    for group in by_date.values():
        if len(group) >= 2:
            pairs += (p for p in _GROUPS.pairs(group) if p not in distinct_pairs)
    return sorted(pairs)


def _compare(group: list[ChronologyEntry]) -> list[tuple[int, int]]:
    """The possible duplicates among the rows of one date."""
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    words = [normalise_text(f"{e.event} {e.action}") for e in group]
    sets = [set(w) for w in words]
    joined = [" ".join(w) for w in words]
    for i, a in enumerate(group):
        if not sets[i]:
            continue
        matcher.set_seq2(joined[i])
        for j in range(i + 1, len(group)):
            b = group[j]
            if a.agency_id == b.agency_id or not sets[j]:
                continue
            pair = (min(id_of(a), id_of(b)), max(id_of(a), id_of(b)))
            overlap = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if overlap >= 0.5:
                pairs.append(pair)
                continue
            if overlap < 0.3:
                continue  # too few words in common for the texts to be the same event
            matcher.set_seq1(joined[j])
            if (
                matcher.real_quick_ratio() >= 0.72
                and matcher.quick_ratio() >= 0.72
                and matcher.ratio() >= 0.72
            ):
                pairs.append(pair)
    return pairs


class _GroupPairs:
    """The pairs of each date's rows, kept by a digest of what they depend on (the rows'
    ids, agencies, events and actions, in order), the least recently used dropped first."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self._found: OrderedDict[bytes, list[tuple[int, int]]] = OrderedDict()
        self._lock = threading.Lock()

    def pairs(self, group: list[ChronologyEntry]) -> list[tuple[int, int]]:
        digest = hashlib.blake2b(digest_size=16)
        for e in group:
            text = f"{e.id}|{e.agency_id}|{len(e.event)}|{e.event}|{len(e.action)}|{e.action}|"
            digest.update(text.encode("utf-8", "surrogatepass"))
        key = digest.digest()
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        found = _compare(group)
        with self._lock:
            self._found[key] = found
            while len(self._found) > self.LIMIT:
                self._found.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._found.clear()


_GROUPS = _GroupPairs()


def combine(entries: Iterable[ChronologyEntry], context: ChronologyContext) -> list[CombinedRow]:
    """All agencies' rows merged by date, with ages, intervals, flags and duplicate hints.

    Rows merged into another (``duplicate_of`` set) are left out.
    """
    live = [e for e in entries if e.duplicate_of is None]
    live.sort(key=lambda e: sort_key(e, context.agencies.get(e.agency_id, "")))
    duplicates = find_duplicates(live, context.distinct_pairs)
    candidates: dict[int, list[int]] = defaultdict(list)
    for a, b in duplicates:
        candidates[a].append(b)
        candidates[b].append(a)
    rows: list[CombinedRow] = []
    previous: dt.date | None = None
    agencies, births = context.agencies, context.dates_of_birth
    start, end = context.period_start, context.period_end
    death = context.death.last_day() if context.death is not None else None
    for entry in live:
        when, _key, first_day, last_day, day = _date_info(entry.date)
        row = CombinedRow(entry, agencies.get(entry.agency_id, "?"), when)
        if births:
            subject_ids = [s for s in entry.subject_ids if s in births]
            if not subject_ids and context.victim_subject_id in births:
                subject_ids = [context.victim_subject_id]
            if subject_ids:
                row.age = age_text(births[subject_ids[0]], when)
        if day is None:
            row.flags.append(FLAG_PARTIAL)
        else:
            if previous is not None:
                row.interval_days = (day - previous).days
            previous = day
        if (start and last_day < start) or (end and first_day > end):
            row.flags.append(FLAG_OUTSIDE_PERIOD)
        if death is not None and first_day > death:
            row.flags.append(FLAG_AFTER_DEATH)
        found = candidates.get(entry.id or -1)
        if found is not None:
            row.duplicate_candidates = found
        rows.append(row)
    return rows
