"""The table documents (action plan, combined chronology), the terms of reference and
an agency's IMR."""

from __future__ import annotations

from collections.abc import Sequence

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import NotFoundError
from dhrdesk.core.ids import id_of
from dhrdesk.documents import generated as g
from dhrdesk.documents.builders.common import paragraphs, shell, victim_or_default
from dhrdesk.documents.model import (
    EDITION_RESTRICTED,
    KIND_ACTION_PLAN,
    KIND_CHRONOLOGY,
    KIND_IMR,
    KIND_TERMS,
    LANDSCAPE,
    Block,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
)
from dhrdesk.documents.review_facts import NOT_WRITTEN

ACTION_PLAN_HEADER = [
    "Recommendation",
    "Scope",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting the recommendation",
    "Target date",
    "Status",
    "Date of completion and outcome",
]
ACTION_PLAN_WIDTHS = [4.6, 1.5, 4.2, 2.3, 3.4, 1.7, 1.5, 2.8]
NO_THEME = "Other recommendations"
IMR_NOTE = (
    "An Individual Management Review is confidential to the review panel and is never "
    "published. It must not be shared beyond the panel without the chair's agreement."
)


def theme_name(theme_id: str) -> str:
    from dhrdesk.core.taxonomy import theme_by_id

    try:
        return theme_by_id(theme_id).name
    except (NotFoundError, KeyError, ValueError):
        return theme_id.replace("_", " ").capitalize()


def _action_rows(facts: g.ReviewFacts, rec: m.Recommendation) -> list[list]:
    """One row per action; the recommendation and its scope are written once and merged
    down the rows (Table.row_spans), never repeated as "(continued)"."""
    actions = facts.actions(rec)
    first = f"{rec.number}. {rec.text.strip()}"
    scope = g.scope_label(rec)
    if not actions:
        lead = rec.lead_agency.strip() or g.NOT_RECORDED
        status = m.STATUS_LABELS.get(rec.status, rec.status)
        return [[first, scope, "No action recorded yet.", lead, "", "", status, ""]]
    rows = []
    for index, action in enumerate(actions):
        done = format_date(action.completed_on)
        outcome = "; ".join(part for part in (done, action.outcome.strip()) if part)
        rows.append(
            [
                first if index == 0 else "",
                scope if index == 0 else "",
                action.text.strip(),
                action.lead_agency.strip() or rec.lead_agency.strip() or g.NOT_RECORDED,
                action.milestones.strip(),
                format_date(action.target_date, g.NOT_RECORDED),
                m.STATUS_LABELS.get(action.status, action.status),
                outcome,
            ]
        )
    return rows


def _add(rows: list[list], spans: list[tuple[int, int, int]], block: list[list]) -> None:
    if len(block) > 1:
        spans += [(len(rows), 0, len(block)), (len(rows), 1, len(block))]
    rows += block


def action_plan_table(facts: g.ReviewFacts, *, group_by_theme: bool = False) -> Table:
    """Every recommendation, each with its actions (or a row saying there is none yet),
    optionally grouped under theme rows."""
    rows: list[list] = []
    spans: list[tuple[int, int, int]] = []
    group_rows: list[int] = []
    recs = facts.recommendations
    if group_by_theme:
        groups: dict[str, list[m.Recommendation]] = {}
        for rec in recs:
            name = theme_name(rec.themes[0]) if rec.themes else NO_THEME
            groups.setdefault(name, []).append(rec)
        order = sorted(groups, key=lambda n: (n == NO_THEME, n.casefold()))
        for name in order:
            group_rows.append(len(rows))
            rows.append([name] + [""] * (len(ACTION_PLAN_HEADER) - 1))
            for rec in groups[name]:
                _add(rows, spans, _action_rows(facts, rec))
    else:
        for rec in recs:
            _add(rows, spans, _action_rows(facts, rec))
    return Table(
        ACTION_PLAN_HEADER,
        rows,
        ACTION_PLAN_WIDTHS,
        compact=True,
        group_rows=group_rows,
        row_spans=spans,
    )


def action_plan_blocks(facts: g.ReviewFacts, *, group_by_theme: bool = False) -> list[Block]:
    if not facts.recommendations:
        return [
            Paragraph("The review has made no recommendations yet, so the action plan has no rows.")
        ]
    return [action_plan_table(facts, group_by_theme=group_by_theme)]


def _landscape_shell(
    facts: g.ReviewFacts, kind: str, what: str, *, marking: str | None, edition: str
) -> Document:
    """A landscape document without contents or version table (action plan, chronology)."""
    title = f"{facts.profile.review_type} – {what}: the death of {victim_or_default(facts)}"
    document = shell(facts, kind, title, marking=marking, edition=edition, orientation=LANDSCAPE)
    document.contents = False
    document.version_history = []
    return document


def build_action_plan(
    facts: g.ReviewFacts,
    *,
    marking: str | None,
    edition: str = EDITION_RESTRICTED,
    group_by_theme: bool = False,
) -> Document:
    document = _landscape_shell(
        facts, KIND_ACTION_PLAN, "Action Plan", marking=marking, edition=edition
    )
    review_type = facts.profile.review_type
    count = len(facts.recommendations)
    plan = facts.profile.term("action_plan", "action plan")
    intro = Paragraph(
        (
            f"The {plan} for the {g.count_words(count, 'recommendation')} of the "
            f"{review_type.lower()} {facts.review.reference}, with the status of each action "
            f"as at {format_date(facts.today)}."
        )
        if count
        else f"The {review_type.lower()} {facts.review.reference} has made no "
        f"recommendations yet, so the {plan} has no rows (as at {format_date(facts.today)}).",
        numbered=False,
    )
    blocks: list[Block] = [intro]
    if count:
        blocks.append(action_plan_table(facts, group_by_theme=group_by_theme))
    document.sections = [Section(None, "Action plan", blocks, key="action_plan")]
    return document


#: (header, relative width, optional): an optional column is left out when no row has a value.
CHRONOLOGY_COLUMNS = [
    ("Date and time", 2.0, False),
    ("Agency", 2.3, False),
    ("Source", 1.8, False),
    ("Event or contact", 4.6, False),
    ("Action taken or outcome", 3.2, False),
    ("Agency comment", 2.8, True),
    ("Significance", 2.8, False),
    ("Age", 0.9, True),
    ("Days since previous", 1.2, True),
    ("Notes", 1.9, False),
]
CHRONOLOGY_HEADER = [c[0] for c in CHRONOLOGY_COLUMNS]


def chronology_table(facts: g.ReviewFacts, rows: list) -> Table:
    """The combined chronology with every column the model holds: time, agency comment,
    age and interval where known, and a note for key events, merged rows and possible
    duplicates (so a reader sees what the chair merged)."""
    merged: dict[int, list[str]] = {}
    names = {a.agency.id: a.agency.name for a in facts.agencies}
    for entry in facts.store.repos.agency_input.entries(facts.review_id):
        if entry.duplicate_of is not None:
            merged.setdefault(entry.duplicate_of, []).append(names.get(entry.agency_id, ""))
    ids = {r.entry.id: r for r in rows}
    body = []
    for r in rows:
        notes = []
        if r.entry.key_event:
            notes.append("Key event")
        if merged.get(r.entry.id):
            notes.append(
                "Merged with the same event from " + g._join(sorted(set(merged[r.entry.id])))
            )
        candidates = [ids[c].agency for c in r.duplicate_candidates if c in ids]
        if candidates:
            notes.append("Possible duplicate of an entry from " + g._join(sorted(set(candidates))))
        body.append(
            [
                r.when.display() + (f", {r.entry.time}" if r.entry.time else ""),
                r.agency,
                r.entry.source,
                r.entry.event,
                r.entry.action,
                r.entry.agency_comment,
                r.entry.significance,
                r.age,
                "" if r.interval_days is None else str(r.interval_days),
                "; ".join(notes),
            ]
        )
    keep = [
        i
        for i, (_, _, optional) in enumerate(CHRONOLOGY_COLUMNS)
        if not optional or any(row[i].strip() for row in body)
    ]
    return Table(
        [CHRONOLOGY_COLUMNS[i][0] for i in keep],
        [[row[i] for i in keep] for row in body],
        [CHRONOLOGY_COLUMNS[i][1] for i in keep],
        compact=True,
        align=[
            "right" if CHRONOLOGY_COLUMNS[i][0] in ("Age", "Days since previous") else "left"
            for i in keep
        ],
    )


def build_chronology(
    facts: g.ReviewFacts,
    *,
    marking: str | None,
    edition: str = EDITION_RESTRICTED,
    key_events_only: bool = False,
) -> Document:
    document = _landscape_shell(
        facts, KIND_CHRONOLOGY, "Combined Chronology", marking=marking, edition=edition
    )
    rows = facts.key_events if key_events_only else facts.combined
    agencies = len({row.agency for row in rows})
    one, many = ("key event", "key events") if key_events_only else ("entry", "entries")
    intro = Paragraph(
        f"{g.count_words(len(rows), one, many).capitalize()} from "
        f"{g.count_words(agencies, 'agency', 'agencies')}, merged by date"
        + (f"; the review period runs {g.period_text(facts)}." if g.period_text(facts) else "."),
        numbered=False,
    )
    blocks: list[Block] = [intro]
    if rows:
        blocks.append(chronology_table(facts, rows))
    heading = "Key events" if key_events_only else "Combined chronology"
    document.sections = [Section(None, heading, blocks, key="chronology")]
    return document


def build_terms(
    facts: g.ReviewFacts, *, marking: str | None, edition: str = EDITION_RESTRICTED
) -> Document:
    review_type = facts.profile.review_type
    title = f"{review_type} – Terms of Reference: the death of {victim_or_default(facts)}"
    document = shell(facts, KIND_TERMS, title, marking=marking, edition=edition)
    tor = facts.terms
    sections: list[Section] = []

    def add(title: str, blocks: Sequence[Block], key: str) -> None:
        if blocks:
            sections.append(Section(len(sections) + 1, title, list(blocks), key=key))

    add("Purpose of the review", paragraphs(tor.sections.get("purpose", "")), "purpose")
    period = g.period_text(facts)
    add(
        "Review period",
        [
            Paragraph(f"The review considers events {period}." if period else g.NOT_RECORDED + "."),
            *paragraphs(tor.period_rationale),
        ],
        "period",
    )
    add("The people at the centre of the review", g.people_blocks(facts), "subjects")
    agencies: list[Block] = []
    if facts.contributors:
        agencies.append(Paragraph("These agencies are asked to contribute:"))
        agencies.append(
            Table(
                ["Agency", "Asked for"],
                [[a.agency.name, a.contribution] for a in facts.contributors],
                [3, 2],
            )
        )
    if facts.excluded:
        agencies.append(
            Paragraph("These agencies are not asked to contribute, for the reasons given:")
        )
        agencies.append(
            Table(
                ["Agency", "Reason"],
                [
                    [a.agency.name, a.agency.exclusion_reason.strip() or g.NOT_RECORDED]
                    for a in facts.excluded
                ],
                [2, 3],
            )
        )
    add("Agencies", agencies or [Paragraph(f"Agencies: {g.NOT_RECORDED}.")], "agencies")
    lines = facts.lines_of_enquiry
    add(
        "Key lines of enquiry",
        [
            Paragraph("The review will address these key lines of enquiry:"),
            *[Paragraph(line.text) for line in lines],
        ]
        if lines
        else [Paragraph(f"Key lines of enquiry: {g.NOT_RECORDED}.")],
        "lines_of_enquiry",
    )
    for key, heading in m.TOR_SECTIONS:
        if key != "purpose":
            add(heading, paragraphs(tor.sections.get(key, "")), key)
    versions = facts.store.repos.lifecycle.versions(facts.review_id)
    if versions:
        add(
            "Agreement",
            [
                Paragraph(
                    f"Version {v.number} of these terms was agreed by the panel on "
                    f"{format_date(v.agreed_on)}."
                    + (f" {v.note.strip()}" if v.note.strip() else "")
                )
                for v in versions
            ],
            "agreement",
        )
    document.sections = sections
    return document


def _imr_front_sheet(
    facts: g.ReviewFacts, document: Document, agency_name: str, request: m.AgencyRequest
) -> list[tuple[str, str]]:
    author = request.author_name.strip() or g.NOT_RECORDED
    if request.author_role.strip():
        author += f", {request.author_role.strip()}"
    signoff = request.signoff_name.strip() or g.NOT_RECORDED
    if request.signoff_role.strip():
        signoff += f", {request.signoff_role.strip()}"
    if request.signoff_on:
        signoff += f" ({format_date(request.signoff_on)})"
    return [
        ("Agency", agency_name),
        ("Author", author),
        (
            "Author's independence",
            request.author_independence.strip() or g.NOT_RECORDED,
        ),
        ("Date of request", format_date(request.requested_on, g.NOT_RECORDED)),
        ("Date records secured", format_date(request.records_secured_on, g.NOT_RECORDED)),
        ("Senior manager sign-off", signoff),
        ("Review", f"{facts.review.reference}, commissioned by {document.csp}"),
        ("Independent chair", document.chair),
        ("Version and date", f"{document.version}, {format_date(document.date)}"),
    ]


def _imr_chronology(facts: g.ReviewFacts, agency_id: int) -> list[Block]:
    rows = [r for r in facts.combined if r.entry.agency_id == agency_id]
    if not rows:
        return [Paragraph("No chronology entries have been recorded for this agency.")]
    return [
        Table(
            ["Date", "Source", "Event or contact", "Action taken or outcome"],
            [[r.when.display(), r.entry.source, r.entry.event, r.entry.action] for r in rows],
            [1.6, 1.8, 4.2, 3.0],
            compact=True,
        )
    ]


def build_imr(facts: g.ReviewFacts, agency_name: str, *, marking: str | None) -> Document:
    """An agency's IMR: front sheet, its sections, analysis per line of enquiry and its
    chronology. Always restricted: an IMR is never published."""
    repo = facts.store.repos.agency_input
    agency = repo.agency_by_name(facts.review_id, agency_name)
    if agency is None:
        known = ", ".join(a.agency.name for a in facts.agencies)
        raise NotFoundError(
            f"'{agency_name}' is not an agency of {facts.review.reference}.",
            hint=f"Its agencies are: {known}." if known else "It has no agencies yet.",
        )
    request = repo.request(id_of(agency))
    imr_term = facts.profile.term("imr", "Individual Management Review")
    title = f"{facts.profile.review_type} – {imr_term}: {agency.name}"
    document = shell(facts, KIND_IMR, title, marking=marking, cover_note=IMR_NOTE)
    document.version_history = []
    # The agency's front sheet is the cover: the agency's author, not the chair, wrote it.
    document.cover_override = _imr_front_sheet(facts, document, agency.name, request)
    sections: list[Section] = []
    texts = repo.imr_sections(id_of(agency))
    analysis = repo.imr_analysis(id_of(agency))

    def add(title: str, blocks: Sequence[Block], key: str) -> None:
        sections.append(
            Section(
                len(sections) + 1,
                title,
                list(blocks) or [Paragraph(NOT_WRITTEN)],
                key=key,
            )
        )

    for key, heading in m.IMR_SECTIONS:
        add(heading, paragraphs(texts.get(key, "")), key)
        if key == "summary_of_involvement":
            add("Agency chronology", _imr_chronology(facts, id_of(agency)), "chronology")
            lines: list[Block] = []
            for number, line in enumerate(facts.lines_of_enquiry, start=1):
                lines.append(Heading(f"Key line of enquiry {number}: {line.text}"))
                lines += paragraphs(analysis.get(id_of(line), "")) or [
                    Paragraph("No analysis has been written yet.")
                ]
            add("Analysis against the key lines of enquiry", lines, "analysis")
    document.sections = sections
    return document
