"""Every keyboard shortcut in the app, collected from the real windows: none may clash.

A clash is the same key sequence on two enabled shortcuts whose reach overlaps:
Qt then fires neither ("ambiguous") and the chair's Ctrl+B does nothing. Reach
follows Qt's rules: an application shortcut reaches every window; a window
shortcut (and a button's) reaches its window, but only while its page is the one
showing in a stack (hidden pages are not active); a widget-with-children shortcut
reaches its own widget.
Also checks the Word habits: Ctrl+B and Ctrl+I format in the editor, Ctrl+S saves,
Ctrl+F finds, Ctrl+Z / Ctrl+Y undo and redo, and Tab leaves tables.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QStackedWidget, QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.pages.review.tabs import TABS

APP = Qt.ShortcutContext.ApplicationShortcut
WINDOW = Qt.ShortcutContext.WindowShortcut
CHILDREN = Qt.ShortcutContext.WidgetWithChildrenShortcut


def _scope(widget: QWidget, context: Qt.ShortcutContext) -> QWidget | None:
    """The widget a shortcut reaches (None: the whole application)."""
    if context == APP:
        return None
    if context in (Qt.ShortcutContext.WidgetShortcut, CHILDREN):
        return widget
    # Window context: the window, narrowed to the stacked page it sits on.
    node, page = widget, None
    while node is not None and not node.isWindow():
        parent = node.parentWidget()
        if isinstance(parent, QStackedWidget):
            page = node
        node = parent
    return page or widget.window()


def _contains(outer: QWidget | None, inner: QWidget | None) -> bool:
    if outer is None or inner is None:
        return True
    return outer is inner or outer.isAncestorOf(inner)


def collect(root: QWidget) -> dict[str, list[tuple[str, QWidget | None]]]:
    """key sequence -> [(who, scope)] for every shortcut under ``root``."""
    found: dict[str, list[tuple[str, QWidget | None]]] = defaultdict(list)
    widgets = [root, *root.findChildren(QWidget)]
    seen: set[int] = set()  # an action sits on its window and on its menu: count it once
    for widget in widgets:
        for action in QWidget.actions(widget):
            if id(action) in seen:
                continue
            seen.add(id(action))  # (the main window has an "actions" dict)
            for sequence in action.shortcuts():
                if not sequence.isEmpty():
                    found[sequence.toString()].append(
                        (
                            f"action {action.objectName() or action.text()!r}",
                            _scope(widget, action.shortcutContext()),
                        )
                    )
        if isinstance(widget, QAbstractButton) and not widget.shortcut().isEmpty():
            text = widget.shortcut().toString()
            if "&" in widget.text() and text.startswith("Alt+"):
                continue  # mnemonic from the label
            found[text].append(
                (f"button {widget.objectName() or widget.text()!r}", _scope(widget, WINDOW))
            )
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and shortcut.isEnabled():
            found[shortcut.key().toString()].append(
                (
                    f"shortcut on {parent.objectName() or type(parent).__name__}",
                    _scope(parent, shortcut.context()),
                )
            )
    return found


def clashes(found: dict[str, list[tuple[str, QWidget | None]]]) -> list[str]:
    problems = []
    for key, owners in found.items():
        for i, (who, scope) in enumerate(owners):
            for other, other_scope in owners[i + 1 :]:
                if _contains(scope, other_scope) or _contains(other_scope, scope):
                    problems.append(f"{key}: {who} and {other}")
    return problems


def _full_review(store) -> int:
    review_id = store.repos.reviews.create("DHR 2026/21", "Adult K (fictional)")
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    return review_id


def test_no_shortcut_clashes_anywhere(unlocked, qtbot) -> None:
    window = unlocked.main_window
    review_id = _full_review(unlocked.store)
    # Build every page and every section of the review workspace.
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
    window.open_review(review_id, "Overview")
    workspace = window.review_page().workspace
    for spec in TABS:
        workspace.show_tab(spec.title)
    found = collect(window)
    assert clashes(found) == []
    # The unlock window too (it is its own window).
    assert clashes(collect(unlocked.unlock_window)) == []
    # The Word habits are where a chair expects them.
    assert "Ctrl+S" in found and "Ctrl+F" in found
    assert window.actions["backup"].shortcut().toString() == "Ctrl+Shift+B"
    workspace.show_tab("Drafting")
    editor = workspace.tab("Drafting").editor
    names = {
        name: [s.toString() for s in action.shortcuts()]
        for name, action in editor.actions_by_name.items()
    }
    assert names["bold"] == ["Ctrl+B"] and names["italic"] == ["Ctrl+I"]
    assert names["undo"] == ["Ctrl+Z"] and "Ctrl+Y" in names["redo"]


def test_ctrl_b_makes_bold_in_the_editor_and_does_not_back_up(unlocked, qtbot, monkeypatch) -> None:
    window = unlocked.main_window
    review_id = _full_review(unlocked.store)
    backups: list = []
    monkeypatch.setattr(unlocked, "backup", lambda *a: backups.append(a))
    window.open_review(review_id, "Drafting")
    editor = window.review_page().workspace.tab("Drafting").editor
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    editor.text.setFocus()
    qtbot.keyClicks(editor.text, "The panel met")
    editor.text.selectAll()
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.actions_by_name["bold"].isChecked()
    assert backups == []


def test_ctrl_f_goes_to_the_find_box_and_tab_leaves_tables(unlocked, qtbot) -> None:
    window = unlocked.main_window
    window.show_dashboard()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    dashboard = window.stack.currentWidget()
    dashboard.table.setFocus()
    qtbot.keyClick(dashboard.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is dashboard.filter_edit
    for view in dashboard.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), view.objectName()
    # In a review, Ctrl+F finds in the section showing (here the chronology's filter).
    review_id = _full_review(unlocked.store)
    window.open_review(review_id, "Combined chronology")
    window.find_in_page()
    focus = window.focusWidget()
    assert focus is not None and focus.isVisible()
    assert focus.placeholderText().lower().startswith(("filter", "find", "search"))


def test_key_sequences_are_written_as_a_chair_reads_them() -> None:
    assert QKeySequence(QKeySequence.StandardKey.Bold).toString() == "Ctrl+B"
    assert isinstance(QAction("x").shortcuts(), list)


def test_the_collector_finds_a_clash(qtbot) -> None:
    """The old Ctrl+B: back-up for the whole application and bold in an editor."""
    window = QWidget()
    qtbot.addWidget(window)
    editor = QWidget(window)
    backup = QAction("Back up", window)
    backup.setShortcut(QKeySequence("Ctrl+B"))
    backup.setShortcutContext(APP)
    window.addAction(backup)
    bold = QAction("Bold", editor)
    bold.setShortcut(QKeySequence("Ctrl+B"))
    bold.setShortcutContext(CHILDREN)
    editor.addAction(bold)
    assert clashes(collect(window)) == ["Ctrl+B: action 'Back up' and action 'Bold'"]


def test_escape_on_a_changed_dialog_asks_first(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from dhrdesk.ui.forms import FieldSpec, RecordDialog

    specs = [
        FieldSpec("name", "Name"),
        FieldSpec("declaration_date", "Declared on", "optional_date"),
    ]
    asked: list = []
    answer = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or answer[0])
    )
    dialog = RecordDialog(specs, m.PanelMember(review_id=1, name=""))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not dialog.isVisible() and asked == []
    dialog.show()
    qtbot.keyClicks(dialog.editor("name"), "Aisha Rahman")
    qtbot.keyClick(dialog.editor("name"), Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # kept: the chair said Cancel
    assert dialog.editor("name").text() == "Aisha Rahman"
    answer[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog.editor("name"), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_show_passphrase_on_unlock_and_create(make_controller, store, store_path, qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from dhrdesk.ui.widgets import PassphrasePair

    store.close()
    controller = make_controller(store_path=store_path)
    unlock = controller.unlock_window
    qtbot.keyClicks(unlock.passphrase, "correct horse")
    assert unlock.passphrase.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(unlock.show_passphrase, Qt.MouseButton.LeftButton)
    assert unlock.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    unlock.passphrase.clear()  # after an attempt: hidden again
    assert not unlock.show_passphrase.isChecked()
    assert unlock.passphrase.echoMode() == QLineEdit.EchoMode.Password
    pair = PassphrasePair()
    host = QWidget()
    qtbot.addWidget(host)
    pair.show_toggle.setParent(host)
    pair.show_toggle.setChecked(True)
    assert pair.first.echoMode() == pair.second.echoMode() == QLineEdit.EchoMode.Normal


def test_other_dialogs_ask_before_discarding_too(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from dhrdesk.ui.pages.review.terms import AgreeTermsDialog

    asked: list = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.Cancel),
    )
    dialog = AgreeTermsDialog(2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.note_edit, "Agreed at panel meeting 2")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible() and dialog.note_edit.text().endswith("meeting 2")
