"""Agency workspace presenter: the request's texts, the IMR texts saved in one write, the
rows, and the response package's file name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.exchange import package as pkg
from dhrdesk.exchange import package_crypto as crypto
from dhrdesk.ui.presenters.package_workspace import (
    PackageWorkspacePresenter,
    RowFieldError,
    read_row,
    row_cells,
)
from tests.exchange.test_package import (
    PACKAGE_PASS,
    POLICE,
    REF,
    WORKSPACE_PASS,
    build_chair_review,
)


@pytest.fixture
def presenter(store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(crypto, "KDF_LOG2_N", 12)
    build_chair_review(store)
    content = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    ws = pkg.open_request(content, PACKAGE_PASS, tmp_path / "ws.dhrdesk", WORKSPACE_PASS, "RA")
    yield PackageWorkspacePresenter(ws)
    ws.close()


def test_request_texts(presenter) -> None:
    assert "Due on 1 October 2025" in presenter.summary_html()
    assert POLICE in presenter.summary_html()
    assert "Adult K (" in presenter.people_text()
    assert {s.key for s in presenter.sections()} >= {"summary_of_involvement", "lessons"}
    assert presenter.analysis()[0].label.startswith("<b>1.</b> ")


def test_save_all_rows_and_export_name(presenter) -> None:
    line = presenter.analysis()[0]
    author = {"author_name": "Inspector R. Ashdown", "signoff_on": dt.date(2025, 9, 1)}
    assert presenter.save_all(
        author, {"summary_of_involvement": "Officers attended twice."}, {line.line_id: "No DASH."}
    )
    assert presenter.request().author_name == "Inspector R. Ashdown"
    assert {s.key: s.text for s in presenter.sections()}["summary_of_involvement"] == (
        "Officers attended twice."
    )
    assert presenter.analysis()[0].text == "No DASH."
    row = m.ChronologyEntry(0, 0, "2024-03", "Command log", "Call about threats")
    entry_id = presenter.save_row(row)
    (saved,) = presenter.rows()
    assert saved.id == entry_id and saved.external_key
    assert row_cells(saved)[:3] == ("March 2024", "", "Command log")
    assert presenter.delete_row(entry_id) and presenter.rows() == []
    assert presenter.export_target("/tmp/answer") == Path("/tmp/answer.dhrpkg")
    assert presenter.export_target("/tmp/answer.dhrpkg") == Path("/tmp/answer.dhrpkg")
    assert presenter.export_default().name == f"IMR response - {POLICE}.dhrpkg"
    assert presenter.saved_text(dt.datetime(2026, 1, 2, 9, 5)) == "Saved at 09:05."


def test_read_row_names_the_field_at_fault() -> None:
    def read(**typed: str) -> m.ChronologyEntry:
        values = {"date": "4/3/2024", "time": "", "source": "Log", "event": "Call"}
        values.update(typed)
        return read_row(
            m.ChronologyEntry(0, 0, "", ""), action="", comment="", subject_ids=[2], **values
        )

    entry = read(date="4/3/2024 21:40", source="  Command log ")
    assert (entry.date, entry.time, entry.source, entry.subject_ids) == (
        "2024-03-04",
        "21:40",
        "Command log",
        [2],
    )
    assert read(date="March 2024").date == "2024-03"
    for typed, field, words in [
        ({"date": "31/02/2024"}, "date", "February 2024 has 29 days"),
        ({"date": "March 2024", "time": "10:00"}, "time", "needs a full date"),
        ({"time": "25:61"}, "time", "25:61"),
        ({"source": " "}, "source", "source of information"),
    ]:
        with pytest.raises(RowFieldError, match=words) as caught:
            read(**typed)
        assert caught.value.field == field
    with pytest.raises(ValidationError, match="Say what happened"):
        read(event="")
