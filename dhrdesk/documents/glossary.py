"""The glossary: the acronyms a document actually uses, from resources/acronyms.json.

The Home Office QA panel asks for a glossary, and a glossary that lists forty
acronyms the report never uses is noise, so a document's glossary is built
from its own text: an acronym is listed when it occurs as a whole word,
case-sensitively ("GP" in "the GP surgery", not "gp" in "gpu"; "MARAC" but not
"MARACs"-style plurals are still counted, since a trailing lowercase "s" is
allowed). The dictionary is data: a CSP can add its local acronyms to the file.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dhrdesk.core.resources import load_json, required_resource


@lru_cache(maxsize=1)
def acronyms() -> dict[str, str]:
    """The dictionary of DHR acronyms (acronym -> meaning), loaded once."""
    data = load_json(required_resource("acronyms.json"))
    return dict(data["acronyms"])


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Longest first so "DVPO" wins over a shorter prefix; & is part of "A&E".
    names = sorted(acronyms(), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w&])({alternatives})s?(?![\w&])")


def acronyms_used(text: str) -> list[tuple[str, str]]:
    """(acronym, meaning) for each dictionary acronym in ``text``, alphabetical."""
    found = {match.group(1) for match in _pattern().finditer(text)}
    table = acronyms()
    return sorted(((name, table[name]) for name in found), key=lambda item: item[0].casefold())
