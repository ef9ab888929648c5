"""The quarterly monitoring report: overdue list for a fixed today, actions closed in
the quarter, progress and themes, read back from the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk.core.errors import UsageError
from dhrdesk.core.monitoring import parse_quarter
from dhrdesk.documents.monitoring_report import (
    build_monitoring_report,
    render,
    write_monitoring_report,
)
from tests.store.test_monitoring import TODAY, seed


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_report_lists_overdue_and_closed_actions(store, tmp_path: Path) -> None:  # noqa: ANN001
    seed(store)
    out = write_monitoring_report(store, parse_quarter("2026Q4"), tmp_path / "q4.pdf", today=TODAY)
    text = _flat(_text(out.read_bytes()))
    assert text.count("OFFICIAL-SENSITIVE") >= 4  # header and footer of every page
    overdue = text[text.index("4 Overdue actions") : text.index("5 Actions closed")]
    overdue = overdue[overdue.index("Latest update") :]  # the table, not the heading line
    # exactly the two overdue actions, longest overdue first, with their days overdue
    assert "Carers' assessment prompt" in overdue and "138" in overdue
    assert "routine-enquiry training" in overdue and "45" in overdue
    assert overdue.index("Carers' assessment") < overdue.index("routine-enquiry")
    for not_overdue in ("Audit DASH", "disclosure flag", "flagging procedure", "Regional carers"):
        assert not_overdue not in overdue
    closed = text[text.index("5 Actions closed this quarter") : text.index("6 Themes of open")]
    assert "Brief housing officers." in closed and "20 October 2026" in closed
    assert "Regional carers" not in closed  # closed in August: another quarter
    assert "DHR 2025/01" in text and "EV/DHR/2026/02" in text  # references as stored


def test_document_model_figures(store) -> None:  # noqa: ANN001
    seed(store)
    document = build_monitoring_report(store, parse_quarter("2026Q4"), today=TODAY)
    by_agency = document.section("by-agency").blocks[0]
    rows = {row[0]: row for row in by_agency.rows}
    assert rows["Northmoor Police"][1] == "3" and rows["Northmoor Police"][-2] == "1"
    assert rows["Northmoor Homes"][-1] == "50%"
    rag = {row[0]: row[1] for row in document.section("summary").blocks[2].rows}
    assert rag == {"Red": "2", "Amber": "2", "Green": "1", "Done": "1", "Closed": "1"}
    themes = document.section("themes").blocks[0].rows
    assert themes[0][1] == "2"  # risk assessment / training / housing... each counted once
    closed_q3 = build_monitoring_report(store, parse_quarter("2026Q3"), today=TODAY)
    closed_rows = closed_q3.section("closed").blocks[0].rows
    assert [r[2] for r in closed_rows] == ["Regional carers' pathway."]


def test_report_format_from_name(store, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(UsageError):
        write_monitoring_report(store, parse_quarter("2026Q4"), tmp_path / "q4.txt")
    document = build_monitoring_report(store, parse_quarter("2026Q4"), today=TODAY)
    assert render(document, "pdf").startswith(b"%PDF")


def test_docx_says_the_same(store, tmp_path: Path) -> None:  # noqa: ANN001
    import docx

    seed(store)
    out = write_monitoring_report(store, parse_quarter("2026Q4"), tmp_path / "q4.docx", today=TODAY)
    document = docx.Document(str(out))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Carers' assessment prompt in the trust's records." in cells
    assert "Brief housing officers." in cells
    header = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header
