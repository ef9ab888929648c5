"""The quarterly action-plan monitoring report for the CSP board (PDF or DOCX).

Why: the CSP monitors every review's action plan, usually quarterly, and the board
wants the same answers each time: how far each review and each agency has got, what
is overdue, what was closed this quarter, and which themes the open work is about.
It is built on the one document model, so the PDF and DOCX backends say the same.

It is a restricted board paper: review references are shown as stored and the
marking (OFFICIAL-SENSITIVE by default) is printed on every page. The RAG rule and
the quarter arithmetic are dhrdesk.core.monitoring's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import UsageError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.model import STATUSES
from dhrdesk.core.monitoring import (
    RAG_LABELS,
    RAG_ORDER,
    MonitoredAction,
    Progress,
    Quarter,
    closed_in,
    open_theme_counts,
    overdue_actions,
    progress_by_agency,
    progress_by_review,
    rag_summary,
    status_label,
)
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Paragraph,
    Section,
    Table,
    plural,
)

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

KIND = "monitoring-report"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
TITLE = "Action Plan Monitoring – Quarterly Report to the Community Safety Partnership"


class BoardDocument(Document):
    """A document about many reviews: its cover names the quarter, not one review."""

    board_details: tuple[tuple[str, str], ...] = ()

    @property
    def kind_label(self) -> str:
        return "Action plan monitoring report"

    @property
    def running_title(self) -> str:
        return f"Action plan monitoring · {self.reference}"

    def cover_details(self) -> list[tuple[str, str]]:
        return list(self.board_details)


#: RAG cells are coloured and keep their word: colour is never the only signal.
RAG_FILLS = {"Red": "F4C7C3", "Amber": "FCE8B2", "Green": "D9EAD3"}


def _progress_table(rows: list[Progress], first: str) -> Table:
    short = {"completed": "Done", "closed_not_achieved": "Not achieved"}
    header = [
        first,
        "Total",
        *(short.get(s, status_label(s)) for s in STATUSES),
        "Overdue",
        "% done",
    ]
    body = [
        [
            p.name,
            str(p.total),
            *(str(p.counts.get(s, 0)) for s in STATUSES),
            str(p.overdue),
            f"{p.percent_complete}%",
        ]
        for p in rows
    ]
    return Table(
        header,
        body,
        [2.6, 1.0, 1.3, 1.6, 1.0, 1.4, 1.3, 1.1],
        compact=True,
        align=["left"] + ["right"] * (len(header) - 1),
    )


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _latest(action: MonitoredAction) -> str:
    update = action.latest_update
    if update is None:
        return "No update recorded"
    return f"{format_date(update.date)}: {_short(update.text, 120)}"


def _summary(
    actions: list[MonitoredAction], quarter: Quarter, today: dt.date, agencies: list
) -> Section:
    reviews = {a.reference for a in actions}
    overdue = overdue_actions(actions, today)
    closed = closed_in(actions, quarter)
    rag = rag_summary(actions, today)
    open_count = sum(1 for a in actions if a.is_open)
    completed = sum(1 for a in actions if a.status == "completed")
    summary = Section(1, "Summary", key="summary")
    summary.blocks += [
        Paragraph(
            f"This report gives the progress of the action plans of "
            f"{plural(len(reviews), 'review')} for {quarter.label}, as at {format_date(today)}. "
            f"It covers {plural(len(actions), 'action')} led by "
            f"{plural(len(agencies), 'agency', 'agencies')}: {open_count} open, {completed} "
            f"completed, {len(overdue)} overdue; {plural(len(closed), 'action')} "
            f"{'was' if len(closed) == 1 else 'were'} closed during the quarter."
        ),
        Paragraph(
            "RAG by due date: an open action past its target date is Red; one due within "
            "30 days, or without a target date, is Amber; other open actions are Green. "
            "Completed and closed actions carry no RAG."
        ),
        Table(
            ["RAG", "Actions"],
            [[RAG_LABELS[code], str(rag[code])] for code in RAG_ORDER],
            [3, 1.5],
            compact=True,
            align=["left", "right"],
            fills={0: RAG_FILLS},
        ),
    ]
    return summary


_OVERDUE_HEADER = [
    "Review",
    "Rec.",
    "Action",
    "Lead agency",
    "Target date",
    "Days late",
    "RAG",
    "Status",
    "Latest update",
]


def _overdue(actions: list[MonitoredAction], today: dt.date) -> Section:
    overdue = overdue_actions(actions, today)
    section = Section(4, "Overdue actions", key="overdue", landscape=True)
    if not overdue:
        section.blocks.append(Paragraph("No action is overdue."))
        return section
    section.blocks.append(
        Paragraph(
            f"{plural(len(overdue), 'open action')} "
            f"{'was' if len(overdue) == 1 else 'were'} past "
            f"{'its' if len(overdue) == 1 else 'their'} target date on {format_date(today)}, "
            "so each is Red."
        )
    )
    section.blocks.append(
        Table(
            list(_OVERDUE_HEADER),
            [
                [
                    a.reference,
                    str(a.recommendation_number),
                    _short(a.text),
                    a.lead_agency,
                    format_date(a.target_date),
                    str(a.days_overdue(today)),
                    a.rag(today).label,
                    status_label(a.status),
                    _latest(a),
                ]
                for a in overdue
            ],
            [2.2, 0.8, 4.6, 2.4, 2.0, 1.3, 1.1, 1.6, 4.6],
            compact=True,
            align=["left", "right", "left", "left", "left", "right", "left", "left", "left"],
            fills={6: RAG_FILLS},
        )
    )
    return section


def _closed(actions: list[MonitoredAction], quarter: Quarter) -> Section:
    closed = closed_in(actions, quarter)
    section = Section(5, "Actions closed this quarter", key="closed")
    if not closed:
        section.blocks.append(Paragraph(f"No action was closed in {quarter.code}."))
        return section
    section.blocks.append(
        Table(
            ["Review", "Rec.", "Action", "Lead agency", "Closed on", "Outcome"],
            [
                [
                    a.reference,
                    str(a.recommendation_number),
                    _short(a.text),
                    a.lead_agency,
                    format_date(a.closed_on),
                    status_label(a.status),
                ]
                for a in closed
            ],
            [2.2, 1.0, 5.0, 2.8, 2.2, 2.2],
            compact=True,
        )
    )
    return section


def _themes(actions: list[MonitoredAction], theme_names: dict[str, str]) -> Section:
    section = Section(6, "Themes of open actions", key="themes")
    counts = open_theme_counts(actions)
    if counts:
        section.blocks.append(
            Table(
                ["Theme", "Open actions"],
                [[theme_names.get(theme, theme), str(n)] for theme, n in counts],
                [6, 1.5],
                compact=True,
                align=["left", "right"],
            )
        )
    else:
        section.blocks.append(Paragraph("No open action carries a theme."))
    untagged = sum(1 for a in actions if a.is_open and not a.themes)
    if untagged:
        section.blocks.append(
            BulletList(
                [
                    f"{plural(untagged, 'open action')} "
                    f"{'belongs' if untagged == 1 else 'belong'} to recommendations with no theme."
                ]
            )
        )
    return section


def build_monitoring_report(
    store: Store,
    quarter: Quarter,
    *,
    today: dt.date | None = None,
    marking: str | None = DEFAULT_MARKING,
) -> BoardDocument:
    """The report for ``quarter`` as at ``today`` (default: the last day of the quarter,
    or the real today if the quarter has not ended)."""
    real_today = dt.date.today()
    today = today or min(quarter.end, real_today)
    actions = store.repos.monitoring.actions()
    theme_names = {t.id: t.name for t in store.repos.learning.themes()}
    reviews = sorted({a.reference for a in actions}, key=str.casefold)
    agencies = progress_by_agency(actions, today)
    by_review = Section(2, "Progress by review", key="by-review")
    by_review.blocks.append(
        _progress_table(progress_by_review(actions, today), "Review")
        if actions
        else Paragraph("No review has an action plan yet.")
    )
    by_agency = Section(3, "Progress by lead agency", key="by-agency")
    by_agency.blocks.append(
        _progress_table(agencies, "Lead agency")
        if actions
        else Paragraph("No actions are recorded.")
    )
    document = BoardDocument(
        title=TITLE,
        kind=KIND,
        review_type="Action plan monitoring",
        reference=quarter.code,
        subject_pseudonym="",
        csp="",
        month_year_of_death="",
        chair="",
        version="1.0",
        date=today,
        marking=marking,
        metadata={
            "title": f"Action plan monitoring report {quarter.code}",
            "author": "DHR Desk",
            "subject": "Quarterly action plan monitoring report",
            "keywords": "DHR, action plan, monitoring",
        },
        contents=False,
        sections=[
            _summary(actions, quarter, today, agencies),
            by_review,
            by_agency,
            _overdue(actions, today),
            _closed(actions, quarter),
            _themes(actions, theme_names),
        ],
        cover_note=(
            f"{marking}: a restricted board paper. It names reviews by their reference; "
            "do not publish it."
            if marking
            else None
        ),
    )
    csps = sorted({r.csp for r in store.repos.monitoring.reviews() if r.csp}, key=str.casefold)
    document.board_details = (
        ("Quarter", quarter.label),
        ("Position as at", format_date(today)),
        ("Community Safety Partnership", ", ".join(csps) or "Not recorded"),
        ("Reviews with action plans", str(len(reviews))),
        ("Date", format_date(real_today)),
    )
    return document


def render(document: Document, fmt: str) -> bytes:
    """PDF or DOCX."""
    if fmt == "pdf":
        from dhrdesk.documents.pdf import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from dhrdesk.documents import docx as docx_backend

        return docx_backend.render_docx(document)
    raise UsageError(f"'{fmt}' is not a report format: use pdf or docx.")


def format_for(path: Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("pdf", "docx"):
        raise UsageError(f"Name the report .pdf or .docx, not '{Path(path).name}'.")
    return suffix


def write_monitoring_report(
    store: Store,
    quarter: Quarter,
    out: Path,
    *,
    today: dt.date | None = None,
    marking: str | None = DEFAULT_MARKING,
) -> Path:
    """Build, render (by the suffix of ``out``) and write atomically."""
    fmt = format_for(out)
    document = build_monitoring_report(store, quarter, today=today, marking=marking)
    return write_atomic(Path(out), render(document, fmt), "document")
