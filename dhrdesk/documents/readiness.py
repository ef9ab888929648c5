"""Before a review goes to the Home Office: the pre-flight and the QA Board readiness check.

Two kinds of check, for two kinds of problem:

* **Pre-flight** (:func:`preflight`): gaps that would put a hole in the submitted
  documents themselves - a section not yet written, an agency excluded without a
  reason, an acronym the glossary cannot explain. A submission edition is never
  written with one of these; the chair gets the list of what to complete.
* **Readiness** (:func:`readiness`): the Home Office Quality Assurance Board's three
  tests, and the returns its panel sends most often, as checks with their evidence
  drawn from the records. A failing check stops the submission pack unless the chair
  writes a justification, which goes into the pack's cover note for the Board to read.

Each check names where its rule comes from (``source``), so a chair can answer the
Board in its own terms. The checks read the same :class:`ReviewFacts` and the same
built documents as the files they guard, so the evidence is what the Board will see.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.ids import id_of
from dhrdesk.core.lifecycle import time_split
from dhrdesk.documents import generated as g
from dhrdesk.documents.model import Document, Paragraph, plain
from dhrdesk.documents.review_facts import NOT_WRITTEN

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

GUIDANCE = "Multi-agency Statutory Guidance for the Conduct of Domestic Homicide Reviews (2016)"
BOARD = "Home Office Quality Assurance Board"
TEST_GUIDANCE = "Test 1: the review follows the statutory guidance"
TEST_ENGAGEMENT = "Test 2: the chair engaged the agencies, organisations and the family"
TEST_LEARNING = "Test 3: meaningful learning was identified"

#: Equality Act 2010, section 4.
PROTECTED_CHARACTERISTICS = {
    "age": r"\bage(d)?\b|older|younger",
    "disability": r"disab",
    "gender reassignment": r"gender reassignment|transgender|\btrans\b",
    "marriage and civil partnership": r"marri|civil partner",
    "pregnancy and maternity": r"pregnan|maternity",
    "race": r"\brace\b|ethnic|nationality|language|interpreter",
    "religion or belief": r"religio|faith|belief",
    "sex": r"\bsex\b|gender|\bwom[ae]n\b|\bm[ae]n\b",
    "sexual orientation": r"sexual orientation|lesbian|\bgay\b|bisexual|lgbt",
}
SIX_MONTHS_DAYS = 183

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,9}s?\b")


@dataclass
class Check:
    """One check: what it asks, whether it passed, the evidence, what to do."""

    id: str
    test: str
    title: str
    source: str
    passed: bool
    evidence: list[str] = field(default_factory=list)
    action: str = ""

    def lines(self) -> list[str]:
        mark = "PASS" if self.passed else "FAIL"
        out = [f"[{mark}] {self.title}", f"       ({self.test}; rule: {self.source})"]
        out += [f"       - {line}" for line in self.evidence]
        if not self.passed and self.action:
            out.append(f"       To do: {self.action}")
        return out


@dataclass
class Report:
    """The result of a set of checks."""

    checks: list[Check]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    @property
    def ok(self) -> bool:
        return not self.failed

    def text(self) -> str:
        lines: list[str] = []
        for check in self.checks:
            lines += check.lines()
        passed = len(self.checks) - len(self.failed)
        lines.append(f"{passed} of {len(self.checks)} checks passed.")
        return "\n".join(lines)


# ------------------------------------------------------------------------------ helpers
def _unwritten(document: Document) -> list[str]:
    """Headings of the parts that print only the 'not written yet' placeholder."""
    out = []
    for part in document.parts():
        texts = [plain(b.text) for b in part.blocks if isinstance(b, Paragraph)]
        if NOT_WRITTEN in texts and len(part.blocks) == 1:
            out.append(part.heading)
    return out


def unknown_acronyms(document: Document, extra_known: Collection[str] = frozenset()) -> list[str]:
    """Capitalised abbreviations the text uses that the glossary cannot explain."""
    from dhrdesk.documents.glossary import acronyms

    known = set(acronyms()) | set(extra_known)
    text = document.all_text(include_appendix_keys=("appendix_tor", "appendix_action_plan"))
    found = set()
    for word in _ACRONYM.findall(text):
        base = word[:-1] if word.endswith("s") and word[:-1] in known else word
        if base in known or not re.search(r"[A-Z].*[A-Z]", base):
            continue
        if base.isdigit() or re.fullmatch(r"[A-Z]\d+", base):
            continue
        found.add(base)
    glossary = _chair_glossary(document)
    return sorted(found - glossary - _pseudonym_words(document))


def _chair_glossary(document: Document) -> set[str]:
    """Acronyms the chair defined in a glossary of their own (first cell of each row)."""
    from dhrdesk.documents.model import Table

    out: set[str] = set()
    for part in document.parts():
        if "glossary" not in part.key:
            continue
        for block in part.blocks:
            if isinstance(block, Table):
                out |= {plain(row[0]).strip() for row in block.rows if row}
    return out


def _pseudonym_words(document: Document) -> set[str]:
    return {w for w in re.findall(r"\b[A-Z]{2,}\b", document.subject_pseudonym)}


# ----------------------------------------------------------------------------- preflight
def preflight(facts: g.ReviewFacts, overview: Document, summary: Document) -> Report:
    """What would leave a gap in the submitted documents (never overridable)."""
    checks: list[Check] = []
    missing = _unwritten(overview) + [f"Executive summary: {h}" for h in _unwritten(summary)]
    checks.append(
        Check(
            "sections_written",
            TEST_GUIDANCE,
            "Every section of the overview report and the executive summary is written",
            f"{GUIDANCE}, overview report and executive summary templates",
            not missing,
            [f"Not written: {h}" for h in missing] or ["Every section has text."],
            "Write these sections in the Drafting tab.",
        )
    )
    reasonless = [a.agency.name for a in facts.excluded if not a.agency.exclusion_reason.strip()]
    checks.append(
        Check(
            "exclusion_reasons",
            TEST_ENGAGEMENT,
            "Every agency not asked to contribute has its reason in the terms of reference",
            f"{GUIDANCE}; {BOARD}: an unexplained exclusion is a common return",
            not reasonless,
            [f"No reason recorded: {name}" for name in reasonless]
            or [f"{a.agency.name}: {a.agency.exclusion_reason.strip()}" for a in facts.excluded]
            or ["No agency was excluded."],
            "Record the reason for each exclusion in the Terms of reference tab.",
        )
    )
    unknown = sorted(set(unknown_acronyms(overview)) | set(unknown_acronyms(summary)))
    checks.append(
        Check(
            "glossary",
            TEST_GUIDANCE,
            "Every acronym the documents use is explained in the glossary",
            f"{BOARD}: the report must be readable by the public",
            not unknown,
            [f"Not in the glossary: {word}" for word in unknown]
            or ["Every acronym used has a meaning in the glossary."],
            "Spell the term out, or add a row (acronym, meaning) to the glossary appendix.",
        )
    )
    return Report(checks)


# ----------------------------------------------------------------------------- readiness
def _equality_check(facts: g.ReviewFacts, overview: Document) -> Check:
    try:
        section = overview.section("equality_diversity")
    except KeyError:
        section = None
    text = " ".join(
        plain(b.text) for b in (section.chair_blocks() if section else []) if hasattr(b, "text")
    )
    named = [
        name
        for name, pattern in PROTECTED_CHARACTERISTICS.items()
        if re.search(pattern, text, re.I)
    ]
    passed = bool(text.strip()) and len(named) >= 3
    evidence = (
        [f"Protected characteristics considered: {', '.join(named)}."]
        if named
        else ["The section names none of the protected characteristics."]
    )
    if not text.strip():
        evidence = ["The equality and diversity section has not been written."]
    return Check(
        "equality_diversity",
        TEST_GUIDANCE,
        "The equality and diversity section is written and considers the protected characteristics",
        f"Equality Act 2010, s.4; {GUIDANCE}; {BOARD}: a thin equality section is the most "
        "common return",
        passed,
        evidence,
        "Write the section: consider each of the nine protected characteristics and say "
        "which applied and how they affected access to services.",
    )


def _timescale_check(facts: g.ReviewFacts) -> Check:
    decision = facts.stage_done("decision")
    source = f"{GUIDANCE}: a review should be completed within six months of the decision"
    if decision is None:
        return Check(
            "timescales",
            TEST_GUIDANCE,
            "Timescales: the date of the decision to hold a review is recorded",
            source,
            False,
            ["No decision date is recorded."],
            "Record the decision date on the Overview tab.",
        )
    end = facts.stage_done("csp_signoff") or facts.today
    elapsed = (end - decision).days
    if elapsed <= SIX_MONTHS_DAYS:
        return Check(
            "timescales",
            TEST_GUIDANCE,
            "Timescales: completed within six months of the decision",
            source,
            True,
            [f"{elapsed} days from the decision ({format_date(decision)}) to {format_date(end)}."],
        )
    active, paused = time_split(decision, facts.pauses, end)
    unexplained = [p for p in facts.pauses if not p.reason.strip()]
    passed = bool(facts.pauses) and not unexplained
    evidence = [
        f"{elapsed} days from the decision ({format_date(decision)}) to {format_date(end)}: "
        f"{active} active, {paused} paused."
    ]
    for pause in facts.pauses:
        label = m.PAUSE_KIND_LABELS.get(pause.kind, pause.kind)
        ends = format_date(pause.end) if pause.end else "continuing"
        evidence.append(
            f"Paused {format_date(pause.start)} to {ends} ({label}): "
            f"{pause.reason.strip() or 'no reason recorded'}"
        )
    if not facts.pauses:
        evidence.append("No pause is recorded to explain the time beyond six months.")
    return Check(
        "timescales",
        TEST_GUIDANCE,
        "Timescales: the time beyond six months is explained by recorded pauses with reasons",
        source,
        passed,
        evidence,
        "Record each pause (criminal trial, inquest, family) with its reason, so section 2 "
        "explains the delay.",
    )


def _agencies_check(facts: g.ReviewFacts) -> Check:
    counts = g.contribution_counts(facts)
    evidence = [" ".join(g.contributors_sentences(facts, counts))] if facts.contributors else []
    outstanding = []
    for item in facts.contributors:
        request = item.request
        if request is None:
            continue
        if not (request.received_on or request.accepted_on):
            outstanding.append(
                f"{item.agency.name}: requested {format_date(request.requested_on, 'on an unrecorded date')}, "
                f"due {format_date(request.due_on, 'on an unrecorded date')}, not received"
            )
    evidence += outstanding
    evidence += [
        f"{a.agency.name} not asked to contribute: {a.agency.exclusion_reason.strip() or 'no reason recorded'}"
        for a in facts.excluded
    ]
    passed = bool(facts.contributors) and counts.requested > 0 and not outstanding
    return Check(
        "agencies",
        TEST_ENGAGEMENT,
        "Every agency's involvement is known: each report asked for has been received",
        f"{GUIDANCE}; {BOARD} test 2",
        passed,
        evidence or ["No agency is recorded."],
        "Chase the outstanding reports (Agency input tab) or record why the review went on "
        "without them.",
    )


def _family_check(facts: g.ReviewFacts) -> Check:
    store = facts.store
    evidence: list[str] = []
    contacted = False
    advocacy = False
    for member in facts.family:
        contacts = store.repos.records.list(m.FamilyContact, id_of(member))
        relation = member.relationship.strip() or "family member"
        if contacts:
            contacted = True
            dates = ", ".join(format_date(c.date) for c in contacts[:6])
            more = f" and {len(contacts) - 6} more" if len(contacts) > 6 else ""
            evidence.append(f"{relation}: contacted on {dates}{more}.")
        else:
            evidence.append(f"{relation}: no contact recorded.")
        offered = [
            c for c in contacts if re.search(r"advoca|AAFDA", f"{c.summary} {c.follow_up}", re.I)
        ]
        if member.advocate.strip() or member.advocate_org.strip():
            advocacy = True
            evidence.append(
                f"{relation}: supported by an advocate"
                + (f" ({member.advocate_org.strip()})" if member.advocate_org.strip() else "")
                + "."
            )
        elif offered:
            advocacy = True
            evidence.append(f"{relation}: advocacy offered on {format_date(offered[0].date)}.")
    if not facts.family:
        evidence.append("No family member, friend or colleague is recorded.")
    passed = contacted and advocacy
    return Check(
        "family",
        TEST_ENGAGEMENT,
        "The family was contacted and offered specialist advocacy, with dates",
        f"{GUIDANCE} (family involvement and advocacy); {BOARD} test 2",
        passed,
        evidence,
        "Record each contact with the family (Family tab), and the offer of an advocate "
        "(e.g. AAFDA) with its date.",
    )


def _recommendations_check(facts: g.ReviewFacts) -> Check:
    recs = facts.recommendations
    if not recs:
        return Check(
            "recommendations",
            TEST_LEARNING,
            "Recommendations are CLEAR, owned and dated in the action plan",
            f"{BOARD} test 3; CLEAR recommendations (Home Office guidance on recommendations)",
            False,
            ["The review has made no recommendations yet."],
            "Record the recommendations and their actions (Recommendations tab).",
        )
    evidence = []
    passed = True
    for rec in recs:
        unmet = [
            label.split(":")[0].lower() for key, label in m.CLEAR_ITEMS if not rec.clear.get(key)
        ]
        gaps = [f"CLEAR not met ({', '.join(unmet)})"] if unmet else []
        actions = facts.actions(rec)
        if not rec.lead_agency.strip():
            gaps.append("no lead agency")
        if not actions:
            gaps.append("no action in the action plan")
        undated = [a for a in actions if a.target_date is None]
        if undated:
            gaps.append(
                f"{len(undated)} action{'s' if len(undated) > 1 else ''} without a target date"
            )
        unowned = [a for a in actions if not (a.lead_agency.strip() or rec.lead_agency.strip())]
        if unowned:
            gaps.append(f"{len(unowned)} action{'s' if len(unowned) > 1 else ''} without an owner")
        if gaps:
            passed = False
            evidence.append(f"Recommendation {rec.number}: " + "; ".join(gaps) + ".")
        else:
            evidence.append(
                f"Recommendation {rec.number}: CLEAR; lead agency {rec.lead_agency.strip()}; "
                f"{len(actions)} dated action{'s' if len(actions) > 1 else ''}."
            )
    return Check(
        "recommendations",
        TEST_LEARNING,
        "Every recommendation is CLEAR, with an owner and a target date in the action plan",
        f"{BOARD} test 3; CLEAR: case for change, learning-orientated, evidence-based, "
        "assign responsibility, review",
        passed,
        evidence,
        "Complete the CLEAR checks, lead agencies and action target dates (Recommendations tab).",
    )


def _learning_check(facts: g.ReviewFacts) -> Check:
    lessons = facts.learning_of("lesson")
    from_agencies = [p for p in facts.learning if p.agency_id is not None]
    sourced = [r for r in facts.recommendations if r.source_ids]
    evidence = [
        f"{len(lessons)} {'lesson' if len(lessons) == 1 else 'lessons'} to be learnt recorded.",
        f"{len(from_agencies)} of {len(facts.learning)} learning points "
        f"{'is' if len(from_agencies) == 1 else 'are'} tied to an agency.",
        f"{len(sourced)} of {len(facts.recommendations)} recommendations "
        f"{'names' if len(sourced) == 1 else 'name'} the learning it comes from."
        if len(sourced) == 1
        else f"{len(sourced)} of {len(facts.recommendations)} recommendations name the "
        "learning they come from.",
    ]
    passed = bool(lessons) and (
        not facts.recommendations or len(sourced) == len(facts.recommendations)
    )
    return Check(
        "learning",
        TEST_LEARNING,
        "Lessons are recorded, and each recommendation comes from recorded learning",
        f"{BOARD} test 3; analysis not drawn from the IMRs is a common return",
        passed,
        evidence,
        "Record the lessons (Learning tab) and link each recommendation to the learning "
        "it comes from.",
    )


def _consistency_check(facts: g.ReviewFacts, overview: Document, summary: Document) -> Check:
    from dhrdesk.documents.consistency import check_documents

    found = check_documents(facts, overview, summary)
    return Check(
        "consistency",
        TEST_GUIDANCE,
        "The executive summary agrees with the overview report",
        f"{GUIDANCE}: the executive summary must stand alone and agree with the overview",
        not found,
        [str(d) for d in found] or ["No disagreement found in dates, recommendations or agencies."],
        "Correct the executive summary or the overview report (Drafting tab).",
    )


def readiness(facts: g.ReviewFacts, overview: Document, summary: Document) -> Report:
    """The QA Board's three tests and the common returns, with evidence from the records."""
    return Report(
        [
            _timescale_check(facts),
            _equality_check(facts, overview),
            _consistency_check(facts, overview, summary),
            _agencies_check(facts),
            _family_check(facts),
            _learning_check(facts),
            _recommendations_check(facts),
        ]
    )


@dataclass
class Assessment:
    """Pre-flight and readiness of one review, with the documents they were run on."""

    facts: g.ReviewFacts
    overview: Document
    summary: Document
    preflight: Report
    readiness: Report

    def text(self) -> str:
        return (
            "Pre-flight (gaps in the documents; these must be completed):\n"
            + self.preflight.text()
            + "\n\nQA Board readiness (a failing check needs the chair's justification):\n"
            + self.readiness.text()
        )


def assess(store: Store, reference: str, *, marking: str | None = None) -> Assessment:
    """Build the overview and executive summary once and run both sets of checks."""
    from dhrdesk.documents.build import DEFAULT_MARKING
    from dhrdesk.documents.builders import facts_for
    from dhrdesk.documents.builders.overview import build_executive_summary, build_overview

    facts = facts_for(store, reference)
    marking = marking or DEFAULT_MARKING
    overview = build_overview(facts, marking=marking)
    summary = build_executive_summary(facts, marking=marking)
    return Assessment(
        facts,
        overview,
        summary,
        preflight(facts, overview, summary),
        readiness(facts, overview, summary),
    )
