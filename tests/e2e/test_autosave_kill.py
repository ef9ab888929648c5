"""Autosave survives a killed process: text typed a few seconds before SIGKILL is in the store.

A child process opens a store, builds the drafting tab offscreen, types into a section,
lets the event loop run for ~3 s (the autosave timer fires after 2 s), prints READY and
sleeps without saving anything else. The test kills it with SIGKILL (no clean-up, no
close handlers), reopens the store and finds the text.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dhrdesk.store import Store

CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtWidgets import QApplication, QWidget
    from PySide6.QtTest import QTest
    app = QApplication([])
    from dhrdesk.store import Store
    from dhrdesk.ui.operations import run_op
    from dhrdesk.ui.pages.base import PageContext
    from dhrdesk.ui.pages.review.drafting import DraftingTab

    store = Store.open(sys.argv[1], sys.argv[2])
    review_id = store.repos.reviews.get("DHR 2026/01").id
    host = QWidget()
    context = PageContext(store, lambda fn, msg=None: run_op(host, fn, msg), None)
    tab = DraftingTab(context, review_id)
    tab.show()
    tab.editor.text.setFocus()
    QTest.keyClicks(tab.editor.text, "Typed before the crash.")
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    QTest.keyClicks(tab.editor.text, " Typed just before the kill.")
    app.processEvents()
    print("READY", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_autosaved_text_survives_sigkill(
    store, store_path: Path, passphrase: str, tmp_path
) -> None:  # noqa: ANN001
    store.repos.reviews.create("DHR 2026/01", "Death of Adult E")
    store.close()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    child = subprocess.Popen(
        [sys.executable, str(script), str(store_path), passphrase],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if "READY" in line or not line:
                break
        assert "READY" in line, child.stderr.read() if child.poll() is not None else line
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    reopened = Store.open(store_path, passphrase)
    try:
        review = reopened.repos.reviews.get("DHR 2026/01")
        section = reopened.repos.drafting.section(review.id, "overview", "introduction")
        runs = section.content[0]["runs"]
        assert runs[0]["text"].startswith("Typed before the crash.")
    finally:
        reopened.close()
