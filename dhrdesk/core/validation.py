"""Validation of records before they are saved: clear messages, nothing half-saved.

Each check raises ValidationError naming the field in words a chair uses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def today() -> dt.date:
    return dt.date.today()


def _required(value: str, what: str) -> None:
    if not str(value or "").strip():
        raise ValidationError(f"{what} is required.")


def _choice(value: str, allowed: list[str], what: str) -> None:
    if value not in allowed:
        raise ValidationError(f"{what} must be one of: {', '.join(allowed)} (not '{value}').")


def _not_future(value: dt.date | None, what: str, now: dt.date) -> None:
    if value is not None and value > now:
        raise ValidationError(f"{what} ({value:%d %B %Y}) cannot be in the future.")


def _is_date(value: Any, what: str, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, dt.date):
        raise ValidationError(f"{what} must be a date.")


def check_review(review: m.Review) -> None:
    _required(review.reference, "The review reference")
    if len(review.reference) > 60:
        raise ValidationError("The review reference is too long (60 characters at most).")
    if review.month_of_death and not _MONTH.match(review.month_of_death):
        raise ValidationError(
            f"The month of death must be a month and year such as 2026-03 (not "
            f"'{review.month_of_death}')."
        )
    if review.month_of_death and review.month_of_death > today().strftime("%Y-%m"):
        raise ValidationError("The month of death cannot be in the future.")
    if not isinstance(review.descriptors, dict):
        raise ValidationError("The case descriptors must be a set of named values.")


def check_record(obj: Any, now: dt.date | None = None) -> None:
    """Validate any child record of a review."""
    now = now or today()
    check = _CHECKS.get(type(obj))
    if check is not None:
        check(obj, now)


def _subject(s: m.Subject, now: dt.date) -> None:
    _choice(s.role, m.SUBJECT_ROLES, "The subject's role")
    _required(s.pseudonym, "The pseudonym")


def _register(e: m.RegisterEntry, now: dt.date) -> None:
    _choice(e.kind, m.REGISTER_KINDS, "The kind of identifier")
    _required(e.value, "The identifier itself")
    if not isinstance(e.variants, list) or not all(isinstance(v, str) for v in e.variants):
        raise ValidationError("Variants must be a list of texts.")
    if e.kind in ("date_of_birth", "date_of_death"):
        from dhrdesk.core.dates import parse_date

        born = parse_date(e.value)
        _not_future(born, "A date of birth", now)
    from dhrdesk.core.anonymise import replacement_problem

    problem = replacement_problem(e.kind, e.replacement)
    if problem:
        raise ValidationError(problem)


def _person(p: m.ReviewPerson, now: dt.date) -> None:
    _choice(p.role, m.PERSON_ROLES, "The role")
    _required(p.name, "The name")


def _parallel(p: m.ParallelProcess, now: dt.date) -> None:
    _choice(p.kind, m.PARALLEL_KINDS, "The kind of process")
    _choice(p.status, m.PARALLEL_STATUSES, "The status")


def _pause(p: m.Pause, now: dt.date) -> None:
    _choice(p.kind, m.PAUSE_KINDS, "The reason for the pause")
    _is_date(p.start, "The start of the pause", optional=False)
    _is_date(p.end, "The end of the pause")
    _not_future(p.start, "The start of a pause", now)
    if p.end is not None and p.end < p.start:
        raise ValidationError("A pause cannot end before it starts.")
    _required(p.reason, "The reason for the pause (it explains the timeline)")


def _panel(p: m.PanelMember, now: dt.date) -> None:
    _required(p.name, "The panel member's name")
    _not_future(p.declaration_date, "The date of the declaration", now)


def _meeting(mt: m.Meeting, now: dt.date) -> None:
    _is_date(mt.date, "The meeting date", optional=False)


def _action(a: m.MeetingAction, now: dt.date) -> None:
    _required(a.text, "The action")
    _not_future(a.done_on, "The date the action was done", now)


def _agency(a: m.Agency, now: dt.date) -> None:
    _required(a.name, "The agency name")
    if not a.in_scope and not a.exclusion_reason.strip():
        raise ValidationError(
            f"Give the reason why {a.name} is excluded: the Home Office panel checks every exclusion."
        )


def _line(line: m.LineOfEnquiry, now: dt.date) -> None:
    _required(line.text, "The line of enquiry")


def _family(f: m.FamilyMember, now: dt.date) -> None:
    _required(f.name, "The name")
    _not_future(f.draft_shared_on, "The date the draft was shared", now)


def _contact(c: m.FamilyContact, now: dt.date) -> None:
    _is_date(c.date, "The date of the contact", optional=False)
    _not_future(c.date, "A contact with the family", now)


def _cost(c: m.Cost, now: dt.date) -> None:
    _choice(c.category, m.COST_CATEGORIES, "The cost category")
    if not isinstance(c.amount_pence, int) or c.amount_pence < 0:
        raise ValidationError("The amount must be zero or more.")
    if c.days is not None and c.days < 0:
        raise ValidationError("Days cannot be negative.")


def _learning(p: m.LearningPoint, now: dt.date) -> None:
    _choice(p.kind, m.LEARNING_KINDS, "The kind of learning point")
    _required(p.text, "The text")
    _themes(p.themes)


def _themes(themes: Any) -> None:
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise ValidationError("Themes must be a list of theme identifiers.")


def _recommendation(r: m.Recommendation, now: dt.date) -> None:
    _required(r.text, "The recommendation")
    if not isinstance(r.number, int) or r.number < 1:
        raise ValidationError("A recommendation needs a number of 1 or more.")
    _choice(r.scope, m.RECOMMENDATION_SCOPES, "The scope")
    _choice(r.rec_type, m.RECOMMENDATION_TYPES, "The type of recommendation")
    _choice(r.status, m.STATUSES, "The status")
    _themes(r.themes)
    known = dict(m.CLEAR_ITEMS)
    if not isinstance(r.clear, dict) or any(k not in known for k in r.clear):
        raise ValidationError("The CLEAR checklist has an unknown item.")


def _plan_action(a: m.Action, now: dt.date) -> None:
    _required(a.text, "The action")
    _choice(a.status, m.STATUSES, "The status")
    _not_future(a.completed_on, "The completion date", now)
    if a.status == "completed" and a.completed_on is None:
        raise ValidationError("Give the date of completion for a completed action.")


def _distribution(d: m.Distribution, now: dt.date) -> None:
    _choice(d.recipient_kind, m.DISTRIBUTION_KINDS, "The recipient")
    _is_date(d.sent_on, "The date sent", optional=False)
    _not_future(d.sent_on, "The date a draft was sent", now)


def _comment(c: m.SectionComment, now: dt.date) -> None:
    _required(c.author, "Who made the comment")
    _required(c.text, "The comment")


def _qa_round(q: m.QaRound, now: dt.date) -> None:
    _choice(q.outcome, m.QA_OUTCOMES, "The outcome")
    for value, what in (
        (q.submitted_on, "The submission date"),
        (q.letter_date, "The letter date"),
    ):
        _not_future(value, what, now)
    if q.submitted_on and q.letter_date and q.letter_date < q.submitted_on:
        raise ValidationError("The feedback letter cannot be dated before the submission.")


def _qa_area(a: m.QaArea, now: dt.date) -> None:
    _required(a.text, "The area for final development")
    _not_future(a.addressed_on, "The date it was addressed", now)


def _action_update(u: m.ActionUpdate, now: dt.date) -> None:
    _is_date(u.date, "The date of the update", optional=False)
    _not_future(u.date, "An update", now)
    _required(u.text, "The update")
    _choice(u.status, m.STATUSES, "The status")
    _choice(u.source, ["gui", "sheet"], "Where the update came from")


_CHECKS: dict[type, Callable[[Any, dt.date], None]] = {
    m.Subject: _subject,
    m.RegisterEntry: _register,
    m.ReviewPerson: _person,
    m.ParallelProcess: _parallel,
    m.Pause: _pause,
    m.PanelMember: _panel,
    m.Meeting: _meeting,
    m.MeetingAction: _action,
    m.Agency: _agency,
    m.LineOfEnquiry: _line,
    m.FamilyMember: _family,
    m.FamilyContact: _contact,
    m.Cost: _cost,
    m.LearningPoint: _learning,
    m.Recommendation: _recommendation,
    m.Action: _plan_action,
    m.Distribution: _distribution,
    m.SectionComment: _comment,
    m.QaRound: _qa_round,
    m.QaArea: _qa_area,
    m.ActionUpdate: _action_update,
}
