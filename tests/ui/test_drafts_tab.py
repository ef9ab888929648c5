"""Drafts: freeze two drafts with an edit in between and see it in the comparison;
the distribution log and section comments are stored."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.ui.forms import RecordDialog
from dhrdesk.ui.pages.review import drafts as drafts_module
from dhrdesk.ui.pages.review.drafting import DraftingTab
from dhrdesk.ui.pages.review.drafts import DraftsTab, marked_html


@pytest.fixture
def review_id(store) -> int:  # noqa: ANN001
    return store.repos.reviews.create("DHR 2025/11", "Death of Adult D")


def fill_dialog(monkeypatch, values: dict) -> None:  # noqa: ANN001
    def exec_(dialog: RecordDialog) -> int:
        for name, value in values.items():
            dialog.set_value(name, value)
        return RecordDialog.DialogCode.Accepted if dialog.try_save() else 0

    monkeypatch.setattr(RecordDialog, "exec", exec_)


def test_edit_freeze_edit_freeze_and_compare(
    context, store, review_id, qtbot, monkeypatch, messages
) -> None:  # noqa: ANN001
    drafting = DraftingTab(context, review_id)
    qtbot.addWidget(drafting)
    drafts = DraftsTab(context, review_id)
    qtbot.addWidget(drafts)
    qtbot.keyClicks(drafting.editor.text, "The panel met four times.")
    drafting.save_pending()
    monkeypatch.setattr(drafts_module, "ask_freeze", lambda parent, version: ("First draft", False))
    first = drafts.freeze_dialog()
    assert first is not None and first.version == "0.1"
    introduction = first.snapshot["documents"]["overview"][0]
    assert introduction["key"] == "introduction"
    assert any(p.endswith("The panel met four times.") for p in introduction["paragraphs"])
    drafting.editor.text.selectAll()
    qtbot.keyClicks(drafting.editor.text, "The panel met six times.")
    drafting.save_pending()
    second = drafts.freeze("Meetings corrected", final=False)
    assert second is not None and second.version == "0.2"
    assert drafts.draft_table.rowCount() == 2
    assert drafts.draft_table.item(0, 0).text() == "v0.2"
    assert drafts.draft_table.item(0, 3).text() == "Meetings corrected"
    assert drafts.before_box.currentText() == "v0.1" and drafts.after_box.currentText() == "v0.2"
    drafts.show_comparison()
    html = drafts.compare_view.toHtml()
    text = drafts.compare_view.toPlainText()
    assert "1 Introduction" in text and "changed" in text
    assert "four" in text and "six" in text
    assert "line-through" in html and "underline" in html
    assert "Unchanged:" in text and "2 Timescales" in text
    drafts.show_unchanged.setChecked(True)
    assert "Unchanged:" not in drafts.compare_view.toPlainText()
    assert "unchanged" in drafts.compare_view.toPlainText()
    # empty change summary is refused with a message, nothing frozen
    assert drafts.freeze("   ") is None
    assert any("what changed" in t for t in messages.texts("warning"))
    assert len(store.repos.drafting.drafts(review_id)) == 2
    final = drafts.freeze("Final for the Home Office", final=True)
    assert final.version == "1.0" and final.final


def test_marked_words_become_coloured_html() -> None:
    out = marked_html("met [-four-]{+six+} <times>")
    assert "line-through" in out and ">four<" in out and ">six<" in out
    assert "&lt;times&gt;" in out


def test_distribution_and_comments_are_stored(
    context, store, review_id, qtbot, monkeypatch
) -> None:  # noqa: ANN001
    store.repos.records.save(m.PanelMember(review_id, "Dr Amara Osei", "Health lead"))
    drafts = DraftsTab(context, review_id)
    qtbot.addWidget(drafts)
    assert not drafts.distribution.add_button.isEnabled()  # nothing frozen yet
    draft = drafts.freeze("First draft")
    assert drafts.distribution.add_button.isEnabled()
    fill_dialog(
        monkeypatch,
        {
            "recipient_kind": "family",
            "recipient": "Adult D's sister",
            "sent_on": dt.date(2025, 6, 2),
        },
    )
    assert drafts.distribution.add() is not None
    (sent,) = store.repos.records.list(m.Distribution, review_id)
    assert (sent.draft_id, sent.recipient_kind, sent.recipient) == (
        draft.id,
        "family",
        "Adult D's sister",
    )
    assert "Family" in drafts.distribution.model.data(drafts.distribution.model.index(0, 1))

    assert drafts.comments._names() == ["Dr Amara Osei"]
    fill_dialog(
        monkeypatch,
        {"section_key": "es_tor", "author": "Dr Amara Osei", "text": "Add the GP's view"},
    )
    assert drafts.comments.add() is not None
    (comment,) = store.repos.records.list(m.SectionComment, review_id)
    assert comment.document == "executive_summary" and not comment.resolved
    drafts.unresolved_only.setChecked(True)
    assert len(drafts.comments.records()) == 1
    comment.resolved = True
    with pytest.raises(Exception, match="resolved"):
        drafts._save_comment(comment)
    comment.resolution = "Added at 4.3"
    drafts._save_comment(comment)
    drafts.comments.refresh()
    assert drafts.comments.records() == []
    drafts.unresolved_only.setChecked(False)
    assert drafts.comments.records()[0].resolution == "Added at 4.3"
