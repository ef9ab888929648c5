"""Agencies presenter: list texts and status, suggested due date, reminders, the quality
checklist's check and write, and the receipt log."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.presenters.agencies import (
    IMR_RETURN_WEEKS,
    ROW_EXCLUDED,
    ROW_OVERDUE,
    AgenciesPresenter,
    chases_text,
    received_when,
)

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def presenter(store) -> AgenciesPresenter:
    review_id = store.repos.reviews.create("DHR 2026/08", "Adult Q (fictional)")
    for name, in_scope in [("Northvale Police", True), ("Job Centre", False), ("Ash GP", True)]:
        store.repos.records.save(
            m.Agency(review_id, name, in_scope=in_scope, exclusion_reason="No contact")
        )
    presenter = AgenciesPresenter(store, review_id, TODAY)
    police = next(a for a in presenter.agencies() if a.name == "Northvale Police")
    presenter.save_request(
        m.AgencyRequest(police.id, requested_on=dt.date(2026, 1, 10), due_on=dt.date(2026, 3, 17))
    )
    return presenter


def test_list_texts(presenter) -> None:
    agencies = presenter.agencies()
    assert [a.name for a in agencies] == ["Ash GP", "Northvale Police", "Job Centre"]
    gp, police, job_centre = agencies
    assert presenter.status(police) == ("Overdue by 3 days", True)
    assert presenter.row_state(police) == ROW_OVERDUE
    assert presenter.row_state(job_centre) == ROW_EXCLUDED and presenter.row_state(gp) is None
    assert presenter.type_text(police) == "IMR" and presenter.type_text(gp) == ""
    assert presenter.type_text(job_centre) == "Excluded"
    assert presenter.due_text(police) == "17 Mar 2026" and presenter.chases_count(police) == ""
    assert presenter.subheading(job_centre) == "excluded: No contact"


def test_due_date_suggested_and_reminders(presenter, store) -> None:
    due, hint = presenter.suggest_due(dt.date(2026, 3, 2))
    assert due == dt.date(2026, 3, 2) + dt.timedelta(weeks=IMR_RETURN_WEEKS)
    assert hint.startswith(f"Suggested: {IMR_RETURN_WEEKS} weeks after the request.")
    police = presenter.agencies()[1]
    request = presenter.add_chase(police.id, dt.date(2026, 3, 18))
    assert request.chases == ["2026-03-18"]
    assert chases_text(request) == "1 reminder: 18 Mar 2026"
    assert chases_text(m.AgencyRequest(police.id)) == "None sent"
    assert presenter.chases_count(police) == "1"
    # A due date before the request is refused by the repository and changes nothing.
    bad = m.AgencyRequest(police.id, requested_on=TODAY, due_on=TODAY - dt.timedelta(days=9))
    with pytest.raises(ValidationError):
        presenter.save_request(bad)
    assert store.repos.agency_input.request(police.id).due_on == dt.date(2026, 3, 17)


def test_quality_needs_a_note_and_lists_gaps(presenter, store) -> None:
    police = presenter.agencies()[1]
    values = [("independence", "met", ""), ("equality_diversity", "not_met", "  ")]
    item, message = presenter.check_quality(values)
    assert item == "equality_diversity" and "say what is missing" in message
    with pytest.raises(ValidationError, match="say what is missing"):
        presenter.save_quality(police.id, values)
    assert all(q.score == "" for q in store.repos.agency_input.quality(police.id).values())
    values[1] = ("equality_diversity", "not_met", "Blank for Adult Q's disability.")
    assert presenter.save_quality(police.id, values)
    assert presenter.quality(police.id)["independence"].score == "met"
    gaps = presenter.gaps(police.id)
    assert "Blank for Adult Q's disability." in gaps and gaps.startswith("• ")


def test_receipts(presenter, store) -> None:
    police = presenter.agencies()[1]
    store.repos.agency_input.add_attachment(
        presenter.review_id,
        "police.csv",
        b"Date,Source\n",
        "chronology_import",
        agency_id=police.id,
    )
    (row,) = presenter.receipts(police.id)
    assert row.cells[0] == "police.csv" and row.cells[1].endswith("…")
    assert "SHA-256" in row.tooltip and "12 bytes" in row.tooltip
    assert presenter.receipts(presenter.agencies()[0].id) == []
    assert received_when("not a time") == "not a time"
    assert received_when("2026-11-26T05:18:00+00:00").count(" ") == 3
