"""The Action plans presenter without a window: choices, filters, wording, writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dhrdesk.core.errors import InputFileError
from dhrdesk.ui.presenters import monitoring as p
from tests.store.test_monitoring import POLICE, TODAY, seed


def _kept(data: p.MonitoringData, filters) -> list[str]:
    return [a.text for a in data.actions if filters.accepts(a, TODAY)]


def test_load_gives_actions_and_filter_choices(store) -> None:
    seeded = seed(store)
    data = p.MonitoringPresenter(store).load()
    assert len(data.actions) == 7
    assert POLICE in [value for _, value in data.agencies]
    assert sorted(value for _, value in data.reviews) == sorted(seeded.reviews.values())
    references = [text for text, _ in data.reviews]
    assert references == sorted(references)
    assert "housing" in [value for _, value in data.themes]
    assert data.statuses[0] == ("Open", "open")


def test_filters_as_chosen(store) -> None:
    seeded = seed(store)
    data = p.MonitoringPresenter(store).load()
    assert len(_kept(data, p.make_filters(POLICE, None, None, False, None))) == 3
    assert _kept(data, p.make_filters(POLICE, None, None, True, None)) == [
        "Deliver routine-enquiry training to response officers."
    ]
    only_open = p.make_filters(None, seeded.reviews["r2"], None, False, "open")
    assert _kept(data, only_open) == ["Carers' assessment prompt in the trust's records."]
    assert p.count_text(2, data.actions, TODAY) == "2 of 7 actions shown · 2 overdue"


def test_wording_and_sorting() -> None:
    assert p.date_text(dt.date(2026, 3, 4)) == "04/03/2026"
    assert p.date_text(None) == ""
    quarters = p.quarter_choices(dt.date(2026, 2, 10))
    assert len(quarters) == 8
    assert quarters[0].code.startswith("2026")
    assert all(
        later.previous() == earlier for later, earlier in zip(quarters, quarters[1:], strict=False)
    )


def test_record_update_with_evidence_and_refusals(store, tmp_path: Path) -> None:
    seeded = seed(store)
    presenter = p.MonitoringPresenter(store)
    aid = seeded.actions["a2"]
    missing = tmp_path / "missing.pdf"
    with pytest.raises(InputFileError, match="cannot be read"):
        presenter.record_update(aid, TODAY, "in_progress", "Started.", missing)
    assert store.repos.monitoring.updates(aid) == []
    evidence = tmp_path / "minutes.txt"
    evidence.write_text("Training delivered.", encoding="utf-8")
    presenter.record_update(aid, TODAY, "in_progress", "Started.", evidence)
    (update,) = store.repos.monitoring.updates(aid)
    assert update.text == "Started."
    action = next(a for a in presenter.load().actions if a.action_id == aid)
    assert p.latest_text(action).endswith(": Started.")
    assert "minutes.txt" in action.evidence


def test_export_sheet_is_written_atomically_and_reads_back(store, tmp_path: Path) -> None:
    seed(store)
    presenter = p.MonitoringPresenter(store)
    folder = tmp_path / "sheets"
    folder.mkdir()
    path = presenter.export_sheet(POLICE, folder / "police.xlsx")
    assert path.read_bytes()[:2] == b"PK"
    preview = presenter.read_sheet(POLICE, path)
    assert not preview.changes  # nothing filled in yet
    assert [f.name for f in folder.iterdir()] == ["police.xlsx"]  # no temporary left
