"""Small reusable widgets: path chooser, passphrase pair with live rule feedback,
error label, the sensitivity banner, and the app icon (drawn in code, no files)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTextEdit,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.passphrase import RULE_TEXT, passphrase_problems

ERROR_STYLE = (
    "QLabel { color: #a4161a; background: #fdecea; border: 1px solid #f5c2c0;"
    " border-radius: 4px; padding: 6px; }"
)
OK_STYLE = "QLabel { color: #1b5e20; }"
RULE_STYLE = (
    "QLabel { color: #333; background: #f4f4f4; border-left: 3px solid #5c1a1a; padding: 6px; }"
)
PROBLEM_STYLE = "QLabel { color: #a4161a; }"
BANNER_STYLE = "QLabel { background: #5c1a1a; color: white; font-weight: bold; padding: 6px 12px; }"
FILE_DIALOG_OPTIONS = QFileDialog.Option.DontUseNativeDialog

MARKING = "OFFICIAL-SENSITIVE"


class ErrorLabel(QLabel):
    """A red, word-wrapped label that stays hidden until there is an error to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, error: DhrDeskError | str) -> None:
        if isinstance(error, DhrDeskError):
            text = error.message + (f"\n{error.hint}" if error.hint else "")
        else:
            text = error
        self.setText(text)
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


class SensitivityBanner(QLabel):
    """A dark strip that tells everyone at a glance that this window holds restricted data."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{MARKING}  ·  {text}", parent)
        self.setObjectName("sensitivityBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setToolTip(self.text())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


class PathField(QWidget):
    """A line edit with a Browse… button; ``save`` chooses between a save and an open dialog."""

    changed = Signal()

    def __init__(
        self,
        path: Path | None = None,
        *,
        save: bool,
        caption: str,
        file_filter: str = "DHR Desk stores (*.dhrdesk);;All files (*)",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._caption = caption
        self._filter = file_filter
        self.edit = QLineEdit(str(path) if path else "")
        self.edit.setMinimumWidth(320)
        self.edit.textChanged.connect(self.changed)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse_button)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path) -> None:
        self.edit.setText(str(path))

    def browse(self) -> None:
        start = self.edit.text() or str(Path.home())
        if self._save:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self._caption, start, self._filter, options=FILE_DIALOG_OPTIONS
            )
        else:
            chosen, _ = QFileDialog.getOpenFileName(
                self, self._caption, start, self._filter, options=FILE_DIALOG_OPTIONS
            )
        if chosen:
            self.edit.setText(chosen)


def typed_snapshot(root: QWidget) -> tuple:
    """What every field under ``root`` shows now (to tell whether anything was typed)."""
    shown: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            shown.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            shown.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            shown.append(widget.currentIndex())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            shown.append(widget.isChecked())
    return tuple(shown)


class AskBeforeDiscard:
    """Mix into a QDialog: Esc or Cancel asks before throwing away what was typed.

    The fields as first shown are the starting point; ``accept`` never asks."""

    _typed_at_start: tuple | None = None
    _closed_by_program = False

    def closeEvent(self, event: object) -> None:
        # Closed by the program (locking, shutting down), not by the person: no question.
        self._closed_by_program = not event.spontaneous()  # type: ignore[attr-defined]
        try:
            super().closeEvent(event)  # type: ignore[misc]
        finally:
            self._closed_by_program = False

    def showEvent(self, event: object) -> None:
        if self._typed_at_start is None:
            self._typed_at_start = typed_snapshot(self)  # type: ignore[arg-type]
        super().showEvent(event)  # type: ignore[misc]

    def reject(self) -> None:
        start = self._typed_at_start
        if (
            not self._closed_by_program and start is not None and typed_snapshot(self) != start  # type: ignore[arg-type]
        ) and not confirm_discard(self):  # type: ignore[arg-type]
            return
        super().reject()  # type: ignore[misc]


def confirm_discard(parent: QWidget) -> bool:
    """Ask before closing a window whose fields were changed; True to throw them away."""
    answer = QMessageBox.question(
        parent,
        "Discard changes?",
        "Close without saving? What you typed here will be lost.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes)


def no_tab_trap(root: QWidget) -> None:
    """Tab and Shift+Tab leave every table and list under ``root`` (arrow keys move
    inside them), so a keyboard user is never stuck in a table."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def show_passphrase_toggle(*fields: QLineEdit, text: str = "Show passphrase") -> QCheckBox:
    """A tick that shows what was typed in the passphrase fields (for long passphrases
    typed on a laptop keyboard); unticked again whenever the fields are cleared."""
    check = QCheckBox(text)
    check.setObjectName("showPassphrase")
    check.setToolTip("Show the passphrase as you type it. Make sure nobody can see the screen.")

    def toggled(on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for field in fields:
            field.setEchoMode(mode)

    def cleared(value: str) -> None:
        if not value and check.isChecked() and not any(f.text() for f in fields):
            check.setChecked(False)

    check.toggled.connect(toggled)
    for field in fields:
        field.textChanged.connect(cleared)
    return check


class PassphrasePair(QObject):
    """Two hidden passphrase fields, the strength rule, and live feedback.

    ``acceptable`` is true only when the first field passes the shared rule in
    dhrdesk.core.passphrase and the second matches it. :meth:`add_to` puts the
    rows into a dialog's form so their labels line up with the other fields.
    """

    changed = Signal()

    def __init__(self, first_label: str = "Passphrase:", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.first_label = first_label
        self.first = QLineEdit()
        self.first.setObjectName("newPassphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit()
        self.second.setObjectName("repeatPassphrase")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Repeat the passphrase")
        self.show_toggle = show_passphrase_toggle(self.first, self.second)
        self.rule = QLabel(RULE_TEXT)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(RULE_STYLE)
        self.feedback = QLabel()
        self.feedback.setObjectName("passphraseFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setMinimumWidth(360)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.rule)
        form.addRow(self.first_label, self.first)
        form.addRow("Repeat it:", self.second)
        form.addRow("", self.show_toggle)
        form.addRow("", self.feedback)

    def passphrase(self) -> str:
        return self.first.text()

    def problems(self) -> list[str]:
        text = self.first.text()
        if not text:
            return ["Type a passphrase."]
        problems = passphrase_problems(text)
        if not problems and self.second.text() != text:
            problems = ["The two passphrases do not match yet."]
        return problems

    @property
    def acceptable(self) -> bool:
        return not self.problems()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        problems = self.problems()
        if not self.first.text():
            self.feedback.setText("")
        elif problems:
            self.feedback.setStyleSheet(PROBLEM_STYLE)
            self.feedback.setText(" ".join(problems))
        else:
            self.feedback.setStyleSheet(OK_STYLE)
            self.feedback.setText("✓ Strong enough, and both match.")
        self.changed.emit()


def app_icon() -> QIcon:
    """A padlock on a dark red square: drawn in code so no image file needs shipping."""
    icon = QIcon()
    for size in (16, 32, 64, 128):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = size / 64
        painter.setBrush(QColor("#5c1a1a"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 10 * s, 10 * s)
        painter.setPen(QPen(QColor("white"), 5 * s))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        shackle = QPainterPath()
        shackle.moveTo(22 * s, 30 * s)
        shackle.lineTo(22 * s, 22 * s)
        shackle.arcTo(QRectF(22 * s, 12 * s, 20 * s, 20 * s), 180, -180)
        shackle.lineTo(42 * s, 30 * s)
        painter.drawPath(shackle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(QRectF(16 * s, 29 * s, 32 * s, 24 * s), 4 * s, 4 * s)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def heading_font(base: QFont, scale: float = 1.6) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * scale)
    font.setBold(True)
    return font


def record_list_view(
    view: QTableView,
    model: QAbstractItemModel,
    name: str,
    *,
    wrap: bool = True,
    sortable: bool = True,
) -> QTableView:
    """Set up ``view`` as the app's read-only list of records: whole rows, one at a time,
    alternating colours, no row numbers."""
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(wrap)
    view.verticalHeader().hide()
    return view


def refill_combo(combo: QComboBox, everything: str, items: Iterable[tuple[str, Any]]) -> None:
    """Refill a filter ("All …" first, data None), keeping its choice when still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for text, data in items:
        combo.addItem(text, data)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)
