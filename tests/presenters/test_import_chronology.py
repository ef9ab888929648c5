"""Chronology import presenter: read, mapping states, preview lines, counts and buttons,
the import (all or nothing), and a cancelled import that changes nothing."""

from __future__ import annotations

import pytest

from dhrdesk.core.errors import InputFileError
from dhrdesk.exchange import chronology_import as ci
from dhrdesk.ui.presenters import import_chronology as ip
from dhrdesk.ui.presenters.import_chronology import ImportChronologyPresenter

CSV = (
    "Date of contact,Time,Source of information,Details of contact,Outcome\n"
    "03/04/2019,10:30,GP record,Adult R seen about low mood,Referred\n"
    "March 2019,,Practice nurse notes,Blood pressure check,No further action\n"
    "31/02/2019,,GP record,Telephone consultation,Prescription issued\n"
)


@pytest.fixture
def presenter(store) -> ImportChronologyPresenter:
    review_id = store.repos.reviews.create("DHR 2026/09", "Adult R (fictional)")
    presenter = ImportChronologyPresenter(store, review_id, "Birch GP Practice")
    presenter.set_file("birch.csv", CSV.encode())
    return presenter


def _count(store) -> int:
    return store.query("SELECT COUNT(*) FROM chronology_entry")[0][0]


def test_read_map_preview_and_import_good_rows(presenter, store) -> None:
    raw = presenter.read()
    assert raw.headers[0] == "Date of contact" and not presenter.is_large()
    assert presenter.notes_text().startswith("Read 3 rows")
    mapping = dict(presenter.guess)
    states = presenter.field_states(mapping)
    assert states["date"].state == ip.FIELD_OK and states["date"].sample == "e.g. 03/04/2019"
    presenter.make_preview(mapping)
    assert presenter.is_previewed(mapping)
    lines = presenter.preview_lines(mapping)
    assert [line.cells[1] for line in lines] == ["3 April 2019", "March 2019", "31/02/2019"]
    assert lines[2].problems and not lines[0].problems
    assert presenter.counts() == ("2 rows ready to import · 1 with problems (in red)", True)
    buttons = presenter.buttons()
    assert not buttons.import_enabled and buttons.skip_offered
    assert buttons.skip_text == "Import the 2 good rows and skip 1"
    with pytest.raises(InputFileError):
        presenter.do_import(skip_errors=False)  # refused: rows with problems
    assert _count(store) == 0
    result = presenter.do_import(skip_errors=True)
    assert (result.added, result.skipped) == (2, 1) and _count(store) == 2
    assert presenter.done_text(result).startswith("Imported the chronology from birch.csv: ")


def test_missing_required_field(presenter) -> None:
    presenter.read()
    mapping = {**presenter.guess, "source": None}
    assert presenter.field_states(mapping)["source"].state == ip.FIELD_MISSING
    presenter.make_preview(mapping)
    assert "Source of information" in presenter.mapping_problems_text()
    buttons = presenter.buttons()
    assert not buttons.import_enabled and not buttons.skip_offered
    assert buttons.import_tip == "Choose a column for every required field first."


def test_cancelled_import_changes_nothing(presenter, store) -> None:
    rows = "".join(f"{1 + i % 28}/5/2019,,Log,Contact {i},None\n" for i in range(3000))
    presenter.set_file("big.csv", (CSV.splitlines()[0] + "\n" + rows).encode())
    presenter.read()
    presenter.make_preview(dict(presenter.guess))
    assert presenter.many_rows() and presenter.large_import()
    seen: list[tuple[str, int, int]] = []

    def report(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))
        if done >= 1000:
            work.cancel()

    work = ci.ImportProgress(report)
    with pytest.raises(ci.ImportCancelledError, match="nothing was changed"):
        presenter.do_import(skip_errors=False, progress=work)
    assert seen and _count(store) == 0
    assert store.repos.agency_input.attachments(presenter.review_id) == []
    assert presenter.agency_id() is None  # the new agency was rolled back too
    assert ip.progress_text("Importing", 500, 6000) == "Writing 500 of 3,000 rows…"
    assert ip.progress_text("Importing", 3500, 6000) == "Indexing 500 of 3,000 rows…"
    assert ip.progress_text("Checking rows", 10, 20) == "Checking 10 of 20 rows…"
    cancelled = ci.ImportCancelledError()
    assert ip.stopped_text(cancelled, "read").startswith("Reading the file was stopped")
    assert ip.stopped_text(cancelled, "import") is cancelled  # "nothing was changed"


def test_unreadable_file(presenter, tmp_path) -> None:
    with pytest.raises(InputFileError, match="could not be read"):
        ip.read_file(tmp_path / "missing.csv")
    presenter.set_file("broken.xlsx", b"PK\x03\x04 not a workbook")
    with pytest.raises(InputFileError):
        presenter.read()
    assert presenter.buttons().import_enabled is False
