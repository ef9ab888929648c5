"""Monitoring in the store: every action with its latest update, and updates that change
the action's status in the same transaction. ``seed`` is shared by the exchange,
document and GUI tests of monitoring."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.core.monitoring import MonitoringFilters, filter_actions
from dhrdesk.store.repositories.monitoring import Evidence
from tests.exchange.builders import dump_store

D = dt.date
TODAY = D(2026, 11, 15)
POLICE = "Northmoor Police"
HOUSING = "Northmoor Homes"
HEALTH = "Eastvale Health Trust"

# Register values that must never leave the store in the aggregate export.
REGISTER = {
    "DHR 2025/01": [("full_name", "Łukasz Brzęczyszczykiewicz"), ("place", "Quarrington")],
    "EV/DHR/2026/02": [("full_name", "Siobhán O'Neill-Nowak"), ("date_of_birth", "1990-04-03")],
}


@dataclass
class Seeded:
    reviews: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


def seed(store) -> Seeded:  # noqa: ANN001
    """Two reviews of two CSPs, seven actions in every status, three lead agencies.

    With TODAY = 15 November 2026: 'a1' overdue (target 1 Oct), 'a2' due soon (1 Dec),
    'a3' green (target 2027), 'a4' completed 20 Oct 2026 (closed in 2026Q4), 'a5'
    no target date, 'a6' overdue (30 Jun 2026), 'a7' closed – not achieved 5 Aug 2026.
    """
    out = Seeded()
    save = store.repos.records.save
    r1 = store.repos.reviews.create("DHR 2025/01", "Review into the death of Adult A")
    r2 = store.repos.reviews.create("EV/DHR/2026/02", "Review into the death of Adult B")
    out.reviews = {"r1": r1, "r2": r2}
    for rid, csp, month, descriptors in (
        (
            r1,
            "Northmoor CSP",
            "2025-02",
            {
                "relationship_type": "intimate_partner",
                "flags": ["coercive_control", "separation"],
                "victim_age_band": "25-34",
                "perpetrator_age_band": "35-44",
                "victim_sex": "female",
                "perpetrator_sex": "male",
                "victim_ethnicity": "white",
                "perpetrator_ethnicity": "white",
                "vulnerabilities": ["alcohol"],
                "court_outcome": "murder",
            },
        ),
        (
            r2,
            "Eastvale CSP",
            "2026-01",
            {
                "relationship_type": "familial",
                "flags": [],
                "victim_age_band": "65+",
                "victim_sex": "female",
                "vulnerabilities": ["disability", "Quarrington Lane"],  # a stray value
                "court_outcome": "pending",
            },
        ),
    ):
        review = store.repos.reviews.by_id(rid)
        review.csp = csp
        review.month_of_death = month
        review.descriptors = descriptors
        store.repos.reviews.update(review)
    for ref, entries in REGISTER.items():
        rid = r1 if ref == "DHR 2025/01" else r2
        for kind, value in entries:
            save(
                m.RegisterEntry(
                    rid, kind, value, replacement="aged 36" if kind == "date_of_birth" else "Adult"
                )
            )

    rec1 = save(
        m.Recommendation(
            r1,
            1,
            "Łukasz's GP practice to train staff on routine enquiry.",
            scope="local",
            lead_agency=POLICE,
            sector="Police",
            rec_type="training",
            themes=["risk_assessment", "training"],
        )
    )
    rec2 = save(
        m.Recommendation(
            r1,
            2,
            "Housing to flag tenancies in Quarrington after a disclosure.",
            scope="single_agency",
            lead_agency=HOUSING,
            sector="Housing association",
            rec_type="process",
            themes=["housing", "information_sharing"],
            status="in_progress",
        )
    )
    rec3 = save(
        m.Recommendation(
            r2,
            1,
            "Health trust to ask about carers' stress.",
            scope="regional",
            lead_agency=HEALTH,
            sector="NHS trust",
            rec_type="policy",
            themes=["adult_family_older_carers", "custom_local_theme"],
        )
    )
    save(
        m.LearningPoint(
            r1, "lesson", "Siobhán was not seen alone.", themes=["professional_curiosity"]
        )
    )
    save(m.LearningPoint(r2, "good_practice", "Quick referral.", themes=["good_practice"]))

    def action(key: str, rec: int, text: str, agency: str, **kw) -> None:  # noqa: ANN003
        out.actions[key] = save(m.Action(rec, text, lead_agency=agency, **kw), now=TODAY)

    action(
        "a1",
        rec1,
        "Deliver routine-enquiry training to response officers.",
        POLICE,
        target_date=D(2026, 10, 1),
        status="in_progress",
    )
    action("a2", rec1, "Audit DASH completion rates.", POLICE, target_date=D(2026, 12, 1))
    action(
        "a3",
        rec2,
        "Add a disclosure flag to the housing system.",
        HOUSING,
        target_date=D(2027, 3, 31),
        status="in_progress",
    )
    action(
        "a4",
        rec2,
        "Brief housing officers.",
        HOUSING,
        target_date=D(2026, 9, 30),
        status="completed",
        completed_on=D(2026, 10, 20),
    )
    action("a5", rec2, "Write the flagging procedure.", " northmoor  police ")
    action(
        "a6",
        rec3,
        "Carers' assessment prompt in the trust's records.",
        HEALTH,
        target_date=D(2026, 6, 30),
    )
    action(
        "a7",
        rec3,
        "Regional carers' pathway.",
        HEALTH,
        target_date=D(2026, 5, 1),
        status="closed_not_achieved",
    )
    store.repos.records.save(
        m.ActionUpdate(
            out.actions["a7"], D(2026, 8, 5), "Funding withdrawn.", "closed_not_achieved"
        ),
        now=TODAY,
    )
    return out


def _by_key(store, seeded: Seeded) -> dict:  # noqa: ANN001
    actions = {a.action_id: a for a in store.repos.monitoring.actions()}
    return {key: actions[aid] for key, aid in seeded.actions.items()}


def test_actions_of_every_review_with_latest_update(store) -> None:  # noqa: ANN001
    seeded = seed(store)
    by_key = _by_key(store, seeded)
    assert len(by_key) == 7
    assert by_key["a1"].reference == "DHR 2025/01"
    assert by_key["a6"].reference == "EV/DHR/2026/02"
    assert by_key["a1"].themes == ("risk_assessment", "training")
    assert by_key["a7"].latest_update.text == "Funding withdrawn."
    assert by_key["a7"].closed_on == D(2026, 8, 5)  # from the closing update
    assert by_key["a4"].closed_on == D(2026, 10, 20)
    assert by_key["a1"].latest_update is None
    assert store.repos.monitoring.lead_agencies() == [HEALTH, HOUSING, POLICE]


def test_filters_by_agency_review_theme_overdue(store) -> None:  # noqa: ANN001
    seeded = seed(store)
    actions = store.repos.monitoring.actions()

    def keys(filters: MonitoringFilters) -> set[str]:
        ids = {a.action_id for a in filter_actions(actions, filters, TODAY)}
        return {k for k, v in seeded.actions.items() if v in ids}

    assert keys(MonitoringFilters(agency="NORTHMOOR police")) == {"a1", "a2", "a5"}
    assert keys(MonitoringFilters(review_ids={seeded.reviews["r2"]})) == {"a6", "a7"}
    assert keys(MonitoringFilters(theme="housing")) == {"a3", "a4", "a5"}
    assert keys(MonitoringFilters(overdue_only=True)) == {"a1", "a6"}
    assert keys(MonitoringFilters(agency=POLICE, overdue_only=True)) == {"a1"}
    assert keys(MonitoringFilters(statuses={"not_started"})) == {"a2", "a5", "a6"}


def test_update_changes_status_and_completion_in_one_transaction(store) -> None:  # noqa: ANN001
    seeded = seed(store)
    aid = seeded.actions["a1"]
    audit_before = len(store.audit_entries(1000))
    update = store.repos.monitoring.record_update(
        aid,
        D(2026, 11, 10),
        "All response officers trained.",
        "completed",
        evidence=Evidence("register.pdf", b"%PDF-1.4 attendance"),
        today=TODAY,
    )
    action = store.repos.records.get(m.Action, aid)
    assert action.status == "completed"
    assert action.completed_on == D(2026, 11, 10)
    assert update.evidence_attachment_id is not None
    assert store.repos.agency_input.attachment_content(update.evidence_attachment_id) == (
        b"%PDF-1.4 attendance"
    )
    monitored = store.repos.monitoring.action(aid)
    assert monitored.latest_update.text == "All response officers trained."
    assert monitored.evidence == ("register.pdf",)
    # one transaction: the outer entry plus the nested ones, all committed together
    kinds = [
        e.kind for e in store.audit_entries(1000)[: len(store.audit_entries(1000)) - audit_before]
    ]
    assert "action_update.record" in kinds and "action.update" in kinds

    # reopening clears the completion date
    store.repos.monitoring.record_update(
        aid, D(2026, 11, 12), "Re-opened: new starters.", "in_progress", today=TODAY
    )
    action = store.repos.records.get(m.Action, aid)
    assert (action.status, action.completed_on) == ("in_progress", None)
    # ... and the recommendation follows its actions.
    recommendation = store.repos.records.get(m.Recommendation, action.recommendation_id)
    siblings = store.repos.records.list(m.Action, recommendation.id)
    from dhrdesk.core.monitoring import recommendation_status

    assert recommendation.status == recommendation_status([a.status for a in siblings])


def test_failed_update_leaves_nothing_behind(store, monkeypatch) -> None:  # noqa: ANN001
    seeded = seed(store)
    aid = seeded.actions["a2"]
    before = dump_store(store)
    records = store.repos.records
    real_save = records.save

    def failing_save(obj, **kw):  # noqa: ANN001, ANN003, ANN202
        if isinstance(obj, m.Action):
            raise ValidationError("simulated failure while saving the action")
        return real_save(obj, **kw)

    monkeypatch.setattr(records, "save", failing_save)
    with pytest.raises(ValidationError):
        store.repos.monitoring.record_update(
            aid,
            D(2026, 11, 1),
            "Audit done.",
            "completed",
            evidence=Evidence("audit.xlsx", b"data"),
            today=TODAY,
        )
    monkeypatch.undo()
    assert dump_store(store) == before  # no update, no attachment, no status change


def test_update_validation(store) -> None:  # noqa: ANN001
    seeded = seed(store)
    repo = store.repos.monitoring
    aid = seeded.actions["a2"]
    with pytest.raises(ValidationError):
        repo.record_update(aid, D(2026, 12, 1), "Future.", "in_progress", today=TODAY)
    with pytest.raises(ValidationError):
        repo.record_update(aid, D(2026, 11, 1), "  ", "in_progress", today=TODAY)
    with pytest.raises(ValidationError):
        repo.record_update(aid, D(2026, 11, 1), "Text", "finished", today=TODAY)


def test_secret_is_made_once_and_kept(store) -> None:  # noqa: ANN001
    first = store.repos.monitoring.secret()
    assert len(first) == 32
    assert store.repos.monitoring.secret() == first
