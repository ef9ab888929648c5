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

The package, by concern: ``register`` (items, forms, replacements, word lists),
``daydates`` (dates precise to the day), ``matcher`` (finding and deciding matches),
``substitute`` (:class:`Substituter`) and ``scan`` (:class:`Scanner`).
"""

from __future__ import annotations

from dhrdesk.core.anonymise.daydates import find_day_dates, relative_to_death
from dhrdesk.core.anonymise.register import (
    DATE_KINDS,
    PERSON_KINDS,
    REMOVE,
    Form,
    RegisterItem,
    default_replacement,
    derive_forms,
    replacement_problem,
)
from dhrdesk.core.anonymise.scan import (
    BLOCKING,
    CATEGORY_LABELS,
    Finding,
    Scanner,
    TextUnit,
    nhs_number_valid,
)
from dhrdesk.core.anonymise.substitute import Ambiguity, Substituter
from dhrdesk.core.textforms import APOSTROPHES, HYPHENS, fold

__all__ = [
    "APOSTROPHES",
    "BLOCKING",
    "CATEGORY_LABELS",
    "DATE_KINDS",
    "HYPHENS",
    "PERSON_KINDS",
    "REMOVE",
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
