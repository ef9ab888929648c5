"""The Overview tab without Qt: the review record, its lifecycle, its clocks, in words.

The view lays out the record form, the descriptors, the lifecycle grid and the
clocks; this presenter reads the review, its stage dates and pauses, turns them
into the lines the view shows, merges the form into the review record, and makes
the writes (record, stage dates, completing a stage). The store checks stage
dates (no decision before notification, nothing in the future) and raises a
ValidationError with a clear message, so nothing is written when one is wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.lifecycle import current_stage, due_items, stage_date, time_split
from dhrdesk.core.profiles import Profile, Stage, get_profile
from dhrdesk.ui.presenters.review import ReviewPresenter

#: Review record, stage dates, pauses (the clocks stop for them).
OVERVIEW_TABLES = ("review", "stage_record", "pause")

DEFAULT_PROFILE = "dhr-2016"
NO_CLOCK_TEXT = "No clock is running yet: clocks start when the notification date is recorded."
NO_DECISION_TEXT = "Time since the decision: no decision recorded yet."

# Stages that are a single event (a date, not a span of work): the grid shows one date.
ONE_OFF_STAGES = frozenset(
    {
        "notification",
        "decision",
        "home_office_notified",
        "chair_appointed",
        "panel_established",
        "terms_of_reference",
        "learning_event",
        "panel_agreement",
        "csp_signoff",
        "submitted_home_office",
        "publication",
    }
)


def is_one_off(stage_id: str, started: dt.date | None) -> bool:
    """A one-off event shows one date; a start date already recorded is still shown."""
    return stage_id in ONE_OFF_STAGES and started is None


# ------------------------------------------------------------------------ the record
@dataclass
class RecordForm:
    """What the record form and the descriptors hold, as typed (text already stripped)."""

    reference: str
    title: str
    profile: str
    csp: str
    police_force_area: str
    csp_signatory: str
    month_of_death: str
    single: dict[str, str] = field(default_factory=dict)  # key -> option id ("" for none)
    multi: dict[str, list[str]] = field(default_factory=dict)  # list id -> option ids


def apply_form(review: m.Review, form: RecordForm) -> m.Review:
    """The review with the form's values; descriptors left empty are removed."""
    descriptors = dict(review.descriptors or {})
    for key, value in form.single.items():
        if value:
            descriptors[key] = value
        else:
            descriptors.pop(key, None)
    for list_id, chosen in form.multi.items():
        if chosen:
            descriptors[list_id] = list(chosen)
        else:
            descriptors.pop(list_id, None)
    return dataclasses.replace(
        review,
        reference=form.reference.strip(),
        title=form.title.strip(),
        profile=form.profile,
        csp=form.csp.strip(),
        police_force_area=form.police_force_area.strip(),
        csp_signatory=form.csp_signatory.strip(),
        month_of_death=form.month_of_death,
        descriptors=descriptors,
    )


@dataclass(frozen=True)
class ProfileWords:
    """The words on the record form that come from the guidance profile."""

    review_type: str
    review_type_tooltip: str
    csp_label: str
    save_text: str


def profile_words(profile: Profile) -> ProfileWords:
    return ProfileWords(
        review_type=f"{profile.review_type} ({profile.review_type_short})",
        review_type_tooltip=profile.description,
        csp_label=profile.term("csp", "Community Safety Partnership"),
        save_text=f"Save {profile.review_type_short} record",
    )


def chosen_profile(profile_id: str) -> tuple[Profile, DhrDeskError | None]:
    """The profile, or the default one and the reason when it is not installed."""
    try:
        return get_profile(profile_id), None
    except DhrDeskError as exc:
        return get_profile(DEFAULT_PROFILE), exc


def switch_note(profile: Profile) -> str:
    return (
        f"Showing the stages of {profile.name}. Save the record to switch the "
        "review to this profile; stage dates with the same stage are kept."
    )


# ------------------------------------------------------------------- the lifecycle
@dataclass(frozen=True)
class StageStatus:
    """The mark before a stage's name: "done" (✓), "current" (▶) or "" (none)."""

    state: str
    symbol: str = ""
    tooltip: str = ""


def stage_status(stage: Stage, record: m.StageDates | None, current: Stage | None) -> StageStatus:
    if record is not None and record.completed is not None:
        return StageStatus("done", "✓", f"Completed {format_date(record.completed)}")
    if current is not None and stage.id == current.id:
        return StageStatus("current", "▶", "Current stage")
    return StageStatus("")


def complete_button_text(current: Stage | None) -> str:
    return "All stages complete" if current is None else f"Complete “{current.name}”…"


# ----------------------------------------------------------------------- the clocks
@dataclass(frozen=True)
class ClockLine:
    stage_id: str
    text: str
    tooltip: str
    overdue: bool
    done: bool


def clock_lines(
    profile: Profile,
    stages: Sequence[m.StageDates],
    pauses: Sequence[m.Pause],
    today: dt.date,
) -> list[ClockLine]:
    """One line per running clock: '⚠ …' overdue, '✓ …' done, '• …' due."""
    return [
        ClockLine(
            stage_id=item.stage_id,
            text=("⚠ " if item.overdue else "✓ " if item.done else "• ") + item.describe(),
            tooltip=f"{item.kind.capitalize()}. {item.note}".strip(),
            overdue=item.overdue,
            done=item.done,
        )
        for item in due_items(profile, stages, pauses, today)
    ]


def time_split_html(
    stages: Sequence[m.StageDates], pauses: Sequence[m.Pause], today: dt.date, paused_colour: str
) -> str:
    """'680 days since the decision (…): 278 active, 402 paused.' and any pause running now."""
    decision = stage_date(stages, "decision")
    if decision is None:
        return NO_DECISION_TEXT
    active, paused = time_split(decision, pauses, today)
    text = (
        f"<b>{active + paused} days</b> since the decision ({format_date(decision)}): "
        f"<b>{active}</b> active, <b style='color:{paused_colour}'>{paused}</b> paused."
    )
    for pause in pauses:
        if pause.start <= today and (pause.end is None or pause.end >= today):
            kind = m.PAUSE_KIND_LABELS.get(pause.kind, pause.kind)
            text += (
                f"<br><span style='color:{paused_colour}'>Paused now: {kind} since "
                f"{format_date(pause.start)}.</span>"
            )
    return text


# ----------------------------------------------------------------------- the presenter
@dataclass
class OverviewData:
    review: m.Review
    stages: list[m.StageDates]
    pauses: list[m.Pause]


StageDateChange = tuple[str, dt.date | None, dt.date | None]  # stage id, started, completed


class OverviewPresenter(ReviewPresenter):
    """Reads and writes of one review's Overview tab."""

    def load(self) -> OverviewData:
        repos = self.store.repos
        return OverviewData(
            review=repos.reviews.by_id(self.review_id),
            stages=repos.lifecycle.stages(self.review_id),
            pauses=repos.records.list(m.Pause, self.review_id),
        )

    def stages(self) -> list[m.StageDates]:
        return self.store.repos.lifecycle.stages(self.review_id)

    @staticmethod
    def current(profile: Profile, stages: Sequence[m.StageDates]) -> Stage | None:
        return current_stage(profile, stages)

    def save_record(self, review: m.Review, form: RecordForm) -> m.Review:
        """Write the record as edited; the saved record is returned."""
        updated = apply_form(review, form)
        self.store.repos.reviews.update(updated)
        return updated

    def save_stage_dates(self, changes: Sequence[StageDateChange]) -> None:
        """Write stage dates in profile order (earlier stages first, as the store checks)."""
        lifecycle = self.store.repos.lifecycle
        for stage_id, started, completed in changes:
            lifecycle.set_stage_dates(self.review_id, stage_id, started, completed)

    def complete_stage(self, stage: Stage, on: dt.date) -> None:
        self.store.repos.lifecycle.complete_stage(self.review_id, stage.id, on)

    @staticmethod
    def completed_message(stage: Stage, on: dt.date) -> str:
        return f"{stage.name} completed on {format_date(on)}."
