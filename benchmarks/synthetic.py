"""Synthetic, fictional review data for benchmarks and screenshots.

Everything here is invented: agency names use made-up places ("Northvale",
"Ashby Marsh"), people are pseudonyms ("Adult A"), and events are assembled
from generic templates. Nothing is taken from a real review.

* :func:`agency_names` gives up to 40 fictional agency names.
* :func:`make_entries` builds N chronology rows spread over agencies, with some
  partial dates, times, and a share of the same event reported by two agencies
  (so duplicate detection has work to do).
* :func:`seed_rich_review` fills a store with one small but rich review (a few
  agencies in different request states, ~60 rows with partial dates,
  duplicates and flags, IMR text, quality scores, an attachment) for screenshots.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from dhrdesk.core import model as m

PLACES = [
    "Northvale",
    "Ashby Marsh",
    "Kellingford",
    "Eastmere",
    "Brackenholt",
    "Wyndham Vale",
    "Corrow",
    "Lindenbridge",
]
KINDS = [
    "Police",
    "NHS Foundation Trust (mental health)",
    "Hospitals NHS Trust",
    "Adult Social Care",
    "Children's Services",
    "Housing Partnership",
    "Domestic Abuse Service",
    "Probation Delivery Unit",
    "GP Practice",
    "Ambulance Service",
    "Substance Misuse Service",
    "Borough Council Community Safety",
    "Women's Aid",
    "Job Centre",
    "Fire and Rescue Service",
]
SOURCES = [
    "Police incident log",
    "GP record",
    "A&E attendance record",
    "Case notes (social worker)",
    "Housing officer notes",
    "IDVA case file",
    "Probation case record",
    "Triage call record",
    "MARAC minutes",
    "Safeguarding referral",
]
EVENTS = [
    "Adult A attended {place} with a {injury}; said she had fallen",
    "Call from a neighbour reporting shouting at the address in {place}",
    "Adult A disclosed that Adult B checks her phone and controls her money",
    "Home visit to Adult A; Adult B present throughout and answered for her",
    "DASH risk assessment completed with Adult A, scored {score}",
    "Referral to MARAC made after a high-risk assessment",
    "Adult B arrested for assault on Adult A; released under investigation",
    "Adult A missed a planned appointment at {place}",
    "Adult A asked for help with rehousing away from {place}",
    "Telephone contact with Adult A, who said things were better",
    "Adult B seen about his alcohol use; did not attend the follow-up",
    "Safeguarding concern raised about the children at the address",
    "Adult A reported that Adult B had taken her bank card",
    "Letter sent to Adult A offering support from the outreach team",
    "Adult A seen alone; routine enquiry about domestic abuse made",
]
ACTIONS = [
    "Advice given; no further action",
    "Referred to the IDVA service",
    "Information shared with the police",
    "Case closed after no contact",
    "Follow-up appointment booked",
    "Safety plan agreed with Adult A",
    "Referral to the MARAC coordinator",
    "Recorded on the system; no referral made",
]
COMMENTS = [
    "Routine enquiry was not made at this contact.",
    "Practice was in line with the policy at the time.",
    "The record does not say whether Adult A was seen alone.",
    "",
    "",
]
INJURIES = ["cut to the hand", "bruised arm", "sprained wrist", "head injury"]


def agency_names(count: int) -> list[str]:
    """``count`` distinct fictional agency names (place + kind of service)."""
    names = []
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        kind = KINDS[(i // len(PLACES) + i) % len(KINDS)]
        names.append(f"{place} {kind}")
    seen: set[str] = set()
    out = []
    for i, name in enumerate(names):
        while name in seen:
            name = f"{name} ({i})"
        seen.add(name)
        out.append(name)
    return out


def _event(rng: random.Random) -> str:
    return rng.choice(EVENTS).format(
        place=rng.choice(PLACES), injury=rng.choice(INJURIES), score=rng.randint(6, 22)
    )


def make_entries(
    review_id: int,
    agency_ids: list[int],
    count: int,
    *,
    seed: int = 4,
    start: dt.date = dt.date(2016, 1, 1),
    end: dt.date = dt.date(2021, 6, 30),
    duplicate_share: float = 0.02,
    partial_share: float = 0.05,
) -> list[m.ChronologyEntry]:
    """``count`` rows over the agencies: mostly full dates, some partial, some duplicated."""
    rng = random.Random(seed)
    span = (end - start).days
    entries: list[m.ChronologyEntry] = []
    sequence: dict[int, int] = {a: 0 for a in agency_ids}
    while len(entries) < count:
        agency = rng.choice(agency_ids)
        day = start + dt.timedelta(days=rng.randrange(span))
        roll = rng.random()
        if roll < partial_share * 0.8:
            date = f"{day.year:04d}-{day.month:02d}"
        elif roll < partial_share:
            date = f"{day.year:04d}"
        else:
            date = day.isoformat()
        sequence[agency] += 1
        entry = m.ChronologyEntry(
            review_id=review_id,
            agency_id=agency,
            date=date,
            time=f"{rng.randint(7, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}"
            if rng.random() < 0.4 and len(date) == 10
            else "",
            sequence=sequence[agency],
            source=rng.choice(SOURCES),
            event=_event(rng),
            action=rng.choice(ACTIONS),
            agency_comment=rng.choice(COMMENTS),
            external_key=f"syn-{len(entries)}",
        )
        entries.append(entry)
        if len(entries) < count and len(agency_ids) > 1 and rng.random() < duplicate_share:
            other = rng.choice([a for a in agency_ids if a != agency])
            sequence[other] += 1
            entries.append(
                m.ChronologyEntry(
                    review_id=review_id,
                    agency_id=other,
                    date=date,
                    sequence=sequence[other],
                    source=rng.choice(SOURCES),
                    event=entry.event + " (reported by partner agency)",
                    action=rng.choice(ACTIONS),
                    external_key=f"syn-{len(entries)}",
                )
            )
    return entries


# ---------------------------------------------------------------- a rich review
RICH_AGENCIES = [
    ("Northvale Police", "Police"),
    ("Northvale Hospitals NHS Trust", "Health"),
    ("Ashby Marsh GP Practice", "Health"),
    ("Northvale Adult Social Care", "Local authority"),
    ("Kellingford Housing Partnership", "Housing"),
    ("Eastmere Domestic Abuse Service", "Specialist domestic abuse service"),
    ("Northvale Fire and Rescue Service", "Fire and rescue"),
]


def seed_rich_review(store: Any, today: dt.date | None = None) -> int:
    """One review with agencies in every request state and ~60 chronology rows."""
    today = today or dt.date.today()
    repos = store.repos
    review_id = repos.reviews.create("DHR-2024-017", "Adult A (Northvale)")
    review = repos.reviews.by_id(review_id)
    review.month_of_death = "2023-11"
    repos.reviews.update(review)
    tor = repos.lifecycle.terms(review_id)
    tor.period_start = dt.date(2021, 1, 1)
    tor.period_end = dt.date(2023, 11, 30)
    tor.period_rationale = "From the start of the relationship to Adult A's death."
    repos.lifecycle.save_terms(tor)
    records = repos.records
    victim = m.Subject(review_id, "victim", "Adult A", sort=1)
    perpetrator = m.Subject(review_id, "perpetrator", "Adult B", sort=2)
    records.save(victim)
    records.save(perpetrator)
    records.save(m.RegisterEntry(review_id, "date_of_birth", "14/06/1988", subject_id=victim.id))
    records.save(
        m.RegisterEntry(review_id, "date_of_birth", "02/02/1984", subject_id=perpetrator.id)
    )
    records.save(m.RegisterEntry(review_id, "date_of_death", "19/11/2023", subject_id=victim.id))
    for sort, (text, theme) in enumerate(
        [
            ("What did each agency know about the abuse of Adult A?", "risk_assessment"),
            ("How were risks identified, assessed and shared (DASH, MARAC)?", "marac_mappa"),
            ("Were equality and diversity needs considered?", "equality_diversity"),
        ],
        start=1,
    ):
        records.save(m.LineOfEnquiry(review_id, text, theme_id=theme, sort=sort))
    ai = repos.agency_input
    ids = []
    for name, sector in RICH_AGENCIES:
        agency = m.Agency(review_id, name, sector=sector, contact_role="Safeguarding lead")
        records.save(agency)
        ids.append(agency.id)
    excluded = m.Agency(
        review_id,
        "Corrow Job Centre",
        sector="Employment",
        in_scope=False,
        exclusion_reason="No contact with Adult A or Adult B in the review period.",
    )
    records.save(excluded)

    def days(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    states = [
        # requested, secured, due, chases, received, checked, accepted, type
        (70, 68, 10, [days(9), days(3)], None, None, None, "imr"),  # overdue
        (70, 69, -14, [], None, None, None, "imr"),  # requested, due later
        (80, 78, 30, [], days(40), days(30), days(20), "summary"),  # accepted
        (75, 70, 20, [days(21)], days(18), days(5), None, "imr"),  # quality-checked
        (75, 72, 20, [], days(12), None, None, "imr"),  # received
        (60, 60, 3, [days(2)], None, None, None, "information"),  # overdue
        (None, None, None, [], None, None, None, "information"),  # not requested
    ]
    for agency_id, (req, sec, due, chases, rec, chk, acc, kind) in zip(ids, states, strict=True):
        request = m.AgencyRequest(
            agency_id,
            request_type=kind,
            requested_on=days(req) if req is not None else None,
            records_secured_on=days(sec) if sec is not None else None,
            due_on=days(due) if due is not None else None,
            chases=[c.isoformat() for c in chases],
            received_on=rec,
            quality_checked_on=chk,
            accepted_on=acc,
        )
        if kind == "imr" or rec:
            request.author_name = "J. Okafor" if agency_id % 2 else "R. Lindqvist"
            request.author_role = "Safeguarding review manager"
            request.author_independence = (
                "I had no involvement with Adult A or Adult B and do not line-manage any "
                "practitioner involved."
            )
            request.signoff_name = "Director of Safeguarding"
            request.signoff_role = "Senior manager"
            request.signoff_on = rec
        ai.save_request(request, today=today)
    police, hospital, gp, social, housing, da_service, fire = ids
    for key, text in [
        ("introduction", "This IMR covers Northvale Police contact with Adult A and Adult B."),
        ("methodology", "Records read: incident logs, crime reports, custody records."),
        ("summary_of_involvement", "Eleven incidents were recorded between 2021 and 2023."),
    ]:
        ai.save_imr_section(police, key, text)
    scores = [
        ("independence", "met", ""),
        ("records_secured", "met", ""),
        ("analysis_each_line", "partly", "No analysis against the equality and diversity line."),
        ("equality_diversity", "not_met", "Section left blank; say how Adult A's needs were met."),
    ]
    for item, score, note in scores:
        ai.save_quality(police, item, score, note)

    rng = random.Random(17)
    rows: list[m.ChronologyEntry] = []

    def add(agency: int, date: str, source: str, event: str, action: str = "", **kw: Any) -> None:
        rows.append(
            m.ChronologyEntry(
                review_id,
                agency,
                date,
                source,
                event,
                action=action,
                external_key=f"rich-{len(rows)}",
                **kw,
            )
        )

    # A few hand-written rows: partial dates, duplicates, rows outside the period / after death.
    add(gp, "2020-10", "GP record", "Adult A registered with the practice", "New patient check")
    add(
        police,
        "2021-03-14",
        "Police incident log",
        "Neighbour reported shouting at the flat in Northvale",
        "Officers attended; words only",
        time="23:40",
        subject_ids=[victim.id, perpetrator.id],
    )
    add(
        hospital,
        "2021-03-15",
        "A&E attendance record",
        "Adult A attended A&E with a cut to the hand; said she fell",
        "Wound dressed; discharged",
        time="01:10",
        subject_ids=[victim.id],
    )
    add(
        gp,
        "2021-06",
        "GP record",
        "Adult A reported low mood and poor sleep",
        "Prescribed sertraline; review in 4 weeks",
    )
    add(
        police,
        "2021-09-02",
        "Police incident log",
        "Adult A disclosed that Adult B controls her money and phone",
        "DASH completed, scored 16: high risk",
        key_event=True,
        themes=["coercive_control", "risk_assessment"],
        significance=("First disclosure of coercive control to any agency."),
    )
    add(
        da_service,
        "2021-09-02",
        "IDVA case file",
        "Adult A disclosed that Adult B controls her money and her phone",
        "IDVA allocated; safety plan agreed",
    )
    add(
        social,
        "2021-09-20",
        "Safeguarding referral",
        "Referral received from police about Adult A",
        "Screened; no further action",
    )
    add(
        police,
        "2021-10-05",
        "MARAC minutes",
        "Case heard at MARAC",
        "Actions set for housing",
        key_event=True,
        themes=["marac_mappa"],
    )
    add(
        housing,
        "2021-10-05",
        "Housing officer notes",
        "Case discussed at MARAC meeting",
        "Action: assess Adult A for a management transfer",
    )
    add(
        housing,
        "2022",
        "Housing officer notes",
        "Adult A asked about moving away from Northvale",
        "Placed on the transfer list",
    )
    add(
        hospital,
        "2022-02-11",
        "A&E attendance record",
        "Adult A attended with a bruised arm; Adult B present",
        "Routine enquiry not made",
        themes=["professional_curiosity", "health_services"],
        key_event=True,
    )
    add(
        gp,
        "2022-02-11",
        "GP record",
        "Adult A attended with a bruised arm, Adult B present",
        "Letter from A&E filed",
    )
    add(
        fire,
        "2023-12-02",
        "Home fire safety visit record",
        "Home fire safety visit booked before Adult A's death was known",
        "Visit cancelled",
    )
    add(
        police,
        "2020-05-01",
        "Police incident log",
        "Adult B arrested for assault on a former partner",
        "Charged; conviction 2020",
    )
    # And a body of generated rows across the period.
    agencies = [police, hospital, gp, social, housing, da_service]
    for entry in make_entries(
        review_id,
        agencies,
        46,
        seed=rng.randint(1, 999),
        start=dt.date(2021, 1, 1),
        end=dt.date(2023, 11, 15),
        duplicate_share=0.05,
    ):
        entry.external_key = f"rich-gen-{entry.external_key}"
        entry.subject_ids = [victim.id]
        rows.append(entry)
    ai.add_entries(rows)
    content = b"Date,Time,Source,Event\n14/03/2021,23:40,Police incident log,Shouting\n"
    ai.add_attachment(
        review_id, "northvale-police-chronology.csv", content, "chronology_import", agency_id=police
    )
    return review_id
