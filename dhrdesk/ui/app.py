"""Starting the GUI: check for a display, set up Qt, show the unlock window."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from dhrdesk import APP_NAME, __version__
from dhrdesk.store import paths

NO_DISPLAY_MESSAGE = (
    "DHR Desk needs a display. There is none here (no DISPLAY or WAYLAND_DISPLAY). "
    "Run `make demo` for the headless demo, or `xvfb-run make run`."
)


def display_missing(environ: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """True when Qt would abort for want of a display (Linux without X11/Wayland).

    Qt aborts the whole process when its xcb plugin finds no display, which
    Python cannot catch, so we check first. Setting QT_QPA_PLATFORM (e.g.
    offscreen) means the user chose a platform and we let Qt try it.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    if env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _install_excepthook() -> None:
    """Show unexpected errors in a short dialog instead of a traceback in the user's face.

    The traceback goes to stderr for whoever starts the app from a terminal; it
    never contains case text the user did not already see in a message.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, value, tb, file=sys.stderr)
        from PySide6.QtWidgets import QApplication, QMessageBox

        from dhrdesk.core.errors import DhrDeskError

        if QApplication.instance() is None:
            return
        if isinstance(value, DhrDeskError):
            text = value.message + (f"\n\n{value.hint}" if value.hint else "")
        else:
            text = (
                f"Something went wrong inside {APP_NAME} ({kind.__name__}). Everything up "
                "to the last save is in the store. If this happens again, run "
                "File > Verify store and tell whoever supports your installation."
            )
        QMessageBox.critical(None, APP_NAME, text)

    sys.excepthook = hook


def run_gui(store_path: Path | None = None) -> int:
    """Run the desktop app until it quits; returns the process exit code."""
    if display_missing():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    paths.restrict_umask()

    from PySide6.QtWidgets import QApplication

    from dhrdesk.ui.controller import AppController
    from dhrdesk.ui.settings import APPLICATION, ORGANIZATION
    from dhrdesk.ui.widgets import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    _install_excepthook()
    controller = AppController(store_path=store_path)
    controller.start()
    try:
        return app.exec()
    finally:
        controller.shutdown()
