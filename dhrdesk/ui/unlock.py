"""The unlock window: the first thing shown, and what locking returns to.

It never holds case data: only the store path (from QSettings' recent list) and
the passphrase while it is being typed, which is cleared after every attempt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dhrdesk import APP_NAME
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.ui.presenters.shell import NO_STORE_NOTICE, store_choices, store_label
from dhrdesk.ui.widgets import (
    FILE_DIALOG_OPTIONS,
    ErrorLabel,
    SensitivityBanner,
    app_icon,
    heading_font,
    show_passphrase_toggle,
)

if TYPE_CHECKING:
    from dhrdesk.ui.controller import AppController


class UnlockWindow(QWidget):
    def __init__(self, controller: AppController) -> None:
        super().__init__()
        self.setObjectName("unlockWindow")
        self.controller = controller
        self.setWindowTitle(f"Unlock — {APP_NAME}")
        self.setMinimumWidth(760)  # the store list shows name and last-opened time whole
        self._opened: dict[Path, dt.datetime] = {}
        self._demo: Path | None = None

        self.store_combo = QComboBox()
        self.store_combo.setObjectName("storeCombo")
        self.store_combo.setAccessibleName("Store")
        self.store_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.store_combo.setMinimumContentsLength(46)
        self.path_label = QLabel()
        self.path_label.setObjectName("storePath")
        self.path_label.setWordWrap(False)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path_label.setStyleSheet("QLabel { color: #5f6368; }")
        self.path_label.setAccessibleName("Folder and file of the store")
        self.store_combo.currentIndexChanged.connect(self._show_path)
        self.store_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.choose_button = QPushButton("Choose another store…")
        self.choose_button.setObjectName("chooseStoreButton")
        self.choose_button.clicked.connect(self.choose_store)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.returnPressed.connect(self.unlock)
        self.show_passphrase = show_passphrase_toggle(self.passphrase)
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.error = ErrorLabel()
        self.create_button = QPushButton("Create a new store…")
        self.create_button.setObjectName("createStoreButton")
        self.create_button.clicked.connect(self.controller.new_store)
        self.package_button = QPushButton("Open an agency package…")
        self.package_button.setObjectName("openPackageButton")
        self.package_button.setToolTip(
            "For an agency's IMR author: open the request package the chair sent you "
            "(.dhrpkg), or your IMR workspace."
        )
        self.package_button.clicked.connect(self.controller.open_agency_package_unlocked)

        store_row = QHBoxLayout()
        store_row.addWidget(self.store_combo, 1)
        store_row.addWidget(self.choose_button)
        pass_row = QHBoxLayout()
        pass_row.addWidget(self.passphrase, 1)
        pass_row.addWidget(self.unlock_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Store:", store_row)
        form.addRow("", self.path_label)
        form.addRow("Passphrase:", pass_row)
        form.addRow("", self.show_passphrase)
        body = self._body(form)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(SensitivityBanner("Restricted review data. Lock it when you step away."))
        outer.addLayout(body)

    def _body(self, form: QFormLayout) -> QVBoxLayout:
        """Title and icon, the notice, the form, errors, then creating or opening a package."""
        title = QLabel(APP_NAME)
        title.setFont(heading_font(self.font(), 1.8))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(48, 48))
        subtitle = QLabel("Encrypted workspace for Domestic Homicide Reviews")
        subtitle.setStyleSheet("QLabel { color: #444; }")
        self.notice = QLabel()
        self.notice.setObjectName("lockNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "QLabel { background: #eef3fb; border: 1px solid #c8d6ee; border-radius: 4px;"
            " padding: 6px; }"
        )
        self.notice.hide()

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("New here, or starting afresh?"))
        bottom.addStretch(1)
        bottom.addWidget(self.package_button)
        bottom.addWidget(self.create_button)
        body = QVBoxLayout()
        body.setContentsMargins(28, 20, 28, 22)
        body.setSpacing(12)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(title)
        titles.addWidget(subtitle)
        header = QHBoxLayout()
        header.setSpacing(14)
        header.addWidget(icon)
        header.addLayout(titles, 1)
        body.addLayout(header)
        body.addWidget(self.notice)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addWidget(line)
        body.addLayout(bottom)
        return body

    # ------------------------------------------------------------------ state
    def set_stores(
        self,
        stores: list[Path],
        current: Path | None,
        *,
        opened: dict[Path, dt.datetime] | None = None,
        demo: Path | None = None,
    ) -> None:
        """Fill the store list (recent stores first, each with when it was last opened),
        offer the demo store once `make demo` has made it, and select ``current``."""
        if opened:
            self._opened = dict(opened)
        if demo is not None:
            self._demo = demo
        self.store_combo.clear()
        seen = store_choices(stores, current, self._demo)
        for path in seen:
            self.store_combo.addItem(
                store_label(path, self._opened.get(path), path == self._demo), str(path)
            )
            self.store_combo.setItemData(
                self.store_combo.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole
            )
        if seen:
            self.store_combo.setCurrentIndex(0)
        self._show_path()
        has_store = bool(seen)
        self.passphrase.setEnabled(has_store)
        self.unlock_button.setEnabled(has_store)

    def _show_path(self, *_args: object) -> None:
        path = self.selected_store()
        shown = self.path_label.fontMetrics().elidedText(
            str(path) if path else "", Qt.TextElideMode.ElideMiddle, 520
        )
        self.path_label.setText(shown)
        self.path_label.setToolTip(str(path) if path else "")
        self.path_label.setVisible(path is not None)
        self.store_combo.setToolTip(str(path) if path else "")

    def selected_store(self) -> Path | None:
        data = self.store_combo.currentData()
        return Path(data) if data else None

    def set_notice(self, text: str | None) -> None:
        if not text and self.selected_store() is None:
            text = NO_STORE_NOTICE
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def prepare(self) -> None:
        """Clear any typed passphrase and focus the field, ready for the next attempt."""
        self.passphrase.clear()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- actions
    def unlock(self) -> bool:
        path = self.selected_store()
        if path is None:
            self.error.show_error("Choose a store first, or create a new one.")
            return False
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        if not passphrase:
            self.error.show_error("Type the store's passphrase.")
            return False
        try:
            self.controller.unlock(path, passphrase)
        except DhrDeskError as exc:
            self.error.show_error(exc)
            self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.error.clear_error()
        self.set_notice(None)
        return True

    def choose_store(self) -> None:
        start = str(self.selected_store() or Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Open a DHR Desk store",
            start,
            "DHR Desk stores (*.dhrdesk);;All files (*)",
            options=FILE_DIALOG_OPTIONS,
        )
        if chosen:
            self.select_store(Path(chosen))

    def select_store(self, path: Path) -> None:
        stores = [Path(self.store_combo.itemData(i)) for i in range(self.store_combo.count())]
        self.set_stores(stores, path)
        self.set_notice(None)
        self.error.clear_error()
        self.prepare()
