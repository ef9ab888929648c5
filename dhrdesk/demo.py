"""The demo: fully fictional reviews, from the encrypted store to generated documents.

``dhrdesk demo`` and ``make demo`` call :func:`run_demo`. Every person, place
and organisation here is invented (Northmoor, Eastwick and Southmere do not
exist). The store is filled only through the repositories, one function per
part of a review, so later issues can add theirs (IMRs, chronology,
recommendations, more documents) without touching the rest.

Idempotent: each part looks for its records by a natural key (a pseudonym, a
name, a date and title) and adds only what is missing, so running the demo
twice, or after an interrupted run, never duplicates anything. Records a user
has since changed are left alone.

Dates are fixed calendar dates (never relative to today), all on or before
20 November 2026, so the demo is valid whenever it runs and the dashboard
shows the same overdue items.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dhrdesk.core import model as m
from dhrdesk.core.taxonomy import load_lines_of_enquiry
from dhrdesk.documents.build import ReviewDetails, build_overview_skeleton
from dhrdesk.documents.pdf import write_pdf

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

T = TypeVar("T")
D = dt.date

DEMO_REFERENCE = "DHR 2026/03"
DEMO_TITLE = "Death of Adult A, March 2026 (fictional demo)"
DEMO_MARKING = "OFFICIAL-SENSITIVE"
OVERVIEW_RESTRICTED_FILE = "DHR-2026-03-overview-restricted.pdf"
EASTWICK_REFERENCE = "DHR 2025/11"
SOUTHMERE_REFERENCE = "DHR 2026/08"
DEMO_REFERENCES = (DEMO_REFERENCE, EASTWICK_REFERENCE, SOUTHMERE_REFERENCE)

# The chair's own paragraphs for the demo overview (the store does not hold them yet).
DEMO_DETAILS = ReviewDetails(
    version="0.1",
    date=D(2026, 11, 16),
    introduction=[
        "The purpose of the review is to establish what lessons are to be learned about the way "
        "in which local professionals and organisations worked, individually and together, to "
        "safeguard Adult A and her children, and to apply those lessons to service responses in "
        "future. It is not an inquiry into how Adult A died or into who is culpable; that is a "
        "matter for the coroner and the criminal courts.",
        "The panel offers its sincere condolences to Adult A's family and friends, and thanks "
        "them for the time they have given and the memories of Adult A they have shared. Her "
        "mother agreed to the pseudonyms used throughout this report.",
    ],
)


# ------------------------------------------------------------------ helpers
def _ensure(
    store: Store, obj: T, parent_id: int, key: Callable[[Any], object], *, now: D | None = None
) -> int:
    """Save ``obj`` unless a record with the same key already hangs on ``parent_id``."""
    records = store.repos.records
    wanted = key(obj)
    for existing in records.list(type(obj), parent_id):
        if key(existing) == wanted:
            return existing.id
    return records.save(obj, now=now)


def _ensure_review(store: Store, reference: str, title: str, **fields: object) -> int:
    found = store.repos.reviews.find(reference)
    if found is not None:
        return found.id
    return store.repos.reviews.create(reference, title=title, profile="dhr-2016", **fields)


def _ensure_stages(
    store: Store, review_id: int, stages: Iterable[tuple[str, D | None, D | None, str]]
) -> None:
    """Record each stage's dates in profile order, unless the stage already has a record."""
    lifecycle = store.repos.lifecycle
    present = {s.stage_id for s in lifecycle.stages(review_id)}
    for stage_id, started, completed, notes in stages:
        if stage_id not in present:
            lifecycle.set_stage_dates(review_id, stage_id, started, completed, notes=notes)


def _ensure_subjects(store: Store, review_id: int, subjects: list[m.Subject]) -> dict[str, int]:
    """Subjects by pseudonym -> id."""
    return {
        s.pseudonym: _ensure(store, s, review_id, lambda r: (r.role, r.pseudonym)) for s in subjects
    }


def _ensure_register(store: Store, review_id: int, entries: list[m.RegisterEntry]) -> None:
    for entry in entries:
        _ensure(store, entry, review_id, lambda r: (r.kind, r.value))


def _ensure_person(store: Store, person: m.ReviewPerson) -> int:
    existing = store.repos.records.person(person.review_id, person.role)
    return existing.id if existing else store.repos.records.save(person)


def _ensure_panel(store: Store, review_id: int, members: list[m.PanelMember]) -> dict[str, int]:
    """Panel members by name -> id."""
    return {p.name: _ensure(store, p, review_id, lambda r: r.name) for p in members}


def _ensure_meeting(
    store: Store,
    meeting: m.Meeting,
    attendees: list[int],
    actions: list[tuple[str, str, D | None, D | None]],
) -> int:
    """A meeting with its attendance and its actions (text, owner, due, done_on)."""
    meeting_id = _ensure(store, meeting, meeting.review_id, lambda r: (r.date, r.title))
    records = store.repos.records
    if not records.attendance(meeting_id):
        records.set_attendance(meeting_id, attendees)
    for text, owner, due, done_on in actions:
        action = m.MeetingAction(meeting_id, text, owner=owner, due=due, done_on=done_on)
        _ensure(store, action, meeting_id, lambda r: r.text)
    return meeting_id


def _ensure_agencies(store: Store, review_id: int, agencies: list[m.Agency]) -> None:
    for agency in agencies:
        _ensure(store, agency, review_id, lambda r: r.name)


def _library_line(review_id: int, line_id: str, sort: int) -> m.LineOfEnquiry:
    """A key line of enquiry taken from the shipped library, keyed to its first theme."""
    for line in load_lines_of_enquiry():
        if line.id == line_id:
            return m.LineOfEnquiry(review_id, line.text, theme_id=line.theme_ids[0], sort=sort)
    raise KeyError(f"the library has no line of enquiry '{line_id}'")


def _ensure_lines(store: Store, review_id: int, lines: list[m.LineOfEnquiry]) -> None:
    for line in lines:
        _ensure(store, line, review_id, lambda r: r.text)


def _ensure_terms(store: Store, tor: m.TermsOfReference) -> None:
    """Save the terms of reference unless the review already has some."""
    current = store.repos.lifecycle.terms(tor.review_id)
    if current.period_start is None and not current.sections:
        store.repos.lifecycle.save_terms(tor)


def _ensure_agreed(store: Store, review_id: int, on: D, note: str) -> None:
    """Freeze version 1 of the terms of reference unless a version exists."""
    if not store.repos.lifecycle.versions(review_id):
        store.repos.lifecycle.agree_terms(review_id, on, note)


def _ensure_family(
    store: Store,
    member: m.FamilyMember,
    contacts: list[tuple[D, str, str, str]],
) -> int:
    """A family member, friend or colleague with every contact (date, mode, summary, follow-up)."""
    member_id = _ensure(store, member, member.review_id, lambda r: r.name)
    for date, mode, summary, follow_up in contacts:
        contact = m.FamilyContact(member_id, date, mode=mode, summary=summary, follow_up=follow_up)
        _ensure(store, contact, member_id, lambda r: (r.date, r.mode))
    return member_id


def _ensure_parallel(store: Store, process: m.ParallelProcess) -> int:
    return _ensure(store, process, process.review_id, lambda r: (r.kind, r.reference))


def _ensure_pause(store: Store, pause: m.Pause) -> int:
    return _ensure(store, pause, pause.review_id, lambda r: (r.kind, r.start))


def _ensure_costs(store: Store, review_id: int, costs: list[m.Cost]) -> None:
    for cost in costs:
        _ensure(store, cost, review_id, lambda r: (r.category, r.description))


def _pounds(amount: float) -> int:
    return round(amount * 100)


# ====================================================== DHR 2026/03 (Northmoor)
NORTHMOOR_CSP = "Northmoor Community Safety Partnership"
NORTHMOOR_POLICE = "Northmoor Constabulary"

NORTHMOOR_SUMMARY = """\
Adult A, a 34-year-old woman, died at her home in Northmoor in March 2026. Her former \
partner, Adult B, aged 37, was charged with her murder three days later and has pleaded not \
guilty. They had been together for eleven years and had two children, Child A (9) and Child \
B (6), who were in the house when Adult A was killed. Adult A had ended the relationship in \
January 2026 and moved with the children into a housing association tenancy.

In the five years before her death agencies recorded four police call-outs to the family \
home, a DASH risk assessment graded medium when Adult A separated from Adult B, GP \
consultations for low mood and poor sleep in which she said she was "walking on eggshells", \
and a referral to Northmoor Women's Aid in February 2026 that was accepted but had not led to \
contact before she died. The review will examine how each agency understood the risk Adult A \
and the children faced, how information was shared between them, and what made it hard for \
Adult A to seek help."""


def _northmoor_review(store: Store) -> int:
    return _ensure_review(
        store,
        DEMO_REFERENCE,
        DEMO_TITLE,
        csp=NORTHMOOR_CSP,
        police_force_area=NORTHMOOR_POLICE,
        month_of_death="2026-03",
        summary=NORTHMOOR_SUMMARY,
        descriptors={
            "relationship_type": "intimate_partner",
            "flags": ["coercive_control", "separation", "children_present"],
            "victim_age_band": "25-34",
            "perpetrator_age_band": "35-44",
            "victim_sex": "female",
            "perpetrator_sex": "male",
            "victim_ethnicity": "white",
            "perpetrator_ethnicity": "white",
            "vulnerabilities": ["mental_health", "alcohol", "housing"],
            "court_outcome": "pending",
        },
    )


def _northmoor_subjects(store: Store, rid: int) -> dict[str, int]:
    return _ensure_subjects(
        store,
        rid,
        [
            m.Subject(
                rid,
                "victim",
                "Adult A",
                sex="female",
                age_band="25-34",
                ethnicity="white",
                description="aged 34, mother of Child A and Child B; she separated from Adult B "
                "in January 2026.",
                sort=1,
            ),
            m.Subject(
                rid,
                "perpetrator",
                "Adult B",
                sex="male",
                age_band="35-44",
                ethnicity="white",
                description="aged 37, Adult A's former partner and the father of Child A and "
                "Child B; Polish is his first language.",
                sort=2,
            ),
            m.Subject(
                rid,
                "child",
                "Child A",
                sex="female",
                age_band="under-16",
                description="daughter of Adult A and Adult B, aged 9.",
                sort=3,
            ),
            m.Subject(
                rid,
                "child",
                "Child B",
                sex="male",
                age_band="under-16",
                description="son of Adult A and Adult B, aged 6.",
                sort=4,
            ),
            m.Subject(
                rid,
                "family",
                "Adult C",
                sex="female",
                age_band="55-64",
                ethnicity="white",
                description="Adult A's mother, who now cares for Child A and Child B.",
                sort=5,
            ),
            m.Subject(
                rid,
                "other",
                "Friend 1",
                sex="female",
                age_band="35-44",
                ethnicity="asian",
                description="a close friend and former colleague of Adult A.",
                sort=6,
            ),
        ],
    )


def _northmoor_register(store: Store, rid: int, subjects: dict[str, int]) -> None:
    a, b = subjects["Adult A"], subjects["Adult B"]
    ca, cb = subjects["Child A"], subjects["Child B"]
    mother, friend = subjects["Adult C"], subjects["Friend 1"]
    E = m.RegisterEntry
    _ensure_register(
        store,
        rid,
        [
            E(
                rid,
                "full_name",
                "Siobhán O'Neill-Nowak",
                "Adult A",
                a,
                [
                    "Shiv",
                    "Siobhan O'Neill",
                    "Siobhán O'Neill",
                    "Mrs Nowak",
                    "Siobhan O'Neill-Nowak",
                ],
            ),
            E(rid, "date_of_birth", "14/02/1992", "aged 34", a),
            E(
                rid,
                "address",
                "12 Acacia Road, Northmoor NM4 7QT",
                "Adult A's home",
                a,
                ["12 Acacia Road", "Acacia Road", "NM4 7QT"],
                "Housing association tenancy from January 2026; the place of her death.",
            ),
            E(
                rid,
                "workplace",
                "Harbourside Bakery, Quay Street, Northmoor",
                "her workplace",
                a,
                ["Harbourside Bakery", "Quay Street"],
            ),
            E(rid, "full_name", "Łukasz Nowak", "Adult B", b, ["Lukasz", "Luke", "Lukasz Nowak"]),
            E(rid, "date_of_birth", "03/09/1988", "aged 37", b),
            E(
                rid,
                "address",
                "Flat 3, 41 Mill Lane, Northmoor NM2 5HB",
                "Adult B's flat",
                b,
                ["41 Mill Lane", "Mill Lane", "NM2 5HB"],
                "Adult B's address after the separation (January to March 2026).",
            ),
            E(rid, "full_name", "Zoë Nowak", "Child A", ca, ["Zoe Nowak", "Zoë", "Zoe"]),
            E(rid, "date_of_birth", "22/07/2016", "aged 9", ca),
            E(rid, "full_name", "Oskar Nowak", "Child B", cb, ["Oskar", "Oscar Nowak"]),
            E(rid, "date_of_birth", "05/11/2019", "aged 6", cb),
            E(
                rid,
                "school",
                "St Aidan's Catholic Primary School, Northmoor",
                "the children's primary school",
                None,
                ["St Aidan's", "St Aidans"],
            ),
            E(rid, "full_name", "Bríd O'Neill", "Adult C", mother, ["Brid O'Neill", "Bridget"]),
            E(rid, "date_of_birth", "30/05/1966", "aged 59", mother),
            E(rid, "full_name", "Nguyễn Thị Mai", "Friend 1", friend, ["Nguyen Thi Mai", "Mai"]),
            E(
                rid,
                "full_name",
                "Halina Nowak",
                "Adult B's mother",
                None,
                ["Halina"],
                "Not a subject; contributed through an interpreter.",
            ),
            E(
                rid,
                "professional",
                "Dr Rhys Pritchard",
                "GP1",
                None,
                ["Dr Pritchard", "Rhys Pritchard"],
                "GP at Moorside Medical Practice; saw Adult A in October 2025 and February 2026.",
            ),
        ],
    )


def _northmoor_people(store: Store, rid: int) -> None:
    _ensure_person(
        store,
        m.ReviewPerson(
            rid,
            "chair",
            "Dr Helen Marsh",
            career_history="Probation officer and senior probation officer in the West Midlands "
            "(1994-2008); head of domestic abuse commissioning for a London borough "
            "(2008-2017); independent chair and author of statutory reviews since 2017.",
            relevant_experience="Chair of fourteen Domestic Homicide Reviews and four "
            "Safeguarding Adults Reviews, several with children in the household and with "
            "perpetrators under probation supervision. Doctoral research on risk assessment in "
            "intimate partner abuse (2012).",
            agency_links="No current or past link with any Northmoor agency in scope. She left "
            "the Probation Service in March 2008, in another region, and has had no employment "
            "or contract with it since. She has never lived or worked in Northmoor.",
            training="AAFDA DHR chair training (certificate 2017, refreshed 2024); Home Office "
            "DHR chair e-learning; SafeLives IDVA foundation course (2009).",
        ),
    )
    _ensure_person(
        store,
        m.ReviewPerson(
            rid,
            "author",
            "Samuel Okafor",
            career_history="Social worker and team manager in adult safeguarding in Yorkshire "
            "(2006-2019); independent author of safeguarding and domestic homicide reviews "
            "since 2019.",
            relevant_experience="Overview author of nine reviews, including two with a "
            "perpetrator whose first language was not English.",
            agency_links="None with any agency in scope. He has never worked in Northmoor or "
            "for Northmoor Council, and has no link with the Probation Service.",
            training="AAFDA DHR chair and author training (2020); Level 4 safeguarding adults; "
            "coercive control training by a specialist domestic abuse charity (2023).",
        ),
    )


def _northmoor_stages(store: Store, rid: int) -> None:
    _ensure_stages(
        store,
        rid,
        [
            (
                "notification",
                D(2026, 3, 16),
                D(2026, 3, 16),
                "Written notification from the Northmoor Constabulary Major Crime Team.",
            ),
            (
                "decision",
                D(2026, 3, 17),
                D(2026, 4, 2),
                "The CSP chair decided, after consulting partners, that the criteria are met: "
                "Adult A died after violence by her former intimate partner.",
            ),
            ("home_office_notified", None, D(2026, 4, 9), "Letter to the Home Office DHR team."),
            (
                "chair_appointed",
                None,
                D(2026, 4, 21),
                "Dr Helen Marsh appointed on a quote of "
                "twelve days at £600; Samuel Okafor as overview author.",
            ),
            ("panel_established", None, D(2026, 5, 19), "First panel meeting."),
            (
                "terms_of_reference",
                None,
                D(2026, 6, 16),
                "Version 1 agreed at the second panel meeting.",
            ),
            (
                "scoping",
                D(2026, 4, 22),
                D(2026, 6, 12),
                "Eleven agencies asked; ten had contact, records secured by 12 June 2026.",
            ),
            (
                "imrs",
                D(2026, 6, 19),
                None,
                "IMRs and chronologies requested on 19 June 2026, due 4 September 2026.",
            ),
        ],
    )


def _northmoor_parallel_and_pauses(store: Store, rid: int) -> None:
    trial = _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "criminal_trial",
            reference="Operation Larchfield",
            contact="Senior Investigating Officer, Northmoor Constabulary Major Crime Team",
            key_dates="Adult B charged with murder on 17 March 2026 and remanded in custody. "
            "Plea and trial preparation hearing 15 May 2026: not guilty plea. Trial began at "
            "Northmoor Crown Court on 2 November 2026, listed for four weeks.",
            blocks_publication=True,
            notes="Disclosure protocol agreed with the SIO and the CPS on 28 May 2026: IMRs and "
            "chronologies may be disclosed to the prosecution on request.",
        ),
    )
    _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "inquest",
            reference="Northmoor Coroner's Court 0412/2026",
            contact="Coroner's officer, Northmoor Coroner's Court",
            key_dates="Inquest opened on 20 March 2026 and adjourned until the criminal "
            "proceedings conclude.",
            blocks_publication=False,
        ),
    )
    _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "cspr",
            reference="NSCP rapid review 2026-04",
            contact="Business manager, Northmoor Safeguarding Children Partnership",
            key_dates="Rapid review held on 1 April 2026.",
            status="concluded",
            notes="The safeguarding partners decided a Child Safeguarding Practice Review was "
            "not needed: the learning about Child A and Child B will be drawn out in this "
            "review, with Children's Services on the panel.",
        ),
    )
    _ensure_pause(
        store,
        m.Pause(
            rid,
            "criminal_trial",
            D(2026, 9, 15),
            reason="At the request of the Senior Investigating Officer and the CPS, the panel "
            "agreed not to interview practitioners who are prosecution witnesses, or to take "
            "the family's account of the events of March 2026, until Adult B's trial has "
            "concluded. Agencies continue to complete their IMRs and chronologies.",
            parallel_process_id=trial,
        ),
    )


NORTHMOOR_PANEL = [
    (
        "DCI Karen Whitfield",
        "Detective Chief Inspector, Public Protection",
        NORTHMOOR_POLICE,
        "Senior manager",
    ),
    (
        "Priya Raman",
        "Designated Nurse, Safeguarding Adults",
        "NHS Northmoor Integrated Care Board",
        "Senior manager",
    ),
    (
        "Gareth Lloyd",
        "Head of Safeguarding",
        "Northmoor Council Adult Social Care",
        "Head of service",
    ),
    (
        "Fiona McAllister",
        "Service Manager, Children in Need",
        "Northmoor Council Children's Services",
        "Service manager",
    ),
    ("Daniel Osei", "Housing Options Manager", "Northmoor Homes", "Service manager"),
    ("Rachel Kemp", "Chief Executive", "Northmoor Women's Aid", "Chief executive"),
    (
        "Tom Brennan",
        "Head of Northmoor Probation Delivery Unit",
        "Probation Service",
        "Head of service",
    ),
]


def _northmoor_panel(store: Store, rid: int) -> dict[str, int]:
    return _ensure_panel(
        store,
        rid,
        [
            m.PanelMember(
                rid,
                name,
                role=role,
                agency=agency,
                seniority=seniority,
                declared_not_involved=True,
                declaration_date=D(2026, 5, 19),
            )
            for name, role, agency, seniority in NORTHMOOR_PANEL
        ],
    )


def _northmoor_meetings(store: Store, rid: int, panel: dict[str, int]) -> None:
    everyone = list(panel.values())
    _ensure_meeting(
        store,
        m.Meeting(
            rid,
            D(2026, 5, 19),
            "First panel meeting",
            agenda="1. Introductions, declarations of independence\n"
            "2. Circumstances of Adult A's death (restricted)\n"
            "3. Parallel processes and disclosure\n"
            "4. Scoping returns so far\n"
            "5. Draft terms of reference\n"
            "6. Involving Adult A's family and friends",
            minutes="The chair explained the purpose of a Domestic Homicide Review and that it "
            "does not apportion blame. Each member signed a declaration that they had no "
            "involvement with Adult A, Adult B or the children. DCI Whitfield summarised the "
            "circumstances and confirmed that Adult B is charged with murder; the SIO wishes "
            "to agree disclosure arrangements before practitioners are interviewed. Seven of "
            "eleven scoping forms have been returned. Members discussed the draft period: "
            "Northmoor Women's Aid asked that it start before the first police call-out so the "
            "pattern of coercive control is visible; the panel agreed March 2021. Apologies: "
            "Tom Brennan (Probation Service).",
            decisions="The review period runs from March 2021 to Adult A's death.\n"
            "The chair will make first contact with Adult A's family through the AAFDA "
            "advocate already supporting Adult A's mother.",
        ),
        [i for name, i in panel.items() if name != "Tom Brennan"],
        [
            (
                "Confirm with the SIO the disclosure arrangements and any restriction on "
                "contacting witnesses",
                "DCI Karen Whitfield",
                D(2026, 6, 2),
                D(2026, 5, 28),
            ),
            (
                "Write to Adult A's mother through her AAFDA advocate to introduce the review "
                "and invite her to take part",
                "Chair",
                D(2026, 5, 29),
                D(2026, 5, 27),
            ),
            (
                "Return the outstanding scoping forms and confirm that records are secured",
                "All panel agencies",
                D(2026, 6, 9),
                D(2026, 6, 12),
            ),
        ],
    )
    _ensure_meeting(
        store,
        m.Meeting(
            rid,
            D(2026, 6, 16),
            "Second panel meeting: terms of reference",
            agenda="1. Minutes and actions\n2. Scoping results\n3. Terms of reference for "
            "agreement\n4. IMR requests and timetable\n5. Family involvement",
            minutes="All scoping forms are now in. Ten agencies had contact; Northmoor Fire and "
            "Rescue Service had none in the review period and the panel agreed to exclude it, "
            "recording the reason. The panel went through the draft terms of reference line by "
            "line and added a line of enquiry on the children's experience. The chair reported "
            "on the letter to Adult A's mother; a meeting is arranged for 23 June. Adult B's "
            "mother speaks little English, so the invitation to her will be translated into "
            "Polish.",
            decisions="Terms of reference agreed as version 1.\n"
            "IMRs requested from the police, the GP practice, the hospital trust, Children's "
            "Services, Northmoor Homes and Northmoor Women's Aid; summaries of involvement from "
            "the others. IMRs due 4 September 2026.",
        ),
        everyone,
        [
            (
                "Send the IMR and chronology requests with the agreed terms of reference",
                "Chair",
                D(2026, 6, 23),
                D(2026, 6, 19),
            ),
            (
                "Arrange translation of the invitation letter to Adult B's mother into Polish",
                "DHR coordinator, Northmoor CSP",
                D(2026, 6, 30),
                D(2026, 7, 1),
            ),
        ],
    )
    _ensure_meeting(
        store,
        m.Meeting(
            rid,
            D(2026, 9, 15),
            "Third panel meeting: IMR progress and the criminal trial",
            agenda="1. Minutes and actions\n2. IMRs received\n3. Request from the SIO and "
            "CPS\n4. Family update\n5. Revised timetable",
            minutes="Five of six IMRs have been received; the Northmoor Homes IMR is late "
            "because its author left the organisation, and Daniel Osei apologised in advance "
            "of the meeting. DCI Whitfield relayed a request from the SIO and the CPS that the "
            "review should not interview practitioners who are witnesses before the trial. "
            "The panel discussed the effect on the six-month target and agreed that the IMR "
            "work can continue while interviews wait. Adult A's mother has shared a tribute, "
            "written with Adult A's sister. Apologies: Daniel Osei (Northmoor Homes).",
            decisions="The review is paused for the criminal trial from today; the pause is "
            "recorded with its reason.\nThe Home Office will be told of the pause and the "
            "revised timetable.",
        ),
        [i for name, i in panel.items() if name != "Daniel Osei"],
        [
            (
                "Tell the Home Office of the pause and the revised timetable",
                "Chair",
                D(2026, 9, 30),
                D(2026, 9, 22),
            ),
            (
                "Submit the overdue Northmoor Homes IMR and chronology",
                "Daniel Osei",
                D(2026, 10, 30),
                None,
            ),
        ],
    )


def _northmoor_agencies(store: Store, rid: int) -> None:
    A = m.Agency
    _ensure_agencies(
        store,
        rid,
        [
            A(
                rid,
                NORTHMOOR_POLICE,
                "Police",
                contact_role="Detective Inspector, Public Protection Review Unit",
            ),
            A(
                rid,
                "Moorside Medical Practice",
                "Health (GP)",
                contact_role="Practice safeguarding lead",
            ),
            A(
                rid,
                "Northmoor Hospitals NHS Foundation Trust",
                "Health (hospital)",
                contact_role="Named nurse, safeguarding adults",
            ),
            A(
                rid,
                "NHS Northmoor Integrated Care Board",
                "Health (commissioner)",
                contact_role="Designated nurse, safeguarding adults",
            ),
            A(
                rid,
                "Northmoor Council Children's Services",
                "Local authority",
                contact_role="Quality assurance manager",
            ),
            A(
                rid,
                "Northmoor Council Adult Social Care",
                "Local authority",
                contact_role="Safeguarding adults manager",
            ),
            A(
                rid,
                "Northmoor Council Education Safeguarding Service",
                "Education",
                contact_role="Education safeguarding lead (for the children's school)",
            ),
            A(rid, "Northmoor Homes", "Housing", contact_role="Tenancy services manager"),
            A(
                rid,
                "Northmoor Women's Aid",
                "Specialist domestic abuse service",
                contact_role="IDVA service manager",
            ),
            A(
                rid,
                "Probation Service (Northmoor Probation Delivery Unit)",
                "Criminal justice",
                contact_role="Senior probation officer",
            ),
            A(
                rid,
                "Northmoor Fire and Rescue Service",
                "Fire and rescue",
                in_scope=False,
                exclusion_reason="No contact with Adult A, Adult B or the children in the review "
                "period: scoping found only a home fire safety visit to a previous address in "
                "2019, before the period.",
            ),
        ],
    )


NORTHMOOR_PERIOD_RATIONALE = (
    "The period starts in March 2021 with the first recorded contact of any agency with Adult A "
    "and Adult B about domestic abuse (a police call-out to the family home during the third "
    "national lockdown), so it covers the pattern of coercive control, Child B's early years "
    "and Adult A's disclosures to her GP. It ends with Adult A's death. Agencies will summarise "
    "relevant earlier events, such as Adult B's 2019 conviction for drink driving, as "
    "background."
)
PARALLEL_TEXT_V1 = (
    "The police investigation and the prosecution of Adult B, and the coroner's inquest, run "
    "alongside this review. The chair will agree disclosure arrangements with the Senior "
    "Investigating Officer; IMRs and chronologies may be disclosed to the prosecution on request."
)
PARALLEL_TEXT_LATER = (
    PARALLEL_TEXT_V1 + " On 15 September 2026 the panel agreed, at the request of the SIO and "
    "the CPS, not to interview practitioners who are prosecution witnesses until the trial has "
    "concluded. The review will not be published before the criminal proceedings end."
)
NORTHMOOR_LINES = [
    "risk_assessment_1",
    "risk_assessment_3",
    "marac_mappa_1",
    "information_sharing_1",
    "coercive_control_1",
    "children_young_people_1",
    "specialist_da_services_2",
]
NORTHMOOR_LATER_LINE = (
    "Did language or culture affect what Adult B's family understood about the abuse, and "
    "whether they or Adult A sought help?"
)


def _northmoor_terms(store: Store, rid: int) -> None:
    _ensure_terms(
        store,
        m.TermsOfReference(
            rid,
            period_start=D(2021, 3, 1),
            period_end=D(2026, 3, 14),
            period_rationale=NORTHMOOR_PERIOD_RATIONALE,
            sections={
                "purpose": "To establish what lessons are to be learned from the death of Adult "
                "A about the way local professionals and organisations worked, individually and "
                "together, to safeguard her and her children; to identify those lessons clearly "
                "and how they will be acted on; and to improve the response to domestic abuse "
                "in Northmoor. The review will not re-investigate Adult A's death or apportion "
                "blame.",
                "family_involvement": "Adult A's mother, sister and friends will be invited to "
                "contribute with the support of an AAFDA advocate, and asked about pseudonyms. "
                "Adult B's mother will be invited in Polish and English. Adult B will be "
                "invited to contribute through his solicitor once the criminal proceedings "
                "have concluded.",
                "parallel_processes": PARALLEL_TEXT_V1,
                "timescales": "The panel aims to complete the review within six months of the "
                "decision (by 2 October 2026), subject to the criminal proceedings. Any delay "
                "and its reasons will be recorded and explained in the report.",
                "confidentiality": "Information is shared for the purposes of the review only "
                "and held securely. Until publication all material is marked "
                "OFFICIAL-SENSITIVE. The published report will use pseudonyms, roles for "
                "practitioners, and months rather than exact dates.",
                "media": "Media enquiries go to the Northmoor CSP communications officer. Panel "
                "members will not comment while the review and the criminal proceedings are "
                "ongoing.",
            },
        ),
    )
    _ensure_lines(
        store,
        rid,
        [_library_line(rid, line_id, n) for n, line_id in enumerate(NORTHMOOR_LINES, start=1)],
    )


def _northmoor_agree_terms(store: Store, rid: int) -> None:
    """Version 1 as agreed on 16 June 2026, then the edits made since (not yet agreed)."""
    _ensure_agreed(store, rid, D(2026, 6, 16), "Agreed at the second panel meeting.")
    _ensure_lines(
        store,
        rid,
        [m.LineOfEnquiry(rid, NORTHMOOR_LATER_LINE, theme_id="equality_diversity", sort=8)],
    )
    tor = store.repos.lifecycle.terms(rid)
    if tor.sections.get("parallel_processes") == PARALLEL_TEXT_V1:
        tor.sections["parallel_processes"] = PARALLEL_TEXT_LATER
        store.repos.lifecycle.save_terms(tor)


NORTHMOOR_TRIBUTE = (
    "Adult A was the eldest of three girls and the one everybody rang first. She could make a "
    "wedding cake from nothing and a bad day better with one phone call. She loved the sea, "
    "bad films and Sunday dinners that went on until dark, and she was the proudest mum you "
    "could meet: the fridge was a gallery of Child A's drawings and Child B's certificates. In "
    "the last years her light was dimmed, and we did not always understand why. We want "
    "people to remember her laugh, not the way she died, and we hope this review means that "
    "the next woman who says she is walking on eggshells is heard. (Written by Adult A's "
    "mother and sister.)"
)


def _northmoor_family(store: Store, rid: int, subjects: dict[str, int]) -> None:
    _ensure_family(
        store,
        m.FamilyMember(
            rid,
            "Bríd O'Neill",
            relationship="Mother of Adult A; kinship carer of Child A and Child B",
            subject_id=subjects["Adult C"],
            advocate="Joanne Fairley",
            advocate_org="AAFDA (Advocacy After Fatal Domestic Abuse)",
            consent_pseudonyms=True,
            tribute=NORTHMOOR_TRIBUTE,
        ),
        [
            (
                D(2026, 5, 27),
                "letter",
                "Introductory letter from the chair, sent through the AAFDA advocate with the "
                "Home Office leaflet for families and an invitation to meet.",
                "Advocate to call within a week to ask whether she would like to meet.",
            ),
            (
                D(2026, 6, 23),
                "in person",
                "Met at her home with her advocate. She spoke about Adult A's childhood, her "
                "work and how she changed after Child B was born. She agreed to pseudonyms and "
                "asked that the children be called Child A and Child B.",
                "Send a note of the meeting for her to check; ask whether the family would like "
                "to write a tribute.",
            ),
            (
                D(2026, 8, 14),
                "phone",
                "She returned her corrections to the note of the meeting and the tribute she "
                "wrote with Adult A's sister.",
                "Tribute to go into section 6 once she has approved the final wording.",
            ),
            (
                D(2026, 9, 17),
                "via advocate",
                "The advocate explained the pause for the criminal trial and what it means for "
                "the timetable; she was content for IMR work to continue.",
                "Next contact after the verdict.",
            ),
        ],
    )
    _ensure_family(
        store,
        m.FamilyMember(
            rid,
            "Halina Nowak",
            relationship="Mother of Adult B; grandmother of Child A and Child B",
            advocate="",
            advocate_org="",
            consent_pseudonyms=False,
            response="Wishes to contribute after her son's trial, in Polish.",
        ),
        [
            (
                D(2026, 7, 3),
                "letter",
                "Invitation to take part, sent in Polish and English; the offer of advocacy "
                "and of an interpreter was included.",
                "Follow up by telephone with an interpreter.",
            ),
            (
                D(2026, 7, 21),
                "phone",
                "Call with a Polish interpreter. She wants to help the review but not before "
                "her son's trial, and asked that letters to her be in Polish. She declined "
                "advocacy for now.",
                "Write again, in Polish, after the trial.",
            ),
        ],
    )
    _ensure_family(
        store,
        m.FamilyMember(
            rid,
            "Nguyễn Thị Mai",
            relationship="Friend and former colleague of Adult A",
            subject_id=subjects["Friend 1"],
            consent_pseudonyms=True,
        ),
        [
            (
                D(2026, 8, 4),
                "in person",
                "Met the chair at the CSP office. She described how Adult A lost touch with "
                "friends in the last two years of the relationship, that Adult B checked her "
                "phone and her bank account, and that Adult A told her in February 2026 she "
                "was frightened of what he would do now she had left.",
                "Note of the meeting sent for her agreement (agreed 20 August 2026).",
            ),
        ],
    )


def _northmoor_costs(store: Store, rid: int) -> None:
    C = m.Cost
    _ensure_costs(
        store,
        rid,
        [
            C(
                rid,
                "chair",
                _pounds(6900),
                "Independent chair, April to September 2026: three "
                "panel meetings, terms of reference, family meetings",
                D(2026, 9, 30),
                11.5,
                _pounds(600),
            ),
            C(
                rid,
                "author",
                _pounds(1650),
                "Overview author: panel meetings and chronology framework",
                D(2026, 9, 30),
                3.0,
                _pounds(550),
            ),
            C(
                rid,
                "advocacy",
                _pounds(1200),
                "AAFDA specialist advocacy for Adult A's mother (contribution)",
                D(2026, 7, 31),
            ),
            C(
                rid,
                "translation",
                _pounds(95),
                "Translation of the invitation letter into Polish",
                D(2026, 7, 1),
            ),
            C(
                rid,
                "translation",
                _pounds(140),
                "Polish interpreter for the telephone call with Adult B's mother (two hours)",
                D(2026, 7, 21),
                0.25,
                _pounds(560),
            ),
            C(
                rid,
                "admin",
                _pounds(420),
                "Minute-taking and rooms for three panel meetings",
                D(2026, 9, 30),
            ),
        ],
    )


def ensure_northmoor(store: Store) -> int:
    """DHR 2026/03: every part of running a review, at the IMR stage, paused for the trial."""
    rid = _northmoor_review(store)
    subjects = _northmoor_subjects(store, rid)
    _northmoor_register(store, rid, subjects)
    _northmoor_people(store, rid)
    _northmoor_stages(store, rid)
    _northmoor_parallel_and_pauses(store, rid)
    panel = _northmoor_panel(store, rid)
    _northmoor_meetings(store, rid, panel)
    _northmoor_agencies(store, rid)
    _northmoor_terms(store, rid)
    _northmoor_agree_terms(store, rid)
    _northmoor_family(store, rid, subjects)
    _northmoor_costs(store, rid)
    return rid


# ======================================================= DHR 2025/11 (Eastwick)
EASTWICK_SUMMARY = """\
Edward, aged 78, died in November 2025 at the home he shared with his son Michael, aged 47, \
who was his main carer. Michael pleaded guilty to manslaughter by reason of diminished \
responsibility in March 2026 and is detained in hospital under a restriction order.

Edward had Parkinson's disease and had fallen several times in the year before his death; \
Michael had a long history of depression and alcohol dependence and had lost his job in 2024. \
The review asks how agencies understood the risks in a caring relationship between an older \
father and his adult son, whether carer's assessments and safeguarding adults procedures were \
used, and whether Edward was ever asked, on his own, how things were at home."""


def ensure_eastwick(store: Store) -> int:
    """DHR 2025/11: familial homicide of an older man, drafting, six-month target missed."""
    rid = _ensure_review(
        store,
        EASTWICK_REFERENCE,
        "Death of Edward, November 2025 (fictional demo)",
        csp="Eastwick Community Safety Partnership",
        police_force_area="Eastwick and Vale Police",
        month_of_death="2025-11",
        summary=EASTWICK_SUMMARY,
        descriptors={
            "relationship_type": "parricide",
            "flags": [],
            "victim_age_band": "65+",
            "perpetrator_age_band": "45-54",
            "victim_sex": "male",
            "perpetrator_sex": "male",
            "victim_ethnicity": "white",
            "perpetrator_ethnicity": "white",
            "vulnerabilities": ["mental_health", "alcohol", "disability"],
            "court_outcome": "manslaughter_diminished_responsibility",
        },
    )
    subjects = _ensure_subjects(
        store,
        rid,
        [
            m.Subject(
                rid,
                "victim",
                "Edward",
                "male",
                "65+",
                "white",
                "aged 78; lived with Parkinson's disease.",
                1,
            ),
            m.Subject(
                rid,
                "perpetrator",
                "Michael",
                "male",
                "45-54",
                "white",
                "aged 47; Edward's son and main carer.",
                2,
            ),
        ],
    )
    E = m.RegisterEntry
    _ensure_register(
        store,
        rid,
        [
            E(
                rid,
                "full_name",
                "Dennis Hargreaves",
                "Edward",
                subjects["Edward"],
                ["Den", "Mr Hargreaves"],
            ),
            E(rid, "full_name", "Craig Hargreaves", "Michael", subjects["Michael"], ["Craig"]),
            E(
                rid,
                "address",
                "27 Fenwick Close, Eastwick EW3 9LP",
                "the family home",
                subjects["Edward"],
                ["Fenwick Close"],
            ),
            E(
                rid,
                "full_name",
                "Susan Whitley",
                "Edward's daughter",
                None,
                ["Susan Hargreaves", "Sue"],
            ),
        ],
    )
    _ensure_person(
        store,
        m.ReviewPerson(
            rid,
            "chair",
            "Alan Thwaite",
            career_history="Police officer for thirty years, retiring as a Detective "
            "Superintendent in another force in 2015; independent chair since 2016.",
            relevant_experience="Chair of twenty-two Domestic Homicide Reviews, five involving "
            "adult family homicide of an older person.",
            agency_links="No link with Eastwick and Vale Police or any other agency in scope.",
            training="AAFDA DHR chair training (2016, refreshed 2023).",
        ),
    )
    _ensure_stages(
        store,
        rid,
        [
            ("notification", None, D(2025, 11, 24), "Notified by Eastwick and Vale Police."),
            (
                "decision",
                None,
                D(2025, 12, 15),
                "Criteria met: death at the hands of a relative in the same household.",
            ),
            ("home_office_notified", None, D(2025, 12, 19), ""),
            ("chair_appointed", None, D(2026, 1, 12), ""),
            ("panel_established", None, D(2026, 2, 3), "First panel meeting."),
            ("terms_of_reference", None, D(2026, 3, 3), ""),
            ("scoping", None, D(2026, 2, 27), ""),
            ("imrs", D(2026, 3, 10), D(2026, 5, 29), "Five IMRs accepted."),
            (
                "family_involvement",
                D(2026, 1, 20),
                D(2026, 6, 30),
                "Edward's daughter met the chair twice; Michael declined through his solicitor.",
            ),
            ("drafting", D(2026, 7, 1), None, "Draft 2 circulated to the panel on 9 October 2026."),
        ],
    )
    inquest = _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "inquest",
            reference="Eastwick Coroner's Court 1187/2025",
            contact="Coroner's officer, Eastwick Coroner's Court",
            key_dates="Opened 28 November 2025 and adjourned; on 12 May 2026 the coroner "
            "decided not to resume it after the criminal proceedings.",
            status="concluded",
        ),
    )
    _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "criminal_trial",
            reference="Eastwick Crown Court T20260031",
            contact="Officer in the case, Eastwick and Vale Police",
            key_dates="Guilty plea to manslaughter (diminished responsibility) on 9 March 2026; "
            "hospital order with restrictions on 17 April 2026.",
            status="concluded",
        ),
    )
    _ensure_pause(
        store,
        m.Pause(
            rid,
            "inquest",
            D(2026, 4, 1),
            D(2026, 5, 12),
            reason="The coroner asked the panel to hold interviews with the GP and ambulance "
            "staff until she had decided whether to resume the inquest.",
            parallel_process_id=inquest,
        ),
    )
    panel = _ensure_panel(
        store,
        rid,
        [
            m.PanelMember(
                rid,
                "Nadia Haque",
                "Head of Safeguarding Adults",
                "Eastwick Council Adult Social Care",
                "Head of service",
                True,
                D(2026, 2, 3),
            ),
            m.PanelMember(
                rid,
                "DI Paul Garside",
                "Detective Inspector, Review Unit",
                "Eastwick and Vale Police",
                "Senior manager",
                True,
                D(2026, 2, 3),
            ),
            m.PanelMember(
                rid,
                "Dr Olu Adebayo",
                "Named GP for Safeguarding",
                "NHS Eastwick and Vale Integrated Care Board",
                "Senior clinician",
                True,
                D(2026, 2, 3),
            ),
        ],
    )
    _ensure_meeting(
        store,
        m.Meeting(
            rid,
            D(2026, 10, 21),
            "Panel meeting: draft 2 of the overview report",
            agenda="1. Comments on draft 2\n2. Recommendations and action plan\n3. Timetable",
            minutes="Members agreed the analysis of the carer's assessment offered in 2024 "
            "needs the Adult Social Care records of the telephone call, which have not yet "
            "been supplied. The chair will hold the executive summary until they arrive.",
            decisions="Draft 3 to follow once Adult Social Care has confirmed the records.",
        ),
        list(panel.values()),
        [
            (
                "Confirm whether a carer's assessment was offered to Michael in 2024 and send "
                "the record of the call",
                "Nadia Haque",
                D(2026, 11, 6),
                None,
            ),
            (
                "Send written comments on draft 2",
                "All panel members",
                D(2026, 10, 28),
                D(2026, 10, 27),
            ),
        ],
    )
    _ensure_terms(
        store,
        m.TermsOfReference(
            rid,
            D(2024, 1, 1),
            D(2025, 11, 22),
            "From January 2024, when Edward's Parkinson's disease was diagnosed and Michael "
            "became his carer, to Edward's death.",
        ),
    )
    _ensure_lines(
        store,
        rid,
        [
            _library_line(rid, "adult_family_older_carers_1", 1),
            _library_line(rid, "adult_family_older_carers_2", 2),
            _library_line(rid, "mental_health_1", 3),
            _library_line(rid, "substance_misuse_1", 4),
        ],
    )
    _ensure_agreed(store, rid, D(2026, 3, 3), "Agreed at the second panel meeting.")
    _ensure_agencies(
        store,
        rid,
        [
            m.Agency(rid, "Eastwick and Vale Police", "Police"),
            m.Agency(rid, "Eastwick Council Adult Social Care", "Local authority"),
            m.Agency(rid, "Vale Road Surgery", "Health (GP)"),
            m.Agency(rid, "Eastwick Community Mental Health Team", "Health (mental health)"),
            m.Agency(rid, "Regional Ambulance Service NHS Trust", "Health (ambulance)"),
        ],
    )
    _ensure_family(
        store,
        m.FamilyMember(
            rid,
            "Susan Whitley",
            relationship="Daughter of Edward; sister of Michael",
            advocate="Mark Ellis",
            advocate_org="AAFDA (Advocacy After Fatal Domestic Abuse)",
            consent_pseudonyms=True,
            tribute="Dad was a bus driver for thirty-one years and knew every road in Eastwick. "
            "He kept pigeons, sang in the chapel choir until his voice went, and never missed a "
            "grandchild's birthday. (Written by Edward's daughter.)",
        ),
        [
            (
                D(2026, 1, 20),
                "phone",
                "First call with her advocate present; she agreed to meet.",
                "Arrange a meeting.",
            ),
            (
                D(2026, 2, 16),
                "in person",
                "Met the chair. She described her father's decline "
                "and her worries about her brother's drinking, which she told the GP about in "
                "2025.",
                "Chair to check the GP record of her call.",
            ),
        ],
    )
    _ensure_costs(
        store,
        rid,
        [
            m.Cost(
                rid,
                "chair",
                _pounds(9100),
                "Independent chair, January to October 2026",
                D(2026, 10, 31),
                14.0,
                _pounds(650),
            ),
            m.Cost(
                rid, "admin", _pounds(310), "Minute-taking for four panel meetings", D(2026, 10, 31)
            ),
        ],
    )
    return rid


# ====================================================== DHR 2026/08 (Southmere)
SOUTHMERE_SUMMARY = """\
Adult A, a 23-year-old man, took his own life in September 2026. After his death Southmere \
Police and his family found messages showing that his partner, Adult B, had controlled his \
money, his phone and his contact with his family for about two years. The police notified \
the Community Safety Partnership because the 2016 guidance includes suicides where domestic \
abuse is a concern. The partnership has not yet decided whether to hold a review."""


def ensure_southmere(store: Store) -> int:
    """DHR 2026/08: notified in October 2026; the decision is overdue."""
    rid = _ensure_review(
        store,
        SOUTHMERE_REFERENCE,
        "Death of Adult A, September 2026 (fictional demo)",
        csp="Southmere Community Safety Partnership",
        police_force_area="Southmere Police",
        month_of_death="2026-09",
        summary=SOUTHMERE_SUMMARY,
        descriptors={
            "relationship_type": "victim_suicide",
            "flags": ["coercive_control", "economic_abuse"],
            "victim_age_band": "20-24",
            "perpetrator_age_band": "20-24",
            "victim_sex": "male",
            "perpetrator_sex": "female",
            "vulnerabilities": ["mental_health"],
            "court_outcome": "not_applicable",
        },
    )
    subjects = _ensure_subjects(
        store,
        rid,
        [
            m.Subject(rid, "victim", "Adult A", "male", "20-24", "mixed", "aged 23.", 1),
            m.Subject(
                rid,
                "perpetrator",
                "Adult B",
                "female",
                "20-24",
                "white",
                "aged 22; Adult A's partner for two years.",
                2,
            ),
        ],
    )
    _ensure_register(
        store,
        rid,
        [
            m.RegisterEntry(
                rid,
                "full_name",
                "Tomás Ferreira-Mensah",
                "Adult A",
                subjects["Adult A"],
                ["Tom", "Tomas Ferreira-Mensah", "TJ"],
            ),
            m.RegisterEntry(
                rid,
                "full_name",
                "Chloé Marsden",
                "Adult B",
                subjects["Adult B"],
                ["Chloe Marsden", "Clo"],
            ),
        ],
    )
    _ensure_stages(
        store,
        rid,
        [
            (
                "notification",
                None,
                D(2026, 10, 14),
                "Notified by Southmere Police after the "
                "coroner's officer raised concerns about coercive control.",
            )
        ],
    )
    _ensure_parallel(
        store,
        m.ParallelProcess(
            rid,
            "inquest",
            reference="Southmere Coroner's Court 0933/2026",
            contact="Coroner's officer, Southmere Coroner's Court",
            key_dates="Inquest opened and adjourned on 2 October 2026.",
        ),
    )
    return rid


# ------------------------------------------------------------------ the demo
def ensure_demo_reviews(store: Store) -> list[str]:
    """Create the three fictional demo reviews, or whatever of them is missing.

    Returns their references, the main demo review first.
    """
    ensure_northmoor(store)
    ensure_eastwick(store)
    ensure_southmere(store)
    return list(DEMO_REFERENCES)


def write_overview(store: Store, out_dir: Path) -> Path:
    """The restricted overview report of the demo review, as PDF."""
    document = build_overview_skeleton(
        store, DEMO_REFERENCE, details=DEMO_DETAILS, marking=DEMO_MARKING
    )
    return write_pdf(document, out_dir / OVERVIEW_RESTRICTED_FILE)


def write_restricted_documents(store: Store, out_dir: Path) -> list[Path]:
    """The other documents of the demo review (restricted edition), as PDF and, once the
    DOCX backend exists, as DOCX: executive summary, action plan, combined chronology,
    terms of reference and each requested agency's IMR."""
    import importlib.util

    from dhrdesk.documents.builders import build_document

    review = store.repos.reviews.get(DEMO_REFERENCE)
    stem = DEMO_REFERENCE.replace(" ", "-").replace("/", "-")
    jobs: list[tuple[str, str | None, str]] = [
        ("executive-summary", None, "executive-summary"),
        ("action-plan", None, "action-plan"),
        ("chronology", None, "chronology"),
        ("terms-of-reference", None, "terms-of-reference"),
    ]
    in_scope = [a for a in store.repos.records.list(m.Agency, review.id) if a.in_scope]
    requested = [
        a
        for a in in_scope
        if store.repos.agency_input.request(a.id).request_type == "imr"
        and store.repos.agency_input.request(a.id).requested_on
    ]
    for agency in requested or in_scope[:1]:  # no request recorded yet: show one IMR
        slug = "".join(c if c.isalnum() else "-" for c in agency.name).strip("-")
        jobs.append(("imr", agency.name, f"imr-{slug}"))
    docx = None
    if importlib.util.find_spec("dhrdesk.documents.docx") is not None:
        from dhrdesk.documents import docx
    written: list[Path] = []
    for kind, agency_name, name in jobs:
        document = build_document(
            store, DEMO_REFERENCE, kind, marking=DEMO_MARKING, agency=agency_name
        )
        written.append(write_pdf(document, out_dir / f"{stem}-{name}-restricted.pdf"))
        if docx is not None and hasattr(docx, "write_docx"):
            written.append(docx.write_docx(document, out_dir / f"{stem}-{name}-restricted.docx"))
    return written


def write_demo_letters(store: Store, out_dir: Path) -> list[Path]:
    """The standard letters of the demo review, as PDF and DOCX: the Home Office
    notification, the request to the first agency asked for an IMR, and the first
    letter to the first family member recorded."""
    from dhrdesk.documents.letters import build_letter, write_letter

    review = store.repos.reviews.get(DEMO_REFERENCE)
    stem = DEMO_REFERENCE.replace(" ", "-").replace("/", "-")
    agencies = [a for a in store.repos.records.list(m.Agency, review.id) if a.in_scope]
    family = store.repos.records.list(m.FamilyMember, review.id)
    jobs: list[tuple[str, dict]] = [("home-office-notification", {})]
    if agencies:
        jobs.append(("agency-request", {"agency": agencies[0].name}))
    if family:
        jobs.append(("family-first-letter", {"family_member_id": family[0].id}))
    written: list[Path] = []
    for kind, options in jobs:
        letter = build_letter(store, review.id, kind, marking=DEMO_MARKING, **options)
        for fmt in ("pdf", "docx"):
            written.append(write_letter(letter, out_dir / f"{stem}-letter-{kind}.{fmt}", fmt))
    return written


def write_demo_documents(store: Store, out_dir: Path) -> list[Path]:
    """Every document of the demo review (the overview first, as PDF and DOCX), then the
    other restricted documents and the standard letters; later issues append theirs."""
    from dhrdesk.documents.docx import write_docx

    overview = write_overview(store, out_dir)
    document = build_overview_skeleton(
        store, DEMO_REFERENCE, details=DEMO_DETAILS, marking=DEMO_MARKING
    )
    overview_docx = write_docx(document, overview.with_suffix(".docx"))
    return [
        overview,
        overview_docx,
        *write_restricted_documents(store, out_dir),
        *write_demo_letters(store, out_dir),
    ]


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the output folder readable by the user only (documents hold case data)."""
    out_dir = Path(out_dir)
    existed = out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not existed:
        os.chmod(out_dir, 0o700)  # mkdir's mode is reduced by the umask; be explicit
    return out_dir


def run_demo(store: Store, out_dir: Path) -> list[Path]:
    """Fill ``store`` with the fictional demo reviews (what is missing) and write documents."""
    out_dir = prepare_out_dir(out_dir)
    ensure_demo_reviews(store)
    return write_demo_documents(store, out_dir)
