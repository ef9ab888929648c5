"""The gate's view of one review: its findings report and its anonymiser.

:class:`GateReport` is the result of the scan of one document (findings and the
chair's resolutions); :class:`Anonymiser` holds everything the gate needs of a
review (register, date policy, allow-list, acceptances), read once by
:func:`anonymiser_for`. See dhrdesk/documents/gate.py for the three steps.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import (
    CATEGORY_LABELS,
    DATE_KINDS,
    Finding,
    RegisterItem,
    Scanner,
    Substituter,
    TextUnit,
    default_replacement,
)
from dhrdesk.core.errors import DhrDeskError, PublicationBlockedError
from dhrdesk.core.ids import id_of
from dhrdesk.core.textforms import nfc
from dhrdesk.documents.model import (
    KIND_ACTION_PLAN,
    KIND_EXECUTIVE_SUMMARY,
    KIND_OVERVIEW,
    ChronologyRef,
    Inline,
    Note,
    Run,
    Text,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


SEP = " › "
PACK_DOCUMENTS = (KIND_OVERVIEW, KIND_EXECUTIVE_SUMMARY, KIND_ACTION_PLAN)


# ------------------------------------------------------------------------------ findings
class GateBlockedError(PublicationBlockedError):
    """Publication refused; ``findings`` lists what blocks (exit 5, nothing written)."""

    def __init__(self, message: str, findings: list[Finding], *, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.findings = findings


@dataclass
class GateReport:
    """The result of the scan of one document: findings and the chair's resolutions.

    Every finding must be resolved before a file is written: identifiers and patterns
    (``blocking``) and the 'looks like a name' checks (``checks``) alike. A finding is
    resolved when the chair accepted it with a reason (it stays as written) or said it
    is the registered identifier (it is then replaced and no longer found).
    """

    document: str  # the kind label, e.g. "Overview report"
    findings: list[Finding]
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)

    def _is_resolved(self, finding: Finding) -> bool:
        return finding.fingerprint in self.accepted

    @property
    def unresolved(self) -> list[Finding]:
        return [f for f in self.findings if not self._is_resolved(f)]

    @property
    def blocking(self) -> list[Finding]:
        """Unresolved identifiers and patterns."""
        return [f for f in self.unresolved if f.blocking]

    @property
    def checks(self) -> list[Finding]:
        """Unresolved 'looks like a name' findings (they block writing too)."""
        return [f for f in self.unresolved if not f.blocking]

    warnings = checks

    @property
    def resolved(self) -> list[Finding]:
        return [f for f in self.findings if self._is_resolved(f)]

    accepted_findings = resolved

    @property
    def ok(self) -> bool:
        return not self.unresolved

    def summary(self) -> str:
        return (
            f"{self.document}: {len(self.unresolved)} unresolved "
            f"({len(self.blocking)} identifying, {len(self.checks)} to check), "
            f"{len(self.resolved)} resolved"
        )

    def _finding_lines(self, finding: Finding, flag: str) -> list[str]:
        lines = [
            f"  [{flag}] {CATEGORY_LABELS[finding.category]}: '{finding.matched}'",
            f"      at: {finding.where}",
            f"      context: {finding.context}",
        ]
        if flag in ("BLOCKS", "CHECK"):
            lines.append(f"      fingerprint: {finding.fingerprint}")
        return lines

    def lines(self) -> list[str]:
        """What the CLI prints: unresolved findings first, then the resolved ones."""
        out = [self.summary()]
        if self.unresolved:
            out.append(" Unresolved (each must be fixed, added to the register, or accepted):")
            for finding in self.unresolved:
                flag = "BLOCKS" if finding.blocking else "CHECK"
                out += self._finding_lines(finding, flag)
        if self.resolved:
            out.append(" Resolved:")
            for finding in self.resolved:
                acceptance = self.accepted[finding.fingerprint]
                flag = (
                    f"ACCEPTED by {acceptance.accepted_by or 'the chair'} "
                    f"on {acceptance.accepted_at[:10]}: {acceptance.reason}"
                )
                out += self._finding_lines(finding, flag)
        return out


def blocked_error(reports: Iterable[GateReport]) -> GateBlockedError:
    reports = list(reports)
    findings = [f for r in reports for f in r.unresolved]
    identifying = sum(1 for f in findings if f.blocking)
    return GateBlockedError(
        f"Publication blocked: {len(findings)} finding(s) are unresolved ({identifying} "
        f"identifying, {len(findings) - identifying} to check); nothing was written.",
        findings,
        hint="Fix the text or the restricted register, or accept a finding with a reason "
        "(dhrdesk check-publication REF --accept FINGERPRINT --reason TEXT).",
    )


# -------------------------------------------------------------------------- anonymiser
def _parse_day(text: str) -> dt.date | None:
    from dhrdesk.core.dates import parse_date

    try:
        return parse_date(text)
    except DhrDeskError:
        return None


def scan_units(scanner: Scanner, units: list[TextUnit]) -> list[Finding]:
    """The scan of final text (dhrdesk.core.anonymise.Scanner)."""
    return scanner.scan(units)


@dataclass
class Anonymiser:
    """Everything the gate needs of one review: register, date policy, allow-list,
    acceptances. Built once (:func:`anonymiser_for`) and used for every document.

    ``scan_items``: the registers the scan checks against, when wider than the one
    used for substitution (the regional themes report substitutes each review's text
    with its own register and scans the result with all of them). ``safe``: phrases
    the product generates from known records (agency names, section titles, the
    CSP), never read as an address or a name by the pattern scans.
    """

    items: list[RegisterItem]
    date_policy: str = "month_year"
    death: dt.date | None = None
    births: dict[dt.date, str] = field(default_factory=dict)
    allow: list[str] = field(default_factory=list)
    accepted: dict[str, m.PublicationAcceptance] = field(default_factory=dict)
    scan_items: list[RegisterItem] | None = None
    safe: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.substituter = Substituter(self.items, self.date_policy, self.death, self.births)
        self.scanner = Scanner(
            self.items if self.scan_items is None else self.scan_items,
            self.allow,
            self.births,
            self.death,
            self.safe,
        )
        # The read-back scan: the same, without the name checks (extraction joins table
        # cells and columns into invented names; the model scan has read every text whole).
        # (a shallow copy shares the compiled register instead of compiling it again)
        self.readback_scanner = copy.copy(self.scanner)
        self.readback_scanner.name_checks = False
        # Findings the chair said *are* the registered identifier: replaced in that place.
        self.replace_here: dict[str, set[str]] = {}
        for acceptance in self.accepted.values():
            if getattr(acceptance, "decision", "keep") != "replace":
                continue
            _category, folded, where = acceptance.fingerprint.split("|", 2)
            self.replace_here.setdefault(where, set()).add(folded)

    def text(self, value: str, *, heading: bool = False, where: str = "") -> str:
        if not value:
            return value
        value = nfc(value)
        return self.substituter.apply(
            value, heading=heading, replace_here=self.replace_here.get(where, ())
        )

    def runs(self, value: Text, *, heading: bool = False, where: str = "") -> Text:
        if isinstance(value, str):
            return self.text(value, heading=heading, where=where)
        out: list[Inline] = []
        for run in value:
            if isinstance(run, Run):
                out.append(
                    Run(self.text(run.text, heading=heading, where=where), run.bold, run.italic)
                )
            elif isinstance(run, Note):
                out.append(Note(self.text(run.text, where=where)))
            elif isinstance(run, ChronologyRef):
                out.append(ChronologyRef(run.row_id, self.text(run.date), self.text(run.agency)))
            else:  # pragma: no cover - Inline is closed
                out.append(run)
        return out


def _is_initials(text: str) -> bool:
    """ "S. O'S.", "P.O'S", "J B": every part has at most one letter before a period,
    apostrophe or space."""
    tokens = [t for t in re.split(r"[\s.]+", text) if t]
    return bool(tokens) and all(
        len(re.sub(r"[^\w]", "", part)) <= 1 for t in tokens for part in re.split(r"['’‘ʼ]", t)
    )


def _age_at(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def anonymiser_for(store: Store, review_id: int) -> Anonymiser:
    """The review's register, date policy, allow-list and acceptances, read once."""
    records = store.repos.records
    entries = records.list(m.RegisterEntry, review_id)
    subjects = records.list(m.Subject, review_id)
    pseudonyms = {s.id: s.pseudonym for s in subjects}
    victim = next((s.id for s in subjects if s.role == "victim"), None)
    death = None
    for e in entries:
        if e.kind == "date_of_death" and (e.subject_id == victim or victim is None):
            death = _parse_day(e.value) or death
    items: list[RegisterItem] = []
    births: dict[dt.date, str] = {}
    for e in entries:
        if not (e.value or "").strip():
            continue
        replacement = e.replacement.strip() or default_replacement(
            e.kind, pseudonyms.get(e.subject_id, "")
        )
        if e.kind == "date_of_birth":
            day = _parse_day(e.value)
            if day is not None:
                if not e.replacement.strip() and death is not None:
                    replacement = f"aged {_age_at(day, death)} at the time of the death"
                births[day] = replacement
        variants = tuple(nfc(v) for v in (e.variants or ()) if v.strip())
        initials = tuple(v for v in variants if _is_initials(v))
        items.append(
            RegisterItem(
                e.kind,
                nfc(e.value),
                replacement,
                tuple(v for v in variants if v not in initials),
                e.id,
            )
        )
        # Initials ("S. O'S.") are matched whole, never split into one-letter forms: a
        # derived "S." would match the "s." of every possessive at a sentence end.
        items += [RegisterItem("other", v, replacement, (), e.id) for v in initials]
    settings = store.repos.publication.settings(review_id)
    review = store.repos.reviews.by_id(review_id)
    agencies = [a.name for a in records.list(m.Agency, review_id) if a.name]
    allow = list(settings.allow_list or [])
    allow += agencies
    allow += [s.pseudonym for s in subjects if getattr(s, "pseudonym", "")]
    allow += [e.replacement for e in entries if e.kind not in DATE_KINDS and e.replacement]
    # The review's own people: the chair and author, the panel, the IMR authors. They
    # are named in the report on purpose; the 'looks like a name' check leaves them.
    for role in ("chair", "author"):
        person = records.person(review_id, role)
        if person is not None and person.name:
            allow.append(person.name)
    allow += [p.name for p in records.list(m.PanelMember, review_id) if p.name]
    for agency_id in [id_of(a) for a in records.list(m.Agency, review_id)]:
        request = _agency_request(store, agency_id)
        if request is not None and request.author_name:
            allow.append(request.author_name)
    allow += _profile_words(store, review_id)
    words = {w for phrase in allow for w in re.split(r"[\s,;:()/]+", phrase) if w}
    safe = [*agencies, review.csp or "", *_profile_titles(store, review_id)]
    return Anonymiser(
        items,
        settings.date_policy or "month_year",
        death,
        births,
        sorted(set(allow) | words),
        store.repos.publication.acceptances(review_id),
        safe=[x for x in safe if x],
    )


def _agency_request(store: Store, agency_id: int) -> m.AgencyRequest | None:
    try:
        return store.repos.agency_input.request(agency_id)
    except DhrDeskError:
        return None


def _profile_titles(store: Store, review_id: int) -> list[str]:
    from dhrdesk.documents.build import profile_for

    try:
        profile = profile_for(store.repos.reviews.by_id(review_id))
    except Exception:  # the safe list only softens the pattern scans
        return []
    return [spec.title for spec in profile.all_sections()]


# Capitalised words of job titles and document furniture that are not names (the name
# warning would otherwise flag "Senior Investigating Officer" or "Executive Summary").
ROLE_WORDS = (
    "Executive Summary Overview Report Statutory Guidance Multi-agency Multi-Agency "
    "Senior Investigating Officer Detective Chief Inspector Superintendent Sergeant "
    "Constable Designated Named Nurse Doctor Safeguarding Lead Manager Head Director "
    "Deputy Assistant Housing Options Adult Adults Children Social Care Worker Health "
    "Visitor Mental Probation Independent Chair Author Community Safety Partnership "
    "Domestic Abuse Homicide Review Panel Member Members Terms Reference Action Plan "
    "Appendix Glossary Contents Version Control Condolences Endnotes Recommendations "
    "Conclusions Lessons Learned Learning Analysis Background Information Introduction "
    "Methodology Timescales Confidentiality Dissemination Equality Diversity Family "
    "Involvement Contributors Services Specialist Advocate Advisor Adviser Coordinator "
    "Commissioner Practice Practitioner Midlands North South East West Northern "
    "Southern Eastern Western Crown Prosecution Service Coroner Inquest Trial"
).split()


def _profile_words(store: Store, review_id: int) -> list[str]:
    """Glossary acronyms and their meanings, the profile's section titles and terms:
    capitalised words a report uses that are not names."""
    from dhrdesk.documents.build import profile_for
    from dhrdesk.documents.glossary import acronyms

    words: list[str] = list(ROLE_WORDS)
    for name, meaning in acronyms().items():
        words += [name, meaning]
    try:
        profile = profile_for(store.repos.reviews.by_id(review_id))
    except Exception:  # the allow-list only softens warnings
        return words
    for spec in profile.all_sections():
        words.append(spec.title)
    words.append(profile.review_type)
    return words
