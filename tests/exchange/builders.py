"""Build reviews through the ordinary repositories, and dump a store for comparisons.

The one review still built record by record in the tests, on purpose: the exporter's
round trip must start from records the repositories wrote, not from an import. Its
file is tests/fixtures/interchange-v2-rich.json; every other populated test review is
an interchange file loaded by the importer (tests/review_files.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import Finding

D = dt.date


def build_rich_review(store: Any, reference: str = "DHR 2026/03", *, v2: bool = True) -> int:
    """A fictional review touching every record kind the format holds.

    ``v2=False`` builds only what format version 1 held (how the committed
    tests/fixtures/interchange-v1.json was made)."""
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
    if v2:
        add_v2_records(store, rid)
    return rid


CHRONOLOGY_WORD = "Quetzalcoatlus"  # a word found only in one imported chronology row


def add_v2_records(store: Any, rid: int) -> dict[str, Any]:
    """Everything format version 2 added, through the ordinary repositories: agency
    requests with chases, IMR sections, analysis and quality, chronology rows (partial
    dates, subjects, themes, a merged duplicate, a pair kept distinct), attachments,
    drafting, drafts, recommendations with actions and updates, QA and publication."""
    repos = store.repos
    save = repos.records.save
    ai = repos.agency_input
    subjects = repos.records.list(m.Subject, rid)
    victim, perp = subjects[0], subjects[1]
    police, icb, housing = (repos.records.list(m.Agency, rid) + [None, None, None])[:3]
    lines = repos.records.list(m.LineOfEnquiry, rid)

    ai.save_request(
        m.AgencyRequest(
            police.id,
            "imr",
            D(2025, 7, 25),
            D(2025, 7, 26),
            D(2025, 9, 30),
            ["2025-10-07", "2025-10-21"],
            D(2025, 10, 28),
            D(2025, 11, 3),
            D(2025, 11, 10),
            "DS Ravindra Ó Súilleabháin",
            "Review officer",
            "No contact with the subjects or their officers",
            "Ch Supt Elżbieta Marsh",
            "Head of Public Protection",
            D(2025, 10, 27),
        )
    )
    ai.save_request(m.AgencyRequest(icb.id, "summary", D(2025, 7, 25), due_on=D(2025, 9, 30)))
    ai.save_imr_section(police.id, "introduction", "This IMR covers contact from 2019 to 2025.")
    ai.save_imr_section(police.id, "good_practice", "The call handler stayed on the line.")
    ai.save_imr_analysis(police.id, lines[0].id, "Officers recorded two disclosures in 2021.")
    ai.save_imr_analysis(police.id, lines[1].id, "Child C was not spoken to alone.")
    ai.save_imr_analysis(icb.id, lines[0].id, "The GP asked about safety once.")
    ai.save_quality(police.id, "independence", "met")
    ai.save_quality(police.id, "analysis_each_line", "partly", "Line 3 is not addressed.")
    attachment = ai.add_attachment(
        rid,
        "police-chronology.csv",
        "date,source,event\n03/04/2019,PNC,Call – Siobhán\n".encode(),
        "chronology_import",
        agency_id=police.id,
        note="As received by secure e-mail",
    )
    evidence = ai.add_attachment(rid, "training-register.pdf", bytes(range(256)) * 3, "evidence")
    rows = [
        m.ChronologyEntry(
            rid,
            police.id,
            "2019-04-03",
            "Command and control log",
            f"999 call from Adult A reporting threats ({CHRONOLOGY_WORD})",
            time="23:40",
            action="Officers attended; DASH risk assessed as standard",
            significance="First police contact",
            key_event=True,
            themes=["coercive_control"],
            subject_ids=[victim.id, perp.id],
            external_key="CAD-1904-0112",
        ),
        m.ChronologyEntry(
            rid, police.id, "2019-03", "Intelligence log", "Neighbour reported shouting"
        ),
        m.ChronologyEntry(
            rid,
            police.id,
            "2021",
            "Crime record",
            "Harassment reported by Adult A",
            sequence=2,
            subject_ids=[victim.id],
        ),
        m.ChronologyEntry(
            rid,
            icb.id,
            "2019-04-03",
            "GP record",
            "999 call from Adult A about threats",
            agency_comment="Seen next morning",
            subject_ids=[victim.id],
        ),
        m.ChronologyEntry(rid, icb.id, "2019-03", "GP record", "Neighbour reported shouting"),
    ]
    ids = ai.add_entries(rows)
    ai.merge_duplicate(ids[0], ids[3])
    ai.keep_both(ids[1], ids[4])

    drafting = repos.drafting
    drafting.save_section(
        m.ReportSection(
            rid,
            "overview",
            "analysis",
            [
                {"type": "heading", "text": "Responses to disclosures"},
                {
                    "type": "paragraph",
                    "runs": [
                        {"text": "Adult A first called the police on "},
                        {"chronology": ids[0], "label": "3 April 2019"},
                        {"text": ".", "bold": True},
                        {"endnote": "Police IMR, paragraph 4.2"},
                    ],
                },
                {"type": "bullets", "items": [[{"text": "Łukasz's account"}], []]},
                {"type": "table", "header": ["Agency", "Contacts"], "rows": [["GP", "4"]]},
            ],
        )
    )
    drafting.save_section(
        m.ReportSection(
            rid, "executive_summary", "introduction", [{"type": "paragraph", "runs": []}]
        )
    )
    drafting.save_checklist(
        m.ChecklistResponse(rid, "overview", "introduction", "intro_condolences", True)
    )
    drafting.save_checklist(
        m.ChecklistResponse(
            rid, "overview", "family_involvement", "family_tribute", False, "The family declined"
        )
    )
    snapshot = {
        "documents": {
            "overview": [{"key": "analysis", "heading": "Analysis", "paragraphs": ["1.1 Zoë"]}]
        }
    }
    draft1 = drafting.freeze(rid, snapshot, "First full draft for the panel")
    draft2 = drafting.freeze(rid, {"documents": {}}, "Panel comments addressed")
    save(
        m.Distribution(rid, draft1.id, "panel", "Review panel", D(2025, 12, 1), "By secure e-mail")
    )
    save(m.Distribution(rid, draft2.id, "family", "Niamh O'Neill", D(2025, 12, 15)))
    save(
        m.SectionComment(
            rid,
            "overview",
            "analysis",
            "Aoife Ní Bhriain",
            "Say more about the refuge.",
            D(2025, 12, 5),
        )
    )
    save(
        m.SectionComment(
            rid,
            "overview",
            "introduction",
            "Chair",
            "Condolences first",
            D(2025, 12, 2),
            True,
            "Moved",
        )
    )
    lesson = m.LearningPoint(
        rid,
        "lesson",
        "Disclosures were not shared with the GP.",
        ["coercive_control"],
        police.id,
        1,
    )
    practice = m.LearningPoint(rid, "good_practice", "The refuge kept in touch weekly.", sort=2)
    save(lesson)
    save(practice)
    rec = m.Recommendation(
        rid,
        1,
        "Share police domestic abuse reports with the GP within 72 hours.",
        "local",
        "Northbridge Constabulary",
        "police",
        "process",
        ["coercive_control"],
        [lesson.id, practice.id],
        {"case_for_change": True, "assign": False},
        "in_progress",
    )
    rec2 = m.Recommendation(rid, 2, "Refresh DASH training.", "single_agency", rec_type="training")
    save(rec)
    save(rec2)
    action = m.Action(
        rec.id,
        "Agree an information-sharing protocol",
        "Northbridge ICB",
        "Draft by March",
        D(2026, 3, 31),
        None,
        "",
        "in_progress",
        1,
    )
    done = m.Action(
        rec.id, "Brief call handlers", status="completed", completed_on=D(2025, 12, 20), sort=2
    )
    save(action)
    save(done)
    save(
        m.ActionUpdate(
            action.id,
            D(2025, 12, 10),
            "Protocol drafted",
            "in_progress",
            evidence.id,
            recorded_by="Gwenllian Harcourt",
            recorded_at="2025-12-10T09:15:00+00:00",
        )
    )
    save(m.ActionUpdate(action.id, D(2026, 1, 5), "Sent to the ICB", "in_progress", source="sheet"))
    qa = m.QaRound(
        rid,
        1,
        D(2026, 1, 10),
        draft2.id,
        D(2026, 2, 1),
        D(2026, 2, 10),
        "publish_once_amended",
        "Two areas for final development",
    )
    save(qa)
    save(
        m.QaArea(
            qa.id,
            1,
            "Explain the delay.",
            "Paragraph added",
            draft2.id,
            "timescales",
            D(2026, 2, 12),
        )
    )
    save(m.QaArea(qa.id, 2, "Name the refuge's role."))
    publication = repos.publication
    publication.save_settings(m.AnonymisationSettings(rid, "relative", ["Heron", "Northbridge"]))
    publication.accept(
        rid,
        Finding("postcode", "NB1 4HW", "overview/background/3", "… NB1 4HW …"),
        "A fictional postcode in a quoted leaflet, agreed with the family",
    )
    publication.log(rid, "overview", "pdf", "overview.pdf", "ab" * 32, "0.2", "written")
    return {"rows": ids, "attachment": attachment, "evidence": evidence, "housing": housing}


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
