"""The one date-entry widget: every date in DHR Desk is typed (or picked) here.

Why: a spin-box date editor (QDateEdit) silently keeps today's date when a chair
types "12/03/2025" over it, reads "12 Mar 2025" as 3 March and turns "31 Feb" into
3 February. Statutory clocks and report text rest on these dates, so this field
takes the text as typed, reads it with :func:`dhrdesk.core.dates.read_date_field`
(the one parser, Qt-free and unit-tested), shows what it understood ("12 March
2025") when the field is left, and shows any problem *at the field*: a red outline
and the message underneath. It never substitutes today and never hands back a
value it could not read: :meth:`DateField.value` raises instead, focusing the field.

Optional dates carry a "not set" tick. Ticking it empties the field and leaves the
focus there, ready for a date; typing unticks it, emptying the field ticks it. In
compact form (the lifecycle grid) there is no tick: an empty field is not set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from dhrdesk.core.dates import FIELD_HINTS, InvalidDateError, PartialDate, read_date_field

EARLIEST = dt.date(1900, 1, 1)
PLACEHOLDERS = {
    "date": "e.g. 12/03/2025",
    "partial": "e.g. 12/03/2025 or 2019",
    "month": "e.g. March 2026",
}
UNREADABLE = object()
"""What :meth:`DateField.peek` gives for text that is not (yet) a date."""
FIELD_ERROR_STYLE = "QLineEdit { border: 2px solid #a4161a; border-radius: 3px; padding: 1px; }"
MESSAGE_STYLE = "QLabel { color: #a4161a; font-size: 90%; }"


def _text_edit(kind: str, what: str, compact: bool) -> QLineEdit:
    """Where the date is typed; compact fields (the lifecycle grid) are narrower."""
    edit = QLineEdit()
    edit.setObjectName("dateText")
    edit.setPlaceholderText("dd/mm/yyyy" if compact and kind == "date" else PLACEHOLDERS[kind])
    edit.setToolTip(f"Type the date, {FIELD_HINTS[kind]}.")
    edit.setAccessibleName(what)
    edit.setAccessibleDescription(f"Type the date, {FIELD_HINTS[kind]}.")
    edit.setMinimumWidth(104 if compact else 140)
    edit.setMaxLength(40)
    return edit


def _calendar_button(what: str, visible: bool) -> QToolButton:
    button = QToolButton()
    button.setObjectName("calendarButton")
    button.setText("📅")
    button.setToolTip("Pick the date from a calendar")
    button.setAccessibleName(f"{what}: pick from a calendar")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing is the keyboard way
    button.setVisible(visible)
    return button


def _not_set_check(label: str, what: str, visible: bool) -> QCheckBox:
    check = QCheckBox(label or "not set")
    check.setObjectName("notSet")
    check.setToolTip("Tick when there is no date yet; type a date to untick.")
    check.setAccessibleName(f"{what}: not set")
    check.setVisible(visible)  # compact: empty means not set
    return check


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def calendar_menu(
    parent: QWidget, start: dt.date, latest: dt.date | None, picked: Callable[[dt.date], None]
) -> QMenu:
    """A calendar in a drop-down menu, opened on ``start``; a click or Enter picks."""
    menu = QMenu(parent)
    calendar = QCalendarWidget(menu)
    calendar.setGridVisible(True)
    calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    calendar.setSelectedDate(_qdate(start))
    if latest is not None:
        calendar.setMaximumDate(_qdate(latest))
    action = QWidgetAction(menu)
    action.setDefaultWidget(calendar)
    menu.addAction(action)

    def chosen(day: QDate) -> None:
        picked(dt.date(day.year(), day.month(), day.day()))
        menu.close()

    calendar.clicked.connect(chosen)
    calendar.activated.connect(chosen)
    return menu


def kind_value(value: PartialDate | None, kind: str) -> object:
    """A field's value as its kind gives it: a date, a PartialDate, 'YYYY-MM', or None."""
    if value is None or kind == "partial":
        return value
    if kind == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.to_date()


class DateField(QWidget):
    """A typed date: ``kind`` is "date", "partial" (year or month allowed) or "month".

    ``optional`` adds the "not set" tick; ``not_future`` refuses dates after today;
    ``what`` names the field in messages and for screen readers ("Due date").
    """

    dateChanged = Signal(object)  # Qt naming: the new value, None when not set

    def __init__(
        self,
        value: dt.date | PartialDate | str | None = None,
        parent: QWidget | None = None,
        *,
        kind: str = "date",
        optional: bool = True,
        not_future: bool = False,
        what: str = "The date",
        label: str = "",
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        if kind not in FIELD_HINTS:
            raise ValueError(f"Unknown date field kind {kind!r}")
        self.kind = kind
        self.optional = optional
        self.what = what
        self._latest: dt.date | None = dt.date.today() if not_future else None
        self._earliest: dt.date | None = EARLIEST
        self._last: PartialDate | None = None
        self._blocking = False

        self.edit = _text_edit(kind, what, compact)
        self.calendar_button = _calendar_button(what, visible=kind != "month" and not compact)
        self.calendar_button.clicked.connect(self._show_calendar)
        self.check = _not_set_check(label, what, visible=optional and not compact)
        self.message = QLabel()
        self.message.setObjectName("dateMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        row.addWidget(self.check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)

        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.check.toggled.connect(self._ticked)
        self.setValue(value)

    # -- reading -----------------------------------------------------------------------
    def _read(self) -> PartialDate | None:
        """What the field holds now, or InvalidDateError (nothing is shown)."""
        text = self.edit.text()
        value = read_date_field(text, self.kind, latest=self._latest, earliest=self._earliest)
        if value is None:
            if self.optional:
                return None  # empty is "not set" (the tick shows it)
            raise InvalidDateError(
                f"{self.what} is required: type a date ({FIELD_HINTS[self.kind]})."
            )
        return value

    def peek(self) -> object:
        """The value without raising or showing anything: :data:`UNREADABLE` when bad.

        For "has this changed?" checks that run on every keystroke."""
        try:
            return kind_value(self._read(), self.kind)
        except InvalidDateError:
            return UNREADABLE

    def partial(self) -> PartialDate | None:
        """The value (a PartialDate), None when not set; raises, at the field, when unreadable."""
        try:
            value = self._read()
        except InvalidDateError as exc:
            self.show_error(exc.message)
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            named = (
                exc.message if exc.message.startswith(self.what) else f"{self.what}: {exc.message}"
            )
            raise InvalidDateError(named) from None
        self.clear_error()
        return value

    def date(self) -> dt.date | None:
        """A full date, or None when not set (for "date" fields)."""
        value = self.partial()
        if value is None:
            return None
        return value.first_day() if value.is_partial else value.to_date()

    def month(self) -> str:
        """'YYYY-MM', or '' when not set (for "month" fields)."""
        value = self.partial()
        return "" if value is None else f"{value.year:04d}-{value.month or 1:02d}"

    def value(self) -> dt.date | PartialDate | str | None:
        """The kind's own value: date, PartialDate or 'YYYY-MM'."""
        if self.kind == "month":
            return self.month()
        if self.kind == "partial":
            return self.partial()
        return self.date()

    # -- writing -----------------------------------------------------------------------
    def setValue(self, value: dt.date | PartialDate | str | None) -> None:  # Qt naming
        """Show a stored value (a date, a PartialDate, an ISO string or None)."""
        if isinstance(value, str):
            value = PartialDate.parse(value) if value.strip() else None
        elif isinstance(value, dt.date):
            value = PartialDate.from_date(value)
        if value is not None and self.kind == "month":
            value = PartialDate(value.year, value.month)
        self._blocking = True
        try:
            self.edit.setText("" if value is None else value.display())
            self.check.setChecked(value is None and self.optional)
        finally:
            self._blocking = False
        self.clear_error()
        self._announce(value)

    def setDate(self, value: dt.date | None) -> None:  # Qt naming
        self.setValue(value)

    def setMonth(self, value: str) -> None:  # Qt naming
        self.setValue(value or None)

    def setMaximumDate(self, value: dt.date | None) -> None:  # Qt naming
        """Refuse dates after ``value`` (e.g. today, for things that have happened)."""
        self._latest = value

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Put back text exactly as a person typed it (e.g. after a failed save)."""
        self.edit.setText(text)
        self._typed(text)
        self._finished()

    # -- errors at the field -------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.edit.setStyleSheet(FIELD_ERROR_STYLE)
        self.message.setText(message)
        self.message.show()
        self.edit.setAccessibleDescription(message)

    def clear_error(self) -> None:
        self.edit.setStyleSheet("")
        self.message.clear()
        self.message.hide()
        self.edit.setAccessibleDescription(f"Type the date, {FIELD_HINTS[self.kind]}.")

    def has_error(self) -> bool:
        return self.message.isVisibleTo(self)

    # -- reactions ----------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if self.has_error():
            self.clear_error()
        if self.optional:
            self._blocking = True
            try:
                self.check.setChecked(not text.strip())
            finally:
                self._blocking = False
        try:
            value = self._read()
        except InvalidDateError:
            return  # half-typed: judged when the field is left
        self._announce(value)

    def _finished(self) -> None:
        """Leaving the field: show what was understood, or what is wrong."""
        if self._blocking:
            return
        try:
            value = self._read()
        except InvalidDateError as exc:
            if self.edit.text().strip() or not self.optional:
                self.show_error(exc.message)
            return
        self.clear_error()
        if value is not None and self.edit.text() != value.display():
            self.edit.setText(value.display())
        self._announce(value)

    def _ticked(self, on: bool) -> None:
        if self._blocking:
            return
        self.clear_error()
        if on:
            self.edit.clear()
            self._announce(None)
        elif not self.edit.text().strip():
            self._blocking = True  # nothing typed yet: it stays "not set" until a date is
            try:
                self.check.setChecked(True)
            finally:
                self._blocking = False
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _announce(self, value: PartialDate | None) -> None:
        if value != self._last:
            self._last = value
            empty = "" if self.kind == "month" else None
            self.dateChanged.emit(empty if value is None else kind_value(value, self.kind))

    def _show_calendar(self) -> None:
        try:
            current = self._read()
        except InvalidDateError:
            current = None
        start = current.first_day() if current is not None else dt.date.today()
        menu = calendar_menu(self, start, self._latest, self.pick)
        menu.popup(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))

    def pick(self, day: dt.date) -> None:
        """A date chosen from the calendar: shown as if typed, then read."""
        self.edit.setText(PartialDate.from_date(day).display())
        self._typed(self.edit.text())
        self._finished()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
