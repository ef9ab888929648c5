"""The section editor: blocks survive the QTextDocument exactly, pastes are reduced to
the safe structure, and the toolbar produces the block types the report format has."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor

from dhrdesk.core.richtext import validate_blocks
from dhrdesk.ui.editor import blocks_to_document, document_to_blocks, normalise_blocks
from dhrdesk.ui.editor import widget as editor_widget
from dhrdesk.ui.editor.convert import sanitise_html
from dhrdesk.ui.editor.widget import SectionEditor

EVERY_KIND = [
    {"type": "heading", "text": "What happened"},
    {
        "type": "paragraph",
        "runs": [
            {"text": "Plain, "},
            {"text": "bold", "bold": True},
            {"text": ", "},
            {"text": "italic", "italic": True},
            {"text": " and "},
            {"text": "both", "bold": True, "italic": True},
            {"endnote": "Northmoor Police IMR, paragraph 4.2"},
            {"text": " then "},
            {"chronology": 17, "label": "3 April 2024, Northmoor Police"},
        ],
    },
    {"type": "bullets", "items": [[{"text": "first"}], [{"text": "second", "bold": True}]]},
    {"type": "bullets", "items": [[{"text": "a separate list"}]]},
    {"type": "numbered", "items": [[{"text": "one "}, {"endnote": "GP records"}]]},
    {"type": "quote", "runs": [{"text": "She was the heart of our family.\nAlways."}]},
    {"type": "table", "header": ["Date", "Agency"], "rows": [["3 April 2024", "Police"]]},
    {"type": "table", "header": [], "rows": [["no", "header"], ["multi\nline", ""]]},
    {"type": "paragraph", "runs": [{"text": "Zoë Łukasz Siobhán – “quoted” £12"}]},
]


def random_blocks(rng: random.Random) -> list[dict]:
    words = ["Adult A", "agency", "Zoë", "risk", "MARAC", "the", "DASH", "“said”", "  ", "-"]

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))

    def runs() -> list[dict]:
        out = []
        for _ in range(rng.randint(1, 5)):
            roll = rng.random()
            if roll < 0.15:
                out.append({"endnote": text()})
            elif roll < 0.25:
                out.append({"chronology": rng.randint(1, 500), "label": text()})
            else:
                run = {"text": text()}
                if rng.random() < 0.3:
                    run["bold"] = True
                if rng.random() < 0.3:
                    run["italic"] = True
                out.append(run)
        return out

    blocks = []
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(["paragraph", "heading", "bullets", "numbered", "quote", "table"])
        if kind in ("paragraph", "quote"):
            blocks.append({"type": kind, "runs": runs()})
        elif kind == "heading":
            blocks.append({"type": "heading", "text": text()})
        elif kind in ("bullets", "numbered"):
            blocks.append({"type": kind, "items": [runs() for _ in range(rng.randint(1, 4))]})
        else:
            width = rng.randint(1, 4)
            header = [text() for _ in range(width)] if rng.random() < 0.5 else []
            rows = [[text() for _ in range(width)] for _ in range(rng.randint(1, 3))]
            blocks.append({"type": "table", "header": header, "rows": rows})
    return blocks


def test_every_block_type_round_trips_exactly(qapp) -> None:  # noqa: ANN001
    assert normalise_blocks(EVERY_KIND) == EVERY_KIND  # already canonical
    out = document_to_blocks(blocks_to_document(EVERY_KIND))
    validate_blocks(out)
    assert out == EVERY_KIND


@pytest.mark.parametrize("seed", range(12))
def test_varied_block_lists_round_trip(qapp, seed: int) -> None:  # noqa: ANN001
    blocks = random_blocks(random.Random(seed))
    canonical = normalise_blocks(blocks)
    once = document_to_blocks(blocks_to_document(blocks))
    validate_blocks(once)
    assert once == canonical
    assert document_to_blocks(blocks_to_document(once)) == once


def test_normalising_merges_runs_and_drops_empties(qapp) -> None:  # noqa: ANN001
    blocks = [
        {"type": "paragraph", "runs": [{"text": "a", "bold": False}, {"text": "b"}]},
        {"type": "paragraph", "runs": []},
        {"type": "bullets", "items": [[], [{"text": "x"}]]},
    ]
    expected = [
        {"type": "paragraph", "runs": [{"text": "ab"}]},
        {"type": "bullets", "items": [[{"text": "x"}]]},
    ]
    assert document_to_blocks(blocks_to_document(blocks)) == expected


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal{font-family:Calibri;color:red}</style>
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->
<script>alert('x')</script></head><body>
<h2 style="font-family:'Comic Sans MS';color:#ff0000">Background</h2>
<p class=MsoNormal style="font-family:Arial;font-size:18pt;color:blue;background:yellow">
<span style="font-weight:bold;color:green">Adult A</span> met the <i>GP</i>
<a href="http://example.invalid/track">here</a><img src="file:///etc/passwd" width=10>
<font face="Wingdings" color="red">text</font></p>
<script>document.write('evil')</script>
<blockquote>A quote</blockquote>
<ol><li>first</li><li><b>second</b></li></ol>
<table border=1><tr><td style="background:red">a</td><td>b</td></tr></table>
</body></html>"""


def test_pasted_word_html_is_reduced_to_safe_blocks(qapp) -> None:  # noqa: ANN001
    blocks = sanitise_html(WORD_HTML)
    validate_blocks(blocks)
    assert blocks == [
        {"type": "heading", "text": "Background"},
        {
            "type": "paragraph",
            "runs": [
                {"text": "Adult A", "bold": True},
                {"text": " met the "},
                {"text": "GP", "italic": True},
                {"text": " here text "},
            ],
        },
        {"type": "quote", "runs": [{"text": "A quote"}]},
        {"type": "numbered", "items": [[{"text": "first"}], [{"text": "second", "bold": True}]]},
        {"type": "table", "header": [], "rows": [["a", "b"]]},
    ]
    flat = repr(blocks)
    for bad in ("alert", "evil", "passwd", "example.invalid", "Calibri", "Wingdings", "ff0000"):
        assert bad not in flat


@pytest.fixture
def editor(qtbot):  # noqa: ANN001
    widget = SectionEditor()
    qtbot.addWidget(widget)
    widget.resize(800, 400)
    widget.show()
    return widget


def end(editor: SectionEditor) -> None:
    cursor = editor.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.text.setTextCursor(cursor)


def test_paste_into_editor_sanitises_html(editor: SectionEditor) -> None:
    editor.set_blocks([{"type": "paragraph", "runs": [{"text": "Start. "}]}])
    end(editor)
    mime = QMimeData()
    mime.setHtml('<p><span style="color:red;font-family:Arial">Red</span><img src="x.png"></p>')
    assert editor.text.canInsertFromMimeData(mime)
    editor.text.insertFromMimeData(mime)
    assert editor.blocks() == [{"type": "paragraph", "runs": [{"text": "Start. Red"}]}]
    fmt = editor.text.document().begin().begin().fragment().charFormat()
    assert fmt.foreground().color().name() != "#ff0000"


def test_copy_and_paste_inside_the_editor_keeps_endnotes(editor: SectionEditor) -> None:
    editor.set_blocks([{"type": "paragraph", "runs": [{"text": "Fact"}, {"endnote": "IMR 4.2"}]}])
    editor.text.selectAll()
    mime = editor.text.createMimeDataFromSelection()
    end(editor)
    editor.text.insertFromMimeData(mime)
    assert editor.blocks()[0]["runs"] == [
        {"text": "Fact"},
        {"endnote": "IMR 4.2"},
        {"text": "Fact"},
        {"endnote": "IMR 4.2"},
    ]


def test_toolbar_builds_each_block_type(editor: SectionEditor, qtbot, monkeypatch) -> None:  # noqa: ANN001
    editor.set_blocks([])
    qtbot.keyClicks(editor.text, "Background")
    editor.actions_by_name["heading"].trigger()
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text, "Plain ")
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, "bold")
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    monkeypatch.setattr(editor_widget, "ask_endnote", lambda parent, text="": "GP letter")
    editor.actions_by_name["endnote"].trigger()
    monkeypatch.setattr(
        editor_widget, "pick_chronology", lambda parent, rows: (5, "1 May 2024, GP")
    )
    editor.actions_by_name["chronology"].trigger()
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text, "item")
    editor.actions_by_name["bullets"].trigger()
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.text, "item two")
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    qtbot.keyClick(editor.text, Qt.Key.Key_Return)  # an empty item ends the list in Qt
    qtbot.keyClicks(editor.text, "quoted")
    editor.set_block_kind("quote")
    monkeypatch.setattr(editor_widget, "ask_table", lambda parent: (1, 2, True))
    editor.actions_by_name["table"].trigger()
    qtbot.keyClicks(editor.text, "Date")
    editor.add_table_row()
    blocks = editor.blocks()
    validate_blocks(blocks)
    assert blocks[0] == {"type": "heading", "text": "Background"}
    assert blocks[1] == {
        "type": "paragraph",
        "runs": [
            {"text": "Plain "},
            {"text": "bold", "bold": True},
            {"endnote": "GP letter"},
            {"chronology": 5, "label": "1 May 2024, GP"},
        ],
    }
    assert blocks[2] == {"type": "bullets", "items": [[{"text": "item"}], [{"text": "item two"}]]}
    assert blocks[3] == {"type": "quote", "runs": [{"text": "quoted"}]}
    assert blocks[4] == {"type": "table", "header": ["Date", ""], "rows": [["", ""]]}


def test_editing_an_endnote_and_undo_redo(editor: SectionEditor, qtbot, monkeypatch) -> None:  # noqa: ANN001
    editor.set_blocks([{"type": "paragraph", "runs": [{"text": "x"}, {"endnote": "old"}]}])
    end(editor)
    monkeypatch.setattr(editor_widget, "ask_endnote", lambda parent, text="": text + " new")
    editor.endnote_dialog()
    assert editor.blocks()[0]["runs"][1] == {"endnote": "old new"}
    assert "old new" in editor.text.tooltip_at(editor.text.textCursor())
    qtbot.keyClicks(editor.text, " more")
    assert editor.blocks()[0]["runs"][-1] == {"text": " more"}
    qtbot.keyClick(editor.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.blocks()[0]["runs"][-1] == {"endnote": "old new"}
    qtbot.keyClick(
        editor.text,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.blocks()[0]["runs"][-1] == {"text": " more"}


def test_word_count_is_live(editor: SectionEditor, qtbot) -> None:  # noqa: ANN001
    editor.set_blocks([])
    assert editor.words == 0
    qtbot.keyClicks(editor.text, "three small words")
    qtbot.waitUntil(lambda: editor.words == 3, timeout=2000)
    assert editor.word_label.text() == "3 words"
