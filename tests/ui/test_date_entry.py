"""Dates typed with the keyboard into the real date fields of the real windows.

Every kind of date field is covered: a required date in a record dialog, an
optional date with its "not set" tick, a month field, the stage dates and the
"complete stage" date on the Overview, the period and the agreement date of the
terms of reference, IMR request dates, an action update, and a partial date.
Dialogs are real modal dialogs: a zero-delay timer types into the active modal
window with key events and presses its buttons, as a person would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QWidget

from dhrdesk.core import model as m
from dhrdesk.core.dates import PartialDate
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.pages.dashboard import DashboardPage

TODAY = dt.date.today()


def in_next_modal(qtbot, script: Callable[[QDialog], None]) -> list:
    """Run ``script`` on the next modal dialog once it is showing; never leave it open."""
    errors: list = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        try:
            script(dialog)
        except Exception as exc:  # reported by the test, not lost in Qt
            errors.append(exc)
        finally:
            if dialog.isVisible():  # the script should have closed it: say why not
                shown = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
                errors.append(f"dialog left open; it shows: {shown}")
                dialog.reject()

    QTimer.singleShot(0, run)
    return errors


def field(dialog: QWidget, name: str) -> DateField:
    found = dialog.findChild(DateField, name)
    assert found is not None, name
    return found


def type_date(qtbot, date_field: DateField, text: str) -> None:
    """Select what is there and type over it, as a person would."""
    date_field.edit.setFocus()
    date_field.edit.selectAll()
    qtbot.keyClick(date_field.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(date_field.edit, text)


def focused(widget: QWidget) -> bool:
    """The widget has the focus within its window (offscreen windows are never 'active')."""
    return widget.window().focusWidget() is widget


def activate(qtbot, window: QWidget) -> None:
    """Make the window the active one again (after a modal dialog), as a click on it would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def press(qtbot, dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)


SAVE = QDialogButtonBox.StandardButton.Save
OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


# ------------------------------------------------------------------ the widget itself
@pytest.mark.parametrize(
    ("kind", "typed", "shown"),
    [
        ("date", "12/03/2025", "12 March 2025"),
        ("date", "12/3/25", "12 March 2025"),
        ("date", "12 Mar 2025", "12 March 2025"),
        ("date", "12 March 2025", "12 March 2025"),
        ("date", "2025-03-12", "12 March 2025"),
        ("date", "12.03.2025", "12 March 2025"),
        ("month", "03/2026", "March 2026"),
        ("month", "March 2026", "March 2026"),
        ("month", "Mar 26", "March 2026"),
        ("partial", "March 2019", "March 2019"),
        ("partial", "2019", "2019"),
    ],
)
def test_typed_dates_are_read_and_shown_back(qtbot, kind: str, typed: str, shown: str) -> None:
    widget = DateField(kind=kind, optional=True, what="Date")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClicks(widget.edit, typed)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)  # leaving the field shows the reading
    assert widget.edit.text() == shown
    assert not widget.has_error()


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("date", "31 Feb 2025", "31 Feb 2025 is not a date: February 2025 has 28 days."),
        ("date", "March 2025", "not a full date: give the day as well"),
        ("date", "12/03", "give the year as well"),
        ("month", "2026", "give the month as well"),
    ],
)
def test_impossible_or_incomplete_dates_show_at_the_field(
    qtbot, kind: str, typed: str, message: str
) -> None:
    widget = DateField(kind=kind, optional=True, what="Date")
    qtbot.addWidget(widget)
    widget.show()
    seen: list = []
    widget.dateChanged.connect(seen.append)
    qtbot.keyClicks(widget.edit, typed)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert widget.has_error() and message in widget.message.text()
    assert "border: 2px solid" in widget.edit.styleSheet()  # the red outline
    assert widget.edit.text() == typed  # nothing replaced, nothing lost
    assert seen == []  # and no value was ever announced
    with pytest.raises(ValidationError):
        widget.value()
    # Typing again clears the message.
    qtbot.keyClick(widget.edit, Qt.Key.Key_Backspace)
    assert not widget.has_error()


def test_not_set_tick_empties_the_field_and_waits_for_a_date(qtbot) -> None:
    widget = DateField(dt.date(2025, 3, 12), kind="date", optional=True, what="Due")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert not widget.check.isChecked()
    qtbot.mouseClick(widget.check, Qt.MouseButton.LeftButton)
    assert widget.check.isChecked()
    assert widget.edit.text() == "" and widget.value() is None  # never today
    assert focused(widget.edit)
    qtbot.keyClicks(widget.edit, "1/4/25")
    assert not widget.check.isChecked()  # typing unticks "not set"
    assert widget.value() == dt.date(2025, 4, 1)
    # Emptying the field ticks "not set" again; unticking it with nothing typed keeps it.
    widget.edit.selectAll()
    qtbot.keyClick(widget.edit, Qt.Key.Key_Delete)
    assert widget.check.isChecked() and widget.value() is None
    qtbot.mouseClick(widget.check, Qt.MouseButton.LeftButton)
    assert widget.check.isChecked() and focused(widget.edit)


def test_a_required_date_never_becomes_today(qtbot) -> None:
    widget = DateField(kind="date", optional=False, what="Start")
    qtbot.addWidget(widget)
    assert not widget.check.isVisibleTo(widget)
    with pytest.raises(Exception, match="Start is required"):
        widget.value()
    qtbot.keyClicks(widget.edit, "today")
    assert widget.value() == TODAY  # only when asked for in words


# ------------------------------------------------------------ in the real windows
def _new_review(unlocked) -> int:
    return unlocked.store.repos.reviews.create("DHR 2026/09", "Adult J")


def test_month_of_death_in_the_new_review_dialog(unlocked, qtbot) -> None:
    window = unlocked.main_window
    window.show_dashboard()
    dashboard = window.stack.currentWidget()
    assert isinstance(dashboard, DashboardPage)

    def script(dialog: QDialog) -> None:
        reference = dialog.findChild(QWidget, "field_reference")
        qtbot.keyClicks(reference, "DHR 2026/11")
        month = field(dialog, "field_month_of_death")
        type_date(qtbot, month, "2026")  # a year alone is not a month
        press(qtbot, dialog, SAVE)
        assert dialog.isVisible() and month.has_error()
        assert "give the month as well" in month.message.text()
        assert focused(month.edit)
        type_date(qtbot, month, "03/2026")
        press(qtbot, dialog, SAVE)

    errors = in_next_modal(qtbot, script)
    review_id = dashboard.new_review()
    assert errors == []
    assert unlocked.store.repos.reviews.by_id(review_id).month_of_death == "2026-03"


def test_required_and_optional_dates_in_record_dialogs(unlocked, qtbot) -> None:
    store = unlocked.store
    review_id = _new_review(unlocked)
    window = unlocked.main_window
    window.open_review(review_id, "Parallel processes and pauses")
    workspace = window.review_page().workspace
    pauses = workspace.tab("Parallel processes and pauses").pauses

    def impossible_then_right(dialog: QDialog) -> None:
        start = field(dialog, "field_start")
        type_date(qtbot, start, "31 Feb 2025")
        press(qtbot, dialog, SAVE)
        assert dialog.isVisible()  # refused: nothing saved, the text kept
        assert start.edit.text() == "31 Feb 2025" and start.has_error()
        assert store.repos.records.list(m.Pause, review_id) == []
        type_date(qtbot, start, "12/3/25")
        reason = dialog.findChild(QWidget, "field_reason")
        qtbot.keyClicks(reason, "Awaiting the criminal trial")
        press(qtbot, dialog, SAVE)

    errors = in_next_modal(qtbot, impossible_then_right)
    pauses.add()
    assert errors == []
    [pause] = store.repos.records.list(m.Pause, review_id)
    assert pause.start == dt.date(2025, 3, 12)

    # An optional date (a cost's date): typed, then "not set" ticked leaves it empty.
    window.open_review(review_id, "Costs")
    costs = workspace.tab("Costs").table

    def optional(dialog: QDialog) -> None:
        date = field(dialog, "field_date")
        type_date(qtbot, date, "2025-03-12")
        assert not date.check.isChecked()
        qtbot.mouseClick(date.check, Qt.MouseButton.LeftButton)
        assert date.edit.text() == "" and focused(date.edit)
        qtbot.keyClicks(date.edit, "12 March 2025")
        qtbot.keyClicks(dialog.findChild(QWidget, "field_description"), "Chair's fee")
        amount = dialog.findChild(QWidget, "field_amount_pence")
        amount.selectAll()
        qtbot.keyClicks(amount, "250")
        press(qtbot, dialog, SAVE)

    errors = in_next_modal(qtbot, optional)
    costs.add()
    assert errors == []
    [cost] = store.repos.records.list(m.Cost, review_id)
    assert cost.date == dt.date(2025, 3, 12)


def test_overview_stage_dates_and_complete_stage(unlocked, qtbot) -> None:
    store = unlocked.store
    review_id = _new_review(unlocked)
    window = unlocked.main_window
    window.open_review(review_id, "Overview")
    overview = window.review_page().workspace.tab("Overview")

    # Complete "Notification": the real modal date dialog, typed.
    def complete(dialog: QDialog) -> None:
        date = field(dialog, "askDate")
        assert date.edit.text() == dt.date.today().strftime("%-d %B %Y")  # shown, not hidden
        type_date(qtbot, date, "31/02/25")
        press(qtbot, dialog, OK)
        assert dialog.isVisible() and "February 2025 has 28 days" in date.message.text()
        type_date(qtbot, date, "3/2/25")
        press(qtbot, dialog, OK)

    errors = in_next_modal(qtbot, complete)
    assert overview.complete_current_stage()
    assert errors == []
    stages = {s.stage_id: s for s in store.repos.lifecycle.stages(review_id)}
    assert stages["notification"].completed == dt.date(2025, 2, 3)

    # The decision's date typed into the lifecycle grid, saved with the button.
    row = next(r for r in overview._stage_rows if r.stage.id == "decision")
    type_date(qtbot, row.completed, "12 Feb 2025")
    assert overview.save_dates_button.isEnabled()
    assert overview.save_stage_dates()
    stages = {s.stage_id: s for s in store.repos.lifecycle.stages(review_id)}
    assert stages["decision"].completed == dt.date(2025, 2, 12)

    # A date in the future is refused at the field; nothing changes.
    row = next(r for r in overview._stage_rows if r.stage.id == "decision")
    future = TODAY + dt.timedelta(days=40)
    type_date(qtbot, row.completed, f"{future:%d/%m/%Y}")
    assert overview.save_stage_dates() is False
    assert row.completed.has_error() and "cannot be in the future" in row.completed.message.text()
    stages = {s.stage_id: s for s in store.repos.lifecycle.stages(review_id)}
    assert stages["decision"].completed == dt.date(2025, 2, 12)

    # The month of death on the record, saved with Ctrl+S.
    type_date(qtbot, overview.month_edit, "Mar 24")
    activate(qtbot, window)
    qtbot.keyClick(overview.month_edit.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: store.repos.reviews.by_id(review_id).month_of_death == "2024-03")


def test_terms_period_and_agreement_date(unlocked, qtbot, messages) -> None:
    store = unlocked.store
    review_id = _new_review(unlocked)
    window = unlocked.main_window
    window.open_review(review_id, "Terms of reference")
    terms = window.review_page().workspace.tab("Terms of reference")
    type_date(qtbot, terms.period_start, "1.9.2019")
    type_date(qtbot, terms.period_end, "14 March 2025")
    qtbot.keyClicks(terms.rationale, "From when they began living together to the death.")
    assert terms.save()
    tor = store.repos.lifecycle.terms(review_id)
    assert (tor.period_start, tor.period_end) == (dt.date(2019, 9, 1), dt.date(2025, 3, 14))

    store.repos.records.save(
        m.LineOfEnquiry(review_id, "Was the housing transfer request acted on?")
    )

    def agree(dialog: QDialog) -> None:
        date = field(dialog, "agreedOn")
        type_date(qtbot, date, "2/4/25")
        press(qtbot, dialog, OK)

    errors = in_next_modal(qtbot, agree)
    assert terms.agree() == 1, (errors, messages.shown)
    assert errors == []
    [version] = store.repos.lifecycle.versions(review_id)
    assert version.agreed_on == dt.date(2025, 4, 2)


def test_imr_request_dates(unlocked, qtbot) -> None:
    store = unlocked.store
    review_id = _new_review(unlocked)
    agency = m.Agency(review_id, "Northmoor Police")
    store.repos.records.save(agency)
    agency_id = agency.id
    window = unlocked.main_window
    window.open_review(review_id, "Agencies and IMRs")
    tab = window.review_page().workspace.tab("Agencies and IMRs")
    tab.refresh()
    assert tab.select_agency("Northmoor Police")
    due = tab.date_edits["due_on"]
    type_date(qtbot, due, "30/6/25")
    assert tab.save_request()
    assert store.repos.agency_input.request(agency_id).due_on == dt.date(2025, 6, 30)
    type_date(qtbot, due, "31/6/25")
    assert tab.save_request() is False
    assert "June 2025 has 30 days" in due.message.text()
    assert store.repos.agency_input.request(agency_id).due_on == dt.date(2025, 6, 30)


def test_partial_dates_keep_only_what_is_known(qtbot) -> None:
    widget = DateField(kind="partial", optional=False, what="Event date")
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget.edit, "Spring 2019")
    with pytest.raises(Exception, match="'Spring' is not a month"):
        widget.value()
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, "April 2019")
    assert widget.value() == PartialDate(2019, 4)


def test_imr_due_date_defaults_from_the_request(unlocked, qtbot) -> None:
    from dhrdesk.ui.pages.review.agencies import IMR_RETURN_WEEKS

    store = unlocked.store
    review_id = _new_review(unlocked)
    store.repos.records.save(m.Agency(review_id, "Northmoor Housing"))
    window = unlocked.main_window
    window.open_review(review_id, "Agencies and IMRs")
    tab = window.review_page().workspace.tab("Agencies and IMRs")
    tab.refresh()
    assert tab.select_agency("Northmoor Housing")
    requested, due = tab.date_edits["requested_on"], tab.date_edits["due_on"]
    type_date(qtbot, requested, "2/3/26")
    qtbot.keyClick(requested.edit, Qt.Key.Key_Tab)  # leaving the field
    expected = dt.date(2026, 3, 2) + dt.timedelta(weeks=IMR_RETURN_WEEKS)
    assert due.value() == expected and tab.due_hint.isVisibleTo(tab)
    # Correcting the request date moves the suggestion; a typed due date is kept.
    type_date(qtbot, requested, "9/3/26")
    qtbot.keyClick(requested.edit, Qt.Key.Key_Tab)
    assert due.value() == dt.date(2026, 3, 9) + dt.timedelta(weeks=IMR_RETURN_WEEKS)
    type_date(qtbot, due, "30/4/26")
    type_date(qtbot, requested, "10/3/26")
    qtbot.keyClick(requested.edit, Qt.Key.Key_Tab)
    assert due.value() == dt.date(2026, 4, 30)
    assert tab.save_request()
