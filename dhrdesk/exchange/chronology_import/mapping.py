"""Which column holds which chronology field: the guess, its problems, its description."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from dhrdesk.exchange.chronology_import.base import (
    _FIELD_BY_KEY,
    FIELD_KEYS,
    FIELDS,
    REQUIRED_FIELDS,
    SCORE_EXACT,
    SCORE_PARTIAL,
)


# ----------------------------------------------------------------------------- mapping
class Mapping(dict):
    """field key -> column index (or None), with how sure the guess is.

    ``confidence[field]`` is 1.0 for a header that is a known name for the field,
    0.6 for one that merely contains it, 0 when unmapped. ``ambiguous[field]``
    lists the columns (two or more) that match a field equally well; the first is
    mapped, and the chair must confirm. A plain dict of the same shape is accepted
    everywhere a Mapping is.
    """

    def __init__(
        self,
        columns: dict[str, int | None] | None = None,
        confidence: dict[str, float] | None = None,
        ambiguous: dict[str, list[int]] | None = None,
    ) -> None:
        super().__init__({key: None for key in FIELD_KEYS})
        self.update(columns or {})
        self.confidence: dict[str, float] = dict(confidence or {})
        self.ambiguous: dict[str, list[int]] = dict(ambiguous or {})

    @property
    def is_unambiguous(self) -> bool:
        """Every required field mapped and no field ambiguous: safe for ``--yes``."""
        return not mapping_problems(self) and not self.ambiguous


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-z#]+", " ", text)
    words = (
        [w for w in text.split() if w not in ("of", "the", "and", "or")]
        if len(text.split()) > 1
        else text.split()
    )
    return " ".join(words)


_SYNONYMS: dict[str, list[str]] = {
    f.key: [_normalise_header(s) for s in (f.key.replace("_", " "), f.label, *f.synonyms)]
    for f in FIELDS
}


def _score(header: str, key: str) -> float:
    norm = _normalise_header(header)
    if not norm:
        return 0.0
    best = 0.0
    padded = f" {norm} "
    for synonym in _SYNONYMS[key]:
        if not synonym:
            continue
        if norm == synonym:
            return SCORE_EXACT
        if len(synonym) >= 4 and f" {synonym} " in padded:
            best = SCORE_PARTIAL
    return best


def guess_mapping(headers: Sequence[str]) -> Mapping:
    """Guess which column holds which chronology field, from the header names.

    Each column goes to the field it matches best ("Date/Time" is the date, even
    though it also mentions the time); each field takes its best column. When two
    columns match a field equally well (say "Action" and "Outcome"), the first is
    taken and the field is listed in ``Mapping.ambiguous`` for the chair to decide.
    """
    best_field: dict[int, tuple[str, float]] = {}
    for column, header in enumerate(headers):
        scored = [(key, _score(header or "", key)) for key in FIELD_KEYS]
        key, score = max(scored, key=lambda pair: pair[1])  # first of equals: FIELDS order
        if score > 0:
            best_field[column] = (key, score)
    columns: dict[str, int | None] = {}
    confidence: dict[str, float] = {}
    ambiguous: dict[str, list[int]] = {}
    for key in FIELD_KEYS:
        candidates = [(col, s) for col, (k, s) in best_field.items() if k == key]
        if not candidates:
            continue
        top = max(s for _, s in candidates)
        tied = sorted(col for col, s in candidates if s == top)
        columns[key] = tied[0]
        confidence[key] = top
        if len(tied) > 1:
            ambiguous[key] = tied
    return Mapping(columns, confidence, ambiguous)


def mapping_problems(mapping: dict[str, int | None], width: int | None = None) -> list[str]:
    """What stops an import with this mapping: a required field unmapped, a column used twice,
    or a column index outside the table."""
    problems = []
    for key in REQUIRED_FIELDS:
        if mapping.get(key) is None:
            problems.append(f"No column is chosen for '{_FIELD_BY_KEY[key].label}' (required).")
    if mapping.get("event") is None and mapping.get("action") is None:
        problems.append("No column is chosen for 'Event / contact' or 'Action taken / outcome'.")
    used: dict[int, str] = {}
    for key in FIELD_KEYS:
        column = mapping.get(key)
        if column is None:
            continue
        if width is not None and not 0 <= column < width:
            problems.append(f"'{_FIELD_BY_KEY[key].label}' points to a column that is not there.")
        if column in used:
            problems.append(
                f"The same column is chosen for '{_FIELD_BY_KEY[used[column]].label}' and "
                f"'{_FIELD_BY_KEY[key].label}'."
            )
        used.setdefault(column, key)
    unknown = set(mapping) - set(FIELD_KEYS)
    if unknown:
        problems.append("Unknown field(s): " + ", ".join(sorted(unknown)) + ".")
    return problems


def describe_mapping(mapping: dict[str, int | None], headers: Sequence[str]) -> list[str]:
    """One line per field, 'Date <- "Date of contact"', for the CLI and logs."""
    lines = []
    ambiguous = mapping.ambiguous if isinstance(mapping, Mapping) else {}
    for f in FIELDS:
        column = mapping.get(f.key)
        if column is None:
            shown = "(not in the file)" + ("  REQUIRED" if f.required else "")
        else:
            header = headers[column] if 0 <= column < len(headers) else f"column {column + 1}"
            shown = f'"{header}"'
            if f.key in ambiguous:
                others = ", ".join(f'"{headers[c]}"' for c in ambiguous[f.key] if c != column)
                shown += f"  AMBIGUOUS: {others} also match"
        lines.append(f"{f.label:<24} <- {shown}")
    return lines
