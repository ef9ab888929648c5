"""Structured section content: validation names the place; plain text and word counts."""

from __future__ import annotations

import pytest

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.richtext import (
    endnotes,
    from_plain_text,
    plain_text,
    validate_blocks,
    word_count,
)

GOOD = [
    {"type": "heading", "text": "What agencies knew"},
    {
        "type": "paragraph",
        "runs": [
            {"text": "Adult A told her GP "},
            {"text": "twice", "bold": True},
            {"text": " about the abuse."},
            {"endnote": "GP records, 2024."},
            {"chronology": 12, "label": "3 April 2024"},
        ],
    },
    {"type": "bullets", "items": [[{"text": "one"}], [{"text": "two", "italic": True}]]},
    {"type": "numbered", "items": [[{"text": "first"}]]},
    {"type": "quote", "runs": [{"text": "She was always laughing."}]},
    {"type": "table", "header": ["Agency", "Contacts"], "rows": [["Police", "4"]]},
]


def test_good_content_validates_and_reads_as_text() -> None:
    validate_blocks(GOOD)
    text = plain_text(GOOD)
    assert "Adult A told her GP twice about the abuse.3 April 2024" in text
    assert "• two" in text and "1. first" in text and "Police | 4" in text
    assert endnotes(GOOD) == ["GP records, 2024."]
    assert word_count(GOOD) == 26


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"type": "script", "text": "x"}, "content[0]"),
        ({"type": "paragraph", "runs": [{"html": "<b>x</b>"}]}, "content[0].runs[0]"),
        ({"type": "paragraph", "runs": [{"text": "x", "bold": "yes"}]}, "content[0].runs[0].bold"),
        ({"type": "paragraph", "runs": [{"text": "x", "style": "red"}]}, "content[0].runs[0]"),
        ({"type": "table", "header": ["a", "b"], "rows": [["1"]]}, "content[0].rows[0]"),
        ({"type": "bullets", "items": "a"}, "content[0].items"),
    ],
)
def test_bad_content_is_refused_with_its_place(bad: dict, where: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_blocks([bad])
    assert err.value.message.startswith(where + ":")


def test_from_plain_text_splits_paragraphs() -> None:
    blocks = from_plain_text("First line\ncontinues.\n\nSecond.")
    assert plain_text(blocks) == "First line continues.\nSecond."
