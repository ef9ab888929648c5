"""Export and import of a review file from the Reviews page: the plaintext warning, an
existing reference replaced or imported as new only when the chair says so, a bad file
changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dhrdesk.core import model as m
from dhrdesk.store import Store
from dhrdesk.ui.pages.reviews import ReviewsPage
from tests.ui.contexts import new_host, page_context


@pytest.fixture
def page(store: Store, qtbot, messages) -> ReviewsPage:  # noqa: ANN001
    context = page_context(store, new_host(qtbot), run_in_background=lambda *a, **k: None)
    page = ReviewsPage(context)
    qtbot.addWidget(page)
    return page


def _select(page: ReviewsPage, reference: str) -> None:
    page.refresh()
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data() == reference:
            page.table.selectRow(row)
            return
    raise AssertionError(reference)


def test_export_warns_then_import_asks_about_an_existing_reference(
    page: ReviewsPage,
    store: Store,
    tmp_path: Path,
    messages,
    monkeypatch,  # noqa: ANN001
) -> None:
    review_id = store.repos.reviews.create("DHR 2026/03", "Death of Adult A (fictional)")
    store.repos.records.save(
        m.RegisterEntry(review_id, "full_name", "Siobhán O'Neill-Nowak", "Adult A")
    )
    _select(page, "DHR 2026/03")
    target = tmp_path / "review.json"
    # The plaintext warning comes first; cancelling it writes nothing.
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)
    )
    assert page.export_selected(target) is None and not target.exists()
    assert page.export_selected(target, confirmed=True) == target
    assert json.loads(target.read_text())["review"]["reference"] == "DHR 2026/03"

    # Same reference: cancelled -> nothing; as new -> a second review; replace -> one again.
    monkeypatch.setattr(page, "ask_existing", lambda reference: None)
    assert page.import_file(target) is None
    assert len(store.repos.reviews.list()) == 1
    monkeypatch.setattr(page, "ask_existing", lambda reference: ("as_new", "DHR 2026/99"))
    assert page.import_file(target) == "DHR 2026/99"
    assert [r.reference for r in store.repos.reviews.list()] == ["DHR 2026/03", "DHR 2026/99"]
    monkeypatch.setattr(page, "ask_existing", lambda reference: ("replace", None))
    assert page.import_file(target) == "DHR 2026/03"
    assert page.proxy.rowCount() == 2


def test_a_bad_file_is_a_message_and_changes_nothing(
    page: ReviewsPage,
    store: Store,
    tmp_path: Path,
    messages,  # noqa: ANN001
) -> None:
    store.repos.reviews.create("DHR 2026/03", "Kept")
    before = len(store.audit_entries())
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dhrdesk-review", "version": 2, "review": {"reference": ')
    assert page.import_file(bad) is None
    assert any("line" in text for text in messages.texts("warning"))
    assert len(store.audit_entries()) == before
