"""Agency requests, IMR content and quality, chronology rows and attachments in the store."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.store import Store

D = dt.date


@pytest.fixture
def review(store: Store) -> tuple[int, int, int]:
    review_id = store.repos.reviews.create("DHR 2026/03", month_of_death="2026-03")
    police = store.repos.agency_input.ensure_agency(review_id, "Northmoor Police")
    gp = store.repos.agency_input.ensure_agency(review_id, "Riverside GP Practice")
    return review_id, police.id, gp.id


def test_request_tracking_and_overdue_returns(store: Store, review) -> None:
    review_id, police, gp = review
    repo = store.repos.agency_input
    assert repo.ensure_agency(review_id, "  northmoor   police ").id == police
    req = repo.request(police)
    req.requested_on, req.due_on = D(2026, 5, 1), D(2026, 6, 1)
    repo.save_request(req)
    repo.add_chase(police, D(2026, 6, 8))
    assert repo.request(police).chases == ["2026-06-08"]
    overdue = repo.overdue_returns(review_id, D(2026, 6, 10))
    assert [(a.id, s) for a, s in overdue] == [(police, "Overdue by 9 days")]
    row = store.repos.reviews.dashboard(D(2026, 6, 10))[0]
    assert row.overdue_returns == 1
    assert any(o.label.startswith("Return overdue: Northmoor Police") for o in row.overdue)
    req = repo.request(police)
    req.received_on = D(2026, 6, 9)
    repo.save_request(req)
    assert repo.overdue_returns(review_id, D(2026, 6, 10)) == []
    bad = repo.request(gp)
    bad.accepted_on = D(2026, 6, 1)
    with pytest.raises(ValidationError, match="received before it is accepted"):
        repo.save_request(bad)


def test_imr_sections_analysis_and_quality_gaps(store: Store, review) -> None:
    review_id, police, _ = review
    repo = store.repos.agency_input
    repo.save_imr_section(police, "methodology", "Records read: PNC, STORM logs.")
    assert repo.imr_sections(police) == {"methodology": "Records read: PNC, STORM logs."}
    with pytest.raises(ValidationError):
        repo.save_imr_section(police, "nonsense", "x")
    line = m.LineOfEnquiry(review_id=review_id, text="Risk assessment")
    store.repos.records.save(line)
    repo.save_imr_analysis(police, line.id, "DASH completed twice.")
    assert repo.imr_analysis(police) == {line.id: "DASH completed twice."}
    repo.save_quality(police, "independence", "met")
    with pytest.raises(ValidationError, match="chase letter"):
        repo.save_quality(police, "equality_diversity", "not_met")
    repo.save_quality(police, "equality_diversity", "not_met", "No mention of language needs.")
    gaps = repo.quality_gaps(police)
    assert "Equality and diversity addressed: No mention of language needs." in gaps
    assert not any(g.startswith("Author independence") for g in gaps)
    assert len(gaps) == 4


def test_chronology_rows_bulk_all_or_nothing_and_replay(store: Store, review) -> None:
    review_id, police, gp = review
    repo = store.repos.agency_input
    good = m.ChronologyEntry(
        review_id, police, "2021-05-04", "STORM log", "Call", external_key="k1"
    )
    bad = m.ChronologyEntry(review_id, police, "2021-05", "", "No source")
    with pytest.raises(ValidationError, match="source"):
        repo.add_entries([good, bad])
    assert repo.entries(review_id) == []
    repo.add_entries([good])
    again = m.ChronologyEntry(
        review_id, police, "2021-05-04", "STORM log", "Call (amended)", external_key="k1"
    )
    repo.add_entries([again])
    rows = repo.entries(review_id)
    assert len(rows) == 1 and rows[0].event == "Call (amended)"
    other = m.ChronologyEntry(review_id, gp, "2021-05-04", "GP notes", "Call", external_key="k1")
    repo.add_entries([other])
    assert len(repo.entries(review_id)) == 2
    combined = repo.combined(review_id)
    assert [r.agency for r in combined] == ["Northmoor Police", "Riverside GP Practice"]
    repo.merge_duplicate(rows[0].id, other.id)
    assert len(repo.combined(review_id)) == 1
    repo.unmerge(other.id)
    assert len(repo.combined(review_id)) == 2


def test_attachments_keep_content_encrypted_with_hash(store: Store, store_path, review) -> None:
    review_id, police, _ = review
    content = b"Date,Source,Event\n04/05/2021,STORM,UNIQUE-ATTACHMENT-MARKER\n"
    att = store.repos.agency_input.add_attachment(
        review_id, "police.csv", content, "chronology_import", agency_id=police
    )
    assert att.sha256 == hashlib.sha256(content).hexdigest()
    assert store.repos.agency_input.attachment_content(att.id) == content
    listed = store.repos.agency_input.attachments(review_id)
    assert [(a.filename, a.received_by) for a in listed] == [("police.csv", "Test Chair")]
    store.close()
    assert b"UNIQUE-ATTACHMENT-MARKER" not in store_path.read_bytes()
