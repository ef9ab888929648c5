"""Publication tab: settings saved, the check in the background listing findings,
accept (reason required, audited) and withdraw, the pack written with its manifest,
a blocked pack shown as a message (never a traceback)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from dhrdesk.ui.pages.review.publication import PublicationTab
from dhrdesk.ui.pages.review.tabs import TABS
from tests.documents import publication_corpus as corpus

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "publication.png"


@pytest.fixture
def context(threaded_context):  # noqa: ANN001
    return threaded_context


@pytest.fixture
def review_id(store) -> int:  # noqa: ANN001
    return corpus.populate(store, corpus.REF_HELPLINE, helpline=True)


def make_tab(qtbot, context, review_id) -> PublicationTab:  # noqa: ANN001
    tab = PublicationTab(context, review_id)
    qtbot.addWidget(tab)
    tab.resize(1280, 820)
    tab.show()
    return tab


def test_registered_as_a_restricted_tab():
    spec = next(t for t in TABS if t.title == "Publication")
    assert spec.cls is PublicationTab and spec.restricted


def test_settings_are_saved(qtbot, context, review_id, store):  # noqa: ANN001
    tab = make_tab(qtbot, context, review_id)
    assert not tab.save_button.isEnabled()
    tab.date_policy.setCurrentIndex(tab.date_policy.findData("relative"))
    tab.allow_edit.setPlainText("Kestrel Outreach\n\nKestrel Outreach\nMercia")
    assert tab.save_button.isEnabled()
    assert tab.save_settings()
    saved = store.repos.publication.settings(review_id)
    assert saved.date_policy == "relative" and saved.allow_list == ["Kestrel Outreach", "Mercia"]
    again = make_tab(qtbot, context, review_id)
    assert again.date_policy.currentData() == "relative"


def test_check_accept_withdraw_and_pack(qtbot, context, review_id, store, tmp_path, monkeypatch):  # noqa: ANN001
    tab = make_tab(qtbot, context, review_id)
    assert tab.run_check()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert "Publication blocked: 1 unresolved finding" in tab.status_label.text()
    assert tab.table.rowCount() >= 1
    assert tab.table.item(0, 3).text() == corpus.HELPLINE
    assert tab.table.item(0, 5).text() == "Blocks"
    assert tab.table.item(0, 0).text() == "Overview report"
    assert "Phone number" in tab.table.item(0, 2).text()

    # a blocked pack: a message in the tab, nothing in the folder
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    assert tab.write_pack(blocked)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert "Publication blocked" in tab.error_label.text()
    assert "Traceback" not in tab.error_label.text()
    assert list(blocked.iterdir()) == []

    tab.select_row(0)
    assert tab.accept_button.isEnabled() and not tab.withdraw_button.isEnabled()
    assert not tab.accept_selected("   ")  # a reason is required
    assert "reason" in tab.error_label.text()
    monkeypatch.setattr(
        "dhrdesk.ui.pages.review.publication.QInputDialog.getMultiLineText",
        staticmethod(lambda *a, **k: ("The national helpline number is public.", True)),
    )
    assert tab.accept_selected()
    assert "Every finding is resolved (1 resolved)" in tab.status_label.text()
    accepted_row = next(
        r for r in range(tab.table.rowCount()) if tab.table.item(r, 5).text() == "Kept"
    )
    assert "The national helpline number is public." in tab.table.item(accepted_row, 6).text()
    assert any(e.kind == "publication.accept" for e in store.audit_entries(20))

    # the pack, through the folder chooser
    folder = tmp_path / "pack"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    tab.write_pack_dialog()
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert tab.error_label.text() == "" or tab.error_label.isHidden()
    assert (folder / "DHR-2099-07 publication pack" / "manifest.json").exists()
    assert "Publication pack: DHR 2099/07" in tab.manifest_view.toPlainText()
    manifest = tab.manifest_view.toPlainText()
    assert "Resolved findings (1):" in manifest
    assert "kept as written by Test Chair" in manifest
    assert "The national helpline number is public." in manifest
    assert "Check: passed after resolution" in manifest
    assert "Publication pack written" in tab.status_label.text()

    tab.select_row(accepted_row)
    assert tab.withdraw_button.isEnabled()
    assert tab.withdraw_selected()
    assert "Publication blocked" in tab.status_label.text()
    assert store.repos.publication.acceptances(review_id) == {}


def test_screenshot(qtbot, context, review_id):  # noqa: ANN001
    """docs/images/publication.png: the tab after a check (written when asked to)."""
    tab = make_tab(qtbot, context, review_id)
    tab.run_check()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    tab.select_row(0)
    QApplication.processEvents()
    image = tab.grab()
    assert image.width() > 600
    if os.environ.get("DHRDESK_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(SCREENSHOT))


def test_second_signoff_typed_and_required(qtbot, context, review_id, store, tmp_path, monkeypatch):  # noqa: ANN001
    """A CSP that requires a second sign-off: the pack is refused until someone other
    than the chair signs off; the chair cannot sign their own resolutions off; a later
    change to the resolutions makes the sign-off stale."""
    tab = make_tab(qtbot, context, review_id)
    tab.require_signoff.setFocus()
    qtbot.keyClick(tab.require_signoff, Qt.Key.Key_Space)
    assert tab.require_signoff.isChecked()
    assert tab.save_settings()
    assert store.repos.publication.settings(review_id).require_signoff
    tab.run_check()
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    tab.select_row(0)
    monkeypatch.setattr(
        "dhrdesk.ui.pages.review.publication.QInputDialog.getMultiLineText",
        staticmethod(lambda *a, **k: ("The national helpline number is public.", True)),
    )
    assert tab.accept_selected()
    assert "Required before the pack" in tab.signoff_status.text()

    folder = tmp_path / "pack"
    folder.mkdir()
    assert tab.write_pack(folder)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert "second person's sign-off" in tab.error_label.text()
    assert list(folder.iterdir()) == []

    # the chair (the store's user) cannot sign off their own resolutions
    qtbot.keyClicks(tab.signoff_name, "Test Chair")
    qtbot.keyClicks(tab.signoff_date.edit, "02/12/2026")
    qtbot.mouseClick(tab.signoff_button, Qt.MouseButton.LeftButton)
    assert "second person" in tab.error_label.text()
    assert store.repos.publication.signoffs(review_id) == []

    tab.signoff_name.clear()
    qtbot.keyClicks(tab.signoff_name, "Priya Natarajan")
    qtbot.keyClicks(tab.signoff_role, "CSP manager")
    qtbot.mouseClick(tab.signoff_button, Qt.MouseButton.LeftButton)
    assert "Signed off by Priya Natarajan, CSP manager on 02/12/2026" in tab.signoff_status.text()

    assert tab.write_pack(folder)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    manifest = tab.manifest_view.toPlainText()
    assert "Second sign-off: Priya Natarajan, CSP manager, on 2026-12-02" in manifest

    # a changed resolution makes the sign-off stale
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 5).text() == "Kept")
    tab.select_row(row)
    assert tab.withdraw_selected()
    assert "no longer covers" in tab.signoff_status.text()
