"""The main window's File, Edit and Help menus and their shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMainWindow, QWidget

if TYPE_CHECKING:
    from dhrdesk.ui.controller import AppController

SHORTCUTS = {
    "new_store": "Ctrl+Shift+N",
    "open_store": "Ctrl+O",
    "change_passphrase": "Ctrl+Shift+P",
    "backup": "Ctrl+Shift+B",  # Ctrl+B is bold, as in Word
    "save": "Ctrl+S",
    "user_guide": "F1",
    "find": "Ctrl+F",
    "restore": "Ctrl+Shift+R",
    "verify": "Ctrl+Shift+V",
    "preferences": "Ctrl+,",
    "lock": "Ctrl+L",
    "quit": "Ctrl+Q",
    "audit_log": "Ctrl+Shift+A",
}

# Save and Find act on what this window shows; the rest work from any window.
WINDOW_ONLY = ("save", "find")

MenuItem = tuple[str, str, Callable[..., Any]] | None  # key, text, slot; None: a separator


def _action(window: QMainWindow, key: str, text: str, slot: Callable[..., Any]) -> QAction:
    action = QAction(text, window)
    action.setObjectName(f"action_{key}")
    if key in SHORTCUTS:
        action.setShortcut(QKeySequence(SHORTCUTS[key]))
    action.setShortcutContext(
        Qt.ShortcutContext.WindowShortcut
        if key in WINDOW_ONLY
        else Qt.ShortcutContext.ApplicationShortcut
    )
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_menus(
    window: QMainWindow,
    controller: AppController,
    *,
    save: Callable[[], Any],
    find: Callable[[], Any],
    user_guide: Callable[[], Any],
) -> dict[str, QAction]:
    """Fill ``window``'s menu bar; the actions by key (see :data:`SHORTCUTS`)."""
    c = controller
    menus: dict[str, list[MenuItem]] = {
        "&File": [
            ("save", "&Save", save),
            None,
            ("new_store", "&New store…", c.new_store),
            ("open_store", "&Open store…", c.open_other_store),
            ("open_package", "Open a&gency package…", c.open_agency_package),
            None,
            ("change_passphrase", "Change &passphrase…", c.change_passphrase),
            ("backup", "&Back up…", c.backup),
            ("restore", "&Restore from backup…", c.restore),
            ("verify", "&Verify store", c.verify),
            None,
            ("preferences", "Pr&eferences…", c.preferences),
            None,
            ("lock", "&Lock", c.lock),
            ("quit", "&Quit", c.quit),
        ],
        "&Edit": [("find", "&Find…", find)],
        "&Help": [
            ("user_guide", "&User guide", user_guide),
            None,
            ("audit_log", "&Audit log…", c.show_audit_log),
            ("about", "&About DHR Desk", c.about),
        ],
    }
    actions: dict[str, QAction] = {}
    for title, items in menus.items():
        menu = window.menuBar().addMenu(title)
        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            key, text, slot = item
            actions[key] = _action(window, key, text, slot)
            menu.addAction(actions[key])
    return actions


def find_box(page: QWidget) -> QLineEdit | None:
    """The filter or find box of a page (or of the tab it shows), if one is visible."""
    for box in page.findChildren(QLineEdit):
        if not (box.isVisible() and box.isEnabled()):
            continue
        if box.property("findBox") or box.placeholderText().lower().startswith(
            ("filter", "find", "search")
        ):
            return box
    return None
