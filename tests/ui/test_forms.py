"""The record editor: optional dates, the form dialog, and the record table over a real store."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.money import money_text, parse_money
from dhrdesk.ui.forms import FieldSpec, OptionalDateEdit, RecordDialog, RecordTable
from tests.ui.contexts import new_host, page_context

PAUSE_SPECS = [
    FieldSpec("kind", "Reason", "choice", m.PAUSE_KIND_LABELS, required=True),
    FieldSpec("start", "Start", "date", not_future=True),
    FieldSpec("end", "End", "optional_date"),
    FieldSpec("reason", "Details", "multiline", in_table=False),
]

COST_SPECS = [
    FieldSpec("category", "Category", "choice", m.COST_CATEGORY_LABELS),
    FieldSpec("amount_pence", "Amount (£)", "money"),
    FieldSpec("description", "Description", "text", required=True),
    FieldSpec("date", "Date", "optional_date"),
    FieldSpec("days", "Days", "float"),
]


def test_money_round_trip() -> None:
    assert parse_money("£1,234.50") == 123450
    assert parse_money("12.5") == 1250
    assert parse_money("  ") is None
    assert money_text(123450) == "£1,234.50"
    with pytest.raises(ValidationError, match="amount in pounds"):
        parse_money("twelve")


def test_optional_date_edit_set_and_clear(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.date() is None
    assert edit.check.isChecked()  # "not set"
    seen: list = []
    edit.dateChanged.connect(seen.append)
    edit.setDate(dt.date(2025, 4, 3))
    assert edit.date() == dt.date(2025, 4, 3)
    assert not edit.check.isChecked()
    edit.check.setChecked(True)  # not set: the field empties, nothing is invented
    assert edit.date() is None
    assert edit.text() == ""
    assert seen[-1] is None


def test_dialog_keeps_input_and_shows_parse_error(qtbot) -> None:
    cost = m.Cost(review_id=1, category="chair", amount_pence=0)
    dialog = RecordDialog(COST_SPECS, cost)
    qtbot.addWidget(dialog)
    dialog.set_value("amount_pence", "lots")
    dialog.set_value("description", "Chair's fee")
    assert dialog.try_save() is False
    assert "amount in pounds" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.editor("description").text() == "Chair's fee"  # nothing lost
    dialog.set_value("amount_pence", "1,500")
    dialog.set_value("days", "2.5")
    assert dialog.try_save() is True
    saved = dialog.result_obj
    assert (saved.amount_pence, saved.days, saved.description) == (150000, 2.5, "Chair's fee")
    assert cost.amount_pence == 0  # the original is untouched


def test_dialog_required_field(qtbot) -> None:
    dialog = RecordDialog(COST_SPECS, m.Cost(review_id=1, category="chair", amount_pence=0))
    qtbot.addWidget(dialog)
    assert dialog.try_save() is False
    assert "Description is required" in dialog.error_label.text()


@pytest.fixture
def context(store, qtbot):
    host = new_host(qtbot)
    ctx = page_context(store, host)
    ctx.host = host  # type: ignore[attr-defined]
    return ctx


def _pause_table(context, review_id: int) -> RecordTable:
    records = context.store.repos.records
    return RecordTable(
        context,
        PAUSE_SPECS,
        load=lambda: records.list(m.Pause, review_id),
        factory=lambda: m.Pause(review_id=review_id, kind="criminal_trial", start=dt.date.today()),
        noun="pause",
    )


def _fill_and_save(monkeypatch, values: dict, outcome: list) -> None:
    """Make RecordDialog.exec fill the fields, press Save, and report what happened."""

    def fake_exec(self: RecordDialog) -> int:
        for name, value in values.items():
            self.set_value(name, value)
        outcome.append((self.try_save(), self.error_label.text()))
        return self.result()

    monkeypatch.setattr(RecordDialog, "exec", fake_exec)


def test_table_add_edit_delete(context, qtbot, monkeypatch, messages) -> None:
    review_id = context.store.repos.reviews.create("DHR-FORM-1", "Form test")
    table = _pause_table(context, review_id)
    qtbot.addWidget(table)
    assert table.empty_label.isVisibleTo(table)
    assert "No pauses yet" in table.empty_label.text()
    assert not table.edit_button.isEnabled()

    outcome: list = []
    _fill_and_save(monkeypatch, {"start": dt.date(2024, 2, 1), "reason": "Trial"}, outcome)
    table.add()
    assert outcome == [(True, "")]
    pauses = context.store.repos.records.list(m.Pause, review_id)
    assert [(p.kind, p.start, p.reason) for p in pauses] == [
        ("criminal_trial", dt.date(2024, 2, 1), "Trial")
    ]
    assert not table.empty_label.isVisibleTo(table)
    assert table.proxy.data(table.proxy.index(0, 0)) == "Criminal trial"
    assert table.selected().id == pauses[0].id  # the new record is selected

    # An end before the start is refused by the store: the dialog stays open with the input.
    outcome.clear()
    _fill_and_save(monkeypatch, {"end": dt.date(2024, 1, 1), "reason": "Edited"}, outcome)
    assert table.edit_selected() is None
    assert outcome[0][0] is False
    assert "cannot end before it starts" in outcome[0][1]
    assert any("cannot end before it starts" in t for t in messages.texts("warning"))
    assert context.store.repos.records.get(m.Pause, pauses[0].id).reason == "Trial"

    outcome.clear()
    _fill_and_save(monkeypatch, {"end": dt.date(2024, 6, 1)}, outcome)
    table.edit_selected()
    assert context.store.repos.records.get(m.Pause, pauses[0].id).end == dt.date(2024, 6, 1)

    # Delete asks first; "No" keeps the record.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    assert table.delete_selected() is False
    assert len(context.store.repos.records.list(m.Pause, review_id)) == 1
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    assert table.delete_selected() is True
    assert context.store.repos.records.list(m.Pause, review_id) == []
    assert table.empty_label.isVisibleTo(table)


def test_table_filter_sort_and_keys(context, qtbot, monkeypatch) -> None:
    review_id = context.store.repos.reviews.create("DHR-FORM-2", "")
    records = context.store.repos.records
    for kind, start in (("inquest", dt.date(2023, 5, 1)), ("criminal_trial", dt.date(2022, 1, 9))):
        records.save(
            m.Pause(review_id=review_id, kind=kind, start=start, reason="Awaiting the outcome")
        )
    table = _pause_table(context, review_id)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    # Sorting by the Start column orders by date, not by the text.
    table.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert table.proxy.data(table.proxy.index(0, 1)) == "9 Jan 2022"
    table.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert table.proxy.data(table.proxy.index(0, 1)) == "1 May 2023"
    table.filter_edit.setText("inquest")
    assert table.proxy.rowCount() == 1
    table.filter_edit.setText("zzz")
    assert table.proxy.rowCount() == 0
    assert "match" in table.empty_label.text()
    table.filter_edit.clear()

    opened: list[str] = []
    monkeypatch.setattr(
        RecordTable, "open_dialog", lambda self, obj, title: opened.append(title) or None
    )
    table.table.setFocus()
    table.table.selectRow(0)
    qtbot.keyClick(table.table, Qt.Key.Key_Return)
    qtbot.keyClick(table.table, Qt.Key.Key_Insert)
    assert opened == ["Edit pause", "Add pause"]


def test_a_bad_value_is_shown_at_its_field(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    cost = m.Cost(review_id=1, category="chair", amount_pence=0)
    dialog = RecordDialog(COST_SPECS, cost)
    qtbot.addWidget(dialog)
    dialog.show()
    amount = dialog.editor("amount_pence")
    amount.selectAll()
    qtbot.keyClicks(amount, "lots")
    qtbot.keyClicks(dialog.editor("description"), "Chair's fee")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "2px solid" in amount.styleSheet() and "amount in pounds" in amount.toolTip()
    assert dialog.focusWidget() is amount
    amount.selectAll()
    qtbot.keyClicks(amount, "250")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result_obj.amount_pence == 25000
