"""Reusable record editing: an optional date field, a form dialog and a record table.

Why this exists: every tab of a review edits lists of small records (subjects,
panel members, pauses, costs...). Writing each form by hand would give ten
slightly different ways to lose what a chair typed. Here a tab describes its
fields once with :class:`FieldSpec`; :class:`RecordDialog` edits a dataclass
copy, and :class:`RecordTable` lists, filters, sorts, adds, edits and deletes
records, saving only through ``context.run_op`` (the one write path). When a
save fails the dialog stays open with everything the user typed, and the error
is shown inside it as well as in the usual message box.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QEvent,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.dates import MONTH_NAMES, format_date, short_date
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.money import money_text as money_text
from dhrdesk.core.money import parse_money as parse_money
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.table_model import Column, TableModel, TableProxy
from dhrdesk.ui.widgets import ErrorLabel, record_list_view

KINDS = (
    "month",
    "text",
    "multiline",
    "date",
    "optional_date",
    "partial_date",
    "choice",
    "bool",
    "int",
    "float",
    "money",
    "list",
)
HINT_STYLE = "QLabel { color: #5f6368; font-size: 90%; }"
EMPTY_STYLE = "QLabel { color: #5f6368; padding: 8px; }"


# ---------------------------------------------------------------- conversions
# money_text and parse_money live in dhrdesk.core.money; re-exported (see the import)
# because the Costs tab (dhrdesk/ui/pages/review/costs.py) imports them from here.


# ------------------------------------------------------------- optional date
class OptionalDateEdit(DateField):
    """A full date that may be unset ("not set" tick): the app's one date field."""

    def __init__(
        self,
        value: dt.date | None = None,
        parent: QWidget | None = None,
        *,
        label: str = "",
        what: str = "The date",
        not_future: bool = False,
        compact: bool = False,
    ) -> None:
        super().__init__(
            value,
            parent,
            kind="date",
            optional=True,
            what=what,
            label=label,
            not_future=not_future,
            compact=compact,
        )


class OptionalMonthEdit(DateField):
    """A month and year that may be unknown, stored as 'YYYY-MM' (e.g. the month of death)."""

    def __init__(
        self, value: str = "", parent: QWidget | None = None, *, what: str = "The month"
    ) -> None:
        super().__init__(value or None, parent, kind="month", optional=True, what=what)


def month_text(value: str) -> str:
    """'2026-03' as 'March 2026' (or the text itself when it is not a month)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return value or ""
    return f"{MONTH_NAMES[int(match[2]) - 1]} {match[1]}"


# ------------------------------------------------------------------ the specs
Choices = dict[Any, str] | Callable[[], dict[Any, str]] | None


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record as the user sees it.

    ``choices`` maps stored values to labels (or is a callable giving that map,
    for lists that change, like the subjects of a review). ``help`` is shown
    under the field. ``not_future`` stops date pickers going past today.
    ``in_table`` False keeps long fields out of the table but in the dialog.
    """

    name: str
    label: str
    kind: str = "text"
    choices: Choices = None
    required: bool = False
    help: str = ""
    in_table: bool = True
    not_future: bool = False
    placeholder: str = ""
    max_length: int = 0  # text longer than this cannot be typed or pasted (0: no limit)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown field kind {self.kind!r} for {self.name}")

    def choice_map(self) -> dict[Any, str]:
        if self.choices is None:
            return {}
        return dict(self.choices() if callable(self.choices) else self.choices)


def format_value(spec: FieldSpec, value: Any) -> str:
    """How a stored value reads in a table cell."""
    if value is None or value == "":
        return ""
    kind = spec.kind
    if kind in ("date", "optional_date"):
        return short_date(value)
    if kind == "partial_date":
        return value.display() if hasattr(value, "display") else str(value)
    if kind == "month":
        return month_text(value)
    if kind == "choice":
        return spec.choice_map().get(value, str(value))
    if kind == "bool":
        return "Yes" if value else "No"
    if kind == "money":
        return money_text(value)
    if kind == "list":
        return ", ".join(str(v) for v in value)
    if kind == "float":
        return f"{value:g}"
    if kind == "multiline":
        first = str(value).strip().splitlines()[0] if str(value).strip() else ""
        return first if len(first) <= 80 else first[:79] + "…"
    return str(value)


def sort_key(spec: FieldSpec, value: Any) -> tuple:
    """A key that sorts blanks last and compares like with like."""
    if value is None or value == "" or value == []:
        return (1, "")
    if spec.kind in ("date", "optional_date"):
        return (0, value.isoformat())
    if spec.kind == "partial_date" and hasattr(value, "sort_key"):
        return (0, value.sort_key)
    if spec.kind in ("int", "float", "money", "bool"):
        return (0, float(value))
    return (0, format_value(spec, value).casefold())


# ------------------------------------------------------------ errors at fields
FIELD_ERROR_STYLE = "border: 2px solid #a4161a; border-radius: 3px;"


def mark_field_error(editor: QWidget, message: str) -> None:
    """Outline a field in red and put the message in its tooltip and accessible text."""
    if not editor.property("fieldError"):
        editor.setProperty("normalToolTip", editor.toolTip())
    editor.setProperty("fieldError", True)
    editor.setStyleSheet(f"{type(editor).__name__} {{ {FIELD_ERROR_STYLE} }}")
    editor.setAccessibleDescription(message)
    editor.setToolTip(message)


def clear_field_error(editor: QWidget) -> None:
    if editor.property("fieldError"):
        editor.setProperty("fieldError", False)
        editor.setStyleSheet("")
        editor.setAccessibleDescription("")
        editor.setToolTip(editor.property("normalToolTip") or "")


# ----------------------------------------------------------------- the dialog
class RecordDialog(QDialog):
    """A form over one dataclass record. ``value()`` gives an updated copy.

    With ``save`` given (a callable taking the copy and returning True when it
    was saved), pressing Save runs it and the dialog closes only on success; on
    failure everything typed stays in place and the error shows in the dialog.
    """

    def __init__(
        self,
        specs: Sequence[FieldSpec],
        obj: Any,
        parent: QWidget | None = None,
        *,
        title: str = "",
        save: Callable[[Any], bool] | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.setWindowTitle(title or "Edit")
        self.setMinimumWidth(520)
        self.specs = list(specs)
        self.original = obj
        self.result_obj: Any = None
        self._save = save
        self._editors: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for spec in self.specs:
            editor = self._make_editor(spec, getattr(obj, spec.name))
            editor.setObjectName(f"field_{spec.name}")
            if not isinstance(editor, DateField):
                editor.setAccessibleName(spec.label)
            if spec.help:
                editor.setToolTip(spec.help)
            self._editors[spec.name] = editor
            label = QLabel(spec.label + (" *" if spec.required else ""))
            label.setBuddy(editor)
            if spec.help:
                box = QWidget()
                inner = QVBoxLayout(box)
                inner.setContentsMargins(0, 0, 0, 0)
                inner.setSpacing(2)
                inner.addWidget(editor)
                hint = QLabel(spec.help)
                hint.setWordWrap(True)
                hint.setStyleSheet(HINT_STYLE)
                inner.addWidget(hint)
                form.addRow(label, box)
            else:
                form.addRow(label, editor)
        layout.addLayout(form)
        if any(s.required for s in self.specs):
            note = QLabel("* required")
            note.setStyleSheet(HINT_STYLE)
            layout.addWidget(note)
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.try_save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.try_save)  # Ctrl+S
        if self.specs:
            self._editors[self.specs[0].name].setFocus()
        self._initial = self.typed()

    def typed(self) -> tuple:
        """What the fields show now, as typed (to tell whether anything was changed)."""
        shown: list[Any] = []
        for editor in self._editors.values():
            if isinstance(editor, QComboBox):
                shown.append(editor.currentIndex())
            elif isinstance(editor, QCheckBox):
                shown.append(editor.isChecked())
            else:  # line edits, text boxes, date fields; custom editors by what they read
                for getter in ("toPlainText", "text", "value", "checked", "selected"):
                    read = getattr(editor, getter, None)
                    if callable(read):
                        try:
                            shown.append(repr(read()))
                        except Exception:  # noqa: BLE001 -- half-typed: compare the text
                            shown.append(None)
                        break
                else:
                    shown.append(None)
        return tuple(shown)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt naming)
        # Closed by the program (locking, shutting down), not by the person: no question.
        self._closed_by_program = not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._closed_by_program = False

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing away what was typed."""
        if (
            self.result_obj is None
            and not getattr(self, "_closed_by_program", False)
            and self.typed() != self._initial
        ):
            answer = QMessageBox.question(
                self,
                "Discard changes?",
                "Close without saving? What you typed here will be lost.",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer not in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes):
                return
        super().reject()

    # -- editors
    def _make_editor(self, spec: FieldSpec, value: Any) -> QWidget:
        kind = spec.kind
        if kind == "multiline":
            widget = QPlainTextEdit(str(value or ""))
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(90)
            widget.setMaximumHeight(220)  # long pasted text scrolls inside the field
            widget.setPlaceholderText(spec.placeholder)
            return widget
        if kind == "list":
            widget = QPlainTextEdit("\n".join(str(v) for v in (value or [])))
            widget.setTabChangesFocus(True)
            widget.setMinimumHeight(70)
            widget.setPlaceholderText(spec.placeholder or "One per line")
            return widget
        if kind in ("date", "optional_date", "month", "partial_date"):
            return DateField(
                value or None,
                kind={"month": "month", "partial_date": "partial"}.get(kind, "date"),
                optional=kind != "date",
                not_future=spec.not_future,
                what=spec.label,
            )
        if kind == "choice":
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
        if kind == "bool":
            return QCheckBox()
        widget = QLineEdit()
        widget.setPlaceholderText(spec.placeholder)
        if spec.max_length:
            widget.setMaxLength(spec.max_length)
        if kind == "money":
            widget.setText(money_text(value).replace("£", "") if value is not None else "")
            widget.setPlaceholderText(spec.placeholder or "0.00")
        elif kind == "float":
            widget.setText("" if value is None else f"{value:g}")
        else:
            widget.setText("" if value is None else str(value))
        return widget

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    def set_value(self, name: str, value: Any) -> None:
        """Put a value into a field as if typed (used by tests and by callers prefilling)."""
        spec = next(s for s in self.specs if s.name == name)
        widget = self._editors[name]
        if spec.kind in ("multiline", "list"):
            text = "\n".join(value) if isinstance(value, list) else str(value or "")
            widget.setPlainText(text)
        elif spec.kind in ("date", "optional_date", "month", "partial_date"):
            widget.setValue(value)
        elif spec.kind == "choice":
            index = widget.findData(value)
            if index < 0:
                widget.addItem(str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif spec.kind == "bool":
            widget.setChecked(bool(value))
        elif spec.kind == "money" and isinstance(value, int):
            widget.setText(money_text(value).replace("£", ""))
        else:
            widget.setText("" if value is None else str(value))

    def _read(self, spec: FieldSpec) -> Any:
        widget = self._editors[spec.name]
        kind = spec.kind
        what = spec.label
        if kind == "multiline":
            value: Any = widget.toPlainText().strip()
        elif kind == "list":
            value = [line.strip() for line in widget.toPlainText().splitlines() if line.strip()]
        elif kind in ("date", "optional_date", "month", "partial_date"):
            value = widget.value()
        elif kind == "choice":
            value = widget.currentData()
        elif kind == "bool":
            value = widget.isChecked()
        else:
            text = widget.text().strip()
            if kind == "money":
                value = parse_money(text, what)
            elif kind == "int":
                if text and not re.fullmatch(r"-?\d+", text.replace(",", "")):
                    raise ValidationError(f"{what} must be a whole number (not '{text}').")
                value = int(text.replace(",", "")) if text else None
            elif kind == "float":
                try:
                    value = float(text.replace(",", "")) if text else None
                except ValueError:
                    raise ValidationError(f"{what} must be a number (not '{text}').") from None
            else:
                value = text
        if spec.required and (value is None or value == "" or value == []):
            raise ValidationError(f"{what} is required.")
        if kind in ("money", "int") and value is None and not spec.required:
            current = getattr(self.original, spec.name)
            # A non-optional number field (e.g. an amount) left blank means zero.
            if isinstance(current, int) and not isinstance(current, bool):
                value = 0
        return value

    def value(self) -> Any:
        """The edited copy; raises ValidationError naming the first bad field."""
        values = {}
        for spec in self.specs:
            editor = self._editors[spec.name]
            try:
                values[spec.name] = self._read(spec)
            except ValidationError as exc:
                # At the field: outlined, focused, and the message says which field.
                if not isinstance(editor, DateField):
                    mark_field_error(editor, exc.message)
                editor.setFocus()
                raise
            if not isinstance(editor, DateField):
                clear_field_error(editor)
        return dataclasses.replace(self.original, **values)

    def try_save(self) -> bool:
        """Check, then save (if a saver was given); close only when it worked."""
        self.error_label.clear_error()
        try:
            obj = self.value()
        except ValidationError as exc:
            self.error_label.show_error(exc)
            return False
        if self._save is not None:
            try:
                ok = self._save(obj)
            except DhrDeskError as exc:
                self.error_label.show_error(exc)
                return False
            if not ok:
                error = getattr(self._save, "last_error", None)
                self.error_label.show_error(
                    error if error is not None else "Not saved. Check the fields and try again."
                )
                return False
        self.result_obj = obj
        self.accept()
        return True


def op_saver(context: Any, save: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """Wrap a repository save for :class:`RecordDialog`: it runs through ``context.run_op``
    (the one write path, which shows the message box) and keeps the error so the
    dialog can show it next to the fields as well."""

    def attempt(obj: Any) -> bool:
        attempt.last_error = None  # type: ignore[attr-defined]

        def run() -> Any:
            try:
                result = save(obj)
            except DhrDeskError as exc:
                attempt.last_error = exc  # type: ignore[attr-defined]
                raise
            return True if result is None else result

        return context.run_op(run) is not None

    attempt.last_error = None  # type: ignore[attr-defined]
    return attempt


# --------------------------------------------------------------- the table
class RecordTableModel(TableModel[Any]):
    """Rows of records, columns from the specs (plus optional computed columns)."""

    def __init__(
        self,
        specs: Sequence[FieldSpec],
        extra_columns: Sequence[tuple[str, Callable[[Any], str]]] = (),
        row_color: Callable[[Any], QColor | str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.specs = [s for s in specs if s.in_table]
        self.extra = list(extra_columns)
        self._choice_cache: dict[str, dict[Any, str]] = {}
        columns = [self._spec_column(spec) for spec in self.specs]
        columns += [
            Column(header, lambda r, f=text: str(f(r) or "")) for header, text in self.extra
        ]
        super().__init__(columns, row_id=_record_id, row_foreground=row_color, parent=parent)
        self.row_color = row_color

    def _spec_column(self, spec: FieldSpec) -> Column[Any]:
        def text(record: Any) -> str:
            value = getattr(record, spec.name)
            if spec.kind == "choice" and value not in (None, ""):
                labels = self._choice_cache.get(spec.name)
                if labels is None:
                    labels = self._choice_cache[spec.name] = spec.choice_map()
                return labels.get(value, str(value))
            return format_value(spec, value)

        tooltip: Any = True
        if spec.kind == "multiline":
            tooltip = lambda r: str(getattr(r, spec.name) or "") or None  # noqa: E731
        return Column(
            spec.label,
            text,
            align="right" if spec.kind in ("money", "int", "float") else None,
            tooltip=tooltip,
            sort=lambda r: sort_key(spec, getattr(r, spec.name)),
        )

    def rows_changed(self) -> None:
        self._choice_cache = {}

    def set_records(self, records: Sequence[Any]) -> None:
        self.set_rows(records)

    def records(self) -> list[Any]:
        return self.rows()

    def record_at(self, row: int) -> Any:
        return self.row_at(row)


def _record_id(record: Any) -> int | None:
    return record.id if hasattr(record, "id") else None


def _describe(record: Any, specs: Sequence[FieldSpec]) -> str:
    for spec in specs:
        if spec.kind in ("text", "choice", "date", "optional_date"):
            text = format_value(spec, getattr(record, spec.name))
            if text:
                return text
    return "this record"


class RecordTable(QWidget):
    """A list of records with a filter box and Add / Edit / Delete.

    ``load`` returns the records to show and ``factory`` a new blank record
    (both are called again on :meth:`refresh`, so they may depend on state such
    as the selected meeting: see :meth:`set_source`). Saving goes through
    ``context.run_op`` with ``save`` (default: ``store.repos.records.save``).
    Keys: Insert adds, Return edits, Delete deletes (after asking).
    """

    changed = Signal()  # after a successful save or delete
    selection_changed = Signal(object)  # the selected record or None

    def __init__(
        self,
        context: Any,
        specs: Sequence[FieldSpec],
        load: Callable[[], Sequence[Any]],
        factory: Callable[[], Any] | None,
        *,
        noun: str = "record",
        plural: str | None = None,
        title: str = "",
        save: Callable[[Any], Any] | None = None,
        delete: Callable[[Any], Any] | None = None,
        extra_columns: Sequence[tuple[str, Callable[[Any], str]]] = (),
        row_color: Callable[[Any], QColor | str | None] | None = None,
        empty_text: str = "",
        dialog_intro: str = "",
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.specs = list(specs)
        self.noun = noun
        self.plural = plural or f"{noun}s"
        self._load = load
        self._factory = factory
        self._save = save
        self._delete = delete
        self._empty_text = empty_text
        self._dialog_intro = dialog_intro
        self.read_only = read_only

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("recordFilter")
        self.filter_edit.setPlaceholderText(f"Filter {self.plural}…")
        self.filter_edit.setClearButtonEnabled(True)
        self.add_button = QPushButton(f"Add {noun}…")
        self.add_button.setObjectName("addButton")
        self.add_button.setToolTip(f"Add a {noun} (Insert)")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editButton")
        self.edit_button.setToolTip(f"Edit the selected {noun} (Return or double-click)")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.setToolTip(f"Delete the selected {noun} (Delete)")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

        self.model = RecordTableModel(self.specs, extra_columns, row_color, self)
        self.proxy = TableProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = record_list_view(QTableView(), self.proxy, "recordTable", wrap=False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the store's order
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(EMPTY_STYLE)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        if title:
            title_label = QLabel(f"<b>{title}</b>")
            top.addWidget(title_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        # Keys on the table itself (an event filter works without an active window,
        # unlike application shortcuts, and leaves Return in the filter box alone).
        self.table.installEventFilter(self)
        insert_anywhere = QShortcut(QKeySequence(Qt.Key.Key_Insert), self, activated=self.add)
        insert_anywhere.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Insert:
                self.add()
                return True
            if key == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
                self.edit_selected()
                return True
        return super().eventFilter(watched, event)

    # -- data
    def set_source(
        self, load: Callable[[], Sequence[Any]], factory: Callable[[], Any] | None
    ) -> None:
        """Show other records (e.g. the actions of another meeting)."""
        self._load = load
        self._factory = factory
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        selected_id = getattr(selected, "id", None)
        records = self.context.run_op(lambda: list(self._load()))
        self.model.set_records(records or [])
        self._fit_columns()
        if selected_id is not None:
            self.select_id(selected_id)
        self._update_state()

    def records(self) -> list[Any]:
        return self.model.records()

    def save_pending(self) -> None:
        """Dialogs are modal and save on Save, so there is never anything pending here."""

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        columns = self.model.columnCount()
        if not columns:
            return
        self.table.resizeColumnsToContents()
        stretch = self._stretch_column()
        for column in range(columns):
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, max(70, min(width + 16, 320)))
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == stretch
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(column, mode)

    def _stretch_column(self) -> int:
        shown = self.model.specs
        for kinds in (("multiline", "list"), ("text",)):
            for i, spec in enumerate(shown):
                if spec.kind in kinds:
                    return i
        return self.model.columnCount() - 1

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_state()

    def _update_state(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            text = self._empty_text or (
                f"No {self.plural} yet."
                + (
                    ""
                    if self.read_only or self._factory is None
                    else f" Add one with “Add {self.noun}…” (Insert)."
                )
            )
            self.empty_label.setText(text)
            self.empty_label.show()
        elif shown == 0:
            self.empty_label.setText(f"No {self.plural} match “{self.filter_edit.text()}”.")
            self.empty_label.show()
        else:
            self.empty_label.hide()
        has_selection = self.selected() is not None
        can_add = not self.read_only and self._factory is not None
        self.add_button.setEnabled(can_add)
        self.add_button.setVisible(not self.read_only)
        self.edit_button.setEnabled(has_selection and not self.read_only)
        self.edit_button.setVisible(not self.read_only)
        self.delete_button.setEnabled(has_selection and not self.read_only)
        self.delete_button.setVisible(not self.read_only)

    def _selection_changed(self, *_args: Any) -> None:
        self._update_state()
        self.selection_changed.emit(self.selected())

    def selected(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        source = self.proxy.mapToSource(indexes[0])
        return self.model.record_at(source.row()) if source.isValid() else None

    def select_id(self, record_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, Qt.ItemDataRole.UserRole) == record_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    # -- actions
    def _saver(self) -> Callable[[Any], bool]:
        return op_saver(self.context, self._save or self.context.store.repos.records.save)

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        """The dialog for one record (a hook: tabs may override to add fields)."""
        return RecordDialog(
            self.specs, obj, self, title=title, save=self._saver(), intro=self._dialog_intro
        )

    def open_dialog(self, obj: Any, title: str) -> Any:
        """Show the dialog; the saved record, or None if cancelled."""
        dialog = self.make_dialog(obj, title)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.result_obj
        finally:
            dialog.deleteLater()

    def add(self) -> Any:
        if self.read_only or self._factory is None:
            return None
        saved = self.open_dialog(self._factory(), f"Add {self.noun}")
        if saved is not None:
            self._after_change(getattr(saved, "id", None))
        return saved

    def edit_selected(self) -> Any:
        record = self.selected()
        if record is None or self.read_only:
            return None
        saved = self.open_dialog(dataclasses.replace(record), f"Edit {self.noun}")
        if saved is not None:
            self._after_change(getattr(saved, "id", None))
        return saved

    def delete_selected(self) -> bool:
        record = self.selected()
        if record is None or self.read_only:
            return False
        answer = QMessageBox.question(
            self,
            f"Delete {self.noun}",
            f"Delete the {self.noun} “{_describe(record, self.specs)}”? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if self._delete is not None:
            delete = self._delete
        else:

            def delete(obj: Any) -> None:
                self.context.store.repos.records.delete(type(obj), obj.id)

        def run() -> bool:
            delete(record)
            return True

        if self.context.run_op(run, f"Deleted the {self.noun}.") is None:
            return False
        self._after_change(None)
        return True

    def _after_change(self, record_id: int | None) -> None:
        self.refresh()
        if record_id is not None:
            self.select_id(record_id)
        self.changed.emit()


def format_long_date(value: dt.date | None) -> str:
    """'3 April 2026', or 'not set'."""
    return "not set" if value is None else format_date(value)
