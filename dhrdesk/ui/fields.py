"""One editor per field kind of a :class:`~dhrdesk.ui.forms.FieldSpec`: how it is made,
filled as if typed, read back (with a message naming the field when it cannot be),
and what it shows (to tell whether anything was changed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from dhrdesk.core.errors import ValidationError
from dhrdesk.core.money import money_text, parse_money
from dhrdesk.ui.date_field import DateField

if TYPE_CHECKING:
    from dhrdesk.ui.forms import FieldSpec

DATE_KINDS = ("date", "optional_date", "month", "partial_date")
NOT_A_FIELD = object()  # editor_state of an editor this module did not make


def _text_box(text: str, min_height: int, placeholder: str) -> QPlainTextEdit:
    widget = QPlainTextEdit(text)
    widget.setTabChangesFocus(True)
    widget.setMinimumHeight(min_height)
    widget.setPlaceholderText(placeholder)
    return widget


def _choice_box(spec: FieldSpec, value: Any) -> QComboBox:
    widget = QComboBox()
    choices = spec.choice_map()
    for key, label in choices.items():
        widget.addItem(label, key)
    if value not in choices:
        widget.addItem(f"{value} (not in the list)" if value else "—", value)
    for i in range(widget.count()):
        if widget.itemData(i) == value:
            widget.setCurrentIndex(i)
            break
    return widget


def make_editor(spec: FieldSpec, value: Any) -> QWidget:
    """The editor for ``spec``, showing ``value``."""
    kind = spec.kind
    if kind == "multiline":
        widget = _text_box(str(value or ""), 90, spec.placeholder)
        widget.setMaximumHeight(220)  # long pasted text scrolls inside the field
        return widget
    if kind == "list":
        lines = "\n".join(str(v) for v in (value or []))
        return _text_box(lines, 70, spec.placeholder or "One per line")
    if kind in DATE_KINDS:
        return DateField(
            value or None,
            kind={"month": "month", "partial_date": "partial"}.get(kind, "date"),
            optional=kind != "date",
            not_future=spec.not_future,
            what=spec.label,
        )
    if kind == "choice":
        return _choice_box(spec, value)
    if kind == "bool":
        return QCheckBox()
    line = QLineEdit()
    line.setPlaceholderText(spec.placeholder)
    if spec.max_length:
        line.setMaxLength(spec.max_length)
    if kind == "money":
        line.setText(money_text(value).replace("£", "") if value is not None else "")
        line.setPlaceholderText(spec.placeholder or "0.00")
    elif kind == "float":
        line.setText("" if value is None else f"{value:g}")
    else:
        line.setText("" if value is None else str(value))
    return line


def set_editor_value(spec: FieldSpec, widget: Any, value: Any) -> None:
    """Put ``value`` into the editor as if typed."""
    kind = spec.kind
    if kind in ("multiline", "list"):
        widget.setPlainText("\n".join(value) if isinstance(value, list) else str(value or ""))
    elif kind in DATE_KINDS:
        widget.setValue(value)
    elif kind == "choice":
        index = widget.findData(value)
        if index < 0:
            widget.addItem(str(value), value)
            index = widget.count() - 1
        widget.setCurrentIndex(index)
    elif kind == "bool":
        widget.setChecked(bool(value))
    elif kind == "money" and isinstance(value, int):
        widget.setText(money_text(value).replace("£", ""))
    else:
        widget.setText("" if value is None else str(value))


def parse_number(kind: str, text: str, what: str) -> int | float | None:
    """A typed whole number ("int") or number ("float"); empty gives None."""
    plain = text.replace(",", "")
    if kind == "int":
        if text and not re.fullmatch(r"-?\d+", plain):
            raise ValidationError(f"{what} must be a whole number (not '{text}').")
        return int(plain) if text else None
    try:
        return float(plain) if text else None
    except ValueError:
        raise ValidationError(f"{what} must be a number (not '{text}').") from None


def read_editor(spec: FieldSpec, widget: Any, current: Any) -> Any:
    """The editor's value; ValidationError naming the field when it cannot be read.
    ``current`` is the record's value before editing."""
    kind = spec.kind
    if kind == "multiline":
        value: Any = widget.toPlainText().strip()
    elif kind == "list":
        value = [line.strip() for line in widget.toPlainText().splitlines() if line.strip()]
    elif kind in DATE_KINDS:
        value = widget.value()
    elif kind == "choice":
        value = widget.currentData()
    elif kind == "bool":
        value = widget.isChecked()
    elif kind == "money":
        value = parse_money(widget.text().strip(), spec.label)
    elif kind in ("int", "float"):
        value = parse_number(kind, widget.text().strip(), spec.label)
    else:
        value = widget.text().strip()
    if spec.required and (value is None or value == "" or value == []):
        raise ValidationError(f"{spec.label} is required.")
    if kind in ("money", "int") and value is None and not spec.required:
        # A non-optional number field (e.g. an amount) left blank means zero.
        if isinstance(current, int) and not isinstance(current, bool):
            value = 0
    return value


def editor_state(editor: QWidget) -> Any:
    """What an editor shows, as typed; :data:`NOT_A_FIELD` for editors of other kinds."""
    if isinstance(editor, QComboBox):
        return editor.currentIndex()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QPlainTextEdit):
        return repr(editor.toPlainText())
    if isinstance(editor, (QLineEdit, DateField)):
        return repr(editor.text())
    return NOT_A_FIELD
