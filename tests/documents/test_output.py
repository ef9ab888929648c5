"""Atomic writes: a failed generation never damages the file that was there before."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.files import FileWriteError, write_atomic
from dhrdesk.core.resources import required_resource as resource_path
from dhrdesk.documents import DocumentError, write_pdf
from dhrdesk.documents.model import Document, Paragraph, Section, Table

OLD = b"%PDF-1.4 yesterday's version, sent to the panel\n"


def _doc(sections: list[Section]) -> Document:
    return Document(
        title="Domestic Homicide Review – Overview Report into the death of Adult A",
        kind="overview",
        review_type="Domestic Homicide Review",
        reference="DHR 1",
        subject_pseudonym="Adult A",
        csp="CSP",
        month_year_of_death="March 2026",
        chair="Chair",
        version="0.1",
        date=dt.date(2026, 3, 6),
        marking="OFFICIAL-SENSITIVE",
        sections=sections,
    )


def test_failed_rendering_leaves_existing_file_identical_and_no_temp(tmp_path: Path):
    target = tmp_path / "overview.pdf"
    target.write_bytes(OLD)
    # A table row cannot split across pages: one cell taller than a page cannot be laid out.
    giant = Table(["Agency", "Contact"], [["Police", "word " * 6000]])
    with pytest.raises(DocumentError) as info:
        write_pdf(_doc([Section(1, "Chronology", [giant])]), target)
    assert "could not be laid out" in info.value.message
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overview.pdf"]


def test_successful_write_replaces_the_file(tmp_path: Path):
    target = tmp_path / "overview.pdf"
    target.write_bytes(OLD)
    write_pdf(_doc([Section(1, "Introduction", [Paragraph("Text.")])]), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.read_bytes() != OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overview.pdf"]
    assert (target.stat().st_mode & 0o777) == 0o600


def test_failed_rename_removes_temp_and_keeps_old_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "overview.pdf"
    target.write_bytes(OLD)

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FileWriteError) as info:
        write_atomic(target, b"new", "document")
    assert "No space left on device" in info.value.message
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["overview.pdf"]


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(FileWriteError) as info:
        write_pdf(
            _doc([Section(1, "Introduction", [Paragraph("Text.")])]), tmp_path / "nope" / "x.pdf"
        )
    assert "does not exist" in info.value.message


def test_a_document_error_is_the_one_file_write_error():
    assert issubclass(DocumentError, FileWriteError)


def test_resources_found_in_source_tree_and_in_a_bundle(tmp_path: Path, monkeypatch):
    assert resource_path("fonts", "DejaVuSans.ttf").stat().st_size > 100_000
    assert "Bitstream" in resource_path("fonts", "LICENSE-DejaVu.txt").read_text()
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "fonts").mkdir(parents=True)
    (bundle / "resources" / "fonts" / "DejaVuSans.ttf").write_bytes(b"bundled")
    monkeypatch.setattr("sys._MEIPASS", str(bundle), raising=False)
    assert resource_path("fonts", "DejaVuSans.ttf").read_bytes() == b"bundled"
    with pytest.raises(DhrDeskError) as info:
        resource_path("fonts", "Missing.ttf")
    assert "reinstall" in info.value.hint
