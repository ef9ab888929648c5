"""The records of a review, as plain dataclasses.

The store maps each class to one table (field name = column name); the UI,
CLI, documents and interchange all work with these objects. ``id`` is None
until the record is saved. Dates are ``datetime.date``; money is whole pence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SUBJECT_ROLES = ["victim", "perpetrator", "child", "family", "other"]
SUBJECT_ROLE_LABELS = {
    "victim": "Victim",
    "perpetrator": "Perpetrator",
    "child": "Child",
    "family": "Family member",
    "other": "Other subject",
}

REGISTER_KINDS = [
    "full_name",
    "alias",
    "nickname",
    "maiden_name",
    "date_of_birth",
    "date_of_death",
    "address",
    "phone",
    "email",
    "nhs_number",
    "ni_number",
    "professional",
    "place",
    "workplace",
    "school",
    "organisation",
    "other",
]
REGISTER_KIND_LABELS = {
    "full_name": "Full name",
    "alias": "Alias",
    "nickname": "Nickname",
    "maiden_name": "Maiden or former name",
    "date_of_birth": "Date of birth",
    "date_of_death": "Date of death",
    "address": "Address",
    "phone": "Phone number",
    "email": "E-mail address",
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
    "professional": "Professional (named person)",
    "place": "Place (town, street)",
    "workplace": "Workplace",
    "school": "School",
    "organisation": "Organisation",
    "other": "Other identifier",
}

PERSON_ROLES = ["chair", "author"]

PAUSE_KINDS = ["criminal_trial", "inquest", "iopc", "family_request", "other"]
PAUSE_KIND_LABELS = {
    "criminal_trial": "Criminal trial",
    "inquest": "Inquest",
    "iopc": "IOPC investigation",
    "family_request": "Family request",
    "other": "Other",
}

PARALLEL_KINDS = [
    "criminal_trial",
    "inquest",
    "iopc",
    "sar",
    "cspr",
    "mental_health_homicide_review",
    "offensive_weapon_homicide_review",
    "other",
]
PARALLEL_KIND_LABELS = {
    "criminal_trial": "Criminal investigation and trial",
    "inquest": "Inquest",
    "iopc": "IOPC referral",
    "sar": "Safeguarding Adults Review",
    "cspr": "Child Safeguarding Practice Review",
    "mental_health_homicide_review": "Mental health homicide review",
    "offensive_weapon_homicide_review": "Offensive weapon homicide review",
    "other": "Other process",
}
PARALLEL_STATUSES = ["ongoing", "concluded"]

COST_CATEGORIES = ["chair", "author", "advocacy", "admin", "translation", "other"]
COST_CATEGORY_LABELS = {
    "chair": "Chair",
    "author": "Overview author",
    "advocacy": "Advocacy",
    "admin": "Administration",
    "translation": "Translation and interpreting",
    "other": "Other",
}

CONTACT_MODES = ["letter", "phone", "video", "in person", "e-mail", "via advocate"]


@dataclass
class Record:
    """A record with its own id: None until the store saves it. Keyword-only, so it
    stays after every field a caller passes by position."""

    id: int | None = field(default=None, kw_only=True)


@dataclass
class ReviewPart:
    """A record of one review (its first field is the review's id)."""

    review_id: int


@dataclass
class ReviewRecord(ReviewPart, Record):
    """A record of one review with its own id."""


@dataclass
class Review(Record):
    reference: str
    title: str = ""
    profile: str = "dhr-2016"
    stage: str = "notification"
    csp: str = ""
    police_force_area: str = ""
    month_of_death: str = ""  # "YYYY-MM"
    descriptors: dict = field(default_factory=dict)
    summary: str = ""
    created_at: str = ""
    updated_at: str = ""
    csp_signatory: str = ""  # who signs for the partnership: name and role


@dataclass
class Subject(ReviewRecord):
    role: str
    pseudonym: str
    sex: str = ""
    age_band: str = ""
    ethnicity: str = ""
    description: str = ""
    sort: int = 0


@dataclass
class RegisterEntry(ReviewRecord):
    """One real identifier and what replaces it in a published edition (restricted)."""

    kind: str
    value: str
    replacement: str = ""
    subject_id: int | None = None
    variants: list = field(default_factory=list)
    notes: str = ""


@dataclass
class ReviewPerson(ReviewRecord):
    """The chair or the overview author, with the independence statement."""

    role: str
    name: str
    career_history: str = ""
    relevant_experience: str = ""
    agency_links: str = ""
    training: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class StageDates(ReviewPart):
    stage_id: str
    started: dt.date | None = None
    completed: dt.date | None = None
    completed_by: str | None = None
    recorded_at: str | None = None
    notes: str = ""


@dataclass
class ParallelProcess(ReviewRecord):
    kind: str
    reference: str = ""
    contact: str = ""
    key_dates: str = ""
    blocks_publication: bool = False
    status: str = "ongoing"
    notes: str = ""


@dataclass
class Pause(ReviewRecord):
    kind: str
    start: dt.date
    end: dt.date | None = None
    reason: str = ""
    parallel_process_id: int | None = None


@dataclass
class PanelMember(ReviewRecord):
    name: str
    role: str = ""
    agency: str = ""
    seniority: str = ""
    declared_not_involved: bool = False
    declaration_date: dt.date | None = None


@dataclass
class Meeting(ReviewRecord):
    date: dt.date
    title: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""


@dataclass
class MeetingAction(Record):
    meeting_id: int
    text: str
    owner: str = ""
    due: dt.date | None = None
    done_on: dt.date | None = None


@dataclass
class Agency(ReviewRecord):
    name: str
    sector: str = ""
    in_scope: bool = True
    exclusion_reason: str = ""
    contact_role: str = ""


@dataclass
class TermsOfReference(ReviewPart):
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    period_rationale: str = ""
    sections: dict = field(default_factory=dict)  # section key -> text


@dataclass
class LineOfEnquiry(ReviewRecord):
    text: str
    theme_id: str = ""
    sort: int = 0


@dataclass
class TorVersion(ReviewRecord):
    number: int
    agreed_on: dt.date
    snapshot: dict
    note: str = ""


@dataclass
class FamilyMember(ReviewRecord):
    name: str
    relationship: str = ""
    subject_id: int | None = None
    advocate: str = ""
    advocate_org: str = ""
    consent_pseudonyms: bool = False
    tribute: str = ""
    draft_shared_on: dt.date | None = None
    response: str = ""
    title: str = ""  # Mrs, Mr, Ms, Dr ... (letters say "Dear <title> <surname>")
    surname: str = ""


@dataclass
class FamilyContact(Record):
    family_member_id: int
    date: dt.date
    mode: str = ""
    summary: str = ""
    follow_up: str = ""


@dataclass
class Cost(ReviewRecord):
    category: str
    amount_pence: int
    description: str = ""
    date: dt.date | None = None
    days: float | None = None
    rate_pence: int | None = None


# Terms of reference sections beyond period, subjects, agencies and lines of enquiry.
TOR_SECTIONS = [
    ("purpose", "Purpose of the review"),
    ("family_involvement", "Involvement of family, friends and the perpetrator"),
    ("parallel_processes", "Parallel processes and disclosure"),
    ("timescales", "Timescales"),
    ("confidentiality", "Confidentiality"),
    ("media", "Media and communications"),
]


# --------------------------------------------------------------------------- agency input
REQUEST_TYPES = ["imr", "summary", "information"]
REQUEST_TYPE_LABELS = {
    "imr": "Individual Management Review",
    "summary": "Summary of involvement",
    "information": "Information only",
}

# The sections of an IMR (domain.md "IMR"); analysis per line of enquiry is kept apart.
IMR_SECTIONS = [
    ("introduction", "Introduction"),
    ("terms_of_reference", "Terms of reference"),
    ("methodology", "Methodology (records read, staff interviewed)"),
    ("context", "Contextual information (workload, turnover, supervision, training, change)"),
    ("summary_of_involvement", "Summary of involvement"),
    ("equality_diversity", "Equality and diversity"),
    ("good_practice", "Good practice"),
    ("lessons", "Lessons learned"),
    ("conclusions", "Conclusions"),
    ("recommendations", "Single-agency recommendations and action plan"),
]

# The chair's quality checklist for a return (issue 4).
IMR_QUALITY_ITEMS = [
    ("independence", "Author independence stated"),
    ("records_secured", "Date records were secured given"),
    ("analysis_each_line", "Analysis against each key line of enquiry"),
    ("equality_diversity", "Equality and diversity addressed"),
    ("lessons_specific", "Lessons and recommendations specific"),
]
QUALITY_SCORES = ["met", "partly", "not_met"]
QUALITY_SCORE_LABELS = {"met": "Met", "partly": "Partly met", "not_met": "Not met"}

ATTACHMENT_KINDS = ["chronology_import", "package", "evidence", "other"]


@dataclass
class AgencyRequest:
    """What was asked of an agency and where its return stands (one per agency)."""

    agency_id: int
    request_type: str = "imr"
    requested_on: dt.date | None = None
    records_secured_on: dt.date | None = None
    due_on: dt.date | None = None
    chases: list = field(default_factory=list)  # ISO dates of reminders
    received_on: dt.date | None = None
    quality_checked_on: dt.date | None = None
    accepted_on: dt.date | None = None
    author_name: str = ""
    author_role: str = ""
    author_independence: str = ""
    signoff_name: str = ""
    signoff_role: str = ""
    signoff_on: dt.date | None = None


@dataclass
class ImrSection:
    agency_id: int
    key: str
    text: str = ""


@dataclass
class ImrAnalysis:
    """An agency's analysis against one key line of enquiry of the review."""

    agency_id: int
    line_of_enquiry_id: int
    text: str = ""


@dataclass
class ImrQuality:
    agency_id: int
    item: str
    score: str = ""
    note: str = ""


@dataclass
class ChronologyEntry(ReviewRecord):
    """One row of an agency's chronology. ``date`` is a partial ISO date ('2019', '2019-03',
    '2019-03-04'); the chair adds significance, key event and themes."""

    agency_id: int
    date: str
    source: str
    event: str = ""
    time: str = ""
    sequence: int = 0
    action: str = ""
    agency_comment: str = ""
    significance: str = ""
    key_event: bool = False
    themes: list = field(default_factory=list)
    subject_ids: list = field(default_factory=list)
    duplicate_of: int | None = None
    external_key: str = ""


@dataclass
class Attachment(ReviewRecord):
    """A file received from outside, kept encrypted in the store (the receipt log)."""

    filename: str
    sha256: str
    size: int
    kind: str
    received_at: str
    received_by: str
    agency_id: int | None = None
    note: str = ""


# ------------------------------------------------------------------ drafting and documents
DOCUMENTS = ["overview", "executive_summary"]
LEARNING_KINDS = ["finding", "lesson", "good_practice", "key_issue"]
LEARNING_KIND_LABELS = {
    "finding": "Finding",
    "lesson": "Lesson to be learnt",
    "good_practice": "Good practice",
    "key_issue": "Key issue arising",
}
RECOMMENDATION_SCOPES = ["single_agency", "local", "regional", "national"]
RECOMMENDATION_SCOPE_LABELS = {
    "single_agency": "Single agency",
    "local": "Local",
    "regional": "Regional",
    "national": "National",
}
RECOMMENDATION_TYPES = ["training", "policy", "process", "commissioning", "awareness"]
RECOMMENDATION_TYPE_LABELS = {
    "training": "Training",
    "policy": "Policy",
    "process": "Process or system",
    "commissioning": "Commissioning",
    "awareness": "Awareness",
}
STATUSES = ["not_started", "in_progress", "completed", "closed_not_achieved"]
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "closed_not_achieved": "Closed – not achieved",
}
# CLEAR: Case for change, Learning-orientated, Evidence-based, Assign responsibility, Review.
CLEAR_ITEMS = [
    ("case_for_change", "Case for change: the finding that makes it necessary is stated"),
    ("learning", "Learning-orientated: it changes practice, not just restates policy"),
    ("evidence", "Evidence-based: it follows from the analysis and the IMRs"),
    ("assign", "Assign responsibility: a lead agency owns it"),
    ("review", "Review: how and when its effect will be checked is stated"),
]
DISTRIBUTION_KINDS = ["panel", "family", "csp", "home_office", "commissioner", "other"]
DISTRIBUTION_KIND_LABELS = {
    "panel": "Review panel",
    "family": "Family",
    "csp": "Community Safety Partnership",
    "home_office": "Home Office QA panel",
    "commissioner": "Domestic Abuse Commissioner",
    "other": "Other",
}
QA_OUTCOMES = ["", "publish_once_amended", "resubmit", "publish"]
QA_OUTCOME_LABELS = {
    "": "Awaiting feedback",
    "publish_once_amended": "May be published once amended",
    "resubmit": "Resubmit",
    "publish": "May be published",
}


@dataclass
class ReportSection(ReviewPart):
    """The chair's own content of one section (structured blocks, see dhrdesk.core.richtext)."""

    document: str
    key: str
    content: list = field(default_factory=list)
    updated_at: str = ""


@dataclass
class ChecklistResponse(ReviewPart):
    document: str
    section_key: str
    item_id: str
    ticked: bool = False
    explanation: str = ""


@dataclass
class Draft(ReviewRecord):
    """A frozen, numbered draft (v0.1 … v1.0) with what changed and the full text then."""

    version: str
    frozen_at: str
    frozen_by: str
    change_summary: str = ""
    final: bool = False
    snapshot: dict = field(default_factory=dict)


@dataclass
class Distribution(ReviewRecord):
    draft_id: int
    recipient_kind: str
    recipient: str
    sent_on: dt.date
    note: str = ""


@dataclass
class SectionComment(ReviewRecord):
    document: str
    section_key: str
    author: str
    text: str
    created_on: dt.date
    resolved: bool = False
    resolution: str = ""


@dataclass
class LearningPoint(ReviewRecord):
    """A finding, lesson, key issue or piece of good practice, tagged with themes."""

    kind: str
    text: str
    themes: list = field(default_factory=list)
    agency_id: int | None = None
    sort: int = 0


@dataclass
class Recommendation(ReviewRecord):
    number: int
    text: str
    scope: str = "local"
    lead_agency: str = ""
    sector: str = ""
    rec_type: str = "process"
    themes: list = field(default_factory=list)
    source_ids: list = field(default_factory=list)  # LearningPoint ids it comes from
    clear: dict = field(default_factory=dict)  # CLEAR item -> bool
    status: str = "not_started"
    evidence: str = ""


@dataclass
class Action(Record):
    """One row of the Home Office action plan, under its recommendation."""

    recommendation_id: int
    text: str
    lead_agency: str = ""
    milestones: str = ""
    target_date: dt.date | None = None
    completed_on: dt.date | None = None
    outcome: str = ""
    status: str = "not_started"
    sort: int = 0


@dataclass
class QaRound(ReviewRecord):
    number: int
    submitted_on: dt.date | None = None
    draft_id: int | None = None
    panel_date: dt.date | None = None
    letter_date: dt.date | None = None
    outcome: str = ""
    letter_summary: str = ""


@dataclass
class QaArea(Record):
    """A numbered 'area for final development' and the change that answers it."""

    qa_round_id: int
    number: int
    text: str
    response: str = ""
    draft_id: int | None = None
    section_key: str = ""
    addressed_on: dt.date | None = None


# ------------------------------------------------------------------------- publication
DATE_POLICIES = ["month_year", "relative"]
DATE_POLICY_LABELS = {
    "month_year": "Month and year (\u201cMarch 2021\u201d)",
    "relative": "Relative to the death (\u201cthree weeks before the death\u201d)",
}


@dataclass
class AnonymisationSettings(ReviewPart):
    date_policy: str = "month_year"
    allow_list: list = field(default_factory=list)  # extra words the name warning may ignore
    require_signoff: bool = False  # a second person signs off the resolutions before a pack


@dataclass
class PublicationAcceptance(ReviewRecord):
    """A blocking finding the chair accepted, with the reason (audited)."""

    fingerprint: str
    category: str
    matched: str
    reason: str
    accepted_by: str = ""
    accepted_at: str = ""
    decision: str = "keep"  # keep (stays as written) | replace (is the identifier: replaced)
    place: str = ""
    context: str = ""


@dataclass
class PublicationSignoff(ReviewRecord):
    """A second person's sign-off of a review's resolved findings (not the chair).

    ``digest`` covers the set of resolutions signed: a later change asks again."""

    name: str
    signed_on: dt.date
    digest: str
    role: str = ""
    recorded_by: str = ""
    recorded_at: str = ""


# ---------------------------------------------------------------- learning and monitoring
@dataclass
class ThemeChange:
    """A store's own change to the shipped theme taxonomy: a new theme, a rename, a
    retirement. Retired themes keep their tags (history is never lost)."""

    theme_id: str
    name: str
    description: str = ""
    parent: str = ""
    retired: bool = False
    created_at: str = ""


@dataclass
class ActionUpdate(Record):
    """Progress reported by a lead agency on one action (GUI or an action update sheet)."""

    action_id: int
    date: dt.date
    text: str
    status: str
    evidence_attachment_id: int | None = None
    source: str = "gui"
    recorded_by: str = ""
    recorded_at: str = ""
