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
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.dates import MONTH_NAMES, PartialDate, short_date
from dhrdesk.core.errors import DhrDeskError, ValidationError
from dhrdesk.core.money import money_text
from dhrdesk.ui.date_field import DateField
from dhrdesk.ui.fields import (
    NOT_A_FIELD,
    editor_state,
    make_editor,
    read_editor,
    set_editor_value,
)
from dhrdesk.ui.table_model import ID_ROLE, Column, TableModel, TableProxy
from dhrdesk.ui.widgets import ErrorLabel, confirm_discard, record_list_view

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
        return value.display() if isinstance(value, PartialDate) else str(value)
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
    if spec.kind == "partial_date" and isinstance(value, PartialDate):
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
        self._closed_by_program = False

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

    def closeEvent(self, event: Any) -> None:
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
            and not self._closed_by_program
            and self.typed() != self._initial
            and not confirm_discard(self)
        ):
            return
        super().reject()

    def typed(self) -> tuple:
        """What the fields show now, as typed (to tell whether anything was changed)."""
        return tuple(self._shown(spec) for spec in self.specs)

    def _shown(self, spec: FieldSpec) -> Any:
        state = editor_state(self._editors[spec.name])
        if state is not NOT_A_FIELD:
            return state
        try:  # an editor of a subclass: by what it reads
            return repr(self._read(spec))
        except DhrDeskError:
            return None

    # -- editors
    def _make_editor(self, spec: FieldSpec, value: Any) -> QWidget:
        return make_editor(spec, value)

    def set_value(self, name: str, value: Any) -> None:
        """Put a value into a field as if typed (used by tests and by callers prefilling)."""
        spec = next(s for s in self.specs if s.name == name)
        set_editor_value(spec, self._editors[name], value)

    def _read(self, spec: FieldSpec) -> Any:
        return read_editor(spec, self._editors[spec.name], getattr(self.original, spec.name))

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

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
                error = self._save.last_error if isinstance(self._save, OpSaver) else None
                self.error_label.show_error(
                    error if error is not None else "Not saved. Check the fields and try again."
                )
                return False
        self.result_obj = obj
        self.accept()
        return True


class OpSaver:
    """A repository save for :class:`RecordDialog`, run through ``context.run_op`` (the
    one write path, which shows the message box); keeps the error so the dialog can
    show it next to the fields as well."""

    def __init__(self, context: Any, save: Callable[[Any], Any]) -> None:
        self.context = context
        self.save = save
        self.last_error: DhrDeskError | None = None

    def __call__(self, obj: Any) -> bool:
        self.last_error = None

        def run() -> Any:
            try:
                result = self.save(obj)
            except DhrDeskError as exc:
                self.last_error = exc
                raise
            return True if result is None else result

        return self.context.run_op(run) is not None


def op_saver(context: Any, save: Callable[[Any], Any]) -> OpSaver:
    """Wrap a repository save for :class:`RecordDialog` (see :class:`OpSaver`)."""
    return OpSaver(context, save)


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
        self.add_button = _button(f"Add {noun}…", "addButton", f"Add a {noun} (Insert)", self.add)
        self.edit_button = _button(
            "Edit…",
            "editButton",
            f"Edit the selected {noun} (Return or double-click)",
            self.edit_selected,
        )
        self.delete_button = _button(
            "Delete…", "deleteButton", f"Delete the selected {noun} (Delete)", self.delete_selected
        )

        self._build_table(extra_columns, row_color)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(EMPTY_STYLE)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        if title:
            top.addWidget(QLabel(f"<b>{title}</b>"))
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

    def _build_table(
        self,
        extra_columns: Sequence[tuple[str, Callable[[Any], str]]],
        row_color: Callable[[Any], QColor | str | None] | None,
    ) -> None:
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

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            keys = {Qt.Key.Key_Insert: self.add, Qt.Key.Key_Delete: self.delete_selected}
            if self.selected() is not None:
                keys |= {
                    Qt.Key.Key_Return: self.edit_selected,
                    Qt.Key.Key_Enter: self.edit_selected,
                }
            if event.key() in keys:
                keys[event.key()]()
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
        selected_id = _record_id(selected) if selected is not None else None
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
        fit_columns(self.table, stretch_column(self.model.specs, self.model.columnCount()))

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_state()

    def _update_state(self) -> None:
        can_add = not self.read_only and self._factory is not None
        if self.model.rowCount() == 0:
            more = f" Add one with “Add {self.noun}…” (Insert)." if can_add else ""
            self.empty_label.setText(self._empty_text or f"No {self.plural} yet.{more}")
        elif self.proxy.rowCount() == 0:
            self.empty_label.setText(f"No {self.plural} match “{self.filter_edit.text()}”.")
        self.empty_label.setVisible(self.proxy.rowCount() == 0)
        editable = self.selected() is not None and not self.read_only
        self.add_button.setEnabled(can_add)
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(not self.read_only)

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
            if self.proxy.data(index, ID_ROLE) == record_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    # -- actions
    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        """The dialog for one record (a hook: tabs may override to add fields)."""
        return RecordDialog(
            self.specs, obj, self, title=title, save=self._saver(), intro=self._dialog_intro
        )

    def _saver(self) -> Callable[[Any], bool]:
        """The dialog's save: through ``run_op`` (also used by tabs' own dialogs)."""
        return op_saver(self.context, self._save or self.context.store.repos.records.save)

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
        return self._open_and_show(self._factory(), f"Add {self.noun}")

    def edit_selected(self) -> Any:
        record = self.selected()
        if record is None or self.read_only:
            return None
        return self._open_and_show(dataclasses.replace(record), f"Edit {self.noun}")

    def _open_and_show(self, obj: Any, title: str) -> Any:
        saved = self.open_dialog(obj, title)
        if saved is not None:
            self._after_change(_record_id(saved))
        return saved

    def delete_selected(self) -> bool:
        record = self.selected()
        if record is None or self.read_only:
            return False
        if not _confirm_delete(self, self.noun, _describe(record, self.specs)):
            return False
        records = self.context.store.repos.records
        delete = self._delete or (lambda obj: records.delete(type(obj), obj.id))

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


def _button(text: str, name: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def stretch_column(specs: Sequence[FieldSpec], columns: int) -> int:
    """The column that takes the spare width: the first long text, else the first text."""
    for kinds in (("multiline", "list"), ("text",)):
        for i, spec in enumerate(specs):
            if spec.kind in kinds:
                return i
    return columns - 1


def fit_columns(table: QTableView, stretch: int) -> None:
    """Columns as wide as their contents (70-320 px); ``stretch`` takes the rest."""
    columns = table.model().columnCount()
    if not columns:
        return
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(columns):
        table.setColumnWidth(column, max(70, min(table.columnWidth(column) + 16, 320)))
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(column, mode)


def _confirm_delete(parent: QWidget, noun: str, what: str) -> bool:
    answer = QMessageBox.question(
        parent,
        f"Delete {noun}",
        f"Delete the {noun} “{what}”? This cannot be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
