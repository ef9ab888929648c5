"""A fictional review with every fact the documents print (shared by the document tests)."""

from __future__ import annotations

import datetime as dt

from dhrdesk.core import model as m

REF = "DHR 2024/07"
VICTIM = "Zoë"
UNICODE_AGENCY = "Łódź Support Service"
POLICE = "Northmoor Police"
EXCLUDED = "Eastfield Housing"
RECOMMENDATIONS = 24
NOTE_1 = "Northmoor Police, domestic abuse policy, version 4 (2022)."
NOTE_2 = "SafeLives, the Dash risk checklist guidance (2015)."
CHAIR_TIMESCALES = "The chair's own note on timescales: the trial delayed interviews."
CHAIR_CONTRIBUTORS = "The chair thanks every contributor for candid reports."


def para(text: str) -> dict:
    return {"type": "paragraph", "runs": [{"text": text}]}


def populate(store) -> int:
    """Fill ``store`` with the fictional review; returns its id."""
    rid = store.repos.reviews.create(
        REF,
        title="Fictional review for document tests",
        csp="Westmere Community Safety Partnership",
        month_of_death="2024-03",
    )
    records = store.repos.records
    records.save(m.Subject(rid, "victim", VICTIM, description="aged 41", sort=1))
    records.save(m.Subject(rid, "perpetrator", "Adult B", sort=2))
    records.save(
        m.ReviewPerson(rid, "chair", "Chair Fictional", career_history="Former probation officer.")
    )
    lifecycle = store.repos.lifecycle
    for stage, day in (
        ("notification", dt.date(2024, 3, 20)),
        ("decision", dt.date(2024, 4, 5)),
        ("home_office_notified", dt.date(2024, 4, 12)),
    ):
        lifecycle.set_stage_dates(rid, stage, None, day)
    records.save(
        m.Pause(
            rid, "criminal_trial", dt.date(2024, 6, 1), dt.date(2024, 9, 30), "Trial of Adult B."
        )
    )
    for month in (5, 7, 10):
        records.save(m.Meeting(rid, dt.date(2024, month, 14), "Panel meeting"))
    for name, role, agency in (
        ("Panel Member One", "Detective Inspector", POLICE),
        ("Panel Member Two", "Safeguarding lead", "Westmere GP Practice"),
        ("Panel Member Three", "Service manager", UNICODE_AGENCY),
    ):
        records.save(m.PanelMember(rid, name, role, agency, declared_not_involved=True))
    agencies = {}
    for name in (POLICE, "Westmere GP Practice", UNICODE_AGENCY):
        agency = m.Agency(rid, name)
        records.save(agency)
        agencies[name] = agency.id
    records.save(
        m.Agency(rid, EXCLUDED, in_scope=False, exclusion_reason="No contact in the period")
    )
    repo = store.repos.agency_input
    for name, kind in (
        (POLICE, "imr"),
        ("Westmere GP Practice", "summary"),
        (UNICODE_AGENCY, "imr"),
    ):
        request = repo.request(agencies[name])
        request.request_type = kind
        request.requested_on = dt.date(2024, 5, 1)
        request.received_on = dt.date(2024, 7, 1)
        request.author_name = f"Author at {name}"
        request.author_independence = "No involvement with the family or the practitioners."
        repo.save_request(request)
    lifecycle.save_terms(
        m.TermsOfReference(
            rid,
            dt.date(2021, 3, 1),
            dt.date(2024, 3, 14),
            "Three years before the death, when the relationship began.",
            {"purpose": "To learn lessons from the death of Zoë."},
        )
    )
    for i, text in enumerate(
        (
            "What did agencies know about the abuse?",
            "How was risk identified and assessed?",
            "How was information shared between agencies?",
        )
    ):
        records.save(m.LineOfEnquiry(rid, text, sort=i))
    entries = []
    for i in range(30):
        agency_id = list(agencies.values())[i % 3]
        entries.append(
            m.ChronologyEntry(
                rid,
                agency_id,
                f"2023-{1 + i // 3:02d}-{1 + i % 28:02d}",
                "Case record",
                event=f"Contact number {i + 1} with Zoë.",
                key_event=i % 5 == 0,
            )
        )
    entries.append(
        m.ChronologyEntry(
            rid,
            agencies[POLICE],
            "2024-04-03",
            "Incident log",
            event="Call to Zoë's home.",
            time="21:40",
            agency_comment="The force's own review found the call was graded correctly.",
        )
    )
    ids = repo.add_entries(entries)
    for number in range(1, RECOMMENDATIONS + 1):
        rec = m.Recommendation(
            rid,
            number,
            f"R{number:02d} All agencies should review how they ask about domestic abuse "
            "and record the answer, so that a pattern can be seen across contacts.",
            scope="local" if number % 2 else "single_agency",
            lead_agency=UNICODE_AGENCY if number % 3 == 0 else POLICE,
            themes=["risk_assessment"] if number % 2 else [],
        )
        records.save(rec)
        if number == RECOMMENDATIONS:
            continue  # one recommendation without actions: it must still be in the plan
        for a in range(2):
            records.save(
                m.Action(
                    rec.id,
                    f"Action {a + 1} for R{number:02d}: deliver briefings to frontline staff "
                    "and audit a sample of cases six months later.",
                    milestones="Briefing materials drafted; first sessions booked.",
                    target_date=dt.date(2025, 3, 31),
                    sort=a,
                )
            )
    drafting = store.repos.drafting
    drafting.save_section(m.ReportSection(rid, "overview", "timescales", [para(CHAIR_TIMESCALES)]))
    drafting.save_section(
        m.ReportSection(rid, "overview", "contributors", [para(CHAIR_CONTRIBUTORS)])
    )
    drafting.save_section(
        m.ReportSection(
            rid,
            "overview",
            "analysis",
            [
                {"type": "heading", "text": "Risk identification"},
                {
                    "type": "paragraph",
                    "runs": [
                        {"text": "The police completed a DASH risk assessment", "bold": True},
                        {"endnote": NOTE_1},
                        {"text": " and referred Zoë to MARAC "},
                        {"chronology": ids[-1], "label": "3 April 2024"},
                        {"text": "."},
                    ],
                },
                {
                    "type": "paragraph",
                    "runs": [
                        {"text": "No IDVA was allocated", "italic": True},
                        {"endnote": NOTE_2},
                        {"text": ". Markup such as <b>this</b> & that prints as typed."},
                    ],
                },
                {"type": "bullets", "items": [[{"text": "First point."}], [{"text": "Second."}]]},
                {"type": "quote", "runs": [{"text": "She was walking on eggshells."}]},
                {"type": "numbered", "items": [[{"text": "One."}], [{"text": "Two."}]]},
            ],
        )
    )
    drafting.save_section(
        m.ReportSection(
            rid,
            "executive_summary",
            "es_process",
            [para("Zoë died in March 2024; the decision to review was made on 5 April 2024.")],
        )
    )
    return rid
