"""Documents tab: background generation into an in-memory preview, PDF export read back with
pypdf, the publication edition refused with the gate's message, and no preview left on disk."""

from __future__ import annotations

import io
import os
import tempfile
import threading

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QThreadPool
from PySide6.QtWidgets import QApplication, QFileDialog

from dhrdesk.core import model as m
from dhrdesk.ui.pages.review.documents import (
    DocumentRequest,
    DocumentsTab,
)
from dhrdesk.ui.workers import TaskRunner
from tests.ui.contexts import new_host, page_context, pool_runner


@pytest.fixture
def threads() -> list[str]:
    return []


@pytest.fixture
def context(store, qtbot, threads):  # noqa: ANN001
    """A page context whose background work really runs in the thread pool."""
    host = new_host(qtbot)
    runner = TaskRunner(host)

    def record() -> None:
        threads.append(threading.current_thread().name)

    yield page_context(store, host, run_in_background=pool_runner(host, runner, record))
    runner.wait_for_all()
    QApplication.processEvents()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def review_id(store) -> int:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/07", "Death of Adult A, March 2025")
    store.repos.records.save(m.Subject(review_id, "victim", "Adult A", sort=1))
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    return review_id


def make_tab(qtbot, context, review_id: int) -> DocumentsTab:  # noqa: ANN001
    tab = DocumentsTab(context, review_id)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    return tab


def test_restricted_overview_preview_in_background_and_pdf_export(
    context, qtbot, review_id, tmp_path, threads, messages, monkeypatch
):  # noqa: ANN001
    tab = make_tab(qtbot, context, review_id)
    assert tab.request() == DocumentRequest("overview", "restricted", "OFFICIAL-SENSITIVE")
    tab.marking_edit.setText("Restricted until publication")
    assert tab.generate_preview()
    assert tab.busy and tab.progress.isVisibleTo(tab) and not tab.generate_button.isEnabled()
    qtbot.waitUntil(lambda: tab.preview.page_count() > 0, timeout=20_000)
    assert threads and threads[0] != threading.current_thread().name  # off the GUI thread
    assert not tab.busy and not tab.progress.isVisibleTo(tab)
    assert tab.preview.page_label.text() == f"Page 1 of {tab.preview.page_count()}"
    text = pdf_text(tab.preview_bytes())
    assert "DHR 2025/07" in text
    assert "Restricted until publication" in text

    # zoom and page controls act on the view
    tab.preview.zoom_in()
    assert tab.preview.zoom_label.text().endswith("%")
    assert not tab.preview.fit_button.isChecked()
    tab.preview.fit_width()
    assert tab.preview.zoom_label.text() == "" and tab.preview.fit_button.isChecked()
    if tab.preview.page_count() > 1:
        tab.preview.next_page()
        assert tab.preview.page_label.text().startswith("Page 2 of")

    # export through the (non-native) file dialog; the suffix is added when missing
    folder = tmp_path / "out"
    folder.mkdir()
    chosen = folder / "overview export"
    seen: dict = {}

    def fake_save(parent, title, directory, filter_text, options=None):  # noqa: ANN001, ANN202
        seen["options"], seen["directory"] = options, directory
        return str(chosen), filter_text

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    tab.export_pdf_dialog()
    assert seen["options"] == QFileDialog.Option.DontUseNativeDialog
    assert seen["directory"].endswith("DHR-2025-07-Overview-report-restricted.pdf")
    out = folder / "overview export.pdf"
    qtbot.waitUntil(lambda: out.exists() and not tab.busy, timeout=20_000)
    exported = out.read_bytes()
    assert "DHR 2025/07" in pdf_text(exported)
    assert [p.name for p in folder.iterdir()] == ["overview export.pdf"]  # no .part left
    assert "Exported to" in tab.status_label.text()
    assert messages.shown == []


def test_publication_export_goes_through_the_gate(
    context, qtbot, review_id, tmp_path, messages, monkeypatch
):  # noqa: ANN001
    """Blocked: nothing written, the findings shown in the tab. Clean: the written file carries
    the pseudonym, never the real name."""
    from dhrdesk.core.richtext import paragraph

    store = context.store
    store.repos.records.save(
        m.RegisterEntry(review_id, "full_name", "Siobhán O'Neill-Nowak", "Adult A", None, ["Shiv"])
    )
    section = store.repos.drafting.section(review_id, "overview", "background")
    section.content = [
        paragraph("Siobhán O'Neill-Nowak, known as Shiv, moved to Northmoor in 2019."),
        paragraph("Her mobile was 07700 900123."),
    ]
    store.repos.drafting.save_section(section)

    tab = make_tab(qtbot, context, review_id)
    tab.publication_radio.setChecked(True)
    assert not tab.marking_edit.isEnabled()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "published.pdf"
    tab.export_pdf(target)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert not target.exists() and list(folder.iterdir()) == []
    assert "Publication blocked" in tab.error_label.text()
    assert messages.shown == []  # shown in the tab, never as a traceback

    section.content = section.content[:1]
    store.repos.drafting.save_section(section)
    tab.error_label.clear_error()
    tab.export_pdf(target)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    text = pdf_text(target.read_bytes())
    assert "Adult A" in text and "Siobhán" not in text and "Shiv" not in text
    assert store.repos.publication.history(review_id)[-1]["filename"] == "published.pdf"


def test_options_follow_the_document(context, qtbot, review_id):  # noqa: ANN001
    tab = make_tab(qtbot, context, review_id)
    tab.show()
    tab.set_document("imr")
    assert tab.agency_combo.isVisibleTo(tab) and not tab.by_theme.isVisibleTo(tab)
    request = tab.request()
    assert (request.document, request.agency) == ("imr", "Northmoor Police")
    assert request.agency_id is not None
    tab.set_document("action-plan")
    tab.by_theme.setChecked(True)
    assert tab.request().group_by_theme and tab.request().agency_id is None
    tab.set_document("chronology")
    assert tab.request().key_events_only
    tab.all_rows.setChecked(True)
    assert not tab.request().key_events_only
    assert tab.export_docx_button.isEnabled()


def test_no_preview_file_is_left_after_the_tab_is_destroyed(
    context, qtbot, review_id, tmp_path, monkeypatch
):  # noqa: ANN001
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    tab = DocumentsTab(context, review_id)
    tab.generate_preview()
    qtbot.waitUntil(lambda: tab.preview.page_count() > 0, timeout=20_000)
    scratch = tab.scratch.folder()  # the fallback folder is private
    assert oct(os.stat(scratch).st_mode & 0o777) == "0o700"
    (scratch / "page.pdf").write_bytes(tab.preview_bytes())
    destroyed: list = []
    tab.destroyed.connect(lambda *_: destroyed.append(True))
    tab.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5_000)
    QApplication.processEvents()
    assert list(private_tmp.iterdir()) == []


def test_task_ending_after_the_tab_closed_is_ignored(context, qtbot, review_id):  # noqa: ANN001
    """Locking destroys the tab while a preview is being built: the late result is dropped
    (pytest-qt fails this test if the callback raises, e.g. on a deleted widget)."""
    tab = DocumentsTab(context, review_id)
    assert tab.generate_preview()
    destroyed: list = []
    tab.destroyed.connect(lambda *_: destroyed.append(True))
    tab.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert destroyed
    assert QThreadPool.globalInstance().waitForDone(20_000)
    qtbot.wait(100)


# ------------------------------------------------------------------- end to end
EDITED = "Zoë Okafor's sister described the control of Adult A's wages in detail."


def test_edit_a_section_freeze_a_draft_and_generate_the_pdf(unlocked, qtbot, messages):  # noqa: ANN001
    """The issue's GUI test: type into a section in the Drafting tab, freeze a draft in the
    Drafts tab, generate the overview in the Documents tab, and find the text in the PDF."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtTest import QTest

    window = unlocked.main_window
    store = window.store
    review_id = store.repos.reviews.create("DHR E2E/1", "")
    store.repos.records.save(m.Subject(review_id, "victim", "Adult A", sort=1))
    workspace = window.open_review(review_id, "Drafting")
    drafting = workspace.tab("Drafting")
    assert drafting.select_section("overview")

    editor = drafting.editor.text
    editor.setFocus()
    for char in EDITED:  # key events with text (QTest.keyClicks only knows ASCII)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert drafting.dirty

    drafts = workspace.tab("Drafts and comments")
    draft = drafts.freeze("First full draft for the panel")  # saves pending edits first
    assert draft is not None and draft.version == "0.1"
    assert not drafting.dirty
    stored = store.repos.drafting.section(review_id, "overview", "overview")
    assert EDITED in str(stored.content)
    assert EDITED in str(store.repos.drafting.draft(draft.id).snapshot)

    assert workspace.show_tab("Documents")
    documents = workspace.tab("Documents")
    documents.set_document("overview")
    assert documents.generate_preview()
    qtbot.waitUntil(lambda: documents.preview.page_count() > 0, timeout=30_000)
    text = " ".join(pdf_text(documents.preview_bytes()).split())
    assert EDITED in text
    assert "DHR E2E/1" in text
    assert messages.texts("warning") == []


def test_consistency_check_lists_disagreements(context, qtbot, review_id, monkeypatch):  # noqa: ANN001
    tab = make_tab(qtbot, context, review_id)
    assert tab.consistency_button.isEnabled()
    assert tab.check_consistency()
    qtbot.waitUntil(lambda: not tab.busy, timeout=20_000)
    assert tab.consistency_list.item(0).text().startswith("✓")  # a fresh review agrees

    monkeypatch.setattr(
        tab.presenter,
        "consistency_lines",
        lambda: ["Date of death: the overview says March 2025, the summary April"],
    )
    tab.check_consistency()
    qtbot.waitUntil(lambda: not tab.busy, timeout=20_000)
    items = [tab.consistency_list.item(i).text() for i in range(tab.consistency_list.count())]
    assert items == [
        "1 disagreement:",
        "⚠ Date of death: the overview says March 2025, the summary April",
    ]
