"""Screenshots of the real screens for the README and the user guide (docs/images).

Builds a throwaway encrypted store with the fictional demo reviews in a temporary
folder, opens the real windows offscreen at a laptop size (1366×768) and a desktop
size (1920×1080), and saves what they show. Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py

Nothing is written outside docs/images and the temporary folder (removed at the end).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

IMAGES = ROOT / "docs" / "images"
PASSPHRASE = "correct horse battery staple demo"
# Window sizes inside the screen: a 1366×768 laptop loses about 40 px to the task bar.
SIZES = {"1366": (1366, 728), "1920": (1920, 1040)}
# The README's pictures of the review workspace (the same windows, the names it links).
README_SHOTS = [
    ("review-overview", "Overview"),
    ("chronology", "Combined chronology"),
    ("drafting", "Drafting"),
    ("agencies", "Agencies and IMRs"),
    ("terms", "Terms of reference"),
    ("register", "Restricted register"),
    ("timeline", "Timeline"),
    ("documents", "Documents"),
    ("publication", "Publication"),
]
SHOTS = [
    # (file stem, review tab or page, size keys)
    ("workspace-overview", "Overview", ("1366", "1920")),
    ("workspace-chronology", "Combined chronology", ("1366",)),
    ("workspace-agencies", "Agencies and IMRs", ("1366",)),
    ("workspace-drafting", "Drafting", ("1366",)),
    ("workspace-terms", "Terms of reference", ("1366",)),
    ("workspace-publication", "Publication", ("1366",)),
]


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from dhrdesk.demo import ensure_demo_reviews
    from dhrdesk.store import Store
    from dhrdesk.ui.controller import AppController
    from dhrdesk.ui.settings import AppSettings

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DHRDESK_DATA_DIR"] = folder
        path = Path(folder) / "demo.dhrdesk"
        store = Store.create(path, PASSPHRASE, "Demo chair")
        ensure_demo_reviews(store)
        store.close()
        settings = AppSettings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        settings.remember_store(path)
        controller = AppController(settings, quit_on_close=False)
        controller.start()
        unlock = controller.unlock_window
        unlock.adjustSize()
        unlock.resize(max(760, unlock.width()), unlock.sizeHint().height())
        settle(app)
        unlock.grab().save(str(IMAGES / "unlock.png"))
        controller.unlock(path, PASSPHRASE)
        window = controller.main_window
        reviews = controller.store.repos.reviews.list()
        review = next((r for r in reviews if "Northmoor" in (r.title + r.reference)), reviews[0])
        for stem, tab, sizes in SHOTS:
            for key in sizes:
                window.resize(*SIZES[key])
                workspace = window.open_review(review.id, tab)
                settle(app, 10)
                if tab == "Combined chronology":  # the reading pane shows a row in full
                    view = workspace.tab(tab)
                    view.view.selectRow(min(1, view.proxy.rowCount() - 1))
                    settle(app, 10)
                name = f"{stem}-{key}.png"
                window.grab().save(str(IMAGES / name))
                print("wrote", IMAGES / name)
        window.resize(*SIZES["1366"])
        for stem, tab in README_SHOTS:
            workspace = window.open_review(review.id, tab)
            settle(app, 10)
            view = workspace.tab(tab)
            if tab == "Combined chronology":
                view.view.selectRow(min(1, view.proxy.rowCount() - 1))
            elif tab == "Documents":
                view.generate_preview()
            for _ in range(50):  # background work (preview, check) finishes
                settle(app, 4)
                if not controller.tasks.busy:
                    break
                time.sleep(0.1)
            settle(app, 10)
            window.grab().save(str(IMAGES / f"{stem}.png"))
            print("wrote", IMAGES / f"{stem}.png")
        window.show_dashboard()
        settle(app, 10)
        window.grab().save(str(IMAGES / "dashboard-1366.png"))
        window.grab().save(str(IMAGES / "dashboard.png"))
        window.grab().save(str(IMAGES / "main-window.png"))
        guide = window.show_user_guide()
        guide.search_edit.setText("dates")
        settle(app, 10)
        guide.grab().save(str(IMAGES / "user-guide.png"))
        guide.close()
        controller.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
