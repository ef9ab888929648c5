"""Facts from the store, and the generated parts of the sections built from them.

Why generated sections
----------------------
Timescales, contributors, panel members, the author, the terms of reference,
parallel reviews, the chronology's key events and the recommendations are facts
the store already holds. Typing them again into the report is where the
overview and the executive summary start to disagree, so they are generated
from the same :class:`ReviewFacts` every time a document is built: change the
data and the next build changes with it.

The chair's prose is never touched: a section is the generated blocks first,
then the chair's own blocks (``origin="chair"``, converted from the structured
text stored by ``store.repos.drafting``). Paragraph numbering runs on across
both, and the model can tell them apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.lifecycle import time_split
from dhrdesk.documents.build import subject_blocks
from dhrdesk.documents.model import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    Quote,
    Run,
    Table,
)
from dhrdesk.documents.review_facts import (
    NOT_RECORDED,
    NUMBER_WORDS,
    ReviewFacts,
    _plural,
    count_words,
    times,
)

if TYPE_CHECKING:
    from dhrdesk.core.chronology import CombinedRow


# ------------------------------------------------------------------ generated blocks
def people_blocks(facts: ReviewFacts) -> list[Block]:
    return subject_blocks(facts.subjects)


def introduction_blocks(facts: ReviewFacts) -> list[Block]:
    review_type = facts.profile.review_type
    csp = facts.review.csp.strip() or "the Community Safety Partnership"
    return [
        Paragraph(
            f"This report sets out the findings of the {review_type.lower()} "
            f"{facts.review.reference}, commissioned by {csp}. It follows the "
            f"{facts.profile.name} guidance: {facts.profile.source}."
        ),
        *people_blocks(facts),
    ]


def pause_days(pause: m.Pause, today: dt.date) -> int:
    end = pause.end or today
    return max(0, (end - pause.start).days + 1)


def timescales_blocks(facts: ReviewFacts) -> list[Block]:
    """Dates of the decision and the Home Office notification, meetings, pauses with
    reasons and days paused, and the split of time active and paused."""
    notification = facts.stage_done("notification")
    decision = facts.stage_done("decision")
    notified = facts.stage_done("home_office_notified")
    blocks: list[Block] = []
    if notification:
        blocks.append(
            Paragraph(
                f"{facts.review.csp.strip() or 'The Community Safety Partnership'} was notified "
                f"of the death on {format_date(notification)}."
            )
        )
    blocks.append(
        Paragraph(
            f"The decision to hold a review was made on {format_date(decision)}."
            if decision
            else f"Date of the decision to hold a review: {NOT_RECORDED}."
        )
    )
    blocks.append(
        Paragraph(
            f"The Home Office was notified of the decision on {format_date(notified)}."
            if notified
            else f"Date the Home Office was notified: {NOT_RECORDED}."
        )
    )
    meetings = facts.meetings
    if len(meetings) == 1:
        blocks.append(Paragraph(f"The review panel met once, on {format_date(meetings[0].date)}."))
    elif meetings:
        blocks.append(
            Paragraph(
                f"The review panel met {times(len(meetings))}, between "
                f"{format_date(meetings[0].date)} and {format_date(meetings[-1].date)}."
            )
        )
    else:
        blocks.append(Paragraph("No panel meetings have been recorded yet."))
    pauses = facts.pauses
    if pauses:
        rows = []
        for pause in pauses:
            label = m.PAUSE_KIND_LABELS.get(pause.kind, pause.kind)
            ends = format_date(pause.end) if pause.end else "continuing"
            rows.append(
                [
                    label,
                    pause.reason.strip() or NOT_RECORDED,
                    format_date(pause.start),
                    ends,
                    str(pause_days(pause, facts.today)),
                ]
            )
        blocks.append(
            Paragraph(f"The review was paused {times(len(pauses))}, for the reasons below:")
        )
        blocks.append(
            Table(
                ["Pause", "Reason", "From", "To", "Days"],
                rows,
                [2.2, 4.4, 2.4, 2.4, 1.1],
                align=["left", "left", "left", "left", "right"],
            )
        )
    if decision:
        end = facts.stage_done("csp_signoff") or facts.today
        active, paused = time_split(decision, pauses, end)
        until = "its sign-off" if facts.stage_done("csp_signoff") else format_date(end)
        blocks.append(
            Paragraph(
                f"From the decision to {until}, the review was active for "
                f"{_plural(active, 'day')} and paused for {_plural(paused, 'day')}."
            )
        )
    return blocks


@dataclass
class ContributionCounts:
    """The counts every sentence about contributors states, from the same rows as the
    contributors table (so the sentence and the table cannot disagree)."""

    in_scope: int
    requested: int
    by_type: dict[str, int]
    received: int
    accepted: int
    not_requested: list[str]
    excluded: int

    @property
    def outstanding(self) -> int:
        return self.requested - self.received


RETURN_NAMES = {
    "imr": ("Individual Management Review", "Individual Management Reviews"),
    "summary": ("summary of involvement", "summaries of involvement"),
    "information": ("information report", "information reports"),
}


def contribution_counts(facts: ReviewFacts) -> ContributionCounts:
    asked = [a.request for a in facts.contributors if a.request is not None]
    by_type: dict[str, int] = {}
    for request in asked:
        by_type[request.request_type] = by_type.get(request.request_type, 0) + 1
    return ContributionCounts(
        in_scope=len(facts.contributors),
        requested=len(asked),
        by_type=by_type,
        received=sum(1 for r in asked if r.received_on or r.accepted_on),
        accepted=sum(1 for r in asked if r.accepted_on),
        not_requested=[a.agency.name for a in facts.contributors if a.request is None],
        excluded=len(facts.excluded),
    )


def number_word(count: int) -> str:
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def contributors_sentences(facts: ReviewFacts, counts: ContributionCounts) -> list[str]:
    """The count sentences, each number computed from the table's rows."""
    imr = facts.profile.term("imr", "Individual Management Review")
    names = dict(RETURN_NAMES, imr=(imr, imr + "s"))
    order = list(names)
    kinds = [
        count_words(n, *names.get(kind, (kind, kind + "s")))
        for kind, n in sorted(
            counts.by_type.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    ]
    first = (
        f"{count_words(counts.in_scope, 'agency', 'agencies').capitalize()} "
        f"{_were(counts.in_scope)} in scope of the review"
    )
    if not counts.requested:
        return [first + "; none has yet been asked for a report."]
    out = [
        first + f"; {number_word(counts.requested)} {_were(counts.requested)} asked for a report: "
        f"{_join(kinds)}."
    ]
    received = (
        f"{number_word(counts.received).capitalize()} "
        f"{'report has' if counts.received == 1 else 'reports have'} been received"
    )
    if counts.received:
        received += f", {number_word(counts.accepted)} of them accepted by the panel"
    if counts.outstanding:
        received += f"; {number_word(counts.outstanding)} {'is' if counts.outstanding == 1 else 'are'} outstanding"
    out.append(received + ".")
    if counts.not_requested:
        one = len(counts.not_requested) == 1
        out.append(
            f"{_join(counts.not_requested)} {_were(len(counts.not_requested))} in scope but "
            f"{'was' if one else 'were'} not asked for a report."
        )
    return out


def contributors_blocks(facts: ReviewFacts) -> list[Block]:
    agencies = facts.contributors
    if not agencies:
        return [Paragraph(f"The agencies that contributed to the review: {NOT_RECORDED}.")]
    counts = contribution_counts(facts)
    rows = [
        [
            a.agency.name,
            a.contribution,
            format_date(a.request.requested_on) if a.request else "",
            format_date(a.request.received_on) if a.request else "",
            format_date(a.request.accepted_on) if a.request else "",
            a.author if a.request else "",
        ]
        for a in agencies
    ]
    blocks: list[Block] = [Paragraph(" ".join(contributors_sentences(facts, counts)))]
    blocks.append(
        Table(
            ["Agency", "Asked for", "Requested", "Received", "Accepted", "Author"],
            rows,
            [3.0, 1.8, 1.9, 1.9, 1.9, 3.0],
            compact=True,
        )
    )
    statements: dict[str, list[str]] = {}
    for item in agencies:
        if item.request is not None and item.request.author_name.strip():
            statements.setdefault(item.independence, []).append(item.request.author_name.strip())
    for statement, authors in statements.items():
        who = "each of the authors" if len(authors) > 1 and len(statements) == 1 else _join(authors)
        blocks.append(Paragraph(f"Independence: {who} stated: “{statement.rstrip('.')}.”"))
    missing = [
        a.agency.name
        for a in agencies
        if a.request is not None
        and a.request.author_name.strip()
        and not a.request.author_independence.strip()
    ]
    if missing:
        blocks.append(
            Paragraph(f"The independence of the author for {_join(missing)} is not yet stated.")
        )
    return blocks


def agency_names(facts: ReviewFacts) -> list[str]:
    return [a.agency.name for a in facts.contributors]


def panel_blocks(facts: ReviewFacts) -> list[Block]:
    members = facts.panel
    if not members:
        return [Paragraph(f"The members of the review panel: {NOT_RECORDED}.")]
    rows = [[p.name, p.role or NOT_RECORDED, p.agency or "Independent"] for p in members]
    declared = sum(1 for p in members if p.declared_not_involved)
    blocks: list[Block] = [
        Paragraph(
            f"The review panel had {count_words(len(members), 'member')}. "
            + (
                "Each declared no direct involvement with the people at the centre of the "
                "review or line management of those who were."
                if declared == len(members)
                else f"{declared} of them have declared no direct involvement with the case."
            )
        ),
        Table(["Name", "Role", "Agency"], rows, [3, 3.2, 3.4]),
    ]
    return blocks


def author_blocks(facts: ReviewFacts) -> list[Block]:
    chair, author = facts.chair, facts.author
    people = [p for p in (chair, author) if p is not None]
    if not people:
        return [Paragraph(f"The independent chair and author: {NOT_RECORDED}.")]
    blocks: list[Block] = []
    same = chair and author and chair.name.strip() == author.name.strip()
    for person in people:
        if same and person is author:
            continue
        role = "independent chair" if person.role == "chair" else "author of the overview report"
        if same or (person is chair and author is None):
            role = "independent chair and author of the overview report"
        blocks.append(Paragraph([Run(person.name.strip(), bold=True), Run(f" is the {role}.")]))
        for label, text in (
            ("Career history", person.career_history),
            ("Relevant experience", person.relevant_experience),
            ("Training", person.training),
        ):
            if text.strip():
                blocks.append(Paragraph(f"{label}: {text.strip()}"))
        links = person.agency_links.strip()
        blocks.append(
            Paragraph(
                "Independence: "
                + (
                    links
                    if links
                    else f"{person.name.strip()} has no connection with any agency involved "
                    "in the review and has not been involved in the management or delivery "
                    "of their services."
                )
            )
        )
    return blocks


def period_text(facts: ReviewFacts) -> str:
    tor = facts.terms
    if tor.period_start and tor.period_end:
        return f"from {format_date(tor.period_start)} to {format_date(tor.period_end)}"
    if tor.period_start:
        return f"from {format_date(tor.period_start)}"
    return ""


def terms_blocks(facts: ReviewFacts, *, full: bool = False) -> list[Block]:
    """Period and rationale, key lines of enquiry, agencies in scope and excluded.

    ``full`` adds the other parts of the terms (purpose, family involvement …) as
    the appendix and the stand-alone document print them.
    """
    tor = facts.terms
    blocks: list[Block] = []
    if full and tor.sections.get("purpose", "").strip():
        blocks += [Heading("Purpose of the review"), Paragraph(tor.sections["purpose"].strip())]
    period = period_text(facts)
    if full:
        blocks.append(Heading("Review period"))
    blocks.append(
        Paragraph(
            f"The review considered events {period}."
            + (f" {tor.period_rationale.strip()}" if tor.period_rationale.strip() else "")
            if period
            else f"The period the review considered: {NOT_RECORDED}."
        )
    )
    lines = facts.lines_of_enquiry
    if full:
        blocks.append(Heading("Key lines of enquiry"))
    if lines:
        blocks.append(Paragraph("The key lines of enquiry were:"))
        blocks.append(BulletList([line.text for line in lines], ordered=True))
    else:
        blocks.append(Paragraph(f"The key lines of enquiry: {NOT_RECORDED}."))
    if full:
        blocks.append(Heading("Agencies"))
    if facts.contributors:
        blocks.append(
            Paragraph("The agencies asked to contribute were: " + _join(agency_names(facts)) + ".")
        )
    for excluded in facts.excluded:
        reason = excluded.agency.exclusion_reason.strip() or "no reason recorded"
        blocks.append(
            Paragraph(
                f"{excluded.agency.name} was not asked to contribute. Reason: {reason.rstrip('.')}."
            )
        )
    if full:
        for key, title in m.TOR_SECTIONS:
            text = tor.sections.get(key, "").strip()
            if key != "purpose" and text:
                blocks += [Heading(title), Paragraph(text)]
    return blocks


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def parallel_blocks(facts: ReviewFacts) -> list[Block]:
    processes = facts.parallel
    if not processes:
        return [Paragraph("No parallel processes have been recorded.")]
    items = []
    for process in processes:
        label = m.PARALLEL_KIND_LABELS.get(process.kind, process.kind)
        status = "concluded" if process.status == "concluded" else "ongoing"
        text = f"{label} ({status})"
        if process.key_dates.strip():
            text += f": {process.key_dates.strip()}"
        items.append(text)
    return [
        Paragraph(
            f"{count_words(len(processes), 'process', 'processes').capitalize()} ran alongside "
            "this review:"
        ),
        BulletList(items),
    ]


def chronology_rows(rows: list[CombinedRow], *, full: bool = False) -> list[list[str]]:
    if full:
        return [
            [
                r.when.display() + (f" {r.entry.time}" if r.entry.time else ""),
                r.agency,
                r.entry.source,
                r.entry.event,
                r.entry.action,
                r.entry.significance,
                "Yes" if r.entry.key_event else "",
            ]
            for r in rows
        ]
    return [[r.when.display(), r.agency, r.entry.event] for r in rows]


#: Up to this many key events are told one paragraph each; beyond it, a paragraph a year.
KEY_EVENTS_IN_FULL = 40


def _key_event_text(row: CombinedRow) -> str:
    when = row.when.display()
    lead = f"In {when}" if row.when.is_partial else f"On {when}"
    text = f"{lead} ({row.agency}): {row.entry.event.strip().rstrip('.')}."
    if row.entry.significance.strip():
        text += f" {row.entry.significance.strip().rstrip('.')}."
    return text


def key_event_paragraphs(facts: ReviewFacts) -> list[Block]:
    """The key events as prose, in date order: one numbered paragraph each, or, when the
    panel marked more than KEY_EVENTS_IN_FULL, one paragraph a year (how many, from
    which agencies, and the first events of the year) so the body never copies the
    chronology, which is its own document."""
    rows = facts.key_events
    if len(rows) <= KEY_EVENTS_IN_FULL:
        return [Paragraph(_key_event_text(row)) for row in rows]
    years: dict[str, list[CombinedRow]] = {}
    for row in rows:
        years.setdefault(str(row.when.first_day().year), []).append(row)
    out: list[Block] = []
    for year, items in years.items():
        agencies: dict[str, int] = {}
        for row in items:
            agencies[row.agency] = agencies.get(row.agency, 0) + 1
        by_agency = _join([f"{name} ({n})" for name, n in sorted(agencies.items())])
        text = (
            f"In {year} the agencies recorded {count_words(len(items), 'key event')}: "
            f"{by_agency}. The first of them: "
            + " ".join(_key_event_text(row) for row in items[:2])
        )
        out.append(Paragraph(text))
    return out


def chronology_scope_sentence(facts: ReviewFacts) -> str:
    total = len(facts.combined)
    agencies = len({row.agency for row in facts.combined})
    period = period_text(facts)
    return (
        f"The combined chronology draws together {count_words(total, 'entry', 'entries')} from "
        f"{count_words(agencies, 'agency', 'agencies')}"
        + (f" for the review period, {period}" if period else "")
        + ". It is submitted with this report as a separate document, and the panel marked "
        f"{count_words(len(facts.key_events), 'event')} in it as key events."
    )


def chronology_blocks(facts: ReviewFacts) -> list[Block]:
    """Overview section 14: what the chronology covers, then the key events in prose.
    The full chronology is its own document, never copied into the body."""
    if not facts.combined:
        return [Paragraph("No chronology entries have been recorded yet.")]
    blocks: list[Block] = [Paragraph(chronology_scope_sentence(facts))]
    if not facts.key_events:
        blocks.append(Paragraph("No key events have been marked in the chronology yet."))
        return blocks
    blocks.append(Paragraph("The key events, in date order, were these."))
    return blocks + key_event_paragraphs(facts)


def scope_label(recommendation: m.Recommendation) -> str:
    return m.RECOMMENDATION_SCOPE_LABELS.get(recommendation.scope, recommendation.scope)


def recommendation_blocks(facts: ReviewFacts) -> list[Block]:
    recs = facts.recommendations
    if not recs:
        return [Paragraph("No recommendations have been recorded yet.")]
    blocks: list[Block] = [
        Paragraph(
            f"The review makes {count_words(len(recs), 'recommendation')}. Each names its scope "
            "and the agency that leads it; the action plan sets out how each will be carried out."
        )
    ]
    for rec in recs:
        lead = rec.lead_agency.strip() or NOT_RECORDED
        blocks.append(
            Paragraph(
                [
                    Run(f"Recommendation {rec.number}", bold=True),
                    Run(f" ({scope_label(rec)}; lead agency: {lead}). "),
                    Run(rec.text.strip()),
                ]
            )
        )
    return blocks


def learning_blocks(facts: ReviewFacts, kind: str) -> list[Block]:
    points = facts.learning_of(kind)
    return [Paragraph(p.text.strip()) for p in points if p.text.strip()]


def condolence_blocks(facts: ReviewFacts) -> list[Block]:
    """Condolences for the front matter, when the profile asks for them: a sentence,
    then each family tribute as a quotation."""
    wants = any(
        "condolence" in item.id
        for spec in facts.profile.overview_sections
        for item in spec.checklist
    )
    if not wants:
        return []
    victim = facts.victim_pseudonym or "the victim"
    blocks: list[Block] = [
        Paragraph(
            f"The chair and the review panel offer their sincere condolences to the family "
            f"and friends of {victim}.",
            numbered=False,
        )
    ]
    blocks += [Quote(f.tribute.strip()) for f in facts.family if f.tribute.strip()]
    return blocks


def chronology_summary_blocks(facts: ReviewFacts) -> list[Block]:
    """The executive summary's chronology: a prose summary of the key events."""
    return chronology_blocks(facts)


def overview_number(facts: ReviewFacts, key: str) -> str:
    """The overview section number of ``key`` ("7"), for references from the summary."""
    for spec in facts.profile.overview_sections:
        if spec.id == key:
            return spec.number
    return ""


def _see(facts: ReviewFacts, key: str, what: str) -> str:
    number = overview_number(facts, key)
    return (
        f"{what} {'are' if what.endswith('s') else 'is'} in section {number} of the overview report."
        if number
        else ""
    )


def death_account_blocks(facts: ReviewFacts) -> list[Block]:
    """A short account of the death and the outcome of the criminal case or inquest."""
    blocks: list[Block] = []
    from dhrdesk.documents.builders.common import paragraphs

    summary = paragraphs(facts.review.summary)
    if summary:
        blocks.append(summary[0])
    else:
        month = facts.review.month_of_death.strip()
        from dhrdesk.documents.build import month_of_death_text

        when = month_of_death_text(month)
        victim = facts.victim_pseudonym or "The person at the centre of the review"
        blocks.append(Paragraph(f"{victim} died{f' in {when}' if when else ''}."))
    for process in facts.parallel:
        if process.kind not in ("criminal_trial", "inquest"):
            continue
        label = m.PARALLEL_KIND_LABELS.get(process.kind, process.kind)
        status = "concluded" if process.status == "concluded" else "not yet concluded"
        detail = process.key_dates.strip().rstrip(".")
        blocks.append(
            Paragraph(f"{label} ({status}): {detail}." if detail else f"{label}: {status}.")
        )
    return blocks


def summary_process_blocks(facts: ReviewFacts) -> list[Block]:
    """Executive summary section 1: the people, the death, then the review's timescales."""
    blocks = [*people_blocks(facts), *death_account_blocks(facts), *timescales_blocks(facts)]
    return blocks


def summary_contributors_blocks(facts: ReviewFacts) -> list[Block]:
    """Executive summary section 2: the counts and a condensed list (the table is in the
    overview report)."""
    agencies = facts.contributors
    if not agencies:
        return [Paragraph(f"The agencies that contributed to the review: {NOT_RECORDED}.")]
    counts = contribution_counts(facts)
    asked = {
        "imr": "Individual Management Review",
        "summary": "summary of involvement",
        "information": "information from its records",
    }
    items = [
        f"{a.agency.name}: "
        + (
            asked.get(a.request.request_type, a.contribution)
            if a.request
            else "not asked for a report"
        )
        for a in agencies
    ]
    blocks: list[Block] = [
        Paragraph(" ".join(contributors_sentences(facts, counts))),
        BulletList(items),
    ]
    for excluded in facts.excluded:
        reason = excluded.agency.exclusion_reason.strip() or "no reason recorded"
        blocks.append(
            Paragraph(
                f"{excluded.agency.name} was not asked to contribute. Reason: {reason.rstrip('.')}."
            )
        )
    see = _see(facts, "contributors", "The authors and their independence statements")
    if see:
        blocks.append(Paragraph(see))
    return blocks


def summary_panel_blocks(facts: ReviewFacts) -> list[Block]:
    members = facts.panel
    if not members:
        return [Paragraph(f"The members of the review panel: {NOT_RECORDED}.")]
    declared = sum(1 for p in members if p.declared_not_involved)
    items = [
        ", ".join(part for part in (p.name, p.role, p.agency or "Independent") if part)
        for p in members
    ]
    text = f"The review panel had {count_words(len(members), 'member')}"
    text += (
        ", each independent of the case and of the line management of those involved:"
        if declared == len(members)
        else f"; {number_word(declared)} declared no involvement with the case:"
    )
    return [Paragraph(text), BulletList(items)]


def summary_author_blocks(facts: ReviewFacts) -> list[Block]:
    chair, author = facts.chair, facts.author
    if chair is None and author is None:
        return [Paragraph(f"The independent chair and author: {NOT_RECORDED}.")]

    same = chair and author and chair.name.strip() == author.name.strip()
    two = bool(chair and author and not same)
    if two and chair is not None and author is not None:
        who = (
            f"The independent chair was {chair.name.strip()}; the overview report was written "
            f"by {author.name.strip()}."
        )
    else:
        person = chair or author
        assert person is not None  # neither recorded returned above
        who = f"{person.name.strip()} was the independent chair and author of the overview report."
    blocks: list[Block] = [
        Paragraph(
            who
            + " "
            + (
                "The chair and author had no connection with any agency involved in the review."
                if not any(p and p.agency_links.strip() for p in (chair, author))
                else (
                    "Their statements of independence say"
                    if two
                    else "The statement of independence says"
                )
                + " how any past connection with the agencies in the review ended."
            )
        )
    ]
    see = _see(
        facts,
        "author",
        "Their career history, experience, training and independence statements"
        if two
        else "The career history, experience, training and independence statement",
    )
    if see:
        blocks.append(Paragraph(see))
    return blocks


def bibliography_blocks(facts: ReviewFacts, sources: list[str] | None = None) -> list[Block]:
    """What the report cites: the guidance (section 1) first, then each source its
    endnotes cite, once each, in the order they are first cited."""
    seen: set[str] = set()
    out: list[Block] = []
    for text in [f"{facts.profile.source}.", *(sources or [])]:
        key = " ".join(text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(Paragraph(" ".join(text.split())))
    return out
