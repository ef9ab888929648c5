"""Running a review through the repositories: records, stages, ToR versions, dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.store import Store

D = dt.date


@pytest.fixture
def review_id(store: Store) -> int:
    return store.repos.reviews.create(
        "DHR 2026/03", "Adult A", csp="Northmoor CSP", month_of_death="2026-03"
    )


def test_records_round_trip_and_audit(store: Store, review_id: int) -> None:
    records = store.repos.records
    subject = m.Subject(review_id=review_id, role="victim", pseudonym="Adult A")
    records.save(subject)
    entry = m.RegisterEntry(
        review_id=review_id,
        subject_id=subject.id,
        kind="full_name",
        value="Siobhán O'Neill-Nowak",
        replacement="Adult A",
        variants=["Shiv", "Siobhan O'Neill"],
    )
    records.save(entry)
    assert records.list(m.RegisterEntry, review_id) == [entry]
    entry.variants.append("S. O'Neill-Nowak")
    records.save(entry)
    assert records.get(m.RegisterEntry, entry.id).variants[-1] == "S. O'Neill-Nowak"
    kinds = [e.kind for e in store.audit_entries()]
    assert kinds[:3] == ["register.update", "register.create", "subject.create"]
    assert all("Siobhán" not in e.record for e in store.audit_entries())
    records.delete(m.RegisterEntry, entry.id)
    assert records.list(m.RegisterEntry, review_id) == []
    with pytest.raises(NotFoundError):
        records.delete(m.RegisterEntry, entry.id)


def test_validation_refuses_and_changes_nothing(store: Store, review_id: int) -> None:
    records = store.repos.records
    before = len(store.audit_entries())
    with pytest.raises(ValidationError, match="reason why Probation is excluded"):
        records.save(m.Agency(review_id=review_id, name="Probation", in_scope=False))
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        records.save(
            m.Pause(review_id=review_id, kind="inquest", start=D(2026, 5, 1), end=D(2026, 4, 1))
        )
    with pytest.raises(ValidationError, match="future"):
        records.save(m.Pause(review_id=review_id, kind="inquest", start=D(2099, 1, 1)))
    with pytest.raises(ValidationError, match="reason for the pause"):
        records.save(m.Pause(review_id=review_id, kind="inquest", start=D(2026, 4, 1)))
    with pytest.raises(ValidationError, match="role"):
        records.save(m.Subject(review_id=review_id, role="suspect", pseudonym="B"))
    with pytest.raises(ValidationError, match="month of death"):
        store.repos.reviews.create("DHR 2026/04", month_of_death="March 2026")
    assert len(store.audit_entries()) == before
    assert records.list(m.Agency, review_id) == []


def test_stage_completion_moves_the_review_on(store: Store, review_id: int) -> None:
    lifecycle = store.repos.lifecycle
    assert store.repos.reviews.by_id(review_id).stage == "notification"
    assert lifecycle.complete_stage(review_id, "notification", D(2026, 3, 20)) == "decision"
    with pytest.raises(ValidationError, match="before Notification"):
        lifecycle.complete_stage(review_id, "decision", D(2026, 3, 10))
    with pytest.raises(ValidationError, match="future"):
        lifecycle.complete_stage(review_id, "decision", D(2099, 3, 10))
    assert lifecycle.complete_stage(review_id, "decision", D(2026, 4, 10)) == "home_office_notified"
    record = {s.stage_id: s for s in lifecycle.stages(review_id)}["decision"]
    assert record.completed_by == "Test Chair"
    assert any(e.kind == "stage.complete" for e in store.audit_entries())


def test_terms_of_reference_versions_are_frozen(store: Store, review_id: int) -> None:
    lifecycle, records = store.repos.lifecycle, store.repos.records
    tor = lifecycle.terms(review_id)
    tor.period_start, tor.period_end = D(2021, 3, 1), D(2026, 3, 14)
    with pytest.raises(ValidationError, match="rationale"):
        lifecycle.save_terms(tor)
    tor.period_rationale = "Five years before the death: the relationship began in 2021."
    lifecycle.save_terms(tor)
    with pytest.raises(ValidationError, match="line of enquiry"):
        lifecycle.agree_terms(review_id, D(2026, 5, 1))
    line = m.LineOfEnquiry(review_id=review_id, text="What did agencies know of the abuse?")
    records.save(line)
    assert lifecycle.agree_terms(review_id, D(2026, 5, 1)) == 1
    line.text = "Changed after agreement"
    records.save(line)
    assert lifecycle.agree_terms(review_id, D(2026, 6, 1)) == 2
    v1, v2 = lifecycle.versions(review_id)
    assert v1.snapshot["lines_of_enquiry"][0]["text"] == "What did agencies know of the abuse?"
    assert v2.snapshot["lines_of_enquiry"][0]["text"] == "Changed after agreement"


def test_dashboard_orders_overdue_first_and_splits_paused_time(store: Store) -> None:
    lifecycle, records = store.repos.lifecycle, store.repos.records
    calm = store.repos.reviews.create("DHR 2026/01", "On time")
    late = store.repos.reviews.create("DHR 2026/02", "Late decision")
    paused = store.repos.reviews.create("DHR 2025/09", "Paused for trial")
    today = D(2026, 6, 30)
    lifecycle.complete_stage(calm, "notification", D(2026, 6, 20), today=today)
    lifecycle.complete_stage(late, "notification", D(2026, 4, 1), today=today)
    lifecycle.complete_stage(paused, "notification", D(2025, 9, 1), today=today)
    lifecycle.complete_stage(paused, "decision", D(2025, 9, 20), today=today)
    lifecycle.complete_stage(paused, "home_office_notified", D(2025, 10, 3), today=today)
    records.save(
        m.Pause(
            review_id=paused,
            kind="criminal_trial",
            start=D(2025, 10, 1),
            end=D(2026, 3, 31),
            reason="Crown Court trial of Adult B",
        ),
        now=today,
    )
    rows = store.repos.reviews.dashboard(today)
    assert [r.reference for r in rows][0] == "DHR 2026/02"
    by_ref = {r.reference: r for r in rows}
    assert by_ref["DHR 2026/02"].overdue[0].label == "Decision due"
    assert by_ref["DHR 2026/02"].overdue[0].days_overdue == (today - D(2026, 5, 1)).days
    assert by_ref["DHR 2026/01"].overdue == []
    p = by_ref["DHR 2025/09"]
    # The six-month target (20 March 2026) is extended by the trial's days: not overdue.
    assert p.overdue == []
    assert p.next_due_label.startswith("Six-month target")
    assert p.paused_days == (D(2026, 3, 31) - D(2025, 10, 1)).days + 1
    assert p.active_days + p.paused_days == (today - D(2025, 9, 20)).days


def test_costs_total_per_review_and_store(store: Store, review_id: int) -> None:
    records = store.repos.records
    other = store.repos.reviews.create("DHR 2026/07")
    records.save(
        m.Cost(
            review_id=review_id,
            category="chair",
            amount_pence=600_00 * 12,
            days=12,
            rate_pence=600_00,
        )
    )
    records.save(m.Cost(review_id=review_id, category="translation", amount_pence=450_00))
    records.save(m.Cost(review_id=other, category="chair", amount_pence=550_00 * 8))
    assert records.cost_totals(review_id)["chair"] == 7200_00
    assert records.cost_totals()["chair"] == 7200_00 + 4400_00
    assert records.cost_totals()["translation"] == 450_00


def test_meeting_attendance_and_open_actions(store: Store, review_id: int) -> None:
    records = store.repos.records
    a = records.save(m.PanelMember(review_id=review_id, name="DI Ruth Calloway", agency="Police"))
    b = records.save(m.PanelMember(review_id=review_id, name="Dr Amir Haddad", agency="ICB"))
    meeting = records.save(m.Meeting(review_id=review_id, date=D(2026, 5, 12), title="Panel 1"))
    records.set_attendance(meeting, [a, b, a])
    assert records.attendance(meeting) == sorted([a, b])
    action = m.MeetingAction(meeting_id=meeting, text="Secure GP records", due=D(2026, 5, 30))
    records.save(action)
    assert [ref for ref, _ in records.open_actions()] == ["DHR 2026/03"]
    action.done_on = D(2026, 5, 28)
    records.save(action)
    assert records.open_actions() == []
    store.repos.reviews.delete(review_id)
    assert records.list(m.PanelMember, review_id) == []
    assert store.verify().ok


def test_days_since_decision_stop_at_csp_signoff(store: Store) -> None:
    lifecycle = store.repos.lifecycle
    review = store.repos.reviews.create("DHR 2024/01", "Signed off")
    today = D(2026, 6, 30)
    for stage, day in [
        ("notification", D(2024, 1, 2)),
        ("decision", D(2024, 1, 20)),
        ("home_office_notified", D(2024, 1, 25)),
    ]:
        lifecycle.complete_stage(review, stage, day, today=today)
    profile_stages = [
        "chair_appointed",
        "panel_established",
        "terms_of_reference",
        "scoping",
        "imrs",
        "family_involvement",
        "drafting",
        "panel_agreement",
        "csp_signoff",
    ]
    for stage in profile_stages:
        lifecycle.complete_stage(review, stage, D(2024, 12, 1), today=today)
    row = store.repos.reviews.dashboard(today)[0]
    assert row.active_days + row.paused_days == (D(2024, 12, 1) - D(2024, 1, 20)).days
