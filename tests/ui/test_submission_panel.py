"""Documents tab, Home Office submission: the readiness check listed with a word (never
colour alone), the pack refused with the checks shown and nothing written, then written
once the chair types a justification, which the cover note prints."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from dhrdesk.core.profiles import get_profile
from tests.documents import fixture_review as fx
from tests.ui.test_documents_tab import context, make_tab, threads  # noqa: F401 - fixtures

JUSTIFICATION = (
    "The trial ended last week and the family asked that the review go to the Board now; "
    "the outstanding reports follow with the Board's feedback."
)


def _complete(store, rid: int) -> None:  # noqa: ANN001
    profile = get_profile("dhr-2016")
    text = (
        "Age, sex, race, religion, disability and pregnancy were each considered, with "
        "marriage and sexual orientation; the panel found no barrier."
    )
    for document, specs in (
        ("overview", profile.overview_sections),
        ("executive_summary", profile.executive_summary_sections),
    ):
        for spec in specs:
            section = store.repos.drafting.section(rid, document, spec.id)
            if not section.content:
                section.content = [fx.para(text)]
                store.repos.drafting.save_section(section)


def test_readiness_then_pack_refused_then_justified(context, qtbot, tmp_path, monkeypatch):  # noqa: ANN001, F811
    store = context.store
    rid = fx.populate(store)
    tab = make_tab(qtbot, context, rid)

    qtbot.mouseClick(tab.readiness_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and len(tab.readiness_rows()) > 3, timeout=30_000)
    rows = tab.readiness_rows()
    assert any(r.startswith("✗ Not met: Pre-flight") for r in rows)
    assert any(r.startswith("✓ Met: Readiness") for r in rows)
    assert "not met" in tab.status_label.text()

    # with the gaps in the documents, the pack is refused whatever the justification
    folder = tmp_path / "pack"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    qtbot.keyClicks(tab.justification_edit, JUSTIFICATION)
    qtbot.mouseClick(tab.submission_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=30_000)
    assert "gaps" in tab.error_label.text()
    assert list(folder.iterdir()) == []

    # every section written: only readiness checks fail, and the justification lets it through
    _complete(store, rid)
    tab.justification_edit.clear()
    qtbot.mouseClick(tab.submission_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=60_000)
    assert "readiness check" in tab.error_label.text()
    assert any(r.startswith("✗ Not met") for r in tab.readiness_rows())
    assert list(folder.iterdir()) == []

    qtbot.keyClicks(tab.justification_edit, JUSTIFICATION)
    qtbot.mouseClick(tab.submission_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=90_000)
    assert "Submission pack written" in tab.status_label.text()
    pack = folder / "DHR-2024-07 submission pack"  # the pack appears whole, in its own folder
    assert [p.name for p in folder.iterdir()] == [pack.name]
    cover = pack / "DHR-2024-07-submission-cover-note.pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(cover.read_bytes())).pages).split()
    )
    assert " ".join(JUSTIFICATION.split()) in text
    assert (pack / "DHR-2024-07-overview.docx").exists()
