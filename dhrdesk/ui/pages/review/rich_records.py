"""Record editors beyond RecordDialog's kinds: multi-select check lists, the CLEAR
checklist and an editable agency list (used by the Recommendations tab)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.review.controls import checked_values


# ------------------------------------------------------------ custom editors
class CheckList(QListWidget):
    """A multi-select as a list of check boxes (themes, the findings a recommendation cites)."""

    def __init__(self, choices: dict[Any, str], values: Sequence[Any], height: int = 120) -> None:
        super().__init__()
        self.setMinimumHeight(height)
        self.setMaximumHeight(max(height, 160))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        chosen = list(values or [])
        for key, label in choices.items():
            item = QListWidgetItem(label)
            item.setToolTip(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        for key in chosen:  # keep values no longer in the list (e.g. a retired theme)
            if key not in choices:
                item = QListWidgetItem(f"{key} (no longer in the list)")
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.addItem(item)
        if not choices and not chosen:
            self.addItem(QListWidgetItem("(nothing to choose from yet)"))
            self.setEnabled(False)

    def values(self) -> list[Any]:
        return checked_values(self)

    def set_values(self, values: Sequence[Any]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if key in values else Qt.CheckState.Unchecked)


class ClearChecks(QWidget):
    """The five CLEAR questions as check boxes; the value is {item: bool}."""

    def __init__(self, value: dict | None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for key, text in m.CLEAR_ITEMS:
            box = QCheckBox(text)
            box.setObjectName(f"clear_{key}")
            box.setChecked(bool((value or {}).get(key)))
            self.boxes[key] = box
            layout.addWidget(box)

    def value(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def set_value(self, value: dict) -> None:
        for key, box in self.boxes.items():
            box.setChecked(bool((value or {}).get(key)))


def agency_combo(names: Sequence[str], value: str) -> QComboBox:
    """An editable list of the review's agencies: pick one, or type another lead."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(names))
    combo.setCurrentText(value or "")
    combo.lineEdit().setPlaceholderText("Choose an agency or type a lead (e.g. the CSP)")
    combo.setMinimumWidth(340)
    return combo


@dataclasses.dataclass(frozen=True)
class Custom:
    """How one field is edited when RecordDialog's kinds are not enough."""

    kind: str  # "checklist" | "clear" | "agency"
    choices: Callable[[], dict[Any, str]] | None = None
    height: int = 120


class RichRecordDialog(RecordDialog):
    """RecordDialog plus multi-select lists, the CLEAR checklist and an editable agency list."""

    def __init__(
        self, specs: Sequence[FieldSpec], obj: Any, parent: QWidget | None = None, **kwargs: Any
    ) -> None:
        self._custom: dict[str, Custom] = kwargs.pop("custom", {})
        super().__init__(specs, obj, parent, **kwargs)

    def _make_editor(self, spec: FieldSpec, value: Any) -> QWidget:
        custom = self._custom.get(spec.name)
        if custom is None:
            return super()._make_editor(spec, value)
        if custom.kind == "checklist":
            return CheckList(custom.choices() if custom.choices else {}, value, custom.height)
        if custom.kind == "clear":
            return ClearChecks(value)
        return agency_combo(list((custom.choices() if custom.choices else {}).values()), value)

    def set_value(self, name: str, value: Any) -> None:
        custom = self._custom.get(name)
        if custom is None:
            super().set_value(name, value)
            return
        widget = self._editors[name]
        if custom.kind == "checklist":
            widget.set_values(value)
        elif custom.kind == "clear":
            widget.set_value(value)
        else:
            widget.setCurrentText(value or "")

    def _read(self, spec: FieldSpec) -> Any:
        custom = self._custom.get(spec.name)
        if custom is None:
            return super()._read(spec)
        widget = self._editors[spec.name]
        if custom.kind == "checklist":
            value: Any = widget.values()
        elif custom.kind == "clear":
            value = widget.value()
        else:
            value = widget.currentText().strip()
        if spec.required and not value:
            raise ValidationError(f"{spec.label} is required.")
        return value


class RichRecordTable(RecordTable):
    """A RecordTable whose dialog knows the custom editors."""

    def __init__(
        self,
        *args: Any,
        custom: dict[str, Custom] | None = None,
        max_widths: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        self._custom_fields = custom or {}
        self._max_widths = max_widths or {}
        super().__init__(*args, **kwargs)

    def _fit_columns(self) -> None:
        """Cap wide secondary columns so the main text column gets the room."""
        super()._fit_columns()
        model = self.model
        for column in range(model.columnCount()):
            limit = self._max_widths.get(model.headerData(column, Qt.Orientation.Horizontal))
            if limit is not None and self.table.columnWidth(column) > limit:
                self.table.setColumnWidth(column, limit)

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = RichRecordDialog(
            self.specs,
            obj,
            self,
            title=title,
            save=self._saver(),
            intro=self._dialog_intro,
            custom=self._custom_fields,
        )
        dialog.setMinimumWidth(640)
        if any(spec.name == "number" for spec in self.specs):
            dialog.editor("number").setMaximumWidth(90)
        return dialog
