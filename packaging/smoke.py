"""Smoke test of a built DHR Desk bundle, the same on Linux, Windows and macOS.

    python packaging/smoke.py --exe dist/dhrdesk/dhrdesk
    python packaging/smoke.py --exe dist/dhrdesk/dhrdesk.exe --gui-exe "dist/dhrdesk/DHR Desk.exe"
    python packaging/smoke.py --exe "dist/DHR Desk.app/Contents/MacOS/dhrdesk" --bundle "dist/DHR Desk.app"

Runs, headless (Qt offscreen) in a throwaway home and data folder, and waits for
each command's own exit code (none is killed by a timer, so a crash at any
point of a run fails it):

1. `--version` prints `dhrdesk <version>`;
2. `demo --out DIR` creates the encrypted demo store and writes the demo
   documents; every PDF starts with `%PDF-`;
3. the window (`DHRDESK_SMOKE_GUI_SECONDS`, see packaging/launcher.py) opens,
   shows a window and no error dialog, and the app quits by itself with 0;
   on Linux with Xvfb installed, a second time on a real X server (xcb plugin,
   the system's X libraries);
4. the bundle folder is unchanged afterwards (every file's size and time), and
   so is the empty folder the commands ran in: the app writes nothing next to
   itself or where it was started (stores, settings, caches go to the user's folders).

Used by `make package` (packaging/build-linux.sh), by each job of the release
workflow, and by tests/e2e/test_packaging.py. Standard library only, so it runs
with any Python 3.11 on the build machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

SMOKE_ENV = "DHRDESK_SMOKE_GUI_SECONDS"
# Not read by the app: where smoke runs start it (an empty folder that must stay empty).
CWD_ENV = "DHRDESK_SMOKE_CWD"


class SmokeError(AssertionError):
    """A smoke check failed; the message says which and shows the app's output."""


def bundle_size(path: Path) -> int:
    """Bytes of every regular file below path (symlinks not followed)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime in ns) of everything in folder."""
    found = {}
    for path in folder.rglob("*"):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def isolated_env(base: Path) -> dict[str, str]:
    """A headless environment with its own home, config and data folders under base."""
    env = dict(os.environ)
    for name in (
        "PYTHONPATH",
        "PYTHONHOME",
        "VIRTUAL_ENV",
        "DHRDESK_PASSPHRASE",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        SMOKE_ENV,
    ):
        env.pop(name, None)
    home = base / "home"
    (home / "Documents").mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    env["DHRDESK_DATA_DIR"] = str(base / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    cwd = base / "cwd"
    cwd.mkdir(exist_ok=True)
    env[CWD_ENV] = str(cwd)
    return env


def run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Run to completion and return the result; a timeout is a failure, not a pass."""
    try:
        return subprocess.run(
            cmd, env=env, cwd=env.get(CWD_ENV), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise SmokeError(
            f"{cmd[0]} {' '.join(cmd[1:])}: still running after {timeout:.0f} s"
        ) from exc


def _explain(proc: subprocess.CompletedProcess[str], what: str) -> str:
    return (
        f"{what} exited with {proc.returncode}\n--- stdout\n{(proc.stdout or '')[-3000:]}"
        f"\n--- stderr\n{(proc.stderr or '')[-6000:]}"
    )


def check_version(exe: Path, env: dict[str, str], expected: str | None = None) -> str:
    proc = run([str(exe), "--version"], env, timeout=120)
    if proc.returncode != 0:
        raise SmokeError(_explain(proc, "--version"))
    text = proc.stdout.strip()
    if not text.startswith("dhrdesk ") or (expected and text != f"dhrdesk {expected}"):
        raise SmokeError(
            f"--version printed {text!r}, expected 'dhrdesk {expected or '<version>'}'"
        )
    return text


def check_demo(exe: Path, env: dict[str, str], out: Path) -> list[Path]:
    proc = run([str(exe), "demo", "--out", str(out)], env, timeout=600)
    if proc.returncode != 0 or "Traceback" in (proc.stderr or ""):
        raise SmokeError(_explain(proc, "demo"))
    pdfs = sorted(out.glob("*.pdf"))
    if not pdfs:
        raise SmokeError(f"demo wrote no PDF into {out}:\n{proc.stdout}")
    for pdf in pdfs:
        if pdf.read_bytes()[:5] != b"%PDF-":
            raise SmokeError(f"{pdf.name} is not a PDF")
    return pdfs


def check_gui(exe: Path, env: dict[str, str], seconds: float = 5) -> str:
    """Open the window, let it run, and require that it quits by itself with 0."""
    gui_env = dict(env)
    gui_env[SMOKE_ENV] = str(seconds)
    proc = run([str(exe)], gui_env, timeout=seconds + 120)
    if proc.returncode != 0:
        raise SmokeError(_explain(proc, "the window (smoke run)"))
    lines = (proc.stderr or "").strip().splitlines()
    return lines[-1] if lines else "the window ran and quit by itself"


@contextlib.contextmanager
def xvfb_display() -> Iterator[str | None]:
    """A throwaway X server (Xvfb) for the duration: yields ":N", or None without Xvfb."""
    xvfb = shutil.which("Xvfb")
    if not sys.platform.startswith("linux") or xvfb is None:
        yield None
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()  # Xvfb writes the display it chose once ready
        if not number.isdigit():
            raise SmokeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def x11_env(env: dict[str, str], display: str) -> dict[str, str]:
    """env for a run on the X server `display` (no offscreen, no Wayland)."""
    x_env = dict(env)
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY"):
        x_env.pop(name, None)
    x_env["DISPLAY"] = display
    x_env["XDG_SESSION_TYPE"] = "x11"
    return x_env


def check_gui_x11(exe: Path, env: dict[str, str], seconds: float = 5) -> str | None:
    """Linux with Xvfb: the same window run on a real X server, through Qt's xcb plugin
    and the system's X11/xcb libraries (which the bundle takes from the system).
    Returns None where Xvfb is not installed (Debian: apt-get install xvfb)."""
    with xvfb_display() as display:
        if display is None:
            return None
        return check_gui(exe, x11_env(env, display), seconds)


def smoke(
    exe: Path,
    gui_exe: Path | None = None,
    bundle: Path | None = None,
    expected_version: str | None = None,
    seconds: float = 5,
) -> None:
    """Run every check; raises SmokeError on the first failure."""
    bundle = bundle or exe.parent
    before = snapshot(bundle)
    with tempfile.TemporaryDirectory(prefix="dhrdesk-smoke-") as tmp:
        base = Path(tmp)
        env = isolated_env(base)
        print(f"smoke: {check_version(exe, env, expected_version)}")
        pdfs = check_demo(exe, env, base / "out")
        print(f"smoke: demo wrote {len(pdfs)} PDFs")
        print(f"smoke: {check_gui(gui_exe or exe, env, seconds).removeprefix('smoke: ')}")
        on_x11 = check_gui_x11(gui_exe or exe, env, seconds)
        if on_x11 is not None:
            print(f"smoke: on X11 (Xvfb): {on_x11.removeprefix('smoke: ')}")
        stray = sorted(p.name for p in Path(env[CWD_ENV]).iterdir())
        if stray:
            raise SmokeError(f"the app wrote into its current folder: {stray}")
    after = snapshot(bundle)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        raise SmokeError(f"the app wrote next to itself in {bundle}: {changed[:20]}")
    print(f"smoke: the bundle is unchanged; size {bundle_size(bundle) / 2**20:.1f} MiB ({bundle})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a built DHR Desk bundle.")
    parser.add_argument("--exe", type=Path, required=True, help="the console executable (CLI)")
    parser.add_argument("--gui-exe", type=Path, help="the windowed executable, if separate")
    parser.add_argument("--bundle", type=Path, help="the folder that must stay unchanged")
    parser.add_argument("--version", dest="expected_version", help="the expected version")
    parser.add_argument("--seconds", type=float, default=5, help="how long the window runs")
    args = parser.parse_args(argv)
    for path in (args.exe, args.gui_exe):
        if path is not None and not path.is_file():
            print(
                f"smoke: error: {path} does not exist (build first: make package)", file=sys.stderr
            )
            return 2
    try:
        smoke(args.exe, args.gui_exe, args.bundle, args.expected_version, args.seconds)
    except SmokeError as err:
        print(f"smoke: FAILED: {err}", file=sys.stderr)
        return 1
    print("smoke: passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
