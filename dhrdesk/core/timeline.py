"""The timeline of one review as data and geometry: everything but the painting.

Why here: what the picture shows (milestones, pauses, meetings, due-date flags,
the time since the decision) and where each thing goes (lanes, month ticks,
staggered labels, pause bands) are rules a chair relies on, so they are computed
without Qt and tested on their own. ``dhrdesk.ui.timeline_paint`` only draws
what :func:`lay_out` returns, into a widget, a PNG or a PDF page.

Text widths depend on the painter's font, so the geometry asks for them through
a ``measure(text) -> width`` callable (``QFontMetricsF.horizontalAdvance`` when
painting, a fixed width per character in tests).

Only pseudonymised facts are used: the reference, the title, the review type,
stage names, pause kinds, meeting titles and due dates — never a real name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from dhrdesk.core import model as m
from dhrdesk.core.dates import MONTH_NAMES, format_date, short_date, short_month_year
from dhrdesk.core.lifecycle import DueItem, due_items, stage_date, time_split
from dhrdesk.core.profiles import Profile

Measure = Callable[[str], float]

MARGIN = 28.0  # around the whole picture, logical pixels
GUTTER = 118.0  # left column holding the lane names
LABEL_GAP = 10.0  # smallest gap between two labels on one level
LEGEND_H = 30.0
BAR_H = 60.0  # the "since decision" bar and its caption
BAR_THICKNESS = 26.0


@dataclass
class Flag:
    """A due date on the timeline; ``state`` is "overdue", "done", "due" or "original"."""

    day: dt.date
    label: str
    state: str


@dataclass
class TimelineData:
    """Everything the picture shows, already pseudonymised."""

    reference: str
    title: str
    review_type: str
    profile_name: str
    today: dt.date
    start: dt.date
    end: dt.date
    milestones: list[tuple[dt.date, str]] = field(default_factory=list)
    pauses: list[tuple[dt.date, dt.date, str, bool]] = field(default_factory=list)  # open?
    meetings: list[tuple[dt.date, str]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    decision: dt.date | None = None
    active_days: int = 0
    paused_days: int = 0
    bar_end: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not (self.milestones or self.pauses or self.meetings or self.flags)


# ------------------------------------------------------------------------ the data
def clock_flags(items: Iterable[DueItem]) -> list[Flag]:
    """One flag per clock; a clock moved by pauses shows its original and adjusted dates."""
    flags: list[Flag] = []
    for item in items:
        state = "overdue" if item.overdue else "done" if item.done else "due"
        if item.adjusted_due != item.due:
            flags.append(Flag(item.due, f"{item.label} (original)", "original"))
            flags.append(Flag(item.adjusted_due, f"{item.label} (adjusted)", state))
        else:
            flags.append(Flag(item.due, item.label, state))
    return flags


def pause_spans(
    pauses: Iterable[m.Pause], end: dt.date
) -> list[tuple[dt.date, dt.date, str, bool]]:
    """(start, end clipped to the timeline's end, kind label, still open?) per pause."""
    return [
        (
            p.start,
            min(p.end, end) if p.end is not None else end,
            m.PAUSE_KIND_LABELS.get(p.kind, p.kind),
            p.end is None or p.end > end,
        )
        for p in pauses
        if p.start <= end
    ]


def build_timeline(
    review: m.Review,
    profile: Profile,
    stages: Sequence[m.StageDates],
    pauses: Sequence[m.Pause],
    meetings: Sequence[m.Meeting],
    now: dt.date,
) -> TimelineData:
    """What the timeline shows for one review (pseudonymised: no register data).

    The axis runs from the notification (or the earliest date shown) to the later
    of today/publication and the last due date, padded by a fortieth of the span
    (at least a week) each side. The bar ends at publication, or today.
    """
    by_id = {s.stage_id: s for s in stages}
    milestones: list[tuple[dt.date, str]] = []
    for stage in profile.stages:
        completed = by_id[stage.id].completed if stage.id in by_id else None
        if completed is not None:
            milestones.append((completed, stage.name))
    end = stage_date(stages, "publication") or now
    spans = pause_spans(pauses, end)
    flags = clock_flags(due_items(profile, stages, pauses, now))
    dates = [d for d, _ in milestones] + [p[0] for p in spans] + [mt.date for mt in meetings]
    dates += [f.day for f in flags]
    dates += [s.started for s in stages if s.started is not None]
    notification = stage_date(stages, "notification")
    start = notification or (min(dates) if dates else now - dt.timedelta(days=90))
    start = min([start, *dates]) if dates else start
    last = max([end, *[f.day for f in flags]])
    pad = dt.timedelta(days=max(7, max(30, (last - start).days) // 40))
    decision = stage_date(stages, "decision")
    active, paused = time_split(decision, pauses, end) if decision is not None else (0, 0)
    return TimelineData(
        reference=review.reference,
        title=review.title,
        review_type=profile.review_type,
        profile_name=profile.name,
        today=now,
        start=start - pad,
        end=last + pad,
        milestones=milestones,
        pauses=spans,
        meetings=[(mt.date, mt.title) for mt in meetings],
        flags=flags,
        decision=decision,
        active_days=active,
        paused_days=paused,
        bar_end=end,
    )


# ------------------------------------------------------------------ words on it
def heading(data: TimelineData) -> str:
    return f"{data.reference} · {data.review_type}"


def subtitle(data: TimelineData) -> str:
    text = f"{data.title} · " if data.title else ""
    return text + f"Timeline as at {format_date(data.today)} · guidance profile {data.profile_name}"


def milestone_text(day: dt.date, name: str) -> str:
    return f"{name} · {short_date(day)}"


def flag_text(flag: Flag) -> str:
    return f"{flag.label} · {short_date(flag.day)}"


def meetings_count(count: int) -> str:
    return f"{count} meeting{'s' if count != 1 else ''}"


def since_decision_text(data: TimelineData) -> str:
    total = data.active_days + data.paused_days
    return f"{total} days since the decision: {data.active_days} active · {data.paused_days} paused"


def pause_text(start: dt.date, end: dt.date, label: str, is_open: bool, data_end: dt.date) -> str:
    days = (min(end, data_end) - start).days + 1
    return f"Paused: {label} ({days} days{', ongoing' if is_open else ''})"


# ---------------------------------------------------------------- month ticks
def month_ticks(start: dt.date, end: dt.date) -> tuple[list[dt.date], int]:
    """First-of-month ticks and the labelling step (1, 3, 6 or 12 months)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 15 else 3 if months <= 40 else 6 if months <= 80 else 12
    ticks = []
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        ticks.append(dt.date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks, step


def tick_text(tick: dt.date, step: int, first: bool) -> str:
    """'Apr'; 'Jan 2026' at a new year or the first label; '2026' for yearly steps.

    Month names come from core.dates, never from the locale."""
    if tick.month == 1 or step == 12 or first:
        return short_month_year(tick) if step < 12 else str(tick.year)
    return MONTH_NAMES[tick.month - 1][:3]


@dataclass(frozen=True)
class Tick:
    x: float
    labelled: bool  # a longer tick and a grid line
    text: str  # "" when unlabelled or when the label would touch the previous one


def axis_ticks(
    start: dt.date, end: dt.date, x_of: Callable[[dt.date], float], measure: Measure
) -> list[Tick]:
    """Month ticks inside [start, end], with labels that never overlap (6 px apart)."""
    ticks, step = month_ticks(start, end)
    placed: list[Tick] = []
    last_right = -1e9
    for tick in ticks:
        if tick < start:
            continue
        x = x_of(tick)
        labelled = (tick.month - 1) % step == 0
        text = ""
        if labelled:
            candidate = tick_text(tick, step, first=last_right < 0)
            width = measure(candidate)
            if x - width / 2 > last_right + 6:
                text = candidate
                last_right = x + width / 2
        placed.append(Tick(x, labelled, text))
    return placed


# ---------------------------------------------------------------- staggering
def stagger(items: list[tuple[float, float]], gap: float, right: float) -> list[tuple[int, float]]:
    """Give each (x, width) label a level and a left edge so no two labels overlap.

    Labels start at their marker and run right; near the right edge they run left.
    Returns (level, left) per item, in the same order.
    """
    ends: list[float] = []  # right edge of the last label on each level
    placed: list[tuple[int, float]] = []
    for x, width in items:
        left = x - 4 if x + width <= right else x - width + 4
        for level, last in enumerate(ends):
            if left >= last + gap:
                ends[level] = left + width
                placed.append((level, left))
                break
        else:
            ends.append(left + width)
            placed.append((len(ends) - 1, left))
    return placed


@dataclass(frozen=True)
class Label:
    """A staggered label: its marker's day and x, the text, its level and left edge."""

    day: dt.date
    x: float
    text: str
    level: int
    left: float
    state: str = ""  # a flag's state


def _labels(
    rows: list[tuple[dt.date, str, str]],
    x_of: Callable[[dt.date], float],
    measure: Measure,
    x1: float,
) -> list[Label]:
    placed = stagger([(x_of(day), measure(text) + 8) for day, text, _ in rows], LABEL_GAP, x1)
    return [
        Label(day, x_of(day), text, level, left, state)
        for (day, text, state), (level, left) in zip(rows, placed, strict=True)
    ]


def _levels(labels: list[Label]) -> int:
    return max((label.level for label in labels), default=-1) + 1


# ---------------------------------------------------------------- pause bands
@dataclass(frozen=True)
class PauseBand:
    left: float
    right: float
    is_open: bool
    text: str
    text_left: float
    text_width: float


def pause_band(
    span: tuple[dt.date, dt.date, str, bool],
    data: TimelineData,
    x_of: Callable[[dt.date], float],
    x1: float,
    measure: Measure,
) -> PauseBand:
    """Where a pause is shaded, and its caption (the kind alone when the band is narrow)."""
    start, end, label, is_open = span
    left, right = x_of(max(start, data.start)), x_of(min(end, data.end))
    right = max(right, left + 2)
    text = pause_text(start, end, label, is_open, data.end)
    text_w = measure(text) + 8
    if text_w > right - left - 4:
        text = label
        text_w = measure(text) + 8
    text_left = left + 4 if left + text_w < x1 else right - text_w
    return PauseBand(left, right, is_open, text, text_left, text_w)


def bar_pauses(data: TimelineData) -> list[tuple[dt.date, dt.date]]:
    """The paused stretches of the "since decision" bar (days after the decision)."""
    if data.decision is None or data.bar_end is None:
        return []
    found = []
    for start, end, _label, _open in data.pauses:
        s = max(start, data.decision + dt.timedelta(days=1))
        e = min(end, data.bar_end)
        if e >= s:
            found.append((s, e))
    return found


# ---------------------------------------------------------------------- lanes
@dataclass
class TimelineLayout:
    """Where everything goes in a (width x height) picture, in logical pixels."""

    data: TimelineData
    width: float
    height: float
    top: float  # below the title block
    line_h: float
    x0: float
    x1: float
    milestones: list[Label]
    flags: list[Label]
    mile_h: float
    tick_h: float
    meet_h: float
    flag_h: float

    def x_of(self, day: dt.date) -> float:
        span_days = max(1, (self.data.end - self.data.start).days)
        return self.x0 + (self.x1 - self.x0) * ((day - self.data.start).days / span_days)

    @property
    def axis_y(self) -> float:
        return self.top + self.mile_h

    @property
    def meet_y(self) -> float:
        return self.axis_y + self.tick_h + self.meet_h / 2

    @property
    def flag_top(self) -> float:
        return self.axis_y + self.tick_h + self.meet_h

    @property
    def chart_bottom(self) -> float:
        return self.flag_top + self.flag_h

    @property
    def bar_top(self) -> float:
        return self.chart_bottom + 8

    @property
    def legend_y(self) -> float:
        return self.height - MARGIN - LEGEND_H + 8

    def milestone_y(self, level: int) -> float:
        """Top of a milestone label on ``level`` (level 0 nearest the axis)."""
        return self.axis_y - 14 - (level + 1) * self.line_h

    def flag_y(self, level: int) -> float:
        return self.flag_top + 16 + level * self.line_h

    def lane_names(self) -> list[tuple[str, float]]:
        """The lane names in the gutter and the y of their middle."""
        return [
            ("Stages", self.axis_y - self.mile_h / 2),
            ("Meetings", self.meet_y),
            ("Due dates", self.flag_top + min(self.flag_h, self.line_h * 2) / 2 + 6),
        ]

    def meetings(self) -> list[tuple[float, str]]:
        return [(self.x_of(day), title) for day, title in sorted(self.data.meetings)]


def lay_out(
    data: TimelineData, width: float, height: float, top: float, line_h: float, measure: Measure
) -> TimelineLayout:
    """Stagger the labels, then share the height between the lanes.

    Each lane gets the room its label levels need; the room left over goes 30 % to
    the stages, 30 % to the due dates and 40 % to the meetings lane.
    """
    x0, x1 = MARGIN + GUTTER, width - MARGIN - 8
    layout = TimelineLayout(data, width, height, top, line_h, x0, x1, [], [], 0, 0, 0, 0)
    milestones = [(day, milestone_text(day, name), "") for day, name in sorted(data.milestones)]
    flags = [(f.day, flag_text(f), f.state) for f in sorted(data.flags, key=lambda f: f.day)]
    layout.milestones = _labels(milestones, layout.x_of, measure, x1)
    layout.flags = _labels(flags, layout.x_of, measure, x1)
    bar_h = BAR_H if data.decision is not None else 0.0
    meet_h = 34.0
    tick_h = line_h * 2 + 6
    mile_h = max(1, _levels(layout.milestones)) * line_h + 16
    flag_h = max(1, _levels(layout.flags)) * line_h + 22
    available = height - top - MARGIN - LEGEND_H - bar_h
    extra = max(0.0, available - (mile_h + tick_h + meet_h + flag_h))
    layout.mile_h = mile_h + extra * 0.3
    layout.flag_h = flag_h + extra * 0.3
    layout.meet_h = meet_h + extra * 0.4
    layout.tick_h = tick_h
    return layout
