"""The agency author's window: open a request package, edit, add a row, export a response;
then the chair imports it from File > Open agency package…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from dhrdesk.core.errors import ValidationError
from dhrdesk.exchange import package as pkg
from dhrdesk.exchange import package_crypto as crypto
from dhrdesk.store import Store
from dhrdesk.ui import package_dialogs
from dhrdesk.ui.package_workspace import PackageWorkspaceWindow
from tests.exchange.test_package import (
    PACKAGE_PASS,
    POLICE,
    REF,
    WORKSPACE_PASS,
    build_chair_review,
)


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "KDF_LOG2_N", 12)


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def _fill_row(dialog: package_dialogs.ChronologyRowDialog) -> int:
    dialog.date_edit.setText("04/03/2024 21:40")  # 4 March (British)
    dialog.source_edit.setText("Command and control log")
    dialog.event_edit.setPlainText("Call from Adult K about threats")
    dialog.subject_boxes[0][1].setChecked(True)
    return QDialog.DialogCode.Accepted


def test_workspace_open_edit_add_row_export_and_chair_import(
    store: Store, qtbot, monkeypatch: pytest.MonkeyPatch, messages, tmp_path: Path
) -> None:
    chair = build_chair_review(store)
    request = tmp_path / "request.dhrpkg"
    pkg.export_request(store, REF, POLICE, PACKAGE_PASS, out=request)

    # the author opens the request: a new workspace store with its own passphrase
    _choose(monkeypatch, request)
    monkeypatch.setattr(package_dialogs, "ask_package_passphrase", lambda *a, **k: PACKAGE_PASS)
    workspace_path = tmp_path / "agency.dhrdesk"
    monkeypatch.setattr(
        package_dialogs,
        "ask_new_workspace",
        lambda *a, **k: (workspace_path, "Inspector Rowan Ashdown", WORKSPACE_PASS),
    )
    window = package_dialogs.open_agency_package(None, None)
    assert isinstance(window, PackageWorkspaceWindow), messages.texts()
    qtbot.addWidget(window)
    assert "Due on 1 October 2025" in window.findChild(object, "requestSummary").text()
    assert window.tabs.count() == 4
    assert set(window.section_edits) >= {"summary_of_involvement", "lessons"}

    window.section_edits["summary_of_involvement"].setPlainText("Officers attended twice.")
    window.author_name.setText("Inspector Rowan Ashdown")
    first_line = next(iter(window.analysis_edits))
    window.analysis_edits[first_line].setPlainText("No DASH was completed.")
    monkeypatch.setattr(package_dialogs.ChronologyRowDialog, "exec", _fill_row)
    assert window.add_row()
    assert window.model.rowCount() == 1
    assert window.model.data(window.model.index(0, 0), 0) == "4 March 2024"

    response = tmp_path / "response"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(response), ""))
    )
    written = window.export_response()
    assert written == tmp_path / "response.dhrpkg" and written.exists(), messages.texts()
    window.close()
    assert not window.store.is_open

    # reopening the workspace keeps what was typed
    with Store.open(workspace_path, WORKSPACE_PASS) as ws:
        details = pkg.workspace_details(ws)
        assert ws.repos.agency_input.imr_sections(details["agency_id"])[
            "summary_of_involvement"
        ] == ("Officers attended twice.")

    # the chair imports the response from the same menu item
    _choose(monkeypatch, written)
    monkeypatch.setattr(package_dialogs, "confirm_import", lambda parent, preview: True)
    assert package_dialogs.open_agency_package(None, store) is True, messages.texts()
    police = chair["police"]
    repo = store.repos.agency_input
    assert repo.imr_sections(police.id)["summary_of_involvement"] == "Officers attended twice."
    assert repo.imr_analysis(police.id) == {chair["lines"][0].id: "No DASH was completed."}
    rows = repo.entries(chair["review_id"], police.id)
    assert [(r.date, r.time, r.subject_ids) for r in rows] == [
        ("2024-03-04", "21:40", [chair["subjects"][0].id])
    ]

    # opening it a second time is refused as a replay, shown as a warning
    assert package_dialogs.open_agency_package(None, store) is None
    assert any("already imported" in text for text in messages.texts("warning"))


def test_row_dialog_requires_source(qtbot) -> None:
    dialog = package_dialogs.ChronologyRowDialog(None, [])
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("March 2024")
    dialog.event_edit.setPlainText("Visit")
    with pytest.raises(ValidationError, match="source of information"):
        dialog.read()
    dialog.source_edit.setText("Visit log")
    dialog.time_edit.setText("10:00")
    with pytest.raises(ValidationError, match="full date"):
        dialog.read()


def test_file_menu_has_open_agency_package(make_controller, store_path: Path) -> None:
    controller = make_controller()
    controller.create_store(store_path, "correct horse battery staple", "Chair")
    action = controller.main_window.actions["open_package"]
    assert action.text() == "Open a&gency package…"


def test_author_without_a_store_opens_the_package_from_the_unlock_window_and_later_unlocks_it(
    store: Store, make_controller, qtbot, monkeypatch: pytest.MonkeyPatch, messages, tmp_path: Path
) -> None:
    build_chair_review(store)
    request = tmp_path / "request.dhrpkg"
    pkg.export_request(store, REF, POLICE, PACKAGE_PASS, out=request)
    store.close()

    controller = make_controller(store_path=None)
    _choose(monkeypatch, request)
    monkeypatch.setattr(package_dialogs, "ask_package_passphrase", lambda *a, **k: PACKAGE_PASS)
    workspace_path = tmp_path / "agency.dhrdesk"
    monkeypatch.setattr(
        package_dialogs,
        "ask_new_workspace",
        lambda *a, **k: (workspace_path, "Inspector Rowan Ashdown", WORKSPACE_PASS),
    )
    window = controller.unlock_window.package_button.click() or package_dialogs._OPEN_WINDOWS[-1]
    assert isinstance(window, PackageWorkspaceWindow)
    window.done(0)

    # Unlocking the workspace later opens the limited window, never the chair's main window.
    controller.unlock(workspace_path, WORKSPACE_PASS)
    assert controller.main_window is None and controller.store is None
    opened = package_dialogs._OPEN_WINDOWS[-1]
    assert isinstance(opened, PackageWorkspaceWindow) and opened.isVisible()
    opened.done(0)
    assert controller.unlock_window.isVisible()


def test_row_dialog_shows_a_bad_date_at_its_field(qtbot) -> None:
    dialog = package_dialogs.ChronologyRowDialog(None, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.date_edit, "31/02/2024")
    qtbot.keyClicks(dialog.source_edit, "Visit log")
    qtbot.keyClicks(dialog.event_edit, "Home visit")
    with pytest.raises(ValidationError, match="February 2024 has 29 days"):
        dialog.read()
    assert "2px solid" in dialog.date_edit.styleSheet()
    assert dialog.focusWidget() is dialog.date_edit
    dialog.date_edit.selectAll()
    qtbot.keyClicks(dialog.date_edit, "29/02/2024")
    assert dialog.read().date == "2024-02-29"
    assert dialog.date_edit.styleSheet() == ""
