"""Build reviews through the ordinary repositories, and dump a store for comparisons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhrdesk.core import model as m

D = dt.date


def build_rich_review(store: Any, reference: str = "DHR 2026/03") -> int:
    """A fictional review touching every record kind the format holds."""
    repos = store.repos
    rid = repos.reviews.create(
        reference,
        "Review into the death of Adult A (fictional)",
        csp="Northbridge Community Safety Partnership",
        police_force_area="Northbridge Constabulary",
        month_of_death="2025-06",
        descriptors={"relationship": "intimate partner", "flags": ["coercive control", "stalking"]},
        summary="A fictional case for testing: Adult A was killed by her former partner.",
    )
    save = repos.records.save
    victim = m.Subject(rid, "victim", "Adult A", sex="female", age_band="35-44", sort=1)
    perp = m.Subject(rid, "perpetrator", "Adult B", sex="male", age_band="35-44", sort=2)
    child = m.Subject(rid, "child", "Child C", description="Daughter, aged 9", sort=3)
    for s in (victim, perp, child):
        save(s)
    save(
        m.RegisterEntry(
            rid,
            "full_name",
            "Siobhán O'Neill-Nowak",
            "Adult A",
            victim.id,
            ["Siobhan O'Neill", "S. Nowak"],
            "Married name used since 2016",
        )
    )
    save(m.RegisterEntry(rid, "nickname", "Zoë", "Adult A", victim.id))
    save(m.RegisterEntry(rid, "full_name", "Łukasz Wiśniewski", "Adult B", perp.id))
    save(m.RegisterEntry(rid, "date_of_birth", "1988-04-12", "", perp.id))
    save(m.RegisterEntry(rid, "address", "14 Heron Walk, Northbridge", "the family home"))
    save(
        m.ReviewPerson(
            rid,
            "chair",
            "Dr Morwenna Achterberg",
            "Probation officer 1998-2012",
            "Chaired nine DHRs",
            "None with the agencies in scope since 2012",
            "Home Office DHR chair training 2019",
        )
    )
    save(m.ReviewPerson(rid, "author", "Ifeoma Castellanos-Reid", "Social work lecturer"))
    repos.lifecycle.set_stage_dates(rid, "notification", None, D(2025, 6, 20))
    repos.lifecycle.set_stage_dates(rid, "decision", D(2025, 6, 21), D(2025, 7, 10))
    trial = m.ParallelProcess(
        rid,
        "criminal_trial",
        "T2025/0412",
        "DS Farah Okonjo",
        "Trial listed for 3 March 2026",
        True,
        "ongoing",
        "Not guilty plea",
    )
    inquest = m.ParallelProcess(rid, "inquest", "INQ-77", status="concluded")
    save(trial)
    save(inquest)
    save(
        m.Pause(rid, "criminal_trial", D(2025, 8, 1), None, "Awaiting the criminal trial", trial.id)
    )
    save(m.Pause(rid, "family_request", D(2025, 7, 15), D(2025, 7, 29), "Family bereavement"))
    p1 = m.PanelMember(
        rid,
        "Gwenllian Harcourt",
        "Safeguarding lead",
        "Northbridge ICB",
        "Head of service",
        True,
        D(2025, 7, 20),
    )
    p2 = m.PanelMember(
        rid,
        "Tomasz Brzęczyszczykiewicz",
        "Detective Inspector",
        "Northbridge Constabulary",
        "DI",
        True,
        D(2025, 7, 21),
    )
    p3 = m.PanelMember(rid, "Aoife Ní Bhriain", "Domestic abuse specialist", "Haven Refuge")
    for p in (p1, p2, p3):
        save(p)
    meet1 = m.Meeting(
        rid,
        D(2025, 7, 24),
        "First panel meeting",
        "1. Introductions",
        "The panel agreed the draft terms.",
        "Scope 2019-2025",
    )
    meet2 = m.Meeting(rid, D(2025, 9, 2), "Second panel meeting")
    save(meet1)
    save(meet2)
    repos.records.set_attendance(meet1.id, [p1.id, p2.id, p3.id])
    repos.records.set_attendance(meet2.id, [p3.id, p1.id])
    save(
        m.MeetingAction(
            meet1.id, "Request GP records", "Gwenllian Harcourt", D(2025, 8, 15), D(2025, 8, 10)
        )
    )
    save(m.MeetingAction(meet1.id, "Write to the family", "Chair", D(2025, 8, 1)))
    save(m.MeetingAction(meet2.id, "Chase the IMR from housing", "Chair"))
    save(m.Agency(rid, "Northbridge Constabulary", "police", True, "", "DI"))
    save(m.Agency(rid, "Northbridge ICB (GP practices)", "health"))
    save(m.Agency(rid, "Eastvale Housing", "housing", False, "No contact with either subject", ""))
    repos.lifecycle.save_terms(
        m.TermsOfReference(
            rid,
            D(2019, 1, 1),
            D(2025, 6, 18),
            "From the start of the relationship to the death",
            {
                "purpose": "To establish what lessons are to be learned.",
                "confidentiality": "Pseudonyms are used throughout.",
            },
        )
    )
    save(
        m.LineOfEnquiry(
            rid,
            "How did agencies respond to disclosures of coercive control?",
            "coercive_control",
            1,
        )
    )
    save(m.LineOfEnquiry(rid, "Was Child C's voice heard?", "", 2))
    repos.lifecycle.agree_terms(rid, D(2025, 7, 24), "Agreed at the first meeting")
    save(m.LineOfEnquiry(rid, "Added after version 1", "", 3))
    sister = m.FamilyMember(
        rid,
        "Niamh O'Neill",
        "sister",
        victim.id,
        "Rhiannon Blake",
        "AAFDA",
        True,
        "Siobhán loved the sea.",
        D(2025, 11, 1),
        "Agreed",
    )
    friend = m.FamilyMember(rid, "Zoë Haddad-Kowalczyk", "friend")
    save(sister)
    save(friend)
    save(
        m.FamilyContact(
            sister.id, D(2025, 8, 2), "letter", "Introductory letter", "Call in 2 weeks"
        )
    )
    save(m.FamilyContact(sister.id, D(2025, 8, 20), "in person", "Met at home with advocate"))
    save(m.FamilyContact(friend.id, D(2025, 9, 1), "phone", "Agreed to talk after trial"))
    save(m.Cost(rid, "chair", 525000, "Chair days", D(2025, 9, 30), 10.5, 50000))
    save(m.Cost(rid, "translation", 12050, "Polish interpreter"))
    save(m.Cost(rid, "advocacy", 0, "Provided free by AAFDA", D(2025, 8, 1)))
    return rid


def dump_store(store: Any) -> dict[str, list[tuple]]:
    """Every row of every table (audit included), for before/after comparisons."""
    tables = [
        r[0]
        for r in store.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        t: sorted((tuple(row) for row in store.query(f"SELECT * FROM {t}")), key=repr)
        for t in tables
    }
