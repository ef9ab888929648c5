"""GUI fixtures: settings in a temp ini file, message boxes recorded instead of shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from dhrdesk.ui.controller import AppController
from dhrdesk.ui.settings import AppSettings

FAST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path_factory: pytest.TempPathFactory):
    """Any QSettings created anywhere (even by mistake) writes under a temp folder."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    yield folder


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


class MessageRecorder:
    """Stands in for QMessageBox's static functions so no test blocks on a modal box."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def _record(self, kind: str):
        def show(parent, title, text, *args, **kwargs):
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _, text in self.shown if kind is None or k == kind]


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> MessageRecorder:
    recorder = MessageRecorder()
    for kind in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder._record(kind)))
    return recorder


class FakeClock:
    """A monotonic clock that moves only when the test says so (seconds)."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, ms: int) -> None:
        self.seconds += ms / 1000


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_controller(qtbot, settings: AppSettings, messages: MessageRecorder):
    """Build controllers that are shut down (store closed, filter removed) after the test."""
    made: list[AppController] = []

    def make(**kwargs) -> AppController:
        kwargs.setdefault("quit_on_close", False)
        controller = AppController(settings, **kwargs)
        made.append(controller)
        controller.start()
        return controller

    yield make
    for controller in made:
        controller.shutdown()


@pytest.fixture
def unlocked(make_controller, store, store_path: Path, passphrase: str, qtbot):
    """A controller with the fixture store unlocked and its main window shown."""
    store.close()
    controller = make_controller(store_path=store_path)
    controller.unlock(store_path, passphrase)
    qtbot.waitExposed(controller.main_window)
    return controller
