"""Smoke test of the PyInstaller bundle: build it, then run the frozen app.

Why: a bundle can build cleanly and still fail at run time (a hidden import,
a missing Qt plugin, the resources/ tree left out, the SQLCipher extension not
collected). Only running the frozen binary proves the spec. Slow (about half a
minute of build on 2 cores), so it carries the `packaging` marker: deselect it
locally with `-m "not packaging"`; CI runs it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (it comes with the 'package' extra: "
        "pip install -e '.[package]')",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "dhrdesk.spec"
EXE_NAME = "dhrdesk.exe" if sys.platform == "win32" else "dhrdesk"
BUILD_TIMEOUT_S = 900


def _dir_size(path: Path) -> int:
    """Bytes on disk of every regular file below path (symlinks not followed)."""
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def _run_env(data_dir: Path) -> dict[str, str]:
    """Headless, isolated environment for the frozen app."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["DHRDESK_DATA_DIR"] = str(data_dir)
    env.pop("DHRDESK_PASSPHRASE", None)
    # The frozen app must not lean on the build's virtualenv or source tree.
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the one-folder bundle once for this module; return its folder."""
    base = tmp_path_factory.mktemp("pyinstaller")
    dist, work = base / "dist", base / "work"
    env = dict(os.environ)
    # Own cache dir: never collides with a `make package` running beside us.
    env["PYINSTALLER_CONFIG_DIR"] = str(base / "cache")
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    started = time.monotonic()
    proc = subprocess.run(
        cmd,
        cwd=base,  # proves the spec does not depend on the current directory
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, (
        f"PyInstaller failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    )
    folder = dist / "dhrdesk"
    assert (folder / EXE_NAME).is_file(), f"no executable in {folder}"
    size_mib = _dir_size(folder) / 2**20
    print(f"\n[packaging] bundle built in {elapsed:.0f} s; size {size_mib:.0f} MiB ({folder})")
    return folder


def test_bundle_carries_resources_and_no_network_stack(bundle: Path) -> None:
    """resources/ is bundled whole; Qt's network library and web engine are not."""
    internal = bundle / "_internal"
    src_resources = ROOT / "resources"
    expected = sorted(
        p.relative_to(src_resources).as_posix() for p in src_resources.rglob("*") if p.is_file()
    )
    got = sorted(
        p.relative_to(internal / "resources").as_posix()
        for p in (internal / "resources").rglob("*")
        if p.is_file()
    )
    assert got == expected
    names = [p.name for p in internal.rglob("*")]
    forbidden = [n for n in names if "Qt6Network" in n or "WebEngine" in n or "QtNetwork" in n]
    assert forbidden == [], f"network/web Qt parts in the bundle: {forbidden}"


def test_bundle_version(bundle: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(bundle / EXE_NAME), "--version"],
        env=_run_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "dhrdesk 0.1.0"


def test_bundle_demo_writes_pdf(bundle: Path, tmp_path: Path) -> None:
    """The walking skeleton runs frozen: SQLCipher store, ReportLab + bundled fonts, PDF."""
    out = tmp_path / "demo"
    proc = subprocess.run(
        [str(bundle / EXE_NAME), "demo", "--out", str(out)],
        env=_run_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs, f"demo wrote no PDF into {out}: {proc.stdout}"
    for pdf in pdfs:
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf
    # The demo store was created inside the isolated data dir, not elsewhere.
    assert any((tmp_path / "data").iterdir())


def test_bundle_gui_starts_offscreen(bundle: Path, tmp_path: Path) -> None:
    """With no arguments the frozen app loads Qt (offscreen) and keeps running.

    A missing Qt plugin or module makes it exit within a second or two; a
    healthy app sits in its event loop until we stop it.
    """
    proc = subprocess.Popen(
        [str(bundle / EXE_NAME)],
        env=_run_env(tmp_path / "data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            out, err = proc.communicate(timeout=6)
        except subprocess.TimeoutExpired:
            return  # still running: the window came up
        pytest.fail(f"GUI exited early with {proc.returncode}:\n{out}\n{err}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
