"""Comparing drafts section by section."""

from __future__ import annotations

from dhrdesk.core.drafts import compare, mark_words, render_text


def snap(sections: dict[str, list[str]]) -> dict:
    return {
        "documents": {
            "overview": [
                {"key": k, "heading": k.title(), "paragraphs": v} for k, v in sections.items()
            ]
        }
    }


def test_compare_reports_changes_per_section() -> None:
    v1 = snap(
        {
            "introduction": ["1.1 Adult A died in March 2026.", "1.2 The panel met twice."],
            "timescales": ["2.1 The review began in April."],
            "old": ["3.1 Removed later."],
        }
    )
    v2 = snap(
        {
            "introduction": [
                "1.1 Adult A died in March 2026.",
                "1.2 A new paragraph.",
                "1.3 The panel met three times.",
            ],
            "timescales": ["2.1 The review began in April."],
            "conclusions": ["4.1 New section."],
        }
    )
    diffs = {d.key: d for d in compare(v1, v2)}
    assert diffs["timescales"].status == "unchanged"
    assert diffs["conclusions"].status == "added"
    assert diffs["old"].status == "removed"
    intro = diffs["introduction"]
    assert intro.status == "changed"
    kinds = [c.kind for c in intro.changes]
    assert kinds == ["added", "changed"]
    assert intro.changes[1].marked == "The panel met [-twice.-]{+three times.+}"
    text = render_text(list(diffs.values()))
    assert "Timescales" not in text
    assert "+ A new paragraph." in text


def test_renumbering_alone_is_not_a_change() -> None:
    v1 = snap({"a": ["1.1 Same words."]})
    v2 = snap({"a": ["1.7 Same words."]})
    assert compare(v1, v2)[0].status == "unchanged"
    assert render_text(compare(v1, v2)) == "The two drafts are the same."


def test_mark_words() -> None:
    assert mark_words("the GP saw her", "the nurse saw her") == "the [-GP-]{+nurse+} saw her"
