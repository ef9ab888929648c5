"""A fictional review with hard names and places, for the publication gate tests.

Every name here is invented. The register maps each to a pseudonym or role; the
chair's text uses the real names the way a restricted draft does: possessives
(straight and typographic apostrophes), initials, unaccented spellings, names in
table cells, chronology rows, recommendations and actions, a name broken by a
line break, ordinary words that are also names ("we hope that", "a bath").
"""

from __future__ import annotations

import datetime as dt
import re

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import fold

REF = "DHR 2099/06"
REF_HELPLINE = "DHR 2099/07"
HELPLINE = "0808 2000 247"

# kind, value, replacement, variants, role of the subject it belongs to (or None)
REGISTER: list[tuple[str, str, str, list[str], str | None]] = [
    ("full_name", "Siobhán Ní Bhriain", "Adult A", ["Siobhan Ni Bhriain", "Shiv"], "victim"),
    ("date_of_birth", "07/04/1989", "aged 34", [], "victim"),
    ("date_of_death", "18/03/2024", "March 2024", [], "victim"),
    ("full_name", "Pádraig O'Sullivan", "Adult B", ["Padraig O'Sullivan", "Paddy"], "perp"),
    ("date_of_birth", "23/11/1985", "aged 38", [], "perp"),
    ("full_name", "Hope Carter", "Child A", ["Hopey"], "child"),
    ("full_name", "Rose Milner", "Adult C", [], None),
    ("professional", "Mark Tennant", "Housing Officer 1", [], None),
    ("full_name", "Will Ashby", "Adult D", [], None),
    ("professional", "Sinéad O'Shea", "Social Worker 1", ["S. O'S."], None),
    ("professional", "Dafydd ap Rhys", "GP1", ["Dr ap Rhys"], None),
    ("full_name", "Llinos Gruffudd", "Adult A's sister", [], None),
    ("full_name", "Łukasz Wiśniewski", "Friend 1", ["Lukasz Wisniewski"], None),
    ("full_name", "Małgorzata Zając", "Neighbour 1", ["Gosia"], None),
    ("full_name", "Nguyễn Thị Hương", "Friend 2", ["Nguyen Thi Huong"], None),
    ("professional", "Muhammad Asif Chaudhry", "Police Officer 1", ["PC Chaudhry"], None),
    ("professional", "Ayesha Siddiqui", "IDVA 1", [], None),
    ("professional", "Hodan Warsame", "Health Visitor 1", [], None),
    ("full_name", "Abdirahman Mohamed Farah", "Adult E", ["Abdi"], None),
    ("place", "Bath", "a city in the south-west", [], None),
    (
        "address",
        "14 Larkspur Close, Bath BA2 4RT",
        "Adult A's home",
        ["14 Larkspur Close", "Larkspur Close", "BA2 4RT"],
        "victim",
    ),
    ("workplace", "Kestrel Mill Bakery", "her workplace", [], "victim"),
    ("phone", "07700 900123", "[phone number]", [], "victim"),
]

COMMON_WORD_NAMES = ("Hope", "Rose", "Mark", "Will", "Bath")

AGENCIES = ("Avon and Somerset Police", "Riverside GP Practice", "Mercia Housing")


def _p(*runs) -> dict:
    return {"type": "paragraph", "runs": [r if isinstance(r, dict) else {"text": r} for r in runs]}


BACKGROUND = [
    _p(
        "Siobhán Ní Bhriain was born on 07/04/1989 and grew up in Bath with her sister "
        "Llinos Gruffudd. Siobhán’s friends called her Shiv; we hope that this report "
        "honours her."
    ),
    _p(
        "She met Pádraig O'Sullivan in 2015. Pádraig’s family lived near Kestrel Mill "
        "Bakery, where Siobhan worked. Their daughter, Hope Carter, was born in 2016.",
    ),
    _p(
        {"text": "Siobhán Ní Bhriain's mother, Rose Milner, ", "bold": True},
        {"text": "described a rose garden and a long bath as her daughter's escape."},
        {"endnote": "Interview with Rose Milner on 2 May 2024, notes held by the chair."},
    ),
    _p(
        "Friends included Łukasz Wiśniewski, Lukasz Wisniewski's partner Małgorzata Zając "
        "(Gosia), Nguyễn Thị Hương and Abdirahman Mohamed Farah; Abdi said that "
        "everyone will remember her laugh. Will Ashby, a neighbour, made a mark on the "
        "family by calling the police on 14th March 2024."
    ),
    _p(
        "On 18 March 2024 Adult A died at 14 Larkspur Close, Bath BA2 4RT. Her phone, "
        "07700 900123, was found at the scene. The family asked the panel to say that "
        "Siobhán’s life mattered. The GP, Dafydd ap Rhys, had seen her in the autumn; "
        "Dr ap Rhys recorded low mood but did not ask about abuse, and the note by "
        "Dafydd ap\nRhys was not shared."
    ),
]
ANALYSIS = [
    {"type": "heading", "text": "What the agencies knew about Pádraig O'Sullivan"},
    _p(
        "The social worker, Sinéad O'Shea, signed her assessment S. O'S. and recorded "
        "that Paddy had threatened Siobhán. Mark Tennant (housing) noted arrears."
    ),
    {
        "type": "bullets",
        "items": [
            [
                {
                    "text": "PC Chaudhry (Muhammad Asif Chaudhry) completed the DASH on 3 February 2024."
                }
            ],
            [{"text": "Ayesha Siddiqui, the IDVA, tried to reach Siobhán Ní Bhriain twice."}],
            [{"text": "Hodan Warsame, the health visitor, saw Hope Carter at home."}],
        ],
    },
    {
        "type": "quote",
        "runs": [{"text": "“Shiv was walking on eggshells around Paddy,” said Llinos Gruffudd."}],
    },
    {
        "type": "table",
        "header": ["Practitioner", "Contact", "When"],
        "rows": [
            ["Dafydd ap Rhys", "GP consultation with Siobhán", "12/10/2023"],
            ["Ayesha Siddiqui", "IDVA call to Shiv", "2024-02-20"],
            ["Muhammad Asif Chaudhry", "DASH with Siobhan Ni Bhriain", "3rd February 2024"],
            ["Hodan Warsame", "Home visit to Hope Carter", "Friday 9 February 2024"],
        ],
    },
    _p("We will mark this in the action plan; the panel hopes that lessons are learned."),
]
SUMMARY = [
    _p(
        "Siobhán Ní Bhriain (Adult A) was killed by Pádraig O'Sullivan in Bath on 18 "
        "March 2024. Hope Carter now lives with Rose Milner and Will Ashby."
    )
]
CHRONOLOGY = [
    ("2023-10-12", "Dafydd ap Rhys saw Siobhán about low mood; no routine enquiry."),
    ("2024-02-03", "PC Chaudhry completed a DASH with Siobhán Ní Bhriain: standard risk."),
    ("2024-02-09", "Hodan Warsame visited Hope Carter at 14 Larkspur Close."),
    ("2024-03-14", "Will Ashby called the police about Pádraig O'Sullivan’s shouting."),
]
RECOMMENDATIONS = [
    (
        "Avon and Somerset Police should review how officers such as Muhammad Asif "
        "Chaudhry record DASH answers, after the case of Siobhán Ní Bhriain.",
        ["Brief officers, using Siobhán’s case with consent of Llinos Gruffudd, by 30/06/2025."],
    ),
    (
        "Riverside GP Practice should ask about abuse at every low-mood consultation, as "
        "Dafydd ap Rhys did not with Shiv.",
        ["Audit twenty records like Hope Carter's; report to Ayesha Siddiqui's service."],
    ),
]


def register_forms() -> list[str]:
    """Every written form the register knows (values, variants, name parts), folded;
    what the independent check looks for in extracted text."""
    forms: set[str] = set()
    for kind, value, _replacement, variants, _role in REGISTER:
        if kind in ("date_of_birth", "date_of_death"):
            continue
        for text in [value, *variants]:
            forms.add(fold(text))
            if kind in ("full_name", "professional") and len(fold(text).split()[0]) > 2:
                parts = [p for p in text.split() if fold(p).rstrip(".") not in {"dr", "pc"}]
                if len(parts) >= 2:
                    forms.update({fold(parts[0]), fold(parts[-1]), fold(" ".join(parts[1:]))})
    return sorted(f for f in forms if len(f) > 1 and f.capitalize() not in COMMON_WORD_NAMES)


def leaks(text: str) -> list[str]:
    """Independent of the gate: folded register forms on word boundaries in ``text``,
    and ordinary-word names used as names (capitalised after a lower-case word)."""
    folded = fold(text)
    found = [
        form for form in register_forms() if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", folded)
    ]
    flat = " ".join(text.split())
    for word in COMMON_WORD_NAMES:
        if re.search(rf"\b[a-z,;]+ {word}\b", flat):
            found.append(word)
    return found


DAY_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)


def populate(store, reference: str = REF, *, helpline: bool = False) -> int:
    """Fill ``store`` with the corpus review; returns its id."""
    rid = store.repos.reviews.create(
        reference,
        title="Corpus review (fictional)",
        csp="Westmere Community Safety Partnership",
        month_of_death="2024-03",
    )
    records = store.repos.records
    subjects = {}
    for role, pseudonym, sort in (("victim", "Adult A", 1), ("perpetrator", "Adult B", 2)):
        subject = m.Subject(rid, role, pseudonym, sort=sort)
        records.save(subject)
        subjects["perp" if role == "perpetrator" else role] = subject.id
    child = m.Subject(rid, "child", "Child A", sort=3)
    records.save(child)
    subjects["child"] = child.id
    for kind, value, replacement, variants, role in REGISTER:
        records.save(
            m.RegisterEntry(
                rid, kind, value, replacement, subjects.get(role) if role else None, variants
            )
        )
    records.save(m.ReviewPerson(rid, "chair", "Chair Fictional"))
    agency_ids = []
    for name in AGENCIES:
        agency = m.Agency(rid, name)
        records.save(agency)
        agency_ids.append(agency.id)
    store.repos.agency_input.add_entries(
        [
            m.ChronologyEntry(
                rid, agency_ids[i % 3], day, "Case record", event=text, key_event=True
            )
            for i, (day, text) in enumerate(CHRONOLOGY)
        ]
    )
    for number, (text, actions) in enumerate(RECOMMENDATIONS, start=1):
        rec = m.Recommendation(rid, number, text, lead_agency=AGENCIES[number - 1])
        records.save(rec)
        for sort, action in enumerate(actions):
            records.save(m.Action(rec.id, action, target_date=dt.date(2025, 6, 30), sort=sort))
    records.save(m.LearningPoint(rid, "lesson", "Practitioners did not ask Siobhán about abuse."))
    drafting = store.repos.drafting
    drafting.save_section(m.ReportSection(rid, "overview", "background", BACKGROUND))
    analysis = list(ANALYSIS)
    if helpline:
        analysis.append(_p(f"The National Domestic Abuse Helpline is on {HELPLINE}."))
    drafting.save_section(m.ReportSection(rid, "overview", "analysis", analysis))
    drafting.save_section(m.ReportSection(rid, "executive_summary", "es_process", SUMMARY))
    return rid
