"""The GUI shell driven as a user would: create, unlock, lock, reviews, backup, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store import Store
from dhrdesk.ui import dialogs
from dhrdesk.ui import main_window as main_window_module
from dhrdesk.ui.app import NO_DISPLAY_MESSAGE, display_missing, run_gui
from dhrdesk.ui.dialogs import BackupRequest, NewReviewDialog
from dhrdesk.ui.main_window import SHORTCUTS
from dhrdesk.ui.pages import PAGES, Page, PageSpec

BACKUP_PASSPHRASE = "backup lantern orchard 47"


def flush_deletes() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def show_page(window, title: str):
    """Select a page in the navigation by its title and return it."""
    titles = [spec.title for spec in window.page_specs]
    window.nav.setCurrentRow(titles.index(title))
    return window.stack.currentWidget()


def live_pages() -> list[Page]:
    flush_deletes()
    return [w for w in QApplication.allWidgets() if isinstance(w, Page)]


def type_into(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def fill_new_review(qtbot, reference: str, title: str):
    """Replace NewReviewDialog.exec with typing into the real dialog and clicking Create."""

    def fake_exec(dialog: NewReviewDialog) -> int:
        dialog.show()
        qtbot.keyClicks(dialog.reference, reference)
        qtbot.keyClicks(dialog.title_edit, title)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        fill_new_review.last_error = dialog.error.text() if dialog.error.isVisible() else ""
        return dialog.result()

    return fake_exec


# ------------------------------------------------------------------ create / unlock
def test_create_store_through_dialog_opens_main_window(make_controller, qtbot, tmp_path, settings):
    controller = make_controller()
    assert controller.unlock_window.isVisible()
    assert "no store here yet" in controller.unlock_window.notice.text().lower()
    dialog = controller.make_create_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "chair.dhrdesk"
    type_into(qtbot, dialog.path_field.edit, str(target))
    qtbot.keyClicks(dialog.name_edit, "Fictional Chair")
    qtbot.keyClicks(dialog.passphrases.first, "copper lantern orchard 47")
    assert not dialog.ok_button.isEnabled(), "Create must wait for the repeated passphrase"
    qtbot.keyClicks(dialog.passphrases.second, "copper lantern orchard 47")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == dialogs.QDialog.DialogCode.Accepted
    assert controller.main_window is not None and controller.main_window.isVisible()
    assert not controller.unlock_window.isVisible()
    assert controller.store is not None and controller.store.display_name == "Fictional Chair"
    assert "chair.dhrdesk" in controller.main_window.store_label.text()
    assert settings.last_store() == target
    assert dialog.passphrases.first.text() == "", "passphrases are not kept in the dialog"
    controller.lock()
    Store.open(target, "copper lantern orchard 47").close()


def test_create_dialog_explains_weak_and_mismatched_passphrases(make_controller, qtbot, tmp_path):
    controller = make_controller()
    dialog = controller.make_create_dialog()
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.path_field.edit, str(tmp_path / "x.dhrdesk"))
    qtbot.keyClicks(dialog.name_edit, "Fictional Chair")
    qtbot.keyClicks(dialog.passphrases.first, "short")
    qtbot.keyClicks(dialog.passphrases.second, "short")
    assert "at least 12" in dialog.passphrases.feedback.text()
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.passphrases.first, "copper lantern orchard 47")
    type_into(qtbot, dialog.passphrases.second, "copper lantern orchard 48")
    assert "do not match" in dialog.passphrases.feedback.text()
    assert not dialog.ok_button.isEnabled()
    assert "12 characters" in dialog.passphrases.rule.text()


def test_create_dialog_shows_store_errors_inside(make_controller, qtbot, store_path, store):
    controller = make_controller()
    dialog = controller.make_create_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.path_field.edit, str(store_path))  # already exists
    qtbot.keyClicks(dialog.name_edit, "Fictional Chair")
    qtbot.keyClicks(dialog.passphrases.first, "copper lantern orchard 47")
    qtbot.keyClicks(dialog.passphrases.second, "copper lantern orchard 47")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "already exists" in dialog.error.text()
    assert controller.main_window is None


def test_wrong_passphrase_is_shown_in_the_unlock_window(
    make_controller, qtbot, store, store_path, messages
):
    store.close()
    before = store_path.read_bytes()
    controller = make_controller(store_path=store_path)
    window = controller.unlock_window
    assert window.selected_store() == store_path
    qtbot.keyClicks(window.passphrase, "not the right passphrase")
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert window.error.isVisible()
    assert "The passphrase is wrong, or this is not a DHR Desk store." in window.error.text()
    assert "Traceback" not in window.error.text()
    assert window.passphrase.text() == ""
    assert controller.main_window is None and controller.store is None
    assert store_path.read_bytes() == before
    assert messages.shown == []


def test_not_a_store_message_in_unlock_window(make_controller, qtbot, tmp_path):
    junk = tmp_path / "notes.dhrdesk"
    junk.write_bytes(b"just some text, not a database" * 10)
    controller = make_controller(store_path=junk)
    qtbot.keyClicks(controller.unlock_window.passphrase, "correct horse battery staple")
    qtbot.keyClick(controller.unlock_window.passphrase, Qt.Key.Key_Return)
    assert "not a DHR Desk store" in controller.unlock_window.error.text()


# ------------------------------------------------------------------------ locking
def test_ctrl_l_locks_closes_store_and_drops_case_pages(unlocked, qtbot):
    window = unlocked.main_window
    store = unlocked.store
    assert live_pages(), "the Reviews page exists while unlocked"
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert unlocked.is_locked
    assert not store.is_open
    assert unlocked.unlock_window.isVisible()
    assert unlocked.main_window is None
    assert live_pages() == []
    assert not any(isinstance(w, main_window_module.MainWindow) for w in QApplication.allWidgets())


def test_idle_timer_locks(make_controller, store, store_path, passphrase, clock):
    store.close()
    controller = make_controller(store_path=store_path, idle_ms=200, clock=clock)
    controller.unlock(store_path, passphrase)
    opened = controller.store
    clock.advance(199)
    assert not controller.idle.check()
    assert not controller.is_locked
    clock.advance(1)
    assert controller.idle.check()
    assert controller.is_locked
    assert not opened.is_open
    assert controller.unlock_window.isVisible()
    assert "without activity" in controller.unlock_window.notice.text()
    assert live_pages() == []


def test_user_input_postpones_the_idle_lock(
    make_controller,
    store,
    store_path,
    passphrase,
    qtbot,
    clock,
):
    store.close()
    controller = make_controller(store_path=store_path, idle_ms=400, clock=clock)
    controller.unlock(store_path, passphrase)
    page = controller.main_window.stack.currentWidget()
    for _ in range(8):  # 800 ms of typing, twice the idle interval
        qtbot.keyClick(page.filter_edit, Qt.Key.Key_A)
        clock.advance(100)
        assert not controller.idle.check()
    assert not controller.is_locked
    clock.advance(299)  # 399 ms since the last key
    assert not controller.idle.check() and not controller.is_locked
    clock.advance(1)
    assert controller.idle.check()
    assert controller.is_locked


class NotesPage(Page):
    """A stand-in for a later page with an edit in progress."""

    saved: list[str] = []
    fail_with: DhrDeskError | None = None

    def __init__(self, context, parent=None):
        super().__init__(context, parent)
        self.label = QLabel("fictional notes", self)

    def save_pending(self) -> None:
        if NotesPage.fail_with is not None:
            raise NotesPage.fail_with
        NotesPage.saved.append("saved")


@pytest.fixture
def two_pages(monkeypatch):
    NotesPage.saved = []
    NotesPage.fail_with = None
    monkeypatch.setattr(main_window_module, "PAGES", [*PAGES, PageSpec("Notes", NotesPage)])


def test_unlock_returns_to_the_same_page_and_saves_pending_edits(
    two_pages, make_controller, store, store_path, passphrase, qtbot
):
    store.close()
    controller = make_controller(store_path=store_path)
    controller.unlock(store_path, passphrase)
    show_page(controller.main_window, "Notes")
    assert isinstance(controller.main_window.stack.currentWidget(), NotesPage)
    controller.main_window.actions["lock"].trigger()
    assert controller.is_locked
    assert NotesPage.saved == ["saved"]
    assert live_pages() == []
    window = controller.unlock_window
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert controller.main_window is not None
    assert controller.main_window.current_page_title() == "Notes"
    assert isinstance(controller.main_window.stack.currentWidget(), NotesPage)


def test_lock_refuses_when_pending_edits_cannot_be_saved(
    two_pages, make_controller, store, store_path, passphrase, messages
):
    store.close()
    controller = make_controller(store_path=store_path)
    controller.unlock(store_path, passphrase)
    show_page(controller.main_window, "Notes")
    NotesPage.fail_with = DhrDeskError("The note could not be saved.", hint="Disk full.")
    assert controller.lock() is False
    assert controller.store is not None and controller.store.is_open
    assert any("could not be saved" in t for t in messages.texts("warning"))


# ------------------------------------------------------------------------ reviews
def test_create_review_from_the_reviews_page(unlocked, qtbot, monkeypatch):
    window = unlocked.main_window
    assert window.stack.currentWidget().objectName() == "dashboardPage"
    page = show_page(window, "Reviews")
    assert page.objectName() == "reviewsPage"
    assert page.empty_label.isVisible()
    assert "No changes" in window.saved_label.text()
    monkeypatch.setattr(NewReviewDialog, "exec", fill_new_review(qtbot, "DHR 2026/07", "Adult B"))
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(NewReviewDialog, "exec", fill_new_review(qtbot, "DHR 2025/11", "Adult C"))
    page.new_review()
    proxy = page.table.model()
    rows = [
        [proxy.index(r, c).data() for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]
    assert rows == [
        ["DHR 2025/11", "Adult C", "Notification"],
        ["DHR 2026/07", "Adult B", "Notification"],
    ]
    assert not page.empty_label.isVisible()
    assert window.saved_label.text().startswith("Last saved ")
    qtbot.keyClicks(page.filter_edit, "adult b")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "DHR 2026/07"
    assert [r.reference for r in unlocked.store.repos.reviews.list()] == [
        "DHR 2025/11",
        "DHR 2026/07",
    ]


def test_duplicate_review_reference_is_shown_in_the_dialog(unlocked, qtbot, monkeypatch):
    unlocked.store.repos.reviews.create("DHR 2026/07", "Adult B")
    page = show_page(unlocked.main_window, "Reviews")
    page.refresh()
    monkeypatch.setattr(NewReviewDialog, "exec", fill_new_review(qtbot, "DHR 2026/07", "Again"))
    assert page.new_review() is None
    assert "already exists" in fill_new_review.last_error
    assert page.model.rowCount() == 1


# ------------------------------------------------------------------ background ops
def test_backup_runs_in_the_worker_and_opens_with_its_passphrase(
    unlocked, qtbot, tmp_path, monkeypatch
):
    unlocked.store.repos.reviews.create("DHR 2026/01", "Fictional backup check")
    target = tmp_path / "out" / "chair.dhrdesk-backup"
    asked = []

    def fake_ask(parent, default, store_path=None):
        asked.append(default)
        return BackupRequest(target, BACKUP_PASSPHRASE)

    monkeypatch.setattr(dialogs, "ask_backup", fake_ask)
    window = unlocked.main_window
    window.actions["backup"].trigger()
    assert unlocked.tasks.busy and window.progress.isVisible()
    qtbot.waitUntil(lambda: not unlocked.tasks.busy, timeout=10_000)
    assert not window.progress.isVisible()
    assert asked and asked[0].name.endswith(".dhrdesk-backup")
    assert "Backup written" in window.statusBar().currentMessage()
    with Store.open(target, BACKUP_PASSPHRASE) as copy:
        assert [r.reference for r in copy.repos.reviews.list()] == ["DHR 2026/01"]


def test_backup_failure_is_a_message_not_a_traceback(unlocked, qtbot, messages):
    unlocked.start_backup(unlocked.store.path, BACKUP_PASSPHRASE)  # onto itself: refused
    qtbot.waitUntil(lambda: not unlocked.tasks.busy, timeout=10_000)
    assert any("cannot overwrite the store itself" in t for t in messages.texts("warning"))
    assert unlocked.store.is_open


def test_lock_waits_for_a_running_backup(unlocked, qtbot, tmp_path):
    unlocked.start_backup(tmp_path / "b.dhrdesk-backup", BACKUP_PASSPHRASE)
    assert unlocked.lock() is False
    qtbot.waitUntil(lambda: unlocked.is_locked, timeout=10_000)
    assert (tmp_path / "b.dhrdesk-backup").exists()


def test_restore_replaces_the_store_and_reopens_it(unlocked, qtbot, tmp_path, store_path):
    unlocked.store.repos.reviews.create("DHR 2026/01", "Before the backup")
    backup = tmp_path / "b.dhrdesk-backup"
    unlocked.start_backup(backup, BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: not unlocked.tasks.busy, timeout=10_000)
    unlocked.store.repos.reviews.create("DHR 2026/02", "After the backup")
    new_passphrase = "a brand new restored passphrase"
    assert unlocked.start_restore(backup, BACKUP_PASSPHRASE, new_passphrase)
    assert unlocked.is_locked and live_pages() == []
    qtbot.waitUntil(lambda: unlocked.main_window is not None, timeout=10_000)
    assert [r.reference for r in unlocked.store.repos.reviews.list()] == ["DHR 2026/01"]
    assert unlocked.restore_progress is None
    unlocked.lock()
    Store.open(store_path, new_passphrase).close()


def test_failed_restore_keeps_the_store_and_says_why(
    unlocked, qtbot, tmp_path, store_path, passphrase
):
    unlocked.store.repos.reviews.create("DHR 2026/01", "Kept")
    backup = tmp_path / "b.dhrdesk-backup"
    unlocked.start_backup(backup, BACKUP_PASSPHRASE)
    qtbot.waitUntil(lambda: not unlocked.tasks.busy, timeout=10_000)
    unlocked.start_restore(backup, "wrong backup passphrase", "another new passphrase")
    qtbot.waitUntil(lambda: not unlocked.tasks.busy, timeout=10_000)
    window = unlocked.unlock_window
    assert window.isEnabled() and window.error.isVisible()
    assert "backup could not be opened" in window.error.text()
    assert "not changed" in window.notice.text()
    qtbot.keyClicks(window.passphrase, passphrase)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    assert [r.reference for r in unlocked.store.repos.reviews.list()] == ["DHR 2026/01"]


def test_verify_reports_in_a_message(unlocked, qtbot, messages):
    unlocked.verify()
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=10_000)
    assert "passed every check" in messages.texts("information")[0]


# ------------------------------------------------------------------ other commands
def test_change_passphrase_dialog(unlocked, qtbot, store_path, passphrase):
    dialog = dialogs.ChangePassphraseDialog(unlocked.store.change_passphrase, unlocked.main_window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current, "wrong current passphrase")
    qtbot.keyClicks(dialog.passphrases.first, "new copper lantern 2026")
    qtbot.keyClicks(dialog.passphrases.second, "new copper lantern 2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "passphrase is wrong" in dialog.error.text() and dialog.current.text() == ""
    qtbot.keyClicks(dialog.current, passphrase)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialogs.QDialog.DialogCode.Accepted
    unlocked.lock()
    Store.open(store_path, "new copper lantern 2026").close()


def test_every_file_command_has_a_shortcut(unlocked):
    actions = unlocked.main_window.actions
    for key in (
        "new_store",
        "open_store",
        "change_passphrase",
        "backup",
        "restore",
        "lock",
        "quit",
    ):
        assert actions[key].shortcut().toString() == SHORTCUTS[key]
    assert len(
        {a.shortcut().toString() for a in actions.values() if not a.shortcut().isEmpty()}
    ) == len(SHORTCUTS)


def test_audit_log_and_about(unlocked, qtbot):
    unlocked.store.repos.reviews.create("DHR 2026/03", "")
    dialog = unlocked.show_audit_log()
    kinds = [dialog.model.index(r, 3).data() for r in range(dialog.model.rowCount())]
    assert kinds[0] == "review.create" and "store.create" in kinds
    assert "SQLCipher 4." in unlocked.about_text()
    unlocked.lock()
    assert not dialog.isVisible(), "locking closes open dialogs"


def test_quit_closes_the_store(unlocked):
    store = unlocked.store
    assert unlocked.quit()
    assert not store.is_open and unlocked.main_window is None
    assert not unlocked.unlock_window.isVisible()


def test_preferences_change_the_idle_interval(unlocked, settings):
    unlocked.set_auto_lock_minutes(12)
    assert settings.auto_lock_minutes() == 12
    assert unlocked.idle_ms == 12 * 60_000
    assert unlocked.idle.interval_ms == 12 * 60_000


# ------------------------------------------------------------------------ startup
def test_no_display_is_reported_not_aborted(monkeypatch, capsys):
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert run_gui() == 2
    assert NO_DISPLAY_MESSAGE in capsys.readouterr().err
    assert "make demo" in NO_DISPLAY_MESSAGE


def test_display_detection():
    assert display_missing({}) is True or not __import__("sys").platform.startswith("linux")
    assert display_missing({"DISPLAY": ":0"}) is False
    assert display_missing({"WAYLAND_DISPLAY": "wayland-0"}) is False
    assert display_missing({"QT_QPA_PLATFORM": "offscreen"}) is False


def test_recent_stores_are_remembered_most_recent_first(settings, tmp_path):
    a, b = tmp_path / "a.dhrdesk", tmp_path / "b.dhrdesk"
    settings.remember_store(a)
    settings.remember_store(b)
    settings.remember_store(a)
    assert settings.recent_stores() == [a, b]
    assert settings.last_store() == a


def test_recent_list_contains_no_case_data(unlocked, tmp_path):
    unlocked.store.repos.reviews.create("DHR 2026/09", "Fictional secret title")
    unlocked.lock()
    text = (tmp_path / "settings.ini").read_text()
    assert "Fictional secret title" not in text and "DHR 2026/09" not in text
    assert str(Path(unlocked.store_path).name) in text


def test_unexpected_errors_become_a_short_dialog(qtbot, messages, monkeypatch, capsys):
    import sys

    from dhrdesk.ui import app as app_module

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app_module._install_excepthook()
    try:
        raise RuntimeError("internal detail")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    (text,) = messages.texts("critical")
    assert "Something went wrong" in text and "Traceback" not in text
    assert "internal detail" not in text
    assert "Traceback" in capsys.readouterr().err


def test_activating_a_review_row_opens_it(unlocked, qtbot):
    review_id = unlocked.store.repos.reviews.create("DHR 2026/04", "Fictional")
    window = unlocked.main_window
    page = show_page(window, "Reviews")
    page.refresh()
    index = page.table.model().index(0, 1)
    page.table.selectRow(0)
    assert page.selected_review_id() == review_id
    page.table.activated.emit(index)
    assert window.review_state() is not None and window.review_state()[0] == review_id
    assert window.stack.currentWidget() is window.review_page()
