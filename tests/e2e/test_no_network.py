"""DHR Desk never opens a network connection.

The main flows (GUI and CLI, in this process) run with every Python-level way to
reach the network replaced by a recorder that refuses and remembers the attempt;
afterwards nothing may have been recorded, and no internet socket may be open.
A static check makes sure no module under dhrdesk/ imports a networking library.
"""

from __future__ import annotations

import ast
import os
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from dhrdesk.cli import main as cli_main
from dhrdesk.store import Store
from dhrdesk.ui import dialogs
from dhrdesk.ui.controller import AppController
from dhrdesk.ui.dialogs import BackupRequest, NewReviewDialog
from dhrdesk.ui.settings import AppSettings

ROOT = Path(__file__).resolve().parents[2]
STORE_PASSPHRASE = "copper lantern orchard 47"
BACKUP_PASSPHRASE = "backup lantern orchard 48"
INTERNET_FAMILIES = {socket.AF_INET, socket.AF_INET6}

FORBIDDEN_MODULES = (
    "PySide6.QtNetwork",
    "PySide6.QtNetworkAuth",
    "PySide6.QtWebEngine",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
    "PySide6.QtWebChannel",
    "PySide6.QtWebView",
    "socket",
    "ssl",
    "urllib.request",
    "http.client",
    "ftplib",
    "smtplib",
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "websocket",
    "websockets",
)


class NetworkAttempts:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def refuse(self, what: str) -> OSError:
        self.attempts.append(what)
        return OSError(f"network access refused by test: {what}")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> NetworkAttempts:
    """Fail and record internet sockets, connections and name lookups.

    Unix-domain sockets (socketpair, used by event loops for wake-ups) stay allowed.
    """
    recorder = NetworkAttempts()
    original_init = socket.socket.__init__

    def guarded_init(self, family=-1, type=-1, proto=0, fileno=None):  # noqa: A002, ANN001
        effective = socket.AF_INET if family == -1 and fileno is None else family
        if effective in INTERNET_FAMILIES:
            raise recorder.refuse(f"socket(family={effective!r})")
        original_init(self, family, type, proto, fileno)

    def refuse_call(name: str):  # noqa: ANN202
        def refuse(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise recorder.refuse(f"{name}{args!r}")

        return refuse

    monkeypatch.setattr(socket.socket, "__init__", guarded_init)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "create_server",
    ):
        monkeypatch.setattr(socket, name, refuse_call(name))
    return recorder


def open_internet_sockets() -> list[str]:
    """Internet sockets this process holds open (Linux), found via /proc."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return []
    inodes = set()
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{table}: {line.strip()}")
    return found


def test_the_guard_really_refuses(no_network):
    """The recorder must catch an attempt, or the tests below prove nothing."""
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.socket()
    a, b = socket.socketpair()  # Unix-domain: allowed
    a.close()
    b.close()
    assert len(no_network.attempts) == 3


def test_gui_flows_open_no_connection(no_network, qtbot, tmp_path, monkeypatch):
    for kind in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(
            QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
        )
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    controller = AppController(settings, quit_on_close=False)
    controller.start()
    try:
        # Create a store through the dialog.
        dialog = controller.make_create_dialog()
        qtbot.addWidget(dialog)
        store_path = tmp_path / "net.dhrdesk"
        dialog.path_field.edit.setText(str(store_path))
        qtbot.keyClicks(dialog.name_edit, "Fictional Chair")
        qtbot.keyClicks(dialog.passphrases.first, STORE_PASSPHRASE)
        qtbot.keyClicks(dialog.passphrases.second, STORE_PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert controller.main_window is not None

        # Create a review from the Reviews page.
        def fill(review_dialog: NewReviewDialog) -> int:
            qtbot.keyClicks(review_dialog.reference, "DHR 2026/05")
            qtbot.keyClicks(review_dialog.title_edit, "Fictional review")
            qtbot.mouseClick(review_dialog.ok_button, Qt.MouseButton.LeftButton)
            return review_dialog.result()

        monkeypatch.setattr(NewReviewDialog, "exec", fill)
        window = controller.main_window
        window.nav.setCurrentRow([spec.title for spec in window.page_specs].index("Reviews"))
        window.stack.currentWidget().new_review()
        assert [r.reference for r in controller.store.repos.reviews.list()] == ["DHR 2026/05"]

        # Back up (worker thread), verify, restore, lock and unlock.
        backup = tmp_path / "net.dhrdesk-backup"
        monkeypatch.setattr(
            dialogs, "ask_backup", lambda *a: BackupRequest(backup, BACKUP_PASSPHRASE)
        )
        controller.main_window.actions["backup"].trigger()
        qtbot.waitUntil(lambda: not controller.tasks.busy, timeout=10_000)
        assert backup.exists()
        controller.verify()
        qtbot.waitUntil(lambda: not controller.tasks.busy, timeout=10_000)
        controller.start_restore(backup, BACKUP_PASSPHRASE, STORE_PASSPHRASE)
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10_000)
        controller.main_window.activateWindow()
        qtbot.keyClick(controller.main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert controller.is_locked
        qtbot.keyClicks(controller.unlock_window.passphrase, STORE_PASSPHRASE)
        qtbot.mouseClick(controller.unlock_window.unlock_button, Qt.MouseButton.LeftButton)
        assert controller.store is not None
        controller.show_audit_log()
        controller.about_text()
    finally:
        controller.shutdown()

    assert no_network.attempts == []
    assert open_internet_sockets() == []


def test_cli_flows_open_no_connection(no_network, tmp_path, capsys):
    store_path = tmp_path / "cli.dhrdesk"
    secret = tmp_path / "pass.txt"
    secret.write_text(STORE_PASSPHRASE + "\n")
    backup_secret = tmp_path / "backup-pass.txt"
    backup_secret.write_text(BACKUP_PASSPHRASE + "\n")
    backup = tmp_path / "cli.dhrdesk-backup"
    common = ["--store", str(store_path), "--passphrase-file", str(secret)]
    runs = [
        ["init", "--name", "Fictional Chair"],
        ["info"],
        ["verify"],
        ["backup", "--out", str(backup), "--backup-passphrase-file", str(backup_secret)],
        ["restore", str(backup), "--backup-passphrase-file", str(backup_secret)],
    ]
    for args in runs:
        code = cli_main([*common, *args])
        assert code == 0, f"{args[0]} failed: {capsys.readouterr().err}"
    assert cli_main(["demo", "--out", str(tmp_path / "demo-output")]) == 0, capsys.readouterr().err
    assert cli_main(["--version"]) == 0
    Store.open(store_path, STORE_PASSPHRASE).close()

    assert no_network.attempts == []
    assert open_internet_sockets() == []


def _imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if called in {"import_module", "__import__"} and isinstance(first, ast.Constant):
                names.add(str(first.value))
    return names


def _is_forbidden(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN_MODULES) or (
        module.startswith("PySide6.QtWeb")
    )


def test_no_module_imports_a_network_library():
    sources = sorted((ROOT / "dhrdesk").rglob("*.py"))
    assert len(sources) > 10
    offenders = []
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        offenders += [
            f"{source.relative_to(ROOT)}: {m}" for m in _imported_modules(tree) if _is_forbidden(m)
        ]
    assert offenders == []


def test_static_check_catches_forbidden_imports():
    """The checker itself must flag each style of import it is meant to catch."""
    snippet = (
        "import socket\n"
        "from PySide6 import QtNetwork\n"
        "from PySide6.QtWebEngineWidgets import QWebEngineView\n"
        "import urllib.request\n"
        "import importlib\nimportlib.import_module('requests')\n"
    )
    found = {m for m in _imported_modules(ast.parse(snippet)) if _is_forbidden(m)}
    assert {"socket", "PySide6.QtNetwork", "urllib.request", "requests"} <= found
    assert any(m.startswith("PySide6.QtWebEngineWidgets") for m in found)
    assert not _is_forbidden("PySide6.QtWidgets") and not _is_forbidden("sqlcipher3")
