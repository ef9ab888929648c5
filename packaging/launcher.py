"""Entry point of the frozen app (the PyInstaller bundle); `main.py` is the one for a checkout.

It runs `dhrdesk.cli.main` like `main.py` does, and adds what only an installed
app needs:

- **Errors a user can see.** An installed app is started from the Start menu, the
  Dock or a desktop menu, where nobody reads stderr (and the windowed Windows
  executable has no stderr at all). When the window cannot start, the message
  the CLI would print is shown in a native dialog: MessageBox on Windows, an
  AppleScript alert on macOS, zenity/kdialog/xmessage on Linux when a display
  and one of them exist. From a terminal the message is printed as before.
- **A missing system library named before Qt aborts.** On Linux, Qt kills the
  process (no Python exception) when its platform plugin cannot load, for
  instance because `libxcb-cursor0` is not installed. The launcher loads the
  plugin first and turns the loader's error into a message naming the library
  and the Debian/Ubuntu package.
- **A GUI smoke run that ends by itself**, for the release jobs and the
  packaging test: with `DHRDESK_SMOKE_GUI_SECONDS=N` the window opens, runs for
  N seconds, must be showing a window and no error dialog, and the process
  exits with 0, or with 3 (no window) or 4 (an error dialog appeared), so a
  crash at any point of the run is seen in the exit code.
"""

from __future__ import annotations

import ctypes
import io
import os
import subprocess
import sys
from pathlib import Path

APP_TITLE = "DHR Desk"
SMOKE_ENV = "DHRDESK_SMOKE_GUI_SECONDS"
EXIT_NO_WINDOW = 3
EXIT_ERROR_DIALOG = 4
EXIT_CANNOT_START = 2

# Sonames of libraries the Linux bundle expects from the system, and the
# Debian/Ubuntu package that provides each (for the hint in the message).
DEBIAN_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libstdc++.so.6": "libstdc++6",
    "libz.so.1": "zlib1g",
    "libpng16.so.16": "libpng16-16",
    "libcrypto.so.3": "libssl3",
}


def _interactive() -> bool:
    """Whether someone can read stderr (started from a terminal)."""
    stream = sys.__stderr__
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):
        return False


def _child_env() -> dict[str, str]:
    """The environment for helper programs, without the bundle's library path."""
    env = dict(os.environ)
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    elif getattr(sys, "frozen", False):
        env.pop("LD_LIBRARY_PATH", None)
    return env


def show_error(text: str) -> bool:
    """Show `text` in a native dialog when this platform has one; True if shown."""
    try:
        if sys.platform == "win32":
            ctypes.windll.user32.MessageBoxW(None, text, APP_TITLE, 0x10)  # MB_ICONERROR
            return True
        if sys.platform == "darwin":
            script = [
                "-e",
                "on run argv",
                "-e",
                f'display alert "{APP_TITLE}" message (item 1 of argv) as critical',
                "-e",
                "end run",
            ]
            subprocess.run(["osascript", *script, text], env=_child_env(), timeout=600, check=False)
            return True
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return False
        for command in (
            ["zenity", "--error", "--no-markup", f"--title={APP_TITLE}", f"--text={text}"],
            ["kdialog", "--title", APP_TITLE, "--error", text],
            ["xmessage", "-center", f"{APP_TITLE}: {text}"],
        ):
            try:
                subprocess.run(command, env=_child_env(), timeout=600, check=False)
                return True
            except FileNotFoundError:
                continue
    except (OSError, subprocess.SubprocessError, AttributeError):
        pass
    return False


def _library_hint(error: str) -> str:
    for soname, package in DEBIAN_PACKAGES.items():
        if soname in error:
            return (
                f"The system library {soname} is missing. On Debian or Ubuntu install it with "
                f"'sudo apt install {package}' (or install DHR Desk from its .deb package, "
                "which brings every library it needs)."
            )
    return "A system library is missing; install the package that provides it."


def _x11_unreachable(display: str) -> str | None:
    """Why the X server named by DISPLAY cannot be reached (Qt would abort), or None."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # the plugin loaded, so this cannot really happen; let Qt say
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(None, None)
    try:
        failed = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    if not failed:
        return None
    return (
        f"the display {display} (DISPLAY) does not answer. Start DHR Desk from the "
        "desktop session, or check DISPLAY (over ssh: ssh -X); the command line works "
        "without a display (dhrdesk --help)."
    )


def _linux_platform_problem() -> str | None:
    """Why Qt's windowing plugin would fail to load here, or None.

    Qt aborts the process when no platform plugin can start. Loading the
    plugin the way Qt will (with the system's dynamic loader) finds a missing
    library first, while there is still time to say which one.
    """
    env = os.environ
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and chosen not in ("xcb", "wayland"):
        return None  # offscreen, minimal, ... need nothing from the desktop
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms"
    candidates = []
    # Qt takes Wayland in a Wayland session (or when asked), X11 otherwise.
    wayland_first = chosen == "wayland" or (
        env.get("XDG_SESSION_TYPE") == "wayland" or not env.get("DISPLAY")
    )
    if chosen in ("", "wayland") and env.get("WAYLAND_DISPLAY") and wayland_first:
        candidates.append(plugins / "libqwayland.so")
    if chosen in ("", "xcb") and env.get("DISPLAY"):
        candidates.append(plugins / "libqxcb.so")
    errors = []
    for plugin in candidates:
        if not plugin.exists():
            errors.append(f"{plugin.name} is not in this installation")
            continue
        try:
            ctypes.CDLL(str(plugin))
        except OSError as exc:
            # PyInstaller's ctypes hook re-raises with a generic text; the
            # loader's own message (which library is missing) is the cause.
            errors.append(str(exc.__cause__ or exc))
            continue
        if plugin.name == "libqxcb.so":
            unreachable = _x11_unreachable(env.get("DISPLAY", ""))
            if unreachable:
                return f"DHR Desk cannot open its window: {unreachable}"
        return None  # one platform loads: Qt will start
    if not errors:
        return None  # no display at all: the app's own check says so
    return (
        "DHR Desk cannot open its window: "
        + "; ".join(errors)
        + ". "
        + _library_hint(" ".join(errors))
    )


def _preflight_gui() -> str | None:
    """A message if the window cannot start for want of a library, else None."""
    try:
        import PySide6.QtWidgets  # noqa: F401 - loads Qt Core, Gui and Widgets
    except ImportError as exc:
        return f"DHR Desk cannot open its window: {exc}. {_library_hint(str(exc))}"
    if sys.platform.startswith("linux"):
        return _linux_platform_problem()
    return None


class _Tee(io.TextIOBase):
    """Copies what the CLI writes to stderr, so it can be shown in a dialog too."""

    def __init__(self, target: io.TextIOBase | None) -> None:
        self.target = target
        self.captured = io.StringIO()

    def write(self, text: str) -> int:
        self.captured.write(text)
        if self.target is not None:
            try:
                self.target.write(text)
            except (OSError, ValueError):
                pass
        return len(text)

    def flush(self) -> None:
        if self.target is not None:
            try:
                self.target.flush()
            except (OSError, ValueError):
                pass


def _arm_smoke_run(seconds: float) -> dict[str, int]:
    """Create the QApplication and schedule the check that ends a smoke run."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    outcome = {"code": 0}

    def finish() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            print(f"smoke: an error dialog is showing: {modal.text()}", file=sys.stderr)
            outcome["code"] = EXIT_ERROR_DIALOG
        else:
            shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            if not shown:
                print("smoke: no window is showing", file=sys.stderr)
                outcome["code"] = EXIT_NO_WINDOW
            else:
                titles = ", ".join(w.windowTitle() or type(w).__name__ for w in shown)
                print(f"smoke: window showing ({titles}); quitting", file=sys.stderr)
        app.exit(outcome["code"])

    QTimer.singleShot(int(seconds * 1000), finish)
    return outcome


def main() -> int:
    """Run DHR Desk from the bundle; returns the process exit code."""
    argv = sys.argv[1:]
    gui = not argv or argv[0] == "gui"
    if not gui:
        from dhrdesk.cli import main as cli_main

        return cli_main(argv)

    tee = _Tee(sys.stderr)
    sys.stderr = tee
    try:
        problem = _preflight_gui()
        if problem:
            print(f"dhrdesk: error: {problem}", file=sys.stderr)
            code = EXIT_CANNOT_START
        else:
            smoke = os.environ.get(SMOKE_ENV)
            outcome = _arm_smoke_run(float(smoke)) if smoke else None
            from dhrdesk.cli import main as cli_main

            code = cli_main(argv)
            if outcome is not None and outcome["code"]:
                code = outcome["code"]
    finally:
        sys.stderr = tee.target
    message = tee.captured.getvalue().strip()
    unattended = bool(os.environ.get(SMOKE_ENV))  # a smoke run must never wait on a dialog
    if code not in (0, None) and message and not _interactive() and not unattended:
        show_error(message.removeprefix("dhrdesk: error: "))
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
