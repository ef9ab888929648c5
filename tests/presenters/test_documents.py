"""Documents presenter: choices, request checks, builds and exports, without a window."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk.core import model as m
from dhrdesk.core.errors import PublicationBlockedError
from dhrdesk.ui.presenters.documents import (
    LETTER,
    PUBLICATION,
    DocumentRequest,
    DocumentsPresenter,
    consistency_rows,
    with_suffix,
)


@pytest.fixture
def presenter(store) -> DocumentsPresenter:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/07", "Death of Adult A, March 2025")
    store.repos.records.save(m.Subject(review_id, "victim", "Adult A", sort=1))
    store.repos.records.save(m.Agency(review_id, "Northmoor Police"))
    return DocumentsPresenter(store, review_id)


def test_load_lists_agencies_and_letters(presenter: DocumentsPresenter) -> None:
    choices = presenter.load()
    assert choices.reference == "DHR 2025/07"
    assert [name for name, _id in choices.agencies] == ["Northmoor Police"]
    assert ("Letter to the Home Office", "home-office-notification") in choices.letters


def test_imr_without_agency_is_refused_with_a_message(presenter: DocumentsPresenter) -> None:
    assert presenter.check_request(DocumentRequest("imr")) == (
        "Choose the agency whose IMR to generate."
    )
    assert presenter.check_request(DocumentRequest("overview")) is None


def test_restricted_pdf_export_is_written_and_read_back(presenter, tmp_path) -> None:  # noqa: ANN001
    request = DocumentRequest("overview", marking="Restricted until publication")
    out = tmp_path / "out"
    out.mkdir()
    path = presenter.export(request, out / "overview.pdf", "pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "DHR 2025/07" in text and "Restricted until publication" in text
    assert [p.name for p in out.iterdir()] == ["overview.pdf"]


def test_docx_export_is_a_word_file(presenter, tmp_path) -> None:  # noqa: ANN001
    path = presenter.export(DocumentRequest("overview"), tmp_path / "o.docx", "docx")
    assert path.read_bytes()[:2] == b"PK"


def test_a_letter_is_built_and_never_published(presenter, tmp_path) -> None:  # noqa: ANN001
    letter = DocumentRequest(LETTER, letter="home-office-notification")
    out = tmp_path / "out"
    out.mkdir()
    assert presenter.pdf_bytes(letter)[:5] == b"%PDF-"
    with pytest.raises(PublicationBlockedError):
        presenter.export(
            DocumentRequest(LETTER, PUBLICATION, letter="home-office-notification"),
            out / "letter.pdf",
            "pdf",
        )
    assert list(out.iterdir()) == []


def test_consistency_of_a_fresh_review(presenter: DocumentsPresenter) -> None:
    assert consistency_rows(presenter.consistency_lines())[0].startswith("✓")
    assert consistency_rows(["a", "b"]) == ["2 disagreements:", "⚠ a", "⚠ b"]


def test_file_names() -> None:
    request = DocumentRequest("overview")
    assert request.file_stem("DHR 2025/07") == "DHR-2025-07-Overview-report-restricted"
    assert with_suffix(Path("x/report"), ".pdf").name == "report.pdf"
