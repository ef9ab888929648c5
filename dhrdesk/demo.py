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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dhrdesk.core import model as m
from dhrdesk.core.taxonomy import load_lines_of_enquiry
from dhrdesk.documents.build import ReviewDetails
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
# The nine older or later reviews of the learning library (see LIBRARY_STORIES).
LIBRARY_REFERENCES = (
    "DHR 2021/04",
    "DHR 2021/09",
    "DHR 2022/02",
    "DHR 2022/07",
    "DHR 2023/01",
    "DHR 2023/08",
    "DHR 2024/05",
    "DHR 2024/11",
    "DHR 2025/06",
)

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
        csp_signatory="Councillor Ruth Adebayo, Chair of Northmoor Community Safety Partnership",
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
            email="helen.marsh@northmoor-dhr.example",  # fictional (.example is reserved)
            phone="01632 960418",  # a number Ofcom keeps for drama: never rings anyone
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
            title="Mrs",
            surname="O'Neill",
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
            title="Mrs",
            surname="Nowak",
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
            title="Ms",
            surname="Nguyễn",
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


# (agency, type, received, quality-checked, accepted, author, role, chases) — requested on
# 22 June 2026 after the records were secured, due 30 September 2026 (the trial pause began
# mid-September, so the later returns are still expected).
NORTHMOOR_REQUESTS = [
    (
        NORTHMOOR_POLICE,
        "imr",
        D(2026, 9, 18),
        D(2026, 9, 28),
        D(2026, 10, 6),
        "DI Priya Raman",
        "Detective Inspector, Public Protection Review Unit",
        [],
    ),
    (
        "Moorside Medical Practice",
        "imr",
        D(2026, 9, 29),
        D(2026, 10, 8),
        None,
        "Dr Alison Kerr",
        "GP partner, named GP for safeguarding",
        [],
    ),
    (
        "Northmoor Hospitals NHS Foundation Trust",
        "imr",
        D(2026, 9, 25),
        None,
        None,
        "Karen Lowe",
        "Named nurse, safeguarding adults",
        [],
    ),
    (
        "Northmoor Council Children's Services",
        "imr",
        D(2026, 10, 2),
        D(2026, 10, 14),
        D(2026, 10, 20),
        "Martin Fell",
        "Service manager, quality assurance",
        [],
    ),
    (
        "Northmoor Women's Aid",
        "imr",
        D(2026, 9, 30),
        D(2026, 10, 9),
        None,
        "Grace Adeyemi",
        "Head of services",
        [],
    ),
    ("Northmoor Homes", "imr", None, None, None, "", "", [D(2026, 10, 7), D(2026, 10, 28)]),
    (
        "Northmoor Council Adult Social Care",
        "summary",
        D(2026, 9, 12),
        None,
        None,
        "Rebecca Shaw",
        "Safeguarding adults manager",
        [],
    ),
    (
        "Northmoor Council Education Safeguarding Service",
        "summary",
        None,
        None,
        None,
        "",
        "",
        [D(2026, 10, 21)],
    ),
]


def _northmoor_requests(store: Store, rid: int) -> None:
    """The IMR requests and returns (idempotent: an existing request is left as it is)."""
    repo = store.repos.agency_input
    for name, kind, received, checked, accepted, author, role, chases in NORTHMOOR_REQUESTS:
        agency = repo.agency_by_name(rid, name)
        if agency is None or repo.request(agency.id).requested_on is not None:
            continue
        request = m.AgencyRequest(
            agency.id,
            request_type=kind,
            requested_on=D(2026, 6, 22),
            records_secured_on=D(2026, 4, 22),
            due_on=D(2026, 9, 30),
            chases=[c.isoformat() for c in chases],
            received_on=received,
            quality_checked_on=checked,
            accepted_on=accepted,
            author_name=author,
            author_role=role,
            author_independence=(
                "I had no involvement with Adult A, Adult B or their children, and I do not "
                "line-manage any of the practitioners whose work is reviewed."
                if author
                else ""
            ),
        )
        repo.save_request(request, today=D(2026, 11, 20))
        if checked is not None:
            for item, _label in m.IMR_QUALITY_ITEMS:
                repo.save_quality(agency.id, item, "met")
        elif received is not None:
            repo.save_quality(agency.id, "independence", "met")
            repo.save_quality(
                agency.id,
                "analysis_each_line",
                "partly",
                "No analysis yet against the line of enquiry on barriers to seeking help.",
            )


NORTHMOOR_CONFIDENTIALITY = """The findings of this review are confidential until it is published. Information is \
available only to participating officers and professionals and their line managers. The \
people at the centre of the review are referred to by pseudonyms chosen with Adult A's \
mother: Adult A (the victim), Adult B (the perpetrator), Child A and Child B (their \
children) and Adult C (Adult A's mother). Professionals are referred to by their roles."""

NORTHMOOR_METHODOLOGY = """Each agency that had contact with Adult A, Adult B or the children secured its records in \
April 2026 and was asked for an Individual Management Review or a summary of involvement, \
with a chronology, by 30 September 2026. The panel met three times before the criminal \
trial began; the chair read every return, asked follow-up questions where the analysis was \
thin, and met Adult A's mother and sister with their advocate from AAFDA. Adult B was \
written to through his solicitor; he has not replied while the trial is pending."""


def _northmoor_sections(store: Store, rid: int) -> None:
    """The chair's first paragraphs of the overview (the rest waits for the IMRs)."""
    _ensure_sections(
        store,
        rid,
        {
            "introduction": "\n\n".join(DEMO_DETAILS.introduction),
            "confidentiality": NORTHMOOR_CONFIDENTIALITY,
            "methodology": NORTHMOOR_METHODOLOGY,
            "background": NORTHMOOR_SUMMARY,
        },
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
    _northmoor_requests(store, rid)
    _northmoor_sections(store, rid)
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
        csp_signatory="Angela Price, Chair of Eastwick Community Safety Partnership",
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
            email="chair@eastwick-dhr.example",  # fictional (.example is reserved)
            phone="01632 960271",  # a number Ofcom keeps for drama
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
            title="Mrs",
            surname="Whitley",
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


# ============================================= learning across reviews: the common parts
# The parts of a review that feed the learning library, search and action-plan
# monitoring: chronology rows, IMR text, learning points, recommendations with their
# actions and updates, and report sections. Each is ensured by a natural key (an
# external key, a text, a section key), so a second run adds nothing.


@dataclass(frozen=True)
class Row:
    """One chronology row: agency name, partial ISO date, event, significance, themes."""

    agency: str
    date: str
    event: str
    significance: str = ""
    key_event: bool = False
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Point:
    """A learning point: kind (finding, lesson, key_issue, good_practice), text, themes."""

    kind: str
    text: str
    themes: tuple[str, ...]
    agency: str = ""


@dataclass(frozen=True)
class Update:
    date: D
    text: str
    status: str


@dataclass(frozen=True)
class Act:
    """An action of the action plan, with its progress updates (oldest first)."""

    text: str
    lead: str
    target: D | None
    status: str = "not_started"
    done: D | None = None
    outcome: str = ""
    milestones: str = ""
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True)
class Rec:
    text: str
    lead: str
    sector: str
    rec_type: str
    scope: str
    themes: tuple[str, ...]
    actions: tuple[Act, ...] = ()
    evidence: str = ""


def _rec_status(actions: Iterable[Act]) -> str:
    """A recommendation's status follows its actions."""
    statuses = [a.status for a in actions]
    if not statuses or all(s == "not_started" for s in statuses):
        return "not_started"
    if all(s == "completed" for s in statuses):
        return "completed"
    if all(s in ("completed", "closed_not_achieved") for s in statuses):
        return "closed_not_achieved"
    return "in_progress"


def _agency_ids(store: Store, review_id: int) -> dict[str, int]:
    return {a.name: a.id for a in store.repos.records.list(m.Agency, review_id)}


def _ensure_chronology(store: Store, review_id: int, rows: Iterable[Row]) -> None:
    """Chronology rows keyed by an external key made from their agency and order."""
    repo = store.repos.agency_input
    agencies = _agency_ids(store, review_id)
    present = {(e.agency_id, e.external_key) for e in repo.entries(review_id)}
    missing: list[m.ChronologyEntry] = []
    for n, row in enumerate(rows, start=1):
        agency_id = agencies[row.agency]
        key = f"demo-{n:03d}"
        if (agency_id, key) in present:
            continue
        missing.append(
            m.ChronologyEntry(
                review_id,
                agency_id,
                row.date,
                f"{row.agency} chronology",
                event=row.event,
                sequence=n,
                significance=row.significance,
                key_event=row.key_event,
                themes=list(row.themes),
                external_key=key,
            )
        )
    if missing:
        repo.add_entries(missing, kind="chronology.demo")


def _ensure_imr(store: Store, review_id: int, agency: str, sections: dict[str, str]) -> None:
    repo = store.repos.agency_input
    agency_id = _agency_ids(store, review_id)[agency]
    present = repo.imr_sections(agency_id)
    for key, text in sections.items():
        if not present.get(key):
            repo.save_imr_section(agency_id, key, text)


def _ensure_learning(store: Store, review_id: int, points: Iterable[Point]) -> None:
    agencies = _agency_ids(store, review_id)
    for sort, point in enumerate(points, start=1):
        _ensure(
            store,
            m.LearningPoint(
                review_id,
                point.kind,
                point.text,
                themes=list(point.themes),
                agency_id=agencies.get(point.agency),
                sort=sort,
            ),
            review_id,
            lambda r: r.text,
        )


def _ensure_recommendations(
    store: Store, review_id: int, recs: Iterable[Rec], *, clear_done: bool = True
) -> None:
    """Recommendations (numbered in order), their actions and each action's updates. The
    action's status is the last update's, as monitoring would have recorded it."""
    for number, rec in enumerate(recs, start=1):
        clear = {item: True for item, _ in m.CLEAR_ITEMS}
        if not clear_done:
            clear["review"] = False
        rec_id = _ensure(
            store,
            m.Recommendation(
                review_id,
                number,
                rec.text,
                scope=rec.scope,
                lead_agency=rec.lead,
                sector=rec.sector,
                rec_type=rec.rec_type,
                themes=list(rec.themes),
                clear=clear,
                status=_rec_status(rec.actions),
                evidence=rec.evidence,
            ),
            review_id,
            lambda r: r.text,
        )
        for sort, act in enumerate(rec.actions, start=1):
            action_id = _ensure(
                store,
                m.Action(
                    rec_id,
                    act.text,
                    lead_agency=act.lead,
                    milestones=act.milestones,
                    target_date=act.target,
                    completed_on=act.done,
                    outcome=act.outcome,
                    status=act.status,
                    sort=sort,
                ),
                rec_id,
                lambda r: r.text,
            )
            for update in act.updates:
                _ensure(
                    store,
                    m.ActionUpdate(
                        action_id,
                        update.date,
                        update.text,
                        update.status,
                        recorded_by="DHR coordinator (demo)",
                        recorded_at=f"{update.date.isoformat()}T10:00:00+00:00",
                    ),
                    action_id,
                    lambda r: (r.date, r.text),
                )


def _paragraphs(text: str) -> list[dict]:
    return [
        {"type": "paragraph", "runs": [{"text": " ".join(p.split())}]}
        for p in text.split("\n\n")
        if p.strip()
    ]


def _ensure_sections(
    store: Store, review_id: int, sections: dict[str, str], document: str = "overview"
) -> None:
    """The chair's text of some sections of a document (left alone once written)."""
    drafting = store.repos.drafting
    for key, text in sections.items():
        section = drafting.section(review_id, document, key)
        if not section.content:
            section.content = _paragraphs(text)
            drafting.save_section(section)


def _stage_plan(notified: D, last: D, completed: int, open_from: D | None = None) -> list:
    """Completion dates for the first ``completed`` stages of the profile, spread evenly
    from the notification to ``last``; the next stage started on ``open_from``."""
    from dhrdesk.core.profiles import get_profile

    stages = [s.id for s in get_profile("dhr-2016").stages]
    span = (last - notified).days
    plan: list[tuple[str, D | None, D | None, str]] = []
    for i in range(completed):
        day = notified + dt.timedelta(days=round(span * i / max(completed - 1, 1)))
        plan.append((stages[i], None, day, ""))
    if open_from is not None and completed < len(stages):
        plan.append((stages[completed], open_from, None, ""))
    return plan


@dataclass(frozen=True)
class Story:
    """One more fictional review for the learning library: its record, people, stages,
    agencies, chronology, learning, recommendations and (older reviews) report text."""

    reference: str
    title: str
    csp: str
    police: str
    month_of_death: str
    summary: str
    descriptors: dict
    victim: tuple[str, str, str, str, str]  # pseudonym, sex, age band, ethnicity, description
    perpetrator: tuple[str, str, str, str, str]
    victim_name: str  # the invented "real" name, for the restricted register
    notified: D
    last_stage: D
    completed: int
    open_from: D | None
    agencies: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]
    points: tuple[Point, ...]
    recs: tuple[Rec, ...]
    sections: dict = field(default_factory=dict)
    clear_done: bool = True


def ensure_story(store: Store, story: Story) -> int:
    """Create one library review from its story, or whatever of it is missing."""
    rid = _ensure_review(
        store,
        story.reference,
        story.title,
        csp=story.csp,
        police_force_area=story.police,
        month_of_death=story.month_of_death,
        summary=story.summary,
        descriptors=story.descriptors,
    )
    subjects = _ensure_subjects(
        store,
        rid,
        [
            m.Subject(rid, "victim", *story.victim, sort=1),
            m.Subject(rid, "perpetrator", *story.perpetrator, sort=2),
        ],
    )
    victim = story.victim[0]
    _ensure_register(
        store,
        rid,
        [m.RegisterEntry(rid, "full_name", story.victim_name, victim, subjects[victim])],
    )
    _ensure_stages(
        store, rid, _stage_plan(story.notified, story.last_stage, story.completed, story.open_from)
    )
    _ensure_agencies(store, rid, [m.Agency(rid, name, kind) for name, kind in story.agencies])
    _ensure_chronology(store, rid, story.rows)
    _ensure_learning(store, rid, story.points)
    _ensure_recommendations(store, rid, story.recs, clear_done=story.clear_done)
    _ensure_sections(store, rid, story.sections)
    return rid


# ====================================================== the learning library: nine reviews
WESTVALE_CSP = "Westvale Community Safety Partnership"
WESTVALE_POLICE = "Westvale and Downs Police"
SOUTHMERE_CSP = "Southmere Community Safety Partnership"
EASTWICK_CSP = "Eastwick Community Safety Partnership"

WESTVALE_2021 = Story(
    reference="DHR 2021/04",
    title="Death of Bethan, April 2021 (fictional demo)",
    csp=WESTVALE_CSP,
    police=WESTVALE_POLICE,
    month_of_death="2021-04",
    summary="Bethan, aged 41, was killed by her husband Gareth, aged 44, at their home in "
    "Westvale in April 2021, during the third national lockdown. Gareth was convicted of her "
    "murder. They had been married for fifteen years and had a teenage son. Bethan had told "
    "her GP and a colleague that Gareth controlled the family's money and her contact with "
    "friends, and lockdown had closed the few places she went without him. No agency had "
    "identified domestic abuse before her death.",
    descriptors={
        "relationship_type": "intimate_partner",
        "flags": ["coercive_control", "economic_abuse", "children_present"],
        "victim_age_band": "35-44",
        "perpetrator_age_band": "35-44",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["mental_health"],
        "court_outcome": "murder",
    },
    victim=("Bethan", "female", "35-44", "white", "aged 41; a school administrator."),
    perpetrator=("Gareth", "male", "35-44", "white", "aged 44; Bethan's husband."),
    victim_name="Carys Pryce-Morgan",
    notified=D(2021, 4, 19),
    last_stage=D(2025, 3, 31),
    completed=16,
    open_from=None,
    agencies=(
        (WESTVALE_POLICE, "Police"),
        ("Downs View Surgery", "Health (GP)"),
        ("Westvale Council Children's Services", "Local authority"),
        ("Westvale Academy Trust", "Education"),
    ),
    rows=(
        Row(
            "Downs View Surgery",
            "2020-06-11",
            "Telephone consultation during lockdown: Bethan reported low mood and poor sleep; "
            "antidepressants started. Gareth could be heard in the room during the call.",
            "A remote consultation with the partner present; no opportunity to ask about abuse.",
            True,
            ("professional_curiosity", "context", "health_services"),
        ),
        Row(
            "Westvale Academy Trust",
            "2020-11-02",
            "Bethan's son told a tutor his parents argued about money and that his dad "
            "'checks everything mum buys'. Recorded as a wellbeing note.",
            "A disclosure of economic control not shared with the designated safeguarding lead.",
            True,
            ("coercive_control", "children_young_people", "information_sharing"),
        ),
        Row(
            "Downs View Surgery",
            "2021-02",
            "Medication review by letter; no contact with Bethan.",
            "",
            False,
            ("health_services",),
        ),
        Row(
            WESTVALE_POLICE,
            "2021-04-16",
            "999 call from a neighbour reporting screaming; officers found Bethan with fatal "
            "injuries. Gareth was arrested at the scene.",
            "The first police contact with the family.",
            True,
            ("perpetrator_management",),
        ),
    ),
    points=(
        Point(
            "finding",
            "Coercive and controlling behaviour, including control of money, was described to "
            "two agencies but recognised as domestic abuse by neither.",
            ("coercive_control", "professional_curiosity"),
        ),
        Point(
            "lesson",
            "Remote consultations need a safe way to ask about abuse: a patient may not be "
            "alone, and a yes-or-no question can be answered for them.",
            ("professional_curiosity", "health_services", "context"),
            "Downs View Surgery",
        ),
        Point(
            "lesson",
            "What children say about control at home is information about risk to their "
            "parent as well as about their own welfare, and should reach the safeguarding lead.",
            ("children_young_people", "information_sharing", "coercive_control"),
            "Westvale Academy Trust",
        ),
        Point(
            "key_issue",
            "Lockdown removed the ordinary places where Bethan might have been seen alone.",
            ("context", "family_community_awareness"),
        ),
        Point(
            "good_practice",
            "The school's tutor recorded the boy's words verbatim, which let the review "
            "understand exactly what was said.",
            ("good_practice", "recording"),
            "Westvale Academy Trust",
        ),
    ),
    recs=(
        Rec(
            "Downs View Surgery and the other Westvale practices to adopt a safe routine "
            "enquiry protocol for remote consultations, including a code phrase and a call-back "
            "at a time the patient chooses.",
            "NHS Westvale Integrated Care Board",
            "Health",
            "process",
            "local",
            ("professional_curiosity", "health_services"),
            (
                Act(
                    "Publish a remote-consultation routine enquiry protocol for all practices.",
                    "NHS Westvale Integrated Care Board",
                    D(2023, 12, 31),
                    "completed",
                    D(2023, 11, 14),
                    "Protocol adopted by all 31 practices; audit in 2024 found it used in 64% "
                    "of remote consultations where abuse was a concern.",
                    updates=(
                        Update(D(2023, 7, 3), "Draft protocol agreed with the LMC.", "in_progress"),
                        Update(
                            D(2023, 11, 14),
                            "Protocol published and cascaded at the safeguarding leads forum.",
                            "completed",
                        ),
                    ),
                ),
            ),
            evidence="Audit of 2024 in the ICB safeguarding report.",
        ),
        Rec(
            "Westvale Academy Trust to train tutors to recognise economic abuse and coercive "
            "control in what pupils say, and to pass it to the designated safeguarding lead.",
            "Westvale Academy Trust",
            "Education",
            "training",
            "single_agency",
            ("training", "coercive_control", "children_young_people"),
            (
                Act(
                    "Deliver coercive control training to all tutors in the trust's five schools.",
                    "Westvale Academy Trust",
                    D(2024, 3, 31),
                    "closed_not_achieved",
                    D(2024, 9, 30),
                    "Training reached two of five schools before the trust's safeguarding lead "
                    "post was cut; the board closed the action as not achieved.",
                    updates=(
                        Update(D(2024, 2, 5), "Training delivered in two schools.", "in_progress"),
                        Update(
                            D(2024, 9, 30),
                            "The post funding the training ended; closed as not achieved and "
                            "referred to the partnership's training plan.",
                            "closed_not_achieved",
                        ),
                    ),
                ),
            ),
        ),
    ),
    sections={
        "analysis": "Bethan's contact with agencies in the year before her death was almost "
        "entirely remote. The GP consultation in June 2020 took place by telephone while "
        "Gareth was in the room; the GP noted low mood and prescribed an antidepressant but "
        "had no safe way to ask whether anything at home was frightening her.\n\n"
        "In November 2020 her son told his tutor that his father 'checks everything mum "
        "buys'. The tutor wrote his words down accurately but recorded them as a wellbeing "
        "concern about the boy, and the information did not reach the designated safeguarding "
        "lead. Read together, the two contacts describe economic abuse and coercive control; "
        "read apart, neither looked like domestic abuse.",
        "conclusions": "The panel concluded that Bethan's death could not have been predicted "
        "from what agencies knew, but that two opportunities to ask her about abuse were missed "
        "because professional curiosity was not supported by the way services were working "
        "during the pandemic.",
    },
)

NORTHMOOR_2021 = Story(
    reference="DHR 2021/09",
    title="Death of Adult D, September 2021 (fictional demo)",
    csp=NORTHMOOR_CSP,
    police=NORTHMOOR_POLICE,
    month_of_death="2021-09",
    summary="Adult D, aged 28, was killed in September 2021 by her former partner, Adult E, "
    "aged 31, eight weeks after she ended their relationship. In those weeks she reported "
    "to the police eleven times that he was following her, sending messages and waiting "
    "outside her workplace. Her case was heard at MARAC in August 2021. Adult E was convicted "
    "of her murder and of stalking.",
    descriptors={
        "relationship_type": "former_intimate_partner",
        "flags": ["stalking", "separation", "non_fatal_strangulation"],
        "victim_age_band": "25-34",
        "perpetrator_age_band": "25-34",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "black",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": [],
        "court_outcome": "murder",
    },
    victim=("Adult D", "female", "25-34", "black", "aged 28; a care worker."),
    perpetrator=("Adult E", "male", "25-34", "white", "aged 31; Adult D's former partner."),
    victim_name="Abena Osei-Clarke",
    notified=D(2021, 9, 27),
    last_stage=D(2023, 10, 9),
    completed=15,
    open_from=D(2023, 10, 9),
    agencies=(
        (NORTHMOOR_POLICE, "Police"),
        ("Northmoor Women's Aid", "Specialist domestic abuse service"),
        ("Northmoor MARAC", "Multi-agency"),
        ("Probation Service (Northmoor Probation Delivery Unit)", "Criminal justice"),
    ),
    rows=(
        Row(
            NORTHMOOR_POLICE,
            "2021-03-02",
            "Adult D reported that Adult E had put his hands round her neck during an "
            "argument. DASH completed: standard risk. No further action after she withdrew.",
            "Non-fatal strangulation graded standard risk; the DASH answer 'strangled' was ticked.",
            True,
            ("risk_assessment", "perpetrator_management"),
        ),
        Row(
            NORTHMOOR_POLICE,
            "2021-07",
            "Eleven reports in seven weeks of messages, following and waiting outside her "
            "workplace after the separation; each recorded as a separate harassment incident.",
            "The pattern of stalking was not seen because each report was assessed on its own.",
            True,
            ("coercive_control", "risk_assessment", "recording"),
        ),
        Row(
            "Northmoor Women's Aid",
            "2021-08-04",
            "IDVA allocated after a high-risk referral; safety plan agreed and a personal alarm "
            "requested.",
            "Good, prompt specialist support once the risk was recognised.",
            True,
            ("specialist_da_services", "good_practice"),
        ),
        Row(
            "Northmoor MARAC",
            "2021-08-19",
            "Case heard at MARAC; actions for the police to review bail and for housing to "
            "consider a move. The police action had not been completed by the time she died.",
            "MARAC actions without a named owner and a date.",
            True,
            ("marac_mappa", "multi_agency_working"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Non-fatal strangulation was disclosed in March 2021 and the DASH was graded "
            "standard risk; the risk of homicide after strangulation was not recognised.",
            ("risk_assessment",),
            NORTHMOOR_POLICE,
        ),
        Point(
            "finding",
            "Stalking after separation was recorded as eleven separate incidents, so no one "
            "saw the escalation that stalking risk tools are designed to show.",
            ("coercive_control", "risk_assessment", "recording"),
            NORTHMOOR_POLICE,
        ),
        Point(
            "lesson",
            "MARAC actions need a named owner, a date and a check at the next meeting; an "
            "action everyone agrees to is not the same as an action someone does.",
            ("marac_mappa", "multi_agency_working"),
        ),
        Point(
            "good_practice",
            "The IDVA service allocated a worker the same day and kept in contact daily.",
            ("good_practice", "specialist_da_services"),
            "Northmoor Women's Aid",
        ),
    ),
    recs=(
        Rec(
            "Northmoor Constabulary to link stalking and harassment reports about the same "
            "suspect and victim so that a stalking risk assessment is triggered by the pattern.",
            NORTHMOOR_POLICE,
            "Police",
            "process",
            "single_agency",
            ("coercive_control", "risk_assessment", "recording"),
            (
                Act(
                    "Change the crime recording system to flag repeat reports against the same "
                    "suspect and victim within 90 days.",
                    NORTHMOOR_POLICE,
                    D(2024, 9, 30),
                    "completed",
                    D(2024, 8, 21),
                    "Flag live since August 2024; 214 linked cases in its first year.",
                    updates=(
                        Update(D(2024, 8, 21), "System change live across the force.", "completed"),
                    ),
                ),
                Act(
                    "Train every response officer in stalking risk assessment (S-DASH).",
                    NORTHMOOR_POLICE,
                    D(2025, 3, 31),
                    "in_progress",
                    milestones="Pilot in one district; roll-out to all districts.",
                    updates=(
                        Update(D(2024, 11, 4), "Pilot completed in Northmoor West.", "in_progress"),
                        Update(
                            D(2026, 6, 30),
                            "62% of response officers trained; abstraction pressures delayed "
                            "the remaining courses.",
                            "in_progress",
                        ),
                    ),
                ),
            ),
        ),
        Rec(
            "The MARAC steering group to require a named owner and a due date for every MARAC "
            "action and to review overdue actions at the start of each meeting.",
            "Northmoor MARAC",
            "Partnership",
            "policy",
            "local",
            ("marac_mappa", "multi_agency_working"),
            (
                Act(
                    "Revise the MARAC operating protocol and the action log template.",
                    "Northmoor MARAC",
                    D(2024, 6, 30),
                    "completed",
                    D(2024, 5, 16),
                    "Protocol revised; overdue actions are now the first agenda item.",
                ),
            ),
        ),
        Rec(
            "The Home Office to include non-fatal strangulation in the DASH guidance as a "
            "factor that on its own warrants a high-risk referral.",
            "Home Office",
            "National",
            "policy",
            "national",
            ("risk_assessment",),
            (
                Act(
                    "The CSP chair to write to the Home Office with the recommendation.",
                    NORTHMOOR_CSP,
                    D(2023, 12, 31),
                    "completed",
                    D(2023, 11, 2),
                    "Letter sent; acknowledged by the Home Office DHR team.",
                ),
            ),
        ),
    ),
    sections={
        "analysis": "In March 2021 Adult D told officers that Adult E had put his hands round "
        "her neck. The DASH checklist recorded the answer, but the overall grading was "
        "standard risk and the case closed when she did not support a prosecution. Research "
        "shows that non-fatal strangulation is one of the strongest markers of later "
        "homicide; the panel found that officers had not been trained to treat it so.\n\n"
        "After the separation in July, Adult D made eleven reports in seven weeks. Each was "
        "recorded and assessed on its own. No stalking risk assessment was completed, "
        "because no single incident met the threshold that officers understood to apply.",
        "lessons": "Risk assessment must look at the pattern of behaviour, not the latest "
        "incident. MARAC actions need owners and dates.",
    },
)

EASTWICK_2022 = Story(
    reference="DHR 2022/02",
    title="Death of Margaret, February 2022 (fictional demo)",
    csp=EASTWICK_CSP,
    police="Eastwick and Vale Police",
    month_of_death="2022-02",
    summary="Margaret, aged 52, took her own life in February 2022. Her sister later gave the "
    "police letters and diaries describing twenty years of control by her husband Robert, "
    "aged 58: he kept her bank cards, decided whom she could see and mocked her in front of "
    "others. The review was held because domestic abuse was a concern before her death. "
    "There was no prosecution.",
    descriptors={
        "relationship_type": "victim_suicide",
        "flags": ["coercive_control", "economic_abuse"],
        "victim_age_band": "45-54",
        "perpetrator_age_band": "55-64",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["mental_health", "alcohol"],
        "court_outcome": "no_prosecution",
    },
    victim=("Margaret", "female", "45-54", "white", "aged 52."),
    perpetrator=("Robert", "male", "55-64", "white", "aged 58; Margaret's husband."),
    victim_name="Maureen Ashworth",
    notified=D(2022, 3, 14),
    last_stage=D(2024, 5, 20),
    completed=15,
    open_from=D(2024, 5, 20),
    agencies=(
        ("Eastwick and Vale Police", "Police"),
        ("Vale Road Surgery", "Health (GP)"),
        ("Eastwick Community Mental Health Team", "Health (mental health)"),
        ("Eastwick Recovery Service", "Substance misuse service"),
    ),
    rows=(
        Row(
            "Vale Road Surgery",
            "2019-05-13",
            "Margaret attended with low mood and said her husband 'runs everything'. Referred "
            "to talking therapies; she did not attend.",
            "A possible disclosure of control not explored; non-attendance not followed up.",
            True,
            ("professional_curiosity", "coercive_control", "mental_health"),
        ),
        Row(
            "Eastwick Recovery Service",
            "2020-10",
            "Assessed for alcohol use; Robert attended every appointment with her and answered "
            "for her.",
            "She was never seen alone.",
            True,
            ("professional_curiosity", "substance_misuse"),
        ),
        Row(
            "Eastwick Community Mental Health Team",
            "2021-12-01",
            "Seen after an overdose. Risk assessment focused on alcohol; she said she felt "
            "'trapped'. Discharged to the GP.",
            "The suicide risk assessment did not ask about abuse at home.",
            True,
            ("suicide_self_harm", "risk_assessment", "mental_health"),
        ),
        Row(
            "Eastwick and Vale Police",
            "2022-02-21",
            "Sudden death attended; Margaret's sister raised concerns about Robert's control.",
            "",
            False,
            ("family_community_awareness",),
        ),
    ),
    points=(
        Point(
            "finding",
            "Margaret was never seen alone by the recovery service: her husband attended every "
            "appointment and spoke for her.",
            ("professional_curiosity", "substance_misuse"),
            "Eastwick Recovery Service",
        ),
        Point(
            "lesson",
            "A suicide risk assessment should always ask about domestic abuse; feeling "
            "'trapped' is a recognised warning sign of both.",
            ("suicide_self_harm", "risk_assessment", "coercive_control"),
            "Eastwick Community Mental Health Team",
        ),
        Point(
            "key_issue",
            "Domestic abuse-related suicide is not yet recognised in local data, so its scale "
            "is unknown.",
            ("suicide_self_harm", "information_sharing"),
        ),
        Point(
            "lesson",
            "Family members often knew most: Margaret's sister had kept her letters for years "
            "but did not know where to take her worries.",
            ("family_community_awareness", "coercive_control"),
        ),
    ),
    recs=(
        Rec(
            "Eastwick Recovery Service to see every client alone for at least part of the first "
            "assessment and to ask about domestic abuse.",
            "Eastwick Recovery Service",
            "Health",
            "process",
            "single_agency",
            ("professional_curiosity", "substance_misuse"),
            (
                Act(
                    "Add a 'seen alone' field and a routine enquiry question to the assessment.",
                    "Eastwick Recovery Service",
                    D(2024, 12, 31),
                    "completed",
                    D(2025, 2, 10),
                    "Fields live; 81% of first assessments record the client seen alone.",
                    updates=(
                        Update(D(2025, 2, 10), "Assessment form changed and audited.", "completed"),
                    ),
                ),
            ),
        ),
        Rec(
            "The Community Mental Health Team to include domestic abuse in every suicide risk "
            "assessment and to record the answer.",
            "Eastwick Community Mental Health Team",
            "Health",
            "process",
            "single_agency",
            ("suicide_self_harm", "risk_assessment", "mental_health"),
            (
                Act(
                    "Revise the risk assessment template and train duty workers.",
                    "Eastwick Community Mental Health Team",
                    D(2025, 6, 30),
                    "in_progress",
                    updates=(
                        Update(
                            D(2025, 9, 1),
                            "Template revised; training delayed by the trust's new records system.",
                            "in_progress",
                        ),
                    ),
                ),
            ),
        ),
        Rec(
            "The Community Safety Partnership to run a public campaign telling families and "
            "friends where to go when they are worried about coercive control.",
            EASTWICK_CSP,
            "Partnership",
            "awareness",
            "local",
            ("family_community_awareness", "coercive_control"),
            (
                Act(
                    "Commission and run the 'Worried about someone?' campaign.",
                    EASTWICK_CSP,
                    D(2026, 3, 31),
                    "not_started",
                    milestones="Funding bid; campaign design with families; launch.",
                ),
            ),
        ),
    ),
    sections={
        "analysis": "Margaret's contacts with services were about her mood and her drinking. "
        "Each service assessed the problem it was there to treat. The recovery service never "
        "saw her without Robert, and the mental health team's risk assessment after her "
        "overdose asked about alcohol but not about home.\n\n"
        "Her words to the GP in 2019, that her husband 'runs everything', and to the mental "
        "health team in 2021, that she felt 'trapped', were recorded but not explored.",
    },
)
SOUTHMERE_2022 = Story(
    reference="DHR 2022/07",
    title="Death of Daniel, July 2022 (fictional demo)",
    csp=SOUTHMERE_CSP,
    police="Southmere Police",
    month_of_death="2022-07",
    summary="Daniel, aged 36, was stabbed by his partner Kerry, aged 33, in July 2022. Kerry "
    "was convicted of manslaughter by loss of control. Both drank heavily. Daniel had "
    "called the police twice that year saying Kerry had hurt him; on both occasions officers "
    "recorded him as the aggressor because he was the larger of the two.",
    descriptors={
        "relationship_type": "intimate_partner",
        "flags": [],
        "victim_age_band": "35-44",
        "perpetrator_age_band": "25-34",
        "victim_sex": "male",
        "perpetrator_sex": "female",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["alcohol", "housing"],
        "court_outcome": "manslaughter_loss_of_control",
    },
    victim=("Daniel", "male", "35-44", "white", "aged 36."),
    perpetrator=("Kerry", "female", "25-34", "white", "aged 33; Daniel's partner."),
    victim_name="Darren Pocock",
    notified=D(2022, 8, 1),
    last_stage=D(2024, 9, 16),
    completed=15,
    open_from=D(2024, 9, 16),
    agencies=(
        ("Southmere Police", "Police"),
        ("Southmere Council Housing Options", "Housing"),
        ("Southmere Alcohol Service", "Substance misuse service"),
    ),
    rows=(
        Row(
            "Southmere Police",
            "2022-01-09",
            "Daniel called 999 saying Kerry had cut his arm with a glass. Officers recorded "
            "Daniel as the suspect after Kerry said he had pushed her.",
            "A male victim's account was not believed; primary aggressor not assessed.",
            True,
            ("equality_diversity", "risk_assessment", "perpetrator_management"),
        ),
        Row(
            "Southmere Council Housing Options",
            "2022-03-22",
            "Daniel asked for emergency accommodation, saying he was not safe at home. Told he "
            "was not in priority need.",
            "Domestic abuse was not considered in the homelessness assessment.",
            True,
            ("housing", "equality_diversity"),
        ),
        Row(
            "Southmere Alcohol Service",
            "2022-05",
            "Daniel disclosed that his partner was violent when drinking; advised to contact "
            "the police. No referral to a domestic abuse service.",
            "",
            False,
            ("specialist_da_services", "substance_misuse"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Officers identified the primary aggressor by size and sex rather than by the "
            "history, so Daniel's reports were recorded against him.",
            ("equality_diversity", "risk_assessment"),
            "Southmere Police",
        ),
        Point(
            "lesson",
            "Male victims need to be asked the same questions and offered the same services; "
            "local services for men were not known to professionals.",
            ("equality_diversity", "specialist_da_services", "training"),
        ),
        Point(
            "finding",
            "The homelessness assessment did not consider domestic abuse, which since the "
            "Domestic Abuse Act 2021 gives priority need.",
            ("housing", "policies"),
            "Southmere Council Housing Options",
        ),
    ),
    recs=(
        Rec(
            "Southmere Police to train officers in identifying the primary aggressor, including "
            "where the victim is a man.",
            "Southmere Police",
            "Police",
            "training",
            "single_agency",
            ("equality_diversity", "training", "risk_assessment"),
            (
                Act(
                    "Add primary aggressor identification to the domestic abuse refresher.",
                    "Southmere Police",
                    D(2025, 3, 31),
                    "completed",
                    D(2025, 3, 28),
                    "Module delivered to 1,140 officers.",
                ),
            ),
        ),
        Rec(
            "Southmere Council Housing Options to apply the priority need duty for victims of "
            "domestic abuse and audit compliance.",
            "Southmere Council Housing Options",
            "Housing",
            "process",
            "single_agency",
            ("housing", "policies"),
            (
                Act(
                    "Audit 50 homelessness decisions where abuse was mentioned.",
                    "Southmere Council Housing Options",
                    D(2025, 9, 30),
                    "in_progress",
                    updates=(
                        Update(
                            D(2025, 10, 6),
                            "Audit sample drawn; 20 of 50 cases reviewed.",
                            "in_progress",
                        ),
                    ),
                ),
            ),
        ),
    ),
    sections={
        "analysis": "Daniel was recorded as a suspect when he reported being assaulted. The "
        "officers who attended in January 2022 made their judgement at the door, on Kerry's "
        "account and on the difference in their size, without looking at the history, which "
        "included Daniel's earlier call. The panel found no evidence that officers had been "
        "trained to identify the primary aggressor.",
    },
)

WESTVALE_2023 = Story(
    reference="DHR 2023/01",
    title="Death of Patricia, January 2023 (fictional demo)",
    csp=WESTVALE_CSP,
    police=WESTVALE_POLICE,
    month_of_death="2023-01",
    summary="Patricia, aged 67, was killed by her son Jonathan, aged 39, at the home they "
    "shared. Jonathan had paranoid schizophrenia and had stopped taking his medication. He "
    "was found unfit to plead and is detained in a secure hospital. Patricia had told her "
    "GP and his care coordinator that she was frightened of him but would not ask him to "
    "leave.",
    descriptors={
        "relationship_type": "parricide",
        "flags": [],
        "victim_age_band": "65+",
        "perpetrator_age_band": "35-44",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["mental_health"],
        "court_outcome": "unfit_to_plead",
    },
    victim=("Patricia", "female", "65+", "white", "aged 67; a retired nurse."),
    perpetrator=("Jonathan", "male", "35-44", "white", "aged 39; Patricia's son."),
    victim_name="Pauline Edgecombe",
    notified=D(2023, 2, 6),
    last_stage=D(2025, 4, 28),
    completed=15,
    open_from=D(2025, 4, 28),
    agencies=(
        (WESTVALE_POLICE, "Police"),
        ("Westvale Mental Health NHS Trust", "Health (mental health)"),
        ("Downs View Surgery", "Health (GP)"),
        ("Westvale Council Adult Social Care", "Local authority"),
    ),
    rows=(
        Row(
            "Westvale Mental Health NHS Trust",
            "2022-08-15",
            "Care coordinator visit. Patricia said Jonathan had thrown a cup at her and she "
            "was 'a bit scared of him when he is unwell'. Recorded in the notes; no carer's "
            "assessment offered.",
            "A disclosure of violence by a patient to his carer not treated as domestic abuse.",
            True,
            ("adult_family_older_carers", "professional_curiosity", "mental_health"),
        ),
        Row(
            "Downs View Surgery",
            "2022-10-04",
            "Patricia saw the GP about bruising to her arm; said she had walked into a door.",
            "No routine enquiry; the explanation was not challenged.",
            True,
            ("professional_curiosity", "health_services"),
        ),
        Row(
            "Westvale Mental Health NHS Trust",
            "2022-12-12",
            "Jonathan missed two depot injections; the team tried to call but did not visit "
            "over the Christmas period.",
            "Disengagement from treatment was a known relapse signature.",
            True,
            ("mental_health", "risk_assessment", "supervision_capacity"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Patricia's fear of her son was heard by the mental health team as a comment on "
            "his illness, not as domestic abuse of an older parent by an adult child.",
            ("adult_family_older_carers", "mental_health", "risk_assessment"),
            "Westvale Mental Health NHS Trust",
        ),
        Point(
            "lesson",
            "Carers who are frightened of the person they care for should be offered a carer's "
            "assessment and asked what they need to be safe.",
            ("adult_family_older_carers", "professional_curiosity"),
        ),
        Point(
            "key_issue",
            "Missed depot injections before a holiday period were not escalated because of "
            "staffing.",
            ("supervision_capacity", "mental_health"),
        ),
        Point(
            "good_practice",
            "Adult Social Care contacted Patricia's sister within a day of the death and "
            "supported her through the inquest.",
            ("good_practice",),
            "Westvale Council Adult Social Care",
        ),
    ),
    recs=(
        Rec(
            "Westvale Mental Health NHS Trust to treat violence by a patient towards a family "
            "carer as domestic abuse, complete a DASH and offer a carer's assessment.",
            "Westvale Mental Health NHS Trust",
            "Health",
            "policy",
            "single_agency",
            ("adult_family_older_carers", "risk_assessment", "mental_health"),
            (
                Act(
                    "Revise the carers and families policy and the risk assessment template.",
                    "Westvale Mental Health NHS Trust",
                    D(2025, 12, 31),
                    "in_progress",
                    updates=(
                        Update(
                            D(2025, 11, 3),
                            "Policy drafted and with the trust's policy group.",
                            "in_progress",
                        ),
                    ),
                ),
                Act(
                    "Audit carer's assessments offered in families where violence is recorded.",
                    "Westvale Mental Health NHS Trust",
                    D(2026, 9, 30),
                    "not_started",
                ),
            ),
        ),
        Rec(
            "The mental health trust to escalate missed depot injections of patients with a "
            "known relapse signature to a home visit within 72 hours, including over holidays.",
            "Westvale Mental Health NHS Trust",
            "Health",
            "process",
            "single_agency",
            ("mental_health", "supervision_capacity"),
            (
                Act(
                    "Introduce a holiday-period escalation rota for community teams.",
                    "Westvale Mental Health NHS Trust",
                    D(2025, 11, 30),
                    "completed",
                    D(2025, 11, 24),
                    "Rota in place for Christmas 2025.",
                ),
            ),
        ),
    ),
    sections={
        "analysis": "Patricia was a retired nurse who understood her son's illness better "
        "than most. The panel heard that she did not want to be seen as a victim and would "
        "not have asked Jonathan to leave. Professionals respected that wish but did not ask "
        "what would help her be safe.",
    },
)

EASTWICK_2023 = Story(
    reference="DHR 2023/08",
    title="Death of Leah, August 2023 (fictional demo)",
    csp=EASTWICK_CSP,
    police="Eastwick and Vale Police",
    month_of_death="2023-08",
    summary="Leah, aged 24 and six months pregnant, was killed by her partner Connor, aged 27, "
    "in August 2023. Connor was convicted of her murder. Midwives recorded bruising at two "
    "antenatal appointments, and Connor had a previous conviction for assaulting a former "
    "partner that Leah did not know about.",
    descriptors={
        "relationship_type": "intimate_partner",
        "flags": ["coercive_control", "non_fatal_strangulation"],
        "victim_age_band": "20-24",
        "perpetrator_age_band": "25-34",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "mixed",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["pregnancy"],
        "court_outcome": "murder",
    },
    victim=("Leah", "female", "20-24", "mixed", "aged 24; six months pregnant."),
    perpetrator=("Connor", "male", "25-34", "white", "aged 27; Leah's partner."),
    victim_name="Leanne Fairbrother",
    notified=D(2023, 8, 29),
    last_stage=D(2026, 7, 10),
    completed=13,
    open_from=D(2026, 7, 10),
    agencies=(
        ("Eastwick and Vale Police", "Police"),
        ("Eastwick Hospitals NHS Trust (maternity)", "Health (maternity)"),
        ("Probation Service (Eastwick)", "Criminal justice"),
    ),
    rows=(
        Row(
            "Eastwick Hospitals NHS Trust (maternity)",
            "2023-04-18",
            "Booking appointment; Connor present throughout. Routine enquiry question marked "
            "'not asked – partner present'.",
            "Routine enquiry was deferred and never returned to.",
            True,
            ("professional_curiosity", "health_services"),
        ),
        Row(
            "Eastwick Hospitals NHS Trust (maternity)",
            "2023-06-20",
            "Bruising to Leah's neck noted at a scan; she said it was from a necklace.",
            "A possible sign of non-fatal strangulation not recognised.",
            True,
            ("risk_assessment", "health_services"),
        ),
        Row(
            "Probation Service (Eastwick)",
            "2023-05",
            "Connor's licence ended; his new relationship had not been checked with the police.",
            "A chance for a Clare's Law disclosure was missed.",
            True,
            ("perpetrator_management", "information_sharing"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Leah was never seen alone in pregnancy, so routine enquiry about abuse was never "
            "made.",
            ("professional_curiosity", "health_services"),
        ),
        Point(
            "finding",
            "Connor's history of violence to a former partner was known to the police and "
            "probation but not shared when he began a new relationship.",
            ("information_sharing", "perpetrator_management"),
        ),
        Point(
            "lesson",
            "Bruising to the neck should prompt a question about strangulation.",
            ("risk_assessment", "training"),
        ),
    ),
    recs=(
        Rec(
            "Maternity services to offer every pregnant woman at least one appointment alone "
            "and to make routine enquiry then.",
            "Eastwick Hospitals NHS Trust (maternity)",
            "Health",
            "process",
            "single_agency",
            ("professional_curiosity", "health_services"),
            (
                Act(
                    "Change the antenatal pathway so the 16-week appointment is seen alone.",
                    "Eastwick Hospitals NHS Trust (maternity)",
                    D(2027, 3, 31),
                    "not_started",
                ),
            ),
        ),
        Rec(
            "Probation and the police to agree when a new relationship of a person with a "
            "history of domestic abuse leads to a disclosure under the Domestic Violence "
            "Disclosure Scheme.",
            "Probation Service (Eastwick)",
            "Criminal justice",
            "policy",
            "local",
            ("information_sharing", "perpetrator_management"),
            (
                Act(
                    "Write and agree a joint police and probation disclosure protocol.",
                    "Probation Service (Eastwick)",
                    D(2027, 6, 30),
                    "not_started",
                ),
            ),
        ),
    ),
    clear_done=True,
)
SOUTHMERE_2024 = Story(
    reference="DHR 2024/05",
    title="Death of Adult F, May 2024 (fictional demo)",
    csp=SOUTHMERE_CSP,
    police="Southmere Police",
    month_of_death="2024-05",
    summary="Adult F, aged 45, was killed by her husband, Adult G, aged 50, who then took his "
    "own life. She had come to the UK on a spouse visa and spoke little English. Her "
    "daughters told the review that their father's family decided whether she could work, "
    "see a doctor or visit her own family abroad. She had once gone to a women's group but "
    "stopped after relatives found out.",
    descriptors={
        "relationship_type": "homicide_suicide",
        "flags": ["coercive_control", "honour_based_abuse", "children_present"],
        "victim_age_band": "45-54",
        "perpetrator_age_band": "45-54",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "asian",
        "perpetrator_ethnicity": "asian",
        "vulnerabilities": [],
        "court_outcome": "perpetrator_deceased",
    },
    victim=("Adult F", "female", "45-54", "asian", "aged 45; mother of two daughters."),
    perpetrator=("Adult G", "male", "45-54", "asian", "aged 50; Adult F's husband."),
    victim_name="Nasreen Akhtar-Qureshi",
    notified=D(2024, 5, 28),
    last_stage=D(2026, 6, 15),
    completed=15,
    open_from=D(2026, 6, 15),
    agencies=(
        ("Southmere Police", "Police"),
        ("Harbour Lane Surgery", "Health (GP)"),
        ("Southmere Women's Centre", "Specialist domestic abuse service"),
    ),
    rows=(
        Row(
            "Harbour Lane Surgery",
            "2023-02-07",
            "Consultation for headaches with her husband interpreting. No professional "
            "interpreter was offered.",
            "A family member interpreting prevented any private conversation.",
            True,
            ("equality_diversity", "professional_curiosity", "health_services"),
        ),
        Row(
            "Southmere Women's Centre",
            "2023-06",
            "Attended two sessions of an English conversation group and spoke to a worker "
            "about 'pressure from the family'. Stopped attending; no follow-up possible.",
            "A first step towards help, with no safe way to keep in touch.",
            True,
            ("specialist_da_services", "equality_diversity", "coercive_control"),
        ),
        Row(
            "Southmere Police",
            "2024-05-11",
            "Deaths of Adult F and Adult G found at the family home.",
            "",
            False,
            (),
        ),
    ),
    points=(
        Point(
            "finding",
            "Family members interpreted at every health appointment, so Adult F could never "
            "speak privately.",
            ("equality_diversity", "professional_curiosity", "health_services"),
        ),
        Point(
            "lesson",
            "Coercive control by extended family, and abuse in the name of honour, need to be "
            "understood by professionals as domestic abuse.",
            ("coercive_control", "equality_diversity", "training"),
        ),
        Point(
            "good_practice",
            "The women's centre recorded the conversation carefully and its worker gave the "
            "panel valuable evidence.",
            ("good_practice", "specialist_da_services"),
            "Southmere Women's Centre",
        ),
    ),
    recs=(
        Rec(
            "All Southmere GP practices to use professional interpreters, never family members, "
            "and to record the reason when they cannot.",
            "NHS Southmere Integrated Care Board",
            "Health",
            "policy",
            "local",
            ("equality_diversity", "health_services"),
            (
                Act(
                    "Issue interpreting guidance to practices and audit its use.",
                    "NHS Southmere Integrated Care Board",
                    D(2026, 10, 31),
                    "in_progress",
                    updates=(
                        Update(D(2026, 9, 14), "Guidance issued to 24 practices.", "in_progress"),
                    ),
                ),
            ),
        ),
        Rec(
            "The Home Office to fund specialist services for migrant women with no recourse "
            "to public funds in every region.",
            "Home Office",
            "National",
            "commissioning",
            "national",
            ("equality_diversity", "specialist_da_services"),
            (
                Act(
                    "The CSP chair to raise the recommendation with the Home Office and the "
                    "Domestic Abuse Commissioner.",
                    SOUTHMERE_CSP,
                    D(2026, 9, 30),
                    "not_started",
                ),
            ),
        ),
    ),
    sections={
        "analysis": "Adult F had no private conversation with any professional in the review "
        "period. At the GP practice her husband interpreted; at the school her daughters did. "
        "The panel found that practitioners knew the guidance on interpreters but felt that "
        "booking one was difficult and that the family were helpful.",
    },
)

WESTVALE_2024 = Story(
    reference="DHR 2024/11",
    title="Death of Joan, November 2024 (fictional demo)",
    csp=WESTVALE_CSP,
    police=WESTVALE_POLICE,
    month_of_death="2024-11",
    summary="Joan, aged 78, was killed by her husband Frank, aged 80, who had cared for her "
    "since her dementia diagnosis in 2021. Frank was convicted of manslaughter by diminished "
    "responsibility. Their son had told adult social care that his father was exhausted and "
    "'could not go on'. A respite place had been agreed but not found.",
    descriptors={
        "relationship_type": "intimate_partner",
        "flags": [],
        "victim_age_band": "65+",
        "perpetrator_age_band": "65+",
        "victim_sex": "female",
        "perpetrator_sex": "male",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "white",
        "vulnerabilities": ["disability", "mental_health"],
        "court_outcome": "manslaughter_diminished_responsibility",
    },
    victim=("Joan", "female", "65+", "white", "aged 78; lived with dementia."),
    perpetrator=("Frank", "male", "65+", "white", "aged 80; Joan's husband and carer."),
    victim_name="Jean Haverstock",
    notified=D(2024, 11, 25),
    last_stage=D(2026, 10, 13),
    completed=11,
    open_from=D(2026, 10, 13),
    agencies=(
        (WESTVALE_POLICE, "Police"),
        ("Westvale Council Adult Social Care", "Local authority"),
        ("Downs View Surgery", "Health (GP)"),
    ),
    rows=(
        Row(
            "Westvale Council Adult Social Care",
            "2024-06-03",
            "Carer's assessment for Frank: high carer stress; respite agreed in principle.",
            "The assessment recognised the strain but the plan depended on a placement.",
            True,
            ("adult_family_older_carers",),
        ),
        Row(
            "Westvale Council Adult Social Care",
            "2024-09-17",
            "Son called to say his father 'could not go on'. Logged as a request to chase "
            "respite; not escalated.",
            "A warning of carer breakdown not treated as a safeguarding risk.",
            True,
            ("adult_family_older_carers", "risk_assessment", "family_community_awareness"),
        ),
        Row(
            "Downs View Surgery",
            "2024-10-08",
            "Frank seen for insomnia; said he was 'at the end of his tether'. Sleeping tablets "
            "prescribed.",
            "The GP did not ask about thoughts of harming himself or Joan.",
            True,
            ("professional_curiosity", "health_services", "suicide_self_harm"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Carer breakdown was described to two agencies in the two months before Joan's "
            "death and was treated as a service request rather than a risk.",
            ("adult_family_older_carers", "risk_assessment"),
        ),
        Point(
            "lesson",
            "A carer saying they cannot go on should prompt questions about risk to themselves "
            "and to the person they care for.",
            ("adult_family_older_carers", "professional_curiosity", "suicide_self_harm"),
        ),
        Point(
            "key_issue",
            "There were not enough respite beds for people with dementia in Westvale.",
            ("context", "adult_family_older_carers"),
        ),
    ),
    recs=(
        Rec(
            "Adult Social Care to treat a report of carer breakdown as a safeguarding concern "
            "and review the care plan within five working days.",
            "Westvale Council Adult Social Care",
            "Local authority",
            "process",
            "single_agency",
            ("adult_family_older_carers", "risk_assessment"),
            (
                Act(
                    "Change the duty procedure and brief all duty workers.",
                    "Westvale Council Adult Social Care",
                    D(2027, 4, 30),
                    "not_started",
                ),
            ),
        ),
        Rec(
            "The Integrated Care Board and the council to commission enough dementia respite "
            "to meet assessed need.",
            "NHS Westvale Integrated Care Board",
            "Health",
            "commissioning",
            "local",
            ("adult_family_older_carers", "context"),
            (
                Act(
                    "Report the respite shortfall to the Health and Wellbeing Board.",
                    "NHS Westvale Integrated Care Board",
                    D(2027, 1, 31),
                    "not_started",
                ),
            ),
        ),
    ),
    clear_done=False,
)

NORTHMOOR_2025 = Story(
    reference="DHR 2025/06",
    title="Death of Adult H, June 2025 (fictional demo)",
    csp=NORTHMOOR_CSP,
    police=NORTHMOOR_POLICE,
    month_of_death="2025-06",
    summary="Adult H, aged 31, was killed by his partner, Adult J, aged 34, at their flat in "
    "June 2025. Adult J was convicted of murder. Both men used drugs. Adult H had told a "
    "sexual health clinic that Adult J was jealous and checked his phone, and had once been "
    "seen at A&E with facial injuries he said came from a fall.",
    descriptors={
        "relationship_type": "intimate_partner",
        "flags": ["coercive_control"],
        "victim_age_band": "25-34",
        "perpetrator_age_band": "25-34",
        "victim_sex": "male",
        "perpetrator_sex": "male",
        "victim_ethnicity": "white",
        "perpetrator_ethnicity": "other",
        "vulnerabilities": ["drugs", "mental_health"],
        "court_outcome": "murder",
    },
    victim=("Adult H", "male", "25-34", "white", "aged 31."),
    perpetrator=("Adult J", "male", "25-34", "other", "aged 34; Adult H's partner."),
    victim_name="Callum Rhys-Talbot",
    notified=D(2025, 7, 1),
    last_stage=D(2026, 5, 29),
    completed=9,
    open_from=D(2026, 6, 1),
    agencies=(
        (NORTHMOOR_POLICE, "Police"),
        ("Northmoor Hospitals NHS Foundation Trust", "Health (hospital)"),
        ("Northmoor Sexual Health Service", "Health (sexual health)"),
    ),
    rows=(
        Row(
            "Northmoor Sexual Health Service",
            "2024-11-19",
            "Adult H said his partner was 'very jealous' and checked his phone. Safety not "
            "discussed; no referral.",
            "Indicators of coercive control in a same-sex relationship not recognised.",
            True,
            ("coercive_control", "equality_diversity", "professional_curiosity"),
        ),
        Row(
            "Northmoor Hospitals NHS Foundation Trust",
            "2025-02-23",
            "A&E attendance with facial bruising, said to be a fall while intoxicated. Routine "
            "enquiry not made.",
            "The explanation was accepted without question.",
            True,
            ("professional_curiosity", "health_services", "substance_misuse"),
        ),
    ),
    points=(
        Point(
            "finding",
            "Professionals did not recognise coercive control in a relationship between two "
            "men and did not ask about it.",
            ("coercive_control", "equality_diversity"),
        ),
        Point(
            "key_issue",
            "Drug use shaped how Adult H's injuries and account were understood.",
            ("substance_misuse", "professional_curiosity"),
        ),
    ),
    recs=(
        Rec(
            "The sexual health service to make routine enquiry about domestic abuse for every "
            "patient, with training on abuse in LGBT+ relationships.",
            "Northmoor Sexual Health Service",
            "Health",
            "training",
            "single_agency",
            ("equality_diversity", "training", "professional_curiosity"),
            (
                Act(
                    "Train all clinic staff with an LGBT+ domestic abuse charity.",
                    "Northmoor Sexual Health Service",
                    D(2027, 5, 31),
                    "not_started",
                ),
            ),
        ),
    ),
    clear_done=False,
)

LIBRARY_STORIES: tuple[Story, ...] = (
    WESTVALE_2021,
    NORTHMOOR_2021,
    EASTWICK_2022,
    SOUTHMERE_2022,
    WESTVALE_2023,
    EASTWICK_2023,
    SOUTHMERE_2024,
    WESTVALE_2024,
    NORTHMOOR_2025,
)
# ------------------------------------------- the learning parts of the first three reviews
NORTHMOOR_ROWS = (
    Row(
        NORTHMOOR_POLICE,
        "2022-08-14",
        "Call from a neighbour about shouting at the family home. Adult B had left; Adult A "
        "said it was 'just an argument'. Recorded as a verbal domestic, no DASH.",
        "The first of four call-outs; the children were in the house.",
        True,
        ("risk_assessment", "children_young_people"),
    ),
    Row(
        NORTHMOOR_POLICE,
        "2024-12-27",
        "Adult A reported that Adult B had taken her phone and bank card. DASH completed: "
        "standard risk. Referral to Children's Services.",
        "Economic abuse and control of her phone described; graded standard risk.",
        True,
        ("coercive_control", "risk_assessment"),
    ),
    Row(
        "Moorside Medical Practice",
        "2025-10-07",
        "Consultation for poor sleep and low mood. Adult A said she was 'walking on eggshells' "
        "at home. Sertraline prescribed; routine enquiry not recorded.",
        "A clear indicator of fear at home, not explored.",
        True,
        ("professional_curiosity", "health_services", "mental_health"),
    ),
    Row(
        NORTHMOOR_POLICE,
        "2026-01-19",
        "Adult A told officers she had ended the relationship and was frightened of Adult B. "
        "DASH graded medium risk; no MARAC referral.",
        "Separation is a recognised time of heightened risk.",
        True,
        ("risk_assessment", "marac_mappa"),
    ),
    Row(
        "Northmoor Women's Aid",
        "2026-02-10",
        "Referral accepted from the police. Three calls to Adult A unanswered; a text was sent. "
        "No safe contact made before her death.",
        "No agreed way of reaching a woman whose partner may monitor her phone.",
        True,
        ("specialist_da_services", "information_sharing"),
    ),
    Row(
        "Northmoor Homes",
        "2026-01-05",
        "Tenancy signed for Adult A and the children; the management move was recorded as "
        "'relationship breakdown', not domestic abuse.",
        "The housing record did not flag the risk.",
        False,
        ("housing", "recording"),
    ),
)

NORTHMOOR_POINTS = (
    Point(
        "key_issue",
        "Each DASH was graded on the incident reported, and the history of call-outs, the "
        "control of money and the separation were not put together.",
        ("risk_assessment", "coercive_control"),
        NORTHMOOR_POLICE,
    ),
    Point(
        "key_issue",
        "Adult A's words 'walking on eggshells' were recorded by her GP but not explored.",
        ("professional_curiosity", "health_services"),
        "Moorside Medical Practice",
    ),
    Point(
        "key_issue",
        "Information about the risk did not reach Northmoor Homes when it arranged the move.",
        ("information_sharing", "housing"),
    ),
)

NORTHMOOR_IMR = {
    "summary_of_involvement": "The constabulary attended the family home four times between "
    "August 2022 and January 2026. Three DASH risk assessments were completed: two graded "
    "standard risk and one, after the separation in January 2026, medium risk. None led to a "
    "MARAC referral.",
    "lessons": "Officers graded risk on the incident in front of them. The force's own "
    "guidance asks them to read the history, but the system showed only the last two "
    "incidents on the screen officers use at the door. Separation was not recognised as a "
    "time of heightened risk.",
}


EASTWICK_ROWS = (
    Row(
        "Vale Road Surgery",
        "2025-03-11",
        "Edward's daughter rang to say her brother was drinking heavily and shouting at their "
        "father. Note added to Edward's record; no action.",
        "A third-party concern about an older man not passed to adult social care.",
        True,
        ("adult_family_older_carers", "information_sharing", "substance_misuse"),
    ),
    Row(
        "Eastwick Council Adult Social Care",
        "2024-07",
        "Telephone review of Edward's care package; Michael answered and said all was well.",
        "Edward was not spoken to himself.",
        True,
        ("professional_curiosity", "adult_family_older_carers"),
    ),
    Row(
        "Regional Ambulance Service NHS Trust",
        "2025-09-02",
        "Called to a fall; crew noted that the son was intoxicated and the house neglected. "
        "Safeguarding referral made.",
        "Good practice: the crew raised a safeguarding concern.",
        True,
        ("good_practice", "adult_family_older_carers"),
    ),
    Row(
        "Eastwick Community Mental Health Team",
        "2025-10-20",
        "Michael discharged to his GP after missing three appointments.",
        "",
        False,
        ("mental_health",),
    ),
)

EASTWICK_POINTS = (
    Point(
        "finding",
        "Edward was never asked on his own how things were at home; his son spoke for him.",
        ("professional_curiosity", "adult_family_older_carers"),
    ),
    Point(
        "finding",
        "Concerns raised by Edward's daughter and by the ambulance crew were not brought "
        "together, so no agency saw the whole picture.",
        ("information_sharing", "multi_agency_working"),
    ),
    Point(
        "lesson",
        "A carer's own needs, including alcohol dependence and depression, are part of the risk "
        "to the person cared for.",
        ("adult_family_older_carers", "substance_misuse", "mental_health"),
    ),
    Point(
        "good_practice",
        "The ambulance crew recognised self-neglect and a carer under strain and made a "
        "safeguarding referral the same day.",
        ("good_practice",),
        "Regional Ambulance Service NHS Trust",
    ),
)

EASTWICK_RECS = (
    Rec(
        "Adult Social Care to speak to the cared-for person alone at every review where a "
        "family member is the main carer.",
        "Eastwick Council Adult Social Care",
        "Local authority",
        "process",
        "single_agency",
        ("professional_curiosity", "adult_family_older_carers"),
        (
            Act(
                "Change the review template and brief reviewing officers.",
                "Eastwick Council Adult Social Care",
                D(2027, 3, 31),
                "not_started",
            ),
        ),
    ),
    Rec(
        "GP practices to pass third-party concerns about an adult at risk to adult social care.",
        "NHS Eastwick and Vale Integrated Care Board",
        "Health",
        "policy",
        "local",
        ("information_sharing", "adult_family_older_carers"),
        (
            Act(
                "Add third-party concerns to the practice safeguarding policy template.",
                "NHS Eastwick and Vale Integrated Care Board",
                D(2027, 1, 31),
                "not_started",
            ),
        ),
    ),
)

EASTWICK_SECTIONS = {
    "analysis": "Edward's son Michael was his only carer. Every agency that had contact with "
    "Edward in 2024 and 2025 spoke mainly or only to Michael. The telephone review of the "
    "care package in July 2024 was answered by Michael, and the reviewing officer accepted "
    "his account that all was well.\n\nEdward's daughter rang the surgery in March 2025 "
    "because she was worried about her brother's drinking. The call was noted on her father's "
    "record but not shared with adult social care, which a few months later received a "
    "safeguarding concern from the ambulance service about the same household.",
}


# The rest of the Eastwick review, written so that it is ready for the Home Office QA
# Board: the demo's submission pack is written from it (issue 11).
EASTWICK_MORE_SECTIONS = {
    "confidentiality": "The findings of this review are confidential until the Community "
    "Safety Partnership publishes them. Information was shared only with the panel, the "
    "authors of the agency reports and Edward's family. The names used are pseudonyms, "
    "agreed with Edward's daughter.",
    "methodology": "The panel asked each agency that had contact with Edward or Michael in "
    "the review period for an Individual Management Review or a summary of its involvement, "
    "and merged their chronologies. The chair met Edward's daughter twice, with her "
    "advocate, and read her written account. The panel agreed the terms of reference and "
    "then considered the reports and the draft. The analysis below is drawn from the "
    "agencies' reports and tested against the family's account.",
    "family_involvement": "Edward's daughter was contacted by letter in January 2026 and "
    "offered the support of a specialist advocate from AAFDA, which she accepted. She met the "
    "chair in January and February 2026, wrote a tribute to her father and read the draft "
    "report before it was finished. Her account of her brother's drinking and of her father's "
    "isolation shaped the questions the panel asked of every agency.",
    "equality_diversity": "The panel considered each of the protected characteristics. Age "
    "and disability were central: Edward was 78 and lived with Parkinson's disease, and "
    "services that saw him treated him as a patient to be cared for rather than as an older "
    "man who might be at risk from his carer. His sex may have mattered too: the panel found "
    "that abuse of older men by adult sons is rarely asked about. Race, religion or belief, "
    "sexual orientation, gender reassignment, marriage and pregnancy were considered and did "
    "not affect how services responded.",
    "dissemination": "The report will be shared with every agency that contributed, the "
    "Eastwick Safeguarding Adults Board, the Domestic Abuse Commissioner and the Home Office, "
    "and published on the partnership's website once the family has seen it.",
    "background": "Edward was a retired bus driver who lived with his son Michael, his main "
    "carer, in the family home in Eastwick. Michael had depression and depended on alcohol. "
    "Edward's daughter lived an hour away and visited most months.",
    "overview": "In the eighteen months before his death Edward was seen by his GP, adult "
    "social care, the community mental health team and the ambulance service. Each saw part "
    "of the picture: a carer under strain, drinking heavily, and an older man who was never "
    "asked how things were at home when his son was not in the room.",
    "conclusions": "Edward's death could not have been predicted from what any one agency "
    "knew. It might have been prevented if the concerns of his daughter, the ambulance crew "
    "and the mental health team had been brought together, and if Edward had been asked, on "
    "his own, whether he was safe.",
}
EASTWICK_SUMMARY_SECTIONS = {
    "es_key_issues": "Edward was never seen alone, and the concerns of his daughter and of the "
    "ambulance crew were not brought together.",
    "es_conclusions": "Edward's death could not have been predicted from what any one agency "
    "knew, but it might have been prevented if the concerns had been brought together and "
    "Edward had been asked, on his own, whether he was safe.",
}
#: (agency, report asked for, author, role) - requested 20 January 2026, due 17 March.
EASTWICK_REQUESTS = (
    ("Eastwick and Vale Police", "summary", "Insp Dawn Hale", "Public Protection Unit"),
    ("Eastwick Council Adult Social Care", "imr", "Ruth Ames", "Safeguarding manager"),
    ("Vale Road Surgery", "imr", "Dr Omar Sethi", "GP partner, safeguarding lead"),
    (
        "Eastwick Community Mental Health Team",
        "imr",
        "Claire Dunn",
        "Named nurse for safeguarding",
    ),
    ("Regional Ambulance Service NHS Trust", "summary", "Mark Pryce", "Safeguarding lead"),
)


def _eastwick_complete(store: Store, rid: int) -> None:
    """Reports received and accepted, every section written, recommendations linked to the
    learning they come from (idempotent)."""
    repo = store.repos.agency_input
    for name, kind, author, role in EASTWICK_REQUESTS:
        agency = repo.agency_by_name(rid, name)
        if agency is None or repo.request(agency.id).requested_on is not None:
            continue
        repo.save_request(
            m.AgencyRequest(
                agency.id,
                request_type=kind,
                requested_on=D(2026, 1, 20),
                records_secured_on=D(2026, 1, 9),
                due_on=D(2026, 3, 17),
                received_on=D(2026, 3, 13),
                quality_checked_on=D(2026, 3, 24),
                accepted_on=D(2026, 4, 7),
                author_name=author,
                author_role=role,
                author_independence="I had no involvement with Edward or Michael, and I do "
                "not line-manage any of the practitioners whose work is reviewed.",
            ),
            today=D(2026, 11, 20),
        )
    _ensure_sections(store, rid, EASTWICK_MORE_SECTIONS)
    _ensure_sections(store, rid, EASTWICK_SUMMARY_SECTIONS, "executive_summary")
    points = store.repos.records.list(m.LearningPoint, rid)
    learning = [p.id for p in points if p.kind in ("finding", "lesson")]
    for rec in store.repos.records.list(m.Recommendation, rid):
        if not rec.source_ids and learning:
            rec.source_ids = learning[:2] if rec.number == 1 else learning[1:]
            store.repos.records.save(rec)


def ensure_learning_parts(store: Store) -> None:
    """Chronology rows, IMR text and learning for the first two reviews (the third is
    still at the decision stage, so it has none yet)."""
    northmoor = store.repos.reviews.get(DEMO_REFERENCE).id
    _ensure_chronology(store, northmoor, NORTHMOOR_ROWS)
    _ensure_imr(store, northmoor, NORTHMOOR_POLICE, NORTHMOOR_IMR)
    _ensure_learning(store, northmoor, NORTHMOOR_POINTS)
    eastwick = store.repos.reviews.get(EASTWICK_REFERENCE).id
    _ensure_chronology(store, eastwick, EASTWICK_ROWS)
    _ensure_learning(store, eastwick, EASTWICK_POINTS)
    _ensure_recommendations(store, eastwick, EASTWICK_RECS)
    _ensure_sections(store, eastwick, EASTWICK_SECTIONS)
    _eastwick_complete(store, eastwick)


# ------------------------------------------------------------------ the demo
def ensure_demo_reviews(store: Store) -> list[str]:
    """Create the three fictional demo reviews, or whatever of them is missing.

    Returns their references, the main demo review first.
    """
    ensure_northmoor(store)
    ensure_eastwick(store)
    ensure_southmere(store)
    ensure_learning_parts(store)
    for story in LIBRARY_STORIES:
        ensure_story(store, story)
    return list(DEMO_REFERENCES)


def write_overview(store: Store, out_dir: Path) -> Path:
    """The restricted overview report of the demo review, as PDF."""
    from dhrdesk.documents.builders import build_document

    document = build_document(store, DEMO_REFERENCE, "overview", marking=DEMO_MARKING)
    return write_pdf(document, out_dir / OVERVIEW_RESTRICTED_FILE)


def write_publication_pack(store: Store, out_dir: Path) -> list[Path]:
    """The publication edition of the demo review (overview, executive summary, action
    plan; PDF and DOCX) through the anonymisation gate, with its manifest."""
    import shutil
    import tempfile

    from dhrdesk.documents.gate import publication_pack

    review = store.repos.reviews.get(DEMO_REFERENCE)
    folder = out_dir / "publication"
    # A fresh pack each run: built beside the old one, swapped in only when complete.
    fresh = Path(tempfile.mkdtemp(prefix=".publication.", dir=out_dir))
    try:
        manifest = publication_pack(store, review.id, fresh)
        if folder.exists():
            shutil.rmtree(folder)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return [folder / f.path.name for f in manifest.files] + sorted(folder.glob("manifest.*"))


def write_submission_pack(store: Store, out_dir: Path) -> list[Path]:
    """The Home Office submission pack of the review that is ready for the QA Board
    (Eastwick, DHR 2025/11): every pre-flight and readiness check passes, so no
    justification is needed; the readiness report is written beside it."""
    import shutil
    import tempfile

    from dhrdesk.documents.submission import submission_pack

    folder = out_dir / "submission"
    fresh = Path(tempfile.mkdtemp(prefix=".submission.", dir=out_dir))
    try:
        pack = submission_pack(store, EASTWICK_REFERENCE, fresh, marking=DEMO_MARKING)
        (fresh / "readiness.txt").write_text(pack.assessment.text() + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return [folder / f.path.name for f in pack.files] + [folder / "readiness.txt"]


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
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.docx import write_docx

    overview = write_overview(store, out_dir)
    document = build_document(store, DEMO_REFERENCE, "overview", marking=DEMO_MARKING)
    overview_docx = write_docx(document, overview.with_suffix(".docx"))
    return [
        overview,
        overview_docx,
        *write_restricted_documents(store, out_dir),
        *write_demo_letters(store, out_dir),
        *write_publication_pack(store, out_dir),
        *write_submission_pack(store, out_dir),
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
