"""Finding your work: recent stores with when they were opened, the demo store once
made, new stores in the Documents folder, and a backup that warns about the same disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from dhrdesk.store import paths
from dhrdesk.ui import dialogs
from dhrdesk.ui.presenters.shell import store_label
from dhrdesk.ui.settings import AppSettings


def test_settings_keep_only_paths_and_times(tmp_path: Path) -> None:
    ini = tmp_path / "s.ini"
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    first, second = tmp_path / "a.dhrdesk", tmp_path / "b.dhrdesk"
    settings.remember_store(first, dt.datetime(2026, 3, 12, 9, 30))
    settings.remember_store(second, dt.datetime(2026, 3, 13, 14, 5))
    assert settings.recent_stores() == [second, first]
    assert settings.last_opened() == {
        second: dt.datetime(2026, 3, 13, 14, 5),
        first: dt.datetime(2026, 3, 12, 9, 30),
    }
    text = ini.read_text()
    keys = {line.split("=")[0] for line in text.splitlines() if "=" in line}
    assert keys == {"recentStores", "recentOpened"}  # paths and times, nothing else
    assert store_label(first, dt.datetime(2026, 3, 12, 9, 30)) == (
        "a.dhrdesk — opened 12 March 2026 at 09:30"
    )
    assert "not opened on this computer yet" in store_label(first, None)


def test_unlock_window_lists_recent_stores_and_offers_the_demo(
    make_controller, settings, store, store_path, qtbot
) -> None:
    store.close()
    settings.remember_store(store_path)
    demo = paths.demo_store_path()
    demo.write_bytes(b"")  # `make demo` has made it (its content does not matter here)
    controller = make_controller()
    unlock = controller.unlock_window
    combo = unlock.store_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[0].startswith(f"{store_path.name} — opened today at ")
    assert texts[-1] == f"{demo.name} (demo: fictional)"
    # The folder is shown, not hidden (shortened in the middle if long; whole in the tooltip).
    assert unlock.path_label.toolTip() == str(store_path)
    assert unlock.path_label.text().endswith(store_path.name)
    combo.setCurrentIndex(combo.count() - 1)
    assert unlock.path_label.toolTip() == str(demo)


def test_new_stores_default_to_the_documents_folder(make_controller, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DHRDESK_DATA_DIR")
    documents = AppSettings.documents_folder()
    assert documents.name == "DHR Desk" and ".local" not in documents.parts
    monkeypatch.setenv("DHRDESK_DATA_DIR", str(tmp_path))
    controller = make_controller()
    dialog = controller.make_create_dialog()
    try:
        assert dialog.path_field.path() == tmp_path / "reviews.dhrdesk"
        assert dialog.path_field.edit.isVisible() or not dialog.isVisible()
    finally:
        dialog.deleteLater()


def test_backup_asks_where_and_warns_on_the_same_disk(qtbot, tmp_path) -> None:
    store_path = tmp_path / "reviews.dhrdesk"
    store_path.write_bytes(b"x")
    dialog = dialogs.BackupDialog(tmp_path / "reviews-backup.dhrdesk-backup", None, store_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.disk_warning.isVisible()
    assert "same disk" in dialog.disk_warning.text()
    assert dialogs.same_disk(tmp_path, store_path)
    assert not dialogs.same_disk(Path("/proc"), store_path)  # another file system
    dialog.target.edit.selectAll()
    qtbot.keyClicks(dialog.target.edit, "/proc/elsewhere.dhrdesk-backup")
    assert not dialog.disk_warning.isVisible()
    qtbot.mouseClick(dialog.passphrases.show_toggle, Qt.MouseButton.LeftButton)
