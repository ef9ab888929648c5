"""The RESTRICTED identity register without Qt: real identifiers and what replaces them.

Each entry links a real identifier (with its variants: nicknames, maiden names,
misspellings) to its replacement in published text, so the anonymisation check
can search every exported file for it. A date of birth is stored with its other
spellings, so a date typed one way is still found when an agency wrote it another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import PERSON_KINDS, REMOVE, default_replacement
from dhrdesk.core.dates import format_date, numeric_date, parse_date
from dhrdesk.ui.presenters.review import ReviewPresenter
from dhrdesk.ui.presenters.subjects import subject_label

if TYPE_CHECKING:
    from dhrdesk.store import Store

REGISTER_TABLES = ("register_entry", "subject")

NO_SUBJECT = "— none (professional, place, organisation) —"
ALL = "all"
UNLINKED = "unlinked"
ALL_LABEL = "All subjects and others"
UNLINKED_LABEL = "Not linked to a subject (professionals, places)"


def dob_variants(value: str) -> list[str]:
    """Other ways a date of birth is written ('3 April 1985', '03/04/1985', '3/4/1985')."""
    born = parse_date(value)
    return [format_date(born), numeric_date(born), f"{born.day}/{born.month}/{born.year}"]


def count_text(shown: int, total: int) -> str:
    """'3 identifiers (1 shown)'."""
    return f"{total} identifier{'s' if total != 1 else ''}" + (
        f" ({shown} shown)" if shown != total else ""
    )


def replacement_hint(kind: str) -> str:
    """What the replacement will be when left empty, for kinds that are not a person's name."""
    return default_replacement(kind, "").replace(REMOVE, "(removed)") or "(month and year)"


def followed_replacement(
    kind: str, current: str, subject_id: int | None, pseudonyms: dict[int, str]
) -> str:
    """The replacement after the subject or kind changed in the dialog.

    A person's pseudonym replaces a person's name only: a date of birth, an address
    or a number reads wrongly as "Adult B" (issue 10). Only an empty replacement, or
    one that was another subject's pseudonym, is replaced.
    """
    if kind not in PERSON_KINDS:
        return "" if current in pseudonyms.values() else current
    if not current or current in pseudonyms.values():
        return current if subject_id is None else pseudonyms.get(subject_id, current)
    return current


class RegisterPresenter(ReviewPresenter):
    """Reads and writes of one review's identity register."""

    def __init__(self, store: Store, review_id: int) -> None:
        super().__init__(store, review_id)
        self.subjects: list[m.Subject] = []
        self.all_entries: list[m.RegisterEntry] = []

    def load_subjects(self) -> list[tuple[Any, str]]:
        """The subjects, as the filter's (data, label) items."""
        self.subjects = self.store.repos.records.list(m.Subject, self.review_id)
        items: list[tuple[Any, str]] = [(ALL, ALL_LABEL)]
        items += [(s.id, subject_label(s)) for s in self.subjects]
        return [*items, (UNLINKED, UNLINKED_LABEL)]

    def pseudonyms(self) -> dict[int, str]:
        return {s.id: s.pseudonym for s in self.subjects}

    def subject_choices(self) -> dict[Any, str]:
        return {None: NO_SUBJECT, **{s.id: subject_label(s) for s in self.subjects}}

    def entries(self, chosen: Any) -> list[m.RegisterEntry]:
        """Entries by subject, then kind, for the filter ``chosen`` (ALL, UNLINKED or an id)."""
        entries = self.store.repos.records.list(m.RegisterEntry, self.review_id)
        order = {s.id: i for i, s in enumerate(self.subjects)}
        kinds = {k: i for i, k in enumerate(m.REGISTER_KINDS)}
        entries.sort(
            key=lambda e: (order.get(e.subject_id, len(order)), kinds.get(e.kind, 99), e.id or 0)
        )
        self.all_entries = entries
        if chosen == UNLINKED:
            return [e for e in entries if e.subject_id is None]
        if chosen not in (None, ALL):
            return [e for e in entries if e.subject_id == chosen]
        return entries

    def new_entry(self, chosen: Any) -> m.RegisterEntry:
        subject_id = chosen if isinstance(chosen, int) else None
        kind = "full_name" if subject_id is not None else "professional"
        return m.RegisterEntry(review_id=self.review_id, kind=kind, value="", subject_id=subject_id)

    def save_entry(self, entry: m.RegisterEntry) -> int:
        """Fill the replacement from the subject and add the other spellings of a birth date.

        A date of birth that cannot be read raises the British-date message; nothing is saved.
        """
        if not entry.replacement.strip() and entry.subject_id is not None:
            if entry.kind in PERSON_KINDS:
                entry.replacement = self.pseudonyms().get(entry.subject_id, "")
        if entry.kind == "date_of_birth":
            for spelling in dob_variants(entry.value):
                if spelling != entry.value.strip() and spelling not in entry.variants:
                    entry.variants = [*entry.variants, spelling]
        return self.store.repos.records.save(entry)
